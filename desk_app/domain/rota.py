"""Making a duty rota (排班): which deputies sit at which station on which day.

A pure function: station duty patterns, the deputies each station may call on, their unavailable
dates, and the period in; assignments and the slots that could not be filled (with the reason)
out. The rules, in order of strength:

1. Nobody is in two places at once (no overlapping slots on one day, across all stations).
2. Nobody is on duty on an official holiday; swapped workdays (调休) are duty days and follow the
   pattern of the weekday they make up for (workcalendar.duty_weekday). A studio (工作室) follows
   its own rule instead (domain.studios): its fixed weekday, never a swapped workday unless the
   office says so, a holiday's opening skipped or moved.
3. Nobody is on duty on a date they marked unavailable.
4. Visits are spread evenly: each slot takes the least-loaded eligible deputies, which keeps
   everyone within one visit of each other whenever rules 1-3 allow it.
5. Nobody serves two consecutive slots of the same station unless there is no one else.

Ties are broken by a seeded shuffle, so the same input always gives the same rota.
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from desk_app.domain.studios import StudioRule, studio_openings
from desk_app.domain.workcalendar import PACKAGE_CALENDAR, WorkCalendar


class Period(StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    FULL_DAY = "full_day"


_PERIOD_ORDER = {Period.MORNING: 0, Period.FULL_DAY: 0, Period.AFTERNOON: 1}


def periods_overlap(a: Period, b: Period) -> bool:
    return a == b or Period.FULL_DAY in (a, b)


@dataclass(frozen=True, slots=True)
class SlotTemplate:
    """One weekly duty slot of a station, e.g. Wednesday morning, 3 deputies."""

    weekday: int  # 0 = Monday
    period: Period
    needed: int
    group_id: str | None = None  # staffed from this group (编组) only


@dataclass(frozen=True, slots=True)
class StationPlan:
    station_id: str
    pattern: tuple[SlotTemplate, ...]
    pool: tuple[str, ...]  # deputies this station may call on (for slots without a group)
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # A studio (工作室) opens by its own rule (domain.studios), not the calendar's swaps.
    studio: StudioRule | None = None


@dataclass(frozen=True, slots=True)
class Slot:
    station_id: str
    day: date
    period: Period
    needed: int
    group_id: str | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    slot: Slot
    deputy_ids: tuple[str, ...]


class Shortfall(StrEnum):
    """Why a slot has fewer deputies than it needs."""

    EMPTY_POOL = "empty_pool"  # nobody may serve here (no pool, or an empty group)
    UNAVAILABLE = "unavailable"  # enough people, but they marked the date unavailable
    BUSY_ELSEWHERE = "busy_elsewhere"  # enough people, but on duty elsewhere at that time
    TOO_FEW = "too_few"  # the pool or group is smaller than the slot needs


@dataclass(frozen=True, slots=True)
class UnfilledSlot:
    slot: Slot
    missing: int
    reason: Shortfall


@dataclass(slots=True)
class Rota:
    assignments: list[Assignment]
    unfilled: list[UnfilledSlot]

    def visits(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for a in self.assignments:
            for deputy_id in a.deputy_ids:
                counts[deputy_id] += 1
        return dict(counts)


def duty_slots(plan: StationPlan, start: date, end: date, calendar: WorkCalendar | None = None) -> list[Slot]:
    """Every slot of `plan` between start and end inclusive, holidays skipped."""
    cal = calendar or PACKAGE_CALENDAR
    # Two templates for the same weekday, period and group are one slot needing both counts.
    needed: dict[tuple[int, Period, str | None], int] = defaultdict(int)
    for t in plan.pattern:
        needed[(t.weekday, t.period, t.group_id)] += t.needed
    by_weekday: dict[int, list[tuple[Period, str | None, int]]] = defaultdict(list)
    for (weekday, period, group_id), count in needed.items():
        by_weekday[weekday].append((period, group_id, count))
    slots = []
    if plan.studio is not None:
        for opening in studio_openings(by_weekday, plan.studio, start, end, cal):
            if opening.day is not None:
                for period, group_id, count in by_weekday.get(opening.weekday, ()):
                    slots.append(Slot(plan.station_id, opening.day, period, count, group_id))
        return slots
    day = start
    while day <= end:
        duty_weekday = cal.duty_weekday(day)
        if duty_weekday is not None:
            for period, group_id, count in by_weekday.get(duty_weekday, ()):
                slots.append(Slot(plan.station_id, day, period, count, group_id))
        day += timedelta(days=1)
    return slots


def make_rota(
    plans: Iterable[StationPlan],
    start: date,
    end: date,
    unavailable: Mapping[str, Collection[date]] | None = None,
    prior_visits: Mapping[str, int] | None = None,
    seed: int = 0,
    calendar: WorkCalendar | None = None,
    booked: Mapping[date, Iterable[tuple[Period, str]]] | None = None,
) -> Rota:
    """Fill every duty slot of every station between start and end (inclusive).

    `prior_visits` lets a new month continue the fairness of the previous one. `booked`: duties
    the deputies already have on those days at stations not being planned (a district centre
    making one station's rota); nobody is booked at an overlapping time.
    """
    unavailable = unavailable or {}
    plans = list(plans)
    load: dict[str, int] = defaultdict(int, prior_visits or {})
    rng = random.Random(seed)
    everyone = sorted(
        {d for p in plans for d in p.pool} | {d for p in plans for g in p.groups.values() for d in g}
    )
    rng.shuffle(everyone)
    tiebreak = {deputy_id: i for i, deputy_id in enumerate(everyone)}

    slots = [s for p in plans for s in duty_slots(p, start, end, calendar)]
    slots.sort(key=lambda s: (s.day, _PERIOD_ORDER[s.period], s.station_id))
    plan_of = {p.station_id: p for p in plans}
    busy: dict[date, list[tuple[Period, str]]] = defaultdict(list)
    for day, duties in (booked or {}).items():
        busy[day].extend(duties)
    last_served: dict[str, tuple[str, ...]] = {}
    assignments: list[Assignment] = []
    unfilled: list[UnfilledSlot] = []

    for slot in slots:
        plan = plan_of[slot.station_id]
        pool = plan.groups.get(slot.group_id, ()) if slot.group_id else plan.pool
        pool = tuple(dict.fromkeys(pool))
        away = {d for d in pool if slot.day in unavailable.get(d, ())}
        taken = {d for period, d in busy[slot.day] if periods_overlap(period, slot.period)}
        eligible = [d for d in pool if d not in away and d not in taken]
        previous = set(last_served.get(slot.station_id, ()))
        eligible.sort(key=lambda d: (load[d], d in previous, tiebreak[d]))
        chosen = tuple(eligible[: slot.needed])
        for d in chosen:
            load[d] += 1
            busy[slot.day].append((slot.period, d))
        last_served[slot.station_id] = chosen
        if chosen:
            assignments.append(Assignment(slot, chosen))
        if len(chosen) < slot.needed:
            unfilled.append(
                UnfilledSlot(slot, slot.needed - len(chosen), _shortfall(slot, pool, away, taken))
            )
    return Rota(assignments, unfilled)


def _shortfall(slot: Slot, pool: tuple[str, ...], away: set[str], taken: set[str]) -> Shortfall:
    if not pool:
        return Shortfall.EMPTY_POOL
    if len(pool) < slot.needed:
        return Shortfall.TOO_FEW
    # More were lost to unavailability than to other duties: name the bigger cause.
    if len(away) >= len(taken - away):
        return Shortfall.UNAVAILABLE
    return Shortfall.BUSY_ELSEWHERE
