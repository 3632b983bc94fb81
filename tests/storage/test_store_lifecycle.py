"""The case lifecycle through DeskStore: the full two-round path, and refusals that change nothing."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from storage_helpers import Desk

from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.validation import FieldProblem, ReferralDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.errors import NotFound, ValidationFailed


@pytest.fixture
def dissatisfied(desk: Desk) -> str:
    """A case whose first round ended with a dissatisfied citizen."""
    rid = desk.register(received_at=datetime(2026, 11, 13, 9, 0))
    desk.refer(rid, on=date(2026, 11, 16))
    desk.reply(rid, on=date(2026, 11, 18))
    desk.callback(rid, "dissatisfied")
    return rid


def test_registration_awaits_referral(desk: Desk) -> None:
    assert desk.status(desk.register()) == "awaiting_referral"


def test_resolved_on_site_registration_is_closed(desk: Desk) -> None:
    rid = desk.register(outcome="resolved_on_site", on_site_answer="当场解答")
    assert desk.status(rid) == "resolved_on_site"


def test_referral_opens_round_one_with_deadline(desk: Desk) -> None:
    rid = desk.register()
    ref = desk.refer(rid, on=date(2026, 11, 20), days=1)
    detail = desk.store.case_detail(rid)
    assert (detail.status, detail.round_no, ref.round_no) == ("referred", 1, 1)
    assert ref.reply_due == date(2026, 11, 23) and not ref.due_estimated


def test_reply_waits_for_callback(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    assert desk.status(rid) == "replied"


def test_dissatisfied_callback_waits_for_second_round(desk: Desk, dissatisfied: str) -> None:
    assert desk.status(dissatisfied) == "dissatisfied"


def test_second_referral_opens_round_two(desk: Desk, dissatisfied: str) -> None:
    second = desk.refer(dissatisfied)
    detail = desk.store.case_detail(dissatisfied)
    assert (second.round_no, detail.round_no, detail.status) == (2, 2, "referred")
    assert [r.round_no for r in detail.referrals] == [1, 2]


def test_second_round_gets_its_own_serial(desk: Desk, dissatisfied: str) -> None:
    second = desk.refer(dissatisfied)
    first = desk.store.case_detail(dissatisfied).referrals[0]
    assert first.serial == "浉河监督岗〔2026〕第001号"
    assert second.serial == "浉河监督岗〔2026〕第002号"


def test_case_list_shows_the_current_round(desk: Desk, dissatisfied: str) -> None:
    desk.refer(dissatisfied)
    (row,) = desk.store.list_cases(desk.store.case_filter())
    assert (row.round_no, row.serial) == (2, "浉河监督岗〔2026〕第002号")


def test_full_two_round_case_is_signed_off(desk: Desk, dissatisfied: str) -> None:
    desk.refer(dissatisfied)
    desk.reply(dissatisfied)
    desk.callback(dissatisfied, "satisfied")
    desk.sign_off(dissatisfied)
    detail = desk.store.case_detail(dissatisfied)
    assert detail.status == "signed_off"
    assert detail.signed_off_by_name == "李明" and detail.signed_off_at == desk.now
    assert [c.verdict for c in detail.callbacks] == ["dissatisfied", "satisfied"]
    assert [c.round_no for c in detail.callbacks] == [1, 2]


def test_basically_satisfied_allows_sign_off(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "basically_satisfied")
    desk.sign_off(rid)
    assert desk.status(rid) == "signed_off"


def at_stage(desk: Desk, stage: str) -> str:
    """A case brought to `stage` through the store."""
    if stage == "resolved_on_site":
        return desk.register(outcome="resolved_on_site", on_site_answer="当场解答")
    rid = desk.register()
    steps = ["referred", "replied", "satisfied", "signed_off"]
    if stage == "awaiting_referral":
        return rid
    desk.refer(rid)
    if stage == "referred":
        return rid
    desk.reply(rid)
    if stage == "replied":
        return rid
    if stage == "dissatisfied":
        desk.callback(rid, "dissatisfied")
        return rid
    desk.callback(rid, "satisfied")
    if stage == "satisfied":
        return rid
    assert stage == steps[-1]
    desk.sign_off(rid)
    return rid


def do(desk: Desk, move: str, rid: str) -> None:
    if move == "refer":
        desk.refer(rid)
    elif move == "reply":
        desk.reply(rid)
    elif move == "callback":
        desk.callback(rid, "satisfied")
    else:
        desk.sign_off(rid)


ILLEGAL = [
    ("resolved_on_site", "refer", Refusal.CASE_CLOSED_ON_SITE),
    ("resolved_on_site", "reply", Refusal.CASE_CLOSED_ON_SITE),
    ("resolved_on_site", "callback", Refusal.CASE_CLOSED_ON_SITE),
    ("resolved_on_site", "sign_off", Refusal.CASE_CLOSED_ON_SITE),
    ("awaiting_referral", "reply", Refusal.NOT_REFERRED),
    ("awaiting_referral", "callback", Refusal.NOT_REFERRED),
    ("awaiting_referral", "sign_off", Refusal.NO_CALLBACK_YET),
    ("referred", "refer", Refusal.ALREADY_REFERRED),
    ("referred", "callback", Refusal.NO_REPLY_YET),
    ("referred", "sign_off", Refusal.NO_CALLBACK_YET),
    ("replied", "refer", Refusal.ALREADY_REFERRED),
    ("replied", "reply", Refusal.ALREADY_REPLIED),
    ("replied", "sign_off", Refusal.NO_CALLBACK_YET),
    ("satisfied", "refer", Refusal.ALREADY_REFERRED),
    ("satisfied", "reply", Refusal.ALREADY_REPLIED),
    ("satisfied", "callback", Refusal.CALLBACK_ALREADY_DONE),
    ("dissatisfied", "reply", Refusal.NOT_REFERRED),
    ("dissatisfied", "callback", Refusal.CALLBACK_ALREADY_DONE),
    ("dissatisfied", "sign_off", Refusal.CITIZEN_DISSATISFIED),
    ("signed_off", "refer", Refusal.CASE_SIGNED_OFF),
    ("signed_off", "reply", Refusal.CASE_SIGNED_OFF),
    ("signed_off", "callback", Refusal.CASE_SIGNED_OFF),
    ("signed_off", "sign_off", Refusal.CASE_SIGNED_OFF),
]


@pytest.mark.parametrize(("stage", "move", "refusal"), ILLEGAL)
def test_illegal_move_is_refused_and_changes_nothing(
    desk: Desk, stage: str, move: str, refusal: Refusal
) -> None:
    rid = at_stage(desk, stage)
    before = desk.counts(), len(desk.store.change_log(limit=100_000)), desk.store.case_detail(rid)
    with pytest.raises(IllegalMove) as info:
        do(desk, move, rid)
    assert info.value.refusal is refusal
    after = desk.counts(), len(desk.store.change_log(limit=100_000)), desk.store.case_detail(rid)
    assert after == before


def test_callback_without_verdict_is_a_form_error(desk: Desk) -> None:
    rid = at_stage(desk, "replied")
    with pytest.raises(ValidationFailed) as info:
        desk.callback(rid, None)
    assert [(e.field, e.problem) for e in info.value.errors] == [("verdict", FieldProblem.REQUIRED)]
    assert desk.status(rid) == "replied"


def test_callback_with_unknown_verdict_is_a_form_error(desk: Desk) -> None:
    rid = at_stage(desk, "replied")
    with pytest.raises(ValidationFailed):
        desk.callback(rid, "happy")
    assert desk.status(rid) == "replied"


def test_dissatisfied_callback_without_the_citizens_words_is_a_form_error(desk: Desk) -> None:
    rid = at_stage(desk, "replied")
    draft = CallbackDraft(desk.now, "李明", "phone", "dissatisfied", citizen_words=" ", cause="unit_fault")
    with pytest.raises(ValidationFailed) as info:
        desk.store.record_callback(rid, draft, by=desk.clerk.id)
    assert [(e.field, e.problem) for e in info.value.errors] == [("citizen_words", FieldProblem.REQUIRED)]
    assert desk.status(rid) == "replied"


def test_callback_before_the_reply_date_is_refused(desk: Desk) -> None:
    rid = at_stage(desk, "replied")
    with pytest.raises(ValidationFailed) as info:
        desk.callback(rid, "satisfied", at=desk.now - timedelta(days=3))
    assert {e.field for e in info.value.errors} == {"called_at"}


def test_referral_dated_before_reception_is_refused(desk: Desk) -> None:
    rid = desk.register()
    before = desk.counts()
    with pytest.raises(ValidationFailed) as info:
        desk.refer(rid, on=date(2026, 11, 1))
    assert [(e.field, e.problem) for e in info.value.errors] == [("referred_on", FieldProblem.BEFORE_START)]
    assert desk.counts() == before


def test_referral_to_unknown_unit_is_refused(desk: Desk) -> None:
    rid = desk.register()
    with pytest.raises(ValidationFailed) as info:
        desk.refer(rid, unit_id="no-such-unit")
    assert [(e.field, e.problem) for e in info.value.errors] == [
        ("handling_unit_id", FieldProblem.UNKNOWN_CHOICE)
    ]


def test_reply_in_the_future_is_refused(desk: Desk) -> None:
    rid = at_stage(desk, "referred")
    with pytest.raises(ValidationFailed):
        desk.reply(rid, on=desk.now.date() + timedelta(days=1))
    assert desk.status(rid) == "referred"


def test_reply_text_is_required(desk: Desk) -> None:
    rid = at_stage(desk, "referred")
    with pytest.raises(ValidationFailed):
        desk.store.record_reply(rid, replied_on=desk.now.date(), reply_text="  ", by=desk.clerk.id)


def test_move_on_unknown_case_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFound):
        desk.store.record_callback(
            "no-such-case", CallbackDraft(desk.now, "李明", "phone", "satisfied"), by=desk.clerk.id
        )


def test_registration_with_unknown_category_is_refused(desk: Desk) -> None:
    with pytest.raises(ValidationFailed) as info:
        desk.register(category_id="no-such-category")
    assert [(e.field, e.problem) for e in info.value.errors] == [("category_id", FieldProblem.UNKNOWN_CHOICE)]


def test_registration_stores_normalized_phone(desk: Desk) -> None:
    rid = desk.register(citizen_phone="139-0000 0000")
    assert desk.store.case_detail(rid).citizen_phone == "13900000000"


def test_registration_records_deputies_once(desk: Desk) -> None:
    d = desk.store.save_deputy(by=desk.clerk.id, name="赵代表")
    rid = desk.register(deputy_ids=(d.id, d.id))
    assert [x.name for x in desk.store.case_detail(rid).deputies] == ["赵代表"]


def test_timeline_follows_the_rounds(desk: Desk, dissatisfied: str) -> None:
    desk.refer(dissatisfied)
    desk.reply(dissatisfied)
    desk.callback(dissatisfied, "satisfied")
    desk.sign_off(dissatisfied)
    timeline = desk.store.case_detail(dissatisfied).timeline
    assert [(e.kind, e.round_no) for e in timeline] == [
        ("received", 0),
        ("referred", 1),
        ("replied", 1),
        ("callback", 1),
        ("referred", 2),
        ("replied", 2),
        ("callback", 2),
        ("signed_off", 2),
    ]


def test_timeline_names_the_operators(desk: Desk) -> None:
    rid = at_stage(desk, "signed_off")
    assert {e.operator_name for e in desk.store.case_detail(rid).timeline} == {"李明"}


def test_refer_returns_the_stored_slip(desk: Desk) -> None:
    rid = desk.register()
    draft = ReferralDraft(desk.unit.id, " 王科长 ", desk.now.date(), 15, " 赵代表 ", note=" 尽快 ")
    ref = desk.store.refer(rid, draft, by=desk.clerk.id)
    assert (ref.handler, ref.supervisor, ref.note, ref.handling_unit_name) == (
        "王科长",
        "赵代表",
        "尽快",
        "五星街道办事处",
    )
    assert ref == desk.store.case_detail(rid).current_referral
