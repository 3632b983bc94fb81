"""Running a server for a district: sign-in throttling and the access log."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

import requests

from tests.server.conftest import API, DeskClient, reception
from tests.server_process import ServerProcess

MakeServer = Callable[..., ServerProcess]


def _enroll(server: ServerProcess, code: str) -> requests.Response:
    return requests.post(server.url + API + "/enroll", json={"code": code, "desk_name": "d"}, timeout=10)


def _station(server: ServerProcess) -> str:
    return server.admin.create_station(server.admin.create_district())


def test_failed_enrolments_beyond_the_limit_get_429_with_retry_after(make_server: MakeServer) -> None:
    server = make_server(env={"DESK_SERVER_SIGN_IN_FAILURES": "3"}).start()
    assert [_enroll(server, "WRONG-CODE").status_code for _ in range(3)] == [401, 401, 401]
    r = _enroll(server, "WRONG-CODE")
    assert (r.status_code, r.json()["detail"]["code"]) == (429, "too_many_attempts")
    assert 1 <= int(r.headers["Retry-After"]) <= 60


def test_a_right_code_waits_too_while_the_address_is_throttled(make_server: MakeServer) -> None:
    server = make_server(env={"DESK_SERVER_SIGN_IN_FAILURES": "3"}).start()
    code = server.admin.enroll_code(station_id=_station(server))
    for _ in range(3):
        _enroll(server, "WRONG-CODE")
    assert _enroll(server, code).status_code == 429


def test_unknown_tokens_count_as_failed_sign_ins(make_server: MakeServer) -> None:
    server = make_server(env={"DESK_SERVER_SIGN_IN_FAILURES": "3"}).start()
    guesses = [
        requests.get(
            server.url + API + "/status", headers={"Authorization": f"Bearer guess{i}"}, timeout=10
        ).status_code
        for i in range(4)
    ]
    assert guesses == [401, 401, 401, 429]


def test_a_known_token_passes_while_its_address_is_throttled(make_server: MakeServer) -> None:
    server = make_server(env={"DESK_SERVER_SIGN_IN_FAILURES": "3"}).start()
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=_station(server))))
    for _ in range(3):
        _enroll(server, "WRONG-CODE")
    assert desk.get("/status").status_code == 200


def _log_size(server: ServerProcess) -> int:
    return server.log.stat().st_size


def _log_lines(server: ServerProcess, path: str, at_least: int = 1, since: int = 0) -> list[str]:
    """The access log's lines for `path` written from byte `since` on (a test on the module's
    server reads only the lines of its own requests)."""
    deadline = time.monotonic() + 5
    lines: list[str] = []
    while time.monotonic() < deadline:  # the log is written by another process
        with open(server.log, "rb") as log:
            log.seek(since)
            written = log.read().decode()
        lines = [line for line in written.splitlines() if f" {path} " in line]
        if len(lines) >= at_least:
            return lines
        time.sleep(0.05)
    return lines


# The access-log tests share the module's server (one per backend): each reads the lines written
# after it started and waits for all of its own, so none sees another's requests.


def test_each_request_is_one_access_log_line_with_the_desk(server: ServerProcess) -> None:
    since = _log_size(server)
    station = _station(server)
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station)))
    # Two requests: the desk's operator goes up first, in a push of its own (DeskClient.signed).
    desk.push([reception(station, content="张三反映电梯停运")])
    lines = _log_lines(server, API + "/push", at_least=2, since=since)
    assert len(lines) == 2
    for line in lines:
        assert re.fullmatch(rf"\S+Z 127\.0\.0\.1 {desk.id} POST {API}/push 200 \d+\.\dms", line), line


def test_access_log_holds_no_token_and_no_body(server: ServerProcess) -> None:
    since = _log_size(server)
    station = _station(server)
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station)))
    desk.push([reception(station, content="张三反映电梯停运")])
    _log_lines(server, API + "/push", at_least=2, since=since)
    log = server.log.read_text()
    assert desk.token not in log and "张三" not in log


def test_refusals_are_logged_with_their_status(server: ServerProcess) -> None:
    since = _log_size(server)
    requests.get(server.url + API + "/pull", timeout=10)
    [line] = _log_lines(server, API + "/pull", since=since)
    assert " - GET " in line and line.split()[-2] == "401"
