"""The district centre's station picker in the case list (issue 13): a centre desk sees every
station's cases, picks one station or 全部站点; a station's desk shows no picker."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desk_app.storage.coltypes import id_param
from desk_app.storage.models import Station
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_list import CaseListPanel
from desk_app.ui.case_model import ReceptionIdRole
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle

zh = cf.zh
zh_catalogue = cf.zh_catalogue


def _as_centre(store: DeskStore, moved: list[str]) -> str:
    """Make the desk a district centre's (enrolled without a station) holding a second station
    whose cases are `moved`; returns that station's id."""
    with store.db.writing(None) as s:
        other = Station(
            name="浉河区老城街道人大代表工作站",
            short_name="老城站",
            kind="township_station",
            serial_pattern="",
        )
        s.add(other)
        s.flush()
        other_id = other.id
        for rid in moved:
            s.execute(
                text("UPDATE reception SET station_id = :s WHERE id = :r"),
                {"s": id_param(other_id), "r": id_param(rid)},
            )
    store.set_setting("sync.desk_id", "centre-desk")
    store.set_setting("sync.station_id", None)
    return other_id


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def _panel(qtbot, session: DeskSession) -> CaseListPanel:  # type: ignore[no-untyped-def]
    p = CaseListPanel(session)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.first_page_loaded, timeout=10_000):
        p.resize(1300, 600)
        p.show()
    wait_idle(qtbot)
    return p


def _ids(panel: CaseListPanel) -> set[str]:
    return {panel.model.index(r, 0).data(ReceptionIdRole) for r in range(panel.model.rowCount())}


def test_a_station_desk_shows_no_station_picker(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, session)
    assert panel.station_combo.isHidden()


def test_the_centre_picks_one_station_and_then_all_stations(
    qtbot, zh, desk: Desk, store: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    other = _as_centre(store, [desk.waiting])
    panel = _panel(qtbot, session)
    combo = panel.station_combo
    assert combo.isVisible() and combo.itemText(0) == "全部站点" and combo.count() == 3
    everything = _ids(panel)
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(other))
    wait_idle(qtbot)
    assert _ids(panel) == {desk.waiting}
    with qtbot.waitSignal(panel.first_page_loaded, timeout=10_000):
        combo.setCurrentIndex(0)
    wait_idle(qtbot)
    assert _ids(panel) == everything and len(everything) > 1


def test_the_centre_tab_shows_each_station_beside_the_district_total(
    qtbot, desk: Desk, store: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.reports.centre_tab import CentreTallyTab

    _as_centre(store, [desk.waiting])
    tab = CentreTallyTab(session)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=10_000)
    assert tab.table.rowCount() == 3  # two stations and the district total
    opinions = [int(tab.table.item(r, 2).text()) for r in range(3)]
    assert opinions[2] == opinions[0] + opinions[1] and opinions[2] > 0


def test_a_station_sends_a_case_up_and_its_register_lists_it(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.transfers import TransferKind
    from desk_app.ui.transfers import TransferRegisterTab

    store.transfer(desk.waiting, TransferKind.UP, reason="涉及多个街道", by=clerk.id)
    tab = TransferRegisterTab(session)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 1, timeout=10_000)
    assert tab.table.item(0, 5).text() == "涉及多个街道"


def test_a_station_desk_offers_only_the_transfer_up(qtbot, desk: Desk, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.case_view import CaseView

    view = CaseView(session, desk.waiting)
    qtbot.addWidget(view)
    assert [a.objectName() for a in view.transfer_actions] == ["transferred_upAction"]


def test_the_centre_tab_saves_the_tally_as_pdf(
    qtbot, desk: Desk, store: DeskStore, session: DeskSession, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.reports.centre_tab import CentreTallyTab

    _as_centre(store, [desk.waiting])
    tab = CentreTallyTab(session)
    qtbot.addWidget(tab)
    out = tmp_path / "centre.pdf"
    tab.choose_save_path = lambda *_a: str(out)
    tab.save_pdf()
    qtbot.waitUntil(out.exists, timeout=20_000)


# -- the city level (issue 13 item 2, "a centre to the city") ---------------------------------------


def _view(qtbot, session: DeskSession, rid: str):  # type: ignore[no-untyped-def]
    from desk_app.ui.case_view import CaseView

    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    wait_idle(qtbot)
    return view


def _action(view, kind: str):  # type: ignore[no-untyped-def]
    return next(a for a in view.transfer_actions if a.objectName() == f"{kind}Action")


def _at_centre(store: DeskStore, clerk: OperatorInfo, rid: str) -> None:
    from desk_app.domain.transfers import TransferKind

    _as_centre(store, [])
    store.transfer(rid, TransferKind.TAKE_OVER, reason="中心直接督办", by=clerk.id)


def test_a_centre_desk_offers_the_city_moves(
    qtbot, desk: Desk, store: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    _as_centre(store, [])
    view = _view(qtbot, session, desk.waiting)
    names = [a.objectName() for a in view.transfer_actions]
    assert "transferred_to_cityAction" in names and "returned_from_cityAction" in names


def test_the_centre_sends_a_case_to_the_city_with_the_citys_reference_number(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.transfers import TransferToCityDialog

    from .conftest import type_chinese

    _at_centre(store, clerk, desk.waiting)
    view = _view(qtbot, session, desk.waiting)
    _action(view, "transferred_to_city").trigger()
    dialog = view.active_dialog
    assert isinstance(dialog, TransferToCityDialog)
    dialog.city_ref_edit.setText("信市人代〔2026〕12号")
    type_chinese(dialog.reason_edit, "涉及两个区，需市里协调")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert store.case_detail(desk.waiting).level == "city"
    assert view.level_label.isVisible() and view.level_label.text() == "Handled by the city"
    assert "City reference number: 信市人代〔2026〕12号" in view.timeline_text()


def test_a_case_at_the_city_is_read_only_but_for_the_citys_return(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.transfers import TransferKind

    _at_centre(store, clerk, desk.waiting)
    store.transfer(desk.waiting, TransferKind.TO_CITY, reason="需市里协调", by=clerk.id)
    view = _view(qtbot, session, desk.waiting)
    assert not view.refer_button.isEnabled() and "市级" in view.refer_button.toolTip()
    assert _action(view, "returned_from_city").isEnabled()
    assert not _action(view, "transferred_to_city").isEnabled()


def test_the_centre_records_the_citys_return_with_its_answer(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.transfers import TransferKind
    from desk_app.ui.transfers import ReturnFromCityDialog

    from .conftest import type_chinese

    _at_centre(store, clerk, desk.waiting)
    store.transfer(desk.waiting, TransferKind.TO_CITY, reason="需市里协调", by=clerk.id)
    view = _view(qtbot, session, desk.waiting)
    _action(view, "returned_from_city").trigger()
    dialog = view.active_dialog
    assert isinstance(dialog, ReturnFromCityDialog)
    type_chinese(dialog.reason_edit, "市里答复：由区政府牵头办理")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert store.case_detail(desk.waiting).level == "centre"
    assert "The city's answer: 市里答复：由区政府牵头办理" in view.timeline_text()
    assert view.refer_button.isEnabled()


def test_a_duty_deputy_is_not_offered_the_city_moves(
    qtbot, desk: Desk, store: DeskStore, session_for
) -> None:  # type: ignore[no-untyped-def]
    _as_centre(store, [])
    view = _view(qtbot, session_for("deputy"), desk.waiting)
    assert not _action(view, "transferred_to_city").isVisible()


def test_the_register_lists_what_went_to_the_city_and_its_reference_number(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.transfers import TransferKind
    from desk_app.ui.transfers import TransferRegisterTab

    _at_centre(store, clerk, desk.waiting)
    store.transfer(
        desk.waiting, TransferKind.TO_CITY, reason="需市里协调", by=clerk.id, city_ref="市人代12号"
    )
    tab = TransferRegisterTab(session)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.table.rowCount() == 2, timeout=10_000)
    rows = [[tab.table.item(r, c).text() for c in (1, 5, 7)] for r in range(2)]
    assert ["Transferred to the city", "需市里协调", "市人代12号"] in rows


def test_the_centre_tab_shows_the_city_columns(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.transfers import TransferKind
    from desk_app.ui.reports.centre_tab import CentreTallyTab

    _at_centre(store, clerk, desk.waiting)
    store.transfer(desk.waiting, TransferKind.TO_CITY, reason="需市里协调", by=clerk.id)
    tab = CentreTallyTab(session)
    qtbot.addWidget(tab)
    qtbot.waitUntil(lambda: tab.data is not None, timeout=10_000)
    headers = [tab.table.horizontalHeaderItem(c).text() for c in range(tab.table.columnCount())]
    total = tab.table.rowCount() - 1
    cell = {h: tab.table.item(total, c).text() for c, h in enumerate(headers)}
    assert (cell["Handled by the city"], cell["Transferred to the city"], cell["Returned by the city"]) == (
        "1",
        "1",
        "0",
    )


def test_the_centre_records_the_citys_reply_in_the_timeline(
    qtbot, desk: Desk, store: DeskStore, clerk: OperatorInfo, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.transfers import TransferKind
    from desk_app.ui.transfers import CityReplyDialog

    from .conftest import type_chinese

    _at_centre(store, clerk, desk.waiting)
    store.transfer(desk.waiting, TransferKind.TO_CITY, reason="需市里协调", by=clerk.id)
    view = _view(qtbot, session, desk.waiting)
    _action(view, "city_replied").trigger()
    dialog = view.active_dialog
    assert isinstance(dialog, CityReplyDialog)
    type_chinese(dialog.reason_edit, "市里拟召开两区协调会")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    assert "The city's reply: 市里拟召开两区协调会" in view.timeline_text()
    assert store.case_detail(desk.waiting).level == "city"
