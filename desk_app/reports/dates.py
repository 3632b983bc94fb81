"""Dates as the desk's documents write them: 2026年10月8日, 2026年10月8日 09:30.

Apart from pdfkit (which loads reportlab) because the workbooks write the same dates.
"""

from __future__ import annotations

from datetime import date, datetime


def zh_date(day: date | datetime | None) -> str:
    if day is None:
        return ""
    return f"{day.year}年{day.month}月{day.day}日"


def zh_datetime(at: datetime | None) -> str:
    if at is None:
        return ""
    return f"{zh_date(at)} {at.hour:02d}:{at.minute:02d}"
