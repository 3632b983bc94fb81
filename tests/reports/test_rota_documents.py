"""The rota as a wall PDF (Chinese embedded, read back with pdftotext) and as Excel."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk_app.reports.fonts import CjkFontMissing, register_cjk_font
from desk_app.reports.rota_pdf import write_rota_pdf
from desk_app.reports.rota_xlsx import write_rota_xlsx
from desk_app.storage.rota_records import RotaSheetRow

STATION = "浉河区五星街道人大代表监督岗"
ROWS = [
    RotaSheetRow("s1", STATION, date(2026, 10, 10), "morning", ("王建国", "李秀英"), 0),
    RotaSheetRow("s1", STATION, date(2026, 10, 14), "full_day", ("赵一",), 1),
]


def _font_available() -> bool:
    try:
        register_cjk_font()
    except CjkFontMissing:
        return False
    return True


needs_font = pytest.mark.skipif(not _font_available(), reason="no Chinese TrueType font on this machine")


def pdf_text(path: Path) -> str:
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed to read PDFs back"
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


@needs_font
def test_pdf_has_station_month_and_deputies(tmp_path: Path) -> None:
    path = tmp_path / "rota.pdf"
    write_rota_pdf(path, ROWS, period_label="2026年10月", printed_on=date(2026, 9, 30))
    text = pdf_text(path)
    for expected in (
        STATION,
        "2026年10月代表值班表",
        "王建国、李秀英",
        "赵一",
        "10月10日",
        "星期六",
        "全天",
        "缺1人",
    ):
        assert expected in text, expected


@needs_font
def test_pdf_embeds_the_font(tmp_path: Path) -> None:
    path = tmp_path / "rota.pdf"
    write_rota_pdf(path, ROWS, period_label="2026年10月")
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    truetype = [line.split() for line in fonts.splitlines() if " TrueType " in line]
    assert truetype and all(cols[-5] == "yes" for cols in truetype)  # the "emb" column


@needs_font
def test_empty_pdf_still_names_the_station(tmp_path: Path) -> None:
    path = tmp_path / "rota.pdf"
    write_rota_pdf(path, [], period_label="2026年10月", fallback_station=STATION)
    text = pdf_text(path)
    assert STATION in text and "本期没有值班安排" in text


def test_missing_font_is_a_plain_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desk_app.reports import fonts, rota_pdf

    def no_font(_path: str | None = None) -> str:
        raise CjkFontMissing([Path("/nowhere.ttc")])

    monkeypatch.setattr(rota_pdf, "register_cjk_font", no_font)
    assert fonts.CjkFontMissing is CjkFontMissing
    with pytest.raises(CjkFontMissing):
        write_rota_pdf(tmp_path / "rota.pdf", ROWS, period_label="2026年10月")
    assert not (tmp_path / "rota.pdf").exists()


def test_xlsx_rows_read_back(tmp_path: Path) -> None:
    path = tmp_path / "rota.xlsx"
    write_rota_xlsx(path, ROWS, period_label="2026年10月")
    ws = load_workbook(path).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("站点", "日期", "星期", "时段", "值班代表", "缺额")
    assert rows[1] == (STATION, datetime(2026, 10, 10), "星期六", "上午", "王建国、李秀英", 0)
    assert rows[2][4] == "赵一　（缺1人）" and rows[2][5] == 1


def test_xlsx_is_set_up_for_printing(tmp_path: Path) -> None:
    path = tmp_path / "rota.xlsx"
    write_rota_xlsx(path, ROWS, period_label="2026年10月")
    ws = load_workbook(path).active
    assert ws.freeze_panes == "A2"
    assert ws["B2"].number_format == "yyyy-mm-dd"
    assert int(ws.page_setup.paperSize) == 9  # A4
    assert ws.column_dimensions["E"].width >= 40
