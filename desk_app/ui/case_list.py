"""The case list: a filter bar over a paged table of every case of the desk.

The search box searches as the user types, after a very short pause (the rows on screen stay
until the new ones arrive, and work for a search typed over is skipped before it starts, so
searching as the user types costs nothing). Every other filter applies at once. Whatever the
filter, the table loads its rows page by page through CaseTableModel, and the count line says
how many cases match. A click on a column's header sorts every matching case (in the store's
query); column widths, their order and the sort are remembered (QSettings). A list of the
worklist (今日待办) shows as a removable chip beside the filters. The 类案 filter (issue 14) keeps
the cases in a class, in none, or of one class (the list of classes opens a class's cases here).
The filtered list exports to Excel off the UI thread, with the filter written on the sheet.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.vocab import Channel
from desk_app.storage.class_reads import ClassSummary
from desk_app.storage.class_store import ClassStore
from desk_app.storage.queries import CaseFilter, both
from desk_app.storage.records import CategoryInfo, HandlingUnitInfo, StationInfo
from desk_app.ui.case_columns import apply_default_columns, class_column_fits
from desk_app.ui.case_model import (
    COL_CLASS,
    COL_RECEIVED,
    COL_SUMMARY,
    COUNT_LANE,
    SORT_KEY_OF_COLUMN,
    CaseTableModel,
    ReceptionIdRole,
)
from desk_app.ui.case_view import CaseView
from desk_app.ui.kit import labels
from desk_app.ui.kit.dates import pydate, qdate
from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.widgets import bring_forward
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession
from desk_app.ui.view_settings import ui_settings

# Enough to make one query of a burst of keystrokes; a search typed over is skipped anyway.
SEARCH_DELAY_MS = 40
HEADER_SETTING = "caseList/header"
# "shown" or "hidden" once the clerk chose from the header's menu; otherwise it follows the room.
CLASS_COLUMN_SETTING = "caseList/classColumn"
EXPORT_LANE = "case-export"
# Status choices beyond the single statuses: every case that still needs work, or none that does.
OPEN_CASES = "open"
CLOSED_CASES = "closed"
# The 类案 filter's choices beyond one class: the cases in a class, the cases in none.
IN_A_CLASS = "*in"
IN_NO_CLASS = "*none"

# Which waiting states the overdue filter looks at ("": every one).
SLIPS_TO_ISSUE = ",".join(
    s.value
    for s in (CaseStatus.AWAITING_REFERRAL, CaseStatus.DISSATISFIED, CaseStatus.RETURNED, CaseStatus.REOPENED)
)

_OPEN_STATUSES = tuple(s.value for s in CaseStatus if not s.is_closed)
_CLOSED_STATUSES = tuple(s.value for s in CaseStatus if s.is_closed)


class CaseTableView(QTableView):
    """The table; Enter or Return opens the current case (double-click does too)."""

    open_requested = Signal(str)
    resized = Signal()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        self.resized.emit()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doubleClicked.connect(lambda index: self._request(index.row()))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._request(self.currentIndex().row())
            event.accept()
            return
        super().keyPressEvent(event)

    def _request(self, row: int) -> None:
        model = self.model()
        if model is None or row < 0:
            return
        reception_id = model.index(row, 0).data(ReceptionIdRole)
        if reception_id:
            self.open_requested.emit(reception_id)


class CaseListPanel(QWidget):
    # The first page of the list is shown (at start-up, and after each new filter or refresh).
    first_page_loaded = Signal()
    # A case view was opened; the argument is the CaseView.
    case_opened = Signal(object)
    # The list was written to this workbook.
    exported = Signal(str)
    # The 类案一览 button: the window opens the list of the station's case classes.
    classes_requested = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseListPanel")
        self._session = session
        self._all_count: int | None = None
        self._matching: int | None = None
        self._keep_selected: str | None = None
        # A list of the worklist on top of the filter bar: (its title, its filter).
        self._extra: tuple[str, CaseFilter] | None = None
        self._committed = False  # the search text's last change came from an input method
        self.open_views: dict[str, QWidget] = {}
        self.choose_save_path = lambda title, name, flt: choose_save_file(self, title, name, flt)

        self.model = CaseTableModel(session.store, self)
        self.view = CaseTableView(self)
        self.view.setObjectName("caseTable")
        self.view.setModel(self.model)
        self._build_filter_bar()
        self._configure_view()

        self.count_label = QLabel()
        self.count_label.setObjectName("caseCount")
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.empty_label = QLabel(self.view.viewport())
        self.empty_label.setObjectName("caseListEmpty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: #666; font-size: 15px;")
        self.empty_label.hide()

        self.export_button = QPushButton(self.tr("Export to Excel…"))
        self.export_button.setObjectName("exportCases")
        self.export_label = QLabel()
        self.export_label.setObjectName("exportResult")
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addWidget(self.export_label, 1)
        bottom.addWidget(self.count_label)

        layout = QVBoxLayout(self)
        layout.addLayout(self._filter_rows[0])
        layout.addLayout(self._filter_rows[1])
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filter)

        self._header_timer = QTimer(self)
        self._header_timer.setSingleShot(True)
        self._header_timer.setInterval(300)
        self._header_timer.timeout.connect(self.save_view_state)
        self._restore_view_state()

        self._connect()
        self._load_directories()
        self._load_classes()
        self.apply_filter()

    # -- building ----------------------------------------------------------------------------

    def _build_filter_bar(self) -> None:
        self.search_box = QLineEdit()
        self.search_box.setObjectName("caseSearch")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(
            self.tr("Search names, phone numbers and what was raised (Ctrl+F)")
        )
        self.search_box.setMinimumWidth(280)
        self.search_box.installEventFilter(self)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusFilter")
        self.status_combo.addItem(self.tr("All statuses"), "")
        self.status_combo.addItem(self.tr("All open cases"), OPEN_CASES)
        self.status_combo.addItem(self.tr("All closed cases"), CLOSED_CASES)
        for status in CaseStatus:
            self.status_combo.addItem(labels.label(status), status.value)

        self.channel_combo = QComboBox()
        self.channel_combo.setObjectName("channelFilter")
        self.channel_combo.addItem(self.tr("All channels"), "")
        for channel in Channel:
            self.channel_combo.addItem(labels.label(channel), channel.value)

        # A district centre's desk (issue 13): which of its stations' cases; hidden on a station's.
        self.station_combo = QComboBox()
        self.station_combo.setObjectName("stationFilter")
        self.station_combo.addItem(self.tr("All stations"), "")
        self.station_combo.hide()

        self.category_combo = QComboBox()
        self.category_combo.setObjectName("categoryFilter")
        self.category_combo.addItem(self.tr("All categories"), "")
        self.unit_combo = QComboBox()
        self.unit_combo.setObjectName("unitFilter")
        self.unit_combo.addItem(self.tr("All handling units"), "")
        self.unit_combo.setMinimumContentsLength(10)
        self.unit_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

        self.date_check = QCheckBox(self.tr("Received from"))
        self.date_check.setObjectName("dateFilter")
        # The desk's clock (not the database): tests and demos run on a fixed "today".
        now = self._session.store.clock()
        today = qdate(now.date())
        self.date_from = QDateEdit(today.addDays(-30))
        self.date_to = QDateEdit(today)
        for edit in (self.date_from, self.date_to):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setEnabled(False)
        self.date_from.setObjectName("dateFrom")
        self.date_to.setObjectName("dateTo")
        to_label = QLabel(self.tr("to"))

        self.overdue_check = QCheckBox(self.tr("Overdue only"))
        self.overdue_check.setObjectName("overdueFilter")
        self.overdue_kind = QComboBox()
        self.overdue_kind.setObjectName("overdueKind")
        self.overdue_kind.addItem(self.tr("whatever it waits for"), "")
        self.overdue_kind.addItem(self.tr("slips not answered in time"), CaseStatus.REFERRED.value)
        self.overdue_kind.addItem(self.tr("callbacks not made in time"), CaseStatus.REPLIED.value)
        self.overdue_kind.addItem(self.tr("slips not issued in time"), SLIPS_TO_ISSUE)
        self.overdue_kind.setEnabled(False)
        self.second_round_check = QCheckBox(self.tr("Second round only"))
        self.second_round_check.setObjectName("secondRoundFilter")
        # 类案 (issue 14): in a class, in none, or one class (the station's, newest first).
        self.class_combo = QComboBox()
        self.class_combo.setObjectName("classFilter")
        self._add_class_choices()
        self.class_combo.setMinimumContentsLength(6)
        self.classes_button = QToolButton()
        self.classes_button.setObjectName("classesButton")
        self.classes_button.setText(self.tr("Classes…"))
        self.classes_button.setToolTip(self.tr("The station's case classes, open and settled"))
        self.classes_button.clicked.connect(self.classes_requested)
        self.class_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.clear_button = QPushButton(self.tr("Clear filters"))
        self.clear_button.setObjectName("clearFilters")
        self.worklist_chip = QLabel()
        self.worklist_chip.setObjectName("worklistChip")
        self.worklist_chip.setStyleSheet(
            "QLabel { background: #e3f2fd; color: #0d47a1; border-radius: 4px; padding: 2px 8px; }"
        )
        self.worklist_chip_close = QToolButton()
        self.worklist_chip_close.setObjectName("worklistChipClose")
        self.worklist_chip_close.setText("×")
        self.worklist_chip_close.setToolTip(self.tr("Show every case again"))
        self.worklist_chip.hide()
        self.worklist_chip_close.hide()

        first = QHBoxLayout()
        first.addWidget(self.station_combo, 1)
        first.addWidget(self.search_box, 3)
        first.addWidget(self.status_combo, 1)
        first.addWidget(self.channel_combo, 1)
        first.addWidget(self.category_combo, 1)
        first.addWidget(self.unit_combo, 2)
        second = QHBoxLayout()
        second.addWidget(self.date_check)
        second.addWidget(self.date_from)
        second.addWidget(to_label)
        second.addWidget(self.date_to)
        second.addSpacing(16)
        second.addWidget(self.overdue_check)
        second.addWidget(self.overdue_kind)
        second.addWidget(self.second_round_check)
        second.addWidget(self.class_combo)
        second.addWidget(self.classes_button)
        second.addWidget(self.worklist_chip)
        second.addWidget(self.worklist_chip_close)
        second.addStretch(1)
        second.addWidget(self.clear_button)
        self._filter_rows = (first, second)

    def _configure_view(self) -> None:
        view = self.view
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideRight)
        view.verticalHeader().setVisible(False)
        view.verticalHeader().setDefaultSectionSize(max(view.fontMetrics().height() + 12, 28))
        header = view.horizontalHeader()
        header.setHighlightSections(False)
        apply_default_columns(view)
        header.setSectionsMovable(True)
        header.setSortIndicator(COL_RECEIVED, Qt.SortOrder.DescendingOrder)
        view.setSortingEnabled(True)  # the model's sort() asks the store for the new order
        # Right-click on the header: which columns to show (the summary always is).
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(
            lambda pos: self.column_menu().popup(header.mapToGlobal(pos))
        )
        view.resized.connect(self._fit_class_column)

    def _connect(self) -> None:
        self.search_box.textChanged.connect(self._search_text_changed)
        self.search_box.returnPressed.connect(self.apply_filter)
        for combo in (
            self.station_combo,
            self.status_combo,
            self.channel_combo,
            self.category_combo,
            self.unit_combo,
            self.class_combo,
        ):
            combo.currentIndexChanged.connect(self.apply_filter)
        self.date_check.toggled.connect(self._date_toggled)
        self.date_from.dateChanged.connect(self._date_changed)
        self.date_to.dateChanged.connect(self._date_changed)
        self.overdue_check.toggled.connect(self._overdue_toggled)
        self.overdue_kind.currentIndexChanged.connect(lambda _i: self._overdue_kind_changed())
        self.second_round_check.toggled.connect(self.apply_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        self.worklist_chip_close.clicked.connect(self.clear_filters)
        self.export_button.clicked.connect(self.export_to_excel)
        self.view.open_requested.connect(self.open_case)
        header = self.view.horizontalHeader()
        header.sectionResized.connect(lambda *_: self._header_timer.start())
        header.sectionMoved.connect(lambda *_: self._header_timer.start())
        header.sortIndicatorChanged.connect(lambda *_: self._header_timer.start())

        self.model.count_changed.connect(self._matching_counted)
        self.model.first_page_loaded.connect(self._first_page)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.load_failed.connect(self._load_failed)
        self.model.loading_changed.connect(lambda _l: self._update_empty())
        self.model.rowsInserted.connect(lambda *_: self._update_empty())

        events = self._session.events
        # A change reloads the rows on screen once the burst is over: a class referred together
        # or a meeting's cases announce each case, one reload for all of them.
        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(0)
        self._changed_timer.timeout.connect(self._reload_after_changes)
        # The session's events connect to bound methods, never to a lambda over self: the
        # panel holds the session, the session its events, and Qt's connection the lambda, a
        # cycle Python's collector cannot see (the panel and all it holds alive after Qt deleted
        # it; tests/ui/test_case_list.py).
        events.case_changed.connect(self._case_changed)
        events.directory_changed.connect(self._directory_changed)
        # A class formed, renamed or settled anywhere in the window: its choice follows (once
        # for a burst: a class move announces each of its cases).
        self._classes_timer = QTimer(self)
        self._classes_timer.setSingleShot(True)
        self._classes_timer.setInterval(200)
        self._classes_timer.timeout.connect(self._load_classes)

        find = QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self)
        find.activated.connect(self._focus_search)

    # -- filters -----------------------------------------------------------------------------

    def current_filter(self) -> CaseFilter:
        status = self.status_combo.currentData() or ""
        if status == OPEN_CASES:
            statuses: tuple[str, ...] = _OPEN_STATUSES
        elif status == CLOSED_CASES:
            statuses = _CLOSED_STATUSES
        else:
            statuses = (status,) if status else ()
        channel = self.channel_combo.currentData() or ""
        category = self.category_combo.currentData() or ""
        unit = self.unit_combo.currentData() or ""
        station = self.station_combo.currentData() or ""
        overdue_kind = self.overdue_kind.currentData() or ""
        overdue = self.overdue_check.isChecked()
        picked_class = self.class_combo.currentData() or ""
        received_from = received_to = None
        if self.date_check.isChecked():
            received_from = pydate(self.date_from.date())
            received_to = pydate(self.date_to.date())
        bar = CaseFilter(
            statuses=statuses,
            channels=(channel,) if channel else (),
            category_ids=(category,) if category else (),
            unit_ids=(unit,) if unit else (),
            received_from=received_from,
            received_to=received_to,
            overdue_only=overdue and not overdue_kind,
            overdue_kinds=tuple(overdue_kind.split(",")) if overdue and overdue_kind else (),
            min_round=2 if self.second_round_check.isChecked() else None,
            text=self.search_box.text().strip(),
            station_ids=(station,) if station else (),
            class_ids=(picked_class,) if picked_class not in ("", IN_A_CLASS, IN_NO_CLASS) else (),
            in_class={IN_A_CLASS: True, IN_NO_CLASS: False}.get(picked_class),
        )
        return bar if self._extra is None else both(bar, self._extra[1])

    def is_filtered(self) -> bool:
        f = self.current_filter()
        return f != CaseFilter(today=f.today)

    def apply_filter(self) -> None:
        """Show the cases matching the filter bar now (the search pause is skipped)."""
        self._search_timer.stop()
        self._matching = None
        self._update_count()
        self.model.set_filter(self.current_filter())
        if self.is_filtered() and self._all_count is None:
            self._count_all()  # after the page: the rows are what the user waits for

    def show_worklist(self, title: str, f: CaseFilter) -> None:
        """Show one list of the worklist (今日待办): every other filter cleared, the list's own
        shown as a chip that removes it."""
        self._reset_filter_bar()
        self._extra = (title, f)
        self.worklist_chip.setText(self.tr("Worklist: %1").replace("%1", title))
        self.worklist_chip.show()
        self.worklist_chip_close.show()
        self.apply_filter()

    @property
    def worklist_title(self) -> str | None:
        return self._extra[0] if self._extra is not None else None

    def clear_filters(self) -> None:
        self._reset_filter_bar()
        self.apply_filter()
        self.search_box.setFocus()

    def _reset_filter_bar(self) -> None:
        self._extra = None
        self.worklist_chip.hide()
        self.worklist_chip_close.hide()
        blockers = [
            QSignalBlocker(w)
            for w in (
                self.search_box,
                self.station_combo,
                self.status_combo,
                self.channel_combo,
                self.category_combo,
                self.unit_combo,
                self.date_check,
                self.overdue_check,
                self.overdue_kind,
                self.second_round_check,
                self.class_combo,
            )
        ]
        self.search_box.clear()
        for combo in (
            self.station_combo,
            self.status_combo,
            self.channel_combo,
            self.category_combo,
            self.unit_combo,
            self.class_combo,
        ):
            combo.setCurrentIndex(0)
        self.date_check.setChecked(False)
        self.date_from.setEnabled(False)
        self.date_to.setEnabled(False)
        self.overdue_check.setChecked(False)
        self.overdue_kind.setCurrentIndex(0)
        self.overdue_kind.setEnabled(False)
        self.second_round_check.setChecked(False)
        del blockers

    def _overdue_toggled(self, on: bool) -> None:
        self.overdue_kind.setEnabled(on)
        self.apply_filter()

    def _overdue_kind_changed(self) -> None:
        if self.overdue_check.isChecked():
            self.apply_filter()

    def _date_toggled(self, on: bool) -> None:
        self.date_from.setEnabled(on)
        self.date_to.setEnabled(on)
        self.apply_filter()

    def _date_changed(self) -> None:
        # Keep the range the right way round: moving one end past the other drags it along.
        if self.date_from.date() > self.date_to.date():
            edited_from = self.sender() is self.date_from
            other = self.date_to if edited_from else self.date_from
            with QSignalBlocker(other):
                other.setDate(self.date_from.date() if edited_from else self.date_to.date())
        if self.date_check.isChecked():
            self.apply_filter()

    def _focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    def _search_text_changed(self, _text: str) -> None:
        # A Chinese input method commits a whole word at once: no burst of keystrokes to wait
        # for, so it is searched at once; typed letters and digits wait SEARCH_DELAY_MS.
        self._search_timer.start(0 if self._committed else SEARCH_DELAY_MS)
        self._committed = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search_box and event.type() == QEvent.Type.InputMethod:
            self._committed = bool(getattr(event, "commitString", lambda: "")())
        # Down arrow in the search box goes to the results, so the keyboard alone is enough.
        if (
            watched is self.search_box
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Down
            and self.model.rowCount() > 0
        ):
            self.view.setFocus(Qt.FocusReason.TabFocusReason)
            if not self.view.currentIndex().isValid():
                self.view.selectRow(0)
            return True
        return super().eventFilter(watched, event)

    def _case_changed(self, _reception_id: str) -> None:
        self._changed_timer.start()
        self._classes_timer.start()

    # -- directories -------------------------------------------------------------------------

    def _directory_changed(self, _kind: str) -> None:
        self._load_directories()

    def _load_directories(self) -> None:
        store = self._session.store
        DbOp(
            lambda: (
                store.categories(include_inactive=True),
                store.handling_units(include_inactive=True),
                store.stations() if store.is_centre_desk() else None,
            ),
            parent=self,
        ).success(self._directories_loaded).failure(self._load_failed_exc).run()

    def _directories_loaded(
        self, result: tuple[list[CategoryInfo], list[HandlingUnitInfo], list[StationInfo] | None]
    ) -> None:
        categories, units, stations = result
        if stations is not None:  # a district centre's desk: the station picker
            self._refill(self.station_combo, self.tr("All stations"), [(st.name, st.id) for st in stations])
            self.station_combo.show()
        inactive = self.tr("%1 (no longer used)")
        self._refill(
            self.category_combo,
            self.tr("All categories"),
            [(c.name if c.active else inactive.replace("%1", c.name), c.id) for c in categories],
        )
        self._refill(
            self.unit_combo,
            self.tr("All handling units"),
            [(u.name if u.active else inactive.replace("%1", u.name), u.id) for u in units],
        )

    def _load_classes(self) -> None:
        store = self._session.store
        DbOp(lambda: ClassStore(store).classes(), parent=self).success(self._classes_loaded).failure(
            self._load_failed_exc
        ).run()

    def _add_class_choices(self) -> None:
        self.class_combo.addItem(self.tr("In a case class or not"), "")
        self.class_combo.addItem(self.tr("In a case class"), IN_A_CLASS)
        self.class_combo.addItem(self.tr("In no case class"), IN_NO_CLASS)

    def _class_choice(self, c: ClassSummary) -> str:
        text = self.tr("Case class: %1").replace("%1", c.subject)
        return self.tr("%1 (settled)").replace("%1", text) if c.settled else text

    def _classes_loaded(self, found: list[ClassSummary]) -> None:
        # The open classes first (those a clerk is working on), each group newest first.
        ordered = [c for c in found if not c.settled] + [c for c in found if c.settled]
        self._refill(
            self.class_combo,
            "",
            [(self._class_choice(c), c.id) for c in ordered],
            fixed=self._add_class_choices,
        )

    def show_class(self, class_id: str, subject: str) -> None:
        """The cases of one class (the list of classes' "show its cases"): every other filter
        cleared."""
        self._reset_filter_bar()
        with QSignalBlocker(self.class_combo):
            index = self.class_combo.findData(class_id)
            if index < 0:  # formed since the choices were read
                self.class_combo.addItem(self.tr("Case class: %1").replace("%1", subject), class_id)
                index = self.class_combo.count() - 1
            self.class_combo.setCurrentIndex(index)
        self.apply_filter()

    def _refill(
        self,
        combo: QComboBox,
        all_text: str,
        items: list[tuple[str, str]],
        fixed: Callable[[], None] | None = None,
    ) -> None:
        keep = combo.currentData()
        with QSignalBlocker(combo):
            combo.clear()
            if fixed is not None:
                fixed()
            else:
                combo.addItem(all_text, "")
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(keep), 0))
        if (combo.currentData() or "") != (keep or ""):
            # The chosen entry is gone: the list must stop filtering by it.
            self.apply_filter()

    # -- counts and results ------------------------------------------------------------------

    def _count_all(self) -> None:
        store = self._session.store
        DbOp(
            lambda: store.count_cases(CaseFilter(today=store.today())), parent=self, lane=COUNT_LANE
        ).success(self._all_counted).failure(self._load_failed_exc).run()

    def _all_counted(self, n: int) -> None:
        self._all_count = n
        self._update_count()

    def _matching_counted(self, n: int) -> None:
        self._matching = n
        if not self.is_filtered():
            self._all_count = n
        self._update_count()
        self._update_empty()

    def _update_count(self) -> None:
        if self._matching is None:
            self.count_label.setText(self.tr("Counting…"))
        elif not self.is_filtered() or self._all_count is None:
            self.count_label.setText(self.tr("%1 cases in all").replace("%1", str(self._matching)))
        else:
            self.count_label.setText(
                self.tr("Showing %1 of %2 cases")
                .replace("%1", str(self._matching))
                .replace("%2", str(self._all_count))
            )

    def _update_empty(self) -> None:
        empty = self.model.rowCount() == 0 and not self.model.is_loading and self._matching == 0
        if empty:
            self.empty_label.setText(
                self.tr("No case matches these filters.")
                if self.is_filtered()
                else self.tr("No receptions registered yet.")
            )
            self.empty_label.resize(self.view.viewport().size())
        self.empty_label.setVisible(empty)

    def _load_failed(self, text: str) -> None:
        self.count_label.setText(text)

    def _load_failed_exc(self, exc: BaseException) -> None:
        self._load_failed(describe_error(exc))

    def _remember_selection(self) -> None:
        current = self.selected_reception_id()
        if current:
            self._keep_selected = current

    def _first_page(self) -> None:
        if self._keep_selected:
            row = self.model.row_of(self._keep_selected)
            if row >= 0:
                self.view.selectRow(row)
            self._keep_selected = None
        self._update_empty()
        self.first_page_loaded.emit()

    def _reload_after_changes(self) -> None:
        # One reload of the rows already shown: cheap, and the list never shows a stale status.
        self.model.refresh()
        if self.is_filtered():
            self._count_all()
        else:
            self._all_count = None  # counted with the list itself

    def selected_reception_id(self) -> str | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        return index.siblingAtColumn(0).data(ReceptionIdRole)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.empty_label.resize(self.view.viewport().size())

    # -- remembered layout -------------------------------------------------------------------

    def _restore_view_state(self) -> None:
        state = ui_settings().value(HEADER_SETTING)
        if isinstance(state, QByteArray | bytes) and state:
            header = self.view.horizontalHeader()
            header.restoreState(QByteArray(state))
            # The summary takes the room left whatever the saved state says.
            header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
            header.setSectionHidden(COL_SUMMARY, False)
            self.model.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        self._fit_class_column()

    def _fit_class_column(self) -> None:
        """The 类案 column as the clerk chose, or, without a choice, shown when it fits."""
        choice = ui_settings().value(CLASS_COLUMN_SETTING)
        header = self.view.horizontalHeader()
        hide = choice == "hidden" if choice in ("shown", "hidden") else not class_column_fits(self.view)
        if header.isSectionHidden(COL_CLASS) != hide:
            header.setSectionHidden(COL_CLASS, hide)

    def column_menu(self) -> QMenu:
        """The header's menu: a tick for each column but the summary (shown whatever happens)."""
        menu = QMenu(self)
        menu.setObjectName("columnMenu")
        header = self.view.horizontalHeader()
        for col in range(self.model.columnCount()):
            if col == COL_SUMMARY:
                continue
            action = menu.addAction(str(self.model.headerData(col, Qt.Orientation.Horizontal)))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(col))
            action.setData(col)
            action.toggled.connect(lambda on, c=col: self.show_column(c, on))
        return menu

    def show_column(self, col: int, shown: bool) -> None:
        """Show or hide a column (remembered with the others' widths; for 类案, the choice stops
        it following the room)."""
        self.view.horizontalHeader().setSectionHidden(col, not shown)
        if col == COL_CLASS:
            settings = ui_settings()
            settings.setValue(CLASS_COLUMN_SETTING, "shown" if shown else "hidden")
            settings.sync()
        self._header_timer.start()

    def save_view_state(self) -> None:
        """Column widths, their order and the sort, for the next time the list opens."""
        self._header_timer.stop()
        settings = ui_settings()
        settings.setValue(HEADER_SETTING, self.view.horizontalHeader().saveState())
        settings.sync()

    # -- export --------------------------------------------------------------------------------

    def filter_description(self) -> list[str]:
        """The filter in force, in the window's words: written on the exported sheet."""
        lines = []
        if self._extra is not None:
            lines.append(self.tr("Worklist: %1").replace("%1", self._extra[0]))
        text = self.search_box.text().strip()
        if text:
            lines.append(self.tr("Search: %1").replace("%1", text))
        for combo in (
            self.station_combo,
            self.status_combo,
            self.channel_combo,
            self.category_combo,
            self.unit_combo,
            self.class_combo,
        ):
            if combo.currentIndex() > 0:
                lines.append(combo.currentText())
        if self.date_check.isChecked():
            lines.append(
                self.tr("Received from %1 to %2")
                .replace("%1", pydate(self.date_from.date()).isoformat())
                .replace("%2", pydate(self.date_to.date()).isoformat())
            )
        if self.overdue_check.isChecked():
            lines.append(self.tr("Overdue only: %1").replace("%1", self.overdue_kind.currentText()))
        if self.second_round_check.isChecked():
            lines.append(self.tr("Second round only"))
        if not lines:
            lines.append(self.tr("No filter: every case of the desk"))
        order = self.model.order
        column = next(c for c, k in SORT_KEY_OF_COLUMN.items() if k == order.key)
        name = str(self.model.headerData(column, Qt.Orientation.Horizontal))
        lines.append(
            (
                self.tr("Sorted by %1, descending")
                if order.descending
                else self.tr("Sorted by %1, ascending")
            ).replace("%1", name)
        )
        return [self.tr("Filter: %1").replace("%1", line) for line in lines]

    def export_to_excel(self) -> None:
        """Every case of the list as filtered and sorted, to a workbook (off the UI thread)."""
        from desk_app.reports.case_list_xlsx import CaseListSheet

        store = self._session.store
        path = self.choose_save_path(
            self.tr("Export the case list to Excel"),
            self.tr("Cases %1.xlsx").replace("%1", store.today().isoformat()),
            self.tr("Excel files (*.xlsx)"),
        )
        if not path:
            return
        path = with_suffix(path, ".xlsx")
        model = self.model
        headers = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        sheet = CaseListSheet(
            title=self.tr("Case list"),
            station=self._session.station.name,
            exported_at=store.clock(),
            filter_lines=self.filter_description(),
            headers=headers,
            channel_labels={c.value: labels.label(c) for c in Channel},
            status_labels={s.value: labels.label(s) for s in CaseStatus},
            overdue_suffix=self.tr(" · overdue"),
            mask_phones=model.phones_masked,
        )
        f, order = self.current_filter(), model.order

        def write() -> int | OSError:
            from desk_app.reports.case_list_xlsx import write_case_list_xlsx

            stamped = dataclasses.replace(f, today=store.today())
            rows = store.list_cases(stamped, 0, store.count_cases(stamped), order)
            try:
                return write_case_list_xlsx(Path(path), rows, sheet)
            except OSError as exc:
                return exc

        self.export_button.setEnabled(False)
        self.export_label.setText(self.tr("Exporting…"))
        DbOp(write, parent=self, lane=EXPORT_LANE).success(lambda r: self._exported(path, r)).failure(
            lambda exc: self.export_label.setText(describe_error(exc))
        ).always(lambda: self.export_button.setEnabled(True)).run()

    def _exported(self, path: str, result: int | OSError) -> None:
        if isinstance(result, OSError):
            self.export_label.setText(file_problem_text(result))
            return
        self.export_label.setText(
            self.tr("%1 cases written to %2").replace("%1", str(result)).replace("%2", Path(path).name)
        )
        self.exported.emit(path)

    # -- opening a case ----------------------------------------------------------------------

    def open_case(self, reception_id: str) -> QWidget:
        """Open (or bring forward) the case view of one case."""
        # A closed view deletes itself (WA_DeleteOnClose) and its `destroyed` takes it out of
        # open_views, so every view found there is still open.
        existing = self.open_views.get(reception_id)
        if existing is not None:
            bring_forward(existing)
            return existing
        view = CaseView(self._session, reception_id, self)
        view.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.open_views[reception_id] = view
        view.destroyed.connect(lambda *_: self.open_views.pop(reception_id, None))
        view.open_case_requested.connect(self.open_case)
        view.show()
        self.case_opened.emit(view)
        return view
