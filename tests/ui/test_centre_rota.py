"""The district centre's station picker on the rota screen (issue 13): a centre desk picks the
station whose rota, duty pattern and groups it shows and changes; a station's desk shows no
picker."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox

from desk_app.domain.rota import Period, SlotTemplate
from desk_app.storage.models import Station
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.rota.panel import RotaPanel
from desk_app.ui.session import DeskSession

from .case_fixtures import wait_idle
from .test_rota_panel import add_roster, make_panel


def _as_centre(store: DeskStore) -> str:
    """Make the desk a district centre's (enrolled without a station) holding a second station;
    returns that station's id."""
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
    store.set_setting("sync.desk_id", "centre-desk")
    store.set_setting("sync.station_id", None)
    return other_id


def _pick(qtbot, panel: RotaPanel, station_id: str) -> None:  # type: ignore[no-untyped-def]
    combo = panel.station_combo
    with (
        qtbot.waitSignal(panel.setup_loaded, timeout=10_000),
        qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000),
    ):
        combo.setCurrentIndex(combo.findData(station_id))
    wait_idle(qtbot)


def test_a_station_desk_shows_no_station_picker(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    assert panel.station_bar.isHidden() and not panel.station_combo.isVisible()
    assert panel.station_id() == session.station.id


def test_the_centre_picks_a_station_and_sees_and_changes_its_rota(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = add_roster(store, clerk)
    other = _as_centre(store)
    home = session.station.id
    store.set_duty_pattern([SlotTemplate(1, Period.AFTERNOON, 2)], by=clerk.id, station_id=home)
    store.set_duty_pattern([SlotTemplate(3, Period.MORNING, 1)], by=clerk.id, station_id=other)
    day = store.today().replace(day=1)
    store.add_assignment(by=clerk.id, day=day, period="morning", deputy_id=ids["王建国"], station_id=other)
    store.save_duty_group(by=clerk.id, name="老城一组", deputy_ids=[ids["张伟"]], station_id=other)

    panel = make_panel(qtbot, session)
    combo = panel.station_combo
    assert combo.isVisible() and combo.count() == 3  # 全部站点 and the two stations
    assert combo.currentData() == home
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(1, Period.AFTERNOON, 2)]
    assert panel.rota_tab.rota_model.rowCount() == 0
    assert panel.groups_tab.group_list.count() == 0

    _pick(qtbot, panel, other)
    assert panel.station_id() == other
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(3, Period.MORNING, 1)]
    assert [a.deputy_name for a in panel.rota_tab.rota_model.rows()] == ["王建国"]
    assert panel.groups_tab.group_list.count() == 1
    assert panel.groups_tab.group_list.item(0).text().startswith("老城一组")

    # Writes go to the picked station; the home station's pattern is untouched.
    panel.pattern_tab.add_pattern_row(5, Period.FULL_DAY.value, 2, None)
    with qtbot.waitSignal(panel.pattern_tab.pattern_saved, timeout=10_000):
        panel.pattern_tab.save_pattern_button.click()
    wait_idle(qtbot)
    assert [(s.weekday, s.period) for s in store.duty_pattern(other)] == [(3, "morning"), (5, "full_day")]
    assert [(s.weekday, s.period) for s in store.duty_pattern(home)] == [(1, "afternoon")]

    with qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000):
        panel.rota_tab.add_assignment(day, "afternoon", ids["李秀英"])
    wait_idle(qtbot)
    assert {a.deputy_name for a in store.rota(day, day, other)} == {"王建国", "李秀英"}
    assert store.rota(day, day, home) == []

    _pick(qtbot, panel, home)
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(1, Period.AFTERNOON, 2)]
    assert panel.groups_tab.group_list.count() == 0
    assert panel.rota_tab.rota_model.rowCount() == 0


def test_switching_with_unsaved_pattern_rows_asks_and_keep_stays(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    other = _as_centre(store)
    panel = make_panel(qtbot, session)
    panel.pattern_tab.add_pattern_row(2, Period.MORNING.value, 3, None)  # typed, not saved
    panel.station_combo.setCurrentIndex(panel.station_combo.findData(other))
    box = panel.discard_box
    assert box.isVisible()
    box.button(QMessageBox.StandardButton.No).click()  # 保留
    assert panel.station_id() == session.station.id
    assert panel.station_combo.currentData() == session.station.id
    assert panel.pattern_tab.has_unsaved_changes()


def test_unsaved_pattern_rows_discarded_on_a_switch_stay_with_the_station_left(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    other = _as_centre(store)
    store.set_duty_pattern([SlotTemplate(3, Period.MORNING, 1)], by=clerk.id, station_id=other)
    panel = make_panel(qtbot, session)
    panel.pattern_tab.add_pattern_row(2, Period.MORNING.value, 3, None)  # typed, not saved
    panel.station_combo.setCurrentIndex(panel.station_combo.findData(other))
    with (
        qtbot.waitSignal(panel.setup_loaded, timeout=10_000),
        qtbot.waitSignal(panel.rota_tab.rota_loaded, timeout=10_000),
    ):
        panel.discard_box.button(QMessageBox.StandardButton.Yes).click()  # 丢弃
    wait_idle(qtbot)
    assert panel.station_id() == other
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(3, Period.MORNING, 1)]
    assert not panel.pattern_tab.has_unsaved_changes()
    assert store.duty_pattern(session.station.id) == []
