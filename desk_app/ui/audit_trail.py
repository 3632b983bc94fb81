"""The audit trail (审计记录): who signed in or failed to, who was locked out, whose PIN changed
or was reset, who printed or exported citizens' full phone numbers, who changed the holiday
calendar. Newest first, a page at a time; for those whose role may read it (Action.AUDIT).

Times are stored in UTC and shown in the desk's local time.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from desk_app.storage.audit import AuditKind
from desk_app.storage.records import AuditInfo
from desk_app.ui.kit.labels import label_of
from desk_app.ui.kit.tables import RecordTableModel, record_table
from desk_app.ui.kit.widgets import Banner, heading, hint
from desk_app.ui.messages import describe_error
from desk_app.ui.ops import DbOp
from desk_app.ui.session import DeskSession

PAGE_SIZE = 100


def local_time(at: datetime) -> str:
    """A stored UTC time as the desk's wall clock shows it."""
    aware = at if at.tzinfo is not None else at.replace(tzinfo=UTC)
    return aware.astimezone().strftime("%Y-%m-%d %H:%M:%S")


_WRONG_PIN = re.compile(r"wrong PIN, (\d+) in a row")
_CALENDAR = re.compile(r"(\d+) days set, (\d+) removed, (\d+) deadlines moved")


def detail_text(entry: AuditInfo) -> str:
    """The store's detail (written in English for the log) in the window's language."""
    detail = entry.detail
    found = _WRONG_PIN.fullmatch(detail)
    if found:
        return QCoreApplication.translate("AuditTrail", "wrong PIN, %1 in a row").replace(
            "%1", found.group(1)
        )
    found = _CALENDAR.fullmatch(detail)
    if found:
        return (
            QCoreApplication.translate("AuditTrail", "%1 days set, %2 removed, %3 slip deadlines moved")
            .replace("%1", found.group(1))
            .replace("%2", found.group(2))
            .replace("%3", found.group(3))
        )
    words = {
        "unknown": QT_TRANSLATE_NOOP("AuditTrail", "no such operator"),
        "inactive": QT_TRANSLATE_NOOP("AuditTrail", "deactivated operator"),
        "wait": QT_TRANSLATE_NOOP("AuditTrail", "during a wait after wrong PINs"),
        "locked": QT_TRANSLATE_NOOP("AuditTrail", "while locked"),
    }
    return QCoreApplication.translate("AuditTrail", words[detail]) if detail in words else detail


class AuditTrailPage(QWidget):
    """The trail as a table, newest first, PAGE_SIZE entries a page."""

    loaded = Signal()

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("auditTrailPage")
        self._session = session
        self.page = 0
        self.has_next = False
        self._requested = False
        self.model = RecordTableModel(
            [
                (self.tr("Time"), lambda e: local_time(e.at)),
                (self.tr("What"), lambda e: label_of(AuditKind, e.kind)),
                (self.tr("Operator"), lambda e: e.operator_name),
                (self.tr("About"), lambda e: e.subject),
                (self.tr("Detail"), detail_text),
            ],
            self,
        )
        self.view = record_table(self.model, "auditTable")
        self.banner = Banner(self)
        self.prev_button = QPushButton(self.tr("Newer"))
        self.prev_button.setObjectName("auditNewer")
        self.next_button = QPushButton(self.tr("Older"))
        self.next_button.setObjectName("auditOlder")
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setObjectName("auditRefresh")
        self.page_label = QLabel()
        self.page_label.setObjectName("auditPage")
        row = QHBoxLayout()
        row.addWidget(self.refresh_button)
        row.addStretch(1)
        row.addWidget(self.prev_button)
        row.addWidget(self.page_label)
        row.addWidget(self.next_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(self.tr("Audit trail")))
        layout.addWidget(
            hint(
                self.tr(
                    "Sign-ins and failed sign-ins, lockouts, PIN changes and resets, prints and exports of full phone "
                    "numbers, and changes of the holiday calendar at this desk, newest first."
                )
            )
        )
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        self.prev_button.clicked.connect(lambda: self.show_page(self.page - 1))
        self.next_button.clicked.connect(lambda: self.show_page(self.page + 1))
        self.refresh_button.clicked.connect(lambda: self.show_page(0))
        self._update_buttons()

    def ensure_loaded(self) -> None:
        if not self._requested:
            self.show_page(0)

    def show_page(self, page: int) -> None:
        self._requested = True
        page = max(page, 0)
        store, by = self._session.store, self._session.operator.id
        DbOp(
            lambda: store.audit_trail(by=by, limit=PAGE_SIZE + 1, offset=page * PAGE_SIZE), parent=self
        ).success(lambda entries: self._shown(page, entries)).failure(
            lambda exc: self.banner.show_message(describe_error(exc), ok=False)
        ).run()

    def _shown(self, page: int, entries: list[AuditInfo]) -> None:
        self.page = page
        self.has_next = len(entries) > PAGE_SIZE
        self.model.set_rows(entries[:PAGE_SIZE])
        self.banner.setVisible(False)
        self._update_buttons()
        self.loaded.emit()

    def _update_buttons(self) -> None:
        self.prev_button.setEnabled(self.page > 0)
        self.next_button.setEnabled(self.has_next)
        self.page_label.setText(self.tr("Page %1").replace("%1", str(self.page + 1)))
