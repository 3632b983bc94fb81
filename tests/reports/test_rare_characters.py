"""Names and places with characters beyond the main font (issue 11): 䶮 (CJK Extension A),
𨚕 (Extension B), 𬌗 (Extension E). Printed in a fallback TrueType font, embedded, and read back
as the same characters; with no font that has one, the document is refused and names it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from pdf_inspect import pdf_fonts
from report_helpers import flat, make_cases, needs_font, pdf_text

from desk_app.reports import font_cache, fonts
from desk_app.reports.documents import print_referral_slip, print_tally
from desk_app.reports.fonts import FONT_NAME, GlyphMissing, register_cjk_font, runs
from desk_app.reports.rota_pdf import write_rota_pdf
from desk_app.storage.records import OperatorInfo
from desk_app.storage.rota_records import RotaSheetRow
from desk_app.storage.store import DeskStore

pytestmark = needs_font

RARE = "䶮𨚕𬌗"


def _has_fallback() -> bool:
    register_cjk_font()
    try:
        runs(RARE, FONT_NAME)
    except GlyphMissing:
        return False
    return True


needs_fallback = pytest.mark.skipif(
    not _has_fallback(), reason="no fallback font with Extension A-E (fonts-hanazono: scripts/bootstrap.sh)"
)


@pytest.fixture
def no_fallback_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A machine with the main Chinese font only (no BabelStone Han, no HanaMin, no SimSun-ExtB)."""
    monkeypatch.setattr(fonts, "fallback_candidates", lambda: [])
    fonts.reset_fallbacks()
    yield
    monkeypatch.undo()
    fonts.reset_fallbacks()


def _rare_case(store: DeskStore, clerk: OperatorInfo, clock: object) -> str:
    c = make_cases(store, clerk, clock)
    rid = c.register(
        datetime(2026, 11, 16, 9, 30),
        "𨚕阳小区3号楼电梯停运，李𬌗代表已到现场查看。",
        citizen_name="刘䶮",
        citizen_phone="13903761234",
        citizen_address="五星街道𨚕阳小区3号楼",
    )
    return c.refer(rid, date(2026, 11, 17), days=10)


@needs_fallback
def test_the_main_font_lacks_them_so_a_fallback_draws_them() -> None:
    register_cjk_font()
    assert {font for font, _ in runs(RARE, FONT_NAME)} - {FONT_NAME}


@needs_fallback
def test_a_slip_prints_every_rare_character(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=_rare_case(store, clerk, clock))
    text = flat(pdf_text(path))
    for expected in ("刘䶮", "五星街道𨚕阳小区3号楼", "𨚕阳小区3号楼电梯停运，李𬌗代表已到现场查看。"):
        assert expected in text, expected


@needs_fallback
def test_the_fallback_font_is_embedded(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, serial=_rare_case(store, clerk, clock))
    listed = pdf_fonts(path)
    assert len({f.name.split("+")[-1] for f in listed}) >= 2  # the main font and a fallback
    assert all(f.embedded for f in listed), listed


@needs_fallback
def test_a_rota_prints_a_deputy_with_a_rare_character(tmp_path: Path) -> None:
    path = tmp_path / "rota.pdf"
    rows = [RotaSheetRow("s1", "𨚕阳社区人大代表工作站", date(2026, 10, 10), "morning", ("李𬌗", "刘䶮"), 0)]
    write_rota_pdf(path, rows, period_label="2026年10月")
    text = pdf_text(path)
    assert "李𬌗、刘䶮" in text and "𨚕阳社区人大代表工作站" in text


@needs_fallback
def test_a_tally_prints_a_unit_with_a_rare_character(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    from desk_app.domain.tally import month_period

    c = make_cases(store, clerk, clock)
    unit = store.save_handling_unit(by=clerk.id, name="𨚕阳社区居委会")
    rid = c.register(datetime(2026, 10, 12, 9), "路灯不亮", citizen_name="刘䶮")
    c.refer(rid, date(2026, 10, 13), unit_id=unit.id)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    assert "𨚕阳社区居委会" in flat(pdf_text(path))


@needs_fallback
def test_the_fallback_font_is_read_from_the_font_cache_the_second_time(tmp_path: Path) -> None:
    path = next(c.path for c in fonts.fallback_candidates() if c.path.is_file())
    fresh = font_cache.load_ttfont("RareA", path, directory=tmp_path)  # parses and stores
    assert font_cache.cache_file(path, 0, tmp_path).is_file()
    cached = font_cache.load_ttfont("RareB", path, directory=tmp_path)
    assert cached.face.charToGlyph == fresh.face.charToGlyph


def test_fallback_fonts_are_parsed_through_the_font_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[Path] = []
    real = font_cache.load_ttfont

    def spy(name: str, path: Path, subfont_index: int = 0, directory: Path | None = None):  # type: ignore[no-untyped-def]
        seen.append(path)
        return real(name, path, subfont_index, directory)

    monkeypatch.setattr(font_cache, "load_ttfont", spy)
    fonts.reset_fallbacks()
    try:
        register_cjk_font()
        with contextlib.suppress(GlyphMissing):  # with no fallback installed: nothing loaded
            runs("𨚕", FONT_NAME)
        installed = [c.path for c in fonts.fallback_candidates() if c.path.is_file()]
        assert seen == installed[: len(seen)] and (seen or not installed)
    finally:
        monkeypatch.undo()
        fonts.reset_fallbacks()


def test_a_character_no_font_has_refuses_the_slip_and_names_it(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path, no_fallback_font: None
) -> None:
    serial = _rare_case(store, clerk, clock)
    path = tmp_path / "slip.pdf"
    with pytest.raises(GlyphMissing) as refused:
        print_referral_slip(store, path, serial=serial)
    assert "䶮" in refused.value.chars and "U+4DAE" in refused.value.message_zh
    assert "刘䶮" in refused.value.message_zh
    assert not path.exists() and not list(tmp_path.glob(".*.part"))


def test_a_character_no_font_has_refuses_the_rota(tmp_path: Path, no_fallback_font: None) -> None:
    path = tmp_path / "rota.pdf"
    rows = [RotaSheetRow("s1", "五星街道", date(2026, 10, 10), "morning", ("李𬌗",), 0)]
    with pytest.raises(GlyphMissing) as refused:
        write_rota_pdf(path, rows, period_label="2026年10月")
    assert refused.value.chars == ("𬌗",) and "U+2C317" in refused.value.message_zh
    assert not path.exists()


def test_characters_with_nothing_to_draw_are_not_refused(no_fallback_font: None) -> None:
    register_cjk_font()
    # A variation selector, a zero-width joiner and a line break: no glyph needed, nothing refused.
    drawn = "".join(p for _, p in runs("张\ufe00三\u200d\n李", FONT_NAME))
    assert drawn.replace("\u200d", "") == "张三\n李"
