"""The rota page of the rota screen: the rota of a month or a quarter, its unfilled slots with
the reason each was not filled, hand changes (replace, swap, add, remove), and the printed
rota as PDF or Excel.

Documents are written on the database thread (they read the rota there), so the window never
waits on a file.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.duty import AssignmentSource
from desk_app.domain.permissions import Action, permits
from desk_app.domain.rota import Period, Shortfall
from desk_app.domain.vocab import DeputyLevel
from desk_app.domain.workcalendar import calendar_years
from desk_app.storage.rota_records import AssignmentInfo, DeputyProfile, RotaMade, RotaSheetRow
from desk_app.storage.rota_store import RotaConflict
from desk_app.ui.kit.dates import pydate
from desk_app.ui.kit.files import choose_save_file, file_problem_text
from desk_app.ui.kit.labels import day_weekday_text, label_of
from desk_app.ui.kit.tables import SHORT_BACKGROUND, RecordTableModel, record_table, selected_record
from desk_app.ui.kit.widgets import WARNING_COLOUR, Banner, fill_combo, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.rota.assignment_dialog import AssignmentDialog
from desk_app.ui.session import DeskSession

# The background of a duty entered or changed by hand (kept when the rota is made again).
MANUAL_BACKGROUND = "#fff4d6"


def month_range(year: int, month: int) -> tuple[date, date]:
    return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])


def quarter_range(year: int, quarter: int) -> tuple[date, date]:
    first = 3 * quarter - 2
    return date(year, first, 1), month_range(year, first + 2)[1]


class RotaTab(QWidget):
    rota_loaded = Signal()
    rota_made = Signal(object)  # RotaMade
    changed = Signal()  # a hand change was saved
    change_refused = Signal(str)
    document_written = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaTab")
        self._session = session
        # The station shown and written to: the desk's own; a centre desk's panel sets the picked
        # one ("" for every station) and its stations' names (the Station column of 全部站点).
        self.station_id: str = session.station.id
        self.station_name: str = session.station.name
        self.station_names: dict[str, str] = {}
        self.on_centre_desk = False  # the rota is made for the picked station only, or asked
        self._profiles: list[DeputyProfile] = []
        self._reasons: dict[tuple[str, date, str], str] = {}
        self.make_all_box: QMessageBox | None = None
        self._shown_start = session.store.today().replace(day=1)
        self.dialog: AssignmentDialog | None = None
        # Tests and the lead may replace this to bypass the file dialog.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )

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
        self.grid_pdf_button = QPushButton(self.tr("Month grid PDF…"))
        self.grid_pdf_button.setObjectName("gridPdf")
        self.grid_xlsx_button = QPushButton(self.tr("Month grid Excel…"))
        self.grid_xlsx_button.setObjectName("gridExcel")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Rota for")))
        bar.addWidget(self.kind_combo)
        bar.addWidget(self.year_spin)
        bar.addWidget(self.number_combo)
        bar.addWidget(self.make_button)
        bar.addStretch(1)
        bar.addWidget(self.pdf_button)
        bar.addWidget(self.xlsx_button)
        bar.addWidget(self.grid_pdf_button)
        bar.addWidget(self.grid_xlsx_button)

        self.calendar_warning = QLabel()
        self.calendar_warning.setObjectName("calendarWarning")
        self.calendar_warning.setWordWrap(True)
        self.calendar_warning.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
        self.calendar_warning.setVisible(False)
        self.rota_banner = Banner()
        self.rota_banner.setObjectName("rotaBanner")
        # A studio's moved or dropped openings in the period (domain.studios), one per line.
        self.studio_notes = QLabel()
        self.studio_notes.setObjectName("studioNotes")
        self.studio_notes.setWordWrap(True)
        self.studio_notes.setVisible(False)

        self.rota_model = RecordTableModel(
            [
                (self.tr("Date"), lambda a: a.day.isoformat()),
                (self.tr("Weekday"), lambda a: day_weekday_text(a.day)),
                (self.tr("Period"), lambda a: label_of(Period, a.period)),
                (self.tr("Deputy"), lambda a: a.deputy_name),
                (self.tr("Level"), lambda a: label_of(DeputyLevel, a.deputy_level)),
                (self.tr("Entry"), lambda a: label_of(AssignmentSource, a.source)),
                (self.tr("Last changed by"), lambda a: a.updated_by_name),
                # Last, shown only when every station is (全部站点).
                (self.tr("Station"), lambda a: self.station_names.get(a.station_id, "")),
            ],
            self,
            background=lambda a: MANUAL_BACKGROUND if a.source == AssignmentSource.MANUAL.value else None,
        )
        self.rota_view = record_table(self.rota_model, "rotaTable")
        self.rota_view.setColumnHidden(7, True)  # the Station column: only when every station is shown
        self.rota_view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.rota_view.customContextMenuRequested.connect(self._rota_menu)
        self.rota_view.doubleClicked.connect(
            lambda _i: self.open_replace_dialog() if self.may_change else None
        )

        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("addAssignment")
        self.replace_button = QPushButton(self.tr("Replace…"))
        self.replace_button.setObjectName("replaceAssignment")
        self.swap_button = QPushButton(self.tr("Swap…"))
        self.swap_button.setObjectName("swapAssignment")
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeAssignment")
        changes = QHBoxLayout()
        changes.addWidget(
            hint(self.tr("Hand changes are marked Manual and are kept when the rota is made again.")), 1
        )
        for b in (self.add_button, self.replace_button, self.swap_button, self.remove_button):
            changes.addWidget(b)
        # Making and changing the rota is the office's; everyone may read, print and export it.
        self.may_change = permits(session.operator.role, Action.ROTA)
        for b in (
            self.make_button,
            self.add_button,
            self.replace_button,
            self.swap_button,
            self.remove_button,
        ):
            b.setVisible(self.may_change)

        self.unfilled_model = RecordTableModel(
            [
                (self.tr("Date"), lambda r: r.day.isoformat()),
                (self.tr("Weekday"), lambda r: day_weekday_text(r.day)),
                (self.tr("Period"), lambda r: label_of(Period, r.period)),
                (self.tr("Missing"), lambda r: r.missing),
                (self.tr("Why"), lambda r: self._reason_text(r)),
                (self.tr("Station"), lambda r: r.station_name),
            ],
            self,
            background=lambda _r: SHORT_BACKGROUND,
        )
        self.unfilled_view = record_table(self.unfilled_model, "unfilledTable")
        self.unfilled_view.setColumnHidden(5, True)
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

        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.calendar_warning)
        box.addWidget(self.rota_banner)
        box.addWidget(self.studio_notes)
        box.addWidget(split, 1)

        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.year_spin.valueChanged.connect(self._period_changed)
        self.number_combo.currentIndexChanged.connect(self._period_changed)
        self.make_button.clicked.connect(self.make_rota)
        self.pdf_button.clicked.connect(self.print_pdf)
        self.xlsx_button.clicked.connect(self.export_excel)
        self.grid_pdf_button.clicked.connect(lambda: self._write_document("grid_pdf"))
        self.grid_xlsx_button.clicked.connect(lambda: self._write_document("grid_xlsx"))
        self.add_button.clicked.connect(self.open_add_dialog)
        self.replace_button.clicked.connect(self.open_replace_dialog)
        self.swap_button.clicked.connect(self.open_swap_dialog)
        self.remove_button.clicked.connect(self.remove_selected)
        self._period_changed()

    def set_profiles(self, profiles: Sequence[DeputyProfile]) -> None:
        """The roster the hand-change dialogs offer (the panel reads it with the set-up)."""
        self._profiles = list(profiles)

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
            return (
                self.tr("Q%2 %1")
                .replace("%1", str(start.year))
                .replace("%2", str((start.month - 1) // 3 + 1))
            )
        return self.tr("%2/%1").replace("%1", str(start.year)).replace("%2", str(start.month))

    def _period_changed(self) -> None:
        start, end = self.period()
        self._shown_start = start
        first, last = calendar_years()
        if end.year > last or start.year < first:
            self.calendar_warning.setText(
                self.tr(
                    "The holiday calendar on this computer only knows the years %1 to %2. Outside them the rota "
                    "counts Monday to Friday as working days, without holidays or swapped workdays: make the rota "
                    "again once the desk is updated with the State Council's holiday notice."
                )
                .replace("%1", str(first))
                .replace("%2", str(last))
            )
            self.calendar_warning.setVisible(True)
        else:
            self.calendar_warning.setVisible(False)
        self._reasons = {}
        self.load_rota()

    def show_station(self, station_id: str, name: str) -> None:
        """A centre desk picked another station ("" every station): show (and change) its rota
        from now on."""
        self.station_id, self.station_name = station_id, name
        for view, column in ((self.rota_view, 7), (self.unfilled_view, 5)):
            view.setColumnHidden(column, bool(station_id))
        self._reasons = {}  # the reasons the made rota gave were the other station's
        self.load_rota()

    def _shown(self, station_id: str) -> bool:
        return not self.station_id or station_id == self.station_id

    def load_rota(self) -> None:
        start, end = self.period()
        store, station_id = self._session.store, self.station_id

        def read() -> tuple[list[AssignmentInfo], list[RotaSheetRow]]:
            return store.rota(start, end, station_id or None), store.rota_sheet(start, end)

        DbOp(read, parent=self).success(self._rota_read).failure(self.show_failure).run()

    def _rota_read(self, result: tuple[list[AssignmentInfo], list[RotaSheetRow]]) -> None:
        assignments, sheet = result
        keep = selected_record(self.rota_view)
        self.rota_model.set_rows(assignments)
        if keep is not None:
            for row, a in enumerate(assignments):
                if a.id == keep.id:
                    self.rota_view.selectRow(row)
        notes = [r for r in sheet if r.note and self._shown(r.station_id)]
        every = not self.station_id
        self.studio_notes.setText(
            "\n".join(
                f"{r.station_name + ' ' if every else ''}{day_weekday_text(r.day)} {r.day.isoformat()}：{r.note}"
                for r in notes
            )
        )
        self.studio_notes.setVisible(bool(notes))
        short = [r for r in sheet if r.missing and self._shown(r.station_id)]
        self.unfilled_model.set_rows(short)
        self.unfilled_label.setText(
            self.tr("Slots not filled: %1").replace("%1", str(len(short)))
            if short
            else self.tr("Every slot is filled.")
        )
        self.rota_loaded.emit()

    def _reason_text(self, row: RotaSheetRow) -> str:
        reason = self._reasons.get((row.station_id, row.day, row.period))
        if reason:
            return label_of(Shortfall, reason)
        return self.tr(
            "Not filled (for example after a hand change); make the rota again or add a deputy by hand"
        )

    def show_failure(self, exc: BaseException) -> None:
        """A read or write of the rota (or of the panel's set-up) was refused: say so on this page."""
        self.rota_banner.show_message(describe_error(exc), ok=False)

    def make_rota(self) -> None:
        """Make the rota of the period: on a centre desk for the picked station only, and for
        every station (全部站点) only after asking."""
        if self.on_centre_desk and not self.station_id:
            box = QMessageBox(
                QMessageBox.Icon.Question,
                self.tr("Make the rota for every station"),
                self.tr(
                    "Make the rota of %1 for every station of the district at once? Each station's "
                    "generated duties in the period are made again; duties entered by hand stay."
                ).replace("%1", self.period_label()),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                self,
            )
            box.setObjectName("makeAllBox")
            box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Make for every station"))
            box.button(QMessageBox.StandardButton.No).setText(self.tr("Cancel"))
            box.setDefaultButton(QMessageBox.StandardButton.No)
            box.accepted.connect(lambda: self._make(None))
            self.make_all_box = box
            box.open()
            return
        self._make((self.station_id,) if self.on_centre_desk else None)

    def _make(self, station_ids: tuple[str, ...] | None) -> None:
        start, end = self.period()
        store, by = self._session.store, self._session.operator.id
        self.make_button.setEnabled(False)
        self.rota_banner.show_message(self.tr("Making the rota…"))
        DbOp(lambda: store.make_rota(start, end, by=by, station_ids=station_ids), parent=self).success(
            self._rota_made
        ).failure(self.show_failure).always(self._make_done).run()

    def _make_done(self) -> None:
        self.make_button.setEnabled(True)

    def _rota_made(self, made: RotaMade) -> None:
        self._reasons = {
            (u.station_id, u.day, u.period): u.reason for u in made.unfilled if self._shown(u.station_id)
        }
        if not made.slots:
            self.rota_banner.show_message(
                self.tr(
                    "There is no duty pattern yet (which weekdays, morning or afternoon, how many deputies): "
                    "set it on the Duty pattern page first."
                ),
                ok=False,
            )
        elif made.unfilled:
            self.rota_banner.show_message(
                self.tr(
                    "Rota made: %1 duty slots, %2 deputy places. %3 slots could not be filled; see the list below."
                )
                .replace("%1", str(made.slots))
                .replace("%2", str(made.assignments))
                .replace("%3", str(len(made.unfilled))),
                ok=False,
            )
        else:
            self.rota_banner.show_message(
                self.tr("Rota made: %1 duty slots, %2 deputy places, every slot filled.")
                .replace("%1", str(made.slots))
                .replace("%2", str(made.assignments))
            )
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
        others = [
            a for a in self.rota_model.rows() if a.id != current.id and a.deputy_id != current.deputy_id
        ]
        dialog = AssignmentDialog(
            AssignmentDialog.SWAP, self._profiles, current=current, others=others, parent=self
        )
        self._open(dialog, lambda d: self.swap_assignments(current.id, d.other_combo.currentData()))

    def open_add_dialog(self) -> None:
        if not self.station_id:
            self.rota_banner.show_message(
                self.tr("Pick the station first: a duty is added to one station's rota."), ok=False
            )
            return
        current = selected_record(self.rota_view)
        day = current.day if current is not None else self.period()[0]
        dialog = AssignmentDialog(AssignmentDialog.ADD, self._profiles, day=day, parent=self)
        if current is not None:
            dialog.period_combo.setCurrentIndex(dialog.period_combo.findData(current.period))
        self._open(
            dialog,
            lambda d: self.add_assignment(
                pydate(d.date_edit.date()), d.period_combo.currentData(), d.deputy_combo.currentData()
            ),
        )

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
        self._change(
            lambda: store.replace_assignment(assignment_id, deputy_id, by=by),
            self.tr("The deputy was replaced."),
        )

    def swap_assignments(self, first_id: str, second_id: str | None) -> None:
        if not second_id:
            return
        store, by = self._session.store, self._session.operator.id
        self._change(
            lambda: store.swap_assignments(first_id, second_id, by=by),
            self.tr("The two duties were swapped."),
        )

    def add_assignment(self, day: date, period: str, deputy_id: str | None) -> None:
        if not deputy_id:
            return
        store, by, station_id = self._session.store, self._session.operator.id, self.station_id
        self._change(
            lambda: store.add_assignment(
                by=by, day=day, period=period, deputy_id=deputy_id, station_id=station_id
            ),
            self.tr("The deputy was added to the rota."),
        )

    def remove_assignment(self, assignment_id: str) -> None:
        store, by = self._session.store, self._session.operator.id
        self._change(
            lambda: store.remove_assignment(assignment_id, by=by),
            self.tr("The duty was removed from the rota."),
        )

    def _changed(self, text: str) -> None:
        self.rota_banner.show_message(
            text + " " + self.tr("Changed by %1.").replace("%1", self._session.operator.name)
        )
        self.changed.emit()
        self.load_rota()

    def _change_failed(self, exc: BaseException) -> None:
        if isinstance(exc, RotaConflict):
            name = next((p.name for p in self._profiles if p.id == exc.deputy_id), "")
            text = (
                self.tr(
                    "%1 is already on duty on %2 (%3). Nobody can be in two places at once: "
                    "choose another deputy or another day."
                )
                .replace("%1", name)
                .replace("%2", exc.day.isoformat())
                .replace("%3", label_of(Period, exc.period))
            )
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
            path = self.choose_save_path(
                self.tr("Print the rota as PDF"),
                self.tr("Rota %1.pdf").replace("%1", label),
                self.tr("PDF files (*.pdf)"),
            )
        elif kind == "grid_pdf":
            path = self.choose_save_path(
                self.tr("Save the rota as a month grid"),
                self.tr("Rota grid %1.pdf").replace("%1", label).replace("/", "-"),
                self.tr("PDF files (*.pdf)"),
            )
        elif kind == "grid_xlsx":
            path = self.choose_save_path(
                self.tr("Save the rota as a month grid"),
                self.tr("Rota grid %1.xlsx").replace("%1", label).replace("/", "-"),
                self.tr("Excel files (*.xlsx)"),
            )
        else:
            path = self.choose_save_path(
                self.tr("Export the rota to Excel"),
                self.tr("Rota %1.xlsx").replace("%1", label).replace("/", "-"),
                self.tr("Excel files (*.xlsx)"),
            )
        if not path:
            return
        store, station = self._session.store, self.station_name
        # A centre desk prints the picked station's rota (every station's with 全部站点).
        only = self.station_id if self.on_centre_desk else ""

        def write() -> Exception | None:
            from desk_app.reports.fonts import CjkFontMissing

            rows = [r for r in store.rota_sheet(start, end) if not only or r.station_id == only]
            try:
                if kind in ("grid_pdf", "grid_xlsx"):
                    from desk_app.reports import rota_grid

                    events: dict[tuple[str, date], list[str]] = {}
                    for t in store.theme_days(start, end):
                        if not t.cancelled:
                            events.setdefault((t.station_name, t.day), []).append(t.theme)
                    grids = rota_grid.grids_between(start, end, rows, store.work_calendar(), station, events)
                    if kind == "grid_pdf":
                        rota_grid.write_rota_grid_pdf(Path(path), grids, printed_on=store.today())
                    else:
                        rota_grid.write_rota_grid_xlsx(Path(path), grids, printed_on=store.today())
                elif kind == "pdf":
                    from desk_app.reports.rota_pdf import write_rota_pdf

                    write_rota_pdf(
                        Path(path),
                        rows,
                        period_label=label,
                        fallback_station=station,
                        printed_on=store.today(),
                    )
                else:
                    from desk_app.reports.rota_xlsx import write_rota_xlsx

                    write_rota_xlsx(Path(path), rows, period_label=label, fallback_station=station)
            except (CjkFontMissing, OSError) as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._document_done(path, exc)).failure(
            self.show_failure
        ).run()

    def _document_done(self, path: str, exc: Exception | None) -> None:
        if exc is not None:
            self.rota_banner.show_message(file_problem_text(exc), ok=False)
            return
        self.rota_banner.show_message(self.tr("Written: %1").replace("%1", path))
        self.document_written.emit(path)
