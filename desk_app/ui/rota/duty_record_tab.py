"""The duty record page of the rota screen (履职档案): for each deputy, the duties on the rota,
those kept (a check-in at the desk) and the other visits, on screen and as Excel. On a district
centre's desk, at the station picked above the pages, or at every station (全部站点)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDateEdit, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.domain.vocab import DeputyLevel
from desk_app.storage.rota_records import DutyRecord
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text
from desk_app.ui.kit.labels import label_of
from desk_app.ui.kit.tables import SHORT_BACKGROUND, RecordTableModel, record_table
from desk_app.ui.kit.widgets import Banner, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class DutyRecordTab(QWidget):
    records_loaded = Signal()
    document_written = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dutyRecordTab")
        self._session = session
        # Whose record: every station in the file (a station's desk: its own); a centre desk's
        # panel sets the picked station (show_station).
        self._station_ids: tuple[str, ...] | None = None
        self._station_name = session.station.name
        self._shown = False
        # Tests and the lead may replace this to bypass the file dialog.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        today = self._session.store.today()
        self.record_from = QDateEdit()
        self.record_from.setObjectName("recordFrom")
        self.record_to = QDateEdit()
        self.record_to.setObjectName("recordTo")
        for edit, value in (
            (self.record_from, date(today.year, 1, 1)),
            (self.record_to, date(today.year, 12, 31)),
        ):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setDate(qdate(value))
        self.record_show_button = QPushButton(self.tr("Show"))
        self.record_show_button.setObjectName("showRecord")
        self.record_export_button = QPushButton(self.tr("Export Excel…"))
        self.record_export_button.setObjectName("exportRecord")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("From")))
        bar.addWidget(self.record_from)
        bar.addWidget(QLabel(self.tr("to")))
        bar.addWidget(self.record_to)
        bar.addWidget(self.record_show_button)
        bar.addStretch(1)
        bar.addWidget(self.record_export_button)
        self.record_banner = Banner()
        self.record_banner.setObjectName("recordBanner")
        self.record_model = RecordTableModel(
            [
                (self.tr("Deputy"), lambda r: r.deputy_name),
                (self.tr("Level"), lambda r: label_of(DeputyLevel, r.level)),
                (self.tr("On the rota"), lambda r: r.scheduled),
                (self.tr("Duty kept"), lambda r: r.kept),
                (self.tr("Missed"), lambda r: r.scheduled - r.kept - r.covered),
                (self.tr("Still to come"), lambda r: r.upcoming),
                (self.tr("Covered by a stand-in"), lambda r: r.covered),
                (self.tr("Stood in for others"), lambda r: r.stood_in),
                (self.tr("Other visits (inspections, forums …)"), lambda r: r.other_visits),
                (self.tr("Deputy-visits"), lambda r: r.visits),
            ],
            self,
            background=lambda r: SHORT_BACKGROUND if r.kept + r.covered < r.scheduled else None,
        )
        self.record_view = record_table(self.record_model, "recordTable")
        box = QVBoxLayout(self)
        box.addWidget(heading(self.tr("Duty record of each deputy")))
        box.addWidget(
            hint(
                self.tr(
                    "Duty kept counts the days on the rota with a check-in at the desk; other visits are inspections, "
                    "forums and other visits off the rota. Deputy-visits are the two together, for the annual duty report. "
                    "Rota days after today are still to come, never missed."
                )
            )
        )
        box.addLayout(bar)
        box.addWidget(self.record_banner)
        box.addWidget(self.record_view, 1)
        self.record_show_button.clicked.connect(self.load_records)
        self.record_export_button.clicked.connect(self.export_records)

    def record_range(self) -> tuple[date, date]:
        return pydate(self.record_from.date()), pydate(self.record_to.date())

    def show_station(self, station_id: str, name: str) -> None:
        """A centre desk picked a station ("" every station, `name` then the picker's 全部站点)."""
        self._station_ids = (station_id,) if station_id else None
        self._station_name = name
        if self._shown:
            self.load_records()

    def load_records(self) -> None:
        start, end = self.record_range()
        if end < start:
            self.record_banner.show_message(self.tr("The end date is before the start date."), ok=False)
            return
        store, station_ids = self._session.store, self._station_ids
        self._shown = True
        DbOp(lambda: store.duty_records(start, end, station_ids), parent=self).success(
            self._records_read
        ).failure(lambda exc: self.record_banner.show_message(describe_error(exc), ok=False)).run()

    def _records_read(self, records: list[DutyRecord]) -> None:
        self.record_model.set_rows(records)
        self.record_banner.setVisible(False)
        self.records_loaded.emit()

    def export_records(self) -> None:
        start, end = self.record_range()
        if end < start:
            self.record_banner.show_message(self.tr("The end date is before the start date."), ok=False)
            return
        path = self.choose_save_path(
            self.tr("Export the duty record to Excel"),
            self.tr("Duty record %1 to %2.xlsx")
            .replace("%1", start.isoformat())
            .replace("%2", end.isoformat()),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        store, station, station_ids = self._session.store, self._station_name, self._station_ids

        def write() -> Exception | None:
            from desk_app.reports.duty_record_xlsx import write_duty_record_xlsx

            try:
                write_duty_record_xlsx(
                    Path(path),
                    store.duty_records(start, end, station_ids),
                    station_name=station,
                    start=start,
                    end=end,
                )
            except OSError as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._document_done(path, exc)).failure(
            lambda exc: self.record_banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _document_done(self, path: str, exc: Exception | None) -> None:
        if exc is not None:
            self.record_banner.show_message(file_problem_text(exc), ok=False)
            return
        self.record_banner.show_message(self.tr("Written: %1").replace("%1", path))
        self.document_written.emit(path)
