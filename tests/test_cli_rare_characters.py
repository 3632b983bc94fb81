"""`desk-app print referral` of a case whose name has a character no font on the machine has:
refused with a message naming the character, nothing written (the command run in this process:
tests/cli_inprocess.py, so the machine's fallback fonts can be hidden)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest

from desk_app.reports import fonts
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
from report_helpers import flat, make_cases, needs_font, pdf_text  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402

pytestmark = needs_font


@pytest.fixture
def rare(store: DeskStore, clerk: OperatorInfo, clock: object, data_dir: Path) -> tuple[Path, str]:
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 11, 16, 9), "楼道灯坏了", citizen_name="刘䶮", citizen_address="𨚕阳小区")
    serial = c.refer(rid, date(2026, 11, 17))
    store.close()
    return data_dir, serial


@pytest.fixture
def no_fallback_font(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(fonts, "fallback_candidates", lambda: [])
    fonts.reset_fallbacks()
    yield
    monkeypatch.undo()
    fonts.reset_fallbacks()


def test_print_referral_refuses_a_character_no_font_has_and_names_it(
    rare: tuple[Path, str], tmp_path: Path, no_fallback_font: None
) -> None:
    data_dir, serial = rare
    out = tmp_path / "slip.pdf"
    result = desk_app(data_dir, "print", "referral", serial, "-o", str(out))
    assert result.returncode == 1
    assert "无法打印" in result.stderr and "“䶮”（U+4DAE）" in result.stderr and "刘䶮" in result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_print_referral_prints_it_with_a_fallback_font(rare: tuple[Path, str], tmp_path: Path) -> None:
    data_dir, serial = rare
    fonts.reset_fallbacks()
    if not fonts.fallback_candidates() or not any(c.path.is_file() for c in fonts.fallback_candidates()):
        pytest.skip("no fallback font installed (fonts-hanazono: scripts/bootstrap.sh)")
    out = tmp_path / "slip.pdf"
    result = desk_app(data_dir, "print", "referral", serial, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(out))
    assert "刘䶮" in text and "𨚕阳小区" in text
