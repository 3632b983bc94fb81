"""The duty rota as an Excel workbook: one row per deputy on duty, ready to print on A4."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from desk_app.domain.duty import WEEKDAY_ZH
from desk_app.reports.rota_pdf import deputies_text, period_zh, title_for
from desk_app.storage.rota_records import RotaSheetRow

SHEET_TITLE = "值班表"
HEADINGS = ("站点", "日期", "星期", "时段", "值班代表", "缺额")
WIDTHS = (30, 12, 8, 8, 50, 6)


def write_rota_xlsx(
    path: Path, rows: Sequence[RotaSheetRow], *, period_label: str, fallback_station: str = ""
) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    ws.append(list(HEADINGS))
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    for c in ws[1]:
        c.font, c.fill = bold, fill
        c.alignment = Alignment(horizontal="center")
    short = PatternFill("solid", fgColor="FDE2E2")
    for row in rows:
        ws.append(
            [
                row.station_name,
                row.day,
                WEEKDAY_ZH[row.day.weekday()],
                period_zh(row.period),
                deputies_text(row),
                row.missing,
            ]
        )
        r = ws.max_row
        ws.cell(r, 2).number_format = "yyyy-mm-dd"
        ws.cell(r, 5).alignment = Alignment(wrap_text=True, vertical="center")
        if row.missing:
            ws.cell(r, 5).fill = short
    for i, width in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    station = rows[0].station_name if rows else fallback_station
    ws.oddHeader.center.text = title_for(station, period_label)
    wb.properties.title = title_for(station, period_label)
    wb.save(path)
