"""Deadlines counted in working days on China's official holiday calendar.

The State Council publishes each year's holidays and swapped workdays (调休) late in the year
before; `chinesecalendar` carries them. Past the last published year we can only count Monday
to Friday, so every result says whether it leaned on that guess: the desk shows it to the clerk,
who can correct the date by hand once the new calendar is out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desk_app.domain.workcalendar import calendar_years, is_known_year, is_working_day

DEFAULT_REPLY_WORKING_DAYS = 15

__all__ = [
    "DEFAULT_REPLY_WORKING_DAYS", "Deadline", "add_working_days", "calendar_years", "is_known_year",
    "is_working_day", "working_days_between",
]


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    working_days: int
    # True when some day counted lies in a year the calendar does not know yet.
    estimated: bool


def add_working_days(start: date, working_days: int) -> Deadline:
    """The date `working_days` official working days after `start`.

    The start day itself is not counted: a slip handed over on a Friday with 1 working day is due
    on the next working day (Monday, or later after a holiday).
    """
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    day = start
    counted = 0
    estimated = False
    while counted < working_days:
        day += timedelta(days=1)
        if not is_known_year(day.year):
            estimated = True
        if is_working_day(day):
            counted += 1
    return Deadline(due=day, working_days=working_days, estimated=estimated)


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
