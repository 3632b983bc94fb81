"""The case view's read as it was before it selected the Core tables (branch s25-cli, its
queries.case_detail and the timeline readers it called, loading ORM objects), kept only for
tests/storage/test_case_reads.py to compare storage/case_reads.py with. Not used by the desk."""

# ruff: noqa
# mypy: ignore-errors

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session, aliased

from desk_app.domain import suggestions
from desk_app.domain.casebook import EventKind
from desk_app.domain.forwards import ForwardState
from desk_app.domain.lifecycle import SUPERVISION_LEVEL_ZH, CaseStatus, SupervisionLevel, is_overdue
from desk_app.domain.suggestions import SuggestionState
from desk_app.storage import records
from desk_app.storage.errors import NotFound
from desk_app.storage.models import (
    Callback,
    CallbackAttempt,
    CaseClass,
    CaseClassMember,
    CaseClassReferral,
    CaseEvent,
    CaseForward,
    Category,
    ChangeLog,
    Chase,
    Deputy,
    Extension,
    HandlingUnit,
    Meeting,
    MeetingItem,
    Operator,
    Reception,
    ReceptionDeputy,
    Referral,
    Setting,
    Suggestion,
    SuggestionCase,
    SupervisionStep,
)
from desk_app.storage.records import TimelineEvent

K_REKEYED_IDS = "sync.rekeyed_ids"


def rekeyed_ids(session: Session) -> dict[str, str]:
    row = session.get(Setting, K_REKEYED_IDS)
    return dict((row.value if row is not None else None) or {})


def _operator_names(session: Session) -> dict[str, str]:
    return {row[0]: row[1] for row in session.execute(select(Operator.id, Operator.name))}


def case_detail(session: Session, reception_id: str, today: date) -> records.CaseDetail:
    rec = session.get(Reception, reception_id)
    if rec is None:
        raise NotFound("reception", reception_id)
    ops = _operator_names(session)

    def who(operator_id: str | None) -> str:
        return ops.get(operator_id or "", "")

    category = session.get(Category, rec.category_id) if rec.category_id else None
    deputies = tuple(
        records.DeputyInfo(d.id, d.name, d.level, d.phone, d.active)
        for d in session.scalars(
            select(Deputy)
            .join(ReceptionDeputy, ReceptionDeputy.deputy_id == Deputy.id)
            .where(ReceptionDeputy.reception_id == rec.id)
            .order_by(ReceptionDeputy.created_at)
        )
    )
    unit = aliased(HandlingUnit)
    referrals = tuple(
        records.ReferralInfo(
            id=r.id,
            round_no=r.round_no,
            serial=r.serial,
            handling_unit_id=r.handling_unit_id,
            handling_unit_name=unit_name,
            handler=r.handler,
            supervisor=r.supervisor,
            referred_on=r.referred_on,
            working_days=r.working_days,
            reply_due=r.reply_due,
            due_estimated=r.due_estimated,
            note=r.note,
            replied_on=r.replied_on,
            reply_text=r.reply_text,
            created_by_name=who(r.created_by),
            reply_recorded_by_name=who(r.reply_recorded_by),
            attempt=r.attempt or 1,
            returned_on=r.returned_on,
            return_reason=r.return_reason or "",
        )
        for r, unit_name in session.execute(
            select(Referral, unit.name)
            .join(unit, unit.id == Referral.handling_unit_id)
            .where(Referral.reception_id == rec.id)
            .order_by(Referral.round_no, Referral.attempt)
        )
    )
    callbacks = tuple(
        records.CallbackInfo(
            id=c.id,
            round_no=c.round_no,
            called_at=c.called_at,
            caller=c.caller,
            method=c.method,
            citizen_words=c.citizen_words,
            verdict=c.verdict,
            created_by_name=who(c.created_by),
            cause=c.cause or "",
        )
        for c in session.scalars(
            select(Callback).where(Callback.reception_id == rec.id).order_by(Callback.called_at, Callback.id)
        )
    )
    attempts = tuple(
        records.CallbackAttemptInfo(
            a.id, a.round_no, a.attempted_at, a.caller, a.method, a.note, who(a.created_by)
        )
        for a in session.scalars(
            select(CallbackAttempt)
            .where(CallbackAttempt.reception_id == rec.id)
            .order_by(CallbackAttempt.attempted_at, CallbackAttempt.id)
        )
    )
    chases = tuple(
        records.ChaseInfo(c.id, c.round_no, c.chased_at, c.method, c.unit_contact, c.note, who(c.created_by))
        for c in session.scalars(
            select(Chase).where(Chase.reception_id == rec.id).order_by(Chase.chased_at, Chase.id)
        )
    )
    extensions = tuple(
        records.ExtensionInfo(
            e.id,
            e.round_no,
            e.requested_on,
            e.requested_by,
            e.reason,
            e.extra_working_days,
            e.state,
            e.old_due,
            e.new_due,
            e.due_estimated,
            e.decided_on,
            who(e.decided_by),
            e.decision_note,
            who(e.created_by),
        )
        for e in session.scalars(
            select(Extension)
            .where(Extension.reception_id == rec.id)
            .order_by(Extension.requested_on, Extension.id)
        )
    )
    events = tuple(
        _event_info(session, e, who(e.created_by))
        for e in session.scalars(
            select(CaseEvent).where(CaseEvent.reception_id == rec.id).order_by(CaseEvent.at, CaseEvent.id)
        )
    )
    detail = records.CaseDetail(
        id=rec.id,
        received_at=rec.received_at,
        channel=rec.channel,
        citizen_name=rec.citizen_name,
        citizen_phone=rec.citizen_phone,
        citizen_address=rec.citizen_address,
        category_id=rec.category_id,
        category_name=category.name if category else "",
        content=rec.content,
        outcome=rec.outcome,
        on_site_answer=rec.on_site_answer,
        status=rec.status,
        round_no=rec.round_no,
        overdue=is_overdue(CaseStatus(rec.status), rec.waiting_due, today),
        deputies=deputies,
        referrals=referrals,
        callbacks=callbacks,
        signed_off_at=rec.signed_off_at,
        signed_off_by_name=who(rec.signed_off_by),
        sign_off_note=rec.sign_off_note,
        registered_by_name=who(rec.created_by),
        timeline=(),
        attempts=attempts,
        chases=chases,
        extensions=extensions,
        events=events,
        waiting_due=rec.waiting_due,
        waiting_estimated=bool(rec.waiting_estimated),
        merged_into=rec.merged_into,
        station_id=rec.station_id,
        headcount=rec.headcount,
        note=rec.note,
        level=rec.level or "station",
    )
    forwarded = session.scalars(
        select(CaseForward).where(CaseForward.reception_id == rec.id).order_by(CaseForward.requested_at)
    ).all()
    timeline = [
        *_timeline(rec, detail, who),
        *network_events(session, rec),  # issue 13: appended
        *_forward_events(rec, forwarded, who),  # 转12345
        *class_events(session, rec),  # issue 14: its classes (类案)
    ]
    timeline.sort(key=lambda e: (e.round_no, _ORDER.get(e.kind, 9), e.at))
    return replace(detail, timeline=tuple(timeline))


def _forward_events(
    rec: Reception, forwarded: Sequence[CaseForward], who
) -> tuple[records.TimelineEvent, ...]:
    """转12345 (docs/open311.md): the forward recorded at the desk, and what the server wrote back
    (the work order, the platform's outcome, or its refusal), as steps of the case's timeline."""
    ev = records.TimelineEvent
    events = []
    for f in forwarded:
        base: dict[str, object] = {"partner": f.partner, "work_order": f.work_order, "state": f.state}
        events.append(ev("forwarded", f.requested_at, rec.round_no, who(f.created_by), base))
        if f.sent_at is not None:
            events.append(ev("forward_sent", f.sent_at, rec.round_no, "", base))
        if f.closed_at is not None:
            events.append(
                ev("forward_closed", f.closed_at, rec.round_no, "", {**base, "notes": f.status_notes})
            )
        if f.state == ForwardState.FAILED.value:
            events.append(ev("forward_failed", f.updated_at, rec.round_no, "", {**base, "error": f.error}))
    return tuple(events)


def _now_named(value: object, renamed: dict[str, str]) -> object:
    return renamed.get(value, value) if isinstance(value, str) else value


def _event_info(session: Session, e: CaseEvent, by: str) -> records.CaseEventInfo:
    changes: tuple[tuple[str, object, object], ...] = ()
    if e.kind == EventKind.CORRECTED.value:
        # The corrected values were logged by the same write as the event (same change-log time).
        found = []
        # A row the sync server rekeyed (a category the district already had) is still named by
        # its former id in the entries' text (changelog.K_REKEYED_IDS): shown by the id it has now.
        renamed = rekeyed_ids(session)
        for entry in session.scalars(
            select(ChangeLog).where(
                ChangeLog.at == e.created_at,
                ChangeLog.op == "update",
                ChangeLog.entity.in_(("reception", "referral", "callback")),
            )
        ):
            for name, (old, new) in (entry.changes or {}).items():
                if name in e.fields.split(":", 1)[-1].split(","):
                    found.append((name, _now_named(old, renamed), _now_named(new, renamed)))
        changes = tuple(found)
    return records.CaseEventInfo(
        e.id, e.round_no, e.kind, e.at, e.reason, e.fields, e.related_id, by, changes
    )


# Within a round, the lifecycle order decides ties (a reply and a callback on one day).
_ORDER = {
    "received": 0,
    "referred": 1,
    "chased": 2,
    "extension_requested": 3,
    "extension_decided": 4,
    "returned": 5,
    "replied": 6,
    "callback_not_reached": 7,
    "callback": 8,
    "corrected": 9,
    "transferred_up": 9,
    "transferred_down": 9,
    "taken_over": 9,
    "transferred_to_city": 9,
    "returned_from_city": 9,
    "city_replied": 9,
    "signed_off": 10,
    "closed_explained": 10,
    "withdrawn": 10,
    "voided": 10,
    "merged": 10,
    "reopened": 11,
    "forwarded": 12,
    "forward_sent": 12,
    "forward_failed": 12,
    "forward_closed": 12,
    "class_joined": 13,
    "class_left": 13,
    "class_referred": 1,
    "class_settled": 13,
}


def _timeline(rec: Reception, d: records.CaseDetail, who) -> tuple[records.TimelineEvent, ...]:
    ev = records.TimelineEvent
    events = [
        ev(
            "received",
            rec.received_at,
            0,
            d.registered_by_name,
            {"channel": rec.channel, "outcome": rec.outcome},
        )
    ]
    for r in d.referrals:
        events.append(
            ev(
                "referred",
                datetime.combine(r.referred_on, time.min),
                r.round_no,
                r.created_by_name,
                {
                    "serial": r.serial,
                    "unit": r.handling_unit_name,
                    "handler": r.handler,
                    "reply_due": r.reply_due,
                    "due_estimated": r.due_estimated,
                    "supervisor": r.supervisor,
                    "attempt": r.attempt,
                },
            )
        )
        if r.replied_on is not None:
            events.append(
                ev(
                    "replied",
                    datetime.combine(r.replied_on, time.min),
                    r.round_no,
                    r.reply_recorded_by_name,
                    {"text": r.reply_text, "on_time": r.replied_on <= r.reply_due},
                )
            )
        if r.returned_on is not None:
            events.append(
                ev(
                    "returned",
                    datetime.combine(r.returned_on, time.min),
                    r.round_no,
                    "",
                    {"serial": r.serial, "unit": r.handling_unit_name, "reason": r.return_reason},
                )
            )
    for c in d.chases:
        events.append(
            ev(
                "chased",
                c.chased_at,
                c.round_no,
                c.created_by_name,
                {"method": c.method, "contact": c.unit_contact, "note": c.note},
            )
        )
    for x in d.extensions:
        events.append(
            ev(
                "extension_requested",
                datetime.combine(x.requested_on, time.min),
                x.round_no,
                x.created_by_name,
                {
                    "days": x.extra_working_days,
                    "reason": x.reason,
                    "requested_by": x.requested_by,
                    "old_due": x.old_due,
                },
            )
        )
        if x.decided_on is not None:
            events.append(
                ev(
                    "extension_decided",
                    datetime.combine(x.decided_on, time.min),
                    x.round_no,
                    x.decided_by_name,
                    {"state": x.state, "new_due": x.new_due, "note": x.decision_note, "old_due": x.old_due},
                )
            )
    for a in d.attempts:
        events.append(
            ev(
                "callback_not_reached",
                a.attempted_at,
                a.round_no,
                a.created_by_name,
                {"caller": a.caller, "method": a.method, "note": a.note},
            )
        )
    for cb in d.callbacks:
        events.append(
            ev(
                "callback",
                cb.called_at,
                cb.round_no,
                cb.created_by_name,
                {
                    "verdict": cb.verdict,
                    "caller": cb.caller,
                    "method": cb.method,
                    "words": cb.citizen_words,
                    "cause": cb.cause,
                },
            )
        )
    signed_events = False
    for e in d.events:
        signed_events = signed_events or e.kind == EventKind.SIGNED_OFF.value
        detail: dict[str, object] = {"reason": e.reason, "fields": e.fields}
        if e.kind == EventKind.SIGNED_OFF.value:
            detail = {"note": e.reason}
        if e.changes:
            detail["changes"] = e.changes
        if e.related_id:
            detail["related_id"] = e.related_id
        events.append(ev(e.kind, e.at, e.round_no, e.created_by_name, detail))
    if rec.signed_off_at is not None and not signed_events:
        # Signed off before case events were kept: the sign-off is on the case itself.
        events.append(
            ev(
                "signed_off",
                rec.signed_off_at,
                rec.round_no,
                who(rec.signed_off_by),
                {"note": rec.sign_off_note},
            )
        )
    events.sort(key=lambda e: (e.round_no, _ORDER.get(e.kind, 9), e.at))
    return tuple(events)


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    id: str
    serial: str
    title: str
    body: str
    deputy_id: str
    deputy_name: str
    state: str
    round_no: int
    level: str
    unit_id: str | None
    unit_name: str
    handler: str
    sent_on: date | None
    working_days: int
    reply_due: date | None
    replied_on: date | None
    reply_text: str
    verdict: str
    verdict_on: date | None
    verdict_words: str
    reception_ids: tuple[str, ...]
    made_at: datetime  # when it was drafted (UTC, the row's creation)

    @property
    def state_zh(self) -> str:
        return suggestions.SUGGESTION_STATE_ZH[SuggestionState(self.state)]

    @property
    def level_zh(self) -> str:
        return SUPERVISION_LEVEL_ZH[SupervisionLevel(self.level)] if self.level else ""

    @property
    def outcome_zh(self) -> str:
        """What the clerk tells a linked case's citizen at the callback."""
        return suggestions.outcome_zh(self.state, self.serial, self.unit_name)


def suggestion_rows(session: Session, items: list[Suggestion]) -> list[SuggestionRow]:
    ids = [x.id for x in items]
    cases: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        for sid, rid in session.execute(
            select(SuggestionCase.suggestion_id, SuggestionCase.reception_id)
            .where(SuggestionCase.suggestion_id.in_(ids))
            # The cases in the order the suggestion named them: one draft's rows share their
            # created_at, so the insertion order (rowid; synced rows arrive in log order) decides.
            .order_by(SuggestionCase.created_at, literal_column("suggestion_case.rowid"))
        ):
            cases[sid].append(rid)
    deputies = {
        d.id: d.name
        for d in session.scalars(select(Deputy).where(Deputy.id.in_({x.deputy_id for x in items})))
    }
    units = {
        u.id: u.name
        for u in session.scalars(
            select(HandlingUnit).where(HandlingUnit.id.in_({x.unit_id for x in items if x.unit_id}))
        )
    }
    return [
        SuggestionRow(
            x.id,
            x.serial,
            x.title,
            x.body,
            x.deputy_id,
            deputies.get(x.deputy_id, ""),
            x.state,
            x.round_no,
            x.level,
            x.unit_id,
            units.get(x.unit_id or "", ""),
            x.handler,
            x.sent_on,
            x.working_days,
            x.reply_due,
            x.replied_on,
            x.reply_text,
            x.verdict,
            x.verdict_on,
            x.verdict_words,
            tuple(cases[x.id]),
            x.created_at,
        )
        for x in items
    ]


def case_suggestions(session: Session, reception_id: str) -> list[SuggestionRow]:
    ids = select(SuggestionCase.suggestion_id).where(SuggestionCase.reception_id == reception_id)
    items = list(
        session.scalars(select(Suggestion).where(Suggestion.id.in_(ids)).order_by(Suggestion.created_at))
    )
    return suggestion_rows(session, items)


def network_events(session: Session, rec: Reception) -> list[TimelineEvent]:
    """A case's timeline entries of issue 13: the meeting that referred it, the suggestions made
    from it (and their outcome), and the ladder levels given to its rounds."""
    out: list[TimelineEvent] = []
    for meeting, referral in session.execute(
        select(Meeting, Referral)
        .join(MeetingItem, MeetingItem.meeting_id == Meeting.id)
        .join(Referral, Referral.id == MeetingItem.referral_id)
        .where(MeetingItem.reception_id == rec.id)
    ):
        out.append(
            TimelineEvent(
                "meeting_referred",
                datetime.combine(meeting.held_on, time.min),
                referral.round_no,
                "",
                {
                    "title": meeting.title,
                    "place": meeting.place,
                    "presiding": meeting.presiding,
                    "serial": referral.serial,
                },
            )
        )
    for row in case_suggestions(session, rec.id):
        last = row.verdict_on or row.replied_on or row.sent_on
        when = datetime.combine(last, time.min) if last is not None else row.made_at
        out.append(
            TimelineEvent(
                "suggestion",
                when,
                rec.round_no,
                row.deputy_name,
                {
                    "serial": row.serial,
                    "title": row.title,
                    "state": row.state,
                    "unit": row.unit_name,
                    "reply_due": row.reply_due,
                    "reply_text": row.reply_text,
                    "verdict": row.verdict,
                    "level": row.level,
                    "outcome": row.outcome_zh,
                },
            )
        )
    for step in session.scalars(
        select(SupervisionStep).where(SupervisionStep.reception_id == rec.id).order_by(SupervisionStep.at)
    ):
        out.append(
            TimelineEvent(
                "supervision_level",
                step.at,
                step.round_no,
                step.decided_by,
                {"level": step.level, "prior_level": step.prior_level, "reason": step.reason},
            )
        )
    return out


def active_member(session: Session, reception_id: str) -> CaseClassMember | None:
    """The case's membership in force (a case is in one class at a time; should two desks have
    put it in two classes offline, the latest to be made counts)."""
    return session.scalars(
        select(CaseClassMember)
        .where(CaseClassMember.reception_id == reception_id, CaseClassMember.left_at.is_(None))
        .order_by(CaseClassMember.joined_at.desc(), CaseClassMember.id.desc())
        .limit(1)
    ).first()


def active_members(session: Session, class_id: str) -> list[CaseClassMember]:
    """The members in force, in the order their cases were received (the class slip's list)."""
    # A case put into this class and, later, into another (offline, on two desks) counts in the
    # later one: one query, not a look-up per member (a class of 200 read in 0.1-0.2 s that way).
    return list(
        session.scalars(
            select(CaseClassMember)
            .join(Reception, Reception.id == CaseClassMember.reception_id)
            .where(
                CaseClassMember.class_id == class_id,
                CaseClassMember.left_at.is_(None),
                ~_newer_in_force(),
            )
            .order_by(Reception.received_at, Reception.id)
        ).all()
    )


def _names(session: Session, ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    return {o.id: o.name for o in session.scalars(select(Operator).where(Operator.id.in_(wanted)))}


def _newer_in_force() -> Any:
    """EXISTS a membership of the same case in force made after this one (active_member's order:
    joined_at, then id)."""
    later = aliased(CaseClassMember)
    return (
        select(later.id)
        .where(
            later.reception_id == CaseClassMember.reception_id,
            later.left_at.is_(None),
            (later.joined_at > CaseClassMember.joined_at)
            | ((later.joined_at == CaseClassMember.joined_at) & (later.id > CaseClassMember.id)),
        )
        .exists()
    )


def _round_at(referrals: Sequence[tuple[int, datetime]], at: datetime) -> int:
    """The case's round when something happened at `at` (0 before its first slip)."""
    return max((round_no for round_no, made in referrals if made <= at), default=0)


def class_events(session: Session, rec: Reception) -> list[TimelineEvent]:
    """A case's timeline entries of its classes: joining and leaving each, its class's slip, and the
    rule or measure that settled the class (issue 14)."""
    memberships = session.scalars(
        select(CaseClassMember)
        .where(CaseClassMember.reception_id == rec.id)
        .order_by(CaseClassMember.joined_at)
    ).all()
    if not memberships:
        return []
    class_ids = {m.class_id for m in memberships}
    classes = {c.id: c for c in session.scalars(select(CaseClass).where(CaseClass.id.in_(class_ids)))}
    names = _names(
        session,
        {
            *(m.created_by for m in memberships),
            *(m.left_by for m in memberships),
            *(c.settled_by for c in classes.values()),
        },
    )
    referrals = [
        (r.round_no, datetime.combine(r.referred_on, time.min))
        for r in session.scalars(select(Referral).where(Referral.reception_id == rec.id))
    ]
    out: list[TimelineEvent] = []
    current = active_member(session, rec.id)
    for m in memberships:
        c = classes.get(m.class_id)
        if c is None:
            continue
        size = len(active_members(session, c.id))
        out.append(
            TimelineEvent(
                "class_joined",
                m.joined_at,
                _round_at(referrals, m.joined_at),
                names.get(m.created_by or "", ""),
                {"subject": c.subject, "members": size},
            )
        )
        if m.left_at is not None:
            out.append(
                TimelineEvent(
                    "class_left",
                    m.left_at,
                    _round_at(referrals, m.left_at),
                    names.get(m.left_by or "", ""),
                    {"subject": c.subject},
                )
            )
        if c.settled_on is not None and (m.left_at is None and current is not None and current.id == m.id):
            at = datetime.combine(c.settled_on, time.max.replace(microsecond=0))
            out.append(
                TimelineEvent(
                    "class_settled",
                    at,
                    rec.round_no,
                    names.get(c.settled_by or "", ""),
                    {"subject": c.subject, "note": c.settle_note},
                )
            )
    for link, referral, lead in session.execute(
        select(CaseClassReferral, Referral, CaseClassReferral.lead_referral_id)
        .join(Referral, Referral.id == CaseClassReferral.referral_id)
        .where(CaseClassReferral.reception_id == rec.id)
    ):
        c = classes.get(link.class_id)
        lead_row = session.get(Referral, lead)
        together = session.scalars(
            select(CaseClassReferral.id).where(CaseClassReferral.lead_referral_id == lead)
        ).all()
        out.append(
            TimelineEvent(
                "class_referred",
                datetime.combine(referral.referred_on, time.min),
                referral.round_no,
                "",
                {
                    "subject": c.subject if c is not None else "",
                    "class_serial": lead_row.serial if lead_row is not None else "",
                    "cases": len(together),
                },
            )
        )
    return out
