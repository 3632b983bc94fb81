"""Moves between levels (issue 13): who may send a case where (domain.transfers)."""

from __future__ import annotations

from desk_app.domain.numbering import CENTRE_SEQ_BASE, format_centre_serial, is_centre_seq
from desk_app.domain.transfers import (
    CaseLevel,
    TransferKind,
    TransferRefusal,
    acting_refusal,
    city_ref_field,
    city_ref_of,
    levels_worked,
    may_act,
    may_change_level,
    transfer_refusal,
)


def test_a_station_sends_its_case_up() -> None:
    assert (
        transfer_refusal(TransferKind.UP, centre_desk=False, level=CaseLevel.STATION, case_closed=False)
        is None
    )


def test_a_station_cannot_send_a_case_down() -> None:
    refusal = transfer_refusal(
        TransferKind.DOWN, centre_desk=False, level=CaseLevel.CENTRE, case_closed=False
    )
    assert refusal is TransferRefusal.WRONG_DESK


def test_the_centre_has_no_level_above_it() -> None:
    refusal = transfer_refusal(TransferKind.UP, centre_desk=True, level=CaseLevel.CENTRE, case_closed=False)
    assert refusal is TransferRefusal.WRONG_DESK


def test_the_centre_takes_over_only_a_case_still_at_its_station() -> None:
    refusal = transfer_refusal(
        TransferKind.TAKE_OVER, centre_desk=True, level=CaseLevel.CENTRE, case_closed=False
    )
    assert refusal is TransferRefusal.WRONG_LEVEL


def test_the_centre_sends_down_only_a_case_it_handles() -> None:
    refusal = transfer_refusal(
        TransferKind.DOWN, centre_desk=True, level=CaseLevel.STATION, case_closed=False
    )
    assert refusal is TransferRefusal.WRONG_LEVEL


def test_a_closed_case_is_not_moved() -> None:
    refusal = transfer_refusal(TransferKind.UP, centre_desk=False, level=CaseLevel.STATION, case_closed=True)
    assert refusal is TransferRefusal.CLOSED


def test_a_station_may_not_act_on_a_case_the_centre_handles() -> None:
    assert not may_act(CaseLevel.CENTRE, centre_desk=False) and may_act(CaseLevel.CENTRE, centre_desk=True)


def test_a_centre_slip_carries_the_centres_prefix_and_its_own_count() -> None:
    assert format_centre_serial("浉河区", 2026, CENTRE_SEQ_BASE + 7) == "浉河区联络中心〔2026〕第007号"
    assert is_centre_seq(CENTRE_SEQ_BASE + 1) and not is_centre_seq(999)


def test_the_centre_sends_a_case_it_handles_to_the_city() -> None:
    assert (
        transfer_refusal(TransferKind.TO_CITY, centre_desk=True, level=CaseLevel.CENTRE, case_closed=False)
        is None
    )


def test_a_station_cannot_send_a_case_to_the_city() -> None:
    refusal = transfer_refusal(
        TransferKind.TO_CITY, centre_desk=False, level=CaseLevel.CENTRE, case_closed=False
    )
    assert refusal is TransferRefusal.WRONG_DESK


def test_a_case_still_at_its_station_does_not_go_straight_to_the_city() -> None:
    refusal = transfer_refusal(
        TransferKind.TO_CITY, centre_desk=True, level=CaseLevel.STATION, case_closed=False
    )
    assert refusal is TransferRefusal.WRONG_LEVEL


def test_the_citys_return_is_recorded_only_for_a_case_at_the_city() -> None:
    refusal = transfer_refusal(
        TransferKind.FROM_CITY, centre_desk=True, level=CaseLevel.CENTRE, case_closed=False
    )
    assert refusal is TransferRefusal.WRONG_LEVEL


def test_the_centre_does_not_send_a_case_at_the_city_down() -> None:
    refusal = transfer_refusal(TransferKind.DOWN, centre_desk=True, level=CaseLevel.CITY, case_closed=False)
    assert refusal is TransferRefusal.WRONG_LEVEL


def test_nobody_in_the_district_acts_on_a_case_the_city_handles() -> None:
    assert acting_refusal(CaseLevel.CITY, centre_desk=True) is TransferRefusal.HANDLED_BY_CITY
    assert acting_refusal(CaseLevel.CITY, centre_desk=False) is TransferRefusal.HANDLED_BY_CITY


def test_a_level_changes_only_as_one_of_the_desks_transfers() -> None:
    assert may_change_level(CaseLevel.CENTRE, CaseLevel.CITY, centre_desk=True)
    assert may_change_level(CaseLevel.CITY, CaseLevel.CENTRE, centre_desk=True)
    assert not may_change_level(CaseLevel.CITY, CaseLevel.STATION, centre_desk=True)
    assert not may_change_level(CaseLevel.STATION, CaseLevel.CITY, centre_desk=True)
    assert not may_change_level(CaseLevel.STATION, CaseLevel.CITY, centre_desk=False)


def test_the_city_reference_number_rides_in_the_events_fields() -> None:
    assert city_ref_of(city_ref_field(" 信市人代〔2026〕12号 ")) == "信市人代〔2026〕12号"
    assert city_ref_field("  ") == "" and city_ref_of("reception:content") == ""


def test_the_citys_reply_is_recorded_by_the_centre_on_a_case_at_the_city_only() -> None:
    from desk_app.domain.casebook import EventKind
    from desk_app.domain.transfers import CITY_REPLY_EVENT, city_reply_refusal

    assert EventKind.CITY_REPLIED.value == CITY_REPLY_EVENT
    assert city_reply_refusal(centre_desk=True, level=CaseLevel.CITY) is None
    assert city_reply_refusal(centre_desk=True, level=CaseLevel.CENTRE) is TransferRefusal.WRONG_LEVEL
    assert city_reply_refusal(centre_desk=False, level=CaseLevel.CITY) is TransferRefusal.WRONG_DESK


def test_a_desks_own_work_is_at_the_levels_it_may_act_on() -> None:
    assert levels_worked(centre_desk=False) == (CaseLevel.STATION,)
    assert levels_worked(centre_desk=True) == (CaseLevel.STATION, CaseLevel.CENTRE)
