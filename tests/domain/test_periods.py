"""Report periods (domain.periods): what kind a period is, the period before it, the same period
last year, and the period as written on the command line."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.domain.periods import (
    Period,
    PeriodKind,
    half_period,
    month_period,
    parse_period,
    period_of,
    quarter_period,
    year_period,
)


def test_the_half_year_before_the_first_half_is_the_second_half_of_last_year() -> None:
    # The bug of issue 11: 1 Jan - 30 Jun compared with "2025年7月4日至2025年12月31日".
    assert Period(date(2026, 1, 1), date(2026, 6, 30)).previous() == Period(
        date(2025, 7, 1), date(2025, 12, 31)
    )


def test_a_period_s_kind_follows_from_its_dates() -> None:
    assert Period(date(2026, 4, 1), date(2026, 6, 30)).kind is PeriodKind.QUARTER
    assert Period(date(2026, 7, 1), date(2026, 12, 31)).kind is PeriodKind.HALF
    assert Period(date(2026, 1, 1), date(2026, 12, 31)).kind is PeriodKind.YEAR
    assert Period(date(2026, 2, 1), date(2026, 2, 28)).kind is PeriodKind.MONTH
    assert Period(date(2026, 2, 1), date(2026, 4, 30)).kind is PeriodKind.RANGE  # three months, not a quarter
    assert Period(date(2026, 2, 2), date(2026, 2, 28)).kind is PeriodKind.RANGE


@pytest.mark.parametrize(
    ("period", "before"),
    [
        (quarter_period(2026, 1), quarter_period(2025, 4)),
        (quarter_period(2026, 3), quarter_period(2026, 2)),
        (half_period(2026, 2), half_period(2026, 1)),
        (year_period(2026), year_period(2025)),
        (month_period(2026, 3), month_period(2026, 2)),
        (month_period(2026, 1), month_period(2025, 12)),
    ],
)
def test_the_period_before_a_calendar_period_is_the_one_of_the_same_kind(
    period: Period, before: Period
) -> None:
    assert period.previous() == before


def test_the_period_before_a_range_is_as_many_days_just_before() -> None:
    assert Period(date(2026, 10, 5), date(2026, 10, 14)).previous() == Period(
        date(2026, 9, 25), date(2026, 10, 4)
    )


@pytest.mark.parametrize(
    ("period", "ago"),
    [
        (month_period(2026, 2), month_period(2025, 2)),
        (month_period(2028, 2), month_period(2027, 2)),  # 29 days, then 28
        (quarter_period(2026, 4), quarter_period(2025, 4)),
        (half_period(2026, 1), half_period(2025, 1)),
        (year_period(2026), year_period(2025)),
    ],
)
def test_the_same_period_last_year_of_a_calendar_period(period: Period, ago: Period) -> None:
    assert period.year_ago() == ago


def test_the_same_days_last_year_of_a_range_turn_29_february_into_28() -> None:
    assert Period(date(2028, 2, 10), date(2028, 2, 29)).year_ago() == Period(
        date(2027, 2, 10), date(2027, 2, 28)
    )


def test_labels_name_the_calendar_period() -> None:
    assert quarter_period(2026, 3).label == "2026年第三季度"
    assert half_period(2026, 1).label == "2026年上半年" and half_period(2026, 2).label == "2026年下半年"
    assert year_period(2026).label == "2026年" and month_period(2026, 10).label == "2026年10月"
    assert Period(date(2026, 10, 5), date(2026, 10, 14)).label == "2026年10月5日至2026年10月14日"


def test_the_calendar_period_holding_a_day() -> None:
    day = date(2026, 8, 15)
    assert period_of(PeriodKind.QUARTER, day) == quarter_period(2026, 3)
    assert period_of(PeriodKind.HALF, day) == half_period(2026, 2)
    assert period_of(PeriodKind.YEAR, day) == year_period(2026)
    assert period_of(PeriodKind.MONTH, day) == month_period(2026, 8)


@pytest.mark.parametrize(
    ("text", "period"),
    [
        ("2026", year_period(2026)),
        ("2026-H1", half_period(2026, 1)),
        ("2026h2", half_period(2026, 2)),
        ("2026-Q3", quarter_period(2026, 3)),
        ("2026-10", month_period(2026, 10)),
        ("2026-01-05..2026-02-20", Period(date(2026, 1, 5), date(2026, 2, 20))),
    ],
)
def test_periods_as_written_on_the_command_line(text: str, period: Period) -> None:
    assert parse_period(text) == period


@pytest.mark.parametrize("text", ["2026-Q5", "2026-13", "2026-H3", "上半年", "2026-02-20..2026-01-05"])
def test_a_mistyped_period_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_period(text)
