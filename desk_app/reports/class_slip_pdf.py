"""A class slip (类案交办单, issue 14): the one slip a class referred together is printed as.

The first member's slip (reports/slip_pdf.py: its number is the class slip's number, its note
names the class), followed by the attachment (附件：类案案件清单): a table of every member case
referred on it (its own slip number, when it was received, the citizen, what was raised, the
deadline), over as many A4 pages as it needs, the project's CJK font embedded.
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
from desk_app.reports.minutes_pdf import _fill
from desk_app.reports.pdfkit import draw_string, para
from desk_app.reports.slip_pdf import write_slip_pdf
from desk_app.storage.class_reads import ClassSlipLine, class_slip_lines
from desk_app.storage.errors import NotFound
from desk_app.storage.models import Referral
from desk_app.storage.report_queries import SlipData
from desk_app.storage.store import DeskStore

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 16 * mm
MARGIN_BOTTOM = 16 * mm
BODY_W = PAGE_W - 2 * MARGIN_X
# 序号, 交办单编号, 登记日期, 群众, 反映问题, 办理期限
COLUMNS = (
    10 * mm,
    40 * mm,
    22 * mm,
    18 * mm,
    BODY_W - 10 * mm - 40 * mm - 22 * mm - 18 * mm - 24 * mm,
    24 * mm,
)
HEADERS = ("序号", "交办单编号", "登记日期", "群众", "反映问题", "办理期限")


@dataclass(frozen=True, slots=True)
class ClassSlipResult:
    slip_pages: int
    attachment_pages: int


def write_class_slip_pdf(
    target: Path | BinaryIO,
    lead: SlipData,
    subject: str,
    lines: Sequence[ClassSlipLine],
    *,
    full_phone: bool = False,
    printed_on: date | None = None,
    font_path: str | None = None,
) -> ClassSlipResult:
    """The class slip and its attachment. Raises fonts.CjkFontMissing (nothing printed then)."""
    font = register_cjk_font(font_path)
    c = Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=A4,
        pageCompression=1,
        initialFontName=font,
    )
    c.setTitle(f"类案交办单 {lead.referral.serial}")
    c.setAuthor(lead.station.name)
    c.setSubject("类案交办单")
    slip_pages = write_slip_pdf(
        None, lead, full_phone=full_phone, printed_on=printed_on, font_path=font_path, into=c
    ).pages

    body = ParagraphStyle("body", fontName=font, fontSize=10.5, leading=15, wordWrap="CJK")
    cell = ParagraphStyle("cell", fontName=font, fontSize=9, leading=12, wordWrap="CJK")
    head = ParagraphStyle("head", parent=cell, alignment=1)
    story: list[object] = [
        para(f"类案：{subject}", body),
        para(f"交办单编号：{lead.referral.serial}　　一并交办 {len(lines)} 件", body),
        para("各案件分别答复；每件案件须经群众本人回访满意后方可销号。", body),
        Spacer(1, 4 * mm),
    ]
    rows: list[list[object]] = [[para(h, head) for h in HEADERS]]
    for n, line in enumerate(lines, 1):
        rows.append(
            [
                para(str(n), cell),
                para(line.serial, cell),
                para(zh_date(line.received_on), cell),
                para(line.citizen_name or "—", cell),
                para(line.content, cell),
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
            draw_string(c, PAGE_W / 2, top - 8 * mm, "附件：类案案件清单", font, 16, align="centre")
            frame_top = top - 14 * mm
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, BODY_W, frame_top - MARGIN_BOTTOM, 0, 0, 0, 0)
        before = len(story), story[0] if story else None
        _fill(frame, story, c)
        if (len(story), story[0] if story else None) == before and pages > 1:
            raise RuntimeError("a class slip's attachment row does not fit a page")
        draw_string(
            c,
            PAGE_W - MARGIN_X,
            MARGIN_BOTTOM - 6 * mm,
            f"{lead.referral.serial}　附件第{pages}页",
            font,
            8,
            align="right",
        )
        c.showPage()
    c.save()
    return ClassSlipResult(slip_pages, pages)


def print_class_slip(
    store: DeskStore,
    target: Path | BinaryIO,
    lead_referral_id: str,
    *,
    font_path: str | None = None,
) -> ClassSlipResult:
    """The class slip of `lead_referral_id` (ClassStore.refer_together's answer) as one PDF, phone
    numbers masked (a full number is printed on a case's own slip, audited)."""
    with store.db.reading() as s:
        lead = s.get(Referral, lead_referral_id)
        if lead is None:
            raise NotFound("referral", lead_referral_id)
        serial = lead.serial
        subject, lines = class_slip_lines(s, lead_referral_id)
    if not lines:
        raise NotFound("case_class_referral", lead_referral_id)
    return write_class_slip_pdf(
        target,
        store.slip_data(serial),
        subject,
        lines,
        printed_on=store.today(),
        font_path=font_path,
    )
