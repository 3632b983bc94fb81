"""The groups page of the rota screen (编组): named groups of deputies, mixing levels as the
station wishes; a slot of the duty pattern can be staffed from one group only."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.domain.vocab import DeputyLevel
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.rota_records import DeputyProfile, DutyGroupInfo
from desk_app.ui.kit.labels import deputy_line, label_of
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, heading, with_error
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

# What the group form holds: name, in use, the ids of the ticked deputies.
GroupForm = tuple[str, bool, frozenset[str]]


class GroupsTab(QWidget):
    group_saved = Signal(str)  # the group's id

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groupsTab")
        self.setStyleSheet(INVALID_STYLE)
        self._session = session
        # The station whose pattern/groups these are; a centre desk's panel sets the picked one.
        self.station_id: str = session.station.id
        self._profiles: list[DeputyProfile] = []
        self._groups: list[DutyGroupInfo] = []
        # The form as it was filled from the store (or emptied for a new group), to tell
        # unsaved edits apart.
        self._form_shown: GroupForm = ("", True, frozenset())
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
        form.addRow(
            self.tr("Name"), with_error(self.group_name, self.group_errors.add("name", self.group_name))
        )
        form.addRow("", self.group_active)
        right = QVBoxLayout()
        right.addWidget(self.group_banner)
        right.addLayout(form)
        right.addWidget(
            QLabel(self.tr("Members (tick the deputies of this group; mix levels as the station wishes)"))
        )
        right.addWidget(self.member_list, 1)
        right.addWidget(self.levels_label)
        right.addWidget(self.save_group_button)

        box = QHBoxLayout(self)
        box.addLayout(left, 1)
        box.addLayout(right, 2)
        self._editing_group: str | None = None
        self.group_errors.clear_on("name", self.group_name.textChanged)
        self.group_list.currentRowChanged.connect(self._group_chosen)
        self.new_group_button.clicked.connect(self.new_group)
        self.save_group_button.clicked.connect(self.save_group)
        self.member_list.itemChanged.connect(lambda _i: self._show_levels())

    def show_setup(self, profiles: Sequence[DeputyProfile], groups: Sequence[DutyGroupInfo]) -> None:
        """The roster and the groups (read by the panel); the group being edited stays chosen.

        Unsaved edits of the form (a name typed, deputies ticked) are kept: the roster may
        change on another page, or another group be saved, while the clerk is editing."""
        editing = self.has_unsaved_changes()
        self._profiles, self._groups = list(profiles), list(groups)
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
        if editing:
            self.group_list.blockSignals(True)
            self.group_list.setCurrentRow(row)
            self.group_list.blockSignals(False)
            self._fill_members(set(self.checked_members()))  # the new roster, the same ticks
        elif row >= 0:
            self.group_list.setCurrentRow(row)
        else:
            self.new_group()

    def form(self) -> GroupForm:
        return self.group_name.text(), self.group_active.isChecked(), frozenset(self.checked_members())

    def has_unsaved_changes(self) -> bool:
        return self.form() != self._form_shown

    def _group_chosen(self, row: int) -> None:
        if not 0 <= row < len(self._groups):
            return
        group = self._groups[row]
        self._editing_group = group.id
        self.group_name.setText(group.name)
        self.group_active.setChecked(group.active)
        self._fill_members(set(group.deputy_ids))
        self.group_errors.clear()
        self._form_shown = self.form()

    def new_group(self) -> None:
        self._editing_group = None
        self.group_list.blockSignals(True)
        self.group_list.setCurrentRow(-1)
        self.group_list.blockSignals(False)
        self.group_name.clear()
        self.group_active.setChecked(True)
        self._fill_members(set())
        self.group_errors.clear()
        self._form_shown = self.form()

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
        return [
            self.member_list.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.member_list.count())
            if self.member_list.item(i).checkState() == Qt.CheckState.Checked
        ]

    def set_member_checked(self, deputy_id: str, checked: bool) -> None:
        for i in range(self.member_list.count()):
            item = self.member_list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == deputy_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _show_levels(self) -> None:
        by_id = {p.id: p for p in self._profiles}
        levels = Counter(
            label_of(DeputyLevel, by_id[d].level) or self.tr("level not set")
            for d in self.checked_members()
            if d in by_id
        )
        if not levels:
            self.levels_label.setText(self.tr("No members chosen yet."))
            return
        parts = "、".join(f"{name} × {n}" for name, n in sorted(levels.items()))
        self.levels_label.setText(
            self.tr("%1 members: %2").replace("%1", str(sum(levels.values()))).replace("%2", parts)
        )

    def save_group(self) -> None:
        name = self.group_name.text()
        if not name.strip():
            self.group_errors.show([FieldError("name", FieldProblem.REQUIRED)])
            return
        members, group_id, active = self.checked_members(), self._editing_group, self.group_active.isChecked()
        store, by, station_id = self._session.store, self._session.operator.id, self.station_id
        DbOp(
            lambda: store.save_duty_group(
                by=by, name=name, deputy_ids=members, group_id=group_id, active=active, station_id=station_id
            ),
            parent=self,
        ).success(lambda saved_id: self._group_saved(saved_id, (name, active, frozenset(members)))).failure(
            self._group_failed
        ).run()

    def _group_saved(self, group_id: str, saved: GroupForm) -> None:
        self._editing_group = group_id
        # What was saved is no longer an edit (the clerk may have typed on while it saved).
        self._form_shown = saved
        self.group_banner.show_message(self.tr("The group is saved."))
        self.group_saved.emit(group_id)  # the panel reads the groups again

    def _group_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self.group_errors.show(exc.errors)
        else:
            self.group_banner.show_message(describe_error(exc), ok=False)
