"""转12345 in the case view (issue 12, docs/open311.md): the office forwards a case from 其他操作;
the forward shows in the timeline as pending until the server's answer arrives by sync; a duty
deputy is not offered it."""

from __future__ import annotations

import pytest

from desk_app.domain.forwards import ForwardState
from desk_app.storage.forward_store import ForwardStore
from desk_app.storage.models import CaseForward
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_office_moves import ForwardDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle

built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def _view(qtbot, session: DeskSession, rid: str) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    wait_idle(qtbot)
    return view


def test_the_office_forwards_a_case_and_the_timeline_shows_it_pending(qtbot, desk: Desk, session) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session, desk.referred)
    assert view.forward_action.isVisible() and view.forward_action.isEnabled()
    view.forward_action.trigger()
    dialog = view.active_dialog
    assert isinstance(dialog, ForwardDialog)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    [row] = ForwardStore(desk.store).forwards(desk.referred)
    assert row.state == ForwardState.PENDING.value
    assert "Forwarded to 12345" in view.timeline_text() and "Pending" in view.timeline_text()
    assert not view.forward_action.isEnabled()  # not twice while it is open at the platform


def test_the_work_order_the_sync_brought_shows_in_the_timeline(qtbot, desk: Desk, session) -> None:  # type: ignore[no-untyped-def]
    forward_id = ForwardStore(desk.store).forward(desk.referred, by=desk.clerk.id)
    # What a sync applies: the server's fields of the row (written here as the pull would).
    with desk.store.db.writing(None) as s:
        row = s.get(CaseForward, forward_id)
        assert row is not None
        row.state, row.work_order, row.sent_at = ForwardState.SENT.value, "XK7M4PQ9AT", desk.store.clock()
    view = _view(qtbot, session, desk.referred)
    assert "Sent to 12345: work order XK7M4PQ9AT" in view.timeline_text()
    assert ForwardStore(desk.store).forwards(desk.referred)[0].label_zh == "已转交（工单号 XK7M4PQ9AT）"


def test_a_duty_deputy_is_not_offered_the_forward(qtbot, desk: Desk, session_for) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session_for("deputy"), desk.referred)
    assert not view.forward_action.isVisible()


def test_a_closed_case_is_not_forwarded(qtbot, desk: Desk, session) -> None:  # type: ignore[no-untyped-def]
    view = _view(qtbot, session, desk.on_site)
    assert not view.forward_action.isEnabled()
