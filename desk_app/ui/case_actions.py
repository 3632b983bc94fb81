"""The spine of a case as dialogs: refer (交办, also again after a return), record the reply, call
back (with why a dissatisfied citizen is dissatisfied), sign off. ActionDialog is the base of
every move dialog (the office's other moves are in case_office_moves.py, corrections in
case_corrections.py).

Every dialog saves through DbOp and keeps what was typed when the save fails: field problems
appear in red under their fields, a refused move (the lifecycle's or the operator's role's) or a
busy database in a banner at the top, in plain words. Only the callback dialog can record
satisfaction, and it preselects no verdict, so a satisfied case always rests on a verdict
somebody chose (no 被满意).

Nothing typed in a dialog is lost (issue 10): every named field the user changes is kept as a
draft of this dialog for this case and operator (ui/drafts.py) while they type; Esc or Cancel
closes the dialog and keeps it; the next time the same dialog of the same case is opened, the
draft is put back with a banner that offers to discard it (which asks first). A date outside
what the move allows is not snapped back silently: it stays as typed, with the reason under it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication, QDateTime, Qt, QTime, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.casebook import DissatisfactionCause, callback_refusal
from desk_app.domain.deadlines import DEFAULT_REPLY_WORKING_DAYS, Deadline, add_working_days
from desk_app.domain.lifecycle import CaseStatus, Move, is_re_supervision, refusal_for
from desk_app.domain.validation import MAX_WORKING_DAYS, FieldProblem, ReferralDraft
from desk_app.domain.vocab import CallbackMethod, OperatorRole, Verdict
from desk_app.domain.workcalendar import WorkCalendar
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.drafts import case_key
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.records import CaseDetail, DeputyInfo, HandlingUnitInfo, ReferralInfo
from desk_app.storage.rota_records import TodayDuty
from desk_app.ui.drafts import DraftKeeper, ask_discard, field_widgets, set_value, user_edits, value_of
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import long_date, pydate, qdate
from desk_app.ui.kit.widgets import (
    ERROR_COLOUR,
    INVALID_STYLE,
    OK_COLOUR,
    WARNING_COLOUR,
    Banner,
    FieldErrors,
    heading,
    hint,
    with_error,
)
from desk_app.ui.messages import describe_error, field_problem_text, refusal_text
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

# The default supervisor of a second round: the case goes up a level (二次督办), to the
# standing committee's office rather than the deputy who supervised the first round. The
# Chinese window offers it as 人大常委会办公室 (its translation); see escalated_supervisor().
ESCALATED_SUPERVISOR = "人大常委会办公室"


def escalated_supervisor() -> str:
    """The standing committee's office, in the window's language (人大常委会办公室)."""
    return QCoreApplication.translate(
        "ReferDialog", "Office of the Standing Committee of the People's Congress"
    )


def pydatetime(edit: QDateTimeEdit) -> datetime:
    qdt = edit.dateTime()
    d, t = qdt.date(), qdt.time()
    return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute())


def case_line(detail: CaseDetail) -> str:
    """One line that says which case a dialog is about."""
    content = " ".join(detail.content.split())
    if len(content) > 60:
        content = content[:60] + "…"
    if not detail.citizen_name:
        return content
    # 张三：反映内容 in the Chinese window (its translation of "%1: %2").
    return (
        QCoreApplication.translate("ActionDialog", "%1: %2")
        .replace("%1", detail.citizen_name)
        .replace("%2", content)
    )


def cause_choice(parent: QWidget) -> tuple[dict[DissatisfactionCause, QRadioButton], QWidget]:
    """Why a citizen is dissatisfied (承办单位未办好 / 诉求超出政策范围 / 其他原因), none preselected."""
    box = QWidget()
    box.setObjectName("causeBox")
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    group = QButtonGroup(parent)
    buttons: dict[DissatisfactionCause, QRadioButton] = {}
    for cause in DissatisfactionCause:
        button = QRadioButton(labels.label(cause))
        button.setObjectName(f"cause_{cause.value}")
        group.addButton(button)
        buttons[cause] = button
        column.addWidget(button)
    return buttons, box


def _field_of(object_name: str) -> str:
    """The field code of a date box named in camel case (returnedOn -> returned_on)."""
    return "".join(f"_{c.lower()}" if c.isupper() else c for c in object_name)


def checked_cause(buttons: dict[DissatisfactionCause, QRadioButton]) -> DissatisfactionCause | None:
    return next((cause for cause, button in buttons.items() if button.isChecked()), None)


class ActionDialog(QDialog):
    """A form that performs one move of a case; `saved` carries what the store returned."""

    saved = Signal(object)

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setStyleSheet(INVALID_STYLE)
        self.setSizeGripEnabled(True)
        self._session = session
        self.detail = detail
        self._busy = False
        self.errors = FieldErrors()
        self.calendar: WorkCalendar | None = None
        # The draft of this dialog (made when it is first shown, once every field exists).
        self.drafts: DraftKeeper | None = None
        self._draft_fields: dict[str, QWidget] = {}
        self._baseline: dict[str, Any] = {}
        self._touched: set[str] = set()
        self._restored: dict[str, Any] = {}
        # (edit, field, earliest, latest, why earliest): dates checked with a reason, not snapped.
        self._date_rules: list[tuple[QDateTimeEdit, str, date | None, date | None, str]] = []

        self.banner = Banner(self)
        self.case_label = hint(case_line(detail))
        self.case_label.setObjectName("caseLine")
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        self.cancel_button: QPushButton = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        self.cancel_button.setText(self.tr("Cancel"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)

        self.form_page = QWidget()
        page = QVBoxLayout(self.form_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.case_label)
        page.addWidget(self.banner)
        page.addLayout(self.form)
        page.addStretch(1)
        page.addWidget(self.buttons)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.form_page)
        outer = QVBoxLayout(self)
        outer.addWidget(self.pages)

        # In a multi-line field Enter is a new line; Ctrl+Enter saves from anywhere.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.activated.connect(self._shortcut_submit)

    # -- building helpers --------------------------------------------------------------------

    def add_field(self, label: str, field: str, widget: QWidget, error_target: QWidget | None = None) -> None:
        err = self.errors.add(field, error_target or widget)
        self.form.addRow(label, with_error(widget, err))

    def set_row_visible(self, field_widget: QWidget, visible: bool) -> None:
        """Show or hide a form row (its label too) by the widget added with add_field."""
        cell = field_widget.parentWidget()
        if cell is not None:
            self.form.setRowVisible(cell, visible)

    def text_box(self, placeholder: str = "", height: int = 110) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setTabChangesFocus(True)
        box.setMinimumHeight(height)
        return box

    def reason_box(self, placeholder: str, height: int = 80) -> QPlainTextEdit:
        """The written reason a move needs (the store refuses it blank)."""
        box = self.text_box(placeholder, height=height)
        box.setObjectName("reasonEdit")
        return box

    def add_reason(self, caption: str, placeholder: str, field: str = "reason") -> QPlainTextEdit:
        box = self.reason_box(placeholder)
        self.add_field(caption, field, box)
        self.errors.clear_on(field, box.textChanged)
        return box

    def date_edit(self, value: date, name: str, earliest: date | None = None) -> QDateEdit:
        """A date no later than today (the desk's), nor earlier than `earliest`."""
        today = self.now().date()
        edit = QDateEdit(qdate(min(value, today)))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd")
        self.bound_date(edit, _field_of(name), min(earliest, today) if earliest else None, today)
        return edit

    def bound_date(
        self,
        edit: QDateTimeEdit,
        field: str,
        earliest: date | None,
        latest: date | None,
        why_earliest: str = "",
    ) -> None:
        """Dates outside [earliest, latest] are refused with the reason under the field, not
        snapped back in silence (the calendar pop-up still offers only the allowed days)."""
        calendar = edit.calendarWidget()
        if calendar is not None:
            if latest is not None:
                calendar.setMaximumDate(qdate(latest))
            if earliest is not None:
                calendar.setMinimumDate(qdate(earliest))
        rule = (edit, field, earliest, latest, why_earliest)
        self._date_rules.append(rule)
        edit.dateChanged.connect(lambda *_: self._show_date_problem(rule))

    def date_problem(self, rule: tuple[QDateTimeEdit, str, date | None, date | None, str]) -> str:
        edit, _field, earliest, latest, why = rule
        chosen = pydate(edit.date())
        if latest is not None and chosen > latest:
            return (
                self.tr("%1 is later than today (%2): a date cannot be in the future.")
                .replace("%1", chosen.isoformat())
                .replace("%2", latest.isoformat())
            )
        if earliest is not None and chosen < earliest:
            text = self.tr("%1 is too early: the earliest possible date is %2.")
            text = text.replace("%1", chosen.isoformat()).replace("%2", earliest.isoformat())
            return f"{text} {why}" if why else text
        return ""

    def _show_date_problem(self, rule: tuple[QDateTimeEdit, str, date | None, date | None, str]) -> None:
        problem = self.date_problem(rule)
        try:
            if problem or self.errors.text(rule[1]):
                self.errors.set(rule[1], problem)
        except KeyError:  # a date box not added as a field yet
            pass

    def check_dates(self) -> bool:
        """Show every date problem; False when there is one (nothing is saved then)."""
        ok = True
        for rule in self._date_rules:
            problem = self.date_problem(rule)
            if problem:
                try:
                    self.errors.set(rule[1], problem)
                except KeyError:
                    self.banner.show_message(problem, ok=False)
                if ok:
                    rule[0].setFocus()
                ok = False
        return ok

    def time_edit(self, name: str, value: datetime | None = None) -> QDateTimeEdit:
        at = value or self.now()
        edit = QDateTimeEdit(QDateTime(qdate(at.date()), QTime(at.hour, at.minute)))
        edit.setObjectName(name)
        edit.setCalendarPopup(True)
        edit.setDisplayFormat("yyyy-MM-dd HH:mm")
        return edit

    def now(self) -> datetime:
        # The desk's clock, not the database; it follows the FakeClock in tests and demos.
        return self._session.store.clock().replace(microsecond=0)

    def load_calendar(self) -> None:
        """Read the office's holiday calendar; deadline previews are redone when it arrives."""
        DbOp(self._session.store.work_calendar, parent=self).success(self._calendar_loaded).run()

    def _calendar_loaded(self, calendar: WorkCalendar) -> None:
        self.calendar = calendar
        self.calendar_changed()

    def calendar_changed(self) -> None:
        """Redo what depends on the calendar (deadline previews)."""

    def working_days_after(self, start: date, days: int) -> Deadline:
        return add_working_days(start, max(days, 1), self.calendar)

    def estimate_text(self) -> str:
        last_year = (self.calendar or WorkCalendar()).last_known_year
        return self.tr(
            "The chosen deadline lies beyond the years the holiday calendar knows (up to %1); "
            "it is estimated counting Monday to Friday."
        ).replace("%1", str(last_year))

    # -- saving ------------------------------------------------------------------------------

    def write(self) -> Callable[[], Any] | None:
        """The storage call that performs the move, or None when the form is not ready."""
        raise NotImplementedError

    def _shortcut_submit(self) -> None:
        if self.pages.currentWidget() is self.form_page:
            self.submit()

    def submit(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.banner.setVisible(False)
        if not self.check_dates():
            return
        fn = self.write()
        if fn is None:
            return
        self._set_busy(True)
        DbOp(fn, parent=self).success(self._succeeded).failure(self._failed).always(
            self._finished_saving
        ).run()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.save_button.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self.form_page.setCursor(Qt.CursorShape.BusyCursor if busy else Qt.CursorShape.ArrowCursor)

    def _finished_saving(self) -> None:
        self._set_busy(False)

    def _succeeded(self, result: object) -> None:
        # Saved as a record: the draft is done with.
        self._touched.clear()
        if self.drafts is not None:
            self.drafts.forget()
        self.saved.emit(result)
        self.after_save(result)

    def after_save(self, result: object) -> None:
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            shown = self.errors.show(exc.errors)
            if len(shown) == len(exc.errors):
                return
        self.banner.show_message(describe_error(exc), ok=False)

    def reject(self) -> None:
        # A save on its way cannot be called back; wait for its answer before closing.
        if self._busy:
            return
        # Esc, Cancel or the window's close: what was typed stays as this dialog's draft.
        if self.drafts is not None:
            self.drafts.save_now()
        super().reject()

    @property
    def busy(self) -> bool:
        return self._busy

    # -- the draft -------------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if self.drafts is None:
            self._start_drafts()

    def draft_key(self) -> str:
        return case_key(self.detail.id, self.objectName() or type(self).__name__)

    def _start_drafts(self) -> None:
        self._draft_fields = field_widgets(self.form_page)
        self._baseline = {name: value_of(w) for name, w in self._draft_fields.items()}
        keeper = DraftKeeper(
            self._session.drafts,
            self.draft_key(),
            self.draft_values,
            self._clear_typing,
            self.windowTitle(),
            self,
        )
        self.drafts = keeper
        for name, widget in self._draft_fields.items():
            for signal in user_edits(widget):
                signal.connect(lambda *_a, n=name: self._touch(n))
        draft = keeper.load()
        if draft is not None and draft.values:
            self._restore(draft.values)
            self.banner.show_message(
                self.tr("Restored the unsaved draft (typed %1).").replace(
                    "%1", draft.saved_at.strftime("%Y-%m-%d %H:%M")
                ),
                ok=True,
                button=self.tr("Discard"),
                action=self.ask_discard_draft,
            )
        keeper.start()

    def _touch(self, name: str) -> None:
        self._touched.add(name)
        if self.drafts is not None:
            self.drafts.changed()

    def draft_values(self) -> dict[str, Any] | None:
        """The fields the user changed, with their values; None when nothing differs."""
        values = {}
        for name in sorted(self._touched):
            widget = self._draft_fields.get(name)
            if widget is None:
                continue
            value = value_of(widget)
            if value != self._baseline.get(name):
                values[name] = value
        return values or None

    def has_typing(self) -> bool:
        return self.draft_values() is not None

    def _restore(self, values: dict[str, Any]) -> None:
        # Unchecked buttons first: checking one of an exclusive group unchecks the others.
        ordered = sorted(values.items(), key=lambda item: item[1] is True)
        for name, value in ordered:
            widget = self._draft_fields.get(name)
            if widget is not None:
                set_value(widget, value)
                self._restored[name] = value
                self._touched.add(name)

    def reapply_draft(self, *names: str) -> None:
        """Put restored values back after the dialog filled these fields itself (a list loaded)."""
        for name in names:
            widget = self._draft_fields.get(name)
            if widget is not None and name in self._restored:
                set_value(widget, self._restored[name])

    def ask_discard_draft(self) -> None:
        ask_discard(self, self._discard_draft)

    def _discard_draft(self) -> None:
        if self.drafts is not None:
            self.drafts.discard_typing()

    def _clear_typing(self) -> None:
        for name in list(self._touched):
            widget = self._draft_fields.get(name)
            if widget is not None and name in self._baseline:
                set_value(widget, self._baseline[name])
        self._touched.clear()
        self._restored.clear()
        self.banner.setVisible(False)


class ReferDialog(ActionDialog):
    """Issue a referral slip (交办单). From a dissatisfied case this opens the second round (二次
    督办), from a reopened one the next round; after the unit returned the slip (退回), the case is
    referred again within the same round, usually to another unit."""

    # "Print the slip now" on the confirmation: the round and serial of the slip just issued.
    print_requested = Signal(int, str)

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("referDialog")
        status = CaseStatus(detail.status)
        self.again_after_return = status is CaseStatus.RETURNED
        self.round_no = detail.round_no if self.again_after_return else detail.round_no + 1
        second = is_re_supervision(self.round_no) and status is CaseStatus.DISSATISFIED
        if self.again_after_return:
            title = self.tr("Refer again: the unit returned the slip")
        elif status is CaseStatus.REOPENED:
            title = self.tr("Reopened case: refer again")
        elif second:
            title = self.tr("Second round of supervision: refer again")
        else:
            title = self.tr("Refer to a handling unit")
        self.setWindowTitle(title)
        self.save_button.setText(self.tr("Issue the slip"))
        self._units: list[HandlingUnitInfo] = []
        self._prefilled_handler = ""
        self.result_referral: ReferralInfo | None = None

        returned = detail.current_referral if self.again_after_return else None
        if returned is not None:
            self.returned_label = QLabel(
                self.tr("Slip %1 was returned by %2 on %3: %4")
                .replace("%1", returned.serial)
                .replace("%2", returned.handling_unit_name)
                .replace("%3", returned.returned_on.isoformat() if returned.returned_on else "")
                .replace("%4", returned.return_reason)
            )
            self.returned_label.setObjectName("returnedLabel")
            self.returned_label.setWordWrap(True)
            self.returned_label.setStyleSheet(
                f"color: {WARNING_COLOUR}; background: #fff4e5; border: 1px solid {WARNING_COLOUR}; padding: 6px;"
            )
            self.form.addRow(self.returned_label)
        if second:
            self.round_label = QLabel(self._second_round_text())
            self.round_label.setObjectName("roundLabel")
            self.round_label.setWordWrap(True)
            self.round_label.setStyleSheet(
                f"color: {WARNING_COLOUR}; background: #fff4e5; border: 1px solid {WARNING_COLOUR};"
                " padding: 6px; font-weight: bold;"
            )
            self.form.addRow(self.round_label)

        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitCombo")
        self.unit_combo.setPlaceholderText(self.tr("Loading handling units…"))
        self.unit_combo.setEnabled(False)
        self.handler_edit = QLineEdit()
        self.handler_edit.setObjectName("handlerEdit")
        self.handler_edit.setPlaceholderText(self.tr("The person at the unit who answers for it"))
        today = self.now().date()
        self.referred_on = QDateEdit(qdate(today))
        self.referred_on.setObjectName("referredOn")
        self.referred_on.setCalendarPopup(True)
        self.referred_on.setDisplayFormat("yyyy-MM-dd")
        self.bound_date(
            self.referred_on,
            "referred_on",
            min(self._earliest_referral_date(), today),
            today,
            self.tr("A slip cannot be dated before the reception, nor before an earlier slip or return."),
        )
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("workingDays")
        self.days_spin.setRange(1, MAX_WORKING_DAYS)
        self.days_spin.setValue(DEFAULT_REPLY_WORKING_DAYS)
        self.days_spin.setSuffix(self.tr(" working days"))
        self.due_label = QLabel()
        self.due_label.setObjectName("duePreview")
        font = QFont(self.due_label.font())
        font.setBold(True)
        self.due_label.setFont(font)
        self.estimate_label = QLabel()
        self.estimate_label.setObjectName("dueEstimated")
        self.estimate_label.setWordWrap(True)
        self.estimate_label.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.estimate_label.setVisible(False)
        due_box = QWidget()
        due_layout = QVBoxLayout(due_box)
        due_layout.setContentsMargins(0, 0, 0, 0)
        due_layout.addWidget(self.due_label)
        due_layout.addWidget(self.estimate_label)
        self.supervisor_combo = QComboBox()
        self.supervisor_combo.setObjectName("supervisorCombo")
        self.supervisor_combo.setEditable(True)
        self.supervisor_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._fill_supervisors(self._supervisor_choices(), None, [])
        line = self.supervisor_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("The deputy who supervises this slip"))
        self.note_edit = self.text_box(self.tr("Anything the unit should know (optional)"), height=70)
        self.note_edit.setObjectName("noteEdit")

        self.add_field(self.tr("Handling unit"), "handling_unit_id", self.unit_combo)
        self.add_field(self.tr("Handler"), "handler", self.handler_edit)
        self.add_field(self.tr("Referred on"), "referred_on", self.referred_on)
        self.add_field(self.tr("Time allowed"), "working_days", self.days_spin)
        self.form.addRow(self.tr("Reply due"), due_box)
        self.add_field(self.tr("Supervisor"), "supervisor", self.supervisor_combo)
        self.add_field(self.tr("Note"), "note", self.note_edit)

        self._build_done_page()
        self.unit_combo.currentIndexChanged.connect(self._unit_chosen)
        self.referred_on.dateChanged.connect(self._update_due)
        self.days_spin.valueChanged.connect(self._update_due)
        self.errors.clear_on("handling_unit_id", self.unit_combo.currentIndexChanged)
        self.errors.clear_on("supervisor", self.supervisor_combo.currentTextChanged)
        self._update_due()
        self.resize(560, self.sizeHint().height())
        self._load_units()
        self._load_roster()
        self.load_calendar()

    def _earliest_referral_date(self) -> date:
        earliest = self.detail.received_at.date()
        for r in self.detail.referrals:
            earliest = max(earliest, r.referred_on, r.returned_on or r.referred_on)
        return earliest

    def calendar_changed(self) -> None:
        self._update_due()

    def _second_round_text(self) -> str:
        text = self.tr(
            "Round %1 · second round of supervision: the citizen was dissatisfied with the last reply."
        ).replace("%1", str(self.round_no))
        last = self.detail.callbacks[-1] if self.detail.callbacks else None
        if last is not None and last.citizen_words:
            text += "\n" + self.tr("The citizen said: %1").replace("%1", last.citizen_words)
        return text

    def _supervisor_choices(self) -> list[str]:
        """Suggestions in order; the first is the default. The box stays editable."""
        names: list[str] = []
        returned = self.detail.current_referral if self.again_after_return else None
        if returned is not None:
            # Referred again within the round: the round's supervisor stays.
            names.append(returned.supervisor)
        if is_re_supervision(self.round_no):
            names.append(escalated_supervisor())
            names += [r.supervisor for r in reversed(self.detail.referrals)]
        names += [d.name for d in self.detail.deputies]
        if self._session.operator.role == OperatorRole.DEPUTY.value:
            # A duty deputy referring a case supervises it unless they name someone else.
            names.append(self._session.operator.name)
        return [n for n in dict.fromkeys(names) if n]

    def _load_roster(self) -> None:
        """The deputies of the roster, today's duty first: the choices when the case names none."""
        store = self._session.store

        def read() -> tuple[TodayDuty, list[DeputyInfo]]:
            return store.today_duty(), store.deputies()

        DbOp(read, parent=self).success(self._roster_loaded).run()

    def _roster_loaded(self, result: tuple[TodayDuty, list[DeputyInfo]]) -> None:
        duty, deputies = result
        on_duty = list(dict.fromkeys(o.assignment.deputy_name for o in duty.on_duty))
        on_duty += [v.deputy_name for v in duty.off_rota if v.deputy_name not in on_duty]
        everyone = [d.name for d in deputies if d.active]
        self._fill_supervisors(self._supervisor_choices(), on_duty, everyone)

    def _fill_supervisors(
        self, case_names: list[str], on_duty: list[str] | None, everyone: list[str]
    ) -> None:
        """The case's own suggestions, then today's duty deputies, then every active deputy of the
        roster, each group under a heading; what the user typed or chose stays."""
        combo = self.supervisor_combo
        typed = combo.currentText()
        user_chose = "supervisorCombo" in self._touched
        combo.blockSignals(True)
        combo.clear()
        model = combo.model()
        shown: set[str] = set()

        def group(title: str, names: list[str]) -> None:
            names = [n for n in names if n and n not in shown]
            if not names:
                return
            if combo.count():
                combo.insertSeparator(combo.count())
            combo.addItem(title)
            item = model.item(combo.count() - 1) if hasattr(model, "item") else None
            if item is not None:
                item.setEnabled(False)
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            for name in names:
                combo.addItem(name, name)
                shown.add(name)

        group(self.tr("For this case"), case_names)
        if on_duty is not None:
            group(self.tr("On duty today"), on_duty)
            group(self.tr("All deputies on the roster"), everyone)
        first = next((i for i in range(combo.count()) if combo.itemData(i)), -1)
        if user_chose or (typed and on_duty is not None):
            combo.setCurrentIndex(-1)
            combo.setEditText(typed)
        elif case_names:
            combo.setCurrentIndex(first)
        elif on_duty:
            # Nobody named on the case: the first deputy on duty today supervises by default.
            combo.setCurrentIndex(combo.findData(on_duty[0]))
        else:
            combo.setCurrentIndex(-1)
            combo.setEditText("")
        combo.blockSignals(False)

    def _build_done_page(self) -> None:
        self.done_page = QWidget()
        box = QVBoxLayout(self.done_page)
        self.done_title = heading(self.tr("The referral slip is issued"), 1.2)
        self.done_title.setStyleSheet(f"color: {OK_COLOUR};")
        self.serial_label = QLabel()
        self.serial_label.setObjectName("serialLabel")
        self.serial_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.serial_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = QFont(self.serial_label.font())
        font.setBold(True)
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.8)
        self.serial_label.setFont(font)
        self.serial_label.setStyleSheet("border: 2px solid #1e6b34; padding: 12px; background: #f3faf5;")
        self.done_detail = QLabel()
        self.done_detail.setObjectName("doneDetail")
        self.done_detail.setWordWrap(True)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.clicked.connect(self.accept)
        # The paper slip goes with the case to the unit: print it now, from here.
        self.print_button = QPushButton(self.tr("Print the slip now…"))
        self.print_button.setObjectName("printSlipNowButton")
        self.print_button.clicked.connect(self._print_now)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.print_button)
        row.addWidget(self.close_button)
        box.addWidget(self.done_title)
        box.addWidget(hint(self.tr("Write this number on the paper slip and in any call to the unit:")))
        box.addWidget(self.serial_label)
        box.addWidget(self.done_detail)
        box.addStretch(1)
        box.addLayout(row)
        self.pages.addWidget(self.done_page)

    def _load_units(self) -> None:
        store = self._session.store
        DbOp(store.handling_units, parent=self).success(self._units_loaded).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _units_loaded(self, units: list[HandlingUnitInfo]) -> None:
        self._units = units
        self.unit_combo.clear()
        for unit in units:
            self.unit_combo.addItem(unit.name, unit.id)
        self.unit_combo.setPlaceholderText(self.tr("Choose the handling unit"))
        self.unit_combo.setEnabled(bool(units))
        if not units:
            self.banner.show_message(
                self.tr(
                    "There is no handling unit yet. Add the units in the directory of handling units first."
                ),
                ok=False,
            )
            return
        # A second round usually goes back to the same unit, supervised harder; a returned slip
        # was sent to the wrong unit, so the clerk chooses again.
        previous = None if self.again_after_return else self.detail.current_referral
        index = self.unit_combo.findData(previous.handling_unit_id) if previous else -1
        self.unit_combo.setCurrentIndex(index)
        if index >= 0 and previous is not None and not self.handler_edit.text():
            self.handler_edit.setText(previous.handler)
            self._prefilled_handler = previous.handler
        # A draft's unit was chosen before the list was there: choose it now.
        self.reapply_draft("unitCombo")
        self.errors.clear("handling_unit_id")

    def _unit_chosen(self, index: int) -> None:
        if index < 0 or index >= len(self._units):
            return
        contact = self._units[index].contact_person
        # Fill the handler from the unit's contact person, but never over what the user typed.
        if not self.handler_edit.text().strip() or self.handler_edit.text() == self._prefilled_handler:
            self.handler_edit.setText(contact)
            self._prefilled_handler = contact

    def deadline(self) -> Deadline:
        return self.working_days_after(pydate(self.referred_on.date()), self.days_spin.value())

    def _update_due(self) -> None:
        deadline = self.deadline()
        self.due_label.setText(long_date(deadline.due))
        if deadline.estimated:
            self.estimate_label.setText(self.estimate_text())
        self.estimate_label.setVisible(deadline.estimated)

    def draft(self) -> ReferralDraft:
        return ReferralDraft(
            handling_unit_id=self.unit_combo.currentData() if self.unit_combo.currentIndex() >= 0 else None,
            handler=self.handler_edit.text(),
            referred_on=pydate(self.referred_on.date()),
            working_days=self.days_spin.value(),
            supervisor=self.supervisor_combo.currentText(),
            note=self.note_edit.toPlainText(),
        )

    def write(self) -> Callable[[], Any] | None:
        draft, store, reception_id = self.draft(), self._session.store, self.detail.id
        by = self._session.operator.id
        return lambda: store.refer(reception_id, draft, by=by)

    def after_save(self, result: object) -> None:
        assert isinstance(result, ReferralInfo)
        self.result_referral = result
        self.serial_label.setText(result.serial)
        lines = [
            self.tr("Handling unit: %1").replace("%1", result.handling_unit_name),
            self.tr("Reply due: %1").replace("%1", long_date(result.reply_due)),
        ]
        if is_re_supervision(result.round_no) and not self.again_after_return:
            lines.insert(
                0, self.tr("Round %1 · second round of supervision").replace("%1", str(result.round_no))
            )
        self.done_detail.setText("\n".join(lines))
        self.pages.setCurrentWidget(self.done_page)
        self.print_button.setDefault(True)
        self.print_button.setFocus()

    def _print_now(self) -> None:
        referral = self.result_referral
        if referral is None:
            return
        self.accept()
        self.print_requested.emit(referral.round_no, referral.serial)


class ReplyDialog(ActionDialog):
    """Record the handling unit's reply (办理结果/答复) to the current slip."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("replyDialog")
        self.setWindowTitle(self.tr("Record the unit's reply"))
        self.save_button.setText(self.tr("Save the reply"))
        self.referral = detail.current_referral
        today = self.now().date()
        if self.referral is not None:
            slip = QLabel(
                self.tr("Slip %1 · %2 · reply due %3")
                .replace("%1", self.referral.serial)
                .replace("%2", self.referral.handling_unit_name)
                .replace("%3", self.referral.reply_due.isoformat())
            )
            slip.setObjectName("slipLine")
            slip.setWordWrap(True)
            self.form.addRow(slip)
        self.replied_on = QDateEdit(qdate(today))
        self.replied_on.setObjectName("repliedOn")
        self.replied_on.setCalendarPopup(True)
        self.replied_on.setDisplayFormat("yyyy-MM-dd")
        self.bound_date(
            self.replied_on,
            "replied_on",
            min(self.referral.referred_on, today) if self.referral is not None else None,
            today,
            self.tr("A reply cannot come before the slip was issued."),
        )
        self.on_time_label = QLabel()
        self.on_time_label.setObjectName("onTimeLabel")
        self.reply_edit = self.text_box(self.tr("What the unit did or answered"), height=160)
        self.reply_edit.setObjectName("replyEdit")
        date_row = QWidget()
        row = QHBoxLayout(date_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.replied_on)
        row.addWidget(self.on_time_label, 1)
        self.add_field(self.tr("Replied on"), "replied_on", date_row, self.replied_on)
        self.add_field(self.tr("Reply"), "reply_text", self.reply_edit)
        self.replied_on.dateChanged.connect(self._update_on_time)
        self.errors.clear_on("reply_text", self.reply_edit.textChanged)
        self._update_on_time()
        self.resize(560, 420)

    def _update_on_time(self) -> None:
        if self.referral is None:
            return
        on_time = pydate(self.replied_on.date()) <= self.referral.reply_due
        self.on_time_label.setText(
            self.tr("On time")
            if on_time
            else self.tr("Late: it was due on %1").replace("%1", self.referral.reply_due.isoformat())
        )
        self.on_time_label.setStyleSheet(f"color: {OK_COLOUR if on_time else ERROR_COLOUR};")

    def write(self) -> Callable[[], Any] | None:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        replied_on, text = pydate(self.replied_on.date()), self.reply_edit.toPlainText()
        return lambda: store.record_reply(reception_id, replied_on=replied_on, reply_text=text, by=by)


class CallbackDialog(ActionDialog):
    """Call the citizen back and record their verdict: the only place satisfaction is recorded."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("callbackDialog")
        self.setWindowTitle(self.tr("Call the citizen back"))
        self.save_button.setText(self.tr("Save the callback"))
        if detail.citizen_phone:
            phone = QLabel(self.tr("Phone: %1").replace("%1", detail.citizen_phone))
            phone.setObjectName("phoneLine")
            phone.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(phone)
        self._add_reply_box(detail)
        self._add_suggestions(detail)
        self.called_at = self.time_edit("calledAt")
        self.caller_edit = QLineEdit(session.operator.name)
        self.caller_edit.setObjectName("callerEdit")
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("methodCombo")
        for method in CallbackMethod:
            self.method_combo.addItem(labels.label(method), method.value)

        self.verdict_group = QButtonGroup(self)
        self.verdict_box = QWidget()
        self.verdict_box.setObjectName("verdictBox")
        verdict_row = QHBoxLayout(self.verdict_box)
        verdict_row.setContentsMargins(0, 0, 0, 0)
        self.verdict_buttons: dict[Verdict, QRadioButton] = {}
        for verdict in Verdict:
            button = QRadioButton(labels.label(verdict))
            button.setObjectName(f"verdict_{verdict.value}")
            self.verdict_group.addButton(button)
            self.verdict_buttons[verdict] = button
            verdict_row.addWidget(button)
        verdict_row.addStretch(1)
        self.cause_buttons, self.cause_box = cause_choice(self)
        self.verdict_hint = QLabel()
        self.verdict_hint.setObjectName("verdictHint")
        self.verdict_hint.setWordWrap(True)
        self.verdict_hint.setVisible(False)
        self.words_edit = self.text_box(self.tr("What the citizen said, in their words"), height=110)
        self.words_edit.setObjectName("wordsEdit")

        self.add_field(self.tr("Called at"), "called_at", self.called_at)
        self.add_field(self.tr("Caller"), "caller", self.caller_edit)
        self.add_field(self.tr("Method"), "method", self.method_combo)
        self.add_field(self.tr("Verdict"), "verdict", self.verdict_box)
        self.add_field(self.tr("Why dissatisfied"), "cause", self.cause_box)
        self.set_row_visible(self.cause_box, False)
        self.form.addRow("", self.verdict_hint)
        self.add_field(self.tr("Citizen's words"), "citizen_words", self.words_edit)
        self.errors.clear_on("citizen_words", self.words_edit.textChanged)
        self.verdict_group.buttonToggled.connect(self._verdict_changed)
        for button in self.cause_buttons.values():
            button.toggled.connect(self._verdict_changed)
        self.resize(560, 480)

    def _add_suggestions(self, detail: CaseDetail) -> None:
        """A deputy's suggestion made from this case (issue 13) and its outcome, for the caller to
        tell the citizen."""
        for event in detail.timeline:
            if event.kind != "suggestion":
                continue
            line = QLabel(
                self.tr("Deputy's suggestion “%1”: %2")
                .replace("%1", str(event.detail.get("title", "")))
                .replace("%2", str(event.detail.get("outcome", "")))
            )
            line.setObjectName("suggestionOutcome")
            line.setWordWrap(True)
            self.form.addRow(line)

    def _add_reply_box(self, detail: CaseDetail) -> None:
        """The unit's reply, which the caller reads out to the citizen before asking the verdict."""
        slip = detail.current_referral
        if slip is None or not slip.reply_text:
            return
        caption = QLabel(
            self.tr("Reply of %1 on %2 (slip %3):")
            .replace("%1", slip.handling_unit_name)
            .replace("%2", slip.replied_on.isoformat() if slip.replied_on else "—")
            .replace("%3", slip.serial)
        )
        caption.setObjectName("replyCaption")
        caption.setWordWrap(True)
        caption.setStyleSheet("font-weight: bold;")
        text = QLabel(slip.reply_text)
        text.setObjectName("replyText")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text.setStyleSheet("background: #f4f6f8; border: 1px solid #c8ccd0; padding: 6px;")
        self.form.addRow(caption)
        self.form.addRow(text)

    def cause(self) -> DissatisfactionCause | None:
        return checked_cause(self.cause_buttons)

    def verdict(self) -> Verdict | None:
        for verdict, button in self.verdict_buttons.items():
            if button.isChecked():
                return verdict
        return None

    def _verdict_changed(self, *_args: object) -> None:
        self.errors.clear("verdict")
        verdict = self.verdict()
        dissatisfied = verdict is Verdict.DISSATISFIED
        self.set_row_visible(self.cause_box, dissatisfied)
        if dissatisfied:
            if self.cause() is not None:
                self.errors.clear("cause")
            if self.cause() is DissatisfactionCause.BEYOND_POLICY:
                self.verdict_hint.setText(
                    self.tr(
                        "Dissatisfied with a demand beyond policy: the office may "
                        "close the case with a written explanation, or start a "
                        "second round."
                    )
                )
            else:
                self.verdict_hint.setText(
                    self.tr("Dissatisfied: the case will need a second round of supervision with a new slip.")
                )
            self.verdict_hint.setStyleSheet(f"color: {WARNING_COLOUR};")
        elif verdict is not None:
            self.verdict_hint.setText(self.tr("The case can then be signed off."))
            self.verdict_hint.setStyleSheet(f"color: {OK_COLOUR};")
        self.verdict_hint.setVisible(verdict is not None)
        self.words_edit.setPlaceholderText(
            self.tr("Required: what the citizen said they are dissatisfied with, in their words")
            if dissatisfied
            else self.tr("What the citizen said, in their words")
        )
        if not dissatisfied:
            self.errors.clear("citizen_words")

    def draft(self) -> CallbackDraft:
        verdict = self.verdict()
        return CallbackDraft(
            called_at=pydatetime(self.called_at),
            caller=self.caller_edit.text(),
            method=self.method_combo.currentData(),
            verdict=verdict.value if verdict else None,
            citizen_words=self.words_edit.toPlainText(),
            cause=(self.cause() or "") if verdict is Verdict.DISSATISFIED else "",
        )

    def write(self) -> Callable[[], Any] | None:
        draft, store, reception_id = self.draft(), self._session.store, self.detail.id
        if callback_refusal(draft.verdict or "", draft.citizen_words) is not None:
            # The store refuses it too; said here at once, next to the field.
            self.errors.set("citizen_words", self.words_required_text())
            if not draft.cause:
                self.errors.set("cause", field_problem_text(FieldProblem.REQUIRED))
            self.words_edit.setFocus()
            return None
        by = self._session.operator.id
        return lambda: store.record_callback(reception_id, draft, by=by)

    def words_required_text(self) -> str:
        return self.tr("A dissatisfied citizen's words are required: write what they are dissatisfied with.")


class SignOffDialog(ActionDialog):
    """Confirm the sign-off (销号) of a case whose citizen was satisfied."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("signOffDialog")
        self.setWindowTitle(self.tr("Sign the case off"))
        self.save_button.setText(self.tr("Sign off"))
        question = heading(
            self.tr("Sign this case off? It is then closed: no more slips or callbacks."), 1.05
        )
        question.setWordWrap(True)
        question.setObjectName("signOffQuestion")
        self.form.addRow(question)
        last = detail.callbacks[-1] if detail.callbacks else None
        if last is not None:
            basis = QLabel(
                self.tr("Callback: %1 on %2 by %3 (%4)")
                .replace("%1", labels.label_of(Verdict, last.verdict))
                .replace("%2", last.called_at.strftime("%Y-%m-%d %H:%M"))
                .replace("%3", last.caller)
                .replace("%4", labels.label_of(CallbackMethod, last.method))
            )
            basis.setObjectName("signOffBasis")
            basis.setWordWrap(True)
            self.form.addRow(basis)
        if detail.status != CaseStatus.SATISFIED.value:
            self.banner.show_message(describe_error_for_status(detail.status), ok=False)
        self.note_edit = self.text_box(self.tr("Note on the sign-off (optional)"), height=80)
        self.note_edit.setObjectName("noteEdit")
        self.add_field(self.tr("Note"), "note", self.note_edit)
        self.resize(520, 300)

    def write(self) -> Callable[[], Any] | None:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        note = self.note_edit.toPlainText()
        return lambda: store.sign_off(reception_id, by=by, note=note)


def describe_error_for_status(status: str) -> str:
    """Why a sign-off is refused in `status` (the same words the store's refusal gives)."""
    refusal = refusal_for(Move.SIGN_OFF, CaseStatus(status))
    return refusal_text(refusal) if refusal is not None else ""
