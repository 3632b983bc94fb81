"""The deputy roster (代表名册): every roster field, editing by hand, unavailable dates, and the
Excel template and import.

An import reads the whole file on the database thread first. A file with bad rows imports
nothing: a dialog lists every bad row as 第N行 [列] 问题, and the clerk either fixes the file or
chooses to import only the good rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.permissions import Action, permits
from desk_app.domain.validation import MAX_NAME_CHARS
from desk_app.domain.vocab import DeputyLevel
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.rota_records import DeputyProfile, RosterImportResult, UnavailableInfo
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_open_file, choose_save_file
from desk_app.ui.kit.labels import label_of
from desk_app.ui.kit.limits import guard_length, too_long_texts
from desk_app.ui.kit.tables import ProblemTable, RecordTableModel, record_table, selected_record
from desk_app.ui.kit.widgets import (
    INVALID_STYLE,
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

ALL_DAYS = (date(1900, 1, 1), date(2999, 12, 31))


class DeputyDialog(QDialog):
    """Add or edit one deputy; every field problem is shown under its field at once."""

    saved = Signal(object)  # DeputyProfile

    def __init__(
        self, session: DeskSession, deputy: DeputyProfile | None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self._session = session
        self.deputy = deputy
        self.setWindowTitle(self.tr("New deputy") if deputy is None else self.tr("Edit deputy"))
        self.errors = FieldErrors(
            too_long_texts({"name": MAX_NAME_CHARS, "constituency": 100, "work_unit": 100, "expertise": 100})
        )
        self.banner = Banner()
        self.name_edit = QLineEdit()
        self.name_edit.setObjectName("nameEdit")
        self.level_combo = QComboBox()
        self.level_combo.setObjectName("levelCombo")
        items: list[tuple[str, object]] = [(self.tr("Choose a level"), "")]
        items += [(label_of(DeputyLevel, level.value), level.value) for level in DeputyLevel]
        if deputy is not None and deputy.level and deputy.level not in set(DeputyLevel):
            items.append((deputy.level, deputy.level))  # typed by hand in an older directory
        fill_combo(self.level_combo, items, deputy.level if deputy else "")
        self.constituency_edit = QLineEdit()
        self.work_unit_edit = QLineEdit()
        self.expertise_edit = QLineEdit()
        self.phone_edit = QLineEdit()
        self.phone_edit.setObjectName("phoneEdit")
        self.active_check = QCheckBox(self.tr("In office (can be put on the rota)"))
        self.active_check.setChecked(True)
        form = QFormLayout()
        for label, field, widget in (
            (self.tr("Name"), "name", self.name_edit),
            (self.tr("Level"), "level", self.level_combo),
            (self.tr("Constituency"), "constituency", self.constituency_edit),
            (self.tr("Work unit"), "work_unit", self.work_unit_edit),
            (self.tr("Expertise"), "expertise", self.expertise_edit),
            (self.tr("Phone"), "phone", self.phone_edit),
        ):
            form.addRow(label, with_error(widget, self.errors.add(field, widget)))
        form.addRow("", self.active_check)
        self.errors.clear_on("name", self.name_edit.textChanged)
        self.errors.clear_on("phone", self.phone_edit.textChanged)
        self.errors.clear_on("level", self.level_combo.currentIndexChanged)
        # Too long is said under the field and refused by the store, never cut (kit/limits.py);
        # after clear_on, which clears the line at each change.
        guard_length(self.name_edit, MAX_NAME_CHARS, self.errors, "name")
        for field, edit in (
            ("constituency", self.constituency_edit),
            ("work_unit", self.work_unit_edit),
            ("expertise", self.expertise_edit),
        ):
            guard_length(edit, 100, self.errors, field)
        if deputy is not None:
            self.name_edit.setText(deputy.name)
            self.constituency_edit.setText(deputy.constituency)
            self.work_unit_edit.setText(deputy.work_unit)
            self.expertise_edit.setText(deputy.expertise)
            self.phone_edit.setText(deputy.phone)
            self.active_check.setChecked(deputy.active)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.banner)
        box.addLayout(form)
        box.addWidget(buttons)
        self.resize(460, self.sizeHint().height())

    def submit(self) -> None:
        self.errors.clear()
        values = dict(
            name=self.name_edit.text(),
            level=self.level_combo.currentData() or "",
            constituency=self.constituency_edit.text(),
            work_unit=self.work_unit_edit.text(),
            expertise=self.expertise_edit.text(),
            phone=self.phone_edit.text(),
            active=self.active_check.isChecked(),
        )
        store, by = self._session.store, self._session.operator.id
        deputy_id = self.deputy.id if self.deputy else None
        self.save_button.setEnabled(False)
        DbOp(lambda: store.save_deputy_profile(by=by, deputy_id=deputy_id, **values), parent=self).success(
            self._saved
        ).failure(self._failed).always(self._done).run()

    def _done(self) -> None:
        self.save_button.setEnabled(True)

    def _saved(self, profile: DeputyProfile) -> None:
        self.saved.emit(profile)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.errors.show(exc.errors)
        else:
            self.banner.show_message(describe_error(exc), ok=False)


class UnavailableDialog(QDialog):
    """The dates a deputy cannot be on duty (leave, meetings, illness): a simple list."""

    changed = Signal()

    def __init__(self, session: DeskSession, deputy: DeputyProfile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.deputy = deputy
        self.setWindowTitle(self.tr("Unavailable dates of %1").replace("%1", deputy.name))
        self.banner = Banner()
        self.date_list = QListWidget()
        self.date_list.setObjectName("unavailableList")
        self.date_edit = QDateEdit()
        self.date_edit.setObjectName("unavailableDate")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(qdate(session.store.today()))
        self.note_edit = QLineEdit()
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText(self.tr("Reason (optional), e.g. attending a meeting"))
        self.add_button = QPushButton(self.tr("Add the date"))
        self.add_button.setObjectName("addDate")
        self.remove_button = QPushButton(self.tr("Remove the chosen date"))
        self.remove_button.setObjectName("removeDate")
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addWidget(self.date_edit)
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.add_button)
        box = QVBoxLayout(self)
        box.addWidget(hint(self.tr("The rota never puts the deputy on duty on these dates.")))
        box.addWidget(self.banner)
        box.addWidget(self.date_list, 1)
        box.addLayout(row)
        bottom = QHBoxLayout()
        bottom.addWidget(self.remove_button)
        bottom.addStretch(1)
        bottom.addWidget(close)
        box.addLayout(bottom)
        self.add_button.clicked.connect(self.add_date)
        self.remove_button.clicked.connect(self.remove_date)
        self.resize(480, 380)
        self.load()

    def load(self) -> None:
        store, deputy_id = self._session.store, self.deputy.id
        DbOp(
            lambda: [u for u in store.unavailable(*ALL_DAYS) if u.deputy_id == deputy_id], parent=self
        ).success(self._show).failure(self._failed).run()

    def _show(self, rows: list[UnavailableInfo]) -> None:
        self.date_list.clear()
        for u in rows:
            item = QListWidgetItem(f"{u.day.isoformat()}　{u.note}".rstrip())
            item.setData(Qt.ItemDataRole.UserRole, u.day)
            self.date_list.addItem(item)
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def dates(self) -> list[date]:
        return [self.date_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.date_list.count())]

    def add_date(self) -> None:
        day, note = pydate(self.date_edit.date()), self.note_edit.text()
        store, by, deputy_id = self._session.store, self._session.operator.id, self.deputy.id
        DbOp(lambda: store.set_unavailable(deputy_id, [day], by=by, note=note), parent=self).success(
            lambda _r: self.load()
        ).failure(self._failed).run()

    def remove_date(self) -> None:
        item = self.date_list.currentItem()
        if item is None:
            return
        day = item.data(Qt.ItemDataRole.UserRole)
        store, by, deputy_id = self._session.store, self._session.operator.id, self.deputy.id
        DbOp(lambda: store.clear_unavailable(deputy_id, [day], by=by), parent=self).success(
            lambda _r: self.load()
        ).failure(self._failed).run()


class ImportProblemsDialog(QDialog):
    """Every bad row of a roster file; nothing is imported unless the clerk takes the good rows."""

    def __init__(self, errors: list, good_rows: int, parent: QWidget | None = None) -> None:  # type: ignore[type-arg]
        super().__init__(parent)
        self.setWindowTitle(self.tr("Problems in the roster file"))
        bad = len({e.row for e in errors})
        text = self.tr("%1 rows have problems, so nothing was imported. Fix the file and import it again")
        text = text.replace("%1", str(bad))
        if good_rows:
            text += self.tr(", or import only the %1 good rows.").replace("%1", str(good_rows))
        else:
            text += self.tr(". No row of the file is correct.")
        self.summary = hint(text)
        self.summary.setObjectName("importSummary")
        self.table = ProblemTable([(e.row, e.column, e.message) for e in errors])
        self.table.setObjectName("importErrors")
        buttons = QDialogButtonBox()
        self.import_none_button = buttons.addButton(
            self.tr("Import nothing"), QDialogButtonBox.ButtonRole.RejectRole
        )
        self.import_none_button.setObjectName("importNone")
        self.import_good_button = buttons.addButton(
            self.tr("Import only the good rows"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.import_good_button.setObjectName("importGood")
        self.import_good_button.setVisible(good_rows > 0)
        self.import_none_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        box = QVBoxLayout(self)
        box.addWidget(self.summary)
        box.addWidget(self.table, 1)
        box.addWidget(buttons)
        self.resize(640, 420)


class RosterPanel(QWidget):
    loaded = Signal()
    imported = Signal(object)  # RosterImportResult
    import_checked = Signal(object)  # the RosterRead, before anything is written
    template_written = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rosterPanel")
        self._session = session
        self.dialog: QDialog | None = None
        # Tests and the lead may replace these to bypass the file dialogs.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        self.choose_open_path: Callable[[str, str], str] = lambda title, flt: choose_open_file(
            self, title, flt
        )

        self.banner = Banner()
        self.banner.setObjectName("rosterBanner")
        self.show_inactive = QCheckBox(self.tr("Show deputies no longer in office"))
        self.add_button = QPushButton(self.tr("Add…"))
        self.add_button.setObjectName("addDeputy")
        self.edit_button = QPushButton(self.tr("Edit…"))
        self.edit_button.setObjectName("editDeputy")
        self.active_button = QPushButton(self.tr("In office / not in office"))
        self.active_button.setObjectName("toggleActive")
        self.unavailable_button = QPushButton(self.tr("Unavailable dates…"))
        self.unavailable_button.setObjectName("unavailableDates")
        self.template_button = QPushButton(self.tr("Write template…"))
        self.template_button.setObjectName("writeTemplate")
        self.import_button = QPushButton(self.tr("Import…"))
        self.import_button.setObjectName("importRoster")
        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.active_button, self.unavailable_button):
            bar.addWidget(b)
        bar.addStretch(1)
        bar.addWidget(self.template_button)
        bar.addWidget(self.import_button)
        # The roster is kept by the office; a duty deputy reads it.
        self.may_change = permits(session.operator.role, Action.DIRECTORIES)
        for b in (self.add_button, self.edit_button, self.active_button, self.import_button):
            b.setVisible(self.may_change)
        self.unavailable_button.setVisible(permits(session.operator.role, Action.ROTA))

        yes, no = self.tr("Yes"), self.tr("No")
        self.model = RecordTableModel(
            [
                (self.tr("Name"), lambda p: p.name),
                (self.tr("Level"), lambda p: label_of(DeputyLevel, p.level)),
                (self.tr("Constituency"), lambda p: p.constituency),
                (self.tr("Work unit"), lambda p: p.work_unit),
                (self.tr("Expertise"), lambda p: p.expertise),
                (self.tr("Phone"), lambda p: p.phone),
                (self.tr("In office"), lambda p: yes if p.active else no),
            ],
            self,
            background=lambda p: None if p.active else "#eeeeee",
        )
        self.view = record_table(self.model, "rosterTable")
        self.view.doubleClicked.connect(lambda _i: self.edit_selected() if self.may_change else None)
        self.count_label = hint("")

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Deputy roster")))
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.show_inactive)
        bottom.addStretch(1)
        bottom.addWidget(self.count_label)
        layout.addLayout(bottom)

        self.show_inactive.toggled.connect(lambda _c: self.refresh())
        self.add_button.clicked.connect(lambda: self._open_deputy(None))
        self.edit_button.clicked.connect(self.edit_selected)
        self.active_button.clicked.connect(self.toggle_active)
        self.unavailable_button.clicked.connect(self.open_unavailable)
        self.template_button.clicked.connect(self.write_template)
        self.import_button.clicked.connect(self.import_roster)
        self.refresh()

    # -- the list -------------------------------------------------------------------------------

    def refresh(self) -> None:
        store, everyone = self._session.store, self.show_inactive.isChecked()
        DbOp(lambda: store.deputy_profiles(include_inactive=everyone), parent=self).success(
            self._show
        ).failure(self._failed).run()

    def _show(self, rows: list[DeputyProfile]) -> None:
        keep = selected_record(self.view)
        self.model.set_rows(rows)
        if keep is not None:
            for i, p in enumerate(rows):
                if p.id == keep.id:
                    self.view.selectRow(i)
        self.count_label.setText(self.tr("%1 deputies").replace("%1", str(len(rows))))
        self.loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def _changed(self) -> None:
        self._session.events.directory_changed.emit("deputy")
        self.refresh()

    def _selected(self) -> DeputyProfile | None:
        deputy = selected_record(self.view)
        if deputy is None:
            self.banner.show_message(self.tr("Choose a deputy in the list first."), ok=False)
        return deputy

    def _set_dialog(self, dialog: QDialog) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog

    # -- editing --------------------------------------------------------------------------------

    def _open_deputy(self, deputy: DeputyProfile | None) -> None:
        dialog = DeputyDialog(self._session, deputy, self)
        dialog.saved.connect(
            lambda p: (self.banner.show_message(self.tr("Saved: %1").replace("%1", p.name)), self._changed())
        )
        self._set_dialog(dialog)
        dialog.open()

    def edit_selected(self) -> None:
        deputy = self._selected()
        if deputy is not None:
            self._open_deputy(deputy)

    def toggle_active(self) -> None:
        p = self._selected()
        if p is None:
            return
        store, by = self._session.store, self._session.operator.id
        DbOp(
            lambda: store.save_deputy_profile(
                by=by,
                deputy_id=p.id,
                name=p.name,
                level=p.level,
                constituency=p.constituency,
                work_unit=p.work_unit,
                expertise=p.expertise,
                phone=p.phone,
                active=not p.active,
            ),
            parent=self,
        ).success(lambda _r: self._changed()).failure(self._toggle_failed).run()

    def _toggle_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):  # an old entry with a level typed by hand: edit it first
            self.banner.show_message(
                self.tr("This entry needs correcting first: open it with Edit."), ok=False
            )
        else:
            self._failed(exc)

    def open_unavailable(self) -> None:
        deputy = self._selected()
        if deputy is None:
            return
        dialog = UnavailableDialog(self._session, deputy, self)
        self._set_dialog(dialog)
        dialog.open()

    # -- template and import --------------------------------------------------------------------

    def write_template(self) -> None:
        path = self.choose_save_path(
            self.tr("Write the roster template"),
            self.tr("Deputy roster.xlsx"),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return

        def write() -> OSError | None:
            from desk_app.reports.roster_xlsx import write_template

            try:
                write_template(Path(path))
            except OSError as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._template_done(path, exc)).failure(
            self._failed
        ).run()

    def _template_done(self, path: str, exc: OSError | None) -> None:
        if exc is not None:
            self.banner.show_message(
                self.tr("The file could not be written: %1").replace("%1", str(exc)), ok=False
            )
            return
        self.banner.show_message(
            self.tr("Template written: %1. Fill in one deputy per row, then import it.").replace("%1", path)
        )
        self.template_written.emit(path)

    def import_roster(self) -> None:
        path = self.choose_open_path(self.tr("Import the deputy roster"), self.tr("Excel files (*.xlsx)"))
        if not path:
            return
        from desk_app.reports.roster_xlsx import read_roster

        self.import_button.setEnabled(False)
        DbOp(lambda: read_roster(Path(path)), parent=self).success(self._checked).failure(
            self._failed
        ).always(self._import_done).run()

    def _import_done(self) -> None:
        self.import_button.setEnabled(True)

    def _checked(self, read) -> None:  # type: ignore[no-untyped-def]
        self.import_checked.emit(read)
        if read.file_error:
            self.banner.show_message(read.file_error, ok=False)
            return
        entries = [entry for _row, entry in read.entries]
        if not read.errors:
            self._apply(entries, skipped=0)
            return
        dialog = ImportProblemsDialog(read.errors, len(entries), self)
        dialog.accepted.connect(lambda: self._apply(entries, skipped=len(read.bad_rows)))
        dialog.rejected.connect(
            lambda: self.banner.show_message(
                self.tr("Nothing was imported. Fix the rows listed and import the file again."), ok=False
            )
        )
        self._set_dialog(dialog)
        dialog.open()

    def _apply(self, entries: list, skipped: int) -> None:  # type: ignore[type-arg]
        store, by = self._session.store, self._session.operator.id
        DbOp(lambda: store.import_roster(entries, by=by), parent=self).success(
            lambda result: self._imported(result, skipped)
        ).failure(self._failed).run()

    def _imported(self, result: RosterImportResult, skipped: int) -> None:
        text = (
            self.tr("Imported: %1 added, %2 updated, %3 unchanged.")
            .replace("%1", str(result.added))
            .replace("%2", str(result.updated))
            .replace("%3", str(result.unchanged))
        )
        if skipped:
            text += " " + self.tr("%1 rows with problems were left out.").replace("%1", str(skipped))
        self.banner.show_message(text)
        self.imported.emit(result)
        self._changed()
