"""check_status_change: the server's check of a pushed status, with the lifecycle's rules."""

from __future__ import annotations

import pytest

from desk_app.domain.lifecycle import (
    CaseStatus,
    IllegalMove,
    Move,
    NoSuchMove,
    Refusal,
    check_status_change,
)


def test_same_status_is_no_move() -> None:
    assert check_status_change(CaseStatus.REPLIED, CaseStatus.REPLIED) is None


def test_refer_from_awaiting_referral() -> None:
    assert check_status_change(CaseStatus.AWAITING_REFERRAL, CaseStatus.REFERRED) is Move.REFER


def test_second_round_refer_from_dissatisfied() -> None:
    assert check_status_change(CaseStatus.DISSATISFIED, CaseStatus.REFERRED) is Move.REFER


def test_callback_to_dissatisfied_is_a_callback() -> None:
    assert check_status_change(CaseStatus.REPLIED, CaseStatus.DISSATISFIED) is Move.CALLBACK


def test_sign_off_without_callback_is_refused_with_the_lifecycle_code() -> None:
    with pytest.raises(IllegalMove) as err:
        check_status_change(CaseStatus.REPLIED, CaseStatus.SIGNED_OFF)
    assert err.value.refusal is Refusal.NO_CALLBACK_YET


def test_satisfied_to_dissatisfied_can_only_be_a_corrected_verdict() -> None:
    """No second callback: the one way is a correction, which casebook checks against the callback."""
    assert check_status_change(CaseStatus.SATISFIED, CaseStatus.DISSATISFIED) is Move.CORRECT_VERDICT


def test_signed_off_case_cannot_become_satisfied_again() -> None:
    with pytest.raises(IllegalMove) as err:
        check_status_change(CaseStatus.SIGNED_OFF, CaseStatus.DISSATISFIED)
    assert err.value.refusal is Refusal.CASE_SIGNED_OFF


def test_signed_off_case_refuses_everything() -> None:
    with pytest.raises(IllegalMove) as err:
        check_status_change(CaseStatus.SIGNED_OFF, CaseStatus.REFERRED)
    assert err.value.refusal is Refusal.CASE_SIGNED_OFF


def test_no_move_leads_back_to_awaiting_referral() -> None:
    with pytest.raises(NoSuchMove):
        check_status_change(CaseStatus.REFERRED, CaseStatus.AWAITING_REFERRAL)
