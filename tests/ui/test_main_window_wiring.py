"""How the main window's parts work together: today's check-ins feed the reception form, the
rota tab is built when first opened."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from desk_app.storage.store import DeskStore
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession
from tests.constants import CLERK_PIN, DEPUTY_PIN, OTHER_PIN

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


def test_a_deputy_checking_out_is_no_longer_ticked_but_hand_ticks_stay(
    window: MainWindow, deputies: list[str]
) -> None:
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


def test_everyone_can_change_their_own_pin_from_the_menu(qtbot, window: MainWindow, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    assert window.change_pin_action.isEnabled()
    dialog = window.change_own_pin()
    qtbot.addWidget(dialog)
    assert not dialog.forced and dialog.old_pin.isVisible()
    qtbot.keyClicks(dialog.old_pin, CLERK_PIN)
    qtbot.keyClicks(dialog.new_pin, OTHER_PIN)
    qtbot.keyClicks(dialog.new_pin_again, OTHER_PIN)
    with qtbot.waitSignal(dialog.changed, timeout=10_000):
        dialog.save_button.click()
    assert store.sign_in(window.session.operator.id, OTHER_PIN).id == window.session.operator.id


def test_a_wrong_current_pin_is_refused_next_to_its_field(
    qtbot,
    chinese,
    window: MainWindow,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    dialog = window.change_own_pin()
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.old_pin, "864213")
    qtbot.keyClicks(dialog.new_pin, OTHER_PIN)
    qtbot.keyClicks(dialog.new_pin_again, OTHER_PIN)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: bool(dialog.error_text("old")), timeout=10_000)
    assert "PIN 不正确" in dialog.error_text("old")
    assert dialog.isVisible() and dialog.new_pin.text() == OTHER_PIN
    assert store.sign_in(window.session.operator.id, CLERK_PIN).id == window.session.operator.id


def test_a_deputy_can_change_their_pin_too(qtbot, store: DeskStore, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    deputy = store.add_operator(by=session.operator.id, name="张伟", role="deputy", secret=DEPUTY_PIN)
    w = MainWindow(DeskSession(store, session.station, deputy))
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.ready, timeout=15_000):
        w.show()
    assert w.change_pin_action.isVisible() and w.change_pin_action.isEnabled()
    wait_for_ops(qtbot)
