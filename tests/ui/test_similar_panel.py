"""Similar cases beside the reception form: debounced, off the UI thread, stale results dropped."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest

from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.similar import SimilarCase
from desk_app.storage.store import DeskStore
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.session import DeskSession
from desk_app.ui.similar_panel import SimilarCasesPanel

from .conftest import type_chinese, wait_for_ops

A_CASE = SimilarCase(
    id="case-1",
    summary="小区门口的路灯坏了一个月",
    place="建设小区",
    status="referred",
    received_at=datetime(2026, 10, 9, 9, 30),
    unit_name="浉河区城市管理局",
    serial="",
    station_name="",
    score=0.9,
)


class Recorder:
    """A suggest function that records its calls and the thread each ran on; it can be held."""

    def __init__(self, result: list[SimilarCase]) -> None:
        self.result = result
        self.calls: list[str] = []
        self.threads: list[threading.Thread] = []
        self.release = threading.Event()
        self.release.set()

    def __call__(self, content: str, place: str) -> list[SimilarCase]:
        self.calls.append(content)
        self.threads.append(threading.current_thread())
        self.release.wait(10)
        return self.result


@pytest.fixture
def panel(qtbot) -> Iterator[SimilarCasesPanel]:  # type: ignore[no-untyped-def]
    recorder = Recorder([A_CASE])
    p = SimilarCasesPanel(recorder)
    p.recorder = recorder  # type: ignore[attr-defined]
    qtbot.addWidget(p)
    yield p
    recorder.release.set()
    wait_for_ops(qtbot)


def test_a_pause_in_typing_asks_once_for_the_last_text(qtbot, panel: SimilarCasesPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.suggested, timeout=5_000):
        for typed in ("路", "路灯", "路灯坏", "路灯坏了"):
            panel.text_changed(typed, "")
    assert panel.recorder.calls == ["路灯坏了"]  # type: ignore[attr-defined]


def test_suggestions_are_computed_off_the_ui_thread(qtbot, panel: SimilarCasesPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.suggested, timeout=5_000):
        panel.text_changed("路灯坏了", "")
    assert panel.recorder.threads[0] is not threading.main_thread()  # type: ignore[attr-defined]


def test_a_result_for_text_changed_since_is_dropped(qtbot, panel: SimilarCasesPanel) -> None:  # type: ignore[no-untyped-def]
    recorder: Recorder = panel.recorder  # type: ignore[attr-defined]
    recorder.release.clear()
    panel.text_changed("路灯坏了", "")
    qtbot.waitUntil(lambda: recorder.calls == ["路灯坏了"], timeout=5_000)
    panel.text_changed("路灯坏了一个月", "")  # typed while the first answer is being computed
    shown: list[object] = []
    panel.suggested.connect(shown.append)
    recorder.release.set()
    qtbot.waitUntil(lambda: len(recorder.calls) == 2, timeout=5_000)
    wait_for_ops(qtbot)
    assert len(shown) == 1  # only the answer for the newer text


def test_each_suggestion_shows_status_date_and_unit(qtbot, panel: SimilarCasesPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.suggested, timeout=5_000):
        panel.text_changed("路灯坏了", "")
    head = panel.list.item(0).text().splitlines()[0]
    assert head == "Being handled · 2026-10-09 · 浉河区城市管理局"


def test_activating_a_suggestion_asks_to_open_its_case(qtbot, panel: SimilarCasesPanel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.suggested, timeout=5_000):
        panel.text_changed("路灯坏了", "")
    with qtbot.waitSignal(panel.open_case_requested, timeout=1_000) as blocker:
        panel.list.itemActivated.emit(panel.list.item(0))
    assert blocker.args == ["case-1"]


def test_the_reception_form_lists_similar_cases_of_the_desk_as_the_clerk_types(
    qtbot,
    store: DeskStore,
    session: DeskSession,  # type: ignore[no-untyped-def]
) -> None:
    draft = ReceptionDraft(
        received_at=datetime(2026, 10, 9, 9, 30),
        channel="walk_in",
        content="建设小区门口的路灯坏了一个月，晚上很黑",
        outcome="needs_referral",
    )
    case_id = store.register_reception(draft, by=session.operator.id)
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    with qtbot.waitSignal(form.similar.suggested, timeout=5_000) as blocker:
        type_chinese(form.content, "小区的路灯不亮了，晚上太黑")
    assert [c.id for c in blocker.args[0]] == [case_id]
    wait_for_ops(qtbot)
