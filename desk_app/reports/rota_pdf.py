"""The duty rota as an A4 PDF to post on the wall (值班表), Chinese font embedded.

One table per station: date, weekday, period, deputies on duty. Holidays never appear (there are
no duty slots on them); swapped workdays do. A slot still short of deputies says so in red.
Every text goes through pdfkit.para: a deputy's rare character is drawn in a fallback font, and
one no font has stops the document (fonts.GlyphMissing) instead of vanishing from the wall.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer, Table, TableStyle

from desk_app.domain.duty import PERIOD_ZH, WEEKDAY_ZH
from desk_app.domain.rota import Period
from desk_app.reports.fonts import register_cjk_font
from desk_app.reports.pdfkit import para
from desk_app.storage.rota_records import RotaSheetRow

HEADINGS = ("日期", "星期", "时段", "值班代表")


def period_zh(period: str) -> str:
    return PERIOD_ZH.get(Period(period), period) if period in set(Period) else period


def deputies_text(row: RotaSheetRow) -> str:
    text = "、".join(row.deputy_names)
    if row.missing:
        text += ("　" if text else "") + f"（缺{row.missing}人）"
    if row.note:  # a studio's moved or dropped opening
        text += ("　" if text else "") + f"（{row.note}）"
    return text


def title_for(station_name: str, period_label: str) -> str:
    return f"{station_name}　{period_label}代表值班表"


def write_rota_pdf(
    path: Path,
    rows: Sequence[RotaSheetRow],
    *,
    period_label: str,
    fallback_station: str = "",
    font_path: str | None = None,
    printed_on: date | None = None,
) -> None:
    """Write the rota; raises fonts.CjkFontMissing when no Chinese font is on the machine."""
    font = register_cjk_font(font_path)
    title = ParagraphStyle(
        "title", fontName=font, fontSize=16, leading=22, alignment=TA_CENTER, wordWrap="CJK"
    )
    cell = ParagraphStyle("cell", fontName=font, fontSize=10.5, leading=14, wordWrap="CJK")
    note = ParagraphStyle(
        "note", fontName=font, fontSize=9, leading=12, textColor=colors.grey, wordWrap="CJK"
    )
    by_station: dict[str, list[RotaSheetRow]] = {}
    for row in rows:
        by_station.setdefault(row.station_name, []).append(row)
    if not by_station:
        by_station[fallback_station] = []
    story: list[object] = []
    for i, (station, station_rows) in enumerate(by_station.items()):
        if i:
            story.append(PageBreak())
        story += [para(title_for(station, period_label), title), Spacer(1, 5 * mm)]
        data: list[list[object]] = [[para(h, cell) for h in HEADINGS]]
        short_rows = []
        for n, row in enumerate(station_rows, start=1):
            data.append(
                [
                    para(f"{row.day.month}月{row.day.day}日", cell),
                    para(WEEKDAY_ZH[row.day.weekday()], cell),
                    para(period_zh(row.period), cell),
                    para(deputies_text(row), cell),
                ]
            )
            if row.missing:
                short_rows.append(n)
        if not station_rows:
            data.append([para("本期没有值班安排", cell), "", "", ""])
        table = Table(data, colWidths=(28 * mm, 20 * mm, 18 * mm, 114 * mm), repeatRows=1)
        style = [
            ("FONTNAME", (0, 0), (-1, -1), font),  # empty cells too: never Helvetica (not embedded)
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]
        if not station_rows:
            style.append(("SPAN", (0, 1), (-1, 1)))
        style += [("BACKGROUND", (3, n), (3, n), colors.HexColor("#FDE2E2")) for n in short_rows]
        table.setStyle(TableStyle(style))
        story += [table, Spacer(1, 4 * mm)]
        printed = (printed_on or datetime.now().date()).isoformat()
        story.append(para(f"法定节假日不安排值班，调休上班日照常值班。制表日期：{printed}", note))
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title_for(next(iter(by_station)), period_label),
        initialFontName=font,  # not Helvetica, which would be listed in the PDF without being embedded
    )
    doc.build(story)
