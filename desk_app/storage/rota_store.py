"""The roster, duty pattern, rota and deputy visits in the database (issue 3).

Functions take an open session (DeskStore opens it: one unit of work each) and change ORM
objects only, so the change log hook records every row change with the operator. Rota rules live
in desk_app.domain.rota (a pure function); here the rota is read from and written to tables.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from sqlalchemy import func, select, true
from sqlalchemy.orm import Session, aliased

from desk_app.domain import rota as rota_rules
from desk_app.domain.duty import AssignmentSource, VisitKind
from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period, Shortfall, SlotTemplate, StationPlan, periods_overlap
from desk_app.domain.studios import OpeningKind, pattern_fits_a_studio, studio_openings
from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.domain.vocab import StationKind
from desk_app.storage import rota_records as rr
from desk_app.storage import studio_store
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import (
    Deputy,
    DeputyUnavailable,
    DeputyVisit,
    DutyGroup,
    DutyGroupMember,
    DutySlot,
    Operator,
    RotaAssignment,
    Station,
)
from desk_app.storage.stations import home_station


class RotaConflict(DeskError):
    """The deputy is already on duty somewhere at an overlapping time that day."""

    def __init__(self, deputy_id: str, day: date, period: str) -> None:
        super().__init__(f"deputy {deputy_id} already on duty on {day} ({period})")
        self.deputy_id, self.day, self.period = deputy_id, day, period


# -- roster -----------------------------------------------------------------------------------

_ROSTER_FIELDS = ("level", "constituency", "work_unit", "expertise", "active")


def profile(d: Deputy) -> rr.DeputyProfile:
    return rr.DeputyProfile(
        d.id, d.name, d.level, d.constituency, d.work_unit, d.expertise, d.phone, d.active
    )


def import_roster(s: Session, entries: Iterable[RosterEntry]) -> rr.RosterImportResult:
    """Upsert by identity (name + phone): a second import of the same file changes nothing."""
    known = {(d.name, d.phone): d for d in s.scalars(select(Deputy))}
    added = updated = unchanged = 0
    for e in entries:
        values = {
            "level": e.level.value,
            "constituency": e.constituency,
            "work_unit": e.work_unit,
            "expertise": e.expertise,
            "active": e.active,
        }
        deputy = known.get(e.identity)
        if deputy is None:
            deputy = Deputy(name=e.name, phone=e.phone, **values)
            s.add(deputy)
            known[e.identity] = deputy
            added += 1
        elif all(getattr(deputy, k) == v for k, v in values.items()):
            unchanged += 1
        else:
            for k, v in values.items():
                setattr(deputy, k, v)
            updated += 1
    s.flush()
    return rr.RosterImportResult(added, updated, unchanged)


# -- groups, pattern, unavailable dates -------------------------------------------------------


def _station(s: Session, station_id: str | None) -> Station:
    station = s.get(Station, station_id) if station_id else home_station(s)
    if station is None:
        raise NotFound("station", station_id or "-")
    return station


def duty_groups(s: Session, station_id: str | None) -> list[rr.DutyGroupInfo]:
    station = _station(s, station_id)
    groups = list(
        s.scalars(select(DutyGroup).where(DutyGroup.station_id == station.id).order_by(DutyGroup.name))
    )
    members: dict[str, list[str]] = defaultdict(list)
    for m in s.scalars(select(DutyGroupMember).where(DutyGroupMember.group_id.in_([g.id for g in groups]))):
        members[m.group_id].append(m.deputy_id)
    return [
        rr.DutyGroupInfo(g.id, g.station_id, g.name, g.active, tuple(sorted(members[g.id]))) for g in groups
    ]


def save_duty_group(
    s: Session,
    station_id: str | None,
    name: str,
    deputy_ids: Sequence[str],
    group_id: str | None,
    active: bool,
) -> str:
    name = name.strip()
    if not name:
        raise ValidationFailed([FieldError("name", FieldProblem.REQUIRED)])
    if len(name) > 50:
        raise ValidationFailed([FieldError("name", FieldProblem.TOO_LONG)])
    station = _station(s, station_id)
    for deputy_id in deputy_ids:
        if s.get(Deputy, deputy_id) is None:
            raise NotFound("deputy", deputy_id)
    if group_id is None:
        group = DutyGroup(station_id=station.id, name=name, active=active)
        s.add(group)
        s.flush()
    else:
        found = s.get(DutyGroup, group_id)
        if found is None:
            raise NotFound("duty_group", group_id)
        group = found
        group.name, group.active = name, active
    current = {
        m.deputy_id: m for m in s.scalars(select(DutyGroupMember).where(DutyGroupMember.group_id == group.id))
    }
    wanted = set(deputy_ids)
    for deputy_id, member in current.items():
        if deputy_id not in wanted:
            s.delete(member)
    for deputy_id in dict.fromkeys(deputy_ids):
        if deputy_id not in current:
            s.add(DutyGroupMember(group_id=group.id, deputy_id=deputy_id))
    s.flush()
    return group.id


def duty_pattern(s: Session, station_id: str | None) -> list[rr.DutySlotInfo]:
    station = _station(s, station_id)
    rows = s.scalars(select(DutySlot).where(DutySlot.station_id == station.id))
    slots = [rr.DutySlotInfo(d.id, d.station_id, d.weekday, d.period, d.needed, d.group_id) for d in rows]
    order = {Period.MORNING: 0, Period.FULL_DAY: 1, Period.AFTERNOON: 2}
    return sorted(slots, key=lambda x: (x.weekday, order[Period(x.period)], x.group_id or ""))


def set_duty_pattern(s: Session, station_id: str | None, templates: Sequence[SlotTemplate]) -> None:
    """Replace the station's weekly pattern; slots that stay the same are kept as they are."""
    station = _station(s, station_id)
    errors = []
    for t in templates:
        if not 0 <= t.weekday <= 6 or not 1 <= t.needed <= 20:
            errors.append(FieldError("pattern", FieldProblem.OUT_OF_RANGE))
        if t.period not in set(Period):
            errors.append(FieldError("pattern", FieldProblem.UNKNOWN_CHOICE))
        if t.group_id is not None and s.get(DutyGroup, t.group_id) is None:
            errors.append(FieldError("pattern", FieldProblem.UNKNOWN_CHOICE))
    studio = station.kind == StationKind.STUDIO.value
    if studio and not pattern_fits_a_studio((t.weekday, str(t.period), t.needed) for t in templates):
        errors.append(FieldError("pattern", FieldProblem.OUT_OF_RANGE))  # a studio: weekdays, 2-3 deputies
    if errors:
        raise ValidationFailed(errors)
    existing = list(s.scalars(select(DutySlot).where(DutySlot.station_id == station.id)))
    wanted = [SlotTemplate(t.weekday, Period(t.period), t.needed, t.group_id) for t in templates]
    for row in existing:
        key = SlotTemplate(row.weekday, Period(row.period), row.needed, row.group_id)
        if key in wanted:
            wanted.remove(key)
        else:
            s.delete(row)
    for t in wanted:
        s.add(
            DutySlot(
                station_id=station.id,
                weekday=t.weekday,
                period=t.period.value,
                needed=t.needed,
                group_id=t.group_id,
            )
        )
    s.flush()


def set_unavailable(s: Session, deputy_id: str, days: Iterable[date], note: str) -> None:
    if s.get(Deputy, deputy_id) is None:
        raise NotFound("deputy", deputy_id)
    known = set(s.scalars(select(DeputyUnavailable.day).where(DeputyUnavailable.deputy_id == deputy_id)))
    for day in sorted(set(days) - known):
        s.add(DeputyUnavailable(deputy_id=deputy_id, day=day, note=note.strip()[:200]))
    s.flush()


def clear_unavailable(s: Session, deputy_id: str, days: Iterable[date]) -> None:
    days = set(days)
    for row in s.scalars(select(DeputyUnavailable).where(DeputyUnavailable.deputy_id == deputy_id)):
        if row.day in days:
            s.delete(row)


def unavailable(s: Session, start: date, end: date) -> list[rr.UnavailableInfo]:
    rows = s.scalars(
        select(DeputyUnavailable)
        .where(DeputyUnavailable.day.between(start, end))
        .order_by(DeputyUnavailable.day)
    )
    return [rr.UnavailableInfo(u.id, u.deputy_id, u.day, u.note) for u in rows]


# -- making the rota --------------------------------------------------------------------------


def _plans(s: Session) -> tuple[list[StationPlan], dict[str, str]]:
    active = list(s.scalars(select(Deputy.id).where(Deputy.active).order_by(Deputy.name, Deputy.id)))
    active_set = set(active)
    members: dict[str, list[str]] = defaultdict(list)
    for m in s.scalars(select(DutyGroupMember)):
        if m.deputy_id in active_set:
            members[m.group_id].append(m.deputy_id)
    groups_of: dict[str, dict[str, tuple[str, ...]]] = defaultdict(dict)
    for g in s.scalars(select(DutyGroup)):
        groups_of[g.station_id][g.id] = tuple(sorted(members[g.id])) if g.active else ()
    slots_of: dict[str, list[SlotTemplate]] = defaultdict(list)
    for d in s.scalars(select(DutySlot)):
        slots_of[d.station_id].append(SlotTemplate(d.weekday, Period(d.period), d.needed, d.group_id))
    names = {sid: name for sid, name in s.execute(select(Station.id, Station.name))}
    studios = studio_store.studio_rules(s)
    plans = [
        StationPlan(
            station_id,
            tuple(slots_of[station_id]),
            tuple(active),
            groups_of[station_id],
            studio=studios.get(station_id),
        )
        for station_id in sorted(names)
        if slots_of[station_id]
    ]
    return plans, names


def make_rota(
    s: Session, start: date, end: date, seed: int = 0, station_ids: Sequence[str] | None = None
) -> rr.RotaMade:
    """Replace the generated assignments between start and end (inclusive) with a new rota.

    Manual assignments stay: their deputies are not booked again at an overlapping time, they
    count towards their slot, and they count as load for fairness, as do all earlier assignments.
    `station_ids` (a district centre's desk): make the rota of those stations only; every other
    station's duties in the period stay as they are and are treated like manual ones (their
    deputies are busy then). None: every station with a duty pattern.
    """
    if end < start:
        raise ValidationFailed([FieldError("end", FieldProblem.BEFORE_START)])
    plans, names = _plans(s)
    if station_ids is not None:
        plans = [p for p in plans if p.station_id in station_ids]
    in_range = list(s.scalars(select(RotaAssignment).where(RotaAssignment.day.between(start, end))))
    generated = [
        a
        for a in in_range
        if a.source == AssignmentSource.GENERATED.value
        and (station_ids is None or a.station_id in station_ids)
    ]
    old_ids = {id(a) for a in generated}
    # Fairness carries on from every earlier duty, and from the manual ones in the period.
    prior = Counter(s.scalars(select(RotaAssignment.deputy_id).where(RotaAssignment.day < start)))
    prior.update(a.deputy_id for a in in_range if id(a) not in old_ids)
    manual: dict[tuple[str, date, str], set[str]] = defaultdict(set)
    manual_busy: dict[date, list[tuple[Period, str]]] = defaultdict(list)
    for a in in_range:
        if id(a) not in old_ids:
            manual[(a.station_id, a.day, a.period)].add(a.deputy_id)
            manual_busy[a.day].append((Period(a.period), a.deputy_id))
    away: dict[str, set[date]] = defaultdict(set)
    for deputy_id, day in s.execute(
        select(DeputyUnavailable.deputy_id, DeputyUnavailable.day).where(
            DeputyUnavailable.day.between(start, end)
        )
    ):
        away[deputy_id].add(day)

    # The other stations' duties in the period (when only some stations' rota is made).
    elsewhere: dict[date, list[tuple[Period, str]]] = defaultdict(list)
    if station_ids is not None:
        for a in in_range:
            if a.station_id not in station_ids:
                elsewhere[a.day].append((Period(a.period), a.deputy_id))
    made = rota_rules.make_rota(
        plans,
        start,
        end,
        unavailable=away,
        prior_visits=prior,
        seed=seed,
        calendar=work_calendar(s),
        booked=elsewhere,
    )
    unfilled: dict[rota_rules.Slot, rr.UnfilledInfo] = {}

    def short(slot: rota_rules.Slot, missing: int, reason: str) -> None:
        old = unfilled.get(slot)
        unfilled[slot] = rr.UnfilledInfo(
            slot.station_id,
            names[slot.station_id],
            slot.day,
            slot.period.value,
            slot.needed,
            missing + (old.missing if old else 0),
            old.reason if old else reason,
        )

    stored = 0
    wanted: set[tuple[str, date, str, str]] = set()
    filled_by_hand: set[rota_rules.Slot] = set()
    for made_one in made.assignments:
        slot = made_one.slot
        by_hand = manual.get((slot.station_id, slot.day, slot.period.value), set())
        room = max(0, slot.needed - len(by_hand))
        keep = [
            d
            for d in made_one.deputy_ids
            if d not in by_hand
            and not any(d == other and periods_overlap(p, slot.period) for p, other in manual_busy[slot.day])
        ]
        if by_hand:
            filled_by_hand.add(slot)
        for deputy_id in keep[:room]:
            wanted.add((slot.station_id, slot.day, slot.period.value, deputy_id))
            stored += 1
        lost = min(room, len(made_one.deputy_ids)) - len(keep[:room])
        if lost > 0:
            short(slot, lost, Shortfall.BUSY_ELSEWHERE.value)
    for u in made.unfilled:
        by_hand = manual.get((u.slot.station_id, u.slot.day, u.slot.period.value), set())
        covered = len(by_hand) if u.slot not in filled_by_hand else 0
        missing = u.missing - covered
        if missing > 0:
            short(u.slot, missing, u.reason.value)
    # Write only the difference: an unchanged place keeps its row, so making the same rota again
    # logs nothing, and each removed place leaves a tombstone in the change log (the sync needs it).
    for a in generated:
        key = (a.station_id, a.day, a.period, a.deputy_id)
        if key in wanted:
            wanted.discard(key)
        else:
            s.delete(a)
    s.flush()
    for station_id, day, period, deputy_id in sorted(wanted):
        s.add(
            RotaAssignment(
                station_id=station_id,
                day=day,
                period=period,
                deputy_id=deputy_id,
                source=AssignmentSource.GENERATED.value,
            )
        )
    s.flush()
    slots = sum(len(rota_rules.duty_slots(p, start, end, work_calendar(s))) for p in plans)
    ordered = sorted(unfilled.values(), key=lambda x: (x.day, x.period, x.station_name))
    return rr.RotaMade(stored, slots, tuple(ordered))


# -- reading and changing the rota ------------------------------------------------------------


def _assignment_infos(s: Session, stmt) -> list[rr.AssignmentInfo]:
    rows = s.execute(
        stmt.add_columns(Deputy.name, Deputy.level, Operator.name)
        .join(Deputy, Deputy.id == RotaAssignment.deputy_id)
        .outerjoin(Operator, Operator.id == RotaAssignment.updated_by)
    )
    order = {Period.MORNING.value: 0, Period.FULL_DAY.value: 1, Period.AFTERNOON.value: 2}
    infos = [
        rr.AssignmentInfo(
            a.id, a.station_id, a.day, a.period, a.deputy_id, name, level, a.source, op_name or ""
        )
        for a, name, level, op_name in rows
    ]
    return sorted(infos, key=lambda x: (x.day, order.get(x.period, 3), x.station_id, x.deputy_name))


def assignments(s: Session, start: date, end: date, station_id: str | None = None) -> list[rr.AssignmentInfo]:
    stmt = select(RotaAssignment).where(RotaAssignment.day.between(start, end))
    if station_id:
        stmt = stmt.where(RotaAssignment.station_id == station_id)
    return _assignment_infos(s, stmt)


def _check_free(s: Session, deputy_id: str, day: date, period: Period, ignore: set[str]) -> None:
    for other in s.scalars(
        select(RotaAssignment).where(RotaAssignment.deputy_id == deputy_id, RotaAssignment.day == day)
    ):
        if other.id not in ignore and periods_overlap(Period(other.period), period):
            raise RotaConflict(deputy_id, day, other.period)


def add_assignment(s: Session, station_id: str | None, day: date, period: str, deputy_id: str) -> str:
    station = _station(s, station_id)
    if period not in set(Period):
        raise ValidationFailed([FieldError("period", FieldProblem.UNKNOWN_CHOICE)])
    if s.get(Deputy, deputy_id) is None:
        raise NotFound("deputy", deputy_id)
    _check_free(s, deputy_id, day, Period(period), set())
    row = RotaAssignment(
        station_id=station.id,
        day=day,
        period=period,
        deputy_id=deputy_id,
        source=AssignmentSource.MANUAL.value,
    )
    s.add(row)
    s.flush()
    return row.id


def _assignment(s: Session, assignment_id: str) -> RotaAssignment:
    row = s.get(RotaAssignment, assignment_id)
    if row is None:
        raise NotFound("rota_assignment", assignment_id)
    return row


def replace_assignment(s: Session, assignment_id: str, deputy_id: str) -> None:
    row = _assignment(s, assignment_id)
    if s.get(Deputy, deputy_id) is None:
        raise NotFound("deputy", deputy_id)
    _check_free(s, deputy_id, row.day, Period(row.period), {row.id})
    row.deputy_id, row.source = deputy_id, AssignmentSource.MANUAL.value


def swap_assignments(s: Session, first_id: str, second_id: str) -> None:
    """Two deputies trade places (e.g. a Tuesday and a Thursday duty)."""
    a, b = _assignment(s, first_id), _assignment(s, second_id)
    if (a.station_id, a.day, a.period) == (b.station_id, b.day, b.period):
        return  # the same slot: nothing to trade
    _check_free(s, b.deputy_id, a.day, Period(a.period), {a.id, b.id})
    _check_free(s, a.deputy_id, b.day, Period(b.period), {a.id, b.id})
    a.deputy_id, b.deputy_id = b.deputy_id, a.deputy_id
    a.source = b.source = AssignmentSource.MANUAL.value


def remove_assignment(s: Session, assignment_id: str) -> None:
    s.delete(_assignment(s, assignment_id))


def rota_sheet(s: Session, start: date, end: date) -> list[rr.RotaSheetRow]:
    """Every duty slot between start and end (holidays skipped) with its deputies, for printing;
    hand-added duties on days outside the pattern are included too."""
    plans, names = _plans(s)
    calendar = work_calendar(s)
    needed: dict[tuple[str, date, str], int] = defaultdict(int)
    notes: dict[tuple[str, date, str], str] = {}
    for p in plans:
        for slot in rota_rules.duty_slots(p, start, end, calendar):
            needed[(slot.station_id, slot.day, slot.period.value)] += slot.needed
        if p.studio is not None:
            # A studio's moved and dropped openings are printed with what happened to them.
            periods: dict[int, str] = {}
            for t in sorted(p.pattern, key=lambda t: t.period != Period.MORNING):
                periods.setdefault(t.weekday, t.period.value)
            for o in studio_openings(periods, p.studio, start, end, calendar):
                if o.kind is not OpeningKind.REGULAR:
                    notes[(p.station_id, o.day or o.fixed_day, periods[o.weekday])] = o.note_zh()
    people: dict[tuple[str, date, str], list[str]] = defaultdict(list)
    for a in assignments(s, start, end):
        people[(a.station_id, a.day, a.period)].append(a.deputy_name)
    order = {Period.MORNING.value: 0, Period.FULL_DAY.value: 1, Period.AFTERNOON.value: 2}
    keys = sorted(
        set(needed) | set(people) | set(notes), key=lambda k: (names.get(k[0], ""), k[1], order.get(k[2], 3))
    )
    return [
        rr.RotaSheetRow(
            k[0],
            names.get(k[0], ""),
            k[1],
            k[2],
            tuple(people[k]),
            max(0, needed[k] - len(people[k])),
            notes.get(k, ""),
        )
        for k in keys
    ]


# -- visits -----------------------------------------------------------------------------------


def _visit_infos(s: Session, stmt) -> list[rr.VisitInfo]:
    absent = aliased(Deputy)
    rows = s.execute(
        stmt.add_columns(Deputy.name, absent.name)
        .join(Deputy, Deputy.id == DeputyVisit.deputy_id)
        .outerjoin(absent, absent.id == DeputyVisit.stands_in_for_id)
        .order_by(DeputyVisit.day, DeputyVisit.check_in_at)
    )
    return [
        rr.VisitInfo(
            v.id,
            v.station_id,
            v.deputy_id,
            name,
            v.day,
            v.kind,
            v.check_in_at,
            v.check_out_at,
            v.note,
            v.stands_in_for_id,
            absent_name or "",
        )
        for v, name, absent_name in rows
    ]


def visits(s: Session, start: date, end: date, deputy_id: str | None = None) -> list[rr.VisitInfo]:
    stmt = select(DeputyVisit).where(DeputyVisit.day.between(start, end))
    if deputy_id:
        stmt = stmt.where(DeputyVisit.deputy_id == deputy_id)
    return _visit_infos(s, stmt)


def today_duty(s: Session, day: date, station_id: str | None) -> rr.TodayDuty:
    station = _station(s, station_id)
    on_rota = assignments(s, day, day, station.id)
    today = _visit_infos(
        s, select(DeputyVisit).where(DeputyVisit.day == day, DeputyVisit.station_id == station.id)
    )
    # Whoever sat for each rota deputy: the deputy, or a stand-in (代班) for them.
    duty_visit: dict[str, rr.VisitInfo] = {}
    for v in today:
        if v.kind == VisitKind.DUTY.value:
            sat_for = v.stands_in_for_id or v.deputy_id
            duty_visit.setdefault(sat_for, v)
            if v.check_out_at is None:
                duty_visit[sat_for] = v  # an open visit wins over an earlier closed one
    rota_ids = {a.deputy_id for a in on_rota}
    used = {duty_visit[d].id for d in rota_ids if d in duty_visit}
    return rr.TodayDuty(
        day,
        tuple(rr.OnDuty(a, duty_visit.get(a.deputy_id)) for a in on_rota),
        tuple(v for v in today if v.id not in used),
    )


def check_in(
    s: Session,
    station_id: str | None,
    deputy_id: str,
    at: datetime,
    kind: str,
    note: str,
    stands_in_for: str | None = None,
) -> str:
    """A deputy arrives (进站签到). Checking in twice while still in returns the open visit.

    `stands_in_for`: the deputy on this day's rota at this station whom `deputy_id` sits in
    for (代班); the visit is then a duty visit of the one who sat."""
    station = _station(s, station_id)
    if kind not in set(VisitKind):
        raise ValidationFailed([FieldError("kind", FieldProblem.UNKNOWN_CHOICE)])
    if s.get(Deputy, deputy_id) is None:
        raise NotFound("deputy", deputy_id)
    if stands_in_for is not None:
        on_rota = s.scalar(
            select(func.count())
            .select_from(RotaAssignment)
            .where(
                RotaAssignment.deputy_id == stands_in_for,
                RotaAssignment.station_id == station.id,
                RotaAssignment.day == at.date(),
            )
        )
        if stands_in_for == deputy_id or not on_rota or kind != VisitKind.DUTY.value:
            raise ValidationFailed([FieldError("stands_in_for_id", FieldProblem.UNKNOWN_CHOICE)])
    open_visit = s.scalar(
        select(DeputyVisit).where(
            DeputyVisit.deputy_id == deputy_id,
            DeputyVisit.station_id == station.id,
            DeputyVisit.day == at.date(),
            DeputyVisit.check_out_at.is_(None),
            DeputyVisit.check_in_at.is_not(None),
        )
    )
    if open_visit is not None:
        return open_visit.id
    visit = DeputyVisit(
        station_id=station.id,
        deputy_id=deputy_id,
        day=at.date(),
        kind=kind,
        check_in_at=at,
        note=note.strip(),
        stands_in_for_id=stands_in_for,
    )
    s.add(visit)
    s.flush()
    return visit.id


def check_out(s: Session, visit_id: str, at: datetime) -> None:
    visit = s.get(DeputyVisit, visit_id)
    if visit is None:
        raise NotFound("deputy_visit", visit_id)
    if visit.check_in_at is not None and at < visit.check_in_at:
        raise ValidationFailed([FieldError("check_out_at", FieldProblem.BEFORE_START)])
    visit.check_out_at = at


def record_visit(
    s: Session,
    station_id: str | None,
    deputy_id: str,
    day: date,
    kind: str,
    note: str,
    check_in_at: datetime | None,
    check_out_at: datetime | None,
) -> str:
    """A visit entered afterwards, e.g. an inspection (视察) or a forum (座谈) off the rota."""
    station = _station(s, station_id)
    if kind not in set(VisitKind):
        raise ValidationFailed([FieldError("kind", FieldProblem.UNKNOWN_CHOICE)])
    if s.get(Deputy, deputy_id) is None:
        raise NotFound("deputy", deputy_id)
    if check_in_at and check_out_at and check_out_at < check_in_at:
        raise ValidationFailed([FieldError("check_out_at", FieldProblem.BEFORE_START)])
    visit = DeputyVisit(
        station_id=station.id,
        deputy_id=deputy_id,
        day=day,
        kind=kind,
        check_in_at=check_in_at,
        check_out_at=check_out_at,
        note=note.strip(),
    )
    s.add(visit)
    s.flush()
    return visit.id


def duty_records(
    s: Session, start: date, end: date, today: date, station_ids: Sequence[str] | None = None
) -> list[rr.DutyRecord]:
    """Duty kept vs scheduled per deputy (active, or with any duty or visit in the period).

    Only duty days up to `today` are scheduled (a day still to come is not missed); later ones
    are counted apart as upcoming. `station_ids` (a district centre's desk): only the duties and
    visits at those stations, and only the deputies with one; None: every station."""
    visit_scope = DeputyVisit.station_id.in_(station_ids) if station_ids is not None else true()
    rota_scope = RotaAssignment.station_id.in_(station_ids) if station_ids is not None else true()
    scheduled: Counter[str] = Counter()
    upcoming: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    other: Counter[str] = Counter()
    stood_in: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    duty = list(
        s.scalars(
            select(DeputyVisit).where(
                DeputyVisit.day.between(start, end), DeputyVisit.kind == VisitKind.DUTY.value, visit_scope
            )
        )
    )
    duty_days = {(v.deputy_id, v.station_id, v.day) for v in duty if v.stands_in_for_id is None}
    # 代班: the one who sat has the visit; the absent deputy's place is covered, not kept.
    stand_ins = {(v.stands_in_for_id, v.station_id, v.day): v.deputy_id for v in duty if v.stands_in_for_id}
    counted: set[tuple[str, str, date]] = set()
    for a in s.scalars(select(RotaAssignment).where(RotaAssignment.day.between(start, end), rota_scope)):
        if a.day > today:
            upcoming[a.deputy_id] += 1
            continue
        scheduled[a.deputy_id] += 1
        key = (a.deputy_id, a.station_id, a.day)
        if key in duty_days and key not in counted:
            kept[a.deputy_id] += 1
            counted.add(key)
        elif key in stand_ins and key not in counted:
            covered[a.deputy_id] += 1
            counted.add(key)
    sat: list[tuple[date, str, str]] = []  # day, sitter, absent
    for (absent, _station, day), sitter in stand_ins.items():
        if day <= today:
            stood_in[sitter] += 1
            sat.append((day, sitter, absent))
    names = (
        dict(
            s.execute(
                select(Deputy.id, Deputy.name).where(Deputy.id.in_({x for v in sat for x in v[1:]}))
            ).all()
        )
        if sat
        else {}
    )
    stand_in_rows: dict[str, list[rr.StandIn]] = defaultdict(list)
    for day, sitter, absent in sorted(sat, key=lambda v: (v[0], names.get(v[1], ""))):
        row = rr.StandIn(day, names.get(sitter, ""), names.get(absent, ""))
        stand_in_rows[sitter].append(row)
        if absent != sitter:
            stand_in_rows[absent].append(row)
    for deputy_id, n in s.execute(
        select(DeputyVisit.deputy_id, func.count())
        .where(DeputyVisit.day.between(start, end), DeputyVisit.kind != VisitKind.DUTY.value, visit_scope)
        .group_by(DeputyVisit.deputy_id)
    ):
        other[deputy_id] = n
    # A duty check-in on a day the deputy was not on the rota still counts as a visit.
    for deputy_id, _station, _day in duty_days - counted:
        other[deputy_id] += 1
    people = set(scheduled) | set(other) | set(upcoming) | set(stood_in)
    listed = Deputy.active | Deputy.id.in_(people) if station_ids is None else Deputy.id.in_(people)
    rows = s.scalars(select(Deputy).where(listed).order_by(Deputy.name))
    return [
        rr.DutyRecord(
            d.id,
            d.name,
            d.level,
            scheduled[d.id],
            kept[d.id],
            other[d.id],
            upcoming[d.id],
            stood_in=stood_in[d.id],
            covered=covered[d.id],
            stand_ins=tuple(stand_in_rows.get(d.id, ())),
        )
        for d in rows
    ]


# -- one deputy with every roster field (the roster screen's add/edit form) --------------------


def save_deputy_profile(
    s: Session,
    deputy_id: str | None,
    *,
    name: str,
    level: str,
    constituency: str,
    work_unit: str,
    expertise: str,
    phone: str,
    active: bool,
) -> rr.DeputyProfile:
    """Add or edit a deputy by hand; every field problem is reported at once."""
    from desk_app.domain.validation import MAX_NAME_CHARS, is_valid_phone, normalize_phone
    from desk_app.domain.vocab import DeputyLevel

    name, phone = name.strip(), phone.strip()
    texts = {
        "constituency": constituency.strip(),
        "work_unit": work_unit.strip(),
        "expertise": expertise.strip(),
    }
    errors = []
    if not name:
        errors.append(FieldError("name", FieldProblem.REQUIRED))
    elif len(name) > MAX_NAME_CHARS:
        errors.append(FieldError("name", FieldProblem.TOO_LONG))
    if not level:
        errors.append(FieldError("level", FieldProblem.REQUIRED))
    elif level not in set(DeputyLevel):
        errors.append(FieldError("level", FieldProblem.UNKNOWN_CHOICE))
    errors += [FieldError(k, FieldProblem.TOO_LONG) for k, v in texts.items() if len(v) > 100]
    if phone and not is_valid_phone(phone):
        errors.append(FieldError("phone", FieldProblem.BAD_PHONE))
    if errors:
        raise ValidationFailed(errors)
    if deputy_id is None:
        deputy = Deputy(name=name)
        s.add(deputy)
    else:
        found = s.get(Deputy, deputy_id)
        if found is None:
            raise NotFound("deputy", deputy_id)
        deputy = found
        deputy.name = name
    deputy.level, deputy.phone, deputy.active = level, normalize_phone(phone), active
    deputy.constituency, deputy.work_unit, deputy.expertise = (
        texts["constituency"],
        texts["work_unit"],
        texts["expertise"],
    )
    s.flush()
    return profile(deputy)
