"""The case view's read (`case_detail`): the case, its slips, callbacks, moves and events, and the
timeline made of them. Used by the window (DeskStore.case_detail), and by every referral slip,
the meeting's minutes and the class slip (report_queries.slip_data).

It selects the Core tables (storage/tables.py) and builds records from their rows, which carry
the columns' names (the mapped classes' attribute names, since every class is mapped onto its
table): on a session it reads in the session's transaction, on a Core connection
(`Database.connected`) it never imports `sqlalchemy.orm` nor the mapped classes, so that
`desk-app print referral` does without them (issue 16, docs/benchmarks.md "Document commands of
the command line", sixth pass).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, select

from desk_app.domain.casebook import EventKind
from desk_app.domain.forwards import ForwardState
from desk_app.domain.lifecycle import CaseStatus, is_overdue
from desk_app.storage import records, tables
from desk_app.storage.class_reads import class_events
from desk_app.storage.db import core
from desk_app.storage.errors import NotFound
from desk_app.storage.network_reads import network_events
from desk_app.storage.rekeys import rekeyed_ids

if TYPE_CHECKING:
    from desk_app.storage.db import Reader

Who = Callable[[str | None], str]


def _operator_names(conn: Connection) -> dict[str, str]:
    op = tables.operator
    return {row[0]: row[1] for row in conn.execute(select(op.c.id, op.c.name))}


def case_detail(reader: Reader, reception_id: str, today: date) -> records.CaseDetail:
    conn = core(reader)
    reception = tables.reception
    rec = conn.execute(select(reception).where(reception.c.id == reception_id)).first()
    if rec is None:
        raise NotFound("reception", reception_id)
    ops = _operator_names(conn)

    def who(operator_id: str | None) -> str:
        return ops.get(operator_id or "", "")

    category = (
        conn.execute(select(tables.category.c.name).where(tables.category.c.id == rec.category_id)).first()
        if rec.category_id
        else None
    )
    deputy, linked = tables.deputy, tables.reception_deputy
    deputies = tuple(
        records.DeputyInfo(d.id, d.name, d.level, d.phone, d.active)
        for d in conn.execute(
            select(deputy)
            .join(linked, linked.c.deputy_id == deputy.c.id)
            .where(linked.c.reception_id == rec.id)
            .order_by(linked.c.created_at)
        )
    )
    referral, unit = tables.referral, tables.handling_unit
    referrals = tuple(
        records.ReferralInfo(
            id=r.id,
            round_no=r.round_no,
            serial=r.serial,
            handling_unit_id=r.handling_unit_id,
            handling_unit_name=r.unit_name,
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
        for r in conn.execute(
            select(referral, unit.c.name.label("unit_name"))
            .join(unit, unit.c.id == referral.c.handling_unit_id)
            .where(referral.c.reception_id == rec.id)
            .order_by(referral.c.round_no, referral.c.attempt)
        )
    )
    callback = tables.callback
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
        for c in conn.execute(
            select(callback)
            .where(callback.c.reception_id == rec.id)
            .order_by(callback.c.called_at, callback.c.id)
        )
    )
    attempt = tables.callback_attempt
    attempts = tuple(
        records.CallbackAttemptInfo(
            a.id, a.round_no, a.attempted_at, a.caller, a.method, a.note, who(a.created_by)
        )
        for a in conn.execute(
            select(attempt)
            .where(attempt.c.reception_id == rec.id)
            .order_by(attempt.c.attempted_at, attempt.c.id)
        )
    )
    chase = tables.chase
    chases = tuple(
        records.ChaseInfo(c.id, c.round_no, c.chased_at, c.method, c.unit_contact, c.note, who(c.created_by))
        for c in conn.execute(
            select(chase).where(chase.c.reception_id == rec.id).order_by(chase.c.chased_at, chase.c.id)
        )
    )
    extension = tables.extension
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
        for e in conn.execute(
            select(extension)
            .where(extension.c.reception_id == rec.id)
            .order_by(extension.c.requested_on, extension.c.id)
        )
    )
    event = tables.case_event
    events = tuple(
        _event_info(conn, e, who(e.created_by))
        for e in conn.execute(
            select(event).where(event.c.reception_id == rec.id).order_by(event.c.at, event.c.id)
        ).all()
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
    forward = tables.case_forward
    forwarded = conn.execute(
        select(forward).where(forward.c.reception_id == rec.id).order_by(forward.c.requested_at)
    ).all()
    timeline = [
        *_timeline(rec, detail, who),
        *network_events(conn, rec.id, rec.round_no),  # issue 13: appended
        *_forward_events(rec, forwarded, who),  # 转12345
        *class_events(conn, rec.id, rec.round_no),  # issue 14: its classes (类案)
    ]
    timeline.sort(key=lambda e: (e.round_no, _ORDER.get(e.kind, 9), e.at))
    return replace(detail, timeline=tuple(timeline))


def _forward_events(
    rec: Row[Any], forwarded: Sequence[Row[Any]], who: Who
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


def _event_info(conn: Connection, e: Row[Any], by: str) -> records.CaseEventInfo:
    changes: tuple[tuple[str, object, object], ...] = ()
    if e.kind == EventKind.CORRECTED.value:
        # The corrected values were logged by the same write as the event (same change-log time).
        found = []
        # A row the sync server rekeyed (a category the district already had) is still named by
        # its former id in the entries' text (rekeys.K_REKEYED_IDS): shown by the id it has now.
        renamed = rekeyed_ids(conn)
        log = tables.change_log
        for entry in conn.execute(
            select(log).where(
                log.c.at == e.created_at,
                log.c.op == "update",
                log.c.entity.in_(("reception", "referral", "callback")),
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


def _timeline(rec: Row[Any], d: records.CaseDetail, who: Who) -> tuple[records.TimelineEvent, ...]:
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
