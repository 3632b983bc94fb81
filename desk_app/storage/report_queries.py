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
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import String, and_, exists, func, literal, select, true, type_coerce, union_all
from sqlalchemy import case as sql_case

from desk_app.domain.casebook import EventKind, ExtensionState
from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage import class_reads, tables
from desk_app.storage.coltypes import time_value
from desk_app.storage.db import core
from desk_app.storage.errors import NotFound

if TYPE_CHECKING:
    from desk_app.storage import case_reads, records
    from desk_app.storage.db import Reader
else:
    from desk_app.storage.later import Later

    # The slip's reads (the case detail and its timeline's modules) on first use: `desk-app export
    # summary` never imports them (issue 16).
    case_reads = Later("desk_app.storage.case_reads")
    records = Later("desk_app.storage.records")

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


def find_slip(session: Reader, serial: str) -> tuple[str, int, int]:
    """(reception id, round, attempt) of the slip with this number; NotFound otherwise."""
    referral = tables.referral
    row = session.execute(
        select(referral.c.reception_id, referral.c.round_no, referral.c.attempt)
        .where(referral.c.serial == serial.strip())
        .limit(1)
    ).first()
    if row is None:
        raise NotFound("referral", serial)
    return row[0], row[1], row[2] or 1


def slip_data(
    session: Reader, reception_id: str, round_no: int | None, today: date, attempt: int | None = None
) -> SlipData:
    """The slip of `round_no` (default: the case's current round), its latest attempt unless
    `attempt` names an earlier one (a returned slip printed again by its own number). Reads the
    tables' columns only: `desk-app print referral` reads on a Core connection."""
    case = case_reads.case_detail(session, reception_id, today)
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
    ext = tables.extension
    approved = set(
        session.scalars(
            select(ext.c.id).where(
                ext.c.reception_id == reception_id,
                ext.c.referral_id == referral.id,
                ext.c.state == ExtensionState.APPROVED.value,
            )
        )
    )
    extensions = tuple(
        sorted(
            (e for e in case.extensions if e.id in approved),
            key=lambda e: (e.decided_on or e.requested_on, e.id),
        )
    )
    st, hu = tables.station, tables.handling_unit
    station = session.execute(select(st).where(st.c.id == case.station_id)).first()
    assert station is not None
    unit = session.execute(select(hu).where(hu.c.id == referral.handling_unit_id)).first()
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


def _first_photo(session: Reader, reception_id: str) -> bytes | None:
    photo, submission = tables.public_photo, tables.public_submission
    jpeg = session.scalar(
        select(photo.c.jpeg)
        .join(submission, submission.c.id == photo.c.submission_id)
        .where(submission.c.case_id == reception_id)
        .order_by(photo.c.seq)
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


# The summary's and the detail's reads below use the tables (Core), not the mapped classes: the
# committee's workbook then never sets up the ORM (configuring every mapper, ~20 ms, and the
# ORM's compile state), as a tally does not (storage/tally_queries.py; issue 16).
CALLBACK = tables.callback
CASE_EVENT = tables.case_event
CATEGORY = tables.category
DEPUTY = tables.deputy
EXTENSION = tables.extension
HANDLING_UNIT = tables.handling_unit
OPERATOR = tables.operator
RECEPTION = tables.reception
RECEPTION_DEPUTY = tables.reception_deputy
REFERRAL = tables.referral
STATION = tables.station


def _scope(col, station_ids: Sequence[str] | None):
    return col.in_(station_ids) if station_ids is not None else true()


_GONE = (CaseStatus.VOIDED.value, CaseStatus.MERGED.value)
_CLOSINGS = (EventKind.SIGNED_OFF.value, EventKind.CLOSED_EXPLAINED.value, EventKind.WITHDRAWN.value)


def referral_rows(
    session: Reader, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[ReferralRow]:
    """Every slip handed over in [start, end], returned ones included (marked)."""
    unit = HANDLING_UNIT.alias()
    original_due = (
        select(func.min(EXTENSION.c.old_due))
        .where(
            EXTENSION.c.reception_id == REFERRAL.c.reception_id,
            EXTENSION.c.referral_id == REFERRAL.c.id,
            EXTENSION.c.state == ExtensionState.APPROVED.value,
        )
        .scalar_subquery()
    )
    withdrawn_at = (
        select(func.max(CASE_EVENT.c.at))
        .where(
            CASE_EVENT.c.reception_id == REFERRAL.c.reception_id,
            CASE_EVENT.c.kind == EventKind.WITHDRAWN.value,
            CASE_EVENT.c.round_no == REFERRAL.c.round_no,
        )
        .scalar_subquery()
    )
    reopened_at = (
        select(func.max(CASE_EVENT.c.at))
        .where(
            CASE_EVENT.c.reception_id == REFERRAL.c.reception_id,
            CASE_EVENT.c.kind == EventKind.REOPENED.value,
        )
        .scalar_subquery()
    )
    extensions: dict[str, list[tuple[date | None, date, date | None]]] = {}
    for referral_id, decided_on, old_due, new_due in session.execute(
        select(EXTENSION.c.referral_id, EXTENSION.c.decided_on, EXTENSION.c.old_due, EXTENSION.c.new_due)
        .join(REFERRAL, REFERRAL.c.id == EXTENSION.c.referral_id)
        .where(
            EXTENSION.c.state == ExtensionState.APPROVED.value,
            _scope(REFERRAL.c.station_id, station_ids),
            REFERRAL.c.referred_on >= start,
            REFERRAL.c.referred_on <= end,
        )
        .order_by(EXTENSION.c.decided_on, EXTENSION.c.requested_on, EXTENSION.c.id)
    ):
        extensions.setdefault(referral_id, []).append((decided_on, old_due, new_due))
    stmt = (
        select(
            REFERRAL.c.serial,
            REFERRAL.c.round_no,
            REFERRAL.c.referred_on,
            unit.c.name,
            REFERRAL.c.handler,
            REFERRAL.c.supervisor,
            REFERRAL.c.working_days,
            REFERRAL.c.reply_due,
            REFERRAL.c.replied_on,
            REFERRAL.c.reply_text,
            CATEGORY.c.name,
            RECEPTION.c.content,
            RECEPTION.c.citizen_name,
            RECEPTION.c.citizen_phone,
            RECEPTION.c.status,
            RECEPTION.c.round_no,
            REFERRAL.c.attempt,
            REFERRAL.c.returned_on,
            REFERRAL.c.return_reason,
            REFERRAL.c.serial == RECEPTION.c.serial,
            RECEPTION.c.waiting_due,
            original_due,
            REFERRAL.c.reception_id,
            REFERRAL.c.id,
            withdrawn_at,
            reopened_at,
        )
        .join(RECEPTION, RECEPTION.c.id == REFERRAL.c.reception_id)
        .join(unit, unit.c.id == REFERRAL.c.handling_unit_id)
        .outerjoin(CATEGORY, CATEGORY.c.id == RECEPTION.c.category_id)
        .where(
            _scope(REFERRAL.c.station_id, station_ids),
            REFERRAL.c.referred_on >= start,
            REFERRAL.c.referred_on <= end,
        )
        .order_by(REFERRAL.c.referred_on, REFERRAL.c.serial_year, REFERRAL.c.serial_seq)
    )
    for r in core(session).execution_options(yield_per=BATCH).execute(stmt):
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
    session: Reader, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[ReceptionRow]:
    """Receptions registered in [start, end]: the matters raised. Voided registrations and
    duplicates merged into another case are left out (the case merged into carries the matter),
    so the rows are the tally's 收集意见建议."""
    stmt = (
        select(
            RECEPTION.c.received_at,
            RECEPTION.c.channel,
            RECEPTION.c.citizen_name,
            RECEPTION.c.citizen_phone,
            CATEGORY.c.name,
            RECEPTION.c.content,
            RECEPTION.c.outcome,
            RECEPTION.c.status,
            RECEPTION.c.serial,
            RECEPTION.c.round_no,
            RECEPTION.c.id,
        )
        .outerjoin(CATEGORY, CATEGORY.c.id == RECEPTION.c.category_id)
        .where(
            _scope(RECEPTION.c.station_id, station_ids),
            RECEPTION.c.received_at >= _dt(start),
            RECEPTION.c.received_at < _dt(end + timedelta(days=1)),
            RECEPTION.c.status.not_in(_GONE),
        )
        .order_by(RECEPTION.c.received_at, RECEPTION.c.id)
    )
    for r in core(session).execution_options(yield_per=BATCH).execute(stmt):
        yield ReceptionRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7], r[8] or "", r[9] or 0, r[10])


def _round_slip(reception_id, round_no):
    """The id of a round's current slip (latest attempt), as a correlated subquery."""
    inner = REFERRAL.alias()
    return (
        select(inner.c.id)
        .where(inner.c.reception_id == reception_id, inner.c.round_no == round_no)
        .order_by(inner.c.attempt.desc())
        .limit(1)
        .scalar_subquery()
    )


def _round_call(reception_id, round_no):
    """The id of a round's latest reached callback, as a correlated subquery."""
    inner = CALLBACK.alias()
    return (
        select(inner.c.id)
        .where(inner.c.reception_id == reception_id, inner.c.round_no == round_no)
        .order_by(inner.c.called_at.desc(), inner.c.id.desc())
        .limit(1)
        .scalar_subquery()
    )


def sign_off_rows(
    session: Reader, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[SignOffRow]:
    """Every closing in [start, end] by its time: sign-offs (with the callback that allowed
    them), closings with an explanation and withdrawals, each as what it is. A sign-off later
    undone by a reopening stays listed (it happened); sign-offs from before case events existed
    come from the case itself."""
    lo, hi = _dt(start), _dt(end + timedelta(days=1))
    slip, unit, call, who = REFERRAL.alias(), HANDLING_UNIT.alias(), CALLBACK.alias(), OPERATOR.alias()
    moves = (
        select(
            CASE_EVENT.c.at.label("at"),
            CASE_EVENT.c.kind.label("kind"),
            CASE_EVENT.c.round_no.label("round_no"),
            CASE_EVENT.c.reason.label("note"),
            who.c.name.label("by"),
            RECEPTION.c.id.label("rid"),
            RECEPTION.c.content.label("content"),
            RECEPTION.c.status.label("status"),
            slip.c.serial.label("serial"),
            unit.c.name.label("unit"),
            call.c.called_at.label("called_at"),
            call.c.caller.label("caller"),
            call.c.method.label("method"),
            call.c.verdict.label("verdict"),
        )
        .select_from(CASE_EVENT)
        .join(RECEPTION, RECEPTION.c.id == CASE_EVENT.c.reception_id)
        .outerjoin(who, who.c.id == CASE_EVENT.c.created_by)
        .outerjoin(slip, slip.c.id == _round_slip(RECEPTION.c.id, CASE_EVENT.c.round_no))
        .outerjoin(unit, unit.c.id == slip.c.handling_unit_id)
        .outerjoin(call, call.c.id == _round_call(RECEPTION.c.id, CASE_EVENT.c.round_no))
        .where(
            _scope(RECEPTION.c.station_id, station_ids),
            CASE_EVENT.c.kind.in_(_CLOSINGS),
            CASE_EVENT.c.at >= lo,
            CASE_EVENT.c.at < hi,
        )
    )
    has_event = exists().where(
        CASE_EVENT.c.reception_id == RECEPTION.c.id,
        CASE_EVENT.c.kind == EventKind.SIGNED_OFF.value,
        CASE_EVENT.c.at == RECEPTION.c.signed_off_at,
    )
    legacy = (
        select(
            RECEPTION.c.signed_off_at,
            literal(EventKind.SIGNED_OFF.value),
            RECEPTION.c.round_no,
            RECEPTION.c.sign_off_note,
            who.c.name,
            RECEPTION.c.id,
            RECEPTION.c.content,
            RECEPTION.c.status,
            RECEPTION.c.serial,
            unit.c.name,
            call.c.called_at,
            call.c.caller,
            call.c.method,
            call.c.verdict,
        )
        .select_from(RECEPTION)
        .outerjoin(who, who.c.id == RECEPTION.c.signed_off_by)
        .outerjoin(unit, unit.c.id == RECEPTION.c.unit_id)
        .outerjoin(call, call.c.id == _round_call(RECEPTION.c.id, RECEPTION.c.round_no))
        .where(
            _scope(RECEPTION.c.station_id, station_ids),
            RECEPTION.c.signed_off_at >= lo,
            RECEPTION.c.signed_off_at < hi,
            ~has_event,
        )
    )
    both = union_all(moves, legacy).subquery()
    stmt = select(*both.c).order_by(both.c.at, both.c.rid)
    for r in core(session).execution_options(yield_per=BATCH).execute(stmt):
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


def class_subjects_in(
    session: Reader, start: date, end: date, station_ids: Sequence[str] | None
) -> dict[str, str]:
    """case id -> the subject of the class it is in now, for every case of the stations in a class
    (the five lists' 类案 column; classes are few beside the cases, so all are read). `start` and
    `end` name the workbook's period, which a class's membership does not depend on."""
    stmt = class_reads.subjects_in_force()
    if station_ids is not None:
        stmt = stmt.where(tables.case_class.c.station_id.in_(list(station_ids)))
    return {reception_id: subject for reception_id, subject in session.execute(stmt)}


def count_receptions(
    session: Reader, start: date, end: date, station_ids: Sequence[str] | None = None
) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(RECEPTION)
            .where(
                _scope(RECEPTION.c.station_id, station_ids),
                RECEPTION.c.received_at >= _dt(start),
                RECEPTION.c.received_at < _dt(end + timedelta(days=1)),
            )
        )
        or 0
    )


def detail_rows(
    session: Reader, start: date, end: date, station_ids: Sequence[str] | None = None
) -> Iterator[DetailRow]:
    """Every registration in [start, end] with its current round (its current slip: the latest
    attempt), voided and merged ones too, marked as such (the reason, the case merged into)."""
    unit = HANDLING_UNIT.alias()
    target = RECEPTION.alias()
    deputies = (
        select(func.group_concat(DEPUTY.c.name, "、"))
        .select_from(RECEPTION_DEPUTY)
        .join(DEPUTY, DEPUTY.c.id == RECEPTION_DEPUTY.c.deputy_id)
        .where(RECEPTION_DEPUTY.c.reception_id == RECEPTION.c.id)
        .scalar_subquery()
    )
    # Only a voided or merged case looks its reason up.
    gone_reason = sql_case(
        (
            RECEPTION.c.status.in_(_GONE),
            select(CASE_EVENT.c.reason)
            .where(
                CASE_EVENT.c.reception_id == RECEPTION.c.id,
                CASE_EVENT.c.kind.in_((EventKind.VOIDED.value, EventKind.MERGED.value)),
            )
            .order_by(CASE_EVENT.c.at.desc())
            .limit(1)
            .scalar_subquery(),
        ),
        else_=None,
    )
    stmt = (
        select(
            _raw(RECEPTION.c.received_at),
            STATION.c.name,
            RECEPTION.c.channel,
            RECEPTION.c.citizen_name,
            RECEPTION.c.citizen_phone,
            RECEPTION.c.citizen_address,
            CATEGORY.c.name,
            RECEPTION.c.content,
            RECEPTION.c.outcome,
            RECEPTION.c.on_site_answer,
            deputies,
            RECEPTION.c.status,
            RECEPTION.c.round_no,
            RECEPTION.c.serial,
            unit.c.name,
            REFERRAL.c.handler,
            _raw(REFERRAL.c.referred_on),
            _raw(RECEPTION.c.reply_due),
            _raw(REFERRAL.c.replied_on),
            _raw(CALLBACK.c.called_at),
            CALLBACK.c.verdict,
            _raw(RECEPTION.c.signed_off_at),
            _raw(RECEPTION.c.waiting_due),
            gone_reason,
            target.c.serial,
            _raw(target.c.received_at),
            RECEPTION.c.id,
        )
        .join(STATION, STATION.c.id == RECEPTION.c.station_id)
        .outerjoin(CATEGORY, CATEGORY.c.id == RECEPTION.c.category_id)
        .outerjoin(unit, unit.c.id == RECEPTION.c.unit_id)
        # The current slip: the case keeps its number (one row after a return, not one per attempt).
        .outerjoin(
            REFERRAL, and_(REFERRAL.c.reception_id == RECEPTION.c.id, REFERRAL.c.serial == RECEPTION.c.serial)
        )
        .outerjoin(
            CALLBACK,
            and_(CALLBACK.c.reception_id == RECEPTION.c.id, CALLBACK.c.round_no == RECEPTION.c.round_no),
        )
        .outerjoin(target, target.c.id == RECEPTION.c.merged_into)
        .where(
            _scope(RECEPTION.c.station_id, station_ids),
            RECEPTION.c.received_at >= _dt(start),
            RECEPTION.c.received_at < _dt(end + timedelta(days=1)),
        )
        .order_by(RECEPTION.c.received_at, RECEPTION.c.id)
    )
    # Core rows (no ORM result processing), fetched in batches: memory stays flat.
    result = core(session).execution_options(yield_per=BATCH).execute(stmt)
    for r in result:
        merged_into = ""
        if r[11] == CaseStatus.MERGED.value:
            # A target with no slip yet is named by when it was registered (to the minute).
            target_at = _when(r[25])
            merged_into = r[24] or (f"{target_at:%Y-%m-%d %H:%M}登记的案件" if target_at else "")
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
