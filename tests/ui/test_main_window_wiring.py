"""How the main window's parts work together: today's check-ins feed the reception form, the
rota tab is built when first opened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk_app.storage.store import DeskStore
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession

from .conftest import wait_for_ops


@pytest.fixture
def deputies(store: DeskStore, session: DeskSession) -> list[str]:
    by = session.operator.id
    return [store.save_deputy(by=by, name=name).id for name in ("王代表", "赵代表", "钱代表")]


@pytest.fixture
def window(qtbot, session: DeskSession, deputies: list[str]) -> Iterator[MainWindow]:  # type: ignore[no-untyped-def]
    w = MainWindow(session)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    yield w
    wait_for_ops(qtbot)


def test_a_deputy_checking_in_becomes_a_default_receiver(window: MainWindow, deputies: list[str]) -> None:
    window.today.checked_in_changed.emit([deputies[0]])
    assert window.reception_form.selected_deputy_ids() == [deputies[0]]


def test_a_deputy_checking_out_is_no_longer_ticked_but_hand_ticks_stay(window: MainWindow,
                                                                       deputies: list[str]) -> None:
    window.reception_form.set_deputy_checked(deputies[2], True)
    window.today.checked_in_changed.emit([deputies[0], deputies[1]])
    window.today.checked_in_changed.emit([deputies[1]])
    assert sorted(window.reception_form.selected_deputy_ids()) == sorted([deputies[1], deputies[2]])


def test_rota_tab_is_built_when_first_opened(qtbot, window: MainWindow) -> None:  # type: ignore[no-untyped-def]
    assert window.rota is None
    index = window.tabs.indexOf(window._rota_placeholder)
    title = window.tabs.tabText(index)
    window.tabs.setCurrentIndex(index)
    assert window.rota is not None and window.tabs.widget(index) is window.rota
    assert window.tabs.tabText(index) == title and window.tabs.currentIndex() == index
