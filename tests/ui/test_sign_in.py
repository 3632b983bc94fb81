"""Sign-in: choose a name, type the PIN, press Enter."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from desk_app.domain.pins import FREE_TRIES, LOCK_AFTER, LOCK_MINUTES
from desk_app.storage.errors import SignInRefused
from desk_app.storage.models import Operator
from desk_app.storage.records import OperatorInfo
from desk_app.storage.secrets import hash_secret
from desk_app.storage.store import DeskStore
from desk_app.ui.pin_dialog import ChangePinDialog
from desk_app.ui.sign_in import SignInDialog
from tests.constants import CLERK_PIN, DEPUTY_PIN, OTHER_PIN

from .conftest import wait_for_ops

WRONG_PIN = "864213"


@pytest.fixture
def dialog(qtbot, store: DeskStore, clerk: OperatorInfo) -> SignInDialog:  # type: ignore[no-untyped-def]
    store.add_operator(by=clerk.id, name="张伟", role="deputy", secret=DEPUTY_PIN)
    d = SignInDialog(store)
    qtbot.addWidget(d)
    with qtbot.waitSignal(d.loaded, timeout=10_000):
        d.show()
    yield d
    wait_for_ops(qtbot)


def test_lists_active_operators(dialog: SignInDialog) -> None:
    texts = [dialog.operators.item(i).text() for i in range(dialog.operators.count())]
    assert len(texts) == 2
    assert any("李明" in t for t in texts)
    assert any("张伟" in t for t in texts)


def test_right_pin_and_enter_signs_in(qtbot, dialog: SignInDialog, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    assert dialog.select_operator(clerk.id)
    qtbot.keyClicks(dialog.pin, CLERK_PIN)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as blocker:
        qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    station, operator = blocker.args
    assert operator.id == clerk.id
    assert station.short_name == "浉河监督岗"


def test_wrong_pin_says_so_and_keeps_the_chosen_name(
    qtbot,
    dialog: SignInDialog,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    dialog.select_operator(clerk.id)
    qtbot.keyClicks(dialog.pin, "0000")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=10_000)
    assert "PIN" in dialog.problem_text()
    assert dialog.selected_operator_id() == clerk.id
    assert dialog.pin.text() == ""
    assert dialog.isVisible()


def test_last_operator_is_preselected_next_time(
    qtbot,
    dialog: SignInDialog,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    zhang = next(o for o in store.operators() if o.name == "张伟")
    dialog.select_operator(zhang.id)
    qtbot.keyClicks(dialog.pin, DEPUTY_PIN)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000):
        dialog.submit()
    again = SignInDialog(store)
    qtbot.addWidget(again)
    with qtbot.waitSignal(again.loaded, timeout=10_000):
        again.show()
    assert again.selected_operator_id() == zhang.id


# -- refusals in plain words ------------------------------------------------------------------------


def _try(qtbot, dialog: SignInDialog, pin: str) -> str:  # type: ignore[no-untyped-def]
    dialog._show_problem("")
    qtbot.keyClicks(dialog.pin, pin)
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=10_000)
    return dialog.problem_text()


def test_a_wrong_pin_says_how_many_tries_are_left(
    qtbot,
    chinese,
    dialog: SignInDialog,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    dialog.select_operator(clerk.id)
    text = _try(qtbot, dialog, WRONG_PIN)
    assert "PIN 不正确" in text and "再输错 9 次将被锁定" in text


def test_after_several_wrong_pins_it_says_until_when_to_wait(
    qtbot,
    chinese,
    dialog: SignInDialog,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    dialog.select_operator(clerk.id)
    for _ in range(FREE_TRIES + 1):  # the fourth wrong PIN starts a 5-second wait (the clock stands at 10:00)
        text = _try(qtbot, dialog, WRONG_PIN)
    assert "10:00:05" in text
    text = _try(qtbot, dialog, CLERK_PIN)  # even the right PIN waits
    assert text == "PIN 输错次数过多：请等到 10:00:05 后再试。"
    assert dialog.isVisible() and dialog.operator is None


def test_a_locked_operator_is_told_until_when_and_that_the_office_can_reset(  # type: ignore[no-untyped-def]
    qtbot, chinese, dialog: SignInDialog, store: DeskStore, clerk: OperatorInfo, clock
) -> None:
    start = clock.now
    for _ in range(LOCK_AFTER):
        with pytest.raises(SignInRefused):
            store.sign_in(clerk.id, WRONG_PIN)
        clock.now += timedelta(minutes=6)  # past every wait
    last_failure = clock.now - timedelta(minutes=6)
    clock.now = start + timedelta(hours=1)
    dialog.select_operator(clerk.id)
    text = _try(qtbot, dialog, CLERK_PIN)
    until = (last_failure + timedelta(minutes=LOCK_MINUTES)).strftime("%H:%M")
    assert f"已锁定至 {until}" in text and "办公室重置 PIN" in text


def test_a_deactivated_operator_is_told_so(
    qtbot,
    chinese,
    dialog: SignInDialog,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    zhang = next(o for o in store.operators() if o.name == "张伟")
    store.set_operator_active(by=clerk.id, operator_id=zhang.id, active=False)  # after the list was shown
    dialog.select_operator(zhang.id)
    assert _try(qtbot, dialog, DEPUTY_PIN) == "该操作员已停用，不能登录：请联系管理员。"


# -- a weak PIN must be replaced before going on -------------------------------------------------------

WEAK_PIN = "1234"  # allowed before the PIN rules: an old desk may still have one


def _give_weak_pin(store: DeskStore, operator_id: str) -> None:
    with store.db.writing(None) as s:
        s.get(Operator, operator_id).secret_hash = hash_secret(WEAK_PIN)


def _sign_in_weak(qtbot, dialog: SignInDialog, store: DeskStore, clerk: OperatorInfo) -> ChangePinDialog:  # type: ignore[no-untyped-def]
    _give_weak_pin(store, clerk.id)
    dialog.select_operator(clerk.id)
    qtbot.keyClicks(dialog.pin, WEAK_PIN)
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.pin_dialog is not None, timeout=10_000)
    assert dialog.pin_dialog is not None
    return dialog.pin_dialog


def test_a_weak_pin_signs_in_only_after_a_new_one_is_chosen(
    qtbot,
    dialog: SignInDialog,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    pin_dialog = _sign_in_weak(qtbot, dialog, store, clerk)
    assert pin_dialog.forced and not pin_dialog.old_pin.isVisible()
    assert dialog.operator is None and not dialog.sign_in_button.isEnabled()
    qtbot.keyClicks(pin_dialog.new_pin, OTHER_PIN)
    qtbot.keyClicks(pin_dialog.new_pin_again, OTHER_PIN)
    with qtbot.waitSignal(dialog.signed_in, timeout=10_000) as signed:
        pin_dialog.save_button.click()
    assert signed.args[1].id == clerk.id and not signed.args[1].weak_pin
    assert store.sign_in(clerk.id, OTHER_PIN).id == clerk.id


def test_the_forced_change_has_no_cancel_and_escape_does_not_skip_it(
    qtbot,
    dialog: SignInDialog,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    pin_dialog = _sign_in_weak(qtbot, dialog, store, clerk)
    assert not hasattr(pin_dialog, "cancel_button")
    qtbot.keyClick(pin_dialog, Qt.Key.Key_Escape)
    assert pin_dialog.isVisible() and dialog.operator is None


def test_closing_the_forced_change_goes_back_to_sign_in(
    qtbot,
    chinese,
    dialog: SignInDialog,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    pin_dialog = _sign_in_weak(qtbot, dialog, store, clerk)
    pin_dialog.reject()
    assert dialog.operator is None and dialog.isVisible()
    assert "PIN" in dialog.problem_text()
    qtbot.waitUntil(lambda: dialog.sign_in_button.isEnabled(), timeout=10_000)


def test_the_new_pin_must_pass_the_rules(
    qtbot,
    chinese,
    dialog: SignInDialog,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    pin_dialog = _sign_in_weak(qtbot, dialog, store, clerk)
    qtbot.keyClicks(pin_dialog.new_pin, "123456")
    qtbot.keyClicks(pin_dialog.new_pin_again, "123456")
    pin_dialog.save_button.click()
    assert pin_dialog.error_text("new") == "PIN 不能是连续的数字（如 123456、987654）。"
    assert pin_dialog.isVisible() and dialog.operator is None
