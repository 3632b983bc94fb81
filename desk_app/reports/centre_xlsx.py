"""The district centre's workbooks (issue 13): every station side by side with the district
total for a period, and the register of transfers between levels (转办登记簿).

Written with openpyxl next to the target and renamed into place (the caller's atomic_write), in
Chinese like the committee's other documents.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from desk_app.domain.transfers import LEVEL_ZH, TRANSFER_ZH, TransferKind, level_of
from desk_app.storage.centre_queries import CentreTally, StationRow
from desk_app.storage.transfer_store import TransferEntry

# (header, where the value comes from: a Figures field, or "levels.<LevelCounts field>").
COLUMNS: tuple[tuple[str, str], ...] = (
    ("接待群众（人次）", "citizens"),
    ("收集意见（件）", "opinions"),
    ("现场解决", "on_site"),
    ("交办", "referred"),
    ("答复", "replied"),
    ("按期答复", "replied_on_time"),
    ("逾期", "overdue"),
    ("销号", "signed_off"),
    ("回访满意", "satisfied"),
    ("站点办理", "levels.handled_here"),
    ("区中心办理", "levels.handled_by_centre"),
    ("转出（上转区中心、中心接办）", "levels.sent_up"),
    ("转入（区中心下转）", "levels.sent_down"),
    # The city level (the district's edge): cases at the city now, and the centre's moves with it.
    ("市级办理", "levels.handled_by_city"),
    ("转出至市级", "levels.sent_to_city"),
    ("市级交回", "levels.back_from_city"),
)


def value(row: StationRow, source: str) -> int:
    if source.startswith("levels."):
        return int(getattr(row.levels, source.split(".", 1)[1]))
    return int(getattr(row.figures, source))


def _replace_into(wb: Workbook, target: Path) -> None:
    part = target.with_name(f".{target.name}.part")
    try:
        wb.save(part)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)


def write_centre_tally_xlsx(target: Path, data: CentreTally, *, district: str, made_at: datetime) -> int:
    """One sheet: a row per station and the district total last. Returns the stations written."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "各站点统计"
    ws.append([f"{district}{data.title}"])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(
        [
            f"统计期间：{data.period.start.isoformat()} 至 {data.period.end.isoformat()}　截至 {data.as_of.isoformat()}"
        ]
    )
    ws.append(
        [f"制表时间：{made_at:%Y-%m-%d %H:%M}　每件案件只计一次（按受理站点），站点、区中心、市级办理分列"]
    )
    ws.append(["站点", *(h for h, _ in COLUMNS)])
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in (*data.stations, data.total):
        ws.append([row.name, *(value(row, src) for _, src in COLUMNS)])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 34
    _replace_into(wb, target)
    return len(data.stations)


REGISTER_HEADERS = (
    "时间",
    "转办类型",
    "受理站点",
    "交办单号",
    "案件摘要",
    "转办理由",
    "经办人",
    "现由",
    "市级来文编号",
)


def write_transfer_register_xlsx(
    target: Path, entries: Sequence[TransferEntry], *, title: str, made_at: datetime
) -> int:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "转办登记簿"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"制表时间：{made_at:%Y-%m-%d %H:%M}　共 {len(entries)} 条"])
    ws.append(list(REGISTER_HEADERS))
    for cell in ws[3]:
        cell.font = Font(bold=True)
    for e in entries:
        ws.append(
            [
                e.at.strftime("%Y-%m-%d %H:%M"),
                TRANSFER_ZH.get(TransferKind(e.kind), e.kind),
                e.station_name,
                e.serial,
                e.summary,
                e.reason,
                e.by,
                LEVEL_ZH[level_of(e.level_now)],
                e.city_ref,
            ]
        )
    for col, width in zip("ABCDEFGHI", (18, 16, 30, 26, 50, 40, 10, 8, 22), strict=True):
        ws.column_dimensions[col].width = width
    _replace_into(wb, target)
    return len(entries)


def write_centre_tally_pdf(target: Path, data: CentreTally, *, district: str, made_at: datetime) -> int:
    """The same table as the workbook, on one landscape A4 page per 25 stations (PDF)."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

    from desk_app.reports.fonts import register_cjk_font
    from desk_app.reports.pdfkit import para

    font = register_cjk_font()
    title = ParagraphStyle("title", fontName=font, fontSize=15, leading=20)
    small = ParagraphStyle("small", fontName=font, fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName=font, fontSize=7, leading=9)
    rows: list[list[object]] = [[para("站点", head), *(para(h, head) for h, _ in COLUMNS)]]
    for row in (*data.stations, data.total):
        rows.append([para(row.name, small), *(str(value(row, src)) for _, src in COLUMNS)])
    # The station's name, then the figures sharing what is left of the landscape page.
    widths = [44 * mm] + [(297 - 24 - 2 - 44) / len(COLUMNS) * mm] * len(COLUMNS)
    table = Table(rows, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("BACKGROUND", (0, -1), (-1, -1), colors.whitesmoke),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    part = target.with_name(f".{target.name}.part")
    try:
        doc = SimpleDocTemplate(str(part), pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm)
        doc.build(
            [
                para(f"{district}{data.title}", title),
                para(
                    f"统计期间：{data.period.start.isoformat()} 至 {data.period.end.isoformat()}　"
                    f"截至 {data.as_of.isoformat()}　制表时间：{made_at:%Y-%m-%d %H:%M}　"
                    "每件案件只计一次（按受理站点），站点、区中心、市级办理分列",
                    small,
                ),
                Spacer(1, 4 * mm),
                table,
            ]
        )
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
    return len(data.stations)
