"""Studios' rules and exceptions, and theme reception days, in the database (issue 14, item 2).

Functions take an open session (DeskStore opens it and checks the operator's role) and change ORM
objects only, so the change log records every row change. When a studio opens is decided in
desk_app.domain.studios; the rota (storage.rota_store) reads each studio's rule from here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from desk_app.domain.studios import HolidayMove, StudioRule
from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.domain.vocab import StationKind
from desk_app.domain.workcalendar import WorkCalendar
from desk_app.storage import tables
from desk_app.storage.errors import NotFound, ValidationFailed

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.storage import models
    from desk_app.storage.db import Reader
else:
    from desk_app.storage.later import Later

    # The mapped classes on first use: the tally reads theme days from the tables (theme_days), and
    # `desk-app print tally` then never imports the ORM (storage/tables.py).
    models = Later("desk_app.storage.models")


@dataclass(frozen=True, slots=True)
class StudioExceptionInfo:
    id: str
    station_id: str
    day: date
    decided_by: str
    reason: str


@dataclass(frozen=True, slots=True)
class StudioInfo:
    station_id: str
    name: str
    holiday_move: str  # a HolidayMove value
    weekdays: tuple[int, ...]  # the fixed weekdays of its duty pattern (0 = Monday)
    deputies: int  # deputies per opening (the pattern's largest day)
    exceptions: tuple[StudioExceptionInfo, ...]


@dataclass(frozen=True, slots=True)
class ThemeDayInfo:
    id: str
    station_id: str
    station_name: str
    day: date
    theme: str
    place: str
    invited_deputies: str
    invited_units: str
    notes: str
    cancelled: bool
    receptions: int  # receptions tagged to it


@dataclass(frozen=True, slots=True)
class ThemeDayTally:
    held: int  # theme days in the period, not cancelled, on or before today
    planned: int  # still to come
    receptions: int  # receptions tagged to the held ones


# -- studios ----------------------------------------------------------------------------------


def _studio(s: Session, station_id: str) -> models.Station:
    station = s.get(models.Station, station_id)
    if station is None or station.kind != StationKind.STUDIO.value:
        raise NotFound("studio", station_id)
    return station


def studio_rules(s: Session) -> dict[str, StudioRule]:
    """Every studio's rule, by station id (a studio without a setting row skips holidays)."""
    rules: dict[str, StudioRule] = {}
    moves = {row.station_id: row.holiday_move for row in s.scalars(select(models.StudioSetting))}
    opened: dict[str, set[date]] = defaultdict(set)
    for row in s.scalars(select(models.StudioException)):
        opened[row.station_id].add(row.day)
    for (station_id,) in s.execute(
        select(models.Station.id).where(models.Station.kind == StationKind.STUDIO.value)
    ):
        move = moves.get(station_id, HolidayMove.SKIP.value)
        rules[station_id] = StudioRule(
            HolidayMove(move) if move in set(HolidayMove) else HolidayMove.SKIP,
            frozenset(opened[station_id]),
        )
    return rules


def studios(s: Session) -> list[StudioInfo]:
    stations = list(
        s.scalars(
            select(models.Station)
            .where(models.Station.kind == StationKind.STUDIO.value)
            .order_by(models.Station.name)
        )
    )
    moves = {row.station_id: row.holiday_move for row in s.scalars(select(models.StudioSetting))}
    per_day: dict[str, Counter[int]] = defaultdict(Counter)
    for slot in s.scalars(select(models.DutySlot)):
        per_day[slot.station_id][slot.weekday] += slot.needed
    exceptions: dict[str, list[StudioExceptionInfo]] = defaultdict(list)
    for e in s.scalars(select(models.StudioException).order_by(models.StudioException.day)):
        exceptions[e.station_id].append(
            StudioExceptionInfo(e.id, e.station_id, e.day, e.decided_by, e.reason)
        )
    return [
        StudioInfo(
            st.id,
            st.name,
            moves.get(st.id, HolidayMove.SKIP.value),
            tuple(sorted(per_day[st.id])),
            max(per_day[st.id].values(), default=0),
            tuple(exceptions[st.id]),
        )
        for st in stations
    ]


def set_holiday_move(s: Session, station_id: str, holiday_move: str) -> None:
    _studio(s, station_id)
    if holiday_move not in set(HolidayMove):
        raise ValidationFailed([FieldError("holiday_move", FieldProblem.UNKNOWN_CHOICE)])
    row = s.scalar(select(models.StudioSetting).where(models.StudioSetting.station_id == station_id))
    if row is None:
        s.add(models.StudioSetting(station_id=station_id, holiday_move=holiday_move))
    elif row.holiday_move != holiday_move:
        row.holiday_move = holiday_move
    s.flush()


def add_exception(
    s: Session, station_id: str, day: date, decided_by: str, reason: str, calendar: WorkCalendar
) -> str:
    """The office opens a studio on a swapped working day; who decided it is required."""
    _studio(s, station_id)
    decided_by, reason = decided_by.strip(), reason.strip()
    errors = []
    if not calendar.is_swapped_workday(day):
        errors.append(FieldError("day", FieldProblem.OUT_OF_RANGE))
    if not decided_by:
        errors.append(FieldError("decided_by", FieldProblem.REQUIRED))
    elif len(decided_by) > 50:
        errors.append(FieldError("decided_by", FieldProblem.TOO_LONG))
    if len(reason) > 200:
        errors.append(FieldError("reason", FieldProblem.TOO_LONG))
    if errors:
        raise ValidationFailed(errors)
    row = s.scalar(
        select(models.StudioException).where(
            models.StudioException.station_id == station_id, models.StudioException.day == day
        )
    )
    if row is None:
        row = models.StudioException(station_id=station_id, day=day, decided_by=decided_by, reason=reason)
        s.add(row)
    else:
        row.decided_by, row.reason = decided_by, reason
    s.flush()
    return row.id


def remove_exception(s: Session, exception_id: str) -> None:
    row = s.get(models.StudioException, exception_id)
    if row is None:
        raise NotFound("studio_exception", exception_id)
    s.delete(row)


# -- theme reception days ---------------------------------------------------------------------

_THEME_LIMITS = {"theme": 100, "place": 200, "invited_deputies": 1000, "invited_units": 1000}


def save_theme_day(
    s: Session,
    station_id: str,
    theme_day_id: str | None,
    *,
    day: date,
    theme: str,
    place: str = "",
    invited_deputies: str = "",
    invited_units: str = "",
    notes: str = "",
    cancelled: bool = False,
) -> str:
    if s.get(models.Station, station_id) is None:
        raise NotFound("station", station_id)
    texts = {
        "theme": theme.strip(),
        "place": place.strip(),
        "invited_deputies": invited_deputies.strip(),
        "invited_units": invited_units.strip(),
    }
    errors = [
        FieldError(k, FieldProblem.TOO_LONG) for k, limit in _THEME_LIMITS.items() if len(texts[k]) > limit
    ]
    if not texts["theme"]:
        errors.append(FieldError("theme", FieldProblem.REQUIRED))
    if errors:
        raise ValidationFailed(errors)
    if theme_day_id is None:
        row = models.ThemeDay(
            station_id=station_id, day=day, notes=notes.strip(), cancelled=cancelled, **texts
        )
        s.add(row)
    else:
        found = s.get(models.ThemeDay, theme_day_id)
        if found is None:
            raise NotFound("theme_day", theme_day_id)
        row = found
        values = {"day": day, "notes": notes.strip(), "cancelled": cancelled, **texts}
        for key, value in values.items():
            if getattr(row, key) != value:
                setattr(row, key, value)
    s.flush()
    return row.id


def theme_days(
    s: Reader,
    start: date,
    end: date,
    station_id: str | None = None,
    station_ids: Sequence[str] | None = None,
) -> list[ThemeDayInfo]:
    # The tables' columns (Core), not the mapped classes: the tally reads these too, and a command
    # that only prints a tally then never sets up the ORM (storage/tally_queries.py).
    theme_day, station, tagged = tables.theme_day, tables.station, tables.theme_day_reception
    stmt = (
        select(
            theme_day.c.id,
            theme_day.c.station_id,
            station.c.name,
            theme_day.c.day,
            theme_day.c.theme,
            theme_day.c.place,
            theme_day.c.invited_deputies,
            theme_day.c.invited_units,
            theme_day.c.notes,
            theme_day.c.cancelled,
        )
        .join(station, station.c.id == theme_day.c.station_id)
        .where(theme_day.c.day.between(start, end))
        .order_by(theme_day.c.day, station.c.name)
    )
    if station_id:
        stmt = stmt.where(theme_day.c.station_id == station_id)
    if station_ids is not None:
        stmt = stmt.where(theme_day.c.station_id.in_(list(station_ids)))
    rows = list(s.execute(stmt))
    counts: dict[str, int] = {
        theme_day_id: n
        for theme_day_id, n in s.execute(
            select(tagged.c.theme_day_id, func.count())
            .where(tagged.c.theme_day_id.in_([r[0] for r in rows]))
            .group_by(tagged.c.theme_day_id)
        )
    }
    return [
        ThemeDayInfo(
            day_id,
            sid,
            name,
            day,
            theme,
            place,
            deputies,
            units,
            notes,
            cancelled,
            counts.get(day_id, 0),
        )
        for day_id, sid, name, day, theme, place, deputies, units, notes, cancelled in rows
    ]


def theme_day_of(s: Session, reception_id: str) -> str | None:
    return s.scalar(
        select(models.ThemeDayReception.theme_day_id).where(
            models.ThemeDayReception.reception_id == reception_id
        )
    )


def tag_reception(s: Session, reception_id: str, theme_day_id: str | None) -> None:
    """Tag a reception to the theme day it was received on (None: untag)."""
    reception = s.get(models.Reception, reception_id)
    if reception is None:
        raise NotFound("reception", reception_id)
    current = s.scalar(
        select(models.ThemeDayReception).where(models.ThemeDayReception.reception_id == reception_id)
    )
    if theme_day_id is None:
        if current is not None:
            s.delete(current)
        return
    event = s.get(models.ThemeDay, theme_day_id)
    if event is None:
        raise NotFound("theme_day", theme_day_id)
    if (
        event.cancelled
        or event.day != reception.received_at.date()
        or event.station_id != reception.station_id
    ):
        raise ValidationFailed([FieldError("theme_day_id", FieldProblem.OUT_OF_RANGE)])
    if current is None:
        s.add(models.ThemeDayReception(theme_day_id=theme_day_id, reception_id=reception_id))
    elif current.theme_day_id != theme_day_id:
        current.theme_day_id = theme_day_id
    s.flush()


def theme_day_tally(
    s: Reader,
    start: date,
    end: date,
    today: date,
    station_id: str | None = None,
    station_ids: Sequence[str] | None = None,
) -> ThemeDayTally:
    held = planned = receptions = 0
    for t in theme_days(s, start, end, station_id, station_ids):
        if t.cancelled:
            continue
        if t.day <= today:
            held += 1
            receptions += t.receptions
        else:
            planned += 1
    return ThemeDayTally(held, planned, receptions)
