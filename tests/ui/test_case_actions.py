"""The action dialogs: refer, reply, call back, sign off; refusals and failed saves keep the text."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desk_app.domain.casebook import DissatisfactionCause
from desk_app.domain.lifecycle import Refusal
from desk_app.domain.vocab import CallbackMethod, Verdict
from desk_app.domain.workcalendar import calendar_years
from desk_app.storage import db as storage_db
from desk_app.storage.records import CaseDetail, OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui import messages
from desk_app.ui.case_actions import (
    ESCALATED_SUPERVISOR,
    ActionDialog,
    CallbackDialog,
    ReferDialog,
    ReplyDialog,
    SignOffDialog,
)
from desk_app.ui.session import DeskSession
from tests.constants import CLERK_PIN

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle
from .conftest import type_chinese

zh = cf.zh
zh_catalogue = cf.zh_catalogue


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def open_dialog(qtbot, cls: type[ActionDialog], session: DeskSession, reception_id: str) -> ActionDialog:  # type: ignore[no-untyped-def]
    detail = session.store.case_detail(reception_id)
    dialog = cls(session, detail)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot)  # a refer dialog loads its handling units
    return dialog


def save(qtbot, dialog: ActionDialog) -> None:  # type: ignore[no-untyped-def]
    dialog.save_button.click()
    wait_idle(qtbot)


# -- refer -----------------------------------------------------------------------------------------


def test_refer_prefills_handler_from_the_unit(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    assert dialog.unit_combo.currentIndex() == -1  # the clerk must choose
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(desk.other_unit.id))
    assert dialog.handler_edit.text() == "刘洋"


def test_refer_does_not_overwrite_a_typed_handler(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    type_chinese(dialog.handler_edit, "孙科长")
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(desk.unit.id))
    assert dialog.handler_edit.text() == "孙科长"


def test_refer_defaults(
    qtbot, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    deputy = store.save_deputy(by=clerk.id, name="王代表", level="county")
    rid = cf.add_case(store, clerk, name="周八", deputy_ids=(deputy.id,))
    dialog = open_dialog(qtbot, ReferDialog, session, rid)
    assert dialog.days_spin.value() == 15
    assert dialog.referred_on.date().toPython() == store.today()
    assert dialog.supervisor_combo.currentText() == "王代表"


def test_refer_previews_the_deadline_live(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    assert dialog.due_label.text().startswith("2026-12-11")
    dialog.days_spin.setValue(5)
    assert dialog.due_label.text().startswith("2026-11-27")
    assert not dialog.estimate_label.isVisible()


def test_refer_warns_when_the_deadline_is_estimated(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    clock,
) -> None:
    last = calendar_years()[1]  # December of the package's last year: follows its yearly update
    clock.now = datetime(last, 12, 1, 9, 0)
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    dialog.days_spin.setValue(40)
    assert dialog.estimate_label.isVisible()
    assert dialog.estimate_label.text() == f"所选期限超出节假日日历已知年份（至 {last} 年），按周一至周五估算"


def test_refer_shows_the_serial_number_it_got(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(desk.unit.id))
    dialog.supervisor_combo.setEditText("王代表")
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save_button.click()
    wait_idle(qtbot)
    # make_desk issued slips 001-004 this year.
    assert dialog.serial_label.text() == "浉河监督岗〔2026〕第005号"
    assert saved.args[0].serial == dialog.serial_label.text()
    assert dialog.pages.currentWidget() is dialog.done_page
    assert session.store.case_detail(desk.waiting).status == "referred"


def test_refer_without_unit_marks_the_field_and_keeps_the_text(
    qtbot, zh, session: DeskSession, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    type_chinese(dialog.handler_edit, "孙科长")
    dialog.supervisor_combo.setEditText("王代表")
    save(qtbot, dialog)
    assert dialog.errors.text("handling_unit_id") == messages.field_problem_text(
        messages.FieldProblem.REQUIRED
    )
    assert dialog.handler_edit.text() == "孙科长"
    assert dialog.isVisible()
    assert session.store.case_detail(desk.waiting).status == "awaiting_referral"


def test_second_round_refer_escalates(qtbot, zh, session: DeskSession, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    cf.reply(store, session.operator, desk.referred)
    cf.callback(store, session.operator, desk.referred, Verdict.DISSATISFIED)
    dialog = open_dialog(qtbot, ReferDialog, session, desk.referred)
    assert dialog.round_no == 2
    assert "二次督办" in dialog.round_label.text()
    assert dialog.supervisor_combo.currentText() == ESCALATED_SUPERVISOR
    assert dialog.unit_combo.currentData() == desk.unit.id  # back to the same unit


# -- reply -----------------------------------------------------------------------------------------


def test_reply_is_recorded(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.referred)
    type_chinese(dialog.reply_edit, "已清理楼道杂物")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    referral = session.store.case_detail(desk.referred).current_referral
    assert referral is not None and referral.reply_text == "已清理楼道杂物"
    assert not dialog.isVisible()


def test_reply_says_whether_it_is_late(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.overdue)
    assert dialog.on_time_label.text().startswith("超期答复")


def test_empty_reply_is_refused_inline(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.referred)
    save(qtbot, dialog)
    assert dialog.errors.text("reply_text") == "此项必须填写。"
    assert dialog.isVisible()
    assert session.store.case_detail(desk.referred).status == "referred"


def test_ctrl_enter_saves_the_reply(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.referred)
    type_chinese(dialog.reply_edit, "已处理")
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2_000)
    dialog.reply_edit.setFocus()
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        qtbot.keyClick(dialog.reply_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot)


def test_escape_cancels_without_saving(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.referred)
    type_chinese(dialog.reply_edit, "不保存")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    wait_idle(qtbot)
    assert session.store.case_detail(desk.referred).status == "referred"


def test_move_made_meanwhile_is_refused_in_plain_words(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.referred)
    type_chinese(dialog.reply_edit, "第二个人也录了答复")
    cf.reply(store, session.operator, desk.referred, "另一台电脑已录入")
    save(qtbot, dialog)
    assert dialog.banner.isVisible()
    assert dialog.banner.text.text() == messages.refusal_text(Refusal.ALREADY_REPLIED)
    assert dialog.reply_edit.toPlainText() == "第二个人也录了答复"


# -- callback ----------------------------------------------------------------------------------------


def _replied(store: DeskStore, clerk: OperatorInfo, desk: Desk) -> str:
    cf.reply(store, clerk, desk.referred)
    return desk.referred


def test_callback_preselects_no_verdict(qtbot, session: DeskSession, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, session.operator, desk))
    assert dialog.verdict() is None
    assert not any(b.isChecked() for b in dialog.verdict_buttons.values())
    assert dialog.caller_edit.text() == "李明"


def test_callback_without_verdict_is_refused_and_keeps_the_words(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, session.operator, desk))
    type_chinese(dialog.words_edit, "还要再看看")
    save(qtbot, dialog)
    assert dialog.errors.text("verdict") == messages.field_problem_text(messages.FieldProblem.REQUIRED)
    assert dialog.words_edit.toPlainText() == "还要再看看"
    assert store.case_detail(desk.referred).status == "replied"


def test_satisfied_callback_is_recorded(qtbot, session: DeskSession, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, session.operator, desk))
    dialog.verdict_buttons[Verdict.BASICALLY_SATISFIED].click()
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(CallbackMethod.VISIT.value))
    type_chinese(dialog.words_edit, "基本解决了")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    detail: CaseDetail = store.case_detail(desk.referred)
    assert detail.status == "satisfied"
    assert detail.callbacks[-1].verdict == "basically_satisfied"
    assert detail.callbacks[-1].method == "visit"
    assert detail.callbacks[-1].citizen_words == "基本解决了"


def test_dissatisfied_verdict_warns_of_a_second_round(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, session.operator, desk))
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    assert "二次督办" in dialog.verdict_hint.text()


# -- sign-off ----------------------------------------------------------------------------------------


def test_sign_off_closes_the_case(qtbot, session: DeskSession, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    _replied(store, session.operator, desk)
    cf.callback(store, session.operator, desk.referred, Verdict.SATISFIED)
    dialog = open_dialog(qtbot, SignOffDialog, session, desk.referred)
    type_chinese(dialog.note_edit, "办结")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    detail = store.case_detail(desk.referred)
    assert detail.status == "signed_off"
    assert detail.sign_off_note == "办结"
    assert detail.signed_off_by_name == "李明"


def test_sign_off_before_callback_is_refused(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, SignOffDialog, session, desk.referred)
    expected = messages.refusal_text(Refusal.NO_CALLBACK_YET)
    assert dialog.banner.text.text() == expected
    save(qtbot, dialog)
    assert dialog.banner.text.text() == expected
    assert session.store.case_detail(desk.referred).status == "referred"


# -- a database another program holds -----------------------------------------------------------------


@pytest.fixture
def impatient_session(qtbot, tmp_path: Path, clock, monkeypatch) -> Iterator[DeskSession]:  # type: ignore[no-untyped-def]
    """A desk that gives up on a locked database after 0.2 s instead of 5 s."""
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    store = DeskStore.open(tmp_path / "impatient", clock=clock)
    clerk = store.set_up(
        station_name="浉河区五星街道人大代表监督岗",
        short_name="浉河监督岗",
        kind="supervision_post",
        district="浉河区",
        operator_name="李明",
        secret=CLERK_PIN,
    )
    yield DeskSession(store, store.station(), clerk)
    wait_idle(qtbot)
    store.close()


def test_failed_save_keeps_what_was_typed(qtbot, impatient_session: DeskSession, clock) -> None:  # type: ignore[no-untyped-def]
    session = impatient_session
    store, clerk = session.store, session.operator
    unit = cf.add_unit(store, clerk)
    rid = cf.add_case(store, clerk)
    cf.refer(store, clerk, rid, unit.id)
    clock.now += timedelta(days=1)
    dialog = open_dialog(qtbot, ReplyDialog, session, rid)
    type_chinese(dialog.reply_edit, "已派人维修电梯")
    blocker = sqlite3.connect(store.db.path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        save(qtbot, dialog)
        assert dialog.banner.isVisible()
        assert dialog.banner.text.text() == messages.describe_error(
            messages.StorageUnavailable(messages.StorageProblem.BUSY)
        )
        assert dialog.reply_edit.toPlainText() == "已派人维修电梯"
        assert dialog.save_button.isEnabled()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    # Once the other program lets go, saving again works.
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert store.case_detail(rid).status == "replied"


# -- why a citizen is dissatisfied ----------------------------------------------------------------------


def _replied(store: DeskStore, clerk: OperatorInfo, desk: Desk) -> str:
    cf.reply(store, clerk, desk.referred)
    return desk.referred


def test_a_dissatisfied_callback_asks_why_and_keeps_the_words(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, clerk, desk))
    assert isinstance(dialog, CallbackDialog)
    assert not dialog.cause_box.isVisible()
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    assert dialog.cause_box.isVisible()
    assert [b.text() for b in dialog.cause_buttons.values()] == [
        "承办单位未办好",
        "诉求超出政策范围",
        "其他原因",
    ]
    type_chinese(dialog.words_edit, "杂物还在")
    save(qtbot, dialog)
    assert dialog.errors.text("cause") == messages.field_problem_text(messages.FieldProblem.REQUIRED)
    assert dialog.words_edit.toPlainText() == "杂物还在" and dialog.isVisible()
    assert store.case_detail(desk.referred).status == "replied"


def test_a_demand_beyond_policy_is_recorded_and_the_hint_says_what_follows(  # type: ignore[no-untyped-def]
    qtbot, zh, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, clerk, desk))
    assert isinstance(dialog, CallbackDialog)
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    dialog.cause_buttons[DissatisfactionCause.BEYOND_POLICY].click()
    assert "解释后办结" in dialog.verdict_hint.text()
    type_chinese(dialog.words_edit, "要求按新房标准补偿")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    detail = store.case_detail(desk.referred)
    assert detail.status == "dissatisfied" and detail.callbacks[-1].cause == "beyond_policy"


def test_a_satisfied_verdict_needs_no_cause(
    qtbot,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, clerk, desk))
    assert isinstance(dialog, CallbackDialog)
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    dialog.cause_buttons[DissatisfactionCause.OTHER].click()
    dialog.verdict_buttons[Verdict.SATISFIED].click()
    assert not dialog.cause_box.isVisible() and dialog.draft().cause == ""
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert store.case_detail(desk.referred).status == "satisfied"
