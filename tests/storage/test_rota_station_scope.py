"""A district centre's desk makes and reads one station's rota and duty record (issue 13):
`make_rota(station_ids=...)` leaves every other station's duties as they are and books nobody
twice at the same time; `duty_records(station_ids=...)` counts that station's duties only."""

from __future__ import annotations

from datetime import date

from desk_app.domain.rota import Period, SlotTemplate
from desk_app.storage.models import Station
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.storage.test_rota_store import WED, roster

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))


def _other_station(store: DeskStore) -> str:
    with store.db.writing(None) as s:
        other = Station(
            name="老城街道人大代表工作站", short_name="老城站", kind="township_station", serial_pattern=""
        )
        s.add(other)
        s.flush()
        return other.id


def _two_stations(store: DeskStore, clerk: OperatorInfo, deputies: int = 6) -> tuple[str, str]:
    store.import_roster(roster(deputies), by=clerk.id)
    home, other = store.station().id, _other_station(store)
    for station_id in (home, other):
        store.set_duty_pattern([SlotTemplate(WED, Period.MORNING, 2)], by=clerk.id, station_id=station_id)
    return home, other


def test_making_one_station_s_rota_leaves_the_other_station_s_as_it_was(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    home, other = _two_stations(store, clerk)
    store.make_rota(*DECEMBER, by=clerk.id, station_ids=(home,))
    home_before = {(a.id, a.deputy_id) for a in store.rota(*DECEMBER, home)}
    made = store.make_rota(*DECEMBER, by=clerk.id, station_ids=(other,), seed=7)
    assert made.unfilled == ()
    assert {(a.id, a.deputy_id) for a in store.rota(*DECEMBER, home)} == home_before
    assert len(store.rota(*DECEMBER, other)) == len(store.rota(*DECEMBER, home)) > 0


def test_one_station_s_rota_books_nobody_who_is_on_duty_at_another_station_then(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    home, other = _two_stations(store, clerk, deputies=4)
    store.make_rota(*DECEMBER, by=clerk.id, station_ids=(home,))
    store.make_rota(*DECEMBER, by=clerk.id, station_ids=(other,))
    for a in store.rota(*DECEMBER, other):
        busy = {b.deputy_id for b in store.rota(a.day, a.day, home)}
        assert a.deputy_id not in busy


def test_without_stations_every_station_s_rota_is_made(store: DeskStore, clerk: OperatorInfo) -> None:
    home, other = _two_stations(store, clerk)
    store.make_rota(*DECEMBER, by=clerk.id)
    assert {a.station_id for a in store.rota(*DECEMBER)} == {home, other}


def test_the_duty_record_of_one_station_counts_its_duties_and_visits_only(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    store.import_roster(roster(2), by=clerk.id)
    ids = {d.name: d.id for d in store.deputy_profiles()}
    home, other = store.station().id, _other_station(store)
    day = store.today()
    store.add_assignment(by=clerk.id, day=day, period="morning", deputy_id=ids["代表00"], station_id=home)
    store.add_assignment(by=clerk.id, day=day, period="morning", deputy_id=ids["代表01"], station_id=other)
    store.record_visit(ids["代表00"], by=clerk.id, day=day, kind="inspection", station_id=other)
    at_other = {r.deputy_name: (r.scheduled, r.other_visits) for r in store.duty_records(day, day, (other,))}
    assert at_other == {"代表00": (0, 1), "代表01": (1, 0)}
    everywhere = {r.deputy_name: (r.scheduled, r.other_visits) for r in store.duty_records(day, day)}
    assert everywhere == {"代表00": (1, 1), "代表01": (1, 0)}
