"""CampaignStore (issue 14): a campaign's records, its tagged problems, the import's all or nothing."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from desk_app.domain.campaigns import (
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
    ProblemEntry,
)
from desk_app.domain.permissions import NotPermitted
from desk_app.domain.suggestions import SuggestionDraft
from desk_app.domain.validation import ReceptionDraft
from desk_app.domain.vocab import Channel, Outcome
from desk_app.storage.campaign_store import CampaignRefused, CampaignStore, ProblemListRefused
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.constants import DEPUTY_PIN


@pytest.fixture
def camp(store: DeskStore) -> CampaignStore:
    return CampaignStore(store)


@pytest.fixture
def cid(camp: CampaignStore, clerk: OperatorInfo) -> str:
    return camp.save_campaign(CampaignDraft("飞线治理", date(2026, 3, 1), date(2026, 12, 31)), by=clerk.id)


def _entry(content: str, deputies: tuple[str, ...] = ()) -> ProblemEntry:
    return ProblemEntry(
        datetime(2026, 5, 1),
        content,
        "五星小区",
        Channel.WALK_IN,
        "",
        "",
        "",
        deputies,
        Outcome.NEEDS_REFERRAL,
        "",
        "",
    )


def _reception(content: str) -> ReceptionDraft:
    return ReceptionDraft(
        received_at=datetime(2026, 5, 2, 9), channel="opinion_box", content=content, outcome="needs_referral"
    )


def test_a_problem_registered_for_a_campaign_is_a_case_tagged_with_it(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    case_id = camp.register_problem(cid, _reception("楼道飞线杂乱"), by=clerk.id)
    assert store.case_detail(case_id).status == "awaiting_referral"
    assert camp.campaign_of_case(case_id) is not None and [p.case_id for p in camp.problems(cid)] == [case_id]


def test_an_untagged_case_leaves_the_board(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    case_id = camp.register_problem(cid, _reception("楼道飞线杂乱"), by=clerk.id)
    camp.untag_case(case_id, by=clerk.id)
    assert camp.board(cid).problems == 0


def test_an_imported_list_with_an_unknown_deputy_imports_nothing(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    with pytest.raises(ProblemListRefused) as refused:
        camp.import_problems(cid, [(2, _entry("飞线一")), (3, _entry("飞线二", ("无名氏",)))], by=clerk.id)
    assert "第 3 行“发现代表”" in refused.value.message_zh
    assert camp.problems(cid) == []


def test_the_same_list_imported_again_adds_nothing(
    camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    rows = [(2, _entry("飞线一")), (3, _entry("飞线二"))]
    camp.import_problems(cid, rows, by=clerk.id)
    again = camp.import_problems(cid, rows, by=clerk.id)
    assert (again.added, again.already, len(camp.problems(cid))) == (0, 2, 2)


def test_counts_of_a_measure_add_up(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    m = camp.add_measure(cid, MeasureDraft("整治飞线", "处"), by=clerk.id)
    for amount in (1200, 1223):
        camp.record_count(m, day=date(2026, 6, 1), amount=amount, by=clerk.id)
    assert [(x.name, x.total) for x in camp.measures(cid)] == [("整治飞线", 2423)]


def test_a_place_named_twice_is_refused(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    camp.add_place(cid, PlaceDraft("五星小区", PlaceKind.ESTATE), by=clerk.id)
    with pytest.raises(CampaignRefused):
        camp.add_place(cid, PlaceDraft("五星小区", PlaceKind.ESTATE), by=clerk.id)


def test_a_duty_deputy_cannot_set_up_a_campaign(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo
) -> None:
    deputy = store.add_operator(by=clerk.id, name="何秀英", role="deputy", secret=DEPUTY_PIN)
    with pytest.raises(NotPermitted):
        camp.save_campaign(CampaignDraft("电梯", date(2026, 3, 1)), by=deputy.id)


def test_a_duty_deputy_drafts_a_suggestion_from_the_campaigns_problems(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    deputy = store.add_operator(by=clerk.id, name="何秀英", role="deputy", secret=DEPUTY_PIN)
    he = store.save_deputy(by=clerk.id, name="何秀英").id
    case_id = camp.register_problem(cid, _reception("楼道飞线杂乱"), by=clerk.id)
    draft = SuggestionDraft(he, "建立飞线治理长效机制", "建议建立长效机制。", (case_id,))
    camp.draft_suggestion(cid, draft, by=deputy.id)
    assert camp.board(cid).suggestions == 1


def test_campaign_rows_go_to_the_change_log_for_sync(
    store: DeskStore, camp: CampaignStore, clerk: OperatorInfo, cid: str
) -> None:
    camp.register_problem(cid, _reception("楼道飞线杂乱"), by=clerk.id)
    entities = {c.entity for c in store.change_log()}
    assert {"campaign", "campaign_case", "reception"} <= entities


def test_only_running_campaigns_are_offered(camp: CampaignStore, clerk: OperatorInfo, cid: str) -> None:
    camp.save_campaign(CampaignDraft("旧活动", date(2025, 1, 1), date(2025, 6, 30)), by=clerk.id)
    assert [c.topic for c in camp.active(date(2026, 11, 20))] == ["飞线治理"]


def test_a_campaign_is_set_up_with_its_places_and_measures_in_one_write(
    camp: CampaignStore, clerk: OperatorInfo
) -> None:
    new = camp.save_campaign(
        CampaignDraft("老旧小区加装电梯", date(2026, 3, 1), date(2026, 12, 31)),
        by=clerk.id,
        places=[PlaceDraft("五星小区", PlaceKind.ESTATE)],
        measures=[MeasureDraft("加装电梯", "台")],
    )
    assert [p.name for p in camp.places(new)] == ["五星小区"]
    assert [m.name for m in camp.measures(new)] == ["加装电梯"]


def test_a_refused_measure_leaves_no_campaign_behind(camp: CampaignStore, clerk: OperatorInfo) -> None:
    """Saving again after a refusal must not make the campaign twice."""
    with pytest.raises(CampaignRefused):
        camp.save_campaign(
            CampaignDraft("老旧小区加装电梯", date(2026, 3, 1), date(2026, 12, 31)),
            by=clerk.id,
            places=[PlaceDraft("五星小区", PlaceKind.ESTATE)],
            measures=[MeasureDraft("加装电梯", "台"), MeasureDraft("加装电梯", "台")],
        )
    assert [c.topic for c in camp.campaigns()] == []
