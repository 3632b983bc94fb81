"""Engine, sessions and the schema at start-up (migrations ship in the package, Mealie's way).

Durability of the embedded SQLite file: WAL with `synchronous=FULL`, so an acknowledged push
survives a process crash *and* a power cut (a desk marks its changes pushed once it has the
answer and never sends them again). `synchronous=NORMAL` would keep process crashes safe but may
lose the last commits on power loss; it was measured for issue 5 and made no difference here
(a 1,000-change commit is dominated by writing ~3 MB of pages into the WAL, not by the one fsync),
so it is not used.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.orm import sessionmaker

from desk_server import jsonio

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
HEAD = "0003"


def make_engine(url: str) -> Engine:
    # JSON columns (record data, receipts, conflicts) through orjson, as the bulk writes do.
    json_args = {"json_serializer": jsonio.dumps, "json_deserializer": jsonio.loads}
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, **json_args)

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
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, **json_args)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(engine, expire_on_commit=False)


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def ensure_schema(engine: Engine) -> bool:
    """Upgrade to head when the database is not there yet; True when anything was migrated."""
    current = current_revision(engine)
    if current == HEAD:
        return False
    if current is not None and not list((MIGRATIONS_DIR / "versions").glob(f"{current}_*.py")):
        raise RuntimeError(f"database revision {current} is newer than this server")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    return True


def begin_write(session: Any) -> None:
    """Start the session's transaction as a writer (SQLite: BEGIN IMMEDIATE; elsewhere a no-op)."""
    session.connection(execution_options={"sqlite_write": True})
