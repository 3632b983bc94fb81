"""The life of a case as a state machine: which move is legal in which state, and why not.

A case starts as a reception. Solved on the spot, it is closed at once; otherwise it waits for a
referral slip (交办单). Each slip opens a supervision round: the unit replies, the citizen is
called back, and the verdict decides: satisfied or basically satisfied lets the case be signed
off (销号); dissatisfied sends it round again (二次督办) with a new slip. Only a callback can
record satisfaction, so no other move leads to a state from which sign-off is possible.

The desk and the server both call `check_move`; neither stores a status this module did not
compute.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desk_app.domain.vocab import Outcome, Verdict


class CaseStatus(StrEnum):
    RESOLVED_ON_SITE = "resolved_on_site"  # 现场解决 (closed at registration)
    AWAITING_REFERRAL = "awaiting_referral"  # 待交办
    REFERRED = "referred"  # 已交办, waiting for the unit's reply
    REPLIED = "replied"  # 已答复, waiting for the callback
    SATISFIED = "satisfied"  # 回访满意/基本满意, waiting for sign-off
    DISSATISFIED = "dissatisfied"  # 回访不满意, waiting for the next round (二次督办)
    SIGNED_OFF = "signed_off"  # 已销号

    @property
    def is_closed(self) -> bool:
        return self in (CaseStatus.RESOLVED_ON_SITE, CaseStatus.SIGNED_OFF)


STATUS_ZH: dict[CaseStatus, str] = {
    CaseStatus.RESOLVED_ON_SITE: "现场解决",
    CaseStatus.AWAITING_REFERRAL: "待交办",
    CaseStatus.REFERRED: "办理中",
    CaseStatus.REPLIED: "待回访",
    CaseStatus.SATISFIED: "待销号",
    CaseStatus.DISSATISFIED: "待二次督办",
    CaseStatus.SIGNED_OFF: "已销号",
}


class Move(StrEnum):
    REFER = "refer"
    REPLY = "reply"
    CALLBACK = "callback"
    SIGN_OFF = "sign_off"


class Refusal(StrEnum):
    """Why a move is refused. Stable codes: the UI and the server translate them."""

    CASE_CLOSED_ON_SITE = "case_closed_on_site"
    CASE_SIGNED_OFF = "case_signed_off"
    ALREADY_REFERRED = "already_referred"
    NOT_REFERRED = "not_referred"
    ALREADY_REPLIED = "already_replied"
    NO_REPLY_YET = "no_reply_yet"
    CALLBACK_ALREADY_DONE = "callback_already_done"
    NO_CALLBACK_YET = "no_callback_yet"
    CITIZEN_DISSATISFIED = "citizen_dissatisfied"
    VERDICT_REQUIRED = "verdict_required"


REFUSAL_EN: dict[Refusal, str] = {
    Refusal.CASE_CLOSED_ON_SITE: "The case was resolved on the spot and is closed.",
    Refusal.CASE_SIGNED_OFF: "The case is already signed off.",
    Refusal.ALREADY_REFERRED: "The case already has an open referral slip in this round.",
    Refusal.NOT_REFERRED: "The case has no open referral slip yet.",
    Refusal.ALREADY_REPLIED: "The handling unit's reply is already recorded for this round.",
    Refusal.NO_REPLY_YET: "The handling unit has not replied yet; call back after the reply.",
    Refusal.CALLBACK_ALREADY_DONE: "The callback of this round is already recorded.",
    Refusal.NO_CALLBACK_YET: "A case can be signed off only after a satisfied callback.",
    Refusal.CITIZEN_DISSATISFIED: "The citizen was dissatisfied: start a second round instead.",
    Refusal.VERDICT_REQUIRED: "A callback must record the citizen's verdict.",
}


class IllegalMove(Exception):
    """A move the lifecycle refuses; `refusal` says why in a stable code."""

    def __init__(self, move: Move, status: CaseStatus, refusal: Refusal) -> None:
        super().__init__(f"{move.value} refused in {status.value}: {REFUSAL_EN[refusal]}")
        self.move = move
        self.status = status
        self.refusal = refusal


@dataclass(frozen=True, slots=True)
class Transition:
    status: CaseStatus
    round_no: int


def initial_status(outcome: Outcome) -> CaseStatus:
    if outcome is Outcome.RESOLVED_ON_SITE:
        return CaseStatus.RESOLVED_ON_SITE
    return CaseStatus.AWAITING_REFERRAL


_CLOSED_REFUSAL = {
    CaseStatus.RESOLVED_ON_SITE: Refusal.CASE_CLOSED_ON_SITE,
    CaseStatus.SIGNED_OFF: Refusal.CASE_SIGNED_OFF,
}

# For each move: the refusal given in each state where the move is not legal.
_REFUSALS: dict[Move, dict[CaseStatus, Refusal]] = {
    Move.REFER: {
        CaseStatus.REFERRED: Refusal.ALREADY_REFERRED,
        CaseStatus.REPLIED: Refusal.ALREADY_REFERRED,
        CaseStatus.SATISFIED: Refusal.ALREADY_REFERRED,
    },
    Move.REPLY: {
        CaseStatus.AWAITING_REFERRAL: Refusal.NOT_REFERRED,
        CaseStatus.DISSATISFIED: Refusal.NOT_REFERRED,
        CaseStatus.REPLIED: Refusal.ALREADY_REPLIED,
        CaseStatus.SATISFIED: Refusal.ALREADY_REPLIED,
    },
    Move.CALLBACK: {
        CaseStatus.AWAITING_REFERRAL: Refusal.NOT_REFERRED,
        CaseStatus.REFERRED: Refusal.NO_REPLY_YET,
        CaseStatus.SATISFIED: Refusal.CALLBACK_ALREADY_DONE,
        CaseStatus.DISSATISFIED: Refusal.CALLBACK_ALREADY_DONE,
    },
    Move.SIGN_OFF: {
        CaseStatus.AWAITING_REFERRAL: Refusal.NO_CALLBACK_YET,
        CaseStatus.REFERRED: Refusal.NO_CALLBACK_YET,
        CaseStatus.REPLIED: Refusal.NO_CALLBACK_YET,
        CaseStatus.DISSATISFIED: Refusal.CITIZEN_DISSATISFIED,
    },
}


def refusal_for(move: Move, status: CaseStatus) -> Refusal | None:
    """The reason `move` is illegal in `status`, or None when it is legal."""
    if status in _CLOSED_REFUSAL:
        return _CLOSED_REFUSAL[status]
    return _REFUSALS[move].get(status)


def allowed_moves(status: CaseStatus) -> frozenset[Move]:
    return frozenset(m for m in Move if refusal_for(m, status) is None)


def check_move(
    status: CaseStatus, round_no: int, move: Move, verdict: Verdict | None = None
) -> Transition:
    """The state after `move`, or IllegalMove with the reason.

    `round_no` is the number of the current supervision round (0 before the first slip).
    A referral from the dissatisfied state opens the next round (二次督办).
    """
    refusal = refusal_for(move, status)
    if refusal is not None:
        raise IllegalMove(move, status, refusal)
    if move is Move.REFER:
        return Transition(CaseStatus.REFERRED, round_no + 1)
    if move is Move.REPLY:
        return Transition(CaseStatus.REPLIED, round_no)
    if move is Move.CALLBACK:
        if verdict is None:
            raise IllegalMove(move, status, Refusal.VERDICT_REQUIRED)
        target = CaseStatus.SATISFIED if verdict.allows_sign_off else CaseStatus.DISSATISFIED
        return Transition(target, round_no)
    return Transition(CaseStatus.SIGNED_OFF, round_no)


def is_re_supervision(round_no: int) -> bool:
    """Rounds after the first are second-round supervision (二次督办)."""
    return round_no >= 2


def is_overdue(status: CaseStatus, reply_due: date | None, today: date) -> bool:
    """A slip is overdue while the unit has not replied and its deadline has passed."""
    return status is CaseStatus.REFERRED and reply_due is not None and reply_due < today


# The status each move leads to (a callback leads to one of two, by the verdict).
_MOVE_TARGETS: dict[CaseStatus, Move] = {
    CaseStatus.REFERRED: Move.REFER,
    CaseStatus.REPLIED: Move.REPLY,
    CaseStatus.SATISFIED: Move.CALLBACK,
    CaseStatus.DISSATISFIED: Move.CALLBACK,
    CaseStatus.SIGNED_OFF: Move.SIGN_OFF,
}


class NoSuchMove(ValueError):
    """No single move takes a case from one status to the other (e.g. back to awaiting_referral)."""

    def __init__(self, current: CaseStatus, new: CaseStatus) -> None:
        super().__init__(f"no move leads from {current.value} to {new.value}")
        self.current = current
        self.new = new


def check_status_change(current: CaseStatus, new: CaseStatus) -> Move | None:
    """The move that takes a case from `current` to `new`, None when the status does not change.

    This is how the server checks a status change a desk pushes: against the status the server
    holds, with the same rules as `check_move`. Raises IllegalMove (with the refusal) when the
    move exists but is refused in `current`, NoSuchMove when no move leads to `new` at all.
    """
    if current is new:
        return None
    move = _MOVE_TARGETS.get(new)
    if move is None:
        raise NoSuchMove(current, new)
    refusal = refusal_for(move, current)
    if refusal is not None:
        raise IllegalMove(move, current, refusal)
    return move
