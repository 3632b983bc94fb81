"""代班: a deputy stands in for one on the day's rota. The one who sat has the visit (人次); the
absent deputy's place counts as covered, not kept; the panel and the duty record say who for whom."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.domain.rota import Period
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

WEDNESDAY = date(2026, 10, 14)
MONTH = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def rota_day(store: DeskStore, clerk: OperatorInfo, clock) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """Wang on the rota on Wednesday morning; Zhao is not. The clock is that morning."""
    ids = {name: store.save_deputy(by=clerk.id, name=name, level="city").id for name in ("王代表", "赵代表")}
    store.add_assignment(by=clerk.id, day=WEDNESDAY, period=Period.MORNING.value, deputy_id=ids["王代表"])
    clock.now = datetime(2026, 10, 14, 8, 50)
    return ids


def test_a_stand_in_is_shown_in_the_absent_deputys_place_and_is_at_the_desk(
    store: DeskStore, clerk: OperatorInfo, rota_day: dict[str, str]
) -> None:
    store.check_in(rota_day["赵代表"], by=clerk.id, stands_in_for=rota_day["王代表"])
    today = store.today_duty()
    [place] = today.on_duty
    assert place.assignment.deputy_id == rota_day["王代表"]
    assert place.visit is not None and place.visit.deputy_id == rota_day["赵代表"]
    assert place.visit.stands_in_for_name == "王代表"
    assert today.off_rota == () and today.checked_in_ids == (rota_day["赵代表"],)


def test_the_one_who_sat_is_counted_and_the_absent_deputys_place_is_covered(
    store: DeskStore, clerk: OperatorInfo, rota_day: dict[str, str], clock
) -> None:  # type: ignore[no-untyped-def]
    store.check_in(rota_day["赵代表"], by=clerk.id, stands_in_for=rota_day["王代表"])
    clock.now = datetime(2026, 10, 20, 9, 0)
    records = {r.deputy_name: r for r in store.duty_records(*MONTH)}
    absent, sitter = records["王代表"], records["赵代表"]
    assert (absent.scheduled, absent.kept, absent.covered, absent.visits) == (1, 0, 1, 0)
    assert (sitter.scheduled, sitter.stood_in, sitter.other_visits, sitter.visits) == (0, 1, 0, 1)


def test_a_deputy_cannot_stand_in_for_someone_not_on_the_days_rota(
    store: DeskStore, clerk: OperatorInfo, rota_day: dict[str, str]
) -> None:
    with pytest.raises(ValidationFailed):
        store.check_in(rota_day["王代表"], by=clerk.id, stands_in_for=rota_day["赵代表"])


def test_a_deputy_cannot_stand_in_for_themselves(
    store: DeskStore, clerk: OperatorInfo, rota_day: dict[str, str]
) -> None:
    with pytest.raises(ValidationFailed):
        store.check_in(rota_day["王代表"], by=clerk.id, stands_in_for=rota_day["王代表"])


def test_the_stand_in_travels_with_the_visit_in_the_change_log(
    store: DeskStore, clerk: OperatorInfo, rota_day: dict[str, str]
) -> None:
    visit = store.check_in(rota_day["赵代表"], by=clerk.id, stands_in_for=rota_day["王代表"])
    [insert] = store.change_log(entity_id=visit)
    assert insert.changes["stands_in_for_id"][1] == rota_day["王代表"]  # [before, after]
