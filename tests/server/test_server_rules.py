"""Conflicts, the lifecycle, rekeys and slip serial blocks (docs/sync.md), on a real server."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest

from tests.server.conftest import (
    DeskClient,
    at,
    callback,
    change,
    reception,
    refer,
    reply,
    slip,
    unit,
    update,
)

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


def test_later_edit_of_the_same_field_wins(
    desk_a: DeskClient, desk_b: DeskClient, case: str, enroll: Enroll, station: str
) -> None:
    early, late = at(0), at(60)
    desk_b.push([update("reception", case, when=late, citizen_phone="139")])
    desk_a.push([update("reception", case, when=early, citizen_phone="138")])
    assert _kept(enroll(station_id=station), case, "citizen_phone") == "139"


def test_losing_desk_is_told_with_its_value_kept(desk_a: DeskClient, desk_b: DeskClient, case: str) -> None:
    desk_b.push([update("reception", case, when=at(60), citizen_phone="139")])
    losing = update("reception", case, when=at(0), citizen_phone="138")
    answer = desk_a.push([losing])
    assert answer["accepted"] == [losing["id"]]
    assert answer["conflicts"] == [
        {
            "change_id": losing["id"],
            "entity": "reception",
            "entity_id": case,
            "field": "citizen_phone",
            "yours": "138",
            "kept": "139",
            "rule": "later_edit_wins",
            "current": "139",
        }
    ]


def test_different_fields_of_one_row_both_survive(
    desk_a: DeskClient, desk_b: DeskClient, case: str, enroll: Enroll, station: str
) -> None:
    desk_b.push([update("reception", case, when=at(60), citizen_phone="139")])
    desk_a.push([update("reception", case, when=at(0), citizen_address="幸福路1号")])
    third = enroll(station_id=station)
    assert (_kept(third, case, "citizen_phone"), _kept(third, case, "citizen_address")) == (
        "139",
        "幸福路1号",
    )


def test_replayed_losing_change_repeats_its_conflict(
    desk_a: DeskClient, desk_b: DeskClient, case: str
) -> None:
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


@pytest.fixture
def unit_id(desk_a: DeskClient) -> str:
    u = unit()
    desk_a.push([u])
    return u["entity_id"]


def _walk_to_replied(desk: DeskClient, station: str, case: str, unit_id: str) -> str:
    """Refer and reply, as a desk logs it; the slip's id."""
    moves = refer(case, station, unit_id)
    desk.push(moves + reply(case, moves[0]["entity_id"]))
    return moves[0]["entity_id"]


def test_first_callback_to_reach_the_server_decides(
    desk_a: DeskClient, desk_b: DeskClient, station: str, case: str, unit_id: str
) -> None:
    slip_id = _walk_to_replied(desk_a, station, case, unit_id)
    desk_a.push(callback(case, slip_id, "satisfied"))
    late_call, late_status = callback(case, slip_id, "dissatisfied")
    answer = desk_b.push([late_call, late_status])
    refused = {r["id"]: r["message"].split(":")[0] for r in answer["rejected"]}
    # The callback is refused by the lifecycle; the status it would justify has no callback behind it.
    assert refused == {late_call["id"]: "callback_already_done", late_status["id"]: "verdict_mismatch"}


def test_a_late_callback_is_refused_and_kept_as_sent(
    desk_a: DeskClient, desk_b: DeskClient, station: str, case: str, unit_id: str, enroll: Enroll
) -> None:
    """Two desks called the citizen back: the first verdict stands, the second is told (and its
    row is kept in the receipt, never lost)."""
    slip_id = _walk_to_replied(desk_a, station, case, unit_id)
    desk_a.push(callback(case, slip_id, "satisfied", caller="甲"))
    late = callback(case, slip_id, "dissatisfied", caller="乙")
    answer = desk_b.push(late)
    assert late[0]["id"] in [r["id"] for r in answer["rejected"]]
    pulled = [c for c in enroll(station_id=station).pull_all()[0] if c["entity"] == "callback"]
    assert [c["fields"]["caller"] for c in pulled] == ["甲"]


def test_same_move_from_two_desks_is_not_a_conflict(
    desk_a: DeskClient, desk_b: DeskClient, station: str, case: str, unit_id: str
) -> None:
    _walk_to_replied(desk_a, station, case, unit_id)
    answer = desk_b.push([update("reception", case, status=("referred", "replied"))])
    assert answer["rejected"] == [] and answer["conflicts"] == []


def test_update_of_a_deleted_row_is_refused(desk_a: DeskClient, station: str) -> None:
    slot = change(
        "duty_slot",
        str(uuid.uuid4()),
        "insert",
        {"station_id": station, "weekday": 2, "period": "morning", "needed": 2},
    )
    desk_a.push([slot, change("duty_slot", slot["entity_id"], "delete")])
    answer = desk_a.push([update("duty_slot", slot["entity_id"], needed=3)])
    assert answer["rejected"][0]["code"] == "record_deleted"


# -- rekeys --------------------------------------------------------------------------------------


def test_directory_insert_with_a_known_name_is_rekeyed(
    enroll: Enroll, district: str, desk_a: DeskClient
) -> None:
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "养老", "sort_order": 0})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "养老", "sort_order": 3})
    answer = desk_a.push([mine])
    assert answer["rekeys"] == [{"entity": "category", "from": mine["entity_id"], "to": kept["entity_id"]}]
    assert answer["accepted"] == [mine["id"]]


def test_values_a_rekey_maps_are_checked_as_mapped(
    enroll: Enroll, district: str, station: str, desk_a: DeskClient
) -> None:
    """A batch's values are checked a shape at a time before the batch is applied; those a rekey
    of the same batch maps afterwards are checked again, as mapped (here a channel that was a
    row id the rekey moves is no channel any more)."""
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "物业", "sort_order": 0})
    centre.push([kept])
    mine = change("category", "walk_in", "insert", {"name": "物业", "sort_order": 1})
    case = reception(station, channel="walk_in")
    answer = desk_a.push([mine, case])
    assert answer["rekeys"] == [{"entity": "category", "from": "walk_in", "to": kept["entity_id"]}]
    assert [(r["id"], r["code"], r["message"]) for r in answer["rejected"]] == [
        (case["id"], "invalid_value", "channel: not_a_choice")
    ]


def test_a_mixed_batch_replayed_whole_gets_its_first_answer_again(
    enroll: Enroll, district: str, station: str, desk_a: DeskClient, case: str
) -> None:
    """The replay check (one statement over the change log, the receipts and the held changes)
    answers each kind of change as it was answered the first time."""
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "交通", "sort_order": 0})
    centre.push([kept])
    new_case = reception(station)
    refused = update("reception", case, status="signed_off")
    rekeyed = change("category", str(uuid.uuid4()), "insert", {"name": "交通", "sort_order": 2})
    batch = [new_case, refused, rekeyed]
    first = desk_a.push(batch)
    assert first["accepted"] == [new_case["id"], rekeyed["id"]]
    again = desk_a.push(batch)
    assert sorted(again["duplicates"]) == sorted([new_case["id"], rekeyed["id"]])
    assert again["accepted"] == []
    assert [r["id"] for r in again["rejected"]] == [refused["id"]]
    assert (
        again["rekeys"]
        == first["rekeys"]
        == [{"entity": "category", "from": rekeyed["entity_id"], "to": kept["entity_id"]}]
    )


def test_later_references_to_a_rekeyed_id_are_rewritten(
    enroll: Enroll, district: str, station: str, desk_a: DeskClient, desk_b: DeskClient
) -> None:
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "医保"})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "医保"})
    case = reception(station, category_id=mine["entity_id"])
    desk_a.push([mine, case])
    pulled = [c for c in desk_b.pull_all()[0] if c["id"] == case["id"]]
    assert pulled[0]["fields"]["category_id"] == kept["entity_id"]


def test_an_edit_in_the_same_batch_as_a_rekeyed_insert_reaches_the_kept_row(
    desk_a: DeskClient, desk_b: DeskClient
) -> None:
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "物业", "sort_order": 0})
    desk_b.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "物业", "sort_order": 3})
    edit = update("category", mine["entity_id"], sort_order=(3, 9))
    answer = desk_a.push([mine, edit])
    assert answer["rejected"] == [] and edit["id"] in answer["accepted"]
    assert _kept(desk_a, kept["entity_id"], "sort_order") == 9


def test_an_edit_of_the_centres_directory_row_through_a_rekey_is_refused(
    enroll: Enroll, district: str, desk_a: DeskClient
) -> None:
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": "医疗", "sort_order": 0})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": "医疗", "sort_order": 3})
    edit = update("category", mine["entity_id"], sort_order=(3, 9))
    answer = desk_a.push([mine, edit])
    assert [r["code"] for r in answer["rejected"]] == ["not_yours"]


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


def test_blocks_start_above_numbers_used_offline(
    desk_a: DeskClient, desk_b: DeskClient, station: str, case: str, unit_id: str
) -> None:
    desk_a.push(refer(case, station, unit_id, seq=41))
    assert desk_b.post("/serials/blocks", {"year": 2026, "size": 10}).json()["first"] == 42


def test_centre_desk_gets_a_block_of_the_centres_own_series(enroll: Enroll, district: str) -> None:
    """Issue 13: slip numbers follow the level that refers; the centre's series sits above
    CENTRE_SEQ_BASE (domain.numbering), apart from every station's."""
    from desk_app.domain.numbering import CENTRE_SEQ_BASE

    r = enroll(district_id=district).post("/serials/blocks", {"year": 2026, "size": 10})
    assert r.status_code == 200 and r.json()["first"] == CENTRE_SEQ_BASE + 1


def test_a_serial_used_by_another_slip_is_renumbered(
    desk_a: DeskClient, desk_b: DeskClient, station: str, unit_id: str
) -> None:
    """Two desks numbered on their own: the later slip keeps its case and gets the next free
    number; its old number stays on it and the desk is told (issue 15: 59 slips were merged)."""
    cases = [reception(station), reception(station)]
    desk_a.push(cases)
    desk_a.push(refer(cases[0]["entity_id"], station, unit_id, seq=7))
    mine = refer(cases[1]["entity_id"], station, unit_id, seq=7)
    answer = desk_b.push(mine)
    assert answer["rejected"] == []
    (renumber,) = answer["renumbers"]
    assert (renumber["entity_id"], renumber["former_serial"]) == (
        mine[0]["entity_id"],
        "浉河监督岗〔2026〕第007号",
    )
    assert renumber["serial_seq"] == 8 and renumber["serial"].endswith("〔2026〕第008号")
    # The case's copy of its slip number follows, and a replay says the same again.
    assert _kept(desk_a, cases[1]["entity_id"], "serial") == renumber["serial"]
    assert desk_b.push(mine)["renumbers"] == [renumber]


def test_a_second_slip_for_the_same_round_is_refused(
    desk_a: DeskClient, desk_b: DeskClient, station: str, case: str, unit_id: str
) -> None:
    desk_a.push(refer(case, station, unit_id, seq=101))
    late = slip(case, station, unit_id, seq=102)
    assert desk_b.push([late])["rejected"][0]["code"] in ("round_taken", "illegal_transition")


def test_concurrent_referral_leaves_the_case_naming_the_kept_slip(
    desk_a: DeskClient, desk_b: DeskClient, station: str, case: str, unit_id: str
) -> None:
    """Issue 15: two desks referred one case offline; the case named the refused slip's number."""
    desk_a.push(refer(case, station, unit_id, seq=11))
    losing = refer(case, station, unit_id, seq=12)
    answer = desk_b.push(losing)
    assert losing[0]["id"] in [r["id"] for r in answer["rejected"]]
    assert _kept(desk_a, case, "serial") == "浉河监督岗〔2026〕第011号"
    assert {c["field"]: c["current"] for c in answer["conflicts"]}.get(
        "serial"
    ) == "浉河监督岗〔2026〕第011号"


def test_a_dissatisfied_callback_without_the_citizens_words_is_refused(
    desk_a: DeskClient, station: str, case: str, unit_id: str
) -> None:
    slip_id = _walk_to_replied(desk_a, station, case, unit_id)
    call, status = callback(case, slip_id, "dissatisfied", words="")
    answer = desk_a.push([call, status])
    refused = {r["id"]: r["message"].split(":")[0] for r in answer["rejected"]}
    assert refused[call["id"]] == "citizen_words_required"


def test_a_dissatisfied_callback_with_the_citizens_words_is_accepted(
    desk_a: DeskClient, station: str, case: str, unit_id: str
) -> None:
    slip_id = _walk_to_replied(desk_a, station, case, unit_id)
    answer = desk_a.push(callback(case, slip_id, "dissatisfied", words="电梯还是停"))
    assert answer["rejected"] == []
