"""Faults a sync must survive with nothing lost and nothing doubled, against a real server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sync_helpers import fill, pending, rows, scalar, snapshot

from desk_app.storage.coltypes import id_param
from desk_app.storage.db import database_path
from desk_app.storage.models import Reception
from desk_app.sync.client import SyncClient
from tests.server_process import ServerProcess

ROOT = Path(__file__).resolve().parents[2]
CRASH_ENV = "DESK_SERVER_TEST_CRASH_AFTER_PUSHES"


def _enroll_and_sync(desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.sync().ok


def _restart_crashing(server: ServerProcess, after: int) -> None:
    server.stop()
    server.extra_env[CRASH_ENV] = str(after)
    server.start()


def _restart_normal(server: ServerProcess) -> None:
    server.kill()
    server.extra_env.pop(CRASH_ENV, None)
    server.start()


def test_server_killed_between_apply_and_answer_applies_nothing_twice(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    _enroll_and_sync(a, server, station)
    fill(a, 8)
    waiting = pending(a.store)
    _restart_crashing(server, after=1)
    lost = a.sync()
    assert lost.errors == ["unreachable"] and pending(a.store) == waiting  # the answer never came
    _restart_normal(server)
    again = a.sync()
    assert (again.ok, again.sent, again.duplicates) == (True, 0, waiting)
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_replayed_batch_after_a_crash_adds_no_row_on_the_other_desk(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    _enroll_and_sync(a, server, station)
    fill(a, 4)
    _restart_crashing(server, after=1)
    a.sync()
    _restart_normal(server)
    a.sync()
    b = make_desk("b", server=server, station_id=station.station_id)
    assert scalar(b.store, "SELECT count(*) FROM reception") == scalar(
        a.store, "SELECT count(*) FROM reception"
    )
    assert scalar(b.store, "SELECT count(*) FROM referral") == scalar(
        a.store, "SELECT count(*) FROM referral"
    )


class _KillDuringPull(SyncClient):
    """A client that kills the server after it has received `pages` pages of a pull."""

    server: ServerProcess
    pages = 2

    def pull(self, since: int, limit: int = 500, mine=None):  # type: ignore[no-untyped-def]
        answer = super().pull(since, limit, mine)
        type(self).pages -= 1
        if type(self).pages == 0:
            self.server.kill()
        return answer


def test_connection_dropped_mid_pull_resumes_from_the_stored_cursor(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 12)
    _enroll_and_sync(a, server, station)
    b = make_desk("b")
    b.engine = type(b.engine)(b.store, client_factory=_KillDuringPull, pull_page=20)
    _KillDuringPull.server, _KillDuringPull.pages = server, 2
    b.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    cut = b.sync()
    cursor_after_cut = b.engine.cursor()
    server.start()
    resumed = b.sync()
    assert cut.errors == ["unreachable"] and cursor_after_cut > 0 and resumed.ok
    assert rows(b.store, "reception") == rows(a.store, "reception")
    assert rows(b.store, "referral") == rows(a.store, "referral")


def test_desk_killed_mid_sync_then_synced_again_loses_and_doubles_nothing(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 40)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    a.engine.close()
    a.store.close()
    # Killed at a known point, not after a sleep: right after its first write transaction (the
    # pulled page), before its changes went up (tests/sync/test_sync_locks.py kills one between
    # two chunks of a push answer).
    env = dict(os.environ, PYTHONPATH=str(ROOT), DESK_TEST_CRASH_AFTER_CHUNKS="1")
    proc = subprocess.run(
        [sys.executable, "-m", "desk_app", "--data-dir", str(a.data_dir), "sync"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert proc.returncode == -9
    a.reopen()
    assert pending(a.store) > 0
    assert a.sync().ok and pending(a.store) == 0
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_desk_restored_from_a_backup_syncs_again_without_doubling(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    _enroll_and_sync(a, server, station)
    fill(a, 6)
    a.engine.close()
    a.store.close()
    backup = a.data_dir.parent / "backup.sqlite3"
    _copy_db(database_path(a.data_dir), backup)
    a.reopen()
    assert a.sync().ok
    a.engine.close()
    a.store.close()
    _copy_db(backup, database_path(a.data_dir))
    a.reopen()
    replay = a.sync()
    assert (replay.ok, replay.sent, replay.duplicates > 0, pending(a.store)) == (True, 0, True, 0)
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_desk_restored_from_a_backup_gets_back_what_it_pushed_after_the_backup(
    make_desk,
    server,  # type: ignore[no-untyped-def]
    station,
) -> None:
    a = make_desk("a")
    _enroll_and_sync(a, server, station)
    a.engine.close()
    a.store.close()
    backup = a.data_dir.parent / "backup.sqlite3"
    _copy_db(database_path(a.data_dir), backup)
    a.reopen()
    made_after_backup = fill(a, 4)
    assert a.sync().ok and pending(a.store) == 0
    a.engine.close()
    a.store.close()
    _copy_db(backup, database_path(a.data_dir))
    a.reopen()
    assert not set(made_after_backup) & rows(a.store, "reception")
    assert a.sync().ok
    assert set(made_after_backup) <= rows(a.store, "reception")
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)
    # Once whole again, the desk is not sent its own changes a second time.
    assert a.sync().received == 0


def _copy_db(src: Path, dst: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        s, d = Path(str(src) + suffix), Path(str(dst) + suffix)
        if s.exists():
            shutil.copyfile(s, d)
        elif d.exists():
            d.unlink()


def _edit(desk, rid: str, **fields: object) -> None:  # type: ignore[no-untyped-def]
    with desk.store.db.writing(desk.clerk.id) as s:
        rec = s.get(Reception, rid)
        for k, v in fields.items():
            setattr(rec, k, v)


def _two_desks_offline(make_desk, server, station):  # type: ignore[no-untyped-def]
    a = make_desk("a")
    rid = a.register("路灯不亮")
    _enroll_and_sync(a, server, station)
    b = make_desk("b", server=server, station_id=station.station_id)
    return a, b, rid


def test_two_desks_editing_different_fields_offline_keep_both(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b, rid = _two_desks_offline(make_desk, server, station)
    _edit(a, rid, citizen_address="五星街道12号")
    _edit(b, rid, citizen_phone="13900000001")
    a.sync(), b.sync(), a.sync()
    for desk in (a, b):
        d = desk.store.case_detail(rid)
        assert (d.citizen_address, d.citizen_phone) == ("五星街道12号", "13900000001")


def test_two_desks_editing_the_same_field_end_with_the_later_edit(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b, rid = _two_desks_offline(make_desk, server, station)
    # The change log's clock, set: A's edit is the later one (no sleeping to order them).
    b.store.db.audit_clock = lambda: datetime(2026, 11, 20, 2, 0, 0)
    _edit(b, rid, content="路灯不亮（B 的说法）")
    a.store.db.audit_clock = lambda: datetime(2026, 11, 20, 2, 0, 1)
    _edit(a, rid, content="路灯不亮（A 的说法，较晚）")
    a.store.db.audit_clock = b.store.db.audit_clock = None
    b_report = b.sync()
    a_report = a.sync()
    b_again = b.sync()
    contents = {a.store.case_detail(rid).content, b.store.case_detail(rid).content}
    assert contents == {"路灯不亮（A 的说法，较晚）"} and b_report.ok and a_report.ok and b_again.ok


def test_losing_value_of_an_offline_edit_is_kept_in_the_conflict_record(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b, rid = _two_desks_offline(make_desk, server, station)
    _edit(a, rid, content="A 先改")
    assert a.sync().ok
    _edit(b, rid, content="B 也改了")
    # B's edit would be the later one and win; date it back so that it loses:
    with b.store.db.engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE change_log SET at = '2000-01-01T00:00:00' WHERE pushed = 0"))
    report = b.sync()
    lost = [c for c in b.engine.conflicts() if c.kind == "conflict"]
    assert report.conflicts == 1 and lost[0].yours == "B 也改了" and lost[0].kept == "A 先改"
    assert b.store.case_detail(rid).content == "A 先改"


def test_two_desks_referring_the_same_case_offline_end_with_one_slip(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b, rid = _two_desks_offline(make_desk, server, station)
    slip_a = a.refer(rid)
    slip_b = b.refer(rid)
    a.sync(), b.sync(), a.sync()
    for desk in (a, b):
        d = desk.store.case_detail(rid)
        copy = scalar(desk.store, "SELECT serial FROM reception WHERE id = :r", r=id_param(rid))
        assert [(r.round_no, r.serial) for r in d.referrals] == [(1, slip_a.serial)] and copy == slip_a.serial
    assert any(c.kind == "merged" and c.yours["serial"] == slip_b.serial for c in b.engine.conflicts())


def test_two_desks_working_a_case_offline_both_records_survive(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b, rid = _two_desks_offline(make_desk, server, station)
    a.refer(rid)
    assert a.sync().ok and b.sync().ok
    a.reply(rid)
    b.register("另一位群众：噪音扰民")
    for report in (a.sync(), b.sync(), a.sync()):
        assert report.ok
    assert snapshot(a.store) == snapshot(b.store)
    assert a.status(rid) == b.status(rid) == "replied"
