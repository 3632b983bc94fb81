"""Deputies' suggestions between sessions (闭会期间代表建议, issue 13 item 4).

A deputy turns one or more citizens' cases into a formal suggestion (the civic-centre station's
outpatient-reimbursement case became a suggestion to the city medical insurance bureau). It gets
its own number, is sent to a bureau with a deadline, and the bureau answers. The Luoyang
practice: the deputy reports satisfaction with the answer straight to the congress office; a
dissatisfied suggestion is supervised again (a new round, one level higher on the 大督办 ladder,
lifecycle.SupervisionLevel), until the deputy is satisfied.

The states and the moves legal in each are here (pure rules, no Qt, no SQL); storage/suggestions.py
writes them, the server judges pushed changes with the same table.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.numbering import CENTRE_SEQ_BASE, centre_prefix, format_serial, is_centre_seq
from desk_app.domain.validation import MAX_NAME_CHARS, FieldError, FieldProblem
from desk_app.domain.vocab import Verdict

MAX_TITLE_CHARS = 200
MAX_BODY_CHARS = 20_000
SERIAL_PATTERN = "{prefix}代表建议〔{year}〕第{seq:03d}号"


def format_suggestion_serial(short_name: str, district: str, year: int, seq: int) -> str:
    """A suggestion's number, in the series of the level that sends it, as slips are numbered
    (domain.numbering): a station's (浉河监督岗代表建议〔2026〕第001号, seq 1, 2 …) or the
    district centre's (浉河区联络中心代表建议〔2026〕第001号, kept as CENTRE_SEQ_BASE + n)."""
    if is_centre_seq(seq):
        return format_serial(SERIAL_PATTERN, centre_prefix(district), year, seq - CENTRE_SEQ_BASE)
    return format_serial(SERIAL_PATTERN, short_name, year, seq)


# The ladder level a suggestion starts at: the congress's deputy-affairs committee supervises it.
FIRST_LEVEL = SupervisionLevel.DEPUTY_AFFAIRS


class SuggestionState(StrEnum):
    DRAFTED = "drafted"  # written by the deputy, not yet sent
    SENT = "sent"  # sent to the bureau, waiting for its answer
    ANSWERED = "answered"  # the bureau answered; waiting for the deputy's verdict
    SATISFIED = "satisfied"  # the deputy is satisfied (满意 / 基本满意): done
    DISSATISFIED = "dissatisfied"  # the deputy is not: to be supervised again (send again)


SUGGESTION_STATE_ZH: dict[SuggestionState, str] = {
    SuggestionState.DRAFTED: "草拟",
    SuggestionState.SENT: "已交办",
    SuggestionState.ANSWERED: "已答复",
    SuggestionState.SATISFIED: "代表满意",
    SuggestionState.DISSATISFIED: "代表不满意",
}


class SuggestionMove(StrEnum):
    SEND = "send"  # 交办 (and, after a dissatisfied verdict, 再次督办)
    ANSWER = "answer"  # the bureau's answer
    VERDICT = "verdict"  # the deputy's satisfaction, reported to the congress office


S = SuggestionState
# The state each move may be made in, and the state it leads to.
LEGAL: dict[SuggestionMove, frozenset[SuggestionState]] = {
    SuggestionMove.SEND: frozenset({S.DRAFTED, S.DISSATISFIED}),
    SuggestionMove.ANSWER: frozenset({S.SENT}),
    SuggestionMove.VERDICT: frozenset({S.ANSWERED}),
}

REFUSAL_ZH: dict[SuggestionMove, str] = {
    SuggestionMove.SEND: "只有草拟的建议或代表不满意的建议可以交办",
    SuggestionMove.ANSWER: "只有已交办、尚未答复的建议可以登记答复",
    SuggestionMove.VERDICT: "只有已答复的建议可以登记代表的满意度",
}


class IllegalSuggestionMove(Exception):
    def __init__(self, move: SuggestionMove, state: SuggestionState) -> None:
        super().__init__(f"{move.value} not legal in {state.value}")
        self.move, self.state = move, state

    @property
    def message_zh(self) -> str:
        return REFUSAL_ZH[self.move]


def check(move: SuggestionMove, state: SuggestionState | str) -> None:
    if SuggestionState(state) not in LEGAL[move]:
        raise IllegalSuggestionMove(move, SuggestionState(state))


def move_between(old: SuggestionState | str, new: SuggestionState | str) -> SuggestionMove | None:
    """The move that changes `old` into `new` when it is legal (the server's check), else None."""
    old, new = SuggestionState(old), SuggestionState(new)
    if new is S.SENT and old in LEGAL[SuggestionMove.SEND]:
        return SuggestionMove.SEND
    if new is S.ANSWERED and old is S.SENT:
        return SuggestionMove.ANSWER
    if new in (S.SATISFIED, S.DISSATISFIED) and old is S.ANSWERED:
        return SuggestionMove.VERDICT
    return None


def state_of_verdict(verdict: Verdict | str) -> SuggestionState:
    return S.DISSATISFIED if Verdict(verdict) is Verdict.DISSATISFIED else S.SATISFIED


@dataclass(frozen=True, slots=True)
class SuggestionDraft:
    deputy_id: str
    title: str
    body: str
    reception_ids: tuple[str, ...]


def validate_suggestion(draft: SuggestionDraft) -> list[FieldError]:
    errors: list[FieldError] = []
    if not draft.deputy_id:
        errors.append(FieldError("deputy_id", FieldProblem.REQUIRED))
    for name, value, limit in (("title", draft.title, MAX_TITLE_CHARS), ("body", draft.body, MAX_BODY_CHARS)):
        if not value.strip():
            errors.append(FieldError(name, FieldProblem.REQUIRED))
        elif len(value.strip()) > limit:
            errors.append(FieldError(name, FieldProblem.TOO_LONG))
    if not draft.reception_ids:
        errors.append(FieldError("reception_ids", FieldProblem.REQUIRED))
    return errors


@dataclass(frozen=True, slots=True)
class SendDraft:
    unit_id: str | None  # the bureau (a handling unit)
    sent_on: date
    working_days: int
    handler: str = ""


def validate_send(draft: SendDraft, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if not draft.unit_id:
        errors.append(FieldError("unit_id", FieldProblem.REQUIRED))
    if not 1 <= draft.working_days <= 60:
        errors.append(FieldError("working_days", FieldProblem.OUT_OF_RANGE))
    if draft.sent_on > today:
        errors.append(FieldError("sent_on", FieldProblem.IN_FUTURE))
    if len(draft.handler.strip()) > MAX_NAME_CHARS:
        errors.append(FieldError("handler", FieldProblem.TOO_LONG))
    return errors


def outcome_zh(state: SuggestionState | str, serial: str, unit: str) -> str:
    """What the clerk tells a linked case's citizen at the callback."""
    st = SuggestionState(state)
    if st is S.DRAFTED:
        return f"代表已据此起草建议（{serial or '未编号'}），尚未交办。"
    if st is S.SENT:
        return f"代表建议 {serial} 已交{unit}办理，尚未答复。"
    if st is S.ANSWERED:
        return f"代表建议 {serial} {unit}已答复，待代表评价。"
    if st is S.SATISFIED:
        return f"代表建议 {serial} {unit}已办理答复，代表满意。"
    return f"代表建议 {serial} 的答复代表不满意，人大正在再次督办。"
