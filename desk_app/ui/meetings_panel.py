"""交办会 and 代表建议 (issue 13 items 3-5): the face-to-face referral meetings and the deputies'
suggestions between sessions, one tab of the main window.

Meetings: plan one (date, place, presiding leader, units attending), pick the cases waiting for a
slip (filtered by category or by unit), refer them all at once (one write: all or nothing, the
case that blocks named), print the minutes and every slip in one PDF; each meeting shows what
came back to it (referred, answered, called back, satisfied).

Suggestions: a deputy's suggestion made from picked cases, sent to a bureau with its own number
and deadline, its answer, the deputy's verdict, and the supervision ladder (大督办) level, raised
with who decided it.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.lifecycle import LADDER, SupervisionLevel
from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.domain.permissions import Action, permits
from desk_app.domain.suggestions import SUGGESTION_STATE_ZH, SendDraft, SuggestionDraft, SuggestionState
from desk_app.domain.vocab import Verdict
from desk_app.reports.fonts import CjkFontMissing
from desk_app.reports.minutes_pdf import print_meeting
from desk_app.storage.ladder import NotAnEscalation
from desk_app.storage.meetings import CandidateRow, MeetingBlocked, MeetingRow, MeetingStore
from desk_app.storage.network_reads import SuggestionRow
from desk_app.storage.suggestions import SuggestionStore
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.widgets import Banner, fill_combo, heading
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

_NO_FILTER = ""


def _table(object_name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(object_name)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    table.horizontalHeader().setStretchLastSection(True)
    return table


class PlanDialog(QDialog):
    """Plan a meeting: date, place, presiding leader, units attending, title (optional)."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("planMeetingDialog")
        self.setWindowTitle(self.tr("Plan a referral meeting"))
        self.held_on = QDateEdit(qdate(today))
        self.held_on.setObjectName("meetingDate")
        self.held_on.setCalendarPopup(True)
        self.place = QLineEdit()
        self.place.setObjectName("meetingPlace")
        self.presiding = QLineEdit()
        self.presiding.setObjectName("meetingPresiding")
        self.units = QLineEdit()
        self.units.setObjectName("meetingUnits")
        self.units.setPlaceholderText(self.tr("Separate the units with 、"))
        self.title = QLineEdit()
        self.title.setObjectName("meetingTitle")
        self.title.setPlaceholderText(self.tr("Left empty: numbered in the year"))
        self.error = QLabel()
        self.error.setObjectName("meetingError")
        self.error.setStyleSheet("color: #b3261e")
        form = QFormLayout()
        form.addRow(self.tr("Date"), self.held_on)
        form.addRow(self.tr("Place"), self.place)
        form.addRow(self.tr("Presiding leader"), self.presiding)
        form.addRow(self.tr("Units attending"), self.units)
        form.addRow(self.tr("Title"), self.title)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def draft(self) -> MeetingDraft:
        return MeetingDraft(
            held_on=pydate(self.held_on.date()),
            place=self.place.text(),
            presiding=self.presiding.text(),
            units=self.units.text(),
            title=self.title.text(),
        )

    def _check(self) -> None:
        if not self.place.text().strip() or not self.presiding.text().strip():
            self.error.setText(self.tr("Write the place and the presiding leader."))
            return
        self.accept()


class MeetingsPage(QWidget):
    """The meetings and the cases waiting to be referred at one."""

    open_case_requested = Signal(str)

    def __init__(self, session: DeskSession, banner: Banner) -> None:
        super().__init__()
        self.session = session
        self.banner = banner
        self.meetings = MeetingStore(session.store)
        self.rows: list[MeetingRow] = []
        self.candidates: list[CandidateRow] = []
        may = permits(session.operator.role, Action.CASE_WORK)

        self.meeting_table = _table(
            "meetingTable",
            [
                self.tr("Date"),
                self.tr("Meeting"),
                self.tr("Presiding"),
                self.tr("Referred"),
                self.tr("Answered"),
                self.tr("Called back"),
                self.tr("Satisfied"),
            ],
        )
        self.meeting_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.plan_button = QPushButton(self.tr("Plan a meeting…"))
        self.plan_button.setObjectName("planMeeting")
        self.plan_button.clicked.connect(self.open_plan_dialog)
        self.print_button = QPushButton(self.tr("Print minutes and slips…"))
        self.print_button.setObjectName("printMinutes")
        self.print_button.clicked.connect(self.print_minutes)

        self.category_filter = QComboBox()
        self.category_filter.setObjectName("meetingCategoryFilter")
        self.unit_filter = QComboBox()
        self.unit_filter.setObjectName("meetingUnitFilter")
        self.category_filter.currentIndexChanged.connect(lambda _i: self.refresh_candidates())
        self.unit_filter.currentIndexChanged.connect(lambda _i: self.refresh_candidates())
        self.case_table = _table(
            "meetingCases",
            [self.tr("Received"), self.tr("What was raised"), self.tr("Category"), self.tr("Earlier unit")],
        )
        self.case_table.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.case_table.doubleClicked.connect(self._open_case)
        self.unit = QComboBox()
        self.unit.setObjectName("meetingUnit")
        self.handler = QLineEdit()
        self.handler.setObjectName("meetingHandler")
        self.days = QSpinBox()
        self.days.setObjectName("meetingDays")
        self.days.setRange(1, 60)
        self.days.setValue(10)
        self.supervisor = QLineEdit(session.operator.name)
        self.supervisor.setObjectName("meetingSupervisor")
        self.refer_button = QPushButton(self.tr("Refer the selected cases at this meeting"))
        self.refer_button.setObjectName("referAtMeeting")
        self.refer_button.clicked.connect(self.refer_selected)
        for w in (self.plan_button, self.refer_button):
            w.setVisible(may)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        top = QHBoxLayout()
        top.addWidget(self.plan_button)
        top.addWidget(self.print_button)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.meeting_table, 1)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Category")))
        filters.addWidget(self.category_filter)
        filters.addWidget(QLabel(self.tr("Unit")))
        filters.addWidget(self.unit_filter)
        filters.addStretch(1)
        right_layout.addLayout(filters)
        right_layout.addWidget(self.case_table, 1)
        form = QFormLayout()
        form.addRow(self.tr("Handling unit (cases without an earlier unit)"), self.unit)
        form.addRow(self.tr("Handler"), self.handler)
        form.addRow(self.tr("Working days"), self.days)
        form.addRow(self.tr("Supervisor"), self.supervisor)
        right_layout.addLayout(form)
        right_layout.addWidget(self.refer_button)

        right_scroll = QScrollArea()
        right_scroll.setWidgetResizable(True)
        right_scroll.setWidget(right)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(right_scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    # -- reading ---------------------------------------------------------------------------------

    def refresh(self) -> None:
        store, meetings = self.session.store, self.meetings
        DbOp(
            lambda: (meetings.meetings(), store.categories(), store.handling_units()),
            parent=self,
        ).success(self._read).failure(self._failed).run()

    def _read(self, found: tuple[list[MeetingRow], list, list]) -> None:  # type: ignore[type-arg]
        rows, categories, units = found
        keep = self.current()
        self.rows = rows
        self.meeting_table.setRowCount(len(rows))
        for r, m in enumerate(rows):
            c = m.counts
            values = [
                m.held_on.isoformat(),
                m.title,
                m.presiding,
                str(c.referred),
                str(c.answered),
                str(c.called_back),
                str(c.satisfied),
            ]
            for col, value in enumerate(values):
                self.meeting_table.setItem(r, col, QTableWidgetItem(value))
        index = next(
            (i for i, m in enumerate(rows) if keep is not None and m.id == keep.id), 0 if rows else -1
        )
        if index >= 0:
            self.meeting_table.selectRow(index)
        everything = self.tr("All")
        fill_combo(
            self.category_filter,
            [(everything, _NO_FILTER), *((c.name, c.id) for c in categories)],
            self.category_filter.currentData(),
        )
        fill_combo(
            self.unit_filter,
            [(everything, _NO_FILTER), *((u.name, u.id) for u in units)],
            self.unit_filter.currentData(),
        )
        fill_combo(self.unit, [(u.name, u.id) for u in units], self.unit.currentData())
        self.refresh_candidates()

    def refresh_candidates(self) -> None:
        meetings = self.meetings
        cat, unit = self.category_filter.currentData(), self.unit_filter.currentData()
        DbOp(
            lambda: meetings.candidates(category_ids=[cat] if cat else [], unit_ids=[unit] if unit else []),
            parent=self,
        ).success(self._show_candidates).failure(self._failed).run()

    def _show_candidates(self, rows: list[CandidateRow]) -> None:
        self.candidates = rows
        self.case_table.clearSelection()
        self.case_table.setRowCount(len(rows))
        for r, row in enumerate(rows):
            values = [
                row.received_on.isoformat(),
                row.content.replace("\n", " ")[:60],
                row.category_name,
                row.unit_name,
            ]
            for col, value in enumerate(values):
                self.case_table.setItem(r, col, QTableWidgetItem(value))

    def current(self) -> MeetingRow | None:
        selected = self.meeting_table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected and selected[0].row() < len(self.rows) else None

    def selected_cases(self) -> list[CandidateRow]:
        rows = sorted({i.row() for i in self.case_table.selectionModel().selectedRows()})
        return [self.candidates[r] for r in rows if r < len(self.candidates)]

    # -- writing ---------------------------------------------------------------------------------

    def open_plan_dialog(self) -> PlanDialog:
        dialog = PlanDialog(self.session.store.today(), self)
        dialog.accepted.connect(lambda: self._plan(dialog.draft()))
        dialog.open()
        return dialog

    def _plan(self, draft: MeetingDraft) -> None:
        meetings, by = self.meetings, self.session.operator.id
        DbOp(lambda: meetings.plan(draft, by=by), parent=self).success(
            lambda _id: (self.banner.show_message(self.tr("Meeting planned.")), self.refresh())
        ).failure(self._failed).run()

    def refer_selected(self) -> None:
        meeting = self.current()
        picked = self.selected_cases()
        if meeting is None or not picked:
            self.banner.show_message(self.tr("Select a meeting and the cases to refer at it."), ok=False)
            return
        default_unit = self.unit.currentData()
        items = [
            MeetingItemDraft(
                c.reception_id, c.unit_id or default_unit, self.handler.text(), self.days.value()
            )
            for c in picked
        ]
        meetings, by, supervisor = self.meetings, self.session.operator.id, self.supervisor.text()
        self.refer_button.setEnabled(False)
        DbOp(
            lambda: meetings.refer_all(meeting.id, items, supervisor=supervisor, by=by), parent=self
        ).success(self._referred).failure(self._failed).always(
            lambda: self.refer_button.setEnabled(True)
        ).run()

    def _referred(self, slips: list[str]) -> None:
        for c in self.selected_cases():
            self.session.events.case_changed.emit(c.reception_id)
        self.banner.show_message(self.tr("%1 cases referred at the meeting.").replace("%1", str(len(slips))))
        self.refresh()

    def print_minutes(self) -> None:
        meeting = self.current()
        if meeting is None:
            return
        path = choose_save_file(
            self, self.tr("Save the minutes and slips"), f"{meeting.title}.pdf", "PDF (*.pdf)"
        )
        if not path:
            return
        target, store = with_suffix(path, ".pdf"), self.session.store
        DbOp(lambda: print_meeting(store, target, meeting.id), parent=self).success(
            lambda _r: self.banner.show_message(self.tr("Saved: %1").replace("%1", str(target)))
        ).failure(self._failed).run()

    def _open_case(self) -> None:
        rows = self.selected_cases()
        if rows:
            self.open_case_requested.emit(rows[0].reception_id)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, MeetingBlocked):
            self.banner.show_message(exc.message_zh, ok=False)
            return
        if isinstance(exc, CjkFontMissing | OSError):
            self.banner.show_message(file_problem_text(exc), ok=False)
            return
        self.banner.show_message(describe_error(exc), ok=False)


class SuggestionsPage(QWidget):
    """The deputies' suggestions between sessions: draft from picked cases, send, answer, verdict,
    and the ladder level (raised with who decided it)."""

    def __init__(self, session: DeskSession, banner: Banner, meetings: MeetingsPage) -> None:
        super().__init__()
        self.session = session
        self.banner = banner
        self.picker = meetings  # the cases are picked in the meetings page's list
        self.book = SuggestionStore(session.store)
        self.rows: list[SuggestionRow] = []
        office = permits(session.operator.role, Action.CASE_WORK)
        self.table = _table(
            "suggestionTable",
            [
                self.tr("Number"),
                self.tr("Title"),
                self.tr("Deputy"),
                self.tr("Bureau"),
                self.tr("Due"),
                self.tr("State"),
                self.tr("Supervision level"),
            ],
        )
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selected)
        self.deputy = QComboBox()
        self.deputy.setObjectName("suggestionDeputy")
        self.title = QLineEdit()
        self.title.setObjectName("suggestionTitle")
        self.body = QPlainTextEdit()
        self.body.setObjectName("suggestionBody")
        self.body.setMaximumHeight(60)
        self.draft_button = QPushButton(self.tr("Draft from the cases selected under Meetings"))
        self.draft_button.setObjectName("draftSuggestion")
        self.draft_button.clicked.connect(self.draft)
        self.unit = QComboBox()
        self.unit.setObjectName("suggestionUnit")
        self.days = QSpinBox()
        self.days.setObjectName("suggestionDays")
        self.days.setRange(1, 60)
        self.days.setValue(20)
        self.send_button = QPushButton(self.tr("Send to the bureau"))
        self.send_button.setObjectName("sendSuggestion")
        self.send_button.clicked.connect(self.send)
        self.answer = QLineEdit()
        self.answer.setObjectName("suggestionAnswer")
        self.answer_button = QPushButton(self.tr("Record the answer"))
        self.answer_button.setObjectName("answerSuggestion")
        self.answer_button.clicked.connect(self.record_answer)
        self.verdict = QComboBox()
        self.verdict.setObjectName("suggestionVerdict")
        fill_combo(self.verdict, [(labels.label_of(Verdict, v.value), v.value) for v in Verdict])
        self.verdict_words = QLineEdit()
        self.verdict_words.setObjectName("suggestionVerdictWords")
        self.verdict_words.setPlaceholderText(self.tr("Deputy's words"))
        self.verdict_button = QPushButton(self.tr("Record the deputy's verdict"))
        self.verdict_button.setObjectName("suggestionVerdictButton")
        self.verdict_button.clicked.connect(self.record_verdict)
        self.level = QComboBox()
        self.level.setObjectName("suggestionLevel")
        fill_combo(self.level, [(self.level_name(lv.value), lv.value) for lv in LADDER])
        self.decided_by = QLineEdit()
        self.decided_by.setObjectName("suggestionDecidedBy")
        self.escalate_button = QPushButton(self.tr("Raise the supervision level"))
        self.escalate_button.setObjectName("escalateSuggestion")
        self.escalate_button.clicked.connect(self.escalate)
        for w in (self.send_button, self.answer_button, self.escalate_button):
            w.setVisible(office)

        # Compact rows (field, field, button): every button shows in the smallest window.
        form = QVBoxLayout()
        for row in (
            (QLabel(self.tr("Deputy")), self.deputy, QLabel(self.tr("Title")), self.title, self.draft_button),
            (QLabel(self.tr("Suggestion")), self.body),
            (
                QLabel(self.tr("Bureau")),
                self.unit,
                QLabel(self.tr("Working days")),
                self.days,
                self.send_button,
            ),
            (QLabel(self.tr("Bureau's answer")), self.answer, self.answer_button),
            (QLabel(self.tr("Deputy's verdict")), self.verdict, self.verdict_words, self.verdict_button),
            (
                QLabel(self.tr("New level")),
                self.level,
                QLabel(self.tr("Decided by")),
                self.decided_by,
                self.escalate_button,
            ),
        ):
            line = QHBoxLayout()
            for w in row:
                line.addWidget(w, 1 if isinstance(w, QLineEdit | QPlainTextEdit) else 0)
            form.addLayout(line)
        form.addStretch(1)
        side = QWidget()
        side.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(side)  # the form scrolls: it never makes the window taller
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.table)
        split.addWidget(scroll)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        self._selected()

    def level_name(self, level: str) -> str:
        """A ladder level in the window's language (the domain's words are Chinese)."""
        names = {
            SupervisionLevel.UNIT_INTERNAL.value: self.tr("Supervised within the handling unit"),
            SupervisionLevel.DEPUTY.value: self.tr("Supervised with deputies"),
            SupervisionLevel.DEPUTY_AFFAIRS.value: self.tr("Supervised by the deputy affairs committee"),
            SupervisionLevel.SPECIAL_COMMITTEE.value: self.tr("Supervised by the special committee"),
            SupervisionLevel.CHAIR_MEETING.value: self.tr("Supervised by the chairpersons' meeting"),
        }
        return names.get(level, "")

    def refresh(self) -> None:
        book, store = self.book, self.session.store
        DbOp(lambda: (book.suggestions(), store.deputies(), store.handling_units()), parent=self).success(
            self._read
        ).failure(self._failed).run()

    def _read(self, found: tuple[list[SuggestionRow], list, list]) -> None:  # type: ignore[type-arg]
        rows, deputies, units = found
        keep = self.current()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            values = [
                s.serial,
                s.title,
                s.deputy_name,
                s.unit_name,
                s.reply_due.isoformat() if s.reply_due else "",
                SUGGESTION_STATE_ZH[SuggestionState(s.state)],
                self.level_name(s.level),
            ]
            for col, value in enumerate(values):
                self.table.setItem(r, col, QTableWidgetItem(value))
        index = next((i for i, s in enumerate(rows) if keep is not None and s.id == keep.id), -1)
        if index >= 0:
            self.table.selectRow(index)
        fill_combo(self.deputy, [(d.name, d.id) for d in deputies], self.deputy.currentData())
        fill_combo(self.unit, [(u.name, u.id) for u in units], self.unit.currentData())
        self._selected()

    def current(self) -> SuggestionRow | None:
        selected = self.table.selectionModel().selectedRows()
        return self.rows[selected[0].row()] if selected and selected[0].row() < len(self.rows) else None

    def _selected(self) -> None:
        row = self.current()
        state = SuggestionState(row.state) if row is not None else None
        self.send_button.setEnabled(state in (SuggestionState.DRAFTED, SuggestionState.DISSATISFIED))
        self.answer_button.setEnabled(state is SuggestionState.SENT)
        self.verdict_button.setEnabled(state is SuggestionState.ANSWERED)
        self.escalate_button.setEnabled(row is not None and bool(row.level))

    def _done(self, text: str) -> None:
        self.banner.show_message(text)
        self.refresh()

    def draft(self) -> None:
        cases = tuple(c.reception_id for c in self.picker.selected_cases())
        draft = SuggestionDraft(
            self.deputy.currentData() or "", self.title.text(), self.body.toPlainText(), cases
        )
        book, by = self.book, self.session.operator.id
        DbOp(lambda: book.draft(draft, by=by), parent=self).success(
            lambda _id: self._done(self.tr("Suggestion drafted."))
        ).failure(self._failed).run()

    def send(self) -> None:
        row = self.current()
        if row is None:
            return
        draft = SendDraft(self.unit.currentData(), self.session.store.today(), self.days.value())
        book, by = self.book, self.session.operator.id
        DbOp(lambda: book.send(row.id, draft, by=by), parent=self).success(
            lambda _r: self._done(self.tr("Suggestion sent to the bureau."))
        ).failure(self._failed).run()

    def record_answer(self) -> None:
        row = self.current()
        if row is None:
            return
        text, today, book, by = (
            self.answer.toPlainText(),
            self.session.store.today(),
            self.book,
            self.session.operator.id,
        )
        DbOp(lambda: book.answer(row.id, replied_on=today, text=text, by=by), parent=self).success(
            lambda _r: self._done(self.tr("Answer recorded."))
        ).failure(self._failed).run()

    def record_verdict(self) -> None:
        row = self.current()
        if row is None:
            return
        verdict, words = self.verdict.currentData(), self.verdict_words.text()
        today, book, by = self.session.store.today(), self.book, self.session.operator.id
        DbOp(
            lambda: book.verdict(row.id, verdict=verdict, on=today, words=words, by=by), parent=self
        ).success(lambda _r: self._done(self.tr("The deputy's verdict recorded."))).failure(
            self._failed
        ).run()

    def escalate(self) -> None:
        row = self.current()
        if row is None:
            return
        level, decided = SupervisionLevel(self.level.currentData()), self.decided_by.text()
        book, by = self.book, self.session.operator.id
        DbOp(lambda: book.escalate(row.id, level, decided_by=decided, by=by), parent=self).success(
            lambda _r: self._done(self.tr("Supervision level raised."))
        ).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, NotAnEscalation):
            self.banner.show_message(exc.message_zh, ok=False)
            return
        self.banner.show_message(describe_error(exc), ok=False)


class MeetingsPanel(QWidget):
    """The tab: 交办会 and 代表建议 pages under one banner."""

    open_case_requested = Signal(str)

    def __init__(self, session: DeskSession) -> None:
        super().__init__()
        self.setObjectName("meetingsPanel")
        self.banner = Banner()
        self.meetings = MeetingsPage(session, self.banner)
        self.meetings.open_case_requested.connect(self.open_case_requested)
        self.suggestions = SuggestionsPage(session, self.banner, self.meetings)
        self.pages = QTabWidget()
        self.pages.addTab(self.meetings, self.tr("Referral meetings"))
        self.pages.addTab(self.suggestions, self.tr("Deputies' suggestions"))
        self.pages.currentChanged.connect(lambda _i: self.refresh())
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Referral meetings and suggestions")))
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        self.meetings.refresh()
        self.suggestions.refresh()
