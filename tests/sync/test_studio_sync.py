"""Studios' rules and exceptions and theme reception days travel between a station's desks through
a real server (issue 14, item 2); a deputy's change of them is refused by the server's rule book."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from desk_app.domain.rota import Period, SlotTemplate
from desk_app.storage.records import OperatorInfo
from tests.constants import DEPUTY_PIN
from tests.sync.conftest import Station, enroll


def _studio(server) -> Station:  # type: ignore[no-untyped-def]
    name = f"银都区{uuid.uuid4().hex[:6]}"
    district = server.admin.create_district(name)
    station_id = server.admin.create_station(
        district, name="七里河社区人大代表工作室", short_name="七里河", kind="studio"
    )
    return Station(district, station_id, name)


def _first_desk(make_desk, server, station: Station):  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    enroll(desk, server, station)
    assert desk.sync().ok
    return desk


def test_a_studios_rule_and_exception_reach_the_other_desk(make_desk, server) -> None:  # type: ignore[no-untyped-def]
    studio = _studio(server)
    a = _first_desk(make_desk, server, studio)
    b = make_desk("b", server=server, station_id=studio.station_id)
    admin: OperatorInfo = a.clerk
    a.store.set_duty_pattern([SlotTemplate(0, Period.MORNING, 2)], by=admin.id)
    a.store.set_studio_holiday_move(studio.station_id, "next_working_day", by=admin.id)
    a.store.add_studio_exception(
        studio.station_id, date(2026, 2, 28), decided_by="王主任", reason="", by=admin.id
    )
    assert a.sync().ok
    assert b.sync().ok
    [info] = b.store.studios()
    assert info.holiday_move == "next_working_day"
    assert [(e.day, e.decided_by) for e in info.exceptions] == [(date(2026, 2, 28), "王主任")]
    assert not [c for c in b.engine.conflicts() if c.kind in ("rejected", "unapplied")]


def test_a_theme_day_and_its_tagged_reception_reach_the_other_desk(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _first_desk(make_desk, server, station)
    b = make_desk("b", server=server, station_id=station.station_id)
    day = a.now.date()
    theme_day_id = a.store.save_theme_day(
        by=a.clerk.id, day=day, theme="老旧小区加装电梯", invited_units="区住建局"
    )
    rid = a.register(received_at=datetime.combine(day, datetime.min.time()).replace(hour=9))
    a.store.tag_reception_to_theme_day(rid, theme_day_id, by=a.clerk.id)
    assert a.sync().ok
    assert b.sync().ok
    [t] = b.store.theme_days(day, day)
    assert (t.theme, t.invited_units, t.receptions) == ("老旧小区加装电梯", "区住建局", 1)
    assert b.store.theme_day_of(rid) == theme_day_id


def test_the_server_refuses_a_theme_day_planned_by_a_deputy(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _first_desk(make_desk, server, station)
    deputy = a.store.add_operator(by=a.clerk.id, name="值班代表", role="deputy", secret=DEPUTY_PIN)
    # Written past the desk's own check, as a tampered or outdated desk would push it.
    from desk_app.storage.models import ThemeDay

    with a.store.db.writing(deputy.id) as s:
        s.add(ThemeDay(station_id=station.station_id, day=date(2026, 11, 18), theme="私自安排"))
    a.sync()
    refused = [c for c in a.engine.conflicts() if c.kind == "rejected"]
    assert [c.code for c in refused if c.entity == "theme_day"] == ["not_permitted"]
