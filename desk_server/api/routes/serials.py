"""Blocks of slip serial numbers, granted ahead of time to a station's desks."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from desk_server.api.deps import CurrentDesk, SessionDep, get_current_desk
from desk_server.api.routing import StrictJsonRoute
from desk_server.api.schemas import BlockIn, BlockOut, error_responses
from desk_server.db import begin_write
from desk_server.services import serials

router = APIRouter(
    tags=["serials"],
    dependencies=[Depends(get_current_desk)],
    route_class=StrictJsonRoute,
    responses=error_responses(400, 401, 403, 413, 422, 429),
)


@router.post("/serials/blocks", response_model=BlockOut)
def grant_block(body: BlockIn, desk: CurrentDesk, session: SessionDep) -> dict:
    begin_write(session)
    block = serials.grant_block(session=session, desk=desk, year=body.year, size=body.size)
    session.commit()
    return {"year": block.year, "first": block.first, "last": block.last}
