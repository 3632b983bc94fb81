"""What every synced entity's fields may hold: one schema for the desk's tables, the server's
check of every pushed change, and the desk's check of every pulled one.

A value that does not fit (a round number of 2**63, a time that is a float, a dict where text
belongs) is refused where it arrives, so it can never reach a database that cannot hold it, and
never stops another desk's sync. The desk's models are tested against this table
(tests/storage/test_entities_schema.py), so the two cannot drift apart.

Values travel as JSON: dates as `YYYY-MM-DD`, times as `YYYY-MM-DDTHH:MM:SS[.ffffff]` (no zone:
audit times are UTC, business times the desk's wall clock, as in docs/design.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from operator import attrgetter, itemgetter
from typing import Any

from desk_app.domain.campaigns import ActivityKind, PlaceKind
from desk_app.domain.casebook import DissatisfactionCause, EventKind, ExtensionState
from desk_app.domain.duty import AssignmentSource, VisitKind
from desk_app.domain.forwards import ForwardState
from desk_app.domain.lifecycle import CaseStatus, SupervisionLevel
from desk_app.domain.public import SubmissionState
from desk_app.domain.rota import Period
from desk_app.domain.studios import HolidayMove
from desk_app.domain.suggestions import SuggestionState
from desk_app.domain.transfers import CaseLevel
from desk_app.domain.validation import MAX_HEADCOUNT
from desk_app.domain.vocab import (
    CallbackMethod,
    Channel,
    ChaseMethod,
    OperatorRole,
    Outcome,
    StationKind,
    Verdict,
)
from desk_app.domain.workcalendar import DayKind, HolidayName

ID_CHARS = 36
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?$")


class Problem(StrEnum):
    """Why a value does not fit its field (stable codes)."""

    REQUIRED = "required"
    WRONG_TYPE = "wrong_type"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"
    NOT_A_CHOICE = "not_a_choice"
    BAD_DATE = "bad_date"
    UNKNOWN_FIELD = "unknown_field"
    UNKNOWN_ENTITY = "unknown_entity"


@dataclass(frozen=True, slots=True)
class Field:
    kind: str  # str | int | bool | date | datetime | ref | choice | any
    max_len: int = 0
    lo: int = 0
    hi: int = 0
    nullable: bool = False
    required: bool = False  # must be present (and not null) in an insert
    choices: frozenset[str] = frozenset()
    ref: str = ""  # the entity a ref names

    def problem(self, value: Any) -> Problem | None:
        """Why `value` (as it travels in JSON) does not fit, or None."""
        if value is None:
            return None if self.nullable else Problem.REQUIRED
        if self.kind == "any":
            return None
        if self.kind in ("str", "ref", "choice"):
            if type(value) is not str:
                return Problem.WRONG_TYPE
            if self.kind == "choice":
                return None if value in self.choices else Problem.NOT_A_CHOICE
            limit = ID_CHARS if self.kind == "ref" else self.max_len
            return Problem.TOO_LONG if len(value) > limit else None
        if self.kind == "int":
            if type(value) is not int:  # bool is an int subclass: refused here
                return Problem.WRONG_TYPE
            return None if self.lo <= value <= self.hi else Problem.OUT_OF_RANGE
        if self.kind == "bool":
            return None if type(value) is bool else Problem.WRONG_TYPE
        if self.kind in ("date", "datetime"):
            if type(value) is not str:
                return Problem.WRONG_TYPE
            pattern = _DATE if self.kind == "date" else _DATETIME
            if not pattern.match(value):
                return Problem.BAD_DATE
            try:
                parsed = date.fromisoformat(value) if self.kind == "date" else datetime.fromisoformat(value)
            except ValueError:
                return Problem.BAD_DATE
            return None if 1900 <= parsed.year <= 2200 else Problem.OUT_OF_RANGE
        raise AssertionError(f"unknown field kind {self.kind}")


def _s(n: int, *, required: bool = False, nullable: bool = False) -> Field:
    return Field("str", max_len=n, required=required, nullable=nullable)


TEXT = 20_000  # validation.MAX_CONTENT_CHARS
# A public photo's JPEG, base64 (the server keeps each under 300 KB: docs/public-channel.md).
PHOTO_B64_CHARS = 400_000
_TEXT = Field("str", max_len=TEXT)
_BOOL = Field("bool")
_DAY = Field("date", required=True)
_OPT_DAY = Field("date", nullable=True)
_TIME = Field("datetime", required=True)
_OPT_TIME = Field("datetime", nullable=True)
_ROUND = Field("int", lo=0, hi=1000, required=True)


def _int(lo: int, hi: int, *, required: bool = False, nullable: bool = False) -> Field:
    return Field("int", lo=lo, hi=hi, required=required, nullable=nullable)


def _ref(entity: str, *, nullable: bool = False) -> Field:
    return Field("ref", ref=entity, nullable=nullable, required=not nullable)


def _choice(enum: type[StrEnum], *, blank: bool = False, required: bool = True) -> Field:
    values = frozenset(e.value for e in enum) | ({""} if blank else set())
    return Field("choice", choices=values, required=required)


ENTITIES: dict[str, dict[str, Field]] = {
    "station": {
        "name": _s(100, required=True),
        "short_name": _s(40, required=True),
        "kind": _choice(StationKind),
        "district": _s(100),
        "serial_pattern": _s(100),
        "callback_working_days": _int(1, 30),
        "refer_working_days": _int(1, 30),
        # What the citizen's progress page shows (docs/public-channel.md).
        "progress_shows_unit": _BOOL,
        "progress_shows_deadline": _BOOL,
        "progress_shows_reply": _BOOL,
    },
    "operator": {
        "name": _s(50, required=True),
        "role": _choice(OperatorRole),
        # Never travels: redacted in the change log, not stored by the server.
        "secret_hash": Field("any", nullable=True),
        "active": _BOOL,
    },
    "deputy": {
        "name": _s(50, required=True),
        "level": _s(20),
        "phone": _s(30),
        "active": _BOOL,
        "constituency": _s(100),
        "work_unit": _s(100),
        "expertise": _s(100),
    },
    "category": {"name": _s(50, required=True), "sort_order": _int(-1_000_000, 1_000_000), "active": _BOOL},
    "handling_unit": {
        "name": _s(100, required=True),
        "contact_person": _s(50),
        "phone": _s(30),
        "address": _s(200),
        "active": _BOOL,
    },
    "reception": {
        "station_id": _ref("station"),
        "received_at": _TIME,
        "channel": _choice(Channel),
        "citizen_name": _s(50),
        "citizen_phone": _s(30),
        "citizen_address": _s(200),
        "category_id": _ref("category", nullable=True),
        "content": Field("str", max_len=TEXT, required=True),
        "outcome": _choice(Outcome),
        "on_site_answer": _TEXT,
        "status": _choice(CaseStatus),
        "round_no": _ROUND,
        "unit_id": _ref("handling_unit", nullable=True),
        "reply_due": _OPT_DAY,
        "serial": _s(80, nullable=True),
        "signed_off_at": _OPT_TIME,
        "signed_off_by": _ref("operator", nullable=True),
        "sign_off_note": _TEXT,
        "source_key": _s(64, nullable=True),
        "merged_into": _ref("reception", nullable=True),
        "headcount": _int(1, MAX_HEADCOUNT),
        "note": _TEXT,
        # Who handles the case now (issue 13, domain.transfers); absent from older desks' pushes.
        "level": _choice(CaseLevel, required=False),
    },
    "reception_deputy": {"reception_id": _ref("reception"), "deputy_id": _ref("deputy")},
    "referral": {
        "reception_id": _ref("reception"),
        "station_id": _ref("station"),
        "round_no": _int(1, 1000, required=True),
        "attempt": _int(1, 1000),
        "serial": _s(80, required=True),
        "serial_year": _int(2000, 2200, required=True),
        "serial_seq": _int(1, 999_999, required=True),
        "handling_unit_id": _ref("handling_unit"),
        "handler": _s(50),
        "supervisor": _s(50, required=True),
        "referred_on": _DAY,
        "working_days": _int(1, 250, required=True),
        "reply_due": _DAY,
        "due_estimated": _BOOL,
        "note": _TEXT,
        "replied_on": _OPT_DAY,
        "reply_text": _TEXT,
        "reply_recorded_by": _ref("operator", nullable=True),
        "returned_on": _OPT_DAY,
        "return_reason": _TEXT,
        "former_serial": _s(80),
    },
    "callback": {
        "reception_id": _ref("reception"),
        "referral_id": _ref("referral"),
        "round_no": _ROUND,
        "called_at": _TIME,
        "caller": _s(50, required=True),
        "method": _choice(CallbackMethod),
        "citizen_words": _TEXT,
        "verdict": _choice(Verdict),
        "cause": _choice(DissatisfactionCause, blank=True, required=False),
    },
    "duty_group": {"station_id": _ref("station"), "name": _s(50, required=True), "active": _BOOL},
    "duty_group_member": {"group_id": _ref("duty_group"), "deputy_id": _ref("deputy")},
    "duty_slot": {
        "station_id": _ref("station"),
        "weekday": _int(0, 6, required=True),
        "period": _choice(Period),
        "needed": _int(1, 50, required=True),
        "group_id": _ref("duty_group", nullable=True),
    },
    "deputy_unavailable": {"deputy_id": _ref("deputy"), "day": _DAY, "note": _s(200)},
    "rota_assignment": {
        "station_id": _ref("station"),
        "day": _DAY,
        "period": _choice(Period),
        "deputy_id": _ref("deputy"),
        "source": _choice(AssignmentSource),
    },
    "deputy_visit": {
        "station_id": _ref("station"),
        "deputy_id": _ref("deputy"),
        "day": _DAY,
        "kind": _choice(VisitKind),
        "check_in_at": _OPT_TIME,
        "check_out_at": _OPT_TIME,
        "note": _TEXT,
        "stands_in_for_id": _ref("deputy", nullable=True),
    },
    "callback_attempt": {
        "reception_id": _ref("reception"),
        "referral_id": _ref("referral"),
        "round_no": _ROUND,
        "attempted_at": _TIME,
        "caller": _s(50, required=True),
        "method": _choice(CallbackMethod),
        "note": _TEXT,
    },
    "chase": {
        "reception_id": _ref("reception"),
        "referral_id": _ref("referral"),
        "round_no": _ROUND,
        "chased_at": _TIME,
        "method": _choice(ChaseMethod),
        "unit_contact": _s(50),
        "note": _TEXT,
    },
    "extension": {
        "reception_id": _ref("reception"),
        "referral_id": _ref("referral"),
        "round_no": _ROUND,
        "requested_on": _DAY,
        "requested_by": _s(50),
        "reason": Field("str", max_len=TEXT, required=True),
        "extra_working_days": _int(1, 60, required=True),
        "state": _choice(ExtensionState),
        "old_due": _DAY,
        "new_due": _OPT_DAY,
        "due_estimated": _BOOL,
        "decided_on": _OPT_DAY,
        "decided_by": _ref("operator", nullable=True),
        "decision_note": _TEXT,
    },
    "case_event": {
        "reception_id": _ref("reception"),
        "round_no": _ROUND,
        "kind": _choice(EventKind),
        "at": _TIME,
        "reason": _TEXT,
        "fields": _s(400),
        "related_id": _ref("reception", nullable=True),
    },
    "calendar_day": {"day": _DAY, "kind": _choice(DayKind), "name": _choice(HolidayName)},
    # The public channel (issue 12, docs/public-channel.md). A QR code's link: made by a desk
    # (the station's, or a deputy's at that station), its token in the printed URL.
    "public_link": {
        "station_id": _ref("station"),
        "deputy_id": _ref("deputy", nullable=True),
        "token": _s(64, required=True),
        "active": _BOOL,
    },
    # What a citizen sent: made by the server only; a desk sets the decision fields.
    "public_submission": {
        "station_id": _ref("station"),
        "link_id": _ref("public_link", nullable=True),
        "deputy_id": _ref("deputy", nullable=True),
        "code": _s(10, required=True),
        "submitted_at": _TIME,
        "matter": Field("str", max_len=2_000, required=True),
        "category": _s(50),
        "category_id": _ref("category", nullable=True),
        "place": _s(200),
        "phone": _s(30),
        "name": _s(50),
        "photo_count": _int(0, 3),
        "state": _choice(SubmissionState),
        "reject_reason": _s(500),
        # The case it became (not `reception_id`: that names a row's owner and never changes).
        "case_id": _ref("reception", nullable=True),
        "decided_at": _OPT_TIME,
        "decided_by": _ref("operator", nullable=True),
        # The citizen's online evaluation (server only): beside the callback, never instead.
        "online_verdict": _choice(Verdict, blank=True, required=False),
        "online_words": _s(500),
        "rated_at": _OPT_TIME,
    },
    # A photo of a submission, re-encoded as JPEG by the server (EXIF and location dropped),
    # base64 in `jpeg`. Made by the server only, never changed.
    "public_photo": {
        "station_id": _ref("station"),
        "submission_id": _ref("public_submission"),
        "seq": _int(1, 3, required=True),
        "jpeg": Field("str", max_len=PHOTO_B64_CHARS, required=True),
        "width": _int(1, 10_000),
        "height": _int(1, 10_000),
    },
    # Campaigns of a mobile station (issue 14, domain/campaigns.py): every row names its station.
    "campaign": {
        "station_id": _ref("station"),
        "topic": _s(100, required=True),
        "starts_on": _DAY,
        "ends_on": _OPT_DAY,
        "note": _TEXT,
    },
    "campaign_deputy": {
        "station_id": _ref("station"),
        "campaign_id": _ref("campaign"),
        "deputy_id": _ref("deputy"),
    },
    "campaign_place": {
        "station_id": _ref("station"),
        "campaign_id": _ref("campaign"),
        "name": _s(100, required=True),
        "kind": _choice(PlaceKind),
    },
    "campaign_activity": {
        "station_id": _ref("station"),
        "campaign_id": _ref("campaign"),
        "kind": _choice(ActivityKind),
        "day": _DAY,
        "place_id": _ref("campaign_place", nullable=True),
        "place_text": _s(200),
        "subject": _s(200),
        "attendees": _TEXT,
        "headcount": _int(0, 1_000_000),
        "people_met": _int(0, 1_000_000),
        "note": _TEXT,
    },
    "campaign_activity_deputy": {
        "station_id": _ref("station"),
        "activity_id": _ref("campaign_activity"),
        "deputy_id": _ref("deputy"),
    },
    "campaign_measure": {
        "station_id": _ref("station"),
        "campaign_id": _ref("campaign"),
        "name": _s(50, required=True),
        "unit": _s(10),
        "sort_order": _int(-1_000_000, 1_000_000),
    },
    "campaign_count": {
        "station_id": _ref("station"),
        "measure_id": _ref("campaign_measure"),
        "day": _DAY,
        "amount": _int(0, 10_000_000, required=True),
        "note": _s(200),
    },
    "campaign_case": {
        "station_id": _ref("station"),
        "campaign_id": _ref("campaign"),
        "case_id": _ref("reception"),
    },
    "campaign_suggestion": {
        "station_id": _ref("station"),
        "campaign_id": _ref("campaign"),
        "day": _DAY,
        "title": _s(200, required=True),
        "content": _TEXT,
        "suggestion_id": _ref("suggestion", nullable=True),  # schema 0019: the deputy's suggestion
    },
    # Studios and theme reception days (issue 14, item 2; domain.studios). The office's.
    "studio_setting": {"station_id": _ref("station"), "holiday_move": _choice(HolidayMove)},
    "studio_exception": {
        "station_id": _ref("station"),
        "day": _DAY,
        "decided_by": _s(50, required=True),
        "reason": _s(200),
    },
    "theme_day": {
        "station_id": _ref("station"),
        "day": _DAY,
        "theme": _s(100, required=True),
        "place": _s(200),
        "invited_deputies": _s(1000),
        "invited_units": _s(1000),
        "notes": _TEXT,
        "cancelled": _BOOL,
    },
    "theme_day_reception": {"theme_day_id": _ref("theme_day"), "reception_id": _ref("reception")},
    # Face-to-face referral meetings (issue 13, docs/sync.md "Meetings, suggestions, the ladder").
    "meeting": {
        "station_id": _ref("station"),
        "title": _s(100),
        "held_on": _DAY,
        "place": _s(200),
        "presiding": _s(100),
        "units": _s(500),
        "note": _TEXT,
    },
    "meeting_item": {
        "station_id": _ref("station"),
        "meeting_id": _ref("meeting"),
        "reception_id": _ref("reception"),
        "referral_id": _ref("referral"),
    },
    # Deputies' suggestions between sessions, and the cases each was made from.
    "suggestion": {
        "station_id": _ref("station"),
        "deputy_id": _ref("deputy"),
        "title": _s(200, required=True),
        "body": _TEXT,
        "state": _choice(SuggestionState),
        "serial": _s(80),
        "serial_year": _int(1900, 2200, nullable=True),
        "serial_seq": _int(0, 1_000_000, nullable=True),
        "round_no": _int(0, 1000),
        "level": _choice(SupervisionLevel, blank=True, required=False),
        "unit_id": _ref("handling_unit", nullable=True),
        "handler": _s(50),
        "sent_on": _OPT_DAY,
        "working_days": _int(0, 1000),
        "reply_due": _OPT_DAY,
        "replied_on": _OPT_DAY,
        "reply_text": _TEXT,
        "verdict": _choice(Verdict, blank=True, required=False),
        "verdict_on": _OPT_DAY,
        "verdict_words": _TEXT,
    },
    "suggestion_case": {
        "station_id": _ref("station"),
        "suggestion_id": _ref("suggestion"),
        "reception_id": _ref("reception"),
    },
    # The supervision ladder (大督办): a level given to a case's round or a suggestion, with who decided.
    "supervision_step": {
        "station_id": _ref("station"),
        "reception_id": _ref("reception", nullable=True),
        "round_no": _int(0, 1000),
        "suggestion_id": _ref("suggestion", nullable=True),
        "level": _choice(SupervisionLevel),
        "prior_level": _choice(SupervisionLevel, blank=True, required=False),
        "decided_by": _s(100, required=True),
        "at": _TIME,
        "reason": _TEXT,
    },
    # 转12345 (issue 12, docs/open311.md): a case forwarded to a 12345 platform. A desk inserts
    # it pending; the server posts it, then writes the work order and the outcome into it.
    "case_forward": {
        "reception_id": _ref("reception"),
        "station_id": _ref("station"),
        "partner": _s(100, required=True),
        "requested_at": _TIME,
        "state": _choice(ForwardState),
        "work_order": _s(64),
        "status_notes": _s(500),
        "sent_at": _OPT_TIME,
        "closed_at": _OPT_TIME,
        "error": _s(500),
    },
    # Case classes (类案, issue 14; docs/sync.md "Case classes"): the class, its members (a removal
    # is an update: left_at, left_by) and the member slips of a class referred together.
    "case_class": {
        "station_id": _ref("station"),
        "subject": _s(100, required=True),
        "formed_at": _TIME,
        "settled_on": _OPT_DAY,
        "settle_note": _TEXT,
        "settled_by": _ref("operator", nullable=True),
    },
    "case_class_member": {
        "station_id": _ref("station"),
        "class_id": _ref("case_class"),
        "reception_id": _ref("reception"),
        "joined_at": _TIME,
        "left_at": _OPT_TIME,
        "left_by": _ref("operator", nullable=True),
    },
    "case_class_referral": {
        "station_id": _ref("station"),
        "class_id": _ref("case_class"),
        "reception_id": _ref("reception"),
        "referral_id": _ref("referral"),
        "lead_referral_id": _ref("referral"),
    },
}


@dataclass(frozen=True, slots=True)
class FieldProblem:
    field: str
    problem: Problem

    def __str__(self) -> str:
        return f"{self.field}: {self.problem.value}"


def field_problems(entity: str, fields: Mapping[str, Any], *, insert: bool) -> list[FieldProblem]:
    """Every field of a change (new values) that does not fit; for an insert, also the required
    fields that are missing."""
    plan = _plans.get((entity, tuple(fields), insert))
    if plan is None:
        plan = _plan(entity, tuple(fields), insert)
    if plan is _UNKNOWN_ENTITY:
        return [FieldProblem("", Problem.UNKNOWN_ENTITY)]
    checks, missing = plan
    problems = None
    for (name, check), value in zip(checks, fields.values(), strict=True):
        found = check(value)
        if found is not None:
            if problems is None:
                problems = []
            problems.append(FieldProblem(name, found))
    if missing:
        return [*(problems or ()), *missing]
    return problems or []


def required_missing(entity: str, fields: Mapping[str, Any]) -> list[FieldProblem]:
    """The problems of an insert's required fields that `fields` lacks: what field_problems(entity,
    fields, insert=True) adds to the problems of the values (for an entity it knows)."""
    plan = _plans.get((entity, tuple(fields), True))
    if plan is None:
        plan = _plan(entity, tuple(fields), True)
    return [] if plan is _UNKNOWN_ENTITY else list(plan[1])


def values_fit(entity: str, names: tuple[str, ...], rows: Sequence[Mapping[str, Any]]) -> bool:
    """True when every value of `rows` fits its field: field_problems(entity, row, insert=False)
    is [] for each row. Each row holds the fields `names` (one shape of change: a push checks
    1,000 changes of a few shapes). Checked a field at a time over all the rows, with C loops
    where the field's kind allows (types, lengths, ranges, choices as sets) and the field's own
    check (field_problems') value by value otherwise; False says only that some value does not
    fit: field_problems says which."""
    checks = _CHECKS.get(entity)
    if checks is None:
        return False
    for name in names:
        check = checks.get(name)
        if check is None:
            return False
        column = list(map(itemgetter(name), rows))
        fits = _COLUMN_FITS[entity][name](column)
        if fits is None:  # not decided by the column's types: value by value
            fits = set(map(check, column)) <= {None}
        if not fits:
            return False
    return True


_NONE = type(None)
_year = attrgetter("year")


def _column_check(f: Field) -> Callable[[list[Any]], bool | None]:
    """Whether every value of a column fits `f` (what `_compiled(f)` says of each), decided from
    the column's types and bounds; None when the types leave it to the value-by-value check."""
    plain = {str, _NONE} if f.nullable else {str}
    if f.kind in ("str", "ref"):
        limit = ID_CHARS if f.kind == "ref" else f.max_len

        def str_fits(column: list[Any]) -> bool | None:
            types = set(map(type, column))
            if types == {str}:
                return max(map(len, column), default=0) <= limit
            return None if types <= plain else False

        return str_fits
    if f.kind == "choice":
        allowed = f.choices | {None} if f.nullable else f.choices

        def choice_fits(column: list[Any]) -> bool | None:
            if not set(map(type, column)) <= plain:
                return False  # a list, a number: never a choice
            return set(column) <= allowed

        return choice_fits
    if f.kind == "int":
        lo, hi = f.lo, f.hi

        def int_fits(column: list[Any]) -> bool | None:
            types = set(map(type, column))
            if types == {int}:
                return lo <= min(column, default=lo) and max(column, default=hi) <= hi
            return None

        return int_fits
    if f.kind == "bool":
        allowed_types = {bool, _NONE} if f.nullable else {bool}

        def bool_fits(column: list[Any]) -> bool | None:
            return set(map(type, column)) <= allowed_types

        return bool_fits
    if f.kind in ("date", "datetime"):
        pattern = _DATE if f.kind == "date" else _DATETIME
        parse = date.fromisoformat if f.kind == "date" else datetime.fromisoformat

        def day_fits(column: list[Any]) -> bool | None:
            if set(map(type, column)) != {str}:
                return None
            if not all(map(pattern.match, column)):
                return False
            try:
                years = set(map(_year, map(parse, column)))
            except ValueError:
                return False
            return min(years) >= 1900 and max(years) <= 2200

        return day_fits
    return lambda column: None  # any


# What field_problems does for a set of field names, worked out once (a push checks 1,000 changes
# of the same few shapes): each field's check as a function of its kind (Field.problem's answers
# with its type dispatch done beforehand), and the problems of the required fields missing.
_UNKNOWN_ENTITY: Any = object()
_plans: dict[tuple[str, tuple[str, ...], bool], Any] = {}
_PLANS_MAX = 4096


def _plan(entity: str, names: tuple[str, ...], insert: bool) -> Any:
    spec = ENTITIES.get(entity)
    if spec is None:
        plan: Any = _UNKNOWN_ENTITY
    else:
        checks = tuple((name, _CHECKS[entity].get(name, _unknown_field)) for name in names)
        given = set(names)
        missing = tuple(
            FieldProblem(name, Problem.REQUIRED)
            for name, f in spec.items()
            if insert and f.required and name not in given
        )
        plan = (checks, missing)
    if len(_plans) >= _PLANS_MAX:
        _plans.clear()
    _plans[(entity, names, insert)] = plan
    return plan


def _unknown_field(value: Any) -> Problem:
    return Problem.UNKNOWN_FIELD


def _compiled(f: Field) -> Callable[[Any], Problem | None]:
    """Field.problem of `f`, as a function with the kind's branch chosen once."""
    if_none = None if f.nullable else Problem.REQUIRED
    if f.kind in ("str", "ref"):
        limit = ID_CHARS if f.kind == "ref" else f.max_len

        def check_str(value: Any) -> Problem | None:
            if type(value) is str:
                return Problem.TOO_LONG if len(value) > limit else None
            return if_none if value is None else Problem.WRONG_TYPE

        return check_str
    if f.kind == "choice":
        choices = f.choices

        def check_choice(value: Any) -> Problem | None:
            if type(value) is str:
                return None if value in choices else Problem.NOT_A_CHOICE
            return if_none if value is None else Problem.WRONG_TYPE

        return check_choice
    if f.kind == "int":
        lo, hi = f.lo, f.hi

        def check_int(value: Any) -> Problem | None:
            if type(value) is int:  # bool is an int subclass: refused here
                return None if lo <= value <= hi else Problem.OUT_OF_RANGE
            return if_none if value is None else Problem.WRONG_TYPE

        return check_int
    if f.kind == "bool":

        def check_bool(value: Any) -> Problem | None:
            if type(value) is bool:
                return None
            return if_none if value is None else Problem.WRONG_TYPE

        return check_bool
    if f.kind in ("date", "datetime"):
        pattern = _DATE if f.kind == "date" else _DATETIME
        parse = date.fromisoformat if f.kind == "date" else datetime.fromisoformat

        def check_day(value: Any) -> Problem | None:
            if type(value) is not str:
                return if_none if value is None else Problem.WRONG_TYPE
            if not pattern.match(value):
                return Problem.BAD_DATE
            try:
                parsed = parse(value)
            except ValueError:
                return Problem.BAD_DATE
            return None if 1900 <= parsed.year <= 2200 else Problem.OUT_OF_RANGE

        return check_day
    return f.problem  # any (and an unknown kind's AssertionError)


_CHECKS: dict[str, dict[str, Callable[[Any], Problem | None]]] = {
    entity: {name: _compiled(f) for name, f in spec.items()} for entity, spec in ENTITIES.items()
}
_COLUMN_FITS: dict[str, dict[str, Callable[[list[Any]], bool | None]]] = {
    entity: {name: _column_check(f) for name, f in spec.items()} for entity, spec in ENTITIES.items()
}


def references(entity: str) -> dict[str, str]:
    """field -> the entity it names."""
    return {name: f.ref for name, f in ENTITIES.get(entity, {}).items() if f.kind == "ref"}
