"""The reception registration form (接待登记), built for fast keyboard entry.

Tab walks the fields in the order they are shown; Ctrl+Enter (or Ctrl+S) saves from anywhere in
the form. Nothing typed is ever lost: a refused or failed save leaves every field as it was, with
the problems shown in red under their fields. After a save the per-citizen fields are cleared
for the next citizen while the date, channel and deputies on duty stay, since they rarely change
between two citizens.

What is typed is also kept as the operator's draft while they type (ui/drafts.py): it survives
switching the operator, quitting and a crash, and comes back, with a banner that offers to discard
it, when the same operator signs in again. Nobody else sees it.

The reception time (接待时间) is the time the citizen's account began to be typed: the form
stamps it at the first keystroke for a citizen (and at saving, when nothing was typed before),
unless the clerk set the time by hand (a paper record typed in later), which is then kept.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtCore import QDate, QDateTime, Qt, QTime, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QCompleter,
    QDateTimeEdit,
    QGridLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.permissions import Action, permits
from desk_app.domain.validation import (
    MAX_HEADCOUNT,
    MAX_NAME_CHARS,
    MAX_SHORT_TEXT_CHARS,
    FieldError,
    FieldProblem,
    ReceptionDraft,
    is_valid_phone,
    validate_reception,
)
from desk_app.domain.vocab import Channel, Outcome
from desk_app.storage.campaign_store import CampaignInfo, CampaignStore
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.records import CategoryInfo, DeputyInfo
from desk_app.ui.drafts import DraftKeeper, ask_discard
from desk_app.ui.kit.labels import deputy_text, label
from desk_app.ui.kit.limits import guard_length, too_long_texts
from desk_app.ui.kit.widgets import INVALID_STYLE, Banner, FieldErrors, fill_combo, with_error
from desk_app.ui.messages import describe_error, field_problem_text, show_problem
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession
from desk_app.ui.similar_panel import SimilarCasesPanel

# The form's field codes, in the order they are shown (errors focus the first bad one).
FIELDS = (
    "received_at",
    "channel",
    "citizen_name",
    "citizen_phone",
    "citizen_address",
    "category_id",
    "content",
    "deputy_ids",
    "outcome",
    "on_site_answer",
)
# The longest phone number the form takes (a number with an extension, say); longer is refused.
MAX_PHONE_CHARS = 30
LIMITS = {
    "citizen_name": MAX_NAME_CHARS,
    "citizen_phone": MAX_PHONE_CHARS,
    "citizen_address": MAX_SHORT_TEXT_CHARS,
}
DRAFT_KEY = "reception"
# While the form is empty and its time untouched, the time shown follows the clock this often.
CLOCK_TICK_MS = 30_000


def _to_qdatetime(value: datetime) -> QDateTime:
    return QDateTime(QDate(value.year, value.month, value.day), QTime(value.hour, value.minute, value.second))


class ReceptionForm(QWidget):
    saved = Signal(str)  # reception id
    open_case_requested = Signal(str)
    # "Save and refer now": the case was saved and the user wants to issue its slip.
    refer_requested = Signal(str)
    # Categories and deputies arrived for the first time: the form is usable.
    loaded = Signal()
    draft_restored = Signal()  # the operator's unsaved reception came back

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._categories: list[CategoryInfo] = []
        self._deputies: list[DeputyInfo] = []
        # Deputies checked in at the desk today (see set_present_deputies).
        self._present: set[str] = set()
        self._saving = False
        self._refer_after_save = False
        self._loaded_once = False
        # While untouched, the reception time follows the clock; once edited (a paper record
        # typed in later), it is kept for the next citizen too.
        self._time_touched = False
        # When the clerk began typing this citizen's account (None: nothing typed yet).
        self._started_at: datetime | None = None
        self.last_saved_id: str | None = None
        self.setObjectName("receptionForm")
        self.setStyleSheet(INVALID_STYLE)
        self._errors = FieldErrors(too_long_texts(LIMITS))
        self._build()
        self.drafts = DraftKeeper(
            session.drafts, DRAFT_KEY, self.draft_values, self.clear_for_next, self.tr("Reception"), self
        )
        self._connect()
        self._reset_time()
        self._clock_timer = QTimer(self)
        self._clock_timer.setInterval(CLOCK_TICK_MS)
        self._clock_timer.timeout.connect(self._follow_clock)
        self._clock_timer.start()
        self.reload_choices()
        self.reload_theme_days()
        session.events.directory_changed.connect(self._directory_changed)

    # -- building ----------------------------------------------------------------------------

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        self.banner = Banner()
        outer.addWidget(self.banner)

        # 流动工作站 (issue 14): while campaigns run, a reception can be one of their problems.
        self.campaign = QComboBox()
        self.campaign.setObjectName("campaign")
        self.campaign_row = QWidget()
        campaign_layout = QHBoxLayout(self.campaign_row)
        campaign_layout.setContentsMargins(0, 0, 0, 0)
        campaign_layout.addWidget(QLabel(self.tr("Campaign:")))
        campaign_layout.addWidget(self.campaign, 1)
        self.campaign_row.setVisible(False)
        outer.addWidget(self.campaign_row)

        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        # Beside the fields, the cases like the one being typed (ui/similar_panel.py).
        body = QHBoxLayout()
        body.addLayout(grid, 1)
        store = self._session.store
        self.similar = SimilarCasesPanel(lambda content, place: store.similar_cases(content, place), self)
        body.addWidget(self.similar)
        outer.addLayout(body, 1)

        self.received_at = QDateTimeEdit()
        self.received_at.setObjectName("receivedAt")
        self.received_at.setCalendarPopup(True)
        self.received_at.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.channel = QComboBox()
        self.channel.setObjectName("channel")
        for channel in Channel:
            self.channel.addItem(label(channel), channel.value)
        self._row(
            grid,
            0,
            self.tr("Received:"),
            "received_at",
            self.received_at,
            self.tr("Channel:"),
            "channel",
            self.channel,
        )

        self.citizen_name = QLineEdit()
        self.citizen_name.setObjectName("citizenName")
        self.citizen_phone = QLineEdit()
        self.citizen_phone.setObjectName("citizenPhone")
        self.citizen_phone.setPlaceholderText(self.tr("optional"))
        self.citizen_phone.setInputMethodHints(Qt.InputMethodHint.ImhDialableCharactersOnly)
        self._row(
            grid,
            1,
            self.tr("Citizen:"),
            "citizen_name",
            self.citizen_name,
            self.tr("Phone:"),
            "citizen_phone",
            self.citizen_phone,
        )

        self.citizen_address = QLineEdit()
        self.citizen_address.setObjectName("citizenAddress")
        self.citizen_address.setPlaceholderText(self.tr("address or community"))
        self.category = QComboBox()
        self.category.setObjectName("category")
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.category.lineEdit().setPlaceholderText(self.tr("type or choose"))
        completer = QCompleter(self.category.model(), self.category)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.category.setCompleter(completer)
        self.add_category_button = QToolButton()
        self.add_category_button.setObjectName("addCategory")
        self.add_category_button.setText(self.tr("New…"))
        self.add_category_button.setToolTip(self.tr("Add a category to the list"))
        # Typists tab straight from the category to the content; the button is for the mouse.
        self.add_category_button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        category_row = QWidget()
        box = QHBoxLayout(category_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.category, 1)
        box.addWidget(self.add_category_button)
        self._row(
            grid,
            2,
            self.tr("Address:"),
            "citizen_address",
            self.citizen_address,
            self.tr("Category:"),
            "category_id",
            category_row,
            error_widget=self.category,
        )

        self.content = QPlainTextEdit()
        self.content.setObjectName("content")
        self.content.setTabChangesFocus(True)
        self.content.setPlaceholderText(self.tr("What the citizen raised, in their words"))
        self.content.setMinimumHeight(110)
        self._wide_row(grid, 3, self.tr("Raised:"), "content", self.content, stretch=True)

        self.deputies = QListWidget()
        self.deputies.setObjectName("deputies")
        # Names flow left to right and wrap, like chips; Space ticks the current one.
        self.deputies.setFlow(QListView.Flow.LeftToRight)
        self.deputies.setWrapping(True)
        self.deputies.setResizeMode(QListView.ResizeMode.Adjust)
        self.deputies.setSpacing(3)
        self.deputies.setMaximumHeight(78)
        self.deputies_hint = QLabel(self.tr("No deputies in the directory yet."))
        self.deputies_hint.setVisible(False)
        deputies_cell = QWidget()
        box = QVBoxLayout(deputies_cell)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.deputies)
        box.addWidget(self.deputies_hint)
        self._wide_row(
            grid, 4, self.tr("Received by:"), "deputy_ids", deputies_cell, error_widget=self.deputies
        )

        self.on_site = QRadioButton(label(Outcome.RESOLVED_ON_SITE))
        self.on_site.setObjectName("outcomeOnSite")
        self.needs_referral = QRadioButton(label(Outcome.NEEDS_REFERRAL))
        self.needs_referral.setObjectName("outcomeReferral")
        self.needs_referral.setChecked(True)
        self.outcome_group = QButtonGroup(self)
        self.outcome_group.addButton(self.on_site)
        self.outcome_group.addButton(self.needs_referral)
        # 咨询 (issue 11): a question answered at the desk, counted apart from problems solved.
        self.consultation = QRadioButton(label(Outcome.CONSULTATION))
        self.consultation.setObjectName("outcomeConsultation")
        self.outcome_group.addButton(self.consultation)
        # 接待人数: a group received together counts its members.
        self.headcount = QSpinBox()
        self.headcount.setObjectName("headcount")
        self.headcount.setRange(1, MAX_HEADCOUNT)
        outcome_row = QWidget()
        box = QHBoxLayout(outcome_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.needs_referral)
        box.addSpacing(24)
        box.addWidget(self.on_site)
        box.addSpacing(24)
        box.addWidget(self.consultation)
        box.addStretch(1)
        box.addWidget(QLabel(self.tr("People received:")))
        box.addWidget(self.headcount)
        self._wide_row(grid, 5, self.tr("Outcome:"), "outcome", outcome_row, error_widget=self.needs_referral)

        self.on_site_answer = QPlainTextEdit()
        self.on_site_answer.setObjectName("onSiteAnswer")
        self.on_site_answer.setTabChangesFocus(True)
        self.on_site_answer.setPlaceholderText(self.tr("The answer or help given on the spot"))
        self.on_site_answer.setMaximumHeight(80)
        self.answer_label = QLabel(self.tr("Answer given:"))
        self._wide_row(grid, 6, self.answer_label, "on_site_answer", self.on_site_answer)
        self._answer_cell = grid.itemAtPosition(6, 1).widget()
        self._set_answer_visible(False)

        # A theme reception day (主题接待日, issue 14) today: the office tags receptions to it.
        self.theme_day = QComboBox()
        self.theme_day.setObjectName("themeDayChoice")
        self.theme_day_row = QWidget()
        theme_row = QHBoxLayout(self.theme_day_row)
        theme_row.setContentsMargins(0, 0, 0, 0)
        theme_row.addWidget(QLabel(self.tr("Theme reception day")))
        theme_row.addWidget(self.theme_day, 1)
        self.theme_day_row.setVisible(False)
        self._theme_days_on: date | None = None
        outer.addWidget(self.theme_day_row)

        buttons = QHBoxLayout()
        self.shortcut_hint = QLabel(self.tr("Ctrl+Enter saves"))
        self.shortcut_hint.setStyleSheet("color: #555;")
        buttons.addWidget(self.shortcut_hint)
        buttons.addStretch(1)
        self.clear_button = QPushButton(self.tr("Clear form"))
        self.clear_button.setObjectName("clearButton")
        self.save_refer_button = QPushButton(self.tr("Save and refer now"))
        self.save_refer_button.setObjectName("saveReferButton")
        # Referring is the office's work: a duty deputy registers, the office refers.
        self.save_refer_button.setVisible(permits(self._session.operator.role, Action.CASE_WORK))
        self.save_button = QPushButton(self.tr("Save"))
        self.save_button.setObjectName("saveButton")
        self.save_button.setMinimumWidth(120)
        for b in (self.clear_button, self.save_refer_button, self.save_button):
            buttons.addWidget(b)
        outer.addLayout(buttons)

        order = [
            self.received_at,
            self.channel,
            self.citizen_name,
            self.citizen_phone,
            self.citizen_address,
            self.category,
            self.content,
            self.deputies,
            self.needs_referral,
            self.on_site,
            self.consultation,
            self.headcount,
            self.on_site_answer,
            self.save_button,
            self.save_refer_button,
            self.clear_button,
        ]
        for first, second in zip(order, order[1:], strict=False):
            QWidget.setTabOrder(first, second)

    def _row(
        self,
        grid: QGridLayout,
        row: int,
        text1: str,
        field1: str,
        widget1: QWidget,
        text2: str,
        field2: str,
        widget2: QWidget,
        error_widget: QWidget | None = None,
    ) -> None:
        for col, text, field, widget, target in (
            (0, text1, field1, widget1, widget1),
            (2, text2, field2, widget2, error_widget or widget2),
        ):
            caption = QLabel(text)
            caption.setBuddy(target)
            grid.addWidget(caption, row, col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            grid.addWidget(with_error(widget, self._errors.add(field, target)), row, col + 1)

    def _wide_row(
        self,
        grid: QGridLayout,
        row: int,
        caption: str | QLabel,
        field: str,
        widget: QWidget,
        error_widget: QWidget | None = None,
        stretch: bool = False,
    ) -> None:
        label_widget = caption if isinstance(caption, QLabel) else QLabel(caption)
        label_widget.setBuddy(error_widget or widget)
        grid.addWidget(label_widget, row, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        grid.addWidget(
            with_error(widget, self._errors.add(field, error_widget or widget), grow=stretch), row, 1, 1, 3
        )
        if stretch:
            grid.setRowStretch(row, 1)

    def _connect(self) -> None:
        for keys in ("Ctrl+Return", "Ctrl+Enter", "Ctrl+S"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.save)
        self.save_button.clicked.connect(self.save)
        self.save_refer_button.clicked.connect(self.save_and_refer)
        self.clear_button.clicked.connect(self.ask_clear)
        self.add_category_button.clicked.connect(self._ask_new_category)
        self.on_site.toggled.connect(self._outcome_changed)
        self.consultation.toggled.connect(self._outcome_changed)
        self.received_at.dateTimeChanged.connect(self._time_edited)
        self.citizen_phone.editingFinished.connect(self._check_phone)
        errors = self._errors
        errors.clear_on("received_at", self.received_at.dateTimeChanged)
        errors.clear_on("channel", self.channel.currentIndexChanged)
        errors.clear_on("citizen_name", self.citizen_name.textChanged)
        errors.clear_on("citizen_phone", self.citizen_phone.textChanged)
        errors.clear_on("citizen_address", self.citizen_address.textChanged)
        errors.clear_on("category_id", self.category.currentTextChanged)
        errors.clear_on("content", self.content.textChanged)
        errors.clear_on("deputy_ids", self.deputies.itemChanged)
        errors.clear_on("on_site_answer", self.on_site_answer.textChanged)
        # Too long is said, never cut (after clear_on, which clears the line at each change).
        guard_length(self.citizen_name, MAX_NAME_CHARS, errors, "citizen_name")
        guard_length(self.citizen_phone, MAX_PHONE_CHARS, errors, "citizen_phone")
        guard_length(self.citizen_address, MAX_SHORT_TEXT_CHARS, errors, "citizen_address")
        # Every change may start the citizen's time and is kept as the draft.
        for signal in (
            self.citizen_name.textChanged,
            self.citizen_phone.textChanged,
            self.citizen_address.textChanged,
            self.content.textChanged,
            self.on_site_answer.textChanged,
            self.category.currentTextChanged,
        ):
            signal.connect(self._typed)
        self.content.textChanged.connect(self._ask_similar)
        self.citizen_address.textChanged.connect(self._ask_similar)
        self.similar.open_case_requested.connect(self.open_case_requested)
        for signal in (
            self.received_at.dateTimeChanged,
            self.channel.currentIndexChanged,
            self.deputies.itemChanged,
            self.on_site.toggled,
            self.consultation.toggled,
            self.headcount.valueChanged,
        ):
            signal.connect(self.drafts.changed)

    # -- choices (categories, deputies) ------------------------------------------------------

    def reload_choices(self) -> None:
        store = self._session.store
        DbOp(lambda: (store.categories(), store.deputies()), parent=self).success(self._fill_choices).run()
        DbOp(CampaignStore(store).active, parent=self).success(self._fill_campaigns).run()

    def _fill_campaigns(self, campaigns: list[CampaignInfo]) -> None:
        kept = self.campaign.currentData()
        fill_combo(self.campaign, [(self.tr("(none)"), None)] + [(c.topic, c.id) for c in campaigns])
        index = self.campaign.findData(kept) if kept else 0
        self.campaign.setCurrentIndex(max(0, index))
        self.campaign_row.setVisible(bool(campaigns))

    def reload_theme_days(self) -> None:
        """Today's theme reception days of the station (the office may tag receptions to one)."""
        if not permits(self._session.operator.role, Action.CASE_WORK):
            return
        store, station_id, today = self._session.store, self._session.station.id, self._session.store.today()
        DbOp(lambda: (today, store.theme_days(today, today, station_id)), parent=self).success(
            self._fill_theme_days
        ).run()

    def _fill_theme_days(self, result: tuple[date, list[Any]]) -> None:
        day, theme_days = result
        held = [t for t in theme_days if not t.cancelled]
        self._theme_days_on = day
        keep = self.theme_day.currentData() or (held[0].id if len(held) == 1 else None)
        fill_combo(self.theme_day, [(self.tr("Not tagged"), None)] + [(t.theme, t.id) for t in held], keep)
        self.theme_day_row.setVisible(bool(held))

    def _directory_changed(self, kind: str) -> None:
        if kind in ("category", "deputy", ""):
            self.reload_choices()

    def _fill_choices(self, result: tuple[list[CategoryInfo], list[DeputyInfo]]) -> None:
        categories, deputies = result
        self._categories = categories
        typed = self.category.currentText()
        fill_combo(self.category, [("", None)] + [(c.name, c.id) for c in categories])
        self.category.setEditText(typed)

        ticked = set(self.selected_deputy_ids()) | (self._present if not self._loaded_once else set())
        self._deputies = deputies
        self.deputies.blockSignals(True)
        self.deputies.clear()
        for deputy in deputies:
            text = deputy_text(deputy.name, deputy.level)
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, deputy.id)
            item.setFlags(
                Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable
            )
            item.setCheckState(Qt.CheckState.Checked if deputy.id in ticked else Qt.CheckState.Unchecked)
            self.deputies.addItem(item)
        self.deputies.blockSignals(False)
        self.deputies_hint.setVisible(not deputies)
        if not self._loaded_once:
            self._loaded_once = True
            # The operator's unsaved reception, given back once the lists it names are here.
            draft = self.drafts.load()
            if draft is not None and draft.values:
                self.restore_draft(draft.values, draft.saved_at)
                self.draft_restored.emit()
            self.drafts.start()
            self.loaded.emit()

    def selected_deputy_ids(self) -> list[str]:
        return [
            self.deputies.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.deputies.count())
            if self.deputies.item(row).checkState() == Qt.CheckState.Checked
        ]

    def set_present_deputies(self, deputy_ids: list[str]) -> None:
        """Deputies checked in at the desk become the default receivers: a new arrival is ticked,
        one who checked out is unticked; ticks the clerk set by hand for others stay."""
        present = set(deputy_ids)
        for deputy_id in present - self._present:
            self.set_deputy_checked(deputy_id, True)
        for deputy_id in self._present - present:
            self.set_deputy_checked(deputy_id, False)
        self._present = present

    def set_deputy_checked(self, deputy_id: str, checked: bool = True) -> None:
        for row in range(self.deputies.count()):
            item = self.deputies.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == deputy_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def _ask_new_category(self) -> None:
        dialog = QInputDialog(self)
        dialog.setObjectName("newCategoryDialog")
        dialog.setWindowTitle(self.tr("New category"))
        dialog.setLabelText(self.tr("Name of the new category:"))
        dialog.setTextValue(self._typed_category_if_new())
        dialog.textValueSelected.connect(self.add_category)
        dialog.open()

    def _typed_category_if_new(self) -> str:
        text = self.category.currentText().strip()
        return text if text and self._category_id_for(text) is None else ""

    def add_category(self, name: str) -> None:
        if not name.strip():
            return
        session = self._session

        def work() -> CategoryInfo:
            return session.store.save_category(by=session.operator.id, name=name)

        DbOp(work, parent=self).success(self._category_added).failure(self._category_refused).run()

    def _category_added(self, category: CategoryInfo) -> None:
        self.category.setEditText(category.name)
        self._session.events.directory_changed.emit("category")

    def _category_refused(self, exc: BaseException) -> None:
        show_problem(self, describe_error(exc))

    def _category_id_for(self, text: str) -> str | None:
        text = text.strip()
        for category in self._categories:
            if category.name == text:
                return category.id
        return None

    # -- behaviour ---------------------------------------------------------------------------

    def _set_answer_visible(self, visible: bool) -> None:
        self.answer_label.setVisible(visible)
        self._answer_cell.setVisible(visible)

    def _outcome_changed(self) -> None:
        on_site = self._outcome().closes_at_registration
        self._set_answer_visible(on_site)
        self.save_refer_button.setEnabled(not on_site)
        self._errors.clear("on_site_answer")

    def _reset_time(self, at: datetime | None = None) -> None:
        self.received_at.blockSignals(True)
        self.received_at.setDateTime(_to_qdatetime(at or self._session.store.clock()))
        self.received_at.blockSignals(False)

    def _time_edited(self) -> None:
        self._time_touched = True

    def _typed(self, *_args: object) -> None:
        """The first keystroke of a citizen's account is when they are received (unless the
        clerk set the time); every change is kept as the draft."""
        if self._started_at is None and self._has_typing():
            self._started_at = self._session.store.clock().replace(second=0, microsecond=0)
            if not self._time_touched:
                self._reset_time(self._started_at)
        self.drafts.changed()

    def _ask_similar(self, *_args: object) -> None:
        self.similar.text_changed(self.content.toPlainText(), self.citizen_address.text())

    def _follow_clock(self) -> None:
        """An empty form shows the time now, not the time it was last cleared."""
        if not self._time_touched and self._started_at is None:
            self._reset_time()

    # -- the draft ---------------------------------------------------------------------------

    def draft_values(self) -> dict[str, Any] | None:
        """The form as the operator's draft; None when nothing was typed for this citizen."""
        if not self._has_typing():
            return None
        qdt = self.received_at.dateTime()
        return {
            "received_at": qdt.toPython().replace(second=0, microsecond=0).isoformat(),
            "time_touched": self._time_touched,
            "started_at": self._started_at.isoformat() if self._started_at else None,
            "channel": self.channel.currentData() or "",
            "citizen_name": self.citizen_name.text(),
            "citizen_phone": self.citizen_phone.text(),
            "citizen_address": self.citizen_address.text(),
            "category": self.category.currentText(),
            "content": self.content.toPlainText(),
            "deputy_ids": self.selected_deputy_ids(),
            "outcome": self._outcome().value,
            "on_site_answer": self.on_site_answer.toPlainText(),
            "headcount": self.headcount.value(),
        }

    def restore_draft(self, values: dict[str, Any], saved_at: datetime) -> None:
        """Fill the form from a draft (the one this operator left) and say so."""

        def text(key: str) -> str:
            value = values.get(key)
            return value if isinstance(value, str) else ""

        self._errors.clear()  # before the fields: a limit passed is said again as they fill
        index = self.channel.findData(text("channel"))
        if index >= 0:
            self.channel.setCurrentIndex(index)
        self.citizen_name.setText(text("citizen_name"))
        self.citizen_phone.setText(text("citizen_phone"))
        self.citizen_address.setText(text("citizen_address"))
        self.category.setEditText(text("category"))
        self.content.setPlainText(text("content"))
        ticked = values.get("deputy_ids")
        if isinstance(ticked, list):
            for row in range(self.deputies.count()):
                item = self.deputies.item(row)
                on = item.data(Qt.ItemDataRole.UserRole) in ticked
                item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        if text("outcome") == Outcome.RESOLVED_ON_SITE.value:
            self.on_site.setChecked(True)
        elif text("outcome") == Outcome.CONSULTATION.value:
            self.consultation.setChecked(True)
        else:
            self.needs_referral.setChecked(True)
        self.on_site_answer.setPlainText(text("on_site_answer"))
        headcount = values.get("headcount")
        if isinstance(headcount, int) and not isinstance(headcount, bool):
            self.headcount.setValue(headcount)
        try:
            started = datetime.fromisoformat(text("started_at")) if text("started_at") else None
            received = datetime.fromisoformat(text("received_at")) if text("received_at") else None
        except ValueError:
            started = received = None
        self._started_at = started or self._started_at
        if values.get("time_touched") and received is not None:
            self._reset_time(received)
            self._time_touched = True
        elif self._started_at is not None:
            self._reset_time(self._started_at)
        self.banner.show_message(
            self.tr("Restored the unsaved draft (typed %1).").replace(
                "%1", saved_at.strftime("%Y-%m-%d %H:%M")
            ),
            ok=True,
            button=self.tr("Discard"),
            action=self.ask_discard_draft,
        )

    def ask_discard_draft(self) -> None:
        """The banner's Discard: asks first, since it cannot be undone."""
        ask_discard(self, self.drafts.discard_typing)

    def _check_phone(self) -> None:
        """Say at once, on leaving the field, that a number cannot be right (saving still checks)."""
        text = self.citizen_phone.text().strip()
        if text and not is_valid_phone(text):
            self._errors.set("citizen_phone", field_problem_text(FieldProblem.BAD_PHONE))

    def error_text(self, field: str) -> str:
        return self._errors.text(field)

    def draft(self) -> ReceptionDraft:
        return ReceptionDraft(
            received_at=self.received_at.dateTime().toPython().replace(second=0, microsecond=0),
            channel=self.channel.currentData() or "",
            content=self.content.toPlainText(),
            outcome=self._outcome().value,
            citizen_name=self.citizen_name.text(),
            citizen_phone=self.citizen_phone.text(),
            citizen_address=self.citizen_address.text(),
            category_id=self._category_id_for(self.category.currentText()),
            on_site_answer=self.on_site_answer.toPlainText()
            if self._outcome().closes_at_registration
            else "",
            deputy_ids=tuple(self.selected_deputy_ids()),
            headcount=self.headcount.value(),
        )

    def _outcome(self) -> Outcome:
        if self.on_site.isChecked():
            return Outcome.RESOLVED_ON_SITE
        if self.consultation.isChecked():
            return Outcome.CONSULTATION
        return Outcome.NEEDS_REFERRAL

    def _check(self, draft: ReceptionDraft) -> list[FieldError]:
        """The same checks as the store, before a round trip, so the answer is instant."""
        errors = validate_reception(draft, self._session.store.clock())
        if self.category.currentText().strip() and draft.category_id is None:
            errors.append(FieldError("category_id", FieldProblem.UNKNOWN_CHOICE))
        # Keep the form's order, so the first one listed is the first one on screen.
        return sorted(errors, key=lambda e: FIELDS.index(e.field) if e.field in FIELDS else len(FIELDS))

    def save_and_refer(self) -> None:
        self.save(refer=True)

    def save(self, refer: bool = False) -> None:
        if self._saving:  # a second Ctrl+Enter while the first save runs must not save twice
            return
        if not self._time_touched and self._started_at is None:
            self._reset_time()  # nothing was typed before: the citizen is received now
        draft = self._check_and_draft()
        if draft is None:
            return
        self._refer_after_save = bool(refer) and draft.outcome == Outcome.NEEDS_REFERRAL.value
        self._set_saving(True)
        session = self._session
        campaign_id = self.campaign.currentData() if self.campaign_row.isVisibleTo(self) else None
        theme_day_id = self.theme_day.currentData() if self.theme_day_row.isVisibleTo(self) else None
        if draft.received_at.date() != self._theme_days_on:
            theme_day_id = None  # a reception of another day (a paper record typed in later)

        # 类案 (issue 14): the similar case ticked beside the form is linked in the same save.
        link_to = self.similar.link_target()

        def register() -> str:
            if campaign_id:
                return CampaignStore(session.store).register_problem(
                    campaign_id, draft, by=session.operator.id, theme_day_id=theme_day_id, link_to=link_to
                )
            return session.store.register_reception(
                draft, by=session.operator.id, theme_day_id=theme_day_id, link_to=link_to
            )

        DbOp(register, parent=self).success(
            lambda reception_id: self._saved(reception_id, draft, linked=bool(link_to))
        ).failure(self._save_failed).always(lambda: self._set_saving(False)).run()

    def _check_and_draft(self) -> ReceptionDraft | None:
        draft = self.draft()
        errors = self._check(draft)
        if errors:
            self._errors.show(errors)
            self.banner.show_message(
                self.tr("Not saved yet: please correct the fields marked in red."), ok=False
            )
            return None
        self._errors.clear()
        return draft

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self.save_button.setEnabled(not saving)
        self.save_refer_button.setEnabled(not saving and not self.on_site.isChecked())

    def _saved(self, reception_id: str, draft: ReceptionDraft, linked: bool = False) -> None:
        self.last_saved_id = reception_id
        who = draft.citizen_name.strip() or self.tr("the citizen")
        self.drafts.forget()
        self.clear_for_next()
        text = self.tr("Saved the reception of %1. Ready for the next citizen.").replace("%1", who)
        if linked:
            text = self.tr(
                "Saved the reception of %1 and linked it to the similar case as a case class. Ready for the next citizen."
            ).replace("%1", who)
        self.banner.show_message(
            text,
            ok=True,
            button=self.tr("Open case"),
            action=lambda: self.open_case_requested.emit(reception_id),
        )
        self._session.events.case_changed.emit(reception_id)
        self.saved.emit(reception_id)
        if self._refer_after_save:
            self.refer_requested.emit(reception_id)

    def _save_failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationFailed):
            self._errors.show(exc.errors)
            self.banner.show_message(
                self.tr("Not saved yet: please correct the fields marked in red."), ok=False
            )
            return
        text = describe_error(exc)
        self.banner.show_message(self.tr("Not saved.") + " " + text, ok=False)
        show_problem(self, text)

    def _has_typing(self) -> bool:
        return any(
            (
                self.citizen_name.text(),
                self.citizen_phone.text(),
                self.citizen_address.text(),
                self.content.toPlainText(),
                self.on_site_answer.toPlainText(),
            )
        )

    def ask_clear(self) -> None:
        """The Clear button asks first when something was typed: a slip of the mouse must not
        throw away a citizen's account."""
        if not self._has_typing():
            self.clear_for_next()
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Clear form"),
            self.tr("Clear everything typed for this citizen? It has not been saved."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("clearBox")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(self._clear_confirmed)
        box.open()

    def _clear_confirmed(self) -> None:
        self.clear_for_next()
        self.drafts.forget()

    def clear_for_next(self) -> None:
        """Empty the per-citizen fields; keep time (if set by hand), channel and deputies."""
        for edit in (self.citizen_name, self.citizen_phone, self.citizen_address):
            edit.clear()
        self.category.setCurrentIndex(0)
        self.category.setEditText("")
        self.content.clear()
        self.on_site_answer.clear()
        self.needs_referral.setChecked(True)
        self.headcount.setValue(1)
        self._started_at = None
        if not self._time_touched:
            self._reset_time()
        self._errors.clear()
        self.similar.clear()
        self.banner.setVisible(False)
        self.citizen_name.setFocus()
