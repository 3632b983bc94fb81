"""Dependencies: a session per request, and the authenticated desk (the template's deps.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_server.errors import ApiError
from desk_server.models import Desk
from desk_server.services.auth import sha256

_bearer = HTTPBearer(auto_error=False, description="The token a desk received when it enrolled.")


def get_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


def get_current_desk(
    session: SessionDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Desk:
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise ApiError(401, "token_missing", "This call needs Authorization: Bearer <token>.")
    desk = session.scalar(select(Desk).where(Desk.token_hash == sha256(credentials.credentials)))
    if desk is None:
        raise ApiError(401, "token_invalid", "Unknown token: enroll the desk again.")
    if desk.revoked_at is not None:
        raise ApiError(401, "token_revoked", "This desk was revoked by the administrator.")
    # The request's read transaction ends here: push/pull open their own, as writer or reader.
    session.commit()
    return desk


CurrentDesk = Annotated[Desk, Depends(get_current_desk)]
