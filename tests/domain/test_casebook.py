"""The rule book: a status stands only on the records that justify it (the server replays with it)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import pytest

from desk_app.domain.casebook import (
    CallbackFact,
    CaseFacts,
    EventFact,
    SlipFact,
    WaitingRules,
    judge_child,
    judge_status,
    waiting_due,
)
from desk_app.domain.lifecycle import CaseStatus, Move, Refusal

S = CaseStatus
DAY = date(2026, 11, 2)  # a Monday


def slip(round_no: int = 1, attempt: int = 1, **kw: object) -> SlipFact:
    values = {"referred_on": DAY, "reply_due": date(2026, 11, 9)} | kw
    return SlipFact(f"s{round_no}.{attempt}", round_no, attempt, **values)  # type: ignore[arg-type]


def call(round_no: int = 1, verdict: str = "satisfied", cause: str = "", hour: int = 10) -> CallbackFact:
    return CallbackFact(f"c{round_no}.{hour}", round_no, datetime(2026, 11, 5, hour), verdict, cause)


def event(kind: str, round_no: int = 1, reason: str = "理由", hour: int = 12) -> EventFact:
    return EventFact(f"e{kind}{hour}", kind, round_no, datetime(2026, 11, 6, hour), reason)


def facts(status: CaseStatus, round_no: int = 1, **kw: object) -> CaseFacts:
    return CaseFacts(status, round_no, **kw)  # type: ignore[arg-type]


def refusal(before: CaseStatus, before_round: int, after: CaseFacts) -> Refusal | None:
    return judge_status(before, before_round, after).refusal


# -- 被满意: satisfaction only from a callback ---------------------------------------------------------


def test_satisfied_without_a_callback_is_refused() -> None:
    after = facts(S.SATISFIED, slips=(slip(replied_on=DAY),))
    assert refusal(S.REPLIED, 1, after) is Refusal.NO_CALLBACK_YET


def test_satisfied_with_a_satisfied_callback_of_the_round_stands() -> None:
    after = facts(S.SATISFIED, slips=(slip(replied_on=DAY),), callbacks=(call(),))
    assert refusal(S.REPLIED, 1, after) is None


def test_satisfied_on_a_callback_of_another_round_is_refused() -> None:
    after = facts(S.SATISFIED, 2, slips=(slip(replied_on=DAY), slip(2, replied_on=DAY)), callbacks=(call(1),))
    assert refusal(S.REPLIED, 2, after) is Refusal.NO_CALLBACK_YET


def test_satisfied_on_a_dissatisfied_callback_is_refused() -> None:
    after = facts(S.SATISFIED, slips=(slip(replied_on=DAY),), callbacks=(call(verdict="dissatisfied"),))
    assert refusal(S.REPLIED, 1, after) is Refusal.VERDICT_MISMATCH


def test_sign_off_skipping_the_callback_is_refused_by_the_lifecycle() -> None:
    after = facts(S.SIGNED_OFF, slips=(slip(replied_on=DAY),), signed_off=True)
    assert refusal(S.REPLIED, 1, after) is Refusal.NO_CALLBACK_YET


def test_sign_off_needs_who_and_when() -> None:
    after = facts(S.SIGNED_OFF, slips=(slip(replied_on=DAY),), callbacks=(call(),), signed_off=False)
    assert refusal(S.SATISFIED, 1, after) is Refusal.NOT_SIGNED


def test_sign_off_after_a_satisfied_callback_stands() -> None:
    after = facts(S.SIGNED_OFF, slips=(slip(replied_on=DAY),), callbacks=(call(),), signed_off=True)
    assert refusal(S.SATISFIED, 1, after) is None


def test_latest_callback_decides_after_a_correction() -> None:
    first, later = (
        call(verdict="satisfied", hour=9),
        call(verdict="dissatisfied", cause="unit_fault", hour=11),
    )
    after = facts(S.SATISFIED, slips=(slip(replied_on=DAY),), callbacks=(first, later))
    assert refusal(S.DISSATISFIED, 1, after) is Refusal.VERDICT_MISMATCH


# -- slips and rounds ---------------------------------------------------------------------------------


def test_referral_without_a_slip_is_refused() -> None:
    assert refusal(S.AWAITING_REFERRAL, 0, facts(S.REFERRED, 1)) is Refusal.NO_SLIP


def test_referral_must_open_the_next_round() -> None:
    assert refusal(S.AWAITING_REFERRAL, 0, facts(S.REFERRED, 2, slips=(slip(2),))) is Refusal.WRONG_ROUND


def test_round_two_needs_a_dissatisfied_callback_of_round_one() -> None:
    after = facts(
        S.REFERRED, 2, slips=(slip(replied_on=DAY), slip(2)), callbacks=(call(verdict="satisfied"),)
    )
    assert refusal(S.DISSATISFIED, 1, after) is Refusal.VERDICT_MISMATCH


def test_round_two_after_dissatisfaction_stands() -> None:
    after = facts(
        S.REFERRED,
        2,
        slips=(slip(replied_on=DAY), slip(2)),
        callbacks=(call(verdict="dissatisfied", cause="unit_fault"),),
    )
    assert refusal(S.DISSATISFIED, 1, after) is None


def test_reply_without_the_slip_replied_is_refused() -> None:
    assert refusal(S.REFERRED, 1, facts(S.REPLIED, slips=(slip(),))) is Refusal.SLIP_NOT_REPLIED


def test_return_needs_the_slip_returned() -> None:
    assert refusal(S.REFERRED, 1, facts(S.RETURNED, slips=(slip(),))) is Refusal.SLIP_NOT_RETURNED


def test_re_referral_after_a_return_stays_in_the_round() -> None:
    after = facts(S.REFERRED, 1, slips=(slip(returned_on=DAY), slip(1, 2)))
    assert refusal(S.RETURNED, 1, after) is None


def test_re_referral_may_not_count_a_round() -> None:
    after = facts(S.REFERRED, 2, slips=(slip(returned_on=DAY), slip(2)))
    assert refusal(S.RETURNED, 1, after) is Refusal.WRONG_ROUND


def test_a_status_kept_with_another_round_is_refused() -> None:
    assert refusal(S.REFERRED, 1, facts(S.REFERRED, 3, slips=(slip(),))) is Refusal.WRONG_ROUND


# -- the office's moves stand on their recorded event ---------------------------------------------------


@pytest.mark.parametrize(
    ("before", "status", "kind"),
    [
        (S.SIGNED_OFF, S.REOPENED, "reopened"),
        (S.REFERRED, S.WITHDRAWN, "withdrawn"),
    ],
)
def test_moves_of_the_office_need_their_event(before: CaseStatus, status: CaseStatus, kind: str) -> None:
    base = facts(status, slips=(slip(),), callbacks=(call(),), signed_off=True)
    assert refusal(before, 1, base) is Refusal.NO_RECORD_OF_MOVE
    assert refusal(before, 1, replace(base, events=(event(kind),))) is None


def test_an_old_event_does_not_justify_a_second_move() -> None:
    """Reopened, withdrawn, then 'reopened' again on the first reopening's record: refused."""
    after = facts(S.REOPENED, events=(event("reopened", hour=9), event("withdrawn", hour=10)))
    assert refusal(S.WITHDRAWN, 1, after) is Refusal.NO_RECORD_OF_MOVE


def test_event_without_a_reason_is_refused() -> None:
    after = facts(S.WITHDRAWN, slips=(slip(),), events=(event("withdrawn", reason=" "),))
    assert refusal(S.REFERRED, 1, after) is Refusal.REASON_REQUIRED


def test_closing_with_explanation_needs_a_dissatisfaction_beyond_policy() -> None:
    base = facts(S.CLOSED_EXPLAINED, slips=(slip(replied_on=DAY),), events=(event("closed_explained"),))
    unit_fault = replace(base, callbacks=(call(verdict="dissatisfied", cause="unit_fault"),))
    beyond = replace(base, callbacks=(call(verdict="dissatisfied", cause="beyond_policy"),))
    assert refusal(S.DISSATISFIED, 1, unit_fault) is Refusal.NOT_BEYOND_POLICY
    assert refusal(S.DISSATISFIED, 1, beyond) is None


def test_void_after_a_slip_is_refused() -> None:
    after = facts(S.VOIDED, 0, slips=(slip(),), events=(event("voided", 0),))
    assert refusal(S.AWAITING_REFERRAL, 0, after) is Refusal.HAS_SLIP


def test_no_move_back_to_awaiting_referral() -> None:
    assert refusal(S.REFERRED, 1, facts(S.AWAITING_REFERRAL, 1)) is Refusal.NO_SUCH_MOVE


# -- records added to a case ------------------------------------------------------------------------------


def test_a_callback_record_needs_a_replied_case() -> None:
    assert judge_child(facts(S.REFERRED), Move.CALLBACK, 1) is Refusal.NO_REPLY_YET
    assert judge_child(facts(S.REPLIED), Move.CALLBACK, 1) is None


def test_a_callback_record_must_be_of_the_current_round() -> None:
    assert judge_child(facts(S.REPLIED, 2), Move.CALLBACK, 1) is Refusal.WRONG_ROUND


def test_a_slip_record_opens_the_next_round_or_repeats_it_after_a_return() -> None:
    assert judge_child(facts(S.DISSATISFIED, 1), Move.REFER, 2) is None
    assert judge_child(facts(S.DISSATISFIED, 1), Move.REFER, 1) is Refusal.WRONG_ROUND
    assert judge_child(facts(S.RETURNED, 1), Move.REFER, 1) is None


# -- waiting deadlines ------------------------------------------------------------------------------------

RULES = WaitingRules(callback_working_days=1, refer_working_days=3)


def test_referred_case_waits_for_its_slip_deadline() -> None:
    f = facts(S.REFERRED, slips=(slip(reply_due=date(2026, 11, 20)),))
    assert waiting_due(f, RULES).due == date(2026, 11, 20)


def test_replied_case_waits_one_working_day_for_the_callback() -> None:
    f = facts(S.REPLIED, slips=(slip(replied_on=date(2026, 11, 20)),))  # a Friday
    assert waiting_due(f, RULES).due == date(2026, 11, 23)


def test_dissatisfied_case_waits_for_the_next_slip() -> None:
    f = facts(S.DISSATISFIED, slips=(slip(replied_on=DAY),), callbacks=(call(verdict="dissatisfied"),))
    assert waiting_due(f, RULES).due == date(2026, 11, 10)  # 11-05 + 3 working days


def test_new_case_waits_for_its_first_slip() -> None:
    assert waiting_due(facts(S.AWAITING_REFERRAL, 0, received_on=DAY), RULES).due == date(2026, 11, 5)


@pytest.mark.parametrize("status", [S.SATISFIED, S.SIGNED_OFF, S.WITHDRAWN, S.VOIDED])
def test_states_waiting_on_nobody_have_no_deadline(status: CaseStatus) -> None:
    assert waiting_due(facts(status, received_on=DAY), RULES).due is None


# -- several moves logged as one status change (desks before the rule book) -------------------------


def test_a_jump_the_records_justify_step_by_step_stands() -> None:
    from desk_app.domain.casebook import judge_path

    after = facts(S.SIGNED_OFF, slips=(slip(replied_on=DAY),), callbacks=(call(),), signed_off=True)
    assert judge_path(S.REFERRED, 1, after).ok


def test_a_jump_over_a_missing_callback_is_refused() -> None:
    from desk_app.domain.casebook import judge_path

    after = facts(S.SIGNED_OFF, slips=(slip(replied_on=DAY),), signed_off=True)
    assert not judge_path(S.REFERRED, 1, after).ok
