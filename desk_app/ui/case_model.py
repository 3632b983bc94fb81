"""The case list as a Qt table model that loads its rows a page at a time, off the UI thread.

A busy desk holds tens of thousands of cases, so the model never asks for all of them: the
view calls `fetchMore` as the user scrolls and each page comes from `DeskStore.list_cases` on
the database thread (Qt's fetchmore example, made asynchronous). Every change of filter bumps
a generation counter; a page or a count that arrives for an older generation is dropped, so a
slow answer to an old search can never land in the list of a new one.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from desk_app.domain.lifecycle import CaseStatus, is_re_supervision
from desk_app.domain.vocab import Channel
from desk_app.storage.queries import CaseFilter
from desk_app.storage.records import CaseRow
from desk_app.storage.store import DeskStore
from desk_app.ui.kit import labels
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp

PAGE_SIZE = 200
# A refresh reloads what the user has already scrolled through, but never more than this, so
# refreshing after a save stays one short query even deep into a long list.
MAX_REFRESH_ROWS = 2000

ReceptionIdRole = Qt.ItemDataRole.UserRole + 1
CaseRowRole = Qt.ItemDataRole.UserRole + 2

(
    COL_SERIAL,
    COL_RECEIVED,
    COL_CHANNEL,
    COL_CITIZEN,
    COL_PHONE,
    COL_CATEGORY,
    COL_SUMMARY,
    COL_UNIT,
    COL_DEADLINE,
    COL_STATUS,
    COL_ROUND,
) = range(11)
COLUMN_COUNT = 11

OVERDUE_BACKGROUND = QColor("#fdecea")
OVERDUE_FOREGROUND = QColor("#b71c1c")
SECOND_ROUND_FOREGROUND = QColor("#a84300")

ModelIndex = QModelIndex | QPersistentModelIndex


def mask_phone(phone: str) -> str:
    """139****0000: enough to recognise a caller, not enough to copy a stranger's number."""
    phone = phone.strip()
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return phone


def _stamped(store: DeskStore, f: CaseFilter) -> CaseFilter:
    """The filter with today's date from the store's clock, taken when the query runs.

    "Overdue" depends on today, so a desk left open overnight counts yesterday's deadlines
    correctly. Runs on the database thread: it must not touch (or hold) any Qt object.
    """
    return dataclasses.replace(f, today=store.today())


class CaseTableModel(QAbstractTableModel):
    # Total number of cases matching the current filter (from its own count query).
    count_changed = Signal(int)
    # A page arrived; the argument is how many rows it added.
    page_loaded = Signal(int)
    # The first page of the current filter (or of a refresh) is in the model.
    first_page_loaded = Signal()
    loading_changed = Signal(bool)
    # Loading failed with a problem the user can act on (database busy, ...); plain words.
    load_failed = Signal(str)

    def __init__(self, store: DeskStore, parent: QObject | None = None, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self._store = store
        self._page_size = page_size
        self._rows: list[CaseRow] = []
        self._ids: set[str] = set()
        self._filter: CaseFilter | None = None
        self._generation = 0
        self._loading = False
        self._exhausted = False
        self._total: int | None = None
        self._mask_phones = True

    # -- state -------------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter | None:
        return self._filter

    @property
    def total(self) -> int | None:
        """Cases matching the filter, once counted."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def page_size(self) -> int:
        return self._page_size

    def row_at(self, row: int) -> CaseRow:
        return self._rows[row]

    def row_of(self, reception_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == reception_id:
                return i
        return -1

    def set_phones_masked(self, masked: bool) -> None:
        if masked == self._mask_phones:
            return
        self._mask_phones = masked
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_PHONE),
                self.index(len(self._rows) - 1, COL_PHONE),
                [Qt.ItemDataRole.DisplayRole],
            )

    # -- loading -----------------------------------------------------------------------------

    def set_filter(self, f: CaseFilter) -> None:
        """Show the cases matching `f`: empty the list, then load its first page and its count."""
        self._filter = f
        self._generation += 1
        self.beginResetModel()
        self._rows = []
        self._ids = set()
        self._exhausted = False
        self._total = None
        self.endResetModel()
        self._set_loading(False)
        self._count()
        self._load(offset=0, limit=self._page_size)

    def refresh(self) -> None:
        """Reload the current filter after a change, keeping the rows already scrolled through."""
        if self._filter is None:
            return
        self._generation += 1
        self._set_loading(False)
        self._count()
        limit = min(max(len(self._rows), self._page_size), MAX_REFRESH_ROWS)
        self._load(offset=0, limit=limit, replace=True)

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._filter is None or self._exhausted:
            return False
        return self._total is None or len(self._rows) < self._total

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        # A second request while a page is on its way is dropped: the same rows would come twice.
        if self._loading or not self.canFetchMore(parent):
            return
        self._load(offset=len(self._rows), limit=self._page_size)

    def _count(self) -> None:
        assert self._filter is not None
        f, generation, store = self._filter, self._generation, self._store
        DbOp(lambda: store.count_cases(_stamped(store, f)), parent=self).success(
            lambda n: self._count_arrived(generation, n)
        ).failure(lambda exc: self._failed(generation, exc)).run()

    def _load(self, *, offset: int, limit: int, replace: bool = False) -> None:
        assert self._filter is not None
        f, generation, store = self._filter, self._generation, self._store
        self._set_loading(True)

        def fetch() -> list[CaseRow]:
            return store.list_cases(_stamped(store, f), offset, limit)

        DbOp(fetch, parent=self).success(
            lambda rows: self._page_arrived(generation, offset, limit, rows, replace)
        ).failure(lambda exc: self._failed(generation, exc)).run()

    def _count_arrived(self, generation: int, n: int) -> None:
        if generation != self._generation:
            return
        self._total = n
        self.count_changed.emit(n)

    def _page_arrived(
        self, generation: int, offset: int, limit: int, rows: list[CaseRow], replace: bool
    ) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self._exhausted = len(rows) < limit
        if replace:
            self._replace_rows(rows)
        elif offset == len(self._rows):
            # Paging by offset can repeat a row when a case was added meanwhile; show it once.
            fresh = [r for r in rows if r.id not in self._ids]
            if fresh:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
                self._rows.extend(fresh)
                self._ids.update(r.id for r in fresh)
                self.endInsertRows()
        self.page_loaded.emit(len(rows))
        if offset == 0:
            self.first_page_loaded.emit()

    def _replace_rows(self, rows: list[CaseRow]) -> None:
        same_cases = [r.id for r in rows] == [r.id for r in self._rows]
        if same_cases and rows:
            # Only statuses or deadlines moved: update in place so selection and scrolling stay.
            self._rows = list(rows)
            self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, COLUMN_COUNT - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self._ids = {r.id for r in rows}
        self.endResetModel()

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._set_loading(False)
        self.load_failed.emit(describe_error(exc))

    def _set_loading(self, loading: bool) -> None:
        if loading != self._loading:
            self._loading = loading
            self.loading_changed.emit(loading)

    # -- the Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers()[section]
        return None

    def _headers(self) -> tuple[str, ...]:
        return (
            self.tr("Slip No."),
            self.tr("Received"),
            self.tr("Channel"),
            self.tr("Citizen"),
            self.tr("Phone"),
            self.tr("Category"),
            self.tr("Summary"),
            self.tr("Handling unit"),
            self.tr("Deadline"),
            self.tr("Status"),
            self.tr("Round"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.BackgroundRole:
            return OVERDUE_BACKGROUND if row.overdue else None
        if role == Qt.ItemDataRole.ForegroundRole:
            if row.overdue and col in (COL_DEADLINE, COL_STATUS):
                return OVERDUE_FOREGROUND
            if col == COL_STATUS:
                return QColor(labels.status_colours(row.status)[0])
            if is_re_supervision(row.round_no) and col == COL_ROUND:
                return SECOND_ROUND_FOREGROUND
            return None
        if role == Qt.ItemDataRole.FontRole:
            if (row.overdue and col == COL_STATUS) or (is_re_supervision(row.round_no) and col == COL_ROUND):
                font = QFont()
                font.setBold(True)
                return font
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if col in (COL_RECEIVED, COL_DEADLINE, COL_ROUND):
                return Qt.AlignmentFlag.AlignCenter
            return None
        if role == ReceptionIdRole:
            return row.id
        if role == CaseRowRole:
            return row
        return None

    def _display(self, row: CaseRow, col: int) -> str:
        if col == COL_SERIAL:
            return row.serial
        if col == COL_RECEIVED:
            return row.received_at.strftime("%Y-%m-%d")
        if col == COL_CHANNEL:
            return labels.label_of(Channel, row.channel)
        if col == COL_CITIZEN:
            return row.citizen_name
        if col == COL_PHONE:
            return mask_phone(row.citizen_phone) if self._mask_phones else row.citizen_phone
        if col == COL_CATEGORY:
            return row.category_name
        if col == COL_SUMMARY:
            return row.summary
        if col == COL_UNIT:
            return row.unit_name
        if col == COL_DEADLINE:
            # The deadline of what the case waits for (the reply, the callback, the next slip).
            return row.waiting_due.isoformat() if row.waiting_due else ""
        if col == COL_STATUS:
            status = labels.label_of(CaseStatus, row.status)
            return self.tr("%1 · overdue").replace("%1", status) if row.overdue else status
        if col == COL_ROUND:
            if row.round_no < 1:
                return ""
            if is_re_supervision(row.round_no):
                return self.tr("%1 · second round").replace("%1", str(row.round_no))
            return str(row.round_no)
        return ""

    def _tooltip(self, row: CaseRow, col: int) -> str | None:
        if col == COL_SUMMARY:
            return row.summary
        if col in (COL_DEADLINE, COL_STATUS) and row.overdue and row.waiting_due:
            due = row.waiting_due.isoformat()
            if row.status == CaseStatus.REFERRED.value:
                return self.tr("Overdue: the reply was due on %1 and has not come in.").replace("%1", due)
            if row.status == CaseStatus.REPLIED.value:
                return self.tr("Overdue: the citizen was to be called back by %1.").replace("%1", due)
            return self.tr("Overdue: the referral slip was to be issued by %1.").replace("%1", due)
        if col == COL_ROUND and is_re_supervision(row.round_no):
            return self.tr(
                "Second round of supervision (round %1): the citizen was dissatisfied with an earlier reply."
            ).replace("%1", str(row.round_no))
        return None
