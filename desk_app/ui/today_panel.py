"""Today at the desk (进站签到): who is on duty, who has checked in, and visits off the rota.

A deputy on the rota who cannot come may have another sit in for them (代班): "Stand-in…" on
their row checks the other deputy in in their place. The row then says who sits for whom; the
visit is the stand-in's (they are at the desk, and the duty record counts it for them) and the
absent deputy's place counts as covered (storage/rota_store.py).

Made for a screen that elderly deputies use themselves: big names, big buttons, one line each,
and the state said in words (已签到 09:12) rather than by colour alone. The deputies checked in
and not yet out are announced by `checked_in_changed`, so new receptions can default to them.

A district centre's desk (issue 13) picks the station whose deputies it checks in
(kit.station_picker); a check-in is at one station, so there is no 全部站点 here.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.duty import VisitKind
from desk_app.domain.rota import Period
from desk_app.domain.vocab import DeputyLevel
from desk_app.storage.records import StationInfo
from desk_app.storage.rota_records import DeputyProfile, TodayDuty, VisitInfo
from desk_app.ui.kit.dates import long_date, pydate, qdate
from desk_app.ui.kit.labels import deputy_line, label_of
from desk_app.ui.kit.station_picker import StationPicker
from desk_app.ui.kit.widgets import OK_COLOUR, Banner, fill_combo, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

BIG_POINTS = 16
BUTTON_HEIGHT = 56
DAY_CHECK_MS = 5 * 60 * 1000


def big(widget: QWidget, scale: float = 1.0, bold: bool = False) -> QWidget:
    font = QFont(widget.font())
    font.setPointSizeF(BIG_POINTS * scale)
    font.setBold(bold)
    widget.setFont(font)
    return widget


class VisitDialog(QDialog):
    """Record a visit of a deputy off the rota: an inspection (视察), a forum (座谈) or another.

    Record asks the panel to save (`submitted`); the panel closes the dialog once the visit is
    saved and otherwise says why here, so a refused save never loses what was typed.
    """

    submitted = Signal()

    def __init__(self, deputies: list[DeputyProfile], day: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Record a visit off the rota"))
        self._saving = False
        self.banner = Banner()
        self.banner.setObjectName("visitBanner")
        self.deputy_combo = QComboBox()
        self.deputy_combo.setObjectName("visitDeputy")
        fill_combo(self.deputy_combo, [(deputy_line(p), p.id) for p in deputies if p.active])
        self.kind_combo = QComboBox()
        self.kind_combo.setObjectName("visitKind")
        fill_combo(
            self.kind_combo,
            [
                (label_of(VisitKind, k.value), k.value)
                for k in (VisitKind.INSPECTION, VisitKind.FORUM, VisitKind.OTHER)
            ],
        )
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        self.date_edit.setDate(qdate(day))
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("visitNote")
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText(self.tr("e.g. inspection of the service windows"))
        form = QFormLayout(self)
        form.addRow(self.banner)
        form.addRow(
            hint(
                self.tr(
                    "For visits of deputies who are not on today's rota. A deputy on the rota "
                    "checks in with the big button instead."
                )
            )
        )
        form.addRow(self.tr("Deputy"), self.deputy_combo)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow(self.tr("Date"), self.date_edit)
        form.addRow(self.tr("Note"), self.note_edit)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Record"))
        self.cancel_button = buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        buttons.accepted.connect(self.submitted)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.ok_button.setEnabled(not saving)
        self.cancel_button.setEnabled(not saving)

    def reject(self) -> None:
        # A save on its way cannot be called back: its answer closes the dialog or says why not.
        if self._saving:
            return
        super().reject()


class StandInDialog(QDialog):
    """Choose the deputy who sits in for `absent_name` today (代班); OK checks them in."""

    def __init__(
        self, deputies: list[DeputyProfile], absent_id: str, absent_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("standInDialog")
        self.setWindowTitle(self.tr("Stand-in for %1").replace("%1", absent_name))
        self.absent_id = absent_id
        self.deputy_combo = QComboBox()
        self.deputy_combo.setObjectName("standInDeputy")
        fill_combo(
            self.deputy_combo, [(deputy_line(p), p.id) for p in deputies if p.active and p.id != absent_id]
        )
        form = QFormLayout(self)
        form.addRow(
            hint(
                self.tr(
                    "%1 is on today's rota but cannot come. The deputy chosen here sits in their place: "
                    "they are checked in now, and the visit counts for them."
                ).replace("%1", absent_name)
            )
        )
        form.addRow(self.tr("Sitting in"), self.deputy_combo)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Check in as stand-in"))
        self.ok_button.setEnabled(self.deputy_combo.count() > 0)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def chosen_id(self) -> str | None:
        return self.deputy_combo.currentData()


class TodayPanel(QWidget):
    # The ids of the deputies at the desk now (checked in, not out), whenever that set changes.
    checked_in_changed = Signal(list)
    loaded = Signal()
    visit_recorded = Signal(str)

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("todayPanel")
        self._session = session
        self._today: TodayDuty | None = None
        self._profiles: list[DeputyProfile] = []
        self._checked_in: list[str] | None = None
        self._day = session.store.today()
        self.dialog: VisitDialog | None = None
        self.stand_in_dialog: StandInDialog | None = None
        # deputy id -> (state label, check-in button, check-out button), for the rows on screen
        self.rows: dict[str, tuple[QLabel, QPushButton, QPushButton]] = {}
        # deputy id -> the row's "Stand-in…" button
        self.stand_in_buttons: dict[str, QPushButton] = {}

        self.title = heading("", 1.6)
        self.title.setObjectName("todayTitle")
        self.count_label = big(QLabel(), 0.9)
        self.count_label.setObjectName("todayCount")
        self.banner = Banner()
        self.banner.setObjectName("todayBanner")
        self.duty_box = QVBoxLayout()
        self.duty_box.setSpacing(8)
        self.visit_box = QVBoxLayout()
        self.visit_box.setSpacing(6)
        self.record_button = big(QPushButton(self.tr("Record a visit off the rota…")), 0.8)
        self.record_button.setObjectName("recordVisit")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("refreshToday")
        # A centre desk's station picker (shown once the first read finds a centre desk).
        self.station_picker = StationPicker(session.station.id, with_all=False, name="todayStation")
        self.station_picker.picked.connect(lambda _station_id: self.refresh())

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addLayout(self.duty_box)
        inner.addSpacing(16)
        self.visits_heading = heading(self.tr("Other visits today"), 1.2)
        inner.addWidget(self.visits_heading)
        inner.addLayout(self.visit_box)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(content)

        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.refresh_button)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.record_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.station_picker)
        layout.addLayout(top)
        layout.addWidget(self.count_label)
        layout.addWidget(self.banner)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)

        self.record_button.clicked.connect(self.open_visit_dialog)
        self.refresh_button.clicked.connect(self.refresh)
        # A bound method, not a lambda over self (desk_app/ui/case_list.py says why).
        session.events.directory_changed.connect(self._directory_changed)
        # A desk left open overnight turns to the new day by itself.
        self._day_timer = QTimer(self)
        self._day_timer.setInterval(DAY_CHECK_MS)
        self._day_timer.timeout.connect(self._check_day)
        self._day_timer.start()
        self.refresh()

    # -- loading ---------------------------------------------------------------------------------

    def _check_day(self) -> None:
        if self._session.store.today() != self._day:
            self.refresh()

    def station_id(self) -> str:
        """The station whose deputies are checked in: the desk's own, or the centre's pick."""
        return self.station_picker.station_id()

    def _directory_changed(self, _kind: str) -> None:
        self.refresh()

    def refresh(self) -> None:
        store, station_id = self._session.store, self.station_id()
        self._day = store.today()
        day = self._day

        def read() -> tuple[TodayDuty, list[DeputyProfile], list[StationInfo] | None]:
            return (
                store.today_duty(day, station_id),
                store.deputy_profiles(),
                store.stations() if store.is_centre_desk() else None,
            )

        DbOp(read, parent=self).success(lambda result: self._read(result, station_id)).failure(
            self._failed
        ).run()

    def _failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def _read(
        self, result: tuple[TodayDuty, list[DeputyProfile], list[StationInfo] | None], station_id: str
    ) -> None:
        today, profiles, stations = result
        if stations is not None:
            self.station_picker.fill(stations)
        if station_id != self.station_id():
            return  # another station was picked while this was read: its own read follows
        self._today, self._profiles = today, profiles
        self._show()
        ids = list(self._today.checked_in_ids)
        if ids != self._checked_in:
            self._checked_in = ids
            self.checked_in_changed.emit(ids)
        self.loaded.emit()

    def checked_in_ids(self) -> list[str]:
        return list(self._checked_in or [])

    @staticmethod
    def _clear(box: QVBoxLayout) -> None:
        while box.count():
            item = box.takeAt(0)
            widget = item.widget()
            if widget is not None:
                widget.deleteLater()

    def _show(self) -> None:
        today = self._today
        assert today is not None
        self.title.setText(self.tr("On duty today, %1").replace("%1", long_date(today.day)))
        self._clear(self.duty_box)
        self._clear(self.visit_box)
        self.rows = {}
        self.stand_in_buttons = {}
        if not today.on_duty:
            empty = big(QLabel(self.tr("Nobody is on the rota today.")), 1.0)
            empty.setObjectName("nobodyToday")
            empty.setStyleSheet("color: #555;")
            self.duty_box.addWidget(empty)
        for on in today.on_duty:
            self.duty_box.addWidget(
                self._duty_row(
                    on.assignment.deputy_id,
                    on.assignment.deputy_name,
                    on.assignment.deputy_level,
                    on.assignment.period,
                    on.visit,
                )
            )
        here = len(today.checked_in_ids)
        self.count_label.setText(
            self.tr("%1 on the rota, %2 at the desk now")
            .replace("%1", str(len(today.on_duty)))
            .replace("%2", str(here))
        )
        self.visits_heading.setVisible(bool(today.off_rota))
        for visit in today.off_rota:
            self.visit_box.addWidget(self._visit_row(visit))

    def _state_text(self, visit: VisitInfo | None) -> tuple[str, bool]:
        if visit is not None and visit.stands_in_for_id and visit.check_in_at is not None:
            text, here = self._state_text(replace(visit, stands_in_for_id=None))
            return self.tr("Stand-in %1: %2").replace("%1", visit.deputy_name).replace("%2", text), here
        if visit is None or visit.check_in_at is None:
            return self.tr("Not checked in yet"), False
        if visit.check_out_at is None:
            return self.tr("Checked in at %1").replace("%1", visit.check_in_at.strftime("%H:%M")), True
        return self.tr("Came %1, left %2").replace("%1", visit.check_in_at.strftime("%H:%M")).replace(
            "%2", visit.check_out_at.strftime("%H:%M")
        ), False

    def _duty_row(
        self, deputy_id: str, name: str, level: str, period: str, visit: VisitInfo | None
    ) -> QWidget:
        frame = QFrame()
        frame.setObjectName("dutyRow")
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        state_text, here = self._state_text(visit)
        frame.setStyleSheet(
            "#dutyRow { background: %s; border: 1px solid #bbb; border-radius: 6px; }"
            % ("#e6f4ea" if here else "#ffffff")
        )
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 10, 14, 10)
        name_label = big(QLabel(name), 1.3, bold=True)
        details = QLabel(
            self.tr("%1 · %2")
            .replace("%1", label_of(Period, period))
            .replace("%2", label_of(DeputyLevel, level))
        )
        details.setStyleSheet("color: #555;")
        big(details, 0.8)
        state = big(QLabel(("✔ " if here else "") + state_text), 0.9, bold=here)
        state.setObjectName("dutyState")
        if here:
            state.setStyleSheet(f"color: {OK_COLOUR};")
        check_in = big(QPushButton(self.tr("Check in")), 0.9, bold=True)
        check_in.setObjectName("checkIn")
        check_out = big(QPushButton(self.tr("Check out")), 0.9)
        check_out.setObjectName("checkOut")
        stand_in = big(QPushButton(self.tr("Stand-in…")), 0.8)
        stand_in.setObjectName("standIn")
        stand_in.setToolTip(self.tr("Another deputy sits in for %1 today").replace("%1", name))
        for b in (check_in, check_out):
            b.setMinimumHeight(BUTTON_HEIGHT)
            b.setMinimumWidth(150)
        stand_in.setMinimumHeight(BUTTON_HEIGHT)
        covered = visit is not None and visit.check_in_at is not None and visit.stands_in_for_id is not None
        check_in.setEnabled(not here and not covered)
        check_out.setEnabled(here)
        # Nobody has sat yet: someone else may still come in their place.
        stand_in.setVisible(visit is None or visit.check_in_at is None)
        check_in.clicked.connect(lambda: self.check_in(deputy_id))
        stand_in.clicked.connect(lambda: self.open_stand_in_dialog(deputy_id, name))
        if visit is not None:
            check_out.clicked.connect(lambda: self.check_out(visit.id))
        column = QVBoxLayout()
        column.addWidget(name_label)
        column.addWidget(details)
        row.addLayout(column, 2)
        row.addWidget(state, 2)
        row.addWidget(stand_in)
        row.addWidget(check_in)
        row.addWidget(check_out)
        self.rows[deputy_id] = (state, check_in, check_out)
        self.stand_in_buttons[deputy_id] = stand_in
        return frame

    def _visit_row(self, visit: VisitInfo) -> QWidget:
        frame = QFrame()
        frame.setObjectName("visitRow")
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 4, 14, 4)
        text = (
            self.tr("%1 · %2").replace("%1", visit.deputy_name).replace("%2", label_of(VisitKind, visit.kind))
        )
        if visit.note:
            text = self.tr("%1 · %2").replace("%1", text).replace("%2", visit.note)
        label = big(QLabel(text), 0.9)
        label.setObjectName("visitText")
        state_text, here = self._state_text(visit) if visit.check_in_at else (self.tr("Recorded"), False)
        state = big(QLabel(state_text), 0.8)
        row.addWidget(label, 3)
        row.addWidget(state, 2)
        if here:
            out = big(QPushButton(self.tr("Check out")), 0.9)
            out.setObjectName("checkOut")
            out.setMinimumHeight(BUTTON_HEIGHT)
            out.clicked.connect(lambda: self.check_out(visit.id))
            row.addWidget(out)
        return frame

    # -- actions --------------------------------------------------------------------------------

    def check_in(self, deputy_id: str) -> None:
        store, by, station_id = self._session.store, self._session.operator.id, self.station_id()
        DbOp(lambda: store.check_in(deputy_id, by=by, station_id=station_id), parent=self).success(
            lambda _r: self.refresh()
        ).failure(self._failed).run()

    def check_out(self, visit_id: str) -> None:
        store, by = self._session.store, self._session.operator.id
        DbOp(lambda: store.check_out(visit_id, by=by), parent=self).success(
            lambda _r: self.refresh()
        ).failure(self._failed).run()

    def open_stand_in_dialog(self, absent_id: str, absent_name: str) -> StandInDialog:
        if self.stand_in_dialog is not None:
            self.stand_in_dialog.deleteLater()
        dialog = StandInDialog(self._profiles, absent_id, absent_name, self)
        self.stand_in_dialog = dialog
        dialog.accepted.connect(lambda: self.stand_in(dialog.chosen_id(), absent_id))
        dialog.open()
        return dialog

    def stand_in(self, deputy_id: str | None, absent_id: str) -> None:
        """Check `deputy_id` in, sitting in for `absent_id` (on today's rota)."""
        if not deputy_id:
            return
        store, by, station_id = self._session.store, self._session.operator.id, self.station_id()
        DbOp(
            lambda: store.check_in(deputy_id, by=by, station_id=station_id, stands_in_for=absent_id),
            parent=self,
        ).success(lambda _r: self.refresh()).failure(self._failed).run()

    def open_visit_dialog(self) -> None:
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = VisitDialog(self._profiles, self._day, self)
        dialog = self.dialog
        dialog.submitted.connect(lambda: self.record_visit(dialog))
        dialog.open()

    def record_visit(self, dialog: VisitDialog) -> None:
        """Save the visit typed in `dialog`; the dialog closes only once it is saved."""
        deputy_id = dialog.deputy_combo.currentData()
        if not deputy_id:
            dialog.banner.show_message(
                self.tr("There is no active deputy on the roster to record."), ok=False
            )
            return
        kind, day, note = (
            dialog.kind_combo.currentData(),
            pydate(dialog.date_edit.date()),
            dialog.note_edit.text(),
        )
        store, by, station_id = self._session.store, self._session.operator.id, self.station_id()
        # A visit today starts now: the deputy is at the desk and counts for new receptions.
        at: datetime | None = store.clock().replace(microsecond=0) if day == self._day else None
        dialog.set_saving(True)
        # The dialog is the parent: it is deleted only with this panel or when a new one opens,
        # which its refusal to close while saving rules out.
        DbOp(
            lambda: store.record_visit(
                deputy_id, by=by, day=day, kind=kind, note=note, check_in_at=at, station_id=station_id
            ),
            parent=dialog,
        ).success(lambda visit_id: self._visit_done(dialog, visit_id)).failure(
            lambda exc: dialog.banner.show_message(describe_error(exc), ok=False)
        ).always(lambda: dialog.set_saving(False)).run()

    def _visit_done(self, dialog: VisitDialog, visit_id: str) -> None:
        dialog.accept()
        self.banner.show_message(self.tr("The visit is recorded."))
        self.visit_recorded.emit(visit_id)
        self.refresh()
