"""China's official working calendar: holidays, swapped workdays (调休), and what the desk does
past the last year the State Council has published.

`chinesecalendar` carries each year's notice (it is updated when the notice comes out, late in
the year before). Past its last year the desk can only count Monday to Friday; callers say so
to the user (see deadlines.Deadline.estimated).
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

import chinese_calendar


def calendar_years() -> tuple[int, int]:
    """First and last year the installed calendar knows."""
    known = chinese_calendar.holidays.keys() | chinese_calendar.workdays.keys()
    return min(known).year, max(known).year


_FIRST_YEAR, _LAST_YEAR = calendar_years()


def is_known_year(year: int) -> bool:
    return _FIRST_YEAR <= year <= _LAST_YEAR


def is_working_day(day: date) -> bool:
    """Official working day; outside the known years, Monday to Friday."""
    if is_known_year(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < 5


def is_swapped_workday(day: date) -> bool:
    """A Saturday or Sunday made a working day to bridge a holiday (调休上班)."""
    return day.weekday() >= 5 and is_known_year(day.year) and chinese_calendar.is_workday(day)


@cache
def _in_lieu_pairs(holiday_name: str, year: int) -> dict[date, date]:
    """Each swapped workday of one holiday, paired in date order with the weekday it pays for."""
    start, end = date(year - 1, 12, 1), date(year + 1, 1, 31)
    lo, hi = max(start, date(_FIRST_YEAR, 1, 1)), min(end, date(_LAST_YEAR, 12, 31))
    swapped, in_lieu = [], []
    day = lo
    while day <= hi:
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        if name == holiday_name:
            if not on_holiday and day.weekday() >= 5:
                swapped.append(day)
            elif chinese_calendar.is_in_lieu(day):
                in_lieu.append(day)
        day += timedelta(days=1)
    return dict(zip(swapped, in_lieu, strict=False))


def duty_weekday(day: date) -> int | None:
    """The weekday (0 = Monday) whose duty pattern applies on `day`, or None on a day off.

    A swapped workday takes the pattern of the weekday it makes up for (the day off in lieu of
    the same holiday); if the notice pairs none, it follows Monday's pattern.
    """
    if not is_working_day(day):
        return None
    if not is_swapped_workday(day):
        return day.weekday()
    _, name = chinese_calendar.get_holiday_detail(day)
    paid_for = _in_lieu_pairs(name, day.year).get(day) if name else None
    return paid_for.weekday() if paid_for else 0
