"""One case, whole: what the citizen raised, every round of its referral, and the next move.

The buttons follow desk_app.domain.lifecycle and the signed-in operator's role
(domain.permissions): a move the role does not allow is not shown (a duty deputy sees the
callback, the unreached callback and the chase; the office everything), the spine's moves
(refer, reply, call back, sign off) are shown disabled when the state does not allow them, with
the reason as tooltip (the words the store would refuse with), and the office's other moves
appear when they can be made (a pending extension brings "decide", a dissatisfaction beyond
policy "close with an explanation"). Withdrawal, voiding, merging and corrections are in two
menus. After any move the view reloads the case and tells the other screens through
`session.events.case_changed`, which is also how it hears of changes made elsewhere.

The header says what the case waits for and until when, for every waiting state ("待回访，应于 …
前回访（已超期 2 天）"). The referral slip printed is the current round's in force (its latest
attempt, after a return) unless the clerk picks an older round.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.casebook import DissatisfactionCause, ExtensionState
from desk_app.domain.lifecycle import (
    CLOSED_STATUSES,
    SUPERVISION_LEVEL_ZH,
    WAITING_STATUSES,
    CaseStatus,
    Move,
    Refusal,
    SupervisionLevel,
    allowed_moves,
    is_re_supervision,
    refusal_for,
)
from desk_app.domain.permissions import MOVE_ACTION, Action, permits
from desk_app.domain.transfers import (
    CITY_REPLY_EVENT,
    REFUSAL_ZH,
    CaseLevel,
    TransferKind,
    acting_refusal,
    city_ref_of,
    city_reply_refusal,
    level_of,
    transfer_refusal,
)
from desk_app.domain.vocab import CallbackMethod, Channel, ChaseMethod, Outcome, Verdict
from desk_app.storage.drafts import case_key
from desk_app.storage.errors import NotFound
from desk_app.storage.public_store import PublicStore
from desk_app.storage.records import CallbackInfo, CaseDetail, ExtensionInfo, ReferralInfo, TimelineEvent
from desk_app.ui.case_actions import ActionDialog, CallbackDialog, ReferDialog, ReplyDialog, SignOffDialog
from desk_app.ui.case_class import ClassBox
from desk_app.ui.case_corrections import (
    CorrectReferralDialog,
    CorrectRegistrationDialog,
    CorrectReplyDialog,
    CorrectVerdictDialog,
)
from desk_app.ui.case_office_moves import (
    ChaseDialog,
    CloseExplainedDialog,
    DecideExtensionDialog,
    ExtensionRequestDialog,
    ForwardDialog,
    MergeDialog,
    NotReachedDialog,
    ReopenDialog,
    ReturnDialog,
    VoidDialog,
    WithdrawDialog,
)
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import long_date
from desk_app.ui.kit.files import file_problem_text
from desk_app.ui.kit.widgets import Banner, bring_forward, heading
from desk_app.ui.messages import describe_error, refusal_text
from desk_app.ui.ops import DbOp
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.public_panel import photo_label
from desk_app.ui.session import DeskSession
from desk_app.ui.transfers import add_transfer_actions

RED = "#b3261e"
ORANGE = "#8a4b00"
GREEN = "#1e6b34"
GREY = "#555555"
PURPLE = "#4a3b7a"

_VERDICT_COLOURS = {Verdict.SATISFIED: GREEN, Verdict.BASICALLY_SATISFIED: GREEN, Verdict.DISSATISFIED: RED}

# The dialog of each move.
MOVE_DIALOGS: dict[Move, type[ActionDialog]] = {
    Move.REFER: ReferDialog,
    Move.REPLY: ReplyDialog,
    Move.CALLBACK: CallbackDialog,
    Move.SIGN_OFF: SignOffDialog,
    Move.CALLBACK_NOT_REACHED: NotReachedDialog,
    Move.CHASE: ChaseDialog,
    Move.REQUEST_EXTENSION: ExtensionRequestDialog,
    Move.DECIDE_EXTENSION: DecideExtensionDialog,
    Move.RETURN: ReturnDialog,
    Move.CLOSE_EXPLAINED: CloseExplainedDialog,
    Move.REOPEN: ReopenDialog,
    Move.WITHDRAW: WithdrawDialog,
    Move.VOID: VoidDialog,
    Move.MERGE: MergeDialog,
    Move.CORRECT_REGISTRATION: CorrectRegistrationDialog,
    Move.CORRECT_REFERRAL: CorrectReferralDialog,
    Move.CORRECT_REPLY: CorrectReplyDialog,
    Move.CORRECT_VERDICT: CorrectVerdictDialog,
}

# The spine: always shown to a role that may make them, disabled (with the reason) otherwise.
SPINE = (Move.REFER, Move.REPLY, Move.CALLBACK, Move.SIGN_OFF)
# Shown only when they can be made now.
CONTEXTUAL = (
    Move.CALLBACK_NOT_REACHED,
    Move.CHASE,
    Move.REQUEST_EXTENSION,
    Move.DECIDE_EXTENSION,
    Move.RETURN,
    Move.CLOSE_EXPLAINED,
    Move.REOPEN,
)
# In the "Other moves" and "Correct" menus.
OTHER_MOVES = (Move.WITHDRAW, Move.VOID, Move.MERGE)
CORRECTIONS = (Move.CORRECT_REGISTRATION, Move.CORRECT_REFERRAL, Move.CORRECT_REPLY, Move.CORRECT_VERDICT)

# The move each waiting state waits for (whose role the next step is).
_NEXT_MOVE = {
    CaseStatus.AWAITING_REFERRAL: Move.REFER,
    CaseStatus.RETURNED: Move.REFER,
    CaseStatus.REOPENED: Move.REFER,
    CaseStatus.DISSATISFIED: Move.REFER,
    CaseStatus.REFERRED: Move.REPLY,
    CaseStatus.REPLIED: Move.CALLBACK,
    CaseStatus.SATISFIED: Move.SIGN_OFF,
}


def _pill(label: QLabel, fg: str, bg: str) -> None:
    label.setStyleSheet(
        f"color: {fg}; background: {bg}; border: 1px solid {fg}; border-radius: 4px;"
        " padding: 2px 8px; font-weight: bold;"
    )


def _esc(text: str) -> str:
    return html.escape(text).replace("\n", "<br>")


def _when(at: datetime | date, with_time: bool) -> str:
    if isinstance(at, datetime):
        return at.strftime("%Y-%m-%d %H:%M") if with_time else at.strftime("%Y-%m-%d")
    return at.isoformat()


def latest_callback(detail: CaseDetail) -> CallbackInfo | None:
    """The latest callback of the current round."""
    return next((c for c in reversed(detail.callbacks) if c.round_no == detail.round_no), None)


def beyond_policy(detail: CaseDetail) -> bool:
    last = latest_callback(detail)
    return last is not None and last.cause == DissatisfactionCause.BEYOND_POLICY.value


class CaseView(QDialog):
    # The case was (re)loaded and the screen shows it.
    loaded = Signal()
    # The referral slip's print preview was opened (the PdfPreviewDialog).
    slip_previewed = Signal(object)
    # The clerk asked to open another case (the one this case was merged into).
    open_case_requested = Signal(str)

    def __init__(self, session: DeskSession, reception_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self._session = session
        self.reception_id = reception_id
        self.detail: CaseDetail | None = None
        self.category_names: dict[str, str] = {}
        self.active_dialog: ActionDialog | None = None
        self._drafts_told = False
        self._loading = False
        self._printing = False
        # The round the clerk picked to print (None: the current one), and the round it was picked in.
        self._slip_choice: int | None = None
        self._slip_choice_round: int | None = None
        self._slips: dict[int, ReferralInfo] = {}  # each round's slip in force
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
        # Who handles the case when it is not its station (issue 13): 区中心办理 or 市级办理.
        self.level_label = QLabel()
        self.level_label.setObjectName("caseLevel")
        _pill(self.level_label, ORANGE, "#fff4e5")
        for pill in (self.status_label, self.round_label, self.overdue_label, self.level_label):
            pill.setVisible(False)
        self.slip_label = QLabel()
        self.slip_label.setObjectName("slipLine")
        self.slip_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.waiting_label = QLabel()
        self.waiting_label.setObjectName("waitingLine")
        self.waiting_label.setWordWrap(True)
        self.waiting_label.setVisible(False)
        self.next_label = QLabel()
        self.next_label.setObjectName("nextStep")
        self.next_label.setWordWrap(True)
        self.banner = Banner(self)
        self.merged_button = QPushButton(self.tr("Open the case it was merged into"))
        self.merged_button.setObjectName("openMergedButton")
        self.merged_button.setVisible(False)
        self.merged_button.clicked.connect(self._open_merged)

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
        # 类案 (issue 14): the class the case is in, its members and the class's moves.
        self.class_box = ClassBox(session, reception_id, self)
        self.class_box.open_case_requested.connect(self.open_case_requested)
        self.class_box.changed.connect(self._class_changed)
        details_layout.addWidget(self.class_box)

        self.timeline = QTextBrowser()
        self.timeline.setObjectName("timeline")
        self.timeline.setOpenLinks(False)
        # The newest event stays in sight while the text is laid out and the window resized,
        # until the user scrolls up to read older ones.
        self._follow_newest = True
        bar = self.timeline.verticalScrollBar()
        bar.rangeChanged.connect(self._timeline_range_changed)
        bar.valueChanged.connect(self._timeline_scrolled)
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

        self.move_buttons: dict[Move, QPushButton] = {}
        captions = {
            Move.REFER: self.tr("Refer"),
            Move.REPLY: self.tr("Record reply"),
            Move.CALLBACK: self.tr("Call back"),
            Move.SIGN_OFF: self.tr("Sign off"),
            Move.CALLBACK_NOT_REACHED: self.tr("Not reached"),
            Move.CHASE: self.tr("Chase"),
            Move.REQUEST_EXTENSION: self.tr("Extension request"),
            Move.DECIDE_EXTENSION: self.tr("Decide extension"),
            Move.RETURN: self.tr("Slip returned"),
            Move.CLOSE_EXPLAINED: self.tr("Close with explanation"),
            Move.REOPEN: self.tr("Reopen"),
        }
        names = {
            Move.REFER: "referButton",
            Move.REPLY: "replyButton",
            Move.CALLBACK: "callbackButton",
            Move.SIGN_OFF: "signOffButton",
            Move.CALLBACK_NOT_REACHED: "notReachedButton",
            Move.CHASE: "chaseButton",
            Move.REQUEST_EXTENSION: "extensionButton",
            Move.DECIDE_EXTENSION: "decideExtensionButton",
            Move.RETURN: "returnButton",
            Move.CLOSE_EXPLAINED: "closeExplainedButton",
            Move.REOPEN: "reopenButton",
        }
        for move in SPINE + CONTEXTUAL:
            button = QPushButton(captions[move])
            button.setObjectName(names[move])
            button.setMinimumHeight(36)
            button.setAutoDefault(False)
            button.setEnabled(False)
            button.clicked.connect(lambda _c=False, m=move: self.open_move(m))
            self.move_buttons[move] = button
        self.refer_button = self.move_buttons[Move.REFER]
        self.reply_button = self.move_buttons[Move.REPLY]
        self.callback_button = self.move_buttons[Move.CALLBACK]
        self.sign_off_button = self.move_buttons[Move.SIGN_OFF]

        self.move_actions: dict[Move, QAction] = {}
        action_captions = {
            Move.WITHDRAW: self.tr("The citizen withdraws it…"),
            Move.VOID: self.tr("Void the registration…"),
            Move.MERGE: self.tr("Merge into another case…"),
            Move.CORRECT_REGISTRATION: self.tr("Correct the registration…"),
            Move.CORRECT_REFERRAL: self.tr("Correct the slip…"),
            Move.CORRECT_REPLY: self.tr("Correct the reply…"),
            Move.CORRECT_VERDICT: self.tr("Correct the verdict…"),
        }
        self.other_menu = QMenu(self)
        self.correct_menu = QMenu(self)
        for menu, moves in ((self.other_menu, OTHER_MOVES), (self.correct_menu, CORRECTIONS)):
            menu.setToolTipsVisible(True)
            for move in moves:
                action = QAction(action_captions[move], self)
                action.setObjectName(f"{move.value}Action")
                action.triggered.connect(lambda _c=False, m=move: self.open_move(m))
                menu.addAction(action)
                self.move_actions[move] = action
        # Transfers between levels (issue 13): appended to "Other moves".
        self._centre_desk = session.store.is_centre_desk()
        self.transfer_actions = add_transfer_actions(self, self.other_menu, self._centre_desk)
        # 转12345 (docs/open311.md): not a move of the case's lifecycle, the office's action.
        self.forward_action = QAction(self.tr("Forward to 12345…"), self)
        self.forward_action.setObjectName("forwardAction")
        self.forward_action.triggered.connect(self.open_forward_dialog)
        self.other_menu.addSeparator()
        self.other_menu.addAction(self.forward_action)
        self.other_button = QPushButton(self.tr("Other moves"))
        self.other_button.setObjectName("otherMovesButton")
        self.other_button.setMenu(self.other_menu)
        self.correct_button = QPushButton(self.tr("Correct"))
        self.correct_button.setObjectName("correctButton")
        self.correct_button.setMenu(self.correct_menu)
        for button in (self.other_button, self.correct_button):
            button.setMinimumHeight(36)
            button.setAutoDefault(False)

        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        self.close_button.setAutoDefault(False)
        self.close_button.setMinimumHeight(36)
        self.close_button.clicked.connect(self.close)

        # The referral slip (交办单): printed from a PDF built on the database thread, then previewed.
        self.preview: QDialog | None = None
        self.slip_round_combo = QComboBox()
        self.slip_round_combo.setObjectName("slipRound")
        self.slip_round_combo.setVisible(False)
        self.slip_round_combo.activated.connect(self._slip_round_picked)
        self.full_phone_check = QCheckBox(self.tr("Full phone number"))
        self.full_phone_check.setObjectName("slipFullPhone")
        self.full_phone_check.setToolTip(
            self.tr(
                "Print the citizen's whole phone number on the slip; otherwise it is masked (139****5678)."
            )
        )
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
        pills.addWidget(self.level_label)
        pills.addStretch(1)
        moves = QHBoxLayout()
        for move in SPINE + CONTEXTUAL:
            moves.addWidget(self.move_buttons[move])
        moves.addStretch(1)
        actions = QHBoxLayout()
        actions.addWidget(self.other_button)
        actions.addWidget(self.correct_button)
        actions.addStretch(1)
        actions.addWidget(self.slip_round_combo)
        actions.addWidget(self.full_phone_check)
        actions.addWidget(self.print_slip_button)
        actions.addSpacing(12)
        actions.addWidget(self.close_button)

        merged_row = QHBoxLayout()
        merged_row.addWidget(self.next_label, 1)
        merged_row.addWidget(self.merged_button)
        layout = QVBoxLayout(self)
        layout.addLayout(pills)
        layout.addWidget(self.slip_label)
        layout.addWidget(self.waiting_label)
        layout.addLayout(merged_row)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)
        layout.addLayout(moves)
        layout.addLayout(actions)
        self.resize(1100, 760)

        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.activated.connect(self.reload)
        session.events.case_changed.connect(self._case_changed)
        self._update_buttons()
        self.reload()

    def may(self, action: Action) -> bool:
        """Whether the signed-in operator's role allows `action` (the store checks it again)."""
        return permits(self._session.operator.role, action)

    def may_move(self, move: Move) -> bool:
        return self.may(MOVE_ACTION[move])

    # -- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self._loading = True
        self._update_buttons()
        store, reception_id = self._session.store, self.reception_id

        def read() -> tuple[CaseDetail, dict[str, str]]:
            # Category names too: a corrected category shows as old → new names.
            return store.case_detail(reception_id), {
                c.id: c.name for c in store.categories(include_inactive=True)
            }

        DbOp(read, parent=self).success(self._loaded).failure(self._load_failed).run()

    def _case_changed(self, reception_id: str) -> None:
        if reception_id == self.reception_id:
            self.reload()

    def _class_changed(self, reception_ids: list[str]) -> None:
        """A class move changed these cases: every open view of them (this one too) reloads."""
        for reception_id in reception_ids:
            self._session.events.case_changed.emit(reception_id)

    def _loaded(self, result: tuple[CaseDetail, dict[str, str]]) -> None:
        detail, self.category_names = result
        self._loading = False
        self.detail = detail
        self._show_header(detail)
        self._show_details(detail)
        self._follow_newest = True
        if detail.channel == Channel.QR_SCAN.value:
            self._show_public(detail.id)
        self.class_box.reload()
        self.timeline.setHtml(self._timeline_html(detail))
        self.scroll_to_newest()
        # Once more when the layout has settled (the first time the view is shown).
        QTimer.singleShot(0, self.scroll_to_newest)
        self._fill_slip_rounds(detail)
        self._update_buttons()
        if not self._drafts_told:
            self._drafts_told = True
            self._tell_drafts()
        self.loaded.emit()

    def _tell_drafts(self) -> None:
        """Say when a move of this case was begun and not saved (its dialog gives it back)."""
        prefix = case_key(self.reception_id, "")
        if self.banner.isVisible() or not any(
            k.startswith(prefix) for k in self._session.drafts.saved_keys()
        ):
            return
        self.banner.show_message(
            self.tr(
                "A move of this case was begun and not saved: open it again to go on where you left off."
            ),
            ok=True,
        )

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = False
        if isinstance(exc, NotFound):
            self.detail = None
            self.title_label.setText(self.tr("Case not found"))
        self.banner.show_message(describe_error(exc), ok=False)
        self._update_buttons()

    def scroll_to_newest(self) -> None:
        self._follow_newest = True
        bar = self.timeline.verticalScrollBar()
        bar.setValue(bar.maximum())

    def _timeline_range_changed(self, _minimum: int, maximum: int) -> None:
        if self._follow_newest:
            self.timeline.verticalScrollBar().setValue(maximum)

    def _timeline_scrolled(self, value: int) -> None:
        # Only the user moves it off the end (a longer text or a resize keeps the value).
        self._follow_newest = value >= self.timeline.verticalScrollBar().maximum()

    # -- header and details --------------------------------------------------------------------

    def _show_header(self, detail: CaseDetail) -> None:
        status = CaseStatus(detail.status)
        name = detail.citizen_name or self.tr("Anonymous citizen")
        self.title_label.setText(name)
        current = detail.current_referral
        self.setWindowTitle(
            self.tr("Case: %1").replace("%1", f"{name} · {current.serial}" if current else name)
        )
        self.status_label.setText(labels.label(status))
        _pill(self.status_label, *labels.status_colours(status))
        self.status_label.setVisible(True)
        if is_re_supervision(detail.round_no):
            self.round_label.setText(self.tr("Round %1 · second round").replace("%1", str(detail.round_no)))
            _pill(self.round_label, ORANGE, "#fff4e5")
            self.round_label.setVisible(True)
        else:
            self.round_label.setVisible(False)
        self.overdue_label.setVisible(detail.overdue)
        level = level_of(detail.level)
        self.level_label.setText(
            {
                CaseLevel.STATION: "",
                CaseLevel.CENTRE: self.tr("Handled by the district centre"),
                CaseLevel.CITY: self.tr("Handled by the city"),
            }[level]
        )
        self.level_label.setVisible(level is not CaseLevel.STATION)
        if current is not None:
            text = (
                self.tr("Current slip %1 · %2 · reply due %3")
                .replace("%1", current.serial)
                .replace("%2", current.handling_unit_name)
                .replace("%3", long_date(current.reply_due))
            )
            if current.returned_on is not None:
                text = (
                    self.tr("Slip %1 · %2 · returned on %3")
                    .replace("%1", current.serial)
                    .replace("%2", current.handling_unit_name)
                    .replace("%3", current.returned_on.isoformat())
                )
            elif current.attempt > 1:
                text += self.tr(" (referred again after a return)")
            self.slip_label.setText(text)
        self.slip_label.setVisible(current is not None)
        waiting = self.waiting_text(detail)
        self.waiting_label.setText(waiting)
        self.waiting_label.setStyleSheet(f"color: {RED if detail.overdue else GREY}; font-weight: bold;")
        self.waiting_label.setVisible(bool(waiting))
        text, colour = self._next_step(detail)
        move = _NEXT_MOVE.get(status)
        if move is not None and not self.may_move(move):
            text += self.tr(" This step is the office's.")
        self.next_label.setText(text)
        self.next_label.setStyleSheet(f"color: {colour}; font-weight: bold;")
        self.merged_button.setVisible(bool(detail.merged_into))

    def waiting_text(self, detail: CaseDetail) -> str:
        """What the case waits for and by when ("待回访，应于 … 前回访（已超期 2 天）")."""
        status = CaseStatus(detail.status)
        if status not in WAITING_STATUSES or detail.waiting_due is None:
            return ""
        texts = {
            CaseStatus.REFERRED: self.tr("Waiting for the unit's reply, due by %1"),
            CaseStatus.REPLIED: self.tr("Waiting for the callback, to make by %1"),
            CaseStatus.AWAITING_REFERRAL: self.tr("Waiting for a referral slip, to issue by %1"),
            CaseStatus.DISSATISFIED: self.tr("Waiting for the second round, its slip to issue by %1"),
            CaseStatus.RETURNED: self.tr("Returned by the unit, to refer again by %1"),
            CaseStatus.REOPENED: self.tr("Reopened, its new slip to issue by %1"),
        }
        text = texts[status].replace("%1", long_date(detail.waiting_due))
        if detail.overdue:
            days = (self._session.store.today() - detail.waiting_due).days
            text += self.tr(" (overdue by %1 days)").replace("%1", str(days))
        if detail.waiting_estimated:
            text += self.tr(" (estimated: the holiday calendar does not know that year yet)")
        return text

    def _next_step(self, detail: CaseDetail) -> tuple[str, str]:
        status = CaseStatus(detail.status)
        current = detail.current_referral
        if status is CaseStatus.AWAITING_REFERRAL:
            return self.tr("Next: refer the case to a handling unit."), ORANGE
        if status is CaseStatus.RETURNED:
            return self.tr(
                "Next: the unit returned the slip; refer the case again, usually to another unit."
            ), ORANGE
        if status is CaseStatus.REOPENED:
            return self.tr("Next: the case was reopened; refer it on a new slip."), ORANGE
        if status is CaseStatus.REFERRED and current is not None:
            if detail.pending_extension is not None:
                return self.tr("The unit asked for more time: the office decides on the request."), ORANGE
            if detail.overdue:
                return self.tr(
                    "Overdue: the reply was due on %1 and the unit has not answered. "
                    "Press the unit, then record its reply."
                ).replace("%1", current.reply_due.isoformat()), RED
            return self.tr("Next: wait for the unit's reply, due %1, and record it.").replace(
                "%1", long_date(current.reply_due)
            ), GREY
        if status is CaseStatus.REPLIED:
            return self.tr("Next: call the citizen back and record their verdict."), ORANGE
        if status is CaseStatus.SATISFIED:
            return self.tr("Next: sign the case off."), GREEN
        if status is CaseStatus.DISSATISFIED:
            if beyond_policy(detail):
                return self.tr(
                    "Next: the citizen's demand is beyond policy; close the case with a written "
                    "explanation, or start the second round of supervision with a new slip."
                ), RED
            return self.tr(
                "Next: the citizen was dissatisfied; start the second round of supervision with a new slip."
            ), RED
        if status is CaseStatus.SIGNED_OFF and detail.signed_off_at is not None:
            return self.tr("Signed off on %1 by %2.").replace(
                "%1", _when(detail.signed_off_at, True)
            ).replace("%2", detail.signed_off_by_name), GREY
        if status is CaseStatus.CLOSED_EXPLAINED:
            return self.tr(
                "Closed with an explanation to the citizen; counted apart, never as satisfied."
            ), PURPLE
        if status is CaseStatus.WITHDRAWN:
            return self.tr("Withdrawn by the citizen."), GREY
        if status is CaseStatus.VOIDED:
            return self.tr("The registration was voided: it counts nowhere."), GREY
        if status is CaseStatus.MERGED:
            return self.tr("Merged into another case, where it is counted."), GREY
        return self.tr("Resolved on the spot; nothing more to do."), GREY

    def _open_merged(self) -> None:
        if self.detail is not None and self.detail.merged_into:
            self.open_case_requested.emit(self.detail.merged_into)

    def _show_details(self, detail: CaseDetail) -> None:
        form = self.details_form
        while form.rowCount():
            form.removeRow(0)

        def row(label: str, value: str, name: str = "") -> QLabel:
            field = QLabel(value or "—")
            field.setWordWrap(True)
            field.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            if name:
                field.setObjectName(name)
            form.addRow(label, field)
            return field

        row(self.tr("Received"), _when(detail.received_at, True), "receivedValue")
        row(self.tr("Channel"), labels.label_of(Channel, detail.channel), "channelValue")
        row(self.tr("Citizen"), detail.citizen_name, "citizenValue")
        row(self.tr("Phone"), detail.citizen_phone, "phoneValue")
        row(self.tr("Address"), detail.citizen_address, "addressValue")
        row(self.tr("Category"), detail.category_name, "categoryValue")
        content = row(self.tr("What was raised"), detail.content, "contentValue")
        content.setStyleSheet("background: #fafafa; border: 1px solid #ddd; padding: 6px;")
        row(self.tr("Receiving deputies"), "、".join(d.name for d in detail.deputies), "deputiesValue")
        if detail.headcount > 1:
            row(self.tr("People received"), str(detail.headcount), "headcountValue")
        row(self.tr("Outcome"), labels.label_of(Outcome, detail.outcome), "outcomeValue")
        if detail.on_site_answer:
            row(self.tr("Answer on the spot"), detail.on_site_answer, "onSiteValue")
        if detail.note:
            row(self.tr("Note"), detail.note, "noteValue")
        row(self.tr("Registered by"), detail.registered_by_name, "registeredByValue")
        if detail.referrals:
            row(
                self.tr("Slips"),
                "\n".join(self._slip_text(r, detail) for r in reversed(detail.referrals)),
                "slipsValue",
            )
        if detail.extensions:
            row(
                self.tr("Extensions"),
                "\n".join(self._extension_text(x) for x in reversed(detail.extensions)),
                "extensionsValue",
            )
        if detail.chases:
            last = detail.chases[-1]
            row(
                self.tr("Chases"),
                self.tr("%1 times; last on %2 (%3)")
                .replace("%1", str(len(detail.chases)))
                .replace("%2", _when(last.chased_at, True))
                .replace("%3", labels.label_of(ChaseMethod, last.method)),
                "chasesValue",
            )
        if detail.attempts:
            last_try = detail.attempts[-1]
            row(
                self.tr("Unreached callbacks"),
                self.tr("%1 times; last on %2")
                .replace("%1", str(len(detail.attempts)))
                .replace("%2", _when(last_try.attempted_at, True)),
                "attemptsValue",
            )

    def _show_public(self, reception_id: str) -> None:
        """A case taken from the public channel: the citizen's photos and online evaluation (issue 12)."""
        queue = PublicStore(self._session.store)

        def read() -> tuple[object, list[bytes]]:
            return queue.submission_of_case(reception_id), queue.case_photos(reception_id)

        def show(found: tuple[object, list[bytes]]) -> None:
            sub, photos = found
            if photos:
                box = QWidget()
                box.setObjectName("casePhotos")
                strip = QHBoxLayout(box)
                strip.setContentsMargins(0, 0, 0, 0)
                for jpeg in photos:
                    strip.addWidget(photo_label(jpeg, 160))
                strip.addStretch(1)
                self.details_form.addRow(self.tr("Photos from the citizen"), box)
            verdict = getattr(sub, "online_verdict", "")
            if verdict:
                text = labels.label_of(Verdict, verdict)
                words = getattr(sub, "online_words", "")
                field = QLabel(
                    text + (f"：{words}" if words else "") + self.tr(" (online; the callback decides)")
                )
                field.setObjectName("onlineEvaluationValue")
                field.setWordWrap(True)
                self.details_form.addRow(self.tr("Online evaluation"), field)

        DbOp(read, parent=self).success(show).run()

    def _slip_text(self, r: ReferralInfo, detail: CaseDetail) -> str:
        head = (
            self.tr("Round %1 · %2 · %3")
            .replace("%1", str(r.round_no))
            .replace("%2", r.serial)
            .replace("%3", r.handling_unit_name)
        )
        if r.returned_on is not None:
            return head + self.tr(": returned on %1 (%2)").replace("%1", r.returned_on.isoformat()).replace(
                "%2", r.return_reason
            )
        if r.replied_on is not None:
            return head + self.tr(": replied on %1").replace("%1", r.replied_on.isoformat())
        current = detail.current_referral
        if current is not None and r.id == current.id:
            return head + self.tr(": in force, reply due %1").replace("%1", r.reply_due.isoformat())
        return head

    def _extension_text(self, x: ExtensionInfo) -> str:
        from_state = {
            ExtensionState.PENDING.value: self.tr("%1 more working days asked on %2: awaiting decision"),
            ExtensionState.APPROVED.value: self.tr("%1 more working days asked on %2: approved, due %3"),
            ExtensionState.REFUSED.value: self.tr("%1 more working days asked on %2: refused"),
        }
        text = from_state.get(x.state, "%1 %2")
        return (
            text.replace("%1", str(x.extra_working_days))
            .replace("%2", x.requested_on.isoformat())
            .replace("%3", x.new_due.isoformat() if x.new_due else "")
        )

    # -- the timeline ------------------------------------------------------------------------

    def timeline_text(self) -> str:
        return self.timeline.toPlainText()

    def _timeline_html(self, detail: CaseDetail) -> str:
        slips = {(r.round_no, r.attempt): r for r in detail.referrals}
        rows: list[str] = []
        shown_round = 0
        for event in detail.timeline:
            if event.kind != "signed_off" and event.round_no > shown_round:
                shown_round = event.round_no
                rows.append(self._round_header(event.round_no))
            slip = (
                slips.get((event.round_no, int(event.detail.get("attempt", 1) or 1)))
                if event.kind == "referred"
                else None
            )
            rows.append(self._event_row(event, detail, slip))
        return (
            '<table width="100%" cellspacing="0" cellpadding="6" style="border-collapse: collapse;">'
            + "".join(rows)
            + "</table>"
        )

    def _network_event(
        self, kind: str, d: dict[str, object], add: Callable[[str], None]
    ) -> tuple[str, str, str]:
        """A referral meeting, a deputy's suggestion or a supervision level on the timeline (issue
        13): its title, the "by" line's words and its colour."""
        if kind == "meeting_referred":
            add(self.tr("Meeting: %1").replace("%1", str(d.get("title", ""))))
            add(self.tr("Presiding: %1").replace("%1", str(d.get("presiding", ""))))
            return self.tr("Referred at a face-to-face meeting"), self.tr("Recorded by %1"), "#0b4f8a"
        if kind == "suggestion":
            add(str(d.get("title", "")))
            add(str(d.get("outcome", "")))
            if d.get("level"):
                add(
                    self.tr("Supervised by: %1").replace(
                        "%1", SUPERVISION_LEVEL_ZH[SupervisionLevel(str(d["level"]))]
                    )
                )
            return self.tr("Deputy's suggestion"), self.tr("Deputy: %1"), "#6a1b9a"
        add(self.tr("Level: %1").replace("%1", SUPERVISION_LEVEL_ZH[SupervisionLevel(str(d.get("level")))]))
        if d.get("reason"):
            add(self.tr("Reason: %1").replace("%1", str(d["reason"])))
        return self.tr("Supervision level"), self.tr("Decided by %1"), ORANGE

    def _class_event(
        self, kind: str, d: dict[str, object], add: Callable[[str], None]
    ) -> tuple[str, str, str]:
        """A case class (类案, issue 14) on the timeline: its title, the "by" line's words and its colour."""
        subject = str(d.get("subject", ""))
        if kind == "class_joined":
            add(self.tr("Cases in the class now: %1").replace("%1", str(d.get("members", ""))))
            return self.tr("Put into the case class “%1”").replace("%1", subject), self.tr("By %1"), "#0b4f8a"
        if kind == "class_left":
            return (
                self.tr("Taken out of the case class “%1”").replace("%1", subject),
                self.tr("By %1"),
                ORANGE,
            )
        if kind == "class_referred":
            add(
                self.tr("Class slip %1, %2 cases referred together")
                .replace("%1", str(d.get("class_serial", "")))
                .replace("%2", str(d.get("cases", "")))
            )
            return self.tr("Referred together with the case class “%1”").replace("%1", subject), "", "#0b4f8a"
        add(self.tr("Rule or measure: %1").replace("%1", str(d.get("note", ""))))
        add(self.tr("This case is signed off only after its own satisfied callback."))
        return (
            self.tr("The case class “%1” was settled").replace("%1", subject),
            self.tr("Recorded by %1"),
            GREEN,
        )

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

        def reason(caption: str | None = None) -> None:
            if d.get("reason"):
                add((caption or self.tr("Reason: %1")).replace("%1", str(d["reason"])))

        by = self.tr("Recorded by %1")
        with_time = event.kind in (
            "received",
            "callback",
            "callback_not_reached",
            "chased",
            "signed_off",
            "closed_explained",
            "reopened",
            "withdrawn",
            "voided",
            "merged",
            "corrected",
            "transferred_up",
            "transferred_down",
            "taken_over",
            "transferred_to_city",
            "returned_from_city",
            "city_replied",
            "class_joined",
            "class_left",
        )
        kind = event.kind
        if kind == "received":
            title = self.tr("Reception registered")
            add(self.tr("Channel: %1").replace("%1", labels.label_of(Channel, str(d.get("channel", "")))))
            if d.get("outcome") == Outcome.RESOLVED_ON_SITE.value:
                add(self.tr("Resolved on the spot: %1").replace("%1", detail.on_site_answer or "—"))
            by = self.tr("Registered by %1")
        elif kind == "referred":
            title = self.tr("Referred on slip %1").replace("%1", str(d.get("serial", "")))
            if int(d.get("attempt", 1) or 1) > 1:
                title = self.tr("Referred again on slip %1 (the last slip was returned)").replace(
                    "%1", str(d.get("serial", ""))
                )
            add(
                self.tr("Handling unit: %1; handler: %2")
                .replace("%1", str(d.get("unit", "")))
                .replace("%2", str(d.get("handler") or "—"))
            )
            add(self.tr("Supervisor: %1").replace("%1", str(d.get("supervisor", ""))))
            due = d.get("reply_due")
            due_text = due.isoformat() if isinstance(due, date) else ""
            if slip is not None:
                add(
                    self.tr("Reply due: %1 (%2 working days)")
                    .replace("%1", due_text)
                    .replace("%2", str(slip.working_days))
                )
            else:
                add(self.tr("Reply due: %1").replace("%1", due_text))
            if d.get("due_estimated"):
                add(
                    self.tr(
                        "The deadline was estimated counting Monday to Friday: the holiday calendar "
                        "did not know that year yet. Check it when the new calendar is out."
                    ),
                    f"color: {ORANGE};",
                )
            if slip is not None and slip.note:
                add(self.tr("Note: %1").replace("%1", slip.note))
            current = detail.current_referral
            if (
                detail.overdue
                and slip is not None
                and current is not None
                and slip.id == current.id
                and CaseStatus(detail.status) is CaseStatus.REFERRED
            ):
                add(
                    self.tr("Overdue: no reply yet, due on %1").replace("%1", current.reply_due.isoformat()),
                    f"color: {RED}; font-weight: bold;",
                )
            by = self.tr("Referred by %1")
        elif kind == "replied":
            on_time = bool(d.get("on_time"))
            title = self.tr("Reply received (on time)") if on_time else self.tr("Reply received late")
            colour = GREEN if on_time else RED
            add(str(d.get("text", "")))
        elif kind == "returned":
            title = self.tr("Slip %1 returned by the unit").replace("%1", str(d.get("serial", "")))
            colour = ORANGE
            add(self.tr("Handling unit: %1").replace("%1", str(d.get("unit", ""))))
            reason(self.tr("Why: %1"))
        elif kind == "chased":
            title = self.tr("Unit chased: %1").replace(
                "%1", labels.label_of(ChaseMethod, str(d.get("method", "")))
            )
            if d.get("contact"):
                add(self.tr("At the unit: %1").replace("%1", str(d["contact"])))
            if d.get("note"):
                add(self.tr("What was said: %1").replace("%1", str(d["note"])))
            by = self.tr("Chased by %1")
        elif kind == "extension_requested":
            title = self.tr("Extension asked: %1 more working days").replace("%1", str(d.get("days", "")))
            colour = ORANGE
            if d.get("requested_by"):
                add(self.tr("Asked by %1 at the unit").replace("%1", str(d["requested_by"])))
            reason(self.tr("Why: %1"))
            old_due = d.get("old_due")
            if isinstance(old_due, date):
                add(self.tr("The reply was due on %1").replace("%1", old_due.isoformat()))
        elif kind == "extension_decided":
            approved = d.get("state") == ExtensionState.APPROVED.value
            new_due = d.get("new_due")
            if approved:
                title = self.tr("Extension approved: the reply is now due on %1").replace(
                    "%1", new_due.isoformat() if isinstance(new_due, date) else ""
                )
                colour = GREEN
            else:
                title = self.tr("Extension refused")
                colour = RED
            if d.get("note"):
                add(self.tr("Note: %1").replace("%1", str(d["note"])))
            by = self.tr("Decided by %1")
        elif kind == "callback_not_reached":
            title = self.tr("Callback: the citizen was not reached")
            colour = ORANGE
            add(
                self.tr("Called by %1, by %2")
                .replace("%1", str(d.get("caller", "")))
                .replace("%2", labels.label_of(CallbackMethod, str(d.get("method", ""))))
            )
            if d.get("note"):
                add(self.tr("Note: %1").replace("%1", str(d["note"])))
        elif kind == "callback":
            verdict = str(d.get("verdict", ""))
            title = self.tr("Callback: %1").replace("%1", labels.label_of(Verdict, verdict))
            colour = _VERDICT_COLOURS.get(Verdict(verdict), colour) if verdict in set(Verdict) else colour
            add(
                self.tr("Called by %1, by %2")
                .replace("%1", str(d.get("caller", "")))
                .replace("%2", labels.label_of(CallbackMethod, str(d.get("method", ""))))
            )
            if d.get("cause"):
                add(
                    self.tr("Why dissatisfied: %1").replace(
                        "%1", labels.label_of(DissatisfactionCause, str(d["cause"]))
                    ),
                    f"color: {RED};",
                )
            if d.get("words"):
                add(self.tr("The citizen said: %1").replace("%1", str(d["words"])))
        elif kind == "closed_explained":
            title = self.tr("Closed with an explanation")
            colour = PURPLE
            reason(self.tr("Explanation: %1"))
            by = self.tr("Closed by %1")
        elif kind == "reopened":
            title = self.tr("Reopened")
            colour = ORANGE
            reason()
            by = self.tr("Reopened by %1")
        elif kind == "withdrawn":
            title = self.tr("Withdrawn by the citizen")
            reason()
        elif kind == "voided":
            title = self.tr("Registration voided")
            reason()
        elif kind == "merged":
            title = self.tr("Merged into another case")
            reason()
        elif kind == "corrected":
            title = self._correction_title(str(d.get("fields", "")))
            colour = ORANGE
            for name, old, new in d.get("changes", ()):  # type: ignore[union-attr]
                if name == "due_estimated":
                    continue
                add(
                    self.tr("%1: %2 → %3")
                    .replace("%1", self._field_name(name))
                    .replace("%2", self._value_text(name, old))
                    .replace("%3", self._value_text(name, new))
                )
            reason()
            by = self.tr("Corrected by %1")
        elif kind in ("meeting_referred", "suggestion", "supervision_level"):
            title, by, colour = self._network_event(kind, d, add)  # issue 13
        elif kind in (
            "transferred_up",
            "transferred_down",
            "taken_over",
            "transferred_to_city",
            "returned_from_city",
        ):  # issue 13
            title = {
                "transferred_up": self.tr("Transferred up to the district centre"),
                "transferred_down": self.tr("Transferred down to the station"),
                "taken_over": self.tr("Taken over by the district centre"),
                "transferred_to_city": self.tr("Transferred to the city"),
                "returned_from_city": self.tr("Returned by the city"),
            }[kind]
            colour = ORANGE
            city_ref = city_ref_of(str(d.get("fields") or ""))
            if city_ref:
                add(self.tr("City reference number: %1").replace("%1", city_ref))
            if kind == "returned_from_city":
                reason(self.tr("The city's answer: %1"))
            else:
                reason()
        elif kind == "city_replied":  # issue 13: the city's reply, recorded by the centre
            title = self.tr("Reply from the city")
            colour = ORANGE
            reason(self.tr("The city's reply: %1"))
        elif kind == "forwarded":
            title = self.tr("Forwarded to 12345")
            if not d.get("work_order") and d.get("state") == "pending":
                add(self.tr("Pending: the central server sends it at the next sync"), f"color: {ORANGE};")
            by = self.tr("Forwarded by %1")
        elif kind == "forward_sent":
            title = self.tr("Sent to 12345: work order %1").replace("%1", str(d.get("work_order", "")))
        elif kind == "forward_closed":
            title = self.tr("12345 closed work order %1").replace("%1", str(d.get("work_order", "")))
            colour = GREEN
            if d.get("notes"):
                add(self.tr("The platform's notes: %1").replace("%1", str(d["notes"])))
        elif kind in ("class_joined", "class_left", "class_referred", "class_settled"):  # issue 14
            title, by, colour = self._class_event(kind, d, add)
        elif kind == "forward_failed":
            title = self.tr("12345 refused the forward")
            colour = RED
            if d.get("error"):
                add(str(d["error"]))
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
        return (
            f'<tr><td width="150" valign="top" style="color: {GREY}; white-space: nowrap;'
            f' border-bottom: 1px solid #ddd;">'
            f'{when}</td><td valign="top" style="border-bottom: 1px solid #ddd;">{body}</td></tr>'
        )

    def _correction_title(self, fields: str) -> str:
        record, _sep, names = fields.partition(":")
        if record == "reception":
            return self.tr("Registration corrected")
        if record == "callback":
            return self.tr("Callback verdict corrected")
        if {"replied_on", "reply_text"} & set(names.split(",")):
            return self.tr("Reply corrected")
        return self.tr("Referral slip corrected")

    def _field_name(self, name: str) -> str:
        names = {
            "received_at": self.tr("Received"),
            "channel": self.tr("Channel"),
            "citizen_name": self.tr("Citizen"),
            "citizen_phone": self.tr("Phone"),
            "citizen_address": self.tr("Address"),
            "category_id": self.tr("Category"),
            "content": self.tr("What was raised"),
            "on_site_answer": self.tr("Answer on the spot"),
            "handler": self.tr("Handler"),
            "supervisor": self.tr("Supervisor"),
            "note": self.tr("Note"),
            "working_days": self.tr("Working days"),
            "reply_due": self.tr("Reply due"),
            "replied_on": self.tr("Replied on"),
            "reply_text": self.tr("Reply"),
            "verdict": self.tr("Verdict"),
            "cause": self.tr("Why dissatisfied"),
        }
        return names.get(name, name)

    def _value_text(self, name: str, value: object) -> str:
        if value is None or value == "":
            return "—"
        text = str(value)
        if name == "channel":
            return labels.label_of(Channel, text)
        if name == "verdict":
            return labels.label_of(Verdict, text)
        if name == "cause":
            return labels.label_of(DissatisfactionCause, text)
        if name == "category_id":
            return self.category_names.get(text, text)
        if name == "received_at":
            return text.replace("T", " ")[:16]
        text = " ".join(text.split())
        return text if len(text) <= 80 else text[:80] + "…"

    # -- moves -------------------------------------------------------------------------------

    def offered(self, move: Move) -> bool:
        """Whether `move` can be made on the case now (the lifecycle, plus what it rests on)."""
        return self.refusal(move) is None

    def refusal(self, move: Move) -> Refusal | None:
        detail = self.detail
        if detail is None:
            return Refusal.NO_SUCH_MOVE
        status = CaseStatus(detail.status)
        refusal = refusal_for(move, status, detail.round_no)
        if refusal is not None:
            return refusal
        if move is Move.REQUEST_EXTENSION and detail.pending_extension is not None:
            return Refusal.EXTENSION_PENDING
        if move is Move.DECIDE_EXTENSION and detail.pending_extension is None:
            return Refusal.NO_EXTENSION_PENDING
        if move is Move.CLOSE_EXPLAINED and not beyond_policy(detail):
            return Refusal.NOT_BEYOND_POLICY
        return None

    def _update_buttons(self) -> None:
        detail = self.detail
        status = CaseStatus(detail.status) if detail is not None else None
        busy = self._loading or self.active_dialog is not None or detail is None
        allowed = (
            allowed_moves(status, detail.round_no)
            if detail is not None and status is not None
            else frozenset()
        )
        # Handled by another level (issue 13): the centre's case on a station's desk, or the city's
        # on any desk of the district, is read only (the store and the server refuse it too).
        level = level_of(detail.level) if detail is not None else CaseLevel.STATION
        held = acting_refusal(level, centre_desk=self._centre_desk)
        held_text = REFUSAL_ZH[held] if held is not None else ""
        for move, button in self.move_buttons.items():
            permitted = self.may_move(move)
            refusal = self.refusal(move) if detail is not None else None
            if move in SPINE:
                button.setVisible(permitted)
                button.setEnabled(move in allowed and refusal is None and held is None and not busy)
                button.setToolTip(
                    refusal_text(refusal) if refusal is not None and detail is not None else held_text
                )
            else:
                button.setVisible(permitted and detail is not None and refusal is None)
                button.setEnabled(held is None and not busy)
                button.setToolTip(held_text)
        for move, action in self.move_actions.items():
            refusal = self.refusal(move) if detail is not None else None
            action.setVisible(self.may_move(move))
            action.setEnabled(refusal is None and held is None and not busy)
            action.setToolTip(
                refusal_text(refusal) if refusal is not None and detail is not None else held_text
            )
        forwardable = detail is not None and status not in CLOSED_STATUSES and not self._forward_open(detail)
        self.forward_action.setVisible(self.may(Action.FORWARD_12345))
        self.forward_action.setEnabled(forwardable and held is None and not busy)
        closed = status is not None and (status.is_closed or status.is_gone)
        for action in self.transfer_actions:
            if action.data() == CITY_REPLY_EVENT:
                move_refusal = city_reply_refusal(centre_desk=self._centre_desk, level=level)
            else:
                move_refusal = transfer_refusal(
                    TransferKind(action.data()),
                    centre_desk=self._centre_desk,
                    level=level,
                    case_closed=closed,
                )
            action.setVisible(self.may(Action.CASE_WORK))  # the office's move
            action.setEnabled(detail is not None and move_refusal is None and not busy)
            action.setToolTip(
                REFUSAL_ZH[move_refusal] if move_refusal is not None and detail is not None else ""
            )
        transferable = any(a.isVisible() and a.isEnabled() for a in self.transfer_actions)
        for button, moves in ((self.other_button, OTHER_MOVES), (self.correct_button, CORRECTIONS)):
            button.setVisible(any(self.may_move(m) for m in moves) or self.forward_action.isVisible())
            button.setEnabled(
                not busy
                and (
                    any(self.move_actions[m].isEnabled() for m in moves)
                    or self.forward_action.isEnabled()
                    or (button is self.other_button and transferable)
                )
            )
        has_slip = detail is not None and bool(detail.referrals)
        self.print_slip_button.setEnabled(has_slip and not self._loading and not self._printing)
        self.print_slip_button.setToolTip("" if has_slip else self.tr("This case has no referral slip yet."))
        if status is CaseStatus.DISSATISFIED:
            self.refer_button.setText(self.tr("Second round (re-refer)"))
        elif status is CaseStatus.RETURNED:
            self.refer_button.setText(self.tr("Refer again"))
        else:
            self.refer_button.setText(self.tr("Refer"))

    def open_move(self, move: Move) -> ActionDialog | None:
        """Open the dialog of `move` (or bring forward the one already open)."""
        return self._open(MOVE_DIALOGS[move])

    def open_forward_dialog(self) -> ActionDialog | None:
        return self._open(ForwardDialog)

    @staticmethod
    def _forward_open(detail: CaseDetail) -> bool:
        """A forward of the case is pending or open at the platform (not forwarded again then)."""
        return any(
            e.kind == "forwarded" and e.detail.get("state") in ("pending", "sent") for e in detail.timeline
        )

    def open_refer_dialog(self) -> ActionDialog | None:
        return self.open_move(Move.REFER)

    def open_reply_dialog(self) -> ActionDialog | None:
        return self.open_move(Move.REPLY)

    def open_callback_dialog(self) -> ActionDialog | None:
        return self.open_move(Move.CALLBACK)

    def open_sign_off_dialog(self) -> ActionDialog | None:
        return self.open_move(Move.SIGN_OFF)

    def _open(self, cls: type[ActionDialog]) -> ActionDialog | None:
        if self.detail is None:
            return None
        if self.active_dialog is not None:
            bring_forward(self.active_dialog)
            return self.active_dialog
        dialog = cls(self._session, self.detail, self)
        dialog.saved.connect(self._move_saved)
        if isinstance(dialog, ReferDialog):
            dialog.print_requested.connect(self.print_slip_of)
        # A bound method, not a lambda: Qt disconnects it when this view is destroyed.
        dialog.finished.connect(self._dialog_closed)
        self.active_dialog = dialog
        self._update_buttons()
        dialog.open()
        return dialog

    def done(self, result: int) -> None:
        # A move dialog still open goes with this view: what was typed in it is written now.
        dialog = self.active_dialog
        if dialog is not None and dialog.drafts is not None:
            dialog.drafts.save_now()
        super().done(result)

    def _move_saved(self, _result: object) -> None:
        # Every screen showing this case (this one included) reloads on the shared signal.
        self._session.events.case_changed.emit(self.reception_id)

    def _dialog_closed(self, _result: int) -> None:
        # Only one move dialog is open at a time (_open brings it forward), so the one that
        # finished is the active one. It is forgotten before it is deleted: active_dialog
        # never names a deleted dialog.
        dialog, self.active_dialog = self.active_dialog, None
        if dialog is not None:
            if _result != QDialog.DialogCode.Accepted and dialog.has_typing():
                self.banner.show_message(
                    self.tr("What you typed in “%1” is kept as a draft: open it again to go on.").replace(
                        "%1", dialog.windowTitle()
                    ),
                    ok=True,
                )
            dialog.deleteLater()
        self._update_buttons()

    # -- the referral slip -------------------------------------------------------------------

    def _fill_slip_rounds(self, detail: CaseDetail) -> None:
        """One entry a round (its slip in force: the latest attempt), the current round first.

        A round the clerk picked stays picked while the case stays in that round; once a new
        round opens, the current one is chosen again (the view must never print an old round's
        slip by default: the defect of issue 9)."""
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
            combo.addItem(
                self.tr("Round %1 · %2").replace("%1", str(round_no)).replace("%2", latest[round_no].serial),
                round_no,
            )
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
        round_no = self.slip_round()
        slip = self._slips.get(round_no) if round_no is not None else None
        self.print_slip_of(round_no, slip.serial if slip is not None else "")

    def print_slip_of(self, round_no: int | None, serial: str) -> None:
        """Build the slip of `round_no` (None: the current one) as PDF, then preview it; also the
        refer dialog's "print the slip now", before this view has read the new slip back."""
        if self._printing:
            return
        store, reception_id = self._session.store, self.reception_id
        full_phone = self.may(Action.FULL_NUMBERS) and self.full_phone_check.isChecked()
        clerk, by = self._session.operator.name, self._session.operator.id

        def build() -> tuple[bytes, str] | Exception:
            import io

            from desk_app.reports.documents import print_referral_slip
            from desk_app.reports.fonts import CjkFontMissing

            buffer = io.BytesIO()
            try:
                print_referral_slip(
                    store,
                    buffer,
                    reception_id=reception_id,
                    round_no=round_no,
                    full_phone=full_phone,
                    clerk_name=clerk,
                    by=by,
                )
            except CjkFontMissing as exc:
                return exc
            return buffer.getvalue(), serial

        self._printing = True
        self._update_buttons()
        DbOp(build, parent=self).success(self._slip_built).failure(self._slip_failed).always(
            self._slip_done
        ).run()

    def _slip_done(self) -> None:
        self._printing = False
        self._update_buttons()

    def _slip_failed(self, exc: BaseException) -> None:
        self.banner.show_message(describe_error(exc), ok=False)

    def _slip_built(self, result: tuple[bytes, str] | Exception) -> None:
        from desk_app.reports.fonts import GlyphMissing

        if isinstance(result, GlyphMissing):  # a character of the case no font has: name it
            self.banner.show_message(file_problem_text(result), ok=False)
            return
        if isinstance(result, Exception):
            self.banner.show_message(
                self.tr(
                    "No Chinese font was found on this computer, so the slip was not made (its characters would "
                    "print as empty boxes). Install a Chinese TrueType font such as WenQuanYi Micro Hei or SimSun."
                ),
                ok=False,
            )
            return
        pdf, serial = result
        title = self.tr("Referral slip %1").replace("%1", serial)
        if self.preview is not None:  # deleted only here, when it is replaced
            self.preview.close()
            self.preview.deleteLater()
        self.preview = PdfPreviewDialog(pdf, title, self, suggested_name=f"{serial or title}.pdf")
        self.preview.open()
        self.slip_previewed.emit(self.preview)
