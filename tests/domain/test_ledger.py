"""Ledger rows on their own: dates in the forms clerks type, inferred outcome, the source key."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.domain.ledger import parse_datetime, parse_row
from desk_app.domain.privacy import mask_phone

NOW = datetime(2026, 11, 20, 10, 0)


@pytest.mark.parametrize(
    "text", ["2026-10-12 09:30", "2026/10/12 9:30", "2026年10月12日 9时30分", "２０２６-10-12 09:30"]
)
def test_dates_in_the_forms_clerks_type(text: str) -> None:
    assert parse_datetime(text) == datetime(2026, 10, 12, 9, 30)


def test_an_excel_date_is_midnight() -> None:
    assert parse_datetime(date(2026, 10, 12)) == datetime(2026, 10, 12)


def test_outcome_is_inferred_from_the_row() -> None:
    referred, _ = parse_row(
        {
            "received_at": "2026-10-12",
            "content": "x",
            "referred_on": "2026-10-13",
            "unit": "城管局",
            "supervisor": "赵代表",
        },
        now=NOW,
    )
    on_site, _ = parse_row({"received_at": "2026-10-12", "content": "x", "on_site_answer": "已解释"}, now=NOW)
    assert referred is not None and referred.outcome == "needs_referral" and referred.working_days == 15
    assert on_site is not None and on_site.outcome == "resolved_on_site"


def test_source_key_ignores_formatting_but_not_content() -> None:
    a, _ = parse_row(
        {"received_at": "2026-10-12 09:30", "content": " 路灯不亮 ", "citizen_phone": "139-0000-0001"},
        now=NOW,
    )
    b, _ = parse_row(
        {"received_at": datetime(2026, 10, 12, 9, 30), "content": "路灯不亮", "citizen_phone": 13900000001},
        now=NOW,
    )
    c, _ = parse_row(
        {"received_at": "2026-10-12 09:30", "content": "路灯不亮了", "citizen_phone": "13900000001"}, now=NOW
    )
    assert a is not None and b is not None and c is not None
    assert a.source_key == b.source_key != c.source_key


def test_referral_without_unit_is_reported_by_column() -> None:
    entry, problems = parse_row(
        {"received_at": "2026-10-12", "content": "x", "referred_on": "2026-10-13", "supervisor": "赵代表"},
        now=NOW,
    )
    assert entry is None and [p.column for p in problems] == ["unit"]


@pytest.mark.parametrize("days", ["inf", "1e999", "十五"])
def test_unreadable_working_days_are_reported_not_raised(days: str) -> None:
    entry, problems = parse_row(
        {
            "received_at": "2026-10-12",
            "content": "x",
            "referred_on": "2026-10-13",
            "unit": "城管局",
            "supervisor": "赵代表",
            "working_days": days,
        },
        now=NOW,
    )
    assert entry is None and [p.column for p in problems] == ["working_days"]


@pytest.mark.parametrize(
    ("raw", "masked"),
    [("13912345678", "139****5678"), ("0376-6221234", "037****1234"), ("6221234", "62***34"), ("", "")],
)
def test_phone_masking(raw: str, masked: str) -> None:
    assert mask_phone(raw) == masked
