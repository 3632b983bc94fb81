"""The referral slip (交办单): one A4 page a committee office files, Chinese font embedded.

Heading with the station, the slip's number and date; the citizen (phone masked unless the
clerk chooses otherwise); what was raised; handling unit, handler, deadline; supervising deputy;
signature and seal boxes; a reply section and a callback section filled in by hand; a QR code
that names the case. Second-round slips (二次督办) say so in the title and show the round before.
An approved extension shows the new deadline and why (经批准延期至 X（原限 Y）：理由); a slip
referred again after its unit returned the one before says which slip, who returned it and why
(a re-referral is not a new round); a returned slip printed again by its number says it was.

Every box has a fixed height, so the slip is always exactly one page: text too long for its box
is cut with "（续见附页）" and printed in full on an attached sheet (附页) after it.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

from reportlab.graphics.barcode import qrencoder
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Frame, Image, Paragraph, Spacer, Table, TableStyle

from desk_app.domain.privacy import shown_phone
from desk_app.domain.tally import channel_zh
from desk_app.domain.vocab import CALLBACK_METHOD_ZH, VERDICT_ZH, CallbackMethod, Verdict
from desk_app.reports.dates import zh_date, zh_datetime
from desk_app.reports.fonts import register_cjk_font
from desk_app.reports.pdfkit import clause, draw_string, fit, para, sentence, text_width
from desk_app.storage.report_queries import SlipData

PAGE_W, PAGE_H = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 14 * mm
MARGIN_BOTTOM = 12 * mm
BODY_W = PAGE_W - 2 * MARGIN_X
LABEL_W = 24 * mm
VALUE_W = BODY_W / 2 - LABEL_W
QR_SIZE = 24 * mm
# Room between a box's text and its lines: ~1.4 mm, so no character touches a printed rule.
PAD = 4
# reportlab's CJK wrapping hangs a "，" or "。" that would start a line at the end of the line
# before, past the width it wraps to: the right padding keeps room for one (a value is 10.5 pt),
# so a hung mark stays inside its cell instead of crossing the rule (issue 11).
HANG = 11
BOX = "□"
DATE_BLANK = "年　　月　　日"


def qr_payload(data: SlipData) -> str:
    """What the QR code says: the case's id, the round and the number (scanned back at the desk)."""
    return f"STATIONDESK:CASE:{data.case.id};ROUND:{data.referral.round_no};NO:{data.referral.serial}"


def title_of(data: SlipData) -> str:
    return "交办单（二次督办）" if data.is_second_round else "交办单"


QR_MASK = 0  # a fixed mask (all eight are valid): choosing the "best" one costs ~8x the encoding


def qr_modules(payload: str) -> list[list[bool]]:
    """The QR code's dark modules (error correction M)."""
    qr = qrencoder.QRCode(None, qrencoder.QRErrorCorrectLevel.M)
    qr.addData(payload)
    qr.version = qr.calculate_version()
    qr.makeImpl(False, QR_MASK)
    return [[bool(m) for m in row] for row in qr.modules]


def draw_qr(c: Canvas, payload: str, x: float, y: float, size: float, border: int = 2) -> None:
    """Draw the code as one filled path (a Drawing of one shape per module is ~20x slower)."""
    modules = qr_modules(payload)
    n = len(modules)
    box = size / (n + 2 * border)
    path = c.beginPath()
    for r, row in enumerate(modules):
        col = 0
        while col < n:
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                path.rect(
                    x + (start + border) * box, y + size - (r + border + 1) * box, (col - start) * box, box
                )
            else:
                col += 1
    c.saveState()
    c.setFillColor(colors.black)
    c.drawPath(path, stroke=0, fill=1)
    c.restoreState()


@dataclass(frozen=True, slots=True)
class SlipResult:
    pages: int
    attached_sheet: bool


class _Styles:
    """Every style wraps the Chinese way (wordWrap="CJK"): a line never starts with "，" or "。"."""

    def __init__(self, font: str) -> None:
        def style(name: str, size: float, leading: float, **kw: object) -> ParagraphStyle:
            return ParagraphStyle(name, fontName=font, fontSize=size, leading=leading, wordWrap="CJK", **kw)

        self.label = style("label", 10.5, 13, alignment=TA_CENTER)
        self.value = style("value", 10.5, 14)
        self.right = style("right", 10.5, 14, alignment=2, rightIndent=8 * mm)
        self.small = style("small", 9, 12)
        self.section = style("section", 11, 14)
        self.note = style("note", 8.5, 11, textColor=colors.HexColor("#444444"))
        self.att_title = style("att_title", 16, 22, alignment=TA_CENTER)
        self.att_head = style("att_head", 11.5, 16, spaceBefore=6, spaceAfter=3)
        self.att_body = style("att_body", 10.5, 16)


def _previous_round_text(data: SlipData) -> str:
    prev = data.previous
    if prev is None:
        return ""
    # Each line one sentence with one full stop, whatever the clerk typed at the end of a reply
    # or of the citizen's words ("已修复。" gave "已修复。。" before).
    parts = [
        f"第{prev.round_no}轮 {prev.serial}，承办单位：{prev.handling_unit_name}，交办日期：{zh_date(prev.referred_on)}。"
    ]
    if prev.replied_on is not None:
        parts.append(sentence(f"{zh_date(prev.replied_on)}答复：{prev.reply_text}"))
    cb = data.previous_callback
    if cb is not None:
        verdict = (
            VERDICT_ZH.get(Verdict(cb.verdict), cb.verdict) if cb.verdict in set(Verdict) else cb.verdict
        )
        words = f"，群众意见：{cb.citizen_words}" if cb.citizen_words.strip() else ""
        parts.append(sentence(f"{zh_date(cb.called_at)}回访：{verdict}{words}"))
    return "\n".join(parts)


def _deadline_text(data: SlipData) -> str:
    r = data.referral
    extended = [e for e in data.extensions if e.new_due is not None]
    if extended:
        steps = "；".join(
            f"经批准延期至{zh_date(e.new_due)}（原限{zh_date(e.old_due)}）：{clause(e.reason)}"
            for e in extended
        )
        text = f"{r.working_days}个工作日，{steps}。请于{zh_date(r.reply_due)}前将办理结果书面答复本站"
    else:
        text = f"{r.working_days}个工作日，请于{zh_date(r.reply_due)}前将办理结果书面答复本站"
    if r.due_estimated:
        text += "（期限按周一至周五估算，以国务院公布的节假日安排为准）"
    return text


def _return_text(data: SlipData) -> str:
    """退回情况: the slips of this round returned before this one, or this slip's own return."""
    parts = [
        f"原交办单{p.serial}已由{p.handling_unit_name}于{zh_date(p.returned_on)}退回：{clause(p.return_reason)}。"
        for p in data.returned
    ]
    if parts:
        parts.append("本单为退回后重新交办，不另计督办轮次。")
    r = data.referral
    if r.returned_on is not None:
        parts.append(
            f"本交办单已由{r.handling_unit_name}于{zh_date(r.returned_on)}退回：{clause(r.return_reason)}。"
        )
    return "".join(parts)


# The first photo of a case from the public channel (issue 12), beside what was raised: at most
# this wide, and never taller than the box, so the slip stays one page.
THUMB_W = 42 * mm
THUMB_GAP = 3 * mm


def photo_flowable(jpeg: bytes, width: float, height: float) -> Image | None:
    """The photo scaled to fit width x height (its proportions kept); None if it cannot be read."""
    try:
        reader = ImageReader(io.BytesIO(jpeg))
        w, h = reader.getSize()
    except Exception:  # noqa: BLE001 - a damaged photo leaves the slip without it, never unprinted
        return None
    if w <= 0 or h <= 0:
        return None
    scale = min(width / w, height / h)
    return Image(io.BytesIO(jpeg), width=w * scale, height=h * scale)


def _content_cell(
    data: SlipData,
    wide: float,
    height: float,
    boxed: Callable[[str, str, float, float], Paragraph],
    font: str,
) -> object:
    """反映问题: the text, and the case's first photo on the right when it has one."""
    inner_h = height - 2 * PAD
    photo = photo_flowable(data.photo, THUMB_W, inner_h) if data.photo else None
    if photo is None:
        return boxed("反映问题", data.case.content, wide, height)
    room = wide - 2 * PAD - HANG  # inside the outer cell's padding
    text_w = room - THUMB_W - HANG - THUMB_GAP  # what the text wraps to
    text = boxed("反映问题", data.case.content, text_w + 2 * PAD + HANG, height)
    inner = Table([[text, photo]], colWidths=(room - THUMB_W, THUMB_W), rowHeights=(inner_h,))
    inner.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), font),  # not Helvetica (see the outer table)
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (0, 0), HANG + THUMB_GAP),
                ("RIGHTPADDING", (1, 0), (1, 0), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return inner


def write_slip_pdf(
    target: Path | BinaryIO | None,
    data: SlipData,
    *,
    full_phone: bool = False,
    clerk_name: str = "",
    printed_on: date | None = None,
    font_path: str | None = None,
    into: Canvas | None = None,
) -> SlipResult:
    """Write the slip (and an attached sheet when some text did not fit). Raises CjkFontMissing, or
    its GlyphMissing when a character of the case is in no font (nothing is printed then).
    `into`: add the slip's pages to that canvas instead (a meeting's minutes and slips in one
    PDF, reports/minutes_pdf.py); `target` is then unused and the canvas is not saved."""
    font = register_cjk_font(font_path)
    st = _Styles(font)
    r = data.referral
    case = data.case
    if into is None:
        assert target is not None, "a slip is written to a target or drawn into a canvas"
        # The canvas starts in our font: its default (Helvetica, never embedded) would be listed
        # in the PDF's fonts although nothing is drawn in it.
        c = Canvas(
            str(target) if isinstance(target, Path) else target,
            pagesize=A4,
            pageCompression=1,
            initialFontName=font,
        )
        c.setTitle(f"{title_of(data)} {r.serial}")
        c.setAuthor(data.station.name)
        c.setSubject("交办单")
    else:
        c = into

    # -- heading -----------------------------------------------------------------------------
    top = PAGE_H - MARGIN_TOP
    draw_string(c, PAGE_W / 2, top - 5 * mm, data.station.name, font, 12, align="centre")
    # The title alone is bold: filled and stroked (render mode 2; the font has no bold face). The
    # mode belongs to the graphics state, so it is set and undone inside saveState/restoreState:
    # left set, it smeared every string after the title (issue 11).
    c.saveState()
    text = c.beginText()
    text.setTextRenderMode(2)
    c.setLineWidth(0.6)
    text.setFont(font, 22)
    title = title_of(data)
    text.setTextOrigin(PAGE_W / 2 - text_width(title, font, 22) / 2, top - 16 * mm)
    text.textOut(title)
    c.drawText(text)
    c.restoreState()
    if data.is_second_round:
        c.setStrokeColor(colors.HexColor("#C00000"))
        c.setFillColor(colors.HexColor("#C00000"))
        c.setLineWidth(1.5)
        c.rect(MARGIN_X, top - 18 * mm, 28 * mm, 11 * mm)
        c.setFont(font, 14)
        c.drawCentredString(MARGIN_X + 14 * mm, top - 14.5 * mm, f"第{r.round_no}轮督办")
        c.setStrokeColor(colors.black)
        c.setFillColor(colors.black)
        c.setLineWidth(1)
    draw_qr(c, qr_payload(data), PAGE_W - MARGIN_X - QR_SIZE, top - QR_SIZE + 1 * mm, QR_SIZE)
    line_y = top - 27 * mm
    draw_string(c, MARGIN_X, line_y, f"编号：{r.serial}", font, 10.5)
    draw_string(
        c,
        PAGE_W - MARGIN_X - QR_SIZE - 3 * mm,
        line_y,
        f"交办日期：{zh_date(r.referred_on)}",
        font,
        10.5,
        align="right",
    )

    # -- the form ----------------------------------------------------------------------------
    overflow: list[tuple[str, str]] = []

    def boxed(
        label: str, value: str, width: float, height: float, style: ParagraphStyle = st.value
    ) -> Paragraph:
        fitted = fit(value, style, width - 2 * PAD - HANG, height - 2 * PAD)
        if fitted.overflow:
            overflow.append((label, value))
        return fitted.paragraph

    def lab(s: str) -> Paragraph:
        return para(s, st.label)

    row_h = 9 * mm
    wide = BODY_W - LABEL_W
    second = data.is_second_round
    returns = _return_text(data)
    return_h = 12 * mm if returns else 0
    deadline_h = row_h + (5 * mm if data.extensions else 0)
    # The page's height is fixed: what the return note and an extension take, the complaint gives.
    content_h = (32 if second else 52) * mm - return_h - (deadline_h - row_h)
    prev_h = 20 * mm
    phone = shown_phone(case.citizen_phone, full=full_phone)
    deputies = "、".join(d.name for d in case.deputies)
    rows: list[list[object]] = [
        [
            lab("来访群众"),
            boxed("来访群众", case.citizen_name or "（未留姓名）", VALUE_W, row_h),
            lab("联系电话"),
            boxed("联系电话", phone or "（未留电话）", VALUE_W, row_h),
        ],
        [
            lab("来访时间"),
            boxed("来访时间", zh_datetime(case.received_at), VALUE_W, row_h),
            lab("来访方式"),
            boxed("来访方式", channel_zh(case.channel), VALUE_W, row_h),
        ],
        [
            lab("问题类别"),
            boxed("问题类别", case.category_name or "未分类", VALUE_W, row_h),
            lab("接待代表"),
            boxed("接待代表", deputies or "—", VALUE_W, row_h),
        ],
        [lab("住　　址"), boxed("住址", case.citizen_address, wide, row_h), "", ""],
        [lab("反映问题"), _content_cell(data, wide, content_h, boxed, font), "", ""],
    ]
    heights = [row_h] * 4 + [content_h]
    if second:
        rows.append(
            [
                lab("上轮办理\n情况"),
                boxed("上轮办理情况", _previous_round_text(data), wide, prev_h, st.small),
                "",
                "",
            ]
        )
        heights.append(prev_h)
    if returns:
        rows.append([lab("退回情况"), boxed("退回情况", returns, wide, return_h, st.small), "", ""])
        heights.append(return_h)
    note_h = 12 * mm
    sign_h = 20 * mm
    reply_h = 32 * mm
    rows += [
        [
            lab("承办单位"),
            boxed("承办单位", r.handling_unit_name, VALUE_W, row_h),
            lab("承办人"),
            boxed("承办人", r.handler or data.unit_contact or "", VALUE_W, row_h),
        ],
        [lab("办理时限"), boxed("办理时限", _deadline_text(data), wide, deadline_h), "", ""],
        [
            lab("督办代表"),
            boxed("督办代表", r.supervisor, VALUE_W, row_h),
            lab("交办人"),
            boxed("交办人", clerk_name or r.created_by_name, VALUE_W, row_h),
        ],
        [
            lab("交办意见"),
            boxed("交办意见", r.note or "请按时限办理，并将办理结果书面答复本站。", wide, note_h),
            "",
            "",
        ],
        [
            [para("交办单位（盖章）：", st.value), Spacer(1, 7 * mm), para(DATE_BLANK, st.right)],
            "",
            [para("承办单位签收人（签字）：", st.value), Spacer(1, 7 * mm), para(DATE_BLANK, st.right)],
            "",
        ],
        [para("办理结果（承办单位填写）", st.section), "", "", ""],
        [
            para("承办人（签字）：　　　　　　　承办单位（盖章）：　　　　　　　" + DATE_BLANK, st.value),
            "",
            "",
            "",
        ],
        [para("回访情况（回访人填写）", st.section), "", "", ""],
        [
            para(
                "回访方式："
                + "　".join(BOX + CALLBACK_METHOD_ZH[m] for m in CallbackMethod)
                + "　　　群众评价："
                + "　".join(BOX + VERDICT_ZH[v] for v in Verdict),
                st.value,
            ),
            "",
            "",
            "",
        ],
        [para("群众意见：", st.value), "", "", ""],
        [
            para(
                "回访人（签字）：　　　　　　　回访日期：　　年　　月　　日　　　处理："
                + BOX
                + "销号　"
                + BOX
                + "二次督办",
                st.value,
            ),
            "",
            "",
            "",
        ],
    ]
    heights += [row_h, deadline_h, row_h, note_h, sign_h, 7 * mm, reply_h, 7 * mm, row_h, 14 * mm, row_h]
    first_full = 3  # rows from here whose value spans the three columns
    style = [
        # Every cell in our font, the empty ones too: reportlab sets each cell's font (Helvetica by
        # default), which would put an unembedded font in the PDF's font list.
        ("FONTNAME", (0, 0), (-1, -1), font),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (1, 4), (-1, 4), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), PAD),
        ("RIGHTPADDING", (0, 0), (-1, -1), PAD + HANG),
        ("TOPPADDING", (0, 0), (-1, -1), PAD),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD),
    ]
    for i, row in enumerate(rows):
        if i >= first_full and row[2] == "" and row[1] != "":
            style.append(("SPAN", (1, i), (-1, i)))
        if row[1] == "" and row[2] == "" and row[3] == "":
            style.append(("SPAN", (0, i), (-1, i)))
        if i < len(rows) - 7 and not (row[1] == "" and row[2] == ""):
            style.append(("BACKGROUND", (0, i), (0, i), colors.HexColor("#F2F2F2")))
            if row[2] != "":
                style.append(("BACKGROUND", (2, i), (2, i), colors.HexColor("#F2F2F2")))
    sign_row = len(rows) - 7
    style += [
        ("SPAN", (0, sign_row), (1, sign_row)),
        ("SPAN", (2, sign_row), (3, sign_row)),
        ("VALIGN", (0, sign_row), (-1, sign_row), "TOP"),
        ("BACKGROUND", (0, sign_row + 1), (-1, sign_row + 1), colors.HexColor("#F2F2F2")),
        ("BACKGROUND", (0, sign_row + 3), (-1, sign_row + 3), colors.HexColor("#F2F2F2")),
        ("VALIGN", (0, sign_row + 2), (-1, sign_row + 2), "BOTTOM"),
        ("VALIGN", (0, sign_row + 5), (-1, sign_row + 5), "TOP"),
        ("LINEABOVE", (0, sign_row + 1), (-1, sign_row + 1), 1.2, colors.black),
        ("LINEABOVE", (0, sign_row + 3), (-1, sign_row + 3), 1.2, colors.black),
    ]
    if second:
        style.append(("VALIGN", (1, 5), (-1, 5), "TOP"))
    table = Table(rows, colWidths=(LABEL_W, VALUE_W, LABEL_W, VALUE_W), rowHeights=heights)
    table.setStyle(TableStyle(style))
    _w, h = table.wrapOn(c, BODY_W, PAGE_H)
    table_top = line_y - 3 * mm
    table.drawOn(c, MARGIN_X, table_top - h)

    # -- footer ------------------------------------------------------------------------------
    foot = (
        "说明：本单一式两联，交办单位、承办单位各执一联。承办单位请在答复期限内将办理结果书面答复本站，"
        "本站将回访群众并视群众评价销号或二次督办。"
    )
    if overflow:
        foot += "本单附页一份，与本单同时交办。"
    note = para(foot, st.note)
    _nw, nh = note.wrap(BODY_W, 30 * mm)
    note.drawOn(c, MARGIN_X, MARGIN_BOTTOM + 5 * mm)
    c.setFillColor(colors.HexColor("#666666"))
    printed = zh_date(printed_on) if printed_on else ""
    if printed:
        draw_string(c, MARGIN_X, MARGIN_BOTTOM, f"打印日期：{printed}", font, 8)
    draw_string(c, PAGE_W - MARGIN_X, MARGIN_BOTTOM, f"{r.serial}　第1页", font, 8, align="right")
    c.setFillColor(colors.black)
    assert table_top - h >= MARGIN_BOTTOM + 5 * mm + nh, "the slip's boxes must fit one page"
    c.showPage()
    pages = 1
    if overflow:
        pages += _attached_sheet(c, font, st, data, overflow)
    if into is None:
        c.save()
    return SlipResult(pages, bool(overflow))


def _attached_sheet(
    c: Canvas, font: str, st: _Styles, data: SlipData, overflow: list[tuple[str, str]]
) -> int:
    story: list[object] = [
        para("交办单附页", st.att_title),
        para(f"编号：{data.referral.serial}　　{data.station.name}", st.value),
        Spacer(1, 4 * mm),
    ]
    for label, value in overflow:
        story += [para(f"{label}（全文）", st.att_head), para(value, st.att_body)]
    pages = 0
    while story and pages < 200:
        pages += 1
        frame = Frame(
            MARGIN_X,
            MARGIN_BOTTOM + 6 * mm,
            BODY_W,
            PAGE_H - MARGIN_TOP - MARGIN_BOTTOM - 6 * mm,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        _fill(frame, story, c)
        draw_string(
            c,
            PAGE_W - MARGIN_X,
            MARGIN_BOTTOM,
            f"{data.referral.serial}　附页第{pages}页",
            font,
            8,
            align="right",
        )
        c.showPage()
    return pages


def _fill(frame: Frame, story: list[object], c: Canvas) -> None:
    """Place flowables in the frame, splitting the one that crosses its bottom (Frame.addFromList
    does not split)."""
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
