"""Deadlines in working days on China's real 2026 calendar, with its swapped workdays (调休)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.deadlines import (
    add_working_days,
    calendar_years,
    is_known_year,
    is_working_day,
    working_days_between,
)

FIRST_YEAR, LAST_YEAR = calendar_years()


# Written out by hand (not from the module under test): 春节 of the years after the package's
# last one, for the statutory estimate (除夕 to 初三 off).
LUNAR_NEW_YEAR = {
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
    2030: date(2030, 2, 3),
    2031: date(2031, 1, 23),
}


def _statutory_off(day: date) -> bool:
    """元旦, 春节 (除夕-初三), 劳动节 (5-1, 5-2), 国庆 (10-1 to 10-3): the fixed-date and 春节 part of
    the statutory estimate (清明, 端午, 中秋 never fall in the periods these examples count)."""
    spring = LUNAR_NEW_YEAR[day.year]
    return (day.month, day.day) in {(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)} or spring - timedelta(
        days=1
    ) <= day <= spring + timedelta(days=2)


def _expected_due(start: date, n: int) -> date:
    """Count by hand: the calendar's own days up to its last year, then weekdays that are not
    statutory holidays."""
    day = start
    while n:
        day += timedelta(days=1)
        known = day.year <= LAST_YEAR
        if chinese_calendar.is_workday(day) if known else day.weekday() < 5 and not _statutory_off(day):
            n -= 1
    return day


DEC_20 = date(LAST_YEAR, 12, 20)
# Working days from 12-20 to the end of the calendar's last year (12-31 included).
LEFT_IN_YEAR = sum(chinese_calendar.is_workday(date(LAST_YEAR, 12, d)) for d in range(21, 32))


def test_calendar_covers_2004_to_at_least_2026() -> None:
    assert FIRST_YEAR <= 2004 and LAST_YEAR >= 2026


# Facts of the 2026 calendar the examples below rely on, checked against chinesecalendar itself.
def test_2026_national_day_facts() -> None:
    assert all(chinese_calendar.is_holiday(date(2026, 10, d)) for d in range(1, 8))
    assert chinese_calendar.is_workday(date(2026, 10, 8))
    assert chinese_calendar.is_workday(date(2026, 10, 10))  # a Saturday, swapped workday
    assert date(2026, 10, 10).weekday() == 5


def test_2026_spring_festival_facts() -> None:
    assert all(chinese_calendar.is_holiday(date(2026, 2, d)) for d in range(15, 24))
    assert chinese_calendar.is_workday(date(2026, 2, 14))  # Saturday before, swapped
    assert chinese_calendar.is_workday(date(2026, 2, 28))  # Saturday after, swapped


def test_start_day_is_not_counted() -> None:
    assert add_working_days(date(2026, 11, 16), 1).due == date(2026, 11, 17)


def test_friday_plus_one_is_next_monday() -> None:
    assert add_working_days(date(2026, 11, 20), 1).due == date(2026, 11, 23)


def test_slip_before_national_day_skips_the_holiday() -> None:
    assert add_working_days(date(2026, 9, 30), 1).due == date(2026, 10, 8)


def test_national_day_swapped_saturday_is_counted() -> None:
    # 10-08 Thu, 10-09 Fri, 10-10 Sat (swapped workday)
    assert add_working_days(date(2026, 9, 30), 3).due == date(2026, 10, 10)


def test_national_day_counting_resumes_monday_after_swapped_saturday() -> None:
    assert add_working_days(date(2026, 9, 30), 4).due == date(2026, 10, 12)


def test_swapped_sunday_before_national_day_is_a_working_day() -> None:
    # 2026-09-20 is a Sunday worked in exchange for the holiday.
    assert add_working_days(date(2026, 9, 18), 1).due == date(2026, 9, 20)


def test_spring_festival_swapped_saturday_is_counted() -> None:
    assert add_working_days(date(2026, 2, 13), 1).due == date(2026, 2, 14)


def test_spring_festival_holiday_is_skipped() -> None:
    assert add_working_days(date(2026, 2, 13), 2).due == date(2026, 2, 24)


def test_new_year_holiday_is_skipped() -> None:
    # 2026-01-01 and 01-02 are holidays, 01-03 Saturday; 01-04 Sunday is a swapped workday.
    assert add_working_days(date(2025, 12, 31), 1).due == date(2026, 1, 4)


def test_zero_working_days_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(date(2026, 11, 20), 0)


def test_deadline_keeps_the_requested_number_of_days() -> None:
    assert add_working_days(date(2026, 11, 20), 15).working_days == 15


def test_deadline_inside_known_years_is_not_estimated() -> None:
    d = add_working_days(DEC_20, LEFT_IN_YEAR)
    assert (d.due.year, d.estimated) == (LAST_YEAR, False)
    assert d.due == _expected_due(DEC_20, LEFT_IN_YEAR)


def test_deadline_counting_into_unknown_year_is_estimated() -> None:
    d = add_working_days(DEC_20, LEFT_IN_YEAR + 1)
    assert (d.due, d.estimated) == (_expected_due(DEC_20, LEFT_IN_YEAR + 1), True)
    assert d.due.year == LAST_YEAR + 1 and d.due.weekday() < 5


def test_fifteen_days_from_late_december_is_estimated() -> None:
    d = add_working_days(DEC_20, 15)
    assert (d.due, d.estimated) == (_expected_due(DEC_20, 15), True)


def test_last_day_of_the_known_years_plus_one_skips_new_years_day() -> None:
    """2026-12-31 + 1 working day was 2027-01-01 (元旦) when unknown years counted Mon-Fri."""
    d = add_working_days(date(LAST_YEAR, 12, 31), 1)
    assert d.due != date(LAST_YEAR + 1, 1, 1) and d.due == _expected_due(date(LAST_YEAR, 12, 31), 1)


def test_unknown_year_counts_monday_to_friday_outside_holidays() -> None:
    year = LAST_YEAR + 1
    assert not is_known_year(year)
    monday = next(date(year, 3, d) for d in range(1, 8) if date(year, 3, d).weekday() == 0)
    assert [is_working_day(monday + timedelta(i)) for i in range(7)] == [True] * 5 + [False] * 2


@pytest.mark.parametrize("offset", [-1, 0, 1, 2])
def test_unknown_year_spring_festival_is_off(offset: int) -> None:
    """The rota put deputies on duty on 除夕 of an unknown year: the estimate knows 春节."""
    assert not is_working_day(LUNAR_NEW_YEAR[LAST_YEAR + 1] + timedelta(days=offset))


@pytest.mark.parametrize(("month", "day"), [(1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3)])
def test_unknown_year_fixed_holidays_are_off(month: int, day: int) -> None:
    assert not is_working_day(date(LAST_YEAR + 1, month, day))


def test_working_days_between_counts_after_start_up_to_end() -> None:
    assert working_days_between(date(2026, 9, 30), date(2026, 10, 12)) == 4


def test_working_days_between_is_zero_when_end_not_after_start() -> None:
    assert working_days_between(date(2026, 10, 12), date(2026, 9, 30)) == 0


starts = st.dates(min_value=date(FIRST_YEAR, 1, 1), max_value=date(LAST_YEAR, 12, 31))
counts = st.integers(min_value=1, max_value=60)
fast = settings(max_examples=60, deadline=None)


@fast
@given(starts, counts)
def test_due_is_a_working_day_after_start(start: date, n: int) -> None:
    due = add_working_days(start, n).due
    assert due > start and is_working_day(due)


@fast
@given(starts, counts)
def test_one_more_day_is_later(start: date, n: int) -> None:
    assert add_working_days(start, n + 1).due > add_working_days(start, n).due


@fast
@given(starts, counts, counts)
def test_due_is_monotonic_in_n(start: date, n: int, m: int) -> None:
    a, b = sorted((n, m))
    assert add_working_days(start, a).due <= add_working_days(start, b).due


@fast
@given(starts, counts)
def test_working_days_between_inverts_add(start: date, n: int) -> None:
    assert working_days_between(start, add_working_days(start, n).due) == n


@fast
@given(starts, counts)
def test_estimated_exactly_when_due_leaves_known_years(start: date, n: int) -> None:
    d = add_working_days(start, n)
    assert d.estimated is (d.due.year > LAST_YEAR)
