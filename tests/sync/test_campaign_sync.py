"""Campaigns through sync (issue 14): a campaign set up offline, its activities, counts, suggestions
and tagged problems reach the server and a second desk of the same station. Real desks (SQLite
files) and a real server."""

from __future__ import annotations

from datetime import date

from sync_helpers import pending

from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityKind,
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
)
from desk_app.domain.suggestions import SuggestionDraft
from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.campaign_store import CampaignStore


def _campaign(desk) -> str:  # type: ignore[no-untyped-def]
    camp = CampaignStore(desk.store)
    by = desk.clerk.id
    cid = camp.save_campaign(CampaignDraft("飞线治理", date(2026, 3, 1), date(2026, 12, 31)), by=by)
    place = camp.add_place(cid, PlaceDraft("五星小区", PlaceKind.ESTATE), by=by)
    camp.record_activity(
        cid,
        ActivityDraft(ActivityKind.FORUM, date(2026, 4, 1), place_id=place, headcount=9, people_met=9),
        by=by,
    )
    measure = camp.add_measure(cid, MeasureDraft("整治飞线", "处"), by=by)
    camp.record_count(measure, day=date(2026, 5, 1), amount=120, by=by)
    received = desk.store.clock().replace(microsecond=0)
    draft = ReceptionDraft(
        received_at=received, channel="announcement", content="楼道飞线杂乱", outcome="needs_referral"
    )
    case_id = camp.register_problem(cid, draft, by=by)
    deputy = desk.store.save_deputy(by=by, name="张伟").id
    camp.draft_suggestion(
        cid, SuggestionDraft(deputy, "建立长效机制", "建议建立长效机制。", (case_id,)), by=by
    )
    return cid


def test_a_campaign_made_offline_is_accepted_by_the_server(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert a.sync().ok
    _campaign(a)
    result = a.sync()
    assert result.ok, result
    assert pending(a.store) == 0


def test_a_second_desk_of_the_station_shows_the_same_board(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b = make_desk("a"), make_desk("b")
    for desk in (a, b):
        desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
        assert desk.sync().ok
    cid = _campaign(a)
    assert a.sync().ok and b.sync().ok
    board = CampaignStore(b.store).board(cid)
    assert (board.places, board.forums, board.problems, board.suggestions, board.measures[0].total) == (
        1,
        1,
        1,
        1,
        120,
    )


def test_a_place_and_a_measure_removed_on_one_desk_are_gone_on_the_other(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a, b = make_desk("a"), make_desk("b")
    for desk in (a, b):
        desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
        assert desk.sync().ok
    camp = CampaignStore(a.store)
    draft = CampaignDraft("加装电梯", date(2026, 3, 1), date(2026, 12, 31))
    cid = camp.save_campaign(
        draft,
        by=a.clerk.id,
        places=[PlaceDraft("五星小区", PlaceKind.ESTATE), PlaceDraft("羊山新区", PlaceKind.COUNTY)],
        measures=[MeasureDraft("加装电梯", "台")],
    )
    assert a.sync().ok and b.sync().ok
    places = {p.name: p.id for p in camp.places(cid)}
    camp.save_campaign(
        draft,
        by=a.clerk.id,
        campaign_id=cid,
        removed_places=[places["羊山新区"]],
        changed_places={places["五星小区"]: PlaceDraft("五星街道", PlaceKind.TOWNSHIP)},
        removed_measures=[camp.measures(cid)[0].id],
    )
    result = a.sync()
    assert result.ok, result
    assert b.sync().ok
    other = CampaignStore(b.store)
    assert ([(p.name, p.kind) for p in other.places(cid)], other.measures(cid)) == (
        [("五星街道", "township")],
        [],
    )


def test_an_activity_corrected_and_one_deleted_on_one_desk_reach_the_other(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a, b = make_desk("a"), make_desk("b")
    for desk in (a, b):
        desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
        assert desk.sync().ok
    camp, by = CampaignStore(a.store), a.clerk.id
    zhang = a.store.save_deputy(by=by, name="张伟").id
    cid = camp.save_campaign(CampaignDraft("加装电梯", date(2026, 3, 1), date(2026, 12, 31)), by=by)
    forum = ActivityDraft(ActivityKind.FORUM, date(2026, 4, 1), headcount=9, deputy_ids=(zhang,))
    wrong = camp.record_activity(cid, forum, by=by)
    kept = camp.record_activity(cid, forum, by=by)
    assert a.sync().ok and b.sync().ok
    camp.delete_activity(wrong, by=by)
    camp.change_activity(kept, ActivityDraft(ActivityKind.SURVEY, date(2026, 4, 2), people_met=5), by=by)
    result = a.sync()
    assert result.ok, result
    assert b.sync().ok
    board = CampaignStore(b.store).board(cid)
    assert (board.forums, board.activities_by_kind["survey"], board.people_met) == (0, 1, 5)
