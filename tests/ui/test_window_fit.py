"""The window on the smallest screen worked for (1280x720, less a taskbar and a title bar), with the
desk's real font: every page's buttons and the status bar inside the window, the case list's
status column on screen, menu items drawn in full."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QPoint, QRect, QSize
from PySide6.QtGui import QAction, QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QMenu,
    QScrollArea,
    QTabWidget,
    QWidget,
)

from desk_app.demo import fill_demo
from desk_app.storage.db import database_path
from desk_app.storage.store import DeskStore
from desk_app.ui.case_model import COL_STATUS, COL_SUMMARY
from desk_app.ui.kit.layout import SMALLEST_WINDOW, initial_window_size
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession
from tests.conftest import FIXED_NOW

from .conftest import wait_for_ops


@pytest.fixture
def desk_font(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """The font the desk sets at start (a CJK family, at least 12 pt); the test font restored after."""
    from desk_app.ui.app import choose_ui_font

    old = qapp.font()
    choose_ui_font(qapp)
    yield
    qapp.setFont(old)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    shutil.copyfile(migrated_template, database_path(folder))  # the migrations once per process
    fill_demo(folder, cases=40, seed=5, now=FIXED_NOW)
    return folder


@pytest.fixture(params=["zh_CN", "en"])
def language(request: pytest.FixtureRequest, qapp) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The window in each of its languages (English words are longer, Chinese ones taller)."""
    from desk_app.ui.app import install_translators, remove_translators

    locale = QLocale()
    translators = install_translators(qapp, request.param)
    yield request.param
    remove_translators(qapp, translators)
    QLocale.setDefault(locale)


@pytest.fixture
def small_window(qtbot, desk_font, language: str, demo_dir: Path, tmp_path: Path) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    import shutil

    folder = tmp_path / "desk"
    shutil.copytree(demo_dir, folder)
    store = DeskStore.open(folder)
    operator = store.operators()[0]  # the administrator: every tab and page
    window = MainWindow(DeskSession(store, store.station(), operator))
    qtbot.addWidget(window)
    window.resize(SMALLEST_WINDOW)
    with qtbot.waitSignal(window.ready, timeout=15_000):
        window.show()
    yield window
    wait_for_ops(qtbot)
    window.close()
    store.close()


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    wait_for_ops(qtbot)
    qtbot.wait(50)


def _pages(qtbot, window: MainWindow) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Shows every tab, sub-tab and directory page in turn; yields a name for each."""
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        _settle(qtbot)
        name = window.tabs.tabText(i)
        yield name
        page = window.tabs.currentWidget()
        for sub in page.findChildren(QTabWidget):
            if not sub.isVisible():
                continue
            for j in range(sub.count()):
                if not sub.isTabVisible(j):
                    continue
                sub.setCurrentIndex(j)
                _settle(qtbot)
                yield f"{name} / {sub.tabText(j)}"
        if page is window.directories:
            for row in range(window.directories.chooser.count()):
                window.directories.chooser.setCurrentRow(row)
                _settle(qtbot)
                yield f"{name} / {window.directories.chooser.item(row).text()}"


def _outside(widget: QWidget, window: QWidget) -> bool:
    """True when part of `widget` is cut off by the window or by a parent that is not a scrolling
    list (a page scroll area is allowed: it starts at the top)."""
    top_left = widget.mapTo(window, QPoint(0, 0))
    rect = QRect(top_left, widget.size())
    if not window.rect().contains(rect):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, QScrollArea):
            return False  # a row button inside a list or table: the list scrolls to it
        if isinstance(parent, QScrollArea) and parent.objectName() not in ("tallyScroll", "pageScroll"):
            return False  # a scrolling list of rows (today's duty rows)
        parent_rect = QRect(parent.mapTo(window, QPoint(0, 0)), parent.size())
        if not parent_rect.contains(rect):
            return True
        parent = parent.parentWidget()
    return False


def test_the_window_starts_within_a_1366x768_screen() -> None:
    size = initial_window_size(QSize(1366, 728))  # 768 less a 40 px taskbar
    assert size.width() <= 1366 and size.height() + 30 <= 728


def test_the_window_keeps_its_designed_size_on_a_big_screen() -> None:
    assert initial_window_size(QSize(1920, 1040)) == QSize(1180, 820)


def test_every_page_fits_the_smallest_window(qtbot, small_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = small_window
    cut: list[str] = []
    for page in _pages(qtbot, window):
        assert window.size() == SMALLEST_WINDOW, f"{page} grew the window to {window.size()}"
        buttons = [b for b in window.centralWidget().findChildren(QAbstractButton) if b.isVisible()]
        cut += [f"{page}: {b.text() or b.objectName()}" for b in buttons if b.text() and _outside(b, window)]
        assert not _outside(window.statusBar(), window), f"{page}: the status bar is cut off"
    assert cut == []


def test_the_case_list_shows_the_status_and_room_for_the_summary(qtbot, small_window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    window = small_window
    window.tabs.setCurrentWidget(window.case_list)
    _settle(qtbot)
    view = window.case_list.view
    header = view.horizontalHeader()
    right = header.sectionViewportPosition(COL_STATUS) + header.sectionSize(COL_STATUS)
    assert right <= view.viewport().width()
    assert header.sectionSize(COL_SUMMARY) >= view.fontMetrics().horizontalAdvance("群众反映小区电梯故障")


def _menu_image(menu: QMenu, width: int) -> QImage:
    menu.setFixedWidth(width)
    menu.adjustSize()
    return menu.grab().toImage()


@pytest.mark.parametrize("text", ["连接中心服务器(&C)…", "关于接待台(&A)", "修改我的 PIN(&P)…"])
def test_a_menu_item_is_drawn_in_full(qtbot, desk_font, text: str) -> None:  # type: ignore[no-untyped-def]
    """The item draws the same pixels at the menu's own width as with room to spare (no elision)."""
    menu = QMenu()
    qtbot.addWidget(menu)
    menu.addAction(QAction(text, menu))
    natural = menu.sizeHint().width()
    tight = _menu_image(menu, natural)
    wide = _menu_image(menu, natural + 200)
    assert tight.copy(0, 0, natural - 8, tight.height()) == wide.copy(0, 0, natural - 8, wide.height())
