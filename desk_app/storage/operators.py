"""Operators: signing in with a PIN (waits and locks after wrong tries), PIN changes and resets,
adding operators and changing roles. Each function takes the caller's write session.

A refused sign-in must still count: the caller commits the session and only then raises the
refusal this module returns (`SignInOutcome.refusal`), so a wrong PIN is never rolled back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import pins
from desk_app.domain.permissions import (
    CENTRE_ROLES,
    STATION_ROLES,
    Action,
    NotPermitted,
    may_reset_pin,
    role_of,
)
from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.domain.vocab import OperatorRole
from desk_app.storage import audit, records
from desk_app.storage.audit import AuditKind
from desk_app.storage.authority import authorize
from desk_app.storage.errors import DuplicateName, NotFound, SignInRefused, ValidationFailed, WeakPin
from desk_app.storage.models import Operator, OperatorLock, Setting
from desk_app.storage.secrets import hash_secret, verify_secret

# Written at enrolment for a district centre's desk: it may give the centre's roles.
CENTRE_DESK_SETTING = "sync.district"
HOME_STATION_SETTING = "sync.station_id"


def info(o: Operator, weak_pin: bool = False) -> records.OperatorInfo:
    return records.OperatorInfo(o.id, o.name, o.role, o.active, weak_pin)


def check_new_pin(pin: str) -> None:
    problem = pins.pin_problem(pin)
    if problem is not None:
        raise WeakPin(problem)


@dataclass(slots=True)
class SignInOutcome:
    operator: records.OperatorInfo | None
    refusal: SignInRefused | None


def _lock(session: Session, operator_id: str) -> OperatorLock:
    lock = session.get(OperatorLock, operator_id)
    if lock is None:
        lock = OperatorLock(operator_id=operator_id, failures=0, last_failure_at=None)
        session.add(lock)
    return lock


def sign_in(session: Session, operator_id: str, secret: str, *, now: datetime) -> SignInOutcome:
    operator = session.get(Operator, operator_id)
    if operator is None:
        audit.record(session, AuditKind.SIGN_IN_FAILED, None, subject=str(operator_id)[:36], detail="unknown")
        return SignInOutcome(None, SignInRefused(operator_id, "unknown"))
    if not operator.active:
        audit.record(session, AuditKind.SIGN_IN_FAILED, operator.id, subject=operator.name, detail="inactive")
        return SignInOutcome(None, SignInRefused(operator_id, "inactive"))
    lock = _lock(session, operator.id)
    wait_until = pins.next_try_at(lock.failures, lock.last_failure_at)
    if wait_until is not None and now < wait_until:
        reason = "locked" if pins.locked_after(lock.failures) else "wait"
        audit.record(session, AuditKind.SIGN_IN_BLOCKED, operator.id, subject=operator.name, detail=reason)
        return SignInOutcome(None, SignInRefused(operator_id, reason, until=wait_until))
    if verify_secret(operator.secret_hash, secret):
        lock.failures, lock.last_failure_at = 0, None
        audit.record(session, AuditKind.SIGN_IN, operator.id, subject=operator.name)
        return SignInOutcome(info(operator, weak_pin=pins.pin_problem(secret) is not None), None)
    lock.failures += 1
    lock.last_failure_at = now
    audit.record(
        session,
        AuditKind.SIGN_IN_FAILED,
        operator.id,
        subject=operator.name,
        detail=f"wrong PIN, {lock.failures} in a row",
    )
    if pins.locked_after(lock.failures):
        if lock.failures == pins.LOCK_AFTER:
            audit.record(session, AuditKind.LOCKED_OUT, operator.id, subject=operator.name)
        return SignInOutcome(
            None, SignInRefused(operator_id, "locked", until=pins.next_try_at(lock.failures, now))
        )
    return SignInOutcome(
        None,
        SignInRefused(
            operator_id,
            "wrong_pin",
            until=pins.next_try_at(lock.failures, now),
            tries_left=pins.LOCK_AFTER - lock.failures,
        ),
    )


def change_own_pin(session: Session, operator_id: str, old: str, new: str, *, now: datetime) -> SignInOutcome:
    """Change your own PIN: the old one is checked like a sign-in (and counts if wrong)."""
    outcome = sign_in(session, operator_id, old, now=now)
    if outcome.refusal is not None:
        return outcome
    check_new_pin(new)
    operator = session.get(Operator, operator_id)
    assert operator is not None
    session.info["operator_id"] = operator.id  # the change log names who changed it
    operator.secret_hash = hash_secret(new)
    audit.record(session, AuditKind.PIN_CHANGED, operator.id, subject=operator.name)
    return SignInOutcome(info(operator), None)


def reset_pin(session: Session, by: str, operator_id: str, new: str) -> None:
    """The office resets a duty deputy's PIN; an administrator anyone's. Clears a lockout."""
    actor = authorize(session, by, Action.RESET_DEPUTY_PIN)  # administrators have it too
    target = session.get(Operator, operator_id)
    if target is None:
        raise NotFound("operator", operator_id)
    if not may_reset_pin(actor.role, target.role):
        raise NotPermitted(Action.OPERATORS, actor.role)
    check_new_pin(new)
    target.secret_hash = hash_secret(new)
    lock = session.get(OperatorLock, target.id)
    if lock is not None:
        lock.failures, lock.last_failure_at = 0, None
    audit.record(session, AuditKind.PIN_RESET, actor.id, subject=target.name)


def allowed_roles(session: Session) -> frozenset[OperatorRole]:
    """Roles this desk may give: a district centre's desk gives the centre's, a station's desk
    (or a standalone one) the station's."""
    station = session.get(Setting, HOME_STATION_SETTING)
    district = session.get(Setting, CENTRE_DESK_SETTING)
    centre_desk = district is not None and district.value and (station is None or not station.value)
    return CENTRE_ROLES if centre_desk else STATION_ROLES


def _check_role(session: Session, role: str) -> list[FieldError]:
    found = role_of(role)
    if found is None or found not in allowed_roles(session):
        return [FieldError("operator_role", FieldProblem.UNKNOWN_CHOICE)]
    return []


def _active_admins(session: Session) -> int:
    return (
        session.scalar(
            select(func.count())
            .select_from(Operator)
            .where(Operator.active, Operator.role == OperatorRole.ADMIN.value)
        )
        or 0
    )


class LastAdministrator(NotPermitted):
    """The desk's last active administrator cannot be removed or demoted: nobody could manage it."""

    def __init__(self, role: str | None) -> None:
        super().__init__(Action.OPERATORS, role, "last_admin")

    def message_zh(self) -> str:
        return "这是本机唯一在用的管理员，不能停用或改为其他身份：请先指定另一位管理员。"


def add_operator(session: Session, by: str, *, name: str, role: str, secret: str) -> records.OperatorInfo:
    authorize(session, by, Action.OPERATORS)
    name = name.strip()
    errors = [FieldError("operator_name", FieldProblem.REQUIRED)] if not name else []
    if len(name) > 50:
        errors.append(FieldError("operator_name", FieldProblem.TOO_LONG))
    errors += _check_role(session, role)
    if errors:
        raise ValidationFailed(errors)
    check_new_pin(secret)
    if session.scalar(select(Operator.id).where(Operator.name == name, Operator.active)):
        raise DuplicateName("operator", name)
    operator = Operator(name=name, role=role, secret_hash=hash_secret(secret), active=True)
    session.add(operator)
    session.flush()
    return info(operator)


def set_active(session: Session, by: str, operator_id: str, active: bool) -> None:
    actor = authorize(session, by, Action.OPERATORS)
    operator = session.get(Operator, operator_id)
    if operator is None:
        raise NotFound("operator", operator_id)
    if (
        not active
        and operator.active
        and operator.role == OperatorRole.ADMIN.value
        and _active_admins(session) <= 1
    ):
        raise LastAdministrator(actor.role)
    operator.active = active


def set_role(session: Session, by: str, operator_id: str, role: str) -> None:
    actor = authorize(session, by, Action.OPERATORS)
    operator = session.get(Operator, operator_id)
    if operator is None:
        raise NotFound("operator", operator_id)
    errors = _check_role(session, role)
    if errors:
        raise ValidationFailed(errors)
    if (
        operator.role == OperatorRole.ADMIN.value
        and role != OperatorRole.ADMIN.value
        and operator.active
        and _active_admins(session) <= 1
    ):
        raise LastAdministrator(actor.role)
    operator.role = role


def lock_state(session: Session, operator_id: str, now: datetime) -> tuple[int, datetime | None]:
    """Wrong PINs in a row, and when the operator may try again (None: now)."""
    lock = session.get(OperatorLock, operator_id)
    if lock is None:
        return 0, None
    until = pins.next_try_at(lock.failures, lock.last_failure_at)
    return lock.failures, until if until is not None and until > now else None
