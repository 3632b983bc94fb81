"""Push and pull: exactly once, paged, scoped; directories flow down; against a real server."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from tests.server.conftest import DeskClient, change, reception, update
from tests.server_process import ServerProcess

Enroll = Callable[..., DeskClient]


@pytest.fixture
def desk_a(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="A")


@pytest.fixture
def desk_b(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="B")


def _ids(changes: list[dict]) -> list[str]:
    return [c["id"] for c in changes]


def test_pushed_change_is_accepted(desk_a: DeskClient, station: str) -> None:
    c = reception(station)
    assert desk_a.push([c])["accepted"] == [c["id"]]


def test_other_desk_of_the_station_pulls_it(desk_a: DeskClient, desk_b: DeskClient, station: str) -> None:
    c = reception(station, content="路灯不亮")
    desk_a.push([c])
    pulled, _ = desk_b.pull_all()
    mine = [p for p in pulled if p["id"] == c["id"]]
    assert mine[0]["fields"]["content"] == "路灯不亮"
    assert mine[0]["desk_id"] == desk_a.id


def test_pull_leaves_out_the_desks_own_changes(desk_a: DeskClient, station: str) -> None:
    c = reception(station)
    desk_a.push([c])
    assert c["id"] not in _ids(desk_a.pull_all()[0])


def test_the_station_row_made_at_the_centre_is_pulled(desk_a: DeskClient, station: str) -> None:
    pulled, _ = desk_a.pull_all()
    assert [p["entity_id"] for p in pulled if p["entity"] == "station"] == [station]


def test_replayed_batch_is_answered_as_duplicates(desk_a: DeskClient, station: str) -> None:
    batch = [reception(station), reception(station)]
    desk_a.push(batch)
    again = desk_a.push(batch)
    assert again["duplicates"] == _ids(batch)
    assert again["accepted"] == []


def test_replayed_batch_changes_nothing(desk_a: DeskClient, desk_b: DeskClient, station: str) -> None:
    batch = [reception(station)]
    desk_a.push(batch)
    desk_a.push(batch)
    pulled, _ = desk_b.pull_all()
    assert _ids(pulled).count(batch[0]["id"]) == 1


def test_pull_pages_without_missing_or_doubling(desk_a: DeskClient, desk_b: DeskClient, station: str) -> None:
    batch = [reception(station, content=f"第{i}件") for i in range(1200)]
    desk_a.push(batch[:1000])
    desk_a.push(batch[1000:])
    pages = 0
    since, seen = 0, []
    while True:
        page = desk_b.pull(since, 300)
        pages += 1
        seen += page["changes"]
        since = page["next"]
        if not page["more"]:
            break
    assert pages >= 4
    assert set(_ids(batch)) <= set(_ids(seen))
    assert len(_ids(seen)) == len(set(_ids(seen)))


def test_pull_is_in_seq_order(desk_a: DeskClient, desk_b: DeskClient, station: str) -> None:
    desk_a.push([reception(station) for _ in range(20)])
    seqs = [c["seq"] for c in desk_b.pull_all()[0]]
    assert seqs == sorted(seqs)


def test_batch_over_the_limit_is_refused(desk_a: DeskClient, station: str) -> None:
    r = desk_a.post("/push", {"changes": [reception(station) for _ in range(1001)]})
    assert r.status_code == 422


def test_status_counts_what_is_waiting(desk_a: DeskClient, desk_b: DeskClient, station: str) -> None:
    desk_a.signed([])  # the desk's operator is there before the count starts
    _, cursor = desk_b.pull_all()
    desk_a.push([reception(station), reception(station)])
    status = desk_b.get("/status", since=cursor).json()
    assert status["pending_for_you"] == 2
    assert status["station_id"] == station


def test_status_after_a_full_pull_is_zero(desk_a: DeskClient, desk_b: DeskClient, station: str) -> None:
    desk_a.push([reception(station)])
    _, cursor = desk_b.pull_all()
    assert desk_b.get("/status", since=cursor).json()["pending_for_you"] == 0


# -- scope ---------------------------------------------------------------------------------------


def test_push_naming_another_station_is_refused_whole(
    server: ServerProcess,
    district: str,
    desk_a: DeskClient,
    desk_b: DeskClient,
    station: str,
) -> None:
    other = server.admin.create_station(district, name="别的站")
    legit, foreign = reception(station), reception(other)
    r = desk_a.post("/push", {"changes": [legit, foreign]})
    assert r.status_code == 403
    assert r.json()["detail"]["code"] == "out_of_scope"
    assert legit["id"] not in _ids(desk_b.pull_all()[0])


def test_desk_cannot_edit_another_stations_record(
    server: ServerProcess,
    district: str,
    enroll: Enroll,
    desk_a: DeskClient,
) -> None:
    other = server.admin.create_station(district, name="别的站")
    other_desk = enroll(station_id=other)
    c = reception(other)
    other_desk.push([c])
    r = desk_a.post("/push", {"changes": [update("reception", c["entity_id"], content="改")]})
    assert r.status_code == 403


def test_desk_does_not_pull_another_stations_records(
    server: ServerProcess,
    district: str,
    enroll: Enroll,
    desk_a: DeskClient,
) -> None:
    other = server.admin.create_station(district, name="别的站")
    c = reception(other)
    enroll(station_id=other).push([c])
    assert c["id"] not in _ids(desk_a.pull_all()[0])


def test_centre_desk_pulls_every_station_of_its_district(
    server: ServerProcess,
    district: str,
    enroll: Enroll,
    desk_a: DeskClient,
    station: str,
) -> None:
    other = server.admin.create_station(district, name="别的站")
    c1, c2 = reception(station), reception(other)
    desk_a.push([c1])
    enroll(station_id=other).push([c2])
    centre = enroll(district_id=district)
    assert {c1["id"], c2["id"]} <= set(_ids(centre.pull_all()[0]))


def test_nothing_crosses_a_district(
    server: ServerProcess, enroll: Enroll, desk_a: DeskClient, station: str
) -> None:
    elsewhere = server.admin.create_district()
    centre = enroll(district_id=elsewhere)
    desk_a.push([reception(station), change("category", "c-" + station[:8], "insert", {"name": "养老"})])
    assert centre.pull_all()[0] == []


def test_centre_desk_cannot_push_into_another_district(
    server: ServerProcess,
    enroll: Enroll,
    station: str,
) -> None:
    centre = enroll(district_id=server.admin.create_district())
    r = centre.post("/push", {"changes": [reception(station)]})
    assert r.status_code == 403


def test_directories_set_at_the_centre_flow_down(
    enroll: Enroll,
    district: str,
    desk_a: DeskClient,
) -> None:
    centre = enroll(district_id=district)
    unit = change("handling_unit", "u-" + district[:30], "insert", {"name": "区住建局", "phone": "123"})
    centre.push([unit])
    pulled = [c for c in desk_a.pull_all()[0] if c["entity"] == "handling_unit"]
    assert pulled[0]["fields"]["name"] == "区住建局"


def test_operator_pin_hash_is_never_stored(desk_a: DeskClient, desk_b: DeskClient) -> None:
    op = change(
        "operator",
        "op-" + desk_a.id[:30],
        "insert",
        {"name": "王", "role": "clerk", "secret_hash": "$argon2id$secret", "active": True},
    )
    desk_a.push([op])
    pulled = [c for c in desk_b.pull_all()[0] if c["entity_id"] == op["entity_id"]]
    assert pulled[0]["fields"]["secret_hash"] is None
