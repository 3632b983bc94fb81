"""Fixtures for widget tests: a signed-in session, Chinese typing, and the shipped translation.

Type Chinese only through `type_chinese` (an input method's commit string): pytest-qt's
keyClicks with any non-ASCII character kills the whole pytest process.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEventLoop, QLocale
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget

from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui import ops
from desk_app.ui.session import DeskSession


def type_chinese(widget: QWidget, text: str) -> None:
    """Deliver `text` the way a Chinese input method does: one committed string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


@pytest.fixture(name="type_chinese")
def type_chinese_fixture() -> Callable[[QWidget, str], None]:
    return type_chinese


@pytest.fixture(autouse=True)
def ui_settings_in_a_temporary_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Column widths and window geometry (desk_app.ui.view_settings) go to a folder of this
    test, never the user's real settings, and no test sees another's."""
    from PySide6.QtCore import QSettings

    folder = tmp_path_factory.mktemp("qsettings")
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))
    yield


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item: pytest.Item) -> Generator[None, object, object]:
    # Let background work finish while its widgets still exist: pytest-qt closes and deletes
    # the test's widgets right after this, before fixtures are torn down.
    if QApplication.instance() is not None and ops._manager is not None:
        deadline = time.monotonic() + 10
        while ops._manager.running and time.monotonic() < deadline:
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
    return (yield)


def wait_for_ops(qtbot) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: ops.task_manager().running == 0, timeout=10_000)


@pytest.fixture
def session(store: DeskStore, clerk: OperatorInfo, qtbot) -> Iterator[DeskSession]:  # type: ignore[no-untyped-def]
    """A signed-in clerk. Torn down before the store closes: background work finishes first."""
    yield DeskSession(store, store.station(), clerk)
    wait_for_ops(qtbot)


ROLE_NAMES = {"deputy": "张代表", "clerk": "周文员", "admin": "吴管理", "centre_staff": "郑中心"}


@pytest.fixture
def session_for(store: DeskStore, clerk: OperatorInfo, qtbot) -> Iterator[Callable[[str], DeskSession]]:  # type: ignore[no-untyped-def]
    """session_for("deputy"): a session signed in as a new operator of that role (PIN DEPUTY_PIN),
    added by the desk's administrator (the clerk fixture)."""
    from tests.constants import DEPUTY_PIN

    def make(role: str) -> DeskSession:
        operator = store.add_operator(by=clerk.id, name=ROLE_NAMES[role], role=role, secret=DEPUTY_PIN)
        return DeskSession(store, store.station(), operator)

    yield make
    wait_for_ops(qtbot)


@pytest.fixture
def chinese(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The shipped Chinese translation installed, as on a real start; removed afterwards."""
    from desk_app.ui.app import install_translators, remove_translators

    locale = QLocale()
    translators = install_translators(qapp, "zh_CN")
    assert len(translators) == 2, "desk_zh_CN.qm or qtbase_zh_CN.qm is missing"
    yield
    remove_translators(qapp, translators)
    QLocale.setDefault(locale)


def desk_started_in_a_fresh_process(child: str, data_dir: Path) -> str:
    """What `child` (a script ending in `run_desk(Path(sys.argv[1]), ...)`) prints, run on
    `data_dir` as the desk is started (offscreen, quitting after the first window's first paint:
    desk_app.ui.app.QUIT_AFTER_FIRST_PAINT_ENV); it must end well."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", DESK_QUIT_AFTER_FIRST_PAINT="1")
    done = subprocess.run(
        [sys.executable, "-c", child, str(data_dir)], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def app_state(qapp: QApplication) -> Iterator[None]:
    """For tests of the desk's start (run_desk, the upgrade notice), which change application-wide
    state: translators, the font, the default locale, quitting on the last window. Put back after."""
    from desk_app.ui import app as desk_app_module

    font, locale = qapp.font(), QLocale()
    yield
    desk_app_module.remove_translators(qapp, list(desk_app_module._installed))
    qapp.setFont(font)
    QLocale.setDefault(locale)
    qapp.setQuitOnLastWindowClosed(True)
