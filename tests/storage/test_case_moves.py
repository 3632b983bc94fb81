"""The office's moves through DeskStore: returns, extensions, chases, unreached callbacks, closing
with an explanation, reopening, withdrawal, voiding, merging. Each refusal changes nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from storage_helpers import Desk

from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.validation import FieldProblem
from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.errors import ValidationFailed


def refused(desk: Desk, call, refusal: Refusal) -> None:  # type: ignore[no-untyped-def]
    before = desk.counts()
    with pytest.raises(IllegalMove) as info:
        call()
    assert info.value.refusal is refusal
    assert desk.counts() == before


@pytest.fixture
def referred(desk: Desk) -> str:
    rid = desk.register(received_at=datetime(2026, 11, 13, 9, 0))
    desk.refer(rid, on=date(2026, 11, 16), days=5)  # due 11-23
    return rid


@pytest.fixture
def replied(desk: Desk, referred: str) -> str:
    desk.reply(referred, on=date(2026, 11, 18))
    return referred


# -- return (退回) --------------------------------------------------------------------------------


def test_returned_slip_waits_for_a_new_slip_in_the_same_round(desk: Desk, referred: str) -> None:
    desk.store.return_slip(
        referred, returned_on=date(2026, 11, 17), reason="不属本单位职责", by=desk.clerk.id
    )
    assert desk.status(referred) == "returned"
    second = desk.refer(referred, on=date(2026, 11, 18))
    detail = desk.store.case_detail(referred)
    assert (detail.round_no, second.round_no, second.attempt) == (1, 1, 2)
    assert detail.current_referral is not None and detail.current_referral.id == second.id
    assert [r.returned_on for r in detail.referrals] == [date(2026, 11, 17), None]


def test_re_referral_gets_its_own_slip_number(desk: Desk, referred: str) -> None:
    first = desk.store.case_detail(referred).referrals[0].serial
    desk.store.return_slip(referred, returned_on=date(2026, 11, 17), reason="送错单位", by=desk.clerk.id)
    assert desk.refer(referred, on=date(2026, 11, 18)).serial != first


def test_return_needs_a_reason(desk: Desk, referred: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        desk.store.return_slip(referred, returned_on=date(2026, 11, 17), reason=" ", by=desk.clerk.id)
    assert info.value.errors[0].field == "reason"
    assert desk.status(referred) == "referred"


def test_a_replied_slip_cannot_be_returned(desk: Desk, replied: str) -> None:
    refused(
        desk,
        lambda: desk.store.return_slip(replied, returned_on=date(2026, 11, 19), reason="x", by=desk.clerk.id),
        Refusal.ALREADY_REPLIED,
    )


# -- extensions (延期) -------------------------------------------------------------------------------


def test_approved_extension_moves_the_deadline(desk: Desk, referred: str) -> None:
    ext = desk.store.request_extension(
        referred, ExtensionDraft(date(2026, 11, 20), "需采购材料", 5, "刘主任"), by=desk.clerk.id
    )
    new_due = desk.store.decide_extension(ext, approve=True, note="同意", by=desk.clerk.id)
    detail = desk.store.case_detail(referred)
    assert new_due == date(2026, 11, 30)  # 11-23 + 5 working days
    assert detail.current_referral is not None and detail.current_referral.reply_due == new_due
    assert detail.waiting_due == new_due
    assert [(x.state, x.old_due, x.new_due) for x in detail.extensions] == [
        ("approved", date(2026, 11, 23), new_due)
    ]


def test_refused_extension_keeps_the_deadline_and_needs_a_note(desk: Desk, referred: str) -> None:
    ext = desk.store.request_extension(
        referred, ExtensionDraft(date(2026, 11, 20), "人手不足", 5), by=desk.clerk.id
    )
    with pytest.raises(ValidationFailed):
        desk.store.decide_extension(ext, approve=False, note="", by=desk.clerk.id)
    desk.store.decide_extension(ext, approve=False, note="期限内可以办结", by=desk.clerk.id)
    detail = desk.store.case_detail(referred)
    assert detail.current_referral is not None and detail.current_referral.reply_due == date(2026, 11, 23)
    assert detail.extensions[0].state == "refused"


def test_extension_must_be_asked_before_the_deadline(desk: Desk, referred: str, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(2026, 11, 25, 10, 0)
    refused(
        desk,
        lambda: desk.store.request_extension(
            referred, ExtensionDraft(date(2026, 11, 24), "来不及", 5), by=desk.clerk.id
        ),
        Refusal.PAST_DEADLINE,
    )


def test_one_pending_extension_at_a_time(desk: Desk, referred: str) -> None:
    desk.store.request_extension(referred, ExtensionDraft(date(2026, 11, 19), "原因", 3), by=desk.clerk.id)
    refused(
        desk,
        lambda: desk.store.request_extension(
            referred, ExtensionDraft(date(2026, 11, 20), "再次", 3), by=desk.clerk.id
        ),
        Refusal.EXTENSION_PENDING,
    )


def test_a_decided_extension_cannot_be_decided_again(desk: Desk, referred: str) -> None:
    ext = desk.store.request_extension(
        referred, ExtensionDraft(date(2026, 11, 19), "原因", 3), by=desk.clerk.id
    )
    desk.store.decide_extension(ext, approve=True, by=desk.clerk.id)
    refused(
        desk,
        lambda: desk.store.decide_extension(ext, approve=True, by=desk.clerk.id),
        Refusal.NO_EXTENSION_PENDING,
    )


# -- chases and unreached callbacks -------------------------------------------------------------------


def test_chase_is_recorded_on_the_timeline(desk: Desk, referred: str) -> None:
    desk.store.record_chase(
        referred,
        ChaseDraft(datetime(2026, 11, 19, 9, 0), "phone", "王科长", "答应周五前答复"),
        by=desk.clerk.id,
    )
    detail = desk.store.case_detail(referred)
    assert [(c.method, c.unit_contact, c.note) for c in detail.chases] == [
        ("phone", "王科长", "答应周五前答复")
    ]
    assert "chased" in [e.kind for e in detail.timeline]
    assert detail.status == "referred"


def test_chase_needs_what_was_said(desk: Desk, referred: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        desk.store.record_chase(referred, ChaseDraft(datetime(2026, 11, 19, 9, 0), "phone"), by=desk.clerk.id)
    assert [(e.field, e.problem) for e in info.value.errors] == [("note", FieldProblem.REQUIRED)]


def test_unreached_callback_keeps_the_case_waiting(desk: Desk, replied: str) -> None:
    desk.store.record_callback_attempt(
        replied, AttemptDraft(datetime(2026, 11, 19, 9, 0), "李明", "phone", "无人接听"), by=desk.clerk.id
    )
    detail = desk.store.case_detail(replied)
    assert detail.status == "replied" and len(detail.attempts) == 1 and detail.callbacks == ()


# -- closing with an explanation, reopening, withdrawal ---------------------------------------------


def test_dissatisfaction_beyond_policy_may_be_closed_with_explanation(desk: Desk, replied: str) -> None:
    desk.callback(replied, "dissatisfied", cause="beyond_policy")
    desk.store.close_explained(replied, reason="诉求超出政策规定，已向群众书面解释", by=desk.clerk.id)
    detail = desk.store.case_detail(replied)
    assert detail.status == "closed_explained" and detail.waiting_due is None


def test_unit_fault_cannot_be_closed_with_explanation(desk: Desk, replied: str) -> None:
    desk.callback(replied, "dissatisfied", cause="unit_fault")
    refused(
        desk,
        lambda: desk.store.close_explained(replied, reason="解释", by=desk.clerk.id),
        Refusal.NOT_BEYOND_POLICY,
    )


def test_dissatisfied_callback_needs_a_cause(desk: Desk, replied: str) -> None:
    with pytest.raises(ValidationFailed) as info:
        desk.callback(replied, "dissatisfied", cause="")
    assert [e.field for e in info.value.errors] == ["cause"]


def test_reopened_case_starts_the_next_round_and_keeps_its_history(desk: Desk, replied: str) -> None:
    desk.callback(replied, "satisfied")
    desk.sign_off(replied)
    desk.store.reopen(replied, reason="群众反映问题复发", by=desk.clerk.id)
    detail = desk.store.case_detail(replied)
    assert (detail.status, detail.signed_off_at) == ("reopened", None)
    ref = desk.refer(replied)
    assert ref.round_no == 2
    kinds = [e.kind for e in desk.store.case_detail(replied).timeline]
    assert kinds.index("signed_off") < kinds.index("reopened") < len(kinds) - 1


def test_an_open_case_cannot_be_reopened(desk: Desk, referred: str) -> None:
    refused(desk, lambda: desk.store.reopen(referred, reason="x", by=desk.clerk.id), Refusal.NOT_CLOSED)


def test_withdrawn_case_is_closed(desk: Desk, referred: str) -> None:
    desk.store.withdraw(referred, reason="群众表示问题已自行解决，撤回诉求", by=desk.clerk.id)
    assert desk.status(referred) == "withdrawn"
    refused(desk, lambda: desk.reply(referred), Refusal.CASE_WITHDRAWN)


# -- voiding and merging ---------------------------------------------------------------------------


def test_registration_made_by_mistake_is_voided(desk: Desk) -> None:
    rid = desk.register()
    desk.store.void(rid, reason="误登记", by=desk.clerk.id)
    assert desk.status(rid) == "voided"


def test_a_case_with_a_slip_cannot_be_voided(desk: Desk, referred: str) -> None:
    refused(desk, lambda: desk.store.void(referred, reason="误登记", by=desk.clerk.id), Refusal.HAS_SLIP)


def test_duplicate_is_merged_into_the_case_that_carries_the_matter(desk: Desk, referred: str) -> None:
    dup = desk.register("同一件事又登记了一次")
    desk.store.merge(dup, into_id=referred, reason="重复登记", by=desk.clerk.id)
    detail = desk.store.case_detail(dup)
    assert (detail.status, detail.merged_into) == ("merged", referred)


def test_a_case_cannot_be_merged_into_itself_or_a_voided_one(desk: Desk) -> None:
    a, b = desk.register("甲"), desk.register("乙")
    desk.store.void(b, reason="误登记", by=desk.clerk.id)
    for target in (a, b):
        refused(
            desk,
            lambda t=target: desk.store.merge(a, into_id=t, reason="重复", by=desk.clerk.id),
            Refusal.MERGE_TARGET_INVALID,
        )
