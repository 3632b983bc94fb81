"""Nothing typed is lost (issue 10): drafts of the reception form and of the move dialogs survive
signing out, quitting and a crash, belong to their operator, and are discarded only on request,
after a question."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from desk_app.storage.drafts import DraftFiles, case_key, drafts_folder
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_actions import ReplyDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.main_window import MainWindow
from desk_app.ui.reception_form import DRAFT_KEY, ReceptionForm
from desk_app.ui.session import DeskSession
from tests.constants import DEPUTY_PIN

from . import case_fixtures as cf
from .conftest import type_chinese, wait_for_ops


def _files(store: DeskStore, operator_id: str) -> DraftFiles:
    return DraftFiles(drafts_folder(store.db.path.parent), operator_id)


def _form(qtbot, session: DeskSession) -> ReceptionForm:  # type: ignore[no-untyped-def]
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    return form


def _type_citizen(form: ReceptionForm) -> None:
    type_chinese(form.citizen_name, "王秀兰")
    type_chinese(form.citizen_address, "五星街道幸福小区3号楼")
    type_chinese(form.content, "小区电梯停运三天，老人下不了楼")


def _written(qtbot, store: DeskStore, operator_id: str, key: str) -> None:  # type: ignore[no-untyped-def]
    """Until the debounced draft is on disk (the keeper writes it shortly after the last key)."""
    qtbot.waitUntil(lambda: _files(store, operator_id).load(key) is not None, timeout=10_000)


@pytest.fixture
def deputy_id(store: DeskStore, clerk: OperatorInfo) -> str:
    return store.save_deputy(by=clerk.id, name="陈代表", level="county").id


# -- the reception form ------------------------------------------------------------------------------


def test_typing_is_written_as_a_draft_without_saving(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    _type_citizen(form)
    _written(qtbot, store, session.operator.id, DRAFT_KEY)
    draft = _files(store, session.operator.id).load(DRAFT_KEY)
    assert draft is not None and draft.values["citizen_name"] == "王秀兰"
    assert store.list_cases(store.case_filter()) == []


def test_a_new_window_after_a_crash_gives_the_reception_back(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, store: DeskStore, data_dir: Path, clock, deputy_id: str
) -> None:
    form = _form(qtbot, session)
    form.set_deputy_checked(deputy_id)
    _type_citizen(form)
    _written(qtbot, store, session.operator.id, DRAFT_KEY)
    # The crash: nothing is closed or flushed; a new program opens the same data folder.
    other_store = DeskStore.open(data_dir, clock=clock)
    try:
        again = _form(qtbot, DeskSession(other_store, other_store.station(), session.operator))
        assert again.citizen_name.text() == "王秀兰"
        assert again.citizen_address.text() == "五星街道幸福小区3号楼"
        assert again.content.toPlainText() == "小区电梯停运三天，老人下不了楼"
        assert again.selected_deputy_ids() == [deputy_id]
        assert again.banner.isVisible() and "Restored the unsaved draft" in again.banner.text.text()
        wait_for_ops(qtbot)
    finally:
        other_store.close()


def test_another_operator_does_not_see_the_draft(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, session_for: Callable[[str], DeskSession]
) -> None:
    form = _form(qtbot, session)
    _type_citizen(form)
    session.drafts.save_all()
    other = _form(qtbot, session_for("deputy"))
    assert other.citizen_name.text() == "" and other.content.toPlainText() == ""
    assert not other.banner.isVisible()


def test_saving_the_reception_removes_its_draft(
    qtbot, session: DeskSession, store: DeskStore, deputy_id: str
) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    form.set_deputy_checked(deputy_id)
    _type_citizen(form)
    session.drafts.save_all()
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()
    session.drafts.flush()
    assert _files(store, session.operator.id).load(DRAFT_KEY) is None


def _restored_form(qtbot, session: DeskSession) -> ReceptionForm:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    _type_citizen(form)
    session.drafts.save_all()
    return _form(qtbot, DeskSession(session.store, session.station, session.operator))


def test_discarding_a_restored_draft_asks_first(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    again = _restored_form(qtbot, session)
    again.banner.button.click()
    box = again.findChild(QMessageBox, "discardDraftBox")
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    assert again.citizen_name.text() == "王秀兰"
    session.drafts.flush()
    assert _files(store, session.operator.id).load(DRAFT_KEY) is not None


def test_discard_confirmed_empties_the_form_and_removes_the_draft(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, store: DeskStore
) -> None:
    again = _restored_form(qtbot, session)
    again.banner.button.click()
    box = again.findChild(QMessageBox, "discardDraftBox")
    assert box is not None
    box.button(QMessageBox.StandardButton.Yes).click()
    assert again.citizen_name.text() == "" and again.content.toPlainText() == ""
    session.drafts.flush()
    assert _files(store, session.operator.id).load(DRAFT_KEY) is None


# -- the reception time ---------------------------------------------------------------------------------


def test_the_reception_time_is_when_typing_began_not_when_the_form_was_cleared(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, store: DeskStore, clock, deputy_id: str
) -> None:
    form = _form(qtbot, session)  # the form was last reset at 10:00
    form.set_deputy_checked(deputy_id)
    clock.now = datetime(2026, 11, 20, 10, 37)
    type_chinese(form.citizen_name, "王秀兰")
    clock.now = datetime(2026, 11, 20, 10, 40)
    type_chinese(form.content, "楼道灯坏了")
    with qtbot.waitSignal(form.saved, timeout=10_000) as first:
        form.save()
    clock.now = datetime(2026, 11, 20, 10, 44)
    type_chinese(form.citizen_name, "李大爷")
    type_chinese(form.content, "垃圾清运不及时")
    clock.now = datetime(2026, 11, 20, 10, 46)
    with qtbot.waitSignal(form.saved, timeout=10_000) as second:
        form.save()
    assert store.case_detail(first.args[0]).received_at == datetime(2026, 11, 20, 10, 37)
    assert store.case_detail(second.args[0]).received_at == datetime(2026, 11, 20, 10, 44)


def test_a_reception_time_set_by_the_clerk_is_kept(
    qtbot, session: DeskSession, store: DeskStore, clock, deputy_id: str
) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    form.set_deputy_checked(deputy_id)
    form.received_at.setDateTime(datetime(2026, 11, 19, 15, 30))  # a paper record typed in later
    clock.now = datetime(2026, 11, 20, 10, 37)
    type_chinese(form.citizen_name, "王秀兰")
    type_chinese(form.content, "楼道灯坏了")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    assert store.case_detail(saved.args[0]).received_at == datetime(2026, 11, 19, 15, 30)


# -- too long, said not cut ---------------------------------------------------------------------


def test_a_pasted_name_past_the_limit_is_kept_whole_and_the_limit_is_said(
    qtbot, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    name = "王" * 60
    form.citizen_name.setFocus()
    QApplication.clipboard().setText(name)
    form.citizen_name.paste()
    assert form.citizen_name.text() == name
    assert "50" in form.error_text("citizen_name") and "60" in form.error_text("citizen_name")


def test_shortening_a_too_long_address_clears_the_message(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    form.citizen_address.setText("幸" * 201)
    assert "200" in form.error_text("citizen_address")
    form.citizen_address.setText("幸" * 200)
    assert form.error_text("citizen_address") == ""


# -- leaving the window -----------------------------------------------------------------------------


@pytest.fixture
def window(qtbot, session: DeskSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    yield w
    wait_for_ops(qtbot)


def _leave_button(window: MainWindow, name: str) -> QPushButton:
    assert window.leave_box is not None and window.leave_box.isVisible()
    button = window.leave_box.findChild(QPushButton, name)
    assert button is not None
    return button


def test_switching_operator_with_typing_asks_and_keeping_the_draft_switches(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, session: DeskSession, store: DeskStore
) -> None:
    _type_citizen(window.reception_form)
    window.lock_action.trigger()
    with qtbot.waitSignal(window.lock_requested, timeout=5_000):
        _leave_button(window, "keepDraftButton").click()
    draft = _files(store, session.operator.id).load(DRAFT_KEY)
    assert draft is not None and draft.values["content"] == "小区电梯停运三天，老人下不了楼"


def test_signing_in_again_as_the_same_operator_restores_the_reception(  # type: ignore[no-untyped-def]
    qtbot, window: MainWindow, session: DeskSession, store: DeskStore
) -> None:
    _type_citizen(window.reception_form)
    window.lock_action.trigger()
    with qtbot.waitSignal(window.lock_requested, timeout=5_000):
        _leave_button(window, "keepDraftButton").click()
    window.close()
    again = MainWindow(DeskSession(store, session.station, store.sign_in(session.operator.id, "305917")))
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.ready, timeout=15_000):
        again.show()
    assert again.reception_form.citizen_name.text() == "王秀兰"
    assert again.reception_form.banner.isVisible()


def test_quitting_with_typing_asks_and_cancel_stays(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    _type_citizen(window.reception_form)
    window.close()
    assert window.isVisible()
    _leave_button(window, "cancelLeaveButton").click()
    assert window.isVisible() and window.reception_form.citizen_name.text() == "王秀兰"


def test_quitting_and_discarding_removes_the_draft(
    qtbot, window: MainWindow, session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    _type_citizen(window.reception_form)
    session.drafts.save_all()
    with qtbot.waitSignal(window.closing, timeout=5_000):
        window.close()
        _leave_button(window, "discardDraftButton").click()
    assert _files(store, session.operator.id).load(DRAFT_KEY) is None


def test_quitting_without_typing_asks_nothing(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(window.closing, timeout=5_000):
        window.close()
    assert window.leave_box is None


# -- move dialogs ------------------------------------------------------------------------------------


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> cf.Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def _reply_dialog(qtbot, session: DeskSession, reception_id: str) -> ReplyDialog:  # type: ignore[no-untyped-def]
    dialog = ReplyDialog(session, session.store.case_detail(reception_id))
    qtbot.addWidget(dialog)
    dialog.show()
    cf.wait_idle(qtbot)
    return dialog


def test_esc_in_a_move_dialog_keeps_the_notes_for_next_time(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: cf.Desk
) -> None:
    dialog = _reply_dialog(qtbot, session, desk.referred)
    type_chinese(dialog.reply_edit, "已派人维修，周五前修好")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    again = _reply_dialog(qtbot, session, desk.referred)
    assert again.reply_edit.toPlainText() == "已派人维修，周五前修好"
    assert again.banner.isVisible()


def test_a_move_draft_belongs_to_its_case(
    qtbot, session: DeskSession, desk: cf.Desk, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, session, desk.referred)
    type_chinese(dialog.reply_edit, "已派人维修")
    dialog.reject()
    other_case = cf.add_case(store, clerk, name="李四")
    cf.refer(store, clerk, other_case, desk.unit.id)
    other = _reply_dialog(qtbot, session, other_case)
    assert other.reply_edit.toPlainText() == ""


def test_a_saved_move_removes_its_draft(qtbot, session: DeskSession, desk: cf.Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, session, desk.referred)
    type_chinese(dialog.reply_edit, "已派人维修")
    session.drafts.save_all()
    key = case_key(desk.referred, "replyDialog")
    assert _files(store, session.operator.id).load(key) is not None
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    session.drafts.flush()
    assert _files(store, session.operator.id).load(key) is None


def test_an_untouched_dialog_leaves_no_draft(
    qtbot, session: DeskSession, desk: cf.Desk, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, session, desk.referred)
    dialog.reject()
    session.drafts.flush()
    assert _files(store, session.operator.id).keys() == []


def test_a_deputys_drafts_are_not_the_clerks(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: cf.Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    deputy = store.add_operator(by=clerk.id, name="张代表", role="deputy", secret=DEPUTY_PIN)
    dialog = _reply_dialog(qtbot, session, desk.referred)
    type_chinese(dialog.reply_edit, "已派人维修")
    dialog.reject()
    session.drafts.flush()
    assert _files(store, deputy.id).keys() == []
    assert _files(store, clerk.id).keys() == [case_key(desk.referred, "replyDialog")]


def test_old_drafts_are_dropped_after_a_month(qtbot, session: DeskSession, store: DeskStore, clock) -> None:  # type: ignore[no-untyped-def]
    files = _files(store, session.operator.id)
    files.save(DRAFT_KEY, {"citizen_name": "王秀兰", "content": "旧事"}, clock.now - timedelta(days=31))
    form = _form(qtbot, session)
    assert form.citizen_name.text() == ""
    assert files.load(DRAFT_KEY) is None


# -- in Chinese ---------------------------------------------------------------------------------------


def test_the_restored_draft_banner_speaks_chinese(qtbot, chinese, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    again = _restored_form(qtbot, session)
    assert "已恢复未保存的草稿" in again.banner.text.text()
    assert again.banner.button.text() == "丢弃"


def test_the_quit_question_offers_keep_discard_cancel_in_chinese(
    qtbot, chinese, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    _type_citizen(w.reception_form)
    w.close()
    texts = [
        _leave_button(w, n).text() for n in ("keepDraftButton", "discardDraftButton", "cancelLeaveButton")
    ]
    assert texts == ["保存草稿并退出", "放弃", "取消"]
    assert "接待登记" in w.leave_box.text()  # type: ignore[union-attr]
    _leave_button(w, "cancelLeaveButton").click()
    wait_for_ops(qtbot)


def test_a_date_out_of_range_is_explained_in_chinese(
    qtbot, chinese, session: DeskSession, desk: cf.Desk, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, session, desk.referred)
    dialog.replied_on.setDate(store.today() + timedelta(days=2))
    assert "日期不能在将来" in dialog.errors.text("replied_on")


def test_a_too_long_name_is_explained_in_chinese(qtbot, chinese, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    form.citizen_name.setText("王" * 51)
    assert form.error_text("citizen_name") == "最多 50 个字，现在有 51 个字，请删减（内容已全部保留）。"


def test_the_case_view_says_a_move_was_begun_and_not_saved(
    qtbot, session: DeskSession, desk: cf.Desk
) -> None:  # type: ignore[no-untyped-def]
    dialog = _reply_dialog(qtbot, session, desk.referred)
    type_chinese(dialog.reply_edit, "已派人维修")
    dialog.reject()
    view = CaseView(session, desk.referred)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert view.banner.isVisible() and "begun and not saved" in view.banner.text.text()


def test_a_restored_address_past_the_limit_says_so_again(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    type_chinese(form.citizen_name, "王秀兰")
    form.citizen_address.setText("幸" * 210)
    session.drafts.save_all()
    again = _form(qtbot, DeskSession(session.store, session.station, session.operator))
    assert again.citizen_address.text() == "幸" * 210
    assert "200" in again.error_text("citizen_address")


def test_a_consultation_of_a_group_comes_back_with_its_head_count(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    form = _form(qtbot, session)
    _type_citizen(form)
    form.consultation.setChecked(True)
    form.headcount.setValue(12)
    session.drafts.save_all()
    again = _form(qtbot, DeskSession(session.store, session.station, session.operator))
    assert again.consultation.isChecked()
    assert again.headcount.value() == 12
