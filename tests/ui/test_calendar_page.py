"""The holiday calendar page: a year's days typed or imported from the notice's table, saved, and
the slip deadlines that moved listed; next year's missing notice warned about in December."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest

from desk_app.domain.permissions import Action, NotPermitted
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, calendar_years
from desk_app.reports.calendar_table import read_calendar, write_template
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.calendar_page import CalendarPage
from desk_app.ui.directories import DirectoriesPanel
from desk_app.ui.kit.dates import qdate
from desk_app.ui.session import DeskSession

from .case_fixtures import wait_idle

LAST = calendar_years()[1]
NEXT = LAST + 1
NEW_YEAR = [OfficeDay(date(NEXT, 1, d), DayKind.HOLIDAY, HolidayName.NEW_YEAR) for d in (1, 2, 3, 4, 5)]


def make_page(qtbot, session: DeskSession, year: int | None = None) -> CalendarPage:  # type: ignore[no-untyped-def]
    page = CalendarPage(session)
    qtbot.addWidget(page)
    page.show()
    if year is not None:
        page.year_spin.setValue(year)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    wait_idle(qtbot)
    return page


@pytest.fixture
def late_slip(store: DeskStore, clerk: OperatorInfo, clock) -> str:  # type: ignore[no-untyped-def]
    """A slip handed over on the last days of the known years: its deadline is an estimate."""
    clock.now = datetime(LAST, 12, 30, 10, 0)
    unit = store.save_handling_unit(by=clerk.id, name="区住建局")
    rid = store.register_reception(
        ReceptionDraft(datetime(LAST, 12, 30, 9, 0), "walk_in", "电梯故障", "needs_referral"), by=clerk.id
    )
    store.refer(rid, ReferralDraft(unit.id, "王强", date(LAST, 12, 30), 2, "王代表"), by=clerk.id)
    return rid


def notice_file(tmp_path: Path, days: list[OfficeDay], name: str = "notice.xlsx") -> Path:
    path = tmp_path / name
    write_template(path, NEXT, days)
    return path


def import_from(qtbot, page: CalendarPage, path: Path) -> None:  # type: ignore[no-untyped-def]
    page.choose_open_path = lambda *_a: str(path)
    with qtbot.waitSignal(page.imported, timeout=10_000):
        page.import_button.click()


def save(qtbot, page: CalendarPage) -> object:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(page.saved, timeout=10_000) as saved:
        page.save_button.click()
    wait_idle(qtbot)
    return saved.args[0]


def test_importing_and_saving_the_notice_lists_the_deadlines_that_moved(  # type: ignore[no-untyped-def]
    qtbot, chinese, session: DeskSession, store: DeskStore, late_slip: str, tmp_path: Path
) -> None:
    before = store.case_detail(late_slip).current_referral
    assert before is not None and before.due_estimated
    page = make_page(qtbot, session, NEXT)
    assert page.table.rowCount() == 0
    import_from(qtbot, page, notice_file(tmp_path, NEW_YEAR))
    assert page.table.rowCount() == 5 and page.dirty
    assert [page.table.item(0, c).text() for c in range(3)] == [f"{NEXT}-01-01", "放假", "元旦"]
    assert not store.office_days(NEXT)  # nothing is saved before Save
    applied = save(qtbot, page)
    after = store.case_detail(late_slip).current_referral
    assert after is not None and not after.due_estimated
    assert store.office_days(NEXT) == NEW_YEAR
    assert [m.serial for m in applied.moved] == [before.serial]  # type: ignore[attr-defined]
    moved = page.moved_label.text()
    assert page.moved_label.isVisible() and "1 张交办单的期限改变" in moved
    assert f"{before.serial}：{before.reply_due.isoformat()} → {after.reply_due.isoformat()}" in moved
    assert "已保存" in page.banner.text.text()


def test_a_file_with_bad_rows_is_shown_row_by_row_and_nothing_is_taken(  # type: ignore[no-untyped-def]
    qtbot, chinese, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:
    path = tmp_path / "notice.csv"
    path.write_text(f"日期,类型,节日\n{NEXT}-01-01,放假,元旦\n{NEXT}-02-30,歇着,元旦\n", encoding="utf-8")
    page = make_page(qtbot, session, NEXT)
    import_from(qtbot, page, path)
    assert page.problems is not None and page.problems.rowCount() == 2
    assert page.problems.item(0, 0).text() == "第3行"
    assert page.problems.item(0, 2).text() == "日期看不懂：请写成 2027-01-01"
    assert page.problems.item(1, 2).text() == "类型只能是“放假”或“上班”"
    assert page.table.rowCount() == 0 and not page.dirty
    assert "2 行" not in page.banner.text.text() and "1 行" in page.banner.text.text()


def test_a_file_that_is_not_a_table_is_said_plainly(
    qtbot, chinese, session: DeskSession, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "notice.xlsx"
    path.write_bytes(b"not a workbook")
    page = make_page(qtbot, session, NEXT)
    import_from(qtbot, page, path)
    assert page.banner.text.text().startswith("无法读取文件")


def test_days_are_added_edited_and_removed_then_saved(qtbot, session: DeskSession, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, session, NEXT)
    dialog = page.add_day()
    dialog.date_edit.setDate(qdate(date(NEXT, 10, 1)))
    dialog.name_combo.setCurrentIndex(dialog.name_combo.findData(HolidayName.NATIONAL_DAY.value))
    dialog.ok_button.click()
    dialog = page.add_day()
    dialog.date_edit.setDate(qdate(date(NEXT, 9, 26)))
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(DayKind.WORKDAY.value))
    dialog.ok_button.click()
    dialog = page.add_day()
    dialog.date_edit.setDate(qdate(date(NEXT, 10, 9)))
    dialog.ok_button.click()
    assert page.table.rowCount() == 3 and not page.year_spin.isEnabled() and page.discard_button.isVisible()
    page.table.selectRow(0)  # 09-26: a working day of the National Day
    edit = page.edit_day()
    assert edit is not None
    edit.name_combo.setCurrentIndex(edit.name_combo.findData(HolidayName.NATIONAL_DAY.value))
    edit.ok_button.click()
    page.table.selectRow(2)  # 10-09, by mistake
    page.remove_day()
    save(qtbot, page)
    assert store.office_days(NEXT) == [
        OfficeDay(date(NEXT, 9, 26), DayKind.WORKDAY, HolidayName.NATIONAL_DAY),
        OfficeDay(date(NEXT, 10, 1), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY),
    ]
    assert page.year_spin.isEnabled() and not page.discard_button.isVisible()


def test_discarding_goes_back_to_what_is_saved(
    qtbot,
    session: DeskSession,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    store.set_calendar_year(NEXT, NEW_YEAR, by=clerk.id)
    page = make_page(qtbot, session, NEXT)
    page.table.selectRow(0)
    page.remove_day()
    assert page.table.rowCount() == 4
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.discard_button.click()
    assert page.table.rowCount() == 5 and not page.dirty


def test_the_table_is_written_for_the_clerk_to_fill(
    qtbot,
    session: DeskSession,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
    tmp_path: Path,
) -> None:
    store.set_calendar_year(NEXT, NEW_YEAR, by=clerk.id)
    page = make_page(qtbot, session, NEXT)
    target = tmp_path / "table.xlsx"
    page.choose_save_path = lambda *_a: str(target)
    page.template_button.click()
    wait_idle(qtbot)
    assert read_calendar(target, NEXT).office_days == NEW_YEAR


def test_the_last_known_year_is_shown_and_december_warns_about_the_next(  # type: ignore[no-untyped-def]
    qtbot, chinese, session: DeskSession, clock
) -> None:
    page = make_page(qtbot, session)
    assert f"{LAST}" in page.known_label.text()
    assert not page.warning_label.isVisible()  # November
    clock.now = datetime(LAST, 12, 2, 9, 0)
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.reload()
    assert page.warning_label.isVisible() and f"明年（{NEXT} 年）" in page.warning_label.text()


def test_no_warning_once_next_year_is_entered(
    qtbot,
    session: DeskSession,
    store: DeskStore,
    clerk: OperatorInfo,  # type: ignore[no-untyped-def]
    clock,
) -> None:
    store.set_calendar_year(NEXT, NEW_YEAR, by=clerk.id)
    clock.now = datetime(LAST, 12, 2, 9, 0)
    page = make_page(qtbot, session)
    assert not page.warning_label.isVisible()
    assert f"{NEXT}" in page.known_label.text()


def test_the_page_is_the_offices(
    qtbot, session: DeskSession, session_for: Callable[[str], DeskSession]
) -> None:  # type: ignore[no-untyped-def]
    for s, shown in ((session, True), (session_for("clerk"), True), (session_for("deputy"), False)):
        panel = DirectoriesPanel(s)
        qtbot.addWidget(panel)
        assert ("calendar" in panel.pages) is shown
    wait_idle(qtbot)


def test_a_save_the_store_refuses_is_said_and_the_days_are_kept(
    qtbot,
    chinese,
    store: DeskStore,  # type: ignore[no-untyped-def]
    session_for: Callable[[str], DeskSession],
) -> None:
    page = make_page(qtbot, session_for("deputy"), NEXT)
    dialog = page.add_day()
    dialog.ok_button.click()
    page.save_button.click()
    wait_idle(qtbot)
    assert page.banner.text.text() == NotPermitted(Action.CALENDAR, "deputy").message_zh()
    assert page.table.rowCount() == 1 and page.dirty
    assert store.office_days(NEXT) == []
