"""Facts for the tally (desk_app.domain.tally) read from the database, for one or many stations.

One query per kind of fact, each restricted to what can count in the period or the one before
(the domain decides exactly). `station_ids=None` means every station in the file: a station's
desk holds one, the district centre's desk holds all of its stations once sync brings them in.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta

from sqlalchemy import String, and_, or_, select, true, type_coerce
from sqlalchemy.orm import Session

from desk_app.domain import tally as t
from desk_app.storage.models import (
    Callback,
    Category,
    DeputyVisit,
    HandlingUnit,
    Reception,
    Referral,
    Station,
)


def _dt(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _raw(col):  # type: ignore[no-untyped-def]
    """The column's stored text: SQLAlchemy's per-value date parsing is ~10x slower than
    fromisoformat, and a tally reads tens of thousands of dates."""
    return type_coerce(col, String())


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def stations(session: Session, station_ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(id, name) of the stations in scope, oldest first."""
    stmt = select(Station.id, Station.name).order_by(Station.created_at, Station.name)
    if station_ids is not None:
        stmt = stmt.where(Station.id.in_(station_ids))
    return [(r[0], r[1]) for r in session.execute(stmt)]


def category_order(session: Session) -> list[str]:
    return list(session.scalars(select(Category.name).order_by(Category.sort_order, Category.name)))


def citizen_key(phone: str, name: str, address: str) -> str:
    """Who the citizen is: phones are stored normalized (cases.register_reception)."""
    if phone:
        return "tel:" + phone
    name = (name or "").strip()
    return f"name:{name}|{(address or '').strip()}" if name else ""


def tally_facts(session: Session, start: date, end: date,
                station_ids: Sequence[str] | None = None) -> t.TallyFacts:
    """Every fact that can count in [start, end] (inclusive).

    Slips and callbacks are read without joins (a join reads each case's row at random: ~1 s
    for a busy year); the case's channel and category come from the receptions read anyway,
    and only cases received before the window are looked up by id."""
    lo, hi = _dt(start), _dt(end + timedelta(days=1))
    facts = t.TallyFacts()
    in_scope = (lambda col: col.in_(station_ids)) if station_ids is not None else (lambda col: true())
    conn = session.connection()  # Core rows: no ORM result processing for plain columns
    units = dict(conn.execute(select(HandlingUnit.id, HandlingUnit.name)).all())
    cats = dict(conn.execute(select(Category.id, Category.name)).all())

    rec_cols = (Reception.id, Reception.station_id, _raw(Reception.received_at), Reception.channel,
                Reception.category_id, Reception.outcome, Reception.citizen_phone, Reception.citizen_name,
                Reception.citizen_address, _raw(Reception.signed_off_at), Reception.unit_id)
    base = select(*rec_cols).where(in_scope(Reception.station_id))
    received = base.where(Reception.received_at >= lo, Reception.received_at < hi)
    # Signed off in the period but received before it.
    signed = base.where(Reception.received_at < lo, Reception.signed_off_at >= lo, Reception.signed_off_at < hi)
    case: dict[str, tuple[str, str, str]] = {}  # reception id -> (station, channel, category name)
    for stmt in (received, signed):
        for r in conn.execute(stmt):
            category = cats.get(r[4], "") if r[4] else ""
            case[r[0]] = (r[1], r[3], category)
            facts.receptions.append(t.ReceptionFact(
                r[0], r[1], _when(r[2]), r[3], category, r[5], citizen_key(r[6], r[7], r[8]),  # type: ignore[arg-type]
                _when(r[9]), units.get(r[10], "") if r[10] else ""))

    stmt = (select(Referral.id, Referral.reception_id, Referral.station_id, Referral.round_no,
                   Referral.handling_unit_id, _raw(Referral.referred_on), _raw(Referral.reply_due),
                   _raw(Referral.replied_on))
            .where(in_scope(Referral.station_id), Referral.referred_on <= end,
                   or_(Referral.referred_on >= start, Referral.replied_on.is_(None), Referral.replied_on >= start)))
    referrals = conn.execute(stmt).all()
    stmt = (select(Callback.reception_id, Callback.referral_id, _raw(Callback.called_at), Callback.verdict)
            .where(and_(Callback.called_at >= lo, Callback.called_at < hi)))
    callbacks = conn.execute(stmt).all()

    unit_of_referral = {r[0]: r[4] for r in referrals}
    missing_refs = list({c[1] for c in callbacks} - unit_of_referral.keys())
    for chunk in _chunks(missing_refs):
        unit_of_referral.update(conn.execute(
            select(Referral.id, Referral.handling_unit_id).where(Referral.id.in_(chunk))).all())
    missing = list(({r[1] for r in referrals} | {c[0] for c in callbacks}) - case.keys())
    for chunk in _chunks(missing):
        for r in conn.execute(select(Reception.id, Reception.station_id, Reception.channel, Reception.category_id)
                              .where(Reception.id.in_(chunk))):
            case[r[0]] = (r[1], r[2], cats.get(r[3], "") if r[3] else "")

    for r in referrals:
        _station, channel, category = case[r[1]]
        facts.referrals.append(t.ReferralFact(r[1], r[2], r[3], units.get(r[4], ""), channel, category,
                                              _day(r[5]), _day(r[6]), _day(r[7])))  # type: ignore[arg-type]
    for c in callbacks:
        station, channel, category = case[c[0]]
        if station_ids is not None and station not in station_ids:
            continue
        facts.callbacks.append(t.CallbackFact(c[0], station, _when(c[2]), c[3],  # type: ignore[arg-type]
                                              units.get(unit_of_referral.get(c[1], ""), ""), channel, category))

    stmt = select(DeputyVisit.station_id, DeputyVisit.day).where(
        in_scope(DeputyVisit.station_id), DeputyVisit.day >= start, DeputyVisit.day <= end)
    facts.visits = [t.VisitFact(r[0], r[1]) for r in conn.execute(stmt)]
    return facts


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def tally(session: Session, period: t.Period, *, today: date,
          station_ids: Sequence[str] | None = None) -> t.Tally:
    """The tally of `period` (and the period before, beside it): computed once, shown everywhere."""
    previous = period.previous()
    facts = tally_facts(session, previous.start, period.end, station_ids)
    names = [name for _id, name in stations(session, station_ids)]
    return t.build_tally(facts, period, today=today, stations=names, category_order=category_order(session))
