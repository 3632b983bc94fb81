"""The rules of case classes (类案, issue 14), pure: who may join, what a class slip refers, the
settlement's checks and the tally's counts."""

from __future__ import annotations

from datetime import date

from desk_app.domain.classes import (
    ClassFact,
    ClassRefusal,
    MemberCase,
    count_classes,
    default_subject,
    join_refusal,
    leave_refusal,
    link_refusal,
    to_refer,
    validate_settlement,
)
from desk_app.domain.validation import FieldProblem


def _case(
    rid: str, status: str = "awaiting_referral", class_id: str | None = None, station: str = "s1"
) -> MemberCase:
    return MemberCase(rid, station, status, class_id)


def test_a_case_cannot_be_linked_to_itself() -> None:
    assert link_refusal(_case("a"), _case("a")) is ClassRefusal.SAME_CASE


def test_a_merged_case_cannot_be_linked() -> None:
    assert link_refusal(_case("a"), _case("b", "merged")) is ClassRefusal.CASE_GONE


def test_cases_of_two_stations_are_not_linked() -> None:
    assert link_refusal(_case("a"), _case("b", station="s2")) is ClassRefusal.OTHER_STATION


def test_a_new_case_links_to_a_closed_similar_case() -> None:
    assert link_refusal(_case("a"), _case("b", "signed_off", class_id="k")) is None


def test_a_case_in_another_class_may_not_join() -> None:
    refusal = join_refusal(_case("a", class_id="other"), class_id="k", class_station_id="s1", settled=False)
    assert refusal is ClassRefusal.IN_ANOTHER_CLASS


def test_a_settled_class_loses_no_member() -> None:
    assert leave_refusal(_case("a", class_id="k"), class_id="k", settled=True) is ClassRefusal.SETTLED


def test_a_class_slip_refers_only_the_members_waiting_for_a_slip() -> None:
    members = [("a", "awaiting_referral"), ("b", "referred"), ("c", "dissatisfied"), ("d", "signed_off")]
    assert to_refer(members) == ["a", "c"]


def test_a_default_subject_is_the_start_of_the_account() -> None:
    assert (
        default_subject("幸福小区3号楼加装电梯，低层住户反对，协商了三次都没有结果")
        == "幸福小区3号楼加装电梯，低层住户反对，协…"
    )


def test_a_settlement_dated_before_the_class_was_formed_is_refused() -> None:
    errors = validate_settlement(
        "出台规则", date(2026, 11, 1), today=date(2026, 11, 20), formed_on=date(2026, 11, 5)
    )
    assert [(e.field, e.problem) for e in errors] == [("settled_on", FieldProblem.BEFORE_START)]


def test_the_tally_counts_only_members_signed_off_by_the_periods_end() -> None:
    facts = [
        ClassFact("k", date(2026, 10, 20), date(2026, 11, 10), "a", date(2026, 11, 12)),
        ClassFact("k", date(2026, 10, 20), date(2026, 11, 10), "b", date(2026, 12, 2)),
        ClassFact("k", date(2026, 10, 20), date(2026, 11, 10), "c", None),
        ClassFact("m", date(2026, 11, 3), None, "d", date(2026, 11, 4)),
    ]
    counts = count_classes(facts, date(2026, 11, 1), date(2026, 11, 30))
    assert (counts.formed, counts.settled, counts.cases_settled) == (1, 1, 1)
