"""The office's holiday calendar in the database, and the WorkCalendar every count of days uses.

`work_calendar(session)` is called by every write that counts working days, so it must be
cheap: the rows are read again only when their count or newest change differs from the copy
held here (one aggregate query otherwise).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Connection, func, select

from desk_app.domain.workcalendar import DayKind, HolidayName, OfficeDay, WorkCalendar
from desk_app.storage import tables
from desk_app.storage.db import core

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.storage.db import Reader

# The table's columns (Core), not the mapped class: the tally reads the calendar, and a command that
# only prints a tally then never imports the ORM (storage/tables.py, storage/tally_queries.py).
_DAY = tables.calendar_day.c
_lock = threading.Lock()
_cached: dict[str, tuple[tuple[object, ...], WorkCalendar]] = {}


def _key(conn: Connection) -> tuple[object, ...]:
    count, newest = conn.execute(select(func.count(), func.max(_DAY.updated_at))).one()
    return count, newest


def work_calendar(session: Reader) -> WorkCalendar:
    """The calendar of this database: the office's days over the package's and the estimate."""
    conn = core(session)
    db = str(conn.engine.url)
    key = _key(conn)
    with _lock:
        held = _cached.get(db)
        if held is not None and held[0] == key:
            return held[1]
    cal = WorkCalendar(office_days(conn))
    with _lock:
        _cached[db] = (key, cal)
    return cal


def office_days(session: Reader, year: int | None = None) -> list[OfficeDay]:
    stmt = select(_DAY.day, _DAY.kind, _DAY.name).order_by(_DAY.day)
    if year is not None:
        stmt = stmt.where(_DAY.day >= date(year, 1, 1), _DAY.day <= date(year, 12, 31))
    days = []
    for day, kind, name in session.execute(stmt):
        try:
            days.append(OfficeDay(day, DayKind(kind), HolidayName(name)))
        except ValueError:
            continue  # a row from a newer desk with a kind this one does not know: ignore it
    return days


def replace_year(session: Session, year: int, days: Iterable[OfficeDay]) -> tuple[int, int]:
    """Make the office's entries for `year` exactly `days` (rows changed in place, so the change
    log carries only what differs); (added or changed, removed)."""
    from desk_app.storage.models import CalendarDay

    wanted = {d.day: d for d in days if d.day.year == year}
    existing = {
        row.day: row
        for row in session.scalars(
            select(CalendarDay).where(
                CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)
            )
        )
    }
    changed = removed = 0
    for day, old in existing.items():
        if day not in wanted:
            session.delete(old)
            removed += 1
    for day, entry in wanted.items():
        row = existing.get(day)
        if row is None:
            session.add(CalendarDay(day=day, kind=entry.kind.value, name=entry.name.value))
            changed += 1
        elif (row.kind, row.name) != (entry.kind.value, entry.name.value):
            row.kind, row.name = entry.kind.value, entry.name.value
            changed += 1
    session.flush()
    return changed, removed
