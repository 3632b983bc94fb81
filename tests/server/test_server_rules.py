"""Conflicts, the lifecycle, rekeys and slip serial blocks (docs/sync.md), on a real server."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from tests.server.conftest import DeskClient, at, change, reception, update

Enroll = Callable[..., DeskClient]


@pytest.fixture
def desk_a(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="A")


@pytest.fixture
def desk_b(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="B")


def _kept(desk: DeskClient, entity_id: str, name: str) -> object:
    """The value of a field as a third desk sees it after pulling everything."""
    value = None
    for c in desk.pull_all()[0]:
        if c["entity_id"] == entity_id and name in c["fields"]:
            value = c["fields"][name]
    return value


@pytest.fixture
def case(desk_a: DeskClient, station: str) -> str:
    c = reception(station)
    desk_a.push([c])
    return c["entity_id"]


def test_later_edit_of_the_same_field_wins(desk_a: DeskClient, desk_b: DeskClient, case: str,
                                           enroll: Enroll, station: str) -> None:
    early, late = at(0), at(60)
    desk_b.push([update("reception", case, when=late, citizen_phone="139")])
    desk_a.push([update("reception", case, when=early, citizen_phone="138")])
    assert _kept(enroll(station_id=station), case, "citizen_phone") == "139"


def test_losing_desk_is_told_with_its_value_kept(desk_a: DeskClient, desk_b: DeskClient, case: str) -> None:
    desk_b.push([update("reception", case, when=at(60), citizen_phone="139")])
    losing = update("reception", case, when=at(0), citizen_phone="138")
    answer = desk_a.push([losing])
    assert answer["accepted"] == [losing["id"]]
    assert answer["conflicts"] == [{"change_id": losing["id"], "entity": "reception", "entity_id": case,
                                    "field": "citizen_phone", "yours": "138", "kept": "139",
                                    "rule": "later_edit_wins", "current": "139"}]


def test_different_fields_of_one_row_both_survive(desk_a: DeskClient, desk_b: DeskClient, case: str,
                                                  enroll: Enroll, station: str) -> None:
    desk_b.push([update("reception", case, when=at(60), citizen_phone="139")])
    desk_a.push([update("reception", case, when=at(0), citizen_address="幸福路1号")])
    third = enroll(station_id=station)
    assert (_kept(third, case, "citizen_phone"), _kept(third, case, "citizen_address")) == ("139", "幸福路1号")


def test_replayed_losing_change_repeats_its_conflict(desk_a: DeskClient, desk_b: DeskClient, case: str) -> None:
    desk_b.push([update("reception", case, when=at(60), content="新")])
    losing = [update("reception", case, when=at(0), content="旧")]
    desk_a.push(losing)
    again = desk_a.push(losing)
    assert again["duplicates"] == [losing[0]["id"]]
    assert [c["yours"] for c in again["conflicts"]] == ["旧"]


def test_illegal_transition_is_refused_with_the_lifecycle_code(desk_a: DeskClient, case: str) -> None:
    bad = update("reception", case, status=("awaiting_referral", "signed_off"))
    answer = desk_a.push([bad])
    assert answer["rejected"][0]["code"] == "illegal_transition"
    assert answer["rejected"][0]["message"].startswith("no_callback_yet")


def test_replayed_rejection_is_rejected_again(desk_a: DeskClient, case: str) -> None:
    bad = [update("reception", case, status="signed_off")]
    desk_a.push(bad)
    again = desk_a.push(bad)
    assert [r["id"] for r in again["rejected"]] == [bad[0]["id"]]
    assert again["duplicates"] == []


def _walk_to_replied(desk: DeskClient, station: str, case: str) -> None:
    slip = change("referral", str(uuid.uuid4()), "insert", {
        "reception_id": case, "station_id": station, "round_no": 1, "serial": "X〔2026〕第001号",
        "serial_year": 2026, "serial_seq": 1, "handling_unit_id": "u1", "supervisor": "李",
        "referred_on": "2026-11-20", "working_days": 5, "reply_due": "2026-11-27"})
    desk.push([slip, update("reception", case, status=("awaiting_referral", "referred"), round_no=1),
               update("reception", case, status=("referred", "replied"))])


def test_first_callback_to_reach_the_server_decides(desk_a: DeskClient, desk_b: DeskClient,
                                                    station: str, case: str) -> None:
    _walk_to_replied(desk_a, station, case)
    desk_a.push([update("reception", case, status=("replied", "satisfied"))])
    answer = desk_b.push([update("reception", case, status=("replied", "dissatisfied"))])
    assert answer["rejected"][0]["message"].startswith("callback_already_done")


def test_callback_rows_of_both_desks_are_kept(desk_a: DeskClient, desk_b: DeskClient, station: str,
                                              case: str, enroll: Enroll) -> None:
    _walk_to_replied(desk_a, station, case)
    calls = [change("callback", str(uuid.uuid4()), "insert", {
        "reception_id": case, "referral_id": "r", "round_no": 1, "called_at": "2026-11-28T10:00:00",
        "caller": who, "method": "phone", "verdict": verdict}) for who, verdict in
        (("甲", "satisfied"), ("乙", "dissatisfied"))]
    desk_a.push([calls[0]])
    desk_b.push([calls[1]])
    pulled = [c for c in enroll(station_id=station).pull_all()[0] if c["entity"] == "callback"]
    assert sorted(c["fields"]["caller"] for c in pulled) == ["乙", "甲"]


def test_same_move_from_two_desks_is_not_a_conflict(desk_a: DeskClient, desk_b: DeskClient,
                                                    station: str, case: str) -> None:
    _walk_to_replied(desk_a, station, case)
    answer = desk_b.push([update("reception", case, status=("referred", "replied"))])
    assert answer["rejected"] == [] and answer["conflicts"] == []


def test_update_of_a_deleted_row_is_refused(desk_a: DeskClient, station: str) -> None:
    group = change("duty_group", str(uuid.uuid4()), "insert", {"station_id": station, "name": "一组"})
    desk_a.push([group, change("duty_group", group["entity_id"], "delete")])
    answer = desk_a.push([update("duty_group", group["entity_id"], name="二组")])
    assert answer["rejected"][0]["code"] == "record_deleted"


# -- rekeys --------------------------------------------------------------------------------------


def test_directory_insert_with_a_known_name_is_rekeyed(enroll: Enroll, district: str,
                                                       desk_a: DeskClient) -> None:
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "养老", "sort_order": 0})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "养老", "sort_order": 3})
    answer = desk_a.push([mine])
    assert answer["rekeys"] == [{"entity": "category", "from": mine["entity_id"], "to": kept["entity_id"]}]
    assert answer["accepted"] == [mine["id"]]


def test_later_references_to_a_rekeyed_id_are_rewritten(enroll: Enroll, district: str, station: str,
                                                        desk_a: DeskClient, desk_b: DeskClient) -> None:
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "医保"})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "医保"})
    case = reception(station, category_id=mine["entity_id"])
    desk_a.push([mine, case])
    pulled = [c for c in desk_b.pull_all()[0] if c["id"] == case["id"]]
    assert pulled[0]["fields"]["category_id"] == kept["entity_id"]


def test_an_edit_in_the_same_batch_as_a_rekeyed_insert_reaches_the_kept_row(enroll: Enroll, district: str,
                                                                            desk_a: DeskClient) -> None:
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "物业", "sort_order": 0})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "物业", "sort_order": 3})
    edit = update("category", mine["entity_id"], sort_order=(3, 9))
    answer = desk_a.push([mine, edit])
    assert answer["rejected"] == [] and edit["id"] in answer["accepted"]
    assert _kept(desk_a, kept["entity_id"], "sort_order") == 9


@pytest.mark.parametrize("value", [{"a": 1}, ["x"]])
def test_a_key_field_that_is_not_a_scalar_is_malformed(desk_a: DeskClient, value: object) -> None:
    bad = change("category", str(uuid.uuid4()), "insert", {"name": value})
    r = desk_a.post("/push", {"changes": [bad]})
    assert r.status_code == 400 and r.json()["detail"]["code"] == "malformed"


# -- slip serials --------------------------------------------------------------------------------


def test_blocks_of_two_desks_never_overlap(desk_a: DeskClient, desk_b: DeskClient) -> None:
    blocks = [d.post("/serials/blocks", {"year": 2026, "size": 50}).json() for d in (desk_a, desk_b, desk_a)]
    numbers = [n for b in blocks for n in range(b["first"], b["last"] + 1)]
    assert len(numbers) == len(set(numbers)) == 150


def test_blocks_start_above_numbers_used_offline(desk_a: DeskClient, desk_b: DeskClient,
                                                 station: str, case: str) -> None:
    slip = change("referral", str(uuid.uuid4()), "insert", {
        "reception_id": case, "station_id": station, "round_no": 1, "serial": "X〔2026〕第041号",
        "serial_year": 2026, "serial_seq": 41, "handling_unit_id": "u1", "supervisor": "李",
        "referred_on": "2026-11-20", "working_days": 5, "reply_due": "2026-11-27"})
    desk_a.push([slip])
    assert desk_b.post("/serials/blocks", {"year": 2026, "size": 10}).json()["first"] == 42


def test_centre_desk_gets_no_serial_block(enroll: Enroll, district: str) -> None:
    r = enroll(district_id=district).post("/serials/blocks", {"year": 2026, "size": 10})
    assert r.status_code == 403


def test_a_serial_used_by_another_slip_is_refused(desk_a: DeskClient, desk_b: DeskClient,
                                                  station: str) -> None:
    cases = [reception(station), reception(station)]
    desk_a.push(cases)

    def slip(case: dict) -> dict:
        return change("referral", str(uuid.uuid4()), "insert", {
            "reception_id": case["entity_id"], "station_id": station, "round_no": 1,
            "serial": "X〔2026〕第007号", "serial_year": 2026, "serial_seq": 7})

    desk_a.push([slip(cases[0])])
    assert desk_b.push([slip(cases[1])])["rejected"][0]["code"] == "serial_taken"


def test_a_second_slip_for_the_same_round_is_refused(desk_a: DeskClient, desk_b: DeskClient,
                                                     station: str, case: str) -> None:
    def slip(seq: int) -> dict:
        return change("referral", str(uuid.uuid4()), "insert", {
            "reception_id": case, "station_id": station, "round_no": 1,
            "serial": f"X〔2026〕第{seq:03d}号", "serial_year": 2026, "serial_seq": seq})

    desk_a.push([slip(101)])
    assert desk_b.push([slip(102)])["rejected"][0]["code"] == "round_taken"
