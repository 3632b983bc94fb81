"""The directories (目录): handling units, categories, deputies, operators, the holiday calendar
and the audit trail.

Each directory is a table with Add / Edit / Deactivate buttons and an edit dialog. Entries are
never deleted, only deactivated: old cases still name them, and other desks may still refer to
them. Every change is announced on session.events.directory_changed so that the reception form
and the case screens refresh their choices.

What the signed-in operator's role does not allow (domain.permissions) is not offered: a duty
deputy reads the directories without changing them, the office resets duty deputies' PINs, the
administrator manages operators. The store checks every write again and its refusal is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain import pins
from desk_app.domain.permissions import Action, may_reset_pin, permits
from desk_app.domain.pins import pin_problem
from desk_app.domain.vocab import OperatorRole
from desk_app.storage.errors import DuplicateName, ValidationFailed, WeakPin
from desk_app.storage.records import OperatorInfo
from desk_app.ui.audit_trail import AuditTrailPage
from desk_app.ui.calendar_page import CalendarPage
from desk_app.ui.kit.labels import label, label_of
from desk_app.ui.kit.limits import guard_length, limit_text
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, PinEdit, hint, with_error
from desk_app.ui.messages import describe_error, pin_problem_text, show_problem
from desk_app.ui.ops import DbOp
from desk_app.ui.roster_panel import RosterPanel
from desk_app.ui.session import DeskSession


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the store's field code, so its ValidationFailed errors land on this field
    caption: str
    kind: str = "text"  # text | int | check | pin | role
    max_length: int = 100
    # For a role: the (text, value) pairs to offer (default: every role).
    choices: tuple[tuple[str, str], ...] = ()


class EntryDialog(QDialog):
    """Edits one directory entry; `save` runs in the background and may refuse with field errors."""

    saved = Signal(object)

    def __init__(
        self,
        title: str,
        fields: list[FieldSpec],
        values: dict[str, Any],
        save: Callable[[dict[str, Any]], Any],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("entryDialog")
        self.setWindowTitle(title)
        self.setStyleSheet(INVALID_STYLE)
        self.setMinimumWidth(460)
        self._save = save
        self._busy = False
        self._errors = FieldErrors()
        self.inputs: dict[str, QWidget] = {}
        self.pins = {spec.key for spec in fields if spec.kind == "pin"}
        self.specs = list(fields)
        form = QFormLayout(self)
        # A refusal that is not about one field (the last administrator, the operator's role).
        self.banner = Banner(self)
        form.addRow(self.banner)
        for spec in fields:
            widget = self._make(spec, values.get(spec.key))
            widget.setObjectName(spec.key)
            self.inputs[spec.key] = widget
            form.addRow(spec.caption, with_error(widget, self._errors.add(spec.key, widget)))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _make(self, spec: FieldSpec, value: Any) -> QWidget:
        if spec.kind == "check":
            box = QCheckBox()
            box.setChecked(True if value is None else bool(value))
            return box
        if spec.kind == "int":
            spin = QSpinBox()
            spin.setRange(0, 9999)
            spin.setValue(int(value or 0))
            return spin
        if spec.kind == "role":
            combo = QComboBox()
            for text, data in spec.choices or tuple((label(role), role.value) for role in OperatorRole):
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(value), 0))
            return combo
        if spec.kind == "pin":
            edit = PinEdit()
            edit.setMaxLength(32)
            self._errors.clear_on(spec.key, edit.textChanged)
            return edit
        edit = QLineEdit(str(value or ""))
        self._errors.clear_on(spec.key, edit.textChanged)
        # A long name pasted is kept whole and the limit said (kit/limits.py), never cut.
        guard_length(edit, spec.max_length, self._errors, spec.key)
        return edit

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, widget in self.inputs.items():
            if isinstance(widget, QCheckBox):
                result[key] = widget.isChecked()
            elif isinstance(widget, QSpinBox):
                result[key] = widget.value()
            elif isinstance(widget, QComboBox):
                result[key] = widget.currentData()
            elif isinstance(widget, QLineEdit):
                result[key] = widget.text()
        return result

    def error_text(self, field: str) -> str:
        return self._errors.text(field)

    def submit(self) -> None:
        if self._busy:
            return
        values = self.values()
        self._errors.clear()
        self.banner.setVisible(False)
        too_long = [
            spec
            for spec in self.specs
            if spec.kind == "text" and len(str(values.get(spec.key, "")).strip()) > spec.max_length
        ]
        for spec in too_long:
            self._errors.set(spec.key, limit_text(spec.max_length, len(str(values[spec.key]).strip())))
        if too_long:
            self.inputs[too_long[0].key].setFocus()
            return
        problem = pin_problem(values["secret"]) if "secret" in self.pins else None
        if problem is not None:
            # The PIN rules, said before anything is sent (the store checks them again).
            self._errors.set("secret", pin_problem_text(problem))
            self.inputs["secret"].setFocus()
            return
        if "secret_again" in values and values["secret"] != values["secret_again"]:
            self._errors.set(
                "secret_again", QCoreApplication.translate("Directories", "The two PINs are not the same.")
            )
            return
        self._busy = True
        self.save_button.setEnabled(False)
        DbOp(lambda: self._save(values), parent=self).success(self._done).failure(self._failed).always(
            self._idle
        ).run()

    def _idle(self) -> None:
        self._busy = False
        self.save_button.setEnabled(True)

    def _done(self, result: Any) -> None:
        self.saved.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self._errors.show(exc.errors)
        elif isinstance(exc, WeakPin) and "secret" in self.inputs:
            self._errors.clear()
            self._errors.set("secret", describe_error(exc))
            self.inputs["secret"].setFocus()
        elif isinstance(exc, DuplicateName):
            # The name is always the first field of a directory entry.
            first = next(iter(self.inputs))
            self._errors.clear()
            self._errors.set(first, describe_error(exc))
            self.inputs[first].setFocus()
        else:
            self.banner.show_message(describe_error(exc), ok=False)

    def banner_text(self) -> str:
        return self.banner.text.text() if self.banner.isVisible() else ""


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[Any], str]


class DirectorySection(QWidget):
    """One directory: a table of every entry (inactive ones greyed) and its buttons."""

    kind = ""  # the directory_changed argument
    editable = True
    action = Action.DIRECTORIES  # what changing this directory needs
    loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.rows: list[Any] = []
        self._loaded_once = False
        self._requested = False
        layout = QVBoxLayout(self)
        self.table = QTableWidget(0, len(self.columns()))
        self.table.setObjectName(f"{self.kind}Table")
        self.table.setHorizontalHeaderLabels([c.title for c in self.columns()])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # The name takes the spare width: it is what people read.
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setAlternatingRowColors(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.button_row = buttons
        self.add_button = QPushButton(QCoreApplication.translate("Directories", "Add…"))
        self.edit_button = QPushButton(QCoreApplication.translate("Directories", "Edit…"))
        self.toggle_button = QPushButton(QCoreApplication.translate("Directories", "Deactivate"))
        for b in (self.add_button, self.edit_button, self.toggle_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.edit_button.setVisible(self.editable)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit)
        self.toggle_button.clicked.connect(self.toggle_active)
        self.table.itemDoubleClicked.connect(
            lambda _i: self.edit() if self.editable and self.may_change else None
        )
        self.table.itemSelectionChanged.connect(self._selection_changed)
        # Changing the directory is for the office; a duty deputy reads it.
        self.may_change = permits(session.operator.role, self.action)
        for b in (self.add_button, self.edit_button, self.toggle_button):
            b.setVisible(self.may_change and (b is not self.edit_button or self.editable))
        self._selection_changed()
        session.events.directory_changed.connect(self._changed)

    # -- per directory ----------------------------------------------------------------------

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def fetch(self) -> list[Any]:
        raise NotImplementedError

    def fields(self, adding: bool) -> list[FieldSpec]:
        raise NotImplementedError

    def values_of(self, row: Any) -> dict[str, Any]:
        raise NotImplementedError

    def store_save(self, values: dict[str, Any], row: Any | None) -> Any:
        raise NotImplementedError

    def store_set_active(self, row: Any, active: bool) -> Any:
        values = self.values_of(row)
        values["active"] = active
        return self.store_save(values, row)

    def dialog_title(self, adding: bool) -> str:
        raise NotImplementedError

    # -- shared -------------------------------------------------------------------------------

    def ensure_loaded(self) -> None:
        if not self._requested:
            self.reload()

    def reload(self) -> None:
        self._requested = True
        DbOp(self.fetch, parent=self).success(self._fill).run()

    def _changed(self, kind: str) -> None:
        if kind == self.kind and self._requested:
            self.reload()

    def _fill(self, rows: list[Any]) -> None:
        selected = self.current()
        self.rows = rows
        self.table.setRowCount(len(rows))
        grey = QBrush(QColor("#888"))
        for r, row in enumerate(rows):
            for c, column in enumerate(self.columns()):
                item = QTableWidgetItem(column.value(row))
                if not row.active:
                    item.setForeground(grey)
                self.table.setItem(r, c, item)
            if selected is not None and row.id == selected.id:
                self.table.selectRow(r)
        self._loaded_once = True
        self._selection_changed()
        self.loaded.emit()

    def current(self) -> Any | None:
        r = self.table.currentRow()
        if not self.table.selectedItems() or not 0 <= r < len(self.rows):
            return None
        return self.rows[r]

    def _selection_changed(self) -> None:
        row = self.current()
        self.edit_button.setEnabled(row is not None)
        self.toggle_button.setEnabled(row is not None)
        self.toggle_button.setText(
            QCoreApplication.translate("Directories", "Reactivate")
            if row is not None and not row.active
            else QCoreApplication.translate("Directories", "Deactivate")
        )

    def _open_dialog(self, row: Any | None) -> EntryDialog:
        values = self.values_of(row) if row is not None else {}
        dialog = EntryDialog(
            self.dialog_title(row is None),
            self.fields(row is None),
            values,
            lambda v: self.store_save(v, row),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _r: self.session.events.directory_changed.emit(self.kind))
        dialog.open()
        return dialog

    def add(self) -> EntryDialog:
        return self._open_dialog(None)

    def edit(self) -> EntryDialog | None:
        row = self.current()
        return self._open_dialog(row) if row is not None and self.editable else None

    def toggle_active(self) -> None:
        row = self.current()
        if row is None:
            return
        DbOp(lambda: self.store_set_active(row, not row.active), parent=self).success(
            lambda _r: self.session.events.directory_changed.emit(self.kind)
        ).failure(self._show_refusal).run()

    def _show_refusal(self, exc: BaseException) -> None:
        show_problem(self, describe_error(exc))


def _active_text(row: Any) -> str:
    return (
        QCoreApplication.translate("Directories", "in use")
        if row.active
        else QCoreApplication.translate("Directories", "deactivated")
    )


class UnitsSection(DirectorySection):
    kind = "handling_unit"

    def columns(self) -> list[Column]:
        return [
            Column(QCoreApplication.translate("Directories", "Handling unit"), lambda u: u.name),
            Column(QCoreApplication.translate("Directories", "Contact person"), lambda u: u.contact_person),
            Column(QCoreApplication.translate("Directories", "Phone"), lambda u: u.phone),
            Column(QCoreApplication.translate("Directories", "Address"), lambda u: u.address),
            Column(QCoreApplication.translate("Directories", "Status"), _active_text),
        ]

    def fetch(self) -> list[Any]:
        return self.session.store.handling_units(include_inactive=True)

    def fields(self, adding: bool) -> list[FieldSpec]:
        return [
            FieldSpec("name", QCoreApplication.translate("Directories", "Name:")),
            FieldSpec(
                "contact_person", QCoreApplication.translate("Directories", "Contact person:"), max_length=50
            ),
            FieldSpec("phone", QCoreApplication.translate("Directories", "Phone:"), max_length=30),
            FieldSpec("address", QCoreApplication.translate("Directories", "Address:"), max_length=200),
            FieldSpec("active", QCoreApplication.translate("Directories", "In use:"), "check"),
        ]

    def values_of(self, row: Any) -> dict[str, Any]:
        return {
            "name": row.name,
            "contact_person": row.contact_person,
            "phone": row.phone,
            "address": row.address,
            "active": row.active,
        }

    def store_save(self, values: dict[str, Any], row: Any | None) -> Any:
        return self.session.store.save_handling_unit(
            by=self.session.operator.id, unit_id=row.id if row else None, **values
        )

    def dialog_title(self, adding: bool) -> str:
        return (
            QCoreApplication.translate("Directories", "New handling unit")
            if adding
            else QCoreApplication.translate("Directories", "Edit handling unit")
        )


class CategoriesSection(DirectorySection):
    kind = "category"

    def columns(self) -> list[Column]:
        return [
            Column(QCoreApplication.translate("Directories", "Category"), lambda c: c.name),
            Column(QCoreApplication.translate("Directories", "Order"), lambda c: str(c.sort_order)),
            Column(QCoreApplication.translate("Directories", "Status"), _active_text),
        ]

    def fetch(self) -> list[Any]:
        return self.session.store.categories(include_inactive=True)

    def fields(self, adding: bool) -> list[FieldSpec]:
        return [
            FieldSpec("name", QCoreApplication.translate("Directories", "Name:"), max_length=50),
            FieldSpec("sort_order", QCoreApplication.translate("Directories", "Order:"), "int"),
            FieldSpec("active", QCoreApplication.translate("Directories", "In use:"), "check"),
        ]

    def values_of(self, row: Any) -> dict[str, Any]:
        return {"name": row.name, "sort_order": row.sort_order, "active": row.active}

    def store_save(self, values: dict[str, Any], row: Any | None) -> Any:
        return self.session.store.save_category(
            by=self.session.operator.id, category_id=row.id if row else None, **values
        )

    def dialog_title(self, adding: bool) -> str:
        return (
            QCoreApplication.translate("Directories", "New category")
            if adding
            else QCoreApplication.translate("Directories", "Edit category")
        )


@dataclass(frozen=True)
class OperatorRow:
    """An operator with their wrong-PIN count and when they may try again (None: now)."""

    info: OperatorInfo
    failures: int
    next_try: datetime | None

    @property
    def id(self) -> str:
        return self.info.id

    @property
    def name(self) -> str:
        return self.info.name

    @property
    def role(self) -> str:
        return self.info.role

    @property
    def active(self) -> bool:
        return self.info.active


class OperatorsSection(DirectorySection):
    """Operators: added with a PIN, given a role, deactivated, their PIN reset; names and PINs
    are not edited here (each operator changes their own PIN from the Desk menu)."""

    kind = "operator"
    editable = False
    action = Action.OPERATORS

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        self.roles: list[str] = []
        super().__init__(session, parent)
        self.role_button = QPushButton(QCoreApplication.translate("Directories", "Change role…"))
        self.role_button.setObjectName("changeRoleButton")
        self.reset_button = QPushButton(QCoreApplication.translate("Directories", "Reset PIN…"))
        self.reset_button.setObjectName("resetPinButton")
        self.button_row.insertWidget(2, self.role_button)
        self.button_row.insertWidget(4, self.reset_button)
        self.role_button.setVisible(self.may_change)
        self.role_button.clicked.connect(self.change_role)
        self.reset_button.clicked.connect(self.reset_pin)
        self._selection_changed()

    def columns(self) -> list[Column]:
        return [
            Column(QCoreApplication.translate("Directories", "Operator"), lambda o: o.name),
            Column(
                QCoreApplication.translate("Directories", "Role"), lambda o: label_of(OperatorRole, o.role)
            ),
            Column(QCoreApplication.translate("Directories", "Status"), _active_text),
            Column(QCoreApplication.translate("Directories", "PIN status"), self.lock_text),
        ]

    def lock_text(self, row: OperatorRow) -> str:
        today = self.session.store.today()
        if row.next_try is not None:
            day = "" if row.next_try.date() == today else f"{row.next_try:%Y-%m-%d} "
            if pins.locked_after(row.failures):
                return QCoreApplication.translate("Directories", "Locked until %1").replace(
                    "%1", day + row.next_try.strftime("%H:%M")
                )
            return QCoreApplication.translate("Directories", "Must wait until %1").replace(
                "%1", day + row.next_try.strftime("%H:%M:%S")
            )
        if row.failures:
            return QCoreApplication.translate("Directories", "%1 wrong PINs in a row").replace(
                "%1", str(row.failures)
            )
        return ""

    def reload(self) -> None:
        self._requested = True
        store = self.session.store

        def fetch() -> tuple[list[OperatorRow], list[str]]:
            rows = [OperatorRow(o, *store.lock_state(o.id)) for o in store.operators(include_inactive=True)]
            return rows, store.assignable_roles()

        DbOp(fetch, parent=self).success(self._fetched).run()

    def _fetched(self, result: tuple[list[OperatorRow], list[str]]) -> None:
        rows, self.roles = result
        self._fill(rows)

    def _role_choices(self) -> tuple[tuple[str, str], ...]:
        return tuple((label_of(OperatorRole, r), r) for r in self.roles)

    def fields(self, adding: bool) -> list[FieldSpec]:
        return [
            FieldSpec("operator_name", QCoreApplication.translate("Directories", "Name:"), max_length=50),
            FieldSpec(
                "operator_role",
                QCoreApplication.translate("Directories", "Role:"),
                "role",
                choices=self._role_choices(),
            ),
            FieldSpec("secret", QCoreApplication.translate("Directories", "PIN:"), "pin"),
            FieldSpec("secret_again", QCoreApplication.translate("Directories", "PIN again:"), "pin"),
        ]

    def values_of(self, row: Any) -> dict[str, Any]:
        return {"operator_name": row.name, "operator_role": row.role}

    def store_save(self, values: dict[str, Any], row: Any | None) -> Any:
        return self.session.store.add_operator(
            by=self.session.operator.id,
            name=values["operator_name"],
            role=values["operator_role"],
            secret=values["secret"],
        )

    def dialog_title(self, adding: bool) -> str:
        return QCoreApplication.translate("Directories", "New operator")

    def store_set_active(self, row: Any, active: bool) -> Any:
        self.session.store.set_operator_active(by=self.session.operator.id, operator_id=row.id, active=active)

    def _selection_changed(self) -> None:
        super()._selection_changed()
        if not hasattr(self, "reset_button"):
            return  # called while the base class builds the table
        row = self.current()
        self.role_button.setEnabled(row is not None and row.active)
        # Shown only where the signed-in operator may reset this operator's PIN.
        self.reset_button.setVisible(row is not None and may_reset_pin(self.session.operator.role, row.role))

    def toggle_active(self) -> None:
        row = self.current()
        if row is not None and row.id == self.session.operator.id and row.active:
            show_problem(
                self,
                QCoreApplication.translate(
                    "Directories",
                    "You cannot deactivate yourself while signed in. Ask another operator to do it.",
                ),
            )
            return
        super().toggle_active()

    def _entry_dialog(
        self,
        title: str,
        fields: list[FieldSpec],
        values: dict[str, Any],
        save: Callable[[dict[str, Any]], Any],
    ) -> EntryDialog:
        dialog = EntryDialog(title, fields, values, save, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _r: self.session.events.directory_changed.emit(self.kind))
        dialog.open()
        return dialog

    def change_role(self) -> EntryDialog | None:
        row = self.current()
        if row is None:
            return None
        store, by = self.session.store, self.session.operator.id
        return self._entry_dialog(
            QCoreApplication.translate("Directories", "Role of %1").replace("%1", row.name),
            [
                FieldSpec(
                    "operator_role",
                    QCoreApplication.translate("Directories", "Role:"),
                    "role",
                    choices=self._role_choices(),
                )
            ],
            {"operator_role": row.role},
            lambda v: store.set_operator_role(by=by, operator_id=row.id, role=v["operator_role"]),
        )

    def reset_pin(self) -> EntryDialog | None:
        row = self.current()
        if row is None:
            return None
        store, by = self.session.store, self.session.operator.id
        return self._entry_dialog(
            QCoreApplication.translate("Directories", "New PIN for %1").replace("%1", row.name),
            [
                FieldSpec("secret", QCoreApplication.translate("Directories", "New PIN:"), "pin"),
                FieldSpec("secret_again", QCoreApplication.translate("Directories", "New PIN again:"), "pin"),
            ],
            {},
            lambda v: store.reset_pin(by=by, operator_id=row.id, new=v["secret"]),
        )


class DirectoriesPanel(QWidget):
    """The directories tab: a list of directories on the left, the chosen one on the right.

    Operators appear for those who manage them or reset duty deputies' PINs, the holiday calendar
    for those who keep it, the audit trail for those who may read it (domain.permissions)."""

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directoriesPanel")
        role = session.operator.role
        self.sections: dict[str, DirectorySection] = {
            "handling_unit": UnitsSection(session),
            "category": CategoriesSection(session),
        }
        if permits(role, Action.OPERATORS) or permits(role, Action.RESET_DEPUTY_PIN):
            self.sections["operator"] = OperatorsSection(session)
        # Deputies have a whole roster (levels, constituency, Excel import): its own panel.
        self.roster = RosterPanel(session)
        pages: dict[str, QWidget] = {
            "handling_unit": self.sections["handling_unit"],
            "category": self.sections["category"],
            "deputy": self.roster,
        }
        if "operator" in self.sections:
            pages["operator"] = self.sections["operator"]
        self.calendar: CalendarPage | None = None
        if permits(role, Action.CALENDAR):
            self.calendar = CalendarPage(session)
            pages["calendar"] = self.calendar
        self.audit: AuditTrailPage | None = None
        if permits(role, Action.AUDIT):
            self.audit = AuditTrailPage(session)
            pages["audit"] = self.audit
        self.pages = pages
        names = {
            "handling_unit": QCoreApplication.translate("Directories", "Handling units"),
            "category": QCoreApplication.translate("Directories", "Categories"),
            "deputy": QCoreApplication.translate("Directories", "Deputy roster"),
            "operator": QCoreApplication.translate("Directories", "Operators"),
            "calendar": QCoreApplication.translate("Directories", "Holiday calendar"),
            "audit": QCoreApplication.translate("Directories", "Audit trail"),
        }
        layout = QHBoxLayout(self)
        left = QVBoxLayout()
        self.chooser = QListWidget()
        self.chooser.setObjectName("directoryChooser")
        self.chooser.setMaximumWidth(200)
        font = self.chooser.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.15)
        self.chooser.setFont(font)
        self.chooser.setSpacing(4)
        self.stack = QStackedWidget()
        self._keys = list(pages)
        for key, page in pages.items():
            self.chooser.addItem(names[key])
            self.stack.addWidget(page)
        left.addWidget(self.chooser, 1)
        left.addWidget(
            hint(
                QCoreApplication.translate(
                    "Directories", "Entries are deactivated, never deleted: old cases keep their names."
                )
            )
        )
        layout.addLayout(left)
        layout.addWidget(self.stack, 1)
        self.chooser.currentRowChanged.connect(self._choose)
        self.chooser.setCurrentRow(0)

    def _choose(self, row: int) -> None:
        self.stack.setCurrentIndex(row)
        page = self.stack.currentWidget()
        # Load a page the first time it is looked at, not at start-up.
        ensure_loaded = getattr(page, "ensure_loaded", None)
        if ensure_loaded is not None and self.isVisible():
            ensure_loaded()

    def show_section(self, key: str) -> DirectorySection:
        self.chooser.setCurrentRow(self._keys.index(key))
        return self.sections[key]

    def show_page(self, key: str) -> QWidget:
        self.chooser.setCurrentRow(self._keys.index(key))
        return self.pages[key]

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._choose(self.chooser.currentRow())
