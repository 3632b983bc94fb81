"""How the desk writes a number, on paper (PDF, window) and in Excel alike.

One rule for every document, as Chinese official and statistical documents write figures (the
statistics bureau's bulletins; GB/T 15835-2011 allows integers without grouping): no thousands
separator (14500, not 14,500), a rate with two decimals and "%" (82.37%), a change signed when it
is not zero (+12, -3, 0), and a change of a rate in percentage points (+1.25个百分点), never in "%"
(from 80% to 81% is one point, not one per cent).

The PDF and the window call the *_text functions; the Excel files write the number itself with the
matching *_FORMAT, so a cell shows the same characters as the paper and still sums. A rate's cell
holds the fraction (0.8237 shown as 82.37%); a rate change's cell holds the points (1.25).
tests/reports/test_number_formats.py has LibreOffice show each format and compares.
"""

from __future__ import annotations

from decimal import Decimal

NO_VALUE = "—"

COUNT_FORMAT = "0"
COUNT_CHANGE_FORMAT = "+0;-0;0"
RATE_FORMAT = "0.00%"
RATE_CHANGE_FORMAT = '+0.00"个百分点";-0.00"个百分点";0.00"个百分点"'


def count_text(n: int) -> str:
    return str(int(n))


def count_change_text(diff: int) -> str:
    return f"{diff:+d}" if diff else "0"


def rate_text(percent: Decimal | None) -> str:
    """82.37% for Decimal("82.37"); "—" when there is no rate (nothing to divide by)."""
    if percent is None:
        return NO_VALUE
    return f"{Decimal(percent).quantize(Decimal('0.01'))}%"


def rate_change_text(points: Decimal | None) -> str:
    """+1.25个百分点, -0.50个百分点, 0.00个百分点; "—" when either rate is missing."""
    if points is None:
        return NO_VALUE
    q = Decimal(points).quantize(Decimal("0.01"))
    return f"{q:+.2f}个百分点" if q else "0.00个百分点"


def rate_cell(percent: Decimal | None) -> float | str:
    """What an Excel cell of RATE_FORMAT holds: the fraction (0.8237), or "—"."""
    return NO_VALUE if percent is None else float(Decimal(percent) / 100)


def rate_change_cell(points: Decimal | None) -> float | str:
    """What an Excel cell of RATE_CHANGE_FORMAT holds: the points (1.25), or "—"."""
    return NO_VALUE if points is None else float(Decimal(points).quantize(Decimal("0.01")))
