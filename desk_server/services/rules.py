"""The rule book on the server: what each entity is, who may change it, and what a case's records
must justify. The push applier (services/sync.py) asks here for every change.

The rules are the desk's own (desk_app.domain): the entity schema (`entities`), the lifecycle and
the evidence behind a status (`lifecycle`, `casebook`), and the permission table
(`permissions`). The server cannot know who sat at a desk: a desk's token speaks for the desk.
What it enforces is that every change names an operator of that desk's scope whose role allows
the move, that every status stands on the records that justify it, and that no row reaches
beyond the desk's scope (docs/sync.md, "The rule book").
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import Any

from desk_app.domain import entities, suggestions
from desk_app.domain.casebook import (
    STATUS_EVENTS,
    CallbackFact,
    CaseFacts,
    EventFact,
    EventKind,
    SlipFact,
)
from desk_app.domain.lifecycle import LADDER, CaseStatus, Move, escalation_refusal
from desk_app.domain.permissions import CENTRE_ROLES, STATION_ROLES, Action, permits

# Entities whose station is their own `station_id`.
STATION_FIELD = frozenset(
    {
        "reception",
        "referral",
        "duty_group",
        "duty_slot",
        "rota_assignment",
        "deputy_visit",
        "public_link",
        "public_submission",
        "public_photo",
        "campaign",
        "campaign_deputy",
        "campaign_place",
        "campaign_activity",
        "campaign_activity_deputy",
        "campaign_measure",
        "campaign_count",
        "campaign_case",
        "campaign_suggestion",
        "studio_setting",
        "studio_exception",
        "theme_day",
        "meeting",
        "meeting_item",
        "suggestion",
        "suggestion_case",
        "supervision_step",
        "case_forward",
        "case_class",
        "case_class_member",
        "case_class_referral",
    }
)
# Entities that belong to another row: (the parent's entity, the field naming it).
PARENT_FIELD: dict[str, tuple[str, str]] = {
    "reception_deputy": ("reception", "reception_id"),
    "callback": ("reception", "reception_id"),
    "duty_group_member": ("duty_group", "group_id"),
    "callback_attempt": ("reception", "reception_id"),
    "chase": ("reception", "reception_id"),
    "extension": ("reception", "reception_id"),
    "case_event": ("reception", "reception_id"),
    "theme_day_reception": ("reception", "reception_id"),
}
# The row a row belongs to, kept as record.parent_id (a case's slips, callbacks and events are
# loaded by it). A referral's scope is its own station_id, but it belongs to its case.
PARENT_ID: dict[str, str] = {
    **{e: key for e, (_p, key) in PARENT_FIELD.items()},
    "referral": "reception_id",
    "case_forward": "reception_id",
}
# District-scoped rows every desk of the district sees.
DIRECTORIES = frozenset({"deputy", "category", "handling_unit", "deputy_unavailable", "calendar_day"})
ENTITIES = frozenset(entities.ENTITIES)
# A row of these is matched by this field among the district's live rows: an insert under a
# value the district has is rekeyed to the kept row (unique on the desk).
REKEYED_BY = {"category": "name", "handling_unit": "name", "calendar_day": "day"}
# What a desk may delete: rows nothing refers to. Anything else is deactivated (directories,
# operators), voided or withdrawn (cases), never deleted: a delete would orphan other desks' rows.
DELETABLE = frozenset(
    {
        "duty_group_member",
        "duty_slot",
        "deputy_unavailable",
        "rota_assignment",
        "calendar_day",
        "studio_exception",
        "theme_day_reception",
    }
    # A campaign's links and counts (issue 14): removing a deputy, an untagged case, a wrong count;
    # a place or measure nothing used yet (the desk checks), an activity recorded by mistake (its
    # deputies' links are deleted before it). A later change naming one is refused `ref_deleted`.
    | {"campaign_deputy", "campaign_activity_deputy", "campaign_case", "campaign_count"}
    | {"campaign_place", "campaign_measure", "campaign_activity"}
)
# The records of a case the rule book reads.
CASE_CHILDREN = ("referral", "callback", "case_event")
# Records of a case's history: written once, never edited.
IMMUTABLE = frozenset({"case_event", "chase", "callback_attempt", "reception_deputy"})
# The case's copy of its current slip (docs/design.md): always the kept slip's values.
SLIP_COPY = {"serial": "serial", "unit_id": "handling_unit_id", "reply_due": "reply_due"}

_STATUS_EVENT_KINDS = frozenset(k.value for k in STATUS_EVENTS)

# The action each entity's changes need (reception, referral, callback: see action_for).
_ENTITY_ACTION: dict[str, Action] = {
    "reception_deputy": Action.REGISTER,
    "callback_attempt": Action.CALLBACK,
    "chase": Action.CHASE,
    "extension": Action.CASE_WORK,
    "case_event": Action.CASE_WORK,
    "category": Action.DIRECTORIES,
    "handling_unit": Action.DIRECTORIES,
    "deputy": Action.DIRECTORIES,
    "deputy_unavailable": Action.ROTA,
    "duty_group": Action.ROTA,
    "duty_group_member": Action.ROTA,
    "duty_slot": Action.ROTA,
    "rota_assignment": Action.ROTA,
    "deputy_visit": Action.CHECK_IN,
    "station": Action.STATION_SETTINGS,
    "operator": Action.OPERATORS,
    "calendar_day": Action.CALENDAR,
    # Printing the station's and deputies' QR codes: the office's (the codes are its to give out).
    "public_link": Action.DIRECTORIES,
    # Campaigns (issue 14): the office sets a campaign up; whoever registers records its work.
    "campaign": Action.DIRECTORIES,
    "campaign_deputy": Action.DIRECTORIES,
    "campaign_place": Action.DIRECTORIES,
    "campaign_measure": Action.DIRECTORIES,
    "campaign_activity": Action.REGISTER,
    "campaign_activity_deputy": Action.REGISTER,
    "campaign_count": Action.REGISTER,
    "campaign_case": Action.REGISTER,
    "campaign_suggestion": Action.REGISTER,
    # Studios' rules and exceptions, theme reception days: the office plans them with the rota;
    # tagging a reception to a theme day is the office's case work.
    "studio_setting": Action.ROTA,
    "studio_exception": Action.ROTA,
    "theme_day": Action.ROTA,
    "theme_day_reception": Action.CASE_WORK,
    # Referral meetings, suggestions and the ladder (issue 13): the office's, except drafting a
    # suggestion from cases (a deputy's: `suggestion` insert and its cases) and the deputy's
    # verdict on the answer (recorded like a callback): see action_for.
    "meeting": Action.CASE_WORK,
    "meeting_item": Action.CASE_WORK,
    "suggestion_case": Action.REGISTER,
    "supervision_step": Action.CASE_WORK,
    # 转12345: the office's (domain.permissions); the server then writes the outcome into the row.
    "case_forward": Action.FORWARD_12345,
    # Case classes (类案, issue 14): a class slip's member slips are the office's; forming a class
    # and linking a case is registering (see action_for: a removal or settlement is the office's).
    "case_class_referral": Action.CASE_WORK,
}

# The public channel (issue 12): rows the server makes (a desk never inserts them), and what a
# desk may change of a submission: its decision (taken into a case, or rejected with a reason).
SERVER_MADE = frozenset({"public_submission", "public_photo"})
SUBMISSION_DECISION = frozenset(
    {"state", "reject_reason", "case_id", "decided_at", "decided_by", "category_id"}
)


def action_for(entity: str, op: str, fields: Mapping[str, Any], move: Move | None) -> Action:
    """The permission a change needs (domain.permissions)."""
    if entity == "reception":
        if op == "insert":
            return Action.REGISTER
        if move is not None and set(fields) == {"status"}:
            from desk_app.domain.permissions import MOVE_ACTION

            return MOVE_ACTION[move]
        return Action.CASE_WORK
    if entity == "referral":
        return Action.CASE_WORK
    if entity == "callback":
        return Action.CALLBACK if op == "insert" else Action.CASE_WORK
    if entity == "suggestion":
        if op == "insert":
            return Action.REGISTER
        if fields.get("state") in VERDICT_STATES:
            return Action.CALLBACK
        return Action.CASE_WORK
    if entity in ("case_class", "case_class_member"):
        # Forming a class and linking a case to it is part of registering (a duty deputy links a
        # new case to a similar one); renaming, removing a case and settling are the office's.
        return Action.REGISTER if op == "insert" else Action.CASE_WORK
    if entity == "public_submission":
        # Taking a submission into a case is registering it; rejecting it is the office's.
        return Action.REGISTER if fields.get("state") == "accepted" else Action.CASE_WORK
    return _ENTITY_ACTION[entity]


def roles_for_desk(station_id: str | None) -> frozenset[str]:
    """Roles a station's desk (or a district centre's, station None) may give its operators."""
    return frozenset(r.value for r in (STATION_ROLES if station_id is not None else CENTRE_ROLES))


def may(role: str | None, action: Action) -> bool:
    """permits(), remembered for the roles stored as text: a push asks once a change, for a
    handful of roles and actions."""
    if role is None or type(role) is str:
        return _may(role, action)
    return permits(role, action)


@functools.lru_cache(maxsize=512)
def _may(role: str | None, action: Action) -> bool:
    return permits(role, action)


# -- facts from the server's records -------------------------------------------------------------


def _day(value: Any) -> date | None:
    return date.fromisoformat(value[:10]) if isinstance(value, str) and value else None


def _time(value: Any) -> datetime:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else datetime.min


def case_facts(
    reception: Mapping[str, Any], children: Mapping[str, Iterable[tuple[str, Mapping[str, Any]]]]
) -> CaseFacts:
    """A case as the server's records show it: the reception's values and its live children
    (`children[entity]` = (id, values) pairs)."""
    slips = []
    for rid, d in children.get("referral", ()):
        referred_on, reply_due = _day(d.get("referred_on")), _day(d.get("reply_due"))
        if referred_on is None or reply_due is None:
            continue
        slips.append(
            SlipFact(
                rid,
                int(d.get("round_no") or 0),
                int(d.get("attempt") or 1),
                referred_on,
                reply_due,
                _day(d.get("replied_on")),
                _day(d.get("returned_on")),
            )
        )
    callbacks = [
        CallbackFact(
            cid,
            int(d.get("round_no") or 0),
            _time(d.get("called_at")),
            str(d.get("verdict") or ""),
            str(d.get("cause") or ""),
        )
        for cid, d in children.get("callback", ())
    ]
    events = [
        EventFact(
            eid,
            str(d.get("kind") or ""),
            int(d.get("round_no") or 0),
            _time(d.get("at")),
            str(d.get("reason") or ""),
        )
        for eid, d in children.get("case_event", ())
        if d.get("kind") in _STATUS_EVENT_KINDS
    ]
    try:
        status = CaseStatus(str(reception.get("status")))
    except ValueError:
        status = CaseStatus.AWAITING_REFERRAL
    return CaseFacts(
        status=status,
        round_no=int(reception.get("round_no") or 0),
        slips=tuple(slips),
        callbacks=tuple(callbacks),
        events=tuple(events),
        signed_off=bool(reception.get("signed_off_at")) and bool(reception.get("signed_off_by")),
        received_on=_day(reception.get("received_at")),
    )


# The move a child record stands for (checked against the case's state when it is inserted).
CHILD_MOVE: dict[str, Move] = {
    "referral": Move.REFER,
    "callback": Move.CALLBACK,
    "callback_attempt": Move.CALLBACK_NOT_REACHED,
    "chase": Move.CHASE,
    "extension": Move.REQUEST_EXTENSION,
}


def event_move(kind: str) -> Move:
    from desk_app.domain.casebook import EVENT_MOVE

    try:
        return EVENT_MOVE[EventKind(kind)]
    except (ValueError, KeyError):
        return Move.CORRECT_REGISTRATION  # a correction: legal in every state but voided/merged


# -- Referral meetings, suggestions, the supervision ladder (issue 13) ---------------------------

NETWORK = frozenset({"meeting", "meeting_item", "suggestion", "suggestion_case", "supervision_step"})
# Written once: a case referred at a meeting, a suggestion's cases, a level given on the ladder.
NETWORK_IMMUTABLE = frozenset({"meeting_item", "suggestion_case", "supervision_step"})
VERDICT_STATES = frozenset(
    {suggestions.SuggestionState.SATISFIED.value, suggestions.SuggestionState.DISSATISFIED.value}
)
_LEVELS = frozenset(level.value for level in LADDER)


def network_refusal(
    entity: str, op: str, current: Mapping[str, Any] | None, fields: Mapping[str, Any]
) -> tuple[str, str] | None:
    """(code, message) when a pushed change of a meeting, a suggestion or a ladder step breaks the
    rule book (docs/sync.md, "Meetings, suggestions, the ladder"), else None. `current`: the
    server's values of the row (None for an insert)."""
    if entity in NETWORK_IMMUTABLE and op != "insert":
        return "immutable", f"{entity} records are written once"
    if entity == "supervision_step":
        level, prior = fields.get("level"), fields.get("prior_level") or None
        if level not in _LEVELS:
            return "invalid_value", "level: not a supervision level"
        if not fields.get("reception_id") and not fields.get("suggestion_id"):
            return "invalid_value", "a supervision step names a case's round or a suggestion"
        if prior is not None and escalation_refusal(prior, level) is not None:
            return "illegal_transition", "not_higher: a supervision level only goes up"
        if not str(fields.get("decided_by") or "").strip():
            return "invalid_value", "decided_by: who decided the level"
        return None
    if entity == "suggestion":
        new = fields.get("state")
        if op == "insert":
            if new != suggestions.SuggestionState.DRAFTED.value:
                return "illegal_transition", "a suggestion starts as a draft"
            return None
        old = (current or {}).get("state")
        if new is not None and new != old:
            if old is None or suggestions.move_between(old, new) is None:
                return "illegal_transition", f"a suggestion cannot go from {old} to {new}"
            merged = {**(current or {}), **fields}
            if new == suggestions.SuggestionState.SENT.value and not (
                merged.get("unit_id") and merged.get("serial") and merged.get("reply_due")
            ):
                return "invalid_value", "a sent suggestion names its bureau, number and deadline"
            if new in VERDICT_STATES and not merged.get("verdict"):
                return "invalid_value", "verdict: the deputy's verdict on the answer"
    return None


# -- Case classes (类案, issue 14; domain/classes.py) ----------------------------------------------

CLASSES = frozenset({"case_class", "case_class_member", "case_class_referral"})
_MEMBER_FIXED = frozenset({"station_id", "class_id", "reception_id", "joined_at"})


def class_refusal(
    entity: str, op: str, current: Mapping[str, Any] | None, fields: Mapping[str, Any]
) -> tuple[str, str] | None:
    """(code, message) when a pushed change of a case class breaks its rules (docs/sync.md, "Case
    classes"), else None. `current`: the server's values of the row (None for an insert)."""
    if entity == "case_class_referral":
        return ("immutable", "case_class_referral records are written once") if op != "insert" else None
    if op == "delete":
        return "immutable", f"{entity} records are not deleted: a member leaves with left_at"
    now = {**(current or {}), **fields}
    if entity == "case_class_member":
        if current is not None and any(k in fields and fields[k] != current.get(k) for k in _MEMBER_FIXED):
            return "immutable", "a membership names its class and case once"
        if (
            current is not None
            and current.get("left_at")
            and fields.get("left_at", current["left_at"]) != current["left_at"]
        ):
            return "illegal_transition", "a case that left a class does not come back by the same row"
        if now.get("left_at") and not now.get("left_by"):
            return "invalid_value", "left_by: who took the case out of the class"
        return None
    # case_class
    if (
        current is not None
        and current.get("settled_on")
        and "settled_on" in fields
        and fields["settled_on"] != current.get("settled_on")
    ):
        return "illegal_transition", "a settled class stays settled as recorded"
    if now.get("settled_on") and not (str(now.get("settle_note") or "").strip() and now.get("settled_by")):
        return "invalid_value", "a settled class names the rule or measure and who recorded it"
    if "subject" in fields and not str(fields["subject"] or "").strip():
        return "invalid_value", "subject: a class has a name"
    return None
