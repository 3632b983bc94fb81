"""The district centre's station picker in the case list (issue 13): a centre desk sees every
station's cases, picks one station or 全部站点; a station's desk shows no picker."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from desk_app.storage.models import Station
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_list import CaseListPanel
from desk_app.ui.case_model import ReceptionIdRole
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, make_desk, wait_idle

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
            s.execute(text("UPDATE reception SET station_id = :s WHERE id = :r"), {"s": other_id, "r": rid})
    store.set_setting("sync.desk_id", "centre-desk")
    store.set_setting("sync.station_id", None)
    return other_id


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, clock) -> Desk:  # type: ignore[no-untyped-def]
    return make_desk(store, clerk, clock)


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
