"""Administration: districts, stations, enrollment codes, desks (the `desk-server` commands)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from desk_app.domain.numbering import DEFAULT_SERIAL_PATTERN, check_pattern
from desk_app.domain.vocab import StationKind
from desk_server.errors import ApiError
from desk_server.models import (
    Change,
    Desk,
    District,
    EnrollCode,
    Record,
    Station,
    new_id,
    utcnow,
)
from desk_server.services.auth import code_hash, new_code, new_token, sha256

CODE_LIFETIME = timedelta(days=7)


class AdminError(ValueError):
    pass


def create_district(*, session: Session, name: str) -> District:
    name = name.strip()
    if not name:
        raise AdminError("a district needs a name")
    if session.scalar(select(District).where(District.name == name)) is not None:
        raise AdminError(f"district {name!r} exists already")
    district = District(id=new_id(), name=name)
    session.add(district)
    session.flush()
    return district


def create_station(
    *,
    session: Session,
    district_id: str,
    name: str,
    short_name: str,
    kind: str,
    serial_pattern: str = DEFAULT_SERIAL_PATTERN,
) -> Station:
    district = session.get(District, district_id)
    if district is None:
        raise AdminError(f"no district {district_id}")
    try:
        StationKind(kind)
    except ValueError as exc:
        raise AdminError(f"kind must be one of {', '.join(k.value for k in StationKind)}") from exc
    check_pattern(serial_pattern)
    station = Station(
        id=new_id(),
        district_id=district_id,
        name=name,
        short_name=short_name,
        kind=kind,
        serial_pattern=serial_pattern,
    )
    session.add(station)
    # The station row travels to the desks like any synced row (desk_id None: made at the centre).
    fields = {
        "name": name,
        "short_name": short_name,
        "kind": kind,
        "district": district.name,
        "serial_pattern": serial_pattern,
    }
    at = utcnow().isoformat()
    change_id = new_id()
    session.add(
        Record(
            entity="station",
            entity_id=station.id,
            district_id=district_id,
            station_id=station.id,
            data=fields,
            meta={"*": [at, "", change_id]},
            deleted=False,
        )
    )
    # Like a push, take the seq lock: pulls rely on seqs becoming visible in order (PostgreSQL).
    from desk_server.services.sync import lock_for_push

    lock_for_push(session)
    session.add(
        Change(
            id=change_id,
            desk_id=None,
            entity="station",
            entity_id=station.id,
            op="insert",
            fields=fields,
            operator_id=None,
            at=at,
            district_id=district_id,
            station_id=station.id,
        )
    )
    session.flush()
    return station


@dataclass(frozen=True, slots=True)
class IssuedCode:
    code: str
    expires_at: str


def issue_code(
    *, session: Session, station_id: str | None = None, district_id: str | None = None
) -> IssuedCode:
    """A one-time code for a station's desk (station_id) or the district centre's (district_id)."""
    if (station_id is None) == (district_id is None):
        raise AdminError("give a station or a district, not both")
    if station_id is not None:
        station = session.get(Station, station_id)
        if station is None:
            raise AdminError(f"no station {station_id}")
        district_id = station.district_id
    elif session.get(District, district_id) is None:
        raise AdminError(f"no district {district_id}")
    code = new_code()
    expires = utcnow() + CODE_LIFETIME
    session.add(
        EnrollCode(
            code_hash=code_hash(code), district_id=district_id, station_id=station_id, expires_at=expires
        )
    )
    session.flush()
    return IssuedCode(code=code, expires_at=expires.isoformat(timespec="seconds"))


def enroll(*, session: Session, code: str, desk_name: str) -> tuple[Desk, str]:
    """Use a code once; a new desk and its token (returned once, stored hashed)."""
    row = session.get(EnrollCode, code_hash(code))
    if row is None:
        raise ApiError(401, "enroll_code_invalid", "Unknown enrollment code.")
    if row.used_at is not None:
        raise ApiError(401, "enroll_code_used", "This enrollment code was used already.")
    if row.expires_at < utcnow():
        raise ApiError(401, "enroll_code_expired", "This enrollment code has expired.")
    desk_id = new_id()
    # A DML statement answers a CursorResult (rowcount); Session.execute is typed for SELECTs.
    used = cast(
        CursorResult[Any],
        session.execute(
            update(EnrollCode)
            .where(EnrollCode.code_hash == row.code_hash, EnrollCode.used_at.is_(None))
            .values(used_at=utcnow(), desk_id=desk_id)
        ),
    )
    if used.rowcount != 1:  # another request used it between our read and write
        raise ApiError(401, "enroll_code_used", "This enrollment code was used already.")
    token = new_token()
    desk = Desk(
        id=desk_id,
        name=desk_name.strip()[:100],
        district_id=row.district_id,
        station_id=row.station_id,
        token_hash=sha256(token),
        pulled_seq=0,
        token_issued_at=utcnow(),
    )
    session.add(desk)
    session.flush()
    return desk, token


def list_desks(*, session: Session) -> list[Desk]:
    return list(session.scalars(select(Desk).order_by(Desk.enrolled_at)))


def revoke_desk(*, session: Session, desk_id: str) -> Desk:
    desk = session.get(Desk, desk_id)
    if desk is None:
        raise AdminError(f"no desk {desk_id}")
    if desk.revoked_at is None:
        desk.revoked_at = utcnow()
    session.flush()
    return desk


def station_info(station: Station, district: District) -> dict:
    return {
        "id": station.id,
        "name": station.name,
        "short_name": station.short_name,
        "kind": station.kind,
        "district": district.name,
        "serial_pattern": station.serial_pattern,
    }
