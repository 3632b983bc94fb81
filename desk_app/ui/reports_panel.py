"""The reports screen (统计报表): the month's tally on screen with the month before beside it,
the tally as PDF (previewed, printed) and Excel, the committee's summary workbook, and the
ledger (台账) import.

Every figure on screen comes from `DeskStore.tally`, the same object the PDF and the Excel file
print (desk_app.reports.documents), and the row names and the satisfaction rate's definition are
the domain's (desk_app.domain.tally). All reading and writing runs on the database thread
(DbOp); long work reports progress through a queued signal to a progress dialog, and its Cancel
makes the next progress report raise, so the half-written file is dropped (documents write to a
hidden .part file and rename it only when complete) and a half-applied ledger rolls back. The
summary workbook cannot be stopped half-way (openpyxl's write-only streams do not survive an
exception), so a cancelled export finishes in the background into a scratch file that is then
deleted: the clerk's target is never touched.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressDialog,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.tally import (
    CASE_BREAKDOWN_KEYS,
    MEASURE_BY_KEY,
    MEASURES,
    SATISFACTION_DEFINITION,
    UNIT_BREAKDOWN_KEYS,
    BreakdownRow,
    Figures,
    Period,
    Tally,
    measure_text,
    month_period,
)
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_open_file, choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.tables import ProblemTable
from desk_app.ui.kit.widgets import Banner, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.session import DeskSession

UP_COLOUR = "#1e6b34"
DOWN_COLOUR = "#b3261e"


def change_text(key: str, current: Figures, previous: Figures) -> str:
    """本月比上月, as the tally PDF prints it (+12 / -3 / 0; +1.25个百分点 for rates)."""
    from desk_app.reports.tally_pdf import change_text as pdf_change_text

    return pdf_change_text(key, current, previous)


def parse_mapping(text: str) -> dict[str, str]:
    """`来电时间=登记时间；反映事项=反映问题` -> {own heading: template heading}; bad parts ignored."""
    mapping: dict[str, str] = {}
    for part in re.split(r"[;；,，\n]+", text):
        own, sep, ours = part.replace("＝", "=").partition("=")
        if sep and own.strip() and ours.strip():
            mapping[own.strip()] = ours.strip()
    return mapping


class Cancelled(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a progress callback on the database thread when the user pressed Cancel."""


class _Relay(QObject):
    """Carries progress from the database thread to the UI thread (a queued connection)."""

    progressed = Signal(int, int)


class BackgroundJob(QObject):
    """One long piece of document work: a progress dialog, a progress callback for the backend
    (thread-safe: it only emits a signal and reads a flag) and Cancel.

    Cancel closes the dialog at once (the window stops waiting). With `stop_on_cancel`, the next
    progress report on the database thread raises `Cancelled` (a ledger import then rolls its
    transaction back); otherwise the work finishes in the background and the caller discards it.
    """

    progressed = Signal(int, int)
    canceled = Signal()  # the user pressed Cancel (not emitted when the work simply ends)

    def __init__(self, parent: QWidget, title: str, label: str, cancellable: bool = True,
                 stop_on_cancel: bool = True) -> None:
        super().__init__(parent)
        # False: the backend cannot stop cleanly (openpyxl's write-only writer leaves its XML
        # streams broken when an exception passes through it), so the work runs to its end and
        # the caller discards the result.
        self.stop_on_cancel = stop_on_cancel
        self._cancel = threading.Event()
        self.finished = False
        self._relay = _Relay()
        self._relay.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        cancel_text = QCoreApplication.translate("ReportsPanel", "Cancel")
        self.dialog = QProgressDialog(label, cancel_text if cancellable else "", 0, 0, parent)
        self.dialog.setObjectName("progressDialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._canceled)
        self.dialog.show()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """The backend's progress(done, total); runs on the database thread."""
        if self._cancel.is_set():
            if self.stop_on_cancel:
                raise Cancelled
            return
        self._relay.progressed.emit(done, total)

    def _progress(self, done: int, total: int) -> None:
        # The dialog is deleted only by finish() or together with this job (both belong to the
        # panel, and Qt disconnects this slot when the job goes), so it is there while unfinished.
        if self.finished:
            return
        if self.dialog.maximum() != total:
            self.dialog.setRange(0, max(total, 1))
        self.dialog.setValue(min(done, total))
        self.progressed.emit(done, total)

    def _canceled(self) -> None:
        if not self.finished:
            self._cancel.set()
            self.finish()
            self.canceled.emit()

    def finish(self) -> None:
        """Close the dialog (without taking it for a Cancel)."""
        if self.finished:
            return
        self.finished = True
        self.dialog.canceled.disconnect(self._canceled)
        self.dialog.close()
        self.dialog.deleteLater()


@dataclass(frozen=True, slots=True)
class SummaryDone:
    path: str
    rows: dict[str, int] | None  # None: cancelled, nothing written
    error: Exception | None = None


class LedgerProblemsDialog(QDialog):
    """Every bad row of a ledger, 第N行 [列] 问题: nothing was imported."""

    def __init__(self, problems: Sequence[tuple[int, str, str]], ignored: Sequence[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ledgerProblems")
        self.setWindowTitle(self.tr("Problems in the ledger"))
        rows = len({p[0] for p in problems})
        text = self.tr("%1 rows of the ledger have problems, so nothing was imported. Correct the rows "
                       "listed below in the Excel file and import it again.").replace("%1", str(rows))
        if ignored:
            text += "\n" + self.tr("Columns not imported (no matching template column): %1").replace(
                "%1", "、".join(ignored))
        self.summary = hint(text)
        self.summary.setObjectName("ledgerSummary")
        self.table = ProblemTable(problems)
        self.table.setObjectName("ledgerErrors")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addWidget(buttons)
        self.resize(680, 440)

    def lines(self) -> list[str]:
        """The rows as the clerk reads them: 第3行 [联系电话] 电话号码格式不对."""
        return [f"{self.table.item(i, 0).text()} [{self.table.item(i, 1).text()}] {self.table.item(i, 2).text()}"
                for i in range(self.table.rowCount())]


def _item(text: str, bold: bool = False, align_right: bool = False, tooltip: str = "") -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if bold:
        font = QFont(item.font())
        font.setBold(True)
        item.setFont(font)
    if align_right:
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _table(name: str) -> QTableWidget:
    table = QTableWidget()
    table.setObjectName(name)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class ReportsPanel(QWidget):
    tally_loaded = Signal(object)  # the Tally on screen
    document_written = Signal(str)  # a path
    preview_opened = Signal(object)  # the PdfPreviewDialog
    summary_progress = Signal(int, int)
    summary_finished = Signal(object)  # SummaryDone
    ledger_finished = Signal(object)  # the documents.LedgerImport (None when cancelled)
    template_written = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reportsPanel")
        self._session = session
        self.tally: Tally | None = None
        self.preview: QDialog | None = None
        self.problems_dialog: LedgerProblemsDialog | None = None
        self.summary_job: BackgroundJob | None = None
        self.ledger_job: BackgroundJob | None = None
        # Tests and the lead may replace these to bypass the file dialogs.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt)
        self.choose_open_path: Callable[[str, str], str] = lambda title, flt: choose_open_file(self, title, flt)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("reportsTabs")
        self.tabs.addTab(self._build_tally_page(), self.tr("Monthly tally"))
        self.tabs.addTab(self._build_summary_page(), self.tr("Summary for the committee"))
        self.tabs.addTab(self._build_ledger_page(), self.tr("Import a ledger"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        session.events.case_changed.connect(self._case_changed)
        self.load_tally()

    # == the monthly tally =======================================================================

    def _build_tally_page(self) -> QWidget:
        page = QWidget()
        today = self._session.store.today()
        self.month_edit = QDateEdit(qdate(today.replace(day=1)))
        self.month_edit.setObjectName("tallyMonth")
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setMaximumDate(qdate(today))
        self.prev_month_button = QPushButton(self.tr("◀ Month before"))
        self.next_month_button = QPushButton(self.tr("Month after ▶"))
        self.preview_button = QPushButton(self.tr("Print / preview PDF…"))
        self.preview_button.setObjectName("tallyPreview")
        self.excel_button = QPushButton(self.tr("Export Excel…"))
        self.excel_button.setObjectName("tallyExcel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Month:")))
        bar.addWidget(self.prev_month_button)
        bar.addWidget(self.month_edit)
        bar.addWidget(self.next_month_button)
        bar.addStretch(1)
        bar.addWidget(self.preview_button)
        bar.addWidget(self.excel_button)

        self.tally_title = heading("", 1.2)
        self.tally_title.setObjectName("tallyTitle")
        self.period_label = hint("")
        self.period_label.setObjectName("tallyPeriod")
        self.tally_banner = Banner()
        self.tally_banner.setObjectName("tallyBanner")

        self.figures_table = _table("tallyFigures")
        self.figures_table.setColumnCount(4)
        self.figures_table.setHorizontalHeaderLabels(
            [self.tr("Figure"), self.tr("This month"), self.tr("Month before"), self.tr("Change")])
        self.figures_table.setRowCount(len(MEASURES))
        for i, m in enumerate(MEASURES):
            self.figures_table.setItem(i, 0, _item(m.label, bold=m.is_rate, tooltip=m.definition))
        header = self.figures_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in (1, 2, 3):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        self.figures_table.setMinimumWidth(420)

        self.definition_label = QLabel(SATISFACTION_DEFINITION)
        self.definition_label.setObjectName("satisfactionDefinition")
        self.definition_label.setWordWrap(True)
        self.definition_label.setStyleSheet("background: #f3f6fa; border: 1px solid #c9d6e6; padding: 6px;")
        self.definition_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.breakdowns = QTabWidget()
        self.breakdowns.setObjectName("breakdownTabs")
        self.category_table = _table("byCategory")
        self.unit_table = _table("byUnit")
        self.channel_table = _table("byChannel")
        self.breakdowns.addTab(self.category_table, self.tr("By category"))
        self.breakdowns.addTab(self.unit_table, self.tr("By handling unit"))
        self.breakdowns.addTab(self.channel_table, self.tr("By channel"))
        breakdown_note = hint(self.tr("Each cell: this month / month before. Hover over a heading for its "
                                      "definition."))

        left = QVBoxLayout()
        left.addWidget(self.figures_table)
        left.addWidget(self.definition_label)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.breakdowns, 1)
        right.addWidget(breakdown_note)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)

        layout = QVBoxLayout(page)
        layout.addLayout(bar)
        layout.addWidget(self.tally_banner)
        layout.addWidget(self.tally_title)
        layout.addWidget(self.period_label)
        layout.addLayout(body, 1)

        self.prev_month_button.clicked.connect(lambda: self.month_edit.setDate(self.month_edit.date().addMonths(-1)))
        self.next_month_button.clicked.connect(lambda: self.month_edit.setDate(self.month_edit.date().addMonths(1)))
        self.month_edit.dateChanged.connect(lambda _d: self.load_tally())
        self.preview_button.clicked.connect(self.preview_tally)
        self.excel_button.clicked.connect(self.export_tally_excel)
        return page

    def month(self) -> Period:
        d = pydate(self.month_edit.date())
        return month_period(d.year, d.month)

    def set_month(self, year: int, month: int) -> None:
        self.month_edit.setDate(QDate(year, month, 1))

    def _case_changed(self, _reception_id: str) -> None:
        if self.isVisible():
            self.load_tally()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.tally is not None:
            self.load_tally()  # cases may have changed while the tab was hidden

    def load_tally(self) -> None:
        store, period = self._session.store, self.month()
        self.next_month_button.setEnabled(self.month_edit.date().addMonths(1) <= self.month_edit.maximumDate())
        DbOp(lambda: store.tally(period), parent=self).success(self._show_tally).failure(self._tally_failed).run()

    def _tally_failed(self, exc: BaseException) -> None:
        self.tally_banner.show_message(describe_error(exc), ok=False)

    def _show_tally(self, tally: Tally) -> None:
        if tally.period != self.month():
            return  # an older answer: the clerk moved on to another month
        self.tally = tally
        from desk_app.reports.pdfkit import zh_date

        self.tally_title.setText(tally.title)
        p, q = tally.period, tally.previous_period
        self.period_label.setText(
            self.tr("Period: %1 to %2 · compared with: %3 to %4 · overdue counted as of %5")
            .replace("%1", zh_date(p.start)).replace("%2", zh_date(p.end)).replace("%3", zh_date(q.start))
            .replace("%4", zh_date(q.end)).replace("%5", zh_date(tally.as_of)))
        self.figures_table.setHorizontalHeaderLabels(
            [self.tr("Figure"), self.tr("This month") + "\n" + p.label,
             self.tr("Month before") + "\n" + q.label, self.tr("Change")])
        for i, m in enumerate(MEASURES):
            self.figures_table.setItem(i, 1, _item(measure_text(tally.current, m.key), bold=m.is_rate,
                                                   align_right=True))
            self.figures_table.setItem(i, 2, _item(measure_text(tally.previous, m.key), align_right=True))
            change = change_text(m.key, tally.current, tally.previous)
            item = _item(change, align_right=True)
            if change.startswith("+"):
                item.setForeground(QBrush(QColor(UP_COLOUR if m.key != "overdue" else DOWN_COLOUR)))
            elif change.startswith("-"):
                item.setForeground(QBrush(QColor(DOWN_COLOUR if m.key != "overdue" else UP_COLOUR)))
            self.figures_table.setItem(i, 3, item)
        self.figures_table.resizeRowsToContents()
        self._fit_height(self.figures_table)
        self._fill_breakdown(self.category_table, tally.by_category, CASE_BREAKDOWN_KEYS,
                             self.tr("Category"), self.tr("No cases in these two months."))
        self._fill_breakdown(self.unit_table, tally.by_unit, UNIT_BREAKDOWN_KEYS,
                             self.tr("Handling unit"), self.tr("No referrals in these two months."))
        self._fill_breakdown(self.channel_table, tally.by_channel, CASE_BREAKDOWN_KEYS,
                             self.tr("Channel"), self.tr("No cases in these two months."))
        self.tally_loaded.emit(tally)

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        """The whole table without a scroll bar: it is short, and the definition goes right under it."""
        header = table.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height + 2)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _fill_breakdown(self, table: QTableWidget, rows: Sequence[BreakdownRow], keys: Sequence[str],
                        first: str, empty: str) -> None:
        table.clear()
        table.clearSpans()  # clear() keeps spans: an empty month's merged row would hide figures
        table.setColumnCount(1 + len(keys))
        labels = [first] + [MEASURE_BY_KEY[k].label.replace("(", "\n(") for k in keys]
        table.setHorizontalHeaderLabels(labels)
        for c, k in enumerate(keys, start=1):
            header_item = table.horizontalHeaderItem(c)
            if header_item is not None:
                header_item.setToolTip(MEASURE_BY_KEY[k].definition)
        if not rows:
            table.setRowCount(1)
            table.setItem(0, 0, _item(empty))
            table.setSpan(0, 0, 1, 1 + len(keys))
            return
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            table.setItem(r, 0, _item(row.label, bold=True))
            for c, k in enumerate(keys, start=1):
                table.setItem(r, c, _item(f"{measure_text(row.current, k)} / {measure_text(row.previous, k)}",
                                          align_right=True))
        table.resizeColumnsToContents()

    def figure_text(self, key: str, previous: bool = False) -> str:
        """What the screen shows for one figure (row of MEASURES), this month or the month before."""
        row = [m.key for m in MEASURES].index(key)
        item = self.figures_table.item(row, 2 if previous else 1)
        return item.text() if item is not None else ""

    def breakdown_texts(self, which: str) -> dict[str, list[str]]:
        table = {"category": self.category_table, "unit": self.unit_table, "channel": self.channel_table}[which]
        out: dict[str, list[str]] = {}
        for r in range(table.rowCount()):
            first = table.item(r, 0)
            if first is not None:
                out[first.text()] = [table.item(r, c).text() if table.item(r, c) else ""
                                     for c in range(1, table.columnCount())]
        return out

    # -- the tally as documents ---------------------------------------------------------------

    def preview_tally(self) -> None:
        store, period = self._session.store, self.month()

        def build() -> bytes | Exception:
            from desk_app.reports.documents import print_tally
            from desk_app.reports.fonts import CjkFontMissing

            buffer = io.BytesIO()
            try:
                print_tally(store, buffer, period)
            except CjkFontMissing as exc:
                return exc
            return buffer.getvalue()

        self.preview_button.setEnabled(False)
        DbOp(build, parent=self).success(lambda result: self._tally_pdf_built(result, period)) \
            .failure(self._tally_failed).always(lambda: self._enable(self.preview_button)).run()

    def _enable(self, button: QPushButton) -> None:
        button.setEnabled(True)

    def _tally_pdf_built(self, result: bytes | Exception, period: Period) -> None:
        if isinstance(result, Exception):
            self._document_problem(self.tally_banner, result)
            return
        title = self.tr("Tally %1").replace("%1", period.label)
        if self.preview is not None:
            self.preview.deleteLater()
        self.preview = PdfPreviewDialog(result, title, self, suggested_name=f"{title}.pdf")
        self.preview.open()
        self.preview_opened.emit(self.preview)

    def export_tally_excel(self) -> None:
        period = self.month()
        path = self.choose_save_path(self.tr("Export the tally to Excel"),
                                     self.tr("Tally %1.xlsx").replace("%1", period.label),
                                     self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        store = self._session.store

        def write() -> Exception | None:
            from desk_app.reports.documents import export_tally

            try:
                export_tally(store, Path(path), period)
            except OSError as exc:
                return exc
            return None

        self.excel_button.setEnabled(False)
        DbOp(write, parent=self).success(lambda exc: self._written(self.tally_banner, path, exc)) \
            .failure(self._tally_failed).always(lambda: self._enable(self.excel_button)).run()

    def _written(self, banner: Banner, path: str, exc: Exception | None) -> None:
        if exc is not None:
            self._document_problem(banner, exc)
            return
        banner.show_message(self.tr("Written: %1").replace("%1", path))
        self.document_written.emit(path)

    def _document_problem(self, banner: Banner, exc: Exception) -> None:
        banner.show_message(file_problem_text(exc), ok=False)

    # == the committee's summary =================================================================

    def _build_summary_page(self) -> QWidget:
        page = QWidget()
        today = self._session.store.today()
        self.summary_kind = QComboBox()
        self.summary_kind.setObjectName("summaryKind")
        self.summary_kind.addItem(self.tr("A month"), "month")
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
        self.summary_button = QPushButton(self.tr("Export…"))
        self.summary_button.setObjectName("summaryExport")
        self.summary_banner = Banner()
        self.summary_banner.setObjectName("summaryBanner")

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
        inner.addWidget(hint(self.tr(
            "One workbook: the summary sheet (the tally of the period, with the satisfaction rate's definition), "
            "the five lists (responsibility, problem, rectification, sign-off, evaluation) and every case in "
            "detail. Phone numbers are masked unless you untick the box; export full numbers only when the "
            "committee needs them.")))
        inner.addLayout(when)
        inner.addLayout(actions)
        layout = QVBoxLayout(page)
        layout.addWidget(self.summary_banner)
        layout.addWidget(box)
        layout.addStretch(1)

        self.summary_kind.currentIndexChanged.connect(lambda _i: self._summary_kind_changed())
        self.summary_button.clicked.connect(self.export_summary)
        self._summary_kind_changed()
        return page

    def _summary_kind_changed(self) -> None:
        ranged = self.summary_kind.currentData() == "range"
        self.summary_month.setVisible(not ranged)
        for w in (self.from_label, self.summary_from, self.to_label, self.summary_to):
            w.setVisible(ranged)

    def summary_period(self) -> tuple[date, date]:
        if self.summary_kind.currentData() == "range":
            return pydate(self.summary_from.date()), pydate(self.summary_to.date())
        d = pydate(self.summary_month.date())
        p = month_period(d.year, d.month)
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
        path = self.choose_save_path(self.tr("Export the summary for the committee"),
                                     self.tr("Summary %1.xlsx").replace("%1", label),
                                     self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        store, full_phone = self._session.store, not self.mask_phones.isChecked()
        job = BackgroundJob(self, self.tr("Exporting the summary"),
                            self.tr("Writing the summary workbook for %1…").replace("%1", label),
                            stop_on_cancel=False)
        job.progressed.connect(self.summary_progress)
        self.summary_job = job
        self.summary_button.setEnabled(False)

        def write() -> SummaryDone:
            from desk_app.reports.documents import export_summary

            target = Path(path)
            scratch = target.with_name(f".{target.name}.export")  # renamed into place unless cancelled
            try:
                written = export_summary(store, scratch, start, end, full_phone=full_phone, progress=job.report)
                if job.cancelled:
                    return SummaryDone(path, None)
                scratch.replace(target)
            except OSError as exc:
                return SummaryDone(path, None, exc)
            finally:
                scratch.unlink(missing_ok=True)
            return SummaryDone(path, dict(written.rows))

        job.canceled.connect(self._summary_cancel_pressed)
        DbOp(write, parent=self).success(lambda done: self._summary_done(done, job)) \
            .failure(self._summary_failed).always(lambda: self._summary_always(job)).run()

    def _summary_cancel_pressed(self) -> None:
        # The window stops waiting now. The export cannot stop half-way: it finishes in the
        # background and its scratch file is deleted. A new export queues behind it.
        self.summary_job = None
        self.summary_banner.show_message(self.tr("Export cancelled: no file is written. The work already "
                                                 "started finishes in the background and is then discarded."),
                                         ok=False)
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
            self._document_problem(self.summary_banner, done.error)
        elif done.rows is None:
            self.summary_banner.show_message(self.tr("Export cancelled: no file is written."), ok=False)
        else:
            counts = "，".join(f"{name} {n}" for name, n in done.rows.items())
            self.summary_banner.show_message(self.tr("Written: %1 (rows: %2)").replace("%1", done.path)
                                             .replace("%2", counts))
            self.document_written.emit(done.path)
        self.summary_finished.emit(done)

    # == ledger import ===========================================================================

    def _build_ledger_page(self) -> QWidget:
        page = QWidget()
        self.ledger_banner = Banner()
        self.ledger_banner.setObjectName("ledgerBanner")
        self.ledger_template_button = QPushButton(self.tr("Write template…"))
        self.ledger_template_button.setObjectName("ledgerTemplate")
        self.ledger_import_button = QPushButton(self.tr("Import ledger…"))
        self.ledger_import_button.setObjectName("ledgerImport")
        self.ledger_mapping = QLineEdit()
        self.ledger_mapping.setObjectName("ledgerMapping")
        self.ledger_mapping.setPlaceholderText(self.tr("e.g. 来电时间=登记时间；反映事项=反映问题"))
        box = QGroupBox(self.tr("Import a ledger (台账) from Excel"))
        inner = QVBoxLayout(box)
        inner.addWidget(hint(self.tr(
            "Write the template, fill in one case per row (or use your own ledger: common headings such as "
            "接待时间, 反映内容, 责任单位 are recognised), then import it. Every row is checked first: if any row "
            "has a problem, nothing is imported and every problem is listed by row and column. Importing the "
            "same file again adds nothing twice.")))
        mapping = QHBoxLayout()
        mapping.addWidget(QLabel(self.tr("Your own headings (optional):")))
        mapping.addWidget(self.ledger_mapping, 1)
        inner.addLayout(mapping)
        inner.addWidget(hint(self.tr("Write each as your heading=template heading, separated by ；")))
        buttons = QHBoxLayout()
        buttons.addWidget(self.ledger_template_button)
        buttons.addStretch(1)
        buttons.addWidget(self.ledger_import_button)
        inner.addLayout(buttons)
        layout = QVBoxLayout(page)
        layout.addWidget(self.ledger_banner)
        layout.addWidget(box)
        layout.addStretch(1)
        self.ledger_template_button.clicked.connect(self.write_ledger_template)
        self.ledger_import_button.clicked.connect(self.import_ledger)
        return page

    def write_ledger_template(self) -> None:
        path = self.choose_save_path(self.tr("Write the ledger template"), self.tr("Ledger template.xlsx"),
                                     self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        path = with_suffix(path, ".xlsx")

        def write() -> OSError | None:
            from desk_app.reports.ledger_xlsx import write_template

            try:
                write_template(Path(path))
            except OSError as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._template_done(path, exc)) \
            .failure(self._ledger_failed).run()

    def _template_done(self, path: str, exc: OSError | None) -> None:
        if exc is not None:
            self._document_problem(self.ledger_banner, exc)
            return
        self.ledger_banner.show_message(self.tr("Template written: %1. Fill in one case per row (the second row "
                                                "is an example: replace it), then import it.").replace("%1", path))
        self.template_written.emit(path)

    def import_ledger(self) -> None:
        if self.ledger_job is not None:
            return
        path = self.choose_open_path(self.tr("Import a ledger"), self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        store, by = self._session.store, self._session.operator.id
        mapping = parse_mapping(self.ledger_mapping.text())
        job = BackgroundJob(self, self.tr("Importing the ledger"),
                            self.tr("Checking and importing %1…").replace("%1", Path(path).name))
        self.ledger_job = job
        self.ledger_import_button.setEnabled(False)

        def run() -> Any:
            from desk_app.reports.documents import import_ledger

            try:
                return import_ledger(store, Path(path), by=by, mapping=mapping, progress=job.report)
            except Cancelled:
                return None

        job.canceled.connect(self._ledger_cancel_pressed)
        DbOp(run, parent=self).success(self._ledger_done).failure(self._ledger_failed) \
            .always(lambda: self._ledger_always(job)).run()

    def _ledger_cancel_pressed(self) -> None:
        self.ledger_job = None
        self.ledger_banner.show_message(self.tr("Import cancelled: nothing is imported."), ok=False)
        self.ledger_import_button.setEnabled(True)

    def _ledger_always(self, job: BackgroundJob) -> None:
        job.finish()
        if self.ledger_job is job:
            self.ledger_job = None
            self.ledger_import_button.setEnabled(True)

    def _ledger_failed(self, exc: BaseException) -> None:
        self.ledger_banner.show_message(describe_error(exc), ok=False)

    def _ledger_done(self, result: Any) -> None:
        if result is None:
            self.ledger_banner.show_message(self.tr("Import cancelled: nothing is imported."), ok=False)
            self.ledger_finished.emit(None)
            return
        from desk_app.domain.ledger import COLUMN_ZH

        read = result.read
        if read.file_error:
            self.ledger_banner.show_message(read.file_error, ok=False)
            self.ledger_finished.emit(result)
            return
        problems = [(e.row, e.column, e.message) for e in read.errors]
        if result.applied is not None:
            problems += [(p.row, read.headings.get(p.column, COLUMN_ZH.get(p.column, p.column)), p.message)
                         for p in result.applied.problems]
        if problems:
            problems.sort()
            rows = len({p[0] for p in problems})
            self.ledger_banner.show_message(self.tr("%1 rows have problems: nothing was imported.")
                                            .replace("%1", str(rows)), ok=False)
            if self.problems_dialog is not None:
                self.problems_dialog.deleteLater()
            self.problems_dialog = LedgerProblemsDialog(problems, read.ignored_headings, self)
            self.problems_dialog.open()
            self.ledger_finished.emit(result)
            return
        applied = result.applied
        parts = [self.tr("Imported: %1 cases added.").replace("%1", str(applied.added))]
        if applied.already:
            parts.append(self.tr("%1 rows were imported before and were not added again.")
                         .replace("%1", str(applied.already)))
        if applied.new_units:
            parts.append(self.tr("New handling units: %1.").replace("%1", "、".join(applied.new_units)))
        if applied.new_categories:
            parts.append(self.tr("New categories: %1.").replace("%1", "、".join(applied.new_categories)))
        if read.ignored_headings:
            parts.append(self.tr("Columns not imported (no matching template column): %1").replace(
                "%1", "、".join(read.ignored_headings)))
        self.ledger_banner.show_message(" ".join(parts))
        if applied.added:
            self._session.events.case_changed.emit("")
            # An import may add categories and handling units: the screens listing them reload.
            self._session.events.directory_changed.emit("category")
            self._session.events.directory_changed.emit("handling_unit")
        self.ledger_finished.emit(result)
