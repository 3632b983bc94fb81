"""Reads of case classes (类案, issue 14; storage/class_store.py writes them): a case's class and
its members, the class's timeline entries on a case, the class slips (the tally's facts of the
classes are read by tally_queries.class_facts). Kept apart from class_store.py so that queries.py
(below DeskStore) can read them. The case timeline's entries, the rule of the memberships in force
and the 类案 column select the Core tables (storage/tables.py), on a session or a Core connection:
the case view's read (storage/case_reads.py) imports neither the ORM nor the mapped classes; the
other reads load the mapped classes (`models`, on first use)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import Select, select

from desk_app.domain.classes import waits_for_slip
from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage import tables

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.storage import models
    from desk_app.storage.db import Reader
    from desk_app.storage.records import TimelineEvent
else:
    from desk_app.storage.later import Later

    models = Later("desk_app.storage.models")


@dataclass(frozen=True, slots=True)
class ClassMember:
    reception_id: str
    received_at: datetime
    citizen_name: str
    content: str
    status: str
    serial: str  # the case's current slip number, or ""
    joined_at: datetime
    joined_by: str  # the operator's name


@dataclass(frozen=True, slots=True)
class ClassSlip:
    """A class slip: the member slips issued together, the first one's number printed on it."""

    lead_referral_id: str
    serial: str
    unit_name: str
    referred_on: date
    reply_due: date
    # (case id, the member's own slip number, round) of every member referred on it.
    members: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True, slots=True)
class ClassInfo:
    id: str
    station_id: str
    subject: str
    formed_at: datetime
    formed_by: str  # the operator's name
    settled_on: date | None
    settle_note: str
    settled_by: str  # the operator's name, or ""
    members: tuple[ClassMember, ...]
    slips: tuple[ClassSlip, ...]

    @property
    def settled(self) -> bool:
        return self.settled_on is not None


@dataclass(frozen=True, slots=True)
class ClassSummary:
    """A line of the station's list of classes: what it is about, how far it got."""

    id: str
    station_id: str
    subject: str
    formed_at: datetime
    formed_by: str  # the operator's name
    members: int  # member cases in force
    waiting: int  # members waiting for a slip (referred if the class is referred together now)
    referred: int  # members referred on a class slip
    signed_off: int  # members signed off (销号), each after its own satisfied callback
    settled_on: date | None
    settle_note: str

    @property
    def settled(self) -> bool:
        return self.settled_on is not None


class ClassState(StrEnum):
    OPEN = "open"
    SETTLED = "settled"


def class_list(
    session: Session, *, state: ClassState | None = None, text: str = "", station_id: str | None = None
) -> list[ClassSummary]:
    """The classes (of one station, or every one the desk holds), newest first; `state` keeps
    the open or the settled ones, `text` those whose subject holds it. Classes are few beside
    the cases: the memberships in force are read whole."""
    stmt = select(models.CaseClass).order_by(models.CaseClass.formed_at.desc(), models.CaseClass.id.desc())
    if station_id is not None:
        stmt = stmt.where(models.CaseClass.station_id == station_id)
    if state is ClassState.OPEN:
        stmt = stmt.where(models.CaseClass.settled_on.is_(None))
    elif state is ClassState.SETTLED:
        stmt = stmt.where(models.CaseClass.settled_on.is_not(None))
    words = text.split()
    found = [c for c in session.scalars(stmt) if all(w in c.subject for w in words)]
    if not found:
        return []
    wanted = {c.id for c in found}
    current = in_force().subquery()
    members: dict[str, list[tuple[str, str]]] = {}
    for class_id, reception_id, status in session.execute(
        select(current.c.class_id, current.c.reception_id, models.Reception.status).join(
            models.Reception, models.Reception.id == current.c.reception_id
        )
    ):
        if class_id in wanted:
            members.setdefault(class_id, []).append((reception_id, status))
    referred: dict[str, set[str]] = {}
    for class_id, reception_id in session.execute(
        select(models.CaseClassReferral.class_id, models.CaseClassReferral.reception_id)
    ):
        if class_id in wanted:
            referred.setdefault(class_id, set()).add(reception_id)
    names = _names(session, {c.created_by for c in found})
    out = []
    for c in found:
        cases = members.get(c.id, [])
        out.append(
            ClassSummary(
                c.id,
                c.station_id,
                c.subject,
                c.formed_at,
                names.get(c.created_by or "", ""),
                len(cases),
                sum(1 for _rid, status in cases if waits_for_slip(status)),
                len(referred.get(c.id, set()) & {rid for rid, _status in cases}),
                sum(1 for _rid, status in cases if status == CaseStatus.SIGNED_OFF.value),
                c.settled_on,
                c.settle_note,
            )
        )
    return out


def _case_in_force(stmt: Select[Any], reception_id: str) -> Select[Any]:
    """`stmt` (of case_class_member) narrowed to the case's membership in force: a case is in one
    class at a time; should two desks have put it in two classes offline, the latest to be made
    counts."""
    member = tables.case_class_member
    return (
        stmt.where(member.c.reception_id == reception_id, member.c.left_at.is_(None))
        .order_by(member.c.joined_at.desc(), member.c.id.desc())
        .limit(1)
    )


def _class_in_force(stmt: Select[Any], class_id: str) -> Select[Any]:
    """`stmt` (of case_class_member) narrowed to the class's members in force, in the order their
    cases were received (the class slip's list)."""
    # A case put into this class and, later, into another (offline, on two desks) counts in the
    # later one: one query, not a look-up per member (a class of 200 read in 0.1-0.2 s that way).
    member, reception = tables.case_class_member, tables.reception
    return (
        stmt.join(reception, reception.c.id == member.c.reception_id)
        .where(member.c.class_id == class_id, member.c.left_at.is_(None), ~_newer_in_force())
        .order_by(reception.c.received_at, reception.c.id)
    )


def active_member(session: Session, reception_id: str) -> models.CaseClassMember | None:
    """The case's membership in force (_case_in_force)."""
    return session.scalars(_case_in_force(select(models.CaseClassMember), reception_id)).first()


def active_members(session: Session, class_id: str) -> list[models.CaseClassMember]:
    """The members in force, in the order their cases were received (_class_in_force)."""
    return list(session.scalars(_class_in_force(select(models.CaseClassMember), class_id)).all())


def _names(session: Reader, ids: set[str | None]) -> dict[str, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    op = tables.operator
    return {o.id: o.name for o in session.execute(select(op.c.id, op.c.name).where(op.c.id.in_(wanted)))}


def class_slips(session: Session, class_id: str) -> list[ClassSlip]:
    rows = session.execute(
        select(models.CaseClassReferral, models.Referral)
        .join(models.Referral, models.Referral.id == models.CaseClassReferral.referral_id)
        .where(models.CaseClassReferral.class_id == class_id)
        .order_by(models.Referral.serial_year, models.Referral.serial_seq)
    ).all()
    grouped: dict[str, list[tuple[str, str, int]]] = {}
    for link, referral in rows:
        grouped.setdefault(link.lead_referral_id, []).append(
            (link.reception_id, referral.serial, referral.round_no)
        )
    out = []
    for lead_id, members in grouped.items():
        lead = session.get(models.Referral, lead_id)
        assert lead is not None
        unit = session.get(models.HandlingUnit, lead.handling_unit_id)
        out.append(
            ClassSlip(
                lead_id,
                lead.serial,
                unit.name if unit is not None else "",
                lead.referred_on,
                lead.reply_due,
                tuple(members),
            )
        )
    out.sort(key=lambda x: (x.referred_on, x.serial))
    return out


def class_info(session: Session, class_id: str) -> ClassInfo | None:
    c = session.get(models.CaseClass, class_id)
    if c is None:
        return None
    members = active_members(session, class_id)
    names = _names(session, {c.created_by, c.settled_by, *(m.created_by for m in members)})
    cases = {
        r.id: r
        for r in session.scalars(
            select(models.Reception).where(models.Reception.id.in_([m.reception_id for m in members]))
        )
    }
    return ClassInfo(
        c.id,
        c.station_id,
        c.subject,
        c.formed_at,
        names.get(c.created_by or "", ""),
        c.settled_on,
        c.settle_note,
        names.get(c.settled_by or "", ""),
        tuple(
            ClassMember(
                m.reception_id,
                cases[m.reception_id].received_at,
                cases[m.reception_id].citizen_name,
                cases[m.reception_id].content,
                cases[m.reception_id].status,
                cases[m.reception_id].serial or "",
                m.joined_at,
                names.get(m.created_by or "", ""),
            )
            for m in members
            if m.reception_id in cases
        ),
        tuple(class_slips(session, class_id)),
    )


def class_of_case(session: Session, reception_id: str) -> ClassInfo | None:
    member = active_member(session, reception_id)
    return class_info(session, member.class_id) if member is not None else None


def in_force() -> Select[str, str]:
    """(reception_id, class_id) of every membership in force: not left, and no later one in force
    for the same case (should two desks have put a case into two classes offline, the latest to
    be made counts, as in active_member). For the case list's 类案 filter and order."""
    member = tables.case_class_member
    return select(member.c.reception_id, member.c.class_id).where(
        member.c.left_at.is_(None), ~_newer_in_force()
    )


def _newer_in_force() -> Any:
    """EXISTS a membership of the same case in force made after this one (active_member's order:
    joined_at, then id)."""
    member = tables.case_class_member
    later = member.alias()
    return (
        select(later.c.id)
        .where(
            later.c.reception_id == member.c.reception_id,
            later.c.left_at.is_(None),
            (later.c.joined_at > member.c.joined_at)
            | ((later.c.joined_at == member.c.joined_at) & (later.c.id > member.c.id)),
        )
        .exists()
    )


# Up to this many cases, their classes are looked up by id; beyond (an export of the whole
# list), every membership in force is read: classes are few beside the cases.
_BY_ID_MAX = 500


def subjects_in_force() -> Select[str, str]:
    """(case id, its class's subject) of every membership in force, the latest last: read into a
    dict, the latest membership wins, as in active_member."""
    member, case_class = tables.case_class_member, tables.case_class
    return (
        select(member.c.reception_id, case_class.c.subject)
        .join(case_class, case_class.c.id == member.c.class_id)
        .where(member.c.left_at.is_(None))
        .order_by(member.c.joined_at, member.c.id)
    )


def class_subjects_of(session: Reader, reception_ids: Sequence[str]) -> dict[str, str]:
    """case id -> the subject of the class it is in now, for those of `reception_ids` in one
    (the case list's 类案 column: a page of rows, or an export of the whole list)."""
    if not reception_ids:
        return {}
    stmt = subjects_in_force()
    if len(reception_ids) <= _BY_ID_MAX:
        stmt = stmt.where(tables.case_class_member.c.reception_id.in_(list(reception_ids)))
        # The latest membership wins, as in active_member.
        return {reception_id: subject for reception_id, subject in session.execute(stmt)}
    wanted = set(reception_ids)
    return {rid: subject for rid, subject in session.execute(stmt) if rid in wanted}


def _round_at(referrals: Sequence[tuple[int, datetime]], at: datetime) -> int:
    """The case's round when something happened at `at` (0 before its first slip)."""
    return max((round_no for round_no, made in referrals if made <= at), default=0)


def class_events(session: Reader, reception_id: str, round_no: int) -> list[TimelineEvent]:
    """A case's timeline entries of its classes: joining and leaving each, its class's slip, and the
    rule or measure that settled the class (issue 14). `round_no`: the case's current round."""
    # records (17 dataclasses) only for a case's timeline: a tally's reads do without it.
    from desk_app.storage.records import TimelineEvent

    member, case_class = tables.case_class_member, tables.case_class
    referral, link = tables.referral, tables.case_class_referral
    memberships = session.execute(
        select(member).where(member.c.reception_id == reception_id).order_by(member.c.joined_at)
    ).all()
    if not memberships:
        return []
    class_ids = {m.class_id for m in memberships}
    classes = {c.id: c for c in session.execute(select(case_class).where(case_class.c.id.in_(class_ids)))}
    names = _names(
        session,
        {
            *(m.created_by for m in memberships),
            *(m.left_by for m in memberships),
            *(c.settled_by for c in classes.values()),
        },
    )
    referrals = [
        (r.round_no, datetime.combine(r.referred_on, time.min))
        for r in session.execute(
            select(referral.c.round_no, referral.c.referred_on).where(referral.c.reception_id == reception_id)
        )
    ]
    out: list[TimelineEvent] = []
    current = session.scalar(_case_in_force(select(member.c.id), reception_id))
    for m in memberships:
        c = classes.get(m.class_id)
        if c is None:
            continue
        size = len(session.execute(_class_in_force(select(member.c.id), c.id)).all())
        out.append(
            TimelineEvent(
                "class_joined",
                m.joined_at,
                _round_at(referrals, m.joined_at),
                names.get(m.created_by or "", ""),
                {"subject": c.subject, "members": size},
            )
        )
        if m.left_at is not None:
            out.append(
                TimelineEvent(
                    "class_left",
                    m.left_at,
                    _round_at(referrals, m.left_at),
                    names.get(m.left_by or "", ""),
                    {"subject": c.subject},
                )
            )
        if c.settled_on is not None and (m.left_at is None and current is not None and current == m.id):
            at = datetime.combine(c.settled_on, time.max.replace(microsecond=0))
            out.append(
                TimelineEvent(
                    "class_settled",
                    at,
                    round_no,
                    names.get(c.settled_by or "", ""),
                    {"subject": c.subject, "note": c.settle_note},
                )
            )
    for row in session.execute(
        select(link.c.class_id, link.c.lead_referral_id, referral.c.referred_on, referral.c.round_no)
        .join(referral, referral.c.id == link.c.referral_id)
        .where(link.c.reception_id == reception_id)
    ).all():
        c = classes.get(row.class_id)
        lead = session.execute(select(referral.c.serial).where(referral.c.id == row.lead_referral_id)).first()
        together = session.execute(
            select(link.c.id).where(link.c.lead_referral_id == row.lead_referral_id)
        ).all()
        out.append(
            TimelineEvent(
                "class_referred",
                datetime.combine(row.referred_on, time.min),
                row.round_no,
                "",
                {
                    "subject": c.subject if c is not None else "",
                    "class_serial": lead.serial if lead is not None else "",
                    "cases": len(together),
                },
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class ClassSlipLine:
    """A line of a class slip's attachment (附件：类案案件清单): a member case and its own slip."""

    reception_id: str
    serial: str
    received_on: date
    citizen_name: str
    content: str
    reply_due: date


def class_slip_lines(session: Session, lead_referral_id: str) -> tuple[str, list[ClassSlipLine]]:
    """The class's subject and the member cases referred on the class slip, in slip-number order."""
    rows = session.execute(
        select(models.CaseClassReferral.class_id, models.Referral, models.Reception)
        .join(models.Referral, models.Referral.id == models.CaseClassReferral.referral_id)
        .join(models.Reception, models.Reception.id == models.CaseClassReferral.reception_id)
        .where(models.CaseClassReferral.lead_referral_id == lead_referral_id)
        .order_by(models.Referral.serial_year, models.Referral.serial_seq)
    ).all()
    subject = ""
    if rows:
        c = session.get(models.CaseClass, rows[0][0])
        subject = c.subject if c is not None else ""
    return subject, [
        ClassSlipLine(
            rec.id, ref.serial, rec.received_at.date(), rec.citizen_name, rec.content, ref.reply_due
        )
        for _cid, ref, rec in rows
    ]
