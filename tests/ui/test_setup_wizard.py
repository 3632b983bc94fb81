"""First start: the one-page set-up creates the station and its first operator."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desk_app.storage.store import DeskStore
from desk_app.ui.setup_wizard import SetupWizard
from tests.constants import CLERK_PIN, OTHER_PIN

from .conftest import type_chinese, wait_for_ops


@pytest.fixture
def wizard(qtbot, store: DeskStore) -> SetupWizard:  # type: ignore[no-untyped-def]
    w = SetupWizard(store)
    qtbot.addWidget(w)
    w.show()
    yield w
    wait_for_ops(qtbot)


def _fill(qtbot, w: SetupWizard, pin: str = CLERK_PIN, pin_again: str | None = None) -> None:  # type: ignore[no-untyped-def]
    type_chinese(w.station_name, "浉河区五星街道人大代表监督岗")
    type_chinese(w.short_name, "浉河监督岗")
    type_chinese(w.district, "浉河区")
    type_chinese(w.operator_name, "王芳")
    qtbot.keyClicks(w.pin, pin)
    qtbot.keyClicks(w.pin_again, pin if pin_again is None else pin_again)


def test_wizard_creates_station_and_operator(qtbot, wizard: SetupWizard, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    _fill(qtbot, wizard)
    with qtbot.waitSignal(wizard.completed, timeout=10_000) as blocker:
        qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    station, operator = blocker.args
    assert station.short_name == "浉河监督岗"
    assert station.kind == "supervision_post"
    assert operator.name == "王芳"
    assert operator.role == "admin"
    assert store.is_set_up()
    assert store.sign_in(operator.id, CLERK_PIN).name == "王芳"


def test_short_name_shows_live_serial_preview(wizard: SetupWizard, store: DeskStore) -> None:
    type_chinese(wizard.short_name, "浉河监督岗")
    assert wizard.preview.text() == f"浉河监督岗〔{store.clock().year}〕第001号"


def test_different_pins_are_refused_inline_and_nothing_is_saved(
    qtbot,
    wizard: SetupWizard,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    _fill(qtbot, wizard, pin=CLERK_PIN, pin_again=OTHER_PIN)
    qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    assert wizard.error_text("secret_again")
    assert ops_idle()
    assert not store.is_set_up()
    assert wizard.station_name.text() == "浉河区五星街道人大代表监督岗"


def test_short_pin_and_missing_name_are_shown_next_to_their_fields(
    qtbot,
    wizard: SetupWizard,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    type_chinese(wizard.short_name, "浉河监督岗")
    type_chinese(wizard.operator_name, "王芳")
    qtbot.keyClicks(wizard.pin, "12")
    qtbot.keyClicks(wizard.pin_again, "12")
    qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(wizard.error_text("secret")), timeout=10_000)
    assert "6" in wizard.error_text("secret")
    assert wizard.error_text("station_name")
    assert not wizard.error_text("short_name")
    # Everything typed is still there.
    assert wizard.short_name.text() == "浉河监督岗"
    assert wizard.operator_name.text() == "王芳"
    assert not store.is_set_up()


def test_there_is_no_role_to_choose_the_first_operator_is_the_administrator(wizard: SetupWizard) -> None:
    assert not hasattr(wizard, "role")
    assert wizard.findChild(type(wizard.preview), "adminHint") is not None


@pytest.mark.parametrize(("pin", "words"), [("123456", "连续"), ("000000", "重复"), ("147258", "常见")])
def test_a_weak_pin_is_refused_next_to_the_field_in_chinese(
    qtbot,
    chinese,
    wizard: SetupWizard,  # type: ignore[no-untyped-def]
    store: DeskStore,
    pin: str,
    words: str,
) -> None:
    _fill(qtbot, wizard, pin=pin)
    qtbot.mouseClick(wizard.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(wizard.error_text("secret")), timeout=10_000)
    assert words in wizard.error_text("secret")
    assert not store.is_set_up()
    assert wizard.station_name.text() == "浉河区五星街道人大代表监督岗"


def test_escape_does_not_close_the_wizard(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    type_chinese(wizard.station_name, "浉河区五星街道人大代表监督岗")
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    assert wizard.isVisible()
    assert wizard.station_name.text() == "浉河区五星街道人大代表监督岗"


def ops_idle() -> bool:
    from desk_app.ui import ops

    return ops.task_manager().running == 0
