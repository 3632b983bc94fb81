"""ASGI middleware of the server: the request body limit and the access log.

The limit is counted while the body is read, so a 300 MB body costs the server at most
MAX_BODY_BYTES of memory: a Content-Length over it is answered at once, without reading a byte
of the body; a chunked body is cut off as soon as it passes it. Both answer the protocol's JSON
error (413 `too_large`). (FastAPI's own `max_body_size` answers a Content-Length over the limit
in plain text, whatever the app's error handlers say, so it is not used.)
"""

from __future__ import annotations

import logging
import re
import time

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk_server import jsonio
from desk_server.errors import ApiError


def too_large(max_bytes: int) -> ApiError:
    return ApiError(
        413,
        "too_large",
        f"The request body is larger than this server accepts ({max_bytes} bytes).",
        max_bytes=max_bytes,
    )


class BodyLimit:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        announced = Headers(scope=scope).get("content-length")
        if announced is not None and announced.isdigit() and int(announced) > self.max_bytes:
            await _answer(send, too_large(self.max_bytes))
            return
        seen = 0

        async def limited_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    # An HTTPException: FastAPI's body reading lets it through to the handlers.
                    raise too_large(self.max_bytes)
            return message

        await self.app(scope, limited_receive, send)


async def _answer(send: Send, error: ApiError) -> None:
    body = jsonio.dumps({"detail": {"code": error.code, "message": error.message, **error.extra}}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": error.status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                # The body was not read: the connection cannot carry another request.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


# -- access log --------------------------------------------------------------------------------

ACCESS_LOG = "desk_server.access"
_access = logging.getLogger(ACCESS_LOG)


# The public channel's paths hold a QR token or a citizen's tracking code: not logged.
_PUBLIC_SECRET = re.compile(r"^/(p|t)/[^/]+")


class AccessLog:
    """One line per request: client address, desk id or '-', method, path, status, duration.

    Never the query string, a header or a body: no token, no citizen's data reaches the log. The
    desk id is what authentication found (request.state.desk_id, set by api.deps). Time and level
    come from the logging configuration (`desk-server serve` logs to stderr).
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the client gets if the app fails before answering

        async def send_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_status)
        finally:
            if _access.isEnabledFor(logging.INFO):
                client = scope.get("client")
                desk = (scope.get("state") or {}).get("desk_id") or "-"
                _access.info(
                    "%s %s %s %s %d %.1fms",
                    client[0] if client else "-",
                    desk,
                    scope["method"],
                    _PUBLIC_SECRET.sub(r"/\1/*", scope["path"]),
                    status,
                    (time.perf_counter() - started) * 1000,
                )
