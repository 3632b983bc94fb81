"""The reception form: fast keyboard entry, inline errors, and nothing typed is ever lost."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from desk_app.storage import db as storage_db
from desk_app.storage.records import DeputyInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.session import DeskSession

from .conftest import type_chinese, wait_for_ops


@pytest.fixture
def deputy(store: DeskStore, session: DeskSession) -> DeputyInfo:
    return store.save_deputy(by=session.operator.id, name="陈代表", level="county")


@pytest.fixture
def form(qtbot, session: DeskSession, deputy: DeputyInfo) -> Iterator[ReceptionForm]:  # type: ignore[no-untyped-def]
    f = ReceptionForm(session)
    qtbot.addWidget(f)
    with qtbot.waitSignal(f.loaded, timeout=10_000):
        f.show()
    qtbot.waitExposed(f)
    f.activateWindow()
    qtbot.waitUntil(f.isActiveWindow)
    yield f
    wait_for_ops(qtbot)


def _fill(form: ReceptionForm, phone: str = "13912345678") -> None:
    type_chinese(form.citizen_name, "王秀兰")
    form.citizen_phone.setText(phone)
    type_chinese(form.citizen_address, "五星街道幸福小区3号楼")
    # Picked from the list: typing would open the completer popup, which offscreen Qt warns about.
    form.category.setCurrentIndex(form.category.findText("养老"))
    type_chinese(form.content, "小区电梯停运三天，老人下不了楼")


def _ctrl_enter(qtbot, form: ReceptionForm) -> None:  # type: ignore[no-untyped-def]
    form.content.setFocus()
    qtbot.keyClick(form.content, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_enter_saves_what_an_input_method_typed(
    qtbot,
    form: ReceptionForm,
    store: DeskStore,  # type: ignore[no-untyped-def]
    deputy: DeputyInfo,
) -> None:
    _fill(form)
    form.set_deputy_checked(deputy.id)
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        _ctrl_enter(qtbot, form)
    detail = store.case_detail(blocker.args[0])
    assert detail.citizen_name == "王秀兰"
    assert detail.citizen_phone == "13912345678"
    assert detail.citizen_address == "五星街道幸福小区3号楼"
    assert detail.category_name == "养老"
    assert detail.content == "小区电梯停运三天，老人下不了楼"
    assert detail.outcome == "needs_referral"
    assert [d.name for d in detail.deputies] == ["陈代表"]
    assert [row.id for row in store.list_cases(store.case_filter())] == [detail.id]


def test_after_saving_the_form_is_ready_for_the_next_citizen(
    qtbot,
    form: ReceptionForm,  # type: ignore[no-untyped-def]
    deputy: DeputyInfo,
) -> None:
    _fill(form)
    form.channel.setCurrentIndex(form.channel.findData("hotline_12345"))
    form.set_deputy_checked(deputy.id)
    with qtbot.waitSignal(form.saved, timeout=10_000):
        _ctrl_enter(qtbot, form)
    assert form.citizen_name.text() == ""
    assert form.content.toPlainText() == ""
    assert form.category.currentText() == ""
    # What stays the same from one citizen to the next is kept.
    assert form.channel.currentData() == "hotline_12345"
    assert form.selected_deputy_ids() == [deputy.id]
    assert form.banner.isVisible()
    assert QApplication.focusWidget() is form.citizen_name


def test_saving_announces_the_changed_case(qtbot, form: ReceptionForm, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _fill(form)
    with qtbot.waitSignal(session.events.case_changed, timeout=10_000) as blocker:
        form.save()
    assert blocker.args[0] == form.last_saved_id


@pytest.mark.usefixtures("chinese")
def test_bad_phone_shows_the_chinese_message_inline_and_keeps_every_field(
    form: ReceptionForm, store: DeskStore
) -> None:
    _fill(form, phone="12345")
    form.save()
    assert "电话" in form.error_text("citizen_phone")
    assert form.citizen_phone.property("invalid") is True
    assert QApplication.focusWidget() is form.citizen_phone
    assert form.citizen_name.text() == "王秀兰"
    assert form.citizen_phone.text() == "12345"
    assert form.content.toPlainText() == "小区电梯停运三天，老人下不了楼"
    assert form.category.currentText() == "养老"
    assert store.count_cases(store.case_filter()) == 0


def test_bad_phone_is_flagged_on_leaving_the_field(qtbot, form: ReceptionForm) -> None:  # type: ignore[no-untyped-def]
    form.citizen_phone.setFocus()
    qtbot.keyClicks(form.citizen_phone, "139")
    qtbot.keyClick(form.citizen_phone, Qt.Key.Key_Tab)
    assert form.error_text("citizen_phone")


def test_empty_content_is_required_and_focused(form: ReceptionForm) -> None:
    type_chinese(form.citizen_name, "王秀兰")
    form.save()
    assert form.error_text("content")
    assert QApplication.focusWidget() is form.content
    assert form.citizen_name.text() == "王秀兰"


def test_unknown_category_is_refused_inline(form: ReceptionForm) -> None:
    _fill(form)
    form.category.setEditText("不存在的类别")
    form.save()
    assert form.error_text("category_id")


def test_answered_on_the_spot_shows_and_saves_the_answer(
    qtbot,
    form: ReceptionForm,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    assert not form.on_site_answer.isVisible()
    _fill(form)
    form.on_site.setChecked(True)
    assert form.on_site_answer.isVisible()
    type_chinese(form.on_site_answer, "已联系物业，当天恢复运行")
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        form.save()
    detail = store.case_detail(blocker.args[0])
    assert detail.outcome == "resolved_on_site"
    assert detail.on_site_answer == "已联系物业，当天恢复运行"


def test_a_second_ctrl_enter_during_a_save_does_not_save_twice(
    qtbot,
    form: ReceptionForm,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    _fill(form)
    form.save()
    form.save()
    wait_for_ops(qtbot)
    assert store.count_cases(store.case_filter()) == 1


def test_escape_does_not_wipe_the_form(qtbot, form: ReceptionForm) -> None:  # type: ignore[no-untyped-def]
    _fill(form)
    qtbot.keyClick(form.content, Qt.Key.Key_Escape)
    assert form.content.toPlainText() == "小区电梯停运三天，老人下不了楼"
    assert form.citizen_name.text() == "王秀兰"


def test_tab_follows_the_visual_order(qtbot, form: ReceptionForm) -> None:  # type: ignore[no-untyped-def]
    form.citizen_name.setFocus()
    expected = [form.citizen_phone, form.citizen_address, form.category, form.content, form.deputies]
    for widget in expected:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        accepted = {widget} | ({widget.lineEdit()} if hasattr(widget, "lineEdit") else set())
        assert QApplication.focusWidget() is not None and QApplication.focusWidget() in accepted


def test_save_and_refer_asks_to_open_the_case(qtbot, form: ReceptionForm) -> None:  # type: ignore[no-untyped-def]
    _fill(form)
    with qtbot.waitSignal(form.refer_requested, timeout=10_000) as blocker:
        qtbot.mouseClick(form.save_refer_button, Qt.MouseButton.LeftButton)
    assert blocker.args[0] == form.last_saved_id


@pytest.fixture
def impatient_store(monkeypatch: pytest.MonkeyPatch, store: DeskStore) -> DeskStore:
    """The store waits only 0.2 s for a lock (instead of 5 s), so a locked file fails fast."""
    monkeypatch.setattr(storage_db, "BUSY_TIMEOUT_MS", 200)
    store.db.engine.dispose()  # new connections pick up the short timeout
    return store


@pytest.mark.usefixtures("chinese")
def test_locked_database_keeps_the_form_and_says_so_plainly(
    qtbot,
    impatient_store: DeskStore,  # type: ignore[no-untyped-def]
    form: ReceptionForm,
) -> None:
    _fill(form)
    blocker = sqlite3.connect(impatient_store.db.path, isolation_level=None, timeout=0.1)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        form.save()
        wait_for_ops(qtbot)
        box = form.findChild(QMessageBox, "problemBox")
        assert box is not None
        assert "数据库" in box.text()
        box.close()
        assert form.citizen_name.text() == "王秀兰"
        assert form.content.toPlainText() == "小区电梯停运三天，老人下不了楼"
        assert form.save_button.isEnabled()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    # Once the lock is gone, the same form saves as it is.
    with qtbot.waitSignal(form.saved, timeout=10_000):
        form.save()


def test_clear_button_asks_before_throwing_typing_away(qtbot, form: ReceptionForm) -> None:  # type: ignore[no-untyped-def]
    _fill(form)
    qtbot.mouseClick(form.clear_button, Qt.MouseButton.LeftButton)
    box = form.findChild(QMessageBox, "clearBox")
    assert box is not None
    box.button(QMessageBox.StandardButton.No).click()
    assert form.content.toPlainText() == "小区电梯停运三天，老人下不了楼"


def test_a_group_consultation_is_saved_with_its_head_count(
    qtbot,
    form: ReceptionForm,
    store: DeskStore,  # type: ignore[no-untyped-def]
) -> None:
    from desk_app.storage.models import Reception

    _fill(form)
    form.consultation.setChecked(True)
    form.headcount.setValue(12)
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        form.save()
    with store.db.reading() as s:
        saved = s.get(Reception, blocker.args[0])
        assert saved is not None
        assert (saved.outcome, saved.status, saved.headcount) == ("consultation", "resolved_on_site", 12)
    assert form.headcount.value() == 1  # ready for the next citizen
