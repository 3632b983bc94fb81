"""A campaign's workbooks (issue 14): its problem list (问题清单) and its report (the board, places,
activities, suggestions and the problem list, one sheet each), written with openpyxl in
write-only mode; and the problem list a campaign keeps in Excel, read for import.

Reading reuses the ledger's heading matching (`ledger_xlsx.column_map`: spaces, full-width
brackets and a trailing * ignored; aliases) and its date parsing (domain/ledger.parse_datetime);
the header row is looked for in the first rows, under any title lines.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from desk_app.domain.campaigns import (
    ACTIVITY_KIND_ZH,
    PLACE_KIND_ZH,
    PROBLEM_COLUMN_ZH,
    PROBLEM_COLUMNS,
    PROBLEM_HEADING_ALIASES,
    PROBLEM_REQUIRED,
    ActivityKind,
    PlaceKind,
    ProblemEntry,
    board_lines_zh,
    parse_problem_row,
    suggestion_progress_zh,
)
from desk_app.domain.ledger import sheet_year
from desk_app.domain.lifecycle import STATUS_ZH, CaseStatus
from desk_app.reports.ledger_xlsx import HEADER_SEARCH_ROWS, column_map, is_blank, is_total_row
from desk_app.storage.campaign_store import CampaignReport, ProblemRow, ProblemRowError

PROBLEM_HEADERS = (
    "序号",
    "发现日期",
    "地点",
    "问题描述",
    "问题类别",
    "状态",
    "交办编号",
    "承办单位",
    "办理期限",
)
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)


def _cell(ws: Any, value: object, *, font: Font | None = None, fmt: str | None = None) -> WriteOnlyCell:
    c = WriteOnlyCell(ws, value=value)
    if font is not None:
        c.font = font
    if fmt is not None:
        c.number_format = fmt
    return c


def status_zh(status: str) -> str:
    return STATUS_ZH[CaseStatus(status)]


def _problem_rows(ws: Any, problems: list[ProblemRow]) -> None:
    ws.append([_cell(ws, h, font=_BOLD) for h in PROBLEM_HEADERS])
    for i, p in enumerate(problems, start=1):
        ws.append(
            [
                i,
                _cell(ws, p.received_at.date(), fmt="yyyy-mm-dd"),
                p.place,
                p.content,
                p.category,
                status_zh(p.status),
                p.serial,
                p.unit,
                _cell(ws, p.reply_due, fmt="yyyy-mm-dd") if p.reply_due else "",
            ]
        )


def _widths(ws: Any, widths: tuple[int, ...]) -> None:
    for i, w in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = w


def _title(ws: Any, report: CampaignReport, what: str) -> None:
    c = report.campaign
    ws.append([_cell(ws, f"{c.topic}{what}", font=_TITLE)])
    ws.append([f"{report.station_name}　活动期间：{c.period_zh}"])
    ws.append([])


def write_problem_list_xlsx(target: Path | BinaryIO, report: CampaignReport) -> int:
    """The problem list as a workbook of one sheet. The number of problems written."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("问题清单")
    _widths(ws, (6, 12, 16, 60, 12, 10, 26, 20, 12))
    _title(ws, report, "问题清单")
    _problem_rows(ws, report.problems)
    wb.save(target)
    return len(report.problems)


def write_campaign_report_xlsx(target: Path | BinaryIO, report: CampaignReport) -> None:
    """The campaign report: 概况 (the board), 问题清单, 活动, 地点, 建议."""
    c = report.campaign
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("概况")
    _widths(ws, (20, 16))
    _title(ws, report, "工作情况")
    if c.deputy_names:
        ws.append(["参加代表", "、".join(c.deputy_names)])
    ws.append([_cell(ws, "指标", font=_BOLD), _cell(ws, "数量", font=_BOLD)])
    for label, figure in board_lines_zh(report.board):
        ws.append([label, figure])
    ws = wb.create_sheet("问题清单")
    _widths(ws, (6, 12, 16, 60, 12, 10, 26, 20, 12))
    _problem_rows(ws, report.problems)
    ws = wb.create_sheet("活动")
    _widths(ws, (12, 10, 18, 24, 30, 10, 10, 24, 30))
    ws.append(
        [
            _cell(ws, h, font=_BOLD)
            for h in ("日期", "类型", "地点", "主题", "参加人员", "参加人数", "接触群众", "参加代表", "备注")
        ]
    )
    for a in report.activities:
        ws.append(
            [
                _cell(ws, a.day, fmt="yyyy-mm-dd"),
                ACTIVITY_KIND_ZH[ActivityKind(a.kind)],
                a.place,
                a.subject,
                a.attendees,
                a.headcount,
                a.people_met,
                "、".join(a.deputy_names),
                a.note,
            ]
        )
    ws = wb.create_sheet("地点")
    _widths(ws, (6, 24, 12))
    ws.append([_cell(ws, h, font=_BOLD) for h in ("序号", "地点", "类型")])
    for i, p in enumerate(report.places, start=1):
        ws.append([i, p.name, PLACE_KIND_ZH[PlaceKind(p.kind)]])
    ws = wb.create_sheet("建议")
    _widths(ws, (6, 12, 26, 30, 10, 20, 60))
    ws.append(
        [_cell(ws, h, font=_BOLD) for h in ("序号", "日期", "建议编号", "建议", "代表", "办理情况", "内容")]
    )
    for i, sug in enumerate(report.suggestions, start=1):
        ws.append(
            [
                i,
                _cell(ws, sug.day, fmt="yyyy-mm-dd"),
                sug.serial,
                sug.title,
                sug.deputy,
                suggestion_progress_zh(sug.state, sug.unit),
                sug.content,
            ]
        )
    wb.save(target)


# -- the problem list a campaign keeps, read for import ------------------------------------------------


def write_problem_template(path: Path) -> None:
    """An empty problem list with the template's headings (required ones marked *)."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "问题清单"
    ws.append([f"{heading}*" if required else heading for _key, heading, required in PROBLEM_COLUMNS])
    for i, (_key, heading, _req) in enumerate(PROBLEM_COLUMNS):
        letter = chr(ord("A") + i)
        ws.column_dimensions[letter].width = 40 if heading == "问题描述" else 14
        ws[f"{letter}1"].font = _BOLD
        ws[f"{letter}1"].alignment = Alignment(horizontal="center")
    wb.save(path)


@dataclass
class ProblemListRead:
    entries: list[tuple[int, ProblemEntry]] = field(default_factory=list)
    errors: list[ProblemRowError] = field(default_factory=list)
    file_error: str = ""
    sheet: str = ""
    skipped: int = 0  # total rows and pre-numbered empty rows

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


def read_problem_list(path: Path, *, now: datetime, year: int | None = None) -> ProblemListRead:
    """The first sheet of the workbook whose header names 发现日期 and 问题描述 (or their aliases):
    every row parsed, every problem named by row and heading (nothing is imported unless none)."""
    result = ProblemListRead()
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as exc:
        result.file_error = f"无法读取文件（{type(exc).__name__}）：请确认是 .xlsx 格式的 Excel 文件"
        return result
    try:
        for ws in wb.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            for at, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
                if row is None or sum(1 for v in row if not is_blank(v)) < 2:
                    continue
                columns, _ignored = column_map(row, None, PROBLEM_HEADING_ALIASES, PROBLEM_COLUMN_ZH)
                if all(k in columns.values() for k in PROBLEM_REQUIRED):
                    _read_rows(ws.title, rows, at, columns, result, now=now, year=year)
                    return result
    finally:
        wb.close()
    result.file_error = (
        f"没有找到问题清单的表头：前 {HEADER_SEARCH_ROWS} 行中没有一行同时含有"
        f"“{PROBLEM_COLUMN_ZH['found_at']}”和“{PROBLEM_COLUMN_ZH['content']}”。请检查表头的列名。"
    )
    return result


def _read_rows(
    title: str,
    rows: list[tuple[object, ...]],
    at: int,
    columns: dict[int, str],
    result: ProblemListRead,
    *,
    now: datetime,
    year: int | None,
) -> None:
    result.sheet = title
    titles = [str(v) for row in rows[:at] if row for v in row if isinstance(v, str)]
    year = sheet_year(title, titles) or year
    header = rows[at]
    headings = {key: str(header[i]).strip().rstrip("*").strip() for i, key in columns.items()}
    for row_no, row in enumerate(rows[at + 1 :], start=at + 2):
        if row is None:
            continue
        values = {key: row[i] if i < len(row) else None for i, key in columns.items()}
        if all(is_blank(v) for v in values.values()):
            if any(not is_blank(v) for v in row):
                result.skipped += 1
            continue
        if is_total_row(row):
            result.skipped += 1
            continue
        entry, problems = parse_problem_row(values, now=now, year=year)
        if entry is not None:
            result.entries.append((row_no, entry))
        for p in problems:
            result.errors.append(
                ProblemRowError(row_no, headings.get(p.column, PROBLEM_COLUMN_ZH[p.column]), p.message)
            )
