"""Sign-in: choose a name, type the PIN, press Enter."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.sign_in import SignInDialog
from tests.constants import CLERK_PIN, DEPUTY_PIN

from .conftest import wait_for_ops


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


def test_wrong_pin_says_so_and_keeps_the_chosen_name(qtbot, dialog: SignInDialog,  # type: ignore[no-untyped-def]
                                                    clerk: OperatorInfo) -> None:
    dialog.select_operator(clerk.id)
    qtbot.keyClicks(dialog.pin, "0000")
    qtbot.keyClick(dialog.pin, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(dialog.problem_text()), timeout=10_000)
    assert "PIN" in dialog.problem_text()
    assert dialog.selected_operator_id() == clerk.id
    assert dialog.pin.text() == ""
    assert dialog.isVisible()


def test_last_operator_is_preselected_next_time(qtbot, dialog: SignInDialog, store: DeskStore,  # type: ignore[no-untyped-def]
                                                clerk: OperatorInfo) -> None:
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
