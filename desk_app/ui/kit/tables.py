"""Read-only tables: records shown through columns, and the list of a file's bad rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

RecordRole = Qt.ItemDataRole.UserRole + 1

# The background of a row that falls short: a slot not filled, a duty missed.
SHORT_BACKGROUND = "#fde2e2"


class RecordTableModel(QAbstractTableModel):
    """Rows of plain records shown through (heading, text of a record) columns."""

    def __init__(
        self,
        columns: Sequence[tuple[str, Callable[[Any], object]]],
        parent: QWidget | None = None,
        background: Callable[[Any], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._background = background

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self._columns[index.column()][1](row)
            return "" if value is None else str(value)
        if role == RecordRole:
            return row
        if role == Qt.ItemDataRole.BackgroundRole and self._background is not None:
            colour = self._background(row)
            return QBrush(QColor(colour)) if colour else None
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return None


def record_table(model: RecordTableModel, name: str) -> QTableView:
    """A view of `model`: whole rows selected one at a time, not editable."""
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return view


def selected_record(view: QTableView) -> Any:
    index = view.currentIndex()
    return index.siblingAtColumn(0).data(RecordRole) if index.isValid() else None


class ProblemTable(QTableWidget):
    """The bad rows of an imported file, as the clerk reads them: 第3行 | 联系电话 | 电话号码格式不对."""

    def __init__(self, problems: Sequence[tuple[int, str, str]], parent: QWidget | None = None) -> None:
        super().__init__(len(problems), 3, parent)
        self.setHorizontalHeaderLabels([self.tr("Row"), self.tr("Column"), self.tr("Problem")])
        self.verticalHeader().setVisible(False)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.horizontalHeader().setStretchLastSection(True)
        for i, (row, column, message) in enumerate(problems):
            for col, value in enumerate((self.tr("Row %1").replace("%1", str(row)), column, message)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)  # a long message is cut in its cell
                self.setItem(i, col, item)
        self.setWordWrap(True)
        self.resizeColumnsToContents()
        self.resizeRowsToContents()
