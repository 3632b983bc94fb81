"""The office's holiday notice reaches the other desks by sync, and their estimated deadlines
are counted again there (issue 9: "the district centre's calendar reaches its desks by sync;
estimated deadlines are recomputed when their year becomes known")."""

from __future__ import annotations

from datetime import date, datetime

from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, calendar_years

LAST = calendar_years()[1]


def test_a_notice_entered_on_one_desk_moves_the_other_desks_estimated_slip(
    make_desk,
    server,
    station,  # type: ignore[no-untyped-def]
    clock,
) -> None:
    a = make_desk("a")
    clock.now = datetime(LAST, 12, 29, 10, 0)
    from tests.sync.conftest import enroll

    enroll(a, server, station)
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    rid = b.register(received_at=datetime(LAST, 12, 29, 9, 0))
    slip = b.refer(rid, on=date(LAST, 12, 29), days=3)
    assert slip.due_estimated
    notice = [OfficeDay(date(LAST + 1, 1, d), DayKind.HOLIDAY, HolidayName.NEW_YEAR) for d in (1, 2, 3, 4, 5)]
    a.store.set_calendar_year(LAST + 1, notice, by=a.clerk.id)
    assert a.sync().ok
    report = b.sync()
    assert report.ok and [m.reception_id for m in report.moved_deadlines] == [rid]
    moved = b.store.case_detail(rid).current_referral
    assert moved is not None and not moved.due_estimated and moved.reply_due > slip.reply_due
    assert not [c for c in b.engine.conflicts() if c.kind == "rejected"]
    assert a.sync().ok
    on_a = a.store.case_detail(rid).current_referral
    assert on_a is not None and on_a.reply_due == moved.reply_due
