"""Deadlines counted in working days on China's official holiday calendar.

The State Council publishes each year's holidays and swapped workdays (调休) late in the year
before; the office enters them (or the holiday package carries them). For a year nobody has
entered yet, the calendar estimates from the statutory holidays (workcalendar), so every result
says whether it leaned on that guess: the desk shows it to the clerk, and recomputes estimated
deadlines once the year's notice is entered (casebook / storage).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from desk_app.domain.workcalendar import (
    PACKAGE_CALENDAR,
    WorkCalendar,
    calendar_years,
    is_known_year,
    is_working_day,
)

DEFAULT_REPLY_WORKING_DAYS = 15
# The 12345 hotline's practice: call the citizen back by the next working day after the reply.
DEFAULT_CALLBACK_WORKING_DAYS = 1
# How long the office has to issue a slip (a new case, a second round, after a return or reopening).
DEFAULT_REFER_WORKING_DAYS = 3

__all__ = [
    "DEFAULT_CALLBACK_WORKING_DAYS",
    "DEFAULT_REFER_WORKING_DAYS",
    "DEFAULT_REPLY_WORKING_DAYS",
    "Deadline",
    "add_working_days",
    "calendar_years",
    "is_known_year",
    "is_working_day",
    "working_days_between",
]


@dataclass(frozen=True, slots=True)
class Deadline:
    due: date
    working_days: int
    # True when some day counted lies in a year whose notice nobody has entered yet.
    estimated: bool


def add_working_days(start: date, working_days: int, calendar: WorkCalendar | None = None) -> Deadline:
    """The date `working_days` official working days after `start`.

    The start day itself is not counted: a slip handed over on a Friday with 1 working day is due
    on the next working day (Monday, or later after a holiday).
    """
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    cal = calendar or PACKAGE_CALENDAR
    day = start
    counted = 0
    estimated = False
    while counted < working_days:
        day += timedelta(days=1)
        if not cal.is_known_year(day.year):
            estimated = True
        if cal.is_working_day(day):
            counted += 1
    return Deadline(due=day, working_days=working_days, estimated=estimated)


def working_days_between(start: date, end: date, calendar: WorkCalendar | None = None) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    cal = calendar or PACKAGE_CALENDAR
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if cal.is_working_day(day):
            count += 1
    return count
