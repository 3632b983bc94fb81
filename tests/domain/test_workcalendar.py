"""The office's calendar over the package's: a typed State Council notice makes a year known."""

from __future__ import annotations

from datetime import date, timedelta

from desk_app.domain.deadlines import add_working_days
from desk_app.domain.workcalendar import (
    PACKAGE_CALENDAR,
    DayKind,
    HolidayName,
    OfficeDay,
    WorkCalendar,
    calendar_years,
)

LAST = calendar_years()[1]
NEXT = LAST + 1


def notice() -> list[OfficeDay]:
    """A made-up notice for the first year the package does not know: 元旦 1-1 to 1-3 off, with
    a Saturday made a working day, and the first Monday of March off."""
    jan = [OfficeDay(date(NEXT, 1, d), DayKind.HOLIDAY, HolidayName.NEW_YEAR) for d in (1, 2, 3)]
    saturday = next(date(NEXT, 1, d) for d in range(4, 15) if date(NEXT, 1, d).weekday() == 5)
    monday = next(date(NEXT, 3, d) for d in range(1, 8) if date(NEXT, 3, d).weekday() == 0)
    return [
        *jan,
        OfficeDay(saturday, DayKind.WORKDAY, HolidayName.NEW_YEAR),
        OfficeDay(monday, DayKind.HOLIDAY, HolidayName.OTHER),
    ]


def test_an_entered_year_becomes_known() -> None:
    assert not PACKAGE_CALENDAR.is_known_year(NEXT)
    assert WorkCalendar(notice()).is_known_year(NEXT)
    assert WorkCalendar(notice()).last_known_year == NEXT


def test_entered_days_follow_the_notice() -> None:
    cal = WorkCalendar(notice())
    days = {d.day: d for d in notice()}
    for day, entry in days.items():
        assert cal.is_working_day(day) is (entry.kind is DayKind.WORKDAY)


def test_a_swapped_saturday_is_a_working_day_and_others_are_not() -> None:
    cal = WorkCalendar(notice())
    saturday = next(d.day for d in notice() if d.kind is DayKind.WORKDAY)
    assert cal.is_swapped_workday(saturday)
    assert not cal.is_working_day(saturday + timedelta(days=7))


def test_unlisted_days_of_an_entered_year_are_monday_to_friday() -> None:
    """The notice lists every day off: a statutory day it does not list (5-1) is a working day."""
    cal = WorkCalendar(notice())
    may_first = date(NEXT, 5, 1)
    assert cal.is_working_day(may_first) is (may_first.weekday() < 5)


def test_deadlines_counted_on_an_entered_year_are_not_estimated() -> None:
    d = add_working_days(date(LAST, 12, 28), 5, WorkCalendar(notice()))
    assert not d.estimated and d.due.year == NEXT


def test_office_days_override_a_year_the_package_knows() -> None:
    """A correction of a published year (a notice amended late) wins over the package."""
    national_day = date(LAST, 10, 1)
    assert not PACKAGE_CALENDAR.is_working_day(national_day)
    cal = WorkCalendar([OfficeDay(national_day, DayKind.WORKDAY, HolidayName.NATIONAL_DAY)])
    assert cal.is_working_day(national_day)


def test_swapped_workday_takes_the_pattern_of_the_weekday_it_pays_for() -> None:
    cal = WorkCalendar(notice())
    saturday = next(d.day for d in notice() if d.kind is DayKind.WORKDAY)
    # The notice's latest weekday holiday of 元旦 is what the Saturday makes up for.
    paid = max(
        d.day
        for d in notice()
        if d.kind is DayKind.HOLIDAY and d.name is HolidayName.NEW_YEAR and d.day.weekday() < 5
    )
    assert cal.duty_weekday(saturday) == paid.weekday()
