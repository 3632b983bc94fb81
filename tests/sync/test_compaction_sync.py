"""The change log compacted after a good sync (issue 16, storage/compaction.py) against a real
server: a compacted desk goes on syncing and agrees with the server, and a server restored from a
backup gets the compacted inserts back with their values."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sync_helpers import fill, pending, scalar, snapshot

from desk_app.storage import compaction
from desk_app.storage.coltypes import id_param, time_param
from desk_app.storage.models import utcnow
from desk_app.sync.engine import SyncEngine

CASE_FIELDS = "id, content, status, round_no, serial, unit_id, reply_due, citizen_name"


def _cases(desk) -> set[tuple]:  # type: ignore[no-untyped-def]
    with desk.store.db.engine.connect() as conn:
        return set(conn.exec_driver_sql(f"SELECT {CASE_FIELDS} FROM reception").all())


def _folded(desk) -> int:  # type: ignore[no-untyped-def]
    return int(scalar(desk.store, "SELECT count(*) FROM change_log WHERE folded = 1") or 0)


def _enrolled(make_desk, server, station, name="a"):  # type: ignore[no-untyped-def]
    desk = make_desk(name)
    desk.engine = SyncEngine(desk.store, desk_name=name)
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.sync().ok
    return desk


def test_a_good_sync_folds_what_it_pushed_and_nothing_else(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    fill(a, 6)
    report = a.sync()
    assert report.ok and report.folded > 0 and pending(a.store) == 0
    assert _folded(a) == scalar(a.store, "SELECT count(*) FROM change_log WHERE op = 'insert'")
    assert scalar(a.store, "SELECT count(*) FROM change_log WHERE folded = 1 AND changes != '{}'") == 0
    assert a.engine.status().pending == 0


def test_a_compacted_desk_goes_on_and_agrees_with_the_server(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    ids = fill(a, 6)
    assert a.sync().ok and _folded(a) > 0
    for rid in ids[1::2]:  # cases whose inserts are folded, moved on
        a.refer(rid)
        a.reply(rid)
    assert a.sync().ok and pending(a.store) == 0
    c = make_desk("c", server=server, station_id=station.station_id)
    assert snapshot(a.store) == snapshot(c.store)
    assert _cases(a) == _cases(c)


def test_a_restored_server_gets_the_folded_inserts_again_with_their_values(
    make_desk, server, station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    done = server.cli("backup", "--out", str(tmp_path / "server.backup"))
    assert done.returncode == 0, done.stderr
    lost = a.register("备份之后登记的：小区电梯停运")
    a.refer(lost)
    assert a.sync().ok
    assert (
        scalar(
            a.store, "SELECT folded FROM change_log WHERE entity_id = :r AND op = 'insert'", r=id_param(lost)
        )
        == 1
    )
    server.stop()
    done = server.cli("restore", str(tmp_path / "server.backup"))
    assert done.returncode == 0, done.stderr
    server.start()  # the server forgets `lost` and its slip
    report = a.sync()
    assert report.ok and report.sent >= 2 and report.rejected == 0
    c = make_desk("c", server=server, station_id=station.station_id)
    assert snapshot(a.store) == snapshot(c.store)
    assert _cases(a) == _cases(c)
    assert (
        scalar(c.store, "SELECT content FROM reception WHERE id = :r", r=id_param(lost))
        == "备份之后登记的：小区电梯停运"
    )


def _entries(desk) -> int:  # type: ignore[no-untyped-def]
    return int(scalar(desk.store, "SELECT count(*) FROM change_log") or 0)


def _long_after():  # type: ignore[no-untyped-def]
    return utcnow() + compaction.FOLDED_KEPT + timedelta(days=1)


def test_a_desk_that_dropped_its_old_entries_goes_on_and_agrees_with_the_server(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    ids = fill(a, 30)
    assert a.sync().ok
    before = _entries(a)
    assert a.engine.drop_folded(now=_long_after()) > 0
    assert _entries(a) < before
    for rid in ids[1::2]:  # cases whose inserts are gone from the log, moved on
        a.refer(rid)
        a.reply(rid)
    report = a.sync()
    assert report.ok and report.rejected == 0 and pending(a.store) == 0
    c = make_desk("c", server=server, station_id=station.station_id)
    assert snapshot(a.store) == snapshot(c.store)
    assert _cases(a) == _cases(c)


def test_a_restored_server_gets_what_came_after_its_backup_from_a_desk_that_dropped_older_entries(
    make_desk, server, station, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    fill(a, 30)
    assert a.sync().ok
    assert a.engine.drop_folded(now=_long_after()) > 0  # confirmed long before the backup
    done = server.cli("backup", "--out", str(tmp_path / "server.backup"))
    assert done.returncode == 0, done.stderr
    lost = a.register("备份之后登记的：小区电梯停运")
    a.refer(lost)
    assert a.sync().ok
    server.stop()
    done = server.cli("restore", str(tmp_path / "server.backup"))
    assert done.returncode == 0, done.stderr
    server.start()  # the server forgets `lost` and its slip
    report = a.sync()
    assert report.ok and report.sent >= 2 and report.rejected == 0
    c = make_desk("c", server=server, station_id=station.station_id)
    assert snapshot(a.store) == snapshot(c.store)
    assert _cases(a) == _cases(c)


def test_a_good_sync_drops_what_was_folded_longer_ago_than_kept(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    fill(a, 30)
    assert a.sync().ok
    before = _entries(a)
    with a.store.db.engine.begin() as conn:  # folded 91 days ago
        conn.exec_driver_sql(
            "UPDATE change_log_fold SET folded_at = ?",
            (time_param(utcnow() - compaction.FOLDED_KEPT - timedelta(days=1)),),
        )
    report = a.sync()
    assert report.ok and report.dropped > 0
    assert _entries(a) == before - report.dropped
