"""Corrections (更正): a mistyped registration, slip, reply or verdict, put right with a reason.

Nothing is overwritten without a trace: the change log keeps every old value (the case's history
shows old → new), and a `corrected` case event names the record, the fields and the reason. A
corrected verdict moves the case between satisfied and dissatisfied within the round (a
mis-clicked 满意), never past a sign-off: a signed-off case is reopened instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle
from desk_app.domain.casebook import EventKind
from desk_app.domain.lifecycle import IllegalMove, Move, Refusal
from desk_app.domain.validation import (
    MAX_NAME_CHARS,
    FieldError,
    FieldProblem,
    ReceptionDraft,
    normalize_phone,
    validate_not_before,
    validate_not_future,
    validate_reception,
    validate_text_required,
)
from desk_app.domain.validation import MAX_WORKING_DAYS as MAX_DAYS
from desk_app.storage import slip_deadlines
from desk_app.storage.cases import (
    add_event,
    begin_move,
    current_referral,
    raise_if,
    settle,
    validate_reason,
    validate_verdict,
)
from desk_app.storage.models import Callback, CallbackAttempt, Category, Referral

_REGISTRATION_FIELDS = (
    "received_at",
    "channel",
    "citizen_name",
    "citizen_phone",
    "citizen_address",
    "category_id",
    "content",
    "on_site_answer",
    "headcount",
    "note",
)


@dataclass(slots=True)
class ReferralCorrection:
    handler: str
    supervisor: str
    working_days: int
    note: str = ""


def _apply(obj: Any, values: dict[str, Any]) -> list[str]:
    """Set the values that differ; the names of the fields changed."""
    changed = [k for k, v in values.items() if getattr(obj, k) != v]
    for k in changed:
        setattr(obj, k, values[k])
    return changed


def _nothing(move: Move, status: lifecycle.CaseStatus) -> IllegalMove:
    return IllegalMove(move, status, Refusal.NOTHING_TO_CORRECT)


def correct_registration(
    session: Session, reception_id: str, draft: ReceptionDraft, *, reason: str, now: datetime
) -> list[str]:
    """Correct what was registered (name, phone, address, content, category, channel, time, the
    number of people received (接待人数) and the 备注)."""
    reception, before = begin_move(session, reception_id, Move.CORRECT_REGISTRATION)
    draft.outcome = reception.outcome  # the outcome is a move (refer / resolve), not a correction
    errors = validate_reception(draft, now) + validate_reason(reason)
    if draft.category_id and session.get(Category, draft.category_id) is None:
        errors.append(FieldError("category_id", FieldProblem.UNKNOWN_CHOICE))
    first_slip = session.scalar(
        select(func.min(Referral.referred_on)).where(Referral.reception_id == reception.id)
    )
    if first_slip is not None:
        errors += (
            [FieldError("received_at", FieldProblem.OUT_OF_RANGE)]
            if draft.received_at.date() > first_slip
            else []
        )
    raise_if(errors)
    changed = _apply(
        reception,
        {
            "received_at": draft.received_at.replace(microsecond=0),
            "channel": str(draft.channel),
            "citizen_name": draft.citizen_name.strip(),
            "citizen_phone": normalize_phone(draft.citizen_phone),
            "citizen_address": draft.citizen_address.strip(),
            "category_id": draft.category_id or None,
            "content": draft.content.strip(),
            "on_site_answer": draft.on_site_answer.strip(),
            "headcount": draft.headcount,
            "note": draft.note.strip(),
        },
    )
    if not changed:
        raise _nothing(Move.CORRECT_REGISTRATION, before.status)
    add_event(
        session,
        reception,
        EventKind.CORRECTED,
        at=now,
        reason=reason,
        fields="reception:" + ",".join(changed),
    )
    settle(session, reception, before)
    return changed


def correct_referral(
    session: Session, reception_id: str, fix: ReferralCorrection, *, reason: str, now: datetime
) -> list[str]:
    """Correct the open slip: handler, supervisor, note, working days (the deadline follows). A
    wrong handling unit is not corrected: the unit returns the slip (退回) and it is referred again."""
    reception, before = begin_move(session, reception_id, Move.CORRECT_REFERRAL)
    referral = current_referral(session, reception)
    errors = validate_reason(reason)
    if len(fix.handler.strip()) > MAX_NAME_CHARS:
        errors.append(FieldError("handler", FieldProblem.TOO_LONG))
    errors += validate_text_required("supervisor", fix.supervisor, limit=MAX_NAME_CHARS)
    if not 1 <= fix.working_days <= MAX_DAYS:
        errors.append(FieldError("working_days", FieldProblem.OUT_OF_RANGE))
    raise_if(errors)
    values: dict[str, Any] = {
        "handler": fix.handler.strip(),
        "supervisor": fix.supervisor.strip(),
        "note": fix.note.strip(),
        "working_days": fix.working_days,
    }
    if fix.working_days != referral.working_days:
        values["reply_due"], values["due_estimated"] = slip_deadlines.slip_due(
            session, referral, fix.working_days
        )
    changed = _apply(referral, values)
    if not changed:
        raise _nothing(Move.CORRECT_REFERRAL, before.status)
    reception.reply_due = referral.reply_due
    add_event(
        session, reception, EventKind.CORRECTED, at=now, reason=reason, fields="referral:" + ",".join(changed)
    )
    settle(session, reception, before)
    return changed


def correct_reply(
    session: Session, reception_id: str, *, replied_on: date, reply_text: str, reason: str, now: datetime
) -> list[str]:
    """Correct the reply of the current round (a wrong date, a mistyped text)."""
    reception, before = begin_move(session, reception_id, Move.CORRECT_REPLY)
    referral = current_referral(session, reception)
    errors = validate_reason(reason) + validate_text_required("reply_text", reply_text)
    errors += validate_not_future("replied_on", replied_on, now.date())
    errors += validate_not_before("replied_on", replied_on, referral.referred_on)
    first_call = min(
        filter(
            None,
            (
                session.scalar(
                    select(func.min(Callback.called_at)).where(Callback.referral_id == referral.id)
                ),
                session.scalar(
                    select(func.min(CallbackAttempt.attempted_at)).where(
                        CallbackAttempt.referral_id == referral.id
                    )
                ),
            ),
        ),
        default=None,
    )
    if first_call is not None and replied_on > first_call.date():
        errors.append(FieldError("replied_on", FieldProblem.OUT_OF_RANGE))
    raise_if(errors)
    changed = _apply(referral, {"replied_on": replied_on, "reply_text": reply_text.strip()})
    if not changed:
        raise _nothing(Move.CORRECT_REPLY, before.status)
    add_event(
        session, reception, EventKind.CORRECTED, at=now, reason=reason, fields="referral:" + ",".join(changed)
    )
    settle(session, reception, before)
    return changed


def correct_verdict(
    session: Session, reception_id: str, *, verdict: str, cause: str, reason: str, now: datetime
) -> list[str]:
    """Correct the latest callback's verdict (and cause) of the current round; the case moves
    between satisfied and dissatisfied accordingly."""
    reception, before = begin_move(session, reception_id, Move.CORRECT_VERDICT)
    callback = session.scalar(
        select(Callback)
        .where(Callback.reception_id == reception.id, Callback.round_no == reception.round_no)
        .order_by(Callback.called_at.desc(), Callback.id.desc())
        .limit(1)
    )
    if callback is None:
        raise IllegalMove(Move.CORRECT_VERDICT, before.status, Refusal.NOT_LATEST_CALLBACK)
    found, errors = validate_verdict(verdict, cause)
    errors += validate_reason(reason)
    raise_if(errors)
    assert found is not None
    transition = lifecycle.check_move(before.status, before.round_no, Move.CORRECT_VERDICT, found)
    changed = _apply(
        callback, {"verdict": found.value, "cause": cause if found.value == "dissatisfied" else ""}
    )
    if not changed:
        raise _nothing(Move.CORRECT_VERDICT, before.status)
    reception.status = transition.status.value
    add_event(
        session, reception, EventKind.CORRECTED, at=now, reason=reason, fields="callback:" + ",".join(changed)
    )
    settle(session, reception, before)
    return changed
