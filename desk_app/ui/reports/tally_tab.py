"""The tally page of the reports screen: a month's, quarter's, half-year's, year's or any range's
figures beside the period before and the same period last year, by category, handling unit and
channel, and the tally as PDF (previewed, printed) and Excel.

Every figure comes from `DeskStore.tally`, the same object the PDF and the Excel file print
(desk_app.reports.documents); the row names and the satisfaction rate's definition are the
domain's (desk_app.domain.tally).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.periods import PeriodKind, period_of
from desk_app.domain.tally import (
    CASE_BREAKDOWN_KEYS,
    MEASURE_BY_KEY,
    MEASURES,
    UNIT_BREAKDOWN_KEYS,
    BreakdownRow,
    Figures,
    Period,
    Tally,
    measure_text,
    month_period,
)
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.widgets import Banner, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.reports.loading import LoadingNote
from desk_app.ui.reports.tally_words import (
    change_label,
    date_text,
    measure_definition,
    measure_label,
    period_label,
    row_label,
    satisfaction_definition,
    second_rounds_text,
    tally_title,
)
from desk_app.ui.session import DeskSession

# How long a page that has just been shown gets to paint before its count starts.
AFTER_PAINT_MS = 40
UP_COLOUR = "#1e6b34"
DOWN_COLOUR = "#b3261e"
PENDING_COLOUR = "#8a8a8a"


def change_text(key: str, current: Figures, previous: Figures) -> str:
    """本月比上月, as the tally PDF prints it (+12 / -3 / 0; +1.25个百分点 for rates)."""
    from desk_app.reports.tally_text import change_text as pdf_change_text

    return change_label(pdf_change_text(key, current, previous))


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


class TallyTab(QWidget):
    # The Tally on screen, every column of it (the same period last year too).
    tally_loaded = Signal(object)
    # The first figures on screen (this period, the period before, the change): what the clerk
    # sees first; the 同比 columns follow (tally_loaded).
    figures_shown = Signal(object)
    document_written = Signal(str)  # a path
    preview_opened = Signal(object)  # the PdfPreviewDialog

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tallyTab")
        self._session = session
        self.tally: Tally | None = None
        # Whether the 同比 columns of self.tally are counted yet, and which count is the latest.
        self.year_ago_pending = False
        self._count_no = 0
        self.preview: QDialog | None = None
        # Tests and the lead may replace this to bypass the file dialog.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        today = self._session.store.today()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("tallyKind")
        for kind, text in (
            (PeriodKind.MONTH, self.tr("Month")),
            (PeriodKind.QUARTER, self.tr("Quarter")),
            (PeriodKind.HALF, self.tr("Half-year")),
            (PeriodKind.YEAR, self.tr("Year")),
            (PeriodKind.RANGE, self.tr("Dates from … to …")),
        ):
            self.kind_combo.addItem(text, kind.value)
        # The month edit picks any day of the calendar period (its month shown); a range has two.
        self.month_edit = QDateEdit(qdate(today.replace(day=1)))
        self.month_edit.setObjectName("tallyMonth")
        self.month_edit.setDisplayFormat("yyyy-MM")
        self.month_edit.setMaximumDate(qdate(today))
        self.from_edit = QDateEdit(qdate(today.replace(day=1)))
        self.from_edit.setObjectName("tallyFrom")
        self.to_edit = QDateEdit(qdate(today))
        self.to_edit.setObjectName("tallyTo")
        for edit in (self.from_edit, self.to_edit):
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setCalendarPopup(True)
            edit.setVisible(False)
        self.prev_month_button = QPushButton(self.tr("◀ Before"))
        self.next_month_button = QPushButton(self.tr("After ▶"))
        self.preview_button = QPushButton(self.tr("Print / preview PDF…"))
        self.preview_button.setObjectName("tallyPreview")
        self.excel_button = QPushButton(self.tr("Export Excel…"))
        self.excel_button.setObjectName("tallyExcel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Period:")))
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.prev_month_button)
        bar.addWidget(self.month_edit)
        bar.addWidget(self.from_edit)
        bar.addWidget(self.to_edit)
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
        self.figures_table.setColumnCount(6)
        self.figures_table.setHorizontalHeaderLabels(
            [
                self.tr("Figure"),
                self.tr("This period"),
                self.tr("Period before"),
                self.tr("Change"),
                self.tr("Same period last year"),
                self.tr("Change on last year"),
            ]
        )
        self.figures_table.setRowCount(len(MEASURES))
        for i, m in enumerate(MEASURES):
            self.figures_table.setItem(
                i, 0, _item(measure_label(m), bold=m.is_rate, tooltip=measure_definition(m))
            )
        header = self.figures_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for c in (1, 2, 3, 4, 5):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)
        self.figures_table.setMinimumWidth(420)

        self.definition_label = QLabel(satisfaction_definition())
        self.definition_label.setObjectName("satisfactionDefinition")
        self.definition_label.setWordWrap(True)
        self.definition_label.setStyleSheet("background: #f3f6fa; border: 1px solid #c9d6e6; padding: 6px;")
        self.definition_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        # Issue 13: the period's second rounds by the 大督办 level supervising them.
        self.ladder_label = QLabel()
        self.ladder_label.setObjectName("secondRoundsByLevel")
        self.ladder_label.setWordWrap(True)
        self.ladder_label.setVisible(False)

        self.breakdowns = QTabWidget()
        self.breakdowns.setObjectName("breakdownTabs")
        self.category_table = _table("byCategory")
        self.unit_table = _table("byUnit")
        self.channel_table = _table("byChannel")
        self.breakdowns.addTab(self.category_table, self.tr("By category"))
        self.breakdowns.addTab(self.unit_table, self.tr("By handling unit"))
        self.breakdowns.addTab(self.channel_table, self.tr("By channel"))
        breakdown_note = hint(
            self.tr("Each cell: this period / period before. Hover over a heading for its definition.")
        )

        left = QVBoxLayout()
        left.addWidget(self.figures_table)
        left.addWidget(self.definition_label)
        left.addWidget(self.ladder_label)
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self.breakdowns, 1)
        right.addWidget(breakdown_note)
        body = QHBoxLayout()
        body.addLayout(left, 2)
        body.addLayout(right, 3)

        # Counting a month takes a moment on a big desk: said, with the old figures greyed out.
        self.loading_note = LoadingNote([self.figures_table, self.breakdowns])
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.loading_note)
        layout.addWidget(self.tally_banner)
        layout.addWidget(self.tally_title)
        layout.addWidget(self.period_label)
        layout.addLayout(body, 1)

        self.prev_month_button.clicked.connect(lambda: self.step(-1))
        self.next_month_button.clicked.connect(lambda: self.step(1))
        self.month_edit.dateChanged.connect(lambda _d: self.load_tally())
        self.from_edit.dateChanged.connect(lambda _d: self.load_tally())
        self.to_edit.dateChanged.connect(lambda _d: self.load_tally())
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.preview_button.clicked.connect(self.preview_tally)
        self.excel_button.clicked.connect(self.export_tally_excel)
        session.events.case_changed.connect(self._case_changed)
        # The first count runs when the page is first shown (showEvent), not when it is built.

    def kind(self) -> PeriodKind:
        return PeriodKind(self.kind_combo.currentData())

    def period(self) -> Period:
        """The period chosen: the calendar period of the chosen kind holding the month edit's
        day, or the two dates of a range (put in order)."""
        kind = self.kind()
        if kind is PeriodKind.RANGE:
            a, b = pydate(self.from_edit.date()), pydate(self.to_edit.date())
            return Period(min(a, b), max(a, b))
        return period_of(kind, pydate(self.month_edit.date()))

    def month(self) -> Period:
        """The period chosen (the page's first version knew months only)."""
        return self.period()

    def set_month(self, year: int, month: int) -> None:
        self.set_period(month_period(year, month))

    def set_period(self, period: Period) -> None:
        """Show `period`: a calendar period by its kind, anything else as a range."""
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(period.kind.value))
        self.kind_combo.blockSignals(False)
        self._show_editors()
        if period.kind is PeriodKind.RANGE:
            self.from_edit.blockSignals(True)
            self.from_edit.setDate(qdate(period.start))
            self.from_edit.blockSignals(False)
            self.to_edit.setDate(qdate(period.end))
        else:
            self.month_edit.setDate(qdate(period.start))
        self.load_tally()

    def step(self, direction: int) -> None:
        """The period before (-1) or after (+1), of the same kind or length."""
        p = self.period()
        if direction < 0:
            self.set_period(p.previous())
            return
        after_start = p.end + timedelta(days=1)
        if p.kind is PeriodKind.RANGE:
            self.set_period(Period(after_start, after_start + timedelta(days=p.days - 1)))
        else:
            self.set_period(period_of(p.kind, after_start))

    def _show_editors(self) -> None:
        is_range = self.kind() is PeriodKind.RANGE
        self.month_edit.setVisible(not is_range)
        self.from_edit.setVisible(is_range)
        self.to_edit.setVisible(is_range)

    def _kind_changed(self, _index: int) -> None:
        self._show_editors()
        self.load_tally()

    def _case_changed(self, _reception_id: str) -> None:
        if self.isVisible():
            self.load_tally()

    def showEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self.loading_note.loading:
            # The first count, or cases may have changed while the page was hidden. The count
            # starts once the page has painted: it would hold the interpreter while it draws.
            self.load_tally(after_paint=True)

    def load_tally(self, after_paint: bool = False) -> None:
        store, period = self._session.store, self.period()
        self.next_month_button.setEnabled(period.end < store.today())
        text = self.tr("Counting the figures of %1…").replace("%1", period_label(period))
        self.loading_note.start(text, at_once=after_paint)
        # What the clerk looks at first (this period beside the period before) comes from one
        # read; the same period last year is a second read of its own (a third of the work or more),
        # started when the first figures are on screen.
        self._count_no += 1
        count_no = self._count_no
        op = (
            DbOp(lambda: store.tally(period, year_ago=False), parent=self)
            .success(lambda tally: self._show_tally(tally, count_no))
            .failure(self._tally_failed)
        )
        if after_paint:
            QTimer.singleShot(AFTER_PAINT_MS, self, lambda: op.run())
        else:
            op.run()

    def _tally_failed(self, exc: BaseException) -> None:
        self.loading_note.stop()
        self.tally_banner.show_message(describe_error(exc), ok=False)

    def _show_tally(self, tally: Tally, count_no: int | None = None) -> None:
        if tally.period != self.period() or (count_no is not None and count_no != self._count_no):
            return  # an older answer: the clerk moved on to another period
        self.loading_note.stop()
        shown = self.tally
        # The year-ago figures come with this answer only when the period before is that period.
        pending = count_no is not None and tally.period.year_ago() != tally.period.previous()
        self.tally = tally
        self.year_ago_pending = pending
        self.tally_title.setText(tally_title(tally))
        p, q = tally.period, tally.previous_period
        y = tally.year_ago_period or p.year_ago()
        self.period_label.setText(
            self.tr("Period: %1 to %2 · compared with: %3 to %4 · overdue counted as of %5")
            .replace("%1", date_text(p.start))
            .replace("%2", date_text(p.end))
            .replace("%3", date_text(q.start))
            .replace("%4", date_text(q.end))
            .replace("%5", date_text(tally.as_of))
        )
        self.figures_table.setHorizontalHeaderLabels(
            [
                self.tr("Figure"),
                self.tr("This period") + "\n" + period_label(p, short=True),
                self.tr("Period before") + "\n" + period_label(q, short=True),
                self.tr("Change"),
                self.tr("Same period last year") + "\n" + period_label(y, short=True),
                self.tr("Change on last year"),
            ]
        )
        for i, m in enumerate(MEASURES):
            self.figures_table.setItem(
                i, 1, _item(measure_text(tally.current, m.key), bold=m.is_rate, align_right=True)
            )
            self.figures_table.setItem(i, 2, _item(measure_text(tally.previous, m.key), align_right=True))
            change = change_text(m.key, tally.current, tally.previous)
            item = _item(change, align_right=True)
            if change.startswith("+"):
                item.setForeground(QBrush(QColor(UP_COLOUR if m.key != "overdue" else DOWN_COLOUR)))
            elif change.startswith("-"):
                item.setForeground(QBrush(QColor(DOWN_COLOUR if m.key != "overdue" else UP_COLOUR)))
            self.figures_table.setItem(i, 3, item)
            if not pending:
                self._fill_year_ago_row(i, m.key, tally)
        if pending:
            self._show_year_ago_pending(same_period=shown is not None and shown.period == tally.period)
        self.figures_table.resizeRowsToContents()
        self._fit_height(self.figures_table)
        ladder = second_rounds_text(tally)
        self.ladder_label.setText(ladder)
        self.ladder_label.setVisible(bool(ladder))
        self._fill_breakdown(
            self.category_table,
            tally.by_category,
            CASE_BREAKDOWN_KEYS,
            self.tr("Category"),
            self.tr("No cases in these two periods."),
        )
        self._fill_breakdown(
            self.unit_table,
            tally.by_unit,
            UNIT_BREAKDOWN_KEYS,
            self.tr("Handling unit"),
            self.tr("No referrals in these two periods."),
        )
        self._fill_breakdown(
            self.channel_table,
            tally.by_channel,
            CASE_BREAKDOWN_KEYS,
            self.tr("Channel"),
            self.tr("No cases in these two periods."),
        )
        self.figures_shown.emit(tally)
        if not pending:
            self.tally_loaded.emit(tally)
            return
        assert count_no is not None
        store, period = self._session.store, tally.period
        DbOp(lambda: store.year_ago_figures(period), parent=self).success(
            lambda figures: self._show_year_ago(figures, count_no)
        ).failure(lambda exc: self._year_ago_failed(exc, count_no)).run()

    def _fill_year_ago_row(self, row: int, key: str, tally: Tally) -> None:
        self.figures_table.setItem(row, 4, _item(measure_text(tally.year_ago, key), align_right=True))
        self.figures_table.setItem(
            row, 5, _item(change_text(key, tally.current, tally.year_ago), align_right=True)
        )

    def _show_year_ago_pending(self, same_period: bool) -> None:
        """The 同比 columns while they are counted: the figures already there for this period stay,
        greyed (a recount rarely changes them, and blanking them would flicker); anything else
        gives way to a word that they are being counted, never to another period's figures."""
        grey = QBrush(QColor(PENDING_COLOUR))
        for i in range(len(MEASURES)):
            for c in (4, 5):
                item = self.figures_table.item(i, c)
                if same_period and item is not None and item.text():
                    item.setForeground(grey)
                    item.setToolTip(self.tr("Counting the same period last year…"))
                else:
                    pending = _item(self.tr("counting…") if c == 4 else "", align_right=True)
                    pending.setForeground(grey)
                    pending.setToolTip(self.tr("Counting the same period last year…"))
                    self.figures_table.setItem(i, c, pending)

    def _show_year_ago(self, figures: Figures, count_no: int) -> None:
        tally = self.tally
        if count_no != self._count_no or tally is None or not self.year_ago_pending:
            return  # a newer count is on its way
        tally = replace(tally, year_ago=figures)
        self.tally = tally
        self.year_ago_pending = False
        for i, m in enumerate(MEASURES):
            self._fill_year_ago_row(i, m.key, tally)
        self.tally_loaded.emit(tally)

    def _year_ago_failed(self, exc: BaseException, count_no: int) -> None:
        if count_no != self._count_no:
            return
        for i in range(len(MEASURES)):
            for c in (4, 5):
                self.figures_table.setItem(i, c, _item("", align_right=True))
        self.tally_banner.show_message(describe_error(exc), ok=False)

    @staticmethod
    def _fit_height(table: QTableWidget) -> None:
        """The whole table without a scroll bar: it is short, and the definition goes right under it."""
        header = table.horizontalHeader()
        height = max(header.height(), header.sizeHint().height()) + 2 * table.frameWidth()
        height += sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height + 2)
        table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def _fill_breakdown(
        self, table: QTableWidget, rows: Sequence[BreakdownRow], keys: Sequence[str], first: str, empty: str
    ) -> None:
        table.clear()
        table.clearSpans()  # clear() keeps spans: an empty month's merged row would hide figures
        table.setColumnCount(1 + len(keys))
        labels = [first] + [measure_label(MEASURE_BY_KEY[k], two_lines=True) for k in keys]
        table.setHorizontalHeaderLabels(labels)
        for c, k in enumerate(keys, start=1):
            header_item = table.horizontalHeaderItem(c)
            if header_item is not None:
                header_item.setToolTip(measure_definition(MEASURE_BY_KEY[k]))
        if not rows:
            table.setRowCount(1)
            table.setItem(0, 0, _item(empty))
            table.setSpan(0, 0, 1, 1 + len(keys))
            return
        table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            table.setItem(r, 0, _item(row_label(row.label), bold=True))
            for c, k in enumerate(keys, start=1):
                table.setItem(
                    r,
                    c,
                    _item(
                        f"{measure_text(row.current, k)} / {measure_text(row.previous, k)}", align_right=True
                    ),
                )
        table.resizeColumnsToContents()

    def figure_text(self, key: str, previous: bool = False, year_ago: bool = False) -> str:
        """What the screen shows for one figure (row of MEASURES): this period, the period
        before, or the same period last year."""
        row = [m.key for m in MEASURES].index(key)
        item = self.figures_table.item(row, 4 if year_ago else 2 if previous else 1)
        return item.text() if item is not None else ""

    def breakdown_texts(self, which: str) -> dict[str, list[str]]:
        table = {"category": self.category_table, "unit": self.unit_table, "channel": self.channel_table}[
            which
        ]
        out: dict[str, list[str]] = {}
        for r in range(table.rowCount()):
            first = table.item(r, 0)
            if first is not None:
                out[first.text()] = [
                    table.item(r, c).text() if table.item(r, c) else "" for c in range(1, table.columnCount())
                ]
        return out

    # -- the tally as documents -------------------------------------------------------------------

    def preview_tally(self) -> None:
        store, period = self._session.store, self.period()

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
        DbOp(build, parent=self).success(lambda result: self._tally_pdf_built(result, period)).failure(
            self._tally_failed
        ).always(lambda: self._enable(self.preview_button)).run()

    def _enable(self, button: QPushButton) -> None:
        button.setEnabled(True)

    def _tally_pdf_built(self, result: bytes | Exception, period: Period) -> None:
        if isinstance(result, Exception):
            self.tally_banner.show_message(file_problem_text(result), ok=False)
            return
        title = self.tr("Tally %1").replace("%1", period.label)
        if self.preview is not None:
            self.preview.deleteLater()
        self.preview = PdfPreviewDialog(result, title, self, suggested_name=f"{title}.pdf")
        self.preview.open()
        self.preview_opened.emit(self.preview)

    def export_tally_excel(self) -> None:
        period = self.period()
        path = self.choose_save_path(
            self.tr("Export the tally to Excel"),
            self.tr("Tally %1.xlsx").replace("%1", period.label),
            self.tr("Excel files (*.xlsx)"),
        )
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
        DbOp(write, parent=self).success(lambda exc: self._written(path, exc)).failure(
            self._tally_failed
        ).always(lambda: self._enable(self.excel_button)).run()

    def _written(self, path: str, exc: Exception | None) -> None:
        if exc is not None:
            self.tally_banner.show_message(file_problem_text(exc), ok=False)
            return
        self.tally_banner.show_message(self.tr("Written: %1").replace("%1", path))
        self.document_written.emit(path)
