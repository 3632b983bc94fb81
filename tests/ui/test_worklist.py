"""今日待办 (the worklist): counts on tiles, a tile opens the case list filtered to it, the window
opens on it, and the counts follow saves."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from desk_app.domain.vocab import Verdict
from desk_app.storage.queries import WORKLIST_KINDS
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_list import CaseListPanel
from desk_app.ui.case_model import ReceptionIdRole
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession
from desk_app.ui.worklist import PUBLIC_TILE, WorklistPanel
from tests.ui.test_public_panel import pulled_submission

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle
from .conftest import wait_for_ops

zh = cf.zh
zh_catalogue = cf.zh_catalogue


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk (a copy of the one built once per test process, case_fixtures), and
    one reply waiting for its callback, besides make_desk's overdue and second-round cases."""
    d = cf.desk_of(store, clerk, desk_cases)
    cf.reply(store, clerk, d.referred)
    return d


@pytest.fixture
def worklist(qtbot, desk: Desk, session: DeskSession) -> WorklistPanel:  # type: ignore[no-untyped-def]
    panel = WorklistPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.counted, timeout=10_000):
        panel.show()
    return panel


def test_each_tile_shows_its_lists_count(zh, worklist: WorklistPanel, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    counts = store.worklist().counts
    assert counts["overdue"] == 1 and counts["awaiting_callback"] == 1
    for kind in WORKLIST_KINDS:
        assert worklist.tiles[kind].text().endswith(f"\n{counts[kind]}"), kind
    assert "已超期" in worklist.tiles["overdue"].text()
    assert "已答复待回访" in worklist.tiles["awaiting_callback"].text()


def test_a_tile_opens_the_case_list_filtered_to_it(
    qtbot,
    worklist: WorklistPanel,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
) -> None:
    cases = CaseListPanel(session)
    qtbot.addWidget(cases)
    worklist.list_requested.connect(cases.show_worklist)
    with qtbot.waitSignal(cases.first_page_loaded, timeout=10_000):
        worklist.tiles["overdue"].click()
    wait_idle(qtbot)
    shown = {cases.model.index(r, 0).data(ReceptionIdRole) for r in range(cases.model.rowCount())}
    assert shown == {desk.overdue}
    assert cases.worklist_chip.isVisible() is cases.isVisible()
    assert cases.worklist_title == worklist.titles()["overdue"]


def test_alt_and_the_tiles_number_opens_its_list(qtbot, worklist: WorklistPanel) -> None:  # type: ignore[no-untyped-def]
    worklist.activateWindow()
    with qtbot.waitSignal(worklist.list_requested, timeout=5_000) as opened:
        QTest.keyClick(worklist, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert opened.args[0] == worklist.titles()["awaiting_callback"]


def test_removing_the_chip_shows_every_case_again(
    qtbot,
    worklist: WorklistPanel,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
) -> None:
    cases = CaseListPanel(session)
    qtbot.addWidget(cases)
    with qtbot.waitSignal(cases.first_page_loaded, timeout=10_000):
        cases.show_worklist("x", worklist.filter_for("overdue"))
    with qtbot.waitSignal(cases.first_page_loaded, timeout=10_000):
        cases.worklist_chip_close.click()
    wait_idle(qtbot)
    assert cases.model.rowCount() == 5 and cases.worklist_title is None


def test_counts_follow_a_save(
    qtbot, worklist: WorklistPanel, desk: Desk, session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    cf.callback(store, session.operator, desk.referred, Verdict.DISSATISFIED)
    with qtbot.waitSignal(worklist.counted, timeout=10_000):
        session.events.case_changed.emit(desk.referred)
    assert worklist.count("awaiting_callback") == 0
    assert worklist.count("dissatisfied") == 1


@pytest.fixture
def window(qtbot, desk: Desk, session: DeskSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    yield w
    wait_for_ops(qtbot)


def test_the_window_opens_on_the_worklist(window: MainWindow) -> None:
    assert window.tabs.currentWidget() is window.worklist


def test_a_tile_in_the_window_switches_to_the_filtered_case_list(
    qtbot, window: MainWindow, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: window.worklist.worklist is not None, timeout=10_000)
    with qtbot.waitSignal(window.case_list.first_page_loaded, timeout=10_000):
        window.worklist.tiles["awaiting_callback"].click()
    assert window.tabs.currentWidget() is window.case_list
    assert window.case_list.model.row_at(0).id == desk.referred  # type: ignore[union-attr]
    assert window.case_list.model.rowCount() == 1


def test_the_qr_tile_counts_the_submissions_waiting(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    pulled_submission(session.store)
    panel = WorklistPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.public_pending == 1, timeout=10_000)
    assert panel.tiles[PUBLIC_TILE].text().endswith("\n1")


def test_the_qr_tile_in_the_window_opens_the_queue(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window.worklist.tiles[PUBLIC_TILE].click()
    assert window.tabs.currentWidget() is window.public
