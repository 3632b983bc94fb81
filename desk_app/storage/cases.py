"""Writes of the case lifecycle, each inside the caller's write session (one transaction).

Every move is checked with desk_app.domain.lifecycle first, its input validated with
desk_app.domain.validation, and nothing changes when either refuses. After the move the case is
judged with the rule book the central server uses (domain.casebook): a case this desk would
store but the server would refuse is a bug, and fails loudly before anything is committed.

The office's other moves (return, extensions, chases, closing, reopening, withdrawal, voiding,
merging) are in case_moves.py; corrections in corrections.py. All go through `begin_move` and
`settle` here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle
from desk_app.domain.casebook import CAUSE_ZH, DissatisfactionCause, EventKind, callback_refusal, judge_status
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.lifecycle import CaseStatus, Move
from desk_app.domain.numbering import format_centre_serial, format_serial
from desk_app.domain.transfers import TransferNotAllowed, acting_refusal, level_of
from desk_app.domain.validation import (
    FieldError,
    FieldProblem,
    ReceptionDraft,
    ReferralDraft,
    normalize_phone,
    validate_not_before,
    validate_not_future,
    validate_reception,
    validate_referral,
    validate_text_required,
)
from desk_app.domain.vocab import CallbackMethod, Outcome, Verdict
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.casefacts import case_facts, refresh_waiting
from desk_app.storage.errors import NoSerialLeft, NotFound, ValidationFailed
from desk_app.storage.models import (
    Callback,
    CaseEvent,
    Category,
    Deputy,
    HandlingUnit,
    Reception,
    ReceptionDeputy,
    Referral,
    SerialBlock,
    Setting,
    Station,
)
from desk_app.storage.stations import district_name, home_station, is_centre_desk

# Set (to the desk id) once the desk is enrolled: from then on slips are numbered only from
# serial blocks the server granted (docs/sync.md, "Slip serial numbers offline").
ENROLLED_SETTING = "sync.desk_id"

MAX_REASON_CHARS = 2000

__all__ = [
    "CAUSE_ZH",
    "CallbackDraft",
    "RuleBookBroken",
    "begin_move",
    "refer",
    "register_reception",
    "settle",
]


class RuleBookBroken(RuntimeError):
    """A write left a case the rule book refuses: a bug in the desk, never the user's fault."""


@dataclass(slots=True)
class CallbackDraft:
    called_at: datetime
    caller: str
    method: CallbackMethod | str
    verdict: Verdict | str | None
    citizen_words: str = ""
    # Why a dissatisfied citizen is dissatisfied (required then): a DissatisfactionCause value.
    cause: DissatisfactionCause | str = ""


@dataclass(frozen=True, slots=True)
class Before:
    """A case's status and round before a move, to judge the move against afterwards."""

    status: CaseStatus
    round_no: int


def get_reception(session: Session, reception_id: str) -> Reception:
    reception = session.get(Reception, reception_id)
    if reception is None:
        raise NotFound("reception", reception_id)
    return reception


def raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def begin_move(session: Session, reception_id: str, move: Move) -> tuple[Reception, Before]:
    """The case, after checking that `move` is legal in its state (IllegalMove otherwise)."""
    reception = get_reception(session, reception_id)
    status = CaseStatus(reception.status)
    refusal = lifecycle.refusal_for(move, status, reception.round_no)
    if refusal is not None:
        raise lifecycle.IllegalMove(move, status, refusal)
    level_refusal = acting_refusal(level_of(reception.level), centre_desk=is_centre_desk(session))
    if level_refusal is not None:
        # Sent up or taken over (issue 13): the district centre handles it; the station reads.
        # Sent to the city: nobody in the district acts until the city hands it back.
        raise TransferNotAllowed(level_refusal)
    return reception, Before(status, reception.round_no)


def settle(session: Session, reception: Reception, before: Before) -> None:
    """Judge the case with the rule book (as the server will), then refresh its waiting deadline."""
    facts = case_facts(session, reception)
    judgement = judge_status(before.status, before.round_no, facts)
    if not judgement.ok:
        raise RuleBookBroken(
            f"reception {reception.id}: {before.status.value}/{before.round_no} -> "
            f"{facts.status.value}/{facts.round_no} refused: {judgement.refusal}"
        )
    refresh_waiting(session, reception, facts)
    session.flush()


def validate_reason(reason: str, field: str = "reason") -> list[FieldError]:
    return validate_text_required(field, reason, limit=MAX_REASON_CHARS)


def current_referral(session: Session, reception: Reception) -> Referral:
    """The slip of the case's current round (the latest attempt, after any return)."""
    referral = session.scalar(
        select(Referral)
        .where(Referral.reception_id == reception.id, Referral.round_no == reception.round_no)
        .order_by(Referral.attempt.desc())
        .limit(1)
    )
    if referral is None:  # the status says there is one: the data is damaged
        raise RuntimeError(f"reception {reception.id} round {reception.round_no} has no slip")
    return referral


def add_event(
    session: Session,
    reception: Reception,
    kind: EventKind,
    *,
    at: datetime,
    reason: str = "",
    fields: str = "",
    related_id: str | None = None,
) -> CaseEvent:
    event = CaseEvent(
        reception_id=reception.id,
        round_no=reception.round_no,
        kind=kind.value,
        at=at.replace(microsecond=0),
        reason=reason.strip(),
        fields=fields,
        related_id=related_id,
    )
    session.add(event)
    return event


# -- registering ------------------------------------------------------------------------------------


def register_reception(session: Session, draft: ReceptionDraft, *, now: datetime) -> str:
    errors = validate_reception(draft, now)
    if draft.category_id and session.get(Category, draft.category_id) is None:
        errors.append(FieldError("category_id", FieldProblem.UNKNOWN_CHOICE))
    for deputy_id in draft.deputy_ids:
        if session.get(Deputy, deputy_id) is None:
            errors.append(FieldError("deputy_ids", FieldProblem.UNKNOWN_CHOICE))
            break
    raise_if(errors)
    station = home_station(session)
    if station is None:
        raise NotFound("station", "-")
    outcome = Outcome(draft.outcome)
    reception = Reception(
        station_id=station.id,
        received_at=draft.received_at.replace(microsecond=0),
        channel=str(draft.channel),
        citizen_name=draft.citizen_name.strip(),
        citizen_phone=normalize_phone(draft.citizen_phone),
        citizen_address=draft.citizen_address.strip(),
        category_id=draft.category_id or None,
        content=draft.content.strip(),
        outcome=outcome.value,
        on_site_answer=draft.on_site_answer.strip(),
        headcount=draft.headcount,
        note=draft.note.strip(),
        status=lifecycle.initial_status(outcome).value,
        round_no=0,
    )
    session.add(reception)
    session.flush()
    for deputy_id in dict.fromkeys(draft.deputy_ids):
        session.add(ReceptionDeputy(reception_id=reception.id, deputy_id=deputy_id))
    refresh_waiting(session, reception)
    session.flush()
    return reception.id


# -- slips --------------------------------------------------------------------------------------------


def next_serial_seq(session: Session, station_id: str, year: int) -> int:
    if session.get(Setting, ENROLLED_SETTING) is not None:
        return _take_from_blocks(session, station_id, year)
    last = session.scalar(
        select(func.max(Referral.serial_seq)).where(
            Referral.station_id == station_id, Referral.serial_year == year
        )
    )
    return (last or 0) + 1


def _take_from_blocks(session: Session, station_id: str | None, year: int) -> int:
    """The next number of the oldest granted block with one left (numbers used here are skipped)."""
    blocks = session.scalars(
        select(SerialBlock)
        .where(SerialBlock.year == year, SerialBlock.next_seq <= SerialBlock.last_seq)
        .order_by(SerialBlock.first_seq)
    ).all()
    for block in blocks:
        while block.next_seq <= block.last_seq:
            seq = block.next_seq
            block.next_seq = seq + 1
            taken = select(Referral.id).where(Referral.serial_year == year, Referral.serial_seq == seq)
            if station_id is not None:  # None: the centre's series, one across the district
                taken = taken.where(Referral.station_id == station_id)
            used = session.scalar(taken)
            if used is None:
                return seq
    raise NoSerialLeft(year)


def refer(
    session: Session,
    reception_id: str,
    draft: ReferralDraft,
    *,
    today: date,
    serial: tuple[str, int, int] | None = None,
) -> Referral:
    """Open the next round with a slip (or refer again within the round after a return).

    `serial` = (number, year, seq) keeps a number given from outside (a ledger's paper series)
    instead of allocating the next one; the caller checks it is free (the unique constraint
    refuses a clash)."""
    reception, before = begin_move(session, reception_id, Move.REFER)
    transition = lifecycle.check_move(before.status, before.round_no, Move.REFER)
    errors = validate_referral(draft, today)
    if draft.handling_unit_id and session.get(HandlingUnit, draft.handling_unit_id) is None:
        errors.append(FieldError("handling_unit_id", FieldProblem.UNKNOWN_CHOICE))
    errors += validate_not_before("referred_on", draft.referred_on, reception.received_at.date())
    attempt = 1
    if before.status is CaseStatus.RETURNED:
        returned = current_referral(session, reception)
        attempt = returned.attempt + 1
        if returned.returned_on is not None:
            errors += validate_not_before("referred_on", draft.referred_on, returned.returned_on)
    raise_if(errors)
    station = session.get(Station, reception.station_id)
    assert station is not None
    deadline = add_working_days(draft.referred_on, draft.working_days, work_calendar(session))
    if serial is None and is_centre_desk(session):
        # Slip numbers follow the level that refers (issue 13): the centre's own series.
        year = draft.referred_on.year
        seq = _take_from_blocks(session, None, year)
        number = format_centre_serial(district_name(session), year, seq)
    elif serial is None:
        year = draft.referred_on.year
        seq = next_serial_seq(session, station.id, year)
        number = format_serial(station.serial_pattern, station.short_name, year, seq)
    else:
        number, year, seq = serial
    referral = Referral(
        reception_id=reception.id,
        station_id=station.id,
        round_no=transition.round_no,
        attempt=attempt,
        serial=number,
        serial_year=year,
        serial_seq=seq,
        handling_unit_id=draft.handling_unit_id,
        handler=draft.handler.strip(),
        supervisor=draft.supervisor.strip(),
        referred_on=draft.referred_on,
        working_days=draft.working_days,
        reply_due=deadline.due,
        due_estimated=deadline.estimated,
        note=draft.note.strip(),
    )
    session.add(referral)
    reception.status = transition.status.value
    reception.round_no = transition.round_no
    reception.unit_id = referral.handling_unit_id
    reception.reply_due = referral.reply_due
    reception.serial = number
    settle(session, reception, before)
    return referral


def record_reply(
    session: Session, reception_id: str, *, replied_on: date, reply_text: str, operator_id: str, today: date
) -> None:
    reception, before = begin_move(session, reception_id, Move.REPLY)
    transition = lifecycle.check_move(before.status, before.round_no, Move.REPLY)
    referral = current_referral(session, reception)
    errors = validate_text_required("reply_text", reply_text)
    errors += validate_not_future("replied_on", replied_on, today)
    errors += validate_not_before("replied_on", replied_on, referral.referred_on)
    raise_if(errors)
    referral.replied_on = replied_on
    referral.reply_text = reply_text.strip()
    referral.reply_recorded_by = operator_id
    reception.status = transition.status.value
    settle(session, reception, before)


# -- callbacks -----------------------------------------------------------------------------------------


def validate_verdict(verdict: Verdict | str | None, cause: str) -> tuple[Verdict | None, list[FieldError]]:
    if verdict is None or verdict == "":
        return None, [FieldError("verdict", FieldProblem.REQUIRED)]
    if verdict not in {v.value for v in Verdict}:
        return None, [FieldError("verdict", FieldProblem.UNKNOWN_CHOICE)]
    found = Verdict(verdict)
    if found is Verdict.DISSATISFIED:
        if not cause:
            return found, [FieldError("cause", FieldProblem.REQUIRED)]
        if cause not in {c.value for c in DissatisfactionCause}:
            return found, [FieldError("cause", FieldProblem.UNKNOWN_CHOICE)]
    return found, []


def record_callback(session: Session, reception_id: str, draft: CallbackDraft, *, now: datetime) -> None:
    # The move is checked before the form, so that an illegal callback says why it is illegal.
    reception, before = begin_move(session, reception_id, Move.CALLBACK)
    verdict, errors = validate_verdict(draft.verdict, str(draft.cause or ""))
    referral = current_referral(session, reception)
    if draft.method not in {m.value for m in CallbackMethod}:
        errors.append(FieldError("method", FieldProblem.UNKNOWN_CHOICE))
    errors += validate_text_required("caller", draft.caller, limit=50)
    if verdict is not None and callback_refusal(verdict.value, draft.citizen_words) is not None:
        errors.append(FieldError("citizen_words", FieldProblem.REQUIRED))
    errors += validate_not_future("called_at", draft.called_at, now)
    if referral.replied_on is not None:
        errors += validate_not_before("called_at", draft.called_at.date(), referral.replied_on)
    raise_if(errors)
    assert verdict is not None
    transition = lifecycle.check_move(before.status, before.round_no, Move.CALLBACK, verdict)
    session.add(
        Callback(
            reception_id=reception.id,
            referral_id=referral.id,
            round_no=reception.round_no,
            called_at=draft.called_at.replace(microsecond=0),
            caller=draft.caller.strip(),
            method=str(draft.method),
            citizen_words=draft.citizen_words.strip(),
            verdict=verdict.value,
            cause=str(draft.cause) if verdict is Verdict.DISSATISFIED else "",
        )
    )
    reception.status = transition.status.value
    settle(session, reception, before)


def sign_off(session: Session, reception_id: str, *, operator_id: str, note: str, now: datetime) -> None:
    reception, before = begin_move(session, reception_id, Move.SIGN_OFF)
    transition = lifecycle.check_move(before.status, before.round_no, Move.SIGN_OFF)
    errors = [FieldError("note", FieldProblem.TOO_LONG)] if len(note.strip()) > MAX_REASON_CHARS else []
    raise_if(errors)
    add_event(session, reception, EventKind.SIGNED_OFF, at=now, reason=note)
    reception.status = transition.status.value
    reception.signed_off_at = now.replace(microsecond=0)
    reception.signed_off_by = operator_id
    reception.sign_off_note = note.strip()
    settle(session, reception, before)
