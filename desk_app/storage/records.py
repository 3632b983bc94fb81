"""Plain, detached records the store hands out: the UI and reports never touch ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class StationInfo:
    id: str
    name: str
    short_name: str
    kind: str
    district: str
    serial_pattern: str


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    id: str
    name: str
    role: str
    active: bool


@dataclass(frozen=True, slots=True)
class CategoryInfo:
    id: str
    name: str
    sort_order: int
    active: bool


@dataclass(frozen=True, slots=True)
class HandlingUnitInfo:
    id: str
    name: str
    contact_person: str
    phone: str
    address: str
    active: bool


@dataclass(frozen=True, slots=True)
class DeputyInfo:
    id: str
    name: str
    level: str
    phone: str
    active: bool


@dataclass(frozen=True, slots=True)
class ReferralInfo:
    id: str
    round_no: int
    serial: str
    handling_unit_id: str
    handling_unit_name: str
    handler: str
    supervisor: str
    referred_on: date
    working_days: int
    reply_due: date
    due_estimated: bool
    note: str
    replied_on: date | None
    reply_text: str
    created_by_name: str
    reply_recorded_by_name: str


@dataclass(frozen=True, slots=True)
class CallbackInfo:
    id: str
    round_no: int
    called_at: datetime
    caller: str
    method: str
    citizen_words: str
    verdict: str
    created_by_name: str


@dataclass(frozen=True, slots=True)
class CaseRow:
    """One line of the case list."""

    id: str
    received_at: datetime
    channel: str
    citizen_name: str
    citizen_phone: str
    category_name: str
    summary: str
    status: str
    round_no: int
    unit_name: str
    reply_due: date | None
    serial: str
    overdue: bool


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One step in a case's history, in the order it happened."""

    kind: str  # received | referred | replied | callback | signed_off
    at: datetime
    round_no: int
    operator_name: str
    detail: dict[str, object] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CaseDetail:
    id: str
    received_at: datetime
    channel: str
    citizen_name: str
    citizen_phone: str
    citizen_address: str
    category_id: str | None
    category_name: str
    content: str
    outcome: str
    on_site_answer: str
    status: str
    round_no: int
    overdue: bool
    deputies: tuple[DeputyInfo, ...]
    referrals: tuple[ReferralInfo, ...]
    callbacks: tuple[CallbackInfo, ...]
    signed_off_at: datetime | None
    signed_off_by_name: str
    sign_off_note: str
    registered_by_name: str
    timeline: tuple[TimelineEvent, ...]

    @property
    def current_referral(self) -> ReferralInfo | None:
        return self.referrals[-1] if self.referrals else None
