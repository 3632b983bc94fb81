"""Enrollment and tokens, against a real server process."""

from __future__ import annotations

import hashlib

import requests
from sqlalchemy import text

from tests.server.conftest import API, DeskClient, reception
from tests.server_process import ServerProcess


def test_enroll_returns_token_and_the_station(server: ServerProcess, station: str) -> None:
    code = server.admin.enroll_code(station_id=station)
    answer = server.enroll(code, "一号桌")
    assert len(answer["token"]) >= 40
    assert answer["station"]["id"] == station
    assert answer["station"]["serial_pattern"] == "{prefix}〔{year}〕第{seq:03d}号"


def test_centre_desk_enrolls_without_a_station(server: ServerProcess, district: str) -> None:
    answer = server.enroll(server.admin.enroll_code(district_id=district))
    assert answer["station"] is None
    assert answer["district"]["id"] == district


def test_code_works_once(server: ServerProcess, station: str) -> None:
    code = server.admin.enroll_code(station_id=station)
    server.enroll(code)
    again = requests.post(server.url + API + "/enroll", json={"code": code}, timeout=10)
    assert again.status_code == 401
    assert again.json()["detail"]["code"] == "enroll_code_used"


def test_code_is_read_case_and_dash_insensitively(server: ServerProcess, station: str) -> None:
    code = server.admin.enroll_code(station_id=station)
    assert server.enroll(code.lower().replace("-", " "))["station"]["id"] == station


def test_unknown_code_is_refused(server: ServerProcess) -> None:
    r = requests.post(server.url + API + "/enroll", json={"code": "AAAA-BBBB"}, timeout=10)
    assert r.status_code == 401
    assert r.json()["detail"]["code"] == "enroll_code_invalid"


def test_token_is_stored_hashed(server: ServerProcess, station: str, enroll) -> None:
    desk: DeskClient = enroll(station_id=station)
    with server.admin.engine.connect() as conn:
        stored = conn.execute(text("SELECT token_hash FROM desk WHERE id = :i"), {"i": desk.id}).scalar()
    assert stored == hashlib.sha256(desk.token.encode()).hexdigest()


def test_call_without_token_is_refused(server: ServerProcess) -> None:
    r = requests.get(server.url + API + "/pull", timeout=10)
    assert r.status_code == 401
    assert r.json()["detail"]["code"] == "token_missing"


def test_unknown_token_is_refused(server: ServerProcess) -> None:
    r = requests.get(server.url + API + "/status", headers={"Authorization": "Bearer nope"}, timeout=10)
    assert r.status_code == 401
    assert r.json()["detail"]["code"] == "token_invalid"


def test_revoked_desk_cannot_push(server: ServerProcess, station: str, enroll) -> None:
    desk: DeskClient = enroll(station_id=station)
    server.admin.revoke(desk.id)
    r = desk.post("/push", {"changes": [reception(station)]})
    assert r.status_code == 401
    assert r.json()["detail"]["code"] == "token_revoked"


def test_revoked_desk_cannot_pull(server: ServerProcess, station: str, enroll) -> None:
    desk: DeskClient = enroll(station_id=station)
    server.admin.revoke(desk.id)
    r = desk.get("/pull", since=0)
    assert r.status_code == 401
    assert r.json()["detail"]["code"] == "token_revoked"


def test_validation_error_is_json_with_a_code(server: ServerProcess, station: str, enroll) -> None:
    desk: DeskClient = enroll(station_id=station)
    r = desk.post("/push", {"changes": [{"id": "x"}]})
    assert r.status_code == 422
    assert r.json()["detail"]["code"] == "validation"


def test_openapi_documents_push_and_pull(server: ServerProcess) -> None:
    paths = requests.get(server.url + "/openapi.json", timeout=10).json()["paths"]
    assert {API + "/push", API + "/pull", API + "/status", API + "/enroll", API + "/serials/blocks"} <= set(
        paths
    )
