"""`--lang en`: no Chinese reaches the English window. Every tab, sub-tab and directory page, the
menus, and the dialogs the window opens are walked on a desk whose data is all ASCII (so whatever
Chinese shows is the program's, not the user's), and every visible text is checked: labels,
buttons, fields and their placeholders, lists, table cells and headers, tab names, window titles.

One exception: a slip number keeps the station's official pattern (〔2026〕第001号) in every
language, as the slip itself prints it; the numbers the desk issued are taken out of the texts
before the check."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QAbstractListModel, QLocale, QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QDialog,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTabBar,
    QTabWidget,
    QWidget,
)

from desk_app.domain.vocab import Channel, Verdict
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession
from tests.constants import CLERK_PIN

from .case_fixtures import add_case, add_unit, callback, refer, reply
from .conftest import wait_for_ops

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@pytest.fixture
def english(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    from desk_app.ui.app import install_translators

    locale = QLocale()
    assert install_translators(qapp, "en") == []
    yield
    QLocale.setDefault(locale)


@pytest.fixture
def ascii_desk(store: DeskStore, clock) -> OperatorInfo:  # type: ignore[no-untyped-def]
    admin = store.set_up(
        station_name="Wuxing Street Deputy Supervision Post",
        short_name="WXPOST",
        kind="supervision_post",
        district="Shihe District",
        operator_name="Li Ming",
        secret=CLERK_PIN,
    )
    by = admin.id
    # The categories a new desk starts with are directory data in Chinese: renamed, as an
    # English-speaking office would.
    for i, category in enumerate(store.categories(include_inactive=True)):
        store.save_category(by=by, name=f"Category {i + 1}", category_id=category.id)
    for name, level in (("Wang Jianguo", "city"), ("Zhao Min", "county"), ("Qian Li", "street_delegate")):
        store.save_deputy(by=by, name=name, level=level, phone="")
    store.save_category(by=by, name="Housing")
    unit = add_unit(store, admin, name="District Housing Bureau", contact="Wang Qiang", phone="0376-6221234")
    first = add_case(store, admin, name="Zhang San", content="The lift in block 3 keeps failing")
    add_case(store, admin, name="Li Si", content="Street lamp out on Gongqu Road", channel=Channel.QR_SCAN)
    third = add_case(store, admin, name="Wang Wu", content="Noise from the night market")
    # A callback in October and one in November: the tally compares two satisfaction rates.
    november = clock.now
    clock.now = november - timedelta(days=30)
    second = add_case(store, admin, name="Sun Qi", content="Bus stop has no shelter")
    refer(store, admin, second, unit.id, supervisor="Qian Li")
    reply(store, admin, second, text="A shelter is planned")
    callback(store, admin, second, Verdict.DISSATISFIED)
    clock.now = november
    refer(store, admin, first, unit.id, supervisor="Wang Jianguo")
    refer(store, admin, third, unit.id, supervisor="Zhao Min")
    clock.now += timedelta(days=2)
    reply(store, admin, third, text="The market closes at 22:00 now")
    clock.now += timedelta(days=1)
    callback(store, admin, third, Verdict.SATISFIED)
    return admin


def _serials(store: DeskStore) -> list[str]:
    with store.db.reading() as s:
        from sqlalchemy import text

        return [row[0] for row in s.execute(text("SELECT serial FROM referral WHERE serial IS NOT NULL"))]


def _texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) of everything `widget` and its visible children show."""
    yield "title", widget.windowTitle()
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible():
            continue
        name = f"{type(child).__name__}#{child.objectName()}"
        if isinstance(child, QLabel | QAbstractButton):
            yield name, child.text()
        elif isinstance(child, QLineEdit):
            yield name, child.placeholderText()
            yield name, child.text()
        elif isinstance(child, QComboBox):
            yield from ((name, child.itemText(i)) for i in range(child.count()))
        elif isinstance(child, QGroupBox):
            yield name, child.title()
        elif isinstance(child, QTabBar):
            yield from ((name, child.tabText(i)) for i in range(child.count()) if child.isTabVisible(i))
        elif isinstance(child, QHeaderView):
            continue  # its table's headers are read with the table
        elif isinstance(child, QAbstractItemView) and child.model() is not None:
            model, root = child.model(), QModelIndex()
            # A list model's columnCount is private in PySide: one column.
            columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount(root)
            for c in range(columns):
                yield name + " header", str(model.headerData(c, Qt.Orientation.Horizontal) or "")
            for r in range(min(model.rowCount(root), 50)):
                for c in range(columns):
                    yield name, str(model.data(model.index(r, c)) or "")


def _chinese_in(widget: QWidget, serials: list[str], where: str) -> list[str]:
    found = []
    for place, text in _texts(widget):
        for serial in serials:
            text = text.replace(serial, "")
        if CJK.search(text):
            found.append(f"{where}: {place}: {text!r}")
    return found


def _settle(qtbot) -> None:  # type: ignore[no-untyped-def]
    wait_for_ops(qtbot)
    qtbot.wait(30)


def _open_dialogs() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()]


@pytest.fixture
def english_window(qtbot, english, store: DeskStore, ascii_desk: OperatorInfo) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    window = MainWindow(DeskSession(store, store.station(), ascii_desk), current_lang="en")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.ready, timeout=15_000):
        window.show()
    yield window
    wait_for_ops(qtbot)
    for dialog in _open_dialogs():
        dialog.close()


def test_no_chinese_in_any_page_of_the_english_window(
    qtbot, english_window: MainWindow, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    window, serials, found = english_window, _serials(store), []
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        _settle(qtbot)
        name = window.tabs.tabText(i)
        found += _chinese_in(window, serials, name)
        page = window.tabs.currentWidget()
        for sub in page.findChildren(QTabWidget):
            for j in range(sub.count()):
                if sub.isVisible() and sub.isTabVisible(j):
                    sub.setCurrentIndex(j)
                    _settle(qtbot)
                    found += _chinese_in(window, serials, f"{name} / {sub.tabText(j)}")
        if page is window.directories:
            for row in range(window.directories.chooser.count()):
                window.directories.chooser.setCurrentRow(row)
                _settle(qtbot)
                found += _chinese_in(
                    window, serials, f"{name} / {window.directories.chooser.item(row).text()}"
                )
    assert found == [], "\n".join(found)


def test_no_chinese_in_the_english_menus(english_window: MainWindow) -> None:
    # The language menu names each language in its own language (中文（简体）, English), on purpose.
    languages = set(english_window.language_group.actions())
    found = []
    for menu in english_window.menuBar().findChildren(QMenu):
        found += [
            f"{menu.title()}: {a.text()}"
            for a in menu.actions()
            if a not in languages and CJK.search(a.text() + menu.title())
        ]
    assert found == [], "\n".join(found)


def test_no_chinese_in_the_dialogs_of_the_english_window(
    qtbot, english_window: MainWindow, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    window, serials, found = english_window, _serials(store), []
    openers = {
        "about": window.about,
        "change PIN": window.change_own_pin,
        "station settings": window.edit_station,
        "visit off the rota": window.today.open_visit_dialog,
        "connect to the centre": window.connect_to_server,
    }
    for name, open_it in openers.items():
        open_it()
        _settle(qtbot)
        dialogs = _open_dialogs()
        assert dialogs, f"{name} opened no dialog"
        for dialog in dialogs:
            found += _chinese_in(dialog, serials, name)
            if isinstance(dialog, QMessageBox):
                found += [f"{name}: {dialog.text()!r}"] if CJK.search(dialog.text()) else []
            dialog.close()
        _settle(qtbot)
    assert found == [], "\n".join(found)


def test_no_chinese_in_an_open_case_of_the_english_window(
    qtbot, english_window: MainWindow, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    window, serials = english_window, _serials(store)
    found = []
    for case in store.list_cases(store.case_filter(), limit=10):
        view = window.open_case(case.id)
        qtbot.addWidget(view)
        _settle(qtbot)
        found += _chinese_in(view, serials, f"case {case.citizen_name}")
        view.close()
    assert found == [], "\n".join(found)
