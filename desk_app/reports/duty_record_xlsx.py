"""Each deputy's duty over a period as an Excel workbook, for the annual duty report (履职档案).

One row per deputy: duties on the rota up to the day it is made (排班), duties kept (a check-in
that day at that station), visits off the rota (视察, 座谈 …), the deputy-visits (人次) they add
up to, and the duties still to come (never counted as missed).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from desk_app.domain.vocab import DEPUTY_LEVEL_ZH, DeputyLevel
from desk_app.storage.rota_records import DutyRecord

SHEET_TITLE = "代表履职档案"
HEADINGS = (
    "姓名",
    "代表层级",
    "排班次数",
    "实际到岗",
    "未到岗",
    "到岗率",
    "其他进站（视察、座谈等）",
    "合计人次",
    "待值班",
)
WIDTHS = (12, 16, 10, 10, 10, 10, 24, 10, 10)


def level_zh(level: str) -> str:
    try:
        return DEPUTY_LEVEL_ZH[DeputyLevel(level)]
    except ValueError:
        return level


def kept_rate(record: DutyRecord) -> float | None:
    return record.kept / record.scheduled if record.scheduled else None


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
                r.scheduled - r.kept,
                kept_rate(r),
                r.other_visits,
                r.visits,
                r.upcoming,
            ]
        )
        ws.cell(ws.max_row, 6).number_format = "0%"
    first, last = 3, ws.max_row
    ws.append(
        [
            "合计",
            "",
            *(f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in "CDE"),
            "",
            *(f"=SUM({col}{first}:{col}{last})" if last >= first else 0 for col in "GHI"),
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
