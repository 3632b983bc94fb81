"""Similar cases while typing (storage/similar.py): the labelled set's precision, and the rules
of what is suggested."""

from __future__ import annotations

import csv
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from desk_app.domain import similarity
from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.coltypes import id_param
from desk_app.storage.models import Station
from desk_app.storage.operators import CENTRE_DESK_SETTING
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

LABELLED_SET = Path(__file__).resolve().parents[1] / "data" / "similar_cases.csv"
SECOND_SET = LABELLED_SET.with_name("similar_cases_second.csv")
THIRD_SET = LABELLED_SET.with_name("similar_cases_third.csv")
RECEIVED = datetime(2026, 11, 2, 9, 0)


def _draft(content: str, place: str = "", at: datetime = RECEIVED) -> ReceptionDraft:
    return ReceptionDraft(
        received_at=at, channel="walk_in", content=content, outcome="needs_referral", citizen_address=place
    )


def _labelled_rows(path: Path = LABELLED_SET) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _precision_at_five(store: DeskStore, clerk: OperatorInfo, path: Path) -> float:
    """precision@5 of the desk's suggestions for the set's queries, its cases registered."""
    rows = _labelled_rows(path)
    case_of: dict[str, str] = {}
    for i, row in enumerate(r for r in rows if r["kind"] == "case"):
        at = RECEIVED + timedelta(minutes=i)
        case_of[store.register_reception(_draft(row["content"], row["place"], at), by=clerk.id)] = row["id"]
    matter = {r["id"]: r["matter"] for r in rows}
    found, relevant = [], []
    for query in (r for r in rows if r["kind"] == "query"):
        suggestions = store.similar_cases(query["content"], query["place"])
        found.append([case_of[s.id] for s in suggestions])
        relevant.append(frozenset(cid for cid in case_of.values() if matter[cid] == query["matter"]))
    return similarity.precision_at(found, relevant, k=5)


def test_labelled_set_has_at_least_200_similar_pairs() -> None:
    rows = _labelled_rows()
    cases = [r for r in rows if r["kind"] == "case"]
    pairs = [
        (q["id"], c["id"]) for q in rows if q["kind"] == "query" for c in cases if c["matter"] == q["matter"]
    ]
    assert len(pairs) >= 200


def test_precision_of_the_top_five_on_the_labelled_set_is_at_least_0_89(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    # Measured 0.896 (docs/benchmarks.md, "Similar cases: the best suggestions' neighbours");
    # 0.867 before the re-ranking; target 0.8.
    assert _precision_at_five(store, clerk, LABELLED_SET) >= 0.89


def test_precision_of_the_top_five_on_the_independent_second_set_is_at_least_0_65(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    # Measured 0.660 (0.653 before the re-ranking; 0.547 before the score threshold was
    # lowered). Below the 0.8 target: the floor keeps what was reached, it does not claim the target.
    assert _precision_at_five(store, clerk, SECOND_SET) >= 0.65


def test_precision_of_the_top_five_on_the_third_set_is_at_least_0_63(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    # Measured 0.633 (0.607 before the re-ranking). The set was blind when written and is now
    # development data; below the 0.8 target, a floor like the second set's.
    assert _precision_at_five(store, clerk, THIRD_SET) >= 0.63


def test_suggestions_show_status_date_and_unit_of_each_case(store: DeskStore, clerk: OperatorInfo) -> None:
    store.register_reception(_draft("小区门口的路灯坏了一个月，晚上很黑", "建设小区"), by=clerk.id)
    (found,) = store.similar_cases("建设小区的路灯不亮了，晚上太黑", "建设小区")
    assert (found.status, found.received_at, found.unit_name) == ("awaiting_referral", RECEIVED, "")


def test_an_unrelated_case_is_not_suggested(store: DeskStore, clerk: OperatorInfo) -> None:
    store.register_reception(_draft("孩子上幼儿园报名，公办园名额太少，摇号没摇上"), by=clerk.id)
    assert store.similar_cases("楼道里飞线给电动车充电，很危险") == []


def test_a_voided_case_is_not_suggested(store: DeskStore, clerk: OperatorInfo) -> None:
    case_id = store.register_reception(_draft("小区门口的路灯坏了一个月，晚上很黑"), by=clerk.id)
    store.void(case_id, reason="登记错了", by=clerk.id)
    assert store.similar_cases("小区门口的路灯坏了，晚上很黑") == []


def test_the_case_being_edited_is_not_suggested_to_itself(store: DeskStore, clerk: OperatorInfo) -> None:
    case_id = store.register_reception(_draft("小区门口的路灯坏了一个月，晚上很黑"), by=clerk.id)
    assert store.similar_cases("小区门口的路灯坏了一个月，晚上很黑", exclude_id=case_id) == []


@pytest.mark.parametrize("typed", ["", "灯", "   "])
def test_too_little_text_asks_for_nothing(store: DeskStore, clerk: OperatorInfo, typed: str) -> None:
    store.register_reception(_draft("小区门口的路灯坏了一个月，晚上很黑"), by=clerk.id)
    assert store.similar_cases(typed) == []


def _case_of_another_station(store: DeskStore, clerk: OperatorInfo) -> str:
    """A case registered, then moved to a second station the desk holds (as sync brings them
    to a district centre's desk)."""
    case_id = store.register_reception(_draft("小区门口的路灯坏了一个月，晚上很黑"), by=clerk.id)
    with store.db.writing(None) as s:
        other = Station(
            name="浉河区老城街道人大代表工作站",
            short_name="老城站",
            kind="township_station",
            serial_pattern="{short}〔{year}〕第{seq:03d}号",
        )
        s.add(other)
        s.flush()
        s.execute(
            text("UPDATE reception SET station_id = :st WHERE id = :id"),
            {"st": id_param(other.id), "id": id_param(case_id)},
        )
    return case_id


def test_a_stations_desk_does_not_suggest_another_stations_cases(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    _case_of_another_station(store, clerk)
    assert store.similar_cases("小区门口的路灯坏了，晚上很黑") == []


def test_a_district_centres_desk_suggests_every_stations_cases(store: DeskStore, clerk: OperatorInfo) -> None:
    case_id = _case_of_another_station(store, clerk)
    store.set_setting(CENTRE_DESK_SETTING, "浉河区")
    assert [c.id for c in store.similar_cases("小区门口的路灯坏了，晚上很黑")] == [case_id]
