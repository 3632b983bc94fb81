"""Slip serial numbers: unique per station and year, restart each year, continue across rounds."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from storage_helpers import Desk

from desk_app.domain.workcalendar import calendar_years
from desk_app.storage.models import Referral


def seqs(desk: Desk) -> list[tuple[int, int]]:
    with desk.store.db.reading() as s:
        return list(
            s.execute(select(Referral.serial_year, Referral.serial_seq).order_by(Referral.created_at))
        )


def test_first_slip_of_the_year_is_001(desk: Desk) -> None:
    assert desk.refer(desk.register()).serial == "浉河监督岗〔2026〕第001号"


def test_slips_of_different_cases_count_up(desk: Desk) -> None:
    serials = [desk.refer(desk.register(f"第{i}件")).serial for i in range(3)]
    assert serials == [f"浉河监督岗〔2026〕第00{i}号" for i in (1, 2, 3)]


def test_sequence_continues_across_rounds(desk: Desk) -> None:
    first = desk.register()
    desk.refer(first)
    desk.refer(desk.register("另一件"))
    desk.reply(first)
    desk.callback(first, "dissatisfied")
    assert desk.refer(first).serial == "浉河监督岗〔2026〕第003号"


def test_sequence_restarts_in_a_new_year(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(2026, 12, 30, 10, 0)
    desk.refer(desk.register())
    desk.refer(desk.register())
    clock.now = datetime(2027, 1, 4, 10, 0)
    ref = desk.refer(desk.register())
    assert ref.serial == "浉河监督岗〔2027〕第001号"
    assert seqs(desk) == [(2026, 1), (2026, 2), (2027, 1)]


def test_year_is_the_referral_date_not_the_reception_date(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(2026, 12, 31, 17, 0)
    rid = desk.register(received_at=datetime(2026, 12, 31, 16, 0))
    clock.now = datetime(2027, 1, 4, 9, 0)
    assert desk.refer(rid).serial.startswith("浉河监督岗〔2027〕")


def test_slip_in_unknown_calendar_year_is_marked_estimated(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    clock.now = datetime(calendar_years()[1] + 1, 1, 4, 10, 0)  # the year after the package's last
    assert desk.refer(desk.register()).due_estimated


def test_serial_follows_the_station_pattern(desk: Desk) -> None:
    st = desk.store.station()
    desk.store.update_station(
        by=desk.clerk.id,
        name=st.name,
        short_name="浉河",
        kind=st.kind,
        district=st.district,
        serial_pattern="{prefix}交〔{year}〕{seq:04d}号",
    )
    assert desk.refer(desk.register()).serial == "浉河交〔2026〕0001号"


def test_serials_are_unique(desk: Desk) -> None:
    for i in range(5):
        desk.refer(desk.register(f"第{i}件"))
    with desk.store.db.reading() as s:
        assert s.scalar(select(func.count(func.distinct(Referral.serial)))) == 5


def test_unique_constraint_refuses_a_duplicate_sequence(desk: Desk) -> None:
    desk.refer(desk.register())
    other = desk.register("另一件")
    with pytest.raises(IntegrityError), desk.store.db.writing(desk.clerk.id) as s:
        first = s.scalars(select(Referral)).one()
        s.add(
            Referral(
                reception_id=other,
                station_id=first.station_id,
                round_no=1,
                serial="手写号",
                serial_year=2026,
                serial_seq=first.serial_seq,
                handling_unit_id=desk.unit.id,
                supervisor="赵",
                referred_on=date(2026, 11, 20),
                working_days=5,
                reply_due=date(2026, 11, 27),
            )
        )
    assert seqs(desk) == [(2026, 1)]


def test_unique_constraint_refuses_two_slips_in_one_round(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    with pytest.raises(IntegrityError), desk.store.db.writing(desk.clerk.id) as s:
        first = s.scalars(select(Referral)).one()
        s.add(
            Referral(
                reception_id=rid,
                station_id=first.station_id,
                round_no=1,
                serial="x",
                serial_year=2026,
                serial_seq=99,
                handling_unit_id=desk.unit.id,
                supervisor="赵",
                referred_on=date(2026, 11, 20),
                working_days=5,
                reply_due=date(2026, 11, 27),
            )
        )
