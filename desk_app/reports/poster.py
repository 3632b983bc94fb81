"""The public channel's printed codes (issue 12): an A4 poster for the station (有事请扫码: its
name, hours, what to report, the QR code of its link) and a table card (桌牌) for each deputy on
duty, two to an A4 sheet (cut along the middle, fold under the code). PDF, the desk's CJK font.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from desk_app.reports.fonts import register_cjk_font
from desk_app.reports.slip_pdf import draw_qr

DEFAULT_HOURS = "工作日 上午 9:00—12:00　下午 14:30—17:30"
RED = colors.HexColor("#b3261e")


@dataclass(frozen=True, slots=True)
class CodeCard:
    """One deputy's table card: the name, and the URL of the deputy's link."""

    deputy_name: str
    url: str


@dataclass(frozen=True, slots=True)
class CodesWritten:
    pages: int
    cards: int


def _centred(c: Canvas, font: str, size: float, text: str, y: float, x: float = A4[0] / 2) -> None:
    c.setFont(font, size)
    c.drawCentredString(x, y, text)


def _wrapped(c: Canvas, font: str, size: float, text: str, y: float, width: float) -> float:
    """Centred lines of `text` no wider than `width`; the y below the last line."""
    c.setFont(font, size)
    line = ""
    lines = []
    for ch in text:
        if c.stringWidth(line + ch, font, size) > width:
            lines.append(line)
            line = ch
        else:
            line += ch
    if line:
        lines.append(line)
    for text_line in lines:
        c.drawCentredString(A4[0] / 2, y, text_line)
        y -= size * 1.45
    return y


def _poster(c: Canvas, font: str, station_name: str, hours: str, topics: Sequence[str], url: str) -> None:
    w, h = A4
    c.setFillColor(RED)
    c.rect(0, h - 62 * mm, w, 62 * mm, stroke=0, fill=1)
    c.setFillColor(colors.white)
    _centred(c, font, 54, "有事请扫码", h - 34 * mm)
    _centred(c, font, 18, "人大代表听民意 · 办理进度可查询", h - 50 * mm)
    c.setFillColor(colors.black)
    y = _wrapped(c, font, 22, station_name, h - 78 * mm, w - 40 * mm)
    size = 110 * mm
    draw_qr(c, url, (w - size) / 2, y - size - 2 * mm, size)
    y -= size + 12 * mm
    _centred(c, font, 16, "微信或手机相机扫一扫，写下事情、地点和电话，可附照片", y)
    y -= 9 * mm
    _centred(c, font, 16, "提交后记下查询码，随时查看交办、答复、回访进度", y)
    y -= 14 * mm
    if topics:
        y = _wrapped(c, font, 15, "可以反映：" + "、".join(topics) + "等方面的事情", y, w - 40 * mm)
        y -= 2 * mm
    _centred(c, font, 15, "接待时间：" + hours, y)
    c.setFont(font, 9)
    c.setFillColor(colors.grey)
    c.drawCentredString(w / 2, 12 * mm, url)
    c.setFillColor(colors.black)


def _card(c: Canvas, font: str, station_name: str, card: CodeCard, top: float) -> None:
    """A card in the half page below `top` (A4 width x half height)."""
    w = A4[0]
    half = A4[1] / 2
    size = 70 * mm
    c.setStrokeColor(colors.lightgrey)
    c.setDash(3, 3)
    c.line(8 * mm, top - half, w - 8 * mm, top - half)
    c.setDash()
    _centred(c, font, 40, card.deputy_name, top - 30 * mm)
    _centred(c, font, 18, "人大代表", top - 42 * mm)
    draw_qr(c, card.url, (w - size) / 2, top - 48 * mm - size, size)
    _centred(c, font, 18, "有事扫码找代表", top - 48 * mm - size - 10 * mm)
    c.setFillColor(colors.grey)
    _centred(c, font, 11, station_name, top - half + 10 * mm)
    c.setFillColor(colors.black)


def write_codes_pdf(
    out: str | BinaryIO,
    *,
    station_name: str,
    station_url: str,
    cards: Sequence[CodeCard] = (),
    hours: str = DEFAULT_HOURS,
    topics: Sequence[str] = (),
    poster: bool = True,
) -> CodesWritten:
    """The poster (unless `poster` is False), then the deputies' cards, two to a page."""
    font = register_cjk_font()
    c = Canvas(out, pagesize=A4, pageCompression=1)
    c.setTitle(f"{station_name} 有事请扫码")
    pages = 0
    if poster:
        _poster(c, font, station_name, hours, topics, station_url)
        c.showPage()
        pages += 1
    for i in range(0, len(cards), 2):
        for j, card in enumerate(cards[i : i + 2]):
            _card(c, font, station_name, card, A4[1] - j * A4[1] / 2)
        c.showPage()
        pages += 1
    if pages == 0:
        c.showPage()
        pages = 1
    c.save()
    return CodesWritten(pages, len(cards))
