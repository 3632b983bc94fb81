"""Reads behind the printed and exported documents: the referral slip, the five lists, the detail.

Plain records and tuples only (documents never touch ORM objects). Long lists are streamed in
batches (`yield_per`) so that a 100,000-case export holds a few thousand rows at a time. The
tally's figures are not here: they come from tally_queries + desk_app.domain.tally, once.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import String, and_, exists, func, literal, select, true, type_coerce, union_all
from sqlalchemy import case as sql_case
from sqlalchemy.orm import Session, aliased

from desk_app.domain.casebook import EventKind, ExtensionState
from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage import queries, records
from desk_app.storage.coltypes import time_value
from desk_app.storage.errors import NotFound
from desk_app.storage.models import (
    Callback,
    CaseEvent,
    Category,
    Deputy,
    Extension,
    HandlingUnit,
    Operator,
    PublicPhoto,
    PublicSubmission,
    Reception,
    ReceptionDeputy,
    Referral,
    Station,
)

BATCH = 2000


def _raw(col):
    """Dates as stored text (fromisoformat is ~10x faster than SQLAlchemy's per-value parsing),
    times as stored integers (`_when`)."""
    return type_coerce(col, String())


def _when(stored: int | str | None) -> datetime | None:
    """A time column's stored value (integer microseconds: storage/coltypes.py)."""
    return time_value(stored)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dt(day: date) -> datetime:
    return datetime.combine(day, time.min)


# -- the referral slip ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SlipData:
    """Everything a referral slip (交办单) prints, for one slip: by default the current slip (the
    latest attempt, after any return) of a round."""

    station: records.StationInfo
    case: records.CaseDetail
    referral: records.ReferralInfo
    previous: records.ReferralInfo | None  # the round before (二次督办): its current slip, if any
    previous_callback: records.CallbackInfo | None
    unit_contact: str
    unit_phone: str
    # Approved extensions of this slip, oldest first: its deadline is the last one's new_due.
    extensions: tuple[records.ExtensionInfo, ...] = ()
    # Earlier slips of the same round that their units returned (退回): this slip refers it again.
    returned: tuple[records.ReferralInfo, ...] = ()
    # The first photo (JPEG) of the public-channel submission the case was made from (issue 12).
    photo: bytes | None = None

    @property
    def is_second_round(self) -> bool:
        return self.referral.round_no >= 2

    @property
    def is_re_referral(self) -> bool:
        return bool(self.returned)


def find_referral(session: Session, serial: str) -> tuple[str, int]:
    """(reception id, round) of the slip with this number; NotFound otherwise."""
    reception_id, round_no, _attempt = find_slip(session, serial)
    return reception_id, round_no


def find_slip(session: Session, serial: str) -> tuple[str, int, int]:
    """(reception id, round, attempt) of the slip with this number; NotFound otherwise."""
    row = session.execute(
        select(Referral.reception_id, Referral.round_no, Referral.attempt)
        .where(Referral.serial == serial.strip())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound("referral", serial)
    return row[0], row[1], row[2] or 1


def slip_data(
    session: Session, reception_id: str, round_no: int | None, today: date, attempt: int | None = None
) -> SlipData:
    """The slip of `round_no` (default: the case's current round), its latest attempt unless
    `attempt` names an earlier one (a returned slip printed again by its own number)."""
    case = queries.case_detail(session, reception_id, today)
    if not case.referrals:
        raise NotFound("referral", reception_id)
    if round_no is None:
        current = case.current_referral
        assert current is not None
        round_no = current.round_no
    of_round = [r for r in case.referrals if r.round_no == round_no]
    if attempt is not None:
        of_round = [r for r in of_round if r.attempt == attempt]
    if not of_round:
        raise NotFound("referral", f"{reception_id}#{round_no}")
    referral = max(of_round, key=lambda r: r.attempt)
    before = [r for r in case.referrals if r.round_no == round_no - 1]
    previous = max(before, key=lambda r: r.attempt) if before else None
    previous_callback = next((c for c in reversed(case.callbacks) if c.round_no == round_no - 1), None)
    returned = tuple(
        r
        for r in case.referrals
        if r.round_no == round_no and r.attempt < referral.attempt and r.returned_on is not None
    )
    approved = set(
        session.scalars(
            select(Extension.id).where(
                Extension.reception_id == reception_id,
                Extension.referral_id == referral.id,
                Extension.state == ExtensionState.APPROVED.value,
            )
        )
    )
    extensions = tuple(
        sorted(
            (e for e in case.extensions if e.id in approved),
            key=lambda e: (e.decided_on or e.requested_on, e.id),
        )
    )
    reception = session.get(Reception, reception_id)
    assert reception is not None
    station = session.get(Station, reception.station_id)
    assert station is not None
    unit = session.get(HandlingUnit, referral.handling_unit_id)
    return SlipData(
        station=records.StationInfo(
            station.id,
            station.name,
            station.short_name,
            station.kind,
            station.district,
            station.serial_pattern,
        ),
        case=case,
        referral=referral,
        previous=previous,
        previous_callback=previous_callback,
        unit_contact=unit.contact_person if unit else "",
        unit_phone=unit.phone if unit else "",
        extensions=extensions,
        returned=returned,
        photo=_first_photo(session, reception_id),
    )


def _first_photo(session: Session, reception_id: str) -> bytes | None:
    jpeg = session.scalar(
        select(PublicPhoto.jpeg)
        .join(PublicSubmission, PublicSubmission.id == PublicPhoto.submission_id)
        .where(PublicSubmission.case_id == reception_id)
        .order_by(PublicPhoto.seq)
        .limit(1)
    )
    return base64.b64decode(jpeg) if jpeg else None


# -- the five lists and the detail ---------------------------------------------------------------


class ReferralRow(NamedTuple):
    """One slip: the responsibility (责任) and rectification (整改) lists."""

    serial: str
    round_no: int
    referred_on: date
    unit: str
    handler: str
    supervisor: str
    working_days: int
    reply_due: date  # today's deadline (after approved extensions)
    replied_on: date | None
    reply_text: str
    category: str
    content: str
    citizen_name: str
    citizen_phone: str
    status: str  # the case's status now
    case_round: int  # the case's current round (a slip of an earlier round is finished)
    attempt: int = 1  # 2, 3 … : referred again after a return, same round
    returned_on: date | None = None  # the unit returned this slip (退回)
    return_reason: str = ""
    is_current: bool = True  # the case's current slip (its round's latest attempt, current round)
    waiting_due: date | None = None  # the deadline the case waits on now (casebook.waiting_due)
    original_due: date | None = None  # the deadline before the first approved extension, if any
    reception_id: str = ""
    # What happened when, so that a list as of an earlier day leaves out what came after it:
    # the approved extensions (decided on, deadline before, deadline after), oldest first; when
    # the case was last withdrawn in this slip's round (撤回) and last reopened (重办).
    extensions: tuple[tuple[date | None, date, date | None], ...] = ()
    withdrawn_on: date | None = None
    reopened_on: date | None = None


class ReceptionRow(NamedTuple):
    """One reception: the problem list (问题清单)."""

    received_at: datetime
    channel: str
    citizen_name: str
    citizen_phone: str
    category: str
    content: str
    outcome: str
    status: str
    serial: str
    round_no: int = 0  # the case's current round (0: never referred)
    reception_id: str = ""


class SignOffRow(NamedTuple):
    """One closing of a case: the sign-off list (销号清单), on whose word it was closed. A
    sign-off rests on a satisfied callback; a closing with an explanation (解释办结) and a
    withdrawal (撤回) are listed too, as what they are (`kind`), never as sign-offs."""

    serial: str
    content: str
    unit: str
    round_no: int
    called_at: datetime | None
    caller: str
    method: str
    verdict: str
    signed_off_at: datetime  # when the case was closed
    signed_off_by: str  # who recorded it
    note: str  # the sign-off note, or the written explanation / reason
    kind: str = EventKind.SIGNED_OFF.value  # signed_off | closed_explained | withdrawn
    status: str = ""  # the case's status now (e.g. reopened since)
    reception_id: str = ""


class DetailRow(NamedTuple):
    """One case with its current round: the detail sheet (明细)."""

    received_at: datetime
    station: str
    channel: str
    citizen_name: str
    citizen_phone: str
    citizen_address: str
    category: str
    content: str
    outcome: str
    on_site_answer: str
    deputies: str
    status: str
    round_no: int
    serial: str
    unit: str
    handler: str
    referred_on: date | None
    reply_due: date | None
    replied_on: date | None
    called_at: datetime | None
    verdict: str
    signed_off_at: datetime | None
    waiting_due: date | None = None  # overdue when before today (every waiting state)
    gone_reason: str = ""  # voided or merged: the reason written
    merged_into: str = ""  # merged: the case it went into (its slip number, else its registration time)
    reception_id: str = ""


def _scope(col, station_ids: Sequence[str] | None):
    return col.in_(station_ids) if station_ids is not None else true()


_GONE = (CaseStatus.VOIDED.value, CaseStatus.MERGED.value)
_CLOSINGS = (EventKind.SIGNED_OFF.value, EventKind.CLOSED_EXPLAINED.value, EventKind.WITHDRAWN.value)


def referral_rows(
    session: Session, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[ReferralRow]:
    """Every slip handed over in [start, end], returned ones included (marked)."""
    unit = aliased(HandlingUnit)
    original_due = (
        select(func.min(Extension.old_due))
        .where(
            Extension.reception_id == Referral.reception_id,
            Extension.referral_id == Referral.id,
            Extension.state == ExtensionState.APPROVED.value,
        )
        .scalar_subquery()
    )
    withdrawn_at = (
        select(func.max(CaseEvent.at))
        .where(
            CaseEvent.reception_id == Referral.reception_id,
            CaseEvent.kind == EventKind.WITHDRAWN.value,
            CaseEvent.round_no == Referral.round_no,
        )
        .scalar_subquery()
    )
    reopened_at = (
        select(func.max(CaseEvent.at))
        .where(CaseEvent.reception_id == Referral.reception_id, CaseEvent.kind == EventKind.REOPENED.value)
        .scalar_subquery()
    )
    extensions: dict[str, list[tuple[date | None, date, date | None]]] = {}
    for referral_id, decided_on, old_due, new_due in session.execute(
        select(Extension.referral_id, Extension.decided_on, Extension.old_due, Extension.new_due)
        .join(Referral, Referral.id == Extension.referral_id)
        .where(
            Extension.state == ExtensionState.APPROVED.value,
            _scope(Referral.station_id, station_ids),
            Referral.referred_on >= start,
            Referral.referred_on <= end,
        )
        .order_by(Extension.decided_on, Extension.requested_on, Extension.id)
    ):
        extensions.setdefault(referral_id, []).append((decided_on, old_due, new_due))
    stmt = (
        select(
            Referral.serial,
            Referral.round_no,
            Referral.referred_on,
            unit.name,
            Referral.handler,
            Referral.supervisor,
            Referral.working_days,
            Referral.reply_due,
            Referral.replied_on,
            Referral.reply_text,
            Category.name,
            Reception.content,
            Reception.citizen_name,
            Reception.citizen_phone,
            Reception.status,
            Reception.round_no,
            Referral.attempt,
            Referral.returned_on,
            Referral.return_reason,
            Referral.serial == Reception.serial,
            Reception.waiting_due,
            original_due,
            Referral.reception_id,
            Referral.id,
            withdrawn_at,
            reopened_at,
        )
        .join(Reception, Reception.id == Referral.reception_id)
        .join(unit, unit.id == Referral.handling_unit_id)
        .outerjoin(Category, Category.id == Reception.category_id)
        .where(
            _scope(Referral.station_id, station_ids),
            Referral.referred_on >= start,
            Referral.referred_on <= end,
        )
        .order_by(Referral.referred_on, Referral.serial_year, Referral.serial_seq)
    )
    for r in session.connection().execution_options(yield_per=BATCH).execute(stmt):
        # The case keeps a copy of its current slip's number (models.Reception): that slip is current.
        yield ReferralRow(
            r[0],
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6],
            r[7],
            r[8],
            r[9],
            r[10] or "",
            r[11],
            r[12],
            r[13],
            r[14],
            r[15],
            r[16] or 1,
            r[17],
            r[18] or "",
            bool(r[19]),
            r[20],
            r[21],
            r[22],
            tuple(extensions.get(r[23], ())),
            _day_of(r[24]),
            _day_of(r[25]),
        )


def _day_of(at: datetime | None) -> date | None:
    return at.date() if at is not None else None


def reception_rows(
    session: Session, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[ReceptionRow]:
    """Receptions registered in [start, end]: the matters raised. Voided registrations and
    duplicates merged into another case are left out (the case merged into carries the matter),
    so the rows are the tally's 收集意见建议."""
    stmt = (
        select(
            Reception.received_at,
            Reception.channel,
            Reception.citizen_name,
            Reception.citizen_phone,
            Category.name,
            Reception.content,
            Reception.outcome,
            Reception.status,
            Reception.serial,
            Reception.round_no,
            Reception.id,
        )
        .outerjoin(Category, Category.id == Reception.category_id)
        .where(
            _scope(Reception.station_id, station_ids),
            Reception.received_at >= _dt(start),
            Reception.received_at < _dt(end + timedelta(days=1)),
            Reception.status.not_in(_GONE),
        )
        .order_by(Reception.received_at, Reception.id)
    )
    for r in session.connection().execution_options(yield_per=BATCH).execute(stmt):
        yield ReceptionRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7], r[8] or "", r[9] or 0, r[10])


def _round_slip(reception_id, round_no):
    """The id of a round's current slip (latest attempt), as a correlated subquery."""
    inner = aliased(Referral)
    return (
        select(inner.id)
        .where(inner.reception_id == reception_id, inner.round_no == round_no)
        .order_by(inner.attempt.desc())
        .limit(1)
        .scalar_subquery()
    )


def _round_call(reception_id, round_no):
    """The id of a round's latest reached callback, as a correlated subquery."""
    inner = aliased(Callback)
    return (
        select(inner.id)
        .where(inner.reception_id == reception_id, inner.round_no == round_no)
        .order_by(inner.called_at.desc(), inner.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def sign_off_rows(
    session: Session, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[SignOffRow]:
    """Every closing in [start, end] by its time: sign-offs (with the callback that allowed
    them), closings with an explanation and withdrawals, each as what it is. A sign-off later
    undone by a reopening stays listed (it happened); sign-offs from before case events existed
    come from the case itself."""
    lo, hi = _dt(start), _dt(end + timedelta(days=1))
    slip, unit, call, who = aliased(Referral), aliased(HandlingUnit), aliased(Callback), aliased(Operator)
    moves = (
        select(
            CaseEvent.at.label("at"),
            CaseEvent.kind.label("kind"),
            CaseEvent.round_no.label("round_no"),
            CaseEvent.reason.label("note"),
            who.name.label("by"),
            Reception.id.label("rid"),
            Reception.content.label("content"),
            Reception.status.label("status"),
            slip.serial.label("serial"),
            unit.name.label("unit"),
            call.called_at.label("called_at"),
            call.caller.label("caller"),
            call.method.label("method"),
            call.verdict.label("verdict"),
        )
        .select_from(CaseEvent)
        .join(Reception, Reception.id == CaseEvent.reception_id)
        .outerjoin(who, who.id == CaseEvent.created_by)
        .outerjoin(slip, slip.id == _round_slip(Reception.id, CaseEvent.round_no))
        .outerjoin(unit, unit.id == slip.handling_unit_id)
        .outerjoin(call, call.id == _round_call(Reception.id, CaseEvent.round_no))
        .where(
            _scope(Reception.station_id, station_ids),
            CaseEvent.kind.in_(_CLOSINGS),
            CaseEvent.at >= lo,
            CaseEvent.at < hi,
        )
    )
    has_event = exists().where(
        CaseEvent.reception_id == Reception.id,
        CaseEvent.kind == EventKind.SIGNED_OFF.value,
        CaseEvent.at == Reception.signed_off_at,
    )
    legacy = (
        select(
            Reception.signed_off_at,
            literal(EventKind.SIGNED_OFF.value),
            Reception.round_no,
            Reception.sign_off_note,
            who.name,
            Reception.id,
            Reception.content,
            Reception.status,
            Reception.serial,
            unit.name,
            call.called_at,
            call.caller,
            call.method,
            call.verdict,
        )
        .select_from(Reception)
        .outerjoin(who, who.id == Reception.signed_off_by)
        .outerjoin(unit, unit.id == Reception.unit_id)
        .outerjoin(call, call.id == _round_call(Reception.id, Reception.round_no))
        .where(
            _scope(Reception.station_id, station_ids),
            Reception.signed_off_at >= lo,
            Reception.signed_off_at < hi,
            ~has_event,
        )
    )
    both = union_all(moves, legacy).subquery()
    stmt = select(*both.c).order_by(both.c.at, both.c.rid)
    for r in session.connection().execution_options(yield_per=BATCH).execute(stmt):
        at = r.at if isinstance(r.at, datetime) else _when(r.at)
        called = (
            r.called_at if isinstance(r.called_at, datetime) or r.called_at is None else _when(r.called_at)
        )
        yield SignOffRow(
            r.serial or "",
            r.content,
            r.unit or "",
            r.round_no,
            called,
            r.caller or "",
            r.method or "",
            r.verdict or "",
            at,  # type: ignore[arg-type]
            r.by or "",
            r.note or "",
            r.kind,
            r.status,
            r.rid,
        )


def count_receptions(
    session: Session, start: date, end: date, station_ids: Sequence[str] | None = None
) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Reception)
            .where(
                _scope(Reception.station_id, station_ids),
                Reception.received_at >= _dt(start),
                Reception.received_at < _dt(end + timedelta(days=1)),
            )
        )
        or 0
    )


def detail_rows(
    session: Session, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[DetailRow]:
    """Every registration in [start, end] with its current round (its current slip: the latest
    attempt), voided and merged ones too, marked as such (the reason, the case merged into)."""
    unit = aliased(HandlingUnit)
    target = aliased(Reception)
    deputies = (
        select(func.group_concat(Deputy.name, "、"))
        .select_from(ReceptionDeputy)
        .join(Deputy, Deputy.id == ReceptionDeputy.deputy_id)
        .where(ReceptionDeputy.reception_id == Reception.id)
        .scalar_subquery()
    )
    # Only a voided or merged case looks its reason up.
    gone_reason = sql_case(
        (
            Reception.status.in_(_GONE),
            select(CaseEvent.reason)
            .where(
                CaseEvent.reception_id == Reception.id,
                CaseEvent.kind.in_((EventKind.VOIDED.value, EventKind.MERGED.value)),
            )
            .order_by(CaseEvent.at.desc())
            .limit(1)
            .scalar_subquery(),
        ),
        else_=None,
    )
    stmt = (
        select(
            _raw(Reception.received_at),
            Station.name,
            Reception.channel,
            Reception.citizen_name,
            Reception.citizen_phone,
            Reception.citizen_address,
            Category.name,
            Reception.content,
            Reception.outcome,
            Reception.on_site_answer,
            deputies,
            Reception.status,
            Reception.round_no,
            Reception.serial,
            unit.name,
            Referral.handler,
            _raw(Referral.referred_on),
            _raw(Reception.reply_due),
            _raw(Referral.replied_on),
            _raw(Callback.called_at),
            Callback.verdict,
            _raw(Reception.signed_off_at),
            _raw(Reception.waiting_due),
            gone_reason,
            target.serial,
            _raw(target.received_at),
            Reception.id,
        )
        .join(Station, Station.id == Reception.station_id)
        .outerjoin(Category, Category.id == Reception.category_id)
        .outerjoin(unit, unit.id == Reception.unit_id)
        # The current slip: the case keeps its number (one row after a return, not one per attempt).
        .outerjoin(Referral, and_(Referral.reception_id == Reception.id, Referral.serial == Reception.serial))
        .outerjoin(
            Callback, and_(Callback.reception_id == Reception.id, Callback.round_no == Reception.round_no)
        )
        .outerjoin(target, target.id == Reception.merged_into)
        .where(
            _scope(Reception.station_id, station_ids),
            Reception.received_at >= _dt(start),
            Reception.received_at < _dt(end + timedelta(days=1)),
        )
        .order_by(Reception.received_at, Reception.id)
    )
    # Core rows (no ORM result processing), fetched in batches: memory stays flat.
    result = session.connection().execution_options(yield_per=BATCH).execute(stmt)
    for r in result:
        merged_into = ""
        if r[11] == CaseStatus.MERGED.value:
            merged_into = r[24] or (f"{r[25][:16]}登记的案件" if r[25] else "")
        yield DetailRow(
            _when(r[0]),  # type: ignore[arg-type]
            r[1],
            r[2],
            r[3],
            r[4],
            r[5],
            r[6] or "",
            r[7],
            r[8],
            r[9],
            r[10] or "",
            r[11],
            r[12],
            r[13] or "",
            r[14] or "",
            r[15] or "",
            _day(r[16]),
            _day(r[17]),
            _day(r[18]),
            _when(r[19]),
            r[20] or "",
            _when(r[21]),
            _day(r[22]),
            r[23] or "" if r[11] in _GONE else "",
            merged_into,
            r[26],
        )
