"""The roster, duty pattern, rota and deputy visits through DeskStore, on a real SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import pytest

from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period, Shortfall, SlotTemplate
from desk_app.domain.vocab import DeputyLevel
from desk_app.domain.workcalendar import is_working_day
from desk_app.storage.records import OperatorInfo
from desk_app.storage.rota_store import RotaConflict
from desk_app.storage.store import DeskStore
from tests.constants import CLERK_PIN

OCT = (date(2026, 10, 1), date(2026, 10, 31))
WED, THU = 2, 3


def roster(n: int, level: DeputyLevel = DeputyLevel.COUNTY) -> list[RosterEntry]:
    return [
        RosterEntry(
            f"代表{i:02d}",
            level,
            constituency="第一选区",
            work_unit="区医院",
            expertise="医疗",
            phone=f"139000001{i:02d}",
        )
        for i in range(n)
    ]


def ids_by_name(store: DeskStore) -> dict[str, str]:
    return {d.name: d.id for d in store.deputy_profiles(include_inactive=True)}


@pytest.fixture
def staffed(store: DeskStore, clerk: OperatorInfo) -> DeskStore:
    """Six deputies; duty every Wednesday morning, two deputies."""
    store.import_roster(roster(6), by=clerk.id)
    store.set_duty_pattern([SlotTemplate(WED, Period.MORNING, 2)], by=clerk.id)
    return store


# -- roster import ----------------------------------------------------------------------------


def test_import_adds_deputies_with_every_roster_field(store: DeskStore, clerk: OperatorInfo) -> None:
    result = store.import_roster(roster(3), by=clerk.id)
    assert (result.added, result.updated, result.unchanged) == (3, 0, 0)
    d = store.deputy_profiles()[0]
    assert (d.name, d.level, d.constituency, d.work_unit, d.expertise, d.phone) == (
        "代表00",
        "county",
        "第一选区",
        "区医院",
        "医疗",
        "13900000100",
    )


def test_importing_the_same_roster_twice_adds_nothing(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(4), by=clerk.id)
    again = store.import_roster(roster(4), by=clerk.id)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)
    assert len(store.deputy_profiles()) == 4


def test_import_updates_a_known_deputy_by_name_and_phone(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(2), by=clerk.id)
    changed = [RosterEntry("代表01", DeputyLevel.CITY, expertise="法律", phone="13900000101", active=False)]
    result = store.import_roster(changed, by=clerk.id)
    assert (result.added, result.updated) == (0, 1)
    d = next(p for p in store.deputy_profiles(include_inactive=True) if p.name == "代表01")
    assert (d.level, d.expertise, d.active) == ("city", "法律", False)


def test_same_name_with_another_phone_is_another_deputy(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster([RosterEntry("王芳", DeputyLevel.CITY, phone="13900000001")], by=clerk.id)
    result = store.import_roster([RosterEntry("王芳", DeputyLevel.CITY, phone="13900000002")], by=clerk.id)
    assert result.added == 1


def test_import_is_one_transaction(store: DeskStore, clerk: OperatorInfo) -> None:
    def entries() -> Iterator[RosterEntry]:
        yield from roster(3)
        raise RuntimeError("the file went away half-way")

    with pytest.raises(RuntimeError):
        store.import_roster(entries(), by=clerk.id)
    assert store.deputy_profiles(include_inactive=True) == []


def test_import_is_logged_with_the_operator(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(1), by=clerk.id)
    [entry] = [e for e in store.change_log() if e.entity == "deputy"]
    assert entry.operator_id == clerk.id and entry.changes["expertise"] == [None, "医疗"]


# -- pattern, groups, unavailable dates -------------------------------------------------------


def test_duty_pattern_reads_back_and_is_replaced(store: DeskStore, clerk: OperatorInfo) -> None:
    store.set_duty_pattern(
        [SlotTemplate(WED, Period.MORNING, 2), SlotTemplate(THU, Period.FULL_DAY, 3)], by=clerk.id
    )
    store.set_duty_pattern([SlotTemplate(THU, Period.FULL_DAY, 3)], by=clerk.id)
    assert [(p.weekday, p.period, p.needed) for p in store.duty_pattern()] == [(THU, "full_day", 3)]


def test_duty_group_members_are_replaced(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(3), by=clerk.id)
    ids = ids_by_name(store)
    gid = store.save_duty_group(by=clerk.id, name="第一组", deputy_ids=[ids["代表00"], ids["代表01"]])
    store.save_duty_group(by=clerk.id, name="第一组", deputy_ids=[ids["代表02"]], group_id=gid)
    [group] = store.duty_groups()
    assert group.deputy_ids == (ids["代表02"],)


# -- making the rota --------------------------------------------------------------------------


def test_rota_fills_every_wednesday_with_two_deputies(staffed: DeskStore, clerk: OperatorInfo) -> None:
    made = staffed.make_rota(*OCT, by=clerk.id)
    days = sorted({a.day for a in staffed.rota(*OCT)})
    assert made.unfilled == ()
    assert made.assignments == 2 * len(days) == 2 * made.slots


def test_rota_skips_holidays_and_works_swapped_days(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    days = {a.day for a in staffed.rota(*OCT)}
    assert all(is_working_day(d) for d in days)
    assert date(2026, 10, 7) not in days  # a Wednesday of the National Day holiday
    assert date(2026, 10, 10) in days  # a Saturday worked to pay for a Wednesday


def test_rota_respects_unavailable_dates(staffed: DeskStore, clerk: OperatorInfo) -> None:
    ids = ids_by_name(staffed)
    staffed.set_unavailable(
        ids["代表00"], [date(2026, 10, d) for d in range(1, 32)], by=clerk.id, note="出差"
    )
    staffed.make_rota(*OCT, by=clerk.id)
    assert ids["代表00"] not in {a.deputy_id for a in staffed.rota(*OCT)}


def test_rota_is_fair(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(date(2026, 9, 1), date(2026, 12, 31), by=clerk.id)
    counts: dict[str, int] = {}
    for a in staffed.rota(date(2026, 9, 1), date(2026, 12, 31)):
        counts[a.deputy_id] = counts.get(a.deputy_id, 0) + 1
    assert len(counts) == 6 and max(counts.values()) - min(counts.values()) <= 1


def test_unfilled_slot_is_reported_with_reason(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(1), by=clerk.id)
    store.set_duty_pattern([SlotTemplate(WED, Period.MORNING, 2)], by=clerk.id)
    made = store.make_rota(date(2026, 10, 12), date(2026, 10, 18), by=clerk.id)
    [u] = made.unfilled
    assert (u.day, u.missing, u.reason) == (date(2026, 10, 14), 1, Shortfall.TOO_FEW.value)


def test_group_slot_takes_group_members_only(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(5), by=clerk.id)
    ids = ids_by_name(store)
    group = [ids["代表03"], ids["代表04"]]
    gid = store.save_duty_group(by=clerk.id, name="医疗组", deputy_ids=group)
    store.set_duty_pattern([SlotTemplate(WED, Period.MORNING, 2, gid)], by=clerk.id)
    store.make_rota(*OCT, by=clerk.id)
    assert {a.deputy_id for a in store.rota(*OCT)} == set(group)


def test_making_again_replaces_generated_and_keeps_manual(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    first = staffed.rota(*OCT)
    that_day = {a.deputy_id for a in first if a.day == first[0].day}
    free = next(d for d in ids_by_name(staffed).values() if d not in that_day)
    staffed.replace_assignment(first[0].id, free, by=clerk.id)
    manual = [a for a in staffed.rota(*OCT) if a.source == "manual"]
    staffed.make_rota(*OCT, by=clerk.id)
    after = staffed.rota(*OCT)
    assert [a for a in after if a.source == "manual"] == manual
    assert len(after) == len(first)  # the manual place counts towards its slot


def test_manual_add_refuses_a_deputy_already_on_duty(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    a = staffed.rota(*OCT)[0]
    with pytest.raises(RotaConflict):
        staffed.add_assignment(
            by=clerk.id,
            day=a.day,
            period="afternoon" if a.period == "full_day" else "full_day",
            deputy_id=a.deputy_id,
        )


def test_manual_change_keeps_who_changed_it(staffed: DeskStore, clerk: OperatorInfo) -> None:
    other = staffed.add_operator(by=clerk.id, name="王会计", role="clerk", secret=CLERK_PIN)
    aid = staffed.add_assignment(
        by=other.id, day=date(2026, 10, 16), period="morning", deputy_id=ids_by_name(staffed)["代表01"]
    )
    [a] = staffed.rota(date(2026, 10, 16), date(2026, 10, 16))
    assert (a.id, a.source, a.updated_by_name) == (aid, "manual", "王会计")
    assert staffed.change_log(entity_id=aid)[0].operator_id == other.id


def test_swap_trades_two_deputies(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    rota = staffed.rota(*OCT)
    a = rota[0]
    b = next(
        x
        for x in rota
        if x.day != a.day
        and x.deputy_id != a.deputy_id
        and a.deputy_id not in {y.deputy_id for y in rota if y.day == x.day}
    )
    staffed.swap_assignments(a.id, b.id, by=clerk.id)
    after = {x.id: x for x in staffed.rota(*OCT)}
    assert (after[a.id].deputy_id, after[b.id].deputy_id) == (b.deputy_id, a.deputy_id)


def test_remove_assignment(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    a = staffed.rota(*OCT)[0]
    staffed.remove_assignment(a.id, by=clerk.id)
    assert a.id not in {x.id for x in staffed.rota(*OCT)}
    assert staffed.change_log(entity_id=a.id)[0].op == "delete"


# -- the day: check-in, visits, duty kept -----------------------------------------------------


def test_today_shows_who_is_on_duty_and_who_checked_in(
    staffed: DeskStore, clerk: OperatorInfo, clock
) -> None:  # type: ignore[no-untyped-def]
    staffed.make_rota(*OCT, by=clerk.id)
    clock.now = datetime(2026, 10, 14, 8, 50)
    today = staffed.today_duty()
    assert len(today.on_duty) == 2 and today.checked_in_ids == ()
    first = today.on_duty[0].assignment.deputy_id
    staffed.check_in(first, by=clerk.id)
    assert staffed.today_duty().checked_in_ids == (first,)


def test_checking_out_leaves_the_desk(staffed: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(2026, 10, 14, 8, 50)
    deputy = ids_by_name(staffed)["代表00"]
    visit = staffed.check_in(deputy, by=clerk.id)
    assert staffed.check_in(deputy, by=clerk.id) == visit  # twice in: the same visit
    staffed.check_out(visit, by=clerk.id, at=datetime(2026, 10, 14, 11, 30))
    assert staffed.today_duty().checked_in_ids == ()


def test_visit_off_the_rota_is_listed_today(staffed: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(2026, 10, 15, 9, 0)  # a Thursday: nobody on the rota
    staffed.check_in(ids_by_name(staffed)["代表03"], by=clerk.id, kind="inspection", note="视察政务大厅")
    today = staffed.today_duty()
    assert today.on_duty == () and [v.kind for v in today.off_rota] == ["inspection"]


def test_duty_record_counts_kept_scheduled_and_other_visits(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    a = staffed.rota(*OCT)[0]
    staffed.check_in(
        a.deputy_id, by=clerk.id, at=datetime.combine(a.day, datetime.min.time()).replace(hour=9)
    )
    staffed.record_visit(a.deputy_id, by=clerk.id, day=date(2026, 10, 20), kind="forum", note="座谈会")
    record = next(r for r in staffed.duty_records(*OCT) if r.deputy_id == a.deputy_id)
    scheduled = sum(1 for x in staffed.rota(*OCT) if x.deputy_id == a.deputy_id)
    assert (record.scheduled, record.kept, record.other_visits, record.visits) == (scheduled, 1, 1, 2)


def test_rota_sheet_shows_open_places(store: DeskStore, clerk: OperatorInfo) -> None:
    store.import_roster(roster(1), by=clerk.id)
    store.set_duty_pattern([SlotTemplate(WED, Period.MORNING, 3)], by=clerk.id)
    store.make_rota(date(2026, 10, 12), date(2026, 10, 18), by=clerk.id)
    [row] = store.rota_sheet(date(2026, 10, 12), date(2026, 10, 18))
    assert (row.day, row.deputy_names, row.missing) == (date(2026, 10, 14), ("代表00",), 2)


def test_every_rota_table_logs_rows_that_replay_as_stored(staffed: DeskStore, clerk: OperatorInfo) -> None:
    """The log is the sync outbox: rota rows too must be rebuilt from their entries alone."""
    from sqlalchemy import inspect, select

    from desk_app.storage import models as m

    ids = ids_by_name(staffed)
    gid = staffed.save_duty_group(by=clerk.id, name="第一组", deputy_ids=[ids["代表00"]])
    staffed.set_duty_pattern([SlotTemplate(THU, Period.AFTERNOON, 1, gid)], by=clerk.id)
    staffed.set_unavailable(ids["代表01"], [date(2026, 10, 21)], by=clerk.id)
    staffed.make_rota(*OCT, by=clerk.id)
    staffed.record_visit(ids["代表02"], by=clerk.id, day=date(2026, 10, 20), kind="inspection")
    rota_models = (
        m.DutyGroup,
        m.DutyGroupMember,
        m.DutySlot,
        m.DeputyUnavailable,
        m.RotaAssignment,
        m.DeputyVisit,
    )
    with staffed.db.reading() as s:
        for model in rota_models:
            rows = list(s.scalars(select(model)))
            assert rows, model.__tablename__
            for row in rows:
                replayed: dict[str, object] = {}
                for e in s.scalars(
                    select(m.ChangeLog).where(m.ChangeLog.entity_id == row.id).order_by(m.ChangeLog.seq)
                ):
                    assert e.operator_id == clerk.id
                    replayed.update({k: new for k, (_old, new) in e.changes.items()})
                for attr in inspect(model).column_attrs:
                    if attr.key in {"id", "created_at", "updated_at", "created_by", "updated_by"}:
                        continue
                    stored = getattr(row, attr.key)
                    stored = stored.isoformat() if isinstance(stored, date) else stored
                    assert replayed.get(attr.key) == stored, (model.__tablename__, attr.key)


def test_making_the_same_rota_again_changes_no_row(staffed: DeskStore, clerk: OperatorInfo) -> None:
    staffed.make_rota(*OCT, by=clerk.id)
    before = len(staffed.change_log(limit=100_000))
    ids = {a.id for a in staffed.rota(*OCT)}
    staffed.make_rota(*OCT, by=clerk.id)
    assert {a.id for a in staffed.rota(*OCT)} == ids
    assert len(staffed.change_log(limit=100_000)) == before
