"""One way of writing numbers for the PDF and Excel (issue 11, domain/numfmt.py): no thousands
separator, signed changes, a rate's change in percentage points. Excel's side is checked by a
real second reader: LibreOffice shows each cell as text (CSV "as shown"), compared with the
characters the PDF prints."""

from __future__ import annotations

import csv
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook
from report_helpers import needs_font, october_desk, pdf_text

from desk_app.domain import numfmt
from desk_app.domain.tally import MEASURES, measure_text, month_period
from desk_app.reports.documents import export_tally, print_tally
from desk_app.reports.tally_text import change_text
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

needs_libreoffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) not installed"
)


def shown_by_libreoffice(xlsx: Path, tmp_path: Path) -> list[list[str]]:
    """The first sheet's cells as LibreOffice shows them (number formats applied)."""
    out = tmp_path / "csv"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",  # its own: parallel runs never block
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true",  # UTF-8, cells as shown
            "--outdir",
            str(out),
            str(xlsx),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    with (out / (xlsx.stem + ".csv")).open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (numfmt.count_text(14500), "14500"),
        (numfmt.count_change_text(12), "+12"),
        (numfmt.count_change_text(-3), "-3"),
        (numfmt.count_change_text(0), "0"),
        (numfmt.rate_text(Decimal("82.37")), "82.37%"),
        (numfmt.rate_text(Decimal("100")), "100.00%"),
        (numfmt.rate_text(None), "—"),
        (numfmt.rate_change_text(Decimal("1.25")), "+1.25个百分点"),
        (numfmt.rate_change_text(Decimal("-0.5")), "-0.50个百分点"),
        (numfmt.rate_change_text(Decimal("0.00")), "0.00个百分点"),
        (numfmt.rate_change_text(None), "—"),
    ],
)
def test_the_text_of_a_figure(text: str, expected: str) -> None:
    assert text == expected


@needs_libreoffice
def test_every_excel_format_shows_what_the_pdf_prints(tmp_path: Path) -> None:
    rows: list[tuple[object, str, str]] = [
        (14500, numfmt.COUNT_FORMAT, numfmt.count_text(14500)),
        (1234567, numfmt.COUNT_FORMAT, numfmt.count_text(1234567)),
        (12, numfmt.COUNT_CHANGE_FORMAT, numfmt.count_change_text(12)),
        (-1500, numfmt.COUNT_CHANGE_FORMAT, numfmt.count_change_text(-1500)),
        (0, numfmt.COUNT_CHANGE_FORMAT, numfmt.count_change_text(0)),
        (numfmt.rate_cell(Decimal("82.37")), numfmt.RATE_FORMAT, numfmt.rate_text(Decimal("82.37"))),
        (numfmt.rate_cell(Decimal("100.00")), numfmt.RATE_FORMAT, numfmt.rate_text(Decimal("100.00"))),
        (numfmt.rate_change_cell(Decimal("1.25")), numfmt.RATE_CHANGE_FORMAT, "+1.25个百分点"),
        (numfmt.rate_change_cell(Decimal("-12.5")), numfmt.RATE_CHANGE_FORMAT, "-12.50个百分点"),
        (numfmt.rate_change_cell(Decimal("0")), numfmt.RATE_CHANGE_FORMAT, "0.00个百分点"),
    ]
    wb = Workbook()
    ws = wb.active
    for i, (value, fmt, _) in enumerate(rows, start=1):
        ws.cell(i, 1, value).number_format = fmt
    path = tmp_path / "formats.xlsx"
    wb.save(path)
    shown = [row[0] for row in shown_by_libreoffice(path, tmp_path)]
    assert shown == [text for _, _, text in rows]


@pytest.fixture
def october(store: DeskStore, clerk: OperatorInfo, clock: object) -> DeskStore:
    october_desk(store, clerk, clock)
    return store


@needs_font
@needs_libreoffice
def test_the_tally_in_excel_shows_the_figures_as_the_pdf_prints_them(
    october: DeskStore, tmp_path: Path
) -> None:
    period = month_period(2026, 10)
    xlsx, pdf = tmp_path / "tally.xlsx", tmp_path / "tally.pdf"
    tally = export_tally(october, xlsx, period)
    print_tally(october, pdf, period)
    # The main table's rows as printed: label, 本期, 上期, 环比增减, 去年同期, 同比增减 on one line
    # of the first page.
    printed = {
        line.split()[0]: line.split()[1:]
        for line in pdf_text(pdf, 1, 1, layout=True).splitlines()
        if len(line.split()) == 6
    }
    shown = {row[0]: row[1:6] for row in shown_by_libreoffice(xlsx, tmp_path) if row}
    for m in MEASURES:
        paper = [
            measure_text(tally.current, m.key),
            measure_text(tally.previous, m.key),
            change_text(m.key, tally.current, tally.previous),
            measure_text(tally.year_ago, m.key),
            change_text(m.key, tally.current, tally.year_ago),
        ]
        assert printed[m.label] == paper, m.label
        assert shown[m.label] == paper, m.label
