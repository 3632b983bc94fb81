"""China's official working calendar: holidays, swapped workdays (调休), and what the desk does
for a year the State Council has published but the installed package does not know yet.

Three sources, strongest first:

1. **The office's calendar** (`OfficeDay` rows the clerk imports or types from the State
   Council's notice; a district centre's reach its desks by sync). A year with any office day is
   a *known* year: its listed days are holidays or working days as listed, every other day
   follows the package where the package knows the year, else Monday to Friday.
2. **`chinesecalendar`**, pinned in pyproject.toml and updated yearly (docs/design.md), which
   carries each year's notice up to its last published year.
3. **An estimate** for any other year: the statutory holidays of the 全国年节及纪念日放假办法
   (as amended in 2024: 元旦 1 day, 春节 除夕-初三 4 days, 清明 1, 劳动节 2, 端午 1, 中秋 1,
   国庆 3), lunar dates from `lunardate`, without the bridging days and swapped workdays a
   notice adds. Every deadline counted through such a day says it is estimated.

`PACKAGE_CALENDAR` is the calendar without office days; the desk builds its own from its
database (storage) and passes it wherever days are counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import cache

import chinese_calendar
from lunardate import LunarDate


class HolidayName(StrEnum):
    NEW_YEAR = "new_year"
    SPRING_FESTIVAL = "spring_festival"
    TOMB_SWEEPING = "tomb_sweeping"
    LABOUR_DAY = "labour_day"
    DRAGON_BOAT = "dragon_boat"
    MID_AUTUMN = "mid_autumn"
    NATIONAL_DAY = "national_day"
    OTHER = "other"


HOLIDAY_ZH: dict[HolidayName, str] = {
    HolidayName.NEW_YEAR: "元旦",
    HolidayName.SPRING_FESTIVAL: "春节",
    HolidayName.TOMB_SWEEPING: "清明节",
    HolidayName.LABOUR_DAY: "劳动节",
    HolidayName.DRAGON_BOAT: "端午节",
    HolidayName.MID_AUTUMN: "中秋节",
    HolidayName.NATIONAL_DAY: "国庆节",
    HolidayName.OTHER: "其他",
}

# chinesecalendar's English names.
_PACKAGE_NAMES: dict[str, HolidayName] = {
    "New Year's Day": HolidayName.NEW_YEAR,
    "Spring Festival": HolidayName.SPRING_FESTIVAL,
    "Tomb-sweeping Day": HolidayName.TOMB_SWEEPING,
    "Labour Day": HolidayName.LABOUR_DAY,
    "Dragon Boat Festival": HolidayName.DRAGON_BOAT,
    "National Day": HolidayName.NATIONAL_DAY,
    "Mid-autumn Festival": HolidayName.MID_AUTUMN,
}


class DayKind(StrEnum):
    HOLIDAY = "holiday"  # 放假
    WORKDAY = "workday"  # 上班 (a swapped weekend workday, 调休上班)


@dataclass(frozen=True, slots=True)
class OfficeDay:
    """One line of a State Council notice as the office entered it."""

    day: date
    kind: DayKind
    name: HolidayName = HolidayName.OTHER


def package_years() -> tuple[int, int]:
    """First and last year the installed holiday package knows."""
    known = chinese_calendar.holidays.keys() | chinese_calendar.workdays.keys()
    return min(known).year, max(known).year


_PKG_FIRST, _PKG_LAST = package_years()


def _package_knows(year: int) -> bool:
    return _PKG_FIRST <= year <= _PKG_LAST


@cache
def statutory_holidays(year: int) -> dict[date, HolidayName]:
    """The statutory holidays of `year` by the 2024 rules, without a notice's bridging days."""
    days: dict[date, HolidayName] = {date(year, 1, 1): HolidayName.NEW_YEAR}
    new_year = LunarDate(year, 1, 1).to_solar_date()
    for i in range(-1, 3):  # 除夕 to 初三
        days[new_year + timedelta(days=i)] = HolidayName.SPRING_FESTIVAL
    for day, name in chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 10)):
        if name == "清明":
            days[day] = HolidayName.TOMB_SWEEPING
    days[date(year, 5, 1)] = days[date(year, 5, 2)] = HolidayName.LABOUR_DAY
    days[LunarDate(year, 5, 5).to_solar_date()] = HolidayName.DRAGON_BOAT
    days[LunarDate(year, 8, 15).to_solar_date()] = HolidayName.MID_AUTUMN
    for i in range(1, 4):
        days[date(year, 10, i)] = HolidayName.NATIONAL_DAY
    return days


class WorkCalendar:
    """Working days as the office, the package, or the statutory estimate says (strongest first)."""

    def __init__(self, office_days: Iterable[OfficeDay] = ()) -> None:
        self.office: dict[date, OfficeDay] = {d.day: d for d in office_days}
        self.office_years = frozenset(d.year for d in self.office)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, WorkCalendar) and other.office == self.office

    def __hash__(self) -> int:
        return hash(frozenset(self.office.items()))

    # -- what is known -------------------------------------------------------------------------

    def is_known_year(self, year: int) -> bool:
        """The year's notice is here (the office's or the package's): no day of it is a guess."""
        return year in self.office_years or _package_knows(year)

    def years(self) -> tuple[int, int]:
        """First and last known year."""
        known = set(self.office_years) | {_PKG_FIRST, _PKG_LAST}
        return min(known), max(known)

    @property
    def last_known_year(self) -> int:
        return self.years()[1]

    # -- days ------------------------------------------------------------------------------------

    def holiday(self, day: date) -> HolidayName | None:
        """The holiday `day` belongs to (a day off), None on a working day or a plain weekend."""
        entry = self.office.get(day)
        if entry is not None:
            return entry.name if entry.kind is DayKind.HOLIDAY else None
        if _package_knows(day.year):
            on_holiday, name = chinese_calendar.get_holiday_detail(day)
            return _PACKAGE_NAMES.get(name, HolidayName.OTHER) if on_holiday and name else None
        if day.year in self.office_years:
            return None
        return statutory_holidays(day.year).get(day)

    def is_working_day(self, day: date) -> bool:
        entry = self.office.get(day)
        if entry is not None:
            return entry.kind is DayKind.WORKDAY
        if _package_knows(day.year):
            return chinese_calendar.is_workday(day)
        if day.year not in self.office_years and day in statutory_holidays(day.year):
            return False
        return day.weekday() < 5

    def is_swapped_workday(self, day: date) -> bool:
        """A Saturday or Sunday made a working day to bridge a holiday (调休上班)."""
        return day.weekday() >= 5 and self.is_working_day(day)

    def is_estimated(self, day: date) -> bool:
        """Whether `day` was judged without a notice (statutory estimate)."""
        return not self.is_known_year(day.year)

    def duty_weekday(self, day: date) -> int | None:
        """The weekday (0 = Monday) whose duty pattern applies on `day`, or None on a day off.

        A swapped workday takes the pattern of the weekday it makes up for (the day off in lieu
        of the same holiday); if none is paired with it, it follows Monday's pattern.
        """
        if not self.is_working_day(day):
            return None
        if not self.is_swapped_workday(day):
            return day.weekday()
        paid_for = self._in_lieu_pairs(day.year).get(day)
        return paid_for.weekday() if paid_for else 0

    def _in_lieu_pairs(self, year: int) -> dict[date, date]:
        """Each swapped workday of a holiday, paired in date order with a weekday it pays for.

        From the package: its in-lieu days. From the office: the weekday holidays of the same
        name, latest first (a notice puts the bridging days at the end of the break).
        """
        return _pairs(self, year)


@cache
def _pairs(cal: WorkCalendar, year: int) -> dict[date, date]:
    start = date(year - 1, 12, 1)
    by_name: dict[HolidayName, tuple[list[date], list[date]]] = {}
    for offset in range((date(year + 1, 1, 31) - start).days + 1):
        day = start + timedelta(days=offset)
        if cal.is_swapped_workday(day):
            name = _swap_name(cal, day)
            if name is not None:
                by_name.setdefault(name, ([], []))[0].append(day)
        elif day.weekday() < 5 and not cal.is_working_day(day):
            name = cal.holiday(day)
            office = day in cal.office
            if name is not None and (
                office or (_package_knows(day.year) and chinese_calendar.is_in_lieu(day))
            ):
                by_name.setdefault(name, ([], []))[1].append(day)
    pairs: dict[date, date] = {}
    for swapped, lieu in by_name.values():
        lieu = lieu[-len(swapped) :] if swapped else []
        pairs.update(zip(swapped, lieu, strict=False))
    return pairs


def _swap_name(cal: WorkCalendar, day: date) -> HolidayName | None:
    entry = cal.office.get(day)
    if entry is not None:
        return entry.name
    if _package_knows(day.year):
        _, name = chinese_calendar.get_holiday_detail(day)
        return _PACKAGE_NAMES.get(name) if name else None
    return None


PACKAGE_CALENDAR = WorkCalendar()


# The package-only calendar as plain functions (callers without an office calendar at hand).


def calendar_years() -> tuple[int, int]:
    """First and last year the installed calendar knows."""
    return package_years()


def is_known_year(year: int) -> bool:
    return PACKAGE_CALENDAR.is_known_year(year)


def is_working_day(day: date) -> bool:
    return PACKAGE_CALENDAR.is_working_day(day)


def is_swapped_workday(day: date) -> bool:
    return PACKAGE_CALENDAR.is_swapped_workday(day)


def duty_weekday(day: date) -> int | None:
    return PACKAGE_CALENDAR.duty_weekday(day)
