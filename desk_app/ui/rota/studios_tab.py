"""The studios page of the rota screen (工作室): each studio's fixed weekday and deputies per opening
(from its duty pattern), the office's rule for a holiday on the fixed day (skip that week, or move
to the next working day), and the swapped working days (调休上班日) the office opened it on, each
with who decided it. When a studio opens is decided in desk_app.domain.studios.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.studios import HolidayMove
from desk_app.storage.studio_store import StudioExceptionInfo, StudioInfo
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.labels import day_weekday_text, weekday_text
from desk_app.ui.kit.tables import RecordTableModel, record_table, selected_record
from desk_app.ui.kit.widgets import Banner, fill_combo, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class StudiosTab(QWidget):
    studios_loaded = Signal()
    saved = Signal()  # a rule or an exception was saved or removed

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studiosTab")
        self._session = session
        self._studios: list[StudioInfo] = []
        # A district centre's desk: the station picked above the pages (None: every studio).
        self._scope: str | None = None
        self.banner = Banner()
        self.banner.setObjectName("studiosBanner")
        self.studio_combo = QComboBox()
        self.studio_combo.setObjectName("studioCombo")
        self.none_label = hint(
            self.tr(
                "This desk knows no studio. A studio is a station of that kind; "
                "its desk sets its fixed weekday and deputies on the Duty pattern page."
            )
        )
        self.none_label.setObjectName("noStudio")
        self.opens_label = QLabel()
        self.opens_label.setObjectName("studioOpens")
        self.opens_label.setWordWrap(True)
        self.move_combo = QComboBox()
        self.move_combo.setObjectName("holidayMove")
        self.move_combo.addItem(self.tr("No opening that week"), HolidayMove.SKIP.value)
        self.move_combo.addItem(self.tr("Move to the next working day"), HolidayMove.NEXT_WORKING_DAY.value)
        self.save_move_button = QPushButton(self.tr("Save the holiday rule"))
        self.save_move_button.setObjectName("saveHolidayMove")
        move_row = QHBoxLayout()
        move_row.addWidget(QLabel(self.tr("When a public holiday falls on the fixed day:")))
        move_row.addWidget(self.move_combo)
        move_row.addWidget(self.save_move_button)
        move_row.addStretch(1)

        self.exceptions_model = RecordTableModel(
            [
                (self.tr("Date"), lambda e: e.day.isoformat()),
                (self.tr("Weekday"), lambda e: day_weekday_text(e.day)),
                (self.tr("Decided by"), lambda e: e.decided_by),
                (self.tr("Reason"), lambda e: e.reason),
            ],
            self,
        )
        self.exceptions_view = record_table(self.exceptions_model, "studioExceptions")
        self.day_edit = QDateEdit()
        self.day_edit.setObjectName("exceptionDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDate(qdate(session.store.today()))
        self.decided_by_edit = QLineEdit()
        self.decided_by_edit.setObjectName("exceptionDecidedBy")
        self.decided_by_edit.setMaxLength(50)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("exceptionReason")
        self.reason_edit.setMaxLength(200)
        self.add_exception_button = QPushButton(self.tr("Open on this swapped workday"))
        self.add_exception_button.setObjectName("addException")
        self.remove_exception_button = QPushButton(self.tr("Remove the exception"))
        self.remove_exception_button.setObjectName("removeException")
        form = QFormLayout()
        form.addRow(self.tr("Swapped workday"), self.day_edit)
        form.addRow(self.tr("Decided by"), self.decided_by_edit)
        form.addRow(self.tr("Reason"), self.reason_edit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.remove_exception_button)
        buttons.addWidget(self.add_exception_button)

        box = QVBoxLayout(self)
        box.addWidget(self.banner)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Studio")))
        top.addWidget(self.studio_combo, 1)
        box.addLayout(top)
        box.addWidget(self.none_label)
        box.addWidget(self.opens_label)
        box.addLayout(move_row)
        box.addWidget(heading(self.tr("Swapped workdays the office opened the studio on"), 1.0))
        box.addWidget(
            hint(
                self.tr(
                    "A studio never opens on a swapped working Saturday or Sunday unless "
                    "the office decides so for that date. Make the rota again after a change."
                )
            )
        )
        box.addWidget(self.exceptions_view, 1)
        box.addLayout(form)
        box.addLayout(buttons)

        self.studio_combo.currentIndexChanged.connect(self._show_studio)
        self.save_move_button.clicked.connect(self.save_holiday_move)
        self.add_exception_button.clicked.connect(self.add_exception)
        self.remove_exception_button.clicked.connect(self.remove_exception)
        self.load()

    def show_station(self, station_id: str) -> None:
        """A centre desk picked a station: that studio only ("" every studio of the district)."""
        self._scope = station_id or None
        self.load()

    def load(self) -> None:
        DbOp(self._session.store.studios, parent=self).success(self._loaded).failure(self._failed).run()

    def _loaded(self, every: list[StudioInfo]) -> None:
        studios = [s for s in every if self._scope is None or s.station_id == self._scope]
        self._studios = studios
        self.none_label.setText(
            self.tr(
                "This desk knows no studio. A studio is a station of that kind; "
                "its desk sets its fixed weekday and deputies on the Duty pattern page."
            )
            if self._scope is None
            else self.tr("The station picked is not a studio: pick a studio, or All stations to list them.")
        )
        keep = self.studio_combo.currentData() or (
            self._session.station.id
            if any(s.station_id == self._session.station.id for s in studios)
            else None
        )
        fill_combo(self.studio_combo, [(s.name, s.station_id) for s in studios], keep)
        has = bool(studios)
        self.none_label.setVisible(not has)
        for w in (
            self.studio_combo,
            self.move_combo,
            self.save_move_button,
            self.add_exception_button,
            self.remove_exception_button,
            self.exceptions_view,
        ):
            w.setEnabled(has)
        self._show_studio()
        self.studios_loaded.emit()

    def current(self) -> StudioInfo | None:
        station_id = self.studio_combo.currentData()
        return next((s for s in self._studios if s.station_id == station_id), None)

    def _show_studio(self) -> None:
        studio = self.current()
        if studio is None:
            self.opens_label.setText("")
            self.exceptions_model.set_rows([])
            return
        if studio.weekdays:
            self.opens_label.setText(
                self.tr("Opens every %1 with %2 deputies per opening (set on the Duty pattern page).")
                .replace("%1", self.tr(", ").join(weekday_text(w) for w in studio.weekdays))
                .replace("%2", str(studio.deputies))
            )
        else:
            self.opens_label.setText(
                self.tr("No fixed weekday yet: set it, and 2 to 3 deputies, on the Duty pattern page.")
            )
        self.move_combo.setCurrentIndex(max(self.move_combo.findData(studio.holiday_move), 0))
        self.exceptions_model.set_rows(list(studio.exceptions))

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def _done(self, text: str) -> None:
        self.banner.show_message(text)
        self.saved.emit()
        self.load()

    def save_holiday_move(self) -> None:
        studio = self.current()
        if studio is None:
            return
        store, by, move = self._session.store, self._session.operator.id, self.move_combo.currentData()
        DbOp(lambda: store.set_studio_holiday_move(studio.station_id, move, by=by), parent=self).success(
            lambda _r: self._done(self.tr("The holiday rule was saved. Make the rota again to apply it."))
        ).failure(self._failed).run()

    def add_exception(self) -> None:
        studio = self.current()
        if studio is None:
            return
        store, by = self._session.store, self._session.operator.id
        day = pydate(self.day_edit.date())
        decided_by, reason = self.decided_by_edit.text(), self.reason_edit.text()
        if not decided_by.strip():
            self.banner.show_message(self.tr("Say who decided to open the studio that day."), ok=False)
            return

        def add() -> bool:
            if not store.work_calendar().is_swapped_workday(day):
                return False
            store.add_studio_exception(studio.station_id, day, decided_by=decided_by, reason=reason, by=by)
            return True

        DbOp(add, parent=self).success(lambda added: self._exception_added(day, added)).failure(
            self._failed
        ).run()

    def _exception_added(self, day: date, added: bool) -> None:
        if not added:
            self.banner.show_message(
                self.tr("%1 is not a swapped workday: the studio follows its fixed weekday then.").replace(
                    "%1", day.isoformat()
                ),
                ok=False,
            )
            return
        self.decided_by_edit.clear()
        self.reason_edit.clear()
        self._done(self.tr("The studio opens on that day. Make the rota again to put deputies on it."))

    def remove_exception(self) -> None:
        current: StudioExceptionInfo | None = selected_record(self.exceptions_view)
        if current is None:
            self.banner.show_message(self.tr("Choose an exception in the list first."), ok=False)
            return
        store, by = self._session.store, self._session.operator.id
        DbOp(lambda: store.remove_studio_exception(current.id, by=by), parent=self).success(
            lambda _r: self._done(self.tr("The exception was removed."))
        ).failure(self._failed).run()
