"""The route class of every router: bodies parsed as strictly as /push parses its own.

FastAPI reads a JSON body with the json module, which accepts what the databases cannot store
(lone surrogates) and fails on deep nesting with a RecursionError it reports as a bare 400.
Here the body goes through `boundary.parse_json` (orjson), so every route answers such bodies
the same way: 400 `malformed`. (NUL characters in text fields are refused by the request
models' patterns, which the OpenAPI document shows: 422 `validation`.)
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.concurrency import run_in_threadpool

from desk_server.api.boundary import parse_json
from desk_server.api.deps import authenticate, desk_session


class _StrictJsonRequest(Request):
    async def json(self) -> Any:
        if not hasattr(self, "_json"):
            self._json = parse_json(await self.body())
        return self._json


class StrictJsonRoute(APIRoute):
    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def strict_handler(request: Request) -> Response:
            return await handler(_StrictJsonRequest(request.scope, request.receive))

        return strict_handler


class DeskRoute(StrictJsonRoute):
    """A desk's sync call, which authenticates inside its handler (api.deps.DeskToken): a request
    whose parameters are invalid is still told first that its token is unknown or revoked (401
    before 422, as when authentication was a dependency solved before the parameters)."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def desk_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except RequestValidationError:
                # The token is there (desk_token refuses a missing one before the parameters).
                await run_in_threadpool(_authenticate_only, request)
                raise

        return desk_handler


def _authenticate_only(request: Request) -> None:
    token = request.headers.get("authorization", "").partition(" ")[2]
    with desk_session(request, transaction=False) as session:
        authenticate(request, session, token)
