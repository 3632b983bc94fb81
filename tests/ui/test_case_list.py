"""CaseListPanel: every filter, Chinese search typed as an input method does, counts, opening."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Callable
from datetime import timedelta

import pytest
from PySide6.QtCore import QCoreApplication, QDate, QEvent, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox

from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.vocab import Channel
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_list import OPEN_CASES, SLIPS_TO_ISSUE, CaseListPanel
from desk_app.ui.case_model import COL_DEADLINE, COL_STATUS, ReceptionIdRole
from desk_app.ui.kit.labels import status_colours
from desk_app.ui.session import DeskSession

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


@pytest.fixture
def panel(qtbot, desk: Desk, session: DeskSession) -> CaseListPanel:  # type: ignore[no-untyped-def]
    p = CaseListPanel(session)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.first_page_loaded, timeout=10_000):
        p.resize(1300, 600)
        p.show()
    wait_idle(qtbot)
    return p


def test_a_deleted_panel_is_freed_while_its_session_lives_on(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    """The session (and its events) outlive a panel of the window: what the panel connected to
    the session's events must not keep it, its model and its desk alive (a lambda over the
    panel did: a cycle through Qt's connection that Python's collector cannot see)."""
    p = CaseListPanel(session)
    with qtbot.waitSignal(p.first_page_loaded, timeout=10_000):
        p.show()
    wait_idle(qtbot)
    panel_ref, model_ref = weakref.ref(p), weakref.ref(p.model)
    p.deleteLater()
    del p
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    assert (panel_ref(), model_ref()) == (None, None)


def ids(panel: CaseListPanel) -> set[str]:
    return {panel.model.index(r, 0).data(ReceptionIdRole) for r in range(panel.model.rowCount())}


def refilter(qtbot, panel: CaseListPanel, change: Callable[[], object]) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        change()
    wait_idle(qtbot)


def choose(combo: QComboBox, data: str) -> None:
    index = combo.findData(data)
    assert index >= 0, data
    combo.setCurrentIndex(index)


def test_shows_every_case_with_the_count(zh, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    assert panel.model.rowCount() == 5
    assert panel.count_label.text() == "共 5 件"


def test_one_chinese_character_finds_a_surname(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: type_chinese(panel.search_box, "张"))
    assert ids(panel) == {desk.waiting}


def test_two_chinese_characters_find_a_word(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: type_chinese(panel.search_box, "电梯"))
    assert ids(panel) == {desk.waiting}


def test_longer_chinese_text_uses_the_full_text_index(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: type_chinese(panel.search_box, "消防隐患"))
    assert ids(panel) == {desk.referred}


def test_digits_of_a_phone_number_find_the_citizen(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: qtbot.keyClicks(panel.search_box, "13700002222"))
    assert ids(panel) == {desk.second_round}


def test_search_waits_for_a_pause_in_typing(qtbot, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    type_chinese(panel.search_box, "电梯")
    # Not yet: the query runs once the typing pauses, not on each keystroke.
    assert panel.model.case_filter is not None and panel.model.case_filter.text == ""
    with qtbot.waitSignal(panel.first_page_loaded, timeout=2_000):
        pass
    assert panel.model.case_filter.text == "电梯"


def test_search_with_no_match_says_so(qtbot, zh, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: type_chinese(panel.search_box, "不存在的内容"))
    assert panel.model.rowCount() == 0
    assert panel.count_label.text() == "显示 0 / 共 5 件"
    assert panel.empty_label.isVisible()


def test_status_all_open_leaves_out_closed_cases(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: choose(panel.status_combo, OPEN_CASES))
    assert ids(panel) == {desk.waiting, desk.referred, desk.overdue, desk.second_round}


def test_single_status(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: choose(panel.status_combo, CaseStatus.AWAITING_REFERRAL.value))
    assert ids(panel) == {desk.waiting}


def test_channel_filter(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: choose(panel.channel_combo, Channel.HOTLINE_12345.value))
    assert ids(panel) == {desk.second_round}


def test_category_filter(qtbot, panel: CaseListPanel, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    traffic = next(c for c in store.categories() if c.name == "交通")
    refilter(qtbot, panel, lambda: choose(panel.category_combo, traffic.id))
    assert ids(panel) == {desk.second_round}


def test_handling_unit_filter(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: choose(panel.unit_combo, desk.unit.id))
    assert ids(panel) == {desk.referred, desk.overdue}


def test_received_date_range(qtbot, panel: CaseListPanel, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    today = store.today()
    start = today - timedelta(days=7)
    panel.date_from.setDate(QDate(start.year, start.month, start.day))
    panel.date_to.setDate(QDate(today.year, today.month, today.day))
    refilter(qtbot, panel, lambda: panel.date_check.setChecked(True))
    assert ids(panel) == {desk.waiting, desk.referred, desk.on_site}


def test_date_range_is_off_until_ticked(panel: CaseListPanel) -> None:
    assert not panel.date_from.isEnabled()
    f = panel.current_filter()
    assert f.received_from is None and f.received_to is None


def test_overdue_only(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: panel.overdue_check.setChecked(True))
    assert ids(panel) == {desk.overdue}


def test_second_round_only(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: panel.second_round_check.setChecked(True))
    assert ids(panel) == {desk.second_round}


def test_count_line_shows_matching_of_all(qtbot, zh, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: panel.overdue_check.setChecked(True))
    assert panel.count_label.text() == "显示 1 / 共 5 件"


def test_clear_filters_shows_everything_again(qtbot, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    refilter(qtbot, panel, lambda: panel.overdue_check.setChecked(True))
    refilter(qtbot, panel, lambda: type_chinese(panel.search_box, "王"))
    refilter(qtbot, panel, panel.clear_filters)
    assert panel.model.rowCount() == 5
    assert panel.search_box.text() == ""
    assert not panel.overdue_check.isChecked()


def test_enter_opens_the_case(qtbot, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    panel.view.setFocus()
    panel.view.selectRow(1)
    wanted = panel.model.index(1, 0).data(ReceptionIdRole)
    with qtbot.waitSignal(panel.case_opened) as opened:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert opened.args[0].reception_id == wanted
    with qtbot.waitSignal(opened.args[0].loaded, timeout=10_000):
        pass


def test_double_click_opens_the_case(qtbot, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    index = panel.model.index(0, 2)
    rect = panel.view.visualRect(index)
    # A real double-click starts with a press on the row; Qt opens only what was pressed.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(panel.case_opened) as opened:
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args[0].reception_id == index.data(ReceptionIdRole)
    wait_idle(qtbot)


def test_opening_an_open_case_again_reuses_its_window(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    first = panel.open_case(desk.referred)
    assert panel.open_case(desk.referred) is first
    wait_idle(qtbot)


def test_a_closed_case_window_is_opened_anew(qtbot, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    first = panel.open_case(desk.referred)
    wait_idle(qtbot)
    first.close()  # the view deletes itself on close
    qtbot.waitUntil(lambda: desk.referred not in panel.open_views, timeout=5_000)
    second = panel.open_case(desk.referred)
    assert second is not first and second.isVisible()
    wait_idle(qtbot)


def test_refreshes_when_a_case_changes(
    qtbot,
    panel: CaseListPanel,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    session: DeskSession,
) -> None:
    row = panel.model.row_of(desk.referred)
    before = panel.model.index(row, COL_STATUS).data()
    cf.reply(store, session.operator, desk.referred)
    refilter(qtbot, panel, lambda: session.events.case_changed.emit(desk.referred))
    assert panel.model.index(panel.model.row_of(desk.referred), COL_STATUS).data() != before


def test_keeps_the_selected_case_selected_after_a_refresh(
    qtbot,
    panel: CaseListPanel,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    session: DeskSession,
) -> None:
    panel.view.selectRow(panel.model.row_of(desk.referred))
    cf.add_case(store, session.operator, name="新来的", received_at=store.clock())
    refilter(qtbot, panel, lambda: session.events.case_changed.emit("new"))
    assert panel.model.rowCount() == 6
    assert panel.selected_reception_id() == desk.referred


def test_new_handling_unit_appears_in_the_filter(
    qtbot,
    panel: CaseListPanel,
    store: DeskStore,  # type: ignore[no-untyped-def]
    session: DeskSession,
) -> None:
    unit = cf.add_unit(store, session.operator, name="区城管局", contact="周杰")
    session.events.directory_changed.emit("handling_unit")
    wait_idle(qtbot)
    assert panel.unit_combo.findData(unit.id) >= 0


def test_ctrl_f_focuses_the_search_box(qtbot, panel: CaseListPanel) -> None:  # type: ignore[no-untyped-def]
    panel.activateWindow()
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(panel.search_box.hasFocus, timeout=2_000)


@pytest.fixture
def waiting_everywhere(desk: Desk, clock) -> Desk:  # type: ignore[no-untyped-def]
    """On 11-27: a slip unanswered (overdue), a callback not made (referred, replied on 11-20, due
    11-23) and a slip not issued (waiting, registered on 11-20, due 11-25)."""
    cf.reply(desk.store, desk.clerk, desk.referred)
    clock.now += timedelta(days=7)
    return desk


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("", {"overdue", "referred", "waiting"}),
        ("referred", {"overdue"}),
        ("replied", {"referred"}),
        (SLIPS_TO_ISSUE, {"waiting"}),
    ],
)
def test_the_overdue_filter_covers_every_waiting_state_or_the_one_picked(  # type: ignore[no-untyped-def]
    qtbot, panel: CaseListPanel, waiting_everywhere: Desk, kind: str, expected: set[str]
) -> None:
    desk = waiting_everywhere
    refilter(qtbot, panel, lambda: panel.overdue_check.setChecked(True))
    assert panel.overdue_kind.isEnabled()
    if kind:  # the first choice, every waiting state, is the default
        refilter(qtbot, panel, lambda: panel.overdue_kind.setCurrentIndex(panel.overdue_kind.findData(kind)))
    assert ids(panel) == {getattr(desk, name) for name in expected}


def test_an_overdue_callback_says_what_is_late_and_shows_its_deadline(  # type: ignore[no-untyped-def]
    qtbot, zh, panel: CaseListPanel, waiting_everywhere: Desk
) -> None:
    refilter(qtbot, panel, panel.model.refresh)
    row = panel.model.row_of(waiting_everywhere.referred)
    assert panel.model.index(row, COL_DEADLINE).data() == "2026-11-23"
    assert "回访" in panel.model.index(row, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
    assert "超期" in panel.model.index(row, COL_STATUS).data()


def test_new_statuses_are_named_and_coloured_in_the_list(qtbot, zh, panel: CaseListPanel, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    desk.store.withdraw(desk.referred, reason="群众撤回", by=desk.clerk.id)
    refilter(qtbot, panel, panel.model.refresh)
    row = panel.model.row_of(desk.referred)
    assert panel.model.index(row, COL_STATUS).data() == "已撤回"
    assert panel.model.index(row, COL_STATUS).data(Qt.ItemDataRole.ForegroundRole) == QColor(
        status_colours("withdrawn")[0]
    )
    assert panel.status_combo.findText("解释办结") >= 0 and panel.status_combo.findText("已合并") >= 0


def test_a_burst_of_changed_cases_reloads_the_list_once(
    qtbot, panel: CaseListPanel, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    """A class of 50 referred together announces each case: one reload of the rows, not 50."""
    reloads: list[int] = []
    reload = panel.model.refresh

    def counted() -> None:
        reloads.append(1)
        reload()

    panel.model.refresh = counted  # type: ignore[method-assign]
    for _ in range(50):
        session.events.case_changed.emit("")
    wait_idle(qtbot)
    qtbot.wait(100)
    assert len(reloads) == 1
