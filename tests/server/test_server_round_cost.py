"""What a desk's sync round costs the server in SQL statements (issue 16, province scale).

Every desk calls /status, /pull and /push once a minute: their statements are counted here, on
the server app built in this test's process on the module server's own database (SQLite file or
PostgreSQL), called as uvicorn calls it (an ASGI request), with a counter on its engine. Desks are
enrolled and push through the real server process. Only the statements that read or write rows
are counted (not SQLite's BEGIN, COMMIT and PRAGMAs, which the two backends issue differently).

Also: a desk's sync calls authenticate inside their handler, yet an unknown token is still
answered 401 before invalid parameters are answered 422.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from typing import Any

import orjson
import pytest
from sqlalchemy import event

from desk_server.app import create_app
from desk_server.config import Settings
from tests.server.conftest import API, DeskClient, reception, update
from tests.server_process import ServerProcess

_ROW_STATEMENTS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")


class CountingApp:
    """The server app on the server's database; `get` answers (status, body, row statements)."""

    def __init__(self, database_url: str) -> None:
        self.app = create_app(Settings(database_url=database_url), migrate=False)
        self.statements: list[str] = []
        # PostgreSQL: per row statement, whether it ran inside a transaction (after a BEGIN).
        self.in_transaction: list[bool] = []

        @event.listens_for(self.app.state.engine, "before_cursor_execute")
        def _count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
            if statement.lstrip().upper().startswith(_ROW_STATEMENTS):
                self.statements.append(statement)

        @event.listens_for(self.app.state.engine, "after_cursor_execute")
        def _transaction(_conn: Any, cursor: Any, statement: str, *_args: Any) -> None:
            info = getattr(cursor.connection, "info", None)  # psycopg's ConnectionInfo
            if info is not None and statement.lstrip().upper().startswith(_ROW_STATEMENTS):
                self.in_transaction.append(info.transaction_status != info.transaction_status.IDLE)

    def get(self, path: str, token: str) -> tuple[int, Any, list[str]]:
        return self.call("GET", path, token)

    def call(
        self,
        method: str,
        path: str,
        token: str,
        body: bytes = b"",
        on_receive: Callable[[], None] | None = None,
    ) -> tuple[int, Any, list[str]]:
        """One request; `on_receive` runs when the app asks for the request's body."""
        path, _, query = path.partition("?")
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": API + path,
            "raw_path": (API + path).encode(),
            "query_string": query.encode(),
            "root_path": "",
            "headers": [
                (b"host", b"127.0.0.1"),
                (b"authorization", f"Bearer {token}".encode()),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
            ],
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 80),
            "state": {},
        }
        answer: dict[str, Any] = {"body": b""}

        async def receive() -> dict[str, Any]:
            if on_receive is not None:
                on_receive()
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                answer["status"] = message["status"]
            elif message["type"] == "http.response.body":
                answer["body"] += message.get("body", b"")

        self.statements.clear()
        self.in_transaction.clear()
        asyncio.run(self.app(scope, receive, send))
        return answer["status"], orjson.loads(answer["body"]), list(self.statements)

    def close(self) -> None:
        self.app.state.forwarder.stop()
        self.app.state.desk_threads.shutdown()
        self.app.state.engine.dispose()


@pytest.fixture(scope="module")
def counting(server: ServerProcess) -> Iterator[CountingApp]:
    app = CountingApp(server.database_url)
    yield app
    app.close()


@pytest.fixture
def desk(enroll: Callable[..., DeskClient], station: str) -> DeskClient:
    d = enroll(station_id=station)
    d.push([reception(station)])
    return d


def test_status_reads_the_desk_then_its_count_and_the_server_state_together(
    counting: CountingApp, desk: DeskClient
) -> None:
    status, body, statements = counting.get("/status", desk.token)
    assert status == 200 and body["desk_id"] == desk.id
    assert body["epoch"] and body["restored_seq"] == 0
    assert len(statements) == 2, statements


def _caught_up(counting: CountingApp, desk: DeskClient) -> int:
    """The desk's cursor at the server's high mark, recorded by a pull (as /status uses it)."""
    high = desk.pull(0)["next"]
    assert counting.get(f"/pull?since={high}", desk.token)[0] == 200
    return high


def test_pull_with_nothing_new_reads_the_desk_the_marks_and_the_page(
    counting: CountingApp, desk: DeskClient
) -> None:
    high = _caught_up(counting, desk)
    status, body, statements = counting.get(f"/pull?since={high}", desk.token)
    assert status == 200 and body == {"changes": [], "next": high, "more": False}
    # The desk (authentication), the high mark, the page; the cursor is already recorded.
    assert len(statements) == 3, statements


def test_pull_naming_own_changes_reads_the_marks_in_one_statement(
    counting: CountingApp, desk: DeskClient, station: str
) -> None:
    high = _caught_up(counting, desk)
    mine = desk.push([reception(station, "又一件")])["accepted"]
    status, body, statements = counting.get(f"/pull?since={high}&mine={','.join(mine)}", desk.token)
    assert status == 200 and body["changes"] == []  # the desk's own change is not sent back
    # The desk, the marks (the high mark and the desk's own changes together), the page.
    assert len(statements) == 3, statements


def test_pull_of_a_neighbours_change_reads_its_row_and_records_the_cursor(
    counting: CountingApp, desk: DeskClient, enroll: Callable[..., DeskClient], station: str
) -> None:
    neighbour = enroll(station_id=station)
    neighbour.signed([])  # its operator first
    high = _caught_up(counting, desk)
    neighbour.push([reception(station, "邻座的一件")])
    status, body, statements = counting.get(f"/pull?since={high}", desk.token)
    assert status == 200 and len(body["changes"]) == 1
    # The desk, the marks, the page, the row pulled (its current values).
    assert len(statements) == 4, statements
    status, body, statements = counting.get(f"/pull?since={body['next']}", desk.token)
    assert status == 200 and body["changes"] == []
    # The desk, the marks, the page, and the new cursor recorded.
    assert len(statements) == 4 and statements[-1].lstrip().upper().startswith("UPDATE"), statements
    status, body, _ = counting.get("/status", desk.token)
    assert body["pending_for_you"] == 0


def test_unknown_token_with_bad_parameters_is_told_its_token_first(counting: CountingApp) -> None:
    for path in ("/pull?since=-1", "/status?since=x"):
        status, body, _ = counting.get(path, "no-such-token")
        assert status == 401 and body["detail"]["code"] == "token_invalid", (path, body)


def test_known_token_with_bad_parameters_is_told_the_parameter(
    counting: CountingApp, desk: DeskClient
) -> None:
    status, body, _ = counting.get("/pull?since=-1", desk.token)
    assert status == 422 and body["detail"]["code"] == "validation"


# (The push's own code still calls Result.tuples(), deprecated by SQLAlchemy 2.1: not this test's matter.)
@pytest.mark.filterwarnings("ignore:The Result.tuples")
def test_push_holds_no_database_connection_while_its_body_comes(
    counting: CountingApp, desk: DeskClient, station: str
) -> None:
    """A push authenticates, then awaits its body: a connection held meanwhile (and then while it
    waits for a worker thread) could leave the pool empty for the requests holding the threads."""
    held: list[int] = []
    pool = counting.app.state.engine.pool
    body = orjson.dumps({"changes": desk.signed([reception(station, "推送")])})
    status, answer, _ = counting.call(
        "POST", "/push", desk.token, body, lambda: held.append(pool.checkedout())
    )
    assert status == 200 and len(answer["accepted"]) == 1, answer
    assert held and held[0] == 0


def test_worker_threads_are_fewer_than_the_connections_they_can_hold(server: ServerProcess) -> None:
    """The server's worker threads (set when it starts) and its two background threads (the
    12345 forwarder, the public channel's writer) never outnumber the engine's connections, so a
    thread never waits for one: a wait for a connection while holding a thread is how a burst of
    3,000 desks once emptied the pool."""
    import anyio.to_thread

    from desk_server.app import DESK_THREADS, WORKER_THREADS

    app = CountingApp(server.database_url)
    try:

        async def started() -> int:
            async with app.app.router.lifespan_context(app.app):
                return anyio.to_thread.current_default_thread_limiter().total_tokens

        threads = asyncio.run(started())
        pool = app.app.state.engine.pool
        assert threads == WORKER_THREADS < 40  # anyio's default
        # The desks' sync calls run on threads of their own (api.routes.sync.in_desk_thread).
        assert app.app.state.desk_threads._max_workers == DESK_THREADS
        assert threads + DESK_THREADS + 2 <= pool.size() + pool._max_overflow  # type: ignore[attr-defined]
    finally:
        app.close()


def test_push_of_a_new_case_and_an_edit_of_the_last_one_runs_a_handful_of_statements(
    counting: CountingApp, desk: DeskClient, station: str
) -> None:
    """The fleet's push (what `bench_server_scale.py --only fleet` offers): a new reception and an
    edit of the desk's previous one."""
    last = reception(station, "上一件")
    assert desk.push([last])["accepted"]
    first = reception(station, "新的一件")
    edit = update("reception", last["entity_id"], content="改过")
    body = orjson.dumps({"changes": desk.signed([first, edit])})
    status, answer, statements = counting.call("POST", "/push", desk.token, body)
    assert status == 200 and len(answer["accepted"]) == 2, answer
    # The desk, the district's rekeys and what the server knows of the batch's ids (one UNION ALL),
    # the rows named and the case's children (one UNION ALL), then the writes: the new row, the
    # edited row, the change log. On PostgreSQL the two inserts are a COPY (not seen by the
    # engine's event) and the district's lock and the seq lock are two statements more.
    locks = [s for s in statements if "pg_advisory_xact_lock" in s]
    assert len(locks) == (2 if counting.app.state.engine.dialect.name == "postgresql" else 0)
    assert len(statements) - len(locks) == 6 - (2 if locks else 0), statements


def test_a_desks_reads_send_no_begin_and_no_commit_on_postgresql(
    counting: CountingApp, desk: DeskClient, station: str
) -> None:
    """/status, /pull (its cursor's update included) and the push's authentication run each
    statement on its own (autocommit): no BEGIN, no COMMIT or ROLLBACK, two round trips fewer a
    request; the push's reads and writes stay one transaction."""
    if counting.app.state.engine.dialect.name != "postgresql":
        pytest.skip("SQLite's readers keep their BEGIN: it holds their statements on one snapshot")
    assert counting.get("/status", desk.token)[0] == 200
    assert counting.in_transaction == [False] * 2
    high = desk.pull(0)["next"]
    status, _, statements = counting.get(f"/pull?since={high}", desk.token)
    assert status == 200 and statements[-1].lstrip().upper().startswith("UPDATE"), statements
    assert counting.in_transaction == [False] * len(statements)
    body = orjson.dumps({"changes": desk.signed([reception(station, "推送")])})
    status, answer, statements = counting.call("POST", "/push", desk.token, body)
    assert status == 200 and answer["accepted"], answer
    assert counting.in_transaction == [False] + [True] * (len(statements) - 1), statements


@pytest.fixture
def thread_calls(counting: CountingApp, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The calls handed to the desks' worker threads (api.routes.sync.in_desk_thread)."""
    calls: list[Any] = []
    threads = counting.app.state.desk_threads
    submit = threads.submit

    def counted(fn: Any, *args: Any) -> Any:
        calls.append(args[0] if args else fn)  # in_desk_thread submits context.run(fn, ...)
        return submit(fn, *args)

    monkeypatch.setattr(threads, "submit", counted)
    return calls


def test_small_push_is_read_then_authenticated_and_applied_in_one_thread_call(
    counting: CountingApp, desk: DeskClient, station: str, thread_calls: list[Any]
) -> None:
    body = orjson.dumps({"changes": desk.signed([reception(station, "小批")])})
    status, answer, _ = counting.call("POST", "/push", desk.token, body)
    assert status == 200 and len(answer["accepted"]) == 1, answer
    assert len(thread_calls) == 1


def test_large_push_is_authenticated_before_its_body_is_read(
    counting: CountingApp, desk: DeskClient, station: str, thread_calls: list[Any]
) -> None:
    from desk_server.api.routes.sync import SMALL_PUSH_BYTES

    batch = desk.signed([reception(station, "长" * 300) for _ in range(120)])
    body = orjson.dumps({"changes": batch})
    assert len(body) > SMALL_PUSH_BYTES
    status, answer, _ = counting.call("POST", "/push", desk.token, body)
    assert status == 200 and len(answer["accepted"]) == 120, answer
    assert len(thread_calls) == 2  # authentication, then (the body read) the push


def test_small_push_with_an_unknown_token_is_told_its_token_before_its_body(counting: CountingApp) -> None:
    status, body, statements = counting.call("POST", "/push", "no-such-token", b'{"changes": [')
    assert status == 401 and body["detail"]["code"] == "token_invalid", body
    assert len(statements) == 2  # the token looked up as the desk's token, then as its next one
