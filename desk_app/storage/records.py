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
    callback_working_days: int = 1
    refer_working_days: int = 3
    # What the citizen's progress page shows (domain.public.PageShows).
    progress_shows_unit: bool = True
    progress_shows_deadline: bool = True
    progress_shows_reply: bool = False


@dataclass(frozen=True, slots=True)
class OperatorInfo:
    id: str
    name: str
    role: str
    active: bool
    # Set by a sign-in whose PIN the current rules call weak: the window asks for a new one.
    weak_pin: bool = False


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
    attempt: int = 1
    returned_on: date | None = None
    return_reason: str = ""


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
    cause: str = ""


@dataclass(frozen=True, slots=True)
class CallbackAttemptInfo:
    id: str
    round_no: int
    attempted_at: datetime
    caller: str
    method: str
    note: str
    created_by_name: str


@dataclass(frozen=True, slots=True)
class ChaseInfo:
    id: str
    round_no: int
    chased_at: datetime
    method: str
    unit_contact: str
    note: str
    created_by_name: str


@dataclass(frozen=True, slots=True)
class ExtensionInfo:
    id: str
    round_no: int
    requested_on: date
    requested_by: str
    reason: str
    extra_working_days: int
    state: str
    old_due: date
    new_due: date | None
    due_estimated: bool
    decided_on: date | None
    decided_by_name: str
    decision_note: str
    created_by_name: str


@dataclass(frozen=True, slots=True)
class CaseEventInfo:
    id: str
    round_no: int
    kind: str
    at: datetime
    reason: str
    fields: str
    related_id: str | None
    created_by_name: str
    # For a correction: field -> (old, new), from the change log of the same write.
    changes: tuple[tuple[str, object, object], ...] = ()


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
    # The deadline of the state the case waits in (reply, callback, next slip); None when closed.
    waiting_due: date | None = None
    # The subject of the class (类案, issue 14) the case is in, or "".
    class_subject: str = ""


@dataclass(frozen=True, slots=True)
class TimelineEvent:
    """One step in a case's history, in the order it happened."""

    # received | referred | replied | returned | chased | extension_requested | extension_decided |
    # callback | callback_not_reached | signed_off | closed_explained | reopened | withdrawn |
    # voided | merged | corrected
    kind: str
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
    attempts: tuple[CallbackAttemptInfo, ...] = ()
    chases: tuple[ChaseInfo, ...] = ()
    extensions: tuple[ExtensionInfo, ...] = ()
    events: tuple[CaseEventInfo, ...] = ()
    waiting_due: date | None = None
    waiting_estimated: bool = False
    merged_into: str | None = None
    station_id: str = ""
    headcount: int = 1  # 接待人数: a group received together
    note: str = ""  # 备注
    level: str = "station"  # who handles it now (issue 13, domain.transfers.CaseLevel)

    @property
    def current_referral(self) -> ReferralInfo | None:
        """The slip of the current round (its latest attempt, after a return)."""
        current = [r for r in self.referrals if r.round_no == self.round_no]
        if current:
            return max(current, key=lambda r: r.attempt)
        return self.referrals[-1] if self.referrals else None

    @property
    def pending_extension(self) -> ExtensionInfo | None:
        slip = self.current_referral
        return next(
            (
                e
                for e in reversed(self.extensions)
                if e.state == "pending" and slip is not None and e.round_no == slip.round_no
            ),
            None,
        )


@dataclass(frozen=True, slots=True)
class AuditInfo:
    id: int
    at: datetime  # UTC
    kind: str  # an audit.AuditKind value
    operator_name: str
    subject: str
    detail: str


@dataclass(frozen=True, slots=True)
class MovedDeadline:
    """A slip whose estimated deadline moved when its year's calendar became known."""

    reception_id: str
    serial: str
    old_due: date
    new_due: date


@dataclass(frozen=True, slots=True)
class CalendarApplied:
    year: int
    days_set: int
    days_removed: int
    moved: tuple[MovedDeadline, ...]
