"""Ordering the case list by any column in the paged query, pages read from the end, and the
worklist's (今日待办) filters and counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from storage_helpers import Desk

from desk_app.storage.case_moves import ExtensionDraft
from desk_app.storage.queries import SORT_KEYS, CaseOrder

# The desk's clock says Friday 2026-11-20; two working days later is Tuesday 11-24.
FRIDAY = date(2026, 11, 20)
EARLY = datetime(2026, 11, 2, 9, 0)


@pytest.fixture
def named(desk: Desk) -> dict[str, str]:
    """Eight cases whose names, dates and deadlines are all in a different order."""
    base = datetime(2026, 11, 1, 9, 0)
    names = ["周八", "吴九", "郑十", "王五", "冯一", "陈二", "褚三", "卫四"]
    ids = {}
    for i, name in enumerate(names):
        ids[name] = desk.register(f"第{i}件", citizen_name=name, received_at=base + timedelta(hours=7 * i))
    desk.refer(ids["王五"], on=date(2026, 11, 18), days=5)
    desk.refer(ids["周八"], on=date(2026, 11, 19), days=1)  # deadlines differ from the dates' order
    return ids


def names_in(
    desk: Desk, order: CaseOrder, offset: int = 0, limit: int = 100, total: int | None = None
) -> list[str]:
    return [
        r.citizen_name for r in desk.store.list_cases(desk.store.case_filter(), offset, limit, order, total)
    ]


def test_sort_by_citizen_ascending(desk: Desk, named: dict[str, str]) -> None:
    assert names_in(desk, CaseOrder("citizen", descending=False)) == sorted(named)


def test_sort_by_citizen_descending(desk: Desk, named: dict[str, str]) -> None:
    assert names_in(desk, CaseOrder("citizen", descending=True)) == sorted(named, reverse=True)


def test_sort_by_date_ascending_gives_the_oldest_first(desk: Desk, named: dict[str, str]) -> None:
    assert names_in(desk, CaseOrder("received", descending=False))[:2] == ["周八", "吴九"]


def test_cases_without_a_deadline_come_last_in_either_direction(desk: Desk) -> None:
    closed = desk.register("现场解决", outcome="resolved_on_site", on_site_answer="已答复", citizen_name="甲")
    early = desk.register("早", citizen_name="乙", received_at=EARLY)
    late = desk.register("晚", citizen_name="丙", received_at=EARLY)
    desk.refer(early, on=date(2026, 11, 19), days=1)
    desk.refer(late, on=date(2026, 11, 18), days=5)
    assert names_in(desk, CaseOrder("deadline", descending=False)) == ["乙", "丙", "甲"]
    assert names_in(desk, CaseOrder("deadline", descending=True)) == ["丙", "乙", "甲"]
    assert closed


def test_every_sort_key_pages_like_one_list(desk: Desk, named: dict[str, str]) -> None:
    for key in SORT_KEYS:
        order = CaseOrder(key, descending=False)
        whole = names_in(desk, order)
        paged = [n for off in range(0, 8, 3) for n in names_in(desk, order, off, 3)]
        assert paged == whole, key


def test_a_page_read_from_the_end_equals_the_same_page_read_from_the_start(
    desk: Desk, named: dict[str, str]
) -> None:
    for key in SORT_KEYS:
        for descending in (True, False):
            order = CaseOrder(key, descending)
            whole = names_in(desk, order)
            assert names_in(desk, order, 5, 3, total=8) == whole[5:8], (key, descending)
            assert names_in(desk, order, 6, 3, total=8) == whole[6:8], (key, descending)


def test_unknown_sort_key_is_refused() -> None:
    with pytest.raises(ValueError):
        CaseOrder("favourite colour")


def test_due_by_keeps_cases_due_from_today_to_that_day(desk: Desk) -> None:
    soon, later, overdue = (
        desk.register(t, received_at=EARLY) for t in ("两天内到期", "三天后到期", "已超期")
    )
    desk.refer(soon, on=FRIDAY, days=2)  # due Tuesday 11-24
    desk.refer(later, on=FRIDAY, days=3)  # due Wednesday 11-25
    desk.refer(overdue, on=date(2026, 11, 10), days=5)  # due 11-17
    f = desk.store.case_filter(due_by=date(2026, 11, 24))
    assert {r.id for r in desk.store.list_cases(f)} == {soon}
    assert desk.store.count_cases(f) == 1


def test_pending_extension_keeps_cases_with_an_undecided_request(desk: Desk) -> None:
    asked, decided, quiet = (desk.register(t, received_at=EARLY) for t in ("申请延期", "已批延期", "未申请"))
    ext_ids = {}
    for rid in (asked, decided, quiet):
        desk.refer(rid, on=date(2026, 11, 18), days=5)
    for rid in (asked, decided):
        ext_ids[rid] = desk.store.request_extension(
            rid,
            ExtensionDraft(requested_on=FRIDAY, reason="需要协调", extra_working_days=5),
            by=desk.clerk.id,
        )
    desk.store.decide_extension(ext_ids[decided], approve=True, by=desk.clerk.id)
    f = desk.store.case_filter(pending_extension=True)
    assert {r.id for r in desk.store.list_cases(f)} == {asked}
    assert desk.store.count_cases(f) == 1


def test_worklist_counts_each_list(desk: Desk) -> None:
    overdue, soon, replied, unhappy = (
        desk.register(t, received_at=EARLY) for t in ("超期", "快到期", "待回访", "不满意")
    )
    desk.refer(overdue, on=date(2026, 11, 10), days=5)
    desk.refer(soon, on=FRIDAY, days=1)
    for rid in (replied, unhappy):
        desk.refer(rid, on=date(2026, 11, 16))
        desk.reply(rid, on=FRIDAY)
    desk.callback(unhappy, "dissatisfied")
    desk.store.request_extension(
        soon, ExtensionDraft(requested_on=FRIDAY, reason="需要协调", extra_working_days=5), by=desk.clerk.id
    )
    work = desk.store.worklist()
    assert work.due_by == date(2026, 11, 24)
    assert work.counts == {
        "overdue": 1,
        "due_soon": 2,  # the slip due Monday, and the callback of today's reply
        "awaiting_callback": 1,
        "dissatisfied": 1,
        "extensions": 1,
    }


def test_worklist_count_is_the_length_of_its_list(desk: Desk) -> None:
    for day in (10, 12, 16):
        desk.refer(desk.register(f"11月{day}日", received_at=EARLY), on=date(2026, 11, day), days=3)
    work = desk.store.worklist()
    for kind, n in work.counts.items():
        assert len(desk.store.list_cases(work.filter_for(kind))) == n, kind
