"""The theme reception days page of the rota screen (主题接待日, quarterly at Luolong): the year's
planned events with their theme, place and invitees, how many receptions were tagged to each,
and its notice as PDF. Everyone reads them; the office plans, changes and cancels them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.permissions import Action, permits
from desk_app.storage.studio_store import ThemeDayInfo
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text
from desk_app.ui.kit.labels import day_weekday_text
from desk_app.ui.kit.tables import RecordTableModel, record_table, selected_record
from desk_app.ui.kit.widgets import Banner, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

CANCELLED_BACKGROUND = "#eeeeee"


class ThemeDaysTab(QWidget):
    theme_days_loaded = Signal()
    saved = Signal(str)  # the theme day's id
    notice_written = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("themeDaysTab")
        self._session = session
        self._editing: str | None = None
        # Tests may replace this to bypass the file dialog.
        self.choose_save_path: Callable[[str, str, str], str] = lambda title, name, flt: choose_save_file(
            self, title, name, flt
        )
        self.banner = Banner()
        self.banner.setObjectName("themeDaysBanner")
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("themeYear")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(session.store.today().year)
        self.notice_button = QPushButton(self.tr("Print the notice…"))
        self.notice_button.setObjectName("themeNotice")
        bar = QHBoxLayout()
        bar.addWidget(QLabel(self.tr("Theme reception days of")))
        bar.addWidget(self.year_spin)
        bar.addStretch(1)
        bar.addWidget(self.notice_button)

        self.model = RecordTableModel(
            [
                (self.tr("Date"), lambda t: t.day.isoformat()),
                (self.tr("Weekday"), lambda t: day_weekday_text(t.day)),
                (self.tr("Theme"), lambda t: t.theme),
                (self.tr("Place"), lambda t: t.place),
                (self.tr("Invited deputies"), lambda t: t.invited_deputies),
                (self.tr("Invited units"), lambda t: t.invited_units),
                (self.tr("Receptions"), lambda t: t.receptions),
                (self.tr("State"), lambda t: self.tr("Cancelled") if t.cancelled else ""),
            ],
            self,
            background=lambda t: CANCELLED_BACKGROUND if t.cancelled else None,
        )
        self.view = record_table(self.model, "themeDaysTable")

        self.day_edit = QDateEdit()
        self.day_edit.setObjectName("themeDay")
        self.day_edit.setCalendarPopup(True)
        self.day_edit.setDisplayFormat("yyyy-MM-dd")
        self.day_edit.setDate(qdate(session.store.today()))
        self.theme_edit = QLineEdit()
        self.theme_edit.setObjectName("themeText")
        self.theme_edit.setMaxLength(100)
        self.place_edit = QLineEdit()
        self.place_edit.setObjectName("themePlace")
        self.place_edit.setMaxLength(200)
        self.deputies_edit = QLineEdit()
        self.deputies_edit.setObjectName("themeDeputies")
        self.deputies_edit.setMaxLength(1000)
        self.units_edit = QLineEdit()
        self.units_edit.setObjectName("themeUnits")
        self.units_edit.setMaxLength(1000)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("themeNotes")
        self.notes_edit.setMaximumHeight(60)
        self.cancelled_box = QCheckBox(self.tr("Cancelled"))
        self.cancelled_box.setObjectName("themeCancelled")
        self.new_button = QPushButton(self.tr("New"))
        self.new_button.setObjectName("themeNew")
        self.save_button = QPushButton(self.tr("Save the theme day"))
        self.save_button.setObjectName("themeSave")
        self.form = QWidget()
        form = QFormLayout(self.form)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow(self.tr("Date"), self.day_edit)
        form.addRow(self.tr("Theme"), self.theme_edit)
        form.addRow(self.tr("Place"), self.place_edit)
        form.addRow(self.tr("Invited deputies"), self.deputies_edit)
        form.addRow(self.tr("Invited units"), self.units_edit)
        form.addRow(self.tr("Notes"), self.notes_edit)
        form.addRow("", self.cancelled_box)
        buttons = QHBoxLayout()
        buttons.addWidget(
            hint(
                self.tr(
                    "Separate several names with a list comma. Receptions of the day are tagged to it from the reception form."
                )
            )
        )
        buttons.addStretch(1)
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.save_button)
        self.may_change = permits(session.operator.role, Action.ROTA)
        self.form.setVisible(self.may_change)
        self.new_button.setVisible(self.may_change)
        self.save_button.setVisible(self.may_change)

        box = QVBoxLayout(self)
        box.addLayout(bar)
        box.addWidget(self.banner)
        box.addWidget(self.view, 1)
        box.addWidget(self.form)
        box.addLayout(buttons)

        self.year_spin.valueChanged.connect(lambda _v: self.load())
        self.view.clicked.connect(lambda _i: self._edit_selected())
        self.new_button.clicked.connect(self.clear_form)
        self.save_button.clicked.connect(self.save)
        self.notice_button.clicked.connect(self.print_notice)
        self.load()

    def load(self) -> None:
        year = self.year_spin.value()
        store = self._session.store
        DbOp(lambda: store.theme_days(date(year, 1, 1), date(year, 12, 31)), parent=self).success(
            self._loaded
        ).failure(self._failed).run()

    def _loaded(self, rows: list[ThemeDayInfo]) -> None:
        self.model.set_rows(rows)
        for i, t in enumerate(rows):
            if t.id == self._editing:
                self.view.selectRow(i)
        self.theme_days_loaded.emit()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def clear_form(self) -> None:
        self._editing = None
        self.view.clearSelection()
        for w in (self.theme_edit, self.place_edit, self.deputies_edit, self.units_edit):
            w.clear()
        self.notes_edit.clear()
        self.cancelled_box.setChecked(False)

    def _edit_selected(self) -> None:
        t: ThemeDayInfo | None = selected_record(self.view)
        if t is None:
            return
        self._editing = t.id
        self.day_edit.setDate(qdate(t.day))
        self.theme_edit.setText(t.theme)
        self.place_edit.setText(t.place)
        self.deputies_edit.setText(t.invited_deputies)
        self.units_edit.setText(t.invited_units)
        self.notes_edit.setPlainText(t.notes)
        self.cancelled_box.setChecked(t.cancelled)

    def save(self) -> None:
        if not self.theme_edit.text().strip():
            self.banner.show_message(self.tr("Give the theme of the day."), ok=False)
            return
        store, by, editing = self._session.store, self._session.operator.id, self._editing
        values = {
            "day": pydate(self.day_edit.date()),
            "theme": self.theme_edit.text(),
            "place": self.place_edit.text(),
            "invited_deputies": self.deputies_edit.text(),
            "invited_units": self.units_edit.text(),
            "notes": self.notes_edit.toPlainText(),
            "cancelled": self.cancelled_box.isChecked(),
        }

        def write() -> str:
            return store.save_theme_day(by=by, theme_day_id=editing, **values)  # type: ignore[arg-type]

        DbOp(write, parent=self).success(self._saved).failure(self._failed).run()

    def _saved(self, theme_day_id: str) -> None:
        self._editing = theme_day_id
        self.banner.show_message(self.tr("The theme reception day was saved."))
        self.saved.emit(theme_day_id)
        self.load()

    def print_notice(self) -> None:
        t: ThemeDayInfo | None = selected_record(self.view)
        if t is None:
            self.banner.show_message(self.tr("Choose a theme reception day in the list first."), ok=False)
            return
        path = self.choose_save_path(
            self.tr("Print the theme reception day's notice"),
            self.tr("Theme day %1.pdf").replace("%1", t.day.isoformat()),
            self.tr("PDF files (*.pdf)"),
        )
        if not path:
            return
        today = self._session.store.today()

        def write() -> Exception | None:
            from desk_app.reports.fonts import CjkFontMissing
            from desk_app.reports.theme_day_pdf import write_theme_day_notice

            try:
                write_theme_day_notice(Path(path), t, printed_on=today)
            except (CjkFontMissing, OSError) as exc:
                return exc
            return None

        DbOp(write, parent=self).success(lambda exc: self._notice_done(path, exc)).failure(self._failed).run()

    def _notice_done(self, path: str, exc: Exception | None) -> None:
        if exc is not None:
            self.banner.show_message(file_problem_text(exc), ok=False)
            return
        self.banner.show_message(self.tr("Written: %1").replace("%1", path))
        self.notice_written.emit(path)
