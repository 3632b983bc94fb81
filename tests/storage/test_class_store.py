"""Case classes (类案, issue 14): linking a case to a similar one (also inside the reception's own
save), adding and removing cases with who and when on the timeline, referring a class together
(one write, all or nothing), its reply applied to the members, settling it, and the tally."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select
from storage_helpers import Desk

from desk_app.domain.classes import ClassRefusal, ClassRefused
from desk_app.domain.lifecycle import IllegalMove
from desk_app.domain.periods import month_period
from desk_app.domain.validation import ReferralDraft
from desk_app.storage.class_store import ClassReferBlocked, ClassStore
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.models import CaseClass, CaseClassMember, ChangeLog, Reception


def _classes(desk: Desk) -> ClassStore:
    return ClassStore(desk.store)


def _slip(desk: Desk, **kw: object) -> ReferralDraft:
    return ReferralDraft(desk.unit.id, "王科长", desk.now.date(), int(kw.get("days", 10)), "赵代表")  # type: ignore[call-overload]


def _class_of(desk: Desk, rid: str):  # type: ignore[no-untyped-def]
    info = _classes(desk).class_of_case(rid)
    assert info is not None
    return info


def test_linking_a_case_to_a_similar_one_forms_a_class_of_the_two(desk: Desk) -> None:
    old = desk.register("幸福小区3号楼加装电梯，低层住户反对")
    new = desk.register("幸福小区5号楼也想加装电梯")
    class_id = _classes(desk).link(new, old, by=desk.clerk.id)
    info = _class_of(desk, new)
    assert info.id == class_id
    assert {m.reception_id for m in info.members} == {old, new}
    assert info.subject == "幸福小区3号楼加装电梯，低层住户反对"
    assert info.formed_by == "李明"


def test_linking_to_a_case_already_in_a_class_joins_that_class(desk: Desk) -> None:
    a, b, c = (desk.register(f"第{n}栋楼道灯不亮") for n in range(3))
    first = _classes(desk).link(b, a, by=desk.clerk.id)
    second = _classes(desk).link(c, a, by=desk.clerk.id)
    assert first == second
    assert len(_class_of(desk, c).members) == 3


def test_a_case_in_one_class_cannot_be_linked_into_another(desk: Desk) -> None:
    a, b, c, d = (desk.register(f"第{n}处井盖缺失") for n in range(4))
    _classes(desk).link(b, a, by=desk.clerk.id)
    _classes(desk).link(d, c, by=desk.clerk.id)
    with pytest.raises(ClassRefused) as caught:
        _classes(desk).link(b, c, by=desk.clerk.id)
    assert caught.value.refusal is ClassRefusal.IN_ANOTHER_CLASS
    assert _class_of(desk, b).id != _class_of(desk, c).id


def test_a_voided_case_cannot_join_a_class(desk: Desk) -> None:
    a, b = desk.register("路灯不亮"), desk.register("路灯也不亮")
    desk.store.void(a, reason="重复登记", by=desk.clerk.id)
    with pytest.raises(ClassRefused) as caught:
        _classes(desk).link(b, a, by=desk.clerk.id)
    assert caught.value.refusal is ClassRefusal.CASE_GONE


def test_the_link_is_saved_with_the_reception_in_one_transaction(desk: Desk) -> None:
    old = desk.register("幸福小区加装电梯")
    new = desk.store.register_reception(desk.draft("幸福小区又一栋楼加装电梯"), by=desk.clerk.id, link_to=old)
    assert {m.reception_id for m in _class_of(desk, new).members} == {old, new}


def test_a_refused_link_saves_no_reception(desk: Desk) -> None:
    old = desk.register("楼道堆物")
    desk.store.void(old, reason="重复登记", by=desk.clerk.id)
    before = desk.counts()["reception"]
    with pytest.raises(ClassRefused):
        desk.store.register_reception(desk.draft("楼道堆物很多"), by=desk.clerk.id, link_to=old)
    assert desk.counts()["reception"] == before


def test_joining_and_leaving_show_on_the_timeline_with_who(desk: Desk) -> None:
    a, b = desk.register("广场舞噪音扰民"), desk.register("广场舞音响太响")
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    _classes(desk).remove(class_id, b, by=desk.clerk.id)
    events = [
        (e.kind, e.operator_name) for e in desk.store.case_detail(b).timeline if e.kind.startswith("class")
    ]
    assert events == [("class_joined", "李明"), ("class_left", "李明")]
    assert _classes(desk).class_of_case(b) is None


def test_a_duty_deputy_may_link_but_not_remove(desk: Desk) -> None:
    deputy = desk.store.add_operator(by=desk.clerk.id, name="赵代表", role="deputy", secret="305917x")
    a, b = desk.register("停水三天"), desk.register("又停水了")
    class_id = _classes(desk).link(b, a, by=deputy.id)
    from desk_app.domain.permissions import NotPermitted

    with pytest.raises(NotPermitted):
        _classes(desk).remove(class_id, b, by=deputy.id)
    assert len(_class_of(desk, b).members) == 2


def test_referring_a_class_refers_every_waiting_member_to_one_unit_in_one_write(desk: Desk) -> None:
    ids = [desk.register(f"第{n}栋加装电梯") for n in range(4)]
    classes = _classes(desk)
    class_id = classes.link(ids[1], ids[0], by=desk.clerk.id)
    for rid in ids[2:]:
        classes.add(class_id, rid, by=desk.clerk.id)
    writes: list[str | None] = []
    real_writing = desk.store.db.writing

    def counted(operator_id: str | None):  # type: ignore[no-untyped-def]
        writes.append(operator_id)
        return real_writing(operator_id)

    desk.store.db.writing = counted  # type: ignore[method-assign]
    lead = classes.refer_together(class_id, _slip(desk), by=desk.clerk.id)
    desk.store.db.writing = real_writing  # type: ignore[method-assign]
    assert writes == [desk.clerk.id]
    details = [desk.store.case_detail(rid) for rid in ids]
    assert {d.status for d in details} == {"referred"}
    assert {d.current_referral.handling_unit_id for d in details} == {desk.unit.id}  # type: ignore[union-attr]
    (slip,) = classes.class_info(class_id).slips
    assert slip.lead_referral_id == lead and len(slip.members) == 4
    assert slip.serial == details[0].current_referral.serial  # type: ignore[union-attr]


def test_a_class_slip_has_the_same_deadline_as_a_single_referral(desk: Desk) -> None:
    single, a, b = desk.register("井盖缺失"), desk.register("井盖缺失一"), desk.register("井盖缺失二")
    alone = desk.refer(single, days=10)
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    _classes(desk).refer_together(class_id, _slip(desk, days=10), by=desk.clerk.id)
    assert desk.store.case_detail(a).current_referral.reply_due == alone.reply_due  # type: ignore[union-attr]


def test_members_not_waiting_for_a_slip_are_left_as_they_are(desk: Desk) -> None:
    a, b = desk.register("小区路灯不亮"), desk.register("小区路灯又不亮")
    desk.refer(a)
    before = desk.store.case_detail(a).current_referral
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    _classes(desk).refer_together(class_id, _slip(desk), by=desk.clerk.id)
    assert desk.store.case_detail(a).current_referral == before
    assert desk.status(b) == "referred"
    assert [m[0] for m in _classes(desk).class_info(class_id).slips[0].members] == [b]


def test_a_class_with_nothing_waiting_for_a_slip_is_refused(desk: Desk) -> None:
    a, b = desk.register("路面坑洼"), desk.register("路面坑洼多")
    desk.refer(a)
    desk.refer(b)
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    with pytest.raises(ClassRefused) as caught:
        _classes(desk).refer_together(class_id, _slip(desk), by=desk.clerk.id)
    assert caught.value.refusal is ClassRefusal.NOTHING_TO_REFER


def test_one_member_that_cannot_be_referred_stops_the_whole_class(desk: Desk) -> None:
    a = desk.register("下水道堵塞", received_at=desk.now - timedelta(days=3))
    b = desk.register("下水道又堵了", received_at=desk.now - timedelta(minutes=1))
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    before = desk.counts()["referral"]
    # Dated before b was received: b's slip is refused, so a's is not issued either.
    draft = ReferralDraft(desk.unit.id, "王科长", (desk.now - timedelta(days=1)).date(), 10, "赵代表")
    with pytest.raises(ClassReferBlocked) as caught:
        _classes(desk).refer_together(class_id, draft, by=desk.clerk.id)
    assert "类案的案件均未交办" in caught.value.message_zh
    assert desk.counts()["referral"] == before
    assert {desk.status(a), desk.status(b)} == {"awaiting_referral"}


def test_the_reply_to_the_class_slip_is_recorded_on_every_member_still_waiting(desk: Desk) -> None:
    ids = [desk.register(f"第{n}户飞线充电") for n in range(3)]
    class_id = _classes(desk).link(ids[1], ids[0], by=desk.clerk.id)
    _classes(desk).add(class_id, ids[2], by=desk.clerk.id)
    lead = _classes(desk).refer_together(class_id, _slip(desk), by=desk.clerk.id)
    desk.reply(ids[2])  # the unit answered this one on its own
    n = _classes(desk).reply_together(
        lead, replied_on=desk.now.date(), reply_text="已统一建设充电桩", by=desk.clerk.id
    )
    assert n == 2
    texts = [desk.store.case_detail(rid).current_referral.reply_text for rid in ids]  # type: ignore[union-attr]
    assert texts == ["已统一建设充电桩", "已统一建设充电桩", "已修复"]


def test_the_class_reply_signs_no_member_off(desk: Desk) -> None:
    a, b = desk.register("电动车飞线"), desk.register("电动车飞线充电")
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    lead = _classes(desk).refer_together(class_id, _slip(desk), by=desk.clerk.id)
    _classes(desk).reply_together(lead, replied_on=desk.now.date(), reply_text="已整改", by=desk.clerk.id)
    assert {desk.status(a), desk.status(b)} == {"replied"}
    with pytest.raises(IllegalMove):
        desk.sign_off(a)


def test_settling_a_class_shows_the_measure_in_every_members_timeline(desk: Desk) -> None:
    a, b = desk.register("小区停车收费过高"), desk.register("停车收费不合理")
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    _classes(desk).settle(
        class_id, note="区发改委出台小区停车收费指导价", settled_on=desk.now.date(), by=desk.clerk.id
    )
    for rid in (a, b):
        (event,) = [e for e in desk.store.case_detail(rid).timeline if e.kind == "class_settled"]
        assert event.detail["note"] == "区发改委出台小区停车收费指导价"
        assert event.operator_name == "李明"
    assert {desk.status(a), desk.status(b)} == {"awaiting_referral"}


def test_settling_needs_the_rule_or_measure(desk: Desk) -> None:
    a, b = desk.register("暖气不热"), desk.register("暖气温度低")
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    with pytest.raises(ValidationFailed) as caught:
        _classes(desk).settle(
            class_id, note=" ", settled_on=desk.now.date() + timedelta(days=1), by=desk.clerk.id
        )
    assert {e.field for e in caught.value.errors} == {"settle_note", "settled_on"}
    assert _classes(desk).class_info(class_id).settled_on is None


def test_a_settled_class_takes_no_new_member(desk: Desk) -> None:
    a, b, c = desk.register("狗吠扰民"), desk.register("养狗不拴绳"), desk.register("遛狗不拴绳")
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    _classes(desk).settle(class_id, note="社区出台文明养犬公约", settled_on=desk.now.date(), by=desk.clerk.id)
    with pytest.raises(ClassRefused) as caught:
        _classes(desk).add(class_id, c, by=desk.clerk.id)
    assert caught.value.refusal is ClassRefusal.SETTLED


def test_every_class_write_is_in_the_change_log(desk: Desk) -> None:
    a, b = desk.register("积水"), desk.register("路面积水")
    class_id = _classes(desk).link(b, a, by=desk.clerk.id)
    with desk.store.db.reading() as s:
        entities = set(s.scalars(select(ChangeLog.entity).where(ChangeLog.entity.like("case_class%"))))
        members = s.scalar(select(func.count()).select_from(CaseClassMember))
        assert s.get(CaseClass, class_id) is not None
    assert entities == {"case_class", "case_class_member"} and members == 2


def test_the_tally_counts_classes_formed_settled_and_the_cases_they_settled(desk: Desk) -> None:
    a, b, c = desk.register("加装电梯一"), desk.register("加装电梯二"), desk.register("加装电梯三")
    classes = _classes(desk)
    class_id = classes.link(b, a, by=desk.clerk.id)
    classes.add(class_id, c, by=desk.clerk.id)
    classes.refer_together(class_id, _slip(desk), by=desk.clerk.id)
    for rid in (a, b, c):
        desk.reply(rid)
    desk.callback(a, "satisfied")
    desk.sign_off(a)
    desk.callback(b, "dissatisfied")
    classes.settle(
        class_id, note="全区推行加装电梯协商议事规则", settled_on=desk.now.date(), by=desk.clerk.id
    )
    now = desk.now.date()
    figures = desk.store.tally(month_period(now.year, now.month)).current
    assert (figures.classes_formed, figures.classes_settled, figures.class_cases_settled) == (1, 1, 1)
    with desk.store.db.reading() as s:
        assert s.get(Reception, b).status == "dissatisfied"  # type: ignore[union-attr]
