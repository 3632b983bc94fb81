"""Transfers between levels and the centre's take-over (issue 13; rules in domain.transfers).

Each move is written inside the caller's write session: the case's `level` changes and a
`case_event` (transferred_up / transferred_down / taken_over / transferred_to_city /
returned_from_city) records it with its reason (and a transfer to the city the city office's
reference number, in `fields`). The case keeps its id, its station and its whole history; the
register of what a level sent and received is read back from those events.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.casebook import EventKind
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.transfers import (
    TARGET,
    CaseLevel,
    TransferKind,
    TransferNotAllowed,
    city_ref_field,
    city_ref_of,
    city_ref_refusal,
    city_reply_refusal,
    level_of,
    transfer_refusal,
)
from desk_app.storage.cases import add_event, get_reception, raise_if, validate_reason
from desk_app.storage.models import CaseEvent, Operator, Reception, Station
from desk_app.storage.stations import is_centre_desk

TRANSFER_EVENTS = tuple(k.value for k in TransferKind)


def transfer(
    session: Session,
    reception_id: str,
    kind: TransferKind,
    *,
    reason: str,
    now: datetime,
    city_ref: str = "",
) -> None:
    """`city_ref`: the city office's reference number of a transfer to the city (optional; other
    moves carry none)."""
    reception = get_reception(session, reception_id)
    raise_if(validate_reason(reason))
    status = CaseStatus(reception.status)
    refusal = transfer_refusal(
        kind,
        centre_desk=is_centre_desk(session),
        level=level_of(reception.level),
        case_closed=status.is_closed or status.is_gone,
    ) or city_ref_refusal(city_ref)
    if refusal is not None:
        raise TransferNotAllowed(refusal)
    fields = city_ref_field(city_ref) if kind is TransferKind.TO_CITY else ""
    # The event first: a station's desk records its move before the case leaves its hands (and
    # the centre records the city's return before the case is at its level again).
    add_event(session, reception, EventKind(kind.value), at=now, reason=reason, fields=fields)
    session.flush()
    reception.level = TARGET[kind].value


def record_city_reply(session: Session, reception_id: str, *, text: str, now: datetime) -> None:
    """The city's reply to a case it handles (市级答复), as the centre received it: a timeline
    entry (`city_replied` event); the case stays at the city."""
    reception = get_reception(session, reception_id)
    raise_if(validate_reason(text))
    refusal = city_reply_refusal(centre_desk=is_centre_desk(session), level=level_of(reception.level))
    if refusal is not None:
        raise TransferNotAllowed(refusal)
    add_event(session, reception, EventKind.CITY_REPLIED, at=now, reason=text)


@dataclass(frozen=True, slots=True)
class TransferEntry:
    """One line of a level's register (转办登记簿)."""

    event_id: str
    at: datetime
    kind: str  # TransferKind value
    reception_id: str
    station_id: str
    station_name: str
    serial: str
    summary: str
    reason: str
    by: str
    level_now: str
    city_ref: str = ""  # the city office's reference number of a transfer to the city

    @property
    def direction(self) -> str:
        """`sent` or `received` as the district centre sees it; a station sees the opposite of the
        moves between it and the centre (the city's are the centre's alone)."""
        received = (TransferKind.UP.value, TransferKind.TAKE_OVER.value, TransferKind.FROM_CITY.value)
        return "received" if self.kind in received else "sent"


def register(
    session: Session,
    *,
    station_ids: tuple[str, ...] = (),
    since: date | None = None,
    until: date | None = None,
) -> list[TransferEntry]:
    """Every transfer and take-over, newest first, of the given stations' cases (all: ())."""
    stmt = (
        select(CaseEvent, Reception, Station.name, Operator.name)
        .join(Reception, Reception.id == CaseEvent.reception_id)
        .join(Station, Station.id == Reception.station_id)
        .outerjoin(Operator, Operator.id == CaseEvent.created_by)
        .where(CaseEvent.kind.in_(TRANSFER_EVENTS))
        .order_by(CaseEvent.at.desc(), CaseEvent.id)
    )
    if station_ids:
        stmt = stmt.where(Reception.station_id.in_(station_ids))
    if since is not None:
        stmt = stmt.where(CaseEvent.at >= datetime.combine(since, time.min))
    if until is not None:
        stmt = stmt.where(CaseEvent.at < datetime.combine(until + timedelta(days=1), time.min))
    return [
        TransferEntry(
            e.id,
            e.at,
            e.kind,
            r.id,
            r.station_id,
            station_name or "",
            r.serial or "",
            r.content[:120].replace("\n", " "),
            e.reason,
            by or "",
            r.level,
            city_ref_of(e.fields or ""),
        )
        for e, r, station_name, by in session.execute(stmt)
    ]


@dataclass(frozen=True, slots=True)
class LevelCounts:
    """A station's cases in a period, counted once where they are handled now."""

    station_id: str
    station_name: str
    received: int  # registered at the station in the period
    handled_here: int  # of those, handled by the station (level station)
    handled_by_centre: int  # of those, handled by the district centre
    sent_up: int  # transfers up and take-overs in the period
    sent_down: int  # transfers down in the period
    handled_by_city: int = 0  # of the received, at the city now (sent there by the centre)
    sent_to_city: int = 0  # transfers to the city in the period (转出至市级)
    back_from_city: int = 0  # the city's returns in the period (市级交回)


def level_counts(session: Session, since: date, until: date) -> list[LevelCounts]:
    """Per station of this desk: cases received in [since, until] by who handles them, and the
    moves between levels made in the period (one grouped query each)."""
    start, end = datetime.combine(since, time.min), datetime.combine(until + timedelta(days=1), time.min)
    counted = {
        (sid, lvl): n
        for sid, lvl, n in session.execute(
            select(Reception.station_id, Reception.level, func.count())
            .where(
                Reception.received_at >= start,
                Reception.received_at < end,
                Reception.status.not_in((CaseStatus.VOIDED.value, CaseStatus.MERGED.value)),
            )
            .group_by(Reception.station_id, Reception.level)
        )
    }
    moves = {
        (sid, kind): n
        for sid, kind, n in session.execute(
            select(Reception.station_id, CaseEvent.kind, func.count())
            .join(Reception, Reception.id == CaseEvent.reception_id)
            .where(CaseEvent.kind.in_(TRANSFER_EVENTS), CaseEvent.at >= start, CaseEvent.at < end)
            .group_by(Reception.station_id, CaseEvent.kind)
        )
    }
    out = []
    for st in session.scalars(select(Station).order_by(Station.name, Station.id)):
        here = counted.get((st.id, CaseLevel.STATION.value), 0)
        centre = counted.get((st.id, CaseLevel.CENTRE.value), 0)
        city = counted.get((st.id, CaseLevel.CITY.value), 0)
        out.append(
            LevelCounts(
                st.id,
                st.name,
                here + centre + city,
                here,
                centre,
                moves.get((st.id, TransferKind.UP.value), 0)
                + moves.get((st.id, TransferKind.TAKE_OVER.value), 0),
                moves.get((st.id, TransferKind.DOWN.value), 0),
                city,
                moves.get((st.id, TransferKind.TO_CITY.value), 0),
                moves.get((st.id, TransferKind.FROM_CITY.value), 0),
            )
        )
    return out
