"""Moves between levels (issue 13): who may send a case where (domain.transfers)."""

from __future__ import annotations

from desk_app.domain.numbering import CENTRE_SEQ_BASE, format_centre_serial, is_centre_seq
from desk_app.domain.transfers import CaseLevel, TransferKind, TransferRefusal, may_act, transfer_refusal


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
