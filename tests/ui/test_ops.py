"""DbOp: results come back on the UI thread, and never to a widget that is gone."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import shiboken6
from PySide6.QtWidgets import QWidget

from desk_app.storage.errors import StorageProblem, StorageUnavailable
from desk_app.ui import messages, ops
from desk_app.ui.ops import DbOp

from .case_fixtures import wait_idle


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds the database thread until the test opens it, so a result cannot arrive too early."""
    event = threading.Event()
    yield event
    event.set()  # never leave the shared database thread blocked


def held(gate: threading.Event, outcome: Callable[[], object]) -> Callable[[], object]:
    def fn() -> object:
        assert gate.wait(10), "the test never let the operation finish"
        return outcome()

    return fn


def refused() -> object:
    raise StorageUnavailable(StorageProblem.BUSY)


def recording_op(fn: Callable[[], object], parent: QWidget, calls: list[str]) -> DbOp[object]:
    return (
        DbOp(fn, parent=parent)
        .success(lambda r: calls.append(f"success {r}"))
        .failure(lambda exc: calls.append(f"failure {type(exc).__name__}"))
        .always(lambda: calls.append("always"))
    )


def test_result_reaches_a_living_parent(qtbot, gate: threading.Event) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[str] = []
    recording_op(held(gate, lambda: 42), parent, calls).run()
    gate.set()
    wait_idle(qtbot)
    assert calls == ["success 42", "always"]


def test_result_for_a_deleted_parent_is_dropped(qtbot, gate: threading.Event) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    calls: list[str] = []
    recording_op(held(gate, lambda: 42), parent, calls).run()
    shiboken6.delete(parent)  # the dialog was closed while its work ran
    gate.set()
    wait_idle(qtbot)
    assert calls == []


def test_failure_for_a_deleted_parent_is_dropped(qtbot, gate: threading.Event) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    calls: list[str] = []
    recording_op(held(gate, refused), parent, calls).run()
    shiboken6.delete(parent)
    gate.set()
    wait_idle(qtbot)
    assert calls == []


def test_failure_reaches_a_living_parent(qtbot, gate: threading.Event) -> None:  # type: ignore[no-untyped-def]
    parent = QWidget()
    qtbot.addWidget(parent)
    calls: list[str] = []
    recording_op(held(gate, refused), parent, calls).run()
    gate.set()
    wait_idle(qtbot)
    assert calls == ["failure StorageUnavailable", "always"]


def test_a_bug_is_reported_even_when_the_parent_is_gone(
    qtbot, gate: threading.Event, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    shown: list[tuple[object, str]] = []
    monkeypatch.setattr(messages, "show_bug", lambda parent, details: shown.append((parent, details)))
    parent = QWidget()
    calls: list[str] = []

    def broken() -> object:
        raise KeyError("no such column")

    recording_op(held(gate, broken), parent, calls).run()
    shiboken6.delete(parent)
    gate.set()
    wait_idle(qtbot)
    assert calls == []
    assert len(shown) == 1 and shown[0][0] is None and "no such column" in shown[0][1]


def test_an_operation_without_parent_always_delivers(qtbot, gate: threading.Event) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    DbOp(held(gate, lambda: 7)).success(lambda r: calls.append(f"success {r}")).run()
    gate.set()
    wait_idle(qtbot)
    assert calls == ["success 7"]
    assert ops.task_manager().running == 0
