"""Each deputy's duty over a period as an Excel workbook, for the annual duty report (履职档案).

One row per deputy: duties on the rota up to the day it is made (排班), duties kept (a check-in
that day at that station), places another deputy sat in (他人代班) and those missed, duties sat
for another deputy (代他人值班), visits off the rota (视察, 座谈 …), the deputy-visits (人次) they
add up to (kept + sat for others + other visits), the duties still to come (never counted as
missed), and each 代班 by day and names (代班情况: 2026-10-14 赵代表 代 王代表), on the row of the
one who sat and on that of the one absent.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from desk_app.domain.vocab import DEPUTY_LEVEL_ZH, DeputyLevel
from desk_app.storage.rota_records import DutyRecord, StandIn

SHEET_TITLE = "代表履职档案"
HEADINGS = (
    "姓名",
    "代表层级",
    "排班次数",
    "实际到岗",
    "他人代班",
    "未到岗",
    "到岗率",
    "代他人值班",
    "其他进站（视察、座谈等）",
    "合计人次",
    "待值班",
    "代班情况",
)
WIDTHS = (12, 16, 10, 10, 10, 10, 10, 12, 24, 10, 10, 34)
RATE_COLUMN = 7


def level_zh(level: str) -> str:
    try:
        return DEPUTY_LEVEL_ZH[DeputyLevel(level)]
    except ValueError:
        return level


def kept_rate(record: DutyRecord) -> float | None:
    return record.kept / record.scheduled if record.scheduled else None


def stand_in_text(stand_in: StandIn) -> str:
    """代班 as the record says it: 2026-10-14 赵代表 代 王代表 (the one who sat first)."""
    return f"{stand_in.day.isoformat()} {stand_in.sitter_name} 代 {stand_in.absent_name}"


def title_for(station_name: str, start: date, end: date) -> str:
    return f"{station_name}　代表进站履职情况（{start.isoformat()} 至 {end.isoformat()}）"


def write_duty_record_xlsx(
    path: Path, records: Sequence[DutyRecord], *, station_name: str, start: date, end: date
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    title = title_for(station_name, start, end)
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(HEADINGS))
    ws.cell(1, 1).font = Font(bold=True, size=14)
    ws.cell(1, 1).alignment = Alignment(horizontal="center")
    ws.append(list(HEADINGS))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for c in ws[2]:
        c.font, c.fill = bold, fill
        c.alignment = Alignment(horizontal="center", wrap_text=True)
    for r in records:
        ws.append(
            [
                r.deputy_name,
                level_zh(r.level),
                r.scheduled,
                r.kept,
                r.covered,
                r.scheduled - r.kept - r.covered,
                kept_rate(r),
                r.stood_in,
                r.other_visits,
                r.visits,
                r.upcoming,
                "\n".join(stand_in_text(x) for x in r.stand_ins) or None,
            ]
        )
        ws.cell(ws.max_row, RATE_COLUMN).number_format = "0%"
        ws.cell(ws.max_row, len(HEADINGS)).alignment = Alignment(wrap_text=True, vertical="top")
    first, last = 3, ws.max_row
    ws.append(
        [
            "合计",
            "",
            *(f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in "CDEF"),
            "",
            *(f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in "HIJK"),
            "",
        ]
    )
    for c in ws[ws.max_row]:
        c.font = bold
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "2:2"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    wb.properties.title = title
    wb.save(path)
