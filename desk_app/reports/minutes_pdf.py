"""A referral meeting's minutes (交办会纪要) and all its slips, in one PDF (issue 13 item 3).

The minutes: the meeting (title, date, place, presiding leader, units attending), then a table of
every case referred at it (number, what was raised, unit, handler, deadline), as many A4 pages as
it needs; then each case's referral slip (reports/slip_pdf.py), drawn into the same document, so
the office prints the meeting in one go. The project's CJK font is embedded (reports/fonts.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Spacer, Table, TableStyle

from desk_app.reports.dates import zh_date
from desk_app.reports.fonts import register_cjk_font
from desk_app.reports.pdfkit import draw_string, para
from desk_app.reports.slip_pdf import write_slip_pdf
from desk_app.storage.meetings import MeetingRow, MeetingStore, MinutesItem
from desk_app.storage.report_queries import SlipData
from desk_app.storage.store import DeskStore

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 16 * mm
BODY_W = PAGE_W - 2 * MARGIN_X
# 序号, 交办单编号, 反映问题, 承办单位, 承办人, 办理期限
COLUMNS = (
    10 * mm,
    38 * mm,
    BODY_W - 10 * mm - 38 * mm - 34 * mm - 18 * mm - 24 * mm,
    34 * mm,
    18 * mm,
    24 * mm,
)
HEADERS = ("序号", "交办单编号", "反映问题", "承办单位", "承办人", "办理期限")


@dataclass(frozen=True, slots=True)
class MinutesResult:
    minutes_pages: int
    slip_pages: int


def _styles(font: str) -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, alignment=1)
    return body, cell, head


def _fill(frame: Frame, story: list[object], c: Canvas) -> None:
    """Place flowables in the frame, splitting the one that crosses its bottom (a long table goes
    on over the next page with its header row again)."""
    while story:
        head = story.pop(0)
        if frame.add(head, c, trySplit=0):
            continue
        parts = frame.split(head, c)
        if len(parts) >= 2 and frame.add(parts[0], c, trySplit=0):
            story[0:0] = parts[1:]
        else:
            story.insert(0, head)
        return


def write_minutes_pdf(
    target: Path | BinaryIO,
    meeting: MeetingRow,
    lines: Sequence[MinutesItem],
    slips: Sequence[SlipData],
    *,
    station_name: str,
    printed_on: date | None = None,
    font_path: str | None = None,
) -> MinutesResult:
    """The minutes, then every slip. Raises fonts.CjkFontMissing (nothing printed then)."""
    font = register_cjk_font(font_path)
    body, cell, head = _styles(font)
    c = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=A4,
        pageCompression=1,
        initialFontName=font,
    )
    c.setTitle(f"{meeting.title} 纪要")
    c.setAuthor(station_name)
    c.setSubject("交办会纪要")

    facts = [
        f"时间：{zh_date(meeting.held_on)}",
        f"地点：{meeting.place}",
        f"主持：{meeting.presiding}",
        f"参会单位：{meeting.units or '—'}",
        f"交办事项：{len(lines)} 件",
    ]
    story: list[object] = [para(f, body) for f in facts]
    if meeting.note:
        story.append(para(f"备注：{meeting.note}", body))
    story.append(Spacer(1, 4 * mm))
    rows: list[list[object]] = [[para(h, head) for h in HEADERS]]
    for n, line in enumerate(lines, 1):
        rows.append(
            [
                para(str(n), cell),
                para(line.serial, cell),
                para(line.content, cell),
                para(line.unit_name, cell),
                para(line.handler or "—", cell),
                para(zh_date(line.reply_due), cell),
            ]
        )
    table = Table(rows, colWidths=COLUMNS, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#EEEEEE")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    story.append(table)

    pages = 0
    while story:
        pages += 1
        top = PAGE_H - MARGIN_TOP
        frame_top = top
        if pages == 1:
            draw_string(c, PAGE_W / 2, top - 6 * mm, station_name, font, 12, align="centre")
            draw_string(c, PAGE_W / 2, top - 17 * mm, meeting.title, font, 16, align="centre")
            draw_string(c, PAGE_W / 2, top - 25 * mm, "纪　要", font, 14, align="centre")
            frame_top = top - 30 * mm
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_W, frame_top - MARGIN_BOTTOM, 0, 0, 0, 0)
        before = len(story), story[0] if story else None
        _fill(frame, story, c)
        if (
            len(story),
            story[0] if story else None,
        ) == before and pages > 1:  # nothing fits an empty page: a bug, never a loop
            raise RuntimeError("a minutes row does not fit a page")
        footer = f"{meeting.title}　纪要第{pages}页"
        if printed_on is not None:
            draw_string(c, MARGIN_X, MARGIN_BOTTOM - 6 * mm, f"打印日期：{zh_date(printed_on)}", font, 8)
        draw_string(c, PAGE_W - MARGIN_X, MARGIN_BOTTOM - 6 * mm, footer, font, 8, align="right")
        c.showPage()
    slip_pages = 0
    for data in slips:
        slip_pages += write_slip_pdf(None, data, printed_on=printed_on, font_path=font_path, into=c).pages
    c.save()
    return MinutesResult(pages, slip_pages)


def print_meeting(
    store: DeskStore, target: Path | BinaryIO, meeting_id: str, *, font_path: str | None = None
) -> MinutesResult:
    """The meeting's minutes and the current slip of each case referred at it, as one PDF."""
    meetings = MeetingStore(store)
    meeting = meetings.meeting(meeting_id)
    lines = meetings.minutes(meeting_id)
    slips = [store.slip_data(line.serial) for line in lines]
    return write_minutes_pdf(
        target,
        meeting,
        lines,
        slips,
        station_name=store.station().name,
        printed_on=store.today(),
        font_path=font_path,
    )
