"""Dates between Qt's date widgets and Python, and dates as the clerk reads them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QLocale


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def long_date(d: date) -> str:
    """2026-12-11 星期五: the weekday matters to someone phoning a unit about its deadline."""
    return QLocale().toString(qdate(d), "yyyy-MM-dd dddd")
