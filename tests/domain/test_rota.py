"""Rota generation: hard rules always hold, fairness holds whenever the constraints allow it."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.rota import (
    Period,
    Shortfall,
    SlotTemplate,
    StationPlan,
    duty_slots,
    make_rota,
    periods_overlap,
)
from desk_app.domain.workcalendar import is_working_day

DEC = (date(2026, 12, 1), date(2026, 12, 31))


def _plan(station: str, pool: list[str], *templates: SlotTemplate, groups=None) -> StationPlan:
    return StationPlan(station, tuple(templates), tuple(pool), groups or {})


def test_national_day_week_has_no_duty() -> None:
    plan = _plan("s", ["a", "b"], *(SlotTemplate(w, Period.MORNING, 1) for w in range(5)))
    days = {s.day for s in duty_slots(plan, date(2026, 10, 1), date(2026, 10, 7))}
    assert days == set()


def test_swapped_saturday_is_a_duty_day() -> None:
    # 2026-10-10 is a Saturday made a workday for National Day: it follows the weekday it pays for.
    plan = _plan("s", ["a"], *(SlotTemplate(w, Period.MORNING, 1) for w in range(5)))
    assert date(2026, 10, 10) in {s.day for s in duty_slots(plan, date(2026, 10, 9), date(2026, 10, 11))}


def test_same_weekday_templates_merge_into_one_slot() -> None:
    plan = _plan("s", ["a", "b", "c"], SlotTemplate(2, Period.MORNING, 1), SlotTemplate(2, Period.MORNING, 2))
    assert [s.needed for s in duty_slots(plan, date(2026, 12, 2), date(2026, 12, 2))] == [3]


def test_one_weekday_pattern_gives_one_slot_per_week() -> None:
    plan = _plan("s", ["a", "b", "c"], SlotTemplate(2, Period.MORNING, 2))
    slots = duty_slots(plan, *DEC)
    assert [s.day for s in slots] == [date(2026, 12, d) for d in (2, 9, 16, 23, 30)]


def test_visits_are_even_without_constraints() -> None:
    plan = _plan(
        "s",
        [f"d{i}" for i in range(7)],
        SlotTemplate(0, Period.FULL_DAY, 3),
        SlotTemplate(3, Period.MORNING, 2),
    )
    visits = make_rota([plan], *DEC).visits()
    assert len(visits) == 7
    assert max(visits.values()) - min(visits.values()) <= 1


def test_nobody_serves_twice_in_a_row_when_others_can() -> None:
    plan = _plan("s", ["a", "b", "c", "d"], SlotTemplate(1, Period.MORNING, 2))
    rota = make_rota([plan], *DEC)
    for prev, cur in zip(rota.assignments, rota.assignments[1:], strict=False):
        assert not set(prev.deputy_ids) & set(cur.deputy_ids)


def test_unavailable_date_is_respected_and_reported_when_nobody_is_left() -> None:
    plan = _plan("s", ["a", "b"], SlotTemplate(2, Period.MORNING, 1))
    rota = make_rota(
        [plan],
        date(2026, 12, 2),
        date(2026, 12, 2),
        unavailable={"a": {date(2026, 12, 2)}, "b": {date(2026, 12, 2)}},
    )
    assert rota.assignments == []
    assert [(u.missing, u.reason) for u in rota.unfilled] == [(1, Shortfall.UNAVAILABLE)]


def test_a_pool_smaller_than_the_slot_is_reported() -> None:
    plan = _plan("s", ["a"], SlotTemplate(2, Period.MORNING, 3))
    rota = make_rota([plan], date(2026, 12, 2), date(2026, 12, 2))
    assert rota.assignments[0].deputy_ids == ("a",)
    assert rota.unfilled[0].reason is Shortfall.TOO_FEW and rota.unfilled[0].missing == 2


def test_busy_elsewhere_is_the_reason_when_another_station_took_them() -> None:
    both = ["a", "b"]
    plans = [
        _plan("s1", both, SlotTemplate(2, Period.FULL_DAY, 2)),
        _plan("s2", both, SlotTemplate(2, Period.MORNING, 1)),
    ]
    rota = make_rota(plans, date(2026, 12, 2), date(2026, 12, 2))
    assert [u.reason for u in rota.unfilled] == [Shortfall.BUSY_ELSEWHERE]


def test_group_slot_uses_only_group_members() -> None:
    plan = _plan(
        "s", ["x", "y"], SlotTemplate(4, Period.AFTERNOON, 2, group_id="g1"), groups={"g1": ("a", "b", "c")}
    )
    rota = make_rota([plan], *DEC)
    assert rota.assignments and all(set(a.deputy_ids) <= {"a", "b", "c"} for a in rota.assignments)


def test_prior_visits_carry_fairness_over() -> None:
    plan = _plan("s", ["a", "b"], SlotTemplate(2, Period.MORNING, 1))
    rota = make_rota([plan], date(2026, 12, 2), date(2026, 12, 2), prior_visits={"a": 5, "b": 0})
    assert rota.assignments[0].deputy_ids == ("b",)


def test_same_input_same_rota() -> None:
    plan = _plan("s", [f"d{i}" for i in range(9)], SlotTemplate(0, Period.MORNING, 2))
    assert make_rota([plan], *DEC, seed=7) == make_rota([plan], *DEC, seed=7)


_templates = st.lists(
    st.builds(
        SlotTemplate,
        weekday=st.integers(0, 6),
        period=st.sampled_from(list(Period)),
        needed=st.integers(1, 3),
    ),
    min_size=1,
    max_size=4,
)


@st.composite
def _scenarios(draw):  # type: ignore[no-untyped-def]
    deputies = [f"d{i}" for i in range(draw(st.integers(1, 12)))]
    n_stations = draw(st.integers(1, 4))
    plans = [
        StationPlan(
            f"s{i}",
            tuple(draw(_templates)),
            tuple(draw(st.lists(st.sampled_from(deputies), min_size=0, max_size=8, unique=True))),
        )
        for i in range(n_stations)
    ]
    start = draw(st.dates(date(2026, 1, 1), date(2027, 3, 1)))
    end = start + timedelta(days=draw(st.integers(0, 60)))
    unavailable = {
        d: set(draw(st.lists(st.dates(start, end), max_size=5))) for d in deputies if draw(st.booleans())
    }
    return plans, start, end, unavailable


@settings(max_examples=60, deadline=None)
@given(_scenarios())
def test_hard_rules_always_hold(scenario) -> None:  # type: ignore[no-untyped-def]
    plans, start, end, unavailable = scenario
    rota = make_rota(plans, start, end, unavailable)
    pools = {p.station_id: set(p.pool) for p in plans}
    seen: dict[date, list[tuple[Period, str]]] = {}
    for a in rota.assignments:
        assert is_working_day(a.slot.day), "duty on a day off"
        assert len(a.deputy_ids) == len(set(a.deputy_ids)) <= a.slot.needed
        for d in a.deputy_ids:
            assert d in pools[a.slot.station_id]
            assert a.slot.day not in unavailable.get(d, ()), "duty on an unavailable date"
            for period, other in seen.get(a.slot.day, []):
                assert not (other == d and periods_overlap(period, a.slot.period)), "two places at once"
            seen.setdefault(a.slot.day, []).append((a.slot.period, d))
    # Every slot is either filled or reported with what is missing.
    assigned = {a.slot: len(a.deputy_ids) for a in rota.assignments}
    for u in rota.unfilled:
        assert assigned.get(u.slot, 0) + u.missing == u.slot.needed


@settings(max_examples=60, deadline=None)
@given(
    pool_size=st.integers(1, 15),
    needed=st.integers(1, 4),
    weekday=st.integers(0, 4),
    weeks=st.integers(1, 12),
)
def test_fair_within_one_visit_when_unconstrained(
    pool_size: int, needed: int, weekday: int, weeks: int
) -> None:
    plan = _plan("s", [f"d{i}" for i in range(pool_size)], SlotTemplate(weekday, Period.MORNING, needed))
    rota = make_rota([plan], date(2026, 3, 2), date(2026, 3, 2) + timedelta(weeks=weeks))
    visits = {f"d{i}": 0 for i in range(pool_size)} | rota.visits()
    assert max(visits.values()) - min(visits.values()) <= 1
