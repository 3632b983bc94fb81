"""The dialog of a hand change to the rota: replace a deputy, swap two duties, add a deputy."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtWidgets import QComboBox, QDateEdit, QDialog, QDialogButtonBox, QFormLayout, QWidget

from desk_app.domain.rota import Period
from desk_app.storage.rota_records import AssignmentInfo, DeputyProfile
from desk_app.ui.kit.dates import qdate
from desk_app.ui.kit.labels import day_weekday_text, deputy_line, label_of
from desk_app.ui.kit.widgets import fill_combo, hint


class AssignmentDialog(QDialog):
    """Pick what a hand change needs: a deputy (replace), another duty (swap), or a slot (add)."""

    REPLACE, SWAP, ADD = "replace", "swap", "add"

    def __init__(
        self,
        mode: str,
        deputies: Sequence[DeputyProfile],
        *,
        current: AssignmentInfo | None = None,
        others: Sequence[AssignmentInfo] = (),
        day: date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.mode = mode
        form = QFormLayout(self)
        titles = {
            self.REPLACE: self.tr("Replace a deputy on duty"),
            self.SWAP: self.tr("Swap two duties"),
            self.ADD: self.tr("Add a deputy to the rota"),
        }
        self.setWindowTitle(titles[mode])
        if current is not None:
            form.addRow(
                hint(
                    self.tr("Duty: %1 %2 %3, %4")
                    .replace("%1", current.day.isoformat())
                    .replace("%2", day_weekday_text(current.day))
                    .replace("%3", label_of(Period, current.period))
                    .replace("%4", current.deputy_name)
                )
            )
        self.deputy_combo = QComboBox()
        self.deputy_combo.setObjectName("deputyCombo")
        fill_combo(self.deputy_combo, [(deputy_line(p), p.id) for p in deputies if p.active])
        self.other_combo = QComboBox()
        self.other_combo.setObjectName("otherCombo")
        fill_combo(
            self.other_combo,
            [
                (
                    f"{a.day.isoformat()} {day_weekday_text(a.day)} {label_of(Period, a.period)}  {a.deputy_name}",
                    a.id,
                )
                for a in others
            ],
        )
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
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        form.addRow(buttons)
