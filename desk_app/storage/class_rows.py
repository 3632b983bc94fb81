"""Session-level writes of case classes (类案, issue 14), used by storage/class_store.py and by
DeskStore.register_reception, which links a new reception to a similar case inside its own save
(one transaction: a saved reception never loses its link)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from desk_app.domain import classes
from desk_app.domain.classes import ClassRefusal, ClassRefused, MemberCase
from desk_app.storage import cases
from desk_app.storage.class_reads import active_member
from desk_app.storage.errors import NotFound, ValidationFailed
from desk_app.storage.models import CaseClass, CaseClassMember, Reception


def member_case(session: Session, reception: Reception) -> MemberCase:
    member = active_member(session, reception.id)
    return MemberCase(
        reception.id, reception.station_id, reception.status, member.class_id if member else None
    )


def get_class(session: Session, class_id: str) -> CaseClass:
    c = session.get(CaseClass, class_id)
    if c is None:
        raise NotFound("case_class", class_id)
    return c


def add_member(session: Session, c: CaseClass, reception_id: str, now: datetime) -> None:
    session.add(
        CaseClassMember(station_id=c.station_id, class_id=c.id, reception_id=reception_id, joined_at=now)
    )
    session.flush()


def link(session: Session, new_id: str, existing_id: str, *, now: datetime, subject: str = "") -> str:
    """Link the case `new_id` to the similar case `existing_id`: into the class `existing_id` is
    in, or a new class of the two (named `subject`, else the start of the existing case's account).
    The class's id. Raises ClassRefused, ValidationFailed, NotFound."""
    new = cases.get_reception(session, new_id)
    existing = cases.get_reception(session, existing_id)
    new_case, existing_case = member_case(session, new), member_case(session, existing)
    refusal = classes.link_refusal(new_case, existing_case)
    if refusal is not None:
        raise ClassRefused(refusal)
    if existing_case.class_id is not None:
        c = get_class(session, existing_case.class_id)
        if c.settled_on is not None:
            raise ClassRefused(ClassRefusal.SETTLED)
        add_member(session, c, new.id, now)
        return c.id
    name = subject.strip() or classes.default_subject(existing.content)
    errors = classes.validate_subject(name)
    if errors:
        raise ValidationFailed(errors)
    c = CaseClass(station_id=existing.station_id, subject=name, formed_at=now)
    session.add(c)
    session.flush()
    add_member(session, c, existing.id, now)
    add_member(session, c, new.id, now)
    return c.id
