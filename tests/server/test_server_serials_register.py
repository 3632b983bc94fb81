"""`desk-server serials register`: every slip number of a station and year, accounted for."""

from __future__ import annotations

import uuid

from tests.server.conftest import DeskClient, reception, refer, unit
from tests.server_process import ServerProcess

YEAR = 2026


def _slip(desk: DeskClient, station: str, seq: int) -> str:
    case, u = reception(station), unit("区住建局" + uuid.uuid4().hex[:6])
    moves = refer(case["entity_id"], station, u["entity_id"], seq=seq)
    answer = desk.push([case, u, *moves])
    assert answer["rejected"] == [], answer
    return moves[0]["entity_id"]


def _register(server: ServerProcess, station: str) -> dict[int, list[str]]:
    done = server.cli("serials", "register", "--station", station, "--year", str(YEAR))
    assert done.returncode == 0, done.stderr
    rows = [line.split("\t") for line in done.stdout.splitlines()[2:]]
    return {int(r[0]): r[1:] for r in rows}


def test_register_accounts_for_every_granted_number(server: ServerProcess, enroll, station: str) -> None:
    a: DeskClient = enroll(station_id=station, name="一号桌")
    block = a.post("/serials/blocks", {"year": YEAR, "size": 5}).json()
    first = block["first"]
    slip = _slip(a, station, first + 2)  # the first two were passed over (a slip refused, say)
    register = _register(server, station)
    assert [register[n][0] for n in range(first, first + 5)] == [
        "unused",
        "unused",
        "used",
        "granted",
        "granted",
    ]
    assert register[first + 2] == ["used", slip, a.id, "一号桌"]
    assert register[first][1:] == ["-", a.id, "一号桌"]


def test_numbers_of_a_revoked_desk_are_unused(server: ServerProcess, enroll, station: str) -> None:
    a: DeskClient = enroll(station_id=station)
    block = a.post("/serials/blocks", {"year": YEAR, "size": 3}).json()
    server.admin.revoke(a.id)
    register = _register(server, station)
    assert {register[n][0] for n in range(block["first"], block["last"] + 1)} == {"unused"}


def test_number_used_before_the_desk_enrolled_is_listed_with_its_desk(
    server: ServerProcess, enroll, station: str
) -> None:
    a: DeskClient = enroll(station_id=station)
    slip = _slip(a, station, 7)  # numbered on its own, before it had blocks
    register = _register(server, station)
    assert register[7] == ["used", slip, a.id, "desk"]
    assert register[1][0] == "skipped"
