"""The rule book: which records justify a case's status, and when each waiting state falls due.

`lifecycle` says which move is legal from which status. This module says what must stand
behind a status: a slip for `referred`, its reply for `replied`, a callback of the round with the
matching verdict for `satisfied` / `dissatisfied`, and so on. The desk checks every case it
writes against it before committing; the central server replays every pushed change against it
with the records it holds (and those earlier in the same batch), so no desk, command or API call
can store a status the records do not justify (被满意).

The facts are plain values, built by the desk from its tables and by the server from its
records, so both sides judge with exactly the same code.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desk_app.domain.deadlines import (
    DEFAULT_CALLBACK_WORKING_DAYS,
    DEFAULT_REFER_WORKING_DAYS,
    add_working_days,
)
from desk_app.domain.lifecycle import (
    CaseStatus,
    IllegalMove,
    Move,
    NoSuchMove,
    Refusal,
    check_status_change,
    refusal_for,
)
from desk_app.domain.vocab import Verdict
from desk_app.domain.workcalendar import WorkCalendar

S = CaseStatus


class DissatisfactionCause(StrEnum):
    """Why a citizen is dissatisfied: it decides what the office may do next."""

    UNIT_FAULT = "unit_fault"  # the unit did not solve it: a second round (二次督办)
    BEYOND_POLICY = "beyond_policy"  # the demand is beyond policy: may be closed with an explanation
    OTHER = "other"


CAUSE_ZH: dict[DissatisfactionCause, str] = {
    DissatisfactionCause.UNIT_FAULT: "承办单位未办好",
    DissatisfactionCause.BEYOND_POLICY: "诉求超出政策范围",
    DissatisfactionCause.OTHER: "其他原因",
}


class EventKind(StrEnum):
    """Case events (`case_event` rows): the record and the reason behind a move of the office."""

    SIGNED_OFF = "signed_off"
    CLOSED_EXPLAINED = "closed_explained"
    REOPENED = "reopened"
    WITHDRAWN = "withdrawn"
    VOIDED = "voided"
    MERGED = "merged"
    CORRECTED = "corrected"  # a registration, slip, reply or verdict corrected (fields named)
    # Moves between levels (issue 13, domain.transfers): the case keeps its status.
    TRANSFERRED_UP = "transferred_up"
    TRANSFERRED_DOWN = "transferred_down"
    TAKEN_OVER = "taken_over"
    TRANSFERRED_TO_CITY = "transferred_to_city"  # the city level (the district's edge)
    RETURNED_FROM_CITY = "returned_from_city"
    CITY_REPLIED = "city_replied"  # the city's reply text, recorded by the centre (no move)


EVENT_ZH: dict[EventKind, str] = {
    EventKind.SIGNED_OFF: "销号",
    EventKind.CLOSED_EXPLAINED: "解释办结",
    EventKind.REOPENED: "重办",
    EventKind.WITHDRAWN: "撤回",
    EventKind.VOIDED: "作废",
    EventKind.MERGED: "合并",
    EventKind.CORRECTED: "更正",
    EventKind.TRANSFERRED_UP: "转办至区中心",
    EventKind.TRANSFERRED_DOWN: "转办至站点",
    EventKind.TAKEN_OVER: "区中心接办",
    EventKind.TRANSFERRED_TO_CITY: "转办至市级",
    EventKind.RETURNED_FROM_CITY: "市级交回",
    EventKind.CITY_REPLIED: "市级答复",
}

# Events that move the status, and the status each leads to.
STATUS_EVENTS: dict[EventKind, CaseStatus] = {
    EventKind.SIGNED_OFF: S.SIGNED_OFF,
    EventKind.CLOSED_EXPLAINED: S.CLOSED_EXPLAINED,
    EventKind.REOPENED: S.REOPENED,
    EventKind.WITHDRAWN: S.WITHDRAWN,
    EventKind.VOIDED: S.VOIDED,
    EventKind.MERGED: S.MERGED,
}
EVENT_OF_STATUS: dict[CaseStatus, EventKind] = {v: k for k, v in STATUS_EVENTS.items()}

EVENT_MOVE: dict[EventKind, Move] = {
    EventKind.SIGNED_OFF: Move.SIGN_OFF,
    EventKind.CLOSED_EXPLAINED: Move.CLOSE_EXPLAINED,
    EventKind.REOPENED: Move.REOPEN,
    EventKind.WITHDRAWN: Move.WITHDRAW,
    EventKind.VOIDED: Move.VOID,
    EventKind.MERGED: Move.MERGE,
}


class ExtensionState(StrEnum):
    PENDING = "pending"  # 待审批
    APPROVED = "approved"  # 已同意
    REFUSED = "refused"  # 不同意


# -- facts -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlipFact:
    id: str
    round_no: int
    attempt: int  # 1, then 2, 3 … after each return (退回) within the round
    referred_on: date
    reply_due: date
    replied_on: date | None = None
    returned_on: date | None = None


@dataclass(frozen=True, slots=True)
class CallbackFact:
    """A call that reached the citizen (attempts that did not are not facts of the status)."""

    id: str
    round_no: int
    called_at: datetime
    verdict: str
    cause: str = ""


@dataclass(frozen=True, slots=True)
class EventFact:
    id: str
    kind: str
    round_no: int
    at: datetime
    reason: str = ""


@dataclass(frozen=True, slots=True)
class CaseFacts:
    """One case as its records show it."""

    status: CaseStatus
    round_no: int
    slips: tuple[SlipFact, ...] = ()
    callbacks: tuple[CallbackFact, ...] = ()
    events: tuple[EventFact, ...] = ()
    signed_off: bool = False  # the case names who signed it off, and when
    received_on: date | None = None

    def slip(self, round_no: int | None = None) -> SlipFact | None:
        """The latest slip (highest attempt) of a round, by default the current one."""
        r = self.round_no if round_no is None else round_no
        found = [s for s in self.slips if s.round_no == r]
        return max(found, key=lambda s: s.attempt) if found else None

    def latest_callback(self, round_no: int | None = None) -> CallbackFact | None:
        r = self.round_no if round_no is None else round_no
        found = [c for c in self.callbacks if c.round_no == r]
        return max(found, key=lambda c: (c.called_at, c.id)) if found else None

    def latest_event(self, kinds: frozenset[str] | None = None) -> EventFact | None:
        found = [e for e in self.events if kinds is None or e.kind in kinds]
        return max(found, key=lambda e: (e.at, e.id)) if found else None


_STATUS_EVENT_KINDS = frozenset(k.value for k in STATUS_EVENTS)


# -- the rule book -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Judgement:
    move: Move | None
    refusal: Refusal | None = None

    @property
    def ok(self) -> bool:
        return self.refusal is None


def judge_status(before: CaseStatus, before_round: int, after: CaseFacts) -> Judgement:
    """Whether the records in `after` justify moving a case from `before` (in `before_round`) to
    `after.status` (in `after.round_no`). The move must be legal (lifecycle) and stand on records.
    """
    try:
        move = check_status_change(before, after.status)
    except IllegalMove as exc:
        return Judgement(exc.move, exc.refusal)
    except NoSuchMove:
        return Judgement(None, Refusal.NO_SUCH_MOVE)
    if move is None:
        return Judgement(None, None if after.round_no == before_round else Refusal.WRONG_ROUND)
    refusal = _evidence(move, before, before_round, after)
    return Judgement(move, refusal)


def _evidence(move: Move, before: CaseStatus, before_round: int, f: CaseFacts) -> Refusal | None:
    r = f.round_no
    if move is Move.REFER:
        expected = before_round if before is S.RETURNED else before_round + 1
        if r != expected:
            return Refusal.WRONG_ROUND
        slip = f.slip()
        if slip is None or slip.returned_on is not None or slip.replied_on is not None:
            return Refusal.NO_SLIP
        if before is S.DISSATISFIED:
            last = f.latest_callback(before_round)
            if last is None or last.verdict != Verdict.DISSATISFIED.value:
                return Refusal.VERDICT_MISMATCH
        if before is S.RETURNED:
            previous = [s for s in f.slips if s.round_no == r and s.attempt < slip.attempt]
            if not any(s.returned_on is not None for s in previous):
                return Refusal.SLIP_NOT_RETURNED
        if before is S.REOPENED and _latest_status_event(f) != EventKind.REOPENED:
            return Refusal.NO_RECORD_OF_MOVE
        return None
    if r != before_round:
        return Refusal.WRONG_ROUND
    slip = f.slip()
    if move is Move.REPLY:
        if slip is None:
            return Refusal.NO_SLIP
        return None if slip.replied_on is not None and slip.returned_on is None else Refusal.SLIP_NOT_REPLIED
    if move is Move.RETURN:
        if slip is None:
            return Refusal.NO_SLIP
        return None if slip.returned_on is not None and slip.replied_on is None else Refusal.SLIP_NOT_RETURNED
    if move in (Move.CALLBACK, Move.CORRECT_VERDICT):
        if slip is None or slip.replied_on is None:
            return Refusal.SLIP_NOT_REPLIED
        last = f.latest_callback()
        if last is None:
            return Refusal.NO_CALLBACK_YET
        satisfied = last.verdict in (Verdict.SATISFIED.value, Verdict.BASICALLY_SATISFIED.value)
        if satisfied != (f.status is S.SATISFIED):
            return Refusal.VERDICT_MISMATCH
        return None
    if move is Move.SIGN_OFF:
        last = f.latest_callback()
        if last is None or last.verdict not in (Verdict.SATISFIED.value, Verdict.BASICALLY_SATISFIED.value):
            return Refusal.NO_CALLBACK_YET
        # The satisfied callback is what justifies a sign-off; its case_event is its history (and
        # sign-offs made before case events existed have none).
        return None if f.signed_off else Refusal.NOT_SIGNED
    if move is Move.CLOSE_EXPLAINED:
        last = f.latest_callback()
        if last is None or last.verdict != Verdict.DISSATISFIED.value:
            return Refusal.NOT_DISSATISFIED
        if last.cause != DissatisfactionCause.BEYOND_POLICY.value:
            return Refusal.NOT_BEYOND_POLICY
        return _needs_event(f, EventKind.CLOSED_EXPLAINED)
    if move in (Move.VOID, Move.MERGE):
        if r != 0 or f.slips:
            return Refusal.HAS_SLIP
        return _needs_event(f, EventKind.VOIDED if move is Move.VOID else EventKind.MERGED)
    if move is Move.REOPEN:
        return _needs_event(f, EventKind.REOPENED)
    if move is Move.WITHDRAW:
        return _needs_event(f, EventKind.WITHDRAWN)
    return None


# The spine moves an older desk could log as one status change (it flushed a ledger row's refer,
# reply, callback and sign-off together), with where each leads from (status, round).
_SPINE: tuple[tuple[Move, tuple[CaseStatus, ...], int], ...] = (
    (Move.REFER, (S.REFERRED,), 1),
    (Move.REPLY, (S.REPLIED,), 0),
    (Move.CALLBACK, (S.SATISFIED, S.DISSATISFIED), 0),
    (Move.SIGN_OFF, (S.SIGNED_OFF,), 0),
)


def judge_path(before: CaseStatus, before_round: int, after: CaseFacts, max_steps: int = 4) -> Judgement:
    """`judge_status`, or else a short path of the spine's moves from `before` to `after` where the
    records justify every step (desks before issue 9 logged several moves as one status change).
    The case still never reaches a state its records do not justify."""
    direct = judge_status(before, before_round, after)
    if direct.ok:
        return direct
    frontier = [(before, before_round)]
    seen = set(frontier)
    for _ in range(max_steps):
        following = []
        for status, round_no in frontier:
            for move, targets, bump in _SPINE:
                for target in targets:
                    step = (target, round_no + bump)
                    if step in seen:
                        continue
                    facts = CaseFacts(
                        target,
                        step[1],
                        after.slips,
                        after.callbacks,
                        after.events,
                        after.signed_off,
                        after.received_on,
                    )
                    if not judge_status(status, round_no, facts).ok:
                        continue
                    if step == (after.status, after.round_no):
                        return Judgement(move, None)
                    seen.add(step)
                    following.append(step)
        frontier = following
    return direct


def _latest_status_event(f: CaseFacts) -> str | None:
    latest = f.latest_event(_STATUS_EVENT_KINDS)
    return latest.kind if latest is not None else None


def _needs_event(f: CaseFacts, kind: EventKind) -> Refusal | None:
    """The newest status event must be this move's, in this round, with its written reason."""
    latest = f.latest_event(_STATUS_EVENT_KINDS)
    if latest is None or latest.kind != kind.value or latest.round_no != f.round_no:
        return Refusal.NO_RECORD_OF_MOVE
    if not latest.reason.strip():
        return Refusal.REASON_REQUIRED
    return None


def callback_refusal(verdict: str, citizen_words: str) -> Refusal | None:
    """What a callback that reached the citizen must carry besides its verdict: a dissatisfied
    citizen's own words (what they are dissatisfied with), since the second round, or the written
    explanation, answers them. The desk checks it when a callback is recorded, the server when a
    callback arrives."""
    if verdict == Verdict.DISSATISFIED.value and not citizen_words.strip():
        return Refusal.WORDS_REQUIRED
    return None


def judge_child(facts: CaseFacts, move: Move, round_no: int | None = None) -> Refusal | None:
    """Whether a record of `move` (a slip, a callback, a chase …) may be added to the case now."""
    refusal = refusal_for(move, facts.status, facts.round_no)
    if refusal is not None:
        return refusal
    if round_no is None:
        return None
    if move is Move.REFER:
        expected = facts.round_no if facts.status is S.RETURNED else facts.round_no + 1
        return None if round_no == expected else Refusal.WRONG_ROUND
    return None if round_no == facts.round_no else Refusal.WRONG_ROUND


# -- waiting deadlines ---------------------------------------------------------------------------------

# A station's waiting deadlines are set in working days, within this bound.
MAX_WAITING_DAYS = 30


@dataclass(frozen=True, slots=True)
class WaitingRules:
    """A station's deadlines for the states that wait on the office (station settings)."""

    callback_working_days: int = DEFAULT_CALLBACK_WORKING_DAYS
    refer_working_days: int = DEFAULT_REFER_WORKING_DAYS


@dataclass(frozen=True, slots=True)
class WaitingDue:
    due: date | None
    estimated: bool = False


def waiting_due(facts: CaseFacts, rules: WaitingRules, calendar: WorkCalendar | None = None) -> WaitingDue:
    """The deadline of the state the case waits in (None when it waits on nobody).

    - referred: the slip's reply deadline (after extensions);
    - replied: the callback, `callback_working_days` after the reply (12345: the next working day);
    - awaiting referral, dissatisfied, returned, reopened: the next slip, `refer_working_days`
      after the registration, the dissatisfied callback, the return or the reopening.
    """
    s = facts.status
    slip = facts.slip()
    start: date | None = None
    days = rules.refer_working_days
    if s is S.REFERRED:
        return WaitingDue(slip.reply_due if slip is not None else None)
    if s is S.REPLIED:
        start = slip.replied_on if slip is not None else None
        days = rules.callback_working_days
    elif s is S.AWAITING_REFERRAL:
        start = facts.received_on
    elif s is S.DISSATISFIED:
        last = facts.latest_callback()
        start = last.called_at.date() if last is not None else None
    elif s is S.RETURNED:
        start = slip.returned_on if slip is not None else None
    elif s is S.REOPENED:
        event = facts.latest_event(frozenset({EventKind.REOPENED.value}))
        start = event.at.date() if event is not None else None
    if start is None:
        return WaitingDue(None)
    deadline = add_working_days(start, max(1, days), calendar)
    return WaitingDue(deadline.due, deadline.estimated)
