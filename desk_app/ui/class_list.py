"""The station's case classes (类案一览, issue 14): where a clerk finds a class again.

A window of its own, opened from the 转到 menu (Ctrl+0) and from the case list's 类案一览 button:
the classes newest first, open ones (办理中) by default, settled ones or all on request, found
by words of their subject; for each, its member cases, how many wait for a slip, how many were
referred on a class slip, how many are signed off, and when it was settled. Picking a class
shows it beside the list (the case view's 类案 box, made for the class alone: refer together,
the class reply, settle, print the class slip, take a member out); its members open by
double-click, and "show its cases" lists them in the case list. Every read goes through DbOp.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from desk_app.storage.class_reads import ClassState, ClassSummary
from desk_app.storage.class_store import ClassStore
from desk_app.ui.case_class import ClassBox
from desk_app.ui.kit.tables import RecordTableModel, record_table, selected_record
from desk_app.ui.kit.widgets import Banner
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

SETTLED_COLOUR = "#eef6ee"


class ClassListDialog(QDialog):
    """The list of the station's case classes, and the class picked in it."""

    # A member case to open (double-click in the class shown).
    open_case_requested = Signal(str)
    # The class's cases in the case list: (class id, subject).
    show_cases_requested = Signal(str, str)
    # The list was read and shown (tests wait on it).
    loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("classListDialog")
        self.setWindowTitle(self.tr("Case classes"))
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.resize(1200, 640)
        self._session = session
        self._keep: str | None = None

        self.state_combo = QComboBox()
        self.state_combo.setObjectName("classStateFilter")
        self.state_combo.addItem(self.tr("Open classes"), ClassState.OPEN.value)
        self.state_combo.addItem(self.tr("Settled classes"), ClassState.SETTLED.value)
        self.state_combo.addItem(self.tr("All classes"), "")
        self.search_box = QLineEdit()
        self.search_box.setObjectName("classSearch")
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setPlaceholderText(self.tr("Find a class by words of its name"))
        self.count_label = QLabel()
        self.count_label.setObjectName("classCount")

        self.model = RecordTableModel(
            [
                (self.tr("Case class"), lambda c: c.subject),
                (self.tr("Formed"), lambda c: c.formed_at.strftime("%Y-%m-%d")),
                (self.tr("Formed by"), lambda c: c.formed_by),
                (self.tr("Cases"), lambda c: c.members),
                (self.tr("Waiting for a slip"), lambda c: c.waiting),
                (self.tr("Referred together"), lambda c: c.referred),
                (self.tr("Signed off"), lambda c: c.signed_off),
                (self.tr("State"), self._state_text),
            ],
            self,
            background=lambda c: SETTLED_COLOUR if c.settled else None,
        )
        self.table = record_table(self.model, "classTable")
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._picked())
        self.table.doubleClicked.connect(lambda _i: self.show_cases())

        self.box = ClassBox(session, None, self, class_id=None)
        self.box.open_case_requested.connect(self.open_case_requested)
        self.box.changed.connect(self._class_changed)
        self.show_cases_button = QPushButton(self.tr("Show its cases in the case list"))
        self.show_cases_button.setObjectName("showClassCases")
        self.show_cases_button.clicked.connect(self.show_cases)
        self.hint = QLabel(self.tr("Pick a class to see its cases and act on it."))
        self.hint.setObjectName("classHint")
        self.hint.setWordWrap(True)
        self.banner = Banner(self)

        top = QHBoxLayout()
        top.addWidget(self.state_combo)
        top.addWidget(self.search_box, 1)
        top.addWidget(self.count_label)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.hint)
        right_layout.addWidget(self.box, 1)
        right_layout.addWidget(self.show_cases_button)
        splitter = QSplitter()
        splitter.addWidget(self.table)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([720, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.banner)
        layout.addWidget(splitter, 1)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self.reload)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        self.state_combo.currentIndexChanged.connect(lambda _i: self.reload())
        # A class moved anywhere in the window (a case view's 类案 box): the counts follow.
        self._changed_timer = QTimer(self)
        self._changed_timer.setSingleShot(True)
        self._changed_timer.setInterval(200)
        self._changed_timer.timeout.connect(self.reload)
        # A bound method, not a lambda over self (desk_app/ui/case_list.py says why).
        session.events.case_changed.connect(self._case_changed)
        self._show_picked(None)
        self.reload()

    def _state_text(self, c: ClassSummary) -> str:
        if c.settled_on is None:
            return self.tr("Open")
        return self.tr("Settled on %1").replace("%1", c.settled_on.isoformat())

    # -- reading -----------------------------------------------------------------------------

    def _case_changed(self, _reception_id: str) -> None:
        self._changed_timer.start()

    def reload(self) -> None:
        self._search_timer.stop()
        store = self._session.store
        state = self.state_combo.currentData() or None
        text = self.search_box.text()
        current = selected_record(self.table)
        if current is not None and self._keep is None:
            self._keep = current.id
        DbOp(
            lambda: ClassStore(store).classes(state=ClassState(state) if state else None, text=text),
            parent=self,
        ).success(self._loaded).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _loaded(self, found: list[ClassSummary]) -> None:
        self.model.set_rows(found)
        self.count_label.setText(self.tr("%1 classes").replace("%1", str(len(found))))
        keep, self._keep = self._keep, None
        row = next((i for i, c in enumerate(found) if c.id == keep), -1)
        with QSignalBlocker(self.table.selectionModel()):
            if row >= 0:
                self.table.selectRow(row)
            else:
                self.table.clearSelection()
        # The class shown is read again too: its counts may be what changed.
        self._show_picked(found[row] if row >= 0 else None, again=True)
        self.loaded.emit()

    def _picked(self) -> None:
        self._show_picked(selected_record(self.table))

    def _show_picked(self, picked: ClassSummary | None, again: bool = False) -> None:
        self.hint.setVisible(picked is None)
        self.box.setVisible(picked is not None)
        self.show_cases_button.setEnabled(picked is not None)
        if picked is None:
            self.box.show_class(None)
        elif again or picked.id != self.box.class_id:
            self.box.show_class(picked.id)

    def select_class(self, class_id: str) -> None:
        """Pick a class of the list (the list reads again if it is not shown)."""
        row = next((i for i, c in enumerate(self.model.rows()) if c.id == class_id), -1)
        if row >= 0:
            self.table.selectRow(row)
        else:
            self._keep = class_id
            self.state_combo.setCurrentIndex(self.state_combo.findData(""))

    # -- acting ------------------------------------------------------------------------------

    def show_cases(self) -> None:
        picked = selected_record(self.table)
        if picked is not None:
            self.show_cases_requested.emit(picked.id, picked.subject)

    def _class_changed(self, reception_ids: list[str]) -> None:
        """A move in the class shown: the window's lists and case views of its cases read again
        (which reads this list again too)."""
        for reception_id in reception_ids:
            self._session.events.case_changed.emit(reception_id)
        if not reception_ids:
            self.reload()
