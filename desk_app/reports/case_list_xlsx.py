"""The case list as the clerk filtered it, written to an Excel workbook (openpyxl write-only).

The sheet says what it holds before the table: the station, when it was exported, and every
filter in force (in the window's words, given by the caller), so a printed or mailed copy
cannot be mistaken for the whole desk. Write-only mode keeps 100,000 rows at ~30 MB.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from desk_app.storage.records import CaseRow


@dataclass(frozen=True, slots=True)
class CaseListSheet:
    """What the window gives: its words for the sheet (titles, headers, vocabulary labels)."""

    title: str
    station: str
    exported_at: datetime
    filter_lines: Sequence[str]
    headers: Sequence[str]  # one per column of CASE_COLUMNS
    channel_labels: Mapping[str, str]
    status_labels: Mapping[str, str]
    overdue_suffix: str  # e.g. "（超期）"
    mask_phones: bool = True


# The columns of the case list, in the window's order.
CASE_COLUMNS = (
    "serial",
    "received",
    "channel",
    "citizen",
    "phone",
    "category",
    "summary",
    "unit",
    "deadline",
    "status",
    "round",
    "class",
)


def _masked(phone: str) -> str:
    phone = phone.strip()
    if len(phone) >= 7:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) > 2:
        return "*" * (len(phone) - 2) + phone[-2:]
    return phone


def _cells(row: CaseRow, sheet: CaseListSheet) -> list[object]:
    status = sheet.status_labels.get(row.status, row.status)
    return [
        row.serial,
        row.received_at,
        sheet.channel_labels.get(row.channel, row.channel),
        row.citizen_name,
        _masked(row.citizen_phone) if sheet.mask_phones else row.citizen_phone,
        row.category_name,
        row.summary,
        row.unit_name,
        row.waiting_due,
        status + sheet.overdue_suffix if row.overdue else status,
        row.round_no or None,
        row.class_subject,
    ]


def write_case_list_xlsx(path: Path, rows: Iterable[CaseRow], sheet: CaseListSheet) -> int:
    """Write the workbook; returns how many cases it holds."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet.title[:31] or "Cases")
    widths = (26, 17, 10, 10, 14, 10, 50, 24, 12, 14, 6, 20)
    for i, width in enumerate(widths):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    bold = Font(bold=True)

    def strong(value: object) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.font = bold
        return cell

    ws.append([strong(f"{sheet.station} {sheet.title}")])
    ws.append([sheet.exported_at.strftime("%Y-%m-%d %H:%M")])
    for line in sheet.filter_lines:
        ws.append([line])
    ws.append([])
    ws.append([strong(h) for h in sheet.headers])
    n = 0
    for row in rows:
        cells = _cells(row, sheet)
        received = WriteOnlyCell(ws, value=cells[1])
        received.number_format = "yyyy-mm-dd hh:mm"
        due = WriteOnlyCell(ws, value=cells[8])
        due.number_format = "yyyy-mm-dd"
        ws.append([*cells[:1], received, *cells[2:8], due, *cells[9:]])
        n += 1
    wb.save(path)
    return n
