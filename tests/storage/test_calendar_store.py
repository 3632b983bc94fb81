"""The office's holiday calendar: typed in, used by every count of days, estimated deadlines moved."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from storage_helpers import Desk

from desk_app.domain.permissions import NotPermitted
from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, calendar_years
from tests.constants import DEPUTY_PIN

LAST = calendar_years()[1]
NEXT = LAST + 1


def new_year_notice(days_off: int = 3) -> list[OfficeDay]:
    return [
        OfficeDay(date(NEXT, 1, d), DayKind.HOLIDAY, HolidayName.NEW_YEAR) for d in range(1, days_off + 1)
    ]


@pytest.fixture
def late_december(desk: Desk, clock) -> str:  # type: ignore[no-untyped-def]
    """A slip handed over at the end of the known years: its deadline is an estimate."""
    clock.now = datetime(LAST, 12, 30, 10, 0)
    rid = desk.register(received_at=datetime(LAST, 12, 30, 9, 0))
    ref = desk.refer(rid, on=date(LAST, 12, 30), days=2)
    assert ref.due_estimated
    return rid


def test_entering_the_notice_recounts_estimated_deadlines_and_says_which_moved(
    desk: Desk, late_december: str
) -> None:
    before = desk.store.case_detail(late_december).current_referral
    assert before is not None
    applied = desk.store.set_calendar_year(NEXT, new_year_notice(days_off=5), by=desk.clerk.id)
    after = desk.store.case_detail(late_december).current_referral
    assert after is not None and not after.due_estimated and after.reply_due > before.reply_due
    assert [(m.reception_id, m.old_due, m.new_due) for m in applied.moved] == [
        (late_december, before.reply_due, after.reply_due)
    ]
    assert desk.store.case_detail(late_december).waiting_due == after.reply_due


def test_a_second_entry_of_the_same_notice_changes_nothing(desk: Desk) -> None:
    desk.store.set_calendar_year(NEXT, new_year_notice(), by=desk.clerk.id)
    entries = len(desk.store.change_log())
    applied = desk.store.set_calendar_year(NEXT, new_year_notice(), by=desk.clerk.id)
    assert (applied.days_set, applied.days_removed, len(desk.store.change_log())) == (0, 0, entries)


def test_the_calendar_travels_with_the_change_log(desk: Desk) -> None:
    desk.store.set_calendar_year(NEXT, new_year_notice(), by=desk.clerk.id)
    assert {e.entity for e in desk.store.change_log()[:3]} == {"calendar_day"}


def test_rota_skips_a_holiday_the_office_entered(desk: Desk) -> None:
    from desk_app.domain.rota import Period, SlotTemplate

    d = desk.store.save_deputy(by=desk.clerk.id, name="赵代表", level="county")
    desk.store.save_duty_group(by=desk.clerk.id, name="一组", deputy_ids=[d.id])
    monday = next(date(NEXT, 3, n) for n in range(1, 8) if date(NEXT, 3, n).weekday() == 0)
    desk.store.set_duty_pattern([SlotTemplate(0, Period.MORNING, 1)], by=desk.clerk.id)
    desk.store.set_calendar_year(
        NEXT, [OfficeDay(monday, DayKind.HOLIDAY, HolidayName.OTHER)], by=desk.clerk.id
    )
    desk.store.make_rota(monday, monday + timedelta(days=7), by=desk.clerk.id)
    days = {a.day for a in desk.store.rota(monday, monday + timedelta(days=7))}
    assert monday not in days and monday + timedelta(days=7) in days


def test_a_deputy_cannot_change_the_calendar(desk: Desk) -> None:
    deputy = desk.store.add_operator(by=desk.clerk.id, name="王代表", role="deputy", secret=DEPUTY_PIN)
    with pytest.raises(NotPermitted):
        desk.store.set_calendar_year(NEXT, new_year_notice(), by=deputy.id)
    assert desk.store.office_days(NEXT) == []
