"""Dependencies: a session per request, and the authenticated desk (the template's deps.py)."""

from __future__ import annotations

from collections.abc import Iterator
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


def client_address(request: Request) -> str:
    """The client's address (behind a trusted reverse proxy, the one it forwards)."""
    return request.client.host if request.client else "-"


def get_current_desk(
    request: Request,
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Desk:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "token_missing", "This call needs Authorization: Bearer <token>.")
    desk = desk_for_token(session=session, token=credentials.credentials)
    if desk is None:
        # Unknown tokens count as failed sign-ins of the address (enrolment codes do too).
        throttle = request.app.state.sign_in_throttle
        throttle.check(client_address(request))
        throttle.failed(client_address(request))
        raise ApiError(401, "token_invalid", "Unknown token: enroll the desk again.")
    request.state.desk_id = desk.id  # for the access log
    if desk.revoked_at is not None:
        raise ApiError(401, "token_revoked", "This desk was revoked by the administrator.")
    # The request's read transaction ends here: push/pull open their own, as writer or reader.
    session.commit()
    return desk


CurrentDesk = Annotated[Desk, Depends(get_current_desk)]
