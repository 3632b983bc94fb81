"""A case's records as the rule book's facts (domain.casebook), and its waiting deadline.

The desk judges every case it writes with the same `casebook` the central server uses, from
facts built here; and keeps `reception.waiting_due` (a desk-local copy, see changelog.LOCAL_FIELDS)
equal to `casebook.waiting_due` of those facts on this desk's calendar.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from sqlalchemy import select
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
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.models import Callback, CaseEvent, Reception, Referral, Station

_STATUS_EVENT_KINDS = tuple(k.value for k in STATUS_EVENTS)


def _slip(r: Referral) -> SlipFact:
    return SlipFact(r.id, r.round_no, r.attempt or 1, r.referred_on, r.reply_due, r.replied_on, r.returned_on)


def _callback(c: Callback) -> CallbackFact:
    return CallbackFact(c.id, c.round_no, c.called_at, c.verdict, c.cause or "")


def _event(e: CaseEvent) -> EventFact:
    return EventFact(e.id, e.kind, e.round_no, e.at, e.reason)


def _facts(rec: Reception, slips: Iterable[SlipFact], callbacks: Iterable[CallbackFact],
           events: Iterable[EventFact]) -> CaseFacts:
    return CaseFacts(
        status=CaseStatus(rec.status), round_no=rec.round_no, slips=tuple(slips), callbacks=tuple(callbacks),
        events=tuple(events), signed_off=rec.signed_off_at is not None and rec.signed_off_by is not None,
        received_on=rec.received_at.date())


def case_facts(session: Session, rec: Reception) -> CaseFacts:
    session.flush()
    slips = [_slip(r) for r in session.scalars(select(Referral).where(Referral.reception_id == rec.id))]
    callbacks = [_callback(c) for c in session.scalars(select(Callback).where(Callback.reception_id == rec.id))]
    events = [_event(e) for e in session.scalars(select(CaseEvent).where(
        CaseEvent.reception_id == rec.id, CaseEvent.kind.in_(_STATUS_EVENT_KINDS)))]
    return _facts(rec, slips, callbacks, events)


def waiting_rules(session: Session, station_id: str) -> WaitingRules:
    station = session.get(Station, station_id)
    if station is None:
        return WaitingRules()
    return WaitingRules(callback_working_days=station.callback_working_days or 1,
                        refer_working_days=station.refer_working_days or 1)


def refresh_waiting(session: Session, rec: Reception, facts: CaseFacts | None = None,
                    calendar: WorkCalendar | None = None) -> None:
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
            open_cases += session.scalars(stmt.where(Reception.id.in_(ids[i:i + 500])))
        # A case that closed keeps no deadline.
        for i in range(0, len(ids), 500):
            for rec in session.scalars(select(Reception).where(
                    Reception.id.in_(ids[i:i + 500]), Reception.waiting_due.is_not(None),
                    Reception.status.in_([s.value for s in CLOSED_STATUSES]))):
                rec.waiting_due, rec.waiting_estimated = None, False
    wanted = {r.id for r in open_cases}
    slips: dict[str, list[SlipFact]] = defaultdict(list)
    callbacks: dict[str, list[CallbackFact]] = defaultdict(list)
    events: dict[str, list[EventFact]] = defaultdict(list)
    open_ids = list(wanted)
    for i in range(0, len(open_ids), 900):
        chunk = open_ids[i:i + 900]
        for r in session.scalars(select(Referral).where(Referral.reception_id.in_(chunk))):
            slips[r.reception_id].append(_slip(r))
        for c in session.scalars(select(Callback).where(Callback.reception_id.in_(chunk))):
            callbacks[c.reception_id].append(_callback(c))
        for e in session.scalars(select(CaseEvent).where(CaseEvent.reception_id.in_(chunk),
                                                         CaseEvent.kind.in_(_STATUS_EVENT_KINDS))):
            events[e.reception_id].append(_event(e))
    rules = {s.id: WaitingRules(s.callback_working_days or 1, s.refer_working_days or 1)
             for s in session.scalars(select(Station))}
    changed = 0
    for rec in open_cases:
        facts = _facts(rec, slips[rec.id], callbacks[rec.id], events[rec.id])
        due = waiting_due(facts, rules.get(rec.station_id, WaitingRules()), calendar)
        if (rec.waiting_due, bool(rec.waiting_estimated)) != (due.due, due.estimated):
            rec.waiting_due, rec.waiting_estimated = due.due, due.estimated
            changed += 1
    return changed
