"""Enrollment: the only call without a token (the one-time code is the credential)."""

from __future__ import annotations

from fastapi import APIRouter, Request

from desk_server.api.deps import SessionDep, client_address
from desk_server.api.routing import StrictJsonRoute
from desk_server.api.schemas import EnrollIn, EnrollOut, error_responses
from desk_server.db import begin_write
from desk_server.errors import ApiError
from desk_server.models import District, Station
from desk_server.services import admin

router = APIRouter(
    tags=["enroll"], route_class=StrictJsonRoute, responses=error_responses(400, 401, 413, 422, 429)
)


@router.post("/enroll", response_model=EnrollOut)
def enroll(body: EnrollIn, session: SessionDep, request: Request) -> dict:
    throttle = request.app.state.sign_in_throttle
    address = client_address(request)
    throttle.check(address)  # even a right code waits: otherwise guessing would go on
    begin_write(session)
    try:
        desk, token = admin.enroll(session=session, code=body.code, desk_name=body.desk_name)
    except ApiError:
        throttle.failed(address)
        raise
    district = session.get(District, desk.district_id)
    assert district is not None  # desk.district_id is a foreign key
    station = session.get(Station, desk.station_id) if desk.station_id else None
    answer = {
        "desk_id": desk.id,
        "token": token,
        "station": admin.station_info(station, district) if station else None,
        "district": {"id": district.id, "name": district.name},
    }
    session.commit()
    return answer
