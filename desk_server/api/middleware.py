"""ASGI middleware of the server: the request body limit (and, below, the access log).

The limit is counted while the body is read, so a 300 MB body costs the server at most
MAX_BODY_BYTES of memory: a Content-Length over it is answered at once, without reading a byte
of the body; a chunked body is cut off as soon as it passes it. Both answer the protocol's JSON
error (413 `too_large`). (FastAPI's own `max_body_size` answers a Content-Length over the limit
in plain text, whatever the app's error handlers say, so it is not used.)
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from desk_server import jsonio
from desk_server.errors import ApiError


def too_large(max_bytes: int) -> ApiError:
    return ApiError(413, "too_large", f"The request body is larger than this server accepts "
                                      f"({max_bytes} bytes).", max_bytes=max_bytes)


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
    await send({"type": "http.response.start", "status": error.status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()),
                            # The body was not read: the connection cannot carry another request.
                            (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
