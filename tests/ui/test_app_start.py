"""Starting the desk: language choice, the main window, and the set-up / sign-in / lock flow."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox
from shiboken6 import isValid

from desk_app.storage.db import database_path
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui import app as desk_app_module
from desk_app.ui.app import DeskShell, resolve_language
from desk_app.ui.main_window import LANG_SETTING, MainWindow
from desk_app.ui.session import DeskSession
from desk_app.ui.setup_wizard import SetupWizard
from desk_app.ui.sign_in import SignInDialog
from tests.constants import CLERK_PIN

from .conftest import desk_started_in_a_fresh_process, type_chinese, wait_for_ops


@pytest.fixture
def window(qtbot, session: DeskSession) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    yield w
    wait_for_ops(qtbot)


def test_language_defaults_to_chinese() -> None:
    assert resolve_language(None, None) == "zh_CN"


def test_saved_language_setting_is_used() -> None:
    assert resolve_language(None, "en") == "en"


def test_command_line_language_wins_over_the_setting() -> None:
    assert resolve_language("zh_CN", "en") == "zh_CN"


@pytest.mark.usefixtures("chinese")
def test_main_window_speaks_chinese(window: MainWindow) -> None:
    assert window.windowTitle() == "浉河区五星街道人大代表监督岗 - 代表工作站接待台"
    tabs = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert tabs == [
        "今日待办",
        "接待登记",
        "案件",
        "今日值班",
        "排班",
        "统计报表",
        "目录",
        "扫码反映",
        "流动工作站活动",
        "交办会",
    ]
    assert "李明" in window.operator_label.text()
    assert "操作员" in window.operator_label.text()


def test_reports_tab_is_built_when_first_opened(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.reports.panel import ReportsPanel

    assert window.reports is None
    with qtbot.waitSignal(window.tabs.currentChanged, timeout=5_000):
        window.tabs.setCurrentIndex(window.tabs.indexOf(window._reports_placeholder))
    assert isinstance(window.reports, ReportsPanel)
    assert window.tabs.currentWidget() is window.reports
    wait_for_ops(qtbot)


def test_status_bar_names_the_station(window: MainWindow) -> None:
    assert window.station_label.text() == "浉河区五星街道人大代表监督岗"


def test_busy_indicator_follows_background_work(window: MainWindow) -> None:
    window._set_busy(True)
    assert window.busy_label.isVisibleTo(window)
    window._set_busy(False)
    assert not window.busy_label.isVisibleTo(window)


def test_choosing_a_language_saves_it_for_the_next_start(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    english = next(a for a in window.language_group.actions() if a.data() == "en")
    english.trigger()
    qtbot.waitUntil(lambda: window.findChild(QMessageBox, "languageBox") is not None, timeout=10_000)
    window.findChild(QMessageBox, "languageBox").close()
    assert store.setting(LANG_SETTING) == "en"


def test_reception_saved_in_the_window_refreshes_case_screens(
    qtbot,
    window: MainWindow,  # type: ignore[no-untyped-def]
    session: DeskSession,
) -> None:
    form = window.reception_form
    type_chinese(form.content, "路灯不亮")
    with qtbot.waitSignal(session.events.case_changed, timeout=10_000):
        form.save()
    assert window.statusBar().currentMessage()


@pytest.fixture
def shell(qtbot, store: DeskStore) -> Iterator[DeskShell]:  # type: ignore[no-untyped-def]
    s = DeskShell(store, "zh_CN")
    yield s
    wait_for_ops(qtbot)
    for widget in (s.dialog, s.window):
        if widget is not None and isValid(widget):
            widget.close()


def test_first_start_goes_from_set_up_straight_to_the_desk(qtbot, shell: DeskShell) -> None:  # type: ignore[no-untyped-def]
    shell.start(is_set_up=False)
    wizard = shell.dialog
    assert isinstance(wizard, SetupWizard)
    qtbot.addWidget(wizard)
    type_chinese(wizard.station_name, "浉河区五星街道人大代表监督岗")
    type_chinese(wizard.short_name, "浉河监督岗")
    type_chinese(wizard.operator_name, "王芳")
    qtbot.keyClicks(wizard.pin, CLERK_PIN)
    qtbot.keyClicks(wizard.pin_again, CLERK_PIN)
    wizard.submit()
    qtbot.waitUntil(lambda: shell.window is not None, timeout=10_000)
    qtbot.addWidget(shell.window)
    assert shell.window.session.operator.name == "王芳"


@pytest.mark.usefixtures("clerk")
def test_switch_operator_returns_to_sign_in(qtbot, shell: DeskShell, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    shell.start(is_set_up=True)
    dialog = shell.dialog
    assert isinstance(dialog, SignInDialog)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        pass
    qtbot.keyClicks(dialog.pin, CLERK_PIN)
    dialog.submit()
    qtbot.waitUntil(lambda: shell.window is not None, timeout=10_000)
    window = shell.window
    qtbot.addWidget(window)
    window.lock_action.trigger()
    assert isinstance(shell.dialog, SignInDialog)
    qtbot.addWidget(shell.dialog)
    assert shell.window is None
    assert not window.isVisible()


@pytest.mark.unfreezes
def test_the_signed_in_window_settles_the_collector_and_signing_out_releases_it(  # type: ignore[no-untyped-def]
    qtbot, store: DeskStore, clerk: OperatorInfo
) -> None:
    collector = desk_app_module.MainThreadCollector()
    shell = DeskShell(store, "zh_CN", collector=collector)
    frozen_before = gc.get_freeze_count()  # the session froze what collection imported (conftest)
    try:
        shell.start(is_set_up=True)
        dialog = shell.dialog
        assert isinstance(dialog, SignInDialog)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            pass
        qtbot.keyClicks(dialog.pin, CLERK_PIN)
        dialog.submit()
        qtbot.waitUntil(lambda: shell.window is not None, timeout=10_000)
        window = shell.window
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: gc.get_freeze_count() > frozen_before, timeout=15_000)
        window.lock_action.trigger()
        qtbot.addWidget(shell.dialog)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()  # then frozen again as the session had it (tests/collector.py)
        wait_for_ops(qtbot)
        for widget in (shell.dialog, shell.window):
            if widget is not None and isValid(widget):
                widget.close()


@pytest.mark.usefixtures("app_state")
def test_damaged_database_is_reported_plainly_and_the_desk_does_not_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    data_dir = tmp_path / "damaged"
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(
        desk_app_module, "show_start_failure", lambda exc: shown.append(desk_app_module.describe_error(exc))
    )
    assert desk_app_module.run_desk(data_dir, lang=None) != 0
    assert shown and "损坏" in shown[0]


@pytest.mark.usefixtures("clerk")
def test_the_store_opens_behind_the_sign_in_window_and_signing_in_works(
    qtbot,  # type: ignore[no-untyped-def]
    store: DeskStore,
    data_dir: Path,
) -> None:
    opening = desk_app_module.OpeningStore(data_dir)
    shell = DeskShell(opening, "zh_CN")
    try:
        shell.start(is_set_up=True)
        dialog = shell.dialog
        assert isinstance(dialog, SignInDialog)
        qtbot.addWidget(dialog)
        with qtbot.waitSignal(dialog.loaded, timeout=10_000):
            pass
        assert opening.is_open and dialog.operators.count() == 1
        qtbot.keyClicks(dialog.pin, CLERK_PIN)
        dialog.submit()
        qtbot.waitUntil(lambda: shell.window is not None, timeout=10_000)
        assert shell.window is not None
        qtbot.addWidget(shell.window)
        assert shell.window.session.store is opening.open()
    finally:
        wait_for_ops(qtbot)
        if shell.window is not None:
            shell.window.close()
        opening.close()


def test_a_store_that_fails_to_open_behind_the_sign_in_window_ends_the_desk_plainly(
    qtbot,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "damaged"
    data_dir.mkdir()
    database_path(data_dir).write_bytes(b"this is not a database" * 100)
    shown: list[str] = []
    monkeypatch.setattr(
        desk_app_module, "show_start_failure", lambda exc: shown.append(desk_app_module.describe_error(exc))
    )
    shell = DeskShell(desk_app_module.OpeningStore(data_dir), "zh_CN")
    codes: list[int] = []
    monkeypatch.setattr(shell, "exit_program", codes.append)
    shell.start(is_set_up=True)
    assert shell.dialog is not None
    qtbot.addWidget(shell.dialog)
    qtbot.waitUntil(lambda: codes == [1], timeout=10_000)
    assert shown and "damaged" in shown[0]
    assert not shell.dialog.isVisible()


def test_the_sign_in_window_paints_before_sqlalchemy_is_loaded(
    store: DeskStore, clerk, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    """In a fresh process started as the desk is (the start-up benchmark's way, offscreen)."""
    store.close()
    child = (
        "import sys\n"
        "from pathlib import Path\n"
        "from PySide6.QtCore import QEvent\n"
        "from desk_app.ui import app\n"
        "filter_paint = app.QuitAfterFirstPaint.eventFilter\n"
        "def spy(self, watched, event):\n"
        "    if not self._painted and event.type() == QEvent.Type.Paint:\n"
        "        print('sqlalchemy loaded:', 'sqlalchemy' in sys.modules, flush=True)\n"
        "    return filter_paint(self, watched, event)\n"
        "app.QuitAfterFirstPaint.eventFilter = spy\n"
        "sys.exit(app.run_desk(Path(sys.argv[1]), None))\n"
    )
    printed = desk_started_in_a_fresh_process(child, data_dir)
    assert "first paint: SignInDialog" in printed
    assert "sqlalchemy loaded: False" in printed
