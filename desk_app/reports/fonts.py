"""Finding a Chinese TrueType font to embed in PDFs.

reportlab can embed TrueType outlines only (not the CFF outlines of Noto CJK), and a PDF that
merely names a font (STSong-Light) prints boxes on a machine without it. So the desk looks for a
TrueType CJK font on the machine, in this order: a path the user set, WenQuanYi (Debian's
fonts-wqy-microhei), SimSun and Microsoft YaHei (Windows). With none, `CjkFontMissing` says so
plainly instead of printing boxes.

Parsing a CJK font is reportlab's slowest step (~0.2-0.3 s for WenQuanYi's 30,000 glyphs, more on
a loaded PC), paid by every command that prints. The parsed face is therefore kept in the user's
cache folder (fonts.cache), keyed by the font file and the reportlab version, and read back in a
few milliseconds; a cache that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError

from desk_app.reports import font_cache

FONT_NAME = "DeskCJK"


@dataclass(frozen=True, slots=True)
class FontCandidate:
    path: Path
    subfont_index: int = 0


def _windows_fonts_dir() -> Path:
    return Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts"


def candidate_fonts() -> list[FontCandidate]:
    linux = [
        Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
        Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        Path("/usr/share/fonts/wqy-microhei/wqy-microhei.ttc"),
    ]
    win = _windows_fonts_dir()
    windows = [win / "simsun.ttc", win / "msyh.ttc", win / "simhei.ttf", win / "msyh.ttf"]
    ordered = windows + linux if sys.platform == "win32" else linux + windows
    return [FontCandidate(p) for p in ordered]


class CjkFontMissing(Exception):
    """No usable Chinese TrueType font: documents would print empty boxes."""

    def __init__(self, tried: list[Path]) -> None:
        super().__init__("no Chinese TrueType font found; tried: " + ", ".join(map(str, tried)))
        self.tried = tried


@cache
def register_cjk_font(configured_path: str | None = None) -> str:
    """Register the first usable CJK font with reportlab and return its font name."""
    candidates = [FontCandidate(Path(configured_path))] if configured_path else []
    candidates += candidate_fonts()
    tried = []
    for c in candidates:
        tried.append(c.path)
        if not c.path.is_file():
            continue
        try:
            pdfmetrics.registerFont(font_cache.load_ttfont(FONT_NAME, c.path, c.subfont_index))
        except (TTFError, OSError):
            continue
        return FONT_NAME
    raise CjkFontMissing(tried)
