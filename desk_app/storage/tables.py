"""The desk's tables as SQLAlchemy Core `Table`s; the ORM classes of storage/models.py are
mapped onto them.

Every row is made for sync from the start: a UUID primary key made on the desk, created/updated
times (UTC) and the operator who last changed it. Business times that a clerk types (when a
citizen came, when a unit replied) are local wall-clock times, stored naive, as the clerk saw
them. Every change is also appended to `change_log` in the same transaction (see changelog.py).

The `reception` row carries a copy of its current round (unit, deadline, serial): the case list
filters and sorts tens of thousands of rows on those, and a join per row would be too slow. The
store keeps the copy in step; `referral` holds the full history.

Why Core tables of their own (issue 16, docs/benchmarks.md "Document commands of the command
line"): a document command (`desk-app print tally`, `export summary`) reads with Core statements
over these tables and never imports `sqlalchemy.orm` nor declares the 53 mapped classes, ~120 ms of
CPU of a ~0.55 s command. The window and every write use the classes of models.py as before
("declarative with imperative table": `__table__ = tables.station`, the `Mapped[...]` annotations
kept for typing). What the entities mean is documented on those classes; what each column holds,
here.
"""

import os
import time
import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)

from desk_app.storage.coltypes import Id, Instant

UUID_LEN = 36


def new_id() -> str:
    """A time-ordered UUID (version 7, RFC 9562): 48 bits of Unix milliseconds, then randomness.

    Ids made on different desks never collide (74 random bits per millisecond), and because they
    grow with time, new rows land at the end of every id index instead of on a random page:
    a sync batch dirties a handful of pages, not one per row (the central server's push rate
    halved as its indexes of random UUID4s grew; see docs/benchmarks.md).
    Python 3.14 has uuid.uuid7(); this is the same layout.
    """
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (
        (ms & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 68 & 0xFFF) << 64
        | 0b10 << 62
        | (rand & (1 << 62) - 1)
    )
    return str(uuid.UUID(int=value))


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


metadata = MetaData()


def _tracked() -> list[Column[Any]]:
    """Columns every synced table has (models.Tracked), last in the table. Audit columns are set
    by the change log hook. Made afresh for each table: a Column belongs to one table."""
    return [
        Column("id", Id(UUID_LEN), primary_key=True, default=new_id),
        Column("created_at", Instant(), nullable=False, default=utcnow),
        Column("updated_at", Instant(), nullable=False, default=utcnow),
        Column("created_by", Id(UUID_LEN)),
        Column("updated_by", Id(UUID_LEN)),
    ]


# The statuses ix_reception_open holds, as migration 0022 wrote them: the open ones (a status
# added later is not in the index; a query with it does not state the condition and stays right).
OPEN_INDEXED_STATUSES = (
    "awaiting_referral",
    "dissatisfied",
    "referred",
    "reopened",
    "replied",
    "returned",
    "satisfied",
)
OPEN_CONDITION = "status IN (" + ", ".join(f"'{s}'" for s in OPEN_INDEXED_STATUSES) + ")"

# A counter per status: STATUS_COUNTER_PREFIX + status (migration 0022).
STATUS_COUNTER_PREFIX = "reception_status:"


station = Table(
    "station",
    metadata,
    Column("name", String(100), nullable=False),
    # Prefix of slip serials, e.g. 浉河监督岗 in 浉河监督岗〔2026〕第015号.
    Column("short_name", String(40), nullable=False),
    Column("kind", String(40), nullable=False),
    Column("district", String(100), nullable=False, default=""),
    Column("serial_pattern", String(100), nullable=False),
    # Deadlines of the states that wait on the office (casebook.WaitingRules), in working days.
    Column("callback_working_days", Integer(), nullable=False, default=1),
    Column("refer_working_days", Integer(), nullable=False, default=3),
    # What the citizen's progress page shows (public channel, issue 12): the handling unit's name,
    # the reply deadline, the unit's reply text. The defaults are the page as it was first built.
    Column("progress_shows_unit", Boolean(), nullable=False, default=True, server_default=text("1")),
    Column("progress_shows_deadline", Boolean(), nullable=False, default=True, server_default=text("1")),
    Column("progress_shows_reply", Boolean(), nullable=False, default=False, server_default=text("0")),
    *_tracked(),
)


operator = Table(
    "operator",
    metadata,
    Column("name", String(50), nullable=False),
    Column("role", String(20), nullable=False),  # an OperatorRole value
    # Argon2id hash of the PIN or password; never the secret itself.
    Column("secret_hash", String(200), nullable=False),
    Column("active", Boolean(), nullable=False, default=True),
    *_tracked(),
)


deputy = Table(
    "deputy",
    metadata,
    Column("name", String(50), nullable=False),
    Column("level", String(20), nullable=False, default=""),  # a DeputyLevel value
    Column("phone", String(30), nullable=False, default=""),
    Column("active", Boolean(), nullable=False, default=True),
    Column("constituency", String(100), nullable=False, default=""),
    Column("work_unit", String(100), nullable=False, default=""),
    Column("expertise", String(100), nullable=False, default=""),
    *_tracked(),
)


category = Table(
    "category",
    metadata,
    Column("name", String(50), nullable=False, unique=True),
    Column("sort_order", Integer(), nullable=False, default=0),
    Column("active", Boolean(), nullable=False, default=True),
    *_tracked(),
)


handling_unit = Table(
    "handling_unit",
    metadata,
    Column("name", String(100), nullable=False, unique=True),
    Column("contact_person", String(50), nullable=False, default=""),
    Column("phone", String(30), nullable=False, default=""),
    Column("address", String(200), nullable=False, default=""),
    Column("active", Boolean(), nullable=False, default=True),
    *_tracked(),
)


reception = Table(
    "reception",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("received_at", Instant(), nullable=False),
    Column("channel", String(30), nullable=False),
    Column("citizen_name", String(50), nullable=False, default=""),
    Column("citizen_phone", String(30), nullable=False, default=""),
    Column("citizen_address", String(200), nullable=False, default=""),
    Column("category_id", Id(UUID_LEN), ForeignKey("category.id")),
    Column("content", Text(), nullable=False),
    Column("outcome", String(30), nullable=False),
    Column("on_site_answer", Text(), nullable=False, default=""),
    Column("status", String(30), nullable=False),
    Column("round_no", Integer(), nullable=False, default=0),
    # Copy of the current round's slip (see module docstring).
    Column("unit_id", Id(UUID_LEN), ForeignKey("handling_unit.id")),
    Column("reply_due", Date()),
    Column("serial", String(80)),
    Column("signed_off_at", Instant()),
    Column("signed_off_by", Id(UUID_LEN), ForeignKey("operator.id")),
    Column("sign_off_note", Text(), nullable=False, default=""),
    # The deadline of the state the case waits in (a reply, a callback, the next slip: see
    # domain.casebook.waiting_due); null when it waits on nobody. Overdue = waiting_due < today.
    Column("waiting_due", Date()),
    Column("waiting_estimated", Boolean(), nullable=False, default=False),
    # A duplicate registration merged into another case (status merged).
    Column("merged_into", Id(UUID_LEN), ForeignKey("reception.id")),
    # Where an imported record came from (a hash of its ledger row): importing the same ledger
    # twice finds the key and adds nothing. Null for receptions registered at the desk.
    Column("source_key", String(64)),
    # How many people came (接待人数): a group counts its members among the citizens received.
    Column("headcount", Integer(), nullable=False, default=1, server_default=text("1")),
    # The clerk's remark on the case (备注), e.g. from a ledger row.
    Column("note", Text(), nullable=False, default="", server_default=text("''")),
    # Who handles the case now: its station, or the district centre after a transfer up or a
    # take-over (issue 13, domain.transfers.CaseLevel).
    Column("level", String(10), nullable=False, default="station", server_default=text("'station'")),
    *_tracked(),
    Index("uq_reception_source_key", "source_key", unique=True),
    # A centre desk's case list and tallies narrowed to one station (issue 13).
    Index("ix_reception_station_received", "station_id", "received_at"),
    Index("ix_reception_received_at", "received_at"),
    # (ix_reception_status_due, status and reply_due, dropped by 0021: no query filters or
    # orders cases by reply_due since overdue moved to waiting_due in 0009, and a status
    # alone is served by ix_reception_status_received_channel.)
    # A page of open cases of one status, newest first (queries._open_status_page), and a
    # status with a date and channel counted from the index alone (migration 0022).
    Index("ix_reception_status_received_channel", "status", "received_at", "channel"),
    Index("ix_reception_unit", "unit_id", "received_at"),
    Index("ix_reception_category", "category_id", "received_at"),
    Index("ix_reception_channel", "channel", "received_at"),
    # Only cases that wait on someone (a few percent of a desk), with what an overdue list
    # is narrowed by, so that its counts read no reception row (rows with a long text are
    # slow to read at 1M cases). `waiting_due < ?` implies the WHERE: SQLite uses it.
    Index(
        "ix_reception_waiting_due",
        "waiting_due",
        "status",
        "unit_id",
        "category_id",
        sqlite_where=text("waiting_due IS NOT NULL"),
    ),
    # Second-round cases (round_no >= 2) are counted from this index alone, with the
    # category or unit the list may add (a scan of every reception at 1M cases: ~1 s).
    Index("ix_reception_round", "round_no", "category_id", "unit_id"),
    Index("ix_reception_signed_off_at", "signed_off_at"),
    # Only open cases (a few percent of a desk), with what the list narrows them by: a count
    # of open statuses with a unit or category reads no reception row (migration 0022).
    # SQLite takes it only when the query states OPEN_CONDITION word for word (queries.py).
    Index(
        "ix_reception_open",
        "status",
        "unit_id",
        "category_id",
        "received_at",
        sqlite_where=text(OPEN_CONDITION),
    ),
)


reception_deputy = Table(
    "reception_deputy",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    *_tracked(),
    UniqueConstraint("reception_id", "deputy_id"),
)


referral = Table(
    "referral",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("round_no", Integer(), nullable=False),
    # 1 for the round's first slip; a slip the unit returned (退回) is followed by attempt + 1 in
    # the same round (a re-referral does not count as a new round).
    Column("attempt", Integer(), nullable=False, default=1),
    Column("serial", String(80), nullable=False),
    Column("serial_year", Integer(), nullable=False),
    Column("serial_seq", Integer(), nullable=False),
    Column("handling_unit_id", Id(UUID_LEN), ForeignKey("handling_unit.id"), nullable=False),
    Column("handler", String(50), nullable=False, default=""),
    Column("supervisor", String(50), nullable=False),
    Column("referred_on", Date(), nullable=False),
    Column("working_days", Integer(), nullable=False),
    Column("reply_due", Date(), nullable=False),
    # The deadline counted days in a year the holiday calendar does not know yet.
    Column("due_estimated", Boolean(), nullable=False, default=False),
    Column("note", Text(), nullable=False, default=""),
    Column("replied_on", Date()),
    Column("reply_text", Text(), nullable=False, default=""),
    Column("reply_recorded_by", Id(UUID_LEN), ForeignKey("operator.id")),
    Column("returned_on", Date()),
    Column("return_reason", Text(), nullable=False, default=""),
    # The number this slip carried before sync found it taken by another desk's slip of the
    # station (docs/sync.md, "Slip numbers that clash"): the number printed on the paper.
    Column("former_serial", String(80), nullable=False, default=""),
    *_tracked(),
    UniqueConstraint("station_id", "serial_year", "serial_seq", name="uq_referral_serial"),
    UniqueConstraint("reception_id", "round_no", "attempt", name="uq_referral_round"),
    Index("ix_referral_serial", "serial"),
    # The tally reads slips by their dates (migration 0018).
    Index("ix_referral_referred_on", "referred_on"),
    Index("ix_referral_replied_on", "replied_on"),
    Index("ix_referral_returned_on", "returned_on"),
)


callback = Table(
    "callback",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    Column("round_no", Integer(), nullable=False),
    Column("called_at", Instant(), nullable=False),
    Column("caller", String(50), nullable=False),
    Column("method", String(20), nullable=False),
    Column("citizen_words", Text(), nullable=False, default=""),
    Column("verdict", String(30), nullable=False),
    # Why a dissatisfied citizen is dissatisfied (casebook.DissatisfactionCause); "" otherwise.
    Column("cause", String(20), nullable=False, default=""),
    *_tracked(),
    Index("ix_callback_reception", "reception_id"),
    Index("ix_callback_called_at", "called_at"),
)


callback_attempt = Table(
    "callback_attempt",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    Column("round_no", Integer(), nullable=False),
    Column("attempted_at", Instant(), nullable=False),
    Column("caller", String(50), nullable=False),
    Column("method", String(20), nullable=False),
    Column("note", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_callback_attempt_reception", "reception_id"),
    Index("ix_callback_attempt_at", "attempted_at"),
)


chase = Table(
    "chase",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    Column("round_no", Integer(), nullable=False),
    Column("chased_at", Instant(), nullable=False),
    Column("method", String(20), nullable=False),  # a vocab.ChaseMethod value
    Column("unit_contact", String(50), nullable=False, default=""),
    Column("note", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_chase_reception", "reception_id"),
    Index("ix_chase_chased_at", "chased_at"),
)


extension = Table(
    "extension",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    Column("round_no", Integer(), nullable=False),
    Column("requested_on", Date(), nullable=False),
    Column("requested_by", String(50), nullable=False, default=""),  # who asked, at the unit
    Column("reason", Text(), nullable=False),
    Column("extra_working_days", Integer(), nullable=False),
    Column("state", String(20), nullable=False),  # a casebook.ExtensionState value
    Column("old_due", Date(), nullable=False),
    Column("new_due", Date()),
    Column("due_estimated", Boolean(), nullable=False, default=False),
    Column("decided_on", Date()),
    Column("decided_by", Id(UUID_LEN), ForeignKey("operator.id")),
    Column("decision_note", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_extension_reception", "reception_id"),
)


case_event = Table(
    "case_event",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("round_no", Integer(), nullable=False),
    Column("kind", String(20), nullable=False),
    Column("at", Instant(), nullable=False),
    Column("reason", Text(), nullable=False, default=""),
    # A correction: which record and fields it changed, e.g. "reception:citizen_name,citizen_phone".
    Column("fields", String(400), nullable=False, default=""),
    # A merge: the case this one was merged into.
    Column("related_id", Id(UUID_LEN), ForeignKey("reception.id")),
    *_tracked(),
    Index("ix_case_event_reception", "reception_id"),
    Index("ix_case_event_at", "at"),
)


calendar_day = Table(
    "calendar_day",
    metadata,
    Column("day", Date(), nullable=False, unique=True),
    Column("kind", String(10), nullable=False),  # a workcalendar.DayKind value
    Column("name", String(30), nullable=False, default="other"),  # a workcalendar.HolidayName value
    *_tracked(),
)


duty_group = Table(
    "duty_group",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("name", String(50), nullable=False),
    Column("active", Boolean(), nullable=False, default=True),
    *_tracked(),
)


duty_group_member = Table(
    "duty_group_member",
    metadata,
    Column("group_id", Id(UUID_LEN), ForeignKey("duty_group.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    *_tracked(),
    UniqueConstraint("group_id", "deputy_id"),
)


duty_slot = Table(
    "duty_slot",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("weekday", Integer(), nullable=False),  # 0 = Monday
    Column("period", String(20), nullable=False),  # a rota.Period value
    Column("needed", Integer(), nullable=False),
    Column("group_id", Id(UUID_LEN), ForeignKey("duty_group.id")),
    *_tracked(),
)


deputy_unavailable = Table(
    "deputy_unavailable",
    metadata,
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("note", String(200), nullable=False, default=""),
    *_tracked(),
    UniqueConstraint("deputy_id", "day"),
)


rota_assignment = Table(
    "rota_assignment",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("period", String(20), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    Column("source", String(20), nullable=False),  # a duty.AssignmentSource value
    *_tracked(),
    UniqueConstraint("station_id", "day", "period", "deputy_id"),
    Index("ix_rota_assignment_day", "day", "station_id"),
    Index("ix_rota_assignment_deputy", "deputy_id", "day"),
)


deputy_visit = Table(
    "deputy_visit",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("kind", String(20), nullable=False),  # a duty.VisitKind value
    Column("check_in_at", Instant()),
    Column("check_out_at", Instant()),
    Column("note", Text(), nullable=False, default=""),
    # 代班: the deputy on the day's rota whom this duty visit stands in for (the one who sat is
    # `deputy_id`); None for a deputy's own duty and for visits off the rota.
    Column("stands_in_for_id", Id(UUID_LEN), ForeignKey("deputy.id")),
    *_tracked(),
    Index("ix_deputy_visit_day", "day", "station_id"),
    Index("ix_deputy_visit_deputy", "deputy_id", "day"),
)


public_link = Table(
    "public_link",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id")),
    Column("token", String(64), nullable=False),
    Column("active", Boolean(), nullable=False, default=True),
    *_tracked(),
    Index("uq_public_link_token", "token", unique=True),
    Index("ix_public_link_station", "station_id", "deputy_id"),
)


public_submission = Table(
    "public_submission",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("link_id", Id(UUID_LEN), ForeignKey("public_link.id")),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id")),
    Column("code", String(10), nullable=False),
    Column("submitted_at", Instant(), nullable=False),
    Column("matter", Text(), nullable=False),
    Column("category", String(50), nullable=False, default=""),
    Column("category_id", Id(UUID_LEN), ForeignKey("category.id")),
    Column("place", String(200), nullable=False, default=""),
    Column("phone", String(30), nullable=False, default=""),
    Column("name", String(50), nullable=False, default=""),
    Column("photo_count", Integer(), nullable=False, default=0),
    Column("state", String(20), nullable=False, default="pending"),  # a public.SubmissionState
    Column("reject_reason", String(500), nullable=False, default=""),
    Column("case_id", Id(UUID_LEN), ForeignKey("reception.id")),
    Column("decided_at", Instant()),
    Column("decided_by", Id(UUID_LEN), ForeignKey("operator.id")),
    Column("online_verdict", String(30), nullable=False, default=""),
    Column("online_words", String(500), nullable=False, default=""),
    Column("rated_at", Instant()),
    *_tracked(),
    Index("ix_public_submission_state", "state", "submitted_at"),
    Index("ix_public_submission_case", "case_id"),
)


case_forward = Table(
    "case_forward",
    metadata,
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("partner", String(100), nullable=False),
    Column("requested_at", Instant(), nullable=False),
    Column("state", String(20), nullable=False, default="pending"),  # a forwards.ForwardState
    Column("work_order", String(64), nullable=False, default=""),
    Column("status_notes", String(500), nullable=False, default=""),
    Column("sent_at", Instant()),
    Column("closed_at", Instant()),
    Column("error", String(500), nullable=False, default=""),
    *_tracked(),
    Index("ix_case_forward_case", "reception_id"),
)


public_photo = Table(
    "public_photo",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("submission_id", Id(UUID_LEN), ForeignKey("public_submission.id"), nullable=False),
    Column("seq", Integer(), nullable=False),
    Column("jpeg", Text(), nullable=False),
    Column("width", Integer(), nullable=False, default=0),
    Column("height", Integer(), nullable=False, default=0),
    *_tracked(),
    Index("ix_public_photo_submission", "submission_id", "seq"),
)


campaign = Table(
    "campaign",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("topic", String(100), nullable=False),
    Column("starts_on", Date(), nullable=False),
    Column("ends_on", Date()),
    Column("note", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_campaign_station", "station_id", "starts_on"),
)


campaign_deputy = Table(
    "campaign_deputy",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("campaign_id", Id(UUID_LEN), ForeignKey("campaign.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    *_tracked(),
    Index("ix_campaign_deputy_campaign", "campaign_id", "deputy_id"),
)


campaign_place = Table(
    "campaign_place",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("campaign_id", Id(UUID_LEN), ForeignKey("campaign.id"), nullable=False),
    Column("name", String(100), nullable=False),
    Column("kind", String(20), nullable=False, default="other"),  # a campaigns.PlaceKind
    *_tracked(),
    Index("ix_campaign_place_campaign", "campaign_id"),
)


campaign_activity = Table(
    "campaign_activity",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("campaign_id", Id(UUID_LEN), ForeignKey("campaign.id"), nullable=False),
    Column("kind", String(20), nullable=False),  # a campaigns.ActivityKind
    Column("day", Date(), nullable=False),
    Column("place_id", Id(UUID_LEN), ForeignKey("campaign_place.id")),
    Column("place_text", String(200), nullable=False, default=""),
    Column("subject", String(200), nullable=False, default=""),
    Column("attendees", Text(), nullable=False, default=""),
    Column("headcount", Integer(), nullable=False, default=0),
    Column("people_met", Integer(), nullable=False, default=0),
    Column("note", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_campaign_activity_campaign", "campaign_id", "day"),
)


campaign_activity_deputy = Table(
    "campaign_activity_deputy",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("activity_id", Id(UUID_LEN), ForeignKey("campaign_activity.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    *_tracked(),
    Index("ix_campaign_activity_deputy", "activity_id"),
)


campaign_measure = Table(
    "campaign_measure",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("campaign_id", Id(UUID_LEN), ForeignKey("campaign.id"), nullable=False),
    Column("name", String(50), nullable=False),
    Column("unit", String(10), nullable=False, default=""),
    Column("sort_order", Integer(), nullable=False, default=0),
    *_tracked(),
    Index("ix_campaign_measure_campaign", "campaign_id"),
)


campaign_count = Table(
    "campaign_count",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("measure_id", Id(UUID_LEN), ForeignKey("campaign_measure.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("amount", Integer(), nullable=False),
    Column("note", String(200), nullable=False, default=""),
    *_tracked(),
    Index("ix_campaign_count_measure", "measure_id", "day"),
)


campaign_case = Table(
    "campaign_case",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("campaign_id", Id(UUID_LEN), ForeignKey("campaign.id"), nullable=False),
    Column("case_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    *_tracked(),
    Index("uq_campaign_case_case", "case_id", unique=True),
    Index("ix_campaign_case_campaign", "campaign_id"),
)


campaign_suggestion = Table(
    "campaign_suggestion",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("campaign_id", Id(UUID_LEN), ForeignKey("campaign.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("title", String(200), nullable=False),
    Column("content", Text(), nullable=False, default=""),
    Column("suggestion_id", Id(UUID_LEN), ForeignKey("suggestion.id")),
    *_tracked(),
    Index("ix_campaign_suggestion_campaign", "campaign_id"),
    Index("uq_campaign_suggestion_suggestion", "suggestion_id", unique=True),
)


meeting = Table(
    "meeting",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("title", String(100), nullable=False, default=""),
    Column("held_on", Date(), nullable=False),
    Column("place", String(200), nullable=False, default=""),
    Column("presiding", String(100), nullable=False, default=""),
    Column("units", String(500), nullable=False, default=""),  # the units attending, as written
    Column("note", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_meeting_held_on", "held_on"),
)


meeting_item = Table(
    "meeting_item",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("meeting_id", Id(UUID_LEN), ForeignKey("meeting.id"), nullable=False),
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    *_tracked(),
    UniqueConstraint("meeting_id", "reception_id", name="uq_meeting_item_case"),
    Index("ix_meeting_item_reception", "reception_id"),
)


suggestion = Table(
    "suggestion",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("deputy_id", Id(UUID_LEN), ForeignKey("deputy.id"), nullable=False),
    Column("title", String(200), nullable=False),
    Column("body", Text(), nullable=False, default=""),
    Column("state", String(20), nullable=False),  # a suggestions.SuggestionState value
    Column("serial", String(80), nullable=False, default=""),
    Column("serial_year", Integer()),
    Column("serial_seq", Integer()),
    Column("round_no", Integer(), nullable=False, default=0),
    Column("level", String(30), nullable=False, default=""),  # a lifecycle.SupervisionLevel value
    Column("unit_id", Id(UUID_LEN), ForeignKey("handling_unit.id")),
    Column("handler", String(50), nullable=False, default=""),
    Column("sent_on", Date()),
    Column("working_days", Integer(), nullable=False, default=0),
    Column("reply_due", Date()),
    Column("replied_on", Date()),
    Column("reply_text", Text(), nullable=False, default=""),
    Column("verdict", String(30), nullable=False, default=""),  # a Verdict value, or ""
    Column("verdict_on", Date()),
    Column("verdict_words", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_suggestion_state", "state", "reply_due"),
)


suggestion_case = Table(
    "suggestion_case",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("suggestion_id", Id(UUID_LEN), ForeignKey("suggestion.id"), nullable=False),
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    *_tracked(),
    UniqueConstraint("suggestion_id", "reception_id", name="uq_suggestion_case"),
    Index("ix_suggestion_case_reception", "reception_id"),
)


supervision_step = Table(
    "supervision_step",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id")),
    Column("round_no", Integer(), nullable=False, default=0),
    Column("suggestion_id", Id(UUID_LEN), ForeignKey("suggestion.id")),
    Column("level", String(30), nullable=False),  # a lifecycle.SupervisionLevel value
    Column("prior_level", String(30), nullable=False, default=""),
    Column("decided_by", String(100), nullable=False),  # who decided, e.g. 主任会议
    Column("at", Instant(), nullable=False),
    Column("reason", Text(), nullable=False, default=""),
    *_tracked(),
    Index("ix_supervision_step_case", "reception_id", "round_no"),
    Index("ix_supervision_step_suggestion", "suggestion_id"),
)


case_class = Table(
    "case_class",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("subject", String(100), nullable=False),
    Column(
        "formed_at", Instant(), nullable=False
    ),  # the desk's local time (created_at is the change log's UTC)
    Column("settled_on", Date()),
    Column("settle_note", Text(), nullable=False, default=""),
    Column("settled_by", Id(UUID_LEN), ForeignKey("operator.id")),
    *_tracked(),
    Index("ix_case_class_station", "station_id", "formed_at"),
)


case_class_member = Table(
    "case_class_member",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("class_id", Id(UUID_LEN), ForeignKey("case_class.id"), nullable=False),
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("joined_at", Instant(), nullable=False),  # local time, like left_at
    Column("left_at", Instant()),
    Column("left_by", Id(UUID_LEN), ForeignKey("operator.id")),
    *_tracked(),
    Index("ix_case_class_member_class", "class_id"),
    Index("ix_case_class_member_case", "reception_id"),
)


case_class_referral = Table(
    "case_class_referral",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("class_id", Id(UUID_LEN), ForeignKey("case_class.id"), nullable=False),
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False),
    Column("referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    Column("lead_referral_id", Id(UUID_LEN), ForeignKey("referral.id"), nullable=False),
    *_tracked(),
    Index("ix_case_class_referral_class", "class_id"),
    Index("ix_case_class_referral_case", "reception_id"),
)


change_log = Table(
    "change_log",
    metadata,
    Column("seq", Integer(), primary_key=True, autoincrement=True),
    Column("id", Id(UUID_LEN), nullable=False, unique=True, default=new_id),
    Column("entity", String(40), nullable=False),
    Column("entity_id", Id(UUID_LEN), nullable=False),
    Column("op", String(10), nullable=False),  # insert | update | delete
    Column("changes", JSON(), nullable=False),  # field -> [old, new]
    Column("operator_id", Id(UUID_LEN)),
    Column("at", Instant(), nullable=False, default=utcnow),
    # Set once the server has accepted the change (sync).
    Column("pushed", Boolean(), nullable=False, default=False),
    # A pushed insert whose values were dropped from `changes` (left `{}`) by the compaction
    # (storage/compaction.py, migration 0008): they are the row's own, rebuilt from it on demand.
    Column("folded", Boolean(), nullable=False, default=False, server_default=text("0")),
    Index("ix_change_log_entity", "entity", "entity_id"),
    Index("ix_change_log_pending", "pushed", "seq"),
    # Which fields of a row still wait to be pushed (migration 0007): only the unpushed rows,
    # so a lookup costs the same whatever the log's size. Query with `pushed = 0`.
    Index("ix_change_log_unpushed_entity", "entity_id", sqlite_where=text("pushed = 0")),
)


change_log_fold = Table(
    "change_log_fold",
    metadata,
    Column("upto", Integer(), primary_key=True, autoincrement=False),
    Column("folded_at", Instant(), nullable=False),
)


counter = Table(
    "counter",
    metadata,
    Column("name", String(60), primary_key=True),
    Column("value", Integer(), nullable=False, default=0),
)


operator_lock = Table(
    "operator_lock",
    metadata,
    Column("operator_id", Id(UUID_LEN), primary_key=True),
    Column("failures", Integer(), nullable=False, default=0),
    Column("last_failure_at", Instant()),
)


audit_event = Table(
    "audit_event",
    metadata,
    Column("id", Integer(), primary_key=True, autoincrement=True),
    Column("at", Instant(), nullable=False, default=utcnow),
    Column("kind", String(30), nullable=False),  # an AuditKind value (storage.audit)
    Column("operator_id", Id(UUID_LEN)),
    Column("subject", String(200), nullable=False, default=""),
    Column("detail", Text(), nullable=False, default=""),
    Index("ix_audit_event_at", "at"),
)


setting = Table(
    "setting",
    metadata,
    Column("key", String(80), primary_key=True),
    Column("value", JSON(), nullable=False),
)


serial_block = Table(
    "serial_block",
    metadata,
    Column("id", Integer(), primary_key=True, autoincrement=True),
    Column("year", Integer(), nullable=False),
    Column("first_seq", Integer(), nullable=False),
    Column("last_seq", Integer(), nullable=False),
    Column("next_seq", Integer(), nullable=False),
    Column("granted_at", Instant(), nullable=False, default=utcnow),
    Index("ix_serial_block_year", "year", "first_seq"),
)


sync_conflict = Table(
    "sync_conflict",
    metadata,
    Column("id", Integer(), primary_key=True, autoincrement=True),
    Column("kind", String(20), nullable=False),  # conflict | rejected
    Column("change_id", Id(UUID_LEN)),
    Column("entity", String(40), nullable=False, default=""),
    Column("entity_id", Id(UUID_LEN), nullable=False, default=""),
    Column("field", String(80), nullable=False, default=""),
    Column("yours", JSON()),
    Column("kept", JSON()),
    Column("rule", String(80), nullable=False, default=""),
    Column("code", String(80), nullable=False, default=""),
    Column("message", Text(), nullable=False, default=""),
    Column("at", Instant(), nullable=False, default=utcnow),
    Column("seen", Boolean(), nullable=False, default=False),
    Index("ix_sync_conflict_seen", "seen", "id"),
    Index("ix_sync_conflict_kind_entity", "kind", "entity_id"),
)


studio_setting = Table(
    "studio_setting",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False, unique=True),
    Column("holiday_move", String(20), nullable=False, default="skip"),
    *_tracked(),
)


studio_exception = Table(
    "studio_exception",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("decided_by", String(50), nullable=False),
    Column("reason", String(200), nullable=False, default=""),
    *_tracked(),
    UniqueConstraint("station_id", "day"),
)


theme_day = Table(
    "theme_day",
    metadata,
    Column("station_id", Id(UUID_LEN), ForeignKey("station.id"), nullable=False),
    Column("day", Date(), nullable=False),
    Column("theme", String(100), nullable=False),
    Column("place", String(200), nullable=False, default=""),
    Column("invited_deputies", String(1000), nullable=False, default=""),
    Column("invited_units", String(1000), nullable=False, default=""),
    Column("notes", Text(), nullable=False, default=""),
    Column("cancelled", Boolean(), nullable=False, default=False),
    *_tracked(),
    Index("ix_theme_day_day", "day", "station_id"),
)


theme_day_reception = Table(
    "theme_day_reception",
    metadata,
    Column("theme_day_id", Id(UUID_LEN), ForeignKey("theme_day.id"), nullable=False),
    Column("reception_id", Id(UUID_LEN), ForeignKey("reception.id"), nullable=False, unique=True),
    *_tracked(),
    Index("ix_theme_day_reception_day", "theme_day_id"),
)
