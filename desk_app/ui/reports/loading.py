"""A page's loading state: a line that says what is being read (统计中…) while the page's tables
are greyed out, so a clerk never looks at an empty or stale table without a word.

The page calls `start(text)` when it asks for its data and `stop()` when the data (or a problem)
has arrived; the line shows only when the wait is longer than a blink (SHOW_AFTER_MS), so a quick
answer does not flicker.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QLabel, QWidget

SHOW_AFTER_MS = 120


class LoadingNote(QLabel):
    def __init__(self, dimmed: Sequence[QWidget] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("loadingNote")
        self.setStyleSheet("color: #0b4f8a; background: #e8f1fb; padding: 4px 8px; border-radius: 3px;")
        self._dimmed = list(dimmed)
        self._loading = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SHOW_AFTER_MS)
        self._timer.timeout.connect(self._show_now)
        self.setVisible(False)

    @property
    def loading(self) -> bool:
        return self._loading

    def start(self, text: str, at_once: bool = False) -> None:
        """`at_once`: the wait is known to be long (a first count), show the line now."""
        self.setText(text)
        self._loading = True
        for widget in self._dimmed:
            widget.setEnabled(False)
        if at_once:
            self._show_now()
        else:
            self._timer.start()

    def _show_now(self) -> None:
        if self._loading:
            self.setVisible(True)

    def stop(self) -> None:
        self._loading = False
        self._timer.stop()
        self.setVisible(False)
        for widget in self._dimmed:
            widget.setEnabled(True)
