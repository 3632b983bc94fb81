"""`desk-app backup` and `desk-app restore`: a restored desk syncs correctly afterwards."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from datetime import timedelta
from pathlib import Path

from sync_helpers import fill, rows, snapshot

from desk_app.storage.coltypes import id_param
from desk_app.storage.db import database_path
from desk_app.storage.models import Setting, utcnow
from desk_app.storage.store import DeskStore
from desk_app.sync.engine import K_TOKEN_AT, SyncEngine
from tests.cli_inprocess import run_desk_app
from tests.constants import CLERK_PIN


def _desk_app(data_dir: Path, *args: str, pin: str = CLERK_PIN) -> subprocess.CompletedProcess[str]:
    """The command as the desk's administrator gives it (a backup and a restore need their PIN);
    in this process (tests/cli_inprocess.py)."""
    return run_desk_app(["--data-dir", str(data_dir), *args], env={"DESK_PIN": pin})


def test_backup_needs_the_operators_pin(make_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    done = _desk_app(desk.data_dir, "backup", "--out", str(tmp_path / "b.sqlite3"), pin="000000")
    assert done.returncode == 1 and "PIN 不正确" in done.stderr
    assert not (tmp_path / "b.sqlite3").exists()


def test_a_backup_is_in_the_audit_trail(make_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    assert _desk_app(desk.data_dir, "backup", "--out", str(tmp_path / "b.sqlite3")).returncode == 0
    kinds = [e.kind for e in desk.store.audit_trail(by=desk.clerk.id)]
    assert "full_numbers_exported" in kinds


def _enrolled(make_desk, server, station):  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.sync().ok
    return desk


def _close(desk) -> None:  # type: ignore[no-untyped-def]
    desk.engine.close()
    desk.store.close()


def _reopen(desk) -> None:  # type: ignore[no-untyped-def]
    desk.store = DeskStore.open(desk.data_dir, clock=desk.clock)
    desk.engine = SyncEngine(desk.store, desk_name="a")


def test_backup_of_an_open_desk_holds_its_records(make_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 3)
    result = _desk_app(desk.data_dir, "backup", "--out", str(tmp_path / "b.sqlite3"))  # the desk stays open
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(tmp_path / "b.sqlite3") as conn:
        assert conn.execute("SELECT count(*) FROM reception").fetchone()[0] == 3


def test_restore_refuses_a_file_that_is_not_a_desk_database(make_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _close(desk)
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    result = _desk_app(desk.data_dir, "restore", str(other))
    assert result.returncode == 1 and "不是接待台的数据库" in result.stderr


def test_restore_refuses_a_database_from_a_newer_desk(make_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _close(desk)
    newer = tmp_path / "newer.sqlite3"
    shutil.copy(database_path(desk.data_dir), newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    result = _desk_app(desk.data_dir, "restore", str(newer))
    assert result.returncode == 1 and "更新版本" in result.stderr


def test_restore_keeps_the_replaced_file(make_desk, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    assert _desk_app(desk.data_dir, "backup", "--out", str(tmp_path / "b.sqlite3")).returncode == 0
    latest = fill(desk, 1)[0]
    _close(desk)
    result = _desk_app(desk.data_dir, "restore", str(tmp_path / "b.sqlite3"))
    assert result.returncode == 0, result.stderr
    [kept] = desk.data_dir.glob("*.before-restore-*")
    with sqlite3.connect(kept) as conn:
        assert (
            conn.execute("SELECT count(*) FROM reception WHERE id = ?", (id_param(latest),)).fetchone()[0]
            == 1
        )


def test_restored_desk_syncs_correctly_afterwards(make_desk, server, station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    fill(a, 3)
    assert a.sync().ok
    assert _desk_app(a.data_dir, "backup", "--out", str(tmp_path / "a.sqlite3")).returncode == 0
    after_backup = fill(a, 3)
    assert a.sync().ok
    _close(a)
    assert _desk_app(a.data_dir, "restore", str(tmp_path / "a.sqlite3")).returncode == 0
    _reopen(a)
    assert not set(after_backup) & rows(a.store, "reception")
    report = a.sync()
    assert report.ok and report.sent == 0  # all it re-sent the server had: duplicates
    assert set(after_backup) <= rows(a.store, "reception")  # what it pushed after the backup came back
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_restored_desk_keeps_a_token_rotated_after_the_backup(make_desk, server, station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    assert _desk_app(a.data_dir, "backup", "--out", str(tmp_path / "a.sqlite3")).returncode == 0
    with a.store.db.writing(None) as s:
        s.get(Setting, K_TOKEN_AT).value = (utcnow() - timedelta(days=31)).isoformat()
    assert a.sync().ok  # rotated: the backup holds the old token
    fill(a, 1)
    assert a.sync().ok  # the new token used: the old one is void
    _close(a)
    assert _desk_app(a.data_dir, "restore", str(tmp_path / "a.sqlite3")).returncode == 0
    _reopen(a)
    assert a.sync().ok
