"""The case list as the user arranges it: sorting by a column's header (in the store), remembered
columns and window geometry, Ctrl+End to the oldest case, export of the filtered list to Excel."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtTest import QTest

from desk_app.storage.queries import CaseFilter, CaseOrder
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_list import CaseListPanel
from desk_app.ui.case_model import COL_CITIZEN, COL_PHONE, COL_RECEIVED, CaseTableModel
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, fill_cases, wait_idle
from .conftest import type_chinese, wait_for_ops

zh = cf.zh
zh_catalogue = cf.zh_catalogue


def open_panel(qtbot, session: DeskSession) -> CaseListPanel:  # type: ignore[no-untyped-def]
    panel = CaseListPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        panel.resize(1300, 600)
        panel.show()
    wait_idle(qtbot)
    return panel


def names(panel: CaseListPanel) -> list[str]:
    return [panel.model.row_at(r).citizen_name for r in range(panel.model.rowCount())]  # type: ignore[union-attr]


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def test_a_click_on_a_header_sorts_by_that_column(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    with qtbot.waitSignal(panel.model.first_page_loaded, timeout=10_000):
        panel.view.horizontalHeader().sectionClicked.emit(COL_CITIZEN)
        panel.view.sortByColumn(COL_CITIZEN, Qt.SortOrder.AscendingOrder)
    assert panel.model.order == CaseOrder("citizen", descending=False)
    assert names(panel) == sorted(names(panel)) and len(names(panel)) == 5


def test_sorting_reads_every_case_not_only_the_loaded_page(
    qtbot, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 250)
    oldest_first = cf.add_case(store, clerk, name="阿大", received_at=store.clock().replace(year=2020))
    panel = open_panel(qtbot, session)
    assert panel.model.row_at(0).id != oldest_first  # type: ignore[union-attr]
    with qtbot.waitSignal(panel.model.first_page_loaded, timeout=10_000):
        panel.view.sortByColumn(COL_RECEIVED, Qt.SortOrder.AscendingOrder)
    assert panel.model.row_at(0).id == oldest_first  # type: ignore[union-attr]


def test_column_widths_order_and_sort_are_remembered(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    first = open_panel(qtbot, session)
    header = first.view.horizontalHeader()
    header.resizeSection(COL_CITIZEN, 171)
    header.moveSection(header.visualIndex(COL_PHONE), 0)
    with qtbot.waitSignal(first.model.first_page_loaded, timeout=10_000):
        first.view.sortByColumn(COL_CITIZEN, Qt.SortOrder.DescendingOrder)
    first.save_view_state()
    second = open_panel(qtbot, session)
    again = second.view.horizontalHeader()
    assert again.sectionSize(COL_CITIZEN) == 171
    assert again.logicalIndex(0) == COL_PHONE
    assert again.sortIndicatorSection() == COL_CITIZEN
    assert second.model.order == CaseOrder("citizen", descending=True)
    assert names(second) == sorted(names(second), reverse=True)


def test_the_windows_size_is_remembered(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    first = MainWindow(session)
    qtbot.addWidget(first)
    with qtbot.waitSignal(first.ready, timeout=15_000):
        first.show()
    first.resize(first.width(), 543)  # the offscreen screen is 800x600: its height is what fits
    wait_for_ops(qtbot)
    first._locking = True  # closing for a switch of operator: the program goes on
    first.close()
    second = MainWindow(session)
    qtbot.addWidget(second)
    assert second.height() == first.height() == 543  # not the first start's 820
    wait_for_ops(qtbot)


def test_ctrl_end_reaches_the_oldest_case(
    qtbot, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    ids = fill_cases(store, clerk, 650)
    panel = open_panel(qtbot, session)
    assert panel.model.rowCount() == 650
    panel.view.setFocus()
    panel.view.selectRow(0)
    QTest.keyClick(panel.view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert panel.view.currentIndex().row() == 649
    qtbot.waitUntil(lambda: panel.model.row_at(649) is not None, timeout=10_000)
    assert panel.model.row_at(649).id == ids[0]  # type: ignore[union-attr]
    # Only the first page and the last were read, not the 250 rows between.
    assert panel.model.row_at(300) is None


def test_model_with_rows_not_read_yet_passes_model_tester(
    qtbot,
    qtmodeltester,
    store: DeskStore,
    clerk: OperatorInfo,  # type: ignore[no-untyped-def]
) -> None:
    fill_cases(store, clerk, 260)
    model = CaseTableModel(store, page_size=100)
    with qtbot.waitSignal(model.count_changed, timeout=10_000):
        model.set_filter(CaseFilter())
    qtmodeltester.check(model)  # reads rows of every page: they arrive while the tester watches
    wait_idle(qtbot)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.set_order(CaseOrder("citizen", descending=False))
    wait_idle(qtbot)
    assert model.rowCount() == 260
    assert model.canFetchMore(QModelIndex()) is False


def test_export_writes_the_filtered_list_with_its_filter(
    qtbot,
    zh,
    desk: Desk,
    session: DeskSession,
    tmp_path: Path,  # type: ignore[no-untyped-def]
) -> None:
    panel = open_panel(qtbot, session)
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        type_chinese(panel.search_box, "电梯")
    wait_idle(qtbot)
    target = tmp_path / "cases"
    panel.choose_save_path = lambda *_: str(target)
    with qtbot.waitSignal(panel.exported, timeout=20_000) as done:
        panel.export_button.click()
    assert done.args == [str(target) + ".xlsx"]
    sheet = openpyxl.load_workbook(done.args[0], read_only=True).active
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    text = [str(c) for r in rows for c in r if c is not None]
    assert "筛选：搜索：电梯" in text
    header = next(i for i, r in enumerate(rows) if r and r[0] == "交办单号")
    data = [r for r in rows[header + 1 :] if any(c is not None for c in r)]
    assert [r[3] for r in data] == ["张三"]
    assert data[0][4] == "139****5678"  # as the list shows it
    assert "已导出 1 件" in panel.export_label.text()


def test_a_word_from_the_input_method_is_searched_without_the_typing_pause(
    qtbot, desk: Desk, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    panel = open_panel(qtbot, session)
    type_chinese(panel.search_box, "电梯")
    assert panel._search_timer.isActive() and panel._search_timer.interval() == 0
    wait_idle(qtbot)


def test_typed_digits_wait_for_the_typing_pause(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.case_list import SEARCH_DELAY_MS

    panel = open_panel(qtbot, session)
    qtbot.keyClicks(panel.search_box, "1389")
    assert panel._search_timer.isActive() and panel._search_timer.interval() == SEARCH_DELAY_MS
    wait_idle(qtbot)
