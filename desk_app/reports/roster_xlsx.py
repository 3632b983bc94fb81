"""The deputy roster as an Excel workbook: the template the desk writes, and reading it back.

Reading never stops at the first bad cell: every problem is collected with its Excel row
number and column heading, so the clerk can fix the file in one go. Applying the rows is the
storage layer's job; this module only reads and checks.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation

from desk_app.domain.roster import (
    COLUMN_ZH,
    COLUMNS,
    REQUIRED_COLUMNS,
    ROSTER_PROBLEM_ZH,
    RosterEntry,
    RosterProblem,
    parse_roster_row,
)
from desk_app.domain.vocab import DEPUTY_LEVEL_ZH

SHEET_TITLE = "代表名册"

# Headings clerks use in their own sheets, mapped to our columns.
_HEADING_ALIASES = {
    "姓名": "name",
    "代表姓名": "name",
    "名字": "name",
    "代表层级": "level",
    "层级": "level",
    "级别": "level",
    "代表级别": "level",
    "选区": "constituency",
    "所在选区": "constituency",
    "选举单位": "constituency",
    "工作单位": "work_unit",
    "单位": "work_unit",
    "工作单位及职务": "work_unit",
    "专业特长": "expertise",
    "特长": "expertise",
    "专业": "expertise",
    "专业领域": "expertise",
    "联系电话": "phone",
    "电话": "phone",
    "手机": "phone",
    "手机号": "phone",
    "手机号码": "phone",
    "是否在任": "active",
    "在任": "active",
    "状态": "active",
}


# The template's sample row: never imported, even when the clerk leaves it in the file.
SAMPLE_ROW = ("王建国", "市人大代表", "浉河区第三选区", "信阳市中心医院", "医疗卫生", "13912345678", "是")


def is_sample_row(values: tuple[object, ...]) -> bool:
    """The template's sample deputy, every cell as the template wrote it."""
    texts = tuple("" if v is None else str(v).strip() for v in values)
    texts = texts + ("",) * (len(SAMPLE_ROW) - len(texts))
    return texts[: len(SAMPLE_ROW)] == SAMPLE_ROW and not any(texts[len(SAMPLE_ROW) :])


@dataclass(frozen=True, slots=True)
class RowError:
    row: int  # Excel row number, as the clerk sees it
    column: str  # the column heading, as in the file
    message: str


@dataclass(slots=True)
class RosterRead:
    entries: list[tuple[int, RosterEntry]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""  # the file as a whole could not be read
    samples: int = 0  # the template's sample rows, left out

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error

    @property
    def bad_rows(self) -> set[int]:
        return {e.row for e in self.errors}


def write_template(path: Path) -> None:
    """An empty roster with headings, a sample row, widths and a level drop-down."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    headings = [COLUMN_ZH[c] + ("*" if c in REQUIRED_COLUMNS else "") for c in COLUMNS]
    ws.append(headings)
    ws.append(list(SAMPLE_ROW))
    bold = Font(bold=True)
    fill = PatternFill("solid", fgColor="DDEBF7")
    for cell in ws[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(horizontal="center")
    for letter, width in zip("ABCDEFG", (12, 18, 20, 28, 16, 16, 10), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    levels = DataValidation(
        type="list", formula1='"' + ",".join(DEPUTY_LEVEL_ZH.values()) + '"', allow_blank=False
    )
    levels.error = "请从列表中选择代表层级"
    ws.add_data_validation(levels)
    levels.add("B2:B5000")
    yes_no = DataValidation(type="list", formula1='"是,否"', allow_blank=True)
    ws.add_data_validation(yes_no)
    yes_no.add("G2:G5000")
    # Phones are text: Excel would otherwise turn 013… landlines into numbers.
    ws.column_dimensions["F"].number_format = "@"
    wb.save(path)


def _column_key(heading: object) -> str | None:
    if heading is None:
        return None
    text = str(heading).strip().rstrip("*").strip()
    return _HEADING_ALIASES.get(text)


def read_roster(path: Path) -> RosterRead:
    result = RosterRead()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        result.file_error = f"无法读取文件（{type(exc).__name__}）：请确认是 .xlsx 格式的 Excel 文件"
        return result
    try:
        ws = wb[SHEET_TITLE] if SHEET_TITLE in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            result.file_error = "文件是空的：第 1 行应为表头（姓名、代表层级……）"
            return result
        columns: dict[int, str] = {}
        headings: dict[str, str] = {}
        for i, heading in enumerate(header):
            key = _column_key(heading)
            if key is not None and key not in headings:
                columns[i] = key
                headings[key] = str(heading).strip().rstrip("*").strip()
        missing = [COLUMN_ZH[c] for c in REQUIRED_COLUMNS if c not in headings]
        if missing:
            result.file_error = "表头缺少必填列：" + "、".join(missing)
            return result
        seen: dict[tuple[str, str], int] = {}
        for row_no, row in enumerate(rows, start=2):
            if row is None or all(v is None or str(v).strip() == "" for v in row):
                continue
            if is_sample_row(row):
                result.samples += 1
                continue
            values = {key: row[i] if i < len(row) else None for i, key in columns.items()}
            entry, problems = parse_roster_row(values)
            for p in problems:
                result.errors.append(
                    RowError(
                        row_no, headings.get(p.column, COLUMN_ZH[p.column]), ROSTER_PROBLEM_ZH[p.problem]
                    )
                )
            if entry is None:
                continue
            first = seen.setdefault(entry.identity, row_no)
            if first != row_no:
                result.errors.append(
                    RowError(
                        row_no,
                        headings["name"],
                        ROSTER_PROBLEM_ZH[RosterProblem.DUPLICATE] + f"（第 {first} 行）",
                    )
                )
                continue
            result.entries.append((row_no, entry))
    finally:
        wb.close()
    return result
