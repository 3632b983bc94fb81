"""First start: the station and its first operator, on one page.

One page rather than a multi-step wizard: there are only eight fields, and an elderly user sees
everything that will be asked at once. The short name gets a live preview of a slip number,
because it starts every referral slip the station will ever print. The first operator is always
the desk's administrator (who then adds the office's clerks and the duty deputies), and the PIN
must pass the PIN rules (domain.pins): a weak one is refused next to its field, in plain words.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.numbering import DEFAULT_SERIAL_PATTERN, format_serial
from desk_app.domain.pins import MIN_PIN_CHARS, pin_problem
from desk_app.domain.vocab import StationKind
from desk_app.storage.errors import DuplicateName, ValidationFailed, WeakPin
from desk_app.storage.records import OperatorInfo, StationInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.kit.labels import label
from desk_app.ui.kit.widgets import INVALID_STYLE, FieldErrors, PinEdit, heading, hint, with_error
from desk_app.ui.messages import describe_error, pin_problem_text, show_problem
from desk_app.ui.ops import DbOp


class SetupWizard(QDialog):
    """Creates the station and its first operator; `completed` carries both."""

    completed = Signal(object, object)  # (StationInfo, OperatorInfo)

    def __init__(self, store: DeskStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self._busy = False
        self.station: StationInfo | None = None
        self.operator: OperatorInfo | None = None
        self.setObjectName("setupWizard")
        self.setWindowTitle(self.tr("Set up Station Desk"))
        self.setStyleSheet(INVALID_STYLE)
        self._errors = FieldErrors()
        self._build()
        self._update_preview()

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.addWidget(heading(self.tr("Welcome to Station Desk")))
        outer.addWidget(
            hint(
                self.tr(
                    "Before the first reception, tell the desk which station this is and who works at it. "
                    "You can change the station's details later."
                )
            )
        )

        station_box = QGroupBox(self.tr("The station"))
        form = QFormLayout(station_box)
        self.station_name = QLineEdit()
        self.station_name.setObjectName("stationName")
        self.station_name.setPlaceholderText(
            self.tr("e.g. Wuxing Street Deputy Supervision Post, Shihe District")
        )
        self.short_name = QLineEdit()
        self.short_name.setObjectName("shortName")
        self.short_name.setMaxLength(40)
        self.short_name.setPlaceholderText(self.tr("e.g. Shihe Post"))
        self.preview = QLabel()
        self.preview.setObjectName("serialPreview")
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.kind = QComboBox()
        self.kind.setObjectName("stationKind")
        for kind in StationKind:
            self.kind.addItem(label(kind), kind.value)
        self.kind.setCurrentIndex(self.kind.findData(StationKind.SUPERVISION_POST.value))
        self.district = QLineEdit()
        self.district.setObjectName("district")
        self.district.setPlaceholderText(self.tr("e.g. Shihe District"))
        form.addRow(self.tr("Full name:"), self._field("station_name", self.station_name))
        form.addRow(self.tr("Short name:"), self._field("short_name", self.short_name))
        form.addRow("", hint(self.tr("The short name starts every referral slip number:")))
        form.addRow("", self.preview)
        form.addRow(self.tr("Kind:"), self._field("kind", self.kind))
        form.addRow(self.tr("District:"), self.district)
        outer.addWidget(station_box)

        operator_box = QGroupBox(self.tr("The first operator: the desk's administrator"))
        form = QFormLayout(operator_box)
        self.operator_name = QLineEdit()
        self.operator_name.setObjectName("operatorName")
        self.pin = PinEdit()
        self.pin.setObjectName("pin")
        self.pin_again = PinEdit()
        self.pin_again.setObjectName("pinAgain")
        admin_hint = hint(
            self.tr(
                "You will be this desk's administrator: you add the office's clerks and the duty deputies "
                "afterwards, each with their own PIN."
            )
        )
        admin_hint.setObjectName("adminHint")
        form.addRow("", admin_hint)
        form.addRow(self.tr("Your name:"), self._field("operator_name", self.operator_name))
        form.addRow(self.tr("PIN:"), self._field("secret", self.pin))
        form.addRow(self.tr("PIN again:"), self._field("secret_again", self.pin_again))
        form.addRow(
            "",
            hint(
                self.tr(
                    "At least %1 characters, not easy to guess (not 123456, 000000 or your birthday). "
                    "You will type it each time you sign in."
                ).replace("%1", str(MIN_PIN_CHARS))
            ),
        )
        outer.addWidget(operator_box)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton(
            self.tr("Start using Station Desk"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.start_button.setObjectName("startButton")
        self.start_button.setDefault(True)
        self.buttons.accepted.connect(self.submit)
        outer.addWidget(self.buttons)

        self.short_name.textChanged.connect(self._update_preview)
        for name, widget in (
            ("station_name", self.station_name),
            ("short_name", self.short_name),
            ("operator_name", self.operator_name),
            ("secret", self.pin),
            ("secret_again", self.pin_again),
        ):
            self._errors.clear_on(name, widget.textChanged)

    def _field(self, name: str, widget: QWidget) -> QWidget:
        return with_error(widget, self._errors.add(name, widget))

    def error_text(self, field: str) -> str:
        return self._errors.text(field)

    def _update_preview(self) -> None:
        prefix = self.short_name.text().strip() or self.tr("Short name")
        serial = format_serial(DEFAULT_SERIAL_PATTERN, prefix, self._store.clock().year, 1)
        self.preview.setText(serial)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt override)
        # Esc must not throw away a half-filled first start; the window's close button still works.
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            return
        super().keyPressEvent(event)

    def submit(self) -> None:
        if self._busy:
            return
        self._errors.clear()
        if self.pin.text() != self.pin_again.text():
            self._errors.set("secret_again", self.tr("The two PINs are not the same."))
            self.pin_again.setFocus()
            return
        values = dict(
            station_name=self.station_name.text(),
            short_name=self.short_name.text(),
            kind=self.kind.currentData(),
            district=self.district.text(),
            operator_name=self.operator_name.text(),
            secret=self.pin.text(),
        )
        store = self._store

        def work() -> tuple[StationInfo, OperatorInfo]:
            operator = store.set_up(**values)
            return store.station(), operator

        self._busy = True
        self.start_button.setEnabled(False)
        DbOp(work, parent=self).success(self._done).failure(self._failed).always(self._idle).run()

    def _idle(self) -> None:
        self._busy = False
        self.start_button.setEnabled(True)

    def _done(self, result: tuple[StationInfo, OperatorInfo]) -> None:
        self.station, self.operator = result
        self.completed.emit(*result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self._errors.show(exc.errors)
            # The store checks the PIN once the other fields are right: say now what is wrong with it.
            problem = pin_problem(self.pin.text())
            if problem is not None:
                self._errors.set("secret", pin_problem_text(problem))
        elif isinstance(exc, WeakPin):
            self._errors.set("secret", pin_problem_text(exc.problem))
            self.pin.setFocus()
        elif isinstance(exc, DuplicateName):
            # Another window finished the set-up first: nothing to do here but say so.
            show_problem(self, self.tr("This desk is already set up. Close this window and start again."))
        else:
            show_problem(self, describe_error(exc))
