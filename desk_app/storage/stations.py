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


def home_station(session: Session) -> Station | None:
    """The enrolled station, else the station made at this desk's first start (the oldest)."""
    row = session.get(Setting, HOME_STATION_SETTING)
    if row is not None and row.value:
        station = session.get(Station, row.value)
        if station is not None:
            return station
    return session.scalar(select(Station).order_by(Station.created_at, Station.id).limit(1))
