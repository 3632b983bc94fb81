"""Corrections keep the old value (change log + a `corrected` event) and say why."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from storage_helpers import Desk

from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.corrections import ReferralCorrection
from desk_app.storage.errors import ValidationFailed


def registration(desk: Desk, rid: str, **changes: object) -> ReceptionDraft:
    d = desk.store.case_detail(rid)
    values = {
        "received_at": d.received_at,
        "channel": d.channel,
        "content": d.content,
        "outcome": d.outcome,
        "citizen_name": d.citizen_name,
        "citizen_phone": d.citizen_phone,
        "citizen_address": d.citizen_address,
        "category_id": d.category_id,
        "on_site_answer": d.on_site_answer,
        "headcount": d.headcount,
        "note": d.note,
    } | changes
    return ReceptionDraft(**values)  # type: ignore[arg-type]


def test_corrected_name_shows_old_and_new_in_the_history(desk: Desk) -> None:
    rid = desk.register(citizen_name="张山", citizen_phone="13900000001")
    changed = desk.store.correct_registration(
        rid, registration(desk, rid, citizen_name="张三"), reason="姓名录入错误", by=desk.clerk.id
    )
    detail = desk.store.case_detail(rid)
    assert changed == ["citizen_name"] and detail.citizen_name == "张三"
    (event,) = [e for e in detail.timeline if e.kind == "corrected"]
    assert event.detail["changes"] == (("citizen_name", "张山", "张三"),)
    assert event.detail["reason"] == "姓名录入错误"


def test_correction_without_a_reason_changes_nothing(desk: Desk) -> None:
    rid = desk.register(citizen_name="张山")
    before = desk.counts()
    with pytest.raises(ValidationFailed):
        desk.store.correct_registration(
            rid, registration(desk, rid, citizen_name="张三"), reason="", by=desk.clerk.id
        )
    assert desk.counts() == before and desk.store.case_detail(rid).citizen_name == "张山"


def test_correction_that_changes_nothing_is_refused(desk: Desk) -> None:
    rid = desk.register()
    with pytest.raises(IllegalMove) as info:
        desk.store.correct_registration(rid, registration(desk, rid), reason="核对", by=desk.clerk.id)
    assert info.value.refusal is Refusal.NOTHING_TO_CORRECT


def test_corrected_phone_is_normalised_and_searchable(desk: Desk) -> None:
    rid = desk.register(citizen_phone="13900000001")
    desk.store.correct_registration(
        rid, registration(desk, rid, citizen_phone="139-0000-0002"), reason="号码有误", by=desk.clerk.id
    )
    hits = desk.store.list_cases(desk.store.case_filter(text="13900000002"))
    assert [r.id for r in hits] == [rid]


def test_corrected_working_days_move_the_deadline(desk: Desk) -> None:
    rid = desk.register(received_at=datetime(2026, 11, 13, 9, 0))
    desk.refer(rid, on=date(2026, 11, 16), days=5)
    desk.store.correct_referral(
        rid, ReferralCorrection("王科长", "赵代表", 10), reason="期限写错", by=desk.clerk.id
    )
    slip = desk.store.case_detail(rid).current_referral
    assert slip is not None and (slip.working_days, slip.reply_due) == (10, date(2026, 11, 30))


def test_corrected_reply_date_cannot_follow_the_callback(desk: Desk) -> None:
    rid = desk.register(received_at=datetime(2026, 11, 13, 9, 0))
    desk.refer(rid, on=date(2026, 11, 16))
    desk.reply(rid, on=date(2026, 11, 17))
    desk.callback(rid, "satisfied", at=datetime(2026, 11, 18, 9, 0))
    with pytest.raises(ValidationFailed):
        desk.store.correct_reply(
            rid, replied_on=date(2026, 11, 19), reply_text="已修复", reason="日期有误", by=desk.clerk.id
        )
    desk.store.correct_reply(
        rid, replied_on=date(2026, 11, 16), reply_text="已修复", reason="日期有误", by=desk.clerk.id
    )
    assert desk.store.case_detail(rid).referrals[0].replied_on == date(2026, 11, 16)


def test_mis_clicked_satisfied_is_corrected_to_dissatisfied(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "satisfied")
    desk.store.correct_verdict(
        rid, verdict="dissatisfied", cause="unit_fault", reason="误点满意，群众实际不满意", by=desk.clerk.id
    )
    detail = desk.store.case_detail(rid)
    assert (detail.status, detail.callbacks[-1].verdict, detail.callbacks[-1].cause) == (
        "dissatisfied",
        "dissatisfied",
        "unit_fault",
    )
    assert len(detail.callbacks) == 1  # corrected, not a second callback


def test_verdict_of_a_signed_off_case_is_not_corrected(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "satisfied")
    desk.sign_off(rid)
    with pytest.raises(IllegalMove) as info:
        desk.store.correct_verdict(
            rid, verdict="dissatisfied", cause="unit_fault", reason="x", by=desk.clerk.id
        )
    assert info.value.refusal is Refusal.CASE_SIGNED_OFF


def test_corrected_headcount_shows_old_and_new_in_the_history(desk: Desk) -> None:
    rid = desk.register(citizen_name="张山")
    changed = desk.store.correct_registration(
        rid, registration(desk, rid, headcount=6), reason="集体来访，人数漏登", by=desk.clerk.id
    )
    detail = desk.store.case_detail(rid)
    assert changed == ["headcount"] and detail.headcount == 6
    (event,) = [e for e in detail.timeline if e.kind == "corrected"]
    assert event.detail["changes"] == (("headcount", 1, 6),)


def test_corrected_note_is_kept_with_the_reason(desk: Desk) -> None:
    rid = desk.register(citizen_name="张山")
    changed = desk.store.correct_registration(
        rid, registration(desk, rid, note="  群众要求书面答复  "), reason="备注漏记", by=desk.clerk.id
    )
    detail = desk.store.case_detail(rid)
    assert changed == ["note"] and detail.note == "群众要求书面答复"
    (event,) = [e for e in detail.timeline if e.kind == "corrected"]
    assert event.detail["reason"] == "备注漏记"


def test_headcount_of_zero_is_refused_and_changes_nothing(desk: Desk) -> None:
    rid = desk.register(citizen_name="张山")
    with pytest.raises(ValidationFailed) as info:
        desk.store.correct_registration(
            rid, registration(desk, rid, headcount=0), reason="核对", by=desk.clerk.id
        )
    assert [e.field for e in info.value.errors] == ["headcount"]
    assert desk.store.case_detail(rid).headcount == 1
