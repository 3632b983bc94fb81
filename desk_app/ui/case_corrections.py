"""Corrections (更正) as dialogs: a mistyped registration, slip, reply or verdict put right, each
with a written reason. The fields come prefilled with what is recorded now; the store keeps the
old values (the case's history shows old → new) and refuses a correction that changes nothing.

A wrong handling unit is not corrected here: the unit returns the slip (退回) and the case is
referred again. A corrected verdict moves the case between satisfied and dissatisfied within
the round, never past a sign-off (a signed-off case is reopened instead).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desk_app.domain.casebook import DissatisfactionCause
from desk_app.domain.validation import MAX_HEADCOUNT, MAX_WORKING_DAYS, ReceptionDraft
from desk_app.domain.vocab import Channel, Outcome, Verdict
from desk_app.storage.corrections import ReferralCorrection
from desk_app.storage.records import CaseDetail, CategoryInfo
from desk_app.ui.case_actions import ActionDialog, cause_choice, checked_cause, pydatetime
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import long_date, pydate
from desk_app.ui.kit.widgets import WARNING_COLOUR
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession


class CorrectionDialog(ActionDialog):
    """A correction: the fields, then the reason it is corrected."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.save_button.setText(self.tr("Save the correction"))
        note = QLabel(
            self.tr(
                "Change what was recorded wrongly and say why. The old values stay in the case's history."
            )
        )
        note.setObjectName("correctionNote")
        note.setWordWrap(True)
        self.form.addRow(note)

    def add_reason_row(self) -> None:
        self.reason_edit = self.add_reason(
            self.tr("Why it is corrected"), self.tr("e.g. the name was misheard; the unit gave another date")
        )


class CorrectRegistrationDialog(CorrectionDialog):
    """What was registered: time, channel, the citizen, the category, what they raised, how many
    people were received, the 备注."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("correctRegistrationDialog")
        self.setWindowTitle(self.tr("Correct the registration"))
        self.received_at = self.time_edit("receivedAt", detail.received_at)
        self.bound_date(self.received_at, "received_at", None, self.now().date())
        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channelCombo")
        for channel in Channel:
            self.channel_combo.addItem(labels.label(channel), channel.value)
        self.channel_combo.setCurrentIndex(max(self.channel_combo.findData(detail.channel), 0))
        self.name_edit = QLineEdit(detail.citizen_name)
        self.name_edit.setObjectName("citizenName")
        self.phone_edit = QLineEdit(detail.citizen_phone)
        self.phone_edit.setObjectName("citizenPhone")
        self.address_edit = QLineEdit(detail.citizen_address)
        self.address_edit.setObjectName("citizenAddress")
        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryCombo")
        self.category_combo.addItem(detail.category_name or self.tr("(none)"), detail.category_id or "")
        self.content_edit = self.text_box("", height=110)
        self.content_edit.setObjectName("contentEdit")
        self.content_edit.setPlainText(detail.content)
        self.answer_edit = self.text_box("", height=70)
        self.answer_edit.setObjectName("answerEdit")
        self.answer_edit.setPlainText(detail.on_site_answer)
        self.add_field(self.tr("Received"), "received_at", self.received_at)
        self.add_field(self.tr("Channel"), "channel", self.channel_combo)
        self.add_field(self.tr("Citizen"), "citizen_name", self.name_edit)
        self.add_field(self.tr("Phone"), "citizen_phone", self.phone_edit)
        self.add_field(self.tr("Address"), "citizen_address", self.address_edit)
        self.add_field(self.tr("Category"), "category_id", self.category_combo)
        self.add_field(self.tr("What was raised"), "content", self.content_edit)
        self.add_field(self.tr("Answer on the spot"), "on_site_answer", self.answer_edit)
        # 接待人数 and 备注 (issue 11): a group counted as one person, a note typed wrongly.
        self.headcount_spin = QSpinBox()
        self.headcount_spin.setObjectName("headcount")
        self.headcount_spin.setRange(1, MAX_HEADCOUNT)
        self.headcount_spin.setValue(min(max(detail.headcount, 1), MAX_HEADCOUNT))
        self.headcount_spin.setSuffix(self.tr(" people"))
        self.note_edit = self.text_box("", height=60)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlainText(detail.note)
        self.add_field(self.tr("People received"), "headcount", self.headcount_spin)
        self.add_field(self.tr("Note"), "note", self.note_edit)
        self.set_row_visible(self.answer_edit, detail.outcome == Outcome.RESOLVED_ON_SITE.value)
        self.add_reason_row()
        for field, widget in (
            ("citizen_name", self.name_edit),
            ("citizen_phone", self.phone_edit),
            ("citizen_address", self.address_edit),
        ):
            self.errors.clear_on(field, widget.textChanged)
        self.errors.clear_on("content", self.content_edit.textChanged)
        self.errors.clear_on("headcount", self.headcount_spin.valueChanged)
        self.errors.clear_on("note", self.note_edit.textChanged)
        self.resize(620, 780)
        store = session.store
        DbOp(lambda: store.categories(include_inactive=True), parent=self).success(
            self._categories_loaded
        ).failure(lambda exc: self.banner.show_message(describe_error(exc), ok=False)).run()

    def _categories_loaded(self, categories: list[CategoryInfo]) -> None:
        keep = self.category_combo.currentData()
        self.category_combo.clear()
        self.category_combo.addItem(self.tr("(none)"), "")
        for c in categories:
            if c.active or c.id == keep:
                self.category_combo.addItem(c.name, c.id)
        self.category_combo.setCurrentIndex(max(self.category_combo.findData(keep), 0))

    def draft(self) -> ReceptionDraft:
        return ReceptionDraft(
            received_at=pydatetime(self.received_at),
            channel=self.channel_combo.currentData(),
            content=self.content_edit.toPlainText(),
            outcome=self.detail.outcome,
            citizen_name=self.name_edit.text(),
            citizen_phone=self.phone_edit.text(),
            citizen_address=self.address_edit.text(),
            category_id=self.category_combo.currentData() or None,
            on_site_answer=self.answer_edit.toPlainText(),
            headcount=self.headcount_spin.value(),
            note=self.note_edit.toPlainText(),
        )

    def write(self) -> Callable[[], Any] | None:
        draft, store, reception_id, by = (
            self.draft(),
            self._session.store,
            self.detail.id,
            self._session.operator.id,
        )
        reason = self.reason_edit.toPlainText()
        return lambda: store.correct_registration(reception_id, draft, reason=reason, by=by)


class CorrectReferralDialog(CorrectionDialog):
    """The slip in force: handler, supervisor, working days (the deadline follows), note."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("correctReferralDialog")
        self.setWindowTitle(self.tr("Correct the referral slip"))
        self.slip = detail.current_referral
        slip = self.slip
        if slip is not None:
            line = QLabel(
                self.tr("Slip %1 · %2 · referred on %3")
                .replace("%1", slip.serial)
                .replace("%2", slip.handling_unit_name)
                .replace("%3", slip.referred_on.isoformat())
            )
            line.setObjectName("slipLine")
            line.setWordWrap(True)
            self.form.addRow(line)
        self.handler_edit = QLineEdit(slip.handler if slip else "")
        self.handler_edit.setObjectName("handlerEdit")
        self.supervisor_edit = QLineEdit(slip.supervisor if slip else "")
        self.supervisor_edit.setObjectName("supervisorEdit")
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("workingDays")
        self.days_spin.setRange(1, MAX_WORKING_DAYS)
        self.days_spin.setValue(slip.working_days if slip else 1)
        self.days_spin.setSuffix(self.tr(" working days"))
        self.due_label = QLabel()
        self.due_label.setObjectName("duePreview")
        self.due_label.setWordWrap(True)
        self.note_edit = self.text_box("", height=70)
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setPlainText(slip.note if slip else "")
        self.add_field(self.tr("Handler"), "handler", self.handler_edit)
        self.add_field(self.tr("Supervisor"), "supervisor", self.supervisor_edit)
        self.add_field(self.tr("Time allowed"), "working_days", self.days_spin)
        self.form.addRow(self.tr("Reply due"), self.due_label)
        self.add_field(self.tr("Note"), "note", self.note_edit)
        self.add_reason_row()
        unit_hint = QLabel(
            self.tr(
                "A wrong handling unit is not corrected: the unit returns the slip and the case "
                "is referred again."
            )
        )
        unit_hint.setWordWrap(True)
        unit_hint.setStyleSheet(f"color: {WARNING_COLOUR};")
        self.form.addRow("", unit_hint)
        self.errors.clear_on("supervisor", self.supervisor_edit.textChanged)
        self.days_spin.valueChanged.connect(self._update_due)
        self._update_due()
        self.load_calendar()
        self.resize(580, 520)

    def calendar_changed(self) -> None:
        self._update_due()

    def _update_due(self) -> None:
        if self.slip is None:
            return
        deadline = self.working_days_after(self.slip.referred_on, self.days_spin.value())
        text = long_date(deadline.due)
        if deadline.estimated:
            text += "\n" + self.estimate_text()
        self.due_label.setText(text)

    def write(self) -> Callable[[], Any] | None:
        fix = ReferralCorrection(
            handler=self.handler_edit.text(),
            supervisor=self.supervisor_edit.text(),
            working_days=self.days_spin.value(),
            note=self.note_edit.toPlainText(),
        )
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        reason = self.reason_edit.toPlainText()
        return lambda: store.correct_referral(reception_id, fix, reason=reason, by=by)


class CorrectReplyDialog(CorrectionDialog):
    """The reply of the current round: its date and text."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("correctReplyDialog")
        self.setWindowTitle(self.tr("Correct the unit's reply"))
        slip = detail.current_referral
        replied = slip.replied_on if slip and slip.replied_on else self.now().date()
        self.replied_on = self.date_edit(replied, "repliedOn", slip.referred_on if slip else None)
        self.reply_edit = self.text_box("", height=140)
        self.reply_edit.setObjectName("replyEdit")
        self.reply_edit.setPlainText(slip.reply_text if slip else "")
        self.add_field(self.tr("Replied on"), "replied_on", self.replied_on)
        self.add_field(self.tr("Reply"), "reply_text", self.reply_edit)
        self.add_reason_row()
        self.errors.clear_on("reply_text", self.reply_edit.textChanged)
        self.resize(580, 480)

    def write(self) -> Callable[[], Any] | None:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        replied_on, text = pydate(self.replied_on.date()), self.reply_edit.toPlainText()
        reason = self.reason_edit.toPlainText()
        return lambda: store.correct_reply(
            reception_id, replied_on=replied_on, reply_text=text, reason=reason, by=by
        )


class CorrectVerdictDialog(CorrectionDialog):
    """The latest callback's verdict (a mis-clicked 满意) and why a citizen is dissatisfied."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("correctVerdictDialog")
        self.setWindowTitle(self.tr("Correct the callback's verdict"))
        last = next((c for c in reversed(detail.callbacks) if c.round_no == detail.round_no), None)
        if last is not None:
            line = QLabel(
                self.tr("Callback on %1 by %2")
                .replace("%1", last.called_at.strftime("%Y-%m-%d %H:%M"))
                .replace("%2", last.caller)
            )
            line.setObjectName("callbackLine")
            self.form.addRow(line)
        self.verdict_group = QButtonGroup(self)
        self.verdict_box = QWidget()
        self.verdict_box.setObjectName("verdictBox")
        row = QHBoxLayout(self.verdict_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.verdict_buttons: dict[Verdict, QRadioButton] = {}
        for verdict in Verdict:
            button = QRadioButton(labels.label(verdict))
            button.setObjectName(f"verdict_{verdict.value}")
            self.verdict_group.addButton(button)
            self.verdict_buttons[verdict] = button
            row.addWidget(button)
            button.setChecked(last is not None and last.verdict == verdict.value)
        row.addStretch(1)
        self.cause_buttons, self.cause_box = cause_choice(self)
        if last is not None and last.cause in {c.value for c in DissatisfactionCause}:
            self.cause_buttons[DissatisfactionCause(last.cause)].setChecked(True)
        self.add_field(self.tr("Verdict"), "verdict", self.verdict_box)
        self.add_field(self.tr("Why dissatisfied"), "cause", self.cause_box)
        self.add_reason_row()
        self.verdict_group.buttonToggled.connect(self._verdict_changed)
        for button in self.cause_buttons.values():
            button.toggled.connect(lambda *_: self.errors.clear("cause"))
        self._verdict_changed()
        self.resize(560, 440)

    def verdict(self) -> Verdict | None:
        return next((v for v, b in self.verdict_buttons.items() if b.isChecked()), None)

    def _verdict_changed(self, *_args: object) -> None:
        self.errors.clear("verdict")
        self.set_row_visible(self.cause_box, self.verdict() is Verdict.DISSATISFIED)

    def write(self) -> Callable[[], Any] | None:
        verdict = self.verdict()
        cause = checked_cause(self.cause_buttons) if verdict is Verdict.DISSATISFIED else None
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        reason = self.reason_edit.toPlainText()
        return lambda: store.correct_verdict(
            reception_id,
            verdict=verdict.value if verdict else "",
            cause=cause.value if cause else "",
            reason=reason,
            by=by,
        )
