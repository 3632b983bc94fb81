"""`desk-app print codes`: the public channel's poster and deputies' table cards (issue 12), against
a real data folder (the command run in this process: tests/cli_inprocess.py)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from desk_app.storage.public_store import PublicStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
from report_helpers import needs_font, pdf_text  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, data_dir: Path) -> Path:
    store.save_deputy(by=clerk.id, name="何秀英", level="city")
    store.close()
    return data_dir


@needs_font
def test_the_poster_carries_the_stations_link(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "codes.pdf"
    result = desk_app(desk, "print", "codes", "--base-url", "https://rd.example.gov.cn/", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "有事请扫码" in text
    assert re.search(r"https://rd\.example\.gov\.cn/p/[A-Za-z0-9_-]{22}", text)


@needs_font
def test_a_deputys_card_names_the_deputy(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "cards.pdf"
    result = desk_app(
        desk,
        "print",
        "codes",
        "--base-url",
        "https://rd.example.gov.cn",
        "--deputy",
        "何秀英",
        "--no-poster",
        "-o",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert "何秀英" in pdf_text(out) and "有事扫码找代表" in pdf_text(out)


@needs_font
def test_printing_again_keeps_the_same_codes(desk: Path, tmp_path: Path) -> None:
    for name in ("a.pdf", "b.pdf"):
        desk_app(
            desk, "print", "codes", "--base-url", "https://rd.example.gov.cn", "-o", str(tmp_path / name)
        )
    store = DeskStore.open(desk)
    try:
        assert len(PublicStore(store).links()) == 1
        assert PublicStore(store).base_url() == "https://rd.example.gov.cn"
    finally:
        store.close()


def test_the_public_address_is_needed_once(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "print", "codes", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode != 0 and "--base-url" in result.stderr
