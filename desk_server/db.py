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
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
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
    return create_engine(
        url, pool_size=10, max_overflow=20, pool_pre_ping=True, connect_args=connect_args, **json_args
    )


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
