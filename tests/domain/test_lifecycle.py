"""The case lifecycle: every move in every state, and properties over random move sequences."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from desk_app.domain.lifecycle import (
    CaseStatus,
    IllegalMove,
    Move,
    Refusal,
    Transition,
    allowed_moves,
    check_move,
    initial_status,
    is_overdue,
    is_re_supervision,
)
from desk_app.domain.vocab import Outcome, Verdict

S = CaseStatus

# Written out by hand from DOMAIN.md and issue 9, not copied from the module under test.
LEGAL: dict[tuple[Move, CaseStatus], CaseStatus] = {
    (Move.REFER, S.AWAITING_REFERRAL): S.REFERRED,
    (Move.REFER, S.DISSATISFIED): S.REFERRED,
    (Move.REFER, S.REOPENED): S.REFERRED,
    (Move.REFER, S.RETURNED): S.REFERRED,
    (Move.REPLY, S.REFERRED): S.REPLIED,
    (Move.SIGN_OFF, S.SATISFIED): S.SIGNED_OFF,
    (Move.RETURN, S.REFERRED): S.RETURNED,
    (Move.CHASE, S.REFERRED): S.REFERRED,
    (Move.REQUEST_EXTENSION, S.REFERRED): S.REFERRED,
    (Move.DECIDE_EXTENSION, S.REFERRED): S.REFERRED,
    (Move.CALLBACK_NOT_REACHED, S.REPLIED): S.REPLIED,
    (Move.CLOSE_EXPLAINED, S.DISSATISFIED): S.CLOSED_EXPLAINED,
    (Move.CORRECT_REFERRAL, S.REFERRED): S.REFERRED,
    (Move.CORRECT_REPLY, S.REPLIED): S.REPLIED,
    (Move.CORRECT_REPLY, S.SATISFIED): S.SATISFIED,
    (Move.CORRECT_REPLY, S.DISSATISFIED): S.DISSATISFIED,
    # CALLBACK from REPLIED and CORRECT_VERDICT from SATISFIED/DISSATISFIED: by the verdict.
}
for _status in (S.SIGNED_OFF, S.CLOSED_EXPLAINED, S.RESOLVED_ON_SITE, S.WITHDRAWN):
    LEGAL[(Move.REOPEN, _status)] = S.REOPENED
for _status in (S.AWAITING_REFERRAL, S.REFERRED, S.RETURNED, S.REPLIED, S.DISSATISFIED, S.REOPENED):
    LEGAL[(Move.WITHDRAW, _status)] = S.WITHDRAWN
for _status in (S.AWAITING_REFERRAL, S.RESOLVED_ON_SITE):
    LEGAL[(Move.VOID, _status)] = S.VOIDED
    LEGAL[(Move.MERGE, _status)] = S.MERGED
for _status in CaseStatus:
    if _status not in (S.VOIDED, S.MERGED):
        LEGAL[(Move.CORRECT_REGISTRATION, _status)] = _status
BY_VERDICT = {
    (Move.CALLBACK, S.REPLIED),
    (Move.CORRECT_VERDICT, S.SATISFIED),
    (Move.CORRECT_VERDICT, S.DISSATISFIED),
}

REFUSED: dict[tuple[Move, CaseStatus], Refusal] = {
    (Move.REFER, S.REFERRED): Refusal.ALREADY_REFERRED,
    (Move.REFER, S.REPLIED): Refusal.ALREADY_REFERRED,
    (Move.REFER, S.SATISFIED): Refusal.ALREADY_REFERRED,
    (Move.REPLY, S.AWAITING_REFERRAL): Refusal.NOT_REFERRED,
    (Move.REPLY, S.DISSATISFIED): Refusal.NOT_REFERRED,
    (Move.REPLY, S.RETURNED): Refusal.NOT_REFERRED,
    (Move.REPLY, S.REOPENED): Refusal.NOT_REFERRED,
    (Move.REPLY, S.REPLIED): Refusal.ALREADY_REPLIED,
    (Move.REPLY, S.SATISFIED): Refusal.ALREADY_REPLIED,
    (Move.CALLBACK, S.AWAITING_REFERRAL): Refusal.NOT_REFERRED,
    (Move.CALLBACK, S.RETURNED): Refusal.NOT_REFERRED,
    (Move.CALLBACK, S.REOPENED): Refusal.NOT_REFERRED,
    (Move.CALLBACK, S.REFERRED): Refusal.NO_REPLY_YET,
    (Move.CALLBACK, S.SATISFIED): Refusal.CALLBACK_ALREADY_DONE,
    (Move.CALLBACK, S.DISSATISFIED): Refusal.CALLBACK_ALREADY_DONE,
    (Move.CALLBACK_NOT_REACHED, S.AWAITING_REFERRAL): Refusal.NOT_REFERRED,
    (Move.CALLBACK_NOT_REACHED, S.RETURNED): Refusal.NOT_REFERRED,
    (Move.CALLBACK_NOT_REACHED, S.REOPENED): Refusal.NOT_REFERRED,
    (Move.CALLBACK_NOT_REACHED, S.REFERRED): Refusal.NO_REPLY_YET,
    (Move.CALLBACK_NOT_REACHED, S.SATISFIED): Refusal.CALLBACK_ALREADY_DONE,
    (Move.CALLBACK_NOT_REACHED, S.DISSATISFIED): Refusal.CALLBACK_ALREADY_DONE,
    (Move.SIGN_OFF, S.AWAITING_REFERRAL): Refusal.NO_CALLBACK_YET,
    (Move.SIGN_OFF, S.REFERRED): Refusal.NO_CALLBACK_YET,
    (Move.SIGN_OFF, S.RETURNED): Refusal.NO_CALLBACK_YET,
    (Move.SIGN_OFF, S.REOPENED): Refusal.NO_CALLBACK_YET,
    (Move.SIGN_OFF, S.REPLIED): Refusal.NO_CALLBACK_YET,
    (Move.SIGN_OFF, S.DISSATISFIED): Refusal.CITIZEN_DISSATISFIED,
    (Move.WITHDRAW, S.SATISFIED): Refusal.NO_CALLBACK_YET,
    (Move.CORRECT_REPLY, S.REFERRED): Refusal.NO_REPLY_YET,
    (Move.CORRECT_VERDICT, S.REPLIED): Refusal.NO_CALLBACK_YET,
}
_OPEN = [
    s
    for s in CaseStatus
    if s not in (S.RESOLVED_ON_SITE, S.SIGNED_OFF, S.CLOSED_EXPLAINED, S.WITHDRAWN, S.VOIDED, S.MERGED)
]
for _move, _refusal in (
    (Move.RETURN, Refusal.NOT_REFERRED),
    (Move.CHASE, Refusal.NOT_REFERRED),
    (Move.REQUEST_EXTENSION, Refusal.NOT_REFERRED),
    (Move.DECIDE_EXTENSION, Refusal.NOT_REFERRED),
):
    for _status in _OPEN:
        if _status is not S.REFERRED:
            answered = _status in (S.REPLIED, S.SATISFIED, S.DISSATISFIED)
            REFUSED[(_move, _status)] = Refusal.ALREADY_REPLIED if answered else _refusal
for _status in _OPEN:
    if _status is not S.DISSATISFIED:
        REFUSED[(Move.CLOSE_EXPLAINED, _status)] = Refusal.NOT_DISSATISFIED
    REFUSED[(Move.REOPEN, _status)] = Refusal.NOT_CLOSED
    if _status is not S.AWAITING_REFERRAL:
        REFUSED[(Move.VOID, _status)] = Refusal.HAS_SLIP
        REFUSED[(Move.MERGE, _status)] = Refusal.HAS_SLIP
    if _status is not S.REFERRED:
        REFUSED[(Move.CORRECT_REFERRAL, _status)] = Refusal.NOTHING_TO_CORRECT
    if _status not in (S.REFERRED, S.REPLIED, S.SATISFIED, S.DISSATISFIED):
        REFUSED[(Move.CORRECT_REPLY, _status)] = Refusal.NOTHING_TO_CORRECT
    if _status not in (S.REPLIED, S.SATISFIED, S.DISSATISFIED):
        REFUSED[(Move.CORRECT_VERDICT, _status)] = Refusal.NOTHING_TO_CORRECT
CLOSED_REFUSAL = {
    S.RESOLVED_ON_SITE: Refusal.CASE_CLOSED_ON_SITE,
    S.SIGNED_OFF: Refusal.CASE_SIGNED_OFF,
    S.CLOSED_EXPLAINED: Refusal.CASE_CLOSED_EXPLAINED,
    S.WITHDRAWN: Refusal.CASE_WITHDRAWN,
    S.VOIDED: Refusal.CASE_VOIDED,
    S.MERGED: Refusal.CASE_MERGED,
}
for _move in Move:
    for _status, _refusal in CLOSED_REFUSAL.items():
        if (_move, _status) not in LEGAL:
            REFUSED[(_move, _status)] = _refusal


def test_tables_cover_every_move_in_every_state() -> None:
    covered = set(LEGAL) | set(REFUSED) | BY_VERDICT
    assert covered == {(m, s) for m in Move for s in CaseStatus}
    assert not set(LEGAL) & set(REFUSED)


@pytest.mark.parametrize(("move", "status"), sorted(LEGAL))
def test_legal_move_reaches_expected_status(move: Move, status: CaseStatus) -> None:
    round_no = 0 if move in (Move.VOID, Move.MERGE) else 1  # only a registration without a slip
    assert check_move(status, round_no, move).status is LEGAL[(move, status)]


@pytest.mark.parametrize(("move", "status"), sorted(REFUSED))
def test_illegal_move_is_refused_with_its_reason(move: Move, status: CaseStatus) -> None:
    with pytest.raises(IllegalMove) as info:
        check_move(status, 1, move, Verdict.SATISFIED)
    assert (info.value.move, info.value.status, info.value.refusal) == (move, status, REFUSED[(move, status)])


@pytest.mark.parametrize(
    ("verdict", "target"),
    [
        (Verdict.SATISFIED, S.SATISFIED),
        (Verdict.BASICALLY_SATISFIED, S.SATISFIED),
        (Verdict.DISSATISFIED, S.DISSATISFIED),
    ],
)
def test_callback_verdict_decides_next_status(verdict: Verdict, target: CaseStatus) -> None:
    assert check_move(S.REPLIED, 1, Move.CALLBACK, verdict).status is target


def test_callback_without_verdict_is_refused() -> None:
    with pytest.raises(IllegalMove) as info:
        check_move(S.REPLIED, 1, Move.CALLBACK)
    assert info.value.refusal is Refusal.VERDICT_REQUIRED


def test_first_referral_opens_round_one() -> None:
    assert check_move(S.AWAITING_REFERRAL, 0, Move.REFER).round_no == 1


def test_referral_after_dissatisfaction_opens_next_round() -> None:
    assert check_move(S.DISSATISFIED, 2, Move.REFER).round_no == 3


@pytest.mark.parametrize(
    ("move", "status"),
    [(Move.REPLY, S.REFERRED), (Move.SIGN_OFF, S.SATISFIED)],
)
def test_moves_other_than_referral_keep_the_round(move: Move, status: CaseStatus) -> None:
    assert check_move(status, 2, move).round_no == 2


@pytest.mark.parametrize("verdict", list(Verdict))
def test_callback_keeps_the_round(verdict: Verdict) -> None:
    assert check_move(S.REPLIED, 2, Move.CALLBACK, verdict).round_no == 2


@pytest.mark.parametrize("status", list(CaseStatus))
def test_allowed_moves_match_legal_table(status: CaseStatus) -> None:
    expected = {m for (m, s) in LEGAL | dict.fromkeys(BY_VERDICT) if s is status}
    assert allowed_moves(status) == expected


@pytest.mark.parametrize("status", list(CLOSED_REFUSAL))
def test_closed_states_allow_only_reopening_and_corrections(status: CaseStatus) -> None:
    assert status.is_closed
    assert allowed_moves(status) <= {Move.REOPEN, Move.CORRECT_REGISTRATION, Move.VOID, Move.MERGE}


@pytest.mark.parametrize("status", [S.VOIDED, S.MERGED])
def test_voided_and_merged_cases_allow_nothing(status: CaseStatus) -> None:
    assert status.is_gone and allowed_moves(status) == frozenset()


@pytest.mark.parametrize("status", _OPEN)
def test_open_states_are_not_closed(status: CaseStatus) -> None:
    assert not status.is_closed


@pytest.mark.parametrize("move", [Move.VOID, Move.MERGE])
def test_void_and_merge_are_refused_once_a_slip_was_issued(move: Move) -> None:
    """A reopened case that was resolved on site has round 0; one that had a slip keeps its round."""
    with pytest.raises(IllegalMove) as info:
        check_move(S.AWAITING_REFERRAL, 1, move)
    assert info.value.refusal is Refusal.HAS_SLIP


def test_referral_after_a_return_stays_in_the_round() -> None:
    assert check_move(S.RETURNED, 2, Move.REFER) == Transition(S.REFERRED, 2)


def test_referral_after_reopening_opens_the_next_round() -> None:
    assert check_move(S.REOPENED, 1, Move.REFER) == Transition(S.REFERRED, 2)


@pytest.mark.parametrize(
    ("verdict", "target"), [(Verdict.SATISFIED, S.SATISFIED), (Verdict.DISSATISFIED, S.DISSATISFIED)]
)
def test_corrected_verdict_moves_between_satisfied_and_dissatisfied(
    verdict: Verdict, target: CaseStatus
) -> None:
    for status in (S.SATISFIED, S.DISSATISFIED):
        assert check_move(status, 1, Move.CORRECT_VERDICT, verdict) == Transition(target, 1)


def test_resolved_on_site_outcome_starts_closed() -> None:
    assert initial_status(Outcome.RESOLVED_ON_SITE) is S.RESOLVED_ON_SITE


def test_referral_outcome_starts_awaiting_referral() -> None:
    assert initial_status(Outcome.NEEDS_REFERRAL) is S.AWAITING_REFERRAL


@pytest.mark.parametrize(("round_no", "expected"), [(0, False), (1, False), (2, True), (3, True)])
def test_re_supervision_starts_with_round_two(round_no: int, expected: bool) -> None:
    assert is_re_supervision(round_no) is expected


TODAY = date(2026, 11, 20)


def test_referred_slip_past_due_is_overdue() -> None:
    assert is_overdue(S.REFERRED, date(2026, 11, 19), TODAY)


def test_slip_due_today_is_not_overdue() -> None:
    assert not is_overdue(S.REFERRED, TODAY, TODAY)


@pytest.mark.parametrize(
    "status", [S.AWAITING_REFERRAL, S.REFERRED, S.RETURNED, S.REPLIED, S.DISSATISFIED, S.REOPENED]
)
def test_every_waiting_state_goes_overdue(status: CaseStatus) -> None:
    assert is_overdue(status, date(2026, 11, 19), TODAY)


@pytest.mark.parametrize("status", [S.SATISFIED, *CLOSED_REFUSAL])
def test_states_waiting_on_nobody_are_never_overdue(status: CaseStatus) -> None:
    assert not is_overdue(status, date(2026, 11, 1), TODAY)


def test_case_without_deadline_is_not_overdue() -> None:
    assert not is_overdue(S.REFERRED, None, TODAY)


class CaseMachine(RuleBasedStateMachine):
    """Random moves on one case; refused moves change nothing, accepted ones obey the rules."""

    def __init__(self) -> None:
        super().__init__()
        self.status = S.AWAITING_REFERRAL
        self.round_no = 0
        # Verdicts recorded per round (only a callback records one).
        self.verdicts: dict[int, list[Verdict]] = {}

    @rule(outcome=st.sampled_from(Outcome))
    def restart(self, outcome: Outcome) -> None:
        self.status = initial_status(outcome)
        self.round_no = 0
        self.verdicts = {}

    @rule(move=st.sampled_from(Move), verdict=st.none() | st.sampled_from(Verdict))
    def try_move(self, move: Move, verdict: Verdict | None) -> None:
        before = (self.status, self.round_no)
        try:
            after = check_move(self.status, self.round_no, move, verdict)
        except IllegalMove as exc:
            assert exc.status is before[0]
            assert exc.move is move
            if before[0].is_closed:
                assert exc.refusal is CLOSED_REFUSAL[before[0]]
            return
        if before[0].is_closed:
            assert move in (Move.REOPEN, Move.CORRECT_REGISTRATION, Move.VOID, Move.MERGE), (
                "a closed case accepted a move"
            )
        if after.round_no != before[1]:
            assert move is Move.REFER
            assert after.round_no == before[1] + 1
            assert before[0] in (S.DISSATISFIED, S.REOPENED) or (
                before[0] is S.AWAITING_REFERRAL and before[1] == 0
            )
        if move in (Move.CALLBACK, Move.CORRECT_VERDICT):
            assert verdict is not None
            verdicts = self.verdicts.setdefault(after.round_no, [])
            if move is Move.CORRECT_VERDICT:
                verdicts.pop()
            verdicts.append(verdict)
        self.status, self.round_no = after.status, after.round_no

    @invariant()
    def signed_off_only_after_satisfied_callback_in_last_round(self) -> None:
        if self.status in (S.SATISFIED, S.SIGNED_OFF):
            last = self.verdicts.get(self.round_no, [])
            assert last and last[-1].allows_sign_off

    @invariant()
    def round_states_have_a_round(self) -> None:
        if self.status in (
            S.REFERRED,
            S.RETURNED,
            S.REPLIED,
            S.SATISFIED,
            S.DISSATISFIED,
            S.SIGNED_OFF,
            S.CLOSED_EXPLAINED,
        ):
            assert self.round_no >= 1
        if self.status in (S.VOIDED, S.MERGED):
            assert self.round_no == 0


CaseMachine.TestCase.settings = settings(max_examples=150, stateful_step_count=30, deadline=None)
TestCaseMachine = CaseMachine.TestCase


@pytest.mark.parametrize("move", [m for m in Move if m not in (Move.CALLBACK, Move.CORRECT_VERDICT)])
@pytest.mark.parametrize("status", [s for s in CaseStatus if s is not S.SATISFIED])
def test_only_a_callback_leads_to_a_sign_off_able_state(move: Move, status: CaseStatus) -> None:
    try:
        after = check_move(status, 1, move, Verdict.SATISFIED)
    except IllegalMove:
        return
    assert after.status is not S.SATISFIED


def test_a_corrected_verdict_stands_only_on_a_callback() -> None:
    """CORRECT_VERDICT leads to satisfied only from a state a callback made (satisfied/dissatisfied)."""
    assert allowed_moves(S.REPLIED) & {Move.CORRECT_VERDICT} == frozenset()
