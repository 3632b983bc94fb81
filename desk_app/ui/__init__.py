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


_repair_signal_emit()
