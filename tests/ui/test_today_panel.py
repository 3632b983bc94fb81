"""Today's desk: who is on duty, check-in and check-out (进站签到), visits off the rota."""

from __future__ import annotations

from datetime import date

import pytest

from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period
from desk_app.domain.vocab import DeputyLevel
from desk_app.storage.errors import StorageProblem, StorageUnavailable
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.messages import describe_error
from desk_app.ui.session import DeskSession
from desk_app.ui.today_panel import TodayPanel

from .case_fixtures import wait_idle

TODAY = date(2026, 11, 20)  # the FakeClock's day


def on_duty(store: DeskStore, clerk: OperatorInfo) -> dict[str, str]:
    store.import_roster(
        [
            RosterEntry("王建国", DeputyLevel.CITY, phone="13912345670"),
            RosterEntry("李秀英", DeputyLevel.COUNTY, phone="13912345671"),
            RosterEntry("张伟", DeputyLevel.TOWNSHIP, phone="13912345672"),
        ],
        by=clerk.id,
    )
    ids = {p.name: p.id for p in store.deputy_profiles()}
    for name in ("王建国", "李秀英"):
        store.add_assignment(by=clerk.id, day=TODAY, period=Period.MORNING.value, deputy_id=ids[name])
    return ids


def make_panel(qtbot, session: DeskSession) -> TodayPanel:  # type: ignore[no-untyped-def]
    panel = TodayPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    wait_idle(qtbot)
    return panel


def test_shows_who_is_on_duty_today(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    panel = make_panel(qtbot, session)
    assert set(panel.rows) == {ids["王建国"], ids["李秀英"]}
    state, check_in, check_out = panel.rows[ids["王建国"]]
    assert state.text() == "Not checked in yet"
    assert check_in.isEnabled() and not check_out.isEnabled()


def test_nobody_on_the_rota_is_said(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    assert panel.rows == {}
    assert panel.findChild(type(panel.title), "nobodyToday") is not None


def test_check_in_shows_the_time_and_announces_the_deputy(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    panel = make_panel(qtbot, session)
    with qtbot.waitSignal(panel.checked_in_changed, timeout=10_000) as changed:
        panel.rows[ids["王建国"]][1].click()
    wait_idle(qtbot)
    assert changed.args[0] == [ids["王建国"]]
    state, check_in, check_out = panel.rows[ids["王建国"]]
    assert state.text().endswith("Checked in at 10:00")
    assert not check_in.isEnabled() and check_out.isEnabled()
    assert store.today_duty().checked_in_ids == (ids["王建国"],)


def test_check_out_ends_the_visit(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, clock
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    store.check_in(ids["李秀英"], by=clerk.id)
    panel = make_panel(qtbot, session)
    assert panel.checked_in_ids() == [ids["李秀英"]]
    clock.now = clock.now.replace(hour=11, minute=30)
    with qtbot.waitSignal(panel.checked_in_changed, timeout=10_000) as changed:
        panel.rows[ids["李秀英"]][2].click()
    wait_idle(qtbot)
    assert changed.args[0] == []
    assert panel.rows[ids["李秀英"]][0].text() == "Came 10:00, left 11:30"


def test_visit_off_the_rota_is_recorded(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    panel = make_panel(qtbot, session)
    panel.record_button.click()
    dialog = panel.dialog
    assert dialog is not None
    dialog.deputy_combo.setCurrentIndex(dialog.deputy_combo.findData(ids["张伟"]))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData("inspection"))
    type_chinese(dialog.note_edit, "视察政务服务窗口")
    with qtbot.waitSignal(panel.visit_recorded, timeout=10_000):
        dialog.ok_button.click()
    wait_idle(qtbot)
    assert not dialog.isVisible()
    (visit,) = store.visits(TODAY, TODAY, ids["张伟"])
    assert (visit.kind, visit.note) == ("inspection", "视察政务服务窗口")
    assert ids["张伟"] in panel.checked_in_ids()
    texts = [w.text() for w in panel.findChildren(type(panel.title), "visitText")]
    assert any("张伟" in t and "Inspection" in t for t in texts)


def test_a_refused_visit_keeps_the_dialog_and_what_was_typed(
    qtbot,
    session: DeskSession,
    store: DeskStore,
    clerk: OperatorInfo,
    type_chinese,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    ids = on_duty(store, clerk)
    panel = make_panel(qtbot, session)

    def busy(*_a: object, **_k: object) -> str:
        raise StorageUnavailable(StorageProblem.BUSY)

    monkeypatch.setattr(store, "record_visit", busy)
    panel.record_button.click()
    dialog = panel.dialog
    assert dialog is not None
    dialog.deputy_combo.setCurrentIndex(dialog.deputy_combo.findData(ids["张伟"]))
    type_chinese(dialog.note_edit, "参加代表座谈")
    dialog.ok_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible()
    assert dialog.note_edit.text() == "参加代表座谈"
    assert dialog.deputy_combo.currentData() == ids["张伟"]
    assert dialog.banner.text.text() == describe_error(StorageUnavailable(StorageProblem.BUSY))
