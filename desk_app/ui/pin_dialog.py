"""Choosing a new PIN: your own (the Desk menu's "Change my PIN"), or after signing in with a PIN
the current rules call weak, when the desk does not go on until a new one is chosen.

The new PIN is checked by the PIN rules (domain.pins) as it is typed and by the store when it is
saved; a refusal is said next to its field in the words of domain.pins.PIN_PROBLEM_ZH. Changing
your own PIN needs the old one, checked (and counted when wrong) like a sign-in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.pins import MIN_PIN_CHARS, pin_problem
from desk_app.storage.errors import SignInRefused, WeakPin
from desk_app.storage.records import OperatorInfo
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, PinEdit, heading, hint, with_error
from desk_app.ui.messages import describe_error, pin_problem_text, sign_in_refused_text
from desk_app.ui.ops import DbOp

if TYPE_CHECKING:  # the store is opened after the sign-in window shows (ui/app.py)
    from desk_app.storage.store import DeskStore


class ChangePinDialog(QDialog):
    """Change the operator's own PIN. `old_pin` given: the PIN just typed at sign-in, which the
    rules call weak; then the dialog cannot be skipped (no Cancel, Esc does nothing) and closing
    it abandons the sign-in. Emits `changed` once the new PIN is saved."""

    changed = Signal()

    def __init__(
        self,
        store: DeskStore,
        operator: OperatorInfo,
        old_pin: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._operator = operator
        self._old_pin = old_pin
        self._busy = False
        self.forced = old_pin is not None
        self.setObjectName("changePinDialog")
        self.setWindowTitle(self.tr("Choose a new PIN") if self.forced else self.tr("Change my PIN"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(440)
        self.errors = FieldErrors()

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("A new PIN for %1").replace("%1", operator.name)))
        if self.forced:
            why = hint(
                self.tr(
                    "Your PIN is too easy to guess under the desk's PIN rules. Choose a new one "
                    "before going on; the desk cannot be used with the old one."
                )
            )
            why.setObjectName("forcedHint")
            layout.addWidget(why)
        self.banner = Banner(self)
        layout.addWidget(self.banner)
        form = QFormLayout()
        self.old_pin = PinEdit()
        self.old_pin.setObjectName("oldPin")
        self.new_pin = PinEdit()
        self.new_pin.setObjectName("newPin")
        self.new_pin_again = PinEdit()
        self.new_pin_again.setObjectName("newPinAgain")
        if not self.forced:
            form.addRow(
                self.tr("Current PIN:"), with_error(self.old_pin, self.errors.add("old", self.old_pin))
            )
        form.addRow(self.tr("New PIN:"), with_error(self.new_pin, self.errors.add("new", self.new_pin)))
        form.addRow(
            self.tr("New PIN again:"),
            with_error(self.new_pin_again, self.errors.add("again", self.new_pin_again)),
        )
        layout.addLayout(form)
        layout.addWidget(
            hint(
                self.tr(
                    "At least %1 characters, not easy to guess (not 123456, 000000 or your birthday)."
                ).replace("%1", str(MIN_PIN_CHARS))
            )
        )

        buttons = QDialogButtonBox()
        self.save_button = buttons.addButton(
            self.tr("Save the new PIN"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        buttons.accepted.connect(self.submit)
        if not self.forced:
            self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
            self.cancel_button.setText(self.tr("Cancel"))
            buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        for field, edit in (("old", self.old_pin), ("new", self.new_pin), ("again", self.new_pin_again)):
            self.errors.clear_on(field, edit.textChanged)
        (self.new_pin if self.forced else self.old_pin).setFocus()

    def error_text(self, field: str) -> str:
        return self.errors.text(field)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # A forced change cannot be dismissed by a stray Esc.
        if self.forced and event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if self._busy:  # a save on its way: wait for its answer
            event.ignore()
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self._busy:
            return
        super().reject()

    def submit(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.banner.setVisible(False)
        old = self._old_pin if self._old_pin is not None else self.old_pin.text()
        new, again = self.new_pin.text(), self.new_pin_again.text()
        if not self.forced and not old:
            self.errors.set("old", self.tr("Type your current PIN."))
            self.old_pin.setFocus()
            return
        problem = pin_problem(new)
        if problem is not None:
            self.errors.set("new", pin_problem_text(problem))
            self.new_pin.setFocus()
            return
        if new != again:
            self.errors.set("again", self.tr("The two PINs are not the same."))
            self.new_pin_again.setFocus()
            return
        store, operator_id = self._store, self._operator.id
        self._set_busy(True)
        DbOp(lambda: store.change_own_pin(operator_id, old, new), parent=self).success(self._saved).failure(
            self._failed
        ).always(lambda: self._set_busy(False)).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)

    def _saved(self, _none: object) -> None:
        self.changed.emit()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, WeakPin):
            self.errors.set("new", pin_problem_text(exc.problem))
            self.new_pin.setFocus()
        elif isinstance(exc, SignInRefused) and not self.forced:
            self.old_pin.clear()
            self.errors.set("old", sign_in_refused_text(exc, self._store.today()))
            self.old_pin.setFocus()
        elif isinstance(exc, SignInRefused):
            self.banner.show_message(sign_in_refused_text(exc, self._store.today()), ok=False)
        else:
            self.banner.show_message(describe_error(exc), ok=False)
