"""Facts for the tally (desk_app.domain.tally) read from the database, for one or many stations.

One query per kind of fact, each restricted to what can count in the period or the one before
(the domain decides exactly). `station_ids=None` means every station in the file: a station's
desk holds one, the district centre's desk holds all of its stations once sync brings them in.

The overdue snapshots need each case's records (`CaseHistory`), but only of the cases that can
have been waiting on a snapshot day: those waiting now, and those whose state changed after the
earliest snapshot (a slip, a reply, a return, a callback or an office's move dated after it).
Every other case was closed, or had not come in yet, on both snapshot days.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import String, and_, or_, select, true, type_coerce, union_all
from sqlalchemy.engine import Connection

from desk_app.domain import tally as t
from desk_app.domain.casebook import STATUS_EVENTS, EventKind, ExtensionState, WaitingRules
from desk_app.domain.classes import ClassFact
from desk_app.domain.lifecycle import (
    DEFAULT_LEVEL,
    SUPERVISION_LEVEL_ZH,
    WAITING_STATUSES,
    CaseStatus,
    SupervisionLevel,
)
from desk_app.storage import tables
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.coltypes import time_value
from desk_app.storage.db import core

if TYPE_CHECKING:
    from desk_app.storage.db import Reader

# The statements below select the Core tables' columns (storage/tables.py), not the mapped classes,
# and take a session or a Core connection: a tally read on a connection (`Database.connected`)
# never imports the ORM nor declares the mapped classes (~120 ms), nor sets up their mappers
# (~20 ms), in a process that does nothing else with them, `desk-app print tally` (issue 16, a CLI
# document command in < 0.5 s; docs/benchmarks.md). The rows are the same: the same columns and types.
CALLBACK = tables.callback.c
CALLBACK_ATTEMPT = tables.callback_attempt.c
CASE_EVENT = tables.case_event.c
CATEGORY = tables.category.c
CHASE = tables.chase.c
DEPUTY_VISIT = tables.deputy_visit.c
EXTENSION = tables.extension.c
HANDLING_UNIT = tables.handling_unit.c
RECEPTION = tables.reception.c
REFERRAL = tables.referral.c
STATION = tables.station.c

_GONE = (CaseStatus.VOIDED.value, CaseStatus.MERGED.value)
_WAITING = tuple(s.value for s in WAITING_STATUSES)
_STATUS_KINDS = tuple(k.value for k in STATUS_EVENTS)
# Status events counted as steps (voiding and merging count nowhere).
_COUNTED_EVENTS = {
    EventKind.SIGNED_OFF.value: t.Step.SIGNED_OFF,
    EventKind.CLOSED_EXPLAINED.value: t.Step.CLOSED_EXPLAINED,
    EventKind.WITHDRAWN.value: t.Step.WITHDRAWN,
    EventKind.REOPENED.value: t.Step.REOPENED,
}


def _dt(day: date) -> datetime:
    return datetime.combine(day, time.min)


def _raw(col):
    """The column's stored value: SQLAlchemy's per-value date parsing is ~10x slower than
    fromisoformat, and a tally reads tens of thousands of dates. A time column's stored value is
    integer microseconds (storage/coltypes.py): `_when` reads it."""
    return type_coerce(col, String())


def _when(stored: int | str | None) -> datetime | None:
    return time_value(stored)


def _at(stored: int | str) -> datetime:
    """A NOT NULL time column's stored value."""
    return time_value(stored)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def stations(session: Reader, station_ids: Sequence[str] | None = None) -> list[tuple[str, str]]:
    """(id, name) of the stations in scope, oldest first."""
    stmt = select(STATION.id, STATION.name).order_by(STATION.created_at, STATION.name)
    if station_ids is not None:
        stmt = stmt.where(STATION.id.in_(station_ids))
    return [(r[0], r[1]) for r in session.execute(stmt)]


def category_order(session: Reader) -> list[str]:
    return list(session.scalars(select(CATEGORY.name).order_by(CATEGORY.sort_order, CATEGORY.name)))


def citizen_key(phone: str, name: str, address: str) -> str:
    """Who the citizen is: phones are stored normalized (cases.register_reception)."""
    if phone:
        return "tel:" + phone
    name = (name or "").strip()
    return f"name:{name}|{(address or '').strip()}" if name else ""


def waiting_rules(session: Reader) -> dict[str, WaitingRules]:
    """Every station's waiting deadlines (casebook.WaitingRules), by station id."""
    return {
        r[0]: WaitingRules(r[1] or 1, r[2] or 1)
        for r in core(session).execute(
            select(STATION.id, STATION.callback_working_days, STATION.refer_working_days)
        )
    }


def tally_facts(
    session: Reader,
    start: date,
    end: date,
    station_ids: Sequence[str] | None = None,
    *,
    snapshots: Sequence[date] | None = None,
) -> t.TallyFacts:
    """Every fact that can count in [start, end] (inclusive), and the history of every case that
    can have been waiting at the end of a snapshot day (default: `end`; tally() passes the
    overdue snapshot days of the period and the one before, domain.tally.as_of).

    Slips and callbacks are read without joins (a join reads each case's row at random: ~1 s
    for a busy year); the case's channel and category come from the receptions read anyway,
    and only cases received before the window are looked up by id."""
    lo, hi = _dt(start), _dt(end + timedelta(days=1))
    facts = t.TallyFacts()
    in_scope = (lambda col: col.in_(station_ids)) if station_ids is not None else (lambda col: true())
    scope = set(station_ids) if station_ids is not None else None
    conn = core(session)  # Core rows: no ORM result processing for plain columns
    units = dict(conn.execute(select(HANDLING_UNIT.id, HANDLING_UNIT.name)).all())
    cats = dict(conn.execute(select(CATEGORY.id, CATEGORY.name)).all())

    def unit_name(unit_id: str | None) -> str:
        return units.get(unit_id, "") if unit_id else ""

    def cat_name(cat_id: str | None) -> str:
        return cats.get(cat_id, "") if cat_id else ""

    facts.gone = frozenset(
        conn.scalars(select(RECEPTION.id).where(in_scope(RECEPTION.station_id), RECEPTION.status.in_(_GONE)))
    )

    rec_cols = (
        RECEPTION.id,
        RECEPTION.station_id,
        _raw(RECEPTION.received_at),
        RECEPTION.channel,
        RECEPTION.category_id,
        RECEPTION.outcome,
        RECEPTION.citizen_phone,
        RECEPTION.citizen_name,
        RECEPTION.citizen_address,
        _raw(RECEPTION.signed_off_at),
        RECEPTION.unit_id,
        RECEPTION.headcount,
    )
    case: dict[str, Head] = {}  # reception id -> its head (station, channel, category, received on, outcome)
    for r in conn.execute(
        select(*rec_cols).where(
            in_scope(RECEPTION.station_id), RECEPTION.received_at >= lo, RECEPTION.received_at < hi
        )
    ):
        category = cat_name(r[4])
        received_at = _when(r[2])
        assert received_at is not None
        case[r[0]] = (r[1], r[3], category, received_at.date(), r[5])
        facts.receptions.append(
            t.ReceptionFact(
                r[0],
                r[1],
                received_at,
                r[3],
                category,
                r[5],
                citizen_key(r[6], r[7], r[8]),
                _when(r[9]),
                unit_name(r[10]),
                r[11] or 1,
            )
        )

    def within(col):
        return and_(col >= start, col <= end)

    referrals = _slips_in(conn, start, end, in_scope)
    callbacks = _calls_in(conn, lo, hi)
    attempts = conn.execute(
        select(
            CALLBACK_ATTEMPT.reception_id, CALLBACK_ATTEMPT.referral_id, _raw(CALLBACK_ATTEMPT.attempted_at)
        ).where(CALLBACK_ATTEMPT.attempted_at >= lo, CALLBACK_ATTEMPT.attempted_at < hi)
    ).all()
    chases = conn.execute(
        select(CHASE.reception_id, CHASE.referral_id, _raw(CHASE.chased_at)).where(
            CHASE.chased_at >= lo, CHASE.chased_at < hi
        )
    ).all()
    extensions = conn.execute(
        select(
            EXTENSION.reception_id,
            EXTENSION.referral_id,
            _raw(EXTENSION.requested_on),
            _raw(EXTENSION.decided_on),
            EXTENSION.state,
        ).where(or_(within(EXTENSION.requested_on), within(EXTENSION.decided_on)))
    ).all()
    events = _status_events_in(conn, lo, hi)
    # Sign-offs made before case events existed are on the case alone (those of the cases
    # received in the window are in facts.receptions already).
    signed = [
        (r.id, r.station_id, r.channel, r.category, r.signed_off_at, r.unit)
        for r in facts.receptions
        if r.signed_off_at is not None and lo <= r.signed_off_at < hi
    ]
    signed += [
        (r[0], r[1], r[2], cat_name(r[3]), _at(r[4]), unit_name(r[5]))
        for r in conn.execute(
            select(
                RECEPTION.id,
                RECEPTION.station_id,
                RECEPTION.channel,
                RECEPTION.category_id,
                _raw(RECEPTION.signed_off_at),
                RECEPTION.unit_id,
            ).where(
                in_scope(RECEPTION.station_id),
                RECEPTION.received_at < lo,
                RECEPTION.signed_off_at >= lo,
                RECEPTION.signed_off_at < hi,
            )
        )
    ]

    unit_of_referral = {r[0]: r[4] for r in referrals}
    missing_refs = list(
        {x[1] for rows in (callbacks, attempts, chases, extensions) for x in rows} - unit_of_referral.keys()
    )
    for chunk in _chunks(missing_refs):
        unit_of_referral.update(
            conn.execute(select(REFERRAL.id, REFERRAL.handling_unit_id).where(REFERRAL.id.in_(chunk))).all()
        )
    missing = list(
        (
            {r[1] for r in referrals}
            | {x[0] for rows in (callbacks, attempts, chases, extensions, events) for x in rows}
        )
        - case.keys()
    )
    for chunk in _chunks(missing):
        for h in conn.execute(select(*_HEAD_COLS).where(RECEPTION.id.in_(chunk))):
            case[h[0]] = _head(h, cats)

    for slip in referrals:
        _station, channel, category, _received, _outcome = case[slip[1]]
        facts.referrals.append(
            t.ReferralFact(
                slip[1],
                slip[2],
                slip[3],
                unit_name(slip[4]),
                channel,
                category,
                slip[5],
                slip[6],
                slip[7],
                slip[8],
            )
        )
    for c in callbacks:
        station, channel, category, _received, _outcome = case[c[0]]
        if scope is None or station in scope:
            facts.callbacks.append(
                t.CallbackFact(
                    c[0], station, c[2], c[3], unit_name(unit_of_referral.get(c[1])), channel, category
                )
            )

    def step(rid: str, kind: t.Step, on: date, unit: str) -> None:
        station, channel, category, _received, _outcome = case[rid]
        if scope is None or station in scope:
            facts.steps.append(t.StepFact(rid, station, kind.value, on, unit, channel, category))

    for a in attempts:
        step(a[0], t.Step.NOT_REACHED, _at(a[2]).date(), unit_name(unit_of_referral.get(a[1])))
    for c in chases:
        step(c[0], t.Step.CHASED, _at(c[2]).date(), unit_name(unit_of_referral.get(c[1])))
    for x in extensions:
        unit = unit_name(unit_of_referral.get(x[1]))
        requested, decided = _day(x[2]), _day(x[3])
        if requested is not None and start <= requested <= end:
            step(x[0], t.Step.EXTENSION_REQUESTED, requested, unit)
        if decided is not None and start <= decided <= end and x[4] == ExtensionState.APPROVED.value:
            step(x[0], t.Step.EXTENSION_APPROVED, decided, unit)
    counted = [e for e in events if e[1] in _COUNTED_EVENTS]
    round_units = _round_units(conn, {e[0] for e in counted})
    evented: set[tuple[str, datetime]] = set()
    for e in counted:
        at = e[3]
        if e[1] == EventKind.SIGNED_OFF.value:
            evented.add((e[0], at))
        step(e[0], _COUNTED_EVENTS[e[1]], at.date(), unit_name(round_units.get((e[0], e[2]))))
    for rid, station, channel, category, at, unit in signed:
        assert at is not None
        if (rid, at) not in evented:
            facts.steps.append(
                t.StepFact(rid, station, t.Step.SIGNED_OFF.value, at.date(), unit, channel, category)
            )

    stmt = select(DEPUTY_VISIT.station_id, DEPUTY_VISIT.day).where(
        in_scope(DEPUTY_VISIT.station_id), DEPUTY_VISIT.day >= start, DEPUTY_VISIT.day <= end
    )
    facts.visits = [t.VisitFact(r[0], r[1]) for r in conn.execute(stmt)]

    window = Window(start, end, case, referrals, callbacks, events)
    facts.histories = case_histories(
        session, snapshots or (end,), station_ids, gone=facts.gone, units=units, cats=cats, window=window
    )
    facts.rules = waiting_rules(session)
    facts.calendar = work_calendar(session)
    facts.meetings = meeting_facts(conn, start, end, station_ids)  # issue 13
    facts.network_steps = network_steps(conn, start, end, station_ids)
    facts.classes = class_facts(conn, start, end, station_ids)  # issue 14
    return facts


# The facts of issues 13 and 14 (meetings, suggestions, ladder steps, classes): read here, with the
# rest of the tally, rather than beside the records the window shows (network_reads,
# class_reads), so a tally does not import those modules and their dataclasses (issue 16).


def class_facts(
    conn: Connection, start: date, end: date, station_ids: Sequence[str] | None
) -> list[ClassFact]:
    """The tally's facts of the classes formed up to `end` (domain.classes.ClassFact; one formed
    before `start` may be settled in the period): one per member in force (None for a class with
    no member left)."""
    # The tables' columns (Core), not the mapped classes: a command that only prints a tally then
    # never sets up the ORM (storage/tally_queries.py).
    case_class, member, reception = tables.case_class, tables.case_class_member, tables.reception
    stmt = (
        select(
            case_class.c.id,
            case_class.c.formed_at,
            case_class.c.settled_on,
            member.c.reception_id,
            reception.c.status,
            reception.c.signed_off_at,
        )
        .outerjoin(
            member,
            (member.c.class_id == case_class.c.id) & member.c.left_at.is_(None),
        )
        .outerjoin(reception, reception.c.id == member.c.reception_id)
        .where(case_class.c.formed_at <= datetime.combine(end, time.max))
    )
    if station_ids is not None:
        stmt = stmt.where(case_class.c.station_id.in_(list(station_ids)))
    out = []
    for class_id, formed_at, settled_on, reception_id, status, signed_off_at in conn.execute(stmt):
        formed_on = (
            formed_at.date() if isinstance(formed_at, datetime) else date.fromisoformat(str(formed_at)[:10])
        )
        if settled_on is not None and not isinstance(settled_on, date):
            settled_on = date.fromisoformat(str(settled_on))
        signed: date | None = None
        if status == "signed_off" and signed_off_at is not None:
            signed = (
                signed_off_at.date()
                if isinstance(signed_off_at, datetime)
                else date.fromisoformat(str(signed_off_at)[:10])
            )
        out.append(ClassFact(class_id, formed_on, settled_on, reception_id, signed))
    return out


def meeting_facts(
    conn: Connection, start: date, end: date, station_ids: Sequence[str] | None
) -> list[t.MeetingFact]:
    """The tally's facts of the referral meetings held in [start, end] (domain.tally.MeetingFact)."""
    # The tables' columns (Core), here and in the two functions below: a tally command never sets
    # up the ORM (storage/tally_queries.py).
    meeting, item, referral = tables.meeting, tables.meeting_item, tables.referral
    stmt = (
        select(meeting.c.id, meeting.c.held_on, item.c.reception_id, referral.c.replied_on)
        .outerjoin(item, item.c.meeting_id == meeting.c.id)
        .outerjoin(referral, referral.c.id == item.c.referral_id)
        .where(meeting.c.held_on >= start, meeting.c.held_on <= end)
    )
    if station_ids is not None:
        stmt = stmt.where(meeting.c.station_id.in_(list(station_ids)))
    return [t.MeetingFact(*row) for row in conn.execute(stmt)]


def network_steps(
    conn: Connection, start: date, end: date, station_ids: Sequence[str] | None
) -> list[tuple[str, date]]:
    """The tally's suggestion and ladder facts in [start, end]: ("sent", the day a suggestion's
    current round was sent), ("satisfied", the deputy's verdict day), ("escalated", the day of a
    step above an earlier level). A suggestion sent again counts once, on its latest sending day
    (its row keeps the current round's day only)."""
    out: list[tuple[str, date]] = []
    scope = (
        (lambda col: col.in_(list(station_ids)))
        if station_ids is not None
        else (lambda col: col.is_not(None))
    )
    suggestion, step = tables.suggestion.c, tables.supervision_step.c
    for sent_on, verdict, verdict_on in conn.execute(
        select(suggestion.sent_on, suggestion.verdict, suggestion.verdict_on).where(
            scope(suggestion.station_id)
        )
    ):
        if sent_on is not None and start <= sent_on <= end:
            out.append(("sent", sent_on))
        if verdict_on is not None and verdict != "dissatisfied" and verdict and start <= verdict_on <= end:
            out.append(("satisfied", verdict_on))
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    for (at,) in conn.execute(
        select(step.at).where(
            scope(step.station_id),
            step.prior_level != "",
            step.at >= lo,
            step.at <= hi,
        )
    ):
        out.append(("escalated", at.date()))
    return out


def round_levels_zh(
    session: Reader,
    start: date | None,
    end: date,
    station_ids: Sequence[str] | None,
    *,
    as_of: date | None = None,
) -> dict[tuple[str, int], str]:
    """(case id, round) -> the words of the level supervising each second or later round whose
    slip was handed over in [start, end] (the lists' 督办轮次; no `start`: every such round up to
    `end`, as a round closed in the period may have been handed over before it); the latest step
    wins, a round without one is at lifecycle.DEFAULT_LEVEL. `as_of`: the level in force on that
    day (steps taken on it count, later ones not: a tally's snapshot day); None: the latest."""
    referral, step = tables.referral.c, tables.supervision_step.c
    stmt = select(referral.reception_id, referral.round_no).where(
        referral.round_no >= 2, referral.referred_on <= end
    )
    if start is not None:
        stmt = stmt.where(referral.referred_on >= start)
    if station_ids is not None:
        stmt = stmt.where(referral.station_id.in_(list(station_ids)))
    rounds = {(rid, n): SUPERVISION_LEVEL_ZH[DEFAULT_LEVEL] for rid, n in session.execute(stmt)}
    if not rounds:
        return {}
    stmt_steps = (
        select(step.reception_id, step.round_no, step.level)
        .where(step.reception_id.in_(list({rid for rid, _n in rounds})))
        .order_by(step.at, step.created_at)
    )
    if as_of is not None:
        stmt_steps = stmt_steps.where(step.at < datetime.combine(as_of + timedelta(days=1), time()))
    steps = session.execute(stmt_steps)
    for rid, n, level in steps:
        if rid is not None and (rid, n) in rounds:
            rounds[(rid, n)] = SUPERVISION_LEVEL_ZH[SupervisionLevel(level)]
    return rounds


def _round_units(conn, reception_ids: Iterable[str]) -> dict[tuple[str, int], str]:
    """(reception id, round) -> the unit id of the round's current slip (its latest attempt)."""
    found: dict[tuple[str, int], tuple[int, str]] = {}
    for chunk in _chunks(list(reception_ids)):
        for rid, round_no, attempt, unit in conn.execute(
            select(
                REFERRAL.reception_id, REFERRAL.round_no, REFERRAL.attempt, REFERRAL.handling_unit_id
            ).where(REFERRAL.reception_id.in_(chunk))
        ):
            held = found.get((rid, round_no))
            if held is None or (attempt or 1) > held[0]:
                found[(rid, round_no)] = (attempt or 1, unit)
    return {k: v[1] for k, v in found.items()}


Head = tuple[str, str, str, date, str]  # station, channel, category name, received on, outcome
# A slip: id, case, station, round, unit id, referred on, reply due, replied on, returned on, attempt.
SlipRow = tuple[str, str, str, int, str, date, date, "date | None", "date | None", int]
_SLIP_COLS = (
    REFERRAL.id,
    REFERRAL.reception_id,
    REFERRAL.station_id,
    REFERRAL.round_no,
    REFERRAL.handling_unit_id,
    _raw(REFERRAL.referred_on),
    _raw(REFERRAL.reply_due),
    _raw(REFERRAL.replied_on),
    _raw(REFERRAL.returned_on),
    REFERRAL.attempt,
)


def _slip_row(r) -> SlipRow:
    return (
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        _day(r[5]),
        _day(r[6]),
        _day(r[7]),
        _day(r[8]),  # type: ignore[return-value]
        r[9] or 1,
    )


@dataclass(slots=True)
class Window:
    """What tally_facts has read already: every state change dated in [start, end] (slips with a
    date in it, callbacks, status events; rows as selected there) and the heads of the cases
    they belong to, and of every case received in it."""

    start: date
    end: date
    heads: dict[str, Head] = field(default_factory=dict)
    slips: Sequence[SlipRow] = ()
    calls: Sequence[tuple[str, str, datetime, str, int]] = ()  # case, slip, called at, verdict, round
    events: Sequence[tuple[str, str, int, datetime]] = ()  # case, kind, round, at


_HEAD_COLS = (
    RECEPTION.id,
    RECEPTION.station_id,
    RECEPTION.channel,
    RECEPTION.category_id,
    _raw(RECEPTION.received_at),
    RECEPTION.outcome,
)


def _head(r, cats: dict[str, str]) -> Head:
    return r[1], r[2], cats.get(r[3], "") if r[3] else "", _at(r[4]).date(), r[5]


def _slips_in(conn, start: date, end: date, in_scope) -> list[SlipRow]:
    """The slips of the stations in scope referred, replied or returned in [start, end]."""

    def within(col):
        return and_(col >= start, col <= end)

    return [
        _slip_row(r)
        for r in conn.execute(
            select(*_SLIP_COLS).where(
                in_scope(REFERRAL.station_id),
                or_(within(REFERRAL.referred_on), within(REFERRAL.replied_on), within(REFERRAL.returned_on)),
            )
        )
    ]


def _calls_in(conn, lo: datetime, hi: datetime) -> list[tuple]:
    """The callbacks made in [lo, hi): (case, slip, when, verdict, round)."""
    return [
        (c[0], c[1], _at(c[2]), c[3], c[4])
        for c in conn.execute(
            select(
                CALLBACK.reception_id,
                CALLBACK.referral_id,
                _raw(CALLBACK.called_at),
                CALLBACK.verdict,
                CALLBACK.round_no,
            ).where(CALLBACK.called_at >= lo, CALLBACK.called_at < hi)
        )
    ]


def _status_events_in(conn, lo: datetime, hi: datetime) -> list[tuple]:
    """The case events that moved a status in [lo, hi): (case, kind, round, when)."""
    return [
        (e[0], e[1], e[2], _at(e[3]))
        for e in conn.execute(
            select(CASE_EVENT.reception_id, CASE_EVENT.kind, CASE_EVENT.round_no, _raw(CASE_EVENT.at)).where(
                CASE_EVENT.kind.in_(_STATUS_KINDS), CASE_EVENT.at >= lo, CASE_EVENT.at < hi
            )
        )
    ]


def _read_window(conn, start: date, end: date, in_scope, cats: dict[str, str]) -> Window:
    """The state changes dated in [start, end] and their cases' heads (as tally_facts reads them)."""
    window = Window(start, end)
    if end < start:
        return window
    lo, hi = _dt(start), _dt(end + timedelta(days=1))

    window.slips = _slips_in(conn, start, end, in_scope)
    window.calls = _calls_in(conn, lo, hi)
    window.events = _status_events_in(conn, lo, hi)
    for r in conn.execute(
        select(*_HEAD_COLS).where(
            in_scope(RECEPTION.station_id), RECEPTION.received_at >= lo, RECEPTION.received_at < hi
        )
    ):
        window.heads[r[0]] = _head(r, cats)
    ids = {r[1] for r in window.slips} | {c[0] for c in window.calls} | {e[0] for e in window.events}
    for chunk in _chunks(list(ids - window.heads.keys())):
        for r in conn.execute(
            select(*_HEAD_COLS).where(RECEPTION.id.in_(chunk), in_scope(RECEPTION.station_id))
        ):
            window.heads[r[0]] = _head(r, cats)
    return window


def case_histories(
    session: Reader,
    days: Sequence[date],
    station_ids: Sequence[str] | None = None,
    *,
    gone: frozenset[str] = frozenset(),
    units: dict[str, str] | None = None,
    cats: dict[str, str] | None = None,
    window: Window | None = None,
) -> list[t.CaseHistory]:
    """The records of every case that can have been waiting at the end of one of `days` (the
    snapshot days): received by that day, and waiting now or changed state after that day.

    A state on a day depends only on the case's last step by then (domain.tally.states_on), so
    for a case with a step in the window on or before the day, the window's records are its
    history; only the others (waiting since before the window) are read in full."""
    conn = core(session)
    in_scope = (lambda col: col.in_(station_ids)) if station_ids is not None else (lambda col: true())
    scope = set(station_ids) if station_ids is not None else None
    if units is None:
        units = dict(conn.execute(select(HANDLING_UNIT.id, HANDLING_UNIT.name)).all())
    if cats is None:
        cats = dict(conn.execute(select(CATEGORY.id, CATEGORY.name)).all())
    days = sorted(set(days))
    if not days:
        return []
    first, last = days[0], days[-1]
    if window is None or not window.start <= first + timedelta(days=1) or window.end < last:
        window = _read_window(conn, first + timedelta(days=1), last, in_scope, cats)
    hi = _dt(window.end + timedelta(days=1))
    heads: dict[str, Head] = dict(window.heads)

    def head(r) -> Head:
        return _head(r, cats)

    head_cols = _HEAD_COLS
    # Cases waiting now.
    waiting: set[str] = set()
    for r in conn.execute(
        select(*head_cols).where(
            in_scope(RECEPTION.station_id),
            RECEPTION.status.in_(_WAITING),
            RECEPTION.received_at < _dt(last + timedelta(days=1)),
        )
    ):
        waiting.add(r[0])
        heads[r[0]] = head(r)
    # Cases received by the window's end whose state changed after it (the case rows looked up
    # from the few changes: `id IN (subquery)` makes SQLite read the changes first).
    later: set[str] = set()
    after = window.end
    # The slips' three dates as a UNION ALL: each reads its own index (migration 0018), where
    # OR-ed inside an IN subquery SQLite scans every slip.
    for changed_cases in (
        union_all(
            *(
                select(REFERRAL.reception_id).where(in_scope(REFERRAL.station_id), day > after)
                for day in (REFERRAL.referred_on, REFERRAL.replied_on, REFERRAL.returned_on)
            )
        ),
        select(CALLBACK.reception_id).where(CALLBACK.called_at >= hi),
        select(CASE_EVENT.reception_id).where(CASE_EVENT.kind.in_(_STATUS_KINDS), CASE_EVENT.at >= hi),
    ):
        for r in conn.execute(
            select(*head_cols).where(
                RECEPTION.id.in_(changed_cases), in_scope(RECEPTION.station_id), RECEPTION.received_at < hi
            )
        ):
            later.add(r[0])
            heads.setdefault(r[0], head(r))

    # The window's records, by case; each case's latest state change in the window, and its
    # first one from the window's start (its last step by a day is in the window from then on).
    slips: dict[str, list[SlipRow]] = defaultdict(list)
    call_rows: dict[str, list[tuple[str, str, datetime, str, int]]] = defaultdict(list)
    event_rows: dict[str, list[tuple[str, str, int, datetime]]] = defaultdict(list)
    latest: dict[str, date] = {}
    earliest: dict[str, date] = {}
    w_start, w_end = window.start, window.end
    changes: list[tuple[str, date]] = []
    for slip in window.slips:
        slips[slip[1]].append(slip)
        changes += [(slip[1], d) for d in (slip[5], slip[7], slip[8]) if d is not None]
    for c in window.calls:
        call_rows[c[0]].append(c)
        changes.append((c[0], c[2].date()))
    for e in window.events:
        event_rows[e[0]].append(e)
        changes.append((e[0], e[3].date()))
    for rid, day in changes:
        if day > w_end:
            continue
        if day > latest.get(rid, day.min):
            latest[rid] = day
        if day >= w_start and day < earliest.get(rid, day.max):
            earliest[rid] = day

    wanted: dict[str, list[date]] = {}
    for rid in latest.keys() | waiting | later:
        case_head = heads.get(rid)
        if case_head is None or rid in gone or (scope is not None and case_head[0] not in scope):
            continue
        received_on = case_head[3]
        if rid in waiting or rid in later:
            found = [d for d in days if received_on <= d]
        else:
            changed = latest.get(rid)
            found = [d for d in days if changed is not None and received_on <= d < changed]
        if found:
            wanted[rid] = found

    def known_by(rid: str, day: date) -> bool:
        """Whether the window holds the case's last step by `day` (a step of it in [start, day])."""
        first_seen = earliest.get(rid)
        return heads[rid][3] >= w_start or (first_seen is not None and first_seen <= day)

    full = [rid for rid, found in wanted.items() if not all(known_by(rid, d) for d in found)]
    calls: dict[str, list[t.CallRecord]] = defaultdict(list)
    events: dict[str, list[t.EventRecord]] = defaultdict(list)
    for rid in wanted.keys() - set(full):
        calls[rid] = [t.CallRecord(c[4], c[2], c[3]) for c in call_rows.get(rid, ())]
        events[rid] = [t.EventRecord(e[1], e[2], e[3]) for e in event_rows.get(rid, ())]
    for rid in full:
        slips[rid] = []
    for chunk in _chunks(full, 900):
        for sr in conn.execute(select(*_SLIP_COLS).where(REFERRAL.reception_id.in_(chunk))):
            slips[sr[1]].append(_slip_row(sr))
        for cr in conn.execute(
            select(
                CALLBACK.reception_id, CALLBACK.round_no, _raw(CALLBACK.called_at), CALLBACK.verdict
            ).where(CALLBACK.reception_id.in_(chunk))
        ):
            calls[cr[0]].append(t.CallRecord(cr[1], _when(cr[2]), cr[3]))  # type: ignore[arg-type]
        for er in conn.execute(
            select(CASE_EVENT.reception_id, CASE_EVENT.kind, CASE_EVENT.round_no, _raw(CASE_EVENT.at)).where(
                CASE_EVENT.reception_id.in_(chunk), CASE_EVENT.kind.in_(_STATUS_KINDS)
            )
        ):
            events[er[0]].append(t.EventRecord(er[1], er[2], _when(er[3])))  # type: ignore[arg-type]
    # An extension approved after a snapshot day: the deadline in force on it was the one before.
    extended: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for referral_id, decided, old in conn.execute(
        select(EXTENSION.referral_id, _raw(EXTENSION.decided_on), _raw(EXTENSION.old_due)).where(
            EXTENSION.state == ExtensionState.APPROVED.value, EXTENSION.decided_on > first
        )
    ):
        extended[referral_id].append((_day(decided), _day(old)))  # type: ignore[arg-type]

    histories = []
    for rid in wanted:
        station, channel, category, received_on, outcome = heads[rid]
        records = tuple(
            t.SlipRecord(
                r[3], r[9], units.get(r[4], ""), r[5], r[6], r[7], r[8], tuple(extended.get(r[0], ()))
            )
            for r in slips.get(rid, ())
        )
        histories.append(
            t.CaseHistory(
                rid,
                station,
                channel,
                category,
                received_on,
                outcome,
                records,
                tuple(calls.get(rid, ())),
                tuple(events.get(rid, ())),
            )
        )
    return histories


def _chunks(ids: list[str], size: int = 500) -> list[list[str]]:
    return [ids[i : i + size] for i in range(0, len(ids), size)]


def tally(
    session: Reader,
    period: t.Period,
    *,
    today: date,
    station_ids: Sequence[str] | None = None,
    year_ago: bool = True,
) -> t.Tally:
    """The tally of `period`, with the period before and the same period last year beside it:
    computed once, shown everywhere. The year-ago facts are read on their own unless the first
    read already covers them (a year's previous period is the year before).

    `year_ago=False` skips that second read (a third of the work or more): the Tally's `year_ago`
    figures are then not counted (zero) unless the first read covered them
    (year_ago_is_previous); the window shows the rest first and fills 同比 from
    year_ago_figures."""
    previous = period.previous()
    facts = tally_facts(
        session,
        previous.start,
        period.end,
        station_ids,
        snapshots=(t.as_of(previous, today), t.as_of(period, today)),
    )
    # The level in force on the snapshot day: an escalation after it is not known yet.
    facts.round_levels = round_levels_zh(
        session, period.start, period.end, station_ids, as_of=t.as_of(period, today)
    )
    ago_facts = None
    if not year_ago_is_previous(period):
        ago_facts = _year_ago_facts(session, period, today, station_ids) if year_ago else t.TallyFacts()
    names = [name for _id, name in stations(session, station_ids)]
    return t.build_tally(
        facts,
        period,
        today=today,
        stations=names,
        category_order=category_order(session),
        year_ago_facts=ago_facts,
    )


def year_ago_is_previous(period: t.Period) -> bool:
    """Whether the same period last year is the period before (a year's): one read counts both."""
    return period.year_ago() == period.previous()


def _year_ago_facts(
    session: Reader, period: t.Period, today: date, station_ids: Sequence[str] | None
) -> t.TallyFacts:
    year_ago = period.year_ago()
    return tally_facts(
        session, year_ago.start, year_ago.end, station_ids, snapshots=(t.as_of(year_ago, today),)
    )


def year_ago_figures(
    session: Reader, period: t.Period, *, today: date, station_ids: Sequence[str] | None = None
) -> t.Figures:
    """The figures of the same period last year, as tally() counts them (its `year_ago`)."""
    if year_ago_is_previous(period):
        return tally(session, period, today=today, station_ids=station_ids).year_ago
    return t.count(_year_ago_facts(session, period, today, station_ids), period.year_ago(), today)[t.TOTAL]
