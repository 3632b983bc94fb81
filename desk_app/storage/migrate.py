"""Bring the desk database to the schema of this version of the desk, at start-up (Mealie's way).

Alembic runs only when the file is not already at head, so a normal start costs one query.
A file made by a newer desk is refused rather than touched. Alembic itself (with Mako and
Pygments, a few hundred milliseconds of imports) is imported only when there is work for it:
start-up time is measured (benchmarks/bench_startup.py).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from desk_app.storage.errors import StorageProblem, StorageUnavailable, translate_db_errors

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


@cache
def known_revisions() -> tuple[str, ...]:
    """Every revision this desk knows, oldest first."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return tuple(reversed([rev.revision for rev in script.walk_revisions()]))


def head_revision() -> str:
    return known_revisions()[-1]


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, target: str = "head") -> None:
    """Run the migrations in one transaction, with foreign keys off while they run.

    Batch mode copies a table and drops the old one; with foreign keys on, dropping a table that
    other rows reference fails. SQLite's own recipe for changing a table: foreign keys off (only
    possible outside a transaction), change it, `foreign_key_check`, foreign keys on.
    """
    from alembic import command

    cfg = alembic_config()
    with engine.connect() as conn:
        # On the driver's connection: through SQLAlchemy it would open a transaction first, and
        # inside one SQLite ignores this pragma.
        raw = conn.connection.dbapi_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left broken references: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def ensure_schema(engine: Engine) -> bool:
    """Upgrade to head when needed; True when anything was migrated."""
    with translate_db_errors():
        current = current_revision(engine)
        if current is not None and current == _head_cached():
            return False
        if current is not None and current not in known_revisions():
            raise StorageUnavailable(StorageProblem.TOO_NEW, current)
        upgrade(engine)
        return True


def _head_cached() -> str:
    # Reading the scripts costs ~50 ms; the shipped head is also recorded as a constant.
    from desk_app.storage.migrations.versions import HEAD

    return HEAD
