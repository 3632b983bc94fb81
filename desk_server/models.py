"""The server's tables.

- `district`, `station`, `desk`, `enroll_code`: who may sync what.
- `record`: the current row of every synced entity, as JSON fields, with its scope
  (district, station) and, per field, who set it when (for the conflict rules of docs/sync.md).
- `change`: the append-only log of what the server applied, numbered by `seq` (Anki's usn):
  desks pull "since my cursor" from it.
- `receipt`: changes the server refused or rekeyed, so that a replay gets the same answer;
  `conflict`: a value that did not win, kept with the rule that decided.
- `serial_counter` and `serial_block`: slip serial numbers granted per station and year.
- `server_state`: the restore epoch (docs/sync.md, backups): a restore starts a new one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

ID_LEN = 36
# BIGINT identity on PostgreSQL; SQLite's INTEGER PRIMARY KEY is already 64-bit (rowid).
SeqType = BigInteger().with_variant(Integer(), "sqlite")


def new_id() -> str:
    return str(uuid.uuid4())


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    type_annotation_map = {str: String(), datetime: DateTime(), dict[str, Any]: JSON()}


class District(Base):
    __tablename__ = "district"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Station(Base):
    __tablename__ = "station"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True, default=new_id)
    district_id: Mapped[str] = mapped_column(ForeignKey("district.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(40))
    serial_pattern: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Desk(Base):
    __tablename__ = "desk"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100), default="")
    district_id: Mapped[str] = mapped_column(ForeignKey("district.id"))
    # None: a desk of the district centre (sees every station of its district).
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"))
    # SHA-256 (hex) of the bearer token; the token itself is never stored.
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # A rotated token not used yet (POST /token/rotate): both work until the desk first uses the
    # new one, which then replaces the old (a lost answer never locks the desk out).
    next_token_hash: Mapped[str | None] = mapped_column(String(64))
    # When the current token was issued (None: at enrolment, before rotation existed).
    token_issued_at: Mapped[datetime | None]
    enrolled_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    last_seen_at: Mapped[datetime | None]
    # The cursor of the desk's last pull (`since`), for /status.
    pulled_seq: Mapped[int] = mapped_column(SeqType, default=0)

    __table_args__ = (Index("ix_desk_next_token_hash", "next_token_hash", unique=True),)


class EnrollCode(Base):
    __tablename__ = "enroll_code"

    # SHA-256 of the one-time code.
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    district_id: Mapped[str] = mapped_column(ForeignKey("district.id"))
    station_id: Mapped[str | None] = mapped_column(ForeignKey("station.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    desk_id: Mapped[str | None] = mapped_column(String(ID_LEN))


class Record(Base):
    __tablename__ = "record"

    entity: Mapped[str] = mapped_column(String(40), primary_key=True)
    entity_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    # None: district-scoped (directories, the centre's operators).
    station_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    data: Mapped[dict[str, Any]]
    # field -> [desk time of the change that set it, desk id]
    meta: Mapped[dict[str, Any]]
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The case (reception) or duty group a row belongs to: the rule book loads a case's slips,
    # callbacks and events by it.
    parent_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    # Who may edit a district-scoped row: the station whose desk made it (None: the district
    # centre's). A station's desk edits only its own station's directory rows.
    owner_station_id: Mapped[str | None] = mapped_column(String(ID_LEN))

    __table_args__ = (
        Index("ix_record_district_entity", "district_id", "entity"),
        Index("ix_record_parent", "entity", "parent_id"),
    )


class Change(Base):
    __tablename__ = "change"

    seq: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(ID_LEN), unique=True)
    desk_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(ID_LEN))
    op: Mapped[str] = mapped_column(String(10))
    fields: Mapped[dict[str, Any]]
    operator_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    at: Mapped[str] = mapped_column(String(40))
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    station_id: Mapped[str | None] = mapped_column(String(ID_LEN))

    __table_args__ = (
        Index("ix_change_district_seq", "district_id", "seq"),
        # A station desk's pull: its station's range, and its district's rows of no station.
        Index("ix_change_station_seq", "station_id", "seq"),
        # Does a desk have changes after a given one (pull, `mine`)?
        Index("ix_change_desk_seq", "desk_id", "seq"),
        Index(
            "ix_change_district_shared_seq",
            "district_id",
            "seq",
            postgresql_where=text("station_id IS NULL"),
            sqlite_where=text("station_id IS NULL"),
        ),
    )


class Receipt(Base):
    """A pushed change the server did not apply as sent: refused, or a directory rekeyed."""

    __tablename__ = "receipt"

    change_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    desk_id: Mapped[str] = mapped_column(String(ID_LEN))
    outcome: Mapped[str] = mapped_column(String(10))  # rejected | rekeyed
    code: Mapped[str] = mapped_column(String(40), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[dict[str, Any]]  # the change as the desk sent it: nothing vanishes
    at: Mapped[datetime] = mapped_column(default=utcnow)


class Rekey(Base):
    __tablename__ = "rekey"

    district_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    from_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    entity: Mapped[str] = mapped_column(String(40))
    to_id: Mapped[str] = mapped_column(String(ID_LEN))
    change_id: Mapped[str] = mapped_column(String(ID_LEN), index=True)


class Conflict(Base):
    __tablename__ = "conflict"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    change_id: Mapped[str] = mapped_column(String(ID_LEN), index=True)
    desk_id: Mapped[str] = mapped_column(String(ID_LEN))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(ID_LEN))
    field: Mapped[str] = mapped_column(String(60))
    yours: Mapped[Any] = mapped_column(JSON, nullable=True)
    kept: Mapped[Any] = mapped_column(JSON, nullable=True)
    rule: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime] = mapped_column(default=utcnow)


class SerialCounter(Base):
    """The next slip number free for a station and year (above every grant and every used one)."""

    __tablename__ = "serial_counter"

    station_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    next_free: Mapped[int] = mapped_column(Integer, default=1)


class SerialBlock(Base):
    __tablename__ = "serial_block"

    id: Mapped[int] = mapped_column(SeqType, primary_key=True, autoincrement=True)
    station_id: Mapped[str] = mapped_column(String(ID_LEN))
    year: Mapped[int] = mapped_column(Integer)
    first: Mapped[int] = mapped_column(Integer)
    last: Mapped[int] = mapped_column(Integer)
    desk_id: Mapped[str] = mapped_column(String(ID_LEN))
    granted_at: Mapped[datetime] = mapped_column(default=utcnow)


class SerialUsed(Base):
    """A slip number some pushed referral carries: never granted again, never used twice."""

    __tablename__ = "serial_used"

    station_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[str] = mapped_column(String(ID_LEN))


class RoundUsed(Base):
    """One referral slip per case, round and attempt (the desk's uq_referral_round, across desks)."""

    __tablename__ = "round_used"

    reception_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    round_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    # A slip the unit returned is followed by attempt + 1 in the same round.
    attempt: Mapped[int] = mapped_column(Integer, primary_key=True, default=1)
    referral_id: Mapped[str] = mapped_column(String(ID_LEN))


class HeldChange(Base):
    """A pushed change waiting for a row it names that the server has not got yet (a parent, a
    referenced row): kept, and applied when that row arrives. A desk's edit is never dropped."""

    __tablename__ = "held_change"

    change_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    desk_id: Mapped[str] = mapped_column(String(ID_LEN))
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    # The row it changes (a later change of a held insert waits too).
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str] = mapped_column(String(ID_LEN))
    # The row it waits for.
    waiting_entity: Mapped[str] = mapped_column(String(40))
    waiting_id: Mapped[str] = mapped_column(String(ID_LEN))
    change: Mapped[dict[str, Any]]  # as the desk sent it
    held_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (
        Index("ix_held_change_waiting", "waiting_id"),
        Index("ix_held_change_entity", "entity_id"),
    )


class ServerState(Base):
    """Facts about the database itself, as text: `epoch` (a new one after every restore from a
    backup), `restored_seq` (the last change seq the restored backup held), `restored_at`."""

    __tablename__ = "server_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class PublicToken(Base):
    """A QR code's token (a desk's `public_link` row, kept here as it is applied): the citizen's
    page finds its station, and the deputy, by it."""

    __tablename__ = "public_token"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    link_id: Mapped[str] = mapped_column(String(ID_LEN), unique=True)
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    station_id: Mapped[str] = mapped_column(String(ID_LEN))
    deputy_id: Mapped[str | None] = mapped_column(String(ID_LEN))
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class PublicTicket(Base):
    """A citizen's tracking code: the one way to a submission from outside (unguessable, never
    its id)."""

    __tablename__ = "public_ticket"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)
    submission_id: Mapped[str] = mapped_column(String(ID_LEN), unique=True)
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    station_id: Mapped[str] = mapped_column(String(ID_LEN))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Open311Key(Base):
    """An Open311 API key of a partner system (a 12345 platform): its SHA-256 only."""

    __tablename__ = "open311_key"

    id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True, default=new_id)
    partner: Mapped[str] = mapped_column(String(100))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime)


class Open311Request(Base):
    """A service request a partner posted (Open311): the public submission it made, and what
    Open311 carries beside it. service_request_id is the submission's tracking code."""

    __tablename__ = "open311_request"

    service_request_id: Mapped[str] = mapped_column(String(16), primary_key=True)
    token: Mapped[str] = mapped_column(String(ID_LEN), unique=True)
    key_id: Mapped[str] = mapped_column(String(ID_LEN))
    partner: Mapped[str] = mapped_column(String(100))
    submission_id: Mapped[str] = mapped_column(String(ID_LEN), unique=True)
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    station_id: Mapped[str] = mapped_column(String(ID_LEN))
    service_code: Mapped[str] = mapped_column(String(ID_LEN))
    lat: Mapped[float | None] = mapped_column(Float)
    long: Mapped[float | None] = mapped_column(Float)
    address: Mapped[str] = mapped_column(String(200))
    media_url: Mapped[str] = mapped_column(String(500))
    requested_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_open311_request_partner", "partner", "requested_at"),)


class Open311Partner(Base):
    """A 12345 platform this server forwards cases to (转12345): its Open311 endpoint, the key it
    issued to this server, the jurisdiction to post to, and the category -> service_code map."""

    __tablename__ = "open311_partner"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    base_url: Mapped[str] = mapped_column(String(500))
    api_key: Mapped[str] = mapped_column(String(200))
    jurisdiction_id: Mapped[str] = mapped_column(String(100), default="")
    service_codes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    default_service_code: Mapped[str] = mapped_column(String(100), default="")
    send_phone: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Open311Forward(Base):
    """The forwarder's work list: one row per desk's `case_forward` (its state, as written into
    the row, the next try, tries so far, the work order, the last error)."""

    __tablename__ = "open311_forward"

    forward_id: Mapped[str] = mapped_column(String(ID_LEN), primary_key=True)
    district_id: Mapped[str] = mapped_column(String(ID_LEN))
    partner: Mapped[str] = mapped_column(String(100))
    state: Mapped[str] = mapped_column(String(20))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_at: Mapped[datetime] = mapped_column(default=utcnow)
    work_order: Mapped[str] = mapped_column(String(64), default="")
    last_error: Mapped[str] = mapped_column(String(500), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_open311_forward_due", "state", "next_at"),)
