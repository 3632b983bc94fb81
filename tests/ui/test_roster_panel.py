"""The roster screen: the table, the add/edit form, unavailable dates, template and import."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import Workbook, load_workbook

from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.roster_panel import DeputyDialog, ImportProblemsDialog, RosterPanel, UnavailableDialog
from desk_app.ui.session import DeskSession

from .case_fixtures import wait_idle
from .conftest import type_chinese

HEADINGS = ["姓名*", "代表层级*", "选区", "工作单位", "专业特长", "联系电话", "是否在任"]


def roster_file(tmp_path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws.append(HEADINGS)
    for row in rows:
        ws.append(row)
    path = tmp_path / "roster.xlsx"
    wb.save(path)
    return path


GOOD = ["王建国", "市人大代表", "第三选区", "市中心医院", "医疗卫生", "13912345678", "是"]
BAD_LEVEL = ["李秀英", "村代表", "", "", "", "13912345679", "是"]
BAD_PHONE = ["张伟", "区人大代表", "", "", "", "12345", "也许"]


def make_panel(qtbot, session: DeskSession) -> RosterPanel:  # type: ignore[no-untyped-def]
    panel = RosterPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1000, 600)
    panel.show()
    wait_idle(qtbot)
    return panel


def start_import(qtbot, panel: RosterPanel, path: Path) -> None:  # type: ignore[no-untyped-def]
    panel.choose_open_path = lambda *_a: str(path)
    panel.import_button.click()
    wait_idle(qtbot)


def test_import_with_errors_lists_every_bad_row_and_imports_nothing(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    start_import(qtbot, panel, roster_file(tmp_path, [GOOD, BAD_LEVEL, BAD_PHONE]))
    dialog = panel.dialog
    assert isinstance(dialog, ImportProblemsDialog)
    cells = [tuple(dialog.table.item(r, c).text() for c in range(3)) for r in range(dialog.table.rowCount())]
    assert [(row, column) for row, column, _ in cells] == [
        ("Row 3", "代表层级"),
        ("Row 4", "联系电话"),
        ("Row 4", "是否在任"),
    ]
    assert dialog.import_good_button.isVisibleTo(dialog)
    dialog.import_none_button.click()
    wait_idle(qtbot)
    assert store.deputy_profiles(include_inactive=True) == []
    assert "Nothing was imported" in panel.banner.text.text()


def test_only_good_rows_imports_them(qtbot, session: DeskSession, store: DeskStore, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    start_import(qtbot, panel, roster_file(tmp_path, [GOOD, BAD_LEVEL]))
    dialog = panel.dialog
    assert isinstance(dialog, ImportProblemsDialog)
    with qtbot.waitSignal(panel.imported, timeout=10_000) as imported:
        dialog.import_good_button.click()
    wait_idle(qtbot)
    assert imported.args[0].added == 1
    (deputy,) = store.deputy_profiles()
    assert (deputy.name, deputy.level, deputy.work_unit) == ("王建国", "city", "市中心医院")
    assert panel.model.rowCount() == 1


def test_a_clean_file_imports_without_asking(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    with qtbot.waitSignal(panel.imported, timeout=10_000):
        start_import(qtbot, panel, roster_file(tmp_path, [GOOD]))
    wait_idle(qtbot)
    assert panel.dialog is None
    assert [p.name for p in store.deputy_profiles()] == ["王建国"]


def test_no_good_rows_offers_no_partial_import(qtbot, session: DeskSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    start_import(qtbot, panel, roster_file(tmp_path, [BAD_LEVEL]))
    dialog = panel.dialog
    assert isinstance(dialog, ImportProblemsDialog)
    assert not dialog.import_good_button.isVisibleTo(dialog)


def test_cancelled_file_choice_does_nothing(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    panel.choose_open_path = lambda *_a: ""
    panel.import_button.click()
    wait_idle(qtbot)
    assert panel.dialog is None


def test_template_is_written(qtbot, session: DeskSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    target = tmp_path / "template.xlsx"
    panel.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(panel.template_written, timeout=10_000):
        panel.template_button.click()
    assert load_workbook(target).active.cell(1, 1).value == "姓名*"


def test_add_deputy_with_every_field(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    panel.add_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, DeputyDialog)
    type_chinese(dialog.name_edit, "赵敏")
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("township"))
    type_chinese(dialog.constituency_edit, "五星街道选区")
    type_chinese(dialog.work_unit_edit, "五星社区")
    type_chinese(dialog.expertise_edit, "法律")
    qtbot.keyClicks(dialog.phone_edit, "13800001111")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)
    (p,) = store.deputy_profiles()
    assert (p.name, p.level, p.constituency, p.work_unit, p.expertise, p.phone) == (
        "赵敏",
        "township",
        "五星街道选区",
        "五星社区",
        "法律",
        "13800001111",
    )
    assert panel.model.rowCount() == 1


def test_bad_fields_are_marked_inline(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    panel.add_button.click()
    dialog = panel.dialog
    assert isinstance(dialog, DeputyDialog)
    qtbot.keyClicks(dialog.phone_edit, "12345")
    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.errors.text("name") and dialog.errors.text("level") and dialog.errors.text("phone")
    assert dialog.phone_edit.text() == "12345"
    assert dialog.isVisible()
    assert store.deputy_profiles(include_inactive=True) == []


def test_active_toggle(qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    store.save_deputy_profile(by=clerk.id, name="王建国", level="city")
    panel = make_panel(qtbot, session)
    panel.view.selectRow(0)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.active_button.click()
    wait_idle(qtbot)
    assert store.deputy_profiles() == []
    assert panel.model.rowCount() == 0


def test_unavailable_dates_are_added_and_removed(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    deputy = store.save_deputy_profile(by=clerk.id, name="王建国", level="city")
    panel = make_panel(qtbot, session)
    panel.view.selectRow(0)
    panel.unavailable_button.click()
    wait_idle(qtbot)
    dialog = panel.dialog
    assert isinstance(dialog, UnavailableDialog)
    dialog.date_edit.setDate(dialog.date_edit.date().addDays(3))
    dialog.add_button.click()
    wait_idle(qtbot)
    assert dialog.dates() == [date(2026, 11, 23)]
    assert [u.day for u in store.unavailable(date(2026, 1, 1), date(2026, 12, 31))] == [date(2026, 11, 23)]
    dialog.date_list.setCurrentRow(0)
    dialog.remove_button.click()
    wait_idle(qtbot)
    assert dialog.dates() == []
    assert store.unavailable(date(2026, 1, 1), date(2026, 12, 31)) == []
    del deputy
