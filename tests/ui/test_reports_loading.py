"""The reports screen says it is counting while the month's tally is read (a big desk takes a
moment), greys out the old figures meanwhile, and counts only once the page is shown."""

from __future__ import annotations

import threading

import pytest

from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.reports.panel import ReportsPanel
from desk_app.ui.session import DeskSession

from .case_fixtures import wait_idle


@pytest.fixture
def held_tally(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """The store's tally waits (on the database thread) until the test sets the event."""
    release = threading.Event()
    real = DeskStore.tally

    def slow(self: DeskStore, *args: object, **kwargs: object) -> object:
        release.wait(10)
        return real(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DeskStore, "tally", slow)
    return release


@pytest.mark.usefixtures("clerk")
def test_the_tally_page_says_it_is_counting_until_the_figures_arrive(
    qtbot,  # type: ignore[no-untyped-def]
    session: DeskSession,
    held_tally: threading.Event,
) -> None:
    panel = ReportsPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    tab = panel.tally_tab
    qtbot.waitUntil(lambda: tab.loading_note.isVisible(), timeout=5_000)
    assert not tab.figures_table.isEnabled() and not tab.breakdowns.isEnabled()
    assert tab.month().label in tab.loading_note.text()
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        held_tally.set()
    assert not tab.loading_note.isVisible()
    assert tab.figures_table.isEnabled() and tab.breakdowns.isEnabled()
    wait_idle(qtbot)


def test_the_tally_is_not_counted_until_the_page_is_shown(
    qtbot,  # type: ignore[no-untyped-def]
    session: DeskSession,
    clerk: OperatorInfo,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    counted: list[object] = []
    real = DeskStore.tally
    monkeypatch.setattr(DeskStore, "tally", lambda self, *a, **k: counted.append(a) or real(self, *a, **k))
    panel = ReportsPanel(session)
    qtbot.addWidget(panel)
    qtbot.wait(100)
    wait_idle(qtbot)
    assert counted == []
    with qtbot.waitSignal(panel.tally_tab.tally_loaded, timeout=10_000):
        panel.show()
    assert len(counted) == 1
