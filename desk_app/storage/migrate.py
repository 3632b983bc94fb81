"""Bring the desk database to the schema of this version of the desk, at start-up.

The work is desk_app.migrating's (shared with the server): Alembic runs only when the file is not
already at head, so a normal start costs one query and a read of the script headers; a file made
by a newer desk is refused rather than touched.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from desk_app.migrating import MigrationScripts, SchemaTooNew
from desk_app.storage.errors import StorageProblem, StorageUnavailable, translate_db_errors

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SCRIPTS = MigrationScripts(MIGRATIONS_DIR)


def alembic_config() -> Config:
    return SCRIPTS.alembic_config()


def known_revisions() -> tuple[str, ...]:
    """Every revision this desk knows, oldest first."""
    return SCRIPTS.revisions


def head_revision() -> str:
    return SCRIPTS.head()


def current_revision(engine: Engine) -> str | None:
    return SCRIPTS.current(engine)


def upgrade(engine: Engine, target: str = "head") -> None:
    SCRIPTS.upgrade(engine, target)


def ensure_schema(engine: Engine) -> bool:
    """Upgrade to head when needed; True when anything was migrated."""
    with translate_db_errors():
        try:
            return SCRIPTS.ensure_at_head(engine)
        except SchemaTooNew as exc:
            raise StorageUnavailable(StorageProblem.TOO_NEW, exc.revision) from exc
