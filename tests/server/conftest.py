"""Fixtures of the server tests: a real `desk-server serve` (uvicorn) on a free 127.0.0.1 port.

Every test that takes `server` or `make_server` runs twice: on the embedded SQLite file and on
PostgreSQL. The PostgreSQL run needs $DESK_TEST_POSTGRES_URL (scripts/run-tests starts a throwaway
cluster and sets it); without it, and only then, those runs are skipped (under scripts/run-tests
they fail). Servers start on migrated copies of a database (tests/server_process.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.server_process import (
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
    postgres_base_url,
)

API = "/api/v1"


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def backend(request: pytest.FixtureRequest) -> str:
    if request.param == "postgresql":
        postgres_base_url()  # skips without PostgreSQL; fails instead under scripts/run-tests
    return request.param


def _database_url(backend: str) -> str | None:
    """A migrated copy (tests/server_process.py); test_server_cli.py starts servers on empty ones."""
    return fresh_postgres_database(postgres_base_url(), migrated=True) if backend == "postgresql" else None


@contextmanager
def serving(
    backend: str, tmp_path_factory: pytest.TempPathFactory, env: dict[str, str] | None = None
) -> Iterator[ServerProcess]:
    """A running server on `backend` (a migrated database of its own, dropped after), `env` for its
    process: what a module's `server` fixture yields (a module may set the server's settings)."""
    url = _database_url(backend)
    proc = ServerProcess(tmp_path_factory.mktemp("server"), url, env=env, migrated=True)
    proc.start()
    try:
        yield proc
    finally:
        proc.close()
        if url:
            drop_postgres_database(url)


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server per test module and backend; tests isolate themselves in their own district."""
    with serving(backend, tmp_path_factory) as proc:
        yield proc


@pytest.fixture
def make_server(backend: str, tmp_path: Path) -> Iterator[Callable[..., ServerProcess]]:
    """A server of the test's own (to kill, restart or start with a fault injected)."""
    made: list[tuple[ServerProcess, str | None]] = []

    def make(env: dict[str, str] | None = None) -> ServerProcess:
        url = _database_url(backend)
        proc = ServerProcess(tmp_path / f"server{len(made)}", url, env=env, migrated=True)
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
        # The desk's first operator (its administrator), pushed before the desk's first change:
        # the server takes only changes that name an operator of the desk's scope.
        self.operator_id = str(uuid.uuid4())
        self.operator_pushed = False

    def operator_insert(self, role: str = "admin") -> dict[str, Any]:
        c = change(
            "operator",
            self.operator_id,
            "insert",
            {"name": "李明", "role": role, "active": True},
            when="2026-11-01T08:00:00",
        )
        c["operator_id"] = self.operator_id
        return c

    def signed(self, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Changes as this desk's operator makes them (those naming nobody name the operator);
        the operator's own insert goes first, in a push of its own, on the desk's first push."""
        if not self.operator_pushed:
            self.operator_pushed = True
            r = self.post("/push", {"changes": [self.operator_insert()]})
            assert r.status_code == 200 and r.json()["accepted"], r.text
        for c in changes:
            if c.get("operator_id") is None:
                c["operator_id"] = self.operator_id
        return changes

    def post(self, path: str, body: dict[str, Any]) -> requests.Response:
        return self.http.post(self.server.url + API + path, json=body, timeout=30)

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.http.get(self.server.url + API + path, params=params, timeout=30)

    def push(self, changes: list[dict[str, Any]]) -> dict[str, Any]:
        """Push as the desk's operator (see `signed`); the answer without the operator's insert."""
        r = self.post("/push", {"changes": self.signed(changes)})
        assert r.status_code == 200, r.text
        return r.json()

    def push_raw(self, changes: list[dict[str, Any]]) -> requests.Response:
        """Push exactly these changes (an attacker's or a broken desk's)."""
        return self.post("/push", {"changes": changes})

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
    def _enroll(
        *, station_id: str | None = None, district_id: str | None = None, name: str = "desk"
    ) -> DeskClient:
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
    return (
        f"2026-11-{20 + minutes // 1440:02d}T{minutes % 1440 // 60:02d}:{minutes % 60:02d}:00.{_tick[0]:06d}"
    )


def change(
    entity: str, entity_id: str, op: str, fields: dict[str, Any] | None = None, when: str | None = None
) -> dict[str, Any]:
    pairs = {k: list(v) if isinstance(v, tuple) else [None, v] for k, v in (fields or {}).items()}
    return {
        "id": str(uuid.uuid4()),
        "entity": entity,
        "entity_id": entity_id,
        "op": op,
        "fields": pairs,
        "operator_id": None,
        "at": when or at(),
    }


def reception(station_id: str, content: str = "电梯噪音", **fields: Any) -> dict[str, Any]:
    values = {
        "station_id": station_id,
        "received_at": "2026-11-20T09:30:00",
        "channel": "walk_in",
        "content": content,
        "outcome": "needs_referral",
        "status": "awaiting_referral",
        "round_no": 0,
        **fields,
    }
    return change("reception", str(uuid.uuid4()), "insert", values)


def update(entity: str, entity_id: str, when: str | None = None, **fields: Any) -> dict[str, Any]:
    return change(entity, entity_id, "update", fields, when)


# -- a case's moves as a desk logs them (each list is one desk write, in log order) ---------------


def unit(name: str = "五星街道办事处") -> dict[str, Any]:
    return change("handling_unit", str(uuid.uuid4()), "insert", {"name": name, "active": True})


def slip(
    case_id: str,
    station_id: str,
    unit_id: str,
    *,
    round_no: int = 1,
    attempt: int = 1,
    seq: int = 1,
    referred_on: str = "2026-11-20",
) -> dict[str, Any]:
    return change(
        "referral",
        str(uuid.uuid4()),
        "insert",
        {
            "reception_id": case_id,
            "station_id": station_id,
            "round_no": round_no,
            "attempt": attempt,
            "serial": f"浉河监督岗〔2026〕第{seq:03d}号",
            "serial_year": 2026,
            "serial_seq": seq,
            "handling_unit_id": unit_id,
            "handler": "王科长",
            "supervisor": "李明",
            "referred_on": referred_on,
            "working_days": 5,
            "reply_due": "2026-11-27",
            "due_estimated": False,
        },
    )


def refer(
    case_id: str,
    station_id: str,
    unit_id: str,
    *,
    before: tuple[str, int] = ("awaiting_referral", 0),
    seq: int = 1,
    attempt: int = 1,
) -> list[dict[str, Any]]:
    status, round_before = before
    round_no = round_before if status == "returned" else round_before + 1
    s = slip(case_id, station_id, unit_id, round_no=round_no, attempt=attempt, seq=seq)
    f = s["fields"]
    return [
        s,
        update(
            "reception",
            case_id,
            status=(status, "referred"),
            round_no=(round_before, round_no),
            serial=f["serial"][1],
            unit_id=unit_id,
            reply_due=f["reply_due"][1],
        ),
    ]


def reply(case_id: str, slip_id: str, on: str = "2026-11-24") -> list[dict[str, Any]]:
    return [
        update("referral", slip_id, replied_on=on, reply_text="已修复"),
        update("reception", case_id, status=("referred", "replied")),
    ]


def callback(
    case_id: str,
    slip_id: str,
    verdict: str = "satisfied",
    *,
    round_no: int = 1,
    cause: str = "",
    caller: str = "李明",
    words: str | None = None,
) -> list[dict[str, Any]]:
    target = "satisfied" if verdict != "dissatisfied" else "dissatisfied"
    if verdict == "dissatisfied" and not cause:
        cause = "unit_fault"
    if words is None:
        # A dissatisfied callback carries the citizen's words (casebook.callback_refusal).
        words = "还是没有修好" if verdict == "dissatisfied" else ""
    call = change(
        "callback",
        str(uuid.uuid4()),
        "insert",
        {
            "reception_id": case_id,
            "referral_id": slip_id,
            "round_no": round_no,
            "called_at": "2026-11-25T10:00:00",
            "caller": caller,
            "method": "phone",
            "citizen_words": words,
            "verdict": verdict,
            "cause": cause,
        },
    )
    return [call, update("reception", case_id, status=("replied", target))]


def sign_off(case_id: str, operator_id: str, *, round_no: int = 1) -> list[dict[str, Any]]:
    event = change(
        "case_event",
        str(uuid.uuid4()),
        "insert",
        {
            "reception_id": case_id,
            "round_no": round_no,
            "kind": "signed_off",
            "at": "2026-11-26T09:00:00",
            "reason": "群众满意",
            "fields": "",
        },
    )
    return [
        event,
        update(
            "reception",
            case_id,
            status=("satisfied", "signed_off"),
            signed_off_at="2026-11-26T09:00:00",
            signed_off_by=operator_id,
        ),
    ]
