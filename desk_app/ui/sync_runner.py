"""Sync in the background of the window (never on the UI thread, never on the database op thread).

SyncRunner owns one single-worker executor of its own: a sync round waits on the network, and
the clerk's saves (desk_app.ui.ops) must not queue behind it. Results come back to the UI thread
through a queued signal, as in ops.py. Rounds start when the runner starts, ~2 s after a case
changed (debounced), every 5 minutes, and on "sync now"; while the server is unreachable the next
try waits longer each time (Picard's backoff: doubling, capped, halved on success).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot

from desk_app.sync.backoff import Backoff
from desk_app.sync.client import RETRYABLE
from desk_app.sync.engine import SyncEngine, SyncReport
from desk_app.sync.status import SyncStatus

log = logging.getLogger(__name__)

PERIOD_MS = 5 * 60 * 1000
DEBOUNCE_MS = 2000


class SyncRunner(QObject):
    status_changed = Signal(object)  # SyncStatus
    round_finished = Signal(object)  # SyncReport
    _done = Signal(object)  # Future, from the worker thread

    def __init__(
        self,
        session: Any,
        parent: QObject | None = None,
        *,
        engine: SyncEngine | None = None,
        period_ms: int = PERIOD_MS,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.engine = engine or SyncEngine(session.store)
        self.backoff = Backoff()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-sync")
        self._running = False
        self._again = False
        self._closed = False
        self.status = SyncStatus()
        self._done.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._period = QTimer(self)
        self._period.setInterval(period_ms)
        self._period.timeout.connect(self.sync_now)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(debounce_ms)
        self._debounce.timeout.connect(self.sync_now)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self.sync_now)
        session.events.case_changed.connect(self._changed)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        self._period.start()
        self.sync_now()

    @Slot()
    def sync_now(self) -> None:
        if self._closed:
            return
        if self._running:
            self._again = True
            return
        self._running = True
        self._retry.stop()
        self._emit(self._with(running=True))
        future = self._pool.submit(self._round)
        future.add_done_callback(self._done.emit)

    def refresh(self) -> None:
        """Read the status (pending count after a save) without a sync round."""
        if not self._closed:
            self._pool.submit(self.engine.status).add_done_callback(self._done.emit)

    def _round(self) -> tuple[SyncReport, SyncStatus]:
        report = self.engine.sync_once()
        return report, self.engine.status()

    @Slot(str)
    def _changed(self, _case_id: str = "") -> None:
        self._debounce.start()

    @Slot(object)
    def _deliver(self, future: Future[Any]) -> None:
        if self._closed:
            return
        exc = future.exception()
        if exc is not None:
            log.error("sync round failed", exc_info=exc)
            self._running = False
            self._emit(self._with(running=False, last_error="bug"))
            return
        result = future.result()
        if isinstance(result, SyncStatus):  # refresh()
            self._emit(SyncStatus(**{**_fields(result), "running": self._running}))
            return
        report, status = result
        self._running = False
        if report.error in RETRYABLE:
            delay = self.backoff.failed()
            self._retry.start(int(delay * 1000))
        else:
            self.backoff.succeeded()
        self._emit(status)
        self.round_finished.emit(report)
        if self._again:
            self._again = False
            self.sync_now()

    def _with(self, **changes: Any) -> SyncStatus:
        return SyncStatus(**{**_fields(self.status), **changes})

    def _emit(self, status: SyncStatus) -> None:
        self.status = status
        self.status_changed.emit(status)

    def shutdown(self) -> None:
        self._closed = True
        for timer in (self._period, self._debounce, self._retry):
            timer.stop()
        self._pool.shutdown(wait=True)
        self.engine.close()


def _fields(status: SyncStatus) -> dict[str, Any]:
    return {name: getattr(status, name) for name in SyncStatus.__slots__}  # type: ignore[attr-defined]
