"""Reads behind the printed and exported documents: the referral slip, the five lists, the detail.

Plain records and tuples only (documents never touch ORM objects). Long lists are streamed in
batches (`yield_per`) so that a 100,000-case export holds a few thousand rows at a time. The
tally's figures are not here: they come from tally_queries + desk_app.domain.tally, once.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import NamedTuple

from sqlalchemy import String, and_, func, select, true, type_coerce
from sqlalchemy.orm import Session, aliased

from desk_app.domain.casebook import ExtensionState
from desk_app.storage import queries, records
from desk_app.storage.errors import NotFound
from desk_app.storage.models import (
    Callback,
    Category,
    Deputy,
    Extension,
    HandlingUnit,
    Operator,
    Reception,
    ReceptionDeputy,
    Referral,
    Station,
)

BATCH = 2000


def _raw(col):  # type: ignore[no-untyped-def]
    """Dates as stored text: fromisoformat is ~10x faster than SQLAlchemy's per-value parsing."""
    return type_coerce(col, String())


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


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
    row = session.execute(select(Referral.reception_id, Referral.round_no, Referral.attempt)
                          .where(Referral.serial == serial.strip()).limit(1)).first()
    if row is None:
        raise NotFound("referral", serial)
    return row[0], row[1], row[2] or 1


def slip_data(session: Session, reception_id: str, round_no: int | None, today: date,
              attempt: int | None = None) -> SlipData:
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
    returned = tuple(r for r in case.referrals if r.round_no == round_no and r.attempt < referral.attempt
                     and r.returned_on is not None)
    approved = set(session.scalars(select(Extension.id).where(
        Extension.reception_id == reception_id, Extension.referral_id == referral.id,
        Extension.state == ExtensionState.APPROVED.value)))
    extensions = tuple(sorted((e for e in case.extensions if e.id in approved),
                              key=lambda e: (e.decided_on or e.requested_on, e.id)))
    reception = session.get(Reception, reception_id)
    assert reception is not None
    station = session.get(Station, reception.station_id)
    assert station is not None
    unit = session.get(HandlingUnit, referral.handling_unit_id)
    return SlipData(
        station=records.StationInfo(station.id, station.name, station.short_name, station.kind, station.district,
                                    station.serial_pattern),
        case=case, referral=referral, previous=previous, previous_callback=previous_callback,
        unit_contact=unit.contact_person if unit else "", unit_phone=unit.phone if unit else "",
        extensions=extensions, returned=returned,
    )


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
    reply_due: date
    replied_on: date | None
    reply_text: str
    category: str
    content: str
    citizen_name: str
    citizen_phone: str
    status: str  # the case's status now
    case_round: int  # the case's current round (a slip of an earlier round is finished)


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


class SignOffRow(NamedTuple):
    """One signed-off case: the sign-off list (销号清单), on whose word it was closed."""

    serial: str
    content: str
    unit: str
    round_no: int
    called_at: datetime | None
    caller: str
    method: str
    verdict: str
    signed_off_at: datetime
    signed_off_by: str
    note: str


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


def _scope(col, station_ids: Sequence[str] | None):  # type: ignore[no-untyped-def]
    return col.in_(station_ids) if station_ids is not None else true()


def referral_rows(session: Session, start: date, end: date,
                  station_ids: Sequence[str] | None = None) -> Iterator[ReferralRow]:
    unit = aliased(HandlingUnit)
    stmt = (select(Referral.serial, Referral.round_no, Referral.referred_on, unit.name, Referral.handler,
                   Referral.supervisor, Referral.working_days, Referral.reply_due, Referral.replied_on,
                   Referral.reply_text, Category.name, Reception.content, Reception.citizen_name,
                   Reception.citizen_phone, Reception.status, Reception.round_no)
            .join(Reception, Reception.id == Referral.reception_id)
            .join(unit, unit.id == Referral.handling_unit_id)
            .outerjoin(Category, Category.id == Reception.category_id)
            .where(_scope(Referral.station_id, station_ids), Referral.referred_on >= start,
                   Referral.referred_on <= end)
            .order_by(Referral.referred_on, Referral.serial_year, Referral.serial_seq))
    for r in session.connection().execution_options(yield_per=BATCH).execute(stmt):
        yield ReferralRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10] or "", r[11], r[12],
                          r[13], r[14], r[15])


def reception_rows(session: Session, start: date, end: date,
                   station_ids: Sequence[str] | None = None) -> Iterator[ReceptionRow]:
    stmt = (select(Reception.received_at, Reception.channel, Reception.citizen_name, Reception.citizen_phone,
                   Category.name, Reception.content, Reception.outcome, Reception.status, Reception.serial)
            .outerjoin(Category, Category.id == Reception.category_id)
            .where(_scope(Reception.station_id, station_ids), Reception.received_at >= _dt(start),
                   Reception.received_at < _dt(end + timedelta(days=1)))
            .order_by(Reception.received_at, Reception.id))
    for r in session.connection().execution_options(yield_per=BATCH).execute(stmt):
        yield ReceptionRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6], r[7], r[8] or "")


def sign_off_rows(session: Session, start: date, end: date,
                  station_ids: Sequence[str] | None = None) -> Iterator[SignOffRow]:
    unit = aliased(HandlingUnit)
    signer = aliased(Operator)
    stmt = (select(Reception.serial, Reception.content, unit.name, Reception.round_no, Callback.called_at,
                   Callback.caller, Callback.method, Callback.verdict, Reception.signed_off_at, signer.name,
                   Reception.sign_off_note)
            .outerjoin(unit, unit.id == Reception.unit_id)
            .outerjoin(Callback, and_(Callback.reception_id == Reception.id, Callback.round_no == Reception.round_no))
            .outerjoin(signer, signer.id == Reception.signed_off_by)
            .where(_scope(Reception.station_id, station_ids), Reception.signed_off_at >= _dt(start),
                   Reception.signed_off_at < _dt(end + timedelta(days=1)))
            .order_by(Reception.signed_off_at, Reception.id))
    for r in session.connection().execution_options(yield_per=BATCH).execute(stmt):
        yield SignOffRow(r[0] or "", r[1], r[2] or "", r[3], r[4], r[5] or "", r[6] or "", r[7] or "", r[8],
                         r[9] or "", r[10])


def count_receptions(session: Session, start: date, end: date, station_ids: Sequence[str] | None = None) -> int:
    return session.scalar(select(func.count()).select_from(Reception).where(
        _scope(Reception.station_id, station_ids), Reception.received_at >= _dt(start),
        Reception.received_at < _dt(end + timedelta(days=1)))) or 0


def detail_rows(session: Session, start: date, end: date,
                station_ids: Sequence[str] | None = None) -> Iterator[DetailRow]:
    unit = aliased(HandlingUnit)
    deputies = (select(func.group_concat(Deputy.name, "、"))
                .select_from(ReceptionDeputy).join(Deputy, Deputy.id == ReceptionDeputy.deputy_id)
                .where(ReceptionDeputy.reception_id == Reception.id).scalar_subquery())
    stmt = (select(_raw(Reception.received_at), Station.name, Reception.channel, Reception.citizen_name,
                   Reception.citizen_phone, Reception.citizen_address, Category.name, Reception.content,
                   Reception.outcome, Reception.on_site_answer, deputies, Reception.status, Reception.round_no,
                   Reception.serial, unit.name, Referral.handler, _raw(Referral.referred_on), _raw(Reception.reply_due),
                   _raw(Referral.replied_on), _raw(Callback.called_at), Callback.verdict, _raw(Reception.signed_off_at))
            .join(Station, Station.id == Reception.station_id)
            .outerjoin(Category, Category.id == Reception.category_id)
            .outerjoin(unit, unit.id == Reception.unit_id)
            .outerjoin(Referral, and_(Referral.reception_id == Reception.id, Referral.round_no == Reception.round_no))
            .outerjoin(Callback, and_(Callback.reception_id == Reception.id, Callback.round_no == Reception.round_no))
            .where(_scope(Reception.station_id, station_ids), Reception.received_at >= _dt(start),
                   Reception.received_at < _dt(end + timedelta(days=1)))
            .order_by(Reception.received_at, Reception.id))
    # Core rows (no ORM result processing), fetched in batches: memory stays flat.
    result = session.connection().execution_options(yield_per=BATCH).execute(stmt)
    for r in result:
        yield DetailRow(_when(r[0]), r[1], r[2], r[3], r[4], r[5], r[6] or "", r[7], r[8], r[9],  # type: ignore[arg-type]
                        r[10] or "", r[11], r[12], r[13] or "", r[14] or "", r[15] or "", _day(r[16]), _day(r[17]),
                        _day(r[18]), _when(r[19]), r[20] or "", _when(r[21]))
