"""Dependencies: a session per request, and the authenticated desk (the template's deps.py).

The desk's sync calls (/status, /pull, /push: every desk, every minute) do not use `get_session`
and `get_current_desk`: each sync dependency is a hop to a worker thread and back, and each
session a pool checkout per transaction. They take the token on the event loop
(`DeskToken`), then open one connection for the request (`desk_session`) and authenticate on it
(`authenticate`) in the same worker-thread call as their work.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from desk_server.errors import ApiError
from desk_server.models import Desk
from desk_server.services.auth import desk_for_token

_bearer = HTTPBearer(auto_error=False, description="The token a desk received when it enrolled.")


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


@contextmanager
def desk_session(request: Request, *, transaction: bool = True) -> Iterator[Session]:
    """A session on one connection held for the whole request: its transactions (read, then
    write) reuse the connection instead of checking one out of the pool each.

    `transaction=False` (a request that only reads, and /pull's one-row update of its cursor): on
    PostgreSQL each statement commits on its own (autocommit), which saves the BEGIN and the
    COMMIT or ROLLBACK, two round trips. It reads what it read in a transaction: under READ
    COMMITTED (the server's level) every statement of a transaction takes its own snapshot anyway.
    On SQLite nothing changes (a reader's BEGIN is what keeps its statements on one snapshot).
    """
    engine = request.app.state.engine
    with engine.connect() as conn:
        if not transaction and engine.dialect.name == "postgresql":
            conn.execution_options(isolation_level="AUTOCOMMIT")
        with Session(bind=conn, expire_on_commit=False) as session:
            yield session


def client_address(request: Request) -> str:
    """The client's address (behind a trusted reverse proxy, the one it forwards)."""
    return request.client.host if request.client else "-"


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "token_missing", "This call needs Authorization: Bearer <token>.")
    return credentials.credentials


async def desk_token(
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> str:
    """The bearer token, read on the event loop (no database: see `authenticate`)."""
    return bearer_token(credentials)


DeskToken = Annotated[str, Depends(desk_token)]


def authenticate(request: Request, session: Session, token: str) -> Desk:
    """The desk of `token`, or 401 (unknown tokens count as failed sign-ins of the address)."""
    desk = desk_for_token(session=session, token=token)
    if desk is None:
        # Unknown tokens count as failed sign-ins of the address (enrolment codes do too).
        throttle = request.app.state.sign_in_throttle
        throttle.check(client_address(request))
        throttle.failed(client_address(request))
        raise ApiError(401, "token_invalid", "Unknown token: enroll the desk again.")
    request.state.desk_id = desk.id  # for the access log
    if desk.revoked_at is not None:
        raise ApiError(401, "token_revoked", "This desk was revoked by the administrator.")
    return desk


def get_current_desk(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Desk:
    desk = authenticate(request, session, bearer_token(credentials))
    # The request's read transaction ends here: the route opens its own, as writer or reader.
    session.commit()
    return desk


CurrentDesk = Annotated[Desk, Depends(get_current_desk)]
