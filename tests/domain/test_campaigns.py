"""The campaign rules (domain/campaigns.py): the board's figures and a problem list's rows."""

from __future__ import annotations

from datetime import date, datetime

from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityFact,
    ActivityKind,
    CampaignDraft,
    CampaignProblem,
    PlaceDraft,
    PlaceKind,
    board,
    parse_problem_row,
    validate_activity,
    validate_campaign,
    validate_place,
)
from desk_app.domain.vocab import Channel, Outcome

NOW = datetime(2026, 11, 20, 10, 0)


def _board(problems: list[tuple[str, int]]):  # type: ignore[no-untyped-def]
    return board(place_kinds=[], activities=[], problems=problems, suggestions=0)


def test_voided_and_merged_registrations_are_not_problems_found() -> None:
    b = _board([("awaiting_referral", 0), ("voided", 0), ("merged", 0)])
    assert b.problems == 1


def test_a_problem_counts_as_referred_once_it_had_a_slip() -> None:
    b = _board([("awaiting_referral", 0), ("referred", 1), ("dissatisfied", 1), ("signed_off", 2)])
    assert b.referred == 3


def test_settled_problems_are_signed_off_solved_on_the_spot_or_closed_explained() -> None:
    b = _board(
        [
            ("signed_off", 1),
            ("resolved_on_site", 0),
            ("closed_explained", 2),
            ("satisfied", 1),
            ("withdrawn", 0),
        ]
    )
    assert b.settled == 3


def test_forums_and_their_attendance_are_counted_apart_from_other_activities() -> None:
    b = board(
        place_kinds=["county", "county", "estate"],
        activities=[
            ActivityFact("forum", 12, 12),
            ActivityFact("forum", 8, 8),
            ActivityFact("survey", 0, 60),
        ],
        problems=[],
        suggestions=0,
    )
    assert (b.places, b.places_by_kind, b.forums, b.forum_attendance, b.people_met) == (
        3,
        {"county": 2, "estate": 1},
        2,
        20,
        80,
    )


def test_a_campaign_cannot_end_before_it_starts() -> None:
    errors = validate_campaign(CampaignDraft("飞线治理", date(2026, 5, 1), date(2026, 4, 30)))
    assert [e.problem for e in errors] == [CampaignProblem.ENDS_BEFORE_START]


def test_an_activity_outside_the_period_is_refused() -> None:
    errors = validate_activity(ActivityDraft(ActivityKind.VISIT, date(2026, 2, 28)), date(2026, 3, 1), None)
    assert [e.field for e in errors] == ["day"]


def test_a_place_named_twice_is_refused() -> None:
    errors = validate_place(PlaceDraft("罗山县", PlaceKind.COUNTY), ["罗山县"])
    assert [e.problem for e in errors] == [CampaignProblem.DUPLICATE]


def test_a_problem_row_takes_chinese_dates_and_defaults_to_a_referral() -> None:
    entry, problems = parse_problem_row(
        {"found_at": "2026年4月27日", "content": "电梯停运", "place": "五星小区"}, now=NOW
    )
    assert problems == [] and entry is not None
    assert (entry.found_at, entry.outcome, entry.channel) == (
        datetime(2026, 4, 27),
        Outcome.NEEDS_REFERRAL,
        Channel.WALK_IN,
    )


def test_a_problem_row_from_the_announcement_takes_its_channel() -> None:
    entry, _ = parse_problem_row({"found_at": "2026-04-27", "content": "飞线", "channel": "公告"}, now=NOW)
    assert entry is not None and entry.channel is Channel.ANNOUNCEMENT


def test_a_problem_row_names_every_bad_cell() -> None:
    entry, problems = parse_problem_row(
        {"found_at": "三月五号", "content": "", "citizen_phone": "123", "outcome": "现场解决"}, now=NOW
    )
    assert entry is None
    assert {p.column for p in problems} == {"found_at", "content", "citizen_phone", "on_site_answer"}


def test_a_problem_found_in_the_future_is_refused() -> None:
    _entry, problems = parse_problem_row({"found_at": "2027-01-01", "content": "飞线"}, now=NOW)
    assert [p.column for p in problems] == ["found_at"]
