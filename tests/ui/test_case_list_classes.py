"""The case list and case classes (类案, issue 14): the 类案 column, its filter and its order in the
window, the export, and a remembered header from before the column existed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QHeaderView, QTableView

from desk_app.storage.class_store import ClassStore
from desk_app.storage.queries import CaseOrder
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_list import HEADER_SETTING, IN_NO_CLASS, CaseListPanel
from desk_app.ui.case_model import COL_CLASS, COL_ROUND, ReceptionIdRole
from desk_app.ui.session import DeskSession
from desk_app.ui.view_settings import ui_settings

from . import case_fixtures as cf
from . import test_window_fit as fit
from .case_fixtures import Desk, wait_idle

zh = cf.zh
zh_catalogue = cf.zh_catalogue
desk_font = fit.desk_font  # the font the desk sets at start: the widths the clerk sees

SUBJECT = "老旧小区加装电梯"


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


@pytest.fixture
def class_id(desk: Desk, store: DeskStore, clerk: OperatorInfo) -> str:
    """The waiting and the referred case of the desk, in one class."""
    classes = ClassStore(store)
    class_id = classes.form(desk.waiting, SUBJECT, by=clerk.id)
    classes.add(class_id, desk.referred, by=clerk.id)
    return class_id


def open_panel(qtbot, session: DeskSession, width: int = 1300) -> CaseListPanel:  # type: ignore[no-untyped-def]
    panel = CaseListPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        panel.resize(width, 600)
        panel.show()
    wait_idle(qtbot)
    return panel


def shown(panel: CaseListPanel) -> dict[str, str]:
    model = panel.model
    return {
        model.index(r, 0).data(ReceptionIdRole): model.index(r, COL_CLASS).data()
        for r in range(model.rowCount())
    }


def test_the_class_column_names_the_class_of_each_case(
    qtbot, zh, desk: Desk, class_id: str, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    assert panel.model.headerData(COL_CLASS, Qt.Orientation.Horizontal) == "类案"
    rows = shown(panel)
    assert rows[desk.waiting] == SUBJECT and rows[desk.referred] == SUBJECT
    assert rows[desk.on_site] == ""


def test_choosing_a_class_in_the_filter_shows_its_cases(
    qtbot, zh, desk: Desk, class_id: str, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    index = panel.class_combo.findData(class_id)
    assert panel.class_combo.itemText(index) == f"类案：{SUBJECT}"
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        panel.class_combo.setCurrentIndex(index)
    wait_idle(qtbot)
    assert set(shown(panel)) == {desk.waiting, desk.referred}
    assert f"筛选：类案：{SUBJECT}" in panel.filter_description()


def test_the_cases_in_no_class(qtbot, desk: Desk, class_id: str, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        panel.class_combo.setCurrentIndex(panel.class_combo.findData(IN_NO_CLASS))
    wait_idle(qtbot)
    assert desk.waiting not in shown(panel) and desk.on_site in shown(panel)


def test_a_class_formed_after_the_list_opened_becomes_a_choice(
    qtbot, desk: Desk, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    class_id = ClassStore(session.store).form(desk.second_round, "二次督办的类案", by=session.operator.id)
    session.events.case_changed.emit(desk.second_round)
    qtbot.waitUntil(lambda: panel.class_combo.findData(class_id) >= 0, timeout=10_000)
    wait_idle(qtbot)


def test_show_class_clears_the_other_filters_and_keeps_that_class(
    qtbot, desk: Desk, class_id: str, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    panel.second_round_check.setChecked(True)
    wait_idle(qtbot)
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        panel.show_class(class_id, SUBJECT)
    wait_idle(qtbot)
    assert not panel.second_round_check.isChecked()
    assert set(shown(panel)) == {desk.waiting, desk.referred}


def test_a_click_on_the_class_header_sorts_the_classes_first(
    qtbot, desk: Desk, class_id: str, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    with qtbot.waitSignal(panel.model.first_page_loaded, timeout=10_000):
        panel.view.sortByColumn(COL_CLASS, Qt.SortOrder.AscendingOrder)
    wait_idle(qtbot)
    assert panel.model.order == CaseOrder("class", descending=False)
    first_two = {panel.model.index(r, 0).data(ReceptionIdRole) for r in range(2)}
    assert first_two == {desk.waiting, desk.referred}


def test_the_export_has_the_class_column(
    qtbot, zh, desk: Desk, class_id: str, session: DeskSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    target = tmp_path / "cases.xlsx"
    panel.choose_save_path = lambda *_: str(target)
    with qtbot.waitSignal(panel.exported, timeout=20_000):
        panel.export_button.click()
    rows = [
        list(r) for r in openpyxl.load_workbook(target, read_only=True).active.iter_rows(values_only=True)
    ]
    header = next(r for r in rows if r and r[0] == "交办单号")
    column = header.index("类案")
    data = [r for r in rows[rows.index(header) + 1 :] if any(c is not None for c in r)]
    assert sorted(r[column] or "" for r in data) == ["", "", "", SUBJECT, SUBJECT]


def test_a_header_remembered_before_the_class_column_existed_still_shows_it(
    qtbot, desk: Desk, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    # The header of an eleven-column list, its round column widened, as an older desk saved it.
    old = QTableView()
    qtbot.addWidget(old)
    eleven = QStandardItemModel(0, 11)
    old.setModel(eleven)
    old.setColumnWidth(COL_ROUND, 177)
    settings = ui_settings()
    settings.setValue(HEADER_SETTING, old.horizontalHeader().saveState())
    settings.sync()
    panel = open_panel(qtbot, session, width=1900)
    header: QHeaderView = panel.view.horizontalHeader()
    assert header.count() == 12
    assert header.sectionSize(COL_ROUND) == 177  # what the clerk set is kept
    assert not header.isSectionHidden(COL_CLASS) and header.sectionSize(COL_CLASS) > 20


def test_the_class_column_shows_when_the_list_has_room_for_it(
    qtbot, desk_font, desk: Desk, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session, width=1900)
    header = panel.view.horizontalHeader()
    assert not header.isSectionHidden(COL_CLASS)
    panel.resize(1200, 600)  # the summary would fall below its ten characters
    qtbot.waitUntil(lambda: header.isSectionHidden(COL_CLASS), timeout=5_000)
    panel.resize(1900, 600)
    qtbot.waitUntil(lambda: not header.isSectionHidden(COL_CLASS), timeout=5_000)


def test_the_header_menu_shows_the_class_column_and_it_is_remembered(
    qtbot, zh, desk_font, desk: Desk, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    # 1000 px: too narrow for the column whatever earlier tests of the process did to the
    # application's fonts. After any other case-list test the header measured its columns in a
    # smaller font than desk_font's (seen: 129 px for 接待时间 against 164 alone), the column
    # fitted at 1200 px and this test failed; the desk sets its font before any widget.
    panel = open_panel(qtbot, session, width=1000)
    header = panel.view.horizontalHeader()
    assert header.isSectionHidden(COL_CLASS)
    menu = panel.column_menu()
    action = next(a for a in menu.actions() if a.text() == "类案")
    assert not action.isChecked() and "反映内容" not in [a.text() for a in menu.actions()]
    action.setChecked(True)
    assert not header.isSectionHidden(COL_CLASS)
    panel.save_view_state()
    again = open_panel(qtbot, session, width=1000)  # narrow, but the clerk chose it
    assert not again.view.horizontalHeader().isSectionHidden(COL_CLASS)


def test_a_column_hidden_from_the_header_menu_stays_hidden(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session, width=1900)
    panel.show_column(COL_ROUND, False)
    panel.save_view_state()
    again = open_panel(qtbot, session, width=1900)
    assert again.view.horizontalHeader().isSectionHidden(COL_ROUND)
