"""代班 on today's panel: a deputy sits in for one on the rota; the row says who for whom."""

from __future__ import annotations

from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.session import DeskSession

from .case_fixtures import wait_idle
from .test_today_panel import TODAY, make_panel, on_duty


def test_a_stand_in_checks_in_in_the_absent_deputys_place(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    panel = make_panel(qtbot, session)
    panel.stand_in_buttons[ids["王建国"]].click()
    dialog = panel.stand_in_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.deputy_combo.findData(ids["王建国"]) == -1  # not for themselves
    dialog.deputy_combo.setCurrentIndex(dialog.deputy_combo.findData(ids["张伟"]))
    dialog.ok_button.click()
    wait_idle(qtbot)
    state, check_in, check_out = panel.rows[ids["王建国"]]
    assert "张伟" in state.text() and "Stand-in" in state.text()
    assert not check_in.isEnabled() and check_out.isEnabled()
    assert not panel.stand_in_buttons[ids["王建国"]].isVisible()
    assert panel.checked_in_ids() == [ids["张伟"]]
    (visit,) = store.visits(TODAY, TODAY, ids["张伟"])
    assert visit.stands_in_for_id == ids["王建国"]


def test_checking_out_the_stand_in_ends_their_visit(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    store.check_in(ids["张伟"], by=clerk.id, stands_in_for=ids["王建国"])
    panel = make_panel(qtbot, session)
    _state, _in, check_out = panel.rows[ids["王建国"]]
    check_out.click()
    wait_idle(qtbot)
    (visit,) = store.visits(TODAY, TODAY, ids["张伟"])
    assert visit.check_out_at is not None and panel.checked_in_ids() == []
