"""The desk's ORM classes, typed (`Mapped[...]`), mapped onto the Core tables of storage/tables.py.

What each entity is, and how it is used, is said on its class here; what each column holds, on
the column in tables.py, which also holds the indexes and constraints ("declarative with
imperative table": each class's `__table__` is its table, its annotations type the columns for
the code that uses the class). The tables are apart so that a command that only reads, such as
`desk-app print tally` or `export summary`, can select from them without importing the ORM nor
declaring these classes (~120 ms of CPU of such a command; docs/benchmarks.md, issue 16).

A class's annotations are its table's columns, by name, and nothing else, `X | None` exactly for
the nullable ones: a column added to a table gets its annotation here (tests/storage/test_tables.py
checks names, types and nullability both ways).
"""

# No `from __future__ import annotations` here: with it every `Mapped[...]` annotation is a
# string that SQLAlchemy evaluates (eval) when it declares the class (~15-20 ms of every start of
# the window; docs/benchmarks.md, issue 16). The annotations here are plain builtins and imported
# names, so Python evaluates them itself at no cost. tests/storage/test_models_annotations.py keeps
# it so.

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Table
from sqlalchemy.orm import DeclarativeBase, Mapped

from desk_app.storage import tables
from desk_app.storage.tables import (
    OPEN_CONDITION,
    OPEN_INDEXED_STATUSES,
    STATUS_COUNTER_PREFIX,
    UUID_LEN,
    new_id,
    utcnow,
)

# Made in tables.py, imported from here by the rest of the desk too (the mapped classes are public
# as well; __all__ only marks these as re-exported).
__all__ = ["OPEN_CONDITION", "OPEN_INDEXED_STATUSES", "STATUS_COUNTER_PREFIX", "UUID_LEN", "new_id", "utcnow"]


class Base(DeclarativeBase):
    metadata = tables.metadata

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        # The entity's name, as a class declaring `__tablename__` had it: the change log and the
        # sync name a row's entity by it.
        assert isinstance(cls.__table__, Table)
        cls.__tablename__ = cls.__table__.name


class Tracked:
    """Columns every synced table has (tables._tracked). Audit columns are set by the change log hook."""

    id: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    created_by: Mapped[str | None]
    updated_by: Mapped[str | None]

    if TYPE_CHECKING:
        # Every Tracked class is also declarative (Base): its constructor takes the columns by
        # name, which the sync's generic code (MODELS[entity](id=..., **values)) relies on.
        def __init__(self, **kw: Any) -> None: ...


class Station(Tracked, Base):
    __table__ = tables.station

    name: Mapped[str]
    short_name: Mapped[str]
    kind: Mapped[str]
    district: Mapped[str]
    serial_pattern: Mapped[str]
    callback_working_days: Mapped[int]
    refer_working_days: Mapped[int]
    progress_shows_unit: Mapped[bool]
    progress_shows_deadline: Mapped[bool]
    progress_shows_reply: Mapped[bool]


class Operator(Tracked, Base):
    __table__ = tables.operator

    name: Mapped[str]
    role: Mapped[str]
    secret_hash: Mapped[str]
    active: Mapped[bool]


class Deputy(Tracked, Base):
    __table__ = tables.deputy

    name: Mapped[str]
    level: Mapped[str]
    phone: Mapped[str]
    active: Mapped[bool]
    constituency: Mapped[str]
    work_unit: Mapped[str]
    expertise: Mapped[str]


class Category(Tracked, Base):
    __table__ = tables.category

    name: Mapped[str]
    sort_order: Mapped[int]
    active: Mapped[bool]


class HandlingUnit(Tracked, Base):
    __table__ = tables.handling_unit

    name: Mapped[str]
    contact_person: Mapped[str]
    phone: Mapped[str]
    address: Mapped[str]
    active: Mapped[bool]


class Reception(Tracked, Base):
    """A reception record (接待登记) and the case that grows from it."""

    __table__ = tables.reception

    station_id: Mapped[str]
    received_at: Mapped[datetime]
    channel: Mapped[str]
    citizen_name: Mapped[str]
    citizen_phone: Mapped[str]
    citizen_address: Mapped[str]
    category_id: Mapped[str | None]
    content: Mapped[str]
    outcome: Mapped[str]
    on_site_answer: Mapped[str]
    status: Mapped[str]
    round_no: Mapped[int]
    unit_id: Mapped[str | None]
    reply_due: Mapped[date | None]
    serial: Mapped[str | None]
    signed_off_at: Mapped[datetime | None]
    signed_off_by: Mapped[str | None]
    sign_off_note: Mapped[str]
    waiting_due: Mapped[date | None]
    waiting_estimated: Mapped[bool]
    merged_into: Mapped[str | None]
    source_key: Mapped[str | None]
    headcount: Mapped[int]
    note: Mapped[str]
    level: Mapped[str]


class ReceptionDeputy(Tracked, Base):
    """A deputy who received the citizen (several per reception)."""

    __table__ = tables.reception_deputy

    reception_id: Mapped[str]
    deputy_id: Mapped[str]


class Referral(Tracked, Base):
    """A referral slip (交办单): one supervision round of a case."""

    __table__ = tables.referral

    reception_id: Mapped[str]
    station_id: Mapped[str]
    round_no: Mapped[int]
    attempt: Mapped[int]
    serial: Mapped[str]
    serial_year: Mapped[int]
    serial_seq: Mapped[int]
    handling_unit_id: Mapped[str]
    handler: Mapped[str]
    supervisor: Mapped[str]
    referred_on: Mapped[date]
    working_days: Mapped[int]
    reply_due: Mapped[date]
    due_estimated: Mapped[bool]
    note: Mapped[str]
    replied_on: Mapped[date | None]
    reply_text: Mapped[str]
    reply_recorded_by: Mapped[str | None]
    returned_on: Mapped[date | None]
    return_reason: Mapped[str]
    former_serial: Mapped[str]


class Callback(Tracked, Base):
    """A call back to the citizen (回访): the only place satisfaction is recorded."""

    __table__ = tables.callback

    reception_id: Mapped[str]
    referral_id: Mapped[str]
    round_no: Mapped[int]
    called_at: Mapped[datetime]
    caller: Mapped[str]
    method: Mapped[str]
    citizen_words: Mapped[str]
    verdict: Mapped[str]
    cause: Mapped[str]


class CallbackAttempt(Tracked, Base):
    """A callback that did not reach the citizen (未接通): recorded, changes nothing."""

    __table__ = tables.callback_attempt

    reception_id: Mapped[str]
    referral_id: Mapped[str]
    round_no: Mapped[int]
    attempted_at: Mapped[datetime]
    caller: Mapped[str]
    method: Mapped[str]
    note: Mapped[str]


class Chase(Tracked, Base):
    """A chase of the handling unit (催办): when, how, whom the office spoke to, what was said."""

    __table__ = tables.chase

    reception_id: Mapped[str]
    referral_id: Mapped[str]
    round_no: Mapped[int]
    chased_at: Mapped[datetime]
    method: Mapped[str]
    unit_contact: Mapped[str]
    note: Mapped[str]


class Extension(Tracked, Base):
    """A handling unit's request for more time (延期), and the office's decision."""

    __table__ = tables.extension

    reception_id: Mapped[str]
    referral_id: Mapped[str]
    round_no: Mapped[int]
    requested_on: Mapped[date]
    requested_by: Mapped[str]
    reason: Mapped[str]
    extra_working_days: Mapped[int]
    state: Mapped[str]
    old_due: Mapped[date]
    new_due: Mapped[date | None]
    due_estimated: Mapped[bool]
    decided_on: Mapped[date | None]
    decided_by: Mapped[str | None]
    decision_note: Mapped[str]


class CaseEvent(Tracked, Base):
    """A move of the office with its record and reason: sign-off, closing with an explanation,
    reopening, withdrawal, voiding, merging, a correction (casebook.EventKind)."""

    __table__ = tables.case_event

    reception_id: Mapped[str]
    round_no: Mapped[int]
    kind: Mapped[str]
    at: Mapped[datetime]
    reason: Mapped[str]
    fields: Mapped[str]
    related_id: Mapped[str | None]


class CalendarDay(Tracked, Base):
    """A day of a State Council holiday notice as the office entered it (workcalendar.OfficeDay).

    District-scoped: the district centre's calendar reaches every desk of the district by sync.
    """

    __table__ = tables.calendar_day

    day: Mapped[date]
    kind: Mapped[str]
    name: Mapped[str]


class DutyGroup(Tracked, Base):
    """A duty group (编组) of a station: deputies who serve together, levels mixed as it wishes."""

    __table__ = tables.duty_group

    station_id: Mapped[str]
    name: Mapped[str]
    active: Mapped[bool]


class DutyGroupMember(Tracked, Base):
    __table__ = tables.duty_group_member

    group_id: Mapped[str]
    deputy_id: Mapped[str]


class DutySlot(Tracked, Base):
    """One weekly slot of a station's duty pattern, e.g. Wednesday morning, 3 deputies."""

    __table__ = tables.duty_slot

    station_id: Mapped[str]
    weekday: Mapped[int]
    period: Mapped[str]
    needed: Mapped[int]
    group_id: Mapped[str | None]


class DeputyUnavailable(Tracked, Base):
    """A date a deputy cannot serve."""

    __table__ = tables.deputy_unavailable

    deputy_id: Mapped[str]
    day: Mapped[date]
    note: Mapped[str]


class RotaAssignment(Tracked, Base):
    """One deputy on the rota of one station, day and period."""

    __table__ = tables.rota_assignment

    station_id: Mapped[str]
    day: Mapped[date]
    period: Mapped[str]
    deputy_id: Mapped[str]
    source: Mapped[str]


class DeputyVisit(Tracked, Base):
    """One deputy-visit (人次): a stay at a station, on duty or not (视察, 座谈 …)."""

    __table__ = tables.deputy_visit

    station_id: Mapped[str]
    deputy_id: Mapped[str]
    day: Mapped[date]
    kind: Mapped[str]
    check_in_at: Mapped[datetime | None]
    check_out_at: Mapped[datetime | None]
    note: Mapped[str]
    stands_in_for_id: Mapped[str | None]


class PublicLink(Tracked, Base):
    """A QR code's link to the public channel (issue 12): the station's, or a deputy's at it.
    The token is the printed URL's secret; made on the desk, it works once synced."""

    __table__ = tables.public_link

    station_id: Mapped[str]
    deputy_id: Mapped[str | None]
    token: Mapped[str]
    active: Mapped[bool]


class PublicSubmission(Tracked, Base):
    """What a citizen sent through the public channel (made by the server, pulled by sync). The
    desk takes it into a case (`case_id`) or rejects it with a reason the citizen sees."""

    __table__ = tables.public_submission

    station_id: Mapped[str]
    link_id: Mapped[str | None]
    deputy_id: Mapped[str | None]
    code: Mapped[str]
    submitted_at: Mapped[datetime]
    matter: Mapped[str]
    category: Mapped[str]
    category_id: Mapped[str | None]
    place: Mapped[str]
    phone: Mapped[str]
    name: Mapped[str]
    photo_count: Mapped[int]
    state: Mapped[str]
    reject_reason: Mapped[str]
    case_id: Mapped[str | None]
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None]
    online_verdict: Mapped[str]
    online_words: Mapped[str]
    rated_at: Mapped[datetime | None]


class CaseForward(Tracked, Base):
    """转12345: a case forwarded to a 12345 platform (docs/open311.md). Recorded here as pending;
    the central server posts it and writes back the work order and the outcome (pulled by sync)."""

    __table__ = tables.case_forward

    reception_id: Mapped[str]
    station_id: Mapped[str]
    partner: Mapped[str]
    requested_at: Mapped[datetime]
    state: Mapped[str]
    work_order: Mapped[str]
    status_notes: Mapped[str]
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    error: Mapped[str]


class PublicPhoto(Tracked, Base):
    """A submission's photo: JPEG re-encoded by the server (no EXIF, no location), base64."""

    __table__ = tables.public_photo

    station_id: Mapped[str]
    submission_id: Mapped[str]
    seq: Mapped[int]
    jpeg: Mapped[str]
    width: Mapped[int]
    height: Mapped[int]


class Campaign(Tracked, Base):
    """A mobile station's campaign (流动工作站, issue 14): a topic over a period. domain/campaigns.py"""

    __table__ = tables.campaign

    station_id: Mapped[str]
    topic: Mapped[str]
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    note: Mapped[str]


class CampaignDeputy(Tracked, Base):
    """A deputy of a campaign."""

    __table__ = tables.campaign_deputy

    station_id: Mapped[str]
    campaign_id: Mapped[str]
    deputy_id: Mapped[str]


class CampaignPlace(Tracked, Base):
    """A place a campaign goes: a county, an estate, a checkpoint, an enterprise …"""

    __table__ = tables.campaign_place

    station_id: Mapped[str]
    campaign_id: Mapped[str]
    name: Mapped[str]
    kind: Mapped[str]


class CampaignActivity(Tracked, Base):
    """An inspection, forum, survey or visit of a campaign: a day, a place, who came, whom it met."""

    __table__ = tables.campaign_activity

    station_id: Mapped[str]
    campaign_id: Mapped[str]
    kind: Mapped[str]
    day: Mapped[date]
    place_id: Mapped[str | None]
    place_text: Mapped[str]
    subject: Mapped[str]
    attendees: Mapped[str]
    headcount: Mapped[int]
    people_met: Mapped[int]
    note: Mapped[str]


class CampaignActivityDeputy(Tracked, Base):
    """A deputy who took part in an activity."""

    __table__ = tables.campaign_activity_deputy

    station_id: Mapped[str]
    activity_id: Mapped[str]
    deputy_id: Mapped[str]


class CampaignMeasure(Tracked, Base):
    """A result measure a campaign defines (加装电梯 台, 整治飞线 处)."""

    __table__ = tables.campaign_measure

    station_id: Mapped[str]
    campaign_id: Mapped[str]
    name: Mapped[str]
    unit: Mapped[str]
    sort_order: Mapped[int]


class CampaignCount(Tracked, Base):
    """A count recorded for a measure on a day: the measure's figure is the sum of its counts."""

    __table__ = tables.campaign_count

    station_id: Mapped[str]
    measure_id: Mapped[str]
    day: Mapped[date]
    amount: Mapped[int]
    note: Mapped[str]


class CampaignCase(Tracked, Base):
    """A problem found by a campaign: a case (reception) tagged with it, at most one campaign each."""

    __table__ = tables.campaign_case

    station_id: Mapped[str]
    campaign_id: Mapped[str]
    case_id: Mapped[str]


class CampaignSuggestion(Tracked, Base):
    """A suggestion (建议) a campaign made: a deputy's suggestion (`suggestion_id`, issue 13)
    tagged with the campaign, drafted on `day`. A row without `suggestion_id` is a record made
    before the link (schema 0019): its own title and content, until the office drafts it as a
    deputy's suggestion."""

    __table__ = tables.campaign_suggestion

    station_id: Mapped[str]
    campaign_id: Mapped[str]
    day: Mapped[date]
    title: Mapped[str]
    content: Mapped[str]
    suggestion_id: Mapped[str | None]


class Meeting(Tracked, Base):
    """A face-to-face referral meeting (群众意见面对面沟通交办会, issue 13): its cases are referred
    at it in one write (meeting_item), each on its own ordinary slip."""

    __table__ = tables.meeting

    station_id: Mapped[str]
    title: Mapped[str]
    held_on: Mapped[date]
    place: Mapped[str]
    presiding: Mapped[str]
    units: Mapped[str]
    note: Mapped[str]


class MeetingItem(Tracked, Base):
    """A case referred at a meeting, and the slip that referred it (written once)."""

    __table__ = tables.meeting_item

    station_id: Mapped[str]
    meeting_id: Mapped[str]
    reception_id: Mapped[str]
    referral_id: Mapped[str]


class Suggestion(Tracked, Base):
    """A deputy's suggestion between sessions (闭会期间代表建议, issue 13), made from cases
    (suggestion_case), sent to a bureau with its own number and deadline."""

    __table__ = tables.suggestion

    station_id: Mapped[str]
    deputy_id: Mapped[str]
    title: Mapped[str]
    body: Mapped[str]
    state: Mapped[str]
    serial: Mapped[str]
    serial_year: Mapped[int | None]
    serial_seq: Mapped[int | None]
    round_no: Mapped[int]
    level: Mapped[str]
    unit_id: Mapped[str | None]
    handler: Mapped[str]
    sent_on: Mapped[date | None]
    working_days: Mapped[int]
    reply_due: Mapped[date | None]
    replied_on: Mapped[date | None]
    reply_text: Mapped[str]
    verdict: Mapped[str]
    verdict_on: Mapped[date | None]
    verdict_words: Mapped[str]


class SuggestionCase(Tracked, Base):
    """A case a suggestion was made from (written once)."""

    __table__ = tables.suggestion_case

    station_id: Mapped[str]
    suggestion_id: Mapped[str]
    reception_id: Mapped[str]


class SupervisionStep(Tracked, Base):
    """A level of the supervision ladder (大督办) given to a case's round or to a suggestion, and
    who decided it: the first level of a round or a suggestion, then each escalation (written once)."""

    __table__ = tables.supervision_step

    station_id: Mapped[str]
    reception_id: Mapped[str | None]
    round_no: Mapped[int]
    suggestion_id: Mapped[str | None]
    level: Mapped[str]
    prior_level: Mapped[str]
    decided_by: Mapped[str]
    at: Mapped[datetime]
    reason: Mapped[str]


class CaseClass(Tracked, Base):
    """A class of similar cases (类案, issue 14; domain/classes.py): its subject, who made it and
    when (created_by, formed_at), and, once settled, the rule or measure that solved it."""

    __table__ = tables.case_class

    station_id: Mapped[str]
    subject: Mapped[str]
    formed_at: Mapped[datetime]
    settled_on: Mapped[date | None]
    settle_note: Mapped[str]
    settled_by: Mapped[str | None]


class CaseClassMember(Tracked, Base):
    """A case of a class: who added it and when (created_by, joined_at); who removed it and when
    (left_at, left_by: the row stays, so the case's timeline keeps both)."""

    __table__ = tables.case_class_member

    station_id: Mapped[str]
    class_id: Mapped[str]
    reception_id: Mapped[str]
    joined_at: Mapped[datetime]
    left_at: Mapped[datetime | None]
    left_by: Mapped[str | None]


class CaseClassReferral(Tracked, Base):
    """A member's slip issued when its class was referred together (written once): the class
    slip is the member slips sharing `lead_referral_id`, printed as that one slip."""

    __table__ = tables.case_class_referral

    station_id: Mapped[str]
    class_id: Mapped[str]
    reception_id: Mapped[str]
    referral_id: Mapped[str]
    lead_referral_id: Mapped[str]


class ChangeLog(Base):
    """One field-level change: the audit trail now, the sync outbox later.

    `seq` orders changes on this desk; `id` is made here and travels with the change so that
    the server can apply a replayed batch once.
    """

    __table__ = tables.change_log

    seq: Mapped[int]
    id: Mapped[str]
    entity: Mapped[str]
    entity_id: Mapped[str]
    op: Mapped[str]
    changes: Mapped[dict[str, Any]]
    operator_id: Mapped[str | None]
    at: Mapped[datetime]
    pushed: Mapped[bool]
    folded: Mapped[bool]


class ChangeLogFold(Base):
    """When the compaction folded the log up to a seq (migration 0021): every pushed insert with
    `seq <= upto` was folded by `folded_at`. A folded insert of a row still here is deleted
    outright once it has been folded longer than the server's backups reach back
    (storage/compaction.py, `FOLDED_KEPT`); these marks say when that is. Pruned as they pass."""

    __table__ = tables.change_log_fold

    upto: Mapped[int]
    folded_at: Mapped[datetime]


class Counter(Base):
    """Running counts kept by triggers, so that a count the window shows after every save is a
    row read whatever the desk's size: `change_log_pending` is the number of change-log rows
    with `pushed = 0` (the sync status line's "changes waiting", migration 0008);
    `reception_status:<status>` the number of cases in that status (the case list's count with
    no filter or statuses alone, migration 0022)."""

    __table__ = tables.counter

    name: Mapped[str]
    value: Mapped[int]


class OperatorLock(Base):
    """Wrong PINs in a row per operator (desk-local, kept across restarts; domain.pins)."""

    __table__ = tables.operator_lock

    operator_id: Mapped[str]
    failures: Mapped[int]
    last_failure_at: Mapped[datetime | None]


class AuditEvent(Base):
    """The desk's own audit trail beside the change log: sign-ins, failed sign-ins, lockouts,
    PIN changes and resets, and prints or exports that show citizens' full phone numbers.

    Desk-local (not synced): it records what happened at this desk's keyboard.
    """

    __table__ = tables.audit_event

    id: Mapped[int]
    at: Mapped[datetime]
    kind: Mapped[str]
    operator_id: Mapped[str | None]
    subject: Mapped[str]
    detail: Mapped[str]


class Setting(Base):
    """Desk-local settings (not synced): key -> JSON value."""

    __table__ = tables.setting

    key: Mapped[str]
    value: Mapped[Any]


class SerialBlock(Base):
    """A block of slip serial numbers the server granted to this desk (sync; not synced itself).

    An enrolled desk numbers slips only from these, so a slip printed offline already carries its
    final number; `next_seq` is the next unused number, the block is used up past `last_seq`.
    """

    __table__ = tables.serial_block

    id: Mapped[int]
    year: Mapped[int]
    first_seq: Mapped[int]
    last_seq: Mapped[int]
    next_seq: Mapped[int]
    granted_at: Mapped[datetime]


class SyncConflict(Base):
    """What a sync told this desk about its changes: a change refused, or a value that lost.

    Nothing a clerk saved vanishes without a trace: the losing value stays here (`yours`).
    """

    __table__ = tables.sync_conflict

    id: Mapped[int]
    kind: Mapped[str]
    change_id: Mapped[str | None]
    entity: Mapped[str]
    entity_id: Mapped[str]
    field: Mapped[str]
    yours: Mapped[Any]
    kept: Mapped[Any]
    rule: Mapped[str]
    code: Mapped[str]
    message: Mapped[str]
    at: Mapped[datetime]
    seen: Mapped[bool]


class StudioSetting(Tracked, Base):
    """A studio's (工作室) holiday rule (domain.studios.HolidayMove): what happens to an opening
    whose fixed weekday is a public holiday. A studio without a row skips it."""

    __table__ = tables.studio_setting

    station_id: Mapped[str]
    holiday_move: Mapped[str]


class StudioException(Tracked, Base):
    """The office's decision that a studio opens on a swapped working day (调休上班日), and who
    decided it."""

    __table__ = tables.studio_exception

    station_id: Mapped[str]
    day: Mapped[date]
    decided_by: Mapped[str]
    reason: Mapped[str]


class ThemeDay(Tracked, Base):
    """A planned theme reception day (主题接待日, quarterly at Luolong): related deputies, citizens and
    government units meet on one theme. Invitees are free text (、-separated): deputies of other
    levels and departments outside the unit directory are usual guests."""

    __table__ = tables.theme_day

    station_id: Mapped[str]
    day: Mapped[date]
    theme: Mapped[str]
    place: Mapped[str]
    invited_deputies: Mapped[str]
    invited_units: Mapped[str]
    notes: Mapped[str]
    cancelled: Mapped[bool]


class ThemeDayReception(Tracked, Base):
    """A reception tagged to the theme day it was received on (one theme day per reception)."""

    __table__ = tables.theme_day_reception

    theme_day_id: Mapped[str]
    reception_id: Mapped[str]


# Tables whose rows are logged and synced, by entity name.
TRACKED_MODELS: tuple[type[Tracked], ...] = (
    Station,
    Operator,
    Deputy,
    Category,
    HandlingUnit,
    Reception,
    ReceptionDeputy,
    Referral,
    Callback,
    DutyGroup,
    DutyGroupMember,
    DutySlot,
    DeputyUnavailable,
    RotaAssignment,
    DeputyVisit,
    CallbackAttempt,
    Chase,
    Extension,
    CaseEvent,
    CalendarDay,
    PublicLink,
    PublicSubmission,
    PublicPhoto,
    Campaign,
    CampaignDeputy,
    CampaignPlace,
    CampaignActivity,
    CampaignActivityDeputy,
    CampaignMeasure,
    CampaignCount,
    CampaignCase,
    CampaignSuggestion,
    StudioSetting,
    StudioException,
    ThemeDay,
    ThemeDayReception,
    Meeting,
    MeetingItem,
    Suggestion,
    SuggestionCase,
    SupervisionStep,
    CaseForward,
    CaseClass,
    CaseClassMember,
    CaseClassReferral,
)
# The same, keyed by entity (table) name: the sync and the compaction look models up by it.
TRACKED_BY_TABLE: dict[str, type[Tracked]] = {m.__tablename__: m for m in TRACKED_MODELS}  # type: ignore[attr-defined]
