"""Token rotation: a desk swaps its bearer token for a new one (docs/sync.md, Tokens)."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from desk_server.api.deps import CurrentDesk, SessionDep, get_current_desk
from desk_server.api.routing import StrictJsonRoute
from desk_server.api.schemas import TokenOut, error_responses
from desk_server.db import begin_write
from desk_server.services import auth

router = APIRouter(
    tags=["token"],
    dependencies=[Depends(get_current_desk)],
    route_class=StrictJsonRoute,
    responses=error_responses(401, 422, 429),
)


@router.post("/token/rotate", response_model=TokenOut)
def rotate(desk: CurrentDesk, session: SessionDep) -> dict:
    begin_write(session)
    token = auth.rotate_token(session=session, desk=desk)
    session.commit()
    return {"desk_id": desk.id, "token": token}
