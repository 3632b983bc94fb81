"""The tally's definitions, on facts alone (no database)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from desk_app.domain.tally import (
    CallbackFact,
    Figures,
    Period,
    ReferralFact,
    TallyFacts,
    build_tally,
    count,
    format_percent,
    month_period,
    percent,
)


def test_percent_has_two_decimals_rounded_half_up() -> None:
    assert percent(8237, 10000) == Decimal("82.37")
    assert percent(1, 800) == Decimal("0.13")  # 0.125: half up, not to even
    assert format_percent(percent(2, 3)) == "66.67%"


def test_rate_without_callbacks_is_a_dash() -> None:
    assert Figures().satisfaction_text == "—"


def test_satisfaction_counts_basically_satisfied_as_satisfied() -> None:
    f = Figures(callbacks=4, satisfied=1, basically_satisfied=2, dissatisfied=1)
    assert f.satisfaction_text == "75.00%"


def test_previous_of_a_month_is_the_calendar_month_before() -> None:
    assert month_period(2026, 3).previous() == Period(date(2026, 2, 1), date(2026, 2, 28))
    assert month_period(2026, 1).previous() == month_period(2025, 12)


def test_previous_of_a_range_is_the_same_length_before() -> None:
    assert Period(date(2026, 10, 5), date(2026, 10, 14)).previous() == Period(date(2026, 9, 25), date(2026, 10, 4))


def _ref(referred: date, due: date, replied: date | None, round_no: int = 1) -> ReferralFact:
    return ReferralFact("r", "s", round_no, "某单位", "walk_in", "物业", referred, due, replied)


def test_overdue_is_a_snapshot_at_the_period_end() -> None:
    facts = TallyFacts(referrals=[
        _ref(date(2026, 9, 1), date(2026, 9, 10), None),  # still open: overdue
        _ref(date(2026, 9, 1), date(2026, 9, 10), date(2026, 11, 2)),  # replied after the period: overdue then
        _ref(date(2026, 10, 20), date(2026, 11, 5), None),  # not due yet
    ])
    assert count(facts, month_period(2026, 10), date(2026, 11, 20))[("total", "")].overdue == 2


def test_overdue_snapshot_stops_at_today() -> None:
    facts = TallyFacts(referrals=[_ref(date(2026, 11, 1), date(2026, 11, 18), None)])
    assert count(facts, month_period(2026, 11), date(2026, 11, 17))[("total", "")].overdue == 0


def test_callbacks_count_in_the_month_they_were_made() -> None:
    cb = CallbackFact("r", "s", datetime(2026, 10, 31, 23, 59), "satisfied", "某单位", "walk_in", "")
    tally = build_tally(TallyFacts(callbacks=[cb]), month_period(2026, 11), today=date(2026, 11, 20), stations=["站"])
    assert (tally.current.callbacks, tally.previous.callbacks) == (0, 1)
    assert tally.previous.satisfaction_text == "100.00%"
