"""The holiday notice as a table: the template round-trips, Excel and CSV read the same, every bad
cell is reported by row and heading, and a file that cannot be read says so."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay
from desk_app.reports.calendar_table import (
    CalendarProblem,
    FileProblem,
    read_calendar,
    write_template,
)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_the_template_reads_back(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"notice{suffix}"
    write_template(path, 2027)
    read = read_calendar(path, 2027)
    assert read.ok
    assert read.days[0] == (2, OfficeDay(date(2027, 1, 1), DayKind.HOLIDAY, HolidayName.NEW_YEAR))
    assert {d.name for d in read.office_days} == {HolidayName.NEW_YEAR, HolidayName.NATIONAL_DAY}


def test_a_template_of_given_days_keeps_them(tmp_path: Path) -> None:
    days = [
        OfficeDay(date(2027, 2, 6), DayKind.HOLIDAY, HolidayName.SPRING_FESTIVAL),
        OfficeDay(date(2027, 2, 20), DayKind.WORKDAY, HolidayName.SPRING_FESTIVAL),
    ]
    path = tmp_path / "notice.xlsx"
    write_template(path, 2027, days)
    assert read_calendar(path, 2027).office_days == days


def test_the_ways_clerks_write_dates_kinds_and_names_are_understood(tmp_path: Path) -> None:
    path = tmp_path / "notice.xlsx"
    wb = Workbook()
    wb.active.append(["日期", "放假/上班", "节日名称"])
    wb.active.append([datetime(2027, 1, 1), "休", "元旦节"])
    wb.active.append(["2027年2月6日", "放假", "春节"])
    wb.active.append(["2027/2/20", "班", "春节"])
    wb.active.append(["20270501", "放假", "五一"])
    wb.active.append(["2027-06-09", "放假", ""])
    wb.save(path)
    read = read_calendar(path, 2027)
    assert read.ok
    assert [(d.day, d.kind, d.name) for d in read.office_days] == [
        (date(2027, 1, 1), DayKind.HOLIDAY, HolidayName.NEW_YEAR),
        (date(2027, 2, 6), DayKind.HOLIDAY, HolidayName.SPRING_FESTIVAL),
        (date(2027, 2, 20), DayKind.WORKDAY, HolidayName.SPRING_FESTIVAL),
        (date(2027, 5, 1), DayKind.HOLIDAY, HolidayName.LABOUR_DAY),
        (date(2027, 6, 9), DayKind.HOLIDAY, HolidayName.OTHER),
    ]


def test_every_bad_cell_is_reported_with_its_row_and_heading(tmp_path: Path) -> None:
    path = tmp_path / "notice.csv"
    path.write_text(
        "日期,类型,节日\n2027-13-01,放假,元旦\n2026-12-31,放假,元旦\n2027-01-01,歇着,圣诞\n"
        "2027-01-02,放假,元旦\n2027-01-02,放假,元旦\n",
        encoding="utf-8",
    )
    read = read_calendar(path, 2027)
    assert not read.ok
    assert [(e.row, e.column, e.problem) for e in read.errors] == [
        (2, "日期", CalendarProblem.BAD_DATE),
        (3, "日期", CalendarProblem.WRONG_YEAR),
        (4, "类型", CalendarProblem.BAD_KIND),
        (4, "节日", CalendarProblem.BAD_NAME),
        (6, "日期", CalendarProblem.DUPLICATE),
    ]
    assert read.errors[0].message == "日期看不懂：请写成 2027-01-01"
    assert [row for row, _day in read.days] == [5]


def test_a_csv_saved_by_a_chinese_excel_is_read(tmp_path: Path) -> None:
    path = tmp_path / "notice.csv"
    path.write_bytes("日期,类型,节日\r\n2027-10-01,放假,国庆节\r\n".encode("gb18030"))
    assert read_calendar(path, 2027).office_days == [
        OfficeDay(date(2027, 10, 1), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY)
    ]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"not a workbook", FileProblem.UNREADABLE),
        (None, FileProblem.MISSING_COLUMNS),
    ],
)
def test_a_file_that_cannot_be_read_says_why(
    tmp_path: Path, content: bytes | None, problem: FileProblem
) -> None:
    path = tmp_path / "notice.xlsx"
    if content is not None:
        path.write_bytes(content)
    else:
        wb = Workbook()
        wb.active.append(["姓名", "电话"])
        wb.save(path)
    assert read_calendar(path, 2027).file_problem is problem


def test_the_template_offers_drop_downs(tmp_path: Path) -> None:
    path = tmp_path / "notice.xlsx"
    write_template(path, 2027)
    ws = load_workbook(path).active
    formulas = {v.formula1 for v in ws.data_validations.dataValidation}
    assert '"放假,上班"' in formulas
    assert [c.value for c in ws[1]] == ["日期*", "类型*", "节日"]
