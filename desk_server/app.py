"""The FastAPI application (create_app), its routers under /api/v1, and its error handlers."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import APIRouter, FastAPI

from desk_server import __version__
from desk_server.api.boundary import MAX_BODY_BYTES
from desk_server.api.handlers import install_handlers
from desk_server.api.middleware import AccessLog, BodyLimit
from desk_server.api.routes import enroll, open311, serials, sync, token
from desk_server.api.throttle import FailureThrottle
from desk_server.config import Settings
from desk_server.db import ensure_schema, make_engine, session_factory
from desk_server.services.forwarder import Forwarder, Timing
from desk_server.services.public import LinkCache, SubmissionWriter, form_secret
from desk_server.web import routes as web

API_PREFIX = "/api/v1"

# Worker threads of a server process (anyio's default is 40). The handlers' Python holds the GIL:
# under a burst, 40 threads at once only contend for it (more CPU a request, not more done); fewer
# than the engine's pool (10 + 20 overflow) also means a thread never waits for a connection.
# Two sets: the desks' sync calls (/status, /pull, /push: every desk, every minute) run on
# DESK_THREADS threads of their own (api.routes.sync.in_desk_thread: a hop to one costs a third of
# anyio's), every other sync handler on anyio's WORKER_THREADS. Together, with the two background
# threads (the 12345 forwarder, the public channel's writer), fewer than the pool's 30 connections.
WORKER_THREADS = 12
DESK_THREADS = 14


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS
    yield
    app.state.desk_threads.shutdown(wait=False, cancel_futures=True)


def create_app(settings: Settings | None = None, *, migrate: bool = True) -> FastAPI:
    settings = settings or Settings.from_env()
    engine = make_engine(settings.database_url)
    if migrate:
        ensure_schema(engine)
    app = FastAPI(
        title="Station Desk sync server",
        version=__version__,
        description="The central server of Station Desk: desks enroll, push their change log and "
        "pull what other desks changed. The protocol is docs/sync.md.",
        lifespan=_lifespan,
    )
    app.state.engine = engine
    app.state.desk_threads = ThreadPoolExecutor(DESK_THREADS, thread_name_prefix="desk-sync")
    app.state.sessions = session_factory(engine)
    app.state.sign_in_throttle = FailureThrottle(settings.sign_in_failures_per_minute)
    # The public channel (issue 12): submissions per address and phone an hour; unknown QR
    # tokens and tracking codes per address (a guesser is stopped after 30 in 10 minutes).
    app.state.public_address_throttle = FailureThrottle(settings.public_per_address, window=3600.0)
    app.state.public_phone_throttle = FailureThrottle(settings.public_per_phone, window=3600.0)
    app.state.public_lookup_throttle = FailureThrottle(30, window=600.0)
    # Open311 (docs/open311.md): requests a partner's key may post an hour.
    app.state.open311_key_throttle = FailureThrottle(settings.open311_per_key, window=3600.0)
    with app.state.sessions() as session:
        app.state.form_secret = form_secret(session)
    app.state.public_links = LinkCache()
    app.state.public_writer = SubmissionWriter(app.state.sessions)
    # 转12345: the Open311 client forwarding desks' cases to 12345 platforms (docs/open311.md).
    app.state.forwarder = Forwarder(
        app.state.sessions,
        Timing(
            tick=settings.open311_tick, retry_first=settings.open311_retry_first, poll=settings.open311_poll
        ),
    ).start()
    install_handlers(app)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(AccessLog)  # added last: outermost, so it also logs what BodyLimit refuses
    api = APIRouter(prefix=API_PREFIX)
    api.include_router(enroll.router)
    api.include_router(sync.router)
    api.include_router(serials.router)
    api.include_router(token.router)
    app.include_router(api)
    app.include_router(web.router)
    app.include_router(open311.router)

    _document_entities(app)

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict:
        return {"ok": True}

    return app


def _document_entities(app: FastAPI) -> None:
    """Each entity's values (the push's `fields`, new values) as a schema of the OpenAPI document,
    made from the entity schema the push is checked with (api/entity_models.py)."""
    from fastapi.openapi.utils import get_openapi

    from desk_server.api.entity_models import ENTITY_MODELS

    def openapi() -> dict:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title, version=app.version, description=app.description, routes=app.routes
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for model in ENTITY_MODELS.values():
                components[model.__name__] = model.model_json_schema(
                    ref_template="#/components/schemas/{model}"
                )
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
