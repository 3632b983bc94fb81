"""Changing and removing a campaign's places and result measures (issue 14 remainders, item 1):
one transaction per save, a place or measure in use is never removed, and the change syncs."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityKind,
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
)
from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.campaign_store import CampaignItemInUse, CampaignRefused, CampaignStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

DRAFT = CampaignDraft("老旧小区加装电梯", date(2026, 3, 1), date(2026, 12, 31))


@pytest.fixture
def camp(store: DeskStore) -> CampaignStore:
    return CampaignStore(store)


@pytest.fixture
def cid(camp: CampaignStore, clerk: OperatorInfo) -> str:
    return camp.save_campaign(
        DRAFT,
        by=clerk.id,
        places=[PlaceDraft("五星小区", PlaceKind.ESTATE), PlaceDraft("羊山新区", PlaceKind.COUNTY)],
        measures=[MeasureDraft("加装电梯", "台"), MeasureDraft("整治飞线", "处")],
    )


def _place(camp: CampaignStore, cid: str, name: str) -> str:
    return next(p.id for p in camp.places(cid) if p.name == name)


def _measure(camp: CampaignStore, cid: str, name: str) -> str:
    return next(m.id for m in camp.measures(cid) if m.name == name)


def test_a_place_is_renamed_and_its_kind_changed(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    place = _place(camp, cid, "五星小区")
    camp.save_campaign(
        DRAFT,
        by=clerk.id,
        campaign_id=cid,
        changed_places={place: PlaceDraft("五星街道", PlaceKind.TOWNSHIP)},
    )
    assert [(p.name, p.kind) for p in camp.places(cid)][0] == ("五星街道", "township")


def test_a_measure_is_renamed_and_its_unit_changed(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    measure = _measure(camp, cid, "加装电梯")
    camp.save_campaign(
        DRAFT, by=clerk.id, campaign_id=cid, changed_measures={measure: MeasureDraft("加装电梯数", "部")}
    )
    assert [(m.name, m.unit) for m in camp.measures(cid)][0] == ("加装电梯数", "部")


def test_an_unused_place_and_measure_are_removed(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    camp.save_campaign(
        DRAFT,
        by=clerk.id,
        campaign_id=cid,
        removed_places=[_place(camp, cid, "羊山新区")],
        removed_measures=[_measure(camp, cid, "整治飞线")],
    )
    assert ([p.name for p in camp.places(cid)], [m.name for m in camp.measures(cid)]) == (
        ["五星小区"],
        ["加装电梯"],
    )


def test_a_place_with_an_activity_is_not_removed_and_nothing_changes(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    place = _place(camp, cid, "五星小区")
    camp.record_activity(
        cid, ActivityDraft(ActivityKind.VISIT, date(2026, 4, 1), place_id=place), by=clerk.id
    )
    with pytest.raises(CampaignItemInUse) as refused:
        camp.save_campaign(
            CampaignDraft("改过的主题", DRAFT.starts_on, DRAFT.ends_on),
            by=clerk.id,
            campaign_id=cid,
            removed_places=[place],
            places=[PlaceDraft("新地点", PlaceKind.OTHER)],
        )
    assert refused.value.message_zh == "地点“五星小区”已记录 1 次活动，不能删除；未作任何修改。"
    assert camp.campaign(cid).topic == "老旧小区加装电梯"
    assert [p.name for p in camp.places(cid)] == ["五星小区", "羊山新区"]


def test_a_place_where_a_problem_was_found_is_not_removed(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    draft = ReceptionDraft(
        received_at=datetime(2026, 5, 2, 9),
        channel="walk_in",
        content="电梯井施工噪音扰民",
        outcome="needs_referral",
        citizen_address="羊山新区",
    )
    camp.register_problem(cid, draft, by=clerk.id)
    with pytest.raises(CampaignItemInUse) as refused:
        camp.save_campaign(
            DRAFT, by=clerk.id, campaign_id=cid, removed_places=[_place(camp, cid, "羊山新区")]
        )
    assert refused.value.problems == 1 and "1 个问题" in refused.value.message_zh


def test_a_measure_with_counts_is_not_removed(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    measure = _measure(camp, cid, "加装电梯")
    camp.record_count(measure, day=date(2026, 5, 1), amount=4, by=clerk.id)
    with pytest.raises(CampaignItemInUse) as refused:
        camp.save_campaign(DRAFT, by=clerk.id, campaign_id=cid, removed_measures=[measure])
    assert refused.value.message_zh == "成效指标“加装电梯”已记录 1 次数量，不能删除；未作任何修改。"
    assert camp.board(cid).measures[0].total == 4


def test_renaming_a_place_to_another_places_name_is_refused(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    place = _place(camp, cid, "五星小区")
    with pytest.raises(CampaignRefused) as refused:
        camp.save_campaign(
            DRAFT,
            by=clerk.id,
            campaign_id=cid,
            changed_places={place: PlaceDraft("羊山新区", PlaceKind.ESTATE)},
        )
    assert refused.value.errors[0].field == "place_name"
    assert [p.name for p in camp.places(cid)] == ["五星小区", "羊山新区"]


def test_a_removed_name_can_be_used_again_in_the_same_save(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    camp.save_campaign(
        DRAFT,
        by=clerk.id,
        campaign_id=cid,
        removed_measures=[_measure(camp, cid, "整治飞线")],
        measures=[MeasureDraft("整治飞线", "条")],
    )
    assert [(m.name, m.unit) for m in camp.measures(cid)] == [("加装电梯", "台"), ("整治飞线", "条")]


def test_removing_a_place_goes_to_the_change_log_as_a_delete(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    place = _place(camp, cid, "羊山新区")
    camp.save_campaign(DRAFT, by=clerk.id, campaign_id=cid, removed_places=[place])
    latest = store.change_log(place)[0]
    assert (latest.entity, latest.op) == ("campaign_place", "delete")
