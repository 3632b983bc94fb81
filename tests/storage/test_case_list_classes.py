"""The case list and case classes (类案, issue 14): each row names its class, the list filters by
class and sorts by it (the cases in a class by the class's subject, the others after them), pages
read from the end agree; and the station's list of classes with its counts."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from storage_helpers import Desk

from desk_app.domain.validation import ReferralDraft
from desk_app.storage.class_reads import ClassState
from desk_app.storage.class_store import ClassStore
from desk_app.storage.queries import CaseOrder

BASE = datetime(2026, 11, 1, 9, 0)


@pytest.fixture
def grouped(desk: Desk) -> dict[str, str]:
    """Seven cases received an hour apart (甲 oldest): 乙 and 戊 in the class 路灯, 丙 and 丁 in
    the class 电梯, 甲, 己 and 庚 in none."""
    ids = {
        name: desk.register(f"{name}反映的问题", citizen_name=name, received_at=BASE + timedelta(hours=i))
        for i, name in enumerate("甲乙丙丁戊己庚")
    }
    classes = ClassStore(desk.store)
    lamps = classes.form(ids["乙"], "路灯", by=desk.clerk.id)
    classes.add(lamps, ids["戊"], by=desk.clerk.id)
    lifts = classes.form(ids["丙"], "电梯", by=desk.clerk.id)
    classes.add(lifts, ids["丁"], by=desk.clerk.id)
    return {**ids, "路灯": lamps, "电梯": lifts}


def names(
    desk: Desk, order: CaseOrder | None = None, offset: int = 0, limit: int = 100, **filters
) -> list[str]:  # type: ignore[no-untyped-def]
    f = desk.store.case_filter(**filters)
    total = desk.store.count_cases(f)
    return [
        r.citizen_name
        for r in desk.store.list_cases(f, offset, limit, order or CaseOrder(), total if offset else None)
    ]


def test_a_row_names_the_class_of_its_case(desk: Desk, grouped: dict[str, str]) -> None:
    rows = {r.citizen_name: r.class_subject for r in desk.store.list_cases(desk.store.case_filter())}
    assert rows == {"甲": "", "乙": "路灯", "丙": "电梯", "丁": "电梯", "戊": "路灯", "己": "", "庚": ""}


def test_a_case_taken_out_of_its_class_names_none(desk: Desk, grouped: dict[str, str]) -> None:
    ClassStore(desk.store).remove(grouped["路灯"], grouped["戊"], by=desk.clerk.id)
    rows = {r.citizen_name: r.class_subject for r in desk.store.list_cases(desk.store.case_filter())}
    assert rows["戊"] == "" and rows["乙"] == "路灯"


def test_the_list_filters_by_one_class(desk: Desk, grouped: dict[str, str]) -> None:
    assert names(desk, class_ids=(grouped["电梯"],)) == ["丁", "丙"]
    assert desk.store.count_cases(desk.store.case_filter(class_ids=(grouped["电梯"],))) == 2


def test_the_list_filters_the_cases_in_a_class_and_those_in_none(desk: Desk, grouped: dict[str, str]) -> None:
    assert names(desk, in_class=True) == ["戊", "丁", "丙", "乙"]
    assert names(desk, in_class=False) == ["庚", "己", "甲"]
    assert desk.store.count_cases(desk.store.case_filter(in_class=False)) == 3


def test_the_cases_in_no_class_are_counted_with_the_other_filters(
    desk: Desk, grouped: dict[str, str]
) -> None:
    """Counted as all matching less those in a class: the same as the list, filters and all."""
    for name in ("丙", "甲"):
        desk.refer(grouped[name], on=date(2026, 11, 18))
    filters = {"in_class": False, "statuses": ("referred",), "text": "反映"}
    assert names(desk, **filters) == ["甲"]
    assert desk.store.count_cases(desk.store.case_filter(**filters)) == 1


def test_a_case_taken_out_of_its_class_counts_in_none(desk: Desk, grouped: dict[str, str]) -> None:
    ClassStore(desk.store).remove(grouped["路灯"], grouped["戊"], by=desk.clerk.id)
    assert names(desk, in_class=False) == ["庚", "己", "戊", "甲"]
    assert desk.store.count_cases(desk.store.case_filter(in_class=False)) == 4


def test_the_class_filter_combines_with_the_others(desk: Desk, grouped: dict[str, str]) -> None:
    desk.refer(grouped["丙"], on=date(2026, 11, 18))
    assert names(desk, in_class=True, statuses=("referred",)) == ["丙"]


def test_sorting_by_class_puts_the_classes_in_order_and_the_cases_in_none_after_them(
    desk: Desk, grouped: dict[str, str]
) -> None:
    # 电梯 < 路灯 in code-point order (what SQLite compares); ties and the rest newest first.
    assert names(desk, CaseOrder("class", descending=False)) == ["丁", "丙", "戊", "乙", "庚", "己", "甲"]
    assert names(desk, CaseOrder("class", descending=True)) == ["戊", "乙", "丁", "丙", "庚", "己", "甲"]


def test_pages_in_the_class_order_agree_with_the_whole_list_from_either_end(
    desk: Desk, grouped: dict[str, str]
) -> None:
    for descending in (False, True):
        order = CaseOrder("class", descending)
        whole = names(desk, order)
        assert [n for off in range(0, 7, 3) for n in names(desk, order, off, 3)] == whole
        # Offsets past the middle are read from the end (the total is known).
        assert names(desk, order, 4, 3) == whole[4:7]
        assert names(desk, order, 3, 2) == whole[3:5]


def test_the_class_order_within_a_filter_to_the_cases_in_a_class(desk: Desk, grouped: dict[str, str]) -> None:
    assert names(desk, CaseOrder("class", descending=False), in_class=True) == ["丁", "丙", "戊", "乙"]


def test_the_list_of_classes_counts_members_referred_and_signed_off(
    desk: Desk, grouped: dict[str, str]
) -> None:
    store, by = desk.store, desk.clerk.id
    classes = ClassStore(store)
    classes.refer_together(
        grouped["电梯"],
        ReferralDraft(desk.unit.id, "王科长", desk.now.date(), 5, "赵代表"),
        by=by,
    )
    desk.reply(grouped["丙"])
    desk.callback(grouped["丙"], "satisfied")
    desk.sign_off(grouped["丙"])
    lifts = next(c for c in classes.classes() if c.subject == "电梯")
    assert (lifts.members, lifts.waiting, lifts.referred, lifts.signed_off) == (2, 0, 2, 1)
    lamps = next(c for c in classes.classes() if c.subject == "路灯")
    assert (lamps.members, lamps.waiting, lamps.referred, lamps.signed_off) == (2, 2, 0, 0)


def test_the_list_of_classes_keeps_the_open_or_the_settled_ones(desk: Desk, grouped: dict[str, str]) -> None:
    classes = ClassStore(desk.store)
    classes.settle(grouped["路灯"], note="统一更换灯具", settled_on=desk.now.date(), by=desk.clerk.id)
    assert [c.subject for c in classes.classes(state=ClassState.OPEN)] == ["电梯"]
    assert [c.subject for c in classes.classes(state=ClassState.SETTLED)] == ["路灯"]
    assert {c.subject for c in classes.classes()} == {"电梯", "路灯"}


def test_the_list_of_classes_finds_a_class_by_words_of_its_subject(
    desk: Desk, grouped: dict[str, str]
) -> None:
    assert [c.subject for c in ClassStore(desk.store).classes(text="电")] == ["电梯"]
    assert ClassStore(desk.store).classes(text="停车") == []


def test_a_case_put_into_two_classes_on_two_desks_counts_in_the_later_one(
    desk: Desk, grouped: dict[str, str]
) -> None:
    """Offline, another desk put 乙 (of 路灯) into 电梯 later: sync brings a second membership in
    force. The later one counts everywhere: its class, the members, the list, its filter."""
    from desk_app.storage.models import CaseClassMember

    with desk.store.db.writing(None) as s:
        s.add(
            CaseClassMember(
                station_id=desk.store.station().id,
                class_id=grouped["电梯"],
                reception_id=grouped["乙"],
                joined_at=desk.now + timedelta(minutes=5),
            )
        )
    classes = ClassStore(desk.store)
    info = classes.class_of_case(grouped["乙"])
    assert info is not None and info.subject == "电梯"
    assert [m.citizen_name for m in classes.class_info(grouped["路灯"]).members] == ["戊"]
    assert names(desk, class_ids=(grouped["路灯"],)) == ["戊"]
    assert sorted(names(desk, class_ids=(grouped["电梯"],))) == sorted(["乙", "丙", "丁"])
    rows = {r.citizen_name: r.class_subject for r in desk.store.list_cases(desk.store.case_filter())}
    assert rows["乙"] == "电梯"
    counts = {c.subject: c.members for c in classes.classes()}
    assert counts == {"路灯": 1, "电梯": 3}
