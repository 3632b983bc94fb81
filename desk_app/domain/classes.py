"""Case classes (类案, issue 14: 办理一件、解决一片).

A class is a named group of cases of one station: the clerk links a new case to a similar one
(forming a class, or joining the similar case's class), adds and removes cases from the case
view, refers the class together and records the rule or measure that settled it.

The rules, decided here once (the desk's store and the central server both follow them):

- **Members.** A case belongs to at most one class at a time; a voided or merged case joins none.
  Every member is a case of the class's station (a district centre's desk links the cases of one
  station: a class's rows travel in that station's scope, docs/sync.md "Case classes"). A member
  leaves by being removed (the row keeps who removed it and when: the timeline shows both).
  A settled class takes no new member and loses none: what settled it stands as recorded.
- **Referring together.** One write: every member waiting for a slip (a new, returned,
  dissatisfied or reopened case: `lifecycle.LEGAL_IN[Move.REFER]`) gets its slip to the one unit,
  through the ordinary referral (the station's numbering, the same working-day deadline, the rule
  book judging each case), all or nothing. Members not waiting for a slip (already referred,
  replied, closed) stay as they are and are not on that slip. The slips are printed as ONE slip:
  the first member's slip, its number the class slip's number, with the attachment (附件) listing
  every member case referred with it and its own number. Each member keeps its own slip record
  and number because each case lives its own round: the unit may return one, extend one, and the
  citizen of each is called back on their own.
- **The reply to the class slip** is recorded once and applied, in one write, to every member
  still waiting for that reply (the same text and date on each member's slip); members the unit
  answered separately keep their own reply.
- **Callbacks are never shared.** Each member needs its own callback with its own citizen's
  verdict before it can be signed off (销号): nothing here signs a case off; the rule book
  (`casebook`) guards 销号 as for any case. A dissatisfied member goes round again alone.
- **Settling the class** records the rule or measure that solved it (a note, the date, who): it
  shows in every member's timeline, and changes no member's status.

Pure rules: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desk_app.domain.lifecycle import LEGAL_IN, CaseStatus, Move
from desk_app.domain.validation import FieldError, FieldProblem

MAX_SUBJECT_CHARS = 100
MAX_NOTE_CHARS = 2000
DEFAULT_SUBJECT_CHARS = 20

# A voided or merged registration is no case any more: it joins no class.
GONE = frozenset({CaseStatus.VOIDED, CaseStatus.MERGED})


class ClassRefusal(StrEnum):
    SAME_CASE = "same_case"
    CASE_GONE = "case_gone"
    IN_ANOTHER_CLASS = "in_another_class"
    ALREADY_MEMBER = "already_member"
    NOT_MEMBER = "not_member"
    OTHER_STATION = "other_station"
    SETTLED = "settled"
    NOTHING_TO_REFER = "nothing_to_refer"
    NO_CLASS_SLIP = "no_class_slip"
    NOTHING_TO_REPLY = "nothing_to_reply"


CLASS_REFUSAL_ZH: dict[ClassRefusal, str] = {
    ClassRefusal.SAME_CASE: "不能把案件与它自己归为类案",
    ClassRefusal.CASE_GONE: "该登记已作废或已合并，不能归入类案",
    ClassRefusal.IN_ANOTHER_CLASS: "该案件已在另一个类案中，请先把它从原类案移出",
    ClassRefusal.ALREADY_MEMBER: "该案件已在这个类案中",
    ClassRefusal.NOT_MEMBER: "该案件不在这个类案中",
    ClassRefusal.OTHER_STATION: "类案只能归集同一站点的案件",
    ClassRefusal.SETTLED: "该类案已办结，不能再加入或移出案件",
    ClassRefusal.NOTHING_TO_REFER: "类案中没有等待交办的案件",
    ClassRefusal.NO_CLASS_SLIP: "该类案还没有一并交办的交办单",
    ClassRefusal.NOTHING_TO_REPLY: "类案交办单上的案件均已答复或已不在办理中",
}


class ClassRefused(Exception):
    """A class move the rules refuse; `message_zh` says why in the words of CLASS_REFUSAL_ZH."""

    def __init__(self, refusal: ClassRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal

    @property
    def message_zh(self) -> str:
        return CLASS_REFUSAL_ZH[self.refusal]


@dataclass(frozen=True, slots=True)
class MemberCase:
    """What the rules need of a case to join or leave a class."""

    reception_id: str
    station_id: str
    status: str
    class_id: str | None  # the class it belongs to now, if any


def join_refusal(
    case: MemberCase, *, class_id: str, class_station_id: str, settled: bool
) -> ClassRefusal | None:
    """Why `case` may not join the class, or None."""
    if CaseStatus(case.status) in GONE:
        return ClassRefusal.CASE_GONE
    if case.class_id == class_id:
        return ClassRefusal.ALREADY_MEMBER
    if settled:
        return ClassRefusal.SETTLED
    if case.class_id is not None:
        return ClassRefusal.IN_ANOTHER_CLASS
    if case.station_id != class_station_id:
        return ClassRefusal.OTHER_STATION
    return None


def link_refusal(new: MemberCase, existing: MemberCase) -> ClassRefusal | None:
    """Why the case `new` may not be linked to the similar case `existing` (forming a class, or
    joining the class `existing` is in), or None."""
    if new.reception_id == existing.reception_id:
        return ClassRefusal.SAME_CASE
    if CaseStatus(existing.status) in GONE or CaseStatus(new.status) in GONE:
        return ClassRefusal.CASE_GONE
    if new.station_id != existing.station_id:
        return ClassRefusal.OTHER_STATION
    if new.class_id is not None and new.class_id == existing.class_id:
        return ClassRefusal.ALREADY_MEMBER
    if new.class_id is not None:
        return ClassRefusal.IN_ANOTHER_CLASS
    return None


def leave_refusal(case: MemberCase, *, class_id: str, settled: bool) -> ClassRefusal | None:
    if case.class_id != class_id:
        return ClassRefusal.NOT_MEMBER
    if settled:
        return ClassRefusal.SETTLED
    return None


def waits_for_slip(status: str) -> bool:
    """Whether a member is referred when its class is referred together."""
    return CaseStatus(status) in LEGAL_IN[Move.REFER]


def to_refer(members: Iterable[tuple[str, str]]) -> list[str]:
    """The ids of the members (id, status) the class's slip refers, in the given order."""
    return [rid for rid, status in members if waits_for_slip(status)]


def default_subject(content: str) -> str:
    """A new class's subject when the clerk gives none: the start of the similar case's account."""
    text = " ".join(content.split())
    return text[:DEFAULT_SUBJECT_CHARS] + ("…" if len(text) > DEFAULT_SUBJECT_CHARS else "")


def validate_subject(subject: str) -> list[FieldError]:
    if not subject.strip():
        return [FieldError("subject", FieldProblem.REQUIRED)]
    if len(subject.strip()) > MAX_SUBJECT_CHARS:
        return [FieldError("subject", FieldProblem.TOO_LONG)]
    return []


def validate_settlement(note: str, settled_on: date, *, today: date, formed_on: date) -> list[FieldError]:
    """The rule or measure that solved the class: written, dated between the class's forming and today."""
    errors: list[FieldError] = []
    if not note.strip():
        errors.append(FieldError("settle_note", FieldProblem.REQUIRED))
    elif len(note.strip()) > MAX_NOTE_CHARS:
        errors.append(FieldError("settle_note", FieldProblem.TOO_LONG))
    if settled_on > today:
        errors.append(FieldError("settled_on", FieldProblem.IN_FUTURE))
    elif settled_on < formed_on:
        errors.append(FieldError("settled_on", FieldProblem.BEFORE_START))
    return errors


FIELD_ZH = {"subject": "类案名称", "settle_note": "解决办法", "settled_on": "办结日期"}
PROBLEM_ZH = {
    FieldProblem.REQUIRED: "未填写",
    FieldProblem.TOO_LONG: "过长",
    FieldProblem.IN_FUTURE: "晚于今天",
    FieldProblem.BEFORE_START: "早于类案建立的日期",
    FieldProblem.UNKNOWN_CHOICE: "不在目录中",
    FieldProblem.OUT_OF_RANGE: "超出范围",
    FieldProblem.BAD_PHONE: "格式不对",
}


def field_errors_zh(errors: Iterable[FieldError]) -> str:
    return "；".join(f"{FIELD_ZH.get(e.field, e.field)}{PROBLEM_ZH[e.problem]}" for e in errors)


# -- the tally (issue 14: "the tally counts classes and the cases they settled") -----------------


@dataclass(frozen=True, slots=True)
class ClassFact:
    """A class for the tally: when it was formed and settled, and one member (None for a class
    with no member left) with the day that member was signed off, if it was."""

    class_id: str
    formed_on: date
    settled_on: date | None
    reception_id: str | None
    signed_off_on: date | None


@dataclass(frozen=True, slots=True)
class ClassCounts:
    formed: int = 0
    settled: int = 0
    cases_settled: int = 0


def count_classes(
    facts: Iterable[ClassFact], start: date, end: date, gone: frozenset[str] = frozenset()
) -> ClassCounts:
    """Classes formed in [start, end] (by the day formed), classes settled in it (by the day
    settled), and the member cases of the classes settled in it that were signed off by `end`
    (each signed off through its own satisfied callback)."""
    formed: set[str] = set()
    settled: set[str] = set()
    cases: set[str] = set()
    for f in facts:
        if start <= f.formed_on <= end:
            formed.add(f.class_id)
        if f.settled_on is not None and start <= f.settled_on <= end:
            settled.add(f.class_id)
            if (
                f.reception_id is not None
                and f.reception_id not in gone
                and f.signed_off_on is not None
                and f.signed_off_on <= end
            ):
                cases.add(f.reception_id)
    return ClassCounts(len(formed), len(settled), len(cases))
