"""Small helpers shared by the desk's PDFs: Chinese dates, safe paragraphs (rare characters in a
fallback font, see fonts.py), strings drawn on a canvas the same way, text that must fit a box,
sentences that end with one full stop."""

from __future__ import annotations

from dataclasses import dataclass

from reportlab.lib import textsplit
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, paragraph

from desk_app.reports.fonts import markup, runs, string_width

CONTINUED = "……（续见附页）"

# Chinese punctuation that never starts a line (GB/T 15834-2011, 标点符号用法: the full stop, comma,
# enumeration comma, semicolon, colon, question and exclamation marks, closing quotes, brackets
# and title marks, the ellipsis). reportlab's CJK wrapping (wordWrap="CJK") hangs such a character
# at the end of the line before, but its list is Japanese: it lacks the full-width comma, colon,
# semicolon, question and exclamation marks and ” 》, so "，" started lines. Added to the list
# the paragraphs read (once, at import).
CHINESE_CANNOT_START = "，。、；：？！…—）》」』】〕〉’”·％"


def _chinese_line_breaking() -> None:
    # Two copies: textsplit's (one-font paragraphs) and the one paragraph.py imported (mixed fonts).
    for module in (textsplit, paragraph):
        missing = "".join(ch for ch in CHINESE_CANNOT_START if ch not in module.ALL_CANNOT_START)
        if missing:
            module.ALL_CANNOT_START += missing


_chinese_line_breaking()


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept, a character the
    style's font lacks in a fallback font. Raises fonts.GlyphMissing when no font has one."""
    # A full-width space would be collapsed like any other space: keep its width (form gaps).
    body = markup(text or "", style.fontName)
    return Paragraph(body.replace("\n", "<br/>").replace("\u3000", "\u00a0\u00a0\u00a0"), style)


def draw_string(
    c: Canvas, x: float, y: float, text: str, font: str, size: float, *, align: str = "left"
) -> None:
    """canvas.drawString (align "left", "centre" or "right" of x) with the fallback fonts of `para`."""
    pieces = runs(text, font)
    width = sum(c.stringWidth(piece, f, size) for f, piece in pieces)
    if align == "centre":
        x -= width / 2
    elif align == "right":
        x -= width
    for f, piece in pieces:
        c.setFont(f, size)
        c.drawString(x, y, piece)
        x += c.stringWidth(piece, f, size)
    c.setFont(font, size)


def text_width(text: str, font: str, size: float) -> float:
    return string_width(text, font, size)


# Punctuation that ends a sentence or a clause: a text already ending with one gets no "。" more.
_ENDS = "。！？；…!?;"
_CLAUSE_ENDS = "。，、；：,.;: "


def sentence(text: str) -> str:
    """`text` as a sentence: ended with "。" unless it already ends a sentence ("已修复。" stays)."""
    text = (text or "").rstrip()
    if not text:
        return ""
    if text[-1] in _ENDS or (text[-1] in "”）" and text[-2:-1] in _ENDS):
        return text
    return text + "。"


def clause(text: str) -> str:
    """`text` inside a sentence: its own closing punctuation dropped ("漏水。" -> "漏水")."""
    return (text or "").rstrip().rstrip(_CLAUSE_ENDS)


@dataclass(frozen=True, slots=True)
class Fitted:
    paragraph: Paragraph
    overflow: bool  # the text was cut: the rest goes on the attached sheet


def fit(text: str, style: ParagraphStyle, width: float, height: float) -> Fitted:
    """The paragraph of `text` if it fits width x height, else its longest prefix that does,
    ended with "……（续见附页）"."""
    text = (text or "").strip()
    whole = para(text, style)
    _, h = whole.wrap(width, height)
    if h <= height:
        return Fitted(whole, False)
    per_line = max(1, int(width / style.fontSize))
    lines = max(1, int(height / style.leading))
    lo, hi = 0, min(len(text), per_line * lines + 1)
    best = para(CONTINUED, style)
    while lo < hi:  # the largest n such that text[:n] + CONTINUED fits
        mid = (lo + hi + 1) // 2
        candidate = para(text[:mid].rstrip() + CONTINUED, style)
        if candidate.wrap(width, height)[1] <= height:
            lo, best = mid, candidate
        else:
            hi = mid - 1
    return Fitted(best, True)
