"""The moves around the spine of a case, as dialogs (ActionDialog, case_actions.py):

- while the unit works on the slip: the unit returns it (退回), the unit asks for more time (延期
  申请) and the office decides (审批), the office chases the unit (催办);
- while the case waits for its callback: a call that did not reach the citizen (未接通);
- closing and reopening: closing with a written explanation when the citizen's demand is beyond
  policy (解释办结), reopening a closed case (重办), the citizen's withdrawal (撤回), voiding a
  registration made by mistake (作废), merging a duplicate into the case that carries the matter
  (合并).

Each keeps what was typed when the store refuses and says why in plain words; the reasons the
store requires are required here too (the store refuses them blank, and its field error lands
next to the field).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desk_app.domain.casebook import DissatisfactionCause
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.vocab import CallbackMethod, ChaseMethod, Verdict
from desk_app.storage.case_moves import MAX_EXTRA_WORKING_DAYS, AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.errors import NotFound
from desk_app.storage.records import CaseDetail, CaseRow, ExtensionInfo
from desk_app.ui.case_actions import ActionDialog, pydatetime
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import long_date, pydate
from desk_app.ui.kit.widgets import WARNING_COLOUR, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

DEFAULT_EXTRA_WORKING_DAYS = 5


def _slip_line(dialog: ActionDialog) -> None:
    """The slip in force, as the first line of the form."""
    slip = dialog.detail.current_referral
    if slip is None:
        return
    line = QLabel(
        QCoreApplication.translate("CaseMoves", "Slip %1 · %2 · reply due %3")
        .replace("%1", slip.serial)
        .replace("%2", slip.handling_unit_name)
        .replace("%3", long_date(slip.reply_due))
    )
    line.setObjectName("slipLine")
    line.setWordWrap(True)
    dialog.form.addRow(line)


class ReturnDialog(ActionDialog):
    """The unit returns a wrongly addressed slip (退回): the case waits to be referred again in the
    same round."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("returnDialog")
        self.setWindowTitle(self.tr("The unit returns the slip"))
        self.save_button.setText(self.tr("Record the return"))
        _slip_line(self)
        slip = detail.current_referral
        self.returned_on = self.date_edit(self.now().date(), "returnedOn", slip.referred_on if slip else None)
        self.add_field(self.tr("Returned on"), "returned_on", self.returned_on)
        self.reason_edit = self.add_reason(
            self.tr("Why the unit returned it"),
            self.tr("e.g. not this unit's responsibility; which unit it should go to"),
        )
        self.form.addRow(
            "",
            hint(
                self.tr(
                    "The case then waits to be referred again, in the same round, usually to another unit."
                )
            ),
        )
        self.resize(540, 360)

    def write(self) -> Callable[[], Any] | None:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        returned_on, reason = pydate(self.returned_on.date()), self.reason_edit.toPlainText()
        return lambda: store.return_slip(reception_id, returned_on=returned_on, reason=reason, by=by)


class ChaseDialog(ActionDialog):
    """A chase of the unit (催办): when, how, whom at the unit, what was said."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("chaseDialog")
        self.setWindowTitle(self.tr("Chase the handling unit"))
        self.save_button.setText(self.tr("Save the chase"))
        _slip_line(self)
        slip = detail.current_referral
        self.chased_at = self.time_edit("chasedAt")
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("chaseMethod")
        for method in ChaseMethod:
            self.method_combo.addItem(labels.label(method), method.value)
        self.contact_edit = QLineEdit(slip.handler if slip is not None else "")
        self.contact_edit.setObjectName("unitContact")
        self.contact_edit.setPlaceholderText(self.tr("Whom you spoke to at the unit"))
        self.note_edit = self.text_box(self.tr("What was said: what the unit promised, by when"), height=100)
        self.note_edit.setObjectName("noteEdit")
        self.add_field(self.tr("Chased at"), "chased_at", self.chased_at)
        self.add_field(self.tr("How"), "method", self.method_combo)
        self.add_field(self.tr("At the unit"), "unit_contact", self.contact_edit)
        self.add_field(self.tr("What was said"), "note", self.note_edit)
        self.errors.clear_on("note", self.note_edit.textChanged)
        self.resize(540, 400)

    def draft(self) -> ChaseDraft:
        return ChaseDraft(
            chased_at=pydatetime(self.chased_at),
            method=self.method_combo.currentData(),
            unit_contact=self.contact_edit.text(),
            note=self.note_edit.toPlainText(),
        )

    def write(self) -> Callable[[], Any] | None:
        draft, store, reception_id, by = (
            self.draft(),
            self._session.store,
            self.detail.id,
            self._session.operator.id,
        )
        return lambda: store.record_chase(reception_id, draft, by=by)


class NotReachedDialog(ActionDialog):
    """A callback that did not reach the citizen (未接通): kept on the record; the case still waits
    for its callback."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("notReachedDialog")
        self.setWindowTitle(self.tr("The callback did not reach the citizen"))
        self.save_button.setText(self.tr("Save the attempt"))
        if detail.citizen_phone:
            phone = QLabel(self.tr("Phone: %1").replace("%1", detail.citizen_phone))
            phone.setObjectName("phoneLine")
            self.form.addRow(phone)
        self.attempted_at = self.time_edit("attemptedAt")
        self.caller_edit = QLineEdit(session.operator.name)
        self.caller_edit.setObjectName("callerEdit")
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("methodCombo")
        for method in CallbackMethod:
            self.method_combo.addItem(labels.label(method), method.value)
        self.note_edit = self.text_box(self.tr("e.g. no answer, switched off, wrong number"), height=80)
        self.note_edit.setObjectName("noteEdit")
        self.add_field(self.tr("Tried at"), "attempted_at", self.attempted_at)
        self.add_field(self.tr("Caller"), "caller", self.caller_edit)
        self.add_field(self.tr("Method"), "method", self.method_combo)
        self.add_field(self.tr("Note"), "note", self.note_edit)
        self.form.addRow("", hint(self.tr("The case still waits for its callback: try again later.")))
        self.resize(520, 360)

    def draft(self) -> AttemptDraft:
        return AttemptDraft(
            attempted_at=pydatetime(self.attempted_at),
            caller=self.caller_edit.text(),
            method=self.method_combo.currentData(),
            note=self.note_edit.toPlainText(),
        )

    def write(self) -> Callable[[], Any] | None:
        draft, store, reception_id, by = (
            self.draft(),
            self._session.store,
            self.detail.id,
            self._session.operator.id,
        )
        return lambda: store.record_callback_attempt(reception_id, draft, by=by)


class ExtensionRequestDialog(ActionDialog):
    """The unit asks for more time (延期申请), before the deadline; the office decides later."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("extensionRequestDialog")
        self.setWindowTitle(self.tr("The unit asks for more time"))
        self.save_button.setText(self.tr("Record the request"))
        _slip_line(self)
        self.slip = detail.current_referral
        self.requested_on = self.date_edit(
            self.now().date(), "requestedOn", self.slip.referred_on if self.slip else None
        )
        self.requested_by = QLineEdit(self.slip.handler if self.slip is not None else "")
        self.requested_by.setObjectName("requestedBy")
        self.requested_by.setPlaceholderText(self.tr("Who asked, at the unit"))
        self.days_spin = QSpinBox()
        self.days_spin.setObjectName("extraDays")
        self.days_spin.setRange(1, MAX_EXTRA_WORKING_DAYS)
        self.days_spin.setValue(DEFAULT_EXTRA_WORKING_DAYS)
        self.days_spin.setSuffix(self.tr(" working days"))
        self.new_due_label = QLabel()
        self.new_due_label.setObjectName("newDuePreview")
        self.new_due_label.setWordWrap(True)
        self.add_field(self.tr("Asked on"), "requested_on", self.requested_on)
        self.add_field(self.tr("Asked by"), "requested_by", self.requested_by)
        self.reason_edit = self.add_reason(self.tr("Why"), self.tr("Why the unit needs more time"))
        self.add_field(self.tr("More time"), "extra_working_days", self.days_spin)
        self.form.addRow(self.tr("If approved"), self.new_due_label)
        self.days_spin.valueChanged.connect(self._update_due)
        self._update_due()
        self.load_calendar()
        self.resize(540, 420)

    def calendar_changed(self) -> None:
        self._update_due()

    def _update_due(self) -> None:
        if self.slip is None:
            return
        deadline = self.working_days_after(self.slip.reply_due, self.days_spin.value())
        text = (
            self.tr("the reply is due on %1 instead of %2")
            .replace("%1", long_date(deadline.due))
            .replace("%2", long_date(self.slip.reply_due))
        )
        if deadline.estimated:
            text += "\n" + self.estimate_text()
        self.new_due_label.setText(text)

    def draft(self) -> ExtensionDraft:
        return ExtensionDraft(
            requested_on=pydate(self.requested_on.date()),
            reason=self.reason_edit.toPlainText(),
            extra_working_days=self.days_spin.value(),
            requested_by=self.requested_by.text(),
        )

    def write(self) -> Callable[[], Any] | None:
        draft, store, reception_id, by = (
            self.draft(),
            self._session.store,
            self.detail.id,
            self._session.operator.id,
        )
        return lambda: store.request_extension(reception_id, draft, by=by)


class DecideExtensionDialog(ActionDialog):
    """The office approves (the slip's deadline moves) or refuses (with a note) a pending request."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("decideExtensionDialog")
        self.setWindowTitle(self.tr("Decide the extension request"))
        self.save_button.setText(self.tr("Save the decision"))
        self.request: ExtensionInfo | None = detail.pending_extension
        _slip_line(self)
        request = self.request
        if request is not None:
            asked = QLabel(
                self.tr("Asked on %1 by %2 for %3 more working days: %4")
                .replace("%1", request.requested_on.isoformat())
                .replace("%2", request.requested_by or "—")
                .replace("%3", str(request.extra_working_days))
                .replace("%4", request.reason)
            )
            asked.setObjectName("requestLine")
            asked.setWordWrap(True)
            self.form.addRow(asked)
        self.decision_group = QButtonGroup(self)
        self.decision_box = QWidget()
        self.decision_box.setObjectName("decisionBox")
        row = QHBoxLayout(self.decision_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.approve_button = QRadioButton(self.tr("Approve"))
        self.approve_button.setObjectName("approveButton")
        self.refuse_button = QRadioButton(self.tr("Refuse"))
        self.refuse_button.setObjectName("refuseButton")
        for button in (self.approve_button, self.refuse_button):
            self.decision_group.addButton(button)
            row.addWidget(button)
        row.addStretch(1)
        self.decided_on = self.date_edit(
            self.now().date(), "decidedOn", request.requested_on if request else None
        )
        self.new_due_label = QLabel()
        self.new_due_label.setObjectName("newDuePreview")
        self.new_due_label.setWordWrap(True)
        self.note_edit = self.text_box(self.tr("The office's note (required when refusing)"), height=80)
        self.note_edit.setObjectName("noteEdit")
        self.add_field(self.tr("Decision"), "decision", self.decision_box)
        self.form.addRow(self.tr("If approved"), self.new_due_label)
        self.add_field(self.tr("Decided on"), "decided_on", self.decided_on)
        self.add_field(self.tr("Note"), "decision_note", self.note_edit)
        self.decision_group.buttonToggled.connect(lambda *_: self.errors.clear("decision"))
        self.errors.clear_on("decision_note", self.note_edit.textChanged)
        self._update_due()
        self.load_calendar()
        self.resize(560, 420)

    def calendar_changed(self) -> None:
        self._update_due()

    def _update_due(self) -> None:
        slip, request = self.detail.current_referral, self.request
        if slip is None or request is None:
            return
        deadline = self.working_days_after(slip.reply_due, request.extra_working_days)
        text = (
            self.tr("the reply is due on %1 instead of %2")
            .replace("%1", long_date(deadline.due))
            .replace("%2", long_date(slip.reply_due))
        )
        if deadline.estimated:
            text += "\n" + self.estimate_text()
        self.new_due_label.setText(text)

    def approve(self) -> bool | None:
        if self.approve_button.isChecked():
            return True
        return False if self.refuse_button.isChecked() else None

    def write(self) -> Callable[[], Any] | None:
        if self.request is None:
            return None
        approve = self.approve()
        if approve is None:
            self.errors.set("decision", self.tr("Choose to approve or to refuse."))
            return None
        store, by, extension_id = self._session.store, self._session.operator.id, self.request.id
        note, decided_on = self.note_edit.toPlainText(), pydate(self.decided_on.date())
        return lambda: store.decide_extension(
            extension_id, approve=approve, note=note, by=by, decided_on=decided_on
        )


class ReasonDialog(ActionDialog):
    """A move that needs only a written reason: reopen, withdraw, void, close with an explanation."""

    question = ""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.question_label = QLabel(self.question_text())
        self.question_label.setObjectName("questionLabel")
        self.question_label.setWordWrap(True)
        self.form.addRow(self.question_label)
        self.build()
        self.reason_edit = self.add_reason(self.reason_caption(), self.reason_placeholder())
        self.resize(540, 340)

    def question_text(self) -> str:
        raise NotImplementedError

    def build(self) -> None:
        """Rows before the reason (what the move rests on)."""

    def reason_caption(self) -> str:
        return self.tr("Reason")

    def reason_placeholder(self) -> str:
        return ""

    def store_call(self, reason: str) -> Callable[[], Any]:
        raise NotImplementedError

    def write(self) -> Callable[[], Any] | None:
        return self.store_call(self.reason_edit.toPlainText())


class CloseExplainedDialog(ReasonDialog):
    """Close a case whose dissatisfied citizen asks for what is beyond policy (解释办结), with the
    written explanation given to the citizen. Counted apart, never as satisfied."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("closeExplainedDialog")
        self.setWindowTitle(self.tr("Close with an explanation"))
        self.save_button.setText(self.tr("Close the case"))

    def question_text(self) -> str:
        return self.tr(
            "The citizen's demand is beyond policy. Close the case with the written explanation "
            "given to the citizen? It is counted apart, never as satisfied."
        )

    def build(self) -> None:
        last = next((c for c in reversed(self.detail.callbacks) if c.round_no == self.detail.round_no), None)
        if last is None:
            return
        basis = QLabel(
            self.tr("Callback on %1: %2 (%3)")
            .replace("%1", last.called_at.strftime("%Y-%m-%d %H:%M"))
            .replace("%2", labels.label_of(Verdict, last.verdict))
            .replace("%3", labels.label_of(DissatisfactionCause, last.cause) if last.cause else "—")
        )
        basis.setObjectName("closeBasis")
        basis.setWordWrap(True)
        self.form.addRow(basis)

    def reason_caption(self) -> str:
        return self.tr("Explanation")

    def reason_placeholder(self) -> str:
        return self.tr("The explanation given to the citizen: the policy, and why the demand cannot be met")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        return lambda: store.close_explained(reception_id, reason=reason, by=by)


class ReopenDialog(ReasonDialog):
    """The citizen came back about a closed case (重办): it waits for a new slip."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("reopenDialog")
        self.setWindowTitle(self.tr("Reopen the case"))
        self.save_button.setText(self.tr("Reopen"))

    def question_text(self) -> str:
        return self.tr(
            "Reopen this closed case? It then waits for a new referral slip (the next round); "
            "the earlier closing stays in its history."
        )

    def reason_placeholder(self) -> str:
        return self.tr("Why: e.g. the citizen came back, the problem is back")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        return lambda: store.reopen(reception_id, reason=reason, by=by)


class WithdrawDialog(ReasonDialog):
    """The citizen withdraws the matter (撤回): the case closes, counted as withdrawn."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("withdrawDialog")
        self.setWindowTitle(self.tr("The citizen withdraws the case"))
        self.save_button.setText(self.tr("Withdraw"))

    def question_text(self) -> str:
        return self.tr(
            "Close this case as withdrawn by the citizen? It is counted as withdrawn, never as satisfied."
        )

    def reason_placeholder(self) -> str:
        return self.tr("What the citizen said, when and how")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        return lambda: store.withdraw(reception_id, reason=reason, by=by)


class VoidDialog(ReasonDialog):
    """A registration made by mistake, before any slip (作废): it counts nowhere."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void the registration"))
        self.save_button.setText(self.tr("Void"))
        self.question_label.setStyleSheet(f"color: {WARNING_COLOUR}; font-weight: bold;")

    def question_text(self) -> str:
        return self.tr(
            "Void this registration, made by mistake? It then counts nowhere; it stays in the desk's "
            "history with the reason."
        )

    def reason_placeholder(self) -> str:
        return self.tr("e.g. registered twice, a test entry, the wrong citizen")

    def store_call(self, reason: str) -> Callable[[], Any]:
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        return lambda: store.void(reception_id, reason=reason, by=by)


SEARCH_LIMIT = 50
SEARCH_DELAY_MS = 250


class MergeDialog(ActionDialog):
    """A duplicate registration (before any slip) merged into the case that carries the matter
    (合并): counted there, once. The target is found by its slip number or by a search."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle(self.tr("Merge into another case"))
        self.save_button.setText(self.tr("Merge"))
        self._generation = 0
        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("mergeSearch")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setPlaceholderText(self.tr("A slip number, or the citizen's name, phone or words"))
        self.results = QListWidget()
        self.results.setObjectName("mergeResults")
        self.results.setMinimumHeight(160)
        self.add_field(self.tr("Find the case"), "into_id", self.search_edit)
        self.form.addRow("", self.results)
        self.reason_edit = self.add_reason(
            self.tr("Reason"), self.tr("e.g. the same matter, registered twice")
        )
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search)
        self.search_edit.textChanged.connect(lambda _t: self._timer.start())
        self.search_edit.returnPressed.connect(self.search)
        self.results.currentItemChanged.connect(lambda *_: self.errors.clear("into_id"))
        self.resize(620, 520)

    def search(self) -> None:
        """Cases matching the words, or the case of a slip number; this case and gone ones left out."""
        self._timer.stop()
        text = self.search_edit.text().strip()
        self._generation += 1
        generation, store, own = self._generation, self._session.store, self.detail.id
        if not text:
            self.results.clear()
            return

        def find() -> list[CaseRow]:
            rows = store.list_cases(store.case_filter(text=text), 0, SEARCH_LIMIT)
            with contextlib.suppress(NotFound):  # a slip number finds its case first
                rows = [_case_row(store.slip_data(text).case)] + rows
            gone = {s.value for s in CaseStatus if s.is_gone}
            seen: set[str] = set()
            found = []
            for row in rows:
                if row.id != own and row.status not in gone and row.id not in seen:
                    seen.add(row.id)
                    found.append(row)
            return found

        DbOp(find, parent=self).success(lambda rows: self._found(generation, rows)).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _found(self, generation: int, rows: list[CaseRow]) -> None:
        if generation != self._generation:
            return
        self.results.clear()
        for row in rows:
            summary = row.summary if len(row.summary) <= 40 else row.summary[:40] + "…"
            parts = [
                row.serial,
                row.citizen_name or self.tr("Anonymous citizen"),
                row.received_at.strftime("%Y-%m-%d"),
                labels.label_of(CaseStatus, row.status),
                summary,
            ]
            item = QListWidgetItem(" · ".join(p for p in parts if p))
            item.setData(Qt.ItemDataRole.UserRole, row.id)
            self.results.addItem(item)
        if len(rows) == 1:
            self.results.setCurrentRow(0)

    def target_id(self) -> str | None:
        item = self.results.currentItem()
        return None if item is None else item.data(Qt.ItemDataRole.UserRole)

    def write(self) -> Callable[[], Any] | None:
        into_id = self.target_id()
        if into_id is None:
            self.errors.set(
                "into_id", self.tr("Find the case this one duplicates and choose it in the list.")
            )
            return None
        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        reason = self.reason_edit.toPlainText()
        return lambda: store.merge(reception_id, into_id=into_id, reason=reason, by=by)


def _case_row(detail: CaseDetail) -> CaseRow:
    """A case found by its slip number, as a row of the search list."""
    slip = detail.current_referral
    return CaseRow(
        id=detail.id,
        received_at=detail.received_at,
        channel=detail.channel,
        citizen_name=detail.citizen_name,
        citizen_phone=detail.citizen_phone,
        category_name=detail.category_name,
        summary=" ".join(detail.content.split())[:120],
        status=detail.status,
        round_no=detail.round_no,
        unit_name=slip.handling_unit_name if slip else "",
        reply_due=slip.reply_due if slip else None,
        serial=slip.serial if slip else "",
        overdue=detail.overdue,
    )


class ForwardDialog(ActionDialog):
    """转12345: the office forwards the case to the 12345 platform. The central server posts it
    (the matter and the place; the citizen's phone only where the platform's agreement allows)
    and brings back the work order and the outcome: the forward shows as pending (待转交) until
    then, in the timeline, after a sync."""

    def __init__(self, session: DeskSession, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(session, detail, parent)
        self.setObjectName("forwardDialog")
        self.setWindowTitle(self.tr("Forward to 12345"))
        self.save_button.setText(self.tr("Forward"))
        self.form.addRow(
            hint(
                self.tr(
                    "The central server sends the matter and the place to the 12345 platform at the "
                    "desk's next sync. The forward shows as pending until the platform gives a work "
                    "order number; the number and the platform's outcome appear in the timeline."
                )
            )
        )
        self.resize(520, 220)

    def write(self) -> Callable[[], Any] | None:
        from desk_app.storage.forward_store import ForwardStore

        store, reception_id, by = self._session.store, self.detail.id, self._session.operator.id
        return lambda: ForwardStore(store).forward(reception_id, by=by)
