"""The station's case classes in the window (类案一览, issue 14): the list with its counts, open or
settled, found by words; a class picked in it shows and acts (refer together); its cases in the
case list; reachable from the 转到 menu and the case list. A real desk file, real widgets."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QMenu

from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.class_store import ClassStore
from desk_app.storage.store import DeskStore
from desk_app.ui.case_class import ReferClassDialog
from desk_app.ui.case_model import ReceptionIdRole
from desk_app.ui.class_list import ClassListDialog
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .conftest import wait_for_ops

zh = cf.zh
zh_catalogue = cf.zh_catalogue


def _case(store: DeskStore, by: str, content: str) -> str:
    draft = ReceptionDraft(
        received_at=store.clock() - timedelta(hours=1),
        channel="walk_in",
        content=content,
        outcome="needs_referral",
    )
    return store.register_reception(draft, by=by)


@pytest.fixture
def classes(session: DeskSession) -> dict[str, str]:
    """An open class of three lift cases and a settled class of two street-light cases."""
    store, by = session.store, session.operator.id
    store.save_handling_unit(by=by, name="区住建局")
    cs = ClassStore(store)
    lifts = [_case(store, by, f"幸福小区{n}号楼加装电梯") for n in range(3)]
    lift_class = cs.form(lifts[0], "老旧小区加装电梯", by=by)
    for rid in lifts[1:]:
        cs.add(lift_class, rid, by=by)
    lamps = [_case(store, by, f"建设路{n}号路灯不亮") for n in range(2)]
    lamp_class = cs.form(lamps[0], "建设路路灯", by=by)
    cs.add(lamp_class, lamps[1], by=by)
    cs.settle(lamp_class, note="统一更换灯具", settled_on=store.today(), by=by)
    return {"lifts": lift_class, "lamps": lamp_class, "lift_case": lifts[0]}


def open_list(qtbot, session: DeskSession) -> ClassListDialog:  # type: ignore[no-untyped-def]
    dialog = ClassListDialog(session)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    wait_for_ops(qtbot)
    return dialog


def rows(dialog: ClassListDialog) -> list[list[str]]:
    m = dialog.model
    return [[m.index(r, c).data() for c in range(m.columnCount())] for r in range(m.rowCount())]


def choose(qtbot, dialog: ClassListDialog, combo: QComboBox, data: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(data))
    wait_for_ops(qtbot)


def test_the_list_shows_the_open_classes_with_their_counts(
    qtbot, zh, session: DeskSession, classes: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    assert [
        dialog.model.headerData(c, Qt.Orientation.Horizontal) for c in range(dialog.model.columnCount())
    ] == [
        "类案",
        "建立日期",
        "建立人",
        "案件",
        "待交办",
        "已一并交办",
        "已销号",
        "状态",
    ]
    assert rows(dialog) == [
        ["老旧小区加装电梯", session.store.today().isoformat(), "李明", "3", "3", "0", "0", "办理中"]
    ]
    assert dialog.count_label.text() == "共 1 个类案"


def test_the_settled_classes_say_when(qtbot, zh, session: DeskSession, classes: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    choose(qtbot, dialog, dialog.state_combo, "settled")
    assert [(r[0], r[7]) for r in rows(dialog)] == [
        ("建设路路灯", f"{session.store.today().isoformat()}办结")
    ]


def test_a_class_is_found_by_words_of_its_name(qtbot, session: DeskSession, classes: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    choose(qtbot, dialog, dialog.state_combo, "")
    assert len(rows(dialog)) == 2
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.search_box.setText("路灯")
    wait_for_ops(qtbot)
    assert [r[0] for r in rows(dialog)] == ["建设路路灯"]


def test_picking_a_class_shows_it_with_its_members(
    qtbot, session: DeskSession, classes: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    assert not dialog.box.isVisibleTo(dialog) and dialog.hint.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.box.loaded, timeout=10_000):
        dialog.table.selectRow(0)
    wait_for_ops(qtbot)
    assert dialog.box.info is not None and dialog.box.info.id == classes["lifts"]
    assert dialog.box.members.count() == 3 and dialog.box.isVisibleTo(dialog)
    assert not dialog.box.join_button.isVisibleTo(dialog)


def test_the_class_picked_is_referred_together_and_the_list_counts_it(
    qtbot, session: DeskSession, classes: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    with qtbot.waitSignal(dialog.box.loaded, timeout=10_000):
        dialog.table.selectRow(0)
    wait_for_ops(qtbot)
    dialog.box.open_refer()
    refer = dialog.box.dialog
    assert isinstance(refer, ReferClassDialog)
    wait_for_ops(qtbot)
    refer.handler_edit.setText("王科长")
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        refer.submit()
    wait_for_ops(qtbot)
    assert rows(dialog)[0][3:6] == ["3", "0", "3"]
    assert dialog.box.info is not None and len(dialog.box.info.slips) == 1
    assert dialog.box.print_button.isVisibleTo(dialog)


def test_a_member_is_taken_out_from_the_class_picked(
    qtbot, session: DeskSession, classes: dict[str, str]
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    with qtbot.waitSignal(dialog.box.loaded, timeout=10_000):
        dialog.table.selectRow(0)
    wait_for_ops(qtbot)
    assert not dialog.box.remove_button.isEnabled()  # nothing picked yet
    dialog.box.members.setCurrentRow(0)
    assert dialog.box.remove_button.isEnabled()
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.box.remove()
    wait_for_ops(qtbot)
    assert rows(dialog)[0][3] == "2"


def test_show_its_cases_asks_for_the_class(qtbot, session: DeskSession, classes: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    dialog = open_list(qtbot, session)
    dialog.table.selectRow(0)
    with qtbot.waitSignal(dialog.show_cases_requested, timeout=5_000) as asked:
        dialog.show_cases_button.click()
    wait_for_ops(qtbot)
    assert asked.args == [classes["lifts"], "老旧小区加装电梯"]


@pytest.fixture
def window(qtbot, session: DeskSession, classes: dict[str, str]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    yield w
    wait_for_ops(qtbot)


def test_the_go_menu_opens_the_list_of_classes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.classes_action.trigger()
    assert window.class_list is not None and window.class_list.isVisible()
    wait_for_ops(qtbot)
    window.classes_action.trigger()  # once more: the same window
    assert window.findChildren(ClassListDialog) == [window.class_list]
    wait_for_ops(qtbot)


def test_the_case_list_button_opens_the_list_of_classes(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.case_list.classes_button.click()
    assert window.class_list is not None and window.class_list.isVisible()
    wait_for_ops(qtbot)


def test_a_class_s_cases_show_in_the_case_list(qtbot, window: MainWindow, classes: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    dialog = window.show_classes()
    with qtbot.waitSignal(window.case_list.first_page_loaded, timeout=10_000):
        dialog.show_cases_requested.emit(classes["lifts"], "老旧小区加装电梯")
    wait_for_ops(qtbot)
    model = window.case_list.model
    assert window.tabs.currentWidget() is window.case_list
    assert model.rowCount() == 3
    assert classes["lift_case"] in {model.index(r, 0).data(ReceptionIdRole) for r in range(3)}


def test_each_go_entry_opens_the_tab_it_names(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    go = window.findChild(QMenu, "goMenu")
    entries = [a for a in go.actions() if not a.isSeparator() and a is not window.classes_action]
    assert len(entries) == window.tabs.count()
    for i, action in enumerate(entries):
        action.trigger()
        assert window.tabs.currentIndex() == i
        assert action.text() == window.tabs.tabText(i)
    wait_for_ops(qtbot)
