"""Issue 15: what may cross the request boundary. Each case used to be a 500 (or was accepted and
stored); each is now a 4xx with a stable code, on SQLite and on PostgreSQL alike."""

from __future__ import annotations

import select
import socket
import uuid
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import orjson
import pytest
import requests

from desk_server.api.boundary import MAX_BODY_BYTES, MAX_STRING_CHARS
from tests.server.conftest import API, DeskClient, change, reception, update
from tests.server_process import ServerProcess


@pytest.fixture
def desk(enroll, station: str) -> DeskClient:
    return enroll(station_id=station)


def _code(r: requests.Response) -> str:
    return r.json()["detail"]["code"]


def _push_raw(desk: DeskClient, body: bytes, **headers: str) -> requests.Response:
    return desk.http.post(
        desk.server.url + API + "/push",
        data=body,
        timeout=60,
        headers={"Content-Type": "application/json", **headers},
    )


def _utc_now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _http_date(when: datetime) -> str:
    return format_datetime(when.replace(tzinfo=UTC), usegmt=True)


# -- clocks ---------------------------------------------------------------------------------------


def test_change_from_the_far_future_is_refused_as_clock_ahead(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [{**reception(station), "at": "9999-12-31T23:59:59"}]})
    assert (r.status_code, _code(r)) == (400, "clock_ahead")
    assert r.json()["detail"]["server_time"][:4] == str(_utc_now().year)


@pytest.mark.parametrize(
    "at",
    [
        "zzzzzzzzzz",
        "2026/12/03 10:00",
        "2026-13-01T00:00:00",
        "2026-12-03T10:00:00+08:00",
        "2026-12-03T10:00:00.5",
        # A digit other than 0-9 (an Arabic-Indic three): the pattern's \d took it and it was logged.
        "2026-11-25T09:30:0\u0663",
    ],
)
def test_malformed_time_is_refused(desk: DeskClient, station: str, at: str) -> None:
    r = desk.post("/push", {"changes": [{**reception(station), "at": at}]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_desk_clock_ahead_refuses_the_push_and_says_by_how_much(desk: DeskClient, station: str) -> None:
    ten_ahead = _utc_now() + timedelta(minutes=10)
    body = orjson.dumps({"changes": [{**reception(station), "at": ten_ahead.isoformat()}]})
    r = _push_raw(desk, body, Date=_http_date(ten_ahead))
    assert (r.status_code, _code(r)) == (400, "clock_ahead")
    assert 9 * 60 < r.json()["detail"]["ahead_seconds"] <= 11 * 60


def test_desk_clock_a_minute_ahead_is_tolerated(desk: DeskClient, station: str) -> None:
    ahead = _utc_now() + timedelta(minutes=1)
    body = orjson.dumps({"changes": desk.signed([{**reception(station), "at": ahead.isoformat()}])})
    r = _push_raw(desk, body, Date=_http_date(ahead))
    assert r.status_code == 200 and len(r.json()["accepted"]) == 1


@pytest.mark.parametrize("others", [0, 150], ids=["alone", "in_a_big_batch"])
def test_a_malformed_time_ahead_is_refused_with_a_clock_put_right(
    desk: DeskClient, station: str, others: int
) -> None:
    """A change stamped ahead in a form the format refuses (a space for the T), from a desk whose
    clock is right now: malformed, not taken as made now, also in a big batch (whose format check
    runs after the clock's, sync.push)."""
    odd = {**reception(station), "at": "2099-01-01 00:00:00"}
    changes = desk.signed([*(reception(station) for _ in range(others)), odd])
    r = _push_raw(desk, orjson.dumps({"changes": changes}), Date=_http_date(_utc_now()))
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_change_stamped_ahead_by_a_clock_since_put_right_loses_to_a_later_edit(enroll, station: str) -> None:
    a, b = enroll(station_id=station, name="a"), enroll(station_id=station, name="b")
    case = reception(station)
    a.push([case])
    now = _utc_now()
    wrong = update(
        "reception",
        case["entity_id"],
        when=(now + timedelta(days=30)).isoformat(),
        content=("电梯噪音", "时钟错时写的"),
    )
    assert _push_raw(a, orjson.dumps({"changes": [wrong]}), Date=_http_date(now)).status_code == 200
    honest = update(
        "reception",
        case["entity_id"],
        when=(_utc_now() + timedelta(seconds=1)).isoformat(),
        content=("电梯噪音", "之后的修改"),
    )
    answer = b.push([honest])
    assert answer["conflicts"] == []


# -- values no database can hold -------------------------------------------------------------------


def test_cursor_beyond_64_bits_is_refused(desk: DeskClient) -> None:
    r = desk.get("/pull", since=2**64)
    assert (r.status_code, _code(r)) == (422, "validation")


def test_status_cursor_beyond_64_bits_is_refused(desk: DeskClient) -> None:
    r = desk.get("/status", since=2**70)
    assert (r.status_code, _code(r)) == (422, "validation")


def _referral(station: str, **fields: object) -> dict:
    values = {
        "station_id": station,
        "reception_id": str(uuid.uuid4()),
        "round_no": 1,
        "serial_year": 2026,
        "serial_seq": 1,
        **fields,
    }
    return change("referral", str(uuid.uuid4()), "insert", values)


def test_serial_number_beyond_64_bits_is_malformed(desk: DeskClient, station: str) -> None:
    case = reception(station)
    r = desk.post(
        "/push", {"changes": [case, _referral(station, reception_id=case["entity_id"], serial_seq=2**63 + 1)]}
    )
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_serial_number_beyond_a_sane_bound_refuses_that_change(desk: DeskClient, station: str) -> None:
    """ "serial_seq 2147483600" jammed the station's counter for the year: refused, alone (the
    desk's other work still goes up)."""
    case = reception(station)
    slip = _referral(station, reception_id=case["entity_id"], serial_seq=2147483600)
    answer = desk.push([case, slip])
    assert answer["accepted"] == [case["id"]]
    assert [(r["id"], r["code"]) for r in answer["rejected"]] == [(slip["id"], "invalid_value")]
    blocks = desk.post("/serials/blocks", {"year": 2026, "size": 5}).json()
    assert blocks["first"] < 1000


def test_round_number_beyond_the_column_refuses_that_change(desk: DeskClient, station: str) -> None:
    case = reception(station)
    slip = _referral(station, reception_id=case["entity_id"], round_no=2**40)
    answer = desk.push([case, slip])
    assert [(r["id"], r["code"]) for r in answer["rejected"]] == [(slip["id"], "invalid_value")]


def test_integer_beyond_64_bits_in_any_field_is_malformed(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [reception(station, phone_extension=2**63)]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_json_nested_100000_deep_is_malformed(desk: DeskClient) -> None:
    body = b'{"changes": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    r = _push_raw(desk, body)
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_value_nested_1000_deep_is_malformed(desk: DeskClient, station: str) -> None:
    case = reception(station)
    body = orjson.dumps({"changes": [case]}).replace(b'"walk_in"', b"[" * 1000 + b'"walk_in"' + b"]" * 1000)
    r = _push_raw(desk, body)
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_lone_surrogate_is_malformed(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [reception(station, content="坏\ud800字")]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_nul_in_a_string_is_malformed(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [reception(station, content="电梯\x00噪音")]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_nul_in_a_change_id_is_malformed(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [{**reception(station), "id": "nul\x00id"}]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_over_long_operator_id_is_refused(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [{**reception(station), "operator_id": "o" * 37}]})
    assert (r.status_code, _code(r)) == (422, "validation")


def test_over_long_id_in_a_field_is_malformed(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [reception(station, unit_id="u" * 37)]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_over_long_field_name_is_malformed(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [reception(station, **{"f" * 61: "x"})]})
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_nul_in_a_pulled_id_is_refused(desk: DeskClient) -> None:
    r = desk.get("/pull", since=0, mine="a\x00b")
    assert (r.status_code, _code(r)) == (422, "validation")


def test_over_long_pulled_id_is_refused(desk: DeskClient) -> None:
    r = desk.get("/pull", since=0, mine="m" * 37)
    assert (r.status_code, _code(r)) == (422, "validation")


def test_nul_in_the_desk_name_is_refused(server: ServerProcess, station: str) -> None:
    code = server.admin.enroll_code(station_id=station)
    r = requests.post(
        server.url + API + "/enroll", json={"code": code, "desk_name": "一号\x00桌"}, timeout=10
    )
    assert (r.status_code, _code(r)) == (422, "validation")


def test_lone_surrogate_in_the_desk_name_is_malformed(server: ServerProcess, station: str) -> None:
    code = server.admin.enroll_code(station_id=station)
    r = requests.post(server.url + API + "/enroll", json={"code": code, "desk_name": "\udc00"}, timeout=10)
    assert (r.status_code, _code(r)) == (400, "malformed")


def test_body_that_is_not_json_is_malformed(desk: DeskClient) -> None:
    r = _push_raw(desk, b"{not json")
    assert (r.status_code, _code(r)) == (400, "malformed")


# -- sizes ----------------------------------------------------------------------------------------


def test_string_over_the_limit_is_refused(desk: DeskClient, station: str) -> None:
    r = desk.post("/push", {"changes": [reception(station, content="长" * (MAX_STRING_CHARS + 1))]})
    assert (r.status_code, _code(r)) == (413, "string_too_long")


def _answer_of(sock: socket.socket, timeout: float = 10.0) -> bytes:
    """What the server sent, until it closed the connection (or went quiet)."""
    sock.settimeout(timeout)
    data = b""
    try:
        while chunk := sock.recv(65536):
            data += chunk
            sock.settimeout(1.0)
    except (TimeoutError, ConnectionResetError):
        pass
    return data


def test_body_announced_over_the_limit_is_refused_before_it_is_sent(desk: DeskClient) -> None:
    with socket.create_connection(("127.0.0.1", desk.server.port)) as raw:
        raw.sendall(
            f"POST {API}/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {desk.token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {300 * 1024 * 1024}\r\n\r\n"
            '{"changes": ['.encode()
        )
        answer = _answer_of(raw)  # nothing more is sent: the server answers without waiting for it
    assert answer.startswith(b"HTTP/1.1 413") and b'"too_large"' in answer


def test_chunked_body_over_the_limit_is_refused_while_it_is_read(desk: DeskClient) -> None:
    chunk = b"x" * (1024 * 1024)
    with socket.create_connection(("127.0.0.1", desk.server.port)) as raw:
        raw.sendall(
            f"POST {API}/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {desk.token}\r\n"
            "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n".encode()
        )
        sent = 0
        while sent < 3 * MAX_BODY_BYTES:
            if select.select([raw], [], [], 0)[0]:
                break  # the server answered: stop sending
            try:
                raw.sendall(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += len(chunk)
        answer = _answer_of(raw)
    assert answer.startswith(b"HTTP/1.1 413") and b'"too_large"' in answer
    assert sent < 2 * MAX_BODY_BYTES


def test_big_realistic_push_is_accepted(desk: DeskClient, station: str) -> None:
    """1,000 receptions with 2,000 characters of Chinese each: ~7 MB, under half the limit."""
    batch = [
        reception(station, content="居民反映小区电梯经常停运，" * 154, citizen_address="浉河区五星街道" * 5)
        for _ in range(1000)
    ]
    body = orjson.dumps({"changes": desk.signed(batch)})
    assert len(body) < MAX_BODY_BYTES / 2
    r = _push_raw(desk, body)
    assert r.status_code == 200 and len(r.json()["accepted"]) == 1000
