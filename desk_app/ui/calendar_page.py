"""The office's holiday calendar (节假日安排), a page of 目录 for those who keep it (Action.CALENDAR).

Each year the State Council publishes the holidays and the weekends made working days (调休).
The clerk chooses the year, types the days (add, edit, remove) or imports the notice as a small
table (desk_app.reports.calendar_table, the same reader as `desk-app calendar import`), then
saves: the year's office days become exactly the table's, and the page lists the slip
deadlines that moved (those that were estimated, now counted on the new calendar).

The page says which is the last year the desk knows, and in December warns when next year's
notice is not in yet (every deadline running into it is then an estimate).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, WorkCalendar
from desk_app.storage.records import CalendarApplied
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_open_file, choose_save_file, file_problem_text
from desk_app.ui.kit.labels import label
from desk_app.ui.kit.tables import ProblemTable
from desk_app.ui.kit.widgets import WARNING_COLOUR, Banner, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

# By the codes of desk_app.reports.calendar_table's CalendarProblem and FileProblem (that module,
# which loads openpyxl, is imported only when a file is read or written: start-up time).
_CALENDAR_PROBLEMS = {
    "bad_date": QT_TRANSLATE_NOOP("CalendarPage", "The date cannot be read: write it as 2027-01-01"),
    "wrong_year": QT_TRANSLATE_NOOP("CalendarPage", "The date is not in the year being imported"),
    "bad_kind": QT_TRANSLATE_NOOP(
        "CalendarPage", "The kind can only be 放假 (day off) or 上班 (working day)"
    ),
    "bad_name": QT_TRANSLATE_NOOP(
        "CalendarPage", "Not a holiday name: 元旦, 春节, 清明节, 劳动节, 端午节, 中秋节, 国庆节 or 其他"
    ),
    "duplicate": QT_TRANSLATE_NOOP("CalendarPage", "This day is already in an earlier row"),
}
_FILE_PROBLEMS = {
    "unreadable": QT_TRANSLATE_NOOP(
        "CalendarPage", "The file cannot be read: use an Excel .xlsx file or a UTF-8 .csv file."
    ),
    "empty": QT_TRANSLATE_NOOP(
        "CalendarPage", "The file is empty: its first row must be the headings (日期, 类型, 节日)."
    ),
    "missing_columns": QT_TRANSLATE_NOOP(
        "CalendarPage", "The headings lack a required column: 日期 (date) and 类型 (kind)."
    ),
}


if TYPE_CHECKING:
    from desk_app.reports.calendar_table import CalendarRead


def _tr(text: str) -> str:
    return QCoreApplication.translate("CalendarPage", text)


class DayDialog(QDialog):
    """One day of the notice: its date (in the year), day off or working day, and its holiday."""

    def __init__(self, year: int, day: OfficeDay | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarDayDialog")
        self.setWindowTitle(self.tr("A day of the notice"))
        self.date_edit = QDateEdit(qdate(day.day if day else date(year, 1, 1)))
        self.date_edit.setObjectName("dayDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDateRange(qdate(date(year, 1, 1)), qdate(date(year, 12, 31)))
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("dayKind")
        for kind in DayKind:
            self.kind_combo.addItem(label(kind), kind.value)
        self.name_combo = QComboBox()
        self.name_combo.setObjectName("dayName")
        for name in HolidayName:
            self.name_combo.addItem(label(name), name.value)
        if day is not None:
            self.kind_combo.setCurrentIndex(self.kind_combo.findData(day.kind.value))
            self.name_combo.setCurrentIndex(self.name_combo.findData(day.name.value))
        form = QFormLayout(self)
        form.addRow(self.tr("Date:"), self.date_edit)
        form.addRow(self.tr("Day off or working day:"), self.kind_combo)
        form.addRow(self.tr("Holiday:"), self.name_combo)
        form.addRow(
            "",
            hint(
                self.tr(
                    "A weekend made a working day (调休上班) is a working day of the holiday it makes up for."
                )
            ),
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("okButton")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def office_day(self) -> OfficeDay:
        return OfficeDay(
            pydate(self.date_edit.date()),
            DayKind(self.kind_combo.currentData()),
            HolidayName(self.name_combo.currentData()),
        )


class CalendarPage(QWidget):
    loaded = Signal()
    # The year was saved; the argument is the store's CalendarApplied.
    saved = Signal(object)
    # A file was read into the table (ok or not).
    imported = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendarPage")
        self._session = session
        self._requested = False
        self.days: list[OfficeDay] = []
        self.dirty = False
        self.calendar: WorkCalendar | None = None
        self.dialog: DayDialog | None = None
        # Tests and the lead may replace these to bypass the file dialogs.
        self.choose_open_path: Callable[[str, str], str] = lambda title, flt: choose_open_file(
            self, title, flt
        )
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        today = session.store.today()

        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("calendarYear")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(today.year)
        self.known_label = QLabel()
        self.known_label.setObjectName("knownYears")
        self.known_label.setWordWrap(True)
        self.warning_label = QLabel()
        self.warning_label.setObjectName("nextYearWarning")
        self.warning_label.setWordWrap(True)
        self.warning_label.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")
        self.warning_label.setVisible(False)
        self.source_label = hint("")
        self.source_label.setObjectName("yearSource")
        self.banner = Banner(self)

        self.table = QTableWidget(0, 3)
        self.table.setObjectName("calendarTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Day off or working day"), self.tr("Holiday")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.problems: ProblemTable | None = None
        self.problems_box = QVBoxLayout()
        self.moved_label = QLabel()
        self.moved_label.setObjectName("movedDeadlines")
        self.moved_label.setWordWrap(True)
        self.moved_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.moved_label.setVisible(False)

        self.add_button = QPushButton(self.tr("Add a day…"))
        self.add_button.setObjectName("addDay")
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editDay")
        self.remove_button = QPushButton(self.tr("Remove"))
        self.remove_button.setObjectName("removeDay")
        self.import_button = QPushButton(self.tr("Import the notice…"))
        self.import_button.setObjectName("importCalendar")
        self.template_button = QPushButton(self.tr("Write the table…"))
        self.template_button.setObjectName("calendarTemplate")
        self.discard_button = QPushButton(self.tr("Discard changes"))
        self.discard_button.setObjectName("discardCalendar")
        self.save_button = QPushButton(self.tr("Save the year"))
        self.save_button.setObjectName("saveCalendar")
        self.save_button.setDefault(True)

        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Year:")))
        top.addWidget(self.year_spin)
        top.addWidget(self.known_label, 1)
        edits = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            edits.addWidget(b)
        edits.addStretch(1)
        edits.addWidget(self.import_button)
        edits.addWidget(self.template_button)
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.discard_button)
        actions.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Holiday calendar")))
        layout.addWidget(
            hint(
                self.tr(
                    "The holidays and the weekends made working days of the State Council's notice. Deadlines, the "
                    "rota and the studio days count on them. Type the days or import the notice as a table "
                    "(date, kind, holiday: the template's columns), then save the year."
                )
            )
        )
        layout.addLayout(top)
        layout.addWidget(self.warning_label)
        layout.addWidget(self.banner)
        layout.addWidget(self.source_label)
        layout.addWidget(self.table, 1)
        layout.addLayout(self.problems_box)
        layout.addLayout(edits)
        layout.addWidget(self.moved_label)
        layout.addLayout(actions)

        self.year_spin.valueChanged.connect(lambda _y: self.reload())
        self.discard_button.clicked.connect(lambda: self.reload())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit_day())
        self.add_button.clicked.connect(self.add_day)
        self.edit_button.clicked.connect(self.edit_day)
        self.remove_button.clicked.connect(self.remove_day)
        self.import_button.clicked.connect(self.import_file)
        self.template_button.clicked.connect(self.write_table)
        self.save_button.clicked.connect(self.save)
        self._update_buttons()

    @property
    def year(self) -> int:
        return self.year_spin.value()

    # -- loading -------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self._requested:
            self.reload()

    def reload(self, keep_message: bool = False) -> None:
        """The year's office days as saved (what was typed and not saved is dropped)."""
        self._requested = True
        if not keep_message:
            self.banner.setVisible(False)
            self.moved_label.setVisible(False)
        store, year = self._session.store, self.year
        DbOp(lambda: (store.office_days(year), store.work_calendar()), parent=self).success(
            lambda result: self._loaded(year, *result)
        ).failure(lambda exc: self.banner.show_message(describe_error(exc), ok=False)).run()

    def _loaded(self, year: int, days: list[OfficeDay], calendar: WorkCalendar) -> None:
        if year != self.year:
            return  # another year was chosen meanwhile; its answer follows
        self.calendar = calendar
        self._set_days(days, dirty=False)
        self._clear_problems()
        self._show_known()
        self.loaded.emit()

    def _show_known(self) -> None:
        calendar = self.calendar or WorkCalendar()
        last = calendar.last_known_year
        self.known_label.setText(self.tr("The desk knows the holidays up to %1.").replace("%1", str(last)))
        today = self._session.store.today()
        unknown_next = today.month == 12 and not calendar.is_known_year(today.year + 1)
        self.warning_label.setText(
            self.tr(
                "Next year's holidays (%1) are not known yet: deadlines running into it are estimated. Enter the "
                "State Council's notice here as soon as it is published."
            ).replace("%1", str(today.year + 1))
        )
        self.warning_label.setVisible(unknown_next)
        if self.days:
            self.source_label.setText(
                self.tr("The office's days of %1, as entered.").replace("%1", str(self.year))
            )
        elif calendar.is_known_year(self.year):
            self.source_label.setText(
                self.tr(
                    "The office has entered no days for %1: the desk follows the holiday package's copy of the notice. "
                    "Enter days only to correct it."
                ).replace("%1", str(self.year))
            )
        else:
            self.source_label.setText(
                self.tr(
                    "Nobody has entered %1 yet: the desk estimates it from the statutory holidays, without the swapped "
                    "workdays. Enter the notice when it is published."
                ).replace("%1", str(self.year))
            )

    def _set_days(self, days: list[OfficeDay], dirty: bool) -> None:
        self.days = sorted(days, key=lambda d: d.day)
        self.dirty = dirty
        self.table.setRowCount(len(self.days))
        for r, d in enumerate(self.days):
            for c, text in enumerate((d.day.isoformat(), label(d.kind), label(d.name))):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.current_row() is not None
        self.edit_button.setEnabled(selected)
        self.remove_button.setEnabled(selected)
        # A year with unsaved changes is saved or discarded before another is shown.
        self.year_spin.setEnabled(not self.dirty)
        self.discard_button.setVisible(self.dirty)
        self.save_button.setEnabled(self.dirty)

    def current_row(self) -> int | None:
        r = self.table.currentRow()
        return r if self.table.selectedItems() and 0 <= r < len(self.days) else None

    # -- editing -------------------------------------------------------------------------------

    def add_day(self) -> DayDialog:
        return self._open_day(None)

    def edit_day(self) -> DayDialog | None:
        r = self.current_row()
        return self._open_day(r) if r is not None else None

    def _open_day(self, row: int | None) -> DayDialog:
        dialog = DayDialog(self.year, self.days[row] if row is not None else None, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._day_done(row, dialog.office_day()))
        dialog.destroyed.connect(lambda *_: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def _day_done(self, row: int | None, day: OfficeDay) -> None:
        days = [d for i, d in enumerate(self.days) if i != row and d.day != day.day]
        self._set_days(days + [day], dirty=True)

    def remove_day(self) -> None:
        r = self.current_row()
        if r is not None:
            self._set_days([d for i, d in enumerate(self.days) if i != r], dirty=True)

    # -- the notice as a file --------------------------------------------------------------------

    def import_file(self) -> None:
        path = self.choose_open_path(
            self.tr("Import the holiday notice"),
            self.tr("Tables (*.xlsx *.csv);;Excel files (*.xlsx);;CSV files (*.csv)"),
        )
        if not path:
            return
        year = self.year

        def read() -> object:
            from desk_app.reports.calendar_table import read_calendar

            return read_calendar(Path(path), year)

        DbOp(read, parent=self).success(self._file_read).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _file_read(self, read: CalendarRead) -> None:
        self._clear_problems()
        if read.file_problem is not None:
            self.banner.show_message(_tr(_FILE_PROBLEMS[read.file_problem]), ok=False)
        elif read.errors:
            rows = len({e.row for e in read.errors})
            self.banner.show_message(
                self.tr(
                    "%1 rows of the file have problems, so none of it was taken. Fix them "
                    "and import the file again."
                ).replace("%1", str(rows)),
                ok=False,
            )
            self.problems = ProblemTable(
                [(e.row, e.column, _tr(_CALENDAR_PROBLEMS[e.problem])) for e in read.errors]
            )
            self.problems.setObjectName("calendarProblems")
            self.problems_box.addWidget(self.problems)
        elif not read.days:
            self.banner.show_message(
                self.tr("The file has no day of %1.").replace("%1", str(self.year)), ok=False
            )
        else:
            self._set_days(read.office_days, dirty=True)
            self.banner.show_message(
                self.tr("%1 days read from the file. Check them, then save the year.").replace(
                    "%1", str(len(read.days))
                )
            )
        self.imported.emit()

    def _clear_problems(self) -> None:
        if self.problems is not None:
            self.problems.deleteLater()
            self.problems = None

    def write_table(self) -> None:
        path = self.choose_save_path(
            self.tr("Write the holiday table"),
            self.tr("Holidays %1.xlsx").replace("%1", str(self.year)),
            self.tr("Excel files (*.xlsx);;CSV files (*.csv)"),
        )
        if not path:
            return
        if not path.lower().endswith((".xlsx", ".csv")):
            path += ".xlsx"
        year, days = self.year, list(self.days)

        def write() -> Exception | None:
            from desk_app.reports.calendar_table import write_template

            try:
                write_template(Path(path), year, days)
            except OSError as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._table_written(path, exc)).run()

    def _table_written(self, path: str, exc: Exception | None) -> None:
        if exc is not None:
            self.banner.show_message(file_problem_text(exc), ok=False)
        else:
            self.banner.show_message(self.tr("Written: %1").replace("%1", path))

    # -- saving --------------------------------------------------------------------------------

    def save(self) -> None:
        store, year, days, by = self._session.store, self.year, list(self.days), self._session.operator.id
        self.save_button.setEnabled(False)
        DbOp(lambda: store.set_calendar_year(year, days, by=by), parent=self).success(self._saved).failure(
            self._save_failed
        ).always(self._update_buttons).run()

    def _save_failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def _saved(self, applied: CalendarApplied) -> None:
        self.dirty = False
        self.banner.show_message(
            self.tr("%1 saved: %2 days set, %3 removed.")
            .replace("%1", str(applied.year))
            .replace("%2", str(applied.days_set))
            .replace("%3", str(applied.days_removed))
        )
        if applied.moved:
            lines = [
                self.tr("Slip %1: %2 → %3")
                .replace("%1", m.serial)
                .replace("%2", m.old_due.isoformat())
                .replace("%3", m.new_due.isoformat())
                for m in applied.moved
            ]
            self.moved_label.setText(
                self.tr("%1 slip deadlines moved:").replace("%1", str(len(applied.moved)))
                + "\n"
                + "\n".join(lines)
            )
        else:
            self.moved_label.setText(self.tr("No slip deadline moved."))
        self.moved_label.setVisible(True)
        for reception_id in dict.fromkeys(m.reception_id for m in applied.moved):
            self._session.events.case_changed.emit(reception_id)
        self.saved.emit(applied)
        self.reload(keep_message=True)
