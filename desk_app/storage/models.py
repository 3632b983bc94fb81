"""The desk's tables as typed SQLAlchemy 2 models.

Every row is made for sync from the start: a UUID primary key made on the desk, created/updated
times (UTC) and the operator who last changed it. Business times that a clerk types (when a
citizen came, when a unit replied) are local wall-clock times, stored naive, as the clerk saw
them. Every change is also appended to `change_log` in the same transaction (see changelog.py).

The `reception` row carries a copy of its current round (unit, deadline, serial): the case list
filters and sorts tens of thousands of rows on those, and a join per row would be too slow. The
store keeps the copy in step; `referral` holds the full history.
"""

# No `from __future__ import annotations` here: with it every `Mapped[...]` annotation is a
# string that SQLAlchemy evaluates (eval) when it declares the class, ~580 of them on every start
# of the desk and of each command (~15-20 ms of a CLI document command; docs/benchmarks.md,
# issue 16). The annotations here are plain builtins and imported names, so Python evaluates them
# itself at no cost. tests/storage/test_models_annotations.py keeps it so.

import os
import time
import uuid
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

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


class Base(DeclarativeBase):
    type_annotation_map = {
        str: String(),
        # Times as integer microseconds, ids (Id(UUID_LEN) below) as 16 bytes: storage/coltypes.py.
        datetime: Instant(),
        date: Date(),
        dict[str, Any]: JSON(),
    }


class Tracked:
    """Columns every synced table has. Audit columns are set by the change log hook."""

    id: Mapped[str] = mapped_column(Id(UUID_LEN), primary_key=True, default=new_id)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by: Mapped[str | None] = mapped_column(Id(UUID_LEN))
    updated_by: Mapped[str | None] = mapped_column(Id(UUID_LEN))

    if TYPE_CHECKING:
        # Every Tracked class is also declarative (Base): its constructor takes the columns by
        # name, which the sync's generic code (MODELS[entity](id=..., **values)) relies on.
        def __init__(self, **kw: Any) -> None: ...


class Station(Tracked, Base):
    __tablename__ = "station"

    name: Mapped[str] = mapped_column(String(100))
    # Prefix of slip serials, e.g. 浉河监督岗 in 浉河监督岗〔2026〕第015号.
    short_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    district: Mapped[str] = mapped_column(String(100), default="")
    serial_pattern: Mapped[str] = mapped_column(String(100))
    # Deadlines of the states that wait on the office (casebook.WaitingRules), in working days.
    callback_working_days: Mapped[int] = mapped_column(Integer, default=1)
    refer_working_days: Mapped[int] = mapped_column(Integer, default=3)
    # What the citizen's progress page shows (public channel, issue 12): the handling unit's name,
    # the reply deadline, the unit's reply text. The defaults are the page as it was first built.
    progress_shows_unit: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))
    progress_shows_deadline: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("1"))
    progress_shows_reply: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))


class Operator(Tracked, Base):
    __tablename__ = "operator"

    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(20))  # an OperatorRole value
    # Argon2id hash of the PIN or password; never the secret itself.
    secret_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Deputy(Tracked, Base):
    __tablename__ = "deputy"

    name: Mapped[str] = mapped_column(String(50))
    level: Mapped[str] = mapped_column(String(20), default="")  # a DeputyLevel value
    phone: Mapped[str] = mapped_column(String(30), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    constituency: Mapped[str] = mapped_column(String(100), default="")
    work_unit: Mapped[str] = mapped_column(String(100), default="")
    expertise: Mapped[str] = mapped_column(String(100), default="")


class Category(Tracked, Base):
    __tablename__ = "category"

    name: Mapped[str] = mapped_column(String(50), unique=True)
    sort_order: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class HandlingUnit(Tracked, Base):
    __tablename__ = "handling_unit"

    name: Mapped[str] = mapped_column(String(100), unique=True)
    contact_person: Mapped[str] = mapped_column(String(50), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


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


class Reception(Tracked, Base):
    """A reception record (接待登记) and the case that grows from it."""

    __tablename__ = "reception"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    received_at: Mapped[datetime]
    channel: Mapped[str] = mapped_column(String(30))
    citizen_name: Mapped[str] = mapped_column(String(50), default="")
    citizen_phone: Mapped[str] = mapped_column(String(30), default="")
    citizen_address: Mapped[str] = mapped_column(String(200), default="")
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"))
    content: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str] = mapped_column(String(30))
    on_site_answer: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(30))
    round_no: Mapped[int] = mapped_column(Integer, default=0)
    # Copy of the current round's slip (see module docstring).
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("handling_unit.id"))
    reply_due: Mapped[date | None]
    serial: Mapped[str | None] = mapped_column(String(80))
    signed_off_at: Mapped[datetime | None]
    signed_off_by: Mapped[str | None] = mapped_column(ForeignKey("operator.id"))
    sign_off_note: Mapped[str] = mapped_column(Text, default="")
    # The deadline of the state the case waits in (a reply, a callback, the next slip: see
    # domain.casebook.waiting_due); null when it waits on nobody. Overdue = waiting_due < today.
    waiting_due: Mapped[date | None]
    waiting_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    # A duplicate registration merged into another case (status merged).
    merged_into: Mapped[str | None] = mapped_column(ForeignKey("reception.id"))
    # Where an imported record came from (a hash of its ledger row): importing the same ledger
    # twice finds the key and adds nothing. Null for receptions registered at the desk.
    source_key: Mapped[str | None] = mapped_column(String(64))
    # How many people came (接待人数): a group counts its members among the citizens received.
    headcount: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    # The clerk's remark on the case (备注), e.g. from a ledger row.
    note: Mapped[str] = mapped_column(Text, default="", server_default=text("''"))
    # Who handles the case now: its station, or the district centre after a transfer up or a
    # take-over (issue 13, domain.transfers.CaseLevel).
    level: Mapped[str] = mapped_column(String(10), default="station", server_default=text("'station'"))

    __table_args__ = (
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


class ReceptionDeputy(Tracked, Base):
    """A deputy who received the citizen (several per reception)."""

    __tablename__ = "reception_deputy"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))

    __table_args__ = (UniqueConstraint("reception_id", "deputy_id"),)


class Referral(Tracked, Base):
    """A referral slip (交办单): one supervision round of a case."""

    __tablename__ = "referral"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    # 1 for the round's first slip; a slip the unit returned (退回) is followed by attempt + 1 in
    # the same round (a re-referral does not count as a new round).
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    serial: Mapped[str] = mapped_column(String(80))
    serial_year: Mapped[int] = mapped_column(Integer)
    serial_seq: Mapped[int] = mapped_column(Integer)
    handling_unit_id: Mapped[str] = mapped_column(ForeignKey("handling_unit.id"))
    handler: Mapped[str] = mapped_column(String(50), default="")
    supervisor: Mapped[str] = mapped_column(String(50))
    referred_on: Mapped[date]
    working_days: Mapped[int] = mapped_column(Integer)
    reply_due: Mapped[date]
    # The deadline counted days in a year the holiday calendar does not know yet.
    due_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    note: Mapped[str] = mapped_column(Text, default="")
    replied_on: Mapped[date | None]
    reply_text: Mapped[str] = mapped_column(Text, default="")
    reply_recorded_by: Mapped[str | None] = mapped_column(ForeignKey("operator.id"))
    returned_on: Mapped[date | None]
    return_reason: Mapped[str] = mapped_column(Text, default="")
    # The number this slip carried before sync found it taken by another desk's slip of the
    # station (docs/sync.md, "Slip numbers that clash"): the number printed on the paper.
    former_serial: Mapped[str] = mapped_column(String(80), default="")

    __table_args__ = (
        UniqueConstraint("station_id", "serial_year", "serial_seq", name="uq_referral_serial"),
        UniqueConstraint("reception_id", "round_no", "attempt", name="uq_referral_round"),
        Index("ix_referral_serial", "serial"),
        # The tally reads slips by their dates (migration 0018).
        Index("ix_referral_referred_on", "referred_on"),
        Index("ix_referral_replied_on", "replied_on"),
        Index("ix_referral_returned_on", "returned_on"),
    )


class Callback(Tracked, Base):
    """A call back to the citizen (回访): the only place satisfaction is recorded."""

    __tablename__ = "callback"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    called_at: Mapped[datetime]
    caller: Mapped[str] = mapped_column(String(50))
    method: Mapped[str] = mapped_column(String(20))
    citizen_words: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(30))
    # Why a dissatisfied citizen is dissatisfied (casebook.DissatisfactionCause); "" otherwise.
    cause: Mapped[str] = mapped_column(String(20), default="")

    __table_args__ = (
        Index("ix_callback_reception", "reception_id"),
        Index("ix_callback_called_at", "called_at"),
    )


class CallbackAttempt(Tracked, Base):
    """A callback that did not reach the citizen (未接通): recorded, changes nothing."""

    __tablename__ = "callback_attempt"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    attempted_at: Mapped[datetime]
    caller: Mapped[str] = mapped_column(String(50))
    method: Mapped[str] = mapped_column(String(20))
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_callback_attempt_reception", "reception_id"),
        Index("ix_callback_attempt_at", "attempted_at"),
    )


class Chase(Tracked, Base):
    """A chase of the handling unit (催办): when, how, whom the office spoke to, what was said."""

    __tablename__ = "chase"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    chased_at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(20))  # a vocab.ChaseMethod value
    unit_contact: Mapped[str] = mapped_column(String(50), default="")
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_chase_reception", "reception_id"), Index("ix_chase_chased_at", "chased_at"))


class Extension(Tracked, Base):
    """A handling unit's request for more time (延期), and the office's decision."""

    __tablename__ = "extension"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    requested_on: Mapped[date]
    requested_by: Mapped[str] = mapped_column(String(50), default="")  # who asked, at the unit
    reason: Mapped[str] = mapped_column(Text)
    extra_working_days: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(20))  # a casebook.ExtensionState value
    old_due: Mapped[date]
    new_due: Mapped[date | None]
    due_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_on: Mapped[date | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("operator.id"))
    decision_note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_extension_reception", "reception_id"),)


class CaseEvent(Tracked, Base):
    """A move of the office with its record and reason: sign-off, closing with an explanation,
    reopening, withdrawal, voiding, merging, a correction (casebook.EventKind)."""

    __tablename__ = "case_event"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    round_no: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")
    # A correction: which record and fields it changed, e.g. "reception:citizen_name,citizen_phone".
    fields: Mapped[str] = mapped_column(String(400), default="")
    # A merge: the case this one was merged into.
    related_id: Mapped[str | None] = mapped_column(ForeignKey("reception.id"))

    __table_args__ = (Index("ix_case_event_reception", "reception_id"), Index("ix_case_event_at", "at"))


class CalendarDay(Tracked, Base):
    """A day of a State Council holiday notice as the office entered it (workcalendar.OfficeDay).

    District-scoped: the district centre's calendar reaches every desk of the district by sync.
    """

    __tablename__ = "calendar_day"

    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(10))  # a workcalendar.DayKind value
    name: Mapped[str] = mapped_column(String(30), default="other")  # a workcalendar.HolidayName value


class DutyGroup(Tracked, Base):
    """A duty group (编组) of a station: deputies who serve together, levels mixed as it wishes."""

    __tablename__ = "duty_group"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    name: Mapped[str] = mapped_column(String(50))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class DutyGroupMember(Tracked, Base):
    __tablename__ = "duty_group_member"

    group_id: Mapped[str] = mapped_column(ForeignKey("duty_group.id"))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))

    __table_args__ = (UniqueConstraint("group_id", "deputy_id"),)


class DutySlot(Tracked, Base):
    """One weekly slot of a station's duty pattern, e.g. Wednesday morning, 3 deputies."""

    __tablename__ = "duty_slot"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    period: Mapped[str] = mapped_column(String(20))  # a rota.Period value
    needed: Mapped[int] = mapped_column(Integer)
    group_id: Mapped[str | None] = mapped_column(ForeignKey("duty_group.id"))


class DeputyUnavailable(Tracked, Base):
    """A date a deputy cannot serve."""

    __tablename__ = "deputy_unavailable"

    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))
    day: Mapped[date]
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("deputy_id", "day"),)


class RotaAssignment(Tracked, Base):
    """One deputy on the rota of one station, day and period."""

    __tablename__ = "rota_assignment"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    day: Mapped[date]
    period: Mapped[str] = mapped_column(String(20))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))
    source: Mapped[str] = mapped_column(String(20))  # a duty.AssignmentSource value

    __table_args__ = (
        UniqueConstraint("station_id", "day", "period", "deputy_id"),
        Index("ix_rota_assignment_day", "day", "station_id"),
        Index("ix_rota_assignment_deputy", "deputy_id", "day"),
    )


class DeputyVisit(Tracked, Base):
    """One deputy-visit (人次): a stay at a station, on duty or not (视察, 座谈 …)."""

    __tablename__ = "deputy_visit"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))
    day: Mapped[date]
    kind: Mapped[str] = mapped_column(String(20))  # a duty.VisitKind value
    check_in_at: Mapped[datetime | None]
    check_out_at: Mapped[datetime | None]
    note: Mapped[str] = mapped_column(Text, default="")
    # 代班: the deputy on the day's rota whom this duty visit stands in for (the one who sat is
    # `deputy_id`); None for a deputy's own duty and for visits off the rota.
    stands_in_for_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"), default=None)

    __table_args__ = (
        Index("ix_deputy_visit_day", "day", "station_id"),
        Index("ix_deputy_visit_deputy", "deputy_id", "day"),
    )


class PublicLink(Tracked, Base):
    """A QR code's link to the public channel (issue 12): the station's, or a deputy's at it.
    The token is the printed URL's secret; made on the desk, it works once synced."""

    __tablename__ = "public_link"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"))
    token: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    __table_args__ = (
        Index("uq_public_link_token", "token", unique=True),
        Index("ix_public_link_station", "station_id", "deputy_id"),
    )


class PublicSubmission(Tracked, Base):
    """What a citizen sent through the public channel (made by the server, pulled by sync). The
    desk takes it into a case (`case_id`) or rejects it with a reason the citizen sees."""

    __tablename__ = "public_submission"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    link_id: Mapped[str | None] = mapped_column(ForeignKey("public_link.id"))
    deputy_id: Mapped[str | None] = mapped_column(ForeignKey("deputy.id"))
    code: Mapped[str] = mapped_column(String(10))
    submitted_at: Mapped[datetime]
    matter: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(50), default="")
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"))
    place: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str] = mapped_column(String(30), default="")
    name: Mapped[str] = mapped_column(String(50), default="")
    photo_count: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(20), default="pending")  # a public.SubmissionState
    reject_reason: Mapped[str] = mapped_column(String(500), default="")
    case_id: Mapped[str | None] = mapped_column(ForeignKey("reception.id"))
    decided_at: Mapped[datetime | None]
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("operator.id"))
    online_verdict: Mapped[str] = mapped_column(String(30), default="")
    online_words: Mapped[str] = mapped_column(String(500), default="")
    rated_at: Mapped[datetime | None]

    __table_args__ = (
        Index("ix_public_submission_state", "state", "submitted_at"),
        Index("ix_public_submission_case", "case_id"),
    )


class CaseForward(Tracked, Base):
    """转12345: a case forwarded to a 12345 platform (docs/open311.md). Recorded here as pending;
    the central server posts it and writes back the work order and the outcome (pulled by sync)."""

    __tablename__ = "case_forward"

    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    partner: Mapped[str] = mapped_column(String(100))
    requested_at: Mapped[datetime]
    state: Mapped[str] = mapped_column(String(20), default="pending")  # a forwards.ForwardState
    work_order: Mapped[str] = mapped_column(String(64), default="")
    status_notes: Mapped[str] = mapped_column(String(500), default="")
    sent_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    error: Mapped[str] = mapped_column(String(500), default="")

    __table_args__ = (Index("ix_case_forward_case", "reception_id"),)


class PublicPhoto(Tracked, Base):
    """A submission's photo: JPEG re-encoded by the server (no EXIF, no location), base64."""

    __tablename__ = "public_photo"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    submission_id: Mapped[str] = mapped_column(ForeignKey("public_submission.id"))
    seq: Mapped[int] = mapped_column(Integer)
    jpeg: Mapped[str] = mapped_column(Text)
    width: Mapped[int] = mapped_column(Integer, default=0)
    height: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_public_photo_submission", "submission_id", "seq"),)


class Campaign(Tracked, Base):
    """A mobile station's campaign (流动工作站, issue 14): a topic over a period. domain/campaigns.py"""

    __tablename__ = "campaign"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    topic: Mapped[str] = mapped_column(String(100))
    starts_on: Mapped[date]
    ends_on: Mapped[date | None]
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_campaign_station", "station_id", "starts_on"),)


class CampaignDeputy(Tracked, Base):
    """A deputy of a campaign."""

    __tablename__ = "campaign_deputy"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaign.id"))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))

    __table_args__ = (Index("ix_campaign_deputy_campaign", "campaign_id", "deputy_id"),)


class CampaignPlace(Tracked, Base):
    """A place a campaign goes: a county, an estate, a checkpoint, an enterprise …"""

    __tablename__ = "campaign_place"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaign.id"))
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20), default="other")  # a campaigns.PlaceKind

    __table_args__ = (Index("ix_campaign_place_campaign", "campaign_id"),)


class CampaignActivity(Tracked, Base):
    """An inspection, forum, survey or visit of a campaign: a day, a place, who came, whom it met."""

    __tablename__ = "campaign_activity"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaign.id"))
    kind: Mapped[str] = mapped_column(String(20))  # a campaigns.ActivityKind
    day: Mapped[date]
    place_id: Mapped[str | None] = mapped_column(ForeignKey("campaign_place.id"))
    place_text: Mapped[str] = mapped_column(String(200), default="")
    subject: Mapped[str] = mapped_column(String(200), default="")
    attendees: Mapped[str] = mapped_column(Text, default="")
    headcount: Mapped[int] = mapped_column(Integer, default=0)
    people_met: Mapped[int] = mapped_column(Integer, default=0)
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_campaign_activity_campaign", "campaign_id", "day"),)


class CampaignActivityDeputy(Tracked, Base):
    """A deputy who took part in an activity."""

    __tablename__ = "campaign_activity_deputy"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    activity_id: Mapped[str] = mapped_column(ForeignKey("campaign_activity.id"))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))

    __table_args__ = (Index("ix_campaign_activity_deputy", "activity_id"),)


class CampaignMeasure(Tracked, Base):
    """A result measure a campaign defines (加装电梯 台, 整治飞线 处)."""

    __tablename__ = "campaign_measure"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaign.id"))
    name: Mapped[str] = mapped_column(String(50))
    unit: Mapped[str] = mapped_column(String(10), default="")
    sort_order: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_campaign_measure_campaign", "campaign_id"),)


class CampaignCount(Tracked, Base):
    """A count recorded for a measure on a day: the measure's figure is the sum of its counts."""

    __tablename__ = "campaign_count"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    measure_id: Mapped[str] = mapped_column(ForeignKey("campaign_measure.id"))
    day: Mapped[date]
    amount: Mapped[int] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (Index("ix_campaign_count_measure", "measure_id", "day"),)


class CampaignCase(Tracked, Base):
    """A problem found by a campaign: a case (reception) tagged with it, at most one campaign each."""

    __tablename__ = "campaign_case"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaign.id"))
    case_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))

    __table_args__ = (
        Index("uq_campaign_case_case", "case_id", unique=True),
        Index("ix_campaign_case_campaign", "campaign_id"),
    )


class CampaignSuggestion(Tracked, Base):
    """A suggestion (建议) a campaign made: a deputy's suggestion (`suggestion_id`, issue 13)
    tagged with the campaign, drafted on `day`. A row without `suggestion_id` is a record made
    before the link (schema 0019): its own title and content, until the office drafts it as a
    deputy's suggestion."""

    __tablename__ = "campaign_suggestion"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    campaign_id: Mapped[str] = mapped_column(ForeignKey("campaign.id"))
    day: Mapped[date]
    title: Mapped[str] = mapped_column(String(200))
    content: Mapped[str] = mapped_column(Text, default="")
    suggestion_id: Mapped[str | None] = mapped_column(ForeignKey("suggestion.id"))

    __table_args__ = (
        Index("ix_campaign_suggestion_campaign", "campaign_id"),
        Index("uq_campaign_suggestion_suggestion", "suggestion_id", unique=True),
    )


class Meeting(Tracked, Base):
    """A face-to-face referral meeting (群众意见面对面沟通交办会, issue 13): its cases are referred
    at it in one write (meeting_item), each on its own ordinary slip."""

    __tablename__ = "meeting"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    title: Mapped[str] = mapped_column(String(100), default="")
    held_on: Mapped[date]
    place: Mapped[str] = mapped_column(String(200), default="")
    presiding: Mapped[str] = mapped_column(String(100), default="")
    units: Mapped[str] = mapped_column(String(500), default="")  # the units attending, as written
    note: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_meeting_held_on", "held_on"),)


class MeetingItem(Tracked, Base):
    """A case referred at a meeting, and the slip that referred it (written once)."""

    __tablename__ = "meeting_item"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    meeting_id: Mapped[str] = mapped_column(ForeignKey("meeting.id"))
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))

    __table_args__ = (
        UniqueConstraint("meeting_id", "reception_id", name="uq_meeting_item_case"),
        Index("ix_meeting_item_reception", "reception_id"),
    )


class Suggestion(Tracked, Base):
    """A deputy's suggestion between sessions (闭会期间代表建议, issue 13), made from cases
    (suggestion_case), sent to a bureau with its own number and deadline."""

    __tablename__ = "suggestion"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    deputy_id: Mapped[str] = mapped_column(ForeignKey("deputy.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(20))  # a suggestions.SuggestionState value
    serial: Mapped[str] = mapped_column(String(80), default="")
    serial_year: Mapped[int | None] = mapped_column(Integer)
    serial_seq: Mapped[int | None] = mapped_column(Integer)
    round_no: Mapped[int] = mapped_column(Integer, default=0)
    level: Mapped[str] = mapped_column(String(30), default="")  # a lifecycle.SupervisionLevel value
    unit_id: Mapped[str | None] = mapped_column(ForeignKey("handling_unit.id"))
    handler: Mapped[str] = mapped_column(String(50), default="")
    sent_on: Mapped[date | None]
    working_days: Mapped[int] = mapped_column(Integer, default=0)
    reply_due: Mapped[date | None]
    replied_on: Mapped[date | None]
    reply_text: Mapped[str] = mapped_column(Text, default="")
    verdict: Mapped[str] = mapped_column(String(30), default="")  # a Verdict value, or ""
    verdict_on: Mapped[date | None]
    verdict_words: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_suggestion_state", "state", "reply_due"),)


class SuggestionCase(Tracked, Base):
    """A case a suggestion was made from (written once)."""

    __tablename__ = "suggestion_case"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    suggestion_id: Mapped[str] = mapped_column(ForeignKey("suggestion.id"))
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))

    __table_args__ = (
        UniqueConstraint("suggestion_id", "reception_id", name="uq_suggestion_case"),
        Index("ix_suggestion_case_reception", "reception_id"),
    )


class SupervisionStep(Tracked, Base):
    """A level of the supervision ladder (大督办) given to a case's round or to a suggestion, and
    who decided it: the first level of a round or a suggestion, then each escalation (written once)."""

    __tablename__ = "supervision_step"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    reception_id: Mapped[str | None] = mapped_column(ForeignKey("reception.id"))
    round_no: Mapped[int] = mapped_column(Integer, default=0)
    suggestion_id: Mapped[str | None] = mapped_column(ForeignKey("suggestion.id"))
    level: Mapped[str] = mapped_column(String(30))  # a lifecycle.SupervisionLevel value
    prior_level: Mapped[str] = mapped_column(String(30), default="")
    decided_by: Mapped[str] = mapped_column(String(100))  # who decided, e.g. 主任会议
    at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (
        Index("ix_supervision_step_case", "reception_id", "round_no"),
        Index("ix_supervision_step_suggestion", "suggestion_id"),
    )


class CaseClass(Tracked, Base):
    """A class of similar cases (类案, issue 14; domain/classes.py): its subject, who made it and
    when (created_by, formed_at), and, once settled, the rule or measure that solved it."""

    __tablename__ = "case_class"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    subject: Mapped[str] = mapped_column(String(100))
    formed_at: Mapped[datetime]  # the desk's local time (created_at is the change log's UTC)
    settled_on: Mapped[date | None]
    settle_note: Mapped[str] = mapped_column(Text, default="")
    settled_by: Mapped[str | None] = mapped_column(ForeignKey("operator.id"))

    __table_args__ = (Index("ix_case_class_station", "station_id", "formed_at"),)


class CaseClassMember(Tracked, Base):
    """A case of a class: who added it and when (created_by, joined_at); who removed it and when
    (left_at, left_by: the row stays, so the case's timeline keeps both)."""

    __tablename__ = "case_class_member"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    class_id: Mapped[str] = mapped_column(ForeignKey("case_class.id"))
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    joined_at: Mapped[datetime]  # local time, like left_at
    left_at: Mapped[datetime | None]
    left_by: Mapped[str | None] = mapped_column(ForeignKey("operator.id"))

    __table_args__ = (
        Index("ix_case_class_member_class", "class_id"),
        Index("ix_case_class_member_case", "reception_id"),
    )


class CaseClassReferral(Tracked, Base):
    """A member's slip issued when its class was referred together (written once): the class
    slip is the member slips sharing `lead_referral_id`, printed as that one slip."""

    __tablename__ = "case_class_referral"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    class_id: Mapped[str] = mapped_column(ForeignKey("case_class.id"))
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"))
    referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))
    lead_referral_id: Mapped[str] = mapped_column(ForeignKey("referral.id"))

    __table_args__ = (
        Index("ix_case_class_referral_class", "class_id"),
        Index("ix_case_class_referral_case", "reception_id"),
    )


class ChangeLog(Base):
    """One field-level change: the audit trail now, the sync outbox later.

    `seq` orders changes on this desk; `id` is made here and travels with the change so that
    the server can apply a replayed batch once.
    """

    __tablename__ = "change_log"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(Id(UUID_LEN), unique=True, default=new_id)
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(Id(UUID_LEN))
    op: Mapped[str] = mapped_column(String(10))  # insert | update | delete
    changes: Mapped[dict[str, Any]]  # field -> [old, new]
    operator_id: Mapped[str | None] = mapped_column(Id(UUID_LEN))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set once the server has accepted the change (sync).
    pushed: Mapped[bool] = mapped_column(Boolean, default=False)
    # A pushed insert whose values were dropped from `changes` (left `{}`) by the compaction
    # (storage/compaction.py, migration 0008): they are the row's own, rebuilt from it on demand.
    folded: Mapped[bool] = mapped_column(Boolean, default=False, server_default=text("0"))

    __table_args__ = (
        Index("ix_change_log_entity", "entity", "entity_id"),
        Index("ix_change_log_pending", "pushed", "seq"),
        # Which fields of a row still wait to be pushed (migration 0007): only the unpushed rows,
        # so a lookup costs the same whatever the log's size. Query with `pushed = 0`.
        Index("ix_change_log_unpushed_entity", "entity_id", sqlite_where=text("pushed = 0")),
    )


class ChangeLogFold(Base):
    """When the compaction folded the log up to a seq (migration 0021): every pushed insert with
    `seq <= upto` was folded by `folded_at`. A folded insert of a row still here is deleted
    outright once it has been folded longer than the server's backups reach back
    (storage/compaction.py, `FOLDED_KEPT`); these marks say when that is. Pruned as they pass."""

    __tablename__ = "change_log_fold"

    upto: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    folded_at: Mapped[datetime]


# A counter per status: STATUS_COUNTER_PREFIX + status (migration 0022).
STATUS_COUNTER_PREFIX = "reception_status:"


class Counter(Base):
    """Running counts kept by triggers, so that a count the window shows after every save is a
    row read whatever the desk's size: `change_log_pending` is the number of change-log rows
    with `pushed = 0` (the sync status line's "changes waiting", migration 0008);
    `reception_status:<status>` the number of cases in that status (the case list's count with
    no filter or statuses alone, migration 0022)."""

    __tablename__ = "counter"

    name: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class OperatorLock(Base):
    """Wrong PINs in a row per operator (desk-local, kept across restarts; domain.pins)."""

    __tablename__ = "operator_lock"

    operator_id: Mapped[str] = mapped_column(Id(UUID_LEN), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_at: Mapped[datetime | None]


class AuditEvent(Base):
    """The desk's own audit trail beside the change log: sign-ins, failed sign-ins, lockouts,
    PIN changes and resets, and prints or exports that show citizens' full phone numbers.

    Desk-local (not synced): it records what happened at this desk's keyboard.
    """

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    kind: Mapped[str] = mapped_column(String(30))  # an AuditKind value (storage.audit)
    operator_id: Mapped[str | None] = mapped_column(Id(UUID_LEN))
    subject: Mapped[str] = mapped_column(String(200), default="")
    detail: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ix_audit_event_at", "at"),)


class Setting(Base):
    """Desk-local settings (not synced): key -> JSON value."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)


class SerialBlock(Base):
    """A block of slip serial numbers the server granted to this desk (sync; not synced itself).

    An enrolled desk numbers slips only from these, so a slip printed offline already carries its
    final number; `next_seq` is the next unused number, the block is used up past `last_seq`.
    """

    __tablename__ = "serial_block"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    year: Mapped[int] = mapped_column(Integer)
    first_seq: Mapped[int] = mapped_column(Integer)
    last_seq: Mapped[int] = mapped_column(Integer)
    next_seq: Mapped[int] = mapped_column(Integer)
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_serial_block_year", "year", "first_seq"),)


class SyncConflict(Base):
    """What a sync told this desk about its changes: a change refused, or a value that lost.

    Nothing a clerk saved vanishes without a trace: the losing value stays here (`yours`).
    """

    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(20))  # conflict | rejected
    change_id: Mapped[str | None] = mapped_column(Id(UUID_LEN))
    entity: Mapped[str] = mapped_column(String(40), default="")
    entity_id: Mapped[str] = mapped_column(Id(UUID_LEN), default="")
    field: Mapped[str] = mapped_column(String(80), default="")
    yours: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept: Mapped[Any] = mapped_column(JSON, nullable=True)
    rule: Mapped[str] = mapped_column(String(80), default="")
    code: Mapped[str] = mapped_column(String(80), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(default=utcnow)
    seen: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (
        Index("ix_sync_conflict_seen", "seen", "id"),
        Index("ix_sync_conflict_kind_entity", "kind", "entity_id"),
    )


class StudioSetting(Tracked, Base):
    """A studio's (工作室) holiday rule (domain.studios.HolidayMove): what happens to an opening
    whose fixed weekday is a public holiday. A studio without a row skips it."""

    __tablename__ = "studio_setting"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"), unique=True)
    holiday_move: Mapped[str] = mapped_column(String(20), default="skip")


class StudioException(Tracked, Base):
    """The office's decision that a studio opens on a swapped working day (调休上班日), and who
    decided it."""

    __tablename__ = "studio_exception"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    day: Mapped[date]
    decided_by: Mapped[str] = mapped_column(String(50))
    reason: Mapped[str] = mapped_column(String(200), default="")

    __table_args__ = (UniqueConstraint("station_id", "day"),)


class ThemeDay(Tracked, Base):
    """A planned theme reception day (主题接待日, quarterly at Luolong): related deputies, citizens and
    government units meet on one theme. Invitees are free text (、-separated): deputies of other
    levels and departments outside the unit directory are usual guests."""

    __tablename__ = "theme_day"

    station_id: Mapped[str] = mapped_column(ForeignKey("station.id"))
    day: Mapped[date]
    theme: Mapped[str] = mapped_column(String(100))
    place: Mapped[str] = mapped_column(String(200), default="")
    invited_deputies: Mapped[str] = mapped_column(String(1000), default="")
    invited_units: Mapped[str] = mapped_column(String(1000), default="")
    notes: Mapped[str] = mapped_column(Text, default="")
    cancelled: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_theme_day_day", "day", "station_id"),)


class ThemeDayReception(Tracked, Base):
    """A reception tagged to the theme day it was received on (one theme day per reception)."""

    __tablename__ = "theme_day_reception"

    theme_day_id: Mapped[str] = mapped_column(ForeignKey("theme_day.id"))
    reception_id: Mapped[str] = mapped_column(ForeignKey("reception.id"), unique=True)

    __table_args__ = (Index("ix_theme_day_reception_day", "theme_day_id"),)


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
