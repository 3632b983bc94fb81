"""The desk against a real desk-server process: enrolment, the first sync of a standalone desk,
scopes, revoked tokens, slip serial blocks, the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import requests
from sync_helpers import fill, pending, rows, scalar, snapshot

from desk_app.storage.coltypes import id_param
from desk_app.storage.errors import NoSerialLeft
from desk_app.sync.client import SyncClient, SyncError, SyncProblem

ROOT = Path(__file__).resolve().parents[2]


def test_enroll_adopts_the_server_station_id_everywhere(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 3)
    old_id = desk.store.station().id
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.store.station().id == station.station_id
    assert rows(desk.store, "station") == {station.station_id}
    for table in ("reception", "referral"):
        assert (
            scalar(
                desk.store,
                f"SELECT count(*) FROM {table} WHERE station_id != :s",
                s=id_param(station.station_id),
            )
            == 0
        )
    # The change log keeps the id it was written with; the push gives the server's
    # (tests/sync/test_enrolment_station.py).
    assert desk.store.setting("sync.station_ids") == {old_id: station.station_id}


def test_enroll_takes_the_station_fields_of_the_server(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert (desk.store.station().short_name, desk.store.station().district) == (
        "浉河监督岗",
        station.district_name,
    )


def test_bad_enrolment_code_is_refused_in_plain_words(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    with pytest.raises(SyncError) as err:
        desk.engine.enroll(server.url, "not-a-code")
    assert err.value.code is SyncProblem.ENROLL_REFUSED and "注册码" in err.value.message_zh()
    assert not desk.engine.is_enrolled()


def test_first_sync_of_a_standalone_desk_carries_every_record_up(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 6)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    report = a.sync()
    assert report.ok and report.sent > 0 and pending(a.store) == 0
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_pulled_case_reads_the_same_on_the_other_desk(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    rid = fill(a, 1)[0]
    enroll_and_sync(a, server, station)
    b = make_desk("b", server=server, station_id=station.station_id)
    assert b.store.case_detail(rid) == a.store.case_detail(rid)


def test_pulled_changes_are_not_logged_again(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 4)
    enroll_and_sync(a, server, station)
    b = make_desk("b", server=server, station_id=station.station_id)
    assert pending(b.store) == 0 and scalar(b.store, "SELECT count(*) FROM change_log") == 0


def test_sync_with_nothing_to_do_sends_and_receives_nothing(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 2)
    enroll_and_sync(a, server, station)
    report = a.sync()
    assert (report.ok, report.sent, report.received, report.duplicates) == (True, 0, 0, 0)


def test_default_categories_of_two_standalone_desks_merge(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b = make_desk("a"), make_desk("b")
    enroll_and_sync(a, server, station)
    enroll_and_sync(b, server, station)
    a.sync()
    names_a = sorted(c.name for c in a.store.categories(include_inactive=True))
    assert names_a == sorted(c.name for c in b.store.categories(include_inactive=True))
    assert rows(a.store, "category") == rows(b.store, "category")


def test_server_down_is_unreachable_and_nothing_is_lost(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    fill(a, 3)
    waiting = pending(a.store)
    server.stop()
    report = a.sync()
    assert report.errors == ["unreachable"] and pending(a.store) == waiting
    assert a.engine.status().online is False and a.engine.status().last_error == "unreachable"


def test_sync_after_the_server_is_back_sends_what_waited(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    fill(a, 3)
    waiting = pending(a.store)
    server.stop()
    a.sync()
    server.start()
    report = a.sync()
    assert report.ok and report.sent == waiting and pending(a.store) == 0


def test_revoked_token_stops_sync_with_a_plain_error_and_loses_nothing(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    desk_id = a.store.setting("sync.desk_id")
    server.admin.revoke(desk_id)
    fill(a, 2)
    waiting = pending(a.store)
    report = a.sync()
    assert report.errors == ["token_revoked"] and pending(a.store) == waiting
    status = a.engine.status()
    assert status.stopped and status.last_error == "token_revoked"


def test_revoked_desk_can_enroll_again_and_send_what_waited(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    server.admin.revoke(a.store.setting("sync.desk_id"))
    fill(a, 2)
    waiting = pending(a.store)
    a.sync()
    enroll_and_sync(a, server, station)
    assert pending(a.store) == 0 and a.engine.status().stopped is False and waiting > 0


def _other_station_desk(make_desk, server, station):  # type: ignore[no-untyped-def]
    other = server.admin.create_station(station.district_id, name="另一个站", short_name="另一站")
    c = make_desk("c")
    c.engine.enroll(server.url, server.admin.enroll_code(station_id=other))
    assert c.sync().ok  # the first sync brings slip numbers
    fill(c, 2)
    assert c.sync().ok
    return c


def test_a_desk_does_not_receive_another_stations_cases(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    c = _other_station_desk(make_desk, server, station)
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    assert not rows(a.store, "reception") & rows(c.store, "reception")


def test_pushing_another_stations_record_is_refused(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    c = _other_station_desk(make_desk, server, station)
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    foreign = {
        "id": "00000000-0000-4000-8000-000000000001",
        "entity": "reception",
        "entity_id": "00000000-0000-4000-8000-000000000002",
        "op": "insert",
        "fields": {"station_id": [None, c.store.station().id], "content": [None, "越权"]},
        "operator_id": None,
        "at": "2026-11-20T10:00:00",
    }
    client = SyncClient(server.url, a.store.setting("sync.token"))  # type: ignore[arg-type]
    with pytest.raises(SyncError) as err:
        client.push([foreign])
    client.close()
    assert err.value.code is SyncProblem.REFUSED


def test_editing_another_stations_case_is_refused(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    c = _other_station_desk(make_desk, server, station)
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    theirs = next(iter(rows(c.store, "reception")))
    change = {
        "id": "00000000-0000-4000-8000-000000000003",
        "entity": "reception",
        "entity_id": theirs,
        "op": "update",
        "fields": {"content": ["x", "越权修改"]},
        "operator_id": None,
        "at": "2026-11-20T10:00:00",
    }
    client = SyncClient(server.url, a.store.setting("sync.token"))  # type: ignore[arg-type]
    with pytest.raises(SyncError) as err:
        client.push([change])
    client.close()
    assert err.value.code is SyncProblem.REFUSED


def test_enrolled_desk_numbers_slips_from_granted_blocks(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    blocks = scalar(a.store, "SELECT count(*) FROM serial_block WHERE year = 2026")
    ref = a.refer(a.register())
    first = scalar(a.store, "SELECT min(first_seq) FROM serial_block")
    assert blocks == 2 and ref.serial == f"浉河监督岗〔2026〕第{first:03d}号"


def test_standalone_serials_are_never_granted_again(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 6)  # slips 001-003
    enroll_and_sync(a, server, station)
    assert scalar(a.store, "SELECT min(first_seq) FROM serial_block") > 3


def test_two_desks_of_a_station_never_print_the_same_serial(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    b = make_desk("b", server=server, station_id=station.station_id)
    serials = [a.refer(a.register()).serial for _ in range(3)] + [
        b.refer(b.register()).serial for _ in range(3)
    ]
    assert len(set(serials)) == 6


def test_offline_desk_without_numbers_left_refuses_to_print(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    with a.store.db.engine.begin() as conn:
        from sqlalchemy import text

        conn.execute(text("UPDATE serial_block SET next_seq = last_seq + 1"))
    server.stop()
    rid = a.register()
    with pytest.raises(NoSerialLeft):
        a.refer(rid)
    assert a.status(rid) == "awaiting_referral"


def test_sync_tops_up_serial_blocks(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    a.engine.block_size = 2
    enroll_and_sync(a, server, station)
    for _ in range(3):
        a.refer(a.register())
    a.sync()
    assert (
        a.engine.serials_left(2026) >= 2
        and scalar(a.store, "SELECT count(*) FROM serial_block WHERE next_seq <= last_seq") == 2
    )


def _cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "desk_app", "--data-dir", str(data_dir), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_cli_enroll_and_sync_print_what_went_up_and_came_down(make_desk, server, station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 2)
    waiting = pending(a.store) - scalar(a.store, "SELECT count(*) FROM change_log WHERE entity = 'station'")
    a.store.close()
    code = server.admin.enroll_code(station_id=station.station_id)
    enrolled = _cli(a.data_dir, "enroll", "--server", server.url, "--code", code)
    again = _cli(a.data_dir, "sync")
    a.store = type(a.store).open(a.data_dir, clock=a.clock)  # type: ignore[arg-type]
    assert enrolled.returncode == 0 and f"已发送 {waiting} 条" in enrolled.stdout
    assert again.returncode == 0 and "已发送 0 条" in again.stdout and "已接收 0 条" in again.stdout


def test_cli_sync_fails_in_plain_chinese_when_the_server_is_down(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    server.stop()
    out = _cli(a.data_dir, "sync")
    assert out.returncode == 1 and "连不上中心服务器" in out.stderr


def test_cli_sync_of_a_standalone_desk_says_it_is_not_enrolled(make_desk) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    out = _cli(a.data_dir, "sync")
    assert out.returncode == 1 and "还没有注册" in out.stderr


def test_status_endpoint_answers_an_enrolled_desk(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    enroll_and_sync(a, server, station)
    assert a.engine.check_online() is True
    r = requests.get(server.url + "/api/v1/status", timeout=5)
    assert r.status_code == 401


def enroll_and_sync(desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    report = desk.sync()
    assert report.ok, report
