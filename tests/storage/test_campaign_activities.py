"""Correcting and deleting a campaign's activities (issue 14 remainders, item 2): one transaction
each, the board's figures follow, the log carries the change for sync."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from desk_app.domain.campaigns import ActivityDraft, ActivityKind, CampaignDraft, PlaceDraft, PlaceKind
from desk_app.storage.campaign_store import CampaignRefused, CampaignStore
from desk_app.storage.errors import NotFound
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


@pytest.fixture
def camp(store: DeskStore) -> CampaignStore:
    return CampaignStore(store)


@pytest.fixture
def cid(camp: CampaignStore, clerk: OperatorInfo) -> str:
    return camp.save_campaign(
        CampaignDraft("交通规范执法", date(2026, 3, 1), date(2026, 10, 31)),
        by=clerk.id,
        places=[PlaceDraft("罗山县", PlaceKind.COUNTY), PlaceDraft("光山县", PlaceKind.COUNTY)],
    )


FORUM = ActivityDraft(
    ActivityKind.FORUM,
    date(2026, 4, 1),
    subject="货车司机座谈",
    attendees="货车司机、运输企业代表",
    headcount=12,
    people_met=12,
)


def _forum(store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str) -> str:
    zhang = store.save_deputy(by=clerk.id, name="张伟").id
    place = camp.places(cid)[0].id
    return camp.record_activity(cid, replace(FORUM, place_id=place, deputy_ids=(zhang,)), by=clerk.id)


def test_a_forum_recorded_as_a_visit_is_corrected(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    camp.change_activity(activity, replace(FORUM, kind=ActivityKind.VISIT, headcount=0), by=clerk.id)
    board = camp.board(cid)
    assert (board.forums, board.activities_by_kind["visit"], board.forum_attendance) == (0, 1, 0)


def test_a_correction_changes_the_place_deputies_and_note(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    wang = store.save_deputy(by=clerk.id, name="王芳").id
    other = camp.places(cid)[1].id
    camp.change_activity(
        activity, replace(FORUM, place_id=other, deputy_ids=(wang,), note="改在县交通局"), by=clerk.id
    )
    a = camp.activities(cid)[0]
    assert (a.place, a.place_id, a.deputy_names, a.deputy_ids, a.note) == (
        "光山县",
        other,
        ("王芳",),
        (wang,),
        "改在县交通局",
    )


def test_a_correction_outside_the_period_changes_nothing(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    with pytest.raises(CampaignRefused):
        camp.change_activity(activity, replace(FORUM, day=date(2026, 12, 1), note="错"), by=clerk.id)
    a = camp.activities(cid)[0]
    assert (a.day, a.note, a.deputy_names) == (date(2026, 4, 1), "", ("张伟",))


def test_a_deleted_activity_leaves_the_board(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    camp.delete_activity(activity, by=clerk.id)
    board = camp.board(cid)
    assert (board.forums, board.people_met, camp.activities(cid)) == (0, 0, [])


def test_a_deleted_activity_frees_its_place_for_removal(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    camp.delete_activity(activity, by=clerk.id)
    place = camp.places(cid)[0].id
    camp.save_campaign(
        CampaignDraft("交通规范执法", date(2026, 3, 1), date(2026, 10, 31)),
        by=clerk.id,
        campaign_id=cid,
        removed_places=[place],
    )
    assert [p.name for p in camp.places(cid)] == ["光山县"]


def test_deleting_an_activity_logs_its_deputies_links_first(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    camp.delete_activity(activity, by=clerk.id)
    deletes = [c.entity for c in reversed(store.change_log()) if c.op == "delete"]
    assert deletes == ["campaign_activity_deputy", "campaign_activity"]


def test_deleting_an_activity_twice_is_not_found(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    activity = _forum(store, camp, clerk, cid)
    camp.delete_activity(activity, by=clerk.id)
    with pytest.raises(NotFound):
        camp.delete_activity(activity, by=clerk.id)
