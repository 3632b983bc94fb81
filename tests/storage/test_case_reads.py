"""The case view's read (storage/case_reads.py, issue 16) selects the Core tables (on the window's
session's connection, or on a Core connection of its own for `desk-app print referral`) and shows
every kind of timeline entry, over a desk whose timelines hold them all.

When it replaced the ORM read (branch s25-slip), every case of this desk read exactly as the ORM
read gave it (docs/benchmarks.md, "Sixth pass"); that copy of the old code was not kept: what the
entries say is checked by the tests of each kind's own feature."""

from __future__ import annotations

from datetime import timedelta

import pytest
from storage_helpers import Desk

from desk_app.domain.forwards import ForwardState
from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.domain.suggestions import SendDraft, SuggestionDraft
from desk_app.domain.transfers import TransferKind
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.storage import case_reads
from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.class_store import ClassStore
from desk_app.storage.forward_store import ForwardStore
from desk_app.storage.meetings import MeetingStore
from desk_app.storage.models import CaseForward
from desk_app.storage.rekeys import K_REKEYED_IDS
from desk_app.storage.suggestions import SuggestionStore

# Every kind of timeline entry the builder below makes (a guard: the comparison is only as good
# as the desk it reads).
KINDS = {
    "received",
    "referred",
    "replied",
    "returned",
    "chased",
    "extension_requested",
    "extension_decided",
    "callback_not_reached",
    "callback",
    "corrected",
    "signed_off",
    "closed_explained",
    "reopened",
    "withdrawn",
    "voided",
    "merged",
    "forwarded",
    "forward_sent",
    "forward_closed",
    "forward_failed",
    "class_joined",
    "class_left",
    "class_referred",
    "class_settled",
    "meeting_referred",
    "suggestion",
    "supervision_level",
    "taken_over",
    "transferred_to_city",
    "city_replied",
}


def _correct(desk: Desk, rid: str, **changes: object) -> None:
    d = desk.store.case_detail(rid)
    keep = ("received_at", "channel", "content", "outcome", "citizen_name", "citizen_phone")
    keep += ("citizen_address", "category_id", "on_site_answer", "headcount", "note")
    draft = ReceptionDraft(**({k: getattr(d, k) for k in keep} | changes))  # type: ignore[arg-type]
    desk.store.correct_registration(rid, draft, reason="登记有误，已与群众核实", by=desk.clerk.id)


def _forward(desk: Desk, rid: str, **server: object) -> None:
    """A forward to 12345, and what a sync would have written back on its row."""
    forward_id = ForwardStore(desk.store).forward(rid, by=desk.clerk.id)
    if server:
        with desk.store.db.writing(None) as s:
            row = s.get(CaseForward, forward_id)
            assert row is not None
            for name, value in server.items():
                setattr(row, name, value)


def every_kind(desk: Desk) -> list[str]:
    """A desk whose cases' timelines hold every entry of KINDS; its case ids."""
    by, store, today = desk.clerk.id, desk.store, desk.now.date()
    ids: list[str] = []

    def case(content: str, **fields: object) -> str:
        ids.append(desk.register(content, **fields))
        return ids[-1]

    deputy = store.save_deputy(by=by, name="赵代表", level="city").id
    categories = store.categories()
    # Two rounds: referred, chased, an extension approved, one refused, a callback not reached,
    # dissatisfied, referred again, its level raised, replied, satisfied and signed off.
    two = case("小区电梯停运三天", citizen_name="张山", deputy_ids=(deputy,), category_id=categories[0].id)
    desk.refer(two)
    store.record_chase(two, ChaseDraft(desk.now, "phone", "王科长", "请抓紧"), by=by)
    ext = store.request_extension(two, ExtensionDraft(today, "需采购材料", 5, "刘主任"), by=by)
    store.decide_extension(ext, approve=True, note="同意", by=by)
    refused = store.request_extension(two, ExtensionDraft(today, "人手不足", 3), by=by)
    store.decide_extension(refused, approve=False, note="不同意", by=by)
    desk.reply(two)
    store.record_callback_attempt(two, AttemptDraft(desk.now, "李明", "phone", "无人接听"), by=by)
    desk.callback(two, "dissatisfied")
    desk.refer(two)
    SuggestionStore(store).escalate_case(
        two, SupervisionLevel.SPECIAL_COMMITTEE, decided_by="城建环保委员会", by=by
    )
    desk.reply(two)
    desk.callback(two, "satisfied")
    desk.sign_off(two)
    # Corrected: the name, and the category, whose former id the sync server rekeyed since.
    _correct(desk, two, citizen_name="张三", category_id=categories[1].id)
    store.set_setting(K_REKEYED_IDS, {categories[1].id: "kept-category"})
    # A slip returned by its unit and referred again.
    returned = case("路灯不亮")
    desk.refer(returned)
    store.return_slip(returned, returned_on=today, reason="不属本单位职责", by=by)
    desk.refer(returned)
    # Closed with an explanation after a dissatisfied callback, reopened; withdrawn; voided;
    # merged into another.
    explained = case("噪音扰民")
    desk.refer(explained)
    desk.reply(explained)
    desk.callback(explained, "dissatisfied", cause="beyond_policy")
    store.close_explained(explained, reason="已当场解释", by=by)
    store.reopen(explained, reason="群众再次反映", by=by)
    store.withdraw(case("树枝遮挡"), reason="群众撤回", by=by)
    store.void(case("误录"), reason="重复录入", by=by)
    store.merge(case("同一事项"), into_id=returned, reason="与同一群众反映的同一事项重复", by=by)
    # Forwarded to 12345: pending; sent and closed; refused by the platform.
    _forward(desk, case("井盖缺失"))
    _forward(
        desk,
        case("占道经营"),
        state=ForwardState.CLOSED.value,
        work_order="XK7M4PQ9AT",
        sent_at=desk.now,
        closed_at=desk.now + timedelta(hours=2),
        status_notes="已处理",
    )
    _forward(desk, case("违章停车"), state=ForwardState.FAILED.value, error="unknown service")
    # A class: formed, joined, one member out again, referred together, settled.
    a, b, c = case("3号楼漏水"), case("5号楼漏水"), case("7号楼漏水")
    classes = ClassStore(store)
    class_id = classes.link(b, a, by=by)
    classes.add(class_id, c, by=by)
    classes.remove(class_id, c, by=by)
    slip = ReferralDraft(desk.unit.id, "王科长", today, 10, "赵代表")
    classes.refer_together(class_id, slip, by=by)
    classes.settle(class_id, note="统一更换管道", settled_on=today, by=by)
    # Referred at a meeting; a suggestion made from it, sent, answered, judged, escalated.
    met = case("门诊不能跨县报销")
    meetings = MeetingStore(store)
    meeting_id = meetings.plan(
        MeetingDraft(held_on=today, place="工作站", presiding="副主任 张华", units="区医保局"), by=by
    )
    meetings.refer_all(
        meeting_id, [MeetingItemDraft(met, desk.unit.id, "王科长", 10)], supervisor="赵代表", by=by
    )
    book = SuggestionStore(store)
    sid = book.draft(SuggestionDraft(deputy, "关于门诊报销的建议", "建议联网互通。", (met, a)), by=by)
    book.send(sid, SendDraft(desk.unit.id, today, 20, "刘科长"), by=by)
    book.answer(sid, replied_on=today, text="已联网", by=by)
    book.verdict(sid, verdict="satisfied", on=today, by=by)
    # The district centre's moves: taken over, sent to the city, the city's reply.
    store.set_setting("sync.desk_id", "centre-desk")
    store.set_setting("sync.station_id", None)
    city = case("跨区河道污染")
    store.transfer(city, TransferKind.TAKE_OVER, reason="需区里协调", by=by)
    store.transfer(city, TransferKind.TO_CITY, reason="需市里协调", by=by, city_ref="信市人代〔2026〕12号")
    store.record_city_reply(city, text="由区政府牵头办理", by=by)
    return ids


@pytest.fixture
def built(desk: Desk) -> list[str]:
    return every_kind(desk)


def test_the_desk_has_every_kind_of_timeline_entry(desk: Desk, built: list[str]) -> None:
    today = desk.now.date()
    with desk.store.db.reading() as s:
        kinds = {e.kind for rid in built for e in case_reads.case_detail(s, rid, today).timeline}
    assert kinds >= KINDS
    # The corrected category is shown by the id the (pretended) sync gave it since.
    (corrected,) = [e for e in desk.store.case_detail(built[0]).timeline if e.kind == "corrected"]
    assert [new for name, _old, new in corrected.detail["changes"] if name == "category_id"] == [
        "kept-category"
    ]
