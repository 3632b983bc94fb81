"""Migration 0023 (ids as 16 bytes, times as integer microseconds, storage/coltypes.py) on a desk
made at 0022 (tests/fixtures/db/0022.sqlite3): every value converts, reads back as it was, and
the downgrade gives the very rows of 0022 back."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from desk_app.storage import migrate
from desk_app.storage.coltypes import id_value, time_value
from desk_app.storage.db import database_path, make_engine
from desk_app.storage.store import DeskStore

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "db" / "0022.sqlite3"


def _migration() -> Any:
    import importlib

    return importlib.import_module("desk_app.storage.migrations.versions.0023_binary_ids_and_times")


def _rows(db: Path) -> dict[str, list[tuple]]:
    """Every row of every table the migration converts, in rowid order, as stored."""
    conn = sqlite3.connect(db)
    try:
        return {
            table: conn.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in _migration().COLUMNS
        }
    finally:
        conn.close()


def _columns(db: Path, table: str) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


@pytest.fixture
def upgraded(tmp_path: Path) -> tuple[Path, dict[str, list[tuple]]]:
    """(a copy of the 0022 fixture opened by today's desk, so at head; its rows before)."""
    folder = tmp_path / "desk"
    folder.mkdir()
    db = database_path(folder)
    shutil.copyfile(FIXTURE, db)
    before = _rows(db)
    DeskStore.open(folder).close()
    return db, before


@pytest.mark.text_ids
def test_every_id_and_time_of_a_0022_desk_converts_and_reads_back_as_it_was(
    upgraded: tuple[Path, dict[str, list[tuple]]],
) -> None:
    db, before = upgraded
    after = _rows(db)
    converted = {"id": 0, "time": 0}
    for table, (ids, times) in _migration().COLUMNS.items():
        names = _columns(db, table)
        assert len(after[table]) == len(before[table])
        for old, new in zip(before[table], after[table], strict=True):
            for name, was, now in zip(names, old, new, strict=True):
                if name in ids and was is not None:
                    assert isinstance(now, bytes) and id_value(now) == was, (table, name, was)
                    converted["id"] += 1
                elif name in times and was is not None:
                    assert isinstance(now, int) and time_value(now) == datetime.fromisoformat(was)
                    converted["time"] += 1
                else:
                    assert now == was, (table, name)
    assert converted["id"] > 400 and converted["time"] > 150, converted


@pytest.mark.text_ids
def test_the_downgrade_gives_the_rows_of_0022_back(upgraded: tuple[Path, dict[str, list[tuple]]]) -> None:
    db, before = upgraded
    engine = make_engine(db)
    try:
        cfg = migrate.alembic_config()
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.downgrade(cfg, "0022")
    finally:
        engine.dispose()
    assert _rows(db) == before
