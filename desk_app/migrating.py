"""Bring a database to the head of its Alembic scripts at start-up (Mealie's way), for the desk
and the server alike.

Each side ships its scripts inside its package and calls `MigrationScripts(folder).ensure_at_head`
when it opens its database. The head is read from the script files themselves (the `revision` and
`down_revision` lines every Alembic script has), never written down a second time, so a new
migration cannot leave a stale constant behind. That read is a regular expression over a few small
files (well under a millisecond); Alembic itself (with Mako and Pygments, a few hundred
milliseconds of imports) is imported only when there is an upgrade to run: start-up time is
measured (benchmarks/bench_startup.py). A database whose revision the scripts do not know was
written by newer code and is refused untouched.

This module imports SQLAlchemy and nothing of the desk, so the server may use it.
"""

from __future__ import annotations

import ast
import re
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy import Engine

# `revision: str = "0005"`, `down_revision = None`, `down_revision: str | None = '0004'`
_ASSIGNMENT = re.compile(r"^(revision|down_revision)\b[^=\n]*=\s*(.+?)\s*$", re.MULTILINE)


class SchemaTooNew(Exception):
    """The database is at a revision these scripts do not know: newer code wrote it."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


class MigrationScripts:
    """The Alembic scripts in `folder` (which holds env.py and versions/)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @cached_property
    def revisions(self) -> tuple[str, ...]:
        """Every revision of the scripts, oldest first. They must form one line (no branches)."""
        parent: dict[str, str | None] = {}
        for path in sorted((self.folder / "versions").glob("*.py")):
            found = dict(_ASSIGNMENT.findall(path.read_text(encoding="utf-8")))
            if "revision" not in found:
                continue  # __init__.py and helpers
            down = ast.literal_eval(found.get("down_revision", "None"))
            if not (down is None or isinstance(down, str)):
                raise RuntimeError(f"{path.name}: merge revisions are not supported ({down!r})")
            parent[ast.literal_eval(found["revision"])] = down
        children: dict[str | None, list[str]] = {}
        for rev, down in parent.items():
            children.setdefault(down, []).append(rev)
        line: list[str] = []
        below: str | None = None
        while below in children:
            following = children[below]
            if len(following) != 1:
                raise RuntimeError(f"migration scripts in {self.folder} branch after {below}: {following}")
            below = following[0]
            line.append(below)
        if len(line) != len(parent) or not line:
            raise RuntimeError(f"migration scripts in {self.folder} do not form one line from the base")
        return tuple(line)

    def head(self) -> str:
        return self.revisions[-1]

    def alembic_config(self) -> Config:
        from alembic.config import Config

        cfg = Config()
        cfg.set_main_option("script_location", str(self.folder))
        return cfg

    @staticmethod
    def current(engine: Engine) -> str | None:
        """The database's revision, or None when it has never been migrated."""
        # Imported here: the desk's window reads the head (from the scripts) before it loads
        # SQLAlchemy (start-up time, desk_app/ui/app.py).
        from sqlalchemy import inspect, text

        with engine.connect() as conn:
            if not inspect(conn).has_table("alembic_version"):
                return None
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def upgrade(self, engine: Engine, target: str = "head") -> None:
        """Run the migrations in one transaction.

        On SQLite, with foreign keys off while they run: batch mode copies a table and drops the
        old one, and with foreign keys on, dropping a table other rows reference fails. SQLite's
        own recipe for changing a table: foreign keys off (only possible outside a transaction),
        change it, `foreign_key_check`, foreign keys on.
        """
        from alembic import command

        cfg = self.alembic_config()
        if engine.dialect.name != "sqlite":
            with engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, target)
            return
        with engine.connect() as conn:
            # On the driver's connection: through SQLAlchemy it would open a transaction first,
            # and inside one SQLite ignores this pragma.
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

    def ensure_at_head(self, engine: Engine) -> bool:
        """Upgrade to head when needed; True when anything was migrated.

        Raises SchemaTooNew, having changed nothing, when the database is at an unknown revision.
        """
        current = self.current(engine)
        if current == self.head():
            return False
        if current is not None and current not in self.revisions:
            raise SchemaTooNew(current)
        self.upgrade(engine)
        return True
