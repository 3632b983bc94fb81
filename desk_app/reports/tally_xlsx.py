"""The monthly tally as an Excel workbook: the same Tally the PDF prints, numbers as numbers.

Rates are written as fractions with the format 0.00% (82.37% is the number 0.8237), counts as
integers; a rate with nothing to divide by is the text "—", as on paper. Every format is
domain.numfmt's, the one the PDF's text follows: a cell shows what the paper shows (no thousands
separator, +12 / -3 / 0, +1.25个百分点 — a rate's change is written in points).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from desk_app.domain import numfmt
from desk_app.domain.periods import KIND_ZH, PeriodKind
from desk_app.domain.tally import (
    CASE_BREAKDOWN_KEYS,
    MEASURE_BY_KEY,
    MEASURES,
    NO_RATE,
    SATISFACTION_DEFINITION,
    UNIT_BREAKDOWN_KEYS,
    UNIT_LEVELS_HEAD,
    BreakdownRow,
    Figures,
    Tally,
    measure_value,
)
from desk_app.reports.cell_styles import Stamps
from desk_app.reports.tally_text import change_value, period_line, short_label
from desk_app.reports.wrapping import lines_needed

PERCENT = numfmt.RATE_FORMAT
COUNT = numfmt.COUNT_FORMAT
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
BOLD = Font(bold=True)
THIN = Side(style="thin", color="999999")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right")
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
WRAP_CENTRE = Alignment(wrap_text=True, vertical="center")


def cell_value(figures: Figures, key: str) -> int | float | str:
    """What a cell holds: an int, a rate as a fraction (0.8237), or "—"."""
    value = measure_value(figures, key)
    if MEASURE_BY_KEY[key].is_rate:
        return NO_RATE if value is None else float(Decimal(value) / 100)
    return int(value or 0)


def number_format(key: str) -> str:
    return PERCENT if MEASURE_BY_KEY[key].is_rate else COUNT


def change_cell(key: str, current: Figures, previous: Figures) -> tuple[int | float | str, str]:
    """The 增减 cell of a figure: its value and number format (shown as tally_text.change_text)."""
    diff = change_value(key, current, previous)
    if MEASURE_BY_KEY[key].is_rate:
        return numfmt.rate_change_cell(diff), numfmt.RATE_CHANGE_FORMAT  # type: ignore[arg-type]
    return int(diff or 0), numfmt.COUNT_CHANGE_FORMAT


def print_setup(ws: Worksheet, *, landscape: bool, title_rows: str | None = None) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE if landscape else ws.ORIENTATION_PORTRAIT
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    if title_rows:
        ws.print_title_rows = title_rows


def _head(ws: Worksheet, row: int, values: Sequence[str], stamps: Stamps) -> None:
    for col, value in enumerate(values, start=1):
        stamps.apply(ws.cell(row, col, value), font=BOLD, fill=HEAD_FILL, border=GRID, alignment=HEAD_ALIGN)


def _page_furniture(ws: Worksheet, tally: Tally) -> None:
    ws.oddHeader.left.text = f"{tally.title}　统计截至：{tally.as_of:%Y-%m-%d}"
    ws.oddHeader.left.size = 9
    ws.oddFooter.center.text = "&A 第 &P 页，共 &N 页"
    ws.oddFooter.center.size = 9


SHEET_WIDTHS = (22, 12, 12, 12, 12, 12, 70)  # 指标 本期 上期 环比 去年同期 同比 口径


def write_summary_sheet(ws: Worksheet, tally: Tally, stamps: Stamps) -> None:
    """指标 | 本期 | 上期 | 环比增减 | 去年同期 | 同比增减 | 口径, under a title; the tally's first sheet."""
    last = get_column_letter(len(SHEET_WIDTHS))
    ws["A1"] = tally.title
    ws["A1"].font = Font(bold=True, size=14)
    ws["A2"] = period_line(tally).replace("\n", "　")
    ws["A2"].alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A1:{last}1")
    ws.merge_cells(f"A2:{last}2")
    ws.row_dimensions[2].height = lines_needed(ws["A2"].value, sum(SHEET_WIDTHS)) * 15 + 3
    if len(tally.stations) > 1:
        ws["A3"] = "统计范围：" + "、".join(tally.stations)
    _head(ws, 4, ["指标", "本期", "上期", "环比增减", "去年同期", "同比增减", "统计口径"], stamps)
    for i, m in enumerate(MEASURES, start=5):
        cur, prev = cell_value(tally.current, m.key), cell_value(tally.previous, m.key)
        ago = cell_value(tally.year_ago, m.key)
        diff, diff_format = change_cell(m.key, tally.current, tally.previous)
        diff_ago, _ = change_cell(m.key, tally.current, tally.year_ago)
        values: list[int | float | str] = [m.label, cur, prev, diff, ago, diff_ago, m.definition]
        for col, value in enumerate(values, start=1):
            c = ws.cell(i, col, value)
            if 2 <= col <= 6:
                change = col in (4, 6)
                fmt = diff_format if change else number_format(m.key)
                stamps.apply(c, border=GRID, number_format=fmt, alignment=RIGHT)
            elif col == 7:
                stamps.apply(c, border=GRID, alignment=WRAP_TOP)
            else:
                stamps.apply(c, border=GRID)
        lines = lines_needed(m.definition, SHEET_WIDTHS[-1])
        if lines > 1:
            ws.row_dimensions[i].height = lines * 15 + 3
    note = 5 + len(MEASURES) + 1
    ws.cell(note, 1, "满意率口径：" + SATISFACTION_DEFINITION).font = Font(bold=True, color="2F5597")
    ws.cell(note, 1).alignment = Alignment(wrap_text=True, vertical="top")
    ws.merge_cells(f"A{note}:{last}{note}")
    ws.row_dimensions[note].height = (
        lines_needed(SATISFACTION_DEFINITION + "满意率口径：", sum(SHEET_WIDTHS)) * 15 + 3
    )
    for row, line in enumerate(
        (x for x in (tally.theme_days_line, tally.second_rounds_line) if x), start=note + 1
    ):
        ws.cell(row, 1, line)
        ws.merge_cells(f"A{row}:{last}{row}")
    for col, width in enumerate(SHEET_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(col)].width = width
    ws.freeze_panes = "B5"
    print_setup(ws, landscape=True, title_rows="4:4")
    _page_furniture(ws, tally)


def write_breakdown_sheet(
    ws: Worksheet,
    title: str,
    rows: Sequence[BreakdownRow],
    keys: Sequence[str],
    tally: Tally | None = None,
    words: tuple[str, Callable[[str], str]] | None = None,
    *,
    stamps: Stamps,
) -> None:
    """One breakdown (by category, channel or unit); with `tally`, its printed pages carry the
    main sheet's header (the title and the as-of day). `words`: a last column of text (its
    heading, and its text by row label), e.g. the unit table's second rounds by 大督办 level."""
    heads = [title] + [short_label(k) for k in keys] + ["上期" + short_label(k) for k in keys]
    if words is not None:
        heads.append(words[0])
    _head(ws, 1, heads, stamps)
    for r, row in enumerate(rows, start=2):
        stamps.apply(ws.cell(r, 1, row.label), border=GRID)
        for j, k in enumerate(keys):
            for col, figures in ((2 + j, row.current), (2 + len(keys) + j, row.previous)):
                c = ws.cell(r, col, cell_value(figures, k))
                stamps.apply(c, number_format=number_format(k), border=GRID)
        if words is not None:
            c = ws.cell(r, len(heads), words[1](row.label))
            stamps.apply(c, border=GRID, alignment=WRAP_CENTRE)
    ws.column_dimensions["A"].width = 24
    for col in range(2, len(heads) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 11
    if words is not None:
        ws.column_dimensions[get_column_letter(len(heads))].width = 30
    ws.row_dimensions[1].height = 30
    ws.freeze_panes = "B2"
    print_setup(ws, landscape=True, title_rows="1:1")
    if tally is not None:
        _page_furniture(ws, tally)
    else:
        ws.oddFooter.center.text = "&A 第 &P 页，共 &N 页"


def write_tally_xlsx(target: Path | BinaryIO, tally: Tally) -> None:
    wb = Workbook()
    ws = wb.active
    kind = tally.period.kind
    ws.title = "统计" if kind is PeriodKind.RANGE else KIND_ZH[kind] + "统计"
    stamps = Stamps()
    write_summary_sheet(ws, tally, stamps)
    write_breakdown_sheet(
        wb.create_sheet("按问题类别"),
        "问题类别",
        tally.by_category,
        CASE_BREAKDOWN_KEYS,
        tally,
        stamps=stamps,
    )
    write_breakdown_sheet(
        wb.create_sheet("按来源渠道"), "来源渠道", tally.by_channel, CASE_BREAKDOWN_KEYS, tally, stamps=stamps
    )
    write_breakdown_sheet(
        wb.create_sheet("按承办单位"),
        "承办单位",
        tally.by_unit,
        UNIT_BREAKDOWN_KEYS,
        tally,
        words=(UNIT_LEVELS_HEAD, tally.unit_levels_words),
        stamps=stamps,
    )
    wb.properties.title = tally.title
    wb.save(target)
