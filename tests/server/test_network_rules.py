"""The server's rule book for issue 13's records (referral meetings, deputies' suggestions, the
supervision ladder): who may push each move and which moves exist, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import pytest

from tests.server.conftest import DeskClient, change, reception, unit, update

Enroll = Callable[..., DeskClient]


@pytest.fixture
def desk(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="A")


def codes(answer: dict[str, Any]) -> list[str]:
    return [r["code"] for r in answer["rejected"]]


def _operator(desk: DeskClient, role: str) -> str:
    op = change("operator", str(uuid.uuid4()), "insert", {"name": "王代表", "role": role, "active": True})
    assert desk.push([op])["accepted"] == [op["id"]]
    return op["entity_id"]


def _as(operator_id: str, c: dict[str, Any]) -> list[dict[str, Any]]:
    c["operator_id"] = operator_id
    return [c]


def _deputy(desk: DeskClient) -> str:
    d = change("deputy", str(uuid.uuid4()), "insert", {"name": "赵代表", "active": True})
    assert desk.push([d])["accepted"] == [d["id"]]
    return d["entity_id"]


def _suggestion(desk: DeskClient, station: str, deputy_id: str, **fields: Any) -> dict[str, Any]:
    values = {
        "station_id": station,
        "deputy_id": deputy_id,
        "title": "关于门诊报销的建议",
        "state": "drafted",
        **fields,
    }
    return change("suggestion", str(uuid.uuid4()), "insert", values)


def _meeting(station: str) -> dict[str, Any]:
    values = {
        "station_id": station,
        "held_on": "2026-11-20",
        "place": "工作站",
        "presiding": "张华",
        "units": "",
    }
    return change("meeting", str(uuid.uuid4()), "insert", values)


def test_a_duty_deputy_may_not_hold_a_referral_meeting(desk: DeskClient, station: str) -> None:
    deputy_op = _operator(desk, "deputy")
    assert codes(desk.push(_as(deputy_op, _meeting(station)))) == ["not_permitted"]


def test_the_office_holds_a_referral_meeting(desk: DeskClient, station: str) -> None:
    m = _meeting(station)
    assert desk.push([m])["accepted"] == [m["id"]]


def test_a_duty_deputy_drafts_a_suggestion_from_a_case(desk: DeskClient, station: str) -> None:
    deputy_op, deputy_id = _operator(desk, "deputy"), _deputy(desk)
    case = reception(station)
    desk.push([case])
    s = _suggestion(desk, station, deputy_id)
    link = change(
        "suggestion_case",
        str(uuid.uuid4()),
        "insert",
        {"station_id": station, "suggestion_id": s["entity_id"], "reception_id": case["entity_id"]},
    )
    answer = desk.push(_as(deputy_op, s) + _as(deputy_op, link))
    assert answer["accepted"] == [s["id"], link["id"]]


def test_a_duty_deputy_may_not_send_a_suggestion_to_a_bureau(desk: DeskClient, station: str) -> None:
    deputy_op, deputy_id = _operator(desk, "deputy"), _deputy(desk)
    s = _suggestion(desk, station, deputy_id)
    bureau = unit("市医保局")
    desk.push([s, bureau])
    send = update(
        "suggestion",
        s["entity_id"],
        state="sent",
        unit_id=bureau["entity_id"],
        serial="建议〔2026〕第001号",
        reply_due="2026-12-18",
    )
    assert codes(desk.push(_as(deputy_op, send))) == ["not_permitted"]


def test_a_suggestion_pushed_as_satisfied_without_an_answer_is_refused(
    desk: DeskClient, station: str
) -> None:
    s = _suggestion(desk, station, _deputy(desk))
    desk.push([s])
    jump = update("suggestion", s["entity_id"], state="satisfied", verdict="satisfied")
    assert codes(desk.push([jump])) == ["illegal_transition"]


def test_a_suggestion_made_already_sent_is_refused(desk: DeskClient, station: str) -> None:
    s = _suggestion(desk, station, _deputy(desk), state="sent")
    assert codes(desk.push([s])) == ["illegal_transition"]


def test_a_supervision_level_pushed_lower_than_the_one_before_is_refused(
    desk: DeskClient, station: str
) -> None:
    case = reception(station)
    desk.push([case])
    step = change(
        "supervision_step",
        str(uuid.uuid4()),
        "insert",
        {
            "station_id": station,
            "reception_id": case["entity_id"],
            "round_no": 2,
            "level": "deputy",
            "prior_level": "chair_meeting",
            "decided_by": "某人",
            "at": "2026-11-20T10:00:00",
        },
    )
    assert codes(desk.push([step])) == ["illegal_transition"]


def test_a_recorded_escalation_is_never_rewritten(desk: DeskClient, station: str) -> None:
    case = reception(station)
    desk.push([case])
    step = change(
        "supervision_step",
        str(uuid.uuid4()),
        "insert",
        {
            "station_id": station,
            "reception_id": case["entity_id"],
            "round_no": 2,
            "level": "chair_meeting",
            "prior_level": "deputy_affairs",
            "decided_by": "市人大常委会主任会议",
            "at": "2026-11-20T10:00:00",
        },
    )
    assert desk.push([step])["accepted"] == [step["id"]]
    assert codes(desk.push([update("supervision_step", step["entity_id"], decided_by="别人")])) == [
        "immutable"
    ]
