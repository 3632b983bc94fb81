"""The window's look at a desk file without the store (storage/peek.py): the fast start is taken
only for a desk that is set up and at head; anything else goes the ordinary way."""

from __future__ import annotations

import shutil
from pathlib import Path

from desk_app.storage.db import database_path
from desk_app.storage.migrate import head_revision
from desk_app.storage.peek import peek
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def test_a_set_up_desk_at_head_is_seen_with_its_settings(
    store: DeskStore, clerk: OperatorInfo, data_dir: Path
) -> None:
    store.set_setting("ui.lang", "en")
    looked = peek(data_dir, head_revision())
    assert looked is not None and looked.is_set_up and looked.settings["ui.lang"] == "en"


def test_a_desk_not_yet_set_up_says_so(store: DeskStore, data_dir: Path) -> None:
    looked = peek(data_dir, head_revision())
    assert looked is not None and not looked.is_set_up


def test_a_missing_file_is_not_created(tmp_path: Path) -> None:
    assert peek(tmp_path, head_revision()) is None
    assert not database_path(tmp_path).exists()


def test_a_desk_of_an_older_schema_goes_the_ordinary_way(tmp_path: Path) -> None:
    shutil.copyfile(FIXTURES / "0008.sqlite3", database_path(tmp_path))
    assert peek(tmp_path, head_revision()) is None


def test_a_damaged_file_goes_the_ordinary_way(tmp_path: Path) -> None:
    database_path(tmp_path).write_bytes(b"this is not a database" * 100)
    assert peek(tmp_path, head_revision()) is None
