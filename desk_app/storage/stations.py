"""Which station is this desk's own.

A station's desk holds one station row; a district centre's desk also holds every station it
pulled. Every place that needs "the desk's station" (a new reception, slip numbers, the rota,
the ledger, the station settings) asks here, so they can never disagree.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.storage.models import Setting, Station

# Written by the sync engine at enrolment: the server's id of the station this desk serves.
HOME_STATION_SETTING = "sync.station_id"
# The desk's id on the server (sync.engine.K_DESK): an enrolled desk without a station is the
# district centre's.
DESK_ID_SETTING = "sync.desk_id"


def home_station(session: Session) -> Station | None:
    """The enrolled station, else the station made at this desk's first start (the oldest)."""
    row = session.get(Setting, HOME_STATION_SETTING)
    if row is not None and row.value:
        station = session.get(Station, row.value)
        if station is not None:
            return station
    return session.scalar(select(Station).order_by(Station.created_at, Station.id).limit(1))


def is_centre_desk(session: Session) -> bool:
    """Enrolled for a district centre (issue 13): it works on every station of the district."""
    desk = session.get(Setting, DESK_ID_SETTING)
    station = session.get(Setting, HOME_STATION_SETTING)
    # Enrolment writes sync.station_id always: null (a row with no value) for a district centre.
    return desk is not None and bool(desk.value) and station is not None and not station.value


def all_stations(session: Session) -> list[Station]:
    """Every station this desk holds (a centre desk: its district's), by name."""
    return list(session.scalars(select(Station).order_by(Station.name, Station.id)))


def district_name(session: Session) -> str:
    """The district this desk was enrolled in (sync.district), else its station's district."""
    row = session.get(Setting, "sync.district")
    if row is not None and isinstance(row.value, dict) and row.value.get("name"):
        return str(row.value["name"])
    station = home_station(session)
    return station.district if station is not None else ""
