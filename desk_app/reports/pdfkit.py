"""Small helpers shared by the desk's PDFs: Chinese dates, safe paragraphs, text that must fit a box."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

CONTINUED = "……（续见附页）"


def zh_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_datetime(at: datetime | None) -> str:
    if at is None:
        return ""
    return f"{zh_date(at)} {at.hour:02d}:{at.minute:02d}"


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text: markup characters escaped, line breaks kept."""
    # A full-width space would be collapsed like any other space: keep its width (form gaps).
    return Paragraph(escape(text or "").replace("\n", "<br/>").replace("\u3000", "\u00a0\u00a0\u00a0"), style)


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
