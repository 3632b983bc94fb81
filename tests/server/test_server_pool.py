"""The server's pooled PostgreSQL connections: pinged only when in doubt, replaced when dead.

A connection handed out again a moment after its last use is not pinged (a round trip for each of
a desk round's checkouts); one idle for a while, or one whose server closed it (PostgreSQL
restarted, its backend terminated), is checked at checkout and replaced, so that no request sees
a connection the server closed. PostgreSQL only: the SQLite file has no server to lose.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from desk_server import db
from tests.server.conftest import DeskClient, reception
from tests.server_process import (
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
    postgres_base_url,
)


def _conninfo(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _terminate(url: str, where: str, *args: Any) -> int:
    """Terminate the backends of the database of `url` matching `where`; wait until they are gone."""
    database = make_url(url).database
    with psycopg.connect(_conninfo(url), autocommit=True) as admin:
        pids = [
            row[0]
            for row in admin.execute(
                f"SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() AND {where}",
                (database, *args),
            )
        ]
        for pid in pids:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
        deadline = time.monotonic() + 10
        left = "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)"
        while admin.execute(left, (pids,)).fetchone() != (0,):
            assert time.monotonic() < deadline, "backends still there after 10 s"
            time.sleep(0.02)
    return len(pids)


@pytest.fixture
def engine() -> Iterator[Engine]:
    url = fresh_postgres_database(postgres_base_url())
    made = db.make_engine(url)
    yield made
    made.dispose()
    drop_postgres_database(url)


@pytest.fixture
def pings(engine: Engine, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The engine's pings, counted (one item each)."""
    counted: list[int] = []
    ping = engine.dialect.do_ping

    def counting_ping(dbapi_conn: Any) -> bool:
        counted.append(1)
        return ping(dbapi_conn)

    monkeypatch.setattr(engine.dialect, "do_ping", counting_ping)
    return counted


def _backend_pid(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def test_a_connection_used_again_at_once_is_not_pinged(engine: Engine, pings: list[int]) -> None:
    first = _backend_pid(engine)
    assert [_backend_pid(engine) for _ in range(3)] == [first] * 3
    assert pings == []


def test_a_connection_idle_for_a_while_is_pinged(
    engine: Engine, pings: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _backend_pid(engine)
    monkeypatch.setattr(db, "PING_IDLE_SECONDS", 0.0)
    assert _backend_pid(engine) == first
    assert pings == [1]


def test_a_connection_the_server_closed_is_replaced_at_checkout(engine: Engine, pings: list[int]) -> None:
    first = _backend_pid(engine)
    assert _terminate(engine.url.render_as_string(hide_password=False), "pid = %s", first) == 1
    # Used a moment ago, yet not handed out: its socket tells that the server closed it.
    assert _backend_pid(engine) != first
    assert pings == [1]


def test_without_poll_a_connection_the_server_closed_is_still_replaced(
    engine: Engine, pings: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows has no select.poll(): the socket is asked through select() there."""
    first = _backend_pid(engine)
    monkeypatch.delattr(db.select, "poll")
    assert _backend_pid(engine) == first and pings == []  # used a moment ago: no ping
    assert _terminate(engine.url.render_as_string(hide_password=False), "pid = %s", first) == 1
    assert _backend_pid(engine) != first
    assert pings == [1]


MakeServer = Callable[..., ServerProcess]


def test_a_desk_round_succeeds_after_postgresql_dropped_the_servers_connections(
    make_server: MakeServer, backend: str
) -> None:
    if backend != "postgresql":
        pytest.skip("the SQLite file has no server to drop connections")
    server = make_server().start()
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station), "d"))
    desk.push([reception(station)])
    assert desk.get("/status").status_code == 200
    assert _terminate(server.database_url, "application_name LIKE 'desk-server %%'") >= 1
    # Each call right after: status, pull, push (its authentication and its write).
    assert desk.get("/status").status_code == 200
    assert desk.get("/pull", since=0).status_code == 200
    assert desk.push([reception(station)])["accepted"]
