"""The duty pattern page of the rota screen: the station's weekly duty slots (weekday, morning,
afternoon or whole day, how many deputies, from which group), which making the rota follows."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.rota import Period, SlotTemplate
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.rota_records import DutyGroupInfo, DutySlotInfo
from desk_app.ui.kit.labels import label_of, weekday_text
from desk_app.ui.kit.widgets import Banner, fill_combo, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class PatternTab(QWidget):
    pattern_saved = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patternTab")
        self._session = session
        # The station whose pattern/groups these are; a centre desk's panel sets the picked one.
        self.station_id: str = session.station.id
        self._groups: list[DutyGroupInfo] = []
        # The pattern as last read or saved, to tell unsaved edits apart.
        self._shown: list[SlotTemplate] = []
        self.pattern_banner = Banner()
        self.pattern_banner.setObjectName("patternBanner")
        self.pattern_table = QTableWidget(0, 4)
        self.pattern_table.setObjectName("patternTable")
        self.pattern_table.setHorizontalHeaderLabels(
            [self.tr("Weekday"), self.tr("Period"), self.tr("Deputies needed"), self.tr("From group")]
        )
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
        box = QVBoxLayout(self)
        box.addWidget(heading(self.tr("Weekly duty pattern")))
        box.addWidget(
            hint(
                self.tr(
                    "Each row is one weekly duty slot of the station: the weekday, morning, afternoon or the whole day, "
                    "and how many deputies sit then. Choose a group to staff the slot from that group only; otherwise any "
                    "active deputy may be scheduled. On a swapped workday the pattern of the weekday it makes up "
                    "for applies; official holidays are skipped."
                )
            )
        )
        box.addWidget(self.pattern_banner)
        box.addWidget(self.pattern_table, 1)
        box.addLayout(buttons)
        self.add_slot_button.clicked.connect(lambda: self.add_pattern_row(2, Period.MORNING.value, 2, None))
        self.remove_slot_button.clicked.connect(self._remove_pattern_row)
        self.save_pattern_button.clicked.connect(self.save_pattern)

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
        items += [
            (g.name if g.active else self.tr("%1 (not in use)").replace("%1", g.name), g.id)
            for g in self._groups
        ]
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
            templates.append(
                SlotTemplate(
                    day.currentData(),
                    Period(period.currentData()),
                    spin.value(),  # type: ignore[union-attr]
                    group.currentData() or None,
                )
            )  # type: ignore[union-attr]
        return templates

    def save_pattern(self) -> None:
        templates = self.pattern_templates()
        store, by, station_id = self._session.store, self._session.operator.id, self.station_id
        DbOp(lambda: store.set_duty_pattern(templates, by=by, station_id=station_id), parent=self).success(
            lambda _r: self._pattern_saved(templates)
        ).failure(self._pattern_failed).run()

    def _pattern_saved(self, saved: list[SlotTemplate]) -> None:
        self._shown = saved
        self.pattern_banner.show_message(
            self.tr("The duty pattern is saved. Make the rota again to apply it.")
        )
        self.pattern_saved.emit()

    def _pattern_failed(self, exc: BaseException) -> None:
        self.pattern_banner.show_message(
            describe_error(exc)
            if not isinstance(exc, ValidationFailed)
            else self.tr(
                "Some slots are not valid: each needs 1 to 20 deputies and a group that still exists."
            ),
            ok=False,
        )

    def has_unsaved_changes(self) -> bool:
        return self.pattern_templates() != self._shown

    def forget_edits(self) -> None:
        """Another station was picked (a centre desk): its stored pattern replaces these rows."""
        self._shown = self.pattern_templates()

    def show_setup(self, groups: Sequence[DutyGroupInfo], slots: Sequence[DutySlotInfo]) -> None:
        """The stored pattern, with the groups a slot can be staffed from (read by the panel).

        While the clerk has unsaved edits (the roster changed on another page, a group was
        saved), the rows stay as typed and only their group choices are brought up to date."""
        self._groups = list(groups)
        if self.has_unsaved_changes():
            for row in range(self.pattern_table.rowCount()):
                combo = self.pattern_table.cellWidget(row, 3)
                assert isinstance(combo, QComboBox)
                self._fill_group_combo(combo, combo.currentData() or None)
            return
        self.pattern_table.setRowCount(0)
        for s in slots:
            self.add_pattern_row(s.weekday, s.period, s.needed, s.group_id)
        self._shown = self.pattern_templates()
