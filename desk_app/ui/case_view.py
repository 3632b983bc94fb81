"""One case, whole: what the citizen raised, every round of its referral, and the next move.

The buttons follow desk_app.domain.lifecycle: only the moves the state machine allows are
enabled, and a disabled button's tooltip says why (the same words the store would refuse with).
After any move the view reloads the case and tells the other screens through
`session.events.case_changed`, which is also how it hears of changes made elsewhere.
"""

from __future__ import annotations

import html
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.lifecycle import CaseStatus, Move, allowed_moves, is_re_supervision, refusal_for
from desk_app.domain.permissions import Action, permits
from desk_app.domain.vocab import CallbackMethod, Channel, Outcome, Verdict
from desk_app.storage.errors import NotFound
from desk_app.storage.records import CaseDetail, ReferralInfo, TimelineEvent
from desk_app.ui.case_actions import ActionDialog, CallbackDialog, ReferDialog, ReplyDialog, SignOffDialog
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import long_date
from desk_app.ui.kit.widgets import Banner, bring_forward, heading
from desk_app.ui.messages import describe_error, refusal_text
from desk_app.ui.ops import DbOp
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.session import DeskSession

RED = "#b3261e"
ORANGE = "#8a4b00"
GREEN = "#1e6b34"
GREY = "#555555"

_STATUS_COLOURS = {
    CaseStatus.AWAITING_REFERRAL: ("#5f3b00", "#fff4e5"),
    CaseStatus.REFERRED: ("#0b4f8a", "#e8f1fb"),
    CaseStatus.REPLIED: ("#0b4f8a", "#e8f1fb"),
    CaseStatus.SATISFIED: (GREEN, "#e6f4ea"),
    CaseStatus.DISSATISFIED: (RED, "#fce8e6"),
    CaseStatus.SIGNED_OFF: ("#333333", "#eeeeee"),
    CaseStatus.RESOLVED_ON_SITE: ("#333333", "#eeeeee"),
}

_VERDICT_COLOURS = {Verdict.SATISFIED: GREEN, Verdict.BASICALLY_SATISFIED: GREEN, Verdict.DISSATISFIED: RED}


def _pill(label: QLabel, fg: str, bg: str) -> None:
    label.setStyleSheet(f"color: {fg}; background: {bg}; border: 1px solid {fg}; border-radius: 4px;"
                        " padding: 2px 8px; font-weight: bold;")


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _when(at: datetime | date, with_time: bool) -> str:
    if isinstance(at, datetime):
        return at.strftime("%Y-%m-%d %H:%M") if with_time else at.strftime("%Y-%m-%d")
    return at.isoformat()


class CaseView(QDialog):
    # The case was (re)loaded and the screen shows it.
    loaded = Signal()
    # The referral slip's print preview was opened (the PdfPreviewDialog).
    slip_previewed = Signal(object)

    def __init__(self, session: DeskSession, reception_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._session = session
        self.reception_id = reception_id
        self.detail: CaseDetail | None = None
        self.active_dialog: ActionDialog | None = None
        self._loading = False
        self._printing = False
        self.setWindowTitle(self.tr("Case"))

        self.title_label = heading(self.tr("Loading the case…"), 1.4)
        self.title_label.setObjectName("caseTitle")
        self.status_label = QLabel()
        self.status_label.setObjectName("caseStatus")
        self.round_label = QLabel()
        self.round_label.setObjectName("caseRound")
        self.overdue_label = QLabel(self.tr("Overdue"))
        self.overdue_label.setObjectName("caseOverdue")
        _pill(self.overdue_label, "#ffffff", RED)
        for pill in (self.status_label, self.round_label, self.overdue_label):
            pill.setVisible(False)
        self.slip_label = QLabel()
        self.slip_label.setObjectName("slipLine")
        self.slip_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.next_label = QLabel()
        self.next_label.setObjectName("nextStep")
        self.next_label.setWordWrap(True)
        self.banner = Banner(self)

        self.details = QWidget()
        self.details_form = QFormLayout(self.details)
        self.details_form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.details_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.details_form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.details.setMinimumWidth(300)
        details_scroll = QScrollArea()
        details_scroll.setWidgetResizable(True)
        details_scroll.setWidget(self.details)
        details_box = QWidget()
        details_layout = QVBoxLayout(details_box)
        details_layout.setContentsMargins(0, 0, 0, 0)
        details_layout.addWidget(heading(self.tr("Reception"), 1.1))
        details_layout.addWidget(details_scroll)

        self.timeline = QTextBrowser()
        self.timeline.setObjectName("timeline")
        self.timeline.setOpenLinks(False)
        timeline_box = QWidget()
        timeline_layout = QVBoxLayout(timeline_box)
        timeline_layout.setContentsMargins(0, 0, 0, 0)
        timeline_layout.addWidget(heading(self.tr("How it was handled"), 1.1))
        timeline_layout.addWidget(self.timeline)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(details_box)
        splitter.addWidget(timeline_box)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([400, 640])

        self.refer_button = QPushButton(self.tr("Refer"))
        self.refer_button.setObjectName("referButton")
        self.reply_button = QPushButton(self.tr("Record reply"))
        self.reply_button.setObjectName("replyButton")
        self.callback_button = QPushButton(self.tr("Call back"))
        self.callback_button.setObjectName("callbackButton")
        self.sign_off_button = QPushButton(self.tr("Sign off"))
        self.sign_off_button.setObjectName("signOffButton")
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self._move_buttons = {
            Move.REFER: self.refer_button, Move.REPLY: self.reply_button,
            Move.CALLBACK: self.callback_button, Move.SIGN_OFF: self.sign_off_button,
        }
        for button in self._move_buttons.values():
            button.setMinimumHeight(36)
            button.setAutoDefault(False)
            button.setEnabled(False)
        self.close_button.setAutoDefault(False)
        self.close_button.setMinimumHeight(36)
        self.refer_button.clicked.connect(self.open_refer_dialog)
        self.reply_button.clicked.connect(self.open_reply_dialog)
        self.callback_button.clicked.connect(self.open_callback_dialog)
        self.sign_off_button.clicked.connect(self.open_sign_off_dialog)
        self.close_button.clicked.connect(self.close)

        # The referral slip (交办单): printed from a PDF built on the database thread, then previewed.
        self.preview: QDialog | None = None
        self.slip_round_combo = QComboBox()
        self.slip_round_combo.setObjectName("slipRound")
        self.slip_round_combo.setVisible(False)
        self.slip_round_combo.activated.connect(self._slip_round_picked)
        # The round the clerk picked to print (None: the current one), and the round it was picked in.
        self._slip_choice: int | None = None
        self._slip_choice_round: int | None = None
        self._slips: dict[int, ReferralInfo] = {}  # each round's slip in force
        self.full_phone_check = QCheckBox(self.tr("Full phone number"))
        self.full_phone_check.setObjectName("slipFullPhone")
        self.full_phone_check.setToolTip(self.tr("Print the citizen's whole phone number on the slip; "
                                                 "otherwise it is masked (139****5678)."))
        # Full numbers are printed only by the office, and the audit trail records who did.
        self.full_phone_check.setVisible(self.may(Action.FULL_NUMBERS))
        self.print_slip_button = QPushButton(self.tr("Print referral slip…"))
        self.print_slip_button.setObjectName("printSlipButton")
        self.print_slip_button.setMinimumHeight(36)
        self.print_slip_button.setAutoDefault(False)
        self.print_slip_button.setEnabled(False)
        self.print_slip_button.clicked.connect(self.print_slip)

        pills = QHBoxLayout()
        pills.addWidget(self.title_label)
        pills.addSpacing(8)
        pills.addWidget(self.status_label)
        pills.addWidget(self.round_label)
        pills.addWidget(self.overdue_label)
        pills.addStretch(1)
        actions = QHBoxLayout()
        for button in self._move_buttons.values():
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.slip_round_combo)
        actions.addWidget(self.full_phone_check)
        actions.addWidget(self.print_slip_button)
        actions.addSpacing(12)
        actions.addWidget(self.close_button)

        layout = QVBoxLayout(self)
        layout.addLayout(pills)
        layout.addWidget(self.slip_label)
        layout.addWidget(self.next_label)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(actions)
        self.resize(1040, 720)

        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.reload)
        session.events.case_changed.connect(self._case_changed)
        self.reload()

    def may(self, action: Action) -> bool:
        """Whether the signed-in operator's role allows `action` (the store checks it again)."""
        return permits(self._session.operator.role, action)

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self._loading = True
        self._update_buttons()
        store, reception_id = self._session.store, self.reception_id
        DbOp(lambda: store.case_detail(reception_id), parent=self) \
            .success(self._loaded).failure(self._load_failed).run()

    def _case_changed(self, reception_id: str) -> None:
        if reception_id == self.reception_id:
            self.reload()

    def _loaded(self, detail: CaseDetail) -> None:
        self._loading = False
        self.detail = detail
        self._show_header(detail)
        self._show_details(detail)
        self.timeline.setHtml(self._timeline_html(detail))
        self._fill_slip_rounds(detail)
        self._update_buttons()
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        if isinstance(exc, NotFound):
            self.detail = None
            self.title_label.setText(self.tr("Case not found"))
        self.banner.show_message(describe_error(exc), ok=False)
        self._update_buttons()

    # -- header and details --------------------------------------------------------------------

    def _show_header(self, detail: CaseDetail) -> None:
        status = CaseStatus(detail.status)
        name = detail.citizen_name or self.tr("Anonymous citizen")
        self.title_label.setText(name)
        current = detail.current_referral
        self.setWindowTitle(self.tr("Case: %1").replace("%1", f"{name} · {current.serial}" if current else name))
        self.status_label.setText(labels.label(status))
        _pill(self.status_label, *_STATUS_COLOURS[status])
        self.status_label.setVisible(True)
        if is_re_supervision(detail.round_no):
            self.round_label.setText(self.tr("Round %1 · second round").replace("%1", str(detail.round_no)))
            _pill(self.round_label, ORANGE, "#fff4e5")
            self.round_label.setVisible(True)
        else:
            self.round_label.setVisible(False)
        self.overdue_label.setVisible(detail.overdue)
        if current is not None:
            self.slip_label.setText(self.tr("Current slip %1 · %2 · reply due %3")
                                    .replace("%1", current.serial).replace("%2", current.handling_unit_name)
                                    .replace("%3", long_date(current.reply_due)))
        self.slip_label.setVisible(current is not None)
        text, colour = self._next_step(detail)
        self.next_label.setText(text)
        self.next_label.setStyleSheet(f"color: {colour}; font-weight: bold;")

    def _next_step(self, detail: CaseDetail) -> tuple[str, str]:
        status = CaseStatus(detail.status)
        current = detail.current_referral
        if status is CaseStatus.AWAITING_REFERRAL:
            return self.tr("Next: refer the case to a handling unit."), ORANGE
        if status is CaseStatus.REFERRED and current is not None:
            if detail.overdue:
                return self.tr("Overdue: the reply was due on %1 and the unit has not answered. "
                               "Press the unit, then record its reply.").replace(
                                   "%1", current.reply_due.isoformat()), RED
            return self.tr("Next: wait for the unit's reply, due %1, and record it.").replace(
                "%1", long_date(current.reply_due)), GREY
        if status is CaseStatus.REPLIED:
            return self.tr("Next: call the citizen back and record their verdict."), ORANGE
        if status is CaseStatus.SATISFIED:
            return self.tr("Next: sign the case off."), GREEN
        if status is CaseStatus.DISSATISFIED:
            return self.tr("Next: the citizen was dissatisfied; start the second round of supervision "
                           "with a new slip."), RED
        if status is CaseStatus.SIGNED_OFF and detail.signed_off_at is not None:
            return self.tr("Signed off on %1 by %2.").replace(
                "%1", _when(detail.signed_off_at, True)).replace("%2", detail.signed_off_by_name), GREY
        return self.tr("Resolved on the spot; nothing more to do."), GREY

    def _show_details(self, detail: CaseDetail) -> None:
        form = self.details_form
        while form.rowCount():
            form.removeRow(0)

        def row(label: str, value: str, name: str = "") -> None:
            field = QLabel(value or "—")
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if name:
                field.setObjectName(name)
            form.addRow(label, field)

        row(self.tr("Received"), _when(detail.received_at, True), "receivedValue")
        row(self.tr("Channel"), labels.label_of(Channel, detail.channel), "channelValue")
        row(self.tr("Citizen"), detail.citizen_name, "citizenValue")
        row(self.tr("Phone"), detail.citizen_phone, "phoneValue")
        row(self.tr("Address"), detail.citizen_address, "addressValue")
        row(self.tr("Category"), detail.category_name, "categoryValue")
        row(self.tr("What was raised"), detail.content, "contentValue")
        row(self.tr("Receiving deputies"), "、".join(d.name for d in detail.deputies), "deputiesValue")
        row(self.tr("Outcome"), labels.label_of(Outcome, detail.outcome), "outcomeValue")
        if detail.on_site_answer:
            row(self.tr("Answer on the spot"), detail.on_site_answer, "onSiteValue")
        row(self.tr("Registered by"), detail.registered_by_name, "registeredByValue")
        content = self.details.findChild(QLabel, "contentValue")
        if content is not None:
            content.setStyleSheet("background: #fafafa; border: 1px solid #ddd; padding: 6px;")

    # -- the timeline ------------------------------------------------------------------------

    def timeline_text(self) -> str:
        return self.timeline.toPlainText()

    def _timeline_html(self, detail: CaseDetail) -> str:
        slips = {r.round_no: r for r in detail.referrals}
        rows: list[str] = []
        shown_round = 0
        for event in detail.timeline:
            if event.kind != "signed_off" and event.round_no > shown_round:
                shown_round = event.round_no
                rows.append(self._round_header(event.round_no))
            rows.append(self._event_row(event, detail, slips.get(event.round_no)))
        return ('<table width="100%" cellspacing="0" cellpadding="6" style="border-collapse: collapse;">'
                + "".join(rows) + "</table>")

    def _round_header(self, round_no: int) -> str:
        if is_re_supervision(round_no):
            text = self.tr("Round %1 · second round of supervision").replace("%1", str(round_no))
            style = f"background: #fff4e5; color: {ORANGE};"
        else:
            text = self.tr("Round %1").replace("%1", str(round_no))
            style = "background: #e8f1fb; color: #0b4f8a;"
        return f'<tr><td colspan="2" style="{style} font-weight: bold;">{_esc(text)}</td></tr>'

    def _event_row(self, event: TimelineEvent, detail: CaseDetail, slip: ReferralInfo | None) -> str:
        d = event.detail
        colour = "#222222"
        lines: list[str] = []  # HTML: every plain text goes through add()

        def add(text: str, style: str = "") -> None:
            lines.append(f'<span style="{style}">{_esc(text)}</span>' if style else _esc(text))

        with_time = event.kind in ("received", "callback", "signed_off")
        if event.kind == "received":
            title = self.tr("Reception registered")
            add(self.tr("Channel: %1").replace("%1", labels.label_of(Channel, str(d.get("channel", "")))))
            if d.get("outcome") == Outcome.RESOLVED_ON_SITE.value:
                add(self.tr("Resolved on the spot: %1").replace("%1", detail.on_site_answer or "—"))
            by = self.tr("Registered by %1")
        elif event.kind == "referred":
            title = self.tr("Referred on slip %1").replace("%1", str(d.get("serial", "")))
            add(self.tr("Handling unit: %1; handler: %2").replace("%1", str(d.get("unit", "")))
                .replace("%2", str(d.get("handler") or "—")))
            add(self.tr("Supervisor: %1").replace("%1", str(d.get("supervisor", ""))))
            due = d.get("reply_due")
            due_text = due.isoformat() if isinstance(due, date) else ""
            if slip is not None:
                add(self.tr("Reply due: %1 (%2 working days)").replace("%1", due_text)
                    .replace("%2", str(slip.working_days)))
            else:
                add(self.tr("Reply due: %1").replace("%1", due_text))
            if d.get("due_estimated"):
                add(self.tr("The deadline was estimated counting Monday to Friday: the holiday calendar "
                            "did not know that year yet. Check it when the new calendar is out."),
                    f"color: {ORANGE};")
            if slip is not None and slip.note:
                add(self.tr("Note: %1").replace("%1", slip.note))
            if (detail.overdue and slip is not None and slip.replied_on is None
                    and event.round_no == detail.round_no):
                add(self.tr("Overdue: no reply yet, due on %1").replace("%1", due_text),
                    f"color: {RED}; font-weight: bold;")
            by = self.tr("Referred by %1")
        elif event.kind == "replied":
            on_time = bool(d.get("on_time"))
            title = self.tr("Reply received (on time)") if on_time else self.tr("Reply received late")
            colour = GREEN if on_time else RED
            add(str(d.get("text", "")))
            by = self.tr("Recorded by %1")
        elif event.kind == "callback":
            verdict = str(d.get("verdict", ""))
            title = self.tr("Callback: %1").replace("%1", labels.label_of(Verdict, verdict))
            colour = _VERDICT_COLOURS.get(Verdict(verdict), colour) if verdict in set(Verdict) else colour
            add(self.tr("Called by %1, by %2").replace("%1", str(d.get("caller", "")))
                .replace("%2", labels.label_of(CallbackMethod, str(d.get("method", "")))))
            if d.get("words"):
                add(self.tr("The citizen said: %1").replace("%1", str(d["words"])))
            by = self.tr("Recorded by %1")
        else:
            title = self.tr("Signed off")
            colour = GREEN
            if d.get("note"):
                add(self.tr("Note: %1").replace("%1", str(d["note"])))
            by = self.tr("Signed off by %1")
        if event.operator_name:
            add(by.replace("%1", event.operator_name), f"color: {GREY};")
        body = f'<b style="color: {colour};">{_esc(title)}</b><br>' + "<br>".join(lines)
        when = _esc(_when(event.at, with_time))
        return (f'<tr><td width="150" valign="top" style="color: {GREY}; white-space: nowrap;'
                f' border-bottom: 1px solid #ddd;">'
                f'{when}</td><td valign="top" style="border-bottom: 1px solid #ddd;">{body}</td></tr>')

    # -- moves -------------------------------------------------------------------------------

    def _update_buttons(self) -> None:
        detail = self.detail
        status = CaseStatus(detail.status) if detail is not None else None
        allowed = allowed_moves(status) if status is not None else frozenset()
        busy = self._loading or self.active_dialog is not None
        for move, button in self._move_buttons.items():
            button.setEnabled(move in allowed and not busy)
            refusal = refusal_for(move, status) if status is not None else None
            button.setToolTip(refusal_text(refusal) if refusal is not None else "")
        has_slip = detail is not None and bool(detail.referrals)
        self.print_slip_button.setEnabled(has_slip and not self._loading and not self._printing)
        self.print_slip_button.setToolTip("" if has_slip else self.tr("This case has no referral slip yet."))
        second = status is CaseStatus.DISSATISFIED
        self.refer_button.setText(self.tr("Second round (re-refer)") if second else self.tr("Refer"))

    def open_refer_dialog(self) -> ActionDialog | None:
        return self._open(ReferDialog)

    def open_reply_dialog(self) -> ActionDialog | None:
        return self._open(ReplyDialog)

    def open_callback_dialog(self) -> ActionDialog | None:
        return self._open(CallbackDialog)

    def open_sign_off_dialog(self) -> ActionDialog | None:
        return self._open(SignOffDialog)

    def _open(self, cls: type[ActionDialog]) -> ActionDialog | None:
        if self.detail is None:
            return None
        if self.active_dialog is not None:
            bring_forward(self.active_dialog)
            return self.active_dialog
        dialog = cls(self._session, self.detail, self)
        dialog.saved.connect(self._move_saved)
        # A bound method, not a lambda: Qt disconnects it when this view is destroyed.
        dialog.finished.connect(self._dialog_closed)
        self.active_dialog = dialog
        self._update_buttons()
        dialog.open()
        return dialog

    def _move_saved(self, _result: object) -> None:
        # Every screen showing this case (this one included) reloads on the shared signal.
        self._session.events.case_changed.emit(self.reception_id)

    def _dialog_closed(self, _result: int) -> None:
        # Only one move dialog is open at a time (_open brings it forward), so the one that
        # finished is the active one. It is forgotten before it is deleted: active_dialog
        # never names a deleted dialog.
        dialog, self.active_dialog = self.active_dialog, None
        if dialog is not None:
            dialog.deleteLater()
        self._update_buttons()

    # -- the referral slip -------------------------------------------------------------------

    def _fill_slip_rounds(self, detail: CaseDetail) -> None:
        """One entry a round (its slip in force: the latest attempt), the current round first.

        A round the clerk picked stays picked while the case stays in that round; once a new
        round opens, the current one is chosen again. (Keeping whatever was selected made a view
        opened in round 1 print round 1's slip after the second round: issue 9.)"""
        if self._slip_choice_round is not None and self._slip_choice_round != detail.round_no:
            self._slip_choice = self._slip_choice_round = None
        latest: dict[int, ReferralInfo] = {}
        for r in detail.referrals:
            if r.round_no not in latest or r.attempt > latest[r.round_no].attempt:
                latest[r.round_no] = r
        combo = self.slip_round_combo
        combo.blockSignals(True)
        combo.clear()
        for round_no in sorted(latest, reverse=True):
            combo.addItem(self.tr("Round %1 · %2").replace("%1", str(round_no)).replace("%2", latest[round_no].serial),
                          round_no)
        index = combo.findData(self._slip_choice) if self._slip_choice is not None else 0
        combo.setCurrentIndex(max(index, 0) if combo.count() else -1)
        combo.blockSignals(False)
        combo.setVisible(len(latest) > 1)
        self._slips = latest

    def _slip_round_picked(self, _index: int) -> None:
        self._slip_choice = self.slip_round()
        self._slip_choice_round = self.detail.round_no if self.detail is not None else None

    def slip_round(self) -> int | None:
        data = self.slip_round_combo.currentData()
        return int(data) if data is not None else None

    def print_slip(self) -> None:
        """Build the slip of the chosen round (default the current one) as PDF, then preview it."""
        if self.detail is None or not self.detail.referrals or self._printing:
            return
        store, reception_id = self._session.store, self.reception_id
        round_no = self.slip_round()
        full_phone = self.may(Action.FULL_NUMBERS) and self.full_phone_check.isChecked()
        clerk, by = self._session.operator.name, self._session.operator.id
        slip = self._slips.get(round_no) if round_no is not None else None
        serial = slip.serial if slip is not None else ""

        def build() -> tuple[bytes, str] | Exception:
            import io

            from desk_app.reports.documents import print_referral_slip
            from desk_app.reports.fonts import CjkFontMissing

            buffer = io.BytesIO()
            try:
                print_referral_slip(store, buffer, reception_id=reception_id, round_no=round_no,
                                    full_phone=full_phone, clerk_name=clerk, by=by)
            except CjkFontMissing as exc:
                return exc
            return buffer.getvalue(), serial

        self._printing = True
        self._update_buttons()
        DbOp(build, parent=self).success(self._slip_built).failure(self._slip_failed) \
            .always(self._slip_done).run()

    def _slip_done(self) -> None:
        self._printing = False
        self._update_buttons()

    def _slip_failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def _slip_built(self, result: tuple[bytes, str] | Exception) -> None:
        if isinstance(result, Exception):
            self.banner.show_message(self.tr(
                "No Chinese font was found on this computer, so the slip was not made (its characters would "
                "print as empty boxes). Install a Chinese TrueType font such as WenQuanYi Micro Hei or SimSun."),
                ok=False)
            return
        pdf, serial = result
        title = self.tr("Referral slip %1").replace("%1", serial)
        if self.preview is not None:  # deleted only here, when it is replaced
            self.preview.close()
            self.preview.deleteLater()
        self.preview = PdfPreviewDialog(pdf, title, self, suggested_name=f"{serial or title}.pdf")
        self.preview.open()
        self.slip_previewed.emit(self.preview)

