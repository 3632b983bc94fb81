"""Fixtures of the server tests: a real `desk-server serve` (uvicorn) on a free 127.0.0.1 port.

Every test that takes `server` or `make_server` runs twice: on the embedded SQLite file and on
PostgreSQL. The PostgreSQL run needs $DESK_TEST_POSTGRES_URL (scripts/run-tests starts a throwaway
cluster and sets it); without it, and only then, those runs are skipped.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.server_process import (
    POSTGRES_ENV,
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
)

API = "/api/v1"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql" and not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (scripts/run-tests starts a PostgreSQL and sets it)")
    return request.param


def _database_url(backend: str) -> str | None:
    return fresh_postgres_database(os.environ[POSTGRES_ENV]) if backend == "postgresql" else None


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server per test module and backend; tests isolate themselves in their own district."""
    url = _database_url(backend)
    proc = ServerProcess(tmp_path_factory.mktemp("server"), url)
    proc.start()
    yield proc
    proc.close()
    if url:
        drop_postgres_database(url)


@pytest.fixture
def make_server(backend: str, tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """A server of the test's own (to kill, restart or start with a fault injected)."""
    made: list[tuple[ServerProcess, str | None]] = []

    def make(env: dict[str, str] | None = None) -> ServerProcess:
        url = _database_url(backend)
        proc = ServerProcess(tmp_path / f"server{len(made)}", url, env=env)
        made.append((proc, url))
        return proc

    yield make
    for proc, url in made:
        proc.close()
        if url:
            drop_postgres_database(url)


class DeskClient:
    """A desk as the server sees it: a token and the four calls."""

    def __init__(self, server: ServerProcess, enrolled: dict[str, Any]) -> None:
        self.server = server
        self.id: str = enrolled["desk_id"]
        self.token: str = enrolled["token"]
        self.station: dict[str, Any] | None = enrolled["station"]
        self.district: dict[str, Any] = enrolled["district"]
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Bearer {self.token}"

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.http.post(self.server.url + API + path, json=body, timeout=30)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self.server.url + API + path, params=params, timeout=30)

    def push(self, changes: list[dict[str, Any]]) -> dict[str, Any]:
        r = self.post("/push", {"changes": changes})
        assert r.status_code == 200, r.text
        return r.json()

    def pull(self, since: int = 0, limit: int = 500) -> dict[str, Any]:
        r = self.get("/pull", since=since, limit=limit)
        assert r.status_code == 200, r.text
        return r.json()

    def pull_all(self, since: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull(since, limit)
            changes += page["changes"]
            since = page["next"]
            if not page["more"]:
                return changes, since


@pytest.fixture
def enroll(server: ServerProcess) -> Callable[..., DeskClient]:
    def _enroll(*, station_id: str | None = None, district_id: str | None = None,
                name: str = "desk") -> DeskClient:
        code = server.admin.enroll_code(station_id=station_id, district_id=district_id)
        return DeskClient(server, server.enroll(code, name))

    return _enroll


@pytest.fixture
def district(server: ServerProcess) -> str:
    return server.admin.create_district()


@pytest.fixture
def station(server: ServerProcess, district: str) -> str:
    return server.admin.create_station(district)


# -- changes as a desk logs them -----------------------------------------------------------------

_tick = [0]


def at(offset_minutes: int = 0) -> str:
    """Desk times that increase with each call (and can be shifted to order two desks)."""
    _tick[0] += 1
    minutes = 10_000 + offset_minutes
    return f"2026-11-{20 + minutes // 1440:02d}T{minutes % 1440 // 60:02d}:{minutes % 60:02d}:" \
           f"00.{_tick[0]:06d}"


def change(entity: str, entity_id: str, op: str, fields: dict[str, Any] | None = None,
           when: str | None = None) -> dict[str, Any]:
    pairs = {k: list(v) if isinstance(v, tuple) else [None, v] for k, v in (fields or {}).items()}
    return {"id": str(uuid.uuid4()), "entity": entity, "entity_id": entity_id, "op": op,
            "fields": pairs, "operator_id": None, "at": when or at()}


def reception(station_id: str, content: str = "电梯噪音", **fields: Any) -> dict[str, Any]:
    values = {"station_id": station_id, "received_at": "2026-11-20T09:30:00", "channel": "walk_in",
              "content": content, "outcome": "needs_referral", "status": "awaiting_referral",
              "round_no": 0, **fields}
    return change("reception", str(uuid.uuid4()), "insert", values)


def update(entity: str, entity_id: str, when: str | None = None, **fields: Any) -> dict[str, Any]:
    return change(entity, entity_id, "update", fields, when)
