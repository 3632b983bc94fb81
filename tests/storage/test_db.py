"""Opening the file: pragmas on every connection, and environment errors kept apart from bugs."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from desk_app.storage import db as db_module
from desk_app.storage.db import database_path
from desk_app.storage.errors import StorageProblem, StorageUnavailable
from desk_app.storage.models import Category
from desk_app.storage.store import DeskStore
from tests.constants import CLERK_PIN


def pragma(store: DeskStore, name: str) -> object:
    with store.db.engine.connect() as conn:
        return conn.execute(text(f"PRAGMA {name}")).scalar_one()


def test_journal_mode_is_wal(store: DeskStore) -> None:
    assert pragma(store, "journal_mode") == "wal"


def test_foreign_keys_are_on(store: DeskStore) -> None:
    assert pragma(store, "foreign_keys") == 1


def test_synchronous_is_full(store: DeskStore) -> None:
    assert pragma(store, "synchronous") == 2


def test_pragmas_hold_on_every_new_connection(store: DeskStore) -> None:
    store.db.engine.dispose()  # the next connect opens a fresh sqlite3 connection
    with store.db.engine.connect() as a, store.db.engine.connect() as b:
        for conn in (a, b):
            assert conn.execute(text("PRAGMA foreign_keys")).scalar_one() == 1
            assert conn.execute(text("PRAGMA synchronous")).scalar_one() == 2


def test_commits_without_fsync_inside_the_block(store: DeskStore) -> None:
    pragma(store, "synchronous")  # a connection made with FULL sits in the pool
    with store.commits_without_fsync():
        assert pragma(store, "synchronous") == 0


def test_commits_are_durable_again_after_the_block(store: DeskStore) -> None:
    with store.commits_without_fsync():
        pragma(store, "synchronous")  # a connection made with OFF sits in the pool
    assert pragma(store, "synchronous") == 2


def test_foreign_key_violation_is_refused(store: DeskStore, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), store.db.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO reception_deputy (id, reception_id, deputy_id, created_at, updated_at) "
                "VALUES ('x', 'no-such-reception', 'no-such-deputy', '2026-01-01', '2026-01-01')"
            )
        )


def test_quick_check_of_fresh_desk_is_ok(store: DeskStore) -> None:
    assert store.db.quick_check() == "ok"


@pytest.fixture
def locker(data_dir: Path, store: DeskStore) -> Iterator[sqlite3.Connection]:
    """Another process's connection holding the write lock."""
    conn = sqlite3.connect(database_path(data_dir), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    yield conn
    conn.rollback()
    conn.close()


@pytest.fixture
def impatient(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db_module, "BUSY_TIMEOUT_MS", 50)


def test_locked_database_write_is_busy(impatient, data_dir: Path, clock, locker) -> None:  # type: ignore[no-untyped-def]
    store = DeskStore.open(data_dir, clock=clock)
    try:
        with pytest.raises(StorageUnavailable) as info:
            store.set_up(
                station_name="站",
                short_name="站",
                kind="studio",
                district="",
                operator_name="李明",
                secret=CLERK_PIN,
            )
        assert info.value.problem is StorageProblem.BUSY
    finally:
        store.close()


def test_busy_write_leaves_nothing_behind(impatient, data_dir: Path, clock, locker) -> None:  # type: ignore[no-untyped-def]
    store = DeskStore.open(data_dir, clock=clock)
    try:
        with pytest.raises(StorageUnavailable):
            store.set_up(
                station_name="站",
                short_name="站",
                kind="studio",
                district="",
                operator_name="李明",
                secret=CLERK_PIN,
            )
        locker.rollback()
        assert not store.is_set_up()
        assert store.change_log() == []
    finally:
        store.close()


def test_reading_while_locked_for_writing_still_works(impatient, data_dir: Path, clock, locker) -> None:  # type: ignore[no-untyped-def]
    store = DeskStore.open(data_dir, clock=clock)
    try:
        assert store.is_set_up() is False
    finally:
        store.close()


def test_file_that_is_not_a_database_is_corrupt(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    database_path(data_dir).write_bytes(b"this is a spreadsheet, not a desk " * 200)
    with pytest.raises(StorageUnavailable) as info:
        DeskStore.open(data_dir)
    assert info.value.problem is StorageProblem.CORRUPT


def test_integrity_error_is_a_bug_not_unavailable(store: DeskStore, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), store.db.writing(clerk.id) as s:
        s.add(Category(name="养老", sort_order=99, active=True))  # the name is already taken


def test_failed_write_rolls_back_its_rows(store: DeskStore, clerk) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(IntegrityError), store.db.writing(clerk.id) as s:
        s.add(Category(name="新类别", sort_order=50, active=True))
        s.flush()
        s.add(Category(name="养老", sort_order=99, active=True))
    assert "新类别" not in [c.name for c in store.categories(include_inactive=True)]


def test_the_write_ahead_log_is_cut_back_after_a_big_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A big transaction grows the WAL; once a checkpoint lets it start over, the next write cuts
    it back to the limit instead of keeping it at its largest until the desk closes."""
    monkeypatch.setattr(db_module, "WAL_SIZE_LIMIT", 64 * 1024)
    path = tmp_path / "wal.sqlite3"
    engine = db_module.make_engine(path)
    wal = Path(f"{path}-wal")
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (b BLOB)")
    with engine.begin() as conn:
        for _ in range(40):
            conn.exec_driver_sql("INSERT INTO t VALUES (randomblob(50000))")
    assert wal.stat().st_size > 1_000_000
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")  # copied back, the log not reset
    with engine.begin() as conn:
        conn.exec_driver_sql("INSERT INTO t VALUES (1)")  # starts the log over
    assert wal.stat().st_size <= 64 * 1024
    engine.dispose()
