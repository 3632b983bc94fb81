"""Running storage work off the UI thread (Anki's CollectionOp/QueryOp, Picard's run_task).

All database work goes through one single-thread executor, so writes happen in the order the
user made them; results and errors come back to the UI thread through a queued signal. Reads
that must not queue behind other work (the case list's pages, its counts) may name a `lane` of
their own: another single-thread executor, reading through its own connection (SQLite's WAL lets
readers run beside a writer). Only reads go there: writes stay ordered on the default lane.

    DbOp(lambda: store.register_reception(draft, by=op_id), parent=self) \\
        .success(self._saved).failure(self._save_failed).run()

An error the user can act on (desk_app.storage.errors.DeskError, an IllegalMove, a NotPermitted
of the operator's role) goes to the `failure` callback; without one, it is shown in a message
box. Anything else is a bug: it is logged with its traceback and shown as such, never swallowed.

The `parent` is the widget (or other QObject) the result is for. When it has been deleted by
the time the result arrives (a dialog closed while its list was loading), the success, failure
and always callbacks are dropped: they would touch a deleted widget. So callbacks need no
"is the widget still there" checks of their own. A bug is still logged and reported.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import isValid

from desk_app.domain.lifecycle import IllegalMove
from desk_app.domain.permissions import NotPermitted
from desk_app.storage.errors import DeskError
from desk_app.ui import messages

log = logging.getLogger(__name__)

T = TypeVar("T")


def is_user_error(exc: BaseException) -> bool:
    return isinstance(exc, DeskError | IllegalMove | NotPermitted)


class TaskManager(QObject):
    """Owns the database thread; lives on the UI thread and receives results there."""

    _finished = Signal(object, object)  # (future, DbOp)
    # Emitted on the UI thread each time the number of running operations changes.
    busy_changed = Signal(bool)

    def __init__(self) -> None:
        super().__init__()
        self._db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-db")
        self._lanes: dict[str, ThreadPoolExecutor] = {}
        self._running = 0
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    @property
    def running(self) -> int:
        return self._running

    def submit(self, op: DbOp[Any]) -> None:
        self._running += 1
        if self._running == 1:
            self.busy_changed.emit(True)
        future = self._executor(op.lane).submit(op.fn)
        future.add_done_callback(lambda fut: self._finished.emit(fut, op))

    @Slot(object, object)
    def _deliver(self, future: Future[Any], op: DbOp[Any]) -> None:
        self._running -= 1
        try:
            op.deliver(future)
        finally:
            if self._running == 0:
                self.busy_changed.emit(False)

    def _executor(self, lane: str | None) -> ThreadPoolExecutor:
        if lane is None:
            return self._db
        if lane not in self._lanes:
            self._lanes[lane] = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"desk-{lane}")
        return self._lanes[lane]

    def shutdown(self) -> None:
        self._db.shutdown(wait=True)
        for executor in self._lanes.values():
            executor.shutdown(wait=True)


_manager: TaskManager | None = None


def task_manager() -> TaskManager:
    global _manager
    if _manager is None:
        _manager = TaskManager()
    return _manager


def shutdown_tasks() -> None:
    global _manager
    if _manager is not None:
        _manager.shutdown()
        _manager = None


class DbOp(Generic[T]):
    """One piece of storage work, run on the database thread."""

    def __init__(self, fn: Callable[[], T], parent: QObject | None = None, lane: str | None = None) -> None:
        self.fn = fn
        self.parent = parent
        # None: the database thread (every write must run there); a name: a reading lane.
        self.lane = lane
        self._success: Callable[[T], None] | None = None
        self._failure: Callable[[BaseException], None] | None = None
        self._finally: Callable[[], None] | None = None

    def success(self, cb: Callable[[T], None]) -> DbOp[T]:
        self._success = cb
        return self

    def failure(self, cb: Callable[[BaseException], None]) -> DbOp[T]:
        """Called with errors the user can act on; bugs always go to the bug report."""
        self._failure = cb
        return self

    def always(self, cb: Callable[[], None]) -> DbOp[T]:
        self._finally = cb
        return self

    def run(self) -> None:
        task_manager().submit(self)

    def deliver(self, future: Future[T]) -> None:
        try:
            exc = future.exception()
            if self.parent is not None and not isValid(self.parent):
                self._drop(exc)
                return
            if exc is None:
                if self._success is not None:
                    self._success(future.result())
            elif is_user_error(exc) and self._failure is not None:
                self._failure(exc)
            else:
                report_error(exc, self._dialog_parent())
        finally:
            try:
                if self._finally is not None:
                    self._finally()
            finally:
                # The database thread may still hold this op (through the future's callbacks)
                # after we are done with it. Drop the callbacks here, on the UI thread, so the
                # last reference to a widget is never released on the database thread: PySide
                # then defers the widget's deletion across threads, which can crash.
                self._success = self._failure = self._finally = None
                self.parent = None

    def _drop(self, exc: BaseException | None) -> None:
        """The parent is gone: nobody is waiting for this result, but a bug must still be seen."""
        self._finally = None  # "always" means always while the parent lives
        if exc is None:
            log.debug("result dropped: its widget was closed")
        elif is_user_error(exc):
            log.info("refusal dropped (its widget was closed): %s", exc)
        else:
            report_error(exc, None)

    def _dialog_parent(self) -> QWidget | None:
        return self.parent if isinstance(self.parent, QWidget) else None


def report_error(exc: BaseException, parent: QWidget | None) -> None:
    """Show an error: in plain words when the user can act on it, as a bug report otherwise."""
    if is_user_error(exc):
        log.info("refused: %s", exc)
        messages.show_problem(parent, messages.describe_error(exc))
        return
    details = "".join(traceback.format_exception(exc))
    log.error("unexpected error in background operation:\n%s", details)
    if QApplication.instance() is not None:
        messages.show_bug(parent, details)
