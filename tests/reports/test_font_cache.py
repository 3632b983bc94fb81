"""The parsed CJK font kept between runs (reports/font_cache.py): the same face as a fresh parse,
and never a reason for a document to fail."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import needs_font, pdf_text
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from desk_app.reports import font_cache
from desk_app.reports.fonts import candidate_fonts

pytestmark = needs_font

SAMPLE = "亓张桂兰反映北京路社区电梯停运"


@pytest.fixture
def font_file() -> Path:
    return next(c.path for c in candidate_fonts() if c.path.is_file())


def _face_state(font: TTFont) -> dict[str, object]:
    return {k: v for k, v in vars(font.face).items() if k != "_pdfScale"}


def _pdf_with(font: TTFont, path: Path) -> Path:
    from reportlab.pdfbase import pdfmetrics

    pdfmetrics.registerFont(font)
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont(font.fontName, 14)
    c.drawString(72, 700, SAMPLE)
    c.save()
    return path


def test_a_face_read_from_the_cache_equals_a_fresh_parse(font_file: Path, tmp_path: Path) -> None:
    font_cache.load_ttfont("CacheA", font_file, directory=tmp_path)  # parses and stores
    assert list(tmp_path.glob("*.pickle")), "the parsed face was not stored"
    cached = font_cache.load_ttfont("CacheB", font_file, directory=tmp_path)
    fresh = TTFont("CacheC", str(font_file))

    assert _face_state(cached) == _face_state(fresh)
    assert [cached.face._pdfScale(v) for v in (0, 1, 977, 2048)] == [
        fresh.face._pdfScale(v) for v in (0, 1, 977, 2048)
    ]
    assert cached.fontName == "CacheB"
    assert {k for k in vars(cached)} == {k for k in vars(fresh)}


def test_a_pdf_drawn_with_the_cached_face_reads_back(font_file: Path, tmp_path: Path) -> None:
    font_cache.load_ttfont("CacheD", font_file, directory=tmp_path / "cache")
    cached = font_cache.load_ttfont("CacheE", font_file, directory=tmp_path / "cache")
    assert SAMPLE in pdf_text(_pdf_with(cached, tmp_path / "cached.pdf"))


def test_a_damaged_cache_is_parsed_again_and_rewritten(font_file: Path, tmp_path: Path) -> None:
    target = font_cache.cache_file(font_file, 0, tmp_path)
    tmp_path.mkdir(exist_ok=True)
    target.write_bytes(b"not a pickle at all")

    font = font_cache.load_ttfont("CacheF", font_file, directory=tmp_path)

    assert SAMPLE in pdf_text(_pdf_with(font, tmp_path / "after-damage.pdf"))
    assert target.read_bytes() != b"not a pickle at all"
    again = font_cache.load_ttfont("CacheG", font_file, directory=tmp_path)
    assert _face_state(again) == _face_state(font)


def test_an_unwritable_cache_folder_still_gives_the_font(font_file: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")

    font = font_cache.load_ttfont("CacheH", font_file, directory=blocker / "fonts")

    assert SAMPLE in pdf_text(_pdf_with(font, tmp_path / "no-cache.pdf"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["no-cache.pdf", "not-a-folder"]


def test_another_font_file_does_not_reuse_the_cache(font_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.ttc"
    copy.write_bytes(font_file.read_bytes())
    assert font_cache.cache_file(copy, 0, tmp_path) != font_cache.cache_file(font_file, 0, tmp_path)
    assert font_cache.cache_file(font_file, 1, tmp_path) != font_cache.cache_file(font_file, 0, tmp_path)


def test_cache_files_never_leave_parts_behind(font_file: Path, tmp_path: Path) -> None:
    font_cache.load_ttfont("CacheI", font_file, directory=tmp_path)
    assert [p.suffix for p in tmp_path.iterdir()] == [".pickle"]


def test_the_pdf_embeds_the_same_bytes_either_way(font_file: Path, tmp_path: Path) -> None:
    # The subset reportlab embeds comes from the face's tables: a cached face must embed the same.
    font_cache.load_ttfont("CacheJ", font_file, directory=tmp_path / "c")
    cached = font_cache.load_ttfont("CacheJ2", font_file, directory=tmp_path / "c")
    fresh = TTFont("CacheJ3", str(font_file))
    subset = [ord(ch) for ch in SAMPLE]
    assert cached.face.makeSubset(subset) == fresh.face.makeSubset(subset)
    assert len(cached.face.makeSubset(subset)) > 1000  # a real subset, not an empty font
