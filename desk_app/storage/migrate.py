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
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, target)


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
