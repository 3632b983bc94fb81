"""The server replays every pushed change through the desk's rule book (issues 9 and 15): each
finding of the issues is a test here, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.server.conftest import (
    DeskClient,
    callback,
    change,
    reception,
    refer,
    reply,
    sign_off,
    slip,
    unit,
    update,
)

Enroll = Callable[..., DeskClient]


@pytest.fixture
def desk(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="A")


@pytest.fixture
def reader(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="reader")


@pytest.fixture
def unit_id(desk: DeskClient) -> str:
    u = unit()
    desk.push([u])
    return u["entity_id"]


@pytest.fixture
def case(desk: DeskClient, station: str) -> str:
    c = reception(station)
    desk.push([c])
    return c["entity_id"]


def codes(answer: dict[str, Any]) -> list[str]:
    return [r["code"] for r in answer["rejected"]]


def value(desk: DeskClient, entity_id: str, name: str) -> object:
    """A field as a desk that pulls everything ends up holding it."""
    found = None
    for c in desk.pull_all()[0]:
        if c["entity_id"] == entity_id and name in c["fields"]:
            found = c["fields"][name]
    return found


def operator(desk: DeskClient, role: str, *, name: str = "王代表", active: bool = True) -> str:
    op = change("operator", str(uuid.uuid4()), "insert", {"name": name, "role": role, "active": active})
    assert desk.push([op])["accepted"] == [op["id"]]
    return op["entity_id"]


def as_(operator_id: str, changes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for c in changes:
        c["operator_id"] = operator_id
    return changes


# -- 被满意: no satisfaction without a callback --------------------------------------------------------


def test_status_pushed_to_signed_off_without_callback_or_slip_is_refused(
    desk: DeskClient, reader: DeskClient, case: str
) -> None:
    forged = [
        update("reception", case, status=("awaiting_referral", "replied")),
        update("reception", case, status=("replied", "satisfied")),
        update("reception", case, status=("satisfied", "signed_off")),
    ]
    answer = desk.push(forged)
    assert codes(answer) == ["illegal_transition"] * 3
    assert value(reader, case, "status") == "awaiting_referral"


def test_satisfied_after_a_reply_but_without_a_callback_is_refused(
    desk: DeskClient, station: str, case: str, unit_id: str
) -> None:
    moves = refer(case, station, unit_id)
    desk.push(moves + reply(case, moves[0]["entity_id"]))
    answer = desk.push([update("reception", case, status=("replied", "satisfied"))])
    assert answer["rejected"][0]["message"].startswith("no_callback_yet")


def test_a_full_case_as_the_desk_makes_it_is_accepted(
    desk: DeskClient, reader: DeskClient, station: str, case: str, unit_id: str
) -> None:
    moves = refer(case, station, unit_id)
    slip_id = moves[0]["entity_id"]
    answer = desk.push(
        moves + reply(case, slip_id) + callback(case, slip_id) + sign_off(case, desk.operator_id)
    )
    assert answer["rejected"] == []
    assert value(reader, case, "status") == "signed_off"


def test_a_case_must_start_as_a_registration(desk: DeskClient, station: str) -> None:
    answer = desk.push([reception(station, status="signed_off", round_no=1)])
    assert codes(answer) == ["illegal_transition"]


@pytest.mark.parametrize(
    ("outcome", "status", "refused"),
    [
        ("needs_referral", "awaiting_referral", []),
        ("resolved_on_site", "resolved_on_site", []),
        ("consultation", "resolved_on_site", []),
        ("resolved_on_site", "awaiting_referral", ["illegal_transition"]),
        ("needs_referral", "resolved_on_site", ["illegal_transition"]),
    ],
)
def test_a_new_cases_status_is_the_one_its_outcome_starts_it_in(
    desk: DeskClient, station: str, outcome: str, status: str, refused: list[str]
) -> None:
    answer = desk.push([reception(station, outcome=outcome, status=status)])
    assert codes(answer) == refused


@pytest.mark.parametrize(
    ("level", "refused"), [("station", []), ("centre", ["not_permitted"]), ("city", ["not_permitted"])]
)
def test_a_station_registers_a_case_at_its_own_level_only(
    desk: DeskClient, station: str, level: str, refused: list[str]
) -> None:
    answer = desk.push([reception(station, level=level)])
    assert codes(answer) == refused


def test_round_two_without_a_dissatisfied_callback_is_refused(
    desk: DeskClient, station: str, case: str, unit_id: str
) -> None:
    moves = refer(case, station, unit_id)
    slip_id = moves[0]["entity_id"]
    desk.push(moves + reply(case, slip_id) + callback(case, slip_id, "satisfied"))
    answer = desk.push(refer(case, station, unit_id, before=("satisfied", 1), seq=2))
    assert set(codes(answer)) == {"illegal_transition"}


# -- scope: rows of another station, the centre's rows ------------------------------------------------


@pytest.fixture
def neighbour(server, district: str, enroll: Enroll) -> DeskClient:  # type: ignore[no-untyped-def]
    return enroll(station_id=server.admin.create_station(district, name="邻站"), name="neighbour")


def test_a_station_cannot_rename_or_delete_another_stations_category(
    desk: DeskClient, neighbour: DeskClient, reader: DeskClient
) -> None:
    cat = change("category", str(uuid.uuid4()), "insert", {"name": "拆迁" + uuid.uuid4().hex[:6]})
    desk.push([cat])
    answer = neighbour.push(
        [update("category", cat["entity_id"], name="改名"), change("category", cat["entity_id"], "delete")]
    )
    assert codes(answer)[0] == "not_yours" and codes(answer)[1] in ("not_yours", "delete_refused")
    assert value(reader, cat["entity_id"], "name") == cat["fields"]["name"][1]


def test_a_station_cannot_edit_the_centres_operator(
    desk: DeskClient, enroll: Enroll, district: str, reader: DeskClient
) -> None:
    centre = enroll(district_id=district)
    centre.signed([])
    answer = desk.push([update("operator", centre.operator_id, name="改名", role="deputy", active=False)])
    assert answer["rejected"] and answer["rejected"][0]["code"] in ("not_yours", "out_of_scope")
    assert value(centre, centre.operator_id, "active") is None  # never changed since its insert


def test_a_category_is_never_deleted_only_deactivated(desk: DeskClient) -> None:
    cat = change("category", str(uuid.uuid4()), "insert", {"name": "临时" + uuid.uuid4().hex[:6]})
    desk.push([cat])
    assert codes(desk.push([change("category", cat["entity_id"], "delete")])) == ["delete_refused"]
    assert codes(desk.push([update("category", cat["entity_id"], active=False)])) == []


@pytest.mark.parametrize("entity", ["handling_unit", "station", "reception", "operator"])
def test_deletes_that_would_orphan_others_are_refused(
    desk: DeskClient, station: str, case: str, unit_id: str, entity: str
) -> None:
    target = {"handling_unit": unit_id, "station": station, "reception": case, "operator": desk.operator_id}[
        entity
    ]
    assert codes(desk.push([change(entity, target, "delete")])) == ["delete_refused"]


def test_a_slip_naming_another_stations_case_is_refused(
    desk: DeskClient, neighbour: DeskClient, station: str, unit_id: str
) -> None:
    """Issue 15: such a slip was accepted and the other station's real slip then refused."""
    theirs = reception(neighbour.station["id"])
    neighbour.push([theirs])
    forged = slip(theirs["entity_id"], station, unit_id, seq=31)
    assert codes(desk.push([forged])) == ["ref_out_of_scope"]
    u = unit("邻站单位" + uuid.uuid4().hex[:6])
    real = refer(theirs["entity_id"], neighbour.station["id"], u["entity_id"], seq=31)
    assert neighbour.push([u, *real])["rejected"] == []


# -- who: roles, unknown and deactivated operators -------------------------------------------------


def test_a_duty_deputy_cannot_issue_a_slip_or_sign_off(
    desk: DeskClient, station: str, case: str, unit_id: str
) -> None:
    deputy = operator(desk, "deputy")
    # The slip is refused for the role; the status it would justify then stands on nothing.
    assert codes(desk.push(as_(deputy, refer(case, station, unit_id)))) == [
        "not_permitted",
        "illegal_transition",
    ]
    moves = refer(case, station, unit_id)
    slip_id = moves[0]["entity_id"]
    desk.push(moves + reply(case, slip_id) + callback(case, slip_id))
    assert set(codes(desk.push(as_(deputy, sign_off(case, deputy))))) == {"not_permitted"}


def test_a_duty_deputy_calls_back(desk: DeskClient, station: str, case: str, unit_id: str) -> None:
    deputy = operator(desk, "deputy")
    moves = refer(case, station, unit_id)
    slip_id = moves[0]["entity_id"]
    desk.push(moves + reply(case, slip_id))
    assert desk.push(as_(deputy, callback(case, slip_id)))["rejected"] == []


def test_a_change_by_an_unknown_operator_is_refused(desk: DeskClient, station: str) -> None:
    assert codes(desk.push(as_(str(uuid.uuid4()), [reception(station)]))) == ["unknown_operator"]


def test_a_change_by_no_operator_is_refused(desk: DeskClient, station: str) -> None:
    desk.signed([])
    r = desk.push_raw([reception(station)])  # operator_id null
    assert [x["code"] for x in r.json()["rejected"]] == ["unknown_operator"]


def test_a_deactivated_operators_later_changes_are_refused(desk: DeskClient, station: str) -> None:
    clerk = operator(desk, "clerk", name="张会计")
    before = as_(clerk, [reception(station)])
    before[0]["at"] = "2026-11-25T09:00:00"
    desk.push([update("operator", clerk, active=False, when="2026-11-26T09:00:00")])
    after = as_(clerk, [reception(station)])
    after[0]["at"] = "2026-11-27T09:00:00"
    assert codes(desk.push(before)) == []  # made while active, pushed later: kept
    assert codes(desk.push(after)) == ["not_permitted"]


def test_a_station_desk_cannot_make_centre_staff(desk: DeskClient) -> None:
    op = change(
        "operator", str(uuid.uuid4()), "insert", {"name": "中心", "role": "centre_staff", "active": True}
    )
    assert codes(desk.push([op])) == ["not_permitted"]


def test_a_deputy_cannot_make_themself_an_administrator(desk: DeskClient) -> None:
    deputy = operator(desk, "deputy")
    assert codes(desk.push(as_(deputy, [update("operator", deputy, role="admin")]))) == ["not_permitted"]


# -- one bad value never stops a district -----------------------------------------------------------


@pytest.mark.parametrize(
    ("entity_fields"),
    [
        {"round_no": 2**40},
        {"received_at": 1.5},
        {"content": {"a": [1, 2]}},
        {"received_at": "2026/12/03 10:00"},
    ],
)
def test_a_value_that_does_not_fit_is_refused_and_the_district_syncs_on(
    desk: DeskClient, reader: DeskClient, station: str, entity_fields: dict[str, Any]
) -> None:
    bad = reception(station, **entity_fields)
    good = reception(station)
    answer = desk.push([bad, good])
    assert codes(answer) == ["invalid_value"] and good["id"] in answer["accepted"]
    pulled = {c["id"] for c in reader.pull_all()[0]}
    assert good["id"] in pulled and bad["id"] not in pulled


def test_a_bad_value_among_many_changes_of_its_shape_is_named_as_alone(
    desk: DeskClient, station: str
) -> None:
    """The push checks the values of a batch's changes of one shape together: one that does not
    fit refuses its change only, with the message it gets alone."""
    alone = reception(station, received_at="2026-02-30T10:00:00")
    expected = desk.push([alone])["rejected"]
    bad = reception(station, received_at="2026-02-30T10:00:00")
    good = [reception(station) for _ in range(20)]
    answer = desk.push([*good[:10], bad, *good[10:]])
    assert [(r["id"], r["code"], r["message"]) for r in answer["rejected"]] == [
        (bad["id"], "invalid_value", expected[0]["message"])
    ]
    assert expected[0]["message"] == "received_at: bad_date"
    assert answer["accepted"] == [c["id"] for c in good]


def test_inserts_whose_values_fit_but_lack_a_required_field_are_refused(
    desk: DeskClient, station: str
) -> None:
    lacking = [reception(station) for _ in range(3)]
    for c in lacking:
        del c["fields"]["received_at"]
    answer = desk.push(lacking)
    assert [(r["code"], r["message"]) for r in answer["rejected"]] == [
        ("invalid_value", "received_at: required")
    ] * 3
    assert answer["accepted"] == []


def test_a_deputy_level_that_is_a_dict_is_refused(desk: DeskClient) -> None:
    d = change("deputy", str(uuid.uuid4()), "insert", {"name": "赵", "level": {"x": 1}})
    assert codes(desk.push([d])) == ["invalid_value"]


# -- changes that arrive before their parent -----------------------------------------------------------


def test_a_change_that_arrives_before_its_parent_is_held_then_applied(
    desk: DeskClient, enroll: Enroll, station: str, reader: DeskClient
) -> None:
    """Issue 15: such changes were refused `unknown_parent` and stayed refused after the parent came."""
    other = enroll(station_id=station, name="B")
    c = reception(station)
    d = change("deputy", str(uuid.uuid4()), "insert", {"name": "钱代表"})
    desk.push([d])
    link = change(
        "reception_deputy",
        str(uuid.uuid4()),
        "insert",
        {"reception_id": c["entity_id"], "deputy_id": d["entity_id"]},
    )
    held = other.push([link])
    assert held["held"] == [link["id"]] and held["rejected"] == []
    assert other.push([link])["held"] == [link["id"]]  # a replay is answered the same
    desk.push([c])
    assert link["id"] in {x["id"] for x in reader.pull_all()[0]}
