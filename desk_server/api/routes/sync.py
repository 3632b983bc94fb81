"""Push, pull and status: thin wrappers over desk_server.services.sync."""

from __future__ import annotations

import os
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import update

from desk_server.api.deps import CurrentDesk, SessionDep, get_current_desk
from desk_server.api.schemas import MAX_PULL, PullOut, PushIn, PushOut, StatusOut
from desk_server.db import begin_write
from desk_server.models import Desk, utcnow
from desk_server.services import sync

router = APIRouter(tags=["sync"], dependencies=[Depends(get_current_desk)])


@router.post("/push", response_model=PushOut)
def push(body: PushIn, desk: CurrentDesk, session: SessionDep, request: Request) -> JSONResponse:
    changes = [c.model_dump() for c in body.changes]
    begin_write(session)
    answer = sync.push(session=session, desk=desk, changes=changes)
    session.commit()
    _maybe_crash(request)
    return JSONResponse(answer)


def _maybe_crash(request: Request) -> None:
    """Fault injection for the tests: die after the Nth commit, before the answer leaves."""
    state = request.app.state
    if state.crash_after_pushes:
        state.pushes_done += 1
        if state.pushes_done >= state.crash_after_pushes:
            os._exit(17)


@router.get("/pull", response_model=PullOut)
def pull(
    desk: CurrentDesk, session: SessionDep,
    since: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
) -> JSONResponse:
    answer = sync.pull(session=session, desk=desk, since=since, limit=limit)
    session.commit()
    if since > desk.pulled_seq:
        # What the desk holds (for /status without `since`); a cheap single-row write.
        begin_write(session)
        session.execute(update(Desk).where(Desk.id == desk.id, Desk.pulled_seq < since)
                        .values(pulled_seq=since))
        session.commit()
    return JSONResponse(answer)


@router.get("/status", response_model=StatusOut)
def status(
    desk: CurrentDesk, session: SessionDep,
    since: Annotated[int | None, Query(ge=0, description="the desk's cursor; default: its last pull")] = None,
) -> JSONResponse:
    pending = sync.pending_for(session=session, desk=desk,
                               since=desk.pulled_seq if since is None else since)
    return JSONResponse({"server_time": utcnow().isoformat(timespec="seconds"), "desk_id": desk.id,
                         "station_id": desk.station_id, "district_id": desk.district_id,
                         "pending_for_you": pending})
