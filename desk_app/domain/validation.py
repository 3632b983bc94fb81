"""Checks on what a clerk types, returning field errors as stable codes.

Nothing here raises for bad input: the form shows every error at once, next to its field.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from desk_app.domain.vocab import Channel, Outcome

# Mobile numbers: 11 digits starting 13-19. Landlines: optional area code 0xx/0xxx, 7-8 digits,
# optional extension. Hotlines such as 12345 / 95598 are service numbers, not citizens' phones.
# re.ASCII: a bare \d would also accept other scripts' digits (e.g. Arabic-Indic).
_MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$", re.ASCII)
_LANDLINE = re.compile(r"^(?:0\d{2,3})?[2-9]\d{6,7}(?:\d{1,5})?$", re.ASCII)
_SEPARATORS = re.compile(r"[\s\-()（）]")

MAX_CONTENT_CHARS = 20_000
MAX_NAME_CHARS = 50
MAX_SHORT_TEXT_CHARS = 200
# 接待人数: one reception may be a group; a thousand is more than any hall holds.
MAX_HEADCOUNT = 1000


class FieldProblem(StrEnum):
    REQUIRED = "required"
    BAD_PHONE = "bad_phone"
    TOO_LONG = "too_long"
    IN_FUTURE = "in_future"
    UNKNOWN_CHOICE = "unknown_choice"
    OUT_OF_RANGE = "out_of_range"
    BEFORE_START = "before_start"


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    problem: FieldProblem


def normalize_phone(raw: str) -> str:
    """Digits only (with a leading + kept), so 139-0000-0000 and 13900000000 are the same.

    NFKC first: a Chinese input method in full-width mode types １３９０… and （０３７６）.
    """
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", raw).strip())


def is_valid_phone(raw: str) -> bool:
    phone = normalize_phone(raw)
    if not phone:
        return False
    if _MOBILE.match(phone):
        return True
    # Landline with extension written as 0376-1234567-801 collapses to digits above; allow it.
    return bool(_LANDLINE.match(phone)) and len(phone) <= 17


@dataclass(slots=True)
class ReceptionDraft:
    """What the reception form holds; the same shape the server validates."""

    received_at: datetime
    channel: Channel | str
    content: str
    outcome: Outcome | str
    citizen_name: str = ""
    citizen_phone: str = ""
    citizen_address: str = ""
    category_id: str | None = None
    on_site_answer: str = ""
    deputy_ids: tuple[str, ...] = ()
    headcount: int = 1  # 接待人数: a group received together counts its members
    note: str = ""  # 备注


def validate_reception(draft: ReceptionDraft, now: datetime) -> list[FieldError]:
    errors: list[FieldError] = []
    if draft.received_at > now.replace(second=59, microsecond=999999):
        errors.append(FieldError("received_at", FieldProblem.IN_FUTURE))
    if draft.channel not in {c.value for c in Channel}:
        errors.append(FieldError("channel", FieldProblem.UNKNOWN_CHOICE))
    if draft.outcome not in {o.value for o in Outcome}:
        errors.append(FieldError("outcome", FieldProblem.UNKNOWN_CHOICE))
    content = draft.content.strip()
    if not content:
        errors.append(FieldError("content", FieldProblem.REQUIRED))
    elif len(content) > MAX_CONTENT_CHARS:
        errors.append(FieldError("content", FieldProblem.TOO_LONG))
    if len(draft.citizen_name.strip()) > MAX_NAME_CHARS:
        errors.append(FieldError("citizen_name", FieldProblem.TOO_LONG))
    if len(draft.citizen_address.strip()) > MAX_SHORT_TEXT_CHARS:
        errors.append(FieldError("citizen_address", FieldProblem.TOO_LONG))
    if draft.citizen_phone.strip() and not is_valid_phone(draft.citizen_phone):
        errors.append(FieldError("citizen_phone", FieldProblem.BAD_PHONE))
    if len(draft.on_site_answer) > MAX_CONTENT_CHARS:
        errors.append(FieldError("on_site_answer", FieldProblem.TOO_LONG))
    if not 1 <= draft.headcount <= MAX_HEADCOUNT:
        errors.append(FieldError("headcount", FieldProblem.OUT_OF_RANGE))
    if len(draft.note) > MAX_CONTENT_CHARS:
        errors.append(FieldError("note", FieldProblem.TOO_LONG))
    return errors


MAX_WORKING_DAYS = 250


@dataclass(slots=True)
class ReferralDraft:
    handling_unit_id: str | None
    handler: str
    referred_on: date
    working_days: int
    supervisor: str
    note: str = ""


def validate_referral(draft: ReferralDraft, today: date) -> list[FieldError]:
    errors: list[FieldError] = []
    if not draft.handling_unit_id:
        errors.append(FieldError("handling_unit_id", FieldProblem.REQUIRED))
    if len(draft.handler.strip()) > MAX_NAME_CHARS:
        errors.append(FieldError("handler", FieldProblem.TOO_LONG))
    if not 1 <= draft.working_days <= MAX_WORKING_DAYS:
        errors.append(FieldError("working_days", FieldProblem.OUT_OF_RANGE))
    if draft.referred_on > today:
        errors.append(FieldError("referred_on", FieldProblem.IN_FUTURE))
    if not draft.supervisor.strip():
        errors.append(FieldError("supervisor", FieldProblem.REQUIRED))
    elif len(draft.supervisor.strip()) > MAX_NAME_CHARS:
        errors.append(FieldError("supervisor", FieldProblem.TOO_LONG))
    return errors


def validate_text_required(field: str, text: str, limit: int = MAX_CONTENT_CHARS) -> list[FieldError]:
    text = text.strip()
    if not text:
        return [FieldError(field, FieldProblem.REQUIRED)]
    if len(text) > limit:
        return [FieldError(field, FieldProblem.TOO_LONG)]
    return []


def validate_not_before(field: str, value: date, start: date) -> list[FieldError]:
    return [FieldError(field, FieldProblem.BEFORE_START)] if value < start else []


def validate_not_future(field: str, value: date | datetime, now: date | datetime) -> list[FieldError]:
    return [FieldError(field, FieldProblem.IN_FUTURE)] if value > now else []
