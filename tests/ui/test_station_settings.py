"""Station settings: the administrator changes the station and the office's two waiting deadlines;
a refusal keeps what was typed; only the administrator is offered the menu item."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from desk_app.domain.permissions import Action, NotPermitted
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession
from desk_app.ui.station_settings import StationSettingsDialog

from . import case_fixtures as cf
from .case_fixtures import wait_idle
from .conftest import type_chinese


def open_dialog(qtbot, session: DeskSession) -> StationSettingsDialog:  # type: ignore[no-untyped-def]
    dialog = StationSettingsDialog(session)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_the_dialog_shows_the_station_and_its_default_deadlines(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, session)
    assert dialog.name_edit.text() == "浉河区五星街道人大代表监督岗"
    assert (dialog.callback_days.value(), dialog.refer_days.value()) == (1, 3)
    assert "浉河监督岗〔2026〕第001号" in dialog.preview.text()


def test_new_deadlines_are_saved_and_waiting_cases_follow(
    qtbot,
    session: DeskSession,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    rid = cf.add_case(store, clerk)  # registered Friday 2026-11-20: its slip is due by Wednesday 11-25
    assert store.case_detail(rid).waiting_due is not None
    before = store.case_detail(rid).waiting_due
    dialog = open_dialog(qtbot, session)
    dialog.callback_days.setValue(2)
    dialog.refer_days.setValue(5)
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save_button.click()
    wait_idle(qtbot)
    station = store.station()
    assert (station.callback_working_days, station.refer_working_days) == (2, 5)
    assert saved.args[0] == station and session.station == station
    after = store.case_detail(rid).waiting_due
    assert before is not None and after is not None and after > before


def test_a_blank_name_is_marked_and_the_rest_is_kept(
    qtbot, chinese, session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, session)
    dialog.name_edit.clear()
    dialog.refer_days.setValue(5)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("station_name")), timeout=10_000)
    assert dialog.error_text("station_name") == "此项必须填写。"
    assert dialog.isVisible() and dialog.refer_days.value() == 5
    assert store.station().refer_working_days == 3


def test_an_office_clerk_is_refused_and_told_why(
    qtbot,
    chinese,
    store: DeskStore,  # type: ignore[no-untyped-def]
    session_for: Callable[[str], DeskSession],
) -> None:
    dialog = open_dialog(qtbot, session_for("clerk"))
    dialog.name_edit.clear()
    type_chinese(dialog.name_edit, "五星街道监督岗")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.banner_text()), timeout=10_000)
    assert dialog.banner_text() == NotPermitted(Action.STATION_SETTINGS, "clerk").message_zh()
    assert dialog.name_edit.text() == "五星街道监督岗"
    assert store.station().name == "浉河区五星街道人大代表监督岗"


@pytest.fixture
def window_for(qtbot, session: DeskSession, session_for) -> Iterator[Callable[[str], MainWindow]]:  # type: ignore[no-untyped-def]
    def make(role: str) -> MainWindow:
        w = MainWindow(session if role == "admin" else session_for(role))
        qtbot.addWidget(w)
        with qtbot.waitSignal(w.ready, timeout=15_000):
            w.show()
        return w

    yield make
    wait_idle(qtbot)


@pytest.mark.parametrize(("role", "shown"), [("admin", True), ("clerk", False), ("deputy", False)])
def test_only_the_administrator_is_offered_the_station_settings(window_for, role: str, shown: bool) -> None:  # type: ignore[no-untyped-def]
    assert window_for(role).station_action.isVisible() is shown


def test_a_saved_station_renames_the_window(qtbot, window_for) -> None:  # type: ignore[no-untyped-def]
    window = window_for("admin")
    dialog = window.edit_station()
    qtbot.addWidget(dialog)
    dialog.name_edit.clear()
    type_chinese(dialog.name_edit, "五星街道监督岗")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert window.windowTitle().startswith("五星街道监督岗")
    assert window.station_label.text() == "五星街道监督岗"


def test_the_progress_page_starts_as_it_was_built(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, session)
    shown = (dialog.shows_unit.isChecked(), dialog.shows_deadline.isChecked(), dialog.shows_reply.isChecked())
    assert shown == (True, True, False)


def test_what_the_progress_page_shows_is_saved(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    dialog = open_dialog(qtbot, session)
    dialog.shows_unit.setChecked(False)
    dialog.shows_reply.setChecked(True)
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    station = store.station()
    assert (station.progress_shows_unit, station.progress_shows_deadline, station.progress_shows_reply) == (
        False,
        True,
        True,
    )
