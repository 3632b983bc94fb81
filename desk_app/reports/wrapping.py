"""How many lines a text wraps to in a workbook's column, for row heights that show it whole.

Shared by the tally workbook and the committee's summary workbook; apart from summary_xlsx, whose
row types bring the case list's reads and records with them, which a command that exports a tally
does not need (issue 16, a CLI document command in < 0.5 s; docs/benchmarks.md).
"""

from __future__ import annotations


def text_width(text: str) -> int:
    """Width of a text in Excel's column units: a Chinese (wide) character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def lines_needed(text: str, width: float) -> int:
    """How many lines `text` wraps to in a column `width` units wide."""
    room = max(int(width) - 1, 1)
    return sum(max(1, -(-text_width(part) // room)) for part in text.split("\n"))
