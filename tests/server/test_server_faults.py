"""The faults of issue 5, each against a real uvicorn process: nothing lost, nothing doubled.

A test that stops, kills or fault-injects the server has a server of its own (make_server); the
others share the module's (a cut connection, a desk's own faults), each in a district of its own."""

from __future__ import annotations

import random
import socket
from collections.abc import Callable
from typing import Any

import pytest
import requests

from tests.server.conftest import API, DeskClient, at, reception, update
from tests.server_process import CRASH_ENV, ServerProcess

MakeServer = Callable[..., ServerProcess]


def _setup(server: ServerProcess, desks: int = 2) -> tuple[str, list[DeskClient]]:
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    clients = [
        DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station), f"d{i}"))
        for i in range(desks)
    ]
    return station, clients


def _pulled_ids(desk: DeskClient) -> list[str]:
    return [c["id"] for c in desk.pull_all()[0]]


def test_server_down_then_up_loses_nothing(make_server: MakeServer) -> None:
    server = make_server().start()
    station, (a, b) = _setup(server)
    first = [reception(station)]
    a.push(first)
    server.stop()
    with pytest.raises(requests.ConnectionError):
        a.post("/push", {"changes": [reception(station)]})
    server.start()
    second = [reception(station)]
    a.push(second)
    ids = _pulled_ids(b)
    assert ids.count(first[0]["id"]) == ids.count(second[0]["id"]) == 1


def test_killed_between_commit_and_answer_applies_once(make_server: MakeServer) -> None:
    # The 3rd push: the desk's operator, one reception, then the batch.
    server = make_server(env={CRASH_ENV: "3"}).start()
    station, (a, b) = _setup(server)
    a.push([reception(station)])
    batch = [reception(station) for _ in range(50)]
    with pytest.raises(requests.ConnectionError):
        a.push_raw(a.signed(batch))  # committed, then the process died: no answer
    assert server.wait_exit() == 17
    server.extra_env.clear()
    server.start()
    retry = a.push(batch)
    assert retry["duplicates"] == [c["id"] for c in batch]
    ids = _pulled_ids(b)
    assert all(ids.count(c["id"]) == 1 for c in batch)


def test_connection_dropped_mid_pull_resumes_cleanly(server: ServerProcess) -> None:
    station, (a, b) = _setup(server)
    batch = [reception(station, content="长" * 200) for _ in range(300)]
    a.push(batch)
    with socket.create_connection(("127.0.0.1", server.port)) as raw:
        raw.sendall(
            f"GET {API}/pull?since=0&limit=1000 HTTP/1.1\r\nHost: x\r\n"
            f"Authorization: Bearer {b.token}\r\n\r\n".encode()
        )
        assert raw.recv(2000)  # part of the page, then the line is cut
    ids = _pulled_ids(b)
    assert {c["id"] for c in batch} <= set(ids)
    assert len(ids) == len(set(ids))


def test_desk_killed_mid_sync_replays_without_doubling(server: ServerProcess) -> None:
    station, (a, b) = _setup(server)
    batches = [[reception(station) for _ in range(100)] for _ in range(3)]
    a.push(batches[0])  # the desk died before it could mark these as pushed
    answers = [a.push(batch) for batch in batches]  # it starts over
    assert answers[0]["duplicates"] == [c["id"] for c in batches[0]]
    assert len(answers[1]["accepted"]) == len(answers[2]["accepted"]) == 100
    ids = _pulled_ids(b)
    assert len(ids) == len(set(ids))


def test_pull_page_repeated_after_a_cut_is_the_same(server: ServerProcess) -> None:
    station, (a, b) = _setup(server)
    a.push([reception(station) for _ in range(30)])
    first = b.pull(0, 10)
    again = b.pull(0, 10)  # the desk died before storing `next`
    assert first == again


def test_desk_restored_from_a_backup_syncs_again(server: ServerProcess) -> None:
    station, (a, b) = _setup(server)
    before_backup = [reception(station) for _ in range(20)]
    after_backup = [reception(station) for _ in range(20)]
    a.push(before_backup)
    a.push(after_backup)
    # Restored: the log of the backup, its changes after the backup unmarked, new work on top.
    new_work = [reception(station) for _ in range(5)]
    answer = a.push(after_backup + new_work)
    assert answer["duplicates"] == [c["id"] for c in after_backup]
    assert answer["accepted"] == [c["id"] for c in new_work]
    ids = _pulled_ids(b)
    assert len(ids) == len(set(ids)) == 2 + 45  # the station row, a's operator, every reception once


def test_revoked_desk_is_stopped_mid_sync(server: ServerProcess) -> None:
    station, (a, _b) = _setup(server)
    a.push([reception(station)])
    server.cli("desks", "revoke", a.id)
    r = a.post("/push", {"changes": [reception(station)]})
    assert r.json()["detail"]["code"] == "token_revoked"


FIELDS = ("citizen_phone", "citizen_address", "content", "on_site_answer")


class OfflineDesk:
    """A desk's records in memory, applying what it pulls the way docs/sync.md says."""

    def __init__(self, client: DeskClient) -> None:
        self.client = client
        self.rows: dict[str, dict[str, Any]] = {}
        self.outbox: list[dict[str, Any]] = []
        self.cursor = 0

    def edit(self, case: str, field: str, value: str, when: str) -> None:
        old = self.rows[case].get(field)
        self.outbox.append(update("reception", case, when=when, **{field: (old, value)}))
        self.rows[case][field] = value

    def sync(self) -> dict[str, Any]:
        answer = self.client.push(self.outbox)
        for conflict in answer["conflicts"]:
            self.rows[conflict["entity_id"]][conflict["field"]] = conflict["current"]
        self.outbox = []
        changes, self.cursor = self.client.pull_all(self.cursor)
        for c in changes:
            if c["entity"] == "reception":
                self.rows.setdefault(c["entity_id"], {}).update(c["fields"])
        return answer


def test_two_desks_offline_for_days_converge(server: ServerProcess) -> None:
    station, clients = _setup(server, desks=3)
    a, b = OfflineDesk(clients[0]), OfflineDesk(clients[1])
    cases = [reception(station) for _ in range(20)]
    a.outbox = list(cases)
    for c in cases:
        a.rows[c["entity_id"]] = {k: v[1] for k, v in c["fields"].items()}
    a.sync()
    b.sync()
    rng = random.Random(5)
    edits = 0
    for day in range(4):  # both offline for four days, editing the same cases
        for desk in (a, b):
            for _ in range(30):
                case = rng.choice(cases)["entity_id"]
                desk.edit(
                    case,
                    rng.choice(FIELDS),
                    f"d{day}-{rng.random():.6f}",
                    at(day * 1440 + rng.randrange(600)),
                )
                edits += 1
    conflicts = len(b.sync()["conflicts"]) + len(a.sync()["conflicts"])
    b.sync()
    third = OfflineDesk(clients[2])
    third.sync()
    view = {k: {f: v.get(f) for f in FIELDS} for k, v in third.rows.items() if k in a.rows}
    assert conflicts > 0
    assert {k: {f: v.get(f) for f in FIELDS} for k, v in a.rows.items()} == view
    assert {k: {f: v.get(f) for f in FIELDS} for k, v in b.rows.items()} == view
