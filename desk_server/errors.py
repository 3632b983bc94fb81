"""The error the API answers as JSON `{"detail": {"code": ..., "message": ...}}` (docs/sync.md, Errors).

`ApiError` is a Starlette `HTTPException`, so it passes untouched through FastAPI's own body
reading (which turns any other exception raised there into a generic 400) and reaches the
handler in `desk_server.api.handlers` wherever it is raised.
"""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException


class ApiError(HTTPException):
    def __init__(
        self,
        status: int,
        code: str,
        message: str = "",
        *,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(status_code=status, detail=message or code, headers=headers)
        self.status = status
        self.code = code
        self.message = message or code
        # More facts for the client next to code and message (e.g. `server_time` of clock_ahead).
        self.extra = extra

    def __str__(self) -> str:
        return self.message


def malformed(message: str) -> ApiError:
    return ApiError(400, "malformed", message)
