"""The office's moves around the spine of a case (each inside the caller's write session).

Returning a slip (退回), extension requests and decisions (延期), chase records (催办), callbacks
that did not reach the citizen (未接通), closing with an explanation (解释办结), reopening (重办),
withdrawal (撤回), voiding (作废) and merging duplicates (合并). Each is checked by the lifecycle,
validated, written with its record (and its reason where the move needs one), and the case is
judged by the rule book before commit (cases.settle).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle
from desk_app.domain.casebook import DissatisfactionCause, EventKind, ExtensionState
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.lifecycle import CaseStatus, IllegalMove, Move, Refusal
from desk_app.domain.validation import (
    MAX_NAME_CHARS,
    FieldError,
    FieldProblem,
    validate_not_before,
    validate_not_future,
    validate_text_required,
)
from desk_app.domain.vocab import CallbackMethod, ChaseMethod
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.cases import (
    Before,
    add_event,
    begin_move,
    current_referral,
    get_reception,
    raise_if,
    settle,
    validate_reason,
)
from desk_app.storage.errors import NotFound
from desk_app.storage.models import Callback, CallbackAttempt, Chase, Extension, Reception

MAX_EXTRA_WORKING_DAYS = 60


@dataclass(slots=True)
class AttemptDraft:
    attempted_at: datetime
    caller: str
    method: CallbackMethod | str
    note: str = ""


@dataclass(slots=True)
class ChaseDraft:
    chased_at: datetime
    method: ChaseMethod | str
    unit_contact: str = ""
    note: str = ""


@dataclass(slots=True)
class ExtensionDraft:
    requested_on: date
    reason: str
    extra_working_days: int
    requested_by: str = ""


def _optional_name(field: str, value: str) -> list[FieldError]:
    return [FieldError(field, FieldProblem.TOO_LONG)] if len(value.strip()) > MAX_NAME_CHARS else []


def _optional_text(field: str, value: str, limit: int = 20_000) -> list[FieldError]:
    return [FieldError(field, FieldProblem.TOO_LONG)] if len(value.strip()) > limit else []


# -- while the unit works on the slip ------------------------------------------------------------


def return_slip(session: Session, reception_id: str, *, returned_on: date, reason: str, today: date) -> None:
    """The unit returns a wrongly addressed slip (退回): the case waits to be referred again
    within the same round (the next slip is not a new round)."""
    reception, before = begin_move(session, reception_id, Move.RETURN)
    referral = current_referral(session, reception)
    errors = validate_reason(reason)
    errors += validate_not_future("returned_on", returned_on, today)
    errors += validate_not_before("returned_on", returned_on, referral.referred_on)
    raise_if(errors)
    transition = lifecycle.check_move(before.status, before.round_no, Move.RETURN)
    referral.returned_on = returned_on
    referral.return_reason = reason.strip()
    reception.status = transition.status.value
    settle(session, reception, before)


def record_chase(session: Session, reception_id: str, draft: ChaseDraft, *, now: datetime) -> str:
    reception, before = begin_move(session, reception_id, Move.CHASE)
    referral = current_referral(session, reception)
    errors: list[FieldError] = []
    if draft.method not in {m.value for m in ChaseMethod}:
        errors.append(FieldError("method", FieldProblem.UNKNOWN_CHOICE))
    errors += validate_not_future("chased_at", draft.chased_at, now)
    errors += validate_not_before("chased_at", draft.chased_at.date(), referral.referred_on)
    errors += _optional_name("unit_contact", draft.unit_contact)
    errors += validate_text_required("note", draft.note)
    raise_if(errors)
    chase = Chase(
        reception_id=reception.id,
        referral_id=referral.id,
        round_no=reception.round_no,
        chased_at=draft.chased_at.replace(microsecond=0),
        method=str(draft.method),
        unit_contact=draft.unit_contact.strip(),
        note=draft.note.strip(),
    )
    session.add(chase)
    settle(session, reception, before)
    return chase.id


def request_extension(session: Session, reception_id: str, draft: ExtensionDraft, *, today: date) -> str:
    """The unit asks for more time (延期申请), before the deadline; the office decides later."""
    reception, before = begin_move(session, reception_id, Move.REQUEST_EXTENSION)
    referral = current_referral(session, reception)
    pending = session.scalar(
        select(Extension.id).where(
            Extension.referral_id == referral.id, Extension.state == ExtensionState.PENDING.value
        )
    )
    if pending is not None:
        raise IllegalMove(Move.REQUEST_EXTENSION, before.status, Refusal.EXTENSION_PENDING)
    if draft.requested_on > referral.reply_due:
        raise IllegalMove(Move.REQUEST_EXTENSION, before.status, Refusal.PAST_DEADLINE)
    errors = validate_reason(draft.reason)
    errors += validate_not_future("requested_on", draft.requested_on, today)
    errors += validate_not_before("requested_on", draft.requested_on, referral.referred_on)
    errors += _optional_name("requested_by", draft.requested_by)
    if not 1 <= draft.extra_working_days <= MAX_EXTRA_WORKING_DAYS:
        errors.append(FieldError("extra_working_days", FieldProblem.OUT_OF_RANGE))
    raise_if(errors)
    ext = Extension(
        reception_id=reception.id,
        referral_id=referral.id,
        round_no=reception.round_no,
        requested_on=draft.requested_on,
        requested_by=draft.requested_by.strip(),
        reason=draft.reason.strip(),
        extra_working_days=draft.extra_working_days,
        state=ExtensionState.PENDING.value,
        old_due=referral.reply_due,
        new_due=None,
        due_estimated=False,
        decided_on=None,
        decided_by=None,
        decision_note="",
    )
    session.add(ext)
    settle(session, reception, before)
    return ext.id


def decide_extension(
    session: Session,
    extension_id: str,
    *,
    approve: bool,
    note: str,
    decided_on: date,
    operator_id: str,
    today: date,
) -> date | None:
    """The office approves (the slip's deadline moves) or refuses a pending request; the new
    deadline (None when refused)."""
    ext = session.get(Extension, extension_id)
    if ext is None:
        raise NotFound("extension", extension_id)
    reception, before = begin_move(session, ext.reception_id, Move.DECIDE_EXTENSION)
    referral = current_referral(session, reception)
    if ext.state != ExtensionState.PENDING.value or ext.referral_id != referral.id:
        raise IllegalMove(Move.DECIDE_EXTENSION, before.status, Refusal.NO_EXTENSION_PENDING)
    errors = validate_not_future("decided_on", decided_on, today)
    errors += validate_not_before("decided_on", decided_on, ext.requested_on)
    errors += _optional_text("decision_note", note)
    if not approve:
        errors += validate_text_required("decision_note", note)
    raise_if(errors)
    ext.state = (ExtensionState.APPROVED if approve else ExtensionState.REFUSED).value
    ext.decided_on, ext.decided_by, ext.decision_note = decided_on, operator_id, note.strip()
    new_due = None
    if approve:
        deadline = add_working_days(referral.reply_due, ext.extra_working_days, work_calendar(session))
        new_due = deadline.due
        ext.new_due, ext.due_estimated = deadline.due, deadline.estimated
        referral.reply_due, referral.due_estimated = deadline.due, deadline.estimated
        reception.reply_due = deadline.due
    settle(session, reception, before)
    return new_due


def record_callback_attempt(
    session: Session, reception_id: str, draft: AttemptDraft, *, now: datetime
) -> str:
    """A callback that did not reach the citizen (未接通): kept on the timeline; the case still
    waits for its callback."""
    reception, before = begin_move(session, reception_id, Move.CALLBACK_NOT_REACHED)
    referral = current_referral(session, reception)
    errors: list[FieldError] = []
    if draft.method not in {m.value for m in CallbackMethod}:
        errors.append(FieldError("method", FieldProblem.UNKNOWN_CHOICE))
    errors += validate_text_required("caller", draft.caller, limit=MAX_NAME_CHARS)
    errors += validate_not_future("attempted_at", draft.attempted_at, now)
    if referral.replied_on is not None:
        errors += validate_not_before("attempted_at", draft.attempted_at.date(), referral.replied_on)
    errors += _optional_text("note", draft.note)
    raise_if(errors)
    attempt = CallbackAttempt(
        reception_id=reception.id,
        referral_id=referral.id,
        round_no=reception.round_no,
        attempted_at=draft.attempted_at.replace(microsecond=0),
        caller=draft.caller.strip(),
        method=str(draft.method),
        note=draft.note.strip(),
    )
    session.add(attempt)
    settle(session, reception, before)
    return attempt.id


# -- closing and reopening --------------------------------------------------------------------------


def _status_move(
    session: Session,
    reception: Reception,
    before: Before,
    move: Move,
    kind: EventKind,
    *,
    reason: str,
    now: datetime,
    related_id: str | None = None,
) -> None:
    raise_if(validate_reason(reason))
    transition = lifecycle.check_move(before.status, before.round_no, move)
    add_event(session, reception, kind, at=now, reason=reason, related_id=related_id)
    reception.status = transition.status.value
    settle(session, reception, before)


def close_explained(session: Session, reception_id: str, *, reason: str, now: datetime) -> None:
    """Close a case whose citizen is dissatisfied with a demand beyond policy (解释办结), with the
    written explanation given to the citizen. Counted apart, never as satisfied."""
    reception, before = begin_move(session, reception_id, Move.CLOSE_EXPLAINED)
    last = session.scalar(
        select(Callback)
        .where(Callback.reception_id == reception.id, Callback.round_no == reception.round_no)
        .order_by(Callback.called_at.desc(), Callback.id.desc())
        .limit(1)
    )
    if last is None or last.cause != DissatisfactionCause.BEYOND_POLICY.value:
        raise IllegalMove(Move.CLOSE_EXPLAINED, before.status, Refusal.NOT_BEYOND_POLICY)
    _status_move(
        session, reception, before, Move.CLOSE_EXPLAINED, EventKind.CLOSED_EXPLAINED, reason=reason, now=now
    )


def reopen(session: Session, reception_id: str, *, reason: str, now: datetime) -> None:
    """The citizen came back about a closed case (重办): it waits for a new slip (the next round)."""
    reception, before = begin_move(session, reception_id, Move.REOPEN)
    raise_if(validate_reason(reason))
    # The earlier sign-off stays on the timeline (its case_event and the change log).
    reception.signed_off_at, reception.signed_off_by, reception.sign_off_note = None, None, ""
    _status_move(session, reception, before, Move.REOPEN, EventKind.REOPENED, reason=reason, now=now)


def withdraw(session: Session, reception_id: str, *, reason: str, now: datetime) -> None:
    """The citizen withdraws the matter (撤回): the case closes, counted as withdrawn."""
    reception, before = begin_move(session, reception_id, Move.WITHDRAW)
    _status_move(session, reception, before, Move.WITHDRAW, EventKind.WITHDRAWN, reason=reason, now=now)


def void(session: Session, reception_id: str, *, reason: str, now: datetime) -> None:
    """A registration made by mistake (作废), before any slip: it counts nowhere."""
    reception, before = begin_move(session, reception_id, Move.VOID)
    _status_move(session, reception, before, Move.VOID, EventKind.VOIDED, reason=reason, now=now)


def merge(session: Session, reception_id: str, *, into_id: str, reason: str, now: datetime) -> None:
    """A duplicate registration (before any slip) merged into the case that carries the matter:
    counted there, once."""
    reception, before = begin_move(session, reception_id, Move.MERGE)
    target = get_reception(session, into_id)
    if (
        target.id == reception.id
        or target.station_id != reception.station_id
        or CaseStatus(target.status).is_gone
    ):
        raise IllegalMove(Move.MERGE, before.status, Refusal.MERGE_TARGET_INVALID)
    reception.merged_into = target.id
    _status_move(
        session, reception, before, Move.MERGE, EventKind.MERGED, reason=reason, now=now, related_id=target.id
    )


__all__ = [
    "AttemptDraft",
    "ChaseDraft",
    "ExtensionDraft",
    "close_explained",
    "decide_extension",
    "merge",
    "record_callback_attempt",
    "record_chase",
    "reopen",
    "request_extension",
    "return_slip",
    "void",
    "withdraw",
]
