"""The district centre's page of the reports screen (issue 13): every station of the district
side by side with the district total, for a month, quarter, half-year or year, with the cases
handled by the station, the centre and the city and the transfers up, down, to the city and back
as columns; exported to Excel. Shown on a centre's desk only. Read on the database thread
(DbOp)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.periods import Period, PeriodKind, period_of
from desk_app.reports.centre_xlsx import COLUMNS, value
from desk_app.storage.centre_queries import CentreTally
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class CentreTallyTab(QWidget):
    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("centreTallyTab")
        self._session = session
        self.data: CentreTally | None = None
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        self.kind = QComboBox()
        self.kind.setObjectName("centreKind")
        self.kind.addItem(self.tr("A month"), PeriodKind.MONTH.value)
        self.kind.addItem(self.tr("A quarter"), PeriodKind.QUARTER.value)
        self.kind.addItem(self.tr("A half-year"), PeriodKind.HALF.value)
        self.kind.addItem(self.tr("A year"), PeriodKind.YEAR.value)
        self.day = QDateEdit(qdate(session.store.today()))
        self.day.setObjectName("centreDay")
        self.day.setCalendarPopup(True)
        self.day.setDisplayFormat("yyyy-MM-dd")
        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName("exportCentreTally")
        self.pdf_button = QPushButton(self.tr("Save as PDF…"))
        self.pdf_button.setObjectName("pdfCentreTally")
        self.result_label = QLabel()
        self.result_label.setObjectName("centreResult")
        headers = [
            self.tr("Station"),
            self.tr("Citizens received"),
            self.tr("Opinions"),
            self.tr("Resolved on the spot"),
            self.tr("Referred"),
            self.tr("Replied"),
            self.tr("Replied on time"),
            self.tr("Overdue"),
            self.tr("Signed off"),
            self.tr("Satisfied"),
            self.tr("Handled by the station"),
            self.tr("Handled by the centre"),
            self.tr("Transferred out"),
            self.tr("Transferred in"),
            self.tr("Handled by the city"),
            self.tr("Transferred to the city"),
            self.tr("Returned by the city"),
        ]
        assert len(headers) == len(COLUMNS) + 1
        self.table = QTableWidget(0, len(headers))
        self.table.setObjectName("centreTable")
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        top = QHBoxLayout()
        top.addWidget(self.kind)
        top.addWidget(QLabel(self.tr("holding")))
        top.addWidget(self.day)
        top.addStretch(1)
        top.addWidget(self.export_button)
        top.addWidget(self.pdf_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.result_label)
        self.kind.currentIndexChanged.connect(lambda _i: self.load())
        self.day.dateChanged.connect(lambda _d: self.load())
        self.export_button.clicked.connect(self.export_to_excel)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.load()

    def period(self) -> Period:
        return period_of(PeriodKind(self.kind.currentData()), pydate(self.day.date()))

    def load(self) -> None:
        store, period = self._session.store, self.period()
        DbOp(lambda: store.centre_tally(period), parent=self).success(self._loaded).failure(
            lambda exc: self.result_label.setText(describe_error(exc))
        ).run()

    def _loaded(self, data: CentreTally) -> None:
        self.data = data
        rows = (*data.stations, data.total)
        self.table.setRowCount(len(rows))
        bold = QFont()
        bold.setBold(True)
        for r, row in enumerate(rows):
            name = self.tr("District total") if not row.station_id else row.name
            cells = [name, *(str(value(row, src)) for _, src in COLUMNS)]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if not row.station_id:
                    item.setFont(bold)
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.result_label.setText(
            self.tr("%1 stations, %2 to %3")
            .replace("%1", str(len(data.stations)))
            .replace("%2", data.period.start.isoformat())
            .replace("%3", data.period.end.isoformat())
        )

    def export_to_excel(self) -> None:
        store, period = self._session.store, self.period()
        path = self.choose_save_path(
            self.tr("Export the stations' tally to Excel"),
            self.tr("Stations %1.xlsx").replace("%1", period.end.isoformat()),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        target = Path(with_suffix(path, ".xlsx"))
        district = self._session.station.district

        def write() -> int | OSError:
            from desk_app.reports.centre_xlsx import write_centre_tally_xlsx

            data = store.centre_tally(period)
            try:
                return write_centre_tally_xlsx(target, data, district=district, made_at=store.clock())
            except OSError as exc:
                return exc

        DbOp(write, parent=self).success(lambda r: self._exported(target, r)).failure(
            lambda exc: self.result_label.setText(describe_error(exc))
        ).run()

    def save_pdf(self) -> None:
        store, period = self._session.store, self.period()
        path = self.choose_save_path(
            self.tr("Save the stations' tally as PDF"),
            self.tr("Stations %1.pdf").replace("%1", period.end.isoformat()),
            self.tr("PDF files (*.pdf)"),
        )
        if not path:
            return
        target = Path(with_suffix(path, ".pdf"))
        district = self._session.station.district

        def write() -> int | OSError:
            from desk_app.reports.centre_xlsx import write_centre_tally_pdf

            data = store.centre_tally(period)
            try:
                return write_centre_tally_pdf(target, data, district=district, made_at=store.clock())
            except OSError as exc:
                return exc

        DbOp(write, parent=self).success(lambda r: self._exported(target, r)).failure(
            lambda exc: self.result_label.setText(describe_error(exc))
        ).run()

    def _exported(self, target: Path, result: int | OSError) -> None:
        if isinstance(result, OSError):
            self.result_label.setText(file_problem_text(result))
            return
        self.result_label.setText(self.tr("Written to %1").replace("%1", target.name))
