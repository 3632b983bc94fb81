"""Field checks of the reception and referral forms, and phone numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from desk_app.domain.validation import (
    MAX_CONTENT_CHARS,
    MAX_NAME_CHARS,
    MAX_SHORT_TEXT_CHARS,
    MAX_WORKING_DAYS,
    FieldError,
    FieldProblem,
    ReceptionDraft,
    ReferralDraft,
    is_valid_phone,
    normalize_phone,
    validate_not_before,
    validate_not_future,
    validate_reception,
    validate_referral,
    validate_text_required,
)

NOW = datetime(2026, 11, 20, 10, 0, 30)
TODAY = NOW.date()


@pytest.mark.parametrize(
    "phone",
    [
        "13900000000",
        "139-0000-0000",
        "139 0000 0000",
        "+8613900000000",
        "+86 139 0000 0000",
        "8613900000000",
        "(0376)6221234",
        "0376-6221234",
        "0376-1234567",
        "010-12345678",
        "（010）12345678",
        "6221234",
        "0376-6221234-801",
    ],
)
def test_valid_phones_are_accepted(phone: str) -> None:
    assert is_valid_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "",
        "   ",
        "12345",  # a hotline, not a citizen's phone
        "1234567890123456",
        "12900000000",  # no mobile starts with 12
        "1390000000",  # 10 digits
        "139000000001",  # 12 digits
        "139abcd0000",
        "phone",
        "13٩00000000",  # Arabic-Indic digit
        "+1 415 555 0100",
    ],
)
def test_invalid_phones_are_refused(phone: str) -> None:
    assert not is_valid_phone(phone)


def test_normalize_phone_removes_separators() -> None:
    assert normalize_phone(" 139-0000 (0000) ") == "13900000000"


def test_normalize_phone_keeps_leading_plus() -> None:
    assert normalize_phone("+86 139 0000 0000") == "+8613900000000"


def reception(**changes: object) -> ReceptionDraft:
    draft = ReceptionDraft(
        received_at=datetime(2026, 11, 20, 9, 30),
        channel="walk_in",
        content="小区电梯停运三天",
        outcome="needs_referral",
        citizen_name="张三",
        citizen_phone="13900000000",
        citizen_address="五星街道1号",
    )
    return replace(draft, **changes)


def problems(errors: list[FieldError]) -> set[tuple[str, FieldProblem]]:
    return {(e.field, e.problem) for e in errors}


def test_good_reception_has_no_errors() -> None:
    assert validate_reception(reception(), NOW) == []


def test_reception_in_the_current_minute_is_not_future() -> None:
    assert validate_reception(reception(received_at=datetime(2026, 11, 20, 10, 0, 59)), NOW) == []


def test_reception_in_the_next_minute_is_future() -> None:
    errors = validate_reception(reception(received_at=datetime(2026, 11, 20, 10, 1)), NOW)
    assert problems(errors) == {("received_at", FieldProblem.IN_FUTURE)}


def test_unknown_channel_is_refused() -> None:
    assert problems(validate_reception(reception(channel="fax"), NOW)) == {
        ("channel", FieldProblem.UNKNOWN_CHOICE)
    }


def test_unknown_outcome_is_refused() -> None:
    assert problems(validate_reception(reception(outcome="ignored"), NOW)) == {
        ("outcome", FieldProblem.UNKNOWN_CHOICE)
    }


@pytest.mark.parametrize("content", ["", "   \n\t"])
def test_blank_content_is_required(content: str) -> None:
    assert problems(validate_reception(reception(content=content), NOW)) == {
        ("content", FieldProblem.REQUIRED)
    }


def test_content_at_limit_is_accepted() -> None:
    assert validate_reception(reception(content="字" * MAX_CONTENT_CHARS), NOW) == []


def test_content_over_limit_is_too_long() -> None:
    errors = validate_reception(reception(content="字" * (MAX_CONTENT_CHARS + 1)), NOW)
    assert problems(errors) == {("content", FieldProblem.TOO_LONG)}


def test_long_citizen_name_is_refused() -> None:
    errors = validate_reception(reception(citizen_name="张" * (MAX_NAME_CHARS + 1)), NOW)
    assert problems(errors) == {("citizen_name", FieldProblem.TOO_LONG)}


def test_long_address_is_refused() -> None:
    errors = validate_reception(reception(citizen_address="路" * (MAX_SHORT_TEXT_CHARS + 1)), NOW)
    assert problems(errors) == {("citizen_address", FieldProblem.TOO_LONG)}


def test_bad_phone_is_refused() -> None:
    assert problems(validate_reception(reception(citizen_phone="12345"), NOW)) == {
        ("citizen_phone", FieldProblem.BAD_PHONE)
    }


def test_phone_is_optional() -> None:
    assert validate_reception(reception(citizen_phone=""), NOW) == []


def test_long_on_site_answer_is_refused() -> None:
    errors = validate_reception(reception(on_site_answer="答" * (MAX_CONTENT_CHARS + 1)), NOW)
    assert problems(errors) == {("on_site_answer", FieldProblem.TOO_LONG)}


def test_every_reception_problem_is_reported_at_once() -> None:
    draft = reception(channel="fax", outcome="x", content="", citizen_phone="abc")
    assert {e.field for e in validate_reception(draft, NOW)} == {
        "channel",
        "outcome",
        "content",
        "citizen_phone",
    }


def referral(**changes: object) -> ReferralDraft:
    draft = ReferralDraft(
        handling_unit_id="unit-1", handler="王科长", referred_on=TODAY, working_days=15, supervisor="赵代表"
    )
    return replace(draft, **changes)


def test_good_referral_has_no_errors() -> None:
    assert validate_referral(referral(), TODAY) == []


@pytest.mark.parametrize("unit", [None, ""])
def test_referral_needs_a_unit(unit: str | None) -> None:
    assert problems(validate_referral(referral(handling_unit_id=unit), TODAY)) == {
        ("handling_unit_id", FieldProblem.REQUIRED)
    }


def test_long_handler_is_refused() -> None:
    errors = validate_referral(referral(handler="王" * (MAX_NAME_CHARS + 1)), TODAY)
    assert problems(errors) == {("handler", FieldProblem.TOO_LONG)}


@pytest.mark.parametrize("days", [0, -1, MAX_WORKING_DAYS + 1])
def test_working_days_out_of_range_are_refused(days: int) -> None:
    assert problems(validate_referral(referral(working_days=days), TODAY)) == {
        ("working_days", FieldProblem.OUT_OF_RANGE)
    }


@pytest.mark.parametrize("days", [1, MAX_WORKING_DAYS])
def test_working_days_at_the_bounds_are_accepted(days: int) -> None:
    assert validate_referral(referral(working_days=days), TODAY) == []


def test_referral_dated_tomorrow_is_refused() -> None:
    errors = validate_referral(referral(referred_on=date(2026, 11, 21)), TODAY)
    assert problems(errors) == {("referred_on", FieldProblem.IN_FUTURE)}


@pytest.mark.parametrize("supervisor", ["", "  "])
def test_referral_needs_a_supervisor(supervisor: str) -> None:
    assert problems(validate_referral(referral(supervisor=supervisor), TODAY)) == {
        ("supervisor", FieldProblem.REQUIRED)
    }


def test_long_supervisor_is_refused() -> None:
    errors = validate_referral(referral(supervisor="赵" * (MAX_NAME_CHARS + 1)), TODAY)
    assert problems(errors) == {("supervisor", FieldProblem.TOO_LONG)}


def test_required_text_blank_is_required() -> None:
    assert problems(validate_text_required("reply_text", " ")) == {("reply_text", FieldProblem.REQUIRED)}


def test_required_text_over_limit_is_too_long() -> None:
    assert problems(validate_text_required("caller", "x" * 51, limit=50)) == {
        ("caller", FieldProblem.TOO_LONG)
    }


def test_date_before_start_is_refused() -> None:
    assert problems(validate_not_before("replied_on", date(2026, 1, 1), date(2026, 1, 2))) == {
        ("replied_on", FieldProblem.BEFORE_START)
    }


def test_date_on_start_is_accepted() -> None:
    assert validate_not_before("replied_on", date(2026, 1, 2), date(2026, 1, 2)) == []


def test_future_date_is_refused() -> None:
    assert problems(validate_not_future("replied_on", date(2026, 11, 21), TODAY)) == {
        ("replied_on", FieldProblem.IN_FUTURE)
    }


def test_today_is_not_future() -> None:
    assert validate_not_future("replied_on", TODAY, TODAY) == []
