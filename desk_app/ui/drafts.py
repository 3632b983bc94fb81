"""Drafts in the window: what is typed in the reception form and in every move dialog is kept
while the operator types, and given back when they return (issue 10, "nothing typed is lost").

    DraftBook    one signed-in operator's drafts (DeskSession.drafts): writes them on a worker
                 thread of its own, in order, as atomic files (desk_app.storage.drafts); knows
                 every form that keeps a draft, so the window can ask before it is left and save
                 them all at once.
    DraftKeeper  one form's draft: the form says when it changed and what its draft is; the keeper
                 writes it DEBOUNCE_MS after the last change (and at once when asked), and removes
                 it when the form was saved or the draft discarded.

Field values of the move dialogs are read and written generically (`field_widgets`,
`value_of`, `set_value`) by the widgets' object names, so every dialog keeps its draft without
code of its own.
"""

from __future__ import annotations

import logging
import weakref
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, QDateTime, QObject, QTime, QTimer, Signal, SignalInstance
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QDateTimeEdit,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from desk_app.storage.drafts import Draft, DraftFiles, drafts_folder

if TYPE_CHECKING:
    from desk_app.storage.store import DeskStore

log = logging.getLogger(__name__)

# After the last keystroke, the draft is written this much later (and at once on leaving).
DEBOUNCE_MS = 700

# One writer for every draft of the process: writes keep their order across sign-outs (a draft
# saved by a window that closed is on disk before the next window of that operator reads it).
_writer: ThreadPoolExecutor | None = None


def _executor() -> ThreadPoolExecutor:
    global _writer
    if _writer is None:
        _writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="desk-drafts")
    return _writer


def shutdown_writer() -> None:
    """Wait for the drafts still being written (the desk calls this on its way out)."""
    global _writer
    if _writer is not None:
        _writer.shutdown(wait=True)
        _writer = None


class DraftBook(QObject):
    """The drafts of one signed-in operator at this desk."""

    # A draft could not be written (disk full, folder not writable): words for the status bar.
    write_failed = Signal(str)

    def __init__(self, store: DeskStore, operator_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = store.clock
        self.files = DraftFiles(drafts_folder(store.db.path.parent), operator_id)
        self._keepers: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()
        self._pruned = False

    # -- the files, through the writer ---------------------------------------------------------

    def _submit(self, fn: Callable[[], None]) -> Future[None]:
        future = _executor().submit(fn)
        future.add_done_callback(self._check_written)
        return future

    def _check_written(self, future: Future[None]) -> None:
        exc = future.exception()
        if exc is not None:
            log.warning("a draft could not be written: %s", exc)
            self.write_failed.emit(str(exc))  # queued to the UI thread (this object lives there)

    def save(self, key: str, values: dict[str, Any]) -> None:
        files, at = self.files, self._clock().replace(microsecond=0)
        self._submit(lambda: files.save(key, values, at))

    def discard(self, key: str) -> None:
        files = self.files
        self._submit(lambda: files.discard(key))

    def flush(self) -> None:
        """Wait until every draft asked for is on disk."""
        _executor().submit(lambda: None).result()

    def load(self, key: str) -> Draft | None:
        """The draft of `key` (a small file, read after the writes still queued)."""
        self.flush()
        if not self._pruned:
            self._pruned = True
            self.files.prune(self._clock())
        return self.files.load(key)

    def saved_keys(self) -> list[str]:
        """The keys of this operator's drafts on disk."""
        self.flush()
        return self.files.keys()

    # -- the forms keeping drafts ------------------------------------------------------------

    def register(self, keeper: DraftKeeper) -> None:
        self._keepers.add(keeper)

    def keepers(self) -> Iterator[DraftKeeper]:
        yield from list(self._keepers)

    def unsaved(self) -> list[DraftKeeper]:
        """The forms holding typing that is not saved as a record (their drafts are kept)."""
        return [k for k in self.keepers() if k.active and k.has_content()]

    def save_all(self) -> None:
        """Write every form's draft now and wait until they are on disk (leaving the window)."""
        for keeper in self.keepers():
            keeper.save_now()
        self.flush()

    def discard_all(self) -> None:
        """Throw away every unsaved form's typing (the operator chose to), and wait."""
        for keeper in self.keepers():
            if keeper.active:
                keeper.discard_typing()
        self.flush()


class DraftKeeper(QObject):
    """One form's draft. `snapshot` returns the draft's values, or None when nothing is worth
    keeping (the file is then removed); `clear` empties the form (after the operator discarded)."""

    def __init__(
        self,
        book: DraftBook,
        key: str,
        snapshot: Callable[[], dict[str, Any] | None],
        clear: Callable[[], None],
        title: str,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.book = book
        self.key = key
        self.title = title  # what the window's question names (接待登记, 回访 …)
        self._snapshot = snapshot
        self._clear = clear
        # Off until the form has looked for its old draft: a change before then (the form filling
        # its lists) must not replace the draft it is about to give back.
        self.active = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.save_now)
        book.register(self)

    def load(self) -> Draft | None:
        return self.book.load(self.key)

    def start(self) -> None:
        self.active = True

    def changed(self, *_args: object) -> None:
        if self.active:
            self._timer.start()

    def has_content(self) -> bool:
        return bool(self._snapshot())

    def save_now(self) -> None:
        self._timer.stop()
        if not self.active:
            return
        values = self._snapshot()
        if values:
            self.book.save(self.key, values)
        else:
            self.book.discard(self.key)

    def forget(self) -> None:
        """The form was saved as a record: its draft is done with."""
        self._timer.stop()
        self.book.discard(self.key)

    def discard_typing(self) -> None:
        """The operator chose to throw the typing away: the form empties, the draft goes."""
        self._timer.stop()
        was_active, self.active = self.active, False
        try:
            self._clear()
        finally:
            self.active = was_active
        self.book.discard(self.key)


def ask_discard(parent: QWidget, on_yes: Callable[[], None]) -> QMessageBox:
    """The question before an explicit discard of a draft (it cannot be undone)."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        QCoreApplication.translate("Drafts", "Discard the draft"),
        QCoreApplication.translate(
            "Drafts", "Discard what was typed here and not saved? It cannot be brought back."
        ),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setObjectName("discardDraftBox")
    box.button(QMessageBox.StandardButton.Yes).setText(QCoreApplication.translate("Drafts", "Discard"))
    box.button(QMessageBox.StandardButton.No).setText(QCoreApplication.translate("Drafts", "Keep"))
    box.setDefaultButton(QMessageBox.StandardButton.No)
    box.accepted.connect(on_yes)
    box.open()
    return box


# -- reading and writing the fields of a move dialog ------------------------------------------------

_FIELD_TYPES = (QLineEdit, QPlainTextEdit, QComboBox, QDateTimeEdit, QSpinBox, QRadioButton)


def field_widgets(root: QWidget) -> dict[str, QWidget]:
    """The named, editable fields under `root` (a combo's or a date box's own line edit is not one)."""
    found: dict[str, QWidget] = {}
    for widget in root.findChildren(QWidget):
        name = widget.objectName()
        if not name or not isinstance(widget, _FIELD_TYPES) or name.startswith("qt_"):
            continue
        owner = widget.parentWidget()
        if isinstance(widget, QLineEdit) and (
            widget.isReadOnly() or isinstance(owner, QComboBox | QAbstractSpinBox)
        ):
            continue
        found.setdefault(name, widget)
    return found


def value_of(widget: QWidget) -> Any:
    if isinstance(widget, QLineEdit):
        return widget.text()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QComboBox):
        if widget.isEditable():
            return {"text": widget.currentText()}
        data = widget.currentData()
        return {"data": data if isinstance(data, str | int) else None, "text": widget.currentText()}
    if isinstance(widget, QDateEdit):
        return widget.date().toPython().isoformat()
    if isinstance(widget, QDateTimeEdit):
        qdt = widget.dateTime()
        d, t = qdt.date(), qdt.time()
        return datetime(d.year(), d.month(), d.day(), t.hour(), t.minute()).isoformat()
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    return None


def set_value(widget: QWidget, value: Any) -> None:
    """Put a value read by value_of back; a value that no longer fits is left out."""
    try:
        if isinstance(widget, QLineEdit):
            widget.setText(str(value))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(str(value))
        elif isinstance(widget, QComboBox) and isinstance(value, dict):
            if widget.isEditable():
                widget.setEditText(str(value.get("text", "")))
            else:
                index = widget.findData(value.get("data")) if value.get("data") is not None else -1
                if index < 0 and value.get("text"):
                    index = widget.findText(str(value["text"]))
                if index >= 0:
                    widget.setCurrentIndex(index)
        elif isinstance(widget, QDateEdit):
            d = date.fromisoformat(str(value))
            widget.setDate(QDate(d.year, d.month, d.day))
        elif isinstance(widget, QDateTimeEdit):
            at = datetime.fromisoformat(str(value))
            widget.setDateTime(QDateTime(QDate(at.year, at.month, at.day), QTime(at.hour, at.minute)))
        elif isinstance(widget, QSpinBox):
            widget.setValue(int(value))
        elif isinstance(widget, QAbstractButton):
            _set_checked(widget, bool(value))
    except (TypeError, ValueError):
        log.info("draft value %r does not fit %s", value, widget.objectName())


def _set_checked(button: QAbstractButton, checked: bool) -> None:
    group = button.group()
    if not checked and group is not None and group.exclusive() and button.isChecked():
        # An exclusive group keeps one button checked: unchecking means none (as at the start).
        group.setExclusive(False)
        button.setChecked(False)
        group.setExclusive(True)
    else:
        button.setChecked(checked)


def user_edits(widget: QWidget) -> list[SignalInstance]:
    """The signals of a change the user made (programmatic fills mostly do not emit them)."""
    if isinstance(widget, QLineEdit):
        return [widget.textEdited]
    if isinstance(widget, QPlainTextEdit):
        return [widget.textChanged]
    if isinstance(widget, QComboBox):
        signals = [widget.activated]
        line = widget.lineEdit()
        if widget.isEditable() and line is not None:
            signals.append(line.textEdited)
        return signals
    if isinstance(widget, QDateTimeEdit):
        return [widget.dateTimeChanged]
    if isinstance(widget, QSpinBox):
        return [widget.valueChanged]
    if isinstance(widget, QAbstractButton):
        return [widget.clicked]
    return []
