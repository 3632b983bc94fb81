"""The case list as a Qt table model that loads its rows a page at a time, off the UI thread.

A busy desk holds tens of thousands of cases, so the model never asks for all of them. Until the
count of the filter is known, the view's `fetchMore` appends pages as the user scrolls (Qt's
fetchmore example, made asynchronous); once it is known, the model has that many rows and reads
a page when the view first shows one of its rows, so Ctrl+End (or a drag of the scroll bar) goes
to the oldest case at once: the store reads a page near the end backwards from the end.

A new filter or order keeps the rows on screen until the first page of the new one arrives (no
blank table while typing); its count comes separately, after the page. Pages and counts read on
their own lanes (ui/ops.py), so a page never waits behind a count or a save. Every change of
filter bumps a generation counter: work for an older generation that has not started yet is
skipped, and an answer that arrives for one is dropped, so a slow answer to an old search can
never land in the list of a new one.
"""

from __future__ import annotations

import dataclasses
import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont

from desk_app.domain.lifecycle import CaseStatus, is_re_supervision
from desk_app.domain.vocab import Channel
from desk_app.storage.queries import NEWEST_FIRST, CaseFilter, CaseOrder
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
_ROLES = frozenset(
    int(r.value) if hasattr(r, "value") else int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.BackgroundRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.TextAlignmentRole,
        ReceptionIdRole,
        CaseRowRole,
    )
)

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
    COL_CLASS,
) = range(12)
COLUMN_COUNT = 12
# The store's order (storage.queries.SORT_KEYS) behind each column's header.
SORT_KEY_OF_COLUMN = {
    COL_SERIAL: "serial",
    COL_RECEIVED: "received",
    COL_CHANNEL: "channel",
    COL_CITIZEN: "citizen",
    COL_PHONE: "phone",
    COL_CATEGORY: "category",
    COL_SUMMARY: "summary",
    COL_UNIT: "unit",
    COL_DEADLINE: "deadline",
    COL_STATUS: "status",
    COL_ROUND: "round",
    COL_CLASS: "class",
}

OVERDUE_BACKGROUND = QColor("#fdecea")
OVERDUE_FOREGROUND = QColor("#b71c1c")
SECOND_ROUND_FOREGROUND = QColor("#a84300")

ModelIndex = QModelIndex | QPersistentModelIndex


_DISPLAY = int(Qt.ItemDataRole.DisplayRole.value)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole.value)
_BACKGROUND = int(Qt.ItemDataRole.BackgroundRole.value)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole.value)
_FONT = int(Qt.ItemDataRole.FontRole.value)
_ALIGNMENT = int(Qt.ItemDataRole.TextAlignmentRole.value)
_CENTRE = Qt.AlignmentFlag.AlignCenter
_CENTRED = frozenset((COL_RECEIVED, COL_DEADLINE, COL_ROUND))
_HORIZONTAL = Qt.Orientation.Horizontal
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
_NO_FLAGS = Qt.ItemFlag.NoItemFlags
# Rows whose texts are kept made (a few screens' worth; the cache empties past it).
MAX_CACHED_TEXTS = 5000

_BOLD: list[QFont] = []
_STATUS_COLOURS: dict[str, QColor] = {}


def _status_colour(status: str) -> QColor:
    colour = _STATUS_COLOURS.get(status)
    if colour is None:
        colour = _STATUS_COLOURS[status] = QColor(labels.status_colours(status)[0])
    return colour


def _bold() -> QFont:
    """One bold font for every cell that needs it (data() runs for each cell at each paint)."""
    if not _BOLD:
        font = QFont()
        font.setBold(True)
        _BOLD.append(font)
    return _BOLD[0]


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


class _Generation:
    """The current generation, shared with the work queued for the database (a plain Python
    object: the database thread must not touch a Qt object)."""

    __slots__ = ("value",)

    def __init__(self) -> None:
        self.value = 0


# Lanes of ui/ops.py: a page never waits behind a count (a surname's takes ~0.1 s at 100k).
PAGE_LANE = "case-pages"
COUNT_LANE = "case-counts"
# The count waits this long after the first page, so the page is painted first.
COUNT_DELAY_MS = 50
# Pages at most this far from the first one asked for are re-read after a change.
MAX_REFRESH_PAGES = MAX_REFRESH_ROWS // PAGE_SIZE


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
        # One slot per row; None until its page has arrived.
        self._rows: list[CaseRow | None] = []
        self._filter: CaseFilter | None = None
        self._order = NEWEST_FIRST
        self._gen = _Generation()
        # The generation whose first page is awaited; the rows shown are an older one's.
        self._awaiting_first: int | None = None
        self._held_total: int | None = None
        self._inflight: set[int] = set()
        self._wanted: set[int] = set()
        self._exhausted = False
        self._total: int | None = None
        self._mask_phones = True
        self._was_loading = False
        # id(row) -> (row, its column texts): made once per row, not at each paint.
        self._texts: dict[int, tuple[CaseRow, tuple[str, ...]]] = {}
        self._header_texts: tuple[str, ...] | None = None
        self._reload_after_count: list[int] = []
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._fetch_wanted)

    @property
    def _generation(self) -> int:
        return self._gen.value

    # -- state -------------------------------------------------------------------------------

    @property
    def case_filter(self) -> CaseFilter | None:
        return self._filter

    @property
    def order(self) -> CaseOrder:
        return self._order

    @property
    def total(self) -> int | None:
        """Cases matching the filter, once counted."""
        return self._total

    @property
    def is_loading(self) -> bool:
        return bool(self._inflight) or self._awaiting_first is not None

    @property
    def page_size(self) -> int:
        return self._page_size

    def row_at(self, row: int) -> CaseRow | None:
        """The case on `row`, None while its page is on its way."""
        return self._rows[row]

    def row_of(self, reception_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r is not None and r.id == reception_id:
                return i
        return -1

    @property
    def phones_masked(self) -> bool:
        return self._mask_phones

    def set_phones_masked(self, masked: bool) -> None:
        if masked == self._mask_phones:
            return
        self._mask_phones = masked
        self._texts.clear()
        if self._rows:
            self.dataChanged.emit(
                self.index(0, COL_PHONE),
                self.index(len(self._rows) - 1, COL_PHONE),
                [Qt.ItemDataRole.DisplayRole],
            )

    # -- loading -----------------------------------------------------------------------------

    def set_filter(self, f: CaseFilter, order: CaseOrder | None = None) -> None:
        """Show the cases matching `f` (in `order`, or the current one): the rows on screen stay
        until the first page of the new list arrives; its count follows."""
        self._filter = f
        if order is not None:
            self._order = order
        self._next_generation()
        self._awaiting_first = self._generation
        self._held_total = None
        self._load_page(0)  # the count is asked for once the page is in (see _page_arrived)
        self._loading_may_have_changed()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """A click on a column's header: the store sorts every matching case, not this page."""
        key = SORT_KEY_OF_COLUMN.get(column)
        if key is None:
            return
        wanted = CaseOrder(key, descending=order == Qt.SortOrder.DescendingOrder)
        if wanted != self._order:
            self.set_order(wanted)

    def set_order(self, order: CaseOrder) -> None:
        if self._filter is None:
            self._order = order
            return
        self.set_filter(self._filter, order)

    def refresh(self) -> None:
        """Reload the current filter after a change, keeping the rows on screen meanwhile."""
        if self._filter is None:
            return
        loaded = sorted(p for p in range(self._page_count()) if self._page_loaded(p))
        self._next_generation()
        if self._awaiting_first is not None:
            self._awaiting_first = self._generation  # a new list still on its way: wait for it
        self._held_total = None
        self._load_page(0)
        # The other pages the user has seen, so a changed case anywhere shows it: once counted
        # again (a page near the end is read from the end, which needs the new count).
        self._reload_after_count = loaded[1:MAX_REFRESH_PAGES]
        self._loading_may_have_changed()

    def _next_generation(self) -> None:
        self._gen.value += 1
        self._inflight.clear()
        self._wanted.clear()
        self._reload_after_count = []

    def canFetchMore(self, parent: ModelIndex = QModelIndex()) -> bool:  # noqa: B008
        if parent.isValid() or self._filter is None or self._exhausted or self._total is not None:
            return False
        return self._awaiting_first is None

    def fetchMore(self, parent: ModelIndex = QModelIndex()) -> None:  # noqa: B008
        # A second request while a page is on its way is dropped: the same rows would come twice.
        if self._inflight or not self.canFetchMore(parent):
            return
        self._load_page(len(self._rows) // self._page_size)

    def _page_count(self) -> int:
        return (len(self._rows) + self._page_size - 1) // self._page_size

    def _page_loaded(self, page: int) -> bool:
        first = page * self._page_size
        return first < len(self._rows) and self._rows[first] is not None

    def _count(self) -> None:
        assert self._filter is not None
        f, generation, store, gen = self._filter, self._generation, self._store, self._gen

        def count() -> int | None:
            time.sleep(COUNT_DELAY_MS / 1000)  # the page's paint first (see _page_arrived)
            if gen.value != generation:
                return None  # a newer filter came meanwhile: nobody waits for this count
            return store.count_cases(_stamped(store, f))

        DbOp(count, parent=self, lane=COUNT_LANE).success(
            lambda n: self._count_arrived(generation, n)
        ).failure(lambda exc: self._failed(generation, exc)).run()

    def _load_page(self, page: int) -> None:
        assert self._filter is not None
        if page in self._inflight:
            return
        self._inflight.add(page)
        f, order, generation, store, gen = self._filter, self._order, self._generation, self._store, self._gen
        offset, limit, total = page * self._page_size, self._page_size, self._total

        def fetch() -> list[CaseRow] | None:
            if gen.value != generation:
                return None  # skipped: the user typed on
            return store.list_cases(_stamped(store, f), offset, limit, order, total)

        DbOp(fetch, parent=self, lane=PAGE_LANE).success(
            lambda rows: self._page_arrived(generation, page, rows)
        ).failure(lambda exc: self._failed(generation, exc)).run()

    def _want(self, row: int) -> None:
        """A row without its case was asked for (the view shows it): read its page soon."""
        if self._awaiting_first is not None:
            return  # the rows on screen are an old list's: the new one's first page comes first
        page = row // self._page_size
        if page not in self._inflight and page not in self._wanted:
            self._wanted.add(page)
            self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        wanted, self._wanted = self._wanted, set()
        for page in sorted(wanted):
            if not self._page_loaded(page):
                self._load_page(page)
        self._loading_may_have_changed()

    def _count_arrived(self, generation: int, n: int | None) -> None:
        if generation != self._generation or n is None:
            return
        if self._awaiting_first is not None:
            self._held_total = n  # applied with the first page
            return
        self._apply_total(n)
        self.count_changed.emit(n)
        pages, self._reload_after_count = self._reload_after_count, []
        for page in pages:
            if page * self._page_size < len(self._rows):
                self._load_page(page)
        self._loading_may_have_changed()

    def _apply_total(self, n: int) -> None:
        self._total = n
        have = len(self._rows)
        if n > have:
            self.beginInsertRows(QModelIndex(), have, n - 1)
            self._rows.extend([None] * (n - have))
            self.endInsertRows()
        elif n < have:
            self.beginRemoveRows(QModelIndex(), n, have - 1)
            del self._rows[n:]
            self.endRemoveRows()

    def _page_arrived(self, generation: int, page: int, rows: list[CaseRow] | None) -> None:
        if generation != self._generation or rows is None:
            return
        self._inflight.discard(page)
        first = page * self._page_size
        if self._awaiting_first == generation:
            self._show_first_page(rows)
        elif page == 0:
            self._refresh_first_page(rows)
        elif first <= len(self._rows):
            self._place(first, rows)
        self._loading_may_have_changed()
        self.page_loaded.emit(len(rows))
        if page == 0:
            self.first_page_loaded.emit()
            if len(rows) < self._page_size:
                # The whole list is this page: that is its count, no query needed.
                self._reload_after_count = []
                if self._total != len(rows):
                    self._apply_total(len(rows))
                self.count_changed.emit(len(rows))
            else:
                # Counted after the page is painted, not beside it: on a busy machine the count (a
                # surname's takes ~0.1 s at 100k) would take the processor from what the user
                # waits for (the counting lane first sleeps COUNT_DELAY_MS, holding nothing).
                self._count()

    def _show_first_page(self, rows: list[CaseRow]) -> None:
        """The first page of a new list replaces the old list's rows at once."""
        self._awaiting_first = None
        self.beginResetModel()
        self._rows = list(rows)
        self._total = None
        self._exhausted = len(rows) < self._page_size
        if self._exhausted:
            self._total = len(rows)
        elif self._held_total is not None:
            self._total = self._held_total
            self._rows.extend([None] * max(0, self._held_total - len(rows)))
        self.endResetModel()

    def _refresh_first_page(self, rows: list[CaseRow]) -> None:
        head = self._rows[: len(rows)]
        same_cases = [r.id for r in rows] == [r.id if r else None for r in head]
        shrunk = len(rows) < self._page_size and len(self._rows) > len(rows)
        if rows and same_cases and not shrunk:
            # Only statuses or deadlines moved: update in place so selection and scrolling stay.
            self._place(0, rows)
            return
        # Cases came or went: the other pages have moved too; they are read again when shown.
        self.beginResetModel()
        size = len(rows) if len(rows) < self._page_size else max(len(self._rows), len(rows))
        self._rows = list(rows) + [None] * (size - len(rows))
        self._exhausted = len(rows) < self._page_size
        if self._exhausted:
            self._total = len(rows)
        self.endResetModel()

    def _place(self, first: int, rows: list[CaseRow]) -> None:
        end = first + len(rows)
        if end > len(self._rows):
            if self._total is not None:
                rows = rows[: max(0, len(self._rows) - first)]
                end = first + len(rows)
            else:
                # Appending while the count is not known (fetchMore).
                self.beginInsertRows(QModelIndex(), len(self._rows), end - 1)
                self._rows.extend([None] * (end - len(self._rows)))
                self.endInsertRows()
        if not rows:
            return
        self._rows[first:end] = rows
        if self._total is None and len(rows) < self._page_size:
            self._exhausted = True
        self.dataChanged.emit(self.index(first, 0), self.index(end - 1, COLUMN_COUNT - 1))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._inflight.clear()
        self._awaiting_first = None
        self._loading_may_have_changed()
        self.load_failed.emit(describe_error(exc))

    def _loading_may_have_changed(self) -> None:
        loading = self.is_loading
        if loading != self._was_loading:
            self._was_loading = loading
            self.loading_changed.emit(loading)

    # -- the Qt model interface --------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        # Made once: combining enum flags in Python costs more than the rest of a paint.
        return _ROW_FLAGS if index.isValid() else _NO_FLAGS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if int(role) != _DISPLAY or orientation != _HORIZONTAL or not 0 <= section < COLUMN_COUNT:
            return None
        if self._header_texts is None:
            self._header_texts = self._headers()
        return self._header_texts[section]

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
            self.tr("Case class"),
        )

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # Called for every cell and every role at each paint: plain ints, and the texts of a row
        # made once (Python's enum comparisons alone cost more than a whole page's query).
        role = int(role)
        if role not in _ROLES:
            return None
        r = index.row()
        if not index.isValid() or not 0 <= r < len(self._rows):
            return None
        row = self._rows[r]
        if row is None:
            self._want(r)
            if role == _DISPLAY and index.column() == COL_SUMMARY:
                return self.tr("Loading…")
            return None
        col = index.column()
        if role == _DISPLAY:
            key = id(row)
            texts = self._texts.get(key)
            if texts is None or texts[0] is not row:
                if len(self._texts) > MAX_CACHED_TEXTS:
                    self._texts.clear()
                texts = (row, tuple(self._display(row, c) for c in range(COLUMN_COUNT)))
                self._texts[key] = texts
            return texts[1][col]
        if role == _ALIGNMENT:
            return _CENTRE if col in _CENTRED else None
        if role == _BACKGROUND:
            return OVERDUE_BACKGROUND if row.overdue else None
        if role == _FOREGROUND:
            if row.overdue and col in (COL_DEADLINE, COL_STATUS):
                return OVERDUE_FOREGROUND
            if col == COL_STATUS:
                return _status_colour(row.status)
            if col == COL_ROUND and is_re_supervision(row.round_no):
                return SECOND_ROUND_FOREGROUND
            return None
        if role == _FONT:
            if (col == COL_STATUS and row.overdue) or (col == COL_ROUND and is_re_supervision(row.round_no)):
                return _bold()
            return None
        if role == _TOOLTIP:
            return self._tooltip(row, col)
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
        if col == COL_CLASS:
            return row.class_subject
        return ""

    def _tooltip(self, row: CaseRow, col: int) -> str | None:
        if col == COL_SUMMARY:
            return row.summary
        if col == COL_CLASS and row.class_subject:
            return self.tr("Case class: %1").replace("%1", row.class_subject)
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
