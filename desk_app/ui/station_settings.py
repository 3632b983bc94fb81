"""The station's settings (站点设置), for the administrator (Action.STATION_SETTINGS): its name,
the short name that starts every slip number, its kind and district, and the two deadlines of
the states that wait on the office: the callback after a reply (the 12345 practice: the next
working day) and the issuing of a slip (a new case, a second round, after a return or reopening).

Changing a deadline recounts every open case's waiting deadline (the store does it in the same
transaction); the window then refreshes its lists.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.casebook import MAX_WAITING_DAYS
from desk_app.domain.numbering import format_serial
from desk_app.domain.vocab import StationKind
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.records import StationInfo
from desk_app.ui.kit.labels import label
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, heading, hint, with_error
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class StationSettingsDialog(QDialog):
    """Edits the station; `saved` carries the new StationInfo (also put in the session)."""

    saved = Signal(object)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("stationSettingsDialog")
        self.setWindowTitle(self.tr("Station settings"))
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(520)
        self._session = session
        self._busy = False
        self.errors = FieldErrors()
        station = session.station

        self.banner = Banner(self)
        self.name_edit = QLineEdit(station.name)
        self.name_edit.setObjectName("stationName")
        self.short_edit = QLineEdit(station.short_name)
        self.short_edit.setObjectName("shortName")
        self.short_edit.setMaxLength(40)
        self.preview = QLabel()
        self.preview.setObjectName("serialPreview")
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("stationKind")
        for kind in StationKind:
            self.kind_combo.addItem(label(kind), kind.value)
        self.kind_combo.setCurrentIndex(max(self.kind_combo.findData(station.kind), 0))
        self.district_edit = QLineEdit(station.district)
        self.district_edit.setObjectName("district")
        self.callback_days = self._days_spin("callbackDays", station.callback_working_days)
        self.refer_days = self._days_spin("referDays", station.refer_working_days)

        form = QFormLayout()
        form.addRow(
            self.tr("Full name:"), with_error(self.name_edit, self.errors.add("station_name", self.name_edit))
        )
        form.addRow(
            self.tr("Short name:"),
            with_error(self.short_edit, self.errors.add("short_name", self.short_edit)),
        )
        form.addRow("", self.preview)
        form.addRow(self.tr("Kind:"), with_error(self.kind_combo, self.errors.add("kind", self.kind_combo)))
        form.addRow(self.tr("District:"), self.district_edit)
        form.addRow(heading(self.tr("Deadlines of the office"), 1.05))
        form.addRow(
            self.tr("Call back within:"),
            with_error(self.callback_days, self.errors.add("callback_working_days", self.callback_days)),
        )
        form.addRow(
            "",
            hint(
                self.tr(
                    "Working days after the unit's reply (the 12345 hotline's practice: 1, the "
                    "next working day)."
                )
            ),
        )
        form.addRow(
            self.tr("Issue a slip within:"),
            with_error(self.refer_days, self.errors.add("refer_working_days", self.refer_days)),
        )
        form.addRow(
            "",
            hint(
                self.tr(
                    "Working days after the registration, a dissatisfied callback, a returned "
                    "slip or a reopening."
                )
            ),
        )

        # The citizen's progress page (扫码反映, docs/public-channel.md): what it may show.
        form.addRow(heading(self.tr("The citizen's progress page"), 1.05))
        self.shows_unit = QCheckBox(self.tr("The handling unit's name"))
        self.shows_unit.setObjectName("showsUnit")
        self.shows_unit.setChecked(station.progress_shows_unit)
        self.shows_deadline = QCheckBox(self.tr("The reply deadline"))
        self.shows_deadline.setObjectName("showsDeadline")
        self.shows_deadline.setChecked(station.progress_shows_deadline)
        self.shows_reply = QCheckBox(self.tr("The unit's reply text"))
        self.shows_reply.setObjectName("showsReply")
        self.shows_reply.setChecked(station.progress_shows_reply)
        for box in (self.shows_unit, self.shows_deadline, self.shows_reply):
            form.addRow("", box)
        form.addRow(
            "",
            hint(
                self.tr(
                    "What a citizen who reported by QR code sees on the tracking page, after the "
                    "desk's next sync. Names of handlers, callers and clerks are never shown."
                )
            ),
        )

        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.short_edit.textChanged.connect(self._update_preview)
        for field, edit in (("station_name", self.name_edit), ("short_name", self.short_edit)):
            self.errors.clear_on(field, edit.textChanged)
        self._update_preview()

    def _days_spin(self, name: str, value: int) -> QSpinBox:
        spin = QSpinBox()
        spin.setObjectName(name)
        spin.setRange(1, MAX_WAITING_DAYS)
        spin.setValue(value)
        spin.setSuffix(self.tr(" working days"))
        return spin

    def _update_preview(self) -> None:
        prefix = self.short_edit.text().strip() or self.tr("Short name")
        serial = format_serial(
            self._session.station.serial_pattern, prefix, self._session.store.clock().year, 1
        )
        self.preview.setText(self.tr("Slip numbers: %1").replace("%1", serial))

    def error_text(self, field: str) -> str:
        return self.errors.text(field)

    def submit(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.banner.setVisible(False)
        store, by, pattern = (
            self._session.store,
            self._session.operator.id,
            self._session.station.serial_pattern,
        )
        values = dict(
            name=self.name_edit.text(),
            short_name=self.short_edit.text(),
            kind=self.kind_combo.currentData(),
            district=self.district_edit.text(),
            serial_pattern=pattern,
            callback_working_days=self.callback_days.value(),
            refer_working_days=self.refer_days.value(),
            progress_shows_unit=self.shows_unit.isChecked(),
            progress_shows_deadline=self.shows_deadline.isChecked(),
            progress_shows_reply=self.shows_reply.isChecked(),
        )
        self._busy = True
        self.save_button.setEnabled(False)
        DbOp(lambda: store.update_station(by=by, **values), parent=self).success(self._saved).failure(
            self._failed
        ).always(self._idle).run()

    def _idle(self) -> None:
        self._busy = False
        self.save_button.setEnabled(True)

    def _saved(self, station: StationInfo) -> None:
        self._session.station = station
        self.saved.emit(station)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed) and len(self.errors.show(exc.errors)) == len(exc.errors):
            return
        self.banner.show_message(describe_error(exc), ok=False)

    def banner_text(self) -> str:
        return self.banner.text.text() if self.banner.isVisible() else ""
