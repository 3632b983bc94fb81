"""Push, pull and status: thin wrappers over desk_server.services.sync.

Every desk calls these three once a minute, so their fixed cost per request is kept small
(issue 16, province scale): each is an `async def` that does its database work, authentication
included, in one call to a desks' worker thread (`in_desk_thread`) on one connection (api.deps:
`DeskToken`, `desk_session`, `authenticate`), without a transaction on PostgreSQL where it only
reads; /push reads a small body first and makes one call too, a large one makes two
(authentication before its body is read), each on a connection of its own: no connection is held
while a request waits on the event loop.
"""

from __future__ import annotations

import asyncio
import contextvars
from collections.abc import Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from sqlalchemy import update

from desk_server import jsonio
from desk_server.api.boundary import INT64_MAX, MAX_ID_CHARS, well_formed_time
from desk_server.api.deps import DeskToken, authenticate, desk_session, desk_token
from desk_server.api.routing import DeskRoute
from desk_server.api.schemas import (
    MAX_PULL,
    PUSH_OPENAPI,
    PullOut,
    PushBody,
    PushOut,
    StatusOut,
    error_responses,
)
from desk_server.db import begin_write
from desk_server.models import Desk, utcnow
from desk_server.services import sync
from desk_server.services.clock import check_clock

router = APIRouter(
    tags=["sync"],
    dependencies=[Depends(desk_token)],
    route_class=DeskRoute,
    responses=error_responses(401, 422, 429),
)

T = TypeVar("T")


async def in_desk_thread(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """`fn(*args)` on one of the desks' worker threads (app.DESK_THREADS), in a copy of the
    request's context, as starlette's `run_in_threadpool` runs it on anyio's. A hop through a
    ThreadPoolExecutor costs less than half of anyio's (no thread limiter, cancel scope or async
    library lookup on each call: ~20-25 us of CPU against ~50, 4 hops a desk round). Work queued
    and not started is dropped if the request is cancelled; work started runs to its end."""
    context = contextvars.copy_context()
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(request.app.state.desk_threads, context.run, fn, *args)


# A desk's pull cursor: a change's seq (BIGINT on PostgreSQL).
Cursor = Annotated[int, Query(ge=0, le=INT64_MAX)]


@router.post(
    "/push", response_model=PushOut, openapi_extra=PUSH_OPENAPI, responses=error_responses(400, 403, 413)
)
async def push(token: DeskToken, request: Request) -> Response:
    # The body (PushIn in the schema) is parsed off the event loop, in one pass: see
    # schemas.push_changes. Its size is bounded while it is read (BodyLimit).
    announced = request.headers.get("content-length", "")
    if announced.isdigit() and int(announced) <= SMALL_PUSH_BYTES:
        # A small push (the fleet's: 1-5 changes, ~1-3 KB) is read first, then authenticated and
        # applied in one worker-thread call: one hop instead of two.
        body = await request.body()
        return await in_desk_thread(request, _authenticated_push, body, token, request)
    # Authenticated before the body is read: an unknown token costs no large body.
    desk = await in_desk_thread(request, _authenticated, request, token)
    body = await request.body()
    return await in_desk_thread(request, _push, body, desk, request)


# A push body of at most this many bytes (by its Content-Length) is read before authentication.
SMALL_PUSH_BYTES = 64 * 1024


def _authenticated_push(body: bytes, token: str, request: Request) -> Response:
    # Authentication first, as for a large push: an unknown or revoked token is answered 401
    # whatever the body holds.
    return _push(body, _authenticated(request, token), request)


def _authenticated(request: Request, token: str) -> Desk:
    # The connection goes back to the pool before the body is awaited: a request holding one
    # while it waits for the event loop and then for a worker thread could leave the threads
    # that hold none waiting for a connection (pool exhausted under load).
    with desk_session(request, transaction=False) as session:
        return authenticate(request, session, token)


def _push(body: bytes, desk: Desk, request: Request) -> Response:
    parsed = PushBody(body)
    changes = parsed.changes

    def clock() -> None:
        # Before anything is applied: a desk clock ahead of the server's would win every conflict.
        check_clock(
            changes, now=utcnow(), date_header=request.headers.get("date"), well_formed=well_formed_time
        )

    with desk_session(request) as session:
        begin_write(session)
        # (The body's checks are run by sync.push: a big batch's while PostgreSQL takes in its rows.)
        checks = sync.BatchChecks(shape=parsed.shape, values=parsed.values, clock=clock)
        answer = sync.push(session=session, desk=desk, changes=changes, checks=checks)
        session.commit()
    return jsonio.response(answer)


# How many of its newest pushed change ids a desk names when it pulls.
MAX_MINE = 20
# Ids of at most 36 characters without NUL or commas (they are compared with VARCHAR(36) columns,
# and PostgreSQL refuses NUL in any string), separated by commas.
MINE_PATTERN = rf"^[^,\x00]{{0,{MAX_ID_CHARS}}}(,[^,\x00]{{0,{MAX_ID_CHARS}}})*$"


@router.get("/pull", response_model=PullOut)
async def pull(
    token: DeskToken,
    request: Request,
    since: Cursor = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 500,
    mine: Annotated[
        str,
        Query(
            max_length=MAX_MINE * (MAX_ID_CHARS + 1),
            pattern=MINE_PATTERN,
            description="comma-separated ids of the newest changes the desk "
            "pushed (at most 20); see docs/sync.md, restored desks",
        ),
    ] = "",
) -> Response:
    own = [m for m in mine.split(",") if m][:MAX_MINE]
    return await in_desk_thread(request, _pull, request, token, since, limit, own)


def _pull(request: Request, token: str, since: int, limit: int, own: list[str]) -> Response:
    with desk_session(request, transaction=False) as session:
        # Authentication and the page on one connection.
        desk = authenticate(request, session, token)
        answer = sync.pull(session=session, desk=desk, since=since, limit=limit, mine=own)
        if since > desk.pulled_seq:
            # What the desk holds (for /status without `since`); a cheap single-row write (Core:
            # the ORM's bulk update would look for the desk among the session's objects). On
            # SQLite a read transaction cannot become a writer: the write gets its own.
            if session.get_bind().dialect.name == "sqlite":
                session.commit()
                begin_write(session)
            desks = Desk.metadata.tables["desk"]
            session.execute(
                update(desks)
                .where(desks.c.id == desk.id, desks.c.pulled_seq < since)
                .values(pulled_seq=since)
            )
        session.commit()
    return jsonio.response(answer)


@router.get("/status", response_model=StatusOut)
async def status(
    token: DeskToken,
    request: Request,
    since: Annotated[
        int | None, Query(ge=0, le=INT64_MAX, description="the desk's cursor; default: its last pull")
    ] = None,
) -> Response:
    return await in_desk_thread(request, _status, request, token, since)


def _status(request: Request, token: str, since: int | None) -> Response:
    with desk_session(request, transaction=False) as session:
        # Authentication and the figures on one connection.
        desk = authenticate(request, session, token)
        # The count and the server state (maintenance.server_state) in one statement.
        pending, epoch, restored_seq = sync.status_figures(
            session=session, desk=desk, since=desk.pulled_seq if since is None else since
        )
    return jsonio.response(
        {
            "server_time": utcnow().isoformat(timespec="seconds"),
            "desk_id": desk.id,
            "station_id": desk.station_id,
            "district_id": desk.district_id,
            "pending_for_you": pending,
            "epoch": epoch,
            "restored_seq": restored_seq,
        }
    )
