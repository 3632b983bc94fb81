"""Rare Chinese characters in the window: the fonts Qt falls back to for what the main font lacks.

WenQuanYi Micro Hei (and Microsoft YaHei on Windows) draw the common characters only; a citizen
named 刘䶮 (Extension A) or living in 𨚕阳小区 (Extension B) would show as empty boxes. Qt asks
fontconfig for a fallback on Linux, but on Windows its fallback list for Han does not reach the
supplementary planes. So the application font names its fallbacks itself (QFont.setFamilies), the
same fonts the PDFs embed (desk_app/reports/fonts.py):

- Linux: BabelStone Han (fonts-babelstone-han), HanaMinA and HanaMinB (fonts-hanazono, installed
  by scripts/bootstrap.sh and required by the .deb).
- Windows: SimSun-ExtB (simsunb.ttf, Extension B, every Windows since Vista) and SimSun-ExtG
  (newer Windows 11); SimSun itself has Extension A.
"""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

FALLBACK_FAMILIES = ("SimSun", "SimSun-ExtB", "SimSun-ExtG", "BabelStone Han", "HanaMinA", "HanaMinB")


def with_fallbacks(font: QFont) -> QFont:
    """`font` with the installed FALLBACK_FAMILIES after its own family (the main font stays first)."""
    installed = set(QFontDatabase.families())
    families = [font.family()]
    families += [f for f in FALLBACK_FAMILIES if f in installed and f not in families]
    font = QFont(font)
    font.setFamilies(families)
    return font
