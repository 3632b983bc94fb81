"""The signed-in window: the worklist it opens on (今日待办), reception form, cases, today's duty,
the rota and the directories as big tabs, each named by the word the station already uses
(接待登记, 案件, 今日值班, 排班, 统计报表, 目录, 扫码反映, 流动工作站活动, 交办会), reachable by mouse or
from the 转到 menu by Ctrl+1..9 and Ctrl+0; the station's case classes (类案一览) open from the same
menu (Ctrl+Shift+C) and from the case list. The window's size and place are remembered (desk_app.ui.view_settings). Sync with the central server runs in the background and
reports in the status bar.

Leaving the window (switch operator, Ctrl+L; quit, Ctrl+Q; closing it) never loses typing: every
form's draft is written first (ui/drafts.py), and when a form holds unsaved typing the window
asks: keep it as a draft (the default), discard it, or stay.

Start-up is measured (benchmarks/bench_startup.py): the rota tab is built the first time it is
opened (so is the reports tab), and the sync runner (which imports the HTTP client) once the window is ready.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QGuiApplication, QKeySequence, QShowEvent
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QTabWidget,
    QWidget,
)

from desk_app import __version__
from desk_app.domain.permissions import Action, permits
from desk_app.domain.vocab import OperatorRole
from desk_app.storage.records import StationInfo
from desk_app.ui import ops
from desk_app.ui.campaigns.panel import CampaignPanel
from desk_app.ui.case_list import CaseListPanel
from desk_app.ui.class_list import ClassListDialog
from desk_app.ui.directories import DirectoriesPanel
from desk_app.ui.kit.labels import label, label_of
from desk_app.ui.kit.layout import PREFERRED_WINDOW, initial_window_size
from desk_app.ui.kit.widgets import bring_forward
from desk_app.ui.meetings_panel import MeetingsPanel
from desk_app.ui.messages import describe_error, show_problem
from desk_app.ui.ops import DbOp
from desk_app.ui.pin_dialog import ChangePinDialog
from desk_app.ui.public_panel import PublicPanel
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.reports.panel import ReportsPanel
from desk_app.ui.rota.panel import RotaPanel
from desk_app.ui.session import LANG_SETTING, DeskSession
from desk_app.ui.station_settings import StationSettingsDialog
from desk_app.ui.today_panel import TodayPanel
from desk_app.ui.view_settings import ui_settings
from desk_app.ui.worklist import WorklistPanel

GEOMETRY_SETTING = "mainWindow/geometry"
LANGUAGES = (("zh_CN", "中文（简体）"), ("en", "English"))  # each named in its own language


class MainWindow(QMainWindow):
    # Emitted once, when the window is on screen and its first data has arrived.
    ready = Signal()
    # "Switch operator": the shell shows the sign-in window and closes this one.
    lock_requested = Signal()
    # The user closed the window (not a lock): the shell ends the program.
    closing = Signal()

    def __init__(
        self, session: DeskSession, current_lang: str = "zh_CN", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self._current_lang = current_lang
        self._locking = False
        # The question about unsaved typing was answered: the next close or lock goes ahead.
        self._leave_answered = False
        self.leave_box: QMessageBox | None = None
        self._ready_sent = False
        # What must happen before `ready`: shown, form choices loaded, first case page (if any).
        self._waiting: set[str] = {"shown", "form"}
        self.setObjectName("mainWindow")
        station = session.station
        self.setWindowTitle(self.tr("%1 - Station Desk").replace("%1", station.name))
        self.resize(self._starting_size())
        geometry = ui_settings().value(GEOMETRY_SETTING)
        if geometry:
            self.restoreGeometry(geometry)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("mainTabs")
        self.tabs.setDocumentMode(True)
        tab_font = self.tabs.tabBar().font()
        if tab_font.pointSizeF() > 0:
            tab_font.setPointSizeF(tab_font.pointSizeF() * 1.2)
        tab_font.setBold(True)
        self.tabs.tabBar().setFont(tab_font)
        self.setCentralWidget(self.tabs)

        self.worklist = WorklistPanel(session)
        self.tabs.addTab(self.worklist, self.tr("Worklist"))
        self.reception_form = ReceptionForm(session)
        self.reception_form.loaded.connect(lambda: self._done_waiting("form"))
        self.tabs.addTab(self.reception_form, self.tr("Reception"))
        self.case_list = CaseListPanel(session, self)
        self._waiting.add("cases")
        self.case_list.first_page_loaded.connect(lambda: self._done_waiting("cases"))
        self.tabs.addTab(self.case_list, self.tr("Cases"))
        self.today = TodayPanel(session)
        self.tabs.addTab(self.today, self.tr("Today on duty"))
        self.rota: RotaPanel | None = None
        self._rota_placeholder = QWidget()
        self.tabs.addTab(self._rota_placeholder, self.tr("Rota"))
        self.reports: ReportsPanel | None = None
        self._reports_placeholder = QWidget()
        self.tabs.addTab(self._reports_placeholder, self.tr("Reports"))
        self.directories = DirectoriesPanel(session)
        self.tabs.addTab(self.directories, self.tr("Directories"))
        # 扫码反映 (issue 12): what citizens sent from the QR codes, refreshed after every sync.
        self.public = PublicPanel(session)
        self.public.open_case_requested.connect(self.open_case)
        self.public.pending_changed.connect(self._public_pending)
        self.tabs.addTab(self.public, self.tr("QR submissions"))
        # 流动工作站活动 (issue 14): the campaign board, loaded when first shown.
        self.campaigns = CampaignPanel(session)
        self.campaigns.open_case_requested.connect(self.open_case)
        self.tabs.addTab(self.campaigns, self.tr("Campaigns"))
        # 交办会 and 代表建议 (issue 13): referral meetings, deputies' suggestions, the ladder.
        self.meetings = MeetingsPanel(session)
        self.meetings.open_case_requested.connect(self.open_case)
        self.tabs.addTab(self.meetings, self.tr("Meetings"))
        self.tabs.currentChanged.connect(self._tab_opened)
        self.class_list: ClassListDialog | None = None  # made when first opened
        self.case_list.classes_requested.connect(self.show_classes)
        self.worklist.list_requested.connect(self.show_worklist_list)
        self.worklist.public_requested.connect(lambda: self.tabs.setCurrentWidget(self.public))

        self.sync_runner = None  # made once the window is ready (see module docstring)
        self._build_status_bar()
        self._build_menus()
        self.reception_form.saved.connect(self._reception_saved)
        session.drafts.write_failed.connect(self._draft_not_written)
        self.reception_form.open_case_requested.connect(self.open_case)
        # A clerk who left a citizen half-typed comes back to that form, not to the worklist.
        self.reception_form.draft_restored.connect(lambda: self.tabs.setCurrentWidget(self.reception_form))
        self.reception_form.refer_requested.connect(self.open_case)
        # New receptions default to the deputies checked in at the desk (进站签到).
        self.today.checked_in_changed.connect(self.reception_form.set_present_deputies)
        ops.task_manager().busy_changed.connect(self._set_busy)
        self.ready.connect(lambda: QTimer.singleShot(0, self._start_sync))

    # -- building ----------------------------------------------------------------------------

    def _starting_size(self) -> QSize:
        # The designed size, or less on a smaller screen (1366x768: 保存 and the status bar must
        # not fall below it). The screen's available area leaves out the taskbar.
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            return PREFERRED_WINDOW
        return initial_window_size(screen.availableGeometry().size())

    def _tab_opened(self, index: int) -> None:
        if self.tabs.widget(index) is self._rota_placeholder and self.rota is None:
            self.rota = RotaPanel(self.session)
            current = self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, self.rota, self.tr("Rota"))
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(current)
            self._rota_placeholder.deleteLater()
        elif self.tabs.widget(index) is self._reports_placeholder and self.reports is None:
            self.reports = ReportsPanel(self.session)
            current = self.tabs.blockSignals(True)
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, self.reports, self.tr("Reports"))
            self.tabs.setCurrentIndex(index)
            self.tabs.blockSignals(current)
            self._reports_placeholder.deleteLater()

    def _public_pending(self, count: int) -> None:
        title = (
            self.tr("QR submissions (%1)").replace("%1", str(count)) if count else self.tr("QR submissions")
        )
        self.tabs.setTabText(self.tabs.indexOf(self.public), title)
        self.worklist.set_public_pending(count)

    def _start_sync(self) -> None:
        # Imported here, not at the top: the sync runner loads the HTTP client, which the window
        # does not need until it is on screen (start-up time, see the module docstring).
        from desk_app.ui.sync_runner import SyncRunner
        from desk_app.ui.sync_status import SyncStatusWidget

        if self.sync_runner is not None or self._locking:
            return
        self.sync_runner = SyncRunner(self.session, self)
        self.sync_runner.round_finished.connect(self._synced)
        self.sync_status = SyncStatusWidget(self.sync_runner)
        self.sync_status.setObjectName("syncStatus")
        self.statusBar().insertPermanentWidget(0, self.sync_status)
        self.sync_runner.round_finished.connect(lambda _report: self.public.refresh())
        self.sync_runner.start()

    def _synced(self, report: object) -> None:
        # Cases other desks changed (or slips renumbered) show in the lists and the counts.
        if getattr(report, "received", 0) or getattr(report, "renumbered", 0):
            self.case_list.model.refresh()
            self.worklist.refresh()

    def show_worklist_list(self, title: str, f: object) -> None:
        """A tile of the worklist: the case list filtered to it."""
        self.case_list.show_worklist(title, f)  # type: ignore[arg-type]
        self.tabs.setCurrentWidget(self.case_list)
        self.case_list.view.setFocus()

    def connect_to_server(self) -> None:
        from desk_app.ui.enroll_dialog import EnrollDialog  # loads the HTTP client (start-up time)

        dialog = EnrollDialog(self.session, self)
        dialog.setObjectName("enrollDialog")
        dialog.finished.connect(lambda _r: self._enroll_finished(dialog))
        dialog.open()

    def _enroll_finished(self, dialog: QWidget) -> None:
        if getattr(dialog, "enrolled", False) and self.sync_runner is not None:
            self.sync_runner.sync_now()

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        self.busy_label = QLabel(self.tr("Working…"))
        self.busy_label.setObjectName("busyLabel")
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)  # indeterminate: we do not know how long a save takes
        self.busy_bar.setMaximumWidth(80)
        self.busy_bar.setMaximumHeight(14)
        self.station_label = QLabel(self.session.station.name)
        self.station_label.setObjectName("stationLabel")
        operator = self.session.operator
        self.operator_label = QLabel(
            self.tr("Operator: %1 (%2)")
            .replace("%1", operator.name)
            .replace("%2", label_of(OperatorRole, operator.role))
        )
        self.operator_label.setObjectName("operatorLabel")
        for widget in (self.busy_label, self.busy_bar, self.station_label, self.operator_label):
            if isinstance(widget, QLabel):
                widget.setContentsMargins(10, 0, 10, 0)
            bar.addPermanentWidget(widget)
        self._set_busy(False)

    def _build_menus(self) -> None:
        desk = self.menuBar().addMenu(self.tr("&Desk"))
        self.lock_action = QAction(self.tr("&Switch operator"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock)
        desk.addAction(self.lock_action)
        self.change_pin_action = QAction(self.tr("Change my &PIN…"), self)
        self.change_pin_action.setObjectName("changePinAction")
        self.change_pin_action.triggered.connect(self.change_own_pin)
        desk.addAction(self.change_pin_action)
        self.station_action = QAction(self.tr("Station &settings…"), self)
        self.station_action.setObjectName("stationSettingsAction")
        self.station_action.triggered.connect(self.edit_station)
        # The administrator's (the store refuses anyone else).
        self.station_action.setVisible(permits(self.session.operator.role, Action.STATION_SETTINGS))
        desk.addAction(self.station_action)
        language = desk.addMenu(self.tr("&Language"))
        self.language_group = QActionGroup(self)
        for code, name in LANGUAGES:
            action = QAction(name, self, checkable=True)
            action.setData(code)
            action.setChecked(code == self._current_lang)
            self.language_group.addAction(action)
            language.addAction(action)
        self.language_group.triggered.connect(lambda a: self.choose_language(a.data()))
        self.enroll_action = QAction(self.tr("Connect to the &central server…"), self)
        self.enroll_action.triggered.connect(self.connect_to_server)
        self.enroll_action.setVisible(permits(self.session.operator.role, Action.ENROL))
        desk.addAction(self.enroll_action)
        desk.addSeparator()
        quit_action = QAction(self.tr("&Quit"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        desk.addAction(quit_action)

        go = self.menuBar().addMenu(self.tr("&Go"))
        go.setObjectName("goMenu")
        names = (
            self.tr("Worklist"),
            self.tr("Reception"),
            self.tr("Cases"),
            self.tr("Today on duty"),
            self.tr("Rota"),
            self.tr("Reports"),
            self.tr("Directories"),
            self.tr("QR submissions"),
            self.tr("Campaigns"),
            self.tr("Meetings"),
        )
        assert len(names) == self.tabs.count()  # one entry per tab, in the tabs' order
        for i, name in enumerate(names):
            action = QAction(name, self)
            action.setShortcut(QKeySequence(f"Ctrl+{(i + 1) % 10}"))
            action.triggered.connect(lambda _c=False, i=i: self.tabs.setCurrentIndex(i))
            go.addAction(action)
        go.addSeparator()
        # 类案一览 (issue 14): the station's case classes, where a class is found again.
        self.classes_action = QAction(self.tr("Case &classes…"), self)
        self.classes_action.setObjectName("classesAction")
        self.classes_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
        self.classes_action.triggered.connect(lambda: self.show_classes())
        go.addAction(self.classes_action)

        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        about = QAction(self.tr("&About Station Desk"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    # -- readiness -----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        self._done_waiting("shown")

    def _done_waiting(self, what: str) -> None:
        self._waiting.discard(what)
        if not self._waiting and not self._ready_sent:
            self._ready_sent = True
            self.ready.emit()

    # -- actions -------------------------------------------------------------------------------

    def _set_busy(self, busy: bool) -> None:
        self.busy_label.setVisible(busy)
        self.busy_bar.setVisible(busy)

    def _reception_saved(self, reception_id: str) -> None:
        self.statusBar().showMessage(
            self.tr("Reception saved. Open it from the form's green bar or from the case list."), 10_000
        )

    def show_classes(self) -> ClassListDialog:
        """The station's case classes (one window, brought forward when already open)."""
        if self.class_list is None:
            self.class_list = ClassListDialog(self.session, self)
            self.class_list.open_case_requested.connect(self.open_case)
            self.class_list.show_cases_requested.connect(self._show_class_cases)
        bring_forward(self.class_list)
        return self.class_list

    def _show_class_cases(self, class_id: str, subject: str) -> None:
        self.case_list.show_class(class_id, subject)
        self.tabs.setCurrentWidget(self.case_list)
        bring_forward(self)

    def open_case(self, reception_id: str) -> QWidget:
        # Through the case list: it brings an open view forward instead of opening the same
        # case twice.
        return self.case_list.open_case(reception_id)

    def choose_language(self, code: str) -> None:
        if code == self._current_lang:
            return
        store = self.session.store

        DbOp(lambda: store.set_setting(LANG_SETTING, code), parent=self).success(
            self._language_saved
        ).failure(lambda exc: show_problem(self, describe_error(exc))).run()

    def _language_saved(self, _none: object) -> None:
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Language"),
            self.tr("The new language will be used the next time Station Desk starts."),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("languageBox")
        box.open()

    def about(self) -> None:
        station = self.session.station
        text = (
            self.tr(
                "Station Desk %1\n\nThe reception desk of a people's congress deputy work station: "
                "register what citizens raise, refer it on a numbered slip, call back, sign off.\n\n"
                "This desk: %2 (%3)"
            )
            .replace("%1", __version__)
            .replace("%2", station.name)
        )
        try:
            from desk_app.domain.vocab import StationKind

            text = text.replace("%3", label(StationKind(station.kind)))
        except ValueError:
            text = text.replace("%3", station.kind)
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("About Station Desk"),
            text,
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("aboutBox")
        box.open()

    def change_own_pin(self) -> ChangePinDialog:
        """Everyone may change their own PIN (the old one is asked for)."""
        dialog = ChangePinDialog(self.session.store, self.session.operator, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(
            lambda: self.statusBar().showMessage(self.tr("Your new PIN is saved."), 10_000)
        )
        dialog.open()
        return dialog

    def edit_station(self) -> StationSettingsDialog:
        dialog = StationSettingsDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._station_saved)
        dialog.open()
        return dialog

    def _station_saved(self, station: StationInfo) -> None:
        self.setWindowTitle(self.tr("%1 - Station Desk").replace("%1", station.name))
        self.station_label.setText(station.name)
        self.statusBar().showMessage(self.tr("The station's settings are saved."), 10_000)
        # Waiting deadlines may have moved: every list and open case reads again.
        self.case_list.model.refresh()
        self.worklist.refresh()
        self.session.events.directory_changed.emit("station")

    def _draft_not_written(self, problem: str) -> None:
        self.statusBar().showMessage(
            self.tr("The draft could not be written to disk: %1").replace("%1", problem), 15_000
        )

    def _ask_before_leaving(self, then: Callable[[], None], quitting: bool) -> bool:
        """When a form holds unsaved typing, ask what to do with it; True while the question is
        open (the caller stops; `then` runs again once the operator answered keep or discard)."""
        if self._leave_answered:
            self._leave_answered = False
            return False
        unsaved = self.session.drafts.unsaved()
        if not unsaved:
            return False
        if self.leave_box is not None:
            return True
        names = "、".join(dict.fromkeys(k.title for k in unsaved))
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Unsaved typing"),
            self.tr(
                "%1: what was typed is not saved yet. It can be kept as your draft and given back when you sign in again."
            ).replace("%1", names),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("leaveBox")
        keep = box.addButton(
            self.tr("Keep the draft and quit") if quitting else self.tr("Keep the draft and switch"),
            QMessageBox.ButtonRole.AcceptRole,
        )
        keep.setObjectName("keepDraftButton")
        discard = box.addButton(self.tr("Discard it"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("discardDraftButton")
        cancel = box.addButton(self.tr("Cancel"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelLeaveButton")
        box.setDefaultButton(keep)
        box.setEscapeButton(cancel)

        def answered(button: object) -> None:
            self.leave_box = None
            box.deleteLater()
            if button is cancel:
                return
            if button is discard:
                self.session.drafts.discard_all()
            self._leave_answered = True
            # Queued: the question closes before the window does.
            QTimer.singleShot(0, then)

        box.buttonClicked.connect(answered)
        self.leave_box = box
        box.open()
        return True

    def lock(self) -> None:
        if self._ask_before_leaving(self.lock, quitting=False):
            return
        self.session.drafts.save_all()
        self._locking = True
        self.lock_requested.emit()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        if not self._locking and self._ask_before_leaving(self.close, quitting=True):
            event.ignore()
            return
        # Every form's draft on disk before the window goes (the next sign-in reads them).
        self.session.drafts.save_all()
        settings = ui_settings()
        settings.setValue(GEOMETRY_SETTING, self.saveGeometry())
        settings.sync()
        self.case_list.save_view_state()
        if self.sync_runner is not None:
            # Waits for a round in flight: a sync cut here would only be resumed next time,
            # but a clean stop keeps the log quiet.
            self.sync_runner.shutdown()
            self.sync_runner = None
        if not self._locking:
            self.closing.emit()
        super().closeEvent(event)
