"""The Qt window: widgets and item models only. Work goes through desk_app.storage, off this thread."""

from __future__ import annotations

import ctypes
import sys


def _repair_signal_emit() -> None:
    """Work around PySide6 6.12.0's SignalInstance.emit, which returns True without a reference.

    Every emit() from Python then takes one reference from the shared True object; on Python 3.11
    (where True is not immortal) a few thousand emits bring its count to zero and the process dies
    with "bool_dealloc: deallocating True or False". We measure the leak once and, only if it is
    there, wrap emit to give the reference back, so a fixed PySide6 is left untouched.
    """
    if sys.version_info >= (3, 12):  # True is immortal: the lost references cannot hurt
        return
    from PySide6.QtCore import QObject, Signal, SignalInstance

    class _Probe(QObject):
        ping = Signal()

    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(10):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    if lost < 10:
        return
    original = SignalInstance.emit

    def emit(self, *args):  # type: ignore[no-untyped-def]
        result = original(self, *args)
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    # Give back what the probe took.
    for _ in range(lost):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def _keep_none_alive() -> None:
    """Work around PySide6 6.12.0's void methods, which return None without a reference.

    Every call from Python of a method returning nothing (QLabel.setText, QFont.setBold,
    beginResetModel, QModelIndex.data() without a value, ...) takes one reference from None. On
    Python 3.11 (where None is not immortal) the case list of a big desk loses a few thousand per
    search, and after some searches the process dies with "none_dealloc: deallocating None".
    Python 3.12 made None immortal by giving it a huge reference count; we do the same here, once,
    only when the leak is there (a fixed PySide6 is left untouched). The same build also loses
    references to True or False outside emit() (a long benchmark ended in "bool_dealloc" at
    exit): they are made immortal with None.
    """
    if sys.version_info >= (3, 12):
        return
    from PySide6.QtCore import QPoint

    probe = QPoint()
    before = sys.getrefcount(None)
    for _ in range(10):
        probe.setX(1)
    if before - sys.getrefcount(None) < 10:
        return
    # ob_refcnt is the object's first field (a Py_ssize_t) on CPython 3.11.
    for singleton in (None, True, False):
        ctypes.c_ssize_t.from_address(id(singleton)).value += 1 << 40


_repair_signal_emit()
_keep_none_alive()
