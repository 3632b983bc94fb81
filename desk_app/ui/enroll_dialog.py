"""Enrolment in the settings: the server address and the one-time code, or standalone use.

The enrolment (and the first sync that carries a standalone desk's records up) runs on a worker
thread; the dialog stays responsive, says which step it is at with a progress bar (a big desk's
first sync runs for minutes: without it the dialog looks stuck), and shows the result in plain
words.
"""

from __future__ import annotations

import contextlib
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.sync.client import SyncError
from desk_app.sync.engine import SyncEngine
from desk_app.ui.sync_status import ERRORS, error_text


class EnrollDialog(QDialog):
    _done = Signal(object)
    # From the worker: a step ("enrolled", "pull", "push"), how many, of how many (-1: unknown).
    _progressed = Signal(str, int, int)

    def __init__(
        self, session: Any, parent: QWidget | None = None, *, engine: SyncEngine | None = None
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engine = engine or SyncEngine(session.store)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-enroll")
        self.setWindowTitle(self.tr("Central server"))
        self.server = QLineEdit()
        self.server.setPlaceholderText("https://10.0.0.5:8765")
        self.code = QLineEdit()
        # The server certificate's fingerprint from the centre (desk-server make-cert prints it):
        # pinned and checked on every connection. Empty: the certificate must be CA-signed.
        self.fingerprint = QLineEdit()
        self.fingerprint.setPlaceholderText("SHA256:…")
        form = QFormLayout()
        form.addRow(self.tr("Server address"), self.server)
        form.addRow(self.tr("Enrolment code"), self.code)
        form.addRow(self.tr("Certificate fingerprint"), self.fingerprint)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.enroll_button = QPushButton(self.tr("Enrol"))
        self.standalone_button = QPushButton(self.tr("Work standalone"))
        buttons = QDialogButtonBox()
        buttons.addButton(self.enroll_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.standalone_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Enter the server address and the one-time code from the district "
                    "centre, or work standalone and enrol later: every record is "
                    "then carried up on the first sync."
                )
            )
        )
        layout.addWidget(
            QLabel(
                self.tr(
                    "If the centre gave you a certificate fingerprint, enter it: "
                    "the desk then talks only to that server."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.progress)
        layout.addWidget(buttons)
        self.enroll_button.clicked.connect(self.enroll)
        self.standalone_button.clicked.connect(self.standalone)
        self._done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._show_progress, Qt.ConnectionType.QueuedConnection)
        self.enrolled = False

    @Slot()
    def enroll(self) -> None:
        server, code = self.server.text().strip(), self.code.text().strip()
        fingerprint = self.fingerprint.text().strip() or None
        if not server or not code:
            self.message.setText(self.tr("Fill in the server address and the code."))
            return
        self._set_working(True)
        self.message.setText(self.tr("Enrolling…"))

        def report(step: str, done: int, total: int | None) -> None:
            # The dialog closed and gone: the round goes on without a window.
            with contextlib.suppress(RuntimeError):
                self._progressed.emit(step, done, -1 if total is None else total)

        def work() -> Any:
            self.engine.enroll(server, code, fingerprint=fingerprint)
            report("enrolled", 0, None)
            return self.engine.sync_once(progress=report)

        self._pool.submit(work).add_done_callback(self._done.emit)

    def _set_working(self, working: bool) -> None:
        """While the enrolment runs, nothing else can be asked of the dialog."""
        for widget in (self.server, self.code, self.fingerprint, self.enroll_button, self.standalone_button):
            widget.setEnabled(not working)
        self.progress.setRange(0, 0)  # busy until a step says how far it is
        self.progress.setVisible(working)

    @Slot(str, int, int)
    def _show_progress(self, step: str, done: int, total: int) -> None:
        if step == "push" and total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(done)
            self.message.setText(
                self.tr("Enrolled. Sending this desk's records to the centre: %1 of %2 change(s)…")
                .replace("%1", str(done))
                .replace("%2", str(total))
            )
        elif step == "pull":
            self.progress.setRange(0, 0)
            self.message.setText(
                self.tr(
                    "Enrolled. Receiving the station's records from the centre: %1 change(s) so far…"
                ).replace("%1", str(done))
            )
        else:
            self.progress.setRange(0, 0)
            self.message.setText(
                self.tr(
                    "Enrolled. First sync with the centre: on a desk with many records this can "
                    "take several minutes. Please keep the desk open."
                )
            )

    @Slot()
    def standalone(self) -> None:
        self.standalone_button.setEnabled(False)
        self._pool.submit(self.engine.choose_standalone).add_done_callback(self._done.emit)

    @Slot(object)
    def _finished(self, future: Future[Any]) -> None:
        self._set_working(False)
        exc = future.exception()
        if exc is None and future.result() is None:  # standalone chosen
            self.reject()
            return
        if isinstance(exc, SyncError):
            # The window's words, else the sync layer's own Chinese (problems the window has no
            # words for yet, and details such as the certificate fingerprint to compare).
            known = exc.code.value in ERRORS and not exc.detail.startswith("SHA256:")
            self.message.setText(error_text(exc.code.value) if known else exc.message_zh())
            return
        if exc is not None:
            self.message.setText(error_text("bug"))
            raise exc
        self.enrolled = True
        report = future.result()
        if report.errors:
            self.message.setText(
                self.tr("Enrolled. The first sync did not finish: %1").replace(
                    "%1", error_text(report.errors[0])
                )
            )
        else:
            self.message.setText(
                self.tr("Enrolled; %1 change(s) sent, %2 received.")
                .replace("%1", str(report.sent))
                .replace("%2", str(report.received))
            )
        # Enrolled: the form and "work standalone" no longer apply.
        for widget in (self.server, self.code, self.fingerprint, self.standalone_button):
            widget.setEnabled(False)
        self.enroll_button.setText(self.tr("Close"))
        self.enroll_button.clicked.disconnect()
        self.enroll_button.clicked.connect(self.accept)

    def done(self, result: int) -> None:
        # Never wait for the network on the UI thread: an enrolment still running finishes in
        # the background and its answer is dropped (the desk stays as the engine left it).
        self._pool.shutdown(wait=False, cancel_futures=True)
        super().done(result)
