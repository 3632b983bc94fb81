"""Long document work with a progress dialog and Cancel (the committee's workbook, a ledger).

The work runs on the database thread (DbOp); its progress reaches the dialog through a queued
signal, and Cancel makes the next progress report raise, or lets the work end unseen when the
backend cannot stop half-way.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):  # noqa: N818 (a signal, not an error)
    """Raised by a progress callback on the database thread when the user pressed Cancel."""


class _Relay(QObject):
    """Carries progress from the database thread to the UI thread (a queued connection)."""

    progressed = Signal(int, int)


class BackgroundJob(QObject):
    """One long piece of document work: a progress dialog, a progress callback for the backend
    (thread-safe: it only emits a signal and reads a flag) and Cancel.

    Cancel closes the dialog at once (the window stops waiting). With `stop_on_cancel`, the next
    progress report on the database thread raises `Cancelled` (a ledger import then rolls its
    transaction back); otherwise the work finishes in the background and the caller discards it.
    """

    progressed = Signal(int, int)
    canceled = Signal()  # the user pressed Cancel (not emitted when the work simply ends)

    def __init__(
        self, parent: QWidget, title: str, label: str, cancellable: bool = True, stop_on_cancel: bool = True
    ) -> None:
        super().__init__(parent)
        # False: the backend cannot stop cleanly (openpyxl's write-only writer leaves its XML
        # streams broken when an exception passes through it), so the work runs to its end and
        # the caller discards the result.
        self.stop_on_cancel = stop_on_cancel
        self._cancel = threading.Event()
        self.finished = False
        self._relay = _Relay()
        self._relay.progressed.connect(self._progress, Qt.ConnectionType.QueuedConnection)
        cancel_text = self.tr("Cancel")
        self.dialog = QProgressDialog(label, cancel_text if cancellable else "", 0, 0, parent)
        self.dialog.setObjectName("progressDialog")
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.setMinimumDuration(0)
        if not cancellable:
            self.dialog.setCancelButton(None)
        self.dialog.canceled.connect(self._canceled)
        self.dialog.show()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def report(self, done: int, total: int) -> None:
        """The backend's progress(done, total); runs on the database thread."""
        if self._cancel.is_set():
            if self.stop_on_cancel:
                raise Cancelled
            return
        self._relay.progressed.emit(done, total)

    def _progress(self, done: int, total: int) -> None:
        # The dialog is deleted only by finish() or together with this job (both belong to the
        # panel, and Qt disconnects this slot when the job goes), so it is there while unfinished.
        if self.finished:
            return
        if self.dialog.maximum() != total:
            self.dialog.setRange(0, max(total, 1))
        self.dialog.setValue(min(done, total))
        self.progressed.emit(done, total)

    def _canceled(self) -> None:
        if not self.finished:
            self._cancel.set()
            self.finish()
            self.canceled.emit()

    def finish(self) -> None:
        """Close the dialog (without taking it for a Cancel)."""
        if self.finished:
            return
        self.finished = True
        self.dialog.canceled.disconnect(self._canceled)
        self.dialog.close()
        self.dialog.deleteLater()
