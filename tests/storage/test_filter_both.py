"""Two case-list filters at once (storage.queries.both): the filter bar over a worklist's list.
Every narrowing of either must hold; a value only one names is kept, two that do not meet match
nothing."""

from __future__ import annotations

from datetime import date

from desk_app.storage.queries import NO_MATCH, CaseFilter, both

TODAY = date(2026, 12, 4)


def test_a_narrowing_only_the_second_names_is_kept() -> None:
    worklist = CaseFilter(levels=("station",), overdue_kinds=("replied",), min_round=2, today=TODAY)
    f = both(CaseFilter(text="路灯", today=TODAY), worklist)
    assert (f.levels, f.overdue_kinds, f.min_round, f.text) == (("station",), ("replied",), 2, "路灯")


def test_choices_both_name_are_intersected() -> None:
    f = both(
        CaseFilter(statuses=("referred", "replied"), today=TODAY),
        CaseFilter(statuses=("replied", "dissatisfied"), today=TODAY),
    )
    assert f.statuses == ("replied",)


def test_choices_that_do_not_meet_match_nothing() -> None:
    f = both(CaseFilter(unit_ids=("u1",), today=TODAY), CaseFilter(unit_ids=("u2",), today=TODAY))
    assert f.unit_ids == (NO_MATCH,)


def test_date_ranges_are_narrowed_to_their_overlap() -> None:
    f = both(
        CaseFilter(received_from=date(2026, 1, 1), received_to=date(2026, 6, 30), today=TODAY),
        CaseFilter(received_from=date(2026, 3, 1), received_to=date(2026, 12, 31), today=TODAY),
    )
    assert (f.received_from, f.received_to) == (date(2026, 3, 1), date(2026, 6, 30))


def test_the_higher_round_and_the_earlier_due_day_hold() -> None:
    f = both(
        CaseFilter(min_round=3, due_by=date(2026, 12, 8), today=TODAY),
        CaseFilter(min_round=2, due_by=date(2026, 12, 7), today=TODAY),
    )
    assert (f.min_round, f.due_by) == (3, date(2026, 12, 7))


def test_in_a_class_and_in_none_match_nothing() -> None:
    f = both(CaseFilter(in_class=True, today=TODAY), CaseFilter(in_class=False, today=TODAY))
    assert f.statuses == (NO_MATCH,)


def test_flags_of_either_hold() -> None:
    f = both(CaseFilter(overdue_only=True, today=TODAY), CaseFilter(pending_extension=True, today=TODAY))
    assert f.overdue_only and f.pending_extension
