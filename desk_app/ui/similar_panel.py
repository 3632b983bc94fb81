"""Similar cases beside the reception form (类案提示), while the clerk types.

After DEBOUNCE_MS without a keystroke in the account (反映内容) or the place, the panel asks the
store for the five most similar cases (storage/similar.py) on a reading lane of its own, never
on the UI thread, and lists them with status, date and unit; double-clicking one opens the case.
Every keystroke starts a new generation: a result computed for older text is dropped when it
arrives, so the list never shows suggestions for what the clerk has since changed.

Each suggestion has a check box: the checked case (one at most) is the one the reception is
linked to when it is saved (类案, issue 14): the form passes it to the save, which links them in
the same transaction (`DeskStore.register_reception(link_to=...)`), so a saved reception never
loses its link. The choice stays while the list changes, until it is cleared or the form is.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage.similar import SimilarCase
from desk_app.ui.kit.labels import label_of
from desk_app.ui.ops import DbOp

# Quiet time after the last keystroke before asking: a typist's pause between words.
DEBOUNCE_MS = 300
SIMILAR_LANE = "similar"
SUGGESTIONS = 5
SUMMARY_CHARS = 40


class SimilarCasesPanel(QWidget):
    open_case_requested = Signal(str)
    # Emitted on the UI thread with the suggestions shown (tests and the window wait on it).
    suggested = Signal(list)
    # The case the reception will be linked to when saved (its id, or "" when none).
    link_changed = Signal(str)

    def __init__(
        self, suggest: Callable[[str, str], list[SimilarCase]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("similarCases")
        self._suggest = suggest
        self._generation = 0
        self._content = ""
        self._place = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._ask)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel(self.tr("Similar cases"))
        self.title.setStyleSheet("font-weight: bold;")
        self.hint = QLabel(self.tr("Cases like this one appear here as you type."))
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #555;")
        self.list = QListWidget()
        self.list.setObjectName("similarList")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setAlternatingRowColors(True)
        self.list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the form's Tab order stays the form's
        self.list.itemActivated.connect(self._activated)
        self.list.itemChanged.connect(self._item_changed)
        self._link_id = ""
        self._link_summary = ""
        self.link_label = QLabel()
        self.link_label.setObjectName("similarLinkLabel")
        self.link_label.setWordWrap(True)
        self.link_label.setStyleSheet("color: #0b4f8a;")
        self.link_clear = QPushButton(self.tr("Do not link"))
        self.link_clear.setObjectName("similarLinkClear")
        self.link_clear.setAutoDefault(False)
        self.link_clear.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.link_clear.clicked.connect(self.clear_link)
        self.link_row = QWidget()
        link_layout = QHBoxLayout(self.link_row)
        link_layout.setContentsMargins(0, 0, 0, 0)
        link_layout.addWidget(self.link_label, 1)
        link_layout.addWidget(self.link_clear)
        self.link_row.setVisible(False)
        self.link_hint = QLabel(
            self.tr("Tick a case to link this reception to it as a case class when saved.")
        )
        self.link_hint.setWordWrap(True)
        self.link_hint.setStyleSheet("color: #555;")
        self.link_hint.setVisible(False)
        box.addWidget(self.title)
        box.addWidget(self.hint)
        box.addWidget(self.list, 1)
        box.addWidget(self.link_hint)
        box.addWidget(self.link_row)
        self.setMinimumWidth(240)
        self.setMaximumWidth(340)

    @property
    def generation(self) -> int:
        return self._generation

    def text_changed(self, content: str, place: str) -> None:
        """The typed account or place changed: ask again once the typing pauses."""
        self._generation += 1
        self._content, self._place = content, place
        self._timer.start()

    def link_target(self) -> str | None:
        """The case the reception is to be linked to when saved, if one is ticked."""
        return self._link_id or None

    def clear_link(self) -> None:
        self._set_link("", "")
        self.list.blockSignals(True)
        for row in range(self.list.count()):
            self.list.item(row).setCheckState(Qt.CheckState.Unchecked)
        self.list.blockSignals(False)

    def _set_link(self, case_id: str, summary: str) -> None:
        changed = case_id != self._link_id
        self._link_id, self._link_summary = case_id, summary
        self.link_label.setText(self.tr("Saved, it joins the case class of: %1").replace("%1", summary))
        self.link_row.setVisible(bool(case_id))
        if changed:
            self.link_changed.emit(case_id)

    def _item_changed(self, item: QListWidgetItem) -> None:
        case_id = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            self.list.blockSignals(True)
            for row in range(self.list.count()):
                other = self.list.item(row)
                if other is not item:
                    other.setCheckState(Qt.CheckState.Unchecked)
            self.list.blockSignals(False)
            self._set_link(case_id, item.toolTip()[:SUMMARY_CHARS])
        elif case_id == self._link_id:
            self._set_link("", "")

    def clear(self) -> None:
        self._generation += 1
        self._timer.stop()
        self._content = self._place = ""
        self.list.clear()
        self.hint.setVisible(True)
        self.link_hint.setVisible(False)
        self._set_link("", "")

    def _ask(self) -> None:
        generation, content, place = self._generation, self._content, self._place
        if not content.strip():
            self.list.clear()
            self.hint.setVisible(True)
            return
        suggest = self._suggest
        DbOp(lambda: suggest(content, place), parent=self, lane=SIMILAR_LANE).success(
            lambda found: self._show(generation, found)
        ).run()

    def _show(self, generation: int, found: list[SimilarCase]) -> None:
        if generation != self._generation:
            return  # computed for text the clerk has changed since
        self.list.blockSignals(True)
        self.list.clear()
        for case in found[:SUGGESTIONS]:
            summary = (
                case.summary if len(case.summary) <= SUMMARY_CHARS else case.summary[:SUMMARY_CHARS] + "…"
            )
            head = " · ".join(
                part
                for part in (
                    label_of(CaseStatus, case.status),
                    case.received_at.strftime("%Y-%m-%d"),
                    case.unit_name or self.tr("no unit yet"),
                )
                if part
            )
            item = QListWidgetItem(f"{head}\n{summary}")
            item.setData(Qt.ItemDataRole.UserRole, case.id)
            item.setToolTip(case.summary)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if case.id == self._link_id else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.hint.setVisible(not found)
        self.link_hint.setVisible(bool(found) and not self._link_id)
        if not found:
            self.hint.setText(self.tr("No similar case found."))
        self.suggested.emit(found)

    def _activated(self, item: QListWidgetItem) -> None:
        self.open_case_requested.emit(item.data(Qt.ItemDataRole.UserRole))
