"""The case list's default column widths and resize modes, from the font in use.

Every column is sized for what it usually holds (a date, a three-character name, a status), so
that at 1280 px the status and the round are on screen and the summary (反映内容), which is what
a clerk reads, takes all the room that is left. The slip number is long and starts with the
station's name, the same on every row: it is elided on the left, keeping 〔2026〕第015号.

Saved widths (QSettings) are applied over these by the case list; these are what a new desk, or
"reset columns", shows.

The 类案 column (issue 14) is shown when the list has room for it beside every other column and
the summary's minimum (a maximised window on a 1366 px screen has; 1280 px has not), unless the
clerk chose to show or hide it from the header's menu (`class_column_fits`).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QHeaderView, QStyledItemDelegate, QStyleOptionViewItem, QTableView, QWidget

from desk_app.ui.case_model import (
    COL_CATEGORY,
    COL_CHANNEL,
    COL_CITIZEN,
    COL_CLASS,
    COL_DEADLINE,
    COL_PHONE,
    COL_RECEIVED,
    COL_ROUND,
    COL_SERIAL,
    COL_STATUS,
    COL_SUMMARY,
    COL_UNIT,
)

# What each column is sized to show in full (the header's own text is also measured).
_SAMPLES = {
    COL_SERIAL: "…〔2026〕第015号",
    COL_RECEIVED: "2026-12-03",
    COL_CHANNEL: "12345热线",
    COL_CITIZEN: "欧阳明华",
    COL_PHONE: "188****6523",
    COL_CATEGORY: "营商环境",
    COL_UNIT: "浉河区住房和城乡",
    COL_DEADLINE: "2026-12-03",
    COL_STATUS: "待二次督办",
    COL_ROUND: "2",
    COL_CLASS: "老旧小区加装电梯",
}
# The summary gets at least this much before the window is too narrow and the table scrolls.
SUMMARY_MIN_SAMPLE = "群众反映小区电梯故障"
# Cell padding and the sort indicator's room, in multiples of the font's average character width.
_PADDING_CHARS = 2


class ElideLeftDelegate(QStyledItemDelegate):
    """Elides a cell's text on the left (…〔2026〕第015号), for the slip number."""

    def initStyleOption(  # noqa: N802 (Qt override)
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


def default_column_widths(view: QWidget) -> dict[int, int]:
    """Column -> width in pixels for `view`'s font and header texts; the summary is left out
    (it stretches)."""
    metrics = QFontMetrics(view.font())
    pad = _PADDING_CHARS * max(metrics.averageCharWidth(), 8)
    model = view.model() if isinstance(view, QTableView) else None
    widths = {}
    for col, sample in _SAMPLES.items():
        header_text = ""
        if model is not None:
            header = model.headerData(col, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
            header_text = str(header) if header is not None else ""
        header_metrics = (
            QFontMetrics(view.horizontalHeader().font()) if isinstance(view, QTableView) else metrics
        )
        widths[col] = (
            max(metrics.horizontalAdvance(sample), header_metrics.horizontalAdvance(header_text)) + pad
        )
    return widths


def class_column_fits(view: QTableView) -> bool:
    """Whether the 类案 column fits beside the other shown columns with the summary still given
    SUMMARY_MIN_SAMPLE."""
    header = view.horizontalHeader()
    others = sum(
        header.sectionSize(c)
        for c in range(header.count())
        if c not in (COL_SUMMARY, COL_CLASS) and not header.isSectionHidden(c)
    )
    summary = view.fontMetrics().horizontalAdvance(SUMMARY_MIN_SAMPLE)
    # A hidden section's size reads 0: the room it would take is its default width (or more).
    wanted = max(header.sectionSize(COL_CLASS), default_column_widths(view)[COL_CLASS])
    return others + summary + wanted <= view.viewport().width()


def apply_default_columns(view: QTableView) -> None:
    """Default widths and resize modes of the case list's columns: every column keeps the width
    it is given (the clerk can drag it), the summary stretches over the rest."""
    header = view.horizontalHeader()
    metrics = QFontMetrics(view.font())
    header.setMinimumSectionSize(max(40, metrics.horizontalAdvance("00") + 16))
    for col, width in default_column_widths(view).items():
        header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(col, width)
    header.setSectionResizeMode(COL_SUMMARY, QHeaderView.ResizeMode.Stretch)
    view.setColumnWidth(COL_SUMMARY, metrics.horizontalAdvance(SUMMARY_MIN_SAMPLE))
    delegate = ElideLeftDelegate(view)
    view.setItemDelegateForColumn(COL_SERIAL, delegate)
