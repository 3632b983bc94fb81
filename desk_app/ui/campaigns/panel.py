"""The campaign board (流动工作站活动, issue 14): pick a campaign, see the figures the bulletin
reports (places, forums, people met, problems found, referred, settled, suggestions and the
campaign's own result measures), its activities (opened to correct one, or deleted after a
question), its suggestions (deputies' suggestions drafted from its problems, with their number
and progress) and its problem list; import the campaign's Excel problem list
(all rows or none) and export the problem list or the campaign report to Excel or PDF. The
office sets a campaign up or changes it here (新建活动 / 修改活动), and whoever registers receptions
records its activities, result counts and suggestions (desk_app/ui/campaigns/dialogs.py).

Every read and write runs through DbOp (never on the UI thread); the board and the list are
item models over what one read of the store returned (storage/campaign_store.CampaignReport).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.campaigns import ActivityKind, Board
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.permissions import Action, permits
from desk_app.domain.suggestions import SuggestionState
from desk_app.storage.campaign_store import (
    ActivityInfo,
    CampaignInfo,
    CampaignReport,
    CampaignStore,
    MeasureInfo,
    ProblemRow,
    SuggestionInfo,
)
from desk_app.storage.records import DeputyInfo
from desk_app.ui.campaigns.dialogs import (
    ActivityDialog,
    CampaignRecordDialog,
    CampaignSetupDialog,
    CountDialog,
    SuggestionDialog,
)
from desk_app.ui.kit import labels
from desk_app.ui.kit.files import choose_open_file, choose_save_file, file_problem_text
from desk_app.ui.kit.widgets import Banner, heading
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

_Index = QModelIndex | QPersistentModelIndex


class BoardModel(QAbstractTableModel):
    """The board's figures: one row per figure (label, number)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[tuple[str, str]] = []

    def set_board(self, b: Board | None) -> None:
        self.beginResetModel()
        self.rows = [] if b is None else self._rows(b)
        self.endResetModel()

    def _rows(self, b: Board) -> list[tuple[str, str]]:
        rows = [
            (self.tr("Places visited"), str(b.places)),
            (self.tr("Inspections"), str(b.activities_by_kind.get("inspection", 0))),
            (self.tr("Forums"), str(b.forums)),
            (self.tr("Forum attendance"), str(b.forum_attendance)),
            (self.tr("Surveys"), str(b.activities_by_kind.get("survey", 0))),
            (self.tr("Visits"), str(b.activities_by_kind.get("visit", 0))),
            (self.tr("People met"), str(b.people_met)),
            (self.tr("Problems found"), str(b.problems)),
            (self.tr("Referred"), str(b.referred)),
            (self.tr("Settled"), str(b.settled)),
            (self.tr("Suggestions"), str(b.suggestions)),
        ]
        rows += [(m.name, f"{m.total} {m.unit}".rstrip()) for m in b.measures]
        return rows

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 2

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self.rows[index.row()][index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Figure"), self.tr("Count"))[section]
        return None


class ProblemModel(QAbstractTableModel):
    """The campaign's problem list (问题清单)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ProblemRow] = []

    def set_rows(self, rows: list[ProblemRow]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        p = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return p.case_id
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            p.received_at.date().isoformat(),
            p.place,
            p.content,
            labels.label(CaseStatus(p.status)),
            p.serial,
            p.unit,
        )[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return (
            self.tr("Found"),
            self.tr("Place"),
            self.tr("Problem"),
            self.tr("Status"),
            self.tr("Slip"),
            self.tr("Unit"),
        )[section]


class ActivityModel(QAbstractTableModel):
    """The campaign's activities (inspections, forums, surveys, visits), oldest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[ActivityInfo] = []

    def set_rows(self, rows: list[ActivityInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 6

    def _people(self, a: ActivityInfo) -> str:
        if a.kind == ActivityKind.FORUM.value and a.headcount:
            text = (
                self.tr("%1 (%2 attended)").replace("%1", str(a.people_met)).replace("%2", str(a.headcount))
            )
            return text
        return str(a.people_met)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return a.id
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [t for t in (a.subject, a.attendees, a.note) if t]
            return "\n".join(lines) or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (
            a.day.isoformat(),
            labels.label_of(ActivityKind, a.kind),
            a.place,
            "、".join(a.deputy_names),
            self._people(a),
            a.note,
        )[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return (
            self.tr("Date"),
            self.tr("Kind"),
            self.tr("Place"),
            self.tr("Deputies"),
            self.tr("People met"),
            self.tr("Notes"),
        )[section]


class SuggestionModel(QAbstractTableModel):
    """The campaign's suggestions: the deputies' suggestions tagged with it (number, state,
    bureau), and any recorded before the link (not yet a deputy's suggestion)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[SuggestionInfo] = []

    def set_rows(self, rows: list[SuggestionInfo]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 5

    def progress(self, s: SuggestionInfo) -> str:
        if not s.linked:
            return self.tr("Not yet a deputy's suggestion")
        words = {
            SuggestionState.DRAFTED.value: self.tr("Drafted"),
            SuggestionState.SENT.value: self.tr("Sent to %1"),
            SuggestionState.ANSWERED.value: self.tr("Answered by %1"),
            SuggestionState.SATISFIED.value: self.tr("Deputy satisfied"),
            SuggestionState.DISSATISFIED.value: self.tr("Deputy dissatisfied: to be sent again"),
        }
        return words.get(s.state, s.state).replace("%1", s.unit)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        s = self.rows[index.row()]
        if role == Qt.ItemDataRole.UserRole:
            return s.id
        if role == Qt.ItemDataRole.ToolTipRole:
            return s.content or None
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        return (s.day.isoformat(), s.serial, s.title, s.deputy, self.progress(s))[index.column()]

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        return (
            self.tr("Date"),
            self.tr("Number"),
            self.tr("Suggestion"),
            self.tr("Deputy"),
            self.tr("Progress"),
        )[section]


class CampaignPanel(QWidget):
    """流动工作站活动: the campaign board and its problem list, imports and exports."""

    open_case_requested = Signal(str)
    loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.camp = CampaignStore(session.store)
        self.report: CampaignReport | None = None
        self.measures: list[MeasureInfo] = []
        self.roster: list[DeputyInfo] = []
        self.dialog: CampaignRecordDialog | None = None
        self.delete_box: QMessageBox | None = None
        # Setting a campaign up is the office's (the store's permission); recording its work is
        # anyone's who registers receptions.
        office = self._office = permits(session.operator.role, Action.DIRECTORIES)
        recorder = self._recorder = permits(session.operator.role, Action.REGISTER)
        self._shown_once = False
        self.setObjectName("campaignPanel")
        self.banner = Banner()
        self.campaign = QComboBox()
        self.campaign.setObjectName("campaignChoice")
        self.campaign.setMinimumContentsLength(20)
        self.period = QLabel()
        self.period.setObjectName("campaignPeriod")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.import_button = QPushButton(self.tr("Import problem list…"))
        self.import_button.setObjectName("campaignImport")
        self.import_button.setVisible(permits(session.operator.role, Action.IMPORT_LEDGER))
        self.problems_button = QPushButton(self.tr("Export problem list…"))
        self.problems_button.setObjectName("campaignExportProblems")
        self.report_button = QPushButton(self.tr("Export campaign report…"))
        self.report_button.setObjectName("campaignExportReport")
        self.new_button = QPushButton(self.tr("New campaign…"))
        self.new_button.setObjectName("campaignNew")
        self.new_button.setVisible(office)
        self.change_button = QPushButton(self.tr("Change campaign…"))
        self.change_button.setObjectName("campaignChange")
        self.change_button.setVisible(office)
        self.activity_button = QPushButton(self.tr("Record activity…"))
        self.activity_button.setObjectName("campaignRecordActivity")
        self.count_button = QPushButton(self.tr("Record result…"))
        self.count_button.setObjectName("campaignRecordCount")
        self.suggestion_button = QPushButton(self.tr("Draft suggestion…"))
        self.suggestion_button.setObjectName("campaignRecordSuggestion")
        for b in (self.activity_button, self.count_button, self.suggestion_button):
            b.setVisible(recorder)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Campaign:")))
        top.addWidget(self.campaign, 1)
        top.addWidget(self.period)
        top.addWidget(self.refresh_button)
        work = QHBoxLayout()
        for b in (
            self.new_button,
            self.change_button,
            self.activity_button,
            self.count_button,
            self.suggestion_button,
        ):
            work.addWidget(b)
        work.addStretch(1)
        actions = QHBoxLayout()
        for b in (self.import_button, self.problems_button, self.report_button):
            actions.addWidget(b)
        actions.addStretch(1)
        self.board_model = BoardModel(self)
        self.board_view = QTableView()
        self.board_view.setObjectName("campaignBoard")
        self.board_view.setModel(self.board_model)
        self.board_view.verticalHeader().hide()
        self.board_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.activity_model = ActivityModel(self)
        self.activity_view = QTableView()
        self.activity_view.setObjectName("campaignActivities")
        self.activity_view.setModel(self.activity_model)
        self.activity_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.activity_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.activity_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.activity_view.horizontalHeader().setStretchLastSection(True)
        self.activity_view.doubleClicked.connect(lambda _i: self.change_activity())
        self.change_activity_button = QPushButton(self.tr("Change activity…"))
        self.change_activity_button.setObjectName("campaignChangeActivity")
        self.delete_activity_button = QPushButton(self.tr("Delete activity…"))
        self.delete_activity_button.setObjectName("campaignDeleteActivity")
        for b in (self.change_activity_button, self.delete_activity_button):
            b.setVisible(recorder)
            b.setEnabled(False)
        self.activity_view.selectionModel().selectionChanged.connect(self._activity_chosen)
        self.suggestion_model = SuggestionModel(self)
        self.suggestion_view = QTableView()
        self.suggestion_view.setObjectName("campaignSuggestions")
        self.suggestion_view.setModel(self.suggestion_model)
        self.suggestion_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.suggestion_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.suggestion_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.suggestion_view.horizontalHeader().setStretchLastSection(True)
        self.link_button = QPushButton(self.tr("Make it a deputy's suggestion…"))
        self.link_button.setObjectName("campaignLinkSuggestion")
        self.link_button.setVisible(recorder)
        self.link_button.setEnabled(False)
        self.suggestion_view.selectionModel().selectionChanged.connect(self._suggestion_chosen)
        self.problem_model = ProblemModel(self)
        self.problem_view = QTableView()
        self.problem_view.setObjectName("campaignProblems")
        self.problem_view.setModel(self.problem_model)
        self.problem_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problem_view.horizontalHeader().setStretchLastSection(True)
        self.problem_view.doubleClicked.connect(self._open_case)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading(self.tr("Board")))
        left_layout.addWidget(self.board_view)
        activities = QWidget()
        activity_layout = QVBoxLayout(activities)
        activity_layout.setContentsMargins(0, 0, 0, 0)
        activity_head = QHBoxLayout()
        activity_head.addWidget(heading(self.tr("Activities")))
        activity_head.addStretch(1)
        activity_head.addWidget(self.change_activity_button)
        activity_head.addWidget(self.delete_activity_button)
        activity_layout.addLayout(activity_head)
        activity_layout.addWidget(self.activity_view)
        problems = QWidget()
        right_layout = QVBoxLayout(problems)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(heading(self.tr("Problem list")))
        right_layout.addWidget(self.problem_view)
        suggestions = QWidget()
        suggestion_layout = QVBoxLayout(suggestions)
        suggestion_layout.setContentsMargins(0, 0, 0, 0)
        suggestion_head = QHBoxLayout()
        suggestion_head.addWidget(heading(self.tr("Suggestions")))
        suggestion_head.addStretch(1)
        suggestion_head.addWidget(self.link_button)
        suggestion_layout.addLayout(suggestion_head)
        suggestion_layout.addWidget(self.suggestion_view)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(activities)
        right.addWidget(suggestions)
        right.addWidget(problems)
        right.setStretchFactor(1, 2)
        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.banner)
        layout.addLayout(top)
        layout.addLayout(work)
        layout.addLayout(actions)
        layout.addWidget(split, 1)
        self.campaign.currentIndexChanged.connect(self._load_report)
        self.refresh_button.clicked.connect(self.refresh)
        self.import_button.clicked.connect(self._import)
        self.problems_button.clicked.connect(lambda: self._export(report=False))
        self.report_button.clicked.connect(lambda: self._export(report=True))
        self.new_button.clicked.connect(self.new_campaign)
        self.change_button.clicked.connect(self.change_campaign)
        self.activity_button.clicked.connect(self.record_activity)
        self.count_button.clicked.connect(self.record_count)
        self.suggestion_button.clicked.connect(self.record_suggestion)
        self.change_activity_button.clicked.connect(self.change_activity)
        self.link_button.clicked.connect(self.link_suggestion)
        self.delete_activity_button.clicked.connect(self.delete_activity)
        self._set_enabled(False)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.refresh()

    def _set_enabled(self, on: bool) -> None:
        for b in (
            self.import_button,
            self.problems_button,
            self.report_button,
            self.change_button,
            self.activity_button,
            self.count_button,
            self.suggestion_button,
        ):
            b.setEnabled(on)

    # -- loading ----------------------------------------------------------------------------

    def refresh(self) -> None:
        camp, store = self.camp, self.session.store
        DbOp(lambda: (camp.campaigns(), store.deputies()), parent=self, lane="campaigns").success(
            self._fill_campaigns
        ).run()

    def _fill_campaigns(self, read: tuple[list[CampaignInfo], list[DeputyInfo]]) -> None:
        rows, self.roster = read
        kept = self.campaign.currentData()
        self.campaign.blockSignals(True)
        self.campaign.clear()
        for c in rows:
            self.campaign.addItem(c.topic, c.id)
        index = self.campaign.findData(kept) if kept else 0
        self.campaign.setCurrentIndex(max(0, index))
        self.campaign.blockSignals(False)
        if not rows:
            if self._office:
                text = self.tr("No campaign yet: set one up with New campaign….")
            else:
                text = self.tr("No campaign yet: the office sets campaigns up.")
            self.banner.show_message(text, ok=True)
            self.board_model.set_board(None)
            self.activity_model.set_rows([])
            self.suggestion_model.set_rows([])
            self.problem_model.set_rows([])
            self._set_enabled(False)
            self.loaded.emit()
            return
        self.banner.setVisible(False)
        self._load_report()

    def _load_report(self) -> None:
        cid = self.campaign.currentData()
        if not cid:
            return
        camp = self.camp
        DbOp(lambda: (camp.report(cid), camp.measures(cid)), parent=self, lane="campaigns").success(
            self._show_report
        ).run()

    def _show_report(self, read: tuple[CampaignReport, list[MeasureInfo]]) -> None:
        report, measures = read
        if report.campaign.id != self.campaign.currentData():
            return  # the clerk chose another campaign meanwhile
        self.report = report
        self.measures = measures
        c = report.campaign
        end = c.ends_on.isoformat() if c.ends_on else "…"
        self.period.setText(f"{c.starts_on.isoformat()} – {end}")
        self.board_model.set_board(report.board)
        self.activity_model.set_rows(report.activities)
        self._activity_chosen()
        self.suggestion_model.set_rows(report.suggestions)
        self._suggestion_chosen()
        self.problem_model.set_rows(report.problems)
        self._set_enabled(True)
        self.loaded.emit()

    def _open_case(self, index: QModelIndex) -> None:
        case_id = self.problem_model.data(index, Qt.ItemDataRole.UserRole)
        if case_id:
            self.open_case_requested.emit(case_id)

    # -- setting up and recording (dialogs) --------------------------------------------------

    def _open(self, dialog: CampaignRecordDialog, select: bool = False) -> CampaignRecordDialog:
        self.dialog = dialog
        if select:
            dialog.saved.connect(self._select_and_reload)
        else:
            dialog.saved.connect(lambda _r: self._load_report())
        dialog.open()
        return dialog

    def _select_and_reload(self, campaign_id: object) -> None:
        self.campaign.blockSignals(True)
        self.campaign.addItem("", campaign_id)  # reselected by _fill_campaigns
        self.campaign.setCurrentIndex(self.campaign.count() - 1)
        self.campaign.blockSignals(False)
        self.refresh()

    def new_campaign(self) -> CampaignRecordDialog | None:
        if not self._office:
            return None
        return self._open(CampaignSetupDialog(self.session, self.roster, parent=self), select=True)

    def _current(self) -> CampaignReport | None:
        r = self.report
        return r if r is not None and r.campaign.id == self.campaign.currentData() else None

    def change_campaign(self) -> CampaignRecordDialog | None:
        r = self._current()
        if r is None or not self._office:
            return None
        dialog = CampaignSetupDialog(
            self.session,
            self.roster,
            campaign=r.campaign,
            places=r.places,
            measures=self.measures,
            parent=self,
        )
        return self._open(dialog, select=True)

    def record_activity(self) -> CampaignRecordDialog | None:
        r = self._current()
        if r is None or not self._recorder:
            return None
        return self._open(ActivityDialog(self.session, r.campaign, r.places, self.roster, parent=self))

    def _activity_chosen(self, *_args: object) -> None:
        on = self._chosen_activity() is not None
        self.change_activity_button.setEnabled(on)
        self.delete_activity_button.setEnabled(on)

    def _chosen_activity(self) -> ActivityInfo | None:
        rows = self.activity_view.selectionModel().selectedRows()
        if not rows or self._current() is None:
            return None
        index = rows[0].row()
        return self.activity_model.rows[index] if index < len(self.activity_model.rows) else None

    def change_activity(self) -> CampaignRecordDialog | None:
        """Open the chosen activity to correct it."""
        r, a = self._current(), self._chosen_activity()
        if r is None or a is None or not self._recorder:
            return None
        dialog = ActivityDialog(self.session, r.campaign, r.places, self.roster, parent=self, activity=a)
        return self._open(dialog)

    def delete_activity(self) -> QMessageBox | None:
        """Ask, then delete the chosen activity (the board's figures follow)."""
        a = self._chosen_activity()
        if a is None or not self._recorder:
            return None
        what = (
            self.tr("%1 on %2 at %3")
            .replace("%1", labels.label_of(ActivityKind, a.kind))
            .replace("%2", a.day.isoformat())
            .replace("%3", a.place or self.tr("no place"))
        )
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Delete activity"),
            self.tr(
                "Delete the activity %1? Its figures leave the board; it cannot be brought back."
            ).replace("%1", what),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setObjectName("deleteActivityBox")
        box.button(QMessageBox.StandardButton.Yes).setText(self.tr("Delete"))
        box.button(QMessageBox.StandardButton.No).setText(self.tr("Keep"))
        box.setDefaultButton(QMessageBox.StandardButton.No)
        activity_id, camp, by = a.id, self.camp, self.session.operator.id
        box.accepted.connect(
            lambda: (
                DbOp(lambda: camp.delete_activity(activity_id, by=by), parent=self, lane="campaigns")
                .success(lambda _r: self._load_report())
                .failure(self._failed)
                .run()
            )
        )
        self.delete_box = box
        box.open()
        return box

    def record_count(self) -> CampaignRecordDialog | None:
        r = self._current()
        if r is None or not self._recorder:
            return None
        return self._open(CountDialog(self.session, r.campaign, self.measures, parent=self))

    def record_suggestion(self) -> CampaignRecordDialog | None:
        """Draft a deputy's suggestion from the campaign's problems."""
        r = self._current()
        if r is None or not self._recorder:
            return None
        return self._open(SuggestionDialog(self.session, r.campaign, r.problems, self.roster, parent=self))

    def _chosen_suggestion(self) -> SuggestionInfo | None:
        rows = self.suggestion_view.selectionModel().selectedRows()
        if not rows or self._current() is None or rows[0].row() >= len(self.suggestion_model.rows):
            return None
        return self.suggestion_model.rows[rows[0].row()]

    def _suggestion_chosen(self, *_args: object) -> None:
        chosen = self._chosen_suggestion()
        self.link_button.setEnabled(chosen is not None and not chosen.linked)

    def link_suggestion(self) -> CampaignRecordDialog | None:
        """Make the chosen suggestion, recorded before the link, a deputy's suggestion."""
        r, chosen = self._current(), self._chosen_suggestion()
        if r is None or chosen is None or chosen.linked or not self._recorder:
            return None
        dialog = SuggestionDialog(
            self.session, r.campaign, r.problems, self.roster, parent=self, record=chosen
        )
        return self._open(dialog)

    # -- import and export ----------------------------------------------------------------

    def _import(self) -> None:
        cid = self.campaign.currentData()
        path = choose_open_file(self, self.tr("Import problem list"), self.tr("Excel workbook (*.xlsx)"))
        if cid and path:
            self.import_file(cid, Path(path))

    def import_file(self, campaign_id: str, path: Path) -> None:
        from desk_app.reports.campaign_documents import import_problem_list

        store, by = self.session.store, self.session.operator.id
        DbOp(lambda: import_problem_list(store, path, campaign_id, by=by), parent=self).success(
            self._imported
        ).failure(self._failed).run()

    def _imported(self, done: Any) -> None:
        if done.applied is None:
            if done.read.file_error:
                text = done.read.file_error
            else:
                lines = [
                    self.tr("Nothing imported: %1 problems in the file.").replace(
                        "%1", str(len(done.read.errors))
                    )
                ]
                lines += [f"{e.row}「{e.column}」{e.message}" for e in done.read.errors[:20]]
                text = "\n".join(lines)
            self.banner.show_message(text, ok=False)
            return
        self.banner.show_message(
            self.tr("Imported %1 problems.").replace("%1", str(done.applied.added)), ok=True
        )
        self._load_report()

    def _export(self, *, report: bool) -> None:
        cid = self.campaign.currentData()
        if not cid:
            return
        title = self.tr("Export campaign report") if report else self.tr("Export problem list")
        path = choose_save_file(self, title, "", self.tr("Excel workbook (*.xlsx);;PDF (*.pdf)"))
        if path:
            self.export_to(cid, Path(path), report=report)

    def export_to(self, campaign_id: str, path: Path, *, report: bool) -> None:
        from desk_app.reports import campaign_documents as docs

        if path.suffix.lower() not in (".pdf", ".xlsx"):
            path = path.with_name(path.name + ".xlsx")
        pdf = path.suffix.lower() == ".pdf"
        write = {
            (True, True): docs.print_campaign_report,
            (True, False): docs.export_campaign_report,
            (False, True): docs.print_problem_list,
            (False, False): docs.export_problem_list,
        }[(report, pdf)]
        store = self.session.store
        DbOp(lambda: write(store, path, campaign_id), parent=self, lane="campaigns").success(
            lambda _r: self.banner.show_message(self.tr("Written: %1").replace("%1", str(path)), ok=True)
        ).failure(self._failed).run()

    def _failed(self, exc: BaseException) -> None:
        message = getattr(exc, "message_zh", None)
        if message is None:
            message = file_problem_text(exc) if isinstance(exc, OSError) else describe_error(exc)
        self.banner.show_message(str(message), ok=False)
