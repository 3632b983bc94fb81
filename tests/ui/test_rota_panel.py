"""The rota screen: duty pattern, groups, making the rota, hand changes, documents, duty record."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt

from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period, Shortfall, SlotTemplate
from desk_app.domain.vocab import DeputyLevel
from desk_app.reports.fonts import CjkFontMissing, register_cjk_font
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.kit.dates import qdate
from desk_app.ui.kit.labels import label
from desk_app.ui.rota.assignment_dialog import AssignmentDialog
from desk_app.ui.rota.panel import RotaPanel
from desk_app.ui.session import DeskSession

from .case_fixtures import wait_idle

NAMES = ("王建国", "李秀英", "张伟")


def add_roster(store: DeskStore, clerk: OperatorInfo, names: tuple[str, ...] = NAMES) -> dict[str, str]:
    levels = (DeputyLevel.CITY, DeputyLevel.COUNTY, DeputyLevel.TOWNSHIP)
    store.import_roster(
        [RosterEntry(n, levels[i % 3], phone=f"1391234567{i}") for i, n in enumerate(names)], by=clerk.id
    )
    return {p.name: p.id for p in store.deputy_profiles()}


def make_panel(qtbot, session: DeskSession) -> RotaPanel:  # type: ignore[no-untyped-def]
    panel = RotaPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1000, 700)
    panel.show()
    wait_idle(qtbot)
    return panel


def test_pattern_editing_is_saved(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    panel.pattern_tab.add_pattern_row(2, Period.MORNING.value, 3, None)
    panel.pattern_tab.add_pattern_row(4, Period.FULL_DAY.value, 2, None)
    with qtbot.waitSignal(panel.pattern_tab.pattern_saved, timeout=10_000):
        panel.pattern_tab.save_pattern_button.click()
    saved = [(s.weekday, s.period, s.needed) for s in store.duty_pattern()]
    assert saved == [(2, "morning", 3), (4, "full_day", 2)]


def test_pattern_is_shown_when_the_panel_opens(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    store.set_duty_pattern([SlotTemplate(1, Period.AFTERNOON, 2)], by=clerk.id)
    panel = make_panel(qtbot, session)
    assert panel.pattern_tab.pattern_table.rowCount() == 1
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(1, Period.AFTERNOON, 2)]


def test_group_with_members_is_saved_and_shows_levels(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    ids = add_roster(store, clerk)
    panel = make_panel(qtbot, session)
    type_chinese(panel.groups_tab.group_name, "第一组")
    panel.groups_tab.set_member_checked(ids["王建国"], True)
    panel.groups_tab.set_member_checked(ids["李秀英"], True)
    assert "2" in panel.groups_tab.levels_label.text()
    with qtbot.waitSignal(panel.groups_tab.group_saved, timeout=10_000):
        panel.groups_tab.save_group_button.click()
    wait_idle(qtbot)
    (group,) = store.duty_groups()
    assert group.name == "第一组"
    assert set(group.deputy_ids) == {ids["王建国"], ids["李秀英"]}
    assert panel.groups_tab.group_list.count() == 1


def test_group_without_name_is_marked(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    panel.groups_tab.save_group_button.click()
    wait_idle(qtbot)
    assert panel.groups_tab.group_errors.text("name")
    assert store.duty_groups() == []


def test_a_roster_change_keeps_unsaved_pattern_rows(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    store.set_duty_pattern([SlotTemplate(1, Period.AFTERNOON, 2)], by=clerk.id)
    panel = make_panel(qtbot, session)
    panel.pattern_tab.add_pattern_row(3, Period.MORNING.value, 1, None)  # typed, not saved yet
    add_roster(store, clerk)  # meanwhile, on the roster page
    with qtbot.waitSignal(panel.setup_loaded, timeout=10_000):
        session.events.directory_changed.emit("deputy")
    assert panel.pattern_tab.pattern_templates() == [
        SlotTemplate(1, Period.AFTERNOON, 2),
        SlotTemplate(3, Period.MORNING, 1),
    ]


def test_saving_a_group_keeps_unsaved_pattern_rows_and_offers_the_group(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    ids = add_roster(store, clerk)
    panel = make_panel(qtbot, session)
    panel.pattern_tab.add_pattern_row(2, Period.MORNING.value, 2, None)
    type_chinese(panel.groups_tab.group_name, "第一组")
    panel.groups_tab.set_member_checked(ids["王建国"], True)
    with qtbot.waitSignal(panel.setup_loaded, timeout=10_000):
        panel.groups_tab.save_group_button.click()
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(2, Period.MORNING, 2)]
    group_combo = panel.pattern_tab.pattern_table.cellWidget(0, 3)
    assert group_combo.findText("第一组") >= 0


def test_a_roster_change_keeps_the_group_being_edited(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    ids = add_roster(store, clerk, NAMES[:2])
    panel = make_panel(qtbot, session)
    type_chinese(panel.groups_tab.group_name, "第二组")
    panel.groups_tab.set_member_checked(ids["李秀英"], True)
    newcomer = store.save_deputy_profile(by=clerk.id, name="赵敏", level=DeputyLevel.CITY.value)
    with qtbot.waitSignal(panel.setup_loaded, timeout=10_000):
        session.events.directory_changed.emit("deputy")
    assert panel.groups_tab.group_name.text() == "第二组"
    assert panel.groups_tab.checked_members() == [ids["李秀英"]]
    offered = {
        panel.groups_tab.member_list.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(panel.groups_tab.member_list.count())
    }
    assert newcomer.id in offered  # the new deputy can be ticked too


def test_an_unedited_pattern_shows_the_stored_one_after_a_reload(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    store.set_duty_pattern([SlotTemplate(4, Period.FULL_DAY, 3)], by=clerk.id)  # saved elsewhere (a sync)
    with qtbot.waitSignal(panel.setup_loaded, timeout=10_000):
        panel.reload_setup()
    assert panel.pattern_tab.pattern_templates() == [SlotTemplate(4, Period.FULL_DAY, 3)]


def test_rota_for_a_month_shows_unfilled_slots_with_reason(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    add_roster(store, clerk, NAMES[:2])
    store.set_duty_pattern([SlotTemplate(2, Period.MORNING, 3)], by=clerk.id)  # 3 needed, 2 on the roster
    panel = make_panel(qtbot, session)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    with qtbot.waitSignal(panel.rota_tab.rota_made, timeout=10_000) as made:
        panel.rota_tab.make_button.click()
    wait_idle(qtbot)
    wednesdays = [date(2026, 12, d) for d in (2, 9, 16, 23, 30)]
    assert made.args[0].slots == 5
    assert [r.day for r in panel.rota_tab.unfilled_model.rows()] == wednesdays
    reason = panel.rota_tab.unfilled_view.model().index(0, 4).data()
    assert reason == label(Shortfall.TOO_FEW)
    assert panel.rota_tab.rota_model.rowCount() == 10


def test_swapped_workday_is_marked(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    add_roster(store, clerk)
    store.set_duty_pattern([SlotTemplate(d, Period.MORNING, 1) for d in range(5)], by=clerk.id)
    panel = make_panel(qtbot, session)
    panel.rota_tab.set_period("month", 2026, 10)
    wait_idle(qtbot)
    panel.rota_tab.make_button.click()
    wait_idle(qtbot)
    rows = panel.rota_tab.rota_model.rows()
    row = next(i for i, a in enumerate(rows) if a.day == date(2026, 10, 10))  # a Saturday worked (调休)
    assert "swapped workday" in panel.rota_tab.rota_model.index(row, 1).data()


def test_calendar_warning_past_the_known_years(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    panel.rota_tab.set_period("month", 2026, 12)
    assert not panel.rota_tab.calendar_warning.isVisible()
    panel.rota_tab.set_period("quarter", 2027, 1)
    wait_idle(qtbot)
    assert panel.rota_tab.calendar_warning.isVisible()
    assert "2026" in panel.rota_tab.calendar_warning.text()
    assert panel.rota_tab.period() == (date(2027, 1, 1), date(2027, 3, 31))


def _made_rota(qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo) -> RotaPanel:  # type: ignore[no-untyped-def]
    add_roster(store, clerk)
    store.set_duty_pattern([SlotTemplate(2, Period.MORNING, 1)], by=clerk.id)
    store.make_rota(date(2026, 12, 1), date(2026, 12, 31), by=clerk.id)
    panel = make_panel(qtbot, session)
    panel.rota_tab.set_period("month", 2026, 12)
    wait_idle(qtbot)
    return panel


def test_hand_replacement_is_saved_and_shows_the_operator(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    first = panel.rota_tab.rota_model.rows()[0]
    other = next(p for p in store.deputy_profiles() if p.id != first.deputy_id)
    panel.rota_tab.rota_view.selectRow(0)
    panel.rota_tab.replace_button.click()
    dialog = panel.rota_tab.dialog
    assert dialog is not None and dialog.mode == AssignmentDialog.REPLACE
    dialog.deputy_combo.setCurrentIndex(dialog.deputy_combo.findData(other.id))
    with qtbot.waitSignal(panel.rota_tab.changed, timeout=10_000):
        dialog.ok_button.click()
    wait_idle(qtbot)
    changed = next(a for a in store.rota(first.day, first.day) if a.id == first.id)
    assert changed.deputy_id == other.id and changed.source == "manual"
    row = next(i for i, a in enumerate(panel.rota_tab.rota_model.rows()) if a.id == first.id)
    assert panel.rota_tab.rota_model.index(row, 3).data() == other.name
    assert panel.rota_tab.rota_model.index(row, 6).data() == clerk.name
    assert panel.rota_tab.rota_model.index(row, 5).data() == "Manual"


def test_double_booking_is_refused_plainly(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    first = panel.rota_tab.rota_model.rows()[0]
    with qtbot.waitSignal(panel.rota_tab.change_refused, timeout=10_000) as refused:
        panel.rota_tab.add_assignment(first.day, Period.FULL_DAY.value, first.deputy_id)
    assert first.deputy_name in refused.args[0]
    assert "already on duty" in refused.args[0]
    assert len(store.rota(first.day, first.day)) == 1


def test_swap_and_remove(qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    a, b = panel.rota_tab.rota_model.rows()[:2]
    with qtbot.waitSignal(panel.rota_tab.changed, timeout=10_000):
        panel.rota_tab.swap_assignments(a.id, b.id)
    wait_idle(qtbot)
    by_id = {x.id: x for x in store.rota(a.day, b.day)}
    assert (by_id[a.id].deputy_id, by_id[b.id].deputy_id) == (b.deputy_id, a.deputy_id)
    with qtbot.waitSignal(panel.rota_tab.changed, timeout=10_000):
        panel.rota_tab.remove_assignment(a.id)
    wait_idle(qtbot)
    assert a.id not in {x.id for x in store.rota(a.day, a.day)}


def _font_available() -> bool:
    try:
        register_cjk_font()
    except CjkFontMissing:
        return False
    return True


@pytest.mark.skipif(not _font_available() or not shutil.which("pdftotext"), reason="no CJK font or pdftotext")
def test_rota_pdf_is_written_with_the_station_name(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    target = tmp_path / "rota.pdf"
    panel.rota_tab.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(panel.rota_tab.document_written, timeout=20_000):
        panel.rota_tab.pdf_button.click()
    assert target.stat().st_size > 0
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert session.station.name in text


def test_rota_excel_is_written(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    target = tmp_path / "rota.xlsx"
    panel.rota_tab.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(panel.rota_tab.document_written, timeout=20_000):
        panel.rota_tab.xlsx_button.click()
    ws = load_workbook(target).active
    assert ws.max_row == 1 + 5  # the heading and the five Wednesdays
    assert ws.cell(2, 1).value == session.station.name


def test_rota_month_grid_excel_is_written_from_the_panel(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    target = tmp_path / "grid.xlsx"
    panel.rota_tab.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(panel.rota_tab.document_written, timeout=20_000):
        panel.rota_tab.grid_xlsx_button.click()
    ws = load_workbook(target).worksheets[0]
    assert ws.cell(1, 1).value.startswith(session.station.name)
    assert [c.value for c in ws[2]][:3] == ["星期一", "星期二", "星期三"]
    wednesdays = [ws.cell(r, 3).value for r in range(3, ws.max_row + 1) if ws.cell(r, 3).value]
    assert sum("\n" in v for v in wednesdays) == 5  # the five Wednesdays, each with its deputies


def test_missing_chinese_font_is_said_plainly(
    qtbot,
    session: DeskSession,
    store: DeskStore,
    clerk: OperatorInfo,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # type: ignore[no-untyped-def]
    import desk_app.reports.rota_pdf as rota_pdf

    def no_font(*_a: object, **_k: object) -> str:
        raise CjkFontMissing([Path("/nowhere/font.ttc")])

    monkeypatch.setattr(rota_pdf, "register_cjk_font", no_font)
    panel = _made_rota(qtbot, session, store, clerk)
    target = tmp_path / "rota.pdf"
    panel.rota_tab.choose_save_path = lambda *_a: str(target)
    panel.rota_tab.pdf_button.click()
    wait_idle(qtbot)
    assert not target.exists()
    assert "Chinese font" in panel.rota_tab.rota_banner.text.text()


def test_duty_record_is_shown_and_exported(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, tmp_path: Path, clock
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)
    # December's duties are in the past once January comes (future rota days are not counted).
    clock.now = datetime(2027, 1, 4, 9, 0)
    panel.record_tab.record_from.setDate(qdate(date(2026, 12, 1)))
    panel.record_tab.record_to.setDate(qdate(date(2026, 12, 31)))
    with qtbot.waitSignal(panel.record_tab.records_loaded, timeout=10_000):
        panel.record_tab.record_show_button.click()
    records = panel.record_tab.record_model.rows()
    assert sum(r.scheduled for r in records) == 5
    target = tmp_path / "record.xlsx"
    panel.record_tab.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(panel.record_tab.document_written, timeout=10_000):
        panel.record_tab.record_export_button.click()
    ws = load_workbook(target).active
    assert ws.cell(3, 1).value in {p.name for p in store.deputy_profiles()}


def test_duty_record_does_not_count_future_rota_days(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    panel = _made_rota(qtbot, session, store, clerk)  # December 2026; today is 2026-11-20
    with qtbot.waitSignal(panel.record_tab.records_loaded, timeout=10_000):
        panel.record_tab.record_show_button.click()
    rows = panel.record_tab.record_model.rows()
    assert sum(r.scheduled - r.kept for r in rows) == 0
    assert sum(r.upcoming for r in rows) == 5
    assert panel.record_tab.record_model.headerData(5, Qt.Orientation.Horizontal) == "Still to come"
