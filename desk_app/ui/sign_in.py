"""Sign-in: pick your name from a big list, type the PIN, press Enter.

A list rather than a drop-down: elderly deputies find their own name at a glance, and the last
operator who signed in at this desk is already selected, so a clerk only types the PIN.

A refused PIN is said plainly: how many tries are left, until when to wait, until when the
operator is locked (or that the office can reset the PIN), or that the operator is deactivated.
A PIN the current rules call weak signs in, but the desk goes on only once a new one is chosen
(ChangePinDialog, which cannot be skipped).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.vocab import OperatorRole
from desk_app.storage.errors import SignInRefused
from desk_app.storage.records import OperatorInfo, StationInfo
from desk_app.ui.kit.labels import label_of
from desk_app.ui.kit.widgets import INVALID_STYLE, PinEdit, error_label, heading, set_invalid
from desk_app.ui.messages import describe_error, sign_in_refused_text
from desk_app.ui.ops import DbOp
from desk_app.ui.pin_dialog import ChangePinDialog

if TYPE_CHECKING:  # the store is opened after this window shows (start-up time, ui/app.py)
    from desk_app.storage.store import DeskStore

LAST_OPERATOR_SETTING = "ui.last_operator"


class SignInDialog(QDialog):
    """Emits `signed_in(station, operator)` and accepts once the PIN is right."""

    signed_in = Signal(object, object)  # (StationInfo, OperatorInfo)
    # The operator list has arrived (tests and the shell wait for it).
    loaded = Signal()

    def __init__(self, store: DeskStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._busy = False
        self.station: StationInfo | None = None
        self.operator: OperatorInfo | None = None
        # Open while an operator with a weak PIN chooses a new one.
        self.pin_dialog: ChangePinDialog | None = None
        self.setObjectName("signIn")
        self.setWindowTitle(self.tr("Sign in - Station Desk"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(420)

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Who is at the desk?")))
        self.operators = QListWidget()
        self.operators.setObjectName("operatorList")
        big = QFont(self.operators.font())
        if big.pointSizeF() > 0:
            big.setPointSizeF(big.pointSizeF() * 1.2)
        self.operators.setFont(big)
        self.operators.setSpacing(3)
        layout.addWidget(self.operators, 1)
        layout.addWidget(QLabel(self.tr("PIN:")))
        self.pin = PinEdit()
        self.pin.setObjectName("pin")
        layout.addWidget(self.pin)
        self.problem = error_label("secret")
        layout.addWidget(self.problem)

        self.buttons = QDialogButtonBox()
        self.sign_in_button = self.buttons.addButton(
            self.tr("Sign in"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.sign_in_button.setObjectName("signInButton")
        self.sign_in_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        layout.addWidget(self.buttons)

        self.pin.returnPressed.connect(self.submit)
        self.pin.textChanged.connect(lambda _t: self._show_problem(""))
        self.operators.itemActivated.connect(lambda _i: self.pin.setFocus())
        self.operators.currentItemChanged.connect(lambda *_: self._show_problem(""))
        self._load()

    def _load(self) -> None:
        store = self._store

        def work() -> tuple[list[OperatorInfo], object]:
            return store.operators(), store.setting(LAST_OPERATOR_SETTING)

        DbOp(work, parent=self).success(self._fill).run()

    def _fill(self, result: tuple[list[OperatorInfo], object]) -> None:
        operators, last_id = result
        self.operators.clear()
        for op in operators:
            item = QListWidgetItem(f"{op.name}    ({label_of(OperatorRole, op.role)})")
            item.setData(Qt.ItemDataRole.UserRole, op.id)
            self.operators.addItem(item)
            if op.id == last_id:
                self.operators.setCurrentItem(item)
        if self.operators.currentItem() is None and self.operators.count():
            self.operators.setCurrentRow(0)
        self.pin.setFocus()
        self.loaded.emit()

    def select_operator(self, operator_id: str) -> bool:
        for row in range(self.operators.count()):
            if self.operators.item(row).data(Qt.ItemDataRole.UserRole) == operator_id:
                self.operators.setCurrentRow(row)
                return True
        return False

    def selected_operator_id(self) -> str | None:
        item = self.operators.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def problem_text(self) -> str:
        return self.problem.text() if not self.problem.isHidden() else ""

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))
        set_invalid(self.pin, bool(text))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Esc clears the PIN instead of closing: closing the sign-in window ends the program.
        if event.key() == Qt.Key.Key_Escape:
            self.pin.clear()
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self._busy:
            return
        operator_id = self.selected_operator_id()
        if operator_id is None:
            self._show_problem(self.tr("Choose your name in the list first."))
            self.operators.setFocus()
            return
        if not self.pin.text():
            self._show_problem(self.tr("Type your PIN."))
            self.pin.setFocus()
            return
        store, secret = self._store, self.pin.text()

        def work() -> tuple[StationInfo, OperatorInfo]:
            operator = store.sign_in(operator_id, secret)
            store.set_setting(LAST_OPERATOR_SETTING, operator.id)
            return store.station(), operator

        self._busy = True
        self.sign_in_button.setEnabled(False)
        DbOp(work, parent=self).success(lambda result: self._done(result, secret)).failure(
            self._failed
        ).always(self._idle).run()

    def _idle(self) -> None:
        self._busy = False
        self.sign_in_button.setEnabled(self.pin_dialog is None)

    def _done(self, result: tuple[StationInfo, OperatorInfo], secret: str) -> None:
        station, operator = result
        if operator.weak_pin:
            self._ask_new_pin(station, operator, secret)
            return
        self._finish(station, operator)

    def _finish(self, station: StationInfo, operator: OperatorInfo) -> None:
        self.station, self.operator = station, operator
        self.signed_in.emit(station, operator)
        self.accept()

    def _ask_new_pin(self, station: StationInfo, operator: OperatorInfo, secret: str) -> None:
        """The PIN was right but weak: nothing goes on until a new one is saved."""
        self.pin.clear()
        self.sign_in_button.setEnabled(False)
        dialog = ChangePinDialog(self._store, operator, old_pin=secret, parent=self)
        self.pin_dialog = dialog
        dialog.changed.connect(lambda: self._finish(station, replace(operator, weak_pin=False)))
        dialog.rejected.connect(self._new_pin_abandoned)
        dialog.finished.connect(self._pin_dialog_closed)
        dialog.open()

    def _new_pin_abandoned(self) -> None:
        self._show_problem(
            self.tr(
                "Your PIN is too easy to guess: choose a new one to go on. Sign in again when you are ready."
            )
        )
        self.pin.setFocus()

    def _pin_dialog_closed(self, _result: int) -> None:
        dialog, self.pin_dialog = self.pin_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self.sign_in_button.setEnabled(not self._busy)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, SignInRefused):
            text = sign_in_refused_text(exc, self._store.today())
        else:
            text = describe_error(exc)
        # Keep the chosen name; only the PIN is typed again.
        self.pin.clear()
        self._show_problem(text)
        self.pin.setFocus()
