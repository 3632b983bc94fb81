"""Engine, sessions and the schema at start-up (migrations ship in the package; desk_app.migrating
upgrades only when the database is not at the scripts' head).

Durability of the embedded SQLite file: WAL with `synchronous=FULL`, so an acknowledged push
survives a process crash *and* a power cut (a desk marks its changes pushed once it has the
answer and never sends them again). `synchronous=NORMAL` would keep process crashes safe but may
lose the last commits on power loss; it was measured for issue 5 and made no difference here
(a 1,000-change commit is dominated by writing ~3 MB of pages into the WAL, not by the one fsync),
so it is not used.
"""

from __future__ import annotations

import os
import select
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, exc
from sqlalchemy.orm import sessionmaker

from desk_app.migrating import MigrationScripts, SchemaTooNew
from desk_server import jsonio

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCRIPTS = MigrationScripts(MIGRATIONS_DIR)


def make_engine(url: str) -> Engine:
    # JSON columns (record data, receipts, conflicts) through orjson, as the bulk writes do.
    json_args = {"json_serializer": jsonio.dumps, "json_deserializer": jsonio.loads}
    if url.startswith("sqlite"):
        # The pool as on PostgreSQL: more connections than the app's worker threads (app.py).
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=10,
            max_overflow=20,
            **json_args,
        )

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            # Let SQLAlchemy's "begin" issue BEGIN (IMMEDIATE for writers: `begin_write`).
            dbapi_conn.isolation_level = None
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            # Every transaction takes the write lock at once: readers are never blocked (WAL), and
            # two writers queue instead of failing on a lock upgrade.
            write = conn.get_execution_options().get("sqlite_write")
            conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

        return engine
    # Each process names its connections (pg_stat_activity.application_name), so the workers of
    # `serve --workers N` can be told apart on the database side.
    connect_args = {"application_name": f"desk-server {os.getpid()}"} if url.startswith("postgresql") else {}
    engine = create_engine(url, pool_size=10, max_overflow=20, connect_args=connect_args, **json_args)
    _ping_when_in_doubt(engine)
    return engine


# A pooled connection back in use within this many seconds is not pinged (unless its socket says
# the server closed it): see `_ping_when_in_doubt`.
PING_IDLE_SECONDS = 10.0


def _ping_when_in_doubt(engine: Engine) -> None:
    """Ping a connection at checkout only when it may be dead: idle for PING_IDLE_SECONDS or more,
    or its socket readable while no query is running (the server closed it: PostgreSQL restarted,
    the backend was terminated; the server's goodbye or the end of the stream is waiting there).

    `pool_pre_ping` pinged at every checkout, a round trip (~0.1 ms of the server's CPU and
    PostgreSQL's, 0.5-1.2 ms of latency on a busy machine) for each of a desk round's 4 checkouts,
    where the pool hands out connections used a moment ago. A failed ping is handled as
    `pool_pre_ping` handles it: the pool drops every connection older than now and the checkout
    gets a new one (a request still never sees a connection the server closed). What neither
    catches at checkout is a connection cut without a word (no FIN, e.g. by a firewall) within the
    last PING_IDLE_SECONDS; the first statement then fails as it would after the ping.
    """
    dialect = engine.dialect

    @event.listens_for(engine, "checkin")
    def _checked_in(_dbapi_conn: Any, record: Any) -> None:
        record.info["checked_in"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _checkout(dbapi_conn: Any, record: Any, _proxy: Any) -> None:
        checked_in = record.info.get("checked_in")
        if checked_in is None:
            return  # a new connection: just connected
        if time.monotonic() - checked_in < PING_IDLE_SECONDS and not _server_spoke(dbapi_conn):
            return
        try:
            alive = dialect.do_ping(dbapi_conn)
        except dialect.loaded_dbapi.Error as error:
            if not dialect.is_disconnect(error, dbapi_conn, None):
                raise
            alive = False
        if not alive:
            # As pool_pre_ping does: every pooled connection older than now is replaced, then
            # this checkout gets a new one.
            raise exc.InvalidatePoolError()


def _server_spoke(dbapi_conn: Any) -> bool:
    """True when an idle connection's socket has something to read (or is closed, or broken)."""
    try:
        fd = dbapi_conn.fileno()
    except Exception:  # psycopg raises on a closed connection
        return True
    if hasattr(select, "poll"):  # any descriptor number (select() stops at FD_SETSIZE, 1,024)
        poller = select.poll()
        poller.register(fd, select.POLLIN)
        return bool(poller.poll(0))
    readable, _, _ = select.select([fd], [], [], 0)  # Windows has no poll(); this is a socket
    return bool(readable)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


def head_revision() -> str:
    """The newest revision of the shipped scripts (read from them, see desk_app.migrating)."""
    return SCRIPTS.head()


def current_revision(engine: Engine) -> str | None:
    return SCRIPTS.current(engine)


# pg_advisory_lock key held while the schema is checked and migrated (see ensure_schema).
MIGRATION_LOCK_KEY = 0x5D35E


def ensure_schema(engine: Engine) -> bool:
    """Upgrade to head when the database is not there yet; True when anything was migrated.

    On PostgreSQL, under a session advisory lock: several processes starting at once (the workers
    of `serve --workers N`, two servers, a command run while a server starts) migrate one at a
    time, and those after the first find the schema at head and do nothing. Without it, two would
    both see an old revision and run the same scripts, and one would fail halfway.
    """
    try:
        if engine.dialect.name != "postgresql":
            return SCRIPTS.ensure_at_head(engine)
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATION_LOCK_KEY})")
            try:
                return SCRIPTS.ensure_at_head(engine)
            finally:
                conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATION_LOCK_KEY})")
    except SchemaTooNew as exc:
        raise RuntimeError(f"database revision {exc.revision} is newer than this server") from exc


def begin_write(session: Any) -> None:
    """Start the session's transaction as a writer (SQLite: BEGIN IMMEDIATE; elsewhere a no-op)."""
    session.connection(execution_options={"sqlite_write": True})
