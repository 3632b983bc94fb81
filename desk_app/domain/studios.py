"""Studios (代表工作室 / 议事代表工作室): when a studio opens (issue 14, item 2).

The bulletin: "每个工作室，每周固定一个工作日，由2至3名人大代表、议事代表接待群众". A studio is a
station of kind `studio` whose duty pattern names its fixed weekday(s) and how many deputies sit
(2-3); unlike a township station it does not follow the general working calendar's swaps:

1. It opens on its fixed weekday when that day is an ordinary working day.
2. It never opens on a public holiday. When a holiday falls on the fixed day the office's rule
   for the studio decides: `skip` (that week's opening is dropped) or `next_working_day` (moved
   to the next ordinary working day, unless that day is already one of the studio's own
   openings, or none comes within a week: then dropped too).
3. It never opens on a swapped working weekend day (调休上班日), whichever weekday it makes up
   for, unless the office recorded an exception for that date (who decided it, and why): then it
   opens that day with the pattern of its first fixed weekday.

Pure: the calendar, the rule and the exceptions in, the openings (and the dropped ones, with the
reason, for the printed rota) out.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from desk_app.domain.workcalendar import HOLIDAY_ZH, WorkCalendar

# How many deputies (or 议事代表) sit at one opening: 2 to 3, by the bulletin.
STUDIO_MIN_DEPUTIES = 2
STUDIO_MAX_DEPUTIES = 3
# A moved opening looks this far ahead for a free working day.
MOVE_HORIZON_DAYS = 7


class HolidayMove(StrEnum):
    """What the office does with an opening whose fixed day is a public holiday."""

    SKIP = "skip"
    NEXT_WORKING_DAY = "next_working_day"


HOLIDAY_MOVE_ZH = {HolidayMove.SKIP: "当周停开", HolidayMove.NEXT_WORKING_DAY: "顺延至下一个工作日"}


class OpeningKind(StrEnum):
    REGULAR = "regular"  # on the fixed weekday
    MOVED = "moved"  # the fixed day was a holiday: moved to the next working day
    OFFICE_EXCEPTION = "office_exception"  # a swapped workday the office opened the studio on
    SKIPPED = "skipped"  # the fixed day was a holiday: no opening this week


@dataclass(frozen=True, slots=True)
class StudioRule:
    holiday_move: HolidayMove = HolidayMove.SKIP
    # Swapped working days (调休上班) on which the office decided the studio opens.
    open_on: frozenset[date] = frozenset()


@dataclass(frozen=True, slots=True)
class Opening:
    """One week's opening of a studio, or its absence.

    `fixed_day` is the pattern's day (the exception's own date for an office exception); `day`
    is when the studio opens (None when skipped); `weekday` the fixed weekday whose pattern
    (periods, how many deputies, group) applies."""

    fixed_day: date
    day: date | None
    kind: OpeningKind
    weekday: int
    holiday: str = ""  # the holiday's Chinese name when the fixed day was one

    def note_zh(self) -> str:
        """What the printed rota says beside the opening ("" for a regular one)."""
        if self.kind is OpeningKind.MOVED:
            return f"由{self.fixed_day.month}月{self.fixed_day.day}日（{self.holiday}）顺延"
        if self.kind is OpeningKind.SKIPPED:
            return f"{self.fixed_day.month}月{self.fixed_day.day}日逢{self.holiday}，本周停开"
        if self.kind is OpeningKind.OFFICE_EXCEPTION:
            return "调休上班日，经办公室决定开放"
        return ""


def pattern_fits_a_studio(slots: Iterable[tuple[int, str, int]]) -> bool:
    """Whether a duty pattern ((weekday, period, deputies needed), several rows of one weekday and
    period adding up) is a studio's: fixed working weekdays (Monday to Friday), 2-3 deputies each."""
    needed: dict[tuple[int, str], int] = {}
    for weekday, period, count in slots:
        needed[(weekday, period)] = needed.get((weekday, period), 0) + count
    return all(
        weekday < 5 and STUDIO_MIN_DEPUTIES <= count <= STUDIO_MAX_DEPUTIES
        for (weekday, _period), count in needed.items()
    )


def _fixed_days(weekdays: Collection[int], start: date, end: date) -> Iterable[date]:
    day = start
    while day <= end:
        if day.weekday() in weekdays:
            yield day
        day += timedelta(days=1)


def studio_openings(
    weekdays: Collection[int],
    rule: StudioRule,
    start: date,
    end: date,
    calendar: WorkCalendar,
) -> list[Opening]:
    """Every opening (and dropped opening) of a studio whose day or fixed day lies in start..end.

    A moved opening belongs to the period its new day falls in, so a month's rota and the next
    month's never both hold it (a fixed day at the end of a month may open early in the next).
    """
    fixed = sorted(set(weekdays))
    if not fixed:
        return []

    def regular(day: date) -> bool:
        return (
            day.weekday() in fixed and calendar.is_working_day(day) and not calendar.is_swapped_workday(day)
        )

    def exception(day: date) -> bool:
        return day in rule.open_on and calendar.is_swapped_workday(day)

    out: list[Opening] = []
    for fixed_day in _fixed_days(fixed, start - timedelta(days=MOVE_HORIZON_DAYS), end):
        if regular(fixed_day):
            if fixed_day >= start:
                out.append(Opening(fixed_day, fixed_day, OpeningKind.REGULAR, fixed_day.weekday()))
            continue
        name = calendar.holiday(fixed_day)
        if name is None:
            continue  # a plain weekend day named in the pattern: a studio opens on workdays only
        holiday = HOLIDAY_ZH[name]
        moved: date | None = None
        if rule.holiday_move is HolidayMove.NEXT_WORKING_DAY:
            for i in range(1, MOVE_HORIZON_DAYS + 1):
                candidate = fixed_day + timedelta(days=i)
                if regular(candidate) or exception(candidate):
                    break  # already an opening of its own: the moved one is dropped, not doubled
                if calendar.is_working_day(candidate) and not calendar.is_swapped_workday(candidate):
                    moved = candidate
                    break
        if moved is not None:
            if start <= moved <= end:
                out.append(Opening(fixed_day, moved, OpeningKind.MOVED, fixed_day.weekday(), holiday))
        elif fixed_day >= start:
            out.append(Opening(fixed_day, None, OpeningKind.SKIPPED, fixed_day.weekday(), holiday))
    for day in sorted(rule.open_on):
        if start <= day <= end and exception(day):
            out.append(Opening(day, day, OpeningKind.OFFICE_EXCEPTION, fixed[0]))
    out.sort(key=lambda o: (o.day or o.fixed_day, o.fixed_day))
    return out
