"""Writes of the case lifecycle, each inside the caller's write session (one transaction).

Every function checks the move with desk_app.domain.lifecycle first, validates the input with
desk_app.domain.validation, and changes nothing when either refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.lifecycle import CaseStatus, Move
from desk_app.domain.numbering import format_serial
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
from desk_app.storage.errors import NoSerialLeft, NotFound, ValidationFailed
from desk_app.storage.models import (
    Callback,
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
from desk_app.storage.stations import home_station

# Set (to the desk id) once the desk is enrolled: from then on slips are numbered only from
# serial blocks the server granted (docs/sync.md, "Slip serial numbers offline").
ENROLLED_SETTING = "sync.desk_id"


@dataclass(slots=True)
class CallbackDraft:
    called_at: datetime
    caller: str
    method: CallbackMethod | str
    verdict: Verdict | str | None
    citizen_words: str = ""


def _get_reception(session: Session, reception_id: str) -> Reception:
    reception = session.get(Reception, reception_id)
    if reception is None:
        raise NotFound("reception", reception_id)
    return reception


def _raise_if(errors: list[FieldError]) -> None:
    if errors:
        raise ValidationFailed(errors)


def _current_referral(session: Session, reception: Reception) -> Referral:
    referral = session.scalar(
        select(Referral).where(
            Referral.reception_id == reception.id, Referral.round_no == reception.round_no
        )
    )
    if referral is None:  # the status says there is one: the data is damaged
        raise RuntimeError(f"reception {reception.id} round {reception.round_no} has no slip")
    return referral


def register_reception(session: Session, draft: ReceptionDraft, *, now: datetime) -> str:
    errors = validate_reception(draft, now)
    if draft.category_id and session.get(Category, draft.category_id) is None:
        errors.append(FieldError("category_id", FieldProblem.UNKNOWN_CHOICE))
    for deputy_id in draft.deputy_ids:
        if session.get(Deputy, deputy_id) is None:
            errors.append(FieldError("deputy_ids", FieldProblem.UNKNOWN_CHOICE))
            break
    _raise_if(errors)
    station = home_station(session)
    station_id = station.id if station is not None else None
    if station_id is None:
        raise NotFound("station", "-")
    outcome = Outcome(draft.outcome)
    reception = Reception(
        station_id=station_id,
        received_at=draft.received_at.replace(microsecond=0),
        channel=str(draft.channel),
        citizen_name=draft.citizen_name.strip(),
        citizen_phone=normalize_phone(draft.citizen_phone),
        citizen_address=draft.citizen_address.strip(),
        category_id=draft.category_id or None,
        content=draft.content.strip(),
        outcome=outcome.value,
        on_site_answer=draft.on_site_answer.strip(),
        status=lifecycle.initial_status(outcome).value,
        round_no=0,
    )
    session.add(reception)
    session.flush()
    for deputy_id in dict.fromkeys(draft.deputy_ids):
        session.add(ReceptionDeputy(reception_id=reception.id, deputy_id=deputy_id))
    return reception.id


def next_serial_seq(session: Session, station_id: str, year: int) -> int:
    if session.get(Setting, ENROLLED_SETTING) is not None:
        return _take_from_blocks(session, station_id, year)
    last = session.scalar(
        select(func.max(Referral.serial_seq)).where(
            Referral.station_id == station_id, Referral.serial_year == year
        )
    )
    return (last or 0) + 1


def _take_from_blocks(session: Session, station_id: str, year: int) -> int:
    """The next number of the oldest granted block with one left (numbers used here are skipped)."""
    blocks = session.scalars(
        select(SerialBlock).where(SerialBlock.year == year, SerialBlock.next_seq <= SerialBlock.last_seq)
        .order_by(SerialBlock.first_seq)
    ).all()
    for block in blocks:
        while block.next_seq <= block.last_seq:
            seq = block.next_seq
            block.next_seq = seq + 1
            used = session.scalar(select(Referral.id).where(
                Referral.station_id == station_id, Referral.serial_year == year, Referral.serial_seq == seq))
            if used is None:
                return seq
    raise NoSerialLeft(year)


def refer(session: Session, reception_id: str, draft: ReferralDraft, *, today: date,
          serial: tuple[str, int, int] | None = None) -> Referral:
    """Open the next round with a slip. `serial` = (number, year, seq) keeps a number given from
    outside (a ledger's paper series) instead of allocating the next one; the caller checks it is
    free (the unique constraint refuses a clash)."""
    reception = _get_reception(session, reception_id)
    transition = lifecycle.check_move(CaseStatus(reception.status), reception.round_no, Move.REFER)
    errors = validate_referral(draft, today)
    if draft.handling_unit_id and session.get(HandlingUnit, draft.handling_unit_id) is None:
        errors.append(FieldError("handling_unit_id", FieldProblem.UNKNOWN_CHOICE))
    errors += validate_not_before("referred_on", draft.referred_on, reception.received_at.date())
    _raise_if(errors)
    station = session.get(Station, reception.station_id)
    assert station is not None
    deadline = add_working_days(draft.referred_on, draft.working_days)
    if serial is None:
        year = draft.referred_on.year
        seq = next_serial_seq(session, station.id, year)
        number = format_serial(station.serial_pattern, station.short_name, year, seq)
    else:
        number, year, seq = serial
    referral = Referral(
        reception_id=reception.id,
        station_id=station.id,
        round_no=transition.round_no,
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
    session.flush()
    return referral


def record_reply(
    session: Session, reception_id: str, *, replied_on: date, reply_text: str, operator_id: str, today: date
) -> None:
    reception = _get_reception(session, reception_id)
    transition = lifecycle.check_move(CaseStatus(reception.status), reception.round_no, Move.REPLY)
    referral = _current_referral(session, reception)
    errors = validate_text_required("reply_text", reply_text)
    errors += validate_not_future("replied_on", replied_on, today)
    errors += validate_not_before("replied_on", replied_on, referral.referred_on)
    _raise_if(errors)
    referral.replied_on = replied_on
    referral.reply_text = reply_text.strip()
    referral.reply_recorded_by = operator_id
    reception.status = transition.status.value


def record_callback(session: Session, reception_id: str, draft: CallbackDraft, *, now: datetime) -> None:
    reception = _get_reception(session, reception_id)
    status = CaseStatus(reception.status)
    errors: list[FieldError] = []
    verdict: Verdict | None = None
    if draft.verdict is None or draft.verdict == "":
        errors.append(FieldError("verdict", FieldProblem.REQUIRED))
    elif draft.verdict not in {v.value for v in Verdict}:
        errors.append(FieldError("verdict", FieldProblem.UNKNOWN_CHOICE))
    else:
        verdict = Verdict(draft.verdict)
    # The move is checked before the form, so that an illegal callback says why it is illegal.
    refusal = lifecycle.refusal_for(Move.CALLBACK, status)
    if refusal is not None:
        raise lifecycle.IllegalMove(Move.CALLBACK, status, refusal)
    referral = _current_referral(session, reception)
    if draft.method not in {m.value for m in CallbackMethod}:
        errors.append(FieldError("method", FieldProblem.UNKNOWN_CHOICE))
    errors += validate_text_required("caller", draft.caller, limit=50)
    errors += validate_not_future("called_at", draft.called_at, now)
    if referral.replied_on is not None:
        errors += validate_not_before("called_at", draft.called_at.date(), referral.replied_on)
    _raise_if(errors)
    assert verdict is not None
    transition = lifecycle.check_move(status, reception.round_no, Move.CALLBACK, verdict)
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
        )
    )
    reception.status = transition.status.value


def sign_off(session: Session, reception_id: str, *, operator_id: str, note: str, now: datetime) -> None:
    reception = _get_reception(session, reception_id)
    transition = lifecycle.check_move(CaseStatus(reception.status), reception.round_no, Move.SIGN_OFF)
    reception.status = transition.status.value
    reception.signed_off_at = now.replace(microsecond=0)
    reception.signed_off_by = operator_id
    reception.sign_off_note = note.strip()
