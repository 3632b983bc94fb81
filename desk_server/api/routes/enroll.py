"""Enrollment: the only call without a token (the one-time code is the credential)."""

from __future__ import annotations

from fastapi import APIRouter

from desk_server.api.deps import SessionDep
from desk_server.api.routing import StrictJsonRoute
from desk_server.api.schemas import EnrollIn, EnrollOut, error_responses
from desk_server.db import begin_write
from desk_server.models import District, Station
from desk_server.services import admin

router = APIRouter(tags=["enroll"], route_class=StrictJsonRoute,
                   responses=error_responses(400, 401, 413, 422))


@router.post("/enroll", response_model=EnrollOut)
def enroll(body: EnrollIn, session: SessionDep) -> dict:
    begin_write(session)
    desk, token = admin.enroll(session=session, code=body.code, desk_name=body.desk_name)
    district = session.get(District, desk.district_id)
    station = session.get(Station, desk.station_id) if desk.station_id else None
    answer = {
        "desk_id": desk.id, "token": token,
        "station": admin.station_info(station, district) if station else None,
        "district": {"id": district.id, "name": district.name},
    }
    session.commit()
    return answer
