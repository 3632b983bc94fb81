"""The two ways a PDF cannot be made for want of a font (desk_app.reports.fonts finds the fonts).

Kept apart from fonts.py, which loads reportlab: the command line catches these around every
document, and a command that writes only a workbook should not load reportlab for that (issue 16,
a CLI document command in < 0.5 s). fonts.py re-exports both.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from pathlib import Path


class CjkFontMissing(Exception):
    """No usable Chinese TrueType font: documents would print empty boxes."""

    def __init__(self, tried: list[Path]) -> None:
        super().__init__("no Chinese TrueType font found; tried: " + ", ".join(map(str, tried)))
        self.tried = tried


class GlyphMissing(CjkFontMissing):
    """A character no font on the machine can draw: printed, it would silently vanish.

    A CjkFontMissing, so every caller that refuses a document without a Chinese font refuses this
    one too; `message_zh` names the characters and the text they are in."""

    def __init__(self, chars: Iterable[str], text: str, tried: list[Path]) -> None:
        self.chars = tuple(dict.fromkeys(chars))
        self.text = text
        Exception.__init__(self, "no font has a glyph for " + ", ".join(map(char_name, self.chars)))
        self.tried = tried

    @property
    def chars_text(self) -> str:
        """“𠀾”（U+2003E）、… : the characters as the message shows them."""
        return "、".join(f"“{ch}”（{char_code(ch)}）" for ch in self.chars)

    @property
    def context(self) -> str:
        """The text the characters are in, shortened around the first of them."""
        at = self.text.find(self.chars[0]) if self.chars else 0
        start = max(0, at - 10)
        snippet = self.text[start : start + 24].replace("\n", " ")
        return ("…" if start else "") + snippet + ("…" if start + 24 < len(self.text) else "")

    @property
    def message_zh(self) -> str:
        return (
            f"无法打印：“{self.context}”中的{self.chars_text}在本机所有字体中都没有字形，打印出来会缺字。"
            "请安装含这些字的字体（如 fonts-hanazono），或改用其他写法后再打印。"
        )


def char_code(ch: str) -> str:
    return f"U+{ord(ch):04X}"


def char_name(ch: str) -> str:
    return f"{ch} ({char_code(ch)} {unicodedata.name(ch, 'unnamed')})"
