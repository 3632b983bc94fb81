"""A server restored from a backup: desks send again what it lost and pull what comes after, on
SQLite and PostgreSQL (docs/sync.md, "Server restored from a backup")."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sync_helpers import fill, rows, snapshot

from desk_app.storage.models import Reception, Referral, SerialBlock
from desk_app.sync import engine as engine_module
from desk_app.sync.engine import SyncEngine
from tests.server_process import (
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
    postgres_base_url,
)


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[ServerProcess]:
    url = None
    if request.param == "postgresql":
        url = fresh_postgres_database(postgres_base_url(), migrated=True)
    srv = ServerProcess(tmp_path / "server", url, migrated=True)
    srv.start()
    yield srv
    srv.close()
    if url:
        drop_postgres_database(url)


def _backup(server: ServerProcess, file: Path) -> None:
    done = server.cli("backup", "--out", str(file))
    assert done.returncode == 0, done.stderr


def _restore(server: ServerProcess, file: Path) -> None:
    server.stop()
    done = server.cli("restore", str(file))
    assert done.returncode == 0, done.stderr
    server.start()


def _enrolled(make_desk, server, station, name="a", block_size=50):  # type: ignore[no-untyped-def]
    desk = make_desk(name)
    desk.engine = SyncEngine(desk.store, desk_name=name, block_size=block_size)
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.sync().ok
    return desk


def test_desks_send_again_and_pull_again_after_a_restore(make_desk, server, station, tmp_path) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    b = make_desk("b", server=server, station_id=station.station_id)
    _backup(server, tmp_path / "server.backup")
    lost = a.register("备份之后登记的")
    assert a.sync().ok and b.sync().ok and lost in rows(b.store, "reception")
    _restore(server, tmp_path / "server.backup")  # the server forgets `lost`; b's cursor is past its end
    after = a.register("恢复之后登记的")
    report = a.sync()
    assert report.ok and report.sent == 2  # `lost` again, and the new one
    assert b.sync().ok
    assert after in rows(b.store, "reception")  # b pulled again from the backup's last change
    c = make_desk("c", server=server, station_id=station.station_id)
    assert snapshot(a.store) == snapshot(b.store) == snapshot(c.store)


def test_a_standalone_desks_changes_sent_again_after_a_restore_name_the_servers_station(
    make_desk, server, station, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    made = fill(a, 4)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    _backup(server, tmp_path / "server.backup")  # before the desk's first push
    monkeypatch.setattr(
        engine_module, "COMPACT_SECONDS", 0.0
    )  # nothing folded: the log's own text goes again
    assert a.sync().ok
    _restore(server, tmp_path / "server.backup")
    report = a.sync()
    assert report.ok and report.rejected == 0 and report.sent > 0
    c = make_desk("c", server=server, station_id=station.station_id)
    with c.store.db.reading() as s:
        assert dict(s.execute(select(Reception.id, Reception.station_id)).all()) == {
            rid: station.station_id for rid in made
        }


def test_slip_numbers_granted_after_the_backup_are_never_granted_again(
    make_desk, server, station, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station, block_size=5)
    _backup(server, tmp_path / "server.backup")
    fill(a, 12)  # six slips: both blocks used up, so new ones are granted after the backup
    assert a.sync().ok
    _restore(server, tmp_path / "server.backup")
    b = _enrolled(make_desk, server, station, name="b", block_size=5)
    assert a.sync().ok

    def numbers(desk) -> set[int]:  # type: ignore[no-untyped-def]
        with desk.store.db.reading() as s:
            return {n for blk in s.query(SerialBlock) for n in range(blk.first_seq, blk.last_seq + 1)}

    assert not numbers(a) & numbers(b)


def test_slips_of_a_rekeyed_unit_sent_again_after_a_restore_name_the_kept_unit(
    make_desk, server, station, tmp_path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    b = make_desk("b")
    made = set(fill(b, 4))
    b.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    _backup(server, tmp_path / "server.backup")  # before b's first push
    monkeypatch.setattr(engine_module, "COMPACT_SECONDS", 0.0)  # nothing folded: the log's text goes
    assert b.engine.push_round().rekeys >= 1  # b's unit of the same name: the server keeps a's
    assert b.sync().ok
    _restore(server, tmp_path / "server.backup")  # the server forgets b's changes and the rekey
    report = b.sync()
    assert report.ok and report.rejected == 0 and report.sent > 0
    c = make_desk("c", server=server, station_id=station.station_id)
    with c.store.db.reading() as s:
        units = {
            rid: unit
            for rid, unit in s.execute(select(Referral.reception_id, Referral.handling_unit_id))
            if rid in made
        }
    assert len(units) == 2 and set(units.values()) == {a.unit.id}
