"""Studios (工作室): a fixed weekday, public holidays skipped or moved, swapped working days never
opened unless the office recorded an exception. Checked over the whole of 2026 with the pinned
calendar package (its 2026 notice: swapped workdays 01-04, 02-14, 02-28, 05-09, 09-20, 10-10)."""

from __future__ import annotations

from datetime import date, timedelta

from desk_app.domain.rota import Period, SlotTemplate, StationPlan, duty_slots, make_rota
from desk_app.domain.studios import HolidayMove, OpeningKind, StudioRule, studio_openings
from desk_app.domain.workcalendar import PACKAGE_CALENDAR, DayKind, HolidayName, OfficeDay, WorkCalendar

YEAR = (date(2026, 1, 1), date(2026, 12, 31))
SKIP = StudioRule(HolidayMove.SKIP)
MOVE = StudioRule(HolidayMove.NEXT_WORKING_DAY)


def _weekdays_of_2026(weekday: int) -> list[date]:
    day, out = YEAR[0], []
    while day <= YEAR[1]:
        if day.weekday() == weekday:
            out.append(day)
        day += timedelta(days=1)
    return out


def _swapped_2026() -> set[date]:
    return {
        d for d in (YEAR[0] + timedelta(days=i) for i in range(365)) if PACKAGE_CALENDAR.is_swapped_workday(d)
    }


def _opened(weekday: int, rule: StudioRule, cal: WorkCalendar = PACKAGE_CALENDAR) -> list[date]:
    return [o.day for o in studio_openings([weekday], rule, *YEAR, cal) if o.day is not None]


def test_the_package_knows_2026_swapped_workdays() -> None:
    assert _swapped_2026() == {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }


def test_a_studio_never_opens_on_a_swapped_workday_in_2026_whatever_its_weekday() -> None:
    for weekday in range(5):
        for rule in (SKIP, MOVE):
            assert not set(_opened(weekday, rule)) & _swapped_2026(), (weekday, rule)


def test_a_studio_never_opens_on_a_public_holiday_in_2026() -> None:
    for weekday in range(5):
        for rule in (SKIP, MOVE):
            assert all(PACKAGE_CALENDAR.holiday(d) is None for d in _opened(weekday, rule))


def test_a_monday_studio_skipping_holidays_opens_on_every_working_monday_of_2026() -> None:
    mondays = _weekdays_of_2026(0)
    holidays = {date(2026, 2, 16), date(2026, 2, 23), date(2026, 4, 6), date(2026, 5, 4), date(2026, 10, 5)}
    assert _opened(0, SKIP) == [d for d in mondays if d not in holidays]
    assert len(_opened(0, SKIP)) == 47


def test_skipped_openings_are_listed_with_the_holiday() -> None:
    skipped = [
        o for o in studio_openings([0], SKIP, *YEAR, PACKAGE_CALENDAR) if o.kind is OpeningKind.SKIPPED
    ]
    assert [(o.fixed_day, o.holiday) for o in skipped] == [
        (date(2026, 2, 16), "春节"),
        (date(2026, 2, 23), "春节"),
        (date(2026, 4, 6), "清明节"),
        (date(2026, 5, 4), "劳动节"),
        (date(2026, 10, 5), "国庆节"),
    ]
    assert skipped[-1].note_zh() == "10月5日逢国庆节，本周停开"


def test_a_monday_studio_moving_holidays_opens_on_the_next_ordinary_working_day() -> None:
    moved = {
        o.fixed_day: o.day
        for o in studio_openings([0], MOVE, *YEAR, PACKAGE_CALENDAR)
        if o.kind is OpeningKind.MOVED
    }
    # 02-16's week is all Spring Festival; 02-23 (also a holiday) moves to Tuesday 02-24.
    assert moved == {
        date(2026, 2, 23): date(2026, 2, 24),
        date(2026, 4, 6): date(2026, 4, 7),
        date(2026, 5, 4): date(2026, 5, 6),
        date(2026, 10, 5): date(2026, 10, 8),
    }
    assert len(_opened(0, MOVE)) == 47 + 4


def test_a_moved_opening_passes_over_a_swapped_sunday() -> None:
    # Thursday 01-01: 01-02 is a holiday, 01-04 a swapped Sunday, so Monday 01-05.
    first = studio_openings([3], MOVE, date(2026, 1, 1), date(2026, 1, 10), PACKAGE_CALENDAR)[0]
    assert (first.kind, first.day) == (OpeningKind.MOVED, date(2026, 1, 5))
    assert first.note_zh() == "由1月1日（元旦）顺延"


def test_a_moved_opening_landing_on_the_next_fixed_day_is_dropped_not_doubled() -> None:
    # Thursday 10-01: the next ordinary working day is Thursday 10-08, the studio's own day.
    openings = studio_openings([3], MOVE, date(2026, 10, 1), date(2026, 10, 15), PACKAGE_CALENDAR)
    assert [(o.kind, o.day) for o in openings] == [
        (OpeningKind.SKIPPED, None),
        (OpeningKind.REGULAR, date(2026, 10, 8)),
        (OpeningKind.REGULAR, date(2026, 10, 15)),
    ]


def test_the_office_can_open_a_studio_on_a_swapped_saturday() -> None:
    rule = StudioRule(HolidayMove.SKIP, frozenset({date(2026, 2, 28)}))
    openings = studio_openings([0], rule, date(2026, 2, 27), date(2026, 3, 2), PACKAGE_CALENDAR)
    assert [(o.kind, o.day) for o in openings] == [
        (OpeningKind.OFFICE_EXCEPTION, date(2026, 2, 28)),
        (OpeningKind.REGULAR, date(2026, 3, 2)),
    ]


def test_an_office_exception_on_a_day_that_is_not_a_swapped_workday_opens_nothing() -> None:
    rule = StudioRule(HolidayMove.SKIP, frozenset({date(2026, 3, 1), date(2026, 10, 1)}))  # Sunday, holiday
    assert _opened(0, rule) == _opened(0, SKIP)


def test_the_office_calendar_is_followed_over_the_package() -> None:
    # The office marks Monday 03-02 a holiday: the studio does not open that day.
    cal = WorkCalendar([OfficeDay(date(2026, 3, 2), DayKind.HOLIDAY, HolidayName.OTHER)])
    assert date(2026, 3, 2) not in _opened(0, SKIP, cal)


def test_a_moved_opening_belongs_to_the_period_it_opens_in() -> None:
    # Thursday 2026-01-01 (元旦) opens on Monday 01-05: a rota from 01-05 holds it, one to 01-04 not.
    before = studio_openings([3], MOVE, date(2025, 12, 1), date(2026, 1, 4), PACKAGE_CALENDAR)
    assert all(o.kind is not OpeningKind.MOVED for o in before)
    after = studio_openings([3], MOVE, date(2026, 1, 5), date(2026, 1, 31), PACKAGE_CALENDAR)
    assert (after[0].kind, after[0].fixed_day, after[0].day) == (
        OpeningKind.MOVED,
        date(2026, 1, 1),
        date(2026, 1, 5),
    )


def test_studio_plan_gets_no_slot_on_a_swapped_saturday_but_a_station_does() -> None:
    pattern = (SlotTemplate(0, Period.MORNING, 3),)
    station = StationPlan("station", pattern, ("a", "b", "c"))
    studio = StationPlan("studio", pattern, ("a", "b", "c"), studio=SKIP)
    saturday = date(2026, 2, 28)  # swapped workday, paying for Monday 02-23
    assert saturday in {s.day for s in duty_slots(station, *YEAR)}
    assert saturday not in {s.day for s in duty_slots(studio, *YEAR)}


def test_studio_rota_puts_its_deputies_on_every_opening_of_2026() -> None:
    pattern = (SlotTemplate(2, Period.MORNING, 2), SlotTemplate(2, Period.AFTERNOON, 2))
    studio = StationPlan("studio", pattern, ("a", "b", "c", "d", "e"), studio=MOVE)
    rota = make_rota([studio], *YEAR)
    days = {a.slot.day for a in rota.assignments}
    assert days == set(_opened(2, MOVE))
    assert all(len(a.deputy_ids) == 2 for a in rota.assignments)
    assert not rota.unfilled


def test_a_studio_pattern_is_working_weekdays_with_two_or_three_deputies() -> None:
    from desk_app.domain.studios import pattern_fits_a_studio

    assert pattern_fits_a_studio([(0, "morning", 3)])
    assert pattern_fits_a_studio([(2, "morning", 1), (2, "morning", 1)])  # two rows adding up to 2
    assert not pattern_fits_a_studio([(0, "morning", 1)])
    assert not pattern_fits_a_studio([(0, "morning", 4)])
    assert not pattern_fits_a_studio([(5, "morning", 2)])  # Saturday is no fixed working day
