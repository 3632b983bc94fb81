"""今日待办: the page the window opens on. One tile per list of what the desk has to do today,
with its count; a click on a tile (or Alt and its number) opens the case list filtered to it.

The counts come from DeskStore.worklist (storage.queries.worklist: each count is the count of
the same filter the tile opens, so a tile's number is its list's length), read on the counting
lane off the UI thread, and read again after every save (DeskEvents.case_changed) and after a
sync round that brought changes (MainWindow calls `refresh`).

The last tile is not a case list: the submissions citizens sent from the QR codes (扫码反映,
issue 12) that wait to be accepted or rejected. It opens the 扫码反映 page.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desk_app.storage.public_store import PublicStore
from desk_app.storage.queries import WORKLIST_KINDS, CaseFilter, Worklist
from desk_app.ui.case_model import COUNT_LANE
from desk_app.ui.kit.widgets import heading
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

# Saves come in bursts (a slip, its print, a callback): one read of the counts for a burst.
REFRESH_DELAY_MS = 150
PUBLIC_TILE = "public"

TILE_STYLE = """
QPushButton {
    text-align: left; padding: 14px 18px; border: 1px solid #cfd8dc; border-radius: 8px;
    background: #fafafa; color: #263238;
}
QPushButton:hover { background: #eef4f8; }
QPushButton:focus { border: 2px solid #1565c0; }
QPushButton[urgent="true"] { background: #fdecea; border-color: #e57373; color: #b71c1c; }
"""


class WorklistPanel(QWidget):
    # A tile was chosen: the list's title and the case-list filter behind it.
    list_requested = Signal(str, object)
    # The tile of the public channel's queue was chosen.
    public_requested = Signal()
    # The counts are on the tiles (after each read).
    counted = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("worklistPanel")
        self._session = session
        self.worklist: Worklist | None = None
        self.public_pending: int | None = None
        self.tiles: dict[str, QPushButton] = {}

        grid = QGridLayout()
        grid.setSpacing(14)
        font = self.font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * 1.25)
        for i, kind in enumerate((*WORKLIST_KINDS, PUBLIC_TILE)):
            tile = QPushButton()
            tile.setObjectName(f"worklistTile_{kind}")
            tile.setStyleSheet(TILE_STYLE)
            tile.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            tile.setMinimumHeight(96)
            tile.setFont(font)
            if kind == PUBLIC_TILE:
                tile.clicked.connect(self.public_requested)
            else:
                tile.clicked.connect(lambda _c=False, kind=kind: self.open_list(kind))
            self.tiles[kind] = tile
            grid.addWidget(tile, i // 3, i % 3)
        self.date_label = QLabel()
        self.date_label.setObjectName("worklistDate")
        self.problem_label = QLabel()
        self.problem_label.setObjectName("worklistProblem")
        self.problem_label.setStyleSheet("color: #b71c1c;")
        self.problem_label.hide()

        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Today's work"), 1.3))
        layout.addWidget(self.date_label)
        layout.addWidget(self.problem_label)
        layout.addLayout(grid)
        layout.addStretch(1)
        self._show_counts()

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        # Bound methods, not lambdas over self (a cycle through the session's events that keeps
        # a deleted panel alive: desk_app/ui/case_list.py).
        session.events.case_changed.connect(self._something_changed)
        session.events.directory_changed.connect(self._something_changed)
        self.refresh()

    def titles(self) -> dict[str, str]:
        return {
            "overdue": self.tr("Overdue"),
            "due_soon": self.tr("Due within two working days"),
            "awaiting_callback": self.tr("Replies waiting for a callback"),
            "dissatisfied": self.tr("Dissatisfied, waiting for a second round"),
            "extensions": self.tr("Extension requests to decide"),
            PUBLIC_TILE: self.tr("QR submissions waiting to be accepted"),
        }

    def _something_changed(self, _what: str) -> None:
        self._timer.start()

    def refresh(self) -> None:
        """Count every list again (off the UI thread); the tiles keep their numbers meanwhile."""
        self._timer.stop()
        store = self._session.store
        DbOp(store.worklist, parent=self, lane=COUNT_LANE).success(self._counted).failure(self._failed).run()
        queue = PublicStore(store)
        DbOp(queue.pending_count, parent=self, lane=COUNT_LANE).success(self.set_public_pending).failure(
            self._failed
        ).run()

    def set_public_pending(self, count: int) -> None:
        """The number of QR submissions waiting (also told by the 扫码反映 page when it reads)."""
        self.public_pending = count
        self._show_counts()

    def open_list(self, kind: str) -> None:
        if self.worklist is None:
            return  # not counted yet: the filter needs today's dates from the store
        self.list_requested.emit(self.titles()[kind], self.worklist.filter_for(kind))

    def filter_for(self, kind: str) -> CaseFilter | None:
        return self.worklist.filter_for(kind) if self.worklist is not None else None

    def count(self, kind: str) -> int | None:
        return self.worklist.counts.get(kind) if self.worklist is not None else None

    def _counted(self, worklist: Worklist) -> None:
        self.worklist = worklist
        self.problem_label.hide()
        self._show_counts()
        self.counted.emit()

    def _failed(self, exc: BaseException) -> None:
        self.problem_label.setText(describe_error(exc))
        self.problem_label.show()

    def _show_counts(self) -> None:
        titles = self.titles()
        work = self.worklist
        if work is not None:
            self.date_label.setText(
                self.tr("Today is %1. Due soon means due by %2 (working days of the office's calendar).")
                .replace("%1", work.today.isoformat())
                .replace("%2", work.due_by.isoformat())
            )
        for i, kind in enumerate((*WORKLIST_KINDS, PUBLIC_TILE)):
            if kind == PUBLIC_TILE:
                n = self.public_pending
                tip = self.tr("Open the QR submissions (Alt+%1)")
            else:
                n = work.counts.get(kind) if work is not None else None
                tip = self.tr("Open the list (Alt+%1)")
            tile = self.tiles[kind]
            # &N: Alt+N opens the list, as the tile's mnemonic.
            count = "…" if n is None else str(n)
            tile.setText(f"&{i + 1}  {titles[kind]}\n{count}")
            tile.setToolTip(tip.replace("%1", str(i + 1)))
            urgent = kind == "overdue" and bool(n)
            if tile.property("urgent") != urgent:
                tile.setProperty("urgent", urgent)
                tile.style().unpolish(tile)
                tile.style().polish(tile)
            tile.setAccessibleName(f"{titles[kind]} {count}")
