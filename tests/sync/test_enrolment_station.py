"""Enrolment gives the desk the server's station id without rewriting its change log (issue 16:
a 100k-case desk's log is ~180 MB of JSON). A change logged under an earlier station id takes the
station's id of now when it is pushed (`engine._pushed_form`, setting `sync.station_ids`)."""

from __future__ import annotations

import json

from sqlalchemy import select
from sync_helpers import fill, pending, recording_pushes, scalar

from desk_app.storage.models import Reception
from tests.sync.conftest import Station, enroll


def _stations_of_cases(desk) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with desk.store.db.reading() as s:
        return dict(s.execute(select(Reception.id, Reception.station_id)).all())


def _other_station(server, station: Station) -> Station:  # type: ignore[no-untyped-def]
    other = server.admin.create_station(
        station.district_id, name="浉河区湖东街道代表联络站", short_name="湖东站"
    )
    return Station(station.district_id, other, station.district_name)


def test_a_pushed_change_never_carries_the_desks_own_station_id(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 4)
    own = desk.store.station().id
    enroll(desk, server, station)
    assert scalar(desk.store, "SELECT count(*) FROM change_log WHERE instr(changes, :o) > 0", o=own)
    sent = recording_pushes(desk, monkeypatch)
    assert desk.sync().ok and pending(desk.store) == 0
    assert sent and own not in json.dumps(sent)
    cases = [c for c in sent if c["entity"] == "reception" and c["op"] == "insert"]
    assert len(cases) == 4 and {c["fields"]["station_id"][1] for c in cases} == {station.station_id}


def test_cases_logged_before_enrolment_reach_another_desk_at_the_servers_station(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    made = fill(a, 5)
    enroll(a, server, station)
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    assert _stations_of_cases(b) == {rid: station.station_id for rid in made}


def test_a_desk_enrolled_twice_before_its_first_sync_pushes_at_the_second_station(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    second = _other_station(server, station)
    a = make_desk("a")
    made = fill(a, 3)
    first_station = station.station_id
    enroll(a, server, station)
    enroll(a, server, second)
    sent = recording_pushes(a, monkeypatch)
    report = a.sync()
    assert report.ok and report.rejected == 0 and pending(a.store) == 0
    assert first_station not in json.dumps(sent)
    b = make_desk("b", server=server, station_id=second.station_id)
    assert _stations_of_cases(b) == {rid: second.station_id for rid in made}


def test_cases_logged_at_one_station_go_up_naming_the_next_after_enrolling_again(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    second = _other_station(server, station)
    a = make_desk("a")
    enroll(a, server, station)
    assert a.sync().ok
    offline = {a.register("离线登记：路灯不亮"), a.register("离线登记：垃圾清运")}
    enroll(a, server, second)
    sent = recording_pushes(a, monkeypatch)
    # Not refused as naming another station. (The server still refuses each case: its clerk is
    # an operator of the first station, not of the second; that is the server's scope rule.)
    assert a.sync().ok
    cases = [c for c in sent if c["entity"] == "reception" and c["op"] == "insert"]
    assert {c["entity_id"] for c in cases} == offline
    assert {c["fields"]["station_id"][1] for c in cases} == {second.station_id}
    assert station.station_id not in json.dumps(sent)
