"""Opening the desk's SQLite file: pragmas, sessions and migrations at start-up.

WAL lets the case list read while a save writes; `synchronous=FULL` makes each commit durable
(in WAL mode NORMAL may lose the last commits on power loss, and a reception must never be lost);
foreign keys are on. Write transactions start with BEGIN IMMEDIATE so that two writers (the
window and a command-line import, say) wait for each other instead of failing half-way.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, create_engine, event, text

from desk_app.paths import DESK_FILENAME
from desk_app.storage import coltypes, textindex
from desk_app.storage.errors import translate_db_errors

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlalchemy.orm import Session, sessionmaker

    # What a read is given: an ORM session, or a Core connection (`Database.connected`). The reads
    # that select tables' columns only take either (`core()`), so that a command that only reads
    # with them never imports the ORM (docs/benchmarks.md, issue 16).
    Reader: TypeAlias = Session | Connection

DB_FILENAME = DESK_FILENAME  # desk_app.paths: the window peeks at it without SQLAlchemy
BUSY_TIMEOUT_MS = 5000
# The write-ahead log is cut back to this size when a checkpoint lets it start over. Without a
# limit it keeps the size of the largest transaction until the desk closes: ~0.9 GB after the
# enrolment of a 1M-case desk (docs/benchmarks.md, "Enrolment at 1M cases").
WAL_SIZE_LIMIT = 64 * 1024 * 1024
LOCK_POLL_SECONDS = 0.002


def database_path(data_dir: Path) -> Path:
    return data_dir / DB_FILENAME


def _json_text(obj: object) -> str:
    """Chinese as UTF-8, not \\uXXXX escapes, and no blanks after `,` and `:`: the change log is a
    third the size (migration 0008 rewrote older entries the same way)."""
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def make_engine(db_path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
        # One function for every engine (not a lambda each): engines opened alike have equal
        # dialects (the tests' shared statement cache compares them, tests/statement_cache.py).
        json_serializer=_json_text,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        # Let SQLAlchemy, not the driver, decide when transactions begin.
        dbapi_conn.isolation_level = None
        # The SQL functions the search index's triggers call (storage/textindex.py).
        textindex.register_functions(dbapi_conn)
        # The id and time conversions, for SQL that converts stored values (storage/coltypes.py).
        coltypes.register_functions(dbapi_conn)
        cur = dbapi_conn.cursor()
        # A new file gives the pages that empty (the change-log compaction's, storage/compaction.py)
        # back to the file system at each commit. Only possible before any table exists; an older
        # file is switched by a VACUUM (`desk-app compact --vacuum`).
        if cur.execute("PRAGMA page_count").fetchone()[0] == 0:
            cur.execute("PRAGMA auto_vacuum=FULL")
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute(f"PRAGMA journal_size_limit={WAL_SIZE_LIMIT}")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn):
        if conn.get_execution_options().get("sqlite_immediate", False):
            _begin_immediate(conn)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


def _begin_immediate(conn) -> None:
    """BEGIN IMMEDIATE, asking for the write lock every LOCK_POLL_SECONDS for BUSY_TIMEOUT_MS."""
    raw = conn.connection.dbapi_connection
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    raw.execute("PRAGMA busy_timeout = 0")
    try:
        while time.monotonic() < deadline:
            try:
                raw.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) and "busy" not in str(exc):
                    break  # not a wait: the statement below raises it as every error is raised
            time.sleep(LOCK_POLL_SECONDS)
    finally:
        raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    # The last try (or the error), through SQLAlchemy: a lock still held after the wait is the
    # same "database is locked" as before (storage.errors makes it StorageUnavailable BUSY).
    conn.exec_driver_sql("PRAGMA busy_timeout = 0")
    try:
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    finally:
        conn.exec_driver_sql(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")


def core(reader: Reader) -> Connection:
    """The Core connection of a read: the connection itself, or the session's (in its transaction)."""
    return reader if isinstance(reader, Connection) else reader.connection()


class Database:
    """One engine per desk file; short sessions per unit of work."""

    def __init__(self, db_path: Path, audit_clock: Callable[[], datetime] | None = None) -> None:
        self.path = db_path
        self.audit_clock = audit_clock
        self.engine = make_engine(db_path)
        self._makers: tuple[sessionmaker[Session], sessionmaker[Session]] | None = None
        self._makers_lock = threading.Lock()

    def _sessions(self) -> tuple[sessionmaker[Session], sessionmaker[Session]]:
        """The read and the write sessions' makers, made on first use: the ORM and the change log's
        hooks are imported then, not by a command that reads with `connected()` only."""
        if self._makers is not None:
            return self._makers
        with self._makers_lock:
            if self._makers is None:
                from sqlalchemy.orm import sessionmaker

                from desk_app.storage import changelog

                read = sessionmaker(self.engine, expire_on_commit=False)
                write = sessionmaker(
                    self.engine.execution_options(sqlite_immediate=True), expire_on_commit=False
                )
                changelog.install(write)
                self._makers = (read, write)
            return self._makers

    @contextmanager
    def connected(self) -> Iterator[Connection]:
        """A read transaction on a Core connection: for reads that select tables' columns only."""
        with translate_db_errors(), self.engine.connect() as conn:
            yield conn

    @contextmanager
    def reading(self) -> Iterator[Session]:
        with translate_db_errors(), self._sessions()[0]() as session:
            yield session

    @contextmanager
    def writing(self, operator_id: str | None) -> Iterator[Session]:
        """A write transaction: committed on success, rolled back on any error."""
        with translate_db_errors(), self._sessions()[1]() as session:
            session.info["operator_id"] = operator_id
            if self.audit_clock is not None:
                # The change log's clock (UTC): tests set it to order edits without sleeping.
                from desk_app.storage.changelog import AUDIT_CLOCK

                session.info[AUDIT_CLOCK] = self.audit_clock
            with session.begin():
                yield session

    @contextmanager
    def commits_without_fsync(self) -> Iterator[None]:
        """Connections made inside the block commit with synchronous=OFF (no fsync per commit).

        Only for filling a throwaway desk (the demo) quickly: a power cut may lose its last
        commits. Pooled connections are dropped on the way in and out, so every connection used
        inside was made with OFF and every one used after is made again with FULL.
        """

        def _no_fsync(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA synchronous=OFF")
            cur.close()

        event.listen(self.engine, "connect", _no_fsync)
        self.engine.dispose()
        try:
            yield
        finally:
            event.remove(self.engine, "connect", _no_fsync)
            self.engine.dispose()

    def dispose(self) -> None:
        self.engine.dispose()

    def quick_check(self) -> str:
        with self.engine.connect() as conn:
            return conn.execute(text("PRAGMA quick_check")).scalar_one()
