"""A case's records as the rule book's facts (domain.casebook), and its waiting deadline.

The desk judges every case it writes with the same `casebook` the central server uses, from
facts built here; and keeps `reception.waiting_due` (a desk-local copy, see changelog.LOCAL_FIELDS)
equal to `casebook.waiting_due` of those facts on this desk's calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from desk_app.domain.casebook import (
    STATUS_EVENTS,
    CallbackFact,
    CaseFacts,
    EventFact,
    SlipFact,
    WaitingRules,
    waiting_due,
)
from desk_app.domain.lifecycle import CLOSED_STATUSES, CaseStatus
from desk_app.domain.workcalendar import WorkCalendar
from desk_app.storage import tables
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.models import Callback, CaseEvent, Reception, Referral, Station

_STATUS_EVENT_KINDS = tuple(k.value for k in STATUS_EVENTS)


def _slip(r: Referral) -> SlipFact:
    return SlipFact(r.id, r.round_no, r.attempt or 1, r.referred_on, r.reply_due, r.replied_on, r.returned_on)


def _callback(c: Callback) -> CallbackFact:
    return CallbackFact(c.id, c.round_no, c.called_at, c.verdict, c.cause or "")


def _event(e: CaseEvent) -> EventFact:
    return EventFact(e.id, e.kind, e.round_no, e.at, e.reason)


def facts_of(
    rec: Reception, slips: Iterable[SlipFact], callbacks: Iterable[CallbackFact], events: Iterable[EventFact]
) -> CaseFacts:
    return CaseFacts(
        status=CaseStatus(rec.status),
        round_no=rec.round_no,
        slips=tuple(slips),
        callbacks=tuple(callbacks),
        events=tuple(events),
        signed_off=rec.signed_off_at is not None and rec.signed_off_by is not None,
        received_on=rec.received_at.date(),
    )


def case_facts(session: Session, rec: Reception) -> CaseFacts:
    session.flush()
    slips = [_slip(r) for r in session.scalars(select(Referral).where(Referral.reception_id == rec.id))]
    callbacks = [
        _callback(c) for c in session.scalars(select(Callback).where(Callback.reception_id == rec.id))
    ]
    events = [
        _event(e)
        for e in session.scalars(
            select(CaseEvent).where(CaseEvent.reception_id == rec.id, CaseEvent.kind.in_(_STATUS_EVENT_KINDS))
        )
    ]
    return facts_of(rec, slips, callbacks, events)


def waiting_rules(session: Session, station_id: str) -> WaitingRules:
    station = session.get(Station, station_id)
    if station is None:
        return WaitingRules()
    return WaitingRules(
        callback_working_days=station.callback_working_days or 1,
        refer_working_days=station.refer_working_days or 1,
    )


def refresh_waiting(
    session: Session, rec: Reception, facts: CaseFacts | None = None, calendar: WorkCalendar | None = None
) -> None:
    facts = facts or case_facts(session, rec)
    due = waiting_due(facts, waiting_rules(session, rec.station_id), calendar or work_calendar(session))
    rec.waiting_due, rec.waiting_estimated = due.due, due.estimated


def refresh_all_waiting(session: Session, reception_ids: Iterable[str] | None = None) -> int:
    """Recompute the waiting deadline of every open case (or of the given ones), in bulk:
    a handful of queries whatever the number of cases. Returns how many deadlines changed."""
    calendar = work_calendar(session)
    stmt = select(Reception).where(Reception.status.not_in([s.value for s in CLOSED_STATUSES]))
    ids = None if reception_ids is None else list(dict.fromkeys(reception_ids))
    open_cases: list[Reception] = []
    if ids is None:
        open_cases = list(session.scalars(stmt))
    else:
        for i in range(0, len(ids), 500):
            open_cases += session.scalars(stmt.where(Reception.id.in_(ids[i : i + 500])))
        # A case that closed keeps no deadline.
        for i in range(0, len(ids), 500):
            for rec in session.scalars(
                select(Reception).where(
                    Reception.id.in_(ids[i : i + 500]),
                    Reception.waiting_due.is_not(None),
                    Reception.status.in_([s.value for s in CLOSED_STATUSES]),
                )
            ):
                rec.waiting_due, rec.waiting_estimated = None, False
    wanted = {r.id for r in open_cases}
    slips: dict[str, list[SlipFact]] = defaultdict(list)
    callbacks: dict[str, list[CallbackFact]] = defaultdict(list)
    events: dict[str, list[EventFact]] = defaultdict(list)
    open_ids = list(wanted)
    for i in range(0, len(open_ids), 900):
        chunk = open_ids[i : i + 900]
        for r in session.scalars(select(Referral).where(Referral.reception_id.in_(chunk))):
            slips[r.reception_id].append(_slip(r))
        for c in session.scalars(select(Callback).where(Callback.reception_id.in_(chunk))):
            callbacks[c.reception_id].append(_callback(c))
        for e in session.scalars(
            select(CaseEvent).where(
                CaseEvent.reception_id.in_(chunk), CaseEvent.kind.in_(_STATUS_EVENT_KINDS)
            )
        ):
            events[e.reception_id].append(_event(e))
    rules = {
        s.id: WaitingRules(s.callback_working_days or 1, s.refer_working_days or 1)
        for s in session.scalars(select(Station))
    }
    changed = 0
    for rec in open_cases:
        facts = facts_of(rec, slips[rec.id], callbacks[rec.id], events[rec.id])
        due = waiting_due(facts, rules.get(rec.station_id, WaitingRules()), calendar)
        if (rec.waiting_due, bool(rec.waiting_estimated)) != (due.due, due.estimated):
            rec.waiting_due, rec.waiting_estimated = due.due, due.estimated
            changed += 1
    return changed


_SLIP_COLUMNS = (
    Referral.reception_id,
    Referral.id,
    Referral.round_no,
    Referral.attempt,
    Referral.referred_on,
    Referral.reply_due,
    Referral.replied_on,
    Referral.returned_on,
)
_CALLBACK_COLUMNS = (
    Callback.reception_id,
    Callback.id,
    Callback.round_no,
    Callback.called_at,
    Callback.verdict,
    Callback.cause,
)
_EVENT_COLUMNS = (
    CaseEvent.reception_id,
    CaseEvent.id,
    CaseEvent.kind,
    CaseEvent.round_no,
    CaseEvent.at,
    CaseEvent.reason,
)
_CASE_COLUMNS = (
    Reception.id,
    Reception.station_id,
    Reception.status,
    Reception.round_no,
    Reception.received_at,
    Reception.signed_off_at,
    Reception.signed_off_by,
    Reception.waiting_due,
    Reception.waiting_estimated,
)


def refresh_waiting_of(session: Session, reception_ids: Iterable[str]) -> int:
    """`refresh_all_waiting` of the given cases, reading only the columns a deadline needs and
    writing only the deadlines that changed, without loading the cases as objects: the sync
    calls it for the cases of every chunk of changes it pulls. Returns how many changed."""
    session.flush()
    ids = list(dict.fromkeys(reception_ids))
    cases: list[Any] = []  # rows with the columns of a Reception that facts_of reads
    for i in range(0, len(ids), 500):
        cases += session.execute(select(*_CASE_COLUMNS).where(Reception.id.in_(ids[i : i + 500]))).all()
    closed = {st.value for st in CLOSED_STATUSES}
    changed = [
        {"_case": c.id, "waiting_due": None, "waiting_estimated": False}
        for c in cases
        if c.status in closed and c.waiting_due is not None
    ]
    open_cases = [c for c in cases if c.status not in closed]
    if open_cases:
        slips: dict[str, list[SlipFact]] = defaultdict(list)
        callbacks: dict[str, list[CallbackFact]] = defaultdict(list)
        events: dict[str, list[EventFact]] = defaultdict(list)
        open_ids = [c.id for c in open_cases]
        for i in range(0, len(open_ids), 500):
            chunk = open_ids[i : i + 500]
            for r in session.execute(select(*_SLIP_COLUMNS).where(Referral.reception_id.in_(chunk))):
                slips[r.reception_id].append(_slip(r))  # type: ignore[arg-type]
            for cb in session.execute(select(*_CALLBACK_COLUMNS).where(Callback.reception_id.in_(chunk))):
                callbacks[cb.reception_id].append(_callback(cb))  # type: ignore[arg-type]
            for e in session.execute(
                select(*_EVENT_COLUMNS).where(
                    CaseEvent.reception_id.in_(chunk), CaseEvent.kind.in_(_STATUS_EVENT_KINDS)
                )
            ):
                events[e.reception_id].append(_event(e))  # type: ignore[arg-type]
        rules = {
            st.id: WaitingRules(st.callback_working_days or 1, st.refer_working_days or 1)
            for st in session.execute(
                select(Station.id, Station.callback_working_days, Station.refer_working_days)
            )
        }
        calendar = work_calendar(session)
        for c in open_cases:
            facts = facts_of(c, slips[c.id], callbacks[c.id], events[c.id])
            due = waiting_due(facts, rules.get(c.station_id, WaitingRules()), calendar)
            if (c.waiting_due, bool(c.waiting_estimated)) != (due.due, due.estimated):
                changed.append({"_case": c.id, "waiting_due": due.due, "waiting_estimated": due.estimated})
    if changed:
        table = tables.reception
        session.execute(update(table).where(table.c.id == bindparam("_case")), changed)
    return len(changed)
