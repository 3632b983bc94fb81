"""The office's moves and the corrections as dialogs: each saved through the real store, each
refusal keeping what was typed and saying why in Chinese, and each offered by role.

A refusal is provoked the way it happens at a desk: the case changes behind an open dialog (the
unit's reply is recorded at another desk, say), so the store refuses the move; the dialog stays
open with what was typed and says why, in the words the command line and the server use.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from desk_app.domain.casebook import DissatisfactionCause
from desk_app.domain.lifecycle import REFUSAL_ZH, Move, Refusal
from desk_app.domain.permissions import Action, NotPermitted
from desk_app.domain.validation import MAX_CONTENT_CHARS
from desk_app.domain.vocab import ChaseMethod, Verdict
from desk_app.storage.case_moves import ExtensionDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_actions import ActionDialog
from desk_app.ui.case_corrections import (
    CorrectReferralDialog,
    CorrectRegistrationDialog,
    CorrectReplyDialog,
    CorrectVerdictDialog,
)
from desk_app.ui.case_office_moves import (
    ChaseDialog,
    CloseExplainedDialog,
    DecideExtensionDialog,
    ExtensionRequestDialog,
    MergeDialog,
    NotReachedDialog,
    ReopenDialog,
    ReturnDialog,
    VoidDialog,
    WithdrawDialog,
)
from desk_app.ui.case_view import CaseView
from desk_app.ui.messages import refusal_text
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle
from .conftest import type_chinese

DEPUTY_REFUSAL = NotPermitted(Action.CASE_WORK, "deputy").message_zh()


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def open_dialog(qtbot, cls: type[ActionDialog], session: DeskSession, reception_id: str) -> ActionDialog:  # type: ignore[no-untyped-def]
    dialog = cls(session, session.store.case_detail(reception_id))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot)  # some dialogs load the calendar or the categories
    return dialog


def save(qtbot, dialog: ActionDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.save_button.click()
    wait_idle(qtbot)


def saved(qtbot, dialog: ActionDialog) -> object:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as blocker:
        dialog.save_button.click()
    wait_idle(qtbot)
    return blocker.args[0]


def refused_with(qtbot, dialog: ActionDialog, words: str) -> None:  # type: ignore[no-untyped-def]
    save(qtbot, dialog)
    assert dialog.isVisible()
    assert dialog.banner.isVisible() and dialog.banner.text.text() == words


def replied(desk: Desk) -> str:
    cf.reply(desk.store, desk.clerk, desk.referred)
    return desk.referred


def called_back(desk: Desk, verdict: Verdict, cause: str = "") -> str:
    rid = replied(desk)
    desk.store.record_callback(
        rid,
        CallbackDraft(
            called_at=desk.store.clock(),
            caller="李明",
            method="phone",
            verdict=verdict,
            citizen_words="还是没有修好" if verdict is Verdict.DISSATISFIED else "",
            cause=cause,
        ),
        by=desk.clerk.id,
    )
    return rid


def signed_off(desk: Desk) -> str:
    rid = called_back(desk, Verdict.SATISFIED)
    desk.store.sign_off(rid, by=desk.clerk.id)
    return rid


def asked_for_more_time(desk: Desk, days: int = 5) -> str:
    desk.store.request_extension(
        desk.referred, ExtensionDraft(desk.store.today(), "需采购材料", days, "王强"), by=desk.clerk.id
    )
    return desk.referred


# -- return (退回) and referring again ---------------------------------------------------------------


def test_a_returned_slip_waits_to_be_referred_again_in_the_same_round(
    qtbot,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, ReturnDialog, session, desk.referred)
    type_chinese(dialog.reason_edit, "不属本单位职责，应交交通运输局")
    saved(qtbot, dialog)
    detail = session.store.case_detail(desk.referred)
    assert detail.status == "returned" and detail.round_no == 1
    assert detail.current_referral is not None and detail.current_referral.return_reason.startswith(
        "不属本单位"
    )


def test_referring_again_after_a_return_stays_in_the_round_and_asks_for_the_unit(  # type: ignore[no-untyped-def]
    qtbot, chinese, session: DeskSession, desk: Desk
) -> None:
    desk.store.return_slip(desk.referred, returned_on=desk.store.today(), reason="送错单位", by=desk.clerk.id)
    from desk_app.ui.case_actions import ReferDialog

    dialog = open_dialog(qtbot, ReferDialog, session, desk.referred)
    assert dialog.round_no == 1 and dialog.windowTitle() == "重新交办：承办单位退回了交办单"
    assert dialog.unit_combo.currentIndex() == -1  # the unit that returned it is not preselected
    assert "送错单位" in dialog.returned_label.text()
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(desk.other_unit.id))
    referral = saved(qtbot, dialog)
    assert (referral.round_no, referral.attempt) == (1, 2)  # type: ignore[attr-defined]


def test_a_return_refused_keeps_the_reason_and_says_why(
    qtbot, chinese, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReturnDialog, session, desk.referred)
    type_chinese(dialog.reason_edit, "不属本单位职责")
    replied(desk)  # the reply came in at another desk meanwhile
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.ALREADY_REPLIED])
    assert dialog.reason_edit.toPlainText() == "不属本单位职责"


def test_a_return_without_a_reason_is_marked_next_to_the_field(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, ReturnDialog, session, desk.referred)
    save(qtbot, dialog)
    assert dialog.errors.text("reason") == "此项必须填写。"
    assert session.store.case_detail(desk.referred).status == "referred"


# -- chase (催办) ------------------------------------------------------------------------------------


def test_a_chase_is_recorded_with_how_whom_and_what(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ChaseDialog, session, desk.overdue)
    assert dialog.contact_edit.text() == "王强"  # the slip's handler
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(ChaseMethod.DOCUMENT.value))
    type_chinese(dialog.note_edit, "已发催办函，单位承诺周五前答复")
    saved(qtbot, dialog)
    chase = session.store.case_detail(desk.overdue).chases[-1]
    assert (chase.method, chase.unit_contact, chase.note) == (
        "document",
        "王强",
        "已发催办函，单位承诺周五前答复",
    )


def test_a_chase_refused_keeps_what_was_said(qtbot, chinese, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ChaseDialog, session, desk.referred)
    type_chinese(dialog.note_edit, "电话催办，单位称正在办理")
    replied(desk)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.ALREADY_REPLIED])
    assert dialog.note_edit.toPlainText() == "电话催办，单位称正在办理"


def test_a_duty_deputy_may_chase(qtbot, desk: Desk, session_for) -> None:  # type: ignore[no-untyped-def]
    deputy = session_for("deputy")
    dialog = open_dialog(qtbot, ChaseDialog, deputy, desk.referred)
    type_chinese(dialog.note_edit, "电话催办")
    saved(qtbot, dialog)
    assert deputy.store.case_detail(desk.referred).chases[-1].created_by_name == deputy.operator.name


# -- callbacks that did not reach the citizen (未接通) ---------------------------------------------------


def test_an_unreached_callback_is_kept_and_the_case_still_waits(
    qtbot, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    rid = replied(desk)
    dialog = open_dialog(qtbot, NotReachedDialog, session, rid)
    type_chinese(dialog.note_edit, "无人接听")
    saved(qtbot, dialog)
    detail = session.store.case_detail(rid)
    assert detail.status == "replied"
    assert [(a.caller, a.note) for a in detail.attempts] == [("李明", "无人接听")]


def test_an_unreached_callback_refused_keeps_the_note(
    qtbot, chinese, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    rid = replied(desk)
    dialog = open_dialog(qtbot, NotReachedDialog, session, rid)
    type_chinese(dialog.note_edit, "关机")
    desk.store.record_callback(
        rid,
        CallbackDraft(called_at=desk.store.clock(), caller="李明", method="phone", verdict=Verdict.SATISFIED),
        by=desk.clerk.id,
    )
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.CALLBACK_ALREADY_DONE])
    assert dialog.note_edit.toPlainText() == "关机"


# -- extensions (延期) -----------------------------------------------------------------------------------


def test_an_extension_request_previews_the_new_deadline_and_is_recorded(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, ExtensionRequestDialog, session, desk.referred)
    assert isinstance(dialog, ExtensionRequestDialog)
    dialog.days_spin.setValue(5)
    slip = session.store.case_detail(desk.referred).current_referral
    assert slip is not None and slip.reply_due.isoformat() in dialog.new_due_label.text()
    type_chinese(dialog.reason_edit, "需采购电梯配件")
    saved(qtbot, dialog)
    detail = session.store.case_detail(desk.referred)
    assert detail.pending_extension is not None and detail.pending_extension.extra_working_days == 5
    assert detail.pending_extension.requested_by == "王强"


def test_a_second_request_while_one_is_pending_is_refused_and_kept(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, ExtensionRequestDialog, session, desk.referred)
    type_chinese(dialog.reason_edit, "材料未到")
    asked_for_more_time(desk)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.EXTENSION_PENDING])
    assert dialog.reason_edit.toPlainText() == "材料未到"


def test_approving_an_extension_moves_the_deadline(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    old_due = session.store.case_detail(asked_for_more_time(desk, days=5)).current_referral.reply_due  # type: ignore[union-attr]
    dialog = open_dialog(qtbot, DecideExtensionDialog, session, desk.referred)
    assert isinstance(dialog, DecideExtensionDialog)
    assert "需采购材料" in dialog.findChild(type(dialog.new_due_label), "requestLine").text()
    dialog.approve_button.click()
    new_due = saved(qtbot, dialog)
    assert isinstance(new_due, date) and new_due > old_due
    detail = session.store.case_detail(desk.referred)
    assert detail.current_referral is not None and detail.current_referral.reply_due == new_due
    assert detail.extensions[-1].state == "approved"


def test_refusing_an_extension_needs_a_note(qtbot, chinese, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    asked_for_more_time(desk)
    dialog = open_dialog(qtbot, DecideExtensionDialog, session, desk.referred)
    assert isinstance(dialog, DecideExtensionDialog)
    save(qtbot, dialog)
    assert dialog.errors.text("decision") == "请选择同意或不同意。"
    dialog.refuse_button.click()
    save(qtbot, dialog)
    assert dialog.errors.text("decision_note") == "此项必须填写。"
    type_chinese(dialog.note_edit, "理由不充分，请按期办结")
    saved(qtbot, dialog)
    assert session.store.case_detail(desk.referred).extensions[-1].state == "refused"


# -- closing with an explanation, reopening, withdrawing, voiding, merging ---------------------------


def test_a_dissatisfaction_beyond_policy_is_closed_with_the_explanation(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    rid = called_back(desk, Verdict.DISSATISFIED, DissatisfactionCause.BEYOND_POLICY.value)
    dialog = open_dialog(qtbot, CloseExplainedDialog, session, rid)
    assert "诉求超出政策范围" in dialog.findChild(type(dialog.question_label), "closeBasis").text()
    type_chinese(dialog.reason_edit, "已向群众解释相关补偿政策，其要求超出标准")
    saved(qtbot, dialog)
    assert session.store.case_detail(rid).status == "closed_explained"


def test_closing_with_an_explanation_refused_keeps_it(
    qtbot, chinese, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    rid = called_back(desk, Verdict.DISSATISFIED, DissatisfactionCause.BEYOND_POLICY.value)
    dialog = open_dialog(qtbot, CloseExplainedDialog, session, rid)
    type_chinese(dialog.reason_edit, "已解释政策")
    cf.refer(desk.store, desk.clerk, rid, desk.unit.id)  # another clerk started the second round
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.NOT_DISSATISFIED])
    assert dialog.reason_edit.toPlainText() == "已解释政策"


def test_a_signed_off_case_is_reopened(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    rid = signed_off(desk)
    dialog = open_dialog(qtbot, ReopenDialog, session, rid)
    type_chinese(dialog.reason_edit, "群众反映电梯又坏了")
    saved(qtbot, dialog)
    assert session.store.case_detail(rid).status == "reopened"


def test_reopening_refused_keeps_the_reason(qtbot, chinese, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    rid = signed_off(desk)
    dialog = open_dialog(qtbot, ReopenDialog, session, rid)
    type_chinese(dialog.reason_edit, "群众再次来访")
    desk.store.reopen(rid, reason="已由他人重办", by=desk.clerk.id)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.NOT_CLOSED])
    assert dialog.reason_edit.toPlainText() == "群众再次来访"


def test_a_withdrawal_closes_the_case(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, WithdrawDialog, session, desk.referred)
    type_chinese(dialog.reason_edit, "群众来电表示问题已自行解决")
    saved(qtbot, dialog)
    assert session.store.case_detail(desk.referred).status == "withdrawn"


def test_a_withdrawal_refused_keeps_the_reason(qtbot, chinese, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, WithdrawDialog, session, desk.referred)
    type_chinese(dialog.reason_edit, "群众撤回")
    desk.store.withdraw(desk.referred, reason="已撤回", by=desk.clerk.id)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.CASE_WITHDRAWN])
    assert dialog.reason_edit.toPlainText() == "群众撤回"


def test_a_registration_without_a_slip_is_voided(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, VoidDialog, session, desk.waiting)
    type_chinese(dialog.reason_edit, "测试数据")
    saved(qtbot, dialog)
    assert session.store.case_detail(desk.waiting).status == "voided"


def test_voiding_a_case_that_got_a_slip_meanwhile_is_refused(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, VoidDialog, session, desk.waiting)
    type_chinese(dialog.reason_edit, "重复登记")
    cf.refer(desk.store, desk.clerk, desk.waiting, desk.unit.id)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.HAS_SLIP])
    assert dialog.reason_edit.toPlainText() == "重复登记"


def test_a_duplicate_is_merged_into_the_case_found_by_its_slip_number(
    qtbot,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    target = session.store.case_detail(desk.referred).current_referral
    assert target is not None
    dialog = open_dialog(qtbot, MergeDialog, session, desk.waiting)
    assert isinstance(dialog, MergeDialog)
    dialog.search_edit.setText(target.serial)
    dialog.search()
    wait_idle(qtbot)
    assert dialog.target_id() == desk.referred
    type_chinese(dialog.reason_edit, "同一件事重复登记")
    saved(qtbot, dialog)
    detail = session.store.case_detail(desk.waiting)
    assert detail.status == "merged" and detail.merged_into == desk.referred


def test_a_merge_target_is_found_by_the_citizens_name(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, MergeDialog, session, desk.waiting)
    assert isinstance(dialog, MergeDialog)
    type_chinese(dialog.search_edit, "李四婷")
    dialog.search()
    wait_idle(qtbot)
    assert dialog.results.count() == 1 and dialog.target_id() == desk.referred
    assert "李四婷" in dialog.results.item(0).text()


def test_a_merge_without_a_target_is_marked_and_keeps_the_reason(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, MergeDialog, session, desk.waiting)
    type_chinese(dialog.reason_edit, "重复")
    save(qtbot, dialog)
    assert dialog.errors.text("into_id") == "请查找此件所重复的案件，并在列表中选中。"
    assert dialog.reason_edit.toPlainText() == "重复" and dialog.isVisible()


# -- corrections (更正) ---------------------------------------------------------------------------------


def test_a_registration_is_corrected_with_its_fields_prefilled(
    qtbot, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, CorrectRegistrationDialog, session, desk.referred)
    assert isinstance(dialog, CorrectRegistrationDialog)
    assert dialog.name_edit.text() == "李四婷" and dialog.phone_edit.text() == "13600003333"
    assert dialog.content_edit.toPlainText() == "楼道堆放杂物存在消防隐患"
    dialog.name_edit.clear()
    type_chinese(dialog.name_edit, "李思婷")
    type_chinese(dialog.reason_edit, "姓名听错")
    assert saved(qtbot, dialog) == ["citizen_name"]
    assert session.store.case_detail(desk.referred).citizen_name == "李思婷"


def test_the_number_received_and_the_note_are_corrected_in_the_dialog(
    qtbot, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, CorrectRegistrationDialog, session, desk.referred)
    assert isinstance(dialog, CorrectRegistrationDialog)
    assert dialog.headcount_spin.value() == 1 and dialog.note_edit.toPlainText() == ""
    dialog.headcount_spin.setValue(4)
    type_chinese(dialog.note_edit, "业主代表集体来访")
    type_chinese(dialog.reason_edit, "人数漏登")
    assert saved(qtbot, dialog) == ["headcount", "note"]
    detail = session.store.case_detail(desk.referred)
    assert (detail.headcount, detail.note) == (4, "业主代表集体来访")


def test_a_note_too_long_is_marked_in_chinese_and_nothing_is_saved(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, CorrectRegistrationDialog, session, desk.referred)
    assert isinstance(dialog, CorrectRegistrationDialog)
    dialog.note_edit.setPlainText("备" * (MAX_CONTENT_CHARS + 1))
    type_chinese(dialog.reason_edit, "备注漏记")
    save(qtbot, dialog)
    assert dialog.errors.text("note") == "内容太长。"
    assert session.store.case_detail(desk.referred).note == ""


def test_a_correction_without_a_reason_is_marked_and_keeps_the_change(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, CorrectRegistrationDialog, session, desk.referred)
    assert isinstance(dialog, CorrectRegistrationDialog)
    dialog.name_edit.clear()
    type_chinese(dialog.name_edit, "李思婷")
    save(qtbot, dialog)
    assert dialog.errors.text("reason") == "此项必须填写。"
    assert dialog.name_edit.text() == "李思婷"
    assert session.store.case_detail(desk.referred).citizen_name == "李四婷"


def test_a_correction_that_changes_nothing_is_refused_plainly(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    dialog = open_dialog(qtbot, CorrectRegistrationDialog, session, desk.referred)
    type_chinese(dialog.reason_edit, "核对")
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.NOTHING_TO_CORRECT])
    assert dialog.reason_edit.toPlainText() == "核对"


def test_the_slip_is_corrected_and_its_deadline_follows(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    before = session.store.case_detail(desk.referred).current_referral
    dialog = open_dialog(qtbot, CorrectReferralDialog, session, desk.referred)
    assert isinstance(dialog, CorrectReferralDialog)
    assert dialog.supervisor_edit.text() == "王代表" and dialog.days_spin.value() == 15
    dialog.days_spin.setValue(10)
    type_chinese(dialog.reason_edit, "时限填错")
    saved(qtbot, dialog)
    after = session.store.case_detail(desk.referred).current_referral
    assert before is not None and after is not None
    assert after.working_days == 10 and after.reply_due < before.reply_due


def test_the_reply_is_corrected(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    rid = replied(desk)
    dialog = open_dialog(qtbot, CorrectReplyDialog, session, rid)
    assert isinstance(dialog, CorrectReplyDialog)
    assert dialog.reply_edit.toPlainText() == "已联系物业维修"
    dialog.reply_edit.clear()
    type_chinese(dialog.reply_edit, "已清理楼道杂物")
    type_chinese(dialog.reason_edit, "答复内容登记错")
    saved(qtbot, dialog)
    slip = session.store.case_detail(rid).current_referral
    assert slip is not None and slip.reply_text == "已清理楼道杂物"


def test_a_mis_clicked_satisfied_is_corrected_and_the_cause_is_asked(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
) -> None:
    rid = called_back(desk, Verdict.SATISFIED)
    dialog = open_dialog(qtbot, CorrectVerdictDialog, session, rid)
    assert isinstance(dialog, CorrectVerdictDialog)
    assert dialog.verdict_buttons[Verdict.SATISFIED].isChecked()
    assert not dialog.cause_box.isVisible()
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    assert dialog.cause_box.isVisible()
    type_chinese(dialog.reason_edit, "回访时点错了")
    save(qtbot, dialog)
    assert dialog.errors.text("cause") == "此项必须填写。"
    dialog.cause_buttons[DissatisfactionCause.UNIT_FAULT].click()
    saved(qtbot, dialog)
    assert session.store.case_detail(rid).status == "dissatisfied"


# -- the role decides what is offered; the store decides what is done --------------------------------

OFFICE_DIALOGS: list[tuple[type[ActionDialog], Callable[[Desk], str], Callable[[ActionDialog], None]]] = [
    (ReturnDialog, lambda d: d.referred, lambda w: type_chinese(w.reason_edit, "送错单位")),  # type: ignore[attr-defined]
    (ExtensionRequestDialog, lambda d: d.referred, lambda w: type_chinese(w.reason_edit, "材料未到")),  # type: ignore[attr-defined]
    (WithdrawDialog, lambda d: d.referred, lambda w: type_chinese(w.reason_edit, "群众撤回")),  # type: ignore[attr-defined]
    (VoidDialog, lambda d: d.waiting, lambda w: type_chinese(w.reason_edit, "测试")),  # type: ignore[attr-defined]
    (ReopenDialog, signed_off, lambda w: type_chinese(w.reason_edit, "又来反映")),  # type: ignore[attr-defined]
    (CorrectReplyDialog, replied, lambda w: type_chinese(w.reason_edit, "登记错")),  # type: ignore[attr-defined]
]


@pytest.mark.parametrize(("cls", "case", "fill"), OFFICE_DIALOGS, ids=[c[0].__name__ for c in OFFICE_DIALOGS])
def test_an_office_move_made_by_a_deputy_is_refused_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, chinese, desk: Desk, session_for, cls, case, fill
) -> None:
    rid = case(desk)
    deputy = session_for("deputy")
    dialog = open_dialog(qtbot, cls, deputy, rid)
    fill(dialog)
    typed = dialog.reason_edit.toPlainText()  # type: ignore[attr-defined]
    status = deputy.store.case_detail(rid).status
    refused_with(qtbot, dialog, DEPUTY_REFUSAL)
    assert dialog.reason_edit.toPlainText() == typed  # type: ignore[attr-defined]
    assert deputy.store.case_detail(rid).status == status


def _view(qtbot, session: DeskSession, rid: str) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    wait_idle(qtbot)
    return view


def _shown(view: CaseView) -> set[Move]:
    return {m for m, b in view.move_buttons.items() if b.isVisible()} | {
        m for m, a in view.move_actions.items() if a.isVisible()
    }


def test_a_deputy_sees_only_the_callback_and_the_chase(qtbot, desk: Desk, session_for) -> None:  # type: ignore[no-untyped-def]
    deputy = session_for("deputy")
    assert _shown(_view(qtbot, deputy, desk.referred)) == {Move.CALLBACK, Move.CHASE}
    rid = replied(desk)
    view = _view(qtbot, deputy, rid)
    assert _shown(view) == {Move.CALLBACK, Move.CALLBACK_NOT_REACHED}
    assert view.callback_button.isEnabled()
    assert not view.other_button.isVisible() and not view.correct_button.isVisible()
    assert not view.full_phone_check.isVisible()


def test_the_office_sees_its_moves_where_they_apply(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session, desk.referred)
    shown = _shown(view)
    assert {
        Move.REFER,
        Move.REPLY,
        Move.CALLBACK,
        Move.SIGN_OFF,
        Move.CHASE,
        Move.REQUEST_EXTENSION,
        Move.RETURN,
    } <= shown
    assert not {Move.DECIDE_EXTENSION, Move.CALLBACK_NOT_REACHED, Move.CLOSE_EXPLAINED, Move.REOPEN} & shown
    assert view.other_button.isVisible() and view.correct_button.isVisible()
    assert view.move_actions[Move.WITHDRAW].isEnabled()
    assert not view.move_actions[Move.VOID].isEnabled()
    assert view.move_actions[Move.VOID].toolTip() == refusal_text(Refusal.HAS_SLIP)


def test_a_pending_extension_brings_the_decision(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session, asked_for_more_time(desk))
    shown = _shown(view)
    assert Move.DECIDE_EXTENSION in shown and Move.REQUEST_EXTENSION not in shown
    dialog = view.open_move(Move.DECIDE_EXTENSION)
    assert isinstance(dialog, DecideExtensionDialog)
    wait_idle(qtbot)


@pytest.mark.parametrize(
    ("cause", "offered"),
    [(DissatisfactionCause.BEYOND_POLICY, True), (DissatisfactionCause.UNIT_FAULT, False)],
)
def test_closing_with_an_explanation_is_offered_only_beyond_policy(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    cause: DissatisfactionCause,
    offered: bool,
) -> None:
    view = _view(qtbot, session, called_back(desk, Verdict.DISSATISFIED, cause.value))
    assert (Move.CLOSE_EXPLAINED in _shown(view)) is offered
    assert view.refer_button.isEnabled()


def test_a_closed_case_offers_reopening(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session, signed_off(desk))
    assert Move.REOPEN in _shown(view)
    assert not view.refer_button.isEnabled()


def test_the_view_reloads_after_a_move_made_from_it(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session, desk.referred)
    dialog = view.open_move(Move.CHASE)
    assert isinstance(dialog, ChaseDialog)
    type_chinese(dialog.note_edit, "电话催办")
    with qtbot.waitSignals([dialog.saved, view.loaded], timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert view.detail is not None and len(view.detail.chases) == 1


def test_a_deputy_is_told_the_next_step_is_the_offices(qtbot, chinese, desk: Desk, session_for) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session_for("deputy"), desk.waiting)
    assert view.next_label.text().endswith("这一步由办公室办理。")


def test_callback_overdue_is_said_with_its_deadline(
    qtbot, chinese, session: DeskSession, desk: Desk, clock
) -> None:  # type: ignore[no-untyped-def]
    rid = replied(desk)  # replied on Friday 2026-11-20: the callback is due the next working day
    clock.now += timedelta(days=5)  # Wednesday 11-25
    view = _view(qtbot, session, rid)
    assert view.waiting_label.text() == "待回访，应于 2026-11-23 星期一 前回访（已超期 2 天）"
    assert view.overdue_label.isVisible()


def test_a_merge_into_a_case_voided_meanwhile_is_refused_and_kept(
    qtbot,
    chinese,
    session: DeskSession,  # type: ignore[no-untyped-def]
    desk: Desk,
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    twin = cf.add_case(store, clerk, name="张三", content="小区电梯经常故障")
    dialog = open_dialog(qtbot, MergeDialog, session, desk.waiting)
    assert isinstance(dialog, MergeDialog)
    dialog.search_edit.setText("13912345678")
    dialog.search()
    wait_idle(qtbot)
    assert dialog.target_id() == twin
    type_chinese(dialog.reason_edit, "重复登记")
    store.void(twin, reason="测试数据", by=clerk.id)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.MERGE_TARGET_INVALID])
    assert dialog.reason_edit.toPlainText() == "重复登记" and dialog.target_id() == twin


def test_a_decision_taken_elsewhere_meanwhile_is_refused(
    qtbot, chinese, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    rid = asked_for_more_time(desk)
    dialog = open_dialog(qtbot, DecideExtensionDialog, session, rid)
    assert isinstance(dialog, DecideExtensionDialog)
    dialog.refuse_button.click()
    type_chinese(dialog.note_edit, "理由不充分")
    pending = desk.store.case_detail(rid).pending_extension
    assert pending is not None
    desk.store.decide_extension(pending.id, approve=True, by=desk.clerk.id)
    refused_with(qtbot, dialog, REFUSAL_ZH[Refusal.NO_EXTENSION_PENDING])
    assert dialog.note_edit.toPlainText() == "理由不充分"


def _satisfied_and_signed_off(desk: Desk) -> None:
    desk.store.record_callback(
        desk.referred,
        CallbackDraft(called_at=desk.store.clock(), caller="李明", method="phone", verdict=Verdict.SATISFIED),
        by=desk.clerk.id,
    )
    desk.store.sign_off(desk.referred, by=desk.clerk.id)


@pytest.mark.parametrize(
    ("cls", "case", "meanwhile", "refusal"),
    [
        (CorrectReferralDialog, lambda d: d.referred, replied, Refusal.NOTHING_TO_CORRECT),
        (CorrectReplyDialog, replied, lambda d: _satisfied_and_signed_off(d), Refusal.CASE_SIGNED_OFF),
        (
            CorrectVerdictDialog,
            lambda d: called_back(d, Verdict.SATISFIED),
            lambda d: d.store.sign_off(d.referred, by=d.clerk.id),
            Refusal.CASE_SIGNED_OFF,
        ),
    ],
    ids=["slip", "reply", "verdict"],
)
def test_a_correction_refused_after_the_case_moved_on_keeps_the_reason(  # type: ignore[no-untyped-def]
    qtbot, chinese, session: DeskSession, desk: Desk, cls, case, meanwhile, refusal: Refusal
) -> None:
    rid = case(desk)
    dialog = open_dialog(qtbot, cls, session, rid)
    type_chinese(dialog.reason_edit, "登记错了")  # type: ignore[attr-defined]
    meanwhile(desk)
    refused_with(qtbot, dialog, REFUSAL_ZH[refusal])
    assert dialog.reason_edit.toPlainText() == "登记错了"  # type: ignore[attr-defined]
