"""The centre desk's storage (issue 13): the station filter of the case list, transfers between
levels and what they count (storage.queries, transfer_store, centre_queries)."""

from __future__ import annotations

from sqlalchemy import text
from storage_helpers import Desk

from desk_app.domain.periods import Period
from desk_app.domain.transfers import TransferKind
from desk_app.storage.coltypes import id_param
from desk_app.storage.models import Station
from desk_app.storage.queries import CaseFilter, both


def _second_station(desk: Desk, moved: list[str]) -> str:
    with desk.store.db.writing(None) as s:
        other = Station(
            name="老城街道人大代表工作站", short_name="老城站", kind="township_station", serial_pattern=""
        )
        s.add(other)
        s.flush()
        for rid in moved:
            s.execute(
                text("UPDATE reception SET station_id = :s WHERE id = :r"),
                {"s": id_param(other.id), "r": id_param(rid)},
            )
        return other.id


def test_the_station_filter_lists_and_counts_one_stations_cases(desk: Desk) -> None:
    mine, theirs = desk.register("路灯不亮"), desk.register("井盖缺失")
    other = _second_station(desk, [theirs])
    f = CaseFilter(today=desk.now.date(), station_ids=(other,))
    assert [r.id for r in desk.store.list_cases(f)] == [theirs] and desk.store.count_cases(f) == 1
    assert {r.id for r in desk.store.list_cases(CaseFilter(today=desk.now.date()))} == {mine, theirs}


def test_a_transfer_up_keeps_the_case_and_records_the_reason(desk: Desk) -> None:
    rid = desk.register("小区电梯停运")
    desk.store.transfer(rid, TransferKind.UP, reason="涉及多个部门", by=desk.clerk.id)
    detail = desk.store.case_detail(rid)
    assert detail.status == "awaiting_referral"
    assert [(e.kind, e.reason) for e in detail.events] == [("transferred_up", "涉及多个部门")]


def test_a_transfer_needs_a_reason(desk: Desk) -> None:
    import pytest

    from desk_app.storage.errors import ValidationFailed

    rid = desk.register("小区电梯停运")
    with pytest.raises(ValidationFailed):
        desk.store.transfer(rid, TransferKind.UP, reason=" ", by=desk.clerk.id)


def test_the_centre_tally_counts_each_case_once_beside_the_stations(desk: Desk) -> None:
    a, b, c = desk.register("一"), desk.register("二"), desk.register("三")
    _second_station(desk, [c])
    desk.store.transfer(a, TransferKind.UP, reason="需协调", by=desk.clerk.id)
    today = desk.now.date()
    data = desk.store.centre_tally(Period(today.replace(day=1), today))
    assert [r.figures.opinions for r in data.stations] and data.total.figures.opinions == 3
    assert (
        data.total.levels.handled_here,
        data.total.levels.handled_by_centre,
        data.total.levels.sent_up,
    ) == (2, 1, 1)
    assert b


def test_a_station_desk_cannot_act_on_a_case_it_sent_up(desk: Desk) -> None:
    import pytest

    from desk_app.domain.transfers import TransferNotAllowed

    rid = desk.register("小区电梯停运")
    desk.store.transfer(rid, TransferKind.UP, reason="涉及多个部门", by=desk.clerk.id)
    with pytest.raises(TransferNotAllowed):
        desk.refer(rid)


def test_the_stations_figures_add_up_to_the_district_total(desk: Desk) -> None:
    a, b, c = desk.register("一"), desk.register("二"), desk.register("三")
    desk.refer(a)
    desk.refer(c)
    desk.reply(c)
    _second_station(desk, [c])
    today = desk.now.date()
    data = desk.store.centre_tally(Period(today.replace(day=1), today))
    for name in ("opinions", "referred", "replied"):
        assert sum(getattr(r.figures, name) for r in data.stations) == getattr(data.total.figures, name)
    assert (data.total.figures.referred, data.total.figures.replied) == (2, 1) and b


def test_the_worklist_leaves_out_what_the_centre_handles(desk: Desk) -> None:
    """A station's desk may not act on a case it sent up: its lists do not hold it."""
    kept, sent = desk.register("路灯不亮"), desk.register("小区电梯停运")
    for rid in (kept, sent):
        desk.refer(rid)
        desk.reply(rid)
    desk.store.transfer(sent, TransferKind.UP, reason="涉及多个部门", by=desk.clerk.id)
    work = desk.store.worklist()
    assert work.counts["awaiting_callback"] == 1
    assert [r.id for r in desk.store.list_cases(work.filter_for("awaiting_callback"))] == [kept]


def test_searching_within_a_worklist_list_still_leaves_out_what_the_centre_handles(desk: Desk) -> None:
    """The filter bar over a worklist's list (both) keeps the list's levels."""
    kept, sent = desk.register("路灯不亮"), desk.register("路灯闪烁")
    for rid in (kept, sent):
        desk.refer(rid)
        desk.reply(rid)
    desk.store.transfer(sent, TransferKind.UP, reason="涉及多个部门", by=desk.clerk.id)
    listed = both(
        CaseFilter(text="路灯", today=desk.now.date()), desk.store.worklist().filter_for("awaiting_callback")
    )
    assert [r.id for r in desk.store.list_cases(listed)] == [kept]
