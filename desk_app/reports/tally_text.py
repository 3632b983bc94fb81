"""The tally's words and changes that its PDF, its workbooks and the window's tab share.

Apart from tally_pdf (which loads reportlab and its charts) because the Excel files write them
too, and a command that exports a workbook should not load reportlab (issue 16).
"""

from __future__ import annotations

from decimal import Decimal

from desk_app.domain import numfmt
from desk_app.domain.tally import MEASURE_BY_KEY, Figures, Period, Tally, measure_value
from desk_app.reports.dates import zh_date


def change_value(key: str, current: Figures, previous: Figures) -> int | Decimal | None:
    """本期 - 上期: a count, or a rate's change in percentage points (None when a rate is missing)."""
    a, b = measure_value(current, key), measure_value(previous, key)
    if MEASURE_BY_KEY[key].is_rate:
        return None if a is None or b is None else Decimal(a) - Decimal(b)
    return int(a or 0) - int(b or 0)


def change_text(key: str, current: Figures, previous: Figures) -> str:
    """本月比上月: +12 / -3 / 0 for counts; +1.25个百分点 for rates; — when a rate is missing.
    Written by domain.numfmt, like the Excel cells of the same figure."""
    diff = change_value(key, current, previous)
    if MEASURE_BY_KEY[key].is_rate:
        return numfmt.rate_change_text(diff)  # type: ignore[arg-type]
    return numfmt.count_change_text(int(diff or 0))


def short_label(key: str) -> str:
    return MEASURE_BY_KEY[key].label.split("(")[0]


def _span(p: Period) -> str:
    return f"{p.label}（{zh_date(p.start)}至{zh_date(p.end)}）" if p.is_calendar else p.label


def period_line(tally: Tally) -> str:
    p, q, y = tally.period, tally.previous_period, tally.year_ago_period
    line = f"统计期间：{_span(p)}\n上期（环比）：{_span(q)}"
    if y is not None:
        line += f"　去年同期（同比）：{_span(y)}"
    return line + f"\n统计截至：{zh_date(tally.as_of)}（超期按此日计）　制表日期：{zh_date(tally.made_on)}"
