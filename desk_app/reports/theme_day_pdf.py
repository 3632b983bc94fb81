"""The notice of a theme reception day (主题接待日公告), A4, to post at the station and send to the
invited deputies and units: theme, date (with weekday), place, who is invited, notes, the station
and the date it was printed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desk_app.storage.studio_store import ThemeDayInfo

WEEKDAY_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def notice_title(info: ThemeDayInfo) -> str:
    return f"{info.station_name}主题接待日公告"


def notice_lines(info: ThemeDayInfo) -> list[tuple[str, str]]:
    """(label, text) of each line of the notice; empty fields are left out."""
    day = f"{info.day.year}年{info.day.month}月{info.day.day}日（{WEEKDAY_ZH[info.day.weekday()]}）"
    lines = [
        ("接待主题", info.theme),
        ("接待时间", day),
        ("接待地点", info.place),
        ("参加代表", info.invited_deputies),
        ("邀请单位", info.invited_units),
        ("备　　注", info.notes),
    ]
    return [(k, v) for k, v in lines if v]


def write_theme_day_notice(
    path: Path, info: ThemeDayInfo, *, printed_on: date, font_path: str | None = None
) -> None:
    """Raises fonts.CjkFontMissing without a Chinese font."""
    from reportlab.lib.enums import TA_CENTER, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from desk_app.reports.fonts import register_cjk_font

    font = register_cjk_font(font_path)
    title = ParagraphStyle("title", fontName=font, fontSize=22, leading=30, alignment=TA_CENTER)
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=22, wordWrap="CJK")
    label = ParagraphStyle("label", fontName=font, fontSize=14, leading=22)
    right = ParagraphStyle("right", fontName=font, fontSize=14, leading=22, alignment=TA_RIGHT)
    width = A4[0] - 40 * mm
    intro = (
        "为倾听群众呼声、解决群众急难愁盼问题，本站定期开展主题接待日活动，邀请相关专业人大代表和"
        "政府有关部门与群众座谈交流。欢迎群众届时前来反映意见建议。"
    )
    if info.cancelled:
        intro = "原定的本次主题接待日活动已取消，特此告知。"
    rows = [[Paragraph(k + "：", label), Paragraph(v, body)] for k, v in notice_lines(info)]
    table = Table(rows, colWidths=[30 * mm, width - 30 * mm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    story = [
        Paragraph(notice_title(info), title),
        Spacer(1, 8 * mm),
        Paragraph(intro, body),
        Spacer(1, 6 * mm),
        table,
        Spacer(1, 16 * mm),
        Paragraph(info.station_name, right),
        Paragraph(f"{printed_on.year}年{printed_on.month}月{printed_on.day}日", right),
    ]
    doc = SimpleDocTemplate(
        str(path),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=25 * mm,
        bottomMargin=20 * mm,
        title=notice_title(info),
    )
    doc.build(story)
