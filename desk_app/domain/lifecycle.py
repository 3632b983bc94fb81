"""The life of a case as a state machine: which move is legal in which state, and why not.

A case starts as a reception. Solved on the spot, it is closed at once; otherwise it waits for a
referral slip (交办单). Each slip opens a supervision round: the unit replies, the citizen is
called back, and the verdict decides: satisfied or basically satisfied lets the case be signed
off (销号); dissatisfied sends it round again (二次督办) with a new slip, or, when what the citizen
asks is beyond policy, lets the office close it with a written explanation (解释办结), counted
apart and never as satisfied. Only a callback can record satisfaction, so no other move leads to
a state from which sign-off is possible.

Around that spine are the moves of a real office (the 12345 hotline's practice and the
bulletin's): the unit returns a wrongly addressed slip (退回) and the office refers it again in the
same round; the unit asks for more time (延期) and the office decides; the office chases (催办);
a callback may not reach the citizen (未接通); a mistyped registration, reply or verdict is
corrected with a reason; a closed case is reopened (重办) when the citizen comes back; the citizen
withdraws (撤回); a registration made by mistake is voided (作废); a duplicate is merged (合并).

The desk and the server both call `check_move` / `check_status_change`; neither stores a status
this module did not compute. What records justify a status is `desk_app.domain.casebook`.
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
    RETURNED = "returned"  # 已退回: the unit returned the slip; waiting to be referred again
    REPLIED = "replied"  # 已答复, waiting for the callback
    SATISFIED = "satisfied"  # 回访满意/基本满意, waiting for sign-off
    DISSATISFIED = "dissatisfied"  # 回访不满意, waiting for the next round (二次督办) or closing
    SIGNED_OFF = "signed_off"  # 已销号
    CLOSED_EXPLAINED = "closed_explained"  # 解释办结: beyond policy, closed with an explanation
    REOPENED = "reopened"  # 重办: a closed case the citizen came back about; waiting for a slip
    WITHDRAWN = "withdrawn"  # 已撤回 by the citizen
    VOIDED = "voided"  # 已作废: registered by mistake; counted nowhere
    MERGED = "merged"  # 已合并 into another case (a duplicate); counted there

    @property
    def is_closed(self) -> bool:
        return self in CLOSED_STATUSES

    @property
    def is_gone(self) -> bool:
        """Voided or merged: the registration no longer counts as a case of its own."""
        return self in (CaseStatus.VOIDED, CaseStatus.MERGED)


CLOSED_STATUSES = frozenset(
    {
        CaseStatus.RESOLVED_ON_SITE,
        CaseStatus.SIGNED_OFF,
        CaseStatus.CLOSED_EXPLAINED,
        CaseStatus.WITHDRAWN,
        CaseStatus.VOIDED,
        CaseStatus.MERGED,
    }
)

# States in which the case waits for someone (the unit, the caller, the office), each with a
# deadline (`desk_app.domain.casebook.waiting_due`); past it, the case is overdue.
WAITING_STATUSES = frozenset(
    {
        CaseStatus.AWAITING_REFERRAL,
        CaseStatus.REFERRED,
        CaseStatus.RETURNED,
        CaseStatus.REPLIED,
        CaseStatus.DISSATISFIED,
        CaseStatus.REOPENED,
    }
)

STATUS_ZH: dict[CaseStatus, str] = {
    CaseStatus.RESOLVED_ON_SITE: "现场解决",
    CaseStatus.AWAITING_REFERRAL: "待交办",
    CaseStatus.REFERRED: "办理中",
    CaseStatus.RETURNED: "已退回待重新交办",
    CaseStatus.REPLIED: "待回访",
    CaseStatus.SATISFIED: "待销号",
    CaseStatus.DISSATISFIED: "待二次督办",
    CaseStatus.SIGNED_OFF: "已销号",
    CaseStatus.CLOSED_EXPLAINED: "解释办结",
    CaseStatus.REOPENED: "重办待交办",
    CaseStatus.WITHDRAWN: "已撤回",
    CaseStatus.VOIDED: "已作废",
    CaseStatus.MERGED: "已合并",
}


class Move(StrEnum):
    REFER = "refer"  # a slip: opens the next round, or the same round again after a return
    REPLY = "reply"
    CALLBACK = "callback"  # a call that reached the citizen, with the verdict
    CALLBACK_NOT_REACHED = "callback_not_reached"  # 未接通: recorded, changes nothing
    SIGN_OFF = "sign_off"
    RETURN = "return"  # 退回: the unit returns a wrongly addressed slip
    CHASE = "chase"  # 催办 record
    REQUEST_EXTENSION = "request_extension"  # 延期申请, before the deadline
    DECIDE_EXTENSION = "decide_extension"  # the office approves or refuses it
    CLOSE_EXPLAINED = "close_explained"  # 解释办结
    REOPEN = "reopen"  # 重办
    WITHDRAW = "withdraw"  # 撤回
    VOID = "void"  # 作废
    MERGE = "merge"  # 合并 into another case
    CORRECT_REGISTRATION = "correct_registration"  # 更正登记
    CORRECT_REFERRAL = "correct_referral"  # 更正交办单 (handler, supervisor, note, working days)
    CORRECT_REPLY = "correct_reply"  # 更正答复 (date, text)
    CORRECT_VERDICT = "correct_verdict"  # 更正回访结果 (a mis-clicked 满意)


class Refusal(StrEnum):
    """Why a move is refused. Stable codes: the desk, the command line and the server share them."""

    CASE_CLOSED_ON_SITE = "case_closed_on_site"
    CASE_SIGNED_OFF = "case_signed_off"
    CASE_CLOSED_EXPLAINED = "case_closed_explained"
    CASE_WITHDRAWN = "case_withdrawn"
    CASE_VOIDED = "case_voided"
    CASE_MERGED = "case_merged"
    ALREADY_REFERRED = "already_referred"
    NOT_REFERRED = "not_referred"
    ALREADY_REPLIED = "already_replied"
    NO_REPLY_YET = "no_reply_yet"
    CALLBACK_ALREADY_DONE = "callback_already_done"
    NO_CALLBACK_YET = "no_callback_yet"
    CITIZEN_DISSATISFIED = "citizen_dissatisfied"
    VERDICT_REQUIRED = "verdict_required"
    NOT_DISSATISFIED = "not_dissatisfied"
    NOT_CLOSED = "not_closed"
    HAS_SLIP = "has_slip"
    NOTHING_TO_CORRECT = "nothing_to_correct"
    # Evidence (desk_app.domain.casebook): a status the records do not justify.
    NO_SLIP = "no_slip"
    SLIP_NOT_REPLIED = "slip_not_replied"
    SLIP_NOT_RETURNED = "slip_not_returned"
    WRONG_ROUND = "wrong_round"
    VERDICT_MISMATCH = "verdict_mismatch"
    NOT_BEYOND_POLICY = "not_beyond_policy"
    NO_RECORD_OF_MOVE = "no_record_of_move"
    NOT_SIGNED = "not_signed"
    NO_SUCH_MOVE = "no_such_move"
    # Moves with their own conditions.
    PAST_DEADLINE = "past_deadline"
    EXTENSION_PENDING = "extension_pending"
    NO_EXTENSION_PENDING = "no_extension_pending"
    REASON_REQUIRED = "reason_required"
    MERGE_TARGET_INVALID = "merge_target_invalid"
    NOT_LATEST_CALLBACK = "not_latest_callback"
    # A dissatisfied callback without what the citizen said (casebook.callback_refusal).
    WORDS_REQUIRED = "citizen_words_required"


REFUSAL_EN: dict[Refusal, str] = {
    Refusal.CASE_CLOSED_ON_SITE: "The case was resolved on the spot and is closed.",
    Refusal.CASE_SIGNED_OFF: "The case is already signed off.",
    Refusal.CASE_CLOSED_EXPLAINED: "The case was closed with an explanation.",
    Refusal.CASE_WITHDRAWN: "The citizen withdrew the case.",
    Refusal.CASE_VOIDED: "The registration was voided.",
    Refusal.CASE_MERGED: "The case was merged into another case.",
    Refusal.ALREADY_REFERRED: "The case already has an open referral slip in this round.",
    Refusal.NOT_REFERRED: "The case has no open referral slip yet.",
    Refusal.ALREADY_REPLIED: "The handling unit's reply is already recorded for this round.",
    Refusal.NO_REPLY_YET: "The handling unit has not replied yet; call back after the reply.",
    Refusal.CALLBACK_ALREADY_DONE: "The callback of this round is already recorded.",
    Refusal.NO_CALLBACK_YET: "A case can be signed off only after a satisfied callback.",
    Refusal.CITIZEN_DISSATISFIED: "The citizen was dissatisfied: start a second round instead.",
    Refusal.VERDICT_REQUIRED: "A callback must record the citizen's verdict.",
    Refusal.NOT_DISSATISFIED: "Only a case whose citizen was dissatisfied can be closed with an explanation.",
    Refusal.NOT_CLOSED: "Only a closed case can be reopened.",
    Refusal.HAS_SLIP: "A case that has had a referral slip cannot be voided or merged; withdraw it instead.",
    Refusal.NOTHING_TO_CORRECT: "There is nothing to correct in this state.",
    Refusal.NO_SLIP: "No referral slip of this round justifies the status.",
    Refusal.SLIP_NOT_REPLIED: "The slip of this round has no reply recorded.",
    Refusal.SLIP_NOT_RETURNED: "The slip of this round was not returned by the unit.",
    Refusal.WRONG_ROUND: "The round number does not follow from the case's history.",
    Refusal.VERDICT_MISMATCH: "The latest callback of this round does not give this verdict.",
    Refusal.NOT_BEYOND_POLICY: "Only a dissatisfaction beyond policy can be closed with an explanation.",
    Refusal.NO_RECORD_OF_MOVE: "No record of this move (with its reason) exists.",
    Refusal.NOT_SIGNED: "A sign-off must name who signed off and when.",
    Refusal.NO_SUCH_MOVE: "No move leads from this status to that one.",
    Refusal.PAST_DEADLINE: "An extension must be requested before the deadline.",
    Refusal.EXTENSION_PENDING: "An extension request is already waiting for a decision.",
    Refusal.NO_EXTENSION_PENDING: "There is no extension request waiting for a decision.",
    Refusal.REASON_REQUIRED: "This move needs a written reason.",
    Refusal.MERGE_TARGET_INVALID: "A case can only be merged into another open or closed case of the same station.",
    Refusal.NOT_LATEST_CALLBACK: "Only the latest callback of the current round can be corrected.",
    Refusal.WORDS_REQUIRED: "A dissatisfied callback must record the citizen's words.",
}

# The words the desk's window, its command line and the server all use (the window's Chinese
# translation is checked against this table by tests/test_translations.py).
REFUSAL_ZH: dict[Refusal, str] = {
    Refusal.CASE_CLOSED_ON_SITE: "此件已现场解决并办结。",
    Refusal.CASE_SIGNED_OFF: "此件已销号。",
    Refusal.CASE_CLOSED_EXPLAINED: "此件已解释办结。",
    Refusal.CASE_WITHDRAWN: "群众已撤回此件。",
    Refusal.CASE_VOIDED: "此登记已作废。",
    Refusal.CASE_MERGED: "此件已合并到另一件。",
    Refusal.ALREADY_REFERRED: "此件本轮已有未办结的交办单。",
    Refusal.NOT_REFERRED: "此件尚未交办：请先开具交办单。",
    Refusal.ALREADY_REPLIED: "承办单位本轮的答复已经登记。",
    Refusal.NO_REPLY_YET: "承办单位尚未答复：请先登记答复再回访。",
    Refusal.CALLBACK_ALREADY_DONE: "本轮回访已经登记。",
    Refusal.NO_CALLBACK_YET: "只有回访群众满意后才能销号。",
    Refusal.CITIZEN_DISSATISFIED: "群众不满意：请启动二次督办，不能销号。",
    Refusal.VERDICT_REQUIRED: "请选择群众的评价。",
    Refusal.NOT_DISSATISFIED: "只有群众不满意的件才能解释办结。",
    Refusal.NOT_CLOSED: "只有已办结的件才能重办。",
    Refusal.HAS_SLIP: "已开过交办单的件不能作废或合并，请改为撤回。",
    Refusal.NOTHING_TO_CORRECT: "此状态下没有可更正的内容。",
    Refusal.NO_SLIP: "本轮没有交办单，不能改为此状态。",
    Refusal.SLIP_NOT_REPLIED: "本轮交办单没有登记答复。",
    Refusal.SLIP_NOT_RETURNED: "本轮交办单没有被承办单位退回。",
    Refusal.WRONG_ROUND: "督办轮次与办理记录不符。",
    Refusal.VERDICT_MISMATCH: "本轮最近一次回访的评价与此状态不符。",
    Refusal.NOT_BEYOND_POLICY: "只有群众诉求超出政策范围时才能解释办结。",
    Refusal.NO_RECORD_OF_MOVE: "没有这一步的办理记录（含理由）。",
    Refusal.NOT_SIGNED: "销号必须写明由谁、在何时销号。",
    Refusal.NO_SUCH_MOVE: "没有哪一步能从当前状态改为该状态。",
    Refusal.PAST_DEADLINE: "延期须在办理期限届满前申请。",
    Refusal.EXTENSION_PENDING: "已有一条延期申请等待审批。",
    Refusal.NO_EXTENSION_PENDING: "没有等待审批的延期申请。",
    Refusal.REASON_REQUIRED: "这一步必须写明理由。",
    Refusal.MERGE_TARGET_INVALID: "只能合并到本站另一件未作废、未合并的案件。",
    Refusal.NOT_LATEST_CALLBACK: "只能更正本轮最近一次回访。",
    Refusal.WORDS_REQUIRED: "群众不满意时，必须记录群众的原话（不满意什么）。",
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
    if outcome.closes_at_registration:  # solved on the spot, or a consultation answered
        return CaseStatus.RESOLVED_ON_SITE
    return CaseStatus.AWAITING_REFERRAL


S = CaseStatus

# Where each move is legal. Everything else is refused with the reason below.
LEGAL_IN: dict[Move, frozenset[CaseStatus]] = {
    Move.REFER: frozenset({S.AWAITING_REFERRAL, S.DISSATISFIED, S.REOPENED, S.RETURNED}),
    Move.REPLY: frozenset({S.REFERRED}),
    Move.CALLBACK: frozenset({S.REPLIED}),
    Move.CALLBACK_NOT_REACHED: frozenset({S.REPLIED}),
    Move.SIGN_OFF: frozenset({S.SATISFIED}),
    Move.RETURN: frozenset({S.REFERRED}),
    Move.CHASE: frozenset({S.REFERRED}),
    Move.REQUEST_EXTENSION: frozenset({S.REFERRED}),
    Move.DECIDE_EXTENSION: frozenset({S.REFERRED}),
    Move.CLOSE_EXPLAINED: frozenset({S.DISSATISFIED}),
    Move.REOPEN: frozenset({S.SIGNED_OFF, S.CLOSED_EXPLAINED, S.RESOLVED_ON_SITE, S.WITHDRAWN}),
    Move.WITHDRAW: frozenset(
        {S.AWAITING_REFERRAL, S.REFERRED, S.RETURNED, S.REPLIED, S.DISSATISFIED, S.REOPENED}
    ),
    # Only a registration that never had a slip (round 0): see check_move.
    Move.VOID: frozenset({S.AWAITING_REFERRAL, S.RESOLVED_ON_SITE}),
    Move.MERGE: frozenset({S.AWAITING_REFERRAL, S.RESOLVED_ON_SITE}),
    Move.CORRECT_REGISTRATION: frozenset(set(S) - {S.VOIDED, S.MERGED}),
    Move.CORRECT_REFERRAL: frozenset({S.REFERRED}),
    Move.CORRECT_REPLY: frozenset({S.REPLIED, S.SATISFIED, S.DISSATISFIED}),
    Move.CORRECT_VERDICT: frozenset({S.SATISFIED, S.DISSATISFIED}),
}

# A closed case refuses every move not legal in it with the reason it is closed.
_CLOSED_REFUSAL = {
    S.RESOLVED_ON_SITE: Refusal.CASE_CLOSED_ON_SITE,
    S.SIGNED_OFF: Refusal.CASE_SIGNED_OFF,
    S.CLOSED_EXPLAINED: Refusal.CASE_CLOSED_EXPLAINED,
    S.WITHDRAWN: Refusal.CASE_WITHDRAWN,
    S.VOIDED: Refusal.CASE_VOIDED,
    S.MERGED: Refusal.CASE_MERGED,
}

# In open states: the reason a move is refused (default: see _default_refusal).
_REFUSALS: dict[Move, dict[CaseStatus, Refusal]] = {
    Move.REFER: {
        S.REFERRED: Refusal.ALREADY_REFERRED,
        S.REPLIED: Refusal.ALREADY_REFERRED,
        S.SATISFIED: Refusal.ALREADY_REFERRED,
    },
    Move.REPLY: {
        S.AWAITING_REFERRAL: Refusal.NOT_REFERRED,
        S.DISSATISFIED: Refusal.NOT_REFERRED,
        S.RETURNED: Refusal.NOT_REFERRED,
        S.REOPENED: Refusal.NOT_REFERRED,
        S.REPLIED: Refusal.ALREADY_REPLIED,
        S.SATISFIED: Refusal.ALREADY_REPLIED,
    },
    Move.CALLBACK: {
        S.AWAITING_REFERRAL: Refusal.NOT_REFERRED,
        S.RETURNED: Refusal.NOT_REFERRED,
        S.REOPENED: Refusal.NOT_REFERRED,
        S.REFERRED: Refusal.NO_REPLY_YET,
        S.SATISFIED: Refusal.CALLBACK_ALREADY_DONE,
        S.DISSATISFIED: Refusal.CALLBACK_ALREADY_DONE,
    },
    Move.CALLBACK_NOT_REACHED: {
        S.AWAITING_REFERRAL: Refusal.NOT_REFERRED,
        S.RETURNED: Refusal.NOT_REFERRED,
        S.REOPENED: Refusal.NOT_REFERRED,
        S.REFERRED: Refusal.NO_REPLY_YET,
        S.SATISFIED: Refusal.CALLBACK_ALREADY_DONE,
        S.DISSATISFIED: Refusal.CALLBACK_ALREADY_DONE,
    },
    Move.SIGN_OFF: {
        S.AWAITING_REFERRAL: Refusal.NO_CALLBACK_YET,
        S.REFERRED: Refusal.NO_CALLBACK_YET,
        S.RETURNED: Refusal.NO_CALLBACK_YET,
        S.REOPENED: Refusal.NO_CALLBACK_YET,
        S.REPLIED: Refusal.NO_CALLBACK_YET,
        S.DISSATISFIED: Refusal.CITIZEN_DISSATISFIED,
    },
    Move.RETURN: {
        S.REPLIED: Refusal.ALREADY_REPLIED,
        S.SATISFIED: Refusal.ALREADY_REPLIED,
        S.DISSATISFIED: Refusal.ALREADY_REPLIED,
    },
    Move.CHASE: {
        S.REPLIED: Refusal.ALREADY_REPLIED,
        S.SATISFIED: Refusal.ALREADY_REPLIED,
        S.DISSATISFIED: Refusal.ALREADY_REPLIED,
    },
    Move.REQUEST_EXTENSION: {
        S.REPLIED: Refusal.ALREADY_REPLIED,
        S.SATISFIED: Refusal.ALREADY_REPLIED,
        S.DISSATISFIED: Refusal.ALREADY_REPLIED,
    },
    Move.DECIDE_EXTENSION: {
        S.REPLIED: Refusal.ALREADY_REPLIED,
        S.SATISFIED: Refusal.ALREADY_REPLIED,
        S.DISSATISFIED: Refusal.ALREADY_REPLIED,
    },
    Move.CLOSE_EXPLAINED: {},
    Move.REOPEN: {},
    Move.WITHDRAW: {S.SATISFIED: Refusal.NO_CALLBACK_YET},
    Move.VOID: {},
    Move.MERGE: {},
    Move.CORRECT_REGISTRATION: {},
    Move.CORRECT_REFERRAL: {},
    Move.CORRECT_REPLY: {S.REFERRED: Refusal.NO_REPLY_YET},
    Move.CORRECT_VERDICT: {S.REPLIED: Refusal.NO_CALLBACK_YET},
}

_DEFAULT_REFUSAL: dict[Move, Refusal] = {
    Move.CALLBACK_NOT_REACHED: Refusal.NO_REPLY_YET,
    Move.RETURN: Refusal.NOT_REFERRED,
    Move.CHASE: Refusal.NOT_REFERRED,
    Move.REQUEST_EXTENSION: Refusal.NOT_REFERRED,
    Move.DECIDE_EXTENSION: Refusal.NOT_REFERRED,
    Move.CLOSE_EXPLAINED: Refusal.NOT_DISSATISFIED,
    Move.REOPEN: Refusal.NOT_CLOSED,
    Move.VOID: Refusal.HAS_SLIP,
    Move.MERGE: Refusal.HAS_SLIP,
    Move.CORRECT_REFERRAL: Refusal.NOTHING_TO_CORRECT,
    Move.CORRECT_REPLY: Refusal.NOTHING_TO_CORRECT,
    Move.CORRECT_VERDICT: Refusal.NOTHING_TO_CORRECT,
}

# Moves that change the status, and where they lead (REFER and CALLBACK: see check_move).
_TARGET: dict[Move, CaseStatus] = {
    Move.REPLY: S.REPLIED,
    Move.SIGN_OFF: S.SIGNED_OFF,
    Move.RETURN: S.RETURNED,
    Move.CLOSE_EXPLAINED: S.CLOSED_EXPLAINED,
    Move.REOPEN: S.REOPENED,
    Move.WITHDRAW: S.WITHDRAWN,
    Move.VOID: S.VOIDED,
    Move.MERGE: S.MERGED,
}

# Moves that need a written reason (the store and the server refuse them without one).
REASONED_MOVES = frozenset(
    {
        Move.RETURN,
        Move.CLOSE_EXPLAINED,
        Move.REOPEN,
        Move.WITHDRAW,
        Move.VOID,
        Move.MERGE,
        Move.CORRECT_REGISTRATION,
        Move.CORRECT_REFERRAL,
        Move.CORRECT_REPLY,
        Move.CORRECT_VERDICT,
        Move.REQUEST_EXTENSION,
    }
)


def refusal_for(move: Move, status: CaseStatus, round_no: int | None = None) -> Refusal | None:
    """The reason `move` is illegal in `status` (and round), or None when it is legal."""
    if status in LEGAL_IN[move]:
        if move in (Move.VOID, Move.MERGE) and round_no:
            return Refusal.HAS_SLIP
        return None
    if status in _CLOSED_REFUSAL:
        return _CLOSED_REFUSAL[status]
    refusal = _REFUSALS.get(move, {}).get(status)
    return refusal or _DEFAULT_REFUSAL.get(move, Refusal.NO_SUCH_MOVE)


def allowed_moves(status: CaseStatus, round_no: int | None = None) -> frozenset[Move]:
    return frozenset(m for m in Move if refusal_for(m, status, round_no) is None)


def check_move(status: CaseStatus, round_no: int, move: Move, verdict: Verdict | None = None) -> Transition:
    """The state after `move`, or IllegalMove with the reason.

    `round_no` is the number of the current supervision round (0 before the first slip).
    A referral opens the next round (二次督办 after a dissatisfied callback, 重办 after a
    reopening), except after a return (退回), which is referred again within the same round.
    A corrected verdict moves between satisfied and dissatisfied within the round.
    """
    refusal = refusal_for(move, status, round_no)
    if refusal is not None:
        raise IllegalMove(move, status, refusal)
    if move is Move.REFER:
        return Transition(S.REFERRED, round_no if status is S.RETURNED else round_no + 1)
    if move in (Move.CALLBACK, Move.CORRECT_VERDICT):
        if verdict is None:
            raise IllegalMove(move, status, Refusal.VERDICT_REQUIRED)
        target = S.SATISFIED if verdict.allows_sign_off else S.DISSATISFIED
        return Transition(target, round_no)
    return Transition(_TARGET.get(move, status), round_no)


def is_re_supervision(round_no: int) -> bool:
    """Rounds after the first are second-round supervision (二次督办)."""
    return round_no >= 2


def is_overdue(status: CaseStatus, due: date | None, today: date) -> bool:
    """A case is overdue while it waits (for a reply, a callback, a slip) past its deadline.

    `due` is the deadline of the state the case is in (casebook.waiting_due), not only the slip's.
    """
    return status in WAITING_STATUSES and due is not None and due < today


class NoSuchMove(ValueError):
    """No single move takes a case from one status to the other (e.g. back to awaiting_referral)."""

    def __init__(self, current: CaseStatus, new: CaseStatus) -> None:
        super().__init__(f"no move leads from {current.value} to {new.value}")
        self.current = current
        self.new = new


def move_to(current: CaseStatus, new: CaseStatus) -> Move:
    """The one move whose name fits a change of status from `current` to `new` (legal or not)."""
    if new is S.REFERRED:
        return Move.REFER
    if new in (S.SATISFIED, S.DISSATISFIED):
        return Move.CORRECT_VERDICT if current in (S.SATISFIED, S.DISSATISFIED) else Move.CALLBACK
    for move, target in _TARGET.items():
        if target is new:
            return move
    raise NoSuchMove(current, new)


def check_status_change(current: CaseStatus, new: CaseStatus) -> Move | None:
    """The move that takes a case from `current` to `new`, None when the status does not change.

    This is how the server checks a status change a desk pushes: against the status the server
    holds, with the same rules as `check_move`. Raises IllegalMove (with the refusal) when the
    move exists but is refused in `current`, NoSuchMove when no move leads to `new` at all.
    What records must stand behind the new status is casebook's to check.
    """
    if current is new:
        return None
    move = move_to(current, new)
    refusal = refusal_for(move, current)
    if refusal is not None:
        raise IllegalMove(move, current, refusal)
    return move


# -- The supervision ladder (大督办, issue 13 item 5) -----------------------------------------------
# Who supervises a second or later round of a case, or a deputy's suggestion between sessions:
# the bulletin's five levels, lowest first. Escalation is a recorded move (storage/ladder.py) with
# who decided it; a level only ever goes up.


class SupervisionLevel(StrEnum):
    UNIT_INTERNAL = "unit_internal"  # 承办单位内部督办
    DEPUTY = "deputy"  # 人大代表参与督办
    DEPUTY_AFFAIRS = "deputy_affairs"  # 代表工委综合督办
    SPECIAL_COMMITTEE = "special_committee"  # 专门委员会对口督办
    CHAIR_MEETING = "chair_meeting"  # 主任会议统筹督办


SUPERVISION_LEVEL_ZH: dict[SupervisionLevel, str] = {
    SupervisionLevel.UNIT_INTERNAL: "承办单位内部督办",
    SupervisionLevel.DEPUTY: "代表参与督办",
    SupervisionLevel.DEPUTY_AFFAIRS: "代表工委综合督办",
    SupervisionLevel.SPECIAL_COMMITTEE: "专门委员会对口督办",
    SupervisionLevel.CHAIR_MEETING: "主任会议统筹督办",
}
LADDER: tuple[SupervisionLevel, ...] = tuple(SupervisionLevel)
# The level a second round starts at when nobody decided otherwise: the congress itself
# supervises a dissatisfied case again (the Luoyang practice: 人大直接对不满意件进行二次督办).
DEFAULT_LEVEL = SupervisionLevel.DEPUTY_AFFAIRS

LADDER_REFUSAL_ZH = {
    "not_higher": "督办层级只能逐级提高，不能降低或保持不变",
    "first_round": "首轮交办尚无督办层级，二次督办起才有",
    "no_decider": "请写明由谁决定提级督办",
}


def level_rank(level: SupervisionLevel | str) -> int:
    return LADDER.index(SupervisionLevel(level))


def escalation_refusal(current: SupervisionLevel | str | None, new: SupervisionLevel | str) -> str | None:
    """Why moving from `current` to `new` is not an escalation (a LADDER_REFUSAL_ZH key), or None."""
    if current is not None and level_rank(new) <= level_rank(current):
        return "not_higher"
    return None
