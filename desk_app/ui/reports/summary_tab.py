"""The committee's summary page of the reports screen: one Excel workbook for a month or any
period (the summary sheet, the five lists and every case), phone numbers masked by default.

A district centre's desk (issue 13) picks the station (kit.station_picker), or 全部站点 (the
default): the whole district.

The workbook cannot be stopped half-way (openpyxl's write-only streams do not survive an
exception), so a cancelled export finishes in the background into a scratch file that is then
deleted: the clerk's target is never touched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.periods import Period, PeriodKind, period_of
from desk_app.domain.permissions import Action, permits
from desk_app.storage.records import StationInfo
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.station_picker import ALL_STATIONS, StationPicker
from desk_app.ui.kit.widgets import Banner, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.reports.jobs import BackgroundJob
from desk_app.ui.session import DeskSession


@dataclass(frozen=True, slots=True)
class SummaryDone:
    path: str
    rows: dict[str, int] | None  # None: cancelled, nothing written
    error: Exception | None = None


class SummaryTab(QWidget):
    summary_progress = Signal(int, int)
    summary_finished = Signal(object)  # SummaryDone
    document_written = Signal(str)  # a path

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryTab")
        self._session = session
        self.summary_job: BackgroundJob | None = None
        # Tests and the lead may replace this to bypass the file dialog.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        today = self._session.store.today()
        self.summary_kind = QComboBox()
        self.summary_kind.setObjectName("summaryKind")
        self.summary_kind.addItem(self.tr("A month"), "month")
        self.summary_kind.addItem(self.tr("A quarter"), "quarter")
        self.summary_kind.addItem(self.tr("A half-year"), "half")
        self.summary_kind.addItem(self.tr("A year"), "year")
        self.summary_kind.addItem(self.tr("From … to …"), "range")
        self.summary_month = QDateEdit(qdate(today.replace(day=1)))
        self.summary_month.setObjectName("summaryMonth")
        self.summary_month.setDisplayFormat("yyyy-MM")
        self.summary_from = QDateEdit(qdate(today.replace(day=1)))
        self.summary_from.setObjectName("summaryFrom")
        self.summary_to = QDateEdit(qdate(today))
        self.summary_to.setObjectName("summaryTo")
        for edit in (self.summary_from, self.summary_to):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
        self.mask_phones = QCheckBox(self.tr("Mask citizens' phone numbers (139****5678)"))
        self.mask_phones.setObjectName("maskPhones")
        self.mask_phones.setChecked(True)
        # Full numbers leave the desk only for the office (audited); others always export masked.
        self.mask_phones.setVisible(self.may_show_full_numbers())
        self.summary_button = QPushButton(self.tr("Export…"))
        self.summary_button.setObjectName("summaryExport")
        self.summary_banner = Banner()
        self.summary_banner.setObjectName("summaryBanner")
        # A centre desk's station picker (shown once the read below finds a centre desk).
        self.station_picker = StationPicker(ALL_STATIONS, with_all=True, name="summaryStation")

        when = QHBoxLayout()
        when.addWidget(QLabel(self.tr("Period:")))
        when.addWidget(self.summary_kind)
        when.addWidget(self.summary_month)
        self.from_label = QLabel(self.tr("from"))
        self.to_label = QLabel(self.tr("to"))
        when.addWidget(self.from_label)
        when.addWidget(self.summary_from)
        when.addWidget(self.to_label)
        when.addWidget(self.summary_to)
        when.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.mask_phones)
        actions.addStretch(1)
        actions.addWidget(self.summary_button)

        box = QGroupBox(self.tr("Excel workbook for the committee"))
        inner = QVBoxLayout(box)
        inner.addWidget(
            hint(
                self.tr(
                    "One workbook: the summary sheet (the tally of the period, with the satisfaction rate's definition), "
                    "the five lists (responsibility, problem, rectification, sign-off, evaluation) and every case in "
                    "detail. Phone numbers are masked unless you untick the box; export full numbers only when the "
                    "committee needs them."
                )
            )
        )
        inner.addWidget(self.station_picker)
        inner.addLayout(when)
        inner.addLayout(actions)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary_banner)
        layout.addWidget(box)
        layout.addStretch(1)

        self.summary_kind.currentIndexChanged.connect(lambda _i: self._summary_kind_changed())
        self.summary_button.clicked.connect(self.export_summary)
        self._summary_kind_changed()
        store = session.store
        DbOp(lambda: store.stations() if store.is_centre_desk() else None, parent=self).success(
            self._stations_read
        ).failure(self._summary_failed).run()

    def _stations_read(self, stations: list[StationInfo] | None) -> None:
        if stations is not None:
            self.station_picker.fill(stations)

    def may_show_full_numbers(self) -> bool:
        return permits(self._session.operator.role, Action.FULL_NUMBERS)

    def _summary_kind_changed(self) -> None:
        ranged = self.summary_kind.currentData() == "range"
        self.summary_month.setVisible(not ranged)
        for w in (self.from_label, self.summary_from, self.to_label, self.summary_to):
            w.setVisible(ranged)

    def summary_period(self) -> tuple[date, date]:
        if self.summary_kind.currentData() == "range":
            return pydate(self.summary_from.date()), pydate(self.summary_to.date())
        # The calendar period of the chosen kind holding the chosen month.
        p = period_of(PeriodKind(self.summary_kind.currentData()), pydate(self.summary_month.date()))
        return p.start, p.end

    def set_summary_range(self, start: date, end: date) -> None:
        self.summary_kind.setCurrentIndex(self.summary_kind.findData("range"))
        self.summary_from.setDate(qdate(start))
        self.summary_to.setDate(qdate(end))

    def export_summary(self) -> None:
        if self.summary_job is not None:
            return
        start, end = self.summary_period()
        if end < start:
            self.summary_banner.show_message(self.tr("The last day is before the first day."), ok=False)
            return
        label = Period(start, end).label
        path = self.choose_save_path(
            self.tr("Export the summary for the committee"),
            self.tr("Summary %1.xlsx").replace("%1", label),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        store, by = self._session.store, self._session.operator.id
        station_ids = self.station_picker.station_ids()
        full_phone = self.may_show_full_numbers() and not self.mask_phones.isChecked()
        job = BackgroundJob(
            self,
            self.tr("Exporting the summary"),
            self.tr("Writing the summary workbook for %1…").replace("%1", label),
            stop_on_cancel=False,
        )
        job.progressed.connect(self.summary_progress)
        self.summary_job = job
        self.summary_button.setEnabled(False)

        def write() -> SummaryDone:
            from desk_app.reports.documents import export_summary

            target = Path(path)
            scratch = target.with_name(f".{target.name}.export")  # renamed into place unless cancelled
            try:
                written = export_summary(
                    store,
                    scratch,
                    start,
                    end,
                    station_ids=station_ids,
                    full_phone=full_phone,
                    progress=job.report,
                    by=by,
                )
                if job.cancelled:
                    return SummaryDone(path, None)
                scratch.replace(target)
            except OSError as exc:
                return SummaryDone(path, None, exc)
            finally:
                scratch.unlink(missing_ok=True)
            return SummaryDone(path, dict(written.rows))

        job.canceled.connect(self._summary_cancel_pressed)
        DbOp(write, parent=self).success(lambda done: self._summary_done(done, job)).failure(
            self._summary_failed
        ).always(lambda: self._summary_always(job)).run()

    def _summary_cancel_pressed(self) -> None:
        # The window stops waiting now. The export cannot stop half-way: it finishes in the
        # background and its scratch file is deleted. A new export queues behind it.
        self.summary_job = None
        self.summary_banner.show_message(
            self.tr(
                "Export cancelled: no file is written. The work already "
                "started finishes in the background and is then discarded."
            ),
            ok=False,
        )
        self.summary_button.setEnabled(True)

    def _summary_always(self, job: BackgroundJob) -> None:
        job.finish()
        if self.summary_job is job:
            self.summary_job = None
            self.summary_button.setEnabled(True)

    def _summary_failed(self, exc: BaseException) -> None:
        self.summary_banner.show_message(describe_error(exc), ok=False)

    def _summary_done(self, done: SummaryDone, job: BackgroundJob) -> None:
        if job.cancelled and done.rows is None and done.error is None:
            self.summary_finished.emit(done)  # said so when Cancel was pressed
            return
        if done.error is not None:
            self.summary_banner.show_message(file_problem_text(done.error), ok=False)
        elif done.rows is None:
            self.summary_banner.show_message(self.tr("Export cancelled: no file is written."), ok=False)
        else:
            counts = "，".join(f"{name} {n}" for name, n in done.rows.items())
            self.summary_banner.show_message(
                self.tr("Written: %1 (rows: %2)").replace("%1", done.path).replace("%2", counts)
            )
            self.document_written.emit(done.path)
        self.summary_finished.emit(done)
