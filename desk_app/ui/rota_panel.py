"""The duty rota screen (排班): the station's weekly duty pattern, its groups (编组), the rota of a
month or a quarter with its unfilled slots and hand changes, the printed rota, and each deputy's
duty record (履职档案).

Everything that reads or writes the database goes through DbOp; documents are written on the
database thread too (they read the rota there), so the window never waits on a file.
"""

from __future__ import annotations

import calendar
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import (
    QPoint,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.duty import AssignmentSource
from desk_app.domain.rota import Period, Shortfall, SlotTemplate
from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.domain.vocab import DeputyLevel
from desk_app.domain.workcalendar import calendar_years
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.rota_records import (
    AssignmentInfo,
    DeputyProfile,
    DutyGroupInfo,
    DutyRecord,
    DutySlotInfo,
    RotaMade,
    RotaSheetRow,
)
from desk_app.storage.rota_store import RotaConflict
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text
from desk_app.ui.kit.labels import day_weekday_text, deputy_line, label_of, weekday_text
from desk_app.ui.kit.tables import SHORT_BACKGROUND, RecordTableModel, record_table, selected_record
from desk_app.ui.kit.widgets import (
    INVALID_STYLE,
    WARNING_COLOUR,
    Banner,
    FieldErrors,
    fill_combo,
    heading,
    hint,
    with_error,
)
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

MANUAL_BACKGROUND = "#fff4d6"


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    first = 3 * quarter - 2
    return date(year, first, 1), month_range(year, first + 2)[1]


# -- hand changes ------------------------------------------------------------------------------

class AssignmentDialog(QDialog):
    """Pick what a hand change needs: a deputy (replace), another duty (swap), or a slot (add)."""

    REPLACE, SWAP, ADD = "replace", "swap", "add"

    def __init__(self, mode: str, deputies: Sequence[DeputyProfile], *, current: AssignmentInfo | None = None,
                 others: Sequence[AssignmentInfo] = (), day: date | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mode = mode
        form = QFormLayout(self)
        titles = {self.REPLACE: self.tr("Replace a deputy on duty"), self.SWAP: self.tr("Swap two duties"),
                  self.ADD: self.tr("Add a deputy to the rota")}
        self.setWindowTitle(titles[mode])
        if current is not None:
            form.addRow(hint(self.tr("Duty: %1 %2 %3, %4").replace("%1", current.day.isoformat())
                             .replace("%2", day_weekday_text(current.day)).replace("%3", label_of(Period, current.period))
                             .replace("%4", current.deputy_name)))
        self.deputy_combo = QComboBox()
        self.deputy_combo.setObjectName("deputyCombo")
        fill_combo(self.deputy_combo, [(deputy_line(p), p.id) for p in deputies if p.active])
        self.other_combo = QComboBox()
        self.other_combo.setObjectName("otherCombo")
        fill_combo(self.other_combo, [
            (f"{a.day.isoformat()} {day_weekday_text(a.day)} {label_of(Period, a.period)}  {a.deputy_name}", a.id)
            for a in others])
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(qdate(day or date.today()))
        self.period_combo = QComboBox()
        fill_combo(self.period_combo, [(label_of(Period, p), p.value) for p in Period])
        if mode == self.SWAP:
            form.addRow(self.tr("Swap with"), self.other_combo)
        else:
            if mode == self.ADD:
                form.addRow(self.tr("Date"), self.date_edit)
                form.addRow(self.tr("Period"), self.period_combo)
            form.addRow(self.tr("Deputy"), self.deputy_combo)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)


# -- the panel ---------------------------------------------------------------------------------

class RotaPanel(QWidget):
    rota_loaded = Signal()
    rota_made = Signal(object)  # RotaMade
    pattern_saved = Signal()
    group_saved = Signal(str)
    changed = Signal()  # a hand change was saved
    change_refused = Signal(str)
    document_written = Signal(str)
    records_loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaPanel")
        self.setStyleSheet(INVALID_STYLE)
        self._session = session
        self._profiles: list[DeputyProfile] = []
        self._groups: list[DutyGroupInfo] = []
        self._reasons: dict[tuple[date, str], str] = {}
        self._shown_start = session.store.today().replace(day=1)
        self.dialog: AssignmentDialog | None = None
        # Tests and the lead may replace this to bypass the file dialog.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rotaTabs")
        self.tabs.addTab(self._build_rota_page(), self.tr("Rota"))
        self.tabs.addTab(self._build_pattern_page(), self.tr("Duty pattern"))
        self.tabs.addTab(self._build_groups_page(), self.tr("Groups"))
        self.tabs.addTab(self._build_record_page(), self.tr("Duty record"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

        session.events.directory_changed.connect(self._directory_changed)
        self._period_changed()
        self.reload_setup()

    # == the rota ===============================================================================

    def _build_rota_page(self) -> QWidget:
        page = QWidget()
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("rangeKind")
        self.kind_combo.addItem(self.tr("Month"), "month")
        self.kind_combo.addItem(self.tr("Quarter"), "quarter")
        today = self._session.store.today()
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("yearSpin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.number_combo = QComboBox()
        self.number_combo.setObjectName("rangeNumber")
        self._fill_numbers(today.month)
        self.make_button = QPushButton(self.tr("Make rota"))
        self.make_button.setObjectName("makeRota")
        self.pdf_button = QPushButton(self.tr("Print PDF…"))
        self.pdf_button.setObjectName("printPdf")
        self.xlsx_button = QPushButton(self.tr("Export Excel…"))
        self.xlsx_button.setObjectName("exportRota")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Rota for")))
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.year_spin)
        bar.addWidget(self.number_combo)
        bar.addWidget(self.make_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)

        self.calendar_warning = QLabel()
        self.calendar_warning.setObjectName("calendarWarning")
        self.calendar_warning.setWordWrap(True)
        self.calendar_warning.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
        self.calendar_warning.setVisible(False)
        self.rota_banner = Banner()
        self.rota_banner.setObjectName("rotaBanner")

        self.rota_model = RecordTableModel([
            (self.tr("Date"), lambda a: a.day.isoformat()),
            (self.tr("Weekday"), lambda a: day_weekday_text(a.day)),
            (self.tr("Period"), lambda a: label_of(Period, a.period)),
            (self.tr("Deputy"), lambda a: a.deputy_name),
            (self.tr("Level"), lambda a: label_of(DeputyLevel, a.deputy_level)),
            (self.tr("Entry"), lambda a: label_of(AssignmentSource, a.source)),
            (self.tr("Last changed by"), lambda a: a.updated_by_name),
        ], self, background=lambda a: MANUAL_BACKGROUND if a.source == AssignmentSource.MANUAL.value else None)
        self.rota_view = record_table(self.rota_model, "rotaTable")
        self.rota_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.rota_view.customContextMenuRequested.connect(self._rota_menu)
        self.rota_view.doubleClicked.connect(lambda _i: self.open_replace_dialog())

        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("addAssignment")
        self.replace_button = QPushButton(self.tr("Replace…"))
        self.replace_button.setObjectName("replaceAssignment")
        self.swap_button = QPushButton(self.tr("Swap…"))
        self.swap_button.setObjectName("swapAssignment")
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeAssignment")
        changes = QHBoxLayout()
        changes.addWidget(hint(self.tr("Hand changes are marked Manual and are kept when the rota is made again.")), 1)
        for b in (self.add_button, self.replace_button, self.swap_button, self.remove_button):
            changes.addWidget(b)

        self.unfilled_model = RecordTableModel([
            (self.tr("Date"), lambda r: r.day.isoformat()),
            (self.tr("Weekday"), lambda r: day_weekday_text(r.day)),
            (self.tr("Period"), lambda r: label_of(Period, r.period)),
            (self.tr("Missing"), lambda r: r.missing),
            (self.tr("Why"), lambda r: self._reason_text(r)),
        ], self, background=lambda _r: SHORT_BACKGROUND)
        self.unfilled_view = record_table(self.unfilled_model, "unfilledTable")
        self.unfilled_label = heading(self.tr("Slots not filled"), 1.0)

        lower = QWidget()
        lower_box = QVBoxLayout(lower)
        lower_box.setContentsMargins(0, 0, 0, 0)
        lower_box.addWidget(self.unfilled_label)
        lower_box.addWidget(self.unfilled_view)
        upper = QWidget()
        upper_box = QVBoxLayout(upper)
        upper_box.setContentsMargins(0, 0, 0, 0)
        upper_box.addWidget(self.rota_view, 1)
        upper_box.addLayout(changes)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)

        box = QVBoxLayout(page)
        box.addLayout(bar)
        box.addWidget(self.calendar_warning)
        box.addWidget(self.rota_banner)
        box.addWidget(split, 1)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.year_spin.valueChanged.connect(self._period_changed)
        self.number_combo.currentIndexChanged.connect(self._period_changed)
        self.make_button.clicked.connect(self.make_rota)
        self.pdf_button.clicked.connect(self.print_pdf)
        self.xlsx_button.clicked.connect(self.export_excel)
        self.add_button.clicked.connect(self.open_add_dialog)
        self.replace_button.clicked.connect(self.open_replace_dialog)
        self.swap_button.clicked.connect(self.open_swap_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        return page

    def _fill_numbers(self, month: int) -> None:
        if self.kind_combo.currentData() == "quarter":
            items = [(self.tr("Quarter %1").replace("%1", str(q)), q) for q in range(1, 5)]
            keep = (month - 1) // 3 + 1
        else:
            items = [(self.tr("Month %1").replace("%1", str(m)), m) for m in range(1, 13)]
            keep = month
        fill_combo(self.number_combo, items, keep)

    def _kind_changed(self) -> None:
        # The combo still holds the other kind's numbers: keep the first month of what was shown.
        self._fill_numbers(self._shown_start.month)
        self._period_changed()

    def period(self) -> tuple[date, date]:
        year, number = self.year_spin.value(), self.number_combo.currentData() or 1
        if self.number_combo.count() == 4:
            return quarter_range(year, number)
        return month_range(year, number)

    def set_period(self, kind: str, year: int, number: int) -> None:
        """Choose a month (1-12) or a quarter (1-4), as the clerk would with the chooser."""
        self.kind_combo.blockSignals(True)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(kind))
        self.kind_combo.blockSignals(False)
        self.year_spin.blockSignals(True)
        self.year_spin.setValue(year)
        self.year_spin.blockSignals(False)
        self._fill_numbers(number if kind == "month" else 3 * number - 2)
        self._period_changed()

    def period_label(self) -> str:
        """The period as the printed rota names it: 2026年12月, 2026年第4季度."""
        start, _ = self.period()
        if self.kind_combo.currentData() == "quarter":
            return self.tr("Q%2 %1").replace("%1", str(start.year)).replace("%2", str((start.month - 1) // 3 + 1))
        return self.tr("%2/%1").replace("%1", str(start.year)).replace("%2", str(start.month))

    def _period_changed(self) -> None:
        start, end = self.period()
        self._shown_start = start
        first, last = calendar_years()
        if end.year > last or start.year < first:
            self.calendar_warning.setText(self.tr(
                "The holiday calendar on this computer only knows the years %1 to %2. Outside them the rota "
                "counts Monday to Friday as working days, without holidays or swapped workdays: make the rota "
                "again once the desk is updated with the State Council's holiday notice.")
                .replace("%1", str(first)).replace("%2", str(last)))
            self.calendar_warning.setVisible(True)
        else:
            self.calendar_warning.setVisible(False)
        self._reasons = {}
        self.load_rota()

    def load_rota(self) -> None:
        start, end = self.period()
        store, station_id = self._session.store, self._session.station.id

        def read() -> tuple[list[AssignmentInfo], list[RotaSheetRow]]:
            return store.rota(start, end, station_id), store.rota_sheet(start, end)

        DbOp(read, parent=self).success(self._rota_read).failure(self._rota_failed).run()

    def _rota_read(self, result: tuple[list[AssignmentInfo], list[RotaSheetRow]]) -> None:
        assignments, sheet = result
        keep = selected_record(self.rota_view)
        self.rota_model.set_rows(assignments)
        if keep is not None:
            for row, a in enumerate(assignments):
                if a.id == keep.id:
                    self.rota_view.selectRow(row)
        short = [r for r in sheet if r.missing and r.station_id == self._session.station.id]
        self.unfilled_model.set_rows(short)
        self.unfilled_label.setText(self.tr("Slots not filled: %1").replace("%1", str(len(short)))
                                    if short else self.tr("Every slot is filled."))
        self.rota_loaded.emit()

    def _reason_text(self, row: RotaSheetRow) -> str:
        reason = self._reasons.get((row.day, row.period))
        if reason:
            return label_of(Shortfall, reason)
        return self.tr("Not filled (for example after a hand change); make the rota again or add a deputy by hand")

    def _rota_failed(self, exc: BaseException) -> None:
        self.rota_banner.show_message(describe_error(exc), ok=False)

    def make_rota(self) -> None:
        start, end = self.period()
        store, by = self._session.store, self._session.operator.id
        self.make_button.setEnabled(False)
        self.rota_banner.show_message(self.tr("Making the rota…"))
        DbOp(lambda: store.make_rota(start, end, by=by), parent=self).success(self._rota_made) \
            .failure(self._rota_failed).always(self._make_done).run()

    def _make_done(self) -> None:
        self.make_button.setEnabled(True)

    def _rota_made(self, made: RotaMade) -> None:
        station_id = self._session.station.id
        self._reasons = {(u.day, u.period): u.reason for u in made.unfilled if u.station_id == station_id}
        if not made.slots:
            self.rota_banner.show_message(self.tr(
                "There is no duty pattern yet (which weekdays, morning or afternoon, how many deputies): "
                "set it on the Duty pattern page first."), ok=False)
        elif made.unfilled:
            self.rota_banner.show_message(self.tr(
                "Rota made: %1 duty slots, %2 deputy places. %3 slots could not be filled; see the list below.")
                .replace("%1", str(made.slots)).replace("%2", str(made.assignments))
                .replace("%3", str(len(made.unfilled))), ok=False)
        else:
            self.rota_banner.show_message(self.tr("Rota made: %1 duty slots, %2 deputy places, every slot filled.")
                                          .replace("%1", str(made.slots)).replace("%2", str(made.assignments)))
        self.rota_made.emit(made)
        self.load_rota()

    # -- hand changes ----------------------------------------------------------------------------

    def _rota_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)  # one menu per right-click otherwise
        menu.addAction(self.tr("Replace…"), self.open_replace_dialog)
        menu.addAction(self.tr("Swap…"), self.open_swap_dialog)
        menu.addAction(self.tr("Add…"), self.open_add_dialog)
        menu.addAction(self.tr("Remove"), self.remove_selected)
        menu.popup(self.rota_view.viewport().mapToGlobal(pos))

    def _need_selection(self) -> AssignmentInfo | None:
        current = selected_record(self.rota_view)
        if current is None:
            self.rota_banner.show_message(self.tr("Choose a duty in the list first."), ok=False)
        return current

    def _open(self, dialog: AssignmentDialog, done: Callable[[AssignmentDialog], None]) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.accepted.connect(lambda: done(dialog))
        dialog.open()

    def open_replace_dialog(self) -> None:
        current = self._need_selection()
        if current is None:
            return
        dialog = AssignmentDialog(AssignmentDialog.REPLACE, self._profiles, current=current, parent=self)
        self._open(dialog, lambda d: self.replace_assignment(current.id, d.deputy_combo.currentData()))

    def open_swap_dialog(self) -> None:
        current = self._need_selection()
        if current is None:
            return
        others = [a for a in self.rota_model.rows() if a.id != current.id and a.deputy_id != current.deputy_id]
        dialog = AssignmentDialog(AssignmentDialog.SWAP, self._profiles, current=current, others=others, parent=self)
        self._open(dialog, lambda d: self.swap_assignments(current.id, d.other_combo.currentData()))

    def open_add_dialog(self) -> None:
        current = selected_record(self.rota_view)
        day = current.day if current is not None else self.period()[0]
        dialog = AssignmentDialog(AssignmentDialog.ADD, self._profiles, day=day, parent=self)
        if current is not None:
            dialog.period_combo.setCurrentIndex(dialog.period_combo.findData(current.period))
        self._open(dialog, lambda d: self.add_assignment(pydate(d.date_edit.date()), d.period_combo.currentData(),
                                                         d.deputy_combo.currentData()))

    def remove_selected(self) -> None:
        current = self._need_selection()
        if current is not None:
            self.remove_assignment(current.id)

    def _change(self, fn: Callable[[], object], done: str) -> None:
        DbOp(fn, parent=self).success(lambda _r: self._changed(done)).failure(self._change_failed).run()

    def replace_assignment(self, assignment_id: str, deputy_id: str | None) -> None:
        if not deputy_id:
            return
        store, by = self._session.store, self._session.operator.id
        self._change(lambda: store.replace_assignment(assignment_id, deputy_id, by=by),
                     self.tr("The deputy was replaced."))

    def swap_assignments(self, first_id: str, second_id: str | None) -> None:
        if not second_id:
            return
        store, by = self._session.store, self._session.operator.id
        self._change(lambda: store.swap_assignments(first_id, second_id, by=by), self.tr("The two duties were swapped."))

    def add_assignment(self, day: date, period: str, deputy_id: str | None) -> None:
        if not deputy_id:
            return
        store, by, station_id = self._session.store, self._session.operator.id, self._session.station.id
        self._change(lambda: store.add_assignment(by=by, day=day, period=period, deputy_id=deputy_id,
                                                  station_id=station_id), self.tr("The deputy was added to the rota."))

    def remove_assignment(self, assignment_id: str) -> None:
        store, by = self._session.store, self._session.operator.id
        self._change(lambda: store.remove_assignment(assignment_id, by=by),
                     self.tr("The duty was removed from the rota."))

    def _changed(self, text: str) -> None:
        self.rota_banner.show_message(text + " " + self.tr("Changed by %1.").replace("%1", self._session.operator.name))
        self.changed.emit()
        self.load_rota()

    def _change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RotaConflict):
            name = next((p.name for p in self._profiles if p.id == exc.deputy_id), "")
            text = self.tr("%1 is already on duty on %2 (%3). Nobody can be in two places at once: "
                           "choose another deputy or another day.").replace("%1", name) \
                .replace("%2", exc.day.isoformat()).replace("%3", label_of(Period, exc.period))
        else:
            text = describe_error(exc)
        self.rota_banner.show_message(text, ok=False)
        self.change_refused.emit(text)
        self.load_rota()

    # -- documents --------------------------------------------------------------------------------

    def print_pdf(self) -> None:
        self._write_document("pdf")

    def export_excel(self) -> None:
        self._write_document("xlsx")

    def _write_document(self, kind: str) -> None:
        start, end = self.period()
        label = self.period_label()
        if kind == "pdf":
            path = self.choose_save_path(self.tr("Print the rota as PDF"), self.tr("Rota %1.pdf").replace("%1", label),
                                         self.tr("PDF files (*.pdf)"))
        else:
            path = self.choose_save_path(self.tr("Export the rota to Excel"),
                                         self.tr("Rota %1.xlsx").replace("%1", label).replace("/", "-"),
                                         self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        store, station = self._session.store, self._session.station.name

        def write() -> Exception | None:
            from desk_app.reports.fonts import CjkFontMissing

            rows = store.rota_sheet(start, end)
            try:
                if kind == "pdf":
                    from desk_app.reports.rota_pdf import write_rota_pdf

                    write_rota_pdf(Path(path), rows, period_label=label, fallback_station=station,
                                   printed_on=store.today())
                else:
                    from desk_app.reports.rota_xlsx import write_rota_xlsx

                    write_rota_xlsx(Path(path), rows, period_label=label, fallback_station=station)
            except (CjkFontMissing, OSError) as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._document_done(path, exc, self.rota_banner)) \
            .failure(self._rota_failed).run()

    def _document_done(self, path: str, exc: Exception | None, banner: Banner) -> None:
        if exc is not None:
            banner.show_message(file_problem_text(exc), ok=False)
            return
        banner.show_message(self.tr("Written: %1").replace("%1", path))
        self.document_written.emit(path)

    # == duty pattern ============================================================================

    def _build_pattern_page(self) -> QWidget:
        page = QWidget()
        self.pattern_banner = Banner()
        self.pattern_banner.setObjectName("patternBanner")
        self.pattern_table = QTableWidget(0, 4)
        self.pattern_table.setObjectName("patternTable")
        self.pattern_table.setHorizontalHeaderLabels(
            [self.tr("Weekday"), self.tr("Period"), self.tr("Deputies needed"), self.tr("From group")])
        self.pattern_table.verticalHeader().setVisible(False)
        self.pattern_table.horizontalHeader().setStretchLastSection(True)
        self.pattern_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.add_slot_button = QPushButton(self.tr("Add a slot"))
        self.add_slot_button.setObjectName("addSlot")
        self.remove_slot_button = QPushButton(self.tr("Remove the slot"))
        self.remove_slot_button.setObjectName("removeSlot")
        self.save_pattern_button = QPushButton(self.tr("Save the duty pattern"))
        self.save_pattern_button.setObjectName("savePattern")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_slot_button)
        buttons.addWidget(self.remove_slot_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_pattern_button)
        box = QVBoxLayout(page)
        box.addWidget(heading(self.tr("Weekly duty pattern")))
        box.addWidget(hint(self.tr(
            "Each row is one weekly duty slot of the station: the weekday, morning, afternoon or the whole day, "
            "and how many deputies sit then. Choose a group to staff the slot from that group only; otherwise any "
            "active deputy may be scheduled. On a swapped workday (调休) the pattern of the weekday it makes up "
            "for applies; official holidays are skipped.")))
        box.addWidget(self.pattern_banner)
        box.addWidget(self.pattern_table, 1)
        box.addLayout(buttons)
        self.add_slot_button.clicked.connect(lambda: self.add_pattern_row(2, Period.MORNING.value, 2, None))
        self.remove_slot_button.clicked.connect(self._remove_pattern_row)
        self.save_pattern_button.clicked.connect(self.save_pattern)
        return page

    def add_pattern_row(self, weekday: int, period: str, needed: int, group_id: str | None) -> None:
        row = self.pattern_table.rowCount()
        self.pattern_table.insertRow(row)
        day_combo = QComboBox()
        fill_combo(day_combo, [(weekday_text(d), d) for d in range(7)], weekday)
        period_combo = QComboBox()
        fill_combo(period_combo, [(label_of(Period, p), p.value) for p in Period], period)
        spin = QSpinBox()
        spin.setRange(1, 20)
        spin.setValue(needed)
        group_combo = QComboBox()
        self._fill_group_combo(group_combo, group_id)
        for col, w in enumerate((day_combo, period_combo, spin, group_combo)):
            self.pattern_table.setCellWidget(row, col, w)
        self.pattern_table.resizeColumnsToContents()

    def _fill_group_combo(self, combo: QComboBox, keep: str | None) -> None:
        items: list[tuple[str, object]] = [(self.tr("Any active deputy"), "")]
        items += [(g.name if g.active else self.tr("%1 (not in use)").replace("%1", g.name), g.id)
                  for g in self._groups]
        fill_combo(combo, items, keep or "")

    def _remove_pattern_row(self) -> None:
        row = self.pattern_table.currentRow()
        if row < 0:
            row = self.pattern_table.rowCount() - 1
        if row >= 0:
            self.pattern_table.removeRow(row)

    def pattern_templates(self) -> list[SlotTemplate]:
        templates = []
        for row in range(self.pattern_table.rowCount()):
            day, period, spin, group = (self.pattern_table.cellWidget(row, c) for c in range(4))
            templates.append(SlotTemplate(day.currentData(), Period(period.currentData()), spin.value(),  # type: ignore[union-attr]
                                          group.currentData() or None))  # type: ignore[union-attr]
        return templates

    def save_pattern(self) -> None:
        templates = self.pattern_templates()
        store, by, station_id = self._session.store, self._session.operator.id, self._session.station.id
        DbOp(lambda: store.set_duty_pattern(templates, by=by, station_id=station_id), parent=self) \
            .success(self._pattern_saved).failure(self._pattern_failed).run()

    def _pattern_saved(self, _result: object) -> None:
        self.pattern_banner.show_message(self.tr("The duty pattern is saved. Make the rota again to apply it."))
        self.pattern_saved.emit()

    def _pattern_failed(self, exc: BaseException) -> None:
        self.pattern_banner.show_message(describe_error(exc) if not isinstance(exc, ValidationFailed) else self.tr(
            "Some slots are not valid: each needs 1 to 20 deputies and a group that still exists."), ok=False)

    def _show_pattern(self, slots: Sequence[DutySlotInfo]) -> None:
        self.pattern_table.setRowCount(0)
        for s in slots:
            self.add_pattern_row(s.weekday, s.period, s.needed, s.group_id)

    # == groups ====================================================================================

    def _build_groups_page(self) -> QWidget:
        page = QWidget()
        self.group_list = QListWidget()
        self.group_list.setObjectName("groupList")
        self.new_group_button = QPushButton(self.tr("New group"))
        self.new_group_button.setObjectName("newGroup")
        left = QVBoxLayout()
        left.addWidget(heading(self.tr("Groups"), 1.0))
        left.addWidget(self.group_list, 1)
        left.addWidget(self.new_group_button)

        self.group_errors = FieldErrors()
        self.group_banner = Banner()
        self.group_banner.setObjectName("groupBanner")
        self.group_name = QLineEdit()
        self.group_name.setObjectName("groupName")
        self.group_name.setMaxLength(50)
        self.group_active = QCheckBox(self.tr("In use"))
        self.group_active.setChecked(True)
        self.member_list = QListWidget()
        self.member_list.setObjectName("memberList")
        self.levels_label = QLabel()
        self.levels_label.setObjectName("groupLevels")
        self.levels_label.setWordWrap(True)
        self.save_group_button = QPushButton(self.tr("Save the group"))
        self.save_group_button.setObjectName("saveGroup")
        form = QFormLayout()
        form.addRow(self.tr("Name"), with_error(self.group_name, self.group_errors.add("name", self.group_name)))
        form.addRow("", self.group_active)
        right = QVBoxLayout()
        right.addWidget(self.group_banner)
        right.addLayout(form)
        right.addWidget(QLabel(self.tr("Members (tick the deputies of this group; mix levels as the station wishes)")))
        right.addWidget(self.member_list, 1)
        right.addWidget(self.levels_label)
        right.addWidget(self.save_group_button)

        box = QHBoxLayout(page)
        box.addLayout(left, 1)
        box.addLayout(right, 2)
        self._editing_group: str | None = None
        self.group_errors.clear_on("name", self.group_name.textChanged)
        self.group_list.currentRowChanged.connect(self._group_chosen)
        self.new_group_button.clicked.connect(self.new_group)
        self.save_group_button.clicked.connect(self.save_group)
        self.member_list.itemChanged.connect(lambda _i: self._show_levels())
        return page

    def _show_groups(self) -> None:
        keep = self._editing_group
        self.group_list.blockSignals(True)
        self.group_list.clear()
        for g in self._groups:
            text = self.tr("%1 (%2 members)").replace("%1", g.name).replace("%2", str(len(g.deputy_ids)))
            if not g.active:
                text = self.tr("%1 (not in use)").replace("%1", text)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, g.id)
            self.group_list.addItem(item)
        self.group_list.blockSignals(False)
        row = next((i for i, g in enumerate(self._groups) if g.id == keep), -1)
        if row >= 0:
            self.group_list.setCurrentRow(row)
        else:
            self.new_group()

    def _group_chosen(self, row: int) -> None:
        if not 0 <= row < len(self._groups):
            return
        group = self._groups[row]
        self._editing_group = group.id
        self.group_name.setText(group.name)
        self.group_active.setChecked(group.active)
        self._fill_members(set(group.deputy_ids))
        self.group_errors.clear()

    def new_group(self) -> None:
        self._editing_group = None
        self.group_list.blockSignals(True)
        self.group_list.setCurrentRow(-1)
        self.group_list.blockSignals(False)
        self.group_name.clear()
        self.group_active.setChecked(True)
        self._fill_members(set())
        self.group_errors.clear()

    def _fill_members(self, chosen: set[str]) -> None:
        self.member_list.blockSignals(True)
        self.member_list.clear()
        for p in self._profiles:
            if not p.active and p.id not in chosen:
                continue
            text = deputy_line(p) + ("" if p.active else self.tr(" — not active"))
            item = QListWidgetItem(text)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if p.id in chosen else Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, p.id)
            self.member_list.addItem(item)
        self.member_list.blockSignals(False)
        self._show_levels()

    def checked_members(self) -> list[str]:
        return [self.member_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.member_list.count())
                if self.member_list.item(i).checkState() == Qt.CheckState.Checked]

    def set_member_checked(self, deputy_id: str, checked: bool) -> None:
        for i in range(self.member_list.count()):
            item = self.member_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == deputy_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _show_levels(self) -> None:
        by_id = {p.id: p for p in self._profiles}
        levels = Counter(label_of(DeputyLevel, by_id[d].level) or self.tr("level not set") for d in self.checked_members()
                         if d in by_id)
        if not levels:
            self.levels_label.setText(self.tr("No members chosen yet."))
            return
        parts = "、".join(f"{name} × {n}" for name, n in sorted(levels.items()))
        self.levels_label.setText(self.tr("%1 members: %2").replace("%1", str(sum(levels.values())))
                                  .replace("%2", parts))

    def save_group(self) -> None:
        name = self.group_name.text()
        if not name.strip():
            self.group_errors.show([FieldError("name", FieldProblem.REQUIRED)])
            return
        members, group_id, active = self.checked_members(), self._editing_group, self.group_active.isChecked()
        store, by, station_id = self._session.store, self._session.operator.id, self._session.station.id
        DbOp(lambda: store.save_duty_group(by=by, name=name, deputy_ids=members, group_id=group_id, active=active,
                                           station_id=station_id), parent=self) \
            .success(self._group_saved).failure(self._group_failed).run()

    def _group_saved(self, group_id: str) -> None:
        self._editing_group = group_id
        self.group_banner.show_message(self.tr("The group is saved."))
        self.group_saved.emit(group_id)
        self.reload_setup()

    def _group_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.group_errors.show(exc.errors)
        else:
            self.group_banner.show_message(describe_error(exc), ok=False)

    # == duty record (履职档案) ===================================================================

    def _build_record_page(self) -> QWidget:
        page = QWidget()
        today = self._session.store.today()
        self.record_from = QDateEdit()
        self.record_from.setObjectName("recordFrom")
        self.record_to = QDateEdit()
        self.record_to.setObjectName("recordTo")
        for edit, value in ((self.record_from, date(today.year, 1, 1)), (self.record_to, date(today.year, 12, 31))):
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
        self.record_model = RecordTableModel([
            (self.tr("Deputy"), lambda r: r.deputy_name),
            (self.tr("Level"), lambda r: label_of(DeputyLevel, r.level)),
            (self.tr("On the rota"), lambda r: r.scheduled),
            (self.tr("Duty kept"), lambda r: r.kept),
            (self.tr("Missed"), lambda r: r.scheduled - r.kept),
            (self.tr("Other visits (inspections, forums …)"), lambda r: r.other_visits),
            (self.tr("Deputy-visits"), lambda r: r.visits),
        ], self, background=lambda r: SHORT_BACKGROUND if r.kept < r.scheduled else None)
        self.record_view = record_table(self.record_model, "recordTable")
        box = QVBoxLayout(page)
        box.addWidget(heading(self.tr("Duty record of each deputy")))
        box.addWidget(hint(self.tr(
            "Duty kept counts the days on the rota with a check-in at the desk; other visits are inspections, "
            "forums and other visits off the rota. Deputy-visits are the two together, for the annual duty report.")))
        box.addLayout(bar)
        box.addWidget(self.record_banner)
        box.addWidget(self.record_view, 1)
        self.record_show_button.clicked.connect(self.load_records)
        self.record_export_button.clicked.connect(self.export_records)
        return page

    def record_range(self) -> tuple[date, date]:
        return pydate(self.record_from.date()), pydate(self.record_to.date())

    def load_records(self) -> None:
        start, end = self.record_range()
        if end < start:
            self.record_banner.show_message(self.tr("The end date is before the start date."), ok=False)
            return
        store = self._session.store
        DbOp(lambda: store.duty_records(start, end), parent=self).success(self._records_read) \
            .failure(lambda exc: self.record_banner.show_message(describe_error(exc), ok=False)).run()

    def _records_read(self, records: list[DutyRecord]) -> None:
        self.record_model.set_rows(records)
        self.record_banner.setVisible(False)
        self.records_loaded.emit()

    def export_records(self) -> None:
        start, end = self.record_range()
        if end < start:
            self.record_banner.show_message(self.tr("The end date is before the start date."), ok=False)
            return
        path = self.choose_save_path(self.tr("Export the duty record to Excel"),
                                     self.tr("Duty record %1 to %2.xlsx").replace("%1", start.isoformat())
                                     .replace("%2", end.isoformat()), self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        store, station = self._session.store, self._session.station.name

        def write() -> Exception | None:
            from desk_app.reports.duty_record_xlsx import write_duty_record_xlsx

            try:
                write_duty_record_xlsx(Path(path), store.duty_records(start, end), station_name=station,
                                       start=start, end=end)
            except OSError as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._document_done(path, exc, self.record_banner)) \
            .failure(lambda exc: self.record_banner.show_message(describe_error(exc), ok=False)).run()

    # == loading the set-up ========================================================================

    def _directory_changed(self, kind: str) -> None:
        if kind in ("deputy", "roster"):
            self.reload_setup()

    def reload_setup(self) -> None:
        """Read the roster, the groups and the duty pattern (after a change elsewhere, too)."""
        store, station_id = self._session.store, self._session.station.id

        def read() -> tuple[list[DeputyProfile], list[DutyGroupInfo], list[DutySlotInfo]]:
            return (store.deputy_profiles(include_inactive=True), store.duty_groups(station_id),
                    store.duty_pattern(station_id))

        DbOp(read, parent=self).success(self._setup_read).failure(self._rota_failed).run()

    def _setup_read(self, result: tuple[list[DeputyProfile], list[DutyGroupInfo], list[DutySlotInfo]]) -> None:
        self._profiles, self._groups, slots = result
        self._show_pattern(slots)
        self._show_groups()


