"""Rare characters in the window (issue 11): the application font names fallback fonts that have
them (刘䶮, 𨚕阳, 李𬌗 are drawn, not boxes), and printing a slip with a character no font has
says which one instead of printing it without."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont, QFontDatabase, QTextLayout
from PySide6.QtWidgets import QApplication

from desk_app.reports import fonts
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.app import choose_ui_font
from desk_app.ui.case_view import CaseView
from desk_app.ui.font_fallback import FALLBACK_FAMILIES
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf

RARE_TEXT = "刘䶮 𨚕阳小区 李𬌗"


@pytest.fixture
def installed_fallbacks(qapp: QApplication) -> list[str]:
    installed = [f for f in FALLBACK_FAMILIES if f in set(QFontDatabase.families())]
    if not installed:
        pytest.skip("no fallback font installed (fonts-hanazono: scripts/bootstrap.sh)")
    return installed


@pytest.fixture
def app_font(qapp: QApplication, installed_fallbacks: list[str]) -> Iterator[QFont]:
    """The font the desk sets on the application at start-up (restored afterwards)."""
    saved = QFont(qapp.font())
    yield choose_ui_font(qapp)
    qapp.setFont(saved)


def glyphs(font: QFont, text: str) -> list[tuple[str, int]]:
    """(font family, glyph index) of every glyph Qt lays out for `text`; index 0 is a missing glyph."""
    layout = QTextLayout(text, font)
    layout.beginLayout()
    layout.createLine().setLineWidth(10_000)
    layout.endLayout()
    return [(run.rawFont().familyName(), g) for run in layout.glyphRuns() for g in run.glyphIndexes()]


def test_the_application_font_names_the_installed_fallback_fonts(
    app_font: QFont, installed_fallbacks: list[str]
) -> None:
    assert app_font.families()[1:] == installed_fallbacks
    assert app_font.families()[0] == app_font.family()  # the main Chinese font stays first


def test_the_window_draws_every_rare_character(app_font: QFont, installed_fallbacks: list[str]) -> None:
    drawn = glyphs(app_font, RARE_TEXT.replace(" ", ""))
    assert len(drawn) == len(RARE_TEXT.replace(" ", ""))
    assert all(index != 0 for _, index in drawn), drawn
    assert {family for family, _ in drawn} & set(installed_fallbacks)


@pytest.fixture
def no_fallback_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fonts, "fallback_candidates", lambda: [])
    fonts.reset_fallbacks()
    yield
    monkeypatch.undo()
    fonts.reset_fallbacks()


def test_printing_a_slip_with_a_character_no_font_has_names_it(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, no_fallback_font: None
) -> None:  # type: ignore[no-untyped-def]
    unit = cf.add_unit(store, clerk)
    rid = cf.add_case(store, clerk, name="刘䶮", content="𨚕阳小区路灯不亮")
    cf.refer(store, clerk, rid, unit.id)
    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    previews: list[object] = []
    view.slip_previewed.connect(previews.append)
    view.print_slip_button.click()
    qtbot.waitUntil(lambda: view.banner.isVisible() and "U+" in view.banner.text.text(), timeout=10_000)
    message = view.banner.text.text()
    assert "“䶮”（U+4DAE）" in message and "刘䶮" in message
    assert previews == []  # nothing previewed, so nothing can be printed without the character
