"""Errors as JSON `{"detail": {"code": ..., "message": ...}}` (docs/sync.md, Errors)."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from desk_server.errors import ApiError

# Codes of the errors Starlette and FastAPI raise themselves (no route, a body over the limit).
_HTTP_CODES = {400: "malformed", 404: "not_found", 405: "method_not_allowed", 413: "too_large"}
_HTTP_MESSAGES = {413: "The request body is larger than this server accepts."}


def _body(code: str, message: str, **extra: object) -> dict:
    return {"detail": {"code": code, "message": message, **extra}}


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
        headers = dict(exc.headers or {})
        if exc.status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        return JSONResponse(
            _body(exc.code, exc.message, **exc.extra), status_code=exc.status, headers=headers or None
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = exc.errors()
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        return JSONResponse(_body("validation", f"{where}: {first.get('msg', 'invalid')}"), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        message = _HTTP_MESSAGES.get(exc.status_code, str(exc.detail))
        return JSONResponse(_body(code, message), status_code=exc.status_code, headers=exc.headers)
