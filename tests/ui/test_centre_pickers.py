"""The district centre's station picker on the pages that lacked it (issue 13): the committee's
summary workbook, the duty record, the check-ins of today and the studios follow the picked
station (or 全部站点); "Make rota" makes the picked station's rota, and every station's only after
asking. A station's desk shows no picker on these pages."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import text

from desk_app.domain.rota import Period, SlotTemplate
from desk_app.storage.coltypes import id_param
from desk_app.storage.models import Station
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.kit.station_picker import ALL_STATIONS
from desk_app.ui.reports.summary_tab import SummaryTab
from desk_app.ui.rota.panel import RotaPanel
from desk_app.ui.session import DeskSession
from desk_app.ui.today_panel import TodayPanel

from .case_fixtures import add_case, wait_idle
from .test_centre_rota import _as_centre
from .test_rota_panel import add_roster, make_panel


def _summary_tab(qtbot, session: DeskSession) -> SummaryTab:  # type: ignore[no-untyped-def]
    tab = SummaryTab(session)
    qtbot.addWidget(tab)
    tab.show()
    wait_idle(qtbot)
    return tab


def _pick_in_rota(qtbot, panel: RotaPanel, station_id: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000):
        panel.station_combo.setCurrentIndex(panel.station_combo.findData(station_id))
    wait_idle(qtbot)


def _studio(store: DeskStore) -> str:
    with store.db.writing(None) as s:
        studio = Station(
            name="七里河社区人大代表工作室", short_name="七里河", kind="studio", serial_pattern=""
        )
        s.add(studio)
        s.flush()
        return studio.id


# -- the committee's summary workbook (汇总) ---------------------------------------------------


def test_a_station_desk_shows_no_station_picker_on_the_summary(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    tab = _summary_tab(qtbot, session)
    assert tab.station_picker.isHidden() and tab.station_picker.station_ids() is None


def test_the_centre_exports_the_summary_of_the_picked_station_only(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_case(store, clerk, content="路灯不亮已两周")
    theirs = add_case(store, clerk, content="井盖缺失很危险")
    other = _as_centre(store)
    with store.db.writing(None) as s:
        s.execute(
            text("UPDATE reception SET station_id = :s WHERE id = :r"),
            {"s": id_param(other), "r": id_param(theirs)},
        )
    tab = _summary_tab(qtbot, session)
    combo = tab.station_picker.combo
    assert tab.station_picker.isVisible() and combo.count() == 3
    assert combo.currentData() == ALL_STATIONS  # the whole district unless a station is picked
    combo.setCurrentIndex(combo.findData(other))
    target = tmp_path / "summary.xlsx"
    tab.choose_save_path = lambda _t, _n, _f: str(target)
    tab.set_summary_range(date(2026, 11, 1), date(2026, 11, 30))
    with qtbot.waitSignal(tab.summary_finished, timeout=20_000) as finished:
        tab.summary_button.click()
    assert finished.args[0].rows["明细"] == 1
    wb = load_workbook(target, read_only=True)
    detail = " ".join(str(v) for row in wb["明细"].iter_rows(values_only=True) for v in row if v is not None)
    wb.close()
    assert "井盖缺失很危险" in detail and "路灯不亮已两周" not in detail


def test_the_centre_exports_every_station_with_all_stations(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    add_case(store, clerk, content="路灯不亮已两周")
    theirs = add_case(store, clerk, content="井盖缺失很危险")
    other = _as_centre(store)
    with store.db.writing(None) as s:
        s.execute(
            text("UPDATE reception SET station_id = :s WHERE id = :r"),
            {"s": id_param(other), "r": id_param(theirs)},
        )
    tab = _summary_tab(qtbot, session)
    target = tmp_path / "summary.xlsx"
    tab.choose_save_path = lambda _t, _n, _f: str(target)
    tab.set_summary_range(date(2026, 11, 1), date(2026, 11, 30))
    with qtbot.waitSignal(tab.summary_finished, timeout=20_000) as finished:
        tab.summary_button.click()
    assert finished.args[0].rows["明细"] == 2


# -- the duty record (履职档案) ------------------------------------------------------------------


def test_the_centre_sees_the_duty_record_of_the_picked_station_or_all(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = add_roster(store, clerk)
    other = _as_centre(store)
    day = store.today()
    store.add_assignment(by=clerk.id, day=day, period="morning", deputy_id=ids["王建国"], station_id=other)
    store.add_assignment(
        by=clerk.id, day=day, period="morning", deputy_id=ids["张伟"], station_id=session.station.id
    )
    panel = make_panel(qtbot, session)
    tab = panel.record_tab

    def shown() -> dict[str, int]:
        with qtbot.waitSignal(tab.records_loaded, timeout=10_000):
            tab.load_records()
        return {r.deputy_name: r.scheduled for r in tab.record_model.rows() if r.scheduled}

    assert shown() == {"张伟": 1}  # the home station is picked when the page opens
    _pick_in_rota(qtbot, panel, other)
    assert shown() == {"王建国": 1}
    assert {r.deputy_name for r in tab.record_model.rows()} == {"王建国"}  # nobody without a duty there
    _pick_in_rota(qtbot, panel, ALL_STATIONS)
    assert shown() == {"王建国": 1, "张伟": 1}


# -- the studios (工作室) --------------------------------------------------------------------------


def test_the_centre_sees_the_picked_studio_or_every_studio(
    qtbot, session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    studio = _studio(store)
    _as_centre(store)
    panel = make_panel(qtbot, session)
    tab = panel.studios_tab
    assert tab.studio_combo.count() == 0 and tab.none_label.isVisibleTo(tab)  # the home post is no studio
    with qtbot.waitSignal(tab.studios_loaded, timeout=10_000):
        _pick_in_rota(qtbot, panel, studio)
    assert [tab.studio_combo.itemData(i) for i in range(tab.studio_combo.count())] == [studio]
    assert not tab.none_label.isVisibleTo(tab)
    with qtbot.waitSignal(tab.studios_loaded, timeout=10_000):
        _pick_in_rota(qtbot, panel, ALL_STATIONS)
    assert tab.studio_combo.count() == 1 and tab.studio_combo.currentData() == studio


# -- the check-ins of today (进站签到) --------------------------------------------------------------


def test_a_station_desk_shows_no_station_picker_on_today(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = TodayPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show()
    assert panel.station_picker.isHidden() and panel.station_id() == session.station.id


def test_the_centre_checks_in_a_deputy_at_the_picked_station(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = add_roster(store, clerk)
    other = _as_centre(store)
    day = store.today()
    store.add_assignment(by=clerk.id, day=day, period="morning", deputy_id=ids["王建国"], station_id=other)
    panel = TodayPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show()
    combo = panel.station_picker.combo
    assert panel.station_picker.isVisible() and combo.count() == 2  # one station at a time: no 全部站点
    assert ids["王建国"] not in panel.rows  # on duty at the other station, not at home
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        combo.setCurrentIndex(combo.findData(other))
    assert ids["王建国"] in panel.rows
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.check_in(ids["王建国"])
    assert [(v.station_id, v.deputy_name) for v in store.visits(day, day)] == [(other, "王建国")]


# -- making the rota (排班) -----------------------------------------------------------------------


def _two_stations_with_a_pattern(store: DeskStore, clerk: OperatorInfo, home: str) -> str:
    add_roster(store, clerk)
    other = _as_centre(store)
    store.set_duty_pattern([SlotTemplate(1, Period.MORNING, 1)], by=clerk.id, station_id=home)
    store.set_duty_pattern([SlotTemplate(3, Period.MORNING, 1)], by=clerk.id, station_id=other)
    return other


def test_make_rota_on_the_centre_makes_the_picked_station_s_rota_only(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    home = session.station.id
    other = _two_stations_with_a_pattern(store, clerk, home)
    panel = make_panel(qtbot, session)
    _pick_in_rota(qtbot, panel, other)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    with qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000):
        panel.rota_tab.make_button.click()
    wait_idle(qtbot)
    december = store.rota(date(2026, 12, 1), date(2026, 12, 31))
    assert december and {a.station_id for a in december} == {other}


def test_make_rota_for_all_stations_asks_first_and_no_makes_nothing(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    _two_stations_with_a_pattern(store, clerk, session.station.id)
    panel = make_panel(qtbot, session)
    _pick_in_rota(qtbot, panel, ALL_STATIONS)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    panel.rota_tab.make_button.click()
    box = panel.rota_tab.make_all_box
    assert box is not None and box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()
    wait_idle(qtbot)
    assert store.rota(date(2026, 12, 1), date(2026, 12, 31)) == []


def test_make_rota_for_all_stations_after_yes_makes_every_station_s(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    other = _two_stations_with_a_pattern(store, clerk, session.station.id)
    panel = make_panel(qtbot, session)
    _pick_in_rota(qtbot, panel, ALL_STATIONS)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    panel.rota_tab.make_button.click()
    box = panel.rota_tab.make_all_box
    assert box is not None
    with qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000):
        box.button(QMessageBox.StandardButton.Yes).click()
    wait_idle(qtbot)
    made = {a.station_id for a in store.rota(date(2026, 12, 1), date(2026, 12, 31))}
    assert made == {session.station.id, other}
    # every station's rota is listed, with the station named in its column
    assert not panel.rota_tab.rota_view.isColumnHidden(7)
    assert panel.rota_tab.rota_model.rowCount() == len(store.rota(date(2026, 12, 1), date(2026, 12, 31)))


def test_make_rota_on_a_station_desk_asks_nothing(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    add_roster(store, clerk)
    store.set_duty_pattern([SlotTemplate(1, Period.MORNING, 1)], by=clerk.id)
    panel = make_panel(qtbot, session)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    with qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000):
        panel.rota_tab.make_button.click()
    assert panel.rota_tab.make_all_box is None
    assert {a.station_id for a in store.rota(date(2026, 12, 1), date(2026, 12, 31))} == {session.station.id}


def test_the_centre_exports_the_picked_station_s_rota_only(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    other = _two_stations_with_a_pattern(store, clerk, session.station.id)
    store.make_rota(date(2026, 12, 1), date(2026, 12, 31), by=clerk.id)
    panel = make_panel(qtbot, session)
    _pick_in_rota(qtbot, panel, other)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    target = tmp_path / "rota.xlsx"
    panel.rota_tab.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(panel.rota_tab.document_written, timeout=20_000):
        panel.rota_tab.xlsx_button.click()
    wb = load_workbook(target, read_only=True)
    stations = {row[0] for row in wb.active.iter_rows(min_row=2, values_only=True) if row[0]}
    wb.close()
    assert stations == {"浉河区老城街道人大代表工作站"}
