"""The server's rules for case classes (类案, issue 14): who may push each move, and what a pushed
class, membership or class slip may not do, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from desk_server.services import rules
from tests.server.conftest import DeskClient, change, reception, update
from tests.server.test_network_rules import Enroll, _as, _operator, codes


@pytest.fixture
def desk(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="A")


def _class(station: str, **fields: Any) -> dict[str, Any]:
    values = {"station_id": station, "subject": "加装电梯", "formed_at": "2026-11-20T10:00:00", **fields}
    return change("case_class", str(uuid.uuid4()), "insert", values)


def _member(station: str, class_id: str, reception_id: str) -> dict[str, Any]:
    values = {
        "station_id": station,
        "class_id": class_id,
        "reception_id": reception_id,
        "joined_at": "2026-11-20T10:00:00",
    }
    return change("case_class_member", str(uuid.uuid4()), "insert", values)


def _linked(desk: DeskClient, station: str) -> tuple[dict[str, Any], dict[str, Any]]:
    case = reception(station)
    k = _class(station)
    m = _member(station, k["entity_id"], case["entity_id"])
    answer = desk.push([case, k, m])
    assert answer["accepted"] == [case["id"], k["id"], m["id"]]
    return k, m


def test_a_duty_deputy_links_a_new_case_into_a_class(desk: DeskClient, station: str) -> None:
    deputy_op = _operator(desk, "deputy")
    case = reception(station)
    desk.push([case])
    k = _class(station)
    m = _member(station, k["entity_id"], case["entity_id"])
    assert desk.push(_as(deputy_op, k) + _as(deputy_op, m))["accepted"] == [k["id"], m["id"]]


def test_a_duty_deputy_may_not_take_a_case_out_of_a_class(desk: DeskClient, station: str) -> None:
    deputy_op = _operator(desk, "deputy")
    _k, m = _linked(desk, station)
    leave = update("case_class_member", m["entity_id"], left_at="2026-11-21T10:00:00", left_by=deputy_op)
    assert codes(desk.push(_as(deputy_op, leave))) == ["not_permitted"]


def test_a_duty_deputy_may_not_settle_a_class(desk: DeskClient, station: str) -> None:
    deputy_op = _operator(desk, "deputy")
    k, _m = _linked(desk, station)
    settle = update(
        "case_class", k["entity_id"], settled_on="2026-11-21", settle_note="规则", settled_by=deputy_op
    )
    assert codes(desk.push(_as(deputy_op, settle))) == ["not_permitted"]


def test_a_class_settled_without_its_rule_or_measure_is_refused(desk: DeskClient, station: str) -> None:
    clerk = _operator(desk, "clerk")
    k, _m = _linked(desk, station)
    settle = update("case_class", k["entity_id"], settled_on="2026-11-21", settled_by=clerk)
    assert codes(desk.push(_as(clerk, settle))) == ["invalid_value"]


def test_a_settled_class_is_not_settled_again_differently(desk: DeskClient, station: str) -> None:
    clerk = _operator(desk, "clerk")
    k, _m = _linked(desk, station)
    settle = update(
        "case_class", k["entity_id"], settled_on="2026-11-21", settle_note="出台规则", settled_by=clerk
    )
    assert desk.push(_as(clerk, settle))["accepted"] == [settle["id"]]
    again = update("case_class", k["entity_id"], settled_on=None)
    assert codes(desk.push(_as(clerk, again))) == ["illegal_transition"]


def test_a_membership_keeps_the_time_the_case_joined(desk: DeskClient, station: str) -> None:
    _k, m = _linked(desk, station)
    moved = update("case_class_member", m["entity_id"], joined_at="2026-11-01T10:00:00")
    assert codes(desk.push([moved])) == ["immutable"]


def test_a_class_slip_link_is_written_once() -> None:
    refused = rules.class_refusal("case_class_referral", "update", {"class_id": "k"}, {"class_id": "j"})
    assert refused is not None and refused[0] == "immutable"


def test_a_settled_class_takes_no_new_case(desk: DeskClient, station: str) -> None:
    clerk = _operator(desk, "clerk")
    k, _m = _linked(desk, station)
    settle = update(
        "case_class", k["entity_id"], settled_on="2026-11-21", settle_note="出台规则", settled_by=clerk
    )
    assert desk.push(_as(clerk, settle))["accepted"] == [settle["id"]]
    late = reception(station)
    desk.push([late])
    assert codes(desk.push([_member(station, k["entity_id"], late["entity_id"])])) == ["illegal_transition"]
