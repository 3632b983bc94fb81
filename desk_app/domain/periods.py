"""Report periods: a calendar month, quarter, half-year or year, or any range of days.

A period is inclusive of its first and last day. What kind it is follows from its dates alone
(1 Jan - 30 Jun is the first half-year however it was chosen), so a workbook asked for
"--from 2026-01-01 --to 2026-06-30" compares with the right periods:

- the period before (上期, 环比) of a calendar period is the calendar period of the same kind just
  before it (the half-year before 1 Jan - 30 Jun 2026 is 1 Jul - 31 Dec 2025); of any other range,
  the same number of days just before it;
- the same period last year (同期, 同比) of a calendar period is the same kind of period a year
  before (2026年第一季度 -> 2025年第一季度); of any other range, the same days a year before (29 Feb
  becomes 28 Feb).

Pure: the standard library only.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    YEAR = "year"
    RANGE = "range"  # any other range of days


# Months in a calendar period of each kind.
_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.HALF: 6, PeriodKind.YEAR: 12}
QUARTER_ZH = ("第一季度", "第二季度", "第三季度", "第四季度")
HALF_ZH = ("上半年", "下半年")
KIND_ZH = {
    PeriodKind.MONTH: "月度",
    PeriodKind.QUARTER: "季度",
    PeriodKind.HALF: "半年",
    PeriodKind.YEAR: "年度",
    PeriodKind.RANGE: "期间",
}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return date(day.year - 1, 2, 28)


@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def kind(self) -> PeriodKind:
        s, e = self.start, self.end
        if s.day != 1 or e != _month_end(e.year, e.month):
            return PeriodKind.RANGE
        months = (e.year - s.year) * 12 + e.month - s.month + 1
        for kind, n in _MONTHS.items():
            if months == n and (s.month - 1) % n == 0:
                return kind
        return PeriodKind.RANGE

    @property
    def is_month(self) -> bool:
        return self.kind is PeriodKind.MONTH

    @property
    def is_calendar(self) -> bool:
        return self.kind is not PeriodKind.RANGE

    @property
    def label(self) -> str:
        s, e = self.start, self.end
        kind = self.kind
        if kind is PeriodKind.YEAR:
            return f"{s.year}年"
        if kind is PeriodKind.HALF:
            return f"{s.year}年{HALF_ZH[(s.month - 1) // 6]}"
        if kind is PeriodKind.QUARTER:
            return f"{s.year}年{QUARTER_ZH[(s.month - 1) // 3]}"
        if kind is PeriodKind.MONTH:
            return f"{s.year}年{s.month}月"
        return f"{s.year}年{s.month}月{s.day}日至{e.year}年{e.month}月{e.day}日"

    def _shift_months(self, n: int) -> Period:
        y, m = _add_months(self.start.year, self.start.month, n)
        ey, em = _add_months(self.end.year, self.end.month, n)
        return Period(date(y, m, 1), _month_end(ey, em))

    def previous(self) -> Period:
        """The period before (上期): the calendar period of the same kind just before, else the
        same number of days just before."""
        kind = self.kind
        if kind is not PeriodKind.RANGE:
            return self._shift_months(-_MONTHS[kind])
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))

    def year_ago(self) -> Period:
        """The same period last year (同期, for 同比): the calendar period of the same kind a year
        before, else the same days a year before (29 February becomes 28 February)."""
        if self.kind is not PeriodKind.RANGE:
            return self._shift_months(-12)
        return Period(_year_before(self.start), _year_before(self.end))


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), _month_end(year, month))


def quarter_period(year: int, quarter: int) -> Period:
    if not 1 <= quarter <= 4:
        raise ValueError("a quarter is 1 to 4")
    first = 3 * (quarter - 1) + 1
    return Period(date(year, first, 1), _month_end(year, first + 2))


def half_period(year: int, half: int) -> Period:
    if half not in (1, 2):
        raise ValueError("a half-year is 1 or 2")
    first = 1 if half == 1 else 7
    return Period(date(year, first, 1), _month_end(year, first + 5))


def year_period(year: int) -> Period:
    return Period(date(year, 1, 1), date(year, 12, 31))


def period_of(kind: PeriodKind, day: date) -> Period:
    """The calendar period of `kind` that holds `day` (RANGE: the day alone)."""
    if kind is PeriodKind.MONTH:
        return month_period(day.year, day.month)
    if kind is PeriodKind.QUARTER:
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    if kind is PeriodKind.HALF:
        return half_period(day.year, 1 if day.month <= 6 else 2)
    if kind is PeriodKind.YEAR:
        return year_period(day.year)
    return Period(day, day)


_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^(\d{4})$"), "year"),
    (re.compile(r"^(\d{4})-?[Hh]([12])$"), "half"),
    (re.compile(r"^(\d{4})-?[Qq]([1-4])$"), "quarter"),
    (re.compile(r"^(\d{4})-(\d{1,2})$"), "month"),
    (re.compile(r"^(\d{4}-\d{2}-\d{2})(?:\.\.|~|～|/)(\d{4}-\d{2}-\d{2})$"), "range"),
)


def parse_period(text: str) -> Period:
    """A period written as 2026 (year), 2026-H1 (half-year), 2026-Q3 (quarter), 2026-10 (month)
    or 2026-01-05..2026-02-20 (a range). Raises ValueError for anything else."""
    text = text.strip()
    for pattern, kind in _PATTERNS:
        m = pattern.match(text)
        if m is None:
            continue
        if kind == "range":
            return Period(date.fromisoformat(m.group(1)), date.fromisoformat(m.group(2)))
        year = int(m.group(1))
        if kind == "year":
            return year_period(year)
        n = int(m.group(2))
        if kind == "half":
            return half_period(year, n)
        if kind == "quarter":
            return quarter_period(year, n)
        if not 1 <= n <= 12:
            raise ValueError(f"no month {n}")
        return month_period(year, n)
    raise ValueError(f"not a period: {text!r} (2026, 2026-H1, 2026-Q3, 2026-10 or 2026-01-05..2026-02-20)")
