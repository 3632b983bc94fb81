"""The State Council's holiday notice as a small table (日期, 类型, 节日): the template the desk
writes, and reading it back from an Excel workbook or a CSV file.

One row a day: a day off (放假) or a weekend made a working day (上班, 调休), with the holiday it
belongs to (元旦, 春节 … or 其他). Reading never stops at the first bad cell: every problem is
collected with its row number and column heading, so the clerk fixes the file in one go.
Saving the days is the store's job (DeskStore.set_calendar_year); this module only reads and
checks, so the window and the command line share it. No Qt here.
"""

from __future__ import annotations

import csv
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from desk_app.domain.workcalendar import HOLIDAY_ZH, DayKind, HolidayName, OfficeDay

SHEET_TITLE = "节假日安排"
COLUMNS = ("day", "kind", "name")
COLUMN_ZH = {"day": "日期", "kind": "类型", "name": "节日"}
REQUIRED = ("day", "kind")

KIND_ZH = {DayKind.HOLIDAY: "放假", DayKind.WORKDAY: "上班"}

_HEADINGS = {
    "日期": "day",
    "日子": "day",
    "date": "day",
    "类型": "kind",
    "放假/上班": "kind",
    "放假或上班": "kind",
    "安排": "kind",
    "kind": "kind",
    "节日": "name",
    "节日名称": "name",
    "假日": "name",
    "名称": "name",
    "name": "name",
}
_KINDS = {
    "放假": DayKind.HOLIDAY,
    "休": DayKind.HOLIDAY,
    "休息": DayKind.HOLIDAY,
    "假": DayKind.HOLIDAY,
    "holiday": DayKind.HOLIDAY,
    "上班": DayKind.WORKDAY,
    "班": DayKind.WORKDAY,
    "调休上班": DayKind.WORKDAY,
    "补班": DayKind.WORKDAY,
    "workday": DayKind.WORKDAY,
}
_NAMES: dict[str, HolidayName] = {
    **{zh: name for name, zh in HOLIDAY_ZH.items()},
    **{name.value: name for name in HolidayName},
    "元旦节": HolidayName.NEW_YEAR,
    "春节假期": HolidayName.SPRING_FESTIVAL,
    "清明": HolidayName.TOMB_SWEEPING,
    "劳动节": HolidayName.LABOUR_DAY,
    "五一": HolidayName.LABOUR_DAY,
    "五一劳动节": HolidayName.LABOUR_DAY,
    "端午": HolidayName.DRAGON_BOAT,
    "中秋": HolidayName.MID_AUTUMN,
    "国庆": HolidayName.NATIONAL_DAY,
}
_DATE_TEXT = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")


class CalendarProblem(StrEnum):
    BAD_DATE = "bad_date"
    WRONG_YEAR = "wrong_year"
    BAD_KIND = "bad_kind"
    BAD_NAME = "bad_name"
    DUPLICATE = "duplicate"


CALENDAR_PROBLEM_ZH = {
    CalendarProblem.BAD_DATE: "日期看不懂：请写成 2027-01-01",
    CalendarProblem.WRONG_YEAR: "日期不在所导入的年份",
    CalendarProblem.BAD_KIND: "类型只能是“放假”或“上班”",
    CalendarProblem.BAD_NAME: "节日只能是元旦、春节、清明节、劳动节、端午节、中秋节、国庆节或其他",
    CalendarProblem.DUPLICATE: "这一天前面已经有了",
}


class FileProblem(StrEnum):
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    MISSING_COLUMNS = "missing_columns"


FILE_PROBLEM_ZH = {
    FileProblem.UNREADABLE: "无法读取文件：请用 .xlsx 格式的 Excel 文件或 UTF-8 编码的 .csv 文件",
    FileProblem.EMPTY: "文件是空的：第 1 行应为表头（日期、类型、节日）",
    FileProblem.MISSING_COLUMNS: "表头缺少必填列：日期、类型",
}


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # the row number as the clerk sees it (the heading is row 1)
    column: str  # the column heading, as in the file
    problem: CalendarProblem

    @property
    def message(self) -> str:
        return CALENDAR_PROBLEM_ZH[self.problem]


@dataclass(slots=True)
class CalendarRead:
    days: list[tuple[int, OfficeDay]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_problem: FileProblem | None = None  # the file as a whole could not be read

    @property
    def ok(self) -> bool:
        return not self.errors and self.file_problem is None

    @property
    def office_days(self) -> list[OfficeDay]:
        return [d for _row, d in self.days]


def parse_day(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if re.fullmatch(r"\d{8}", text):
        text = f"{text[:4]}-{text[4:6]}-{text[6:]}"
    found = _DATE_TEXT.match(text)
    if found is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def parse_kind(value: object) -> DayKind | None:
    return _KINDS.get(str(value or "").strip().lower())


def parse_name(value: object) -> HolidayName | None:
    text = str(value or "").strip()
    return HolidayName.OTHER if not text else _NAMES.get(text) or _NAMES.get(text.lower())


def read_rows(rows: list[list[object]], year: int | None = None) -> CalendarRead:
    """The table's rows (the first is the heading), checked; `year`: every day must be in it."""
    result = CalendarRead()
    if not rows or all(v is None or str(v).strip() == "" for v in rows[0]):
        result.file_problem = FileProblem.EMPTY
        return result
    columns: dict[int, str] = {}
    headings: dict[str, str] = {}
    for i, heading in enumerate(rows[0]):
        text = str(heading or "").strip().rstrip("*").strip()
        key = _HEADINGS.get(text) or _HEADINGS.get(text.lower())
        if key is not None and key not in headings:
            columns[i] = key
            headings[key] = text
    if any(key not in headings for key in REQUIRED):
        result.file_problem = FileProblem.MISSING_COLUMNS
        return result
    seen: dict[date, int] = {}
    for row_no, row in enumerate(rows[1:], start=2):
        if all(v is None or str(v).strip() == "" for v in row):
            continue
        values = {key: row[i] if i < len(row) else None for i, key in columns.items()}
        problems: list[tuple[str, CalendarProblem]] = []
        day = parse_day(values.get("day"))
        if day is None:
            problems.append(("day", CalendarProblem.BAD_DATE))
        elif year is not None and day.year != year:
            problems.append(("day", CalendarProblem.WRONG_YEAR))
        elif day in seen:
            problems.append(("day", CalendarProblem.DUPLICATE))
        kind = parse_kind(values.get("kind"))
        if kind is None:
            problems.append(("kind", CalendarProblem.BAD_KIND))
        name = parse_name(values.get("name"))
        if name is None:
            problems.append(("name", CalendarProblem.BAD_NAME))
        for column, problem in problems:
            result.errors.append(RowError(row_no, headings.get(column, COLUMN_ZH[column]), problem))
        if problems or day is None or kind is None or name is None:
            continue
        seen[day] = row_no
        result.days.append((row_no, OfficeDay(day, kind, name)))
    return result


def read_calendar(path: Path, year: int | None = None) -> CalendarRead:
    """Read a notice table from an .xlsx workbook or a .csv file (UTF-8, with or without BOM;
    GB18030 as Excel saves it on a Chinese Windows)."""
    try:
        rows = _csv_rows(path) if path.suffix.lower() == ".csv" else _xlsx_rows(path)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, UnicodeDecodeError, csv.Error):
        return CalendarRead(file_problem=FileProblem.UNREADABLE)
    return read_rows(rows, year)


def _csv_rows(path: Path) -> list[list[object]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    return [list(r) for r in csv.reader(text.splitlines())]


def _xlsx_rows(path: Path) -> list[list[object]]:
    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        return [list(r) for r in ws.iter_rows(values_only=True)]
    finally:
        wb.close()


def sample_rows(year: int) -> list[tuple[date, DayKind, HolidayName]]:
    """Example lines: New Year's Day and the National Day's first days (fill in the notice)."""
    return [
        (date(year, 1, 1), DayKind.HOLIDAY, HolidayName.NEW_YEAR),
        (date(year, 10, 1), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY),
        (date(year, 10, 2), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY),
        (date(year, 10, 3), DayKind.HOLIDAY, HolidayName.NATIONAL_DAY),
    ]


def table_rows(days: list[OfficeDay]) -> list[list[str]]:
    """Days as the table's lines: 2027-01-01, 放假, 元旦."""
    return [
        [d.day.isoformat(), KIND_ZH[d.kind], HOLIDAY_ZH[d.name]] for d in sorted(days, key=lambda d: d.day)
    ]


def write_template(path: Path, year: int, days: list[OfficeDay] | None = None) -> None:
    """The table to fill from the notice: headings, the given days (or example lines) and, in
    Excel, drop-downs for the kind and the holiday. A .csv path writes CSV (UTF-8 with BOM, which
    Excel opens in Chinese)."""
    headings = [COLUMN_ZH[c] + ("*" if c in REQUIRED else "") for c in COLUMNS]
    lines = (
        table_rows(days)
        if days
        else [[d.isoformat(), KIND_ZH[k], HOLIDAY_ZH[n]] for d, k, n in sample_rows(year)]
    )
    if path.suffix.lower() == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(headings)
            writer.writerows(lines)
        return
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(headings)
    for line in lines:
        ws.append(line)
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for letter, width in zip("ABC", (14, 10, 12), strict=True):
        ws.column_dimensions[letter].width = width
    ws.column_dimensions["A"].number_format = "@"
    ws.freeze_panes = "A2"
    kinds = DataValidation(type="list", formula1='"放假,上班"', allow_blank=False)
    kinds.error = "请选择“放假”或“上班”"
    ws.add_data_validation(kinds)
    kinds.add("B2:B400")
    names = DataValidation(type="list", formula1='"' + ",".join(HOLIDAY_ZH.values()) + '"', allow_blank=True)
    ws.add_data_validation(names)
    names.add("C2:C400")
    wb.save(path)
