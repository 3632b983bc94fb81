"""Token rotation (POST /api/v1/token/rotate): a new token, and the old one until the new is used."""

from __future__ import annotations

import requests

from tests.server.conftest import API, DeskClient
from tests.server_process import ServerProcess


def _status(server: ServerProcess, token: str) -> requests.Response:
    return requests.get(
        server.url + API + "/status", headers={"Authorization": f"Bearer {token}"}, timeout=10
    )


def _rotate(desk: DeskClient) -> str:
    r = desk.post("/token/rotate", {})
    assert r.status_code == 200, r.text
    return r.json()["token"]


def test_rotated_token_works(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    new = _rotate(desk)
    assert new != desk.token
    assert _status(server, new).json()["desk_id"] == desk.id


def test_old_token_works_until_the_new_one_is_used(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    _rotate(desk)  # the answer may be lost on the way: the desk goes on with what it has
    assert _status(server, desk.token).status_code == 200


def test_old_token_is_refused_once_the_new_one_was_used(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    new = _rotate(desk)
    _status(server, new)
    r = _status(server, desk.token)
    assert (r.status_code, r.json()["detail"]["code"]) == (401, "token_invalid")


def test_only_the_last_rotation_counts(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    lost = _rotate(desk)
    latest = _rotate(desk)
    assert _status(server, lost).status_code == 401
    assert _status(server, latest).status_code == 200


def test_revoked_desk_cannot_rotate(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    server.admin.revoke(desk.id)
    r = desk.post("/token/rotate", {})
    assert (r.status_code, r.json()["detail"]["code"]) == (401, "token_revoked")
