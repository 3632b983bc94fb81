"""The route class of every router: bodies parsed as strictly as /push parses its own.

FastAPI reads a JSON body with the json module, which accepts what the databases cannot store
(lone surrogates) and fails on deep nesting with a RecursionError it reports as a bare 400.
Here the body goes through `boundary.parse_json` (orjson) and NUL characters are refused, so
every route answers such bodies the same way: 400 `malformed`.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.routing import APIRoute

from desk_server.api.boundary import parse_json
from desk_server.errors import malformed


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            body = await self.body()
            data = parse_json(body)
            if b"\\u0000" in body and _holds_nul(data):
                raise malformed("strings may not contain NUL (\\u0000)")
            self._json = data
        return self._json


def _holds_nul(value: Any) -> bool:
    # A loop, not recursion: orjson accepts 1,024 levels, more than Python's recursion limit.
    stack = [value]
    while stack:
        v = stack.pop()
        if isinstance(v, str):
            if "\x00" in v:
                return True
        elif isinstance(v, dict):
            stack.extend(v.keys())
            stack.extend(v.values())
        elif isinstance(v, list):
            stack.extend(v)
    return False


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler
