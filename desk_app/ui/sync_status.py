"""The status-bar widget of sync: 在线/离线, 待同步 N 条, 上次同步 time, the last error, 立即同步."""

from __future__ import annotations

from datetime import UTC

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Slot
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from desk_app.sync.status import SyncStatus

_CTX = "SyncStatusWidget"

# Plain words for each SyncProblem code (English source, Chinese in the translation).
ERRORS = {
    "unreachable": QT_TRANSLATE_NOOP("SyncStatusWidget", "Cannot reach the central server; will retry."),
    "token_revoked": QT_TRANSLATE_NOOP(
        "SyncStatusWidget", "This desk's sync permission was revoked: enrol again."
    ),
    "unauthorized": QT_TRANSLATE_NOOP(
        "SyncStatusWidget", "The server does not accept this desk: enrol again."
    ),
    "refused": QT_TRANSLATE_NOOP("SyncStatusWidget", "The server refused records outside this station."),
    "enroll_refused": QT_TRANSLATE_NOOP("SyncStatusWidget", "The enrolment code is wrong, used or expired."),
    "bad_request": QT_TRANSLATE_NOOP("SyncStatusWidget", "The server did not accept the request."),
    "server_error": QT_TRANSLATE_NOOP("SyncStatusWidget", "The central server had an error; will retry."),
    "bad_answer": QT_TRANSLATE_NOOP(
        "SyncStatusWidget", "The server's answer was not understood; will retry."
    ),
    "not_enrolled": QT_TRANSLATE_NOOP("SyncStatusWidget", "Standalone: not enrolled with a server."),
    "no_serials": QT_TRANSLATE_NOOP("SyncStatusWidget", "No slip numbers left: sync before printing slips."),
    "bug": QT_TRANSLATE_NOOP("SyncStatusWidget", "Sync failed because of a program error; see the log."),
}


def error_text(code: str | None) -> str:
    if not code:
        return ""
    return QCoreApplication.translate(
        _CTX, ERRORS.get(code, QT_TRANSLATE_NOOP("SyncStatusWidget", "Sync failed."))
    )


class SyncStatusWidget(QWidget):
    def __init__(self, runner, parent: QWidget | None = None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.runner = runner
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.state = QLabel()
        self.pending = QLabel()
        self.last_ok = QLabel()
        self.error = QLabel()
        self.error.setStyleSheet("color: #b00020;")
        self.sync_button = QPushButton(self.tr("Sync now"))
        for w in (self.state, self.pending, self.last_ok, self.error, self.sync_button):
            layout.addWidget(w)
        self.sync_button.clicked.connect(runner.sync_now)
        runner.status_changed.connect(self.show_status)
        self.show_status(runner.status)

    @Slot(object)
    def show_status(self, status: SyncStatus) -> None:
        if not status.enrolled and status.last_error in (None, "not_enrolled"):
            self.state.setText(self.tr("Standalone"))
        elif status.running:
            self.state.setText(self.tr("Syncing…"))
        elif status.online:
            self.state.setText(self.tr("Online"))
        else:
            self.state.setText(self.tr("Offline"))
        self.pending.setText(self.tr("%n change(s) waiting", "", status.pending))
        if status.last_ok is not None:
            local = status.last_ok.replace(tzinfo=UTC).astimezone().strftime("%m-%d %H:%M")
            self.last_ok.setText(self.tr("Last sync %1").replace("%1", local))
        else:
            self.last_ok.setText(self.tr("Never synced"))
        # A standalone desk has nothing to sync: waiting counts and a sync button would only worry.
        standalone = not status.enrolled and status.last_error in (None, "not_enrolled")
        for widget in (self.pending, self.last_ok, self.sync_button):
            widget.setVisible(not standalone)
        message = "" if status.last_error == "not_enrolled" else error_text(status.last_error)
        if status.unseen_conflicts and not message:
            message = self.tr("%n conflict(s) to review", "", status.unseen_conflicts)
        self.error.setText(message)
        self.error.setVisible(bool(message))
        self.sync_button.setEnabled(status.enrolled and not status.running and not status.stopped)
