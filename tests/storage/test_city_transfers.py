"""The city level of transfers on a district centre's desk (issue 13 item 2, "a centre to the
city"): the move and the city's return as case events, nothing done in the district while the city
handles a case, the register and the counts (transfer_store, domain.transfers)."""

from __future__ import annotations

import pytest
from storage_helpers import Desk

from desk_app.domain.periods import Period
from desk_app.domain.transfers import TransferKind, TransferNotAllowed, TransferRefusal
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.forward_store import ForwardStore


def _as_centre(desk: Desk) -> None:
    """Enrolled for the district centre (no station of its own): what is_centre_desk reads."""
    desk.store.set_setting("sync.desk_id", "centre-desk")
    desk.store.set_setting("sync.station_id", None)


def _at_city(desk: Desk, content: str = "跨区河道污染") -> str:
    _as_centre(desk)
    rid = desk.register(content)
    desk.store.transfer(rid, TransferKind.TAKE_OVER, reason="需区里协调", by=desk.clerk.id)
    desk.store.transfer(
        rid,
        TransferKind.TO_CITY,
        reason="涉及两个区，需市里协调",
        by=desk.clerk.id,
        city_ref="信市人代〔2026〕12号",
    )
    return rid


def test_the_centre_sends_a_case_it_handles_to_the_city(desk: Desk) -> None:
    rid = _at_city(desk)
    detail = desk.store.case_detail(rid)
    assert detail.level == "city" and detail.status == "awaiting_referral"
    assert [(e.kind, e.reason) for e in detail.events][-1] == (
        "transferred_to_city",
        "涉及两个区，需市里协调",
    )


def test_the_city_reference_number_is_kept_in_the_register(desk: Desk) -> None:
    rid = _at_city(desk)
    [entry] = [e for e in desk.store.transfer_register() if e.kind == "transferred_to_city"]
    assert (entry.reception_id, entry.kind, entry.city_ref, entry.direction) == (
        rid,
        "transferred_to_city",
        "信市人代〔2026〕12号",
        "sent",
    )


def test_nobody_in_the_district_refers_a_case_the_city_handles(desk: Desk) -> None:
    rid = _at_city(desk)
    with pytest.raises(TransferNotAllowed) as caught:
        desk.refer(rid)
    assert caught.value.refusal is TransferRefusal.HANDLED_BY_CITY
    assert desk.store.case_detail(rid).referrals == ()


def test_a_case_the_city_handles_is_not_forwarded_to_12345(desk: Desk) -> None:
    rid = _at_city(desk)
    with pytest.raises(TransferNotAllowed):
        ForwardStore(desk.store).forward(rid, by=desk.clerk.id)
    assert ForwardStore(desk.store).forwards(rid) == []


def test_the_citys_return_puts_the_case_back_at_the_centre(desk: Desk) -> None:
    rid = _at_city(desk)
    desk.store.transfer(rid, TransferKind.FROM_CITY, reason="市里答复：由区政府牵头办理", by=desk.clerk.id)
    assert desk.store.case_detail(rid).level == "centre"
    desk.store.withdraw(rid, reason="群众撤回", by=desk.clerk.id)  # the centre acts on it again
    assert desk.store.case_detail(rid).status == "withdrawn"
    [back] = [e for e in desk.store.transfer_register() if e.kind == "returned_from_city"]
    assert (back.kind, back.reason, back.direction) == (
        "returned_from_city",
        "市里答复：由区政府牵头办理",
        "received",
    )


def test_a_station_desk_cannot_send_to_the_city(desk: Desk) -> None:
    rid = desk.register("跨区河道污染")
    desk.store.transfer(rid, TransferKind.UP, reason="需区里协调", by=desk.clerk.id)
    with pytest.raises(TransferNotAllowed) as caught:
        desk.store.transfer(rid, TransferKind.TO_CITY, reason="报市里", by=desk.clerk.id)
    assert caught.value.refusal is TransferRefusal.WRONG_DESK
    assert desk.store.case_detail(rid).level == "centre"


def test_the_centre_sends_to_the_city_only_a_case_at_its_own_level(desk: Desk) -> None:
    _as_centre(desk)
    rid = desk.register("跨区河道污染")
    with pytest.raises(TransferNotAllowed) as caught:
        desk.store.transfer(rid, TransferKind.TO_CITY, reason="报市里", by=desk.clerk.id)
    assert caught.value.refusal is TransferRefusal.WRONG_LEVEL
    assert desk.store.case_detail(rid).events == ()


def test_an_overlong_city_reference_number_changes_nothing(desk: Desk) -> None:
    _as_centre(desk)
    rid = desk.register("跨区河道污染")
    desk.store.transfer(rid, TransferKind.TAKE_OVER, reason="需区里协调", by=desk.clerk.id)
    with pytest.raises(TransferNotAllowed) as caught:
        desk.store.transfer(rid, TransferKind.TO_CITY, reason="报市里", by=desk.clerk.id, city_ref="号" * 61)
    assert "市级来文编号" in caught.value.message_zh()
    assert desk.store.case_detail(rid).level == "centre"


def test_the_citys_return_needs_a_reason(desk: Desk) -> None:
    rid = _at_city(desk)
    with pytest.raises(ValidationFailed):
        desk.store.transfer(rid, TransferKind.FROM_CITY, reason=" ", by=desk.clerk.id)
    assert desk.store.case_detail(rid).level == "city"


def test_the_tally_counts_a_city_case_once_and_its_moves_to_and_from_the_city(desk: Desk) -> None:
    rid = _at_city(desk)
    back = _at_city(desk, "断头路打通")
    desk.store.transfer(back, TransferKind.FROM_CITY, reason="市里已协调，交区中心督办", by=desk.clerk.id)
    desk.register("路灯不亮")
    today = desk.now.date()
    data = desk.store.centre_tally(Period(today.replace(day=1), today))
    lv = data.total.levels
    assert (lv.received, lv.handled_here, lv.handled_by_centre, lv.handled_by_city) == (3, 1, 1, 1)
    assert (lv.sent_to_city, lv.back_from_city) == (2, 1)
    assert data.total.figures.opinions == 3 and rid


def test_the_centre_records_the_citys_reply_and_the_case_stays_at_the_city(desk: Desk) -> None:
    rid = _at_city(desk)
    desk.store.record_city_reply(rid, text="市里拟召开两区协调会", by=desk.clerk.id)
    detail = desk.store.case_detail(rid)
    assert detail.level == "city"
    assert (detail.events[-1].kind, detail.events[-1].reason) == ("city_replied", "市里拟召开两区协调会")


def test_the_citys_reply_is_not_recorded_for_a_case_at_the_centre(desk: Desk) -> None:
    _as_centre(desk)
    rid = desk.register("跨区河道污染")
    desk.store.transfer(rid, TransferKind.TAKE_OVER, reason="需区里协调", by=desk.clerk.id)
    with pytest.raises(TransferNotAllowed):
        desk.store.record_city_reply(rid, text="市里答复", by=desk.clerk.id)
    assert [e.kind for e in desk.store.case_detail(rid).events] == ["taken_over"]


def test_the_centres_worklist_leaves_out_what_the_city_handles(desk: Desk) -> None:
    kept, sent = desk.register("路灯不亮"), desk.register("跨区河道污染")
    for rid in (kept, sent):
        desk.refer(rid)
        desk.reply(rid)
    _as_centre(desk)
    desk.store.transfer(sent, TransferKind.TAKE_OVER, reason="需区里协调", by=desk.clerk.id)
    desk.store.transfer(sent, TransferKind.TO_CITY, reason="涉及两个区", by=desk.clerk.id)
    work = desk.store.worklist()
    assert work.counts["awaiting_callback"] == 1
    assert [r.id for r in desk.store.list_cases(work.filter_for("awaiting_callback"))] == [kept]
