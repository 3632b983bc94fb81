"""Finding a Chinese TrueType font to embed in PDFs, and fallback fonts for rare characters.

reportlab can embed TrueType outlines only (not the CFF outlines of Noto CJK), and a PDF that
merely names a font (STSong-Light) prints boxes on a machine without it. So the desk looks for a
TrueType CJK font on the machine, in this order: a path the user set, WenQuanYi (Debian's
fonts-wqy-microhei), SimSun and Microsoft YaHei (Windows). With none, `CjkFontMissing` says so
plainly instead of printing boxes.

The main font covers the common characters only (WenQuanYi: the basic CJK block; SimSun: the
BMP). Names and places use rarer ones: 䶮 (Extension A), 𨚕 (Extension B), 𬌗 (Extension E).
Without a glyph, reportlab draws the font's empty .notdef and the character silently vanishes
from the paper. So every text the desk prints is split into runs (`runs`): a character the main
font lacks is drawn in the first fallback font that has it (`fallback_candidates`, registered as
DeskCJKFallback1, 2, ... only when a document first needs one, parsed through the font cache), and
a character no font has stops the document with `GlyphMissing`, which names it.

Fallback fonts, in order (TrueType only, see above):
- Linux: BabelStone Han (Debian's fonts-babelstone-han; Chinese glyph forms, up to Extension H in
  part), then HanaMin A and B (fonts-hanazono; Extension A and B to F almost complete).
  scripts/bootstrap.sh and the .deb install fonts-hanazono; BabelStone Han is used when present.
- Windows: SimSun-ExtB (simsunb.ttf, Extension B, shipped with every Windows since Vista), then
  SimSun-ExtG (SimsunExtG.ttf, newer Windows 11: the later extensions). SimSun (simsun.ttc) itself
  has Extension A. Coverage per block: docs/printing.md.

Parsing a CJK font is reportlab's slowest step (~0.2-0.3 s for WenQuanYi's 30,000 glyphs, more on
a loaded PC), paid by every command that prints. The parsed face is therefore kept in the user's
cache folder (fonts.cache), keyed by the font file and the reportlab version, and read back in a
few milliseconds; a cache that cannot be read is ignored and rewritten.
"""

from __future__ import annotations

import os
import sys
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from html import escape
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFError

from desk_app.reports import font_cache
from desk_app.reports.font_errors import CjkFontMissing, GlyphMissing

FONT_NAME = "DeskCJK"
FALLBACK_PREFIX = "DeskCJKFallback"


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


def fallback_candidates() -> list[FontCandidate]:
    """The fonts tried, in order, for a character the main font lacks (see the module's docstring)."""
    linux = [
        Path("/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"),
        Path("/usr/share/fonts/truetype/hanazono/HanaMinA.ttf"),
        Path("/usr/share/fonts/truetype/hanazono/HanaMinB.ttf"),
    ]
    win = _windows_fonts_dir()
    windows = [win / "simsunb.ttf", win / "SimsunExtG.ttf"]
    ordered = windows + linux if sys.platform == "win32" else linux + windows
    return [FontCandidate(p) for p in ordered]


@cache
def register_cjk_font(configured_path: str | None = None) -> str:
    """Register the first usable CJK font with reportlab and return its font name."""
    _fix_to_unicode()
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


# -- characters the main font lacks ------------------------------------------------------------

# Nothing to draw: line breaks and other controls, format characters (zero-width joiners, marks),
# and variation selectors, which only pick a form of the character before them.
_NO_GLYPH_CATEGORIES = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _needs_no_glyph(ch: str) -> bool:
    cp = ord(ch)
    return (
        0xFE00 <= cp <= 0xFE0F or 0xE0100 <= cp <= 0xE01EF or unicodedata.category(ch) in _NO_GLYPH_CATEGORIES
    )


@dataclass(frozen=True, slots=True)
class _Fallback:
    name: str
    path: Path
    cmap: dict[int, int]


class _Fallbacks:
    """The fallback fonts, each parsed and registered the first time a character needs it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._loaded: list[_Fallback] = []
        self._next = 0  # index into candidates() of the next font to try
        self._candidates: list[FontCandidate] | None = None
        self._by_char: dict[int, str | None] = {}

    def candidates(self) -> list[FontCandidate]:
        if self._candidates is None:
            self._candidates = fallback_candidates()
        return self._candidates

    def tried(self) -> list[Path]:
        return [c.path for c in self.candidates()]

    def font_for(self, cp: int) -> str | None:
        """The name of the first fallback font with a glyph for `cp`, or None."""
        try:
            return self._by_char[cp]
        except KeyError:
            pass
        with self._lock:
            name = next((f.name for f in self._loaded if cp in f.cmap), None)
            while name is None and self._next < len(self.candidates()):
                loaded = self._load(self.candidates()[self._next])
                self._next += 1
                if loaded is not None and cp in loaded.cmap:
                    name = loaded.name
            self._by_char[cp] = name
            return name

    def _load(self, c: FontCandidate) -> _Fallback | None:
        if not c.path.is_file():
            return None
        name = f"{FALLBACK_PREFIX}{len(self._loaded) + 1}"
        try:
            font = font_cache.load_ttfont(name, c.path, c.subfont_index)
        except (TTFError, OSError):
            return None
        pdfmetrics.registerFont(font)
        loaded = _Fallback(name, c.path, font.face.charToGlyph)
        self._loaded.append(loaded)
        return loaded


_fallbacks = _Fallbacks()


def reset_fallbacks() -> None:
    """Forget the fallback fonts found so far (tests that change what is installed)."""
    global _fallbacks
    _fallbacks = _Fallbacks()


def _cmap(font_name: str) -> dict[int, int] | None:
    font = pdfmetrics.getFont(font_name)
    face = getattr(font, "face", None)
    return getattr(face, "charToGlyph", None)


def runs(text: str, font_name: str) -> list[tuple[str, str]]:
    """`text` as (font name, piece) runs: the main font where it has the glyph, else a fallback.

    Characters with nothing to draw (controls but the line break, variation selectors) are left
    out. Raises GlyphMissing when no font has a character (the text is not printable as it is)."""
    cmap = _cmap(font_name)
    if cmap is None:  # not a TrueType font of ours: draw as is
        return [(font_name, text)] if text else []
    out: list[tuple[str, str]] = []
    missing: list[str] = []
    current = font_name
    piece: list[str] = []
    for ch in text:
        cp = ord(ch)
        if cp in cmap or ch == "\n":
            font = font_name
        elif _needs_no_glyph(ch):
            continue
        else:
            found = _fallbacks.font_for(cp)
            if found is None:
                missing.append(ch)
                continue
            font = found
        if font != current and piece:
            out.append((current, "".join(piece)))
            piece = []
        current = font
        piece.append(ch)
    if missing:
        raise GlyphMissing(missing, text, _fallbacks.tried())
    if piece:
        out.append((current, "".join(piece)))
    return out


def markup(text: str, font_name: str) -> str:
    """Paragraph markup for plain `text`: escaped, each fallback run in its <font>."""
    return "".join(
        escape(piece, quote=False)
        if font == font_name
        else f'<font name="{font}">{escape(piece, quote=False)}</font>'
        for font, piece in runs(text, font_name)
    )


def check_printable(texts: Iterable[str], font_name: str) -> None:
    """Raise GlyphMissing for the first text with a character no font has."""
    for text in texts:
        if text:
            runs(text, font_name)


def string_width(text: str, font_name: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(piece, font, size) for font, piece in runs(text, font_name))


# -- reportlab's ToUnicode map for characters beyond the BMP -----------------------------------


def _to_unicode_hex(cp: int) -> str:
    """The UTF-16BE hex of a code point, as a ToUnicode CMap wants it (a surrogate pair above U+FFFF)."""
    return "".join(f"{b:02X}" for b in chr(cp).encode("utf-16-be"))


def _make_to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    # reportlab's own writes each code point as "%04X": U+28695 becomes <28695>, which readers take
    # as <2869> (another character), so copied or searched text of a rare character is wrong.
    cmap = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo",
        f"<< /Registry ({fontname})",
        f"/Ordering ({fontname})",
        "/Supplement 0",
        ">> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        f"<00> <{len(subset) - 1:02X}>",
        "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_to_unicode_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(cmap)


def _fix_to_unicode() -> None:
    """Use _make_to_unicode_cmap unless this reportlab already writes surrogate pairs."""
    original = ttfonts.makeToUnicodeCMap
    if original is _make_to_unicode_cmap or "<D861DE95>" in original("F", [0x28695]):
        return
    ttfonts.makeToUnicodeCMap = _make_to_unicode_cmap


__all__ = [
    "FONT_NAME",
    "CjkFontMissing",
    "GlyphMissing",
    "check_printable",
    "markup",
    "register_cjk_font",
    "runs",
    "string_width",
]
