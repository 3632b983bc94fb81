"""The rota as a month grid (排班月历): the grid itself (pure), its PDF read back with pdftotext and
its workbook read back with openpyxl."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from openpyxl import load_workbook
from report_helpers import needs_font

from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, WorkCalendar
from desk_app.reports.rota_grid import (
    grids_by_station,
    month_grid,
    write_rota_grid_pdf,
    write_rota_grid_xlsx,
)
from desk_app.storage.rota_records import RotaSheetRow

STATION = "浉河区五星街道人大代表监督岗"
# October 2026 as the office entered it: 1-7 off for National Day, Saturday the 10th worked.
CALENDAR = WorkCalendar(
    [OfficeDay(date(2026, 10, d), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY) for d in range(1, 8)]
    + [OfficeDay(date(2026, 10, 10), DayKind.WORKDAY, HolidayName.NATIONAL_DAY)]
)
ROWS = [
    RotaSheetRow("s", STATION, date(2026, 10, 14), "morning", ("王建国", "李秀英"), 0),
    RotaSheetRow("s", STATION, date(2026, 10, 14), "afternoon", ("赵一",), 1),
    RotaSheetRow("s", STATION, date(2026, 10, 10), "morning", ("张伟",), 0),
]


def test_the_grid_has_weeks_from_monday_and_blank_days_of_other_months() -> None:
    grid = month_grid(STATION, 2026, 10, ROWS, CALENDAR)
    first = grid.weeks[0]  # 1 October 2026 is a Thursday
    assert first[:3] == (None, None, None) and first[3] is not None and first[3].day == date(2026, 10, 1)
    assert len(grid.days()) == 31


def test_holidays_and_swapped_working_days_are_marked() -> None:
    days = {d.day.day: d for d in month_grid(STATION, 2026, 10, ROWS, CALENDAR).days()}
    assert days[1].mark == "国庆节 · 休" and days[1].off
    assert days[10].mark == "调休上班" and days[10].swapped and days[10].lines() == ["张伟"]
    assert days[11].mark == "" and days[11].weekend


def test_a_day_with_two_periods_names_them_and_says_who_is_missing() -> None:
    days = {d.day.day: d for d in month_grid(STATION, 2026, 10, ROWS, CALENDAR).days()}
    assert days[14].lines() == ["上午：王建国、李秀英", "下午：赵一　（缺1人）"]


@needs_font
def test_pdf_is_a_wall_chart_with_names_and_marks(tmp_path: Path) -> None:
    path = tmp_path / "grid.pdf"
    write_rota_grid_pdf(
        path, grids_by_station(2026, 10, ROWS, CALENDAR, STATION), printed_on=date(2026, 9, 20)
    )
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = "".join(text.split())
    for expected in (f"{STATION}2026年10月代表值班表", "星期一", "国庆节·休", "调休上班", "王建国", "张伟"):
        assert expected in flat, expected


def test_workbook_is_the_same_grid_a_week_a_row(tmp_path: Path) -> None:
    path = tmp_path / "grid.xlsx"
    write_rota_grid_xlsx(
        path, grids_by_station(2026, 10, ROWS, CALENDAR, STATION), printed_on=date(2026, 9, 20)
    )
    ws = load_workbook(path).worksheets[0]
    assert ws["A1"].value == f"{STATION}　2026年10月代表值班表"
    assert [c.value for c in ws[2]] == [f"星期{w}" for w in "一二三四五六日"]
    # Week 1: Thu 1 .. Sun 4; week 2: Mon 5 .. Sun 11 (Saturday the 10th in column F).
    assert ws["D3"].value == "1日  国庆节 · 休" and ws["A3"].value is None
    assert ws["F4"].value == "10日  调休上班\n张伟"
    assert ws["C5"].value == "14日\n上午：王建国、李秀英\n下午：赵一　（缺1人）"
    assert ws.row_dimensions[5].height >= 3 * 22
    assert ws.page_setup.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage


STUDIO = "银都区七里河社区人大代表工作室"
# A Monday studio that moves a holiday's opening: 10-05 (国庆节) opens on Thursday 10-08.
STUDIO_ROWS = [
    RotaSheetRow("t", STUDIO, date(2026, 10, 5), "morning", (), 0, ""),
    RotaSheetRow(
        "t", STUDIO, date(2026, 10, 8), "morning", ("王建国", "李秀英"), 0, "由10月5日（国庆节）顺延"
    ),
]


def test_a_studios_moved_opening_says_where_it_came_from_in_the_grid() -> None:
    grid = month_grid(STUDIO, 2026, 10, STUDIO_ROWS, CALENDAR)
    day = next(d for d in grid.days() if d.day == date(2026, 10, 8))
    assert day.lines() == ["王建国、李秀英　（由10月5日（国庆节）顺延）"]


def test_a_studios_moved_opening_is_in_the_grid_workbook(tmp_path: Path) -> None:
    grids = grids_by_station(2026, 10, STUDIO_ROWS, CALENDAR, STUDIO)
    write_rota_grid_xlsx(tmp_path / "g.xlsx", grids, printed_on=date(2026, 9, 20))
    ws = load_workbook(tmp_path / "g.xlsx").worksheets[0]
    assert ws["D4"].value == "8日\n王建国、李秀英　（由10月5日（国庆节）顺延）"


@needs_font
def test_a_studios_moved_opening_is_in_the_grid_pdf(tmp_path: Path) -> None:
    grids = grids_by_station(2026, 10, STUDIO_ROWS, CALENDAR, STUDIO)
    write_rota_grid_pdf(tmp_path / "g.pdf", grids, printed_on=date(2026, 9, 20))
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(tmp_path / "g.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "由10月5日（国庆节）顺延" in "".join(text.split())


def test_a_theme_reception_day_is_marked_in_its_stations_grid() -> None:
    events = {(STATION, date(2026, 10, 14)): ["老旧小区加装电梯"], ("别的站", date(2026, 10, 14)): ["其他"]}
    [grid] = grids_by_station(2026, 10, ROWS, CALENDAR, STATION, events)
    day = next(d for d in grid.days() if d.day == date(2026, 10, 14))
    assert day.lines()[-1] == "主题接待日：老旧小区加装电梯"
    assert "主题接待日：其他" not in day.lines()
