"""Cells styled through reports.cell_styles.Stamps come out as if each attribute had been set on
each cell: the same styles read back, and the same style tables in the saved workbook."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side

from desk_app.reports.cell_styles import Stamps

THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
FILL = PatternFill("solid", fgColor="DDEBF7")
RIGHT = Alignment(horizontal="right")
WRAP = Alignment(wrap_text=True)
# Per row: a head cell, then a percentage, then a count: three styles, each worn many times (the
# last two set the same attributes to different values).
STYLES: list[dict[str, object]] = [
    {"font": BOLD, "fill": FILL, "border": GRID},
    {"number_format": "0.00%", "border": GRID, "alignment": RIGHT},
    {"number_format": "0", "border": GRID, "alignment": WRAP},
]


def _workbook(path: Path, stamps: Stamps | None) -> None:
    wb = Workbook()
    ws = wb.active
    for row in range(1, 30):
        for col, style in enumerate(STYLES, start=1):
            cell = ws.cell(row, col, row * col)
            if stamps is None:
                for name, value in style.items():
                    setattr(cell, name, value)
            else:
                stamps.apply(cell, **style)
    wb.save(path)


def test_stamped_cells_read_back_with_their_styles(tmp_path: Path) -> None:
    _workbook(tmp_path / "stamped.xlsx", Stamps())
    ws = load_workbook(tmp_path / "stamped.xlsx").active
    for row in (1, 17, 29):
        head, rate, count = ws.cell(row, 1), ws.cell(row, 2), ws.cell(row, 3)
        assert head.font.b and head.fill.fgColor.rgb == "00DDEBF7" and head.border.left.style == "thin"
        assert rate.number_format == "0.00%" and rate.alignment.horizontal == "right"
        assert count.number_format == "0" and count.border.bottom.color.rgb == "00999999"
        assert count.alignment.wrap_text and count.alignment.horizontal is None and not count.font.b


def test_the_workbook_is_the_one_setting_each_attribute_writes(tmp_path: Path) -> None:
    _workbook(tmp_path / "set.xlsx", None)
    _workbook(tmp_path / "stamped.xlsx", Stamps())
    with zipfile.ZipFile(tmp_path / "set.xlsx") as a, zipfile.ZipFile(tmp_path / "stamped.xlsx") as b:
        for part in ("xl/styles.xml", "xl/worksheets/sheet1.xml"):
            assert a.read(part) == b.read(part), part
