"""The migrate-at-start-up helper shared by the desk and the server (desk_app.migrating)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from desk_app.migrating import MigrationScripts
from desk_app.storage.store import DeskStore
from desk_server import db as server_db

ROOT = Path(__file__).resolve().parents[1]


def _script(folder: Path, revision: str, down: str | None) -> None:
    versions = folder / "versions"
    versions.mkdir(parents=True, exist_ok=True)
    (versions / f"{revision}_step.py").write_text(
        f'"""step {revision}\n\nRevision ID: {revision}\n"""\n'
        f"revision: str = {revision!r}\ndown_revision: str | None = {down!r}\n",
        encoding="utf-8",
    )


def test_server_head_is_alembics_head() -> None:
    alembic = ScriptDirectory.from_config(server_db.SCRIPTS.alembic_config())
    assert server_db.head_revision() == alembic.get_current_head()


def test_revisions_follow_the_down_revisions_not_the_file_names(tmp_path: Path) -> None:
    _script(tmp_path, "b", None)
    _script(tmp_path, "a", "c")
    _script(tmp_path, "c", "b")
    assert MigrationScripts(tmp_path).revisions == ("b", "c", "a")


def test_scripts_that_branch_are_refused(tmp_path: Path) -> None:
    _script(tmp_path, "a", None)
    _script(tmp_path, "b", "a")
    _script(tmp_path, "c", "a")
    with pytest.raises(RuntimeError, match="branch"):
        MigrationScripts(tmp_path).head()


def test_server_database_from_a_newer_server_is_refused_untouched(tmp_path: Path) -> None:
    engine = server_db.make_engine(f"sqlite:///{tmp_path / 's.sqlite3'}")
    server_db.ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(RuntimeError, match="newer than this server"):
        server_db.ensure_schema(engine)
    assert server_db.current_revision(engine) == "ffff_from_the_future"
    engine.dispose()


def _alembic_loaded_by_opening(folder: Path) -> bool:
    """Open the desk in a fresh interpreter, so what this process imported does not count."""
    code = (
        "import sys; from pathlib import Path; from desk_app.storage.store import DeskStore; "
        f"DeskStore.open(Path({str(folder)!r})).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.strip() == "True"


def test_desk_at_head_opens_without_importing_alembic(tmp_path: Path) -> None:
    DeskStore.open(tmp_path).close()  # migrated here, so the child finds the file at head
    assert not _alembic_loaded_by_opening(tmp_path)


def test_fresh_desk_imports_alembic_to_migrate(tmp_path: Path) -> None:
    """The check above can fail: a file that needs migrating does load Alembic."""
    assert _alembic_loaded_by_opening(tmp_path)
