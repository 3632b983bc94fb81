"""Case classes at the desk (类案, issue 14; the rules are domain/classes.py).

Every write is one transaction: linking a new case to a similar one (forming a class or joining
its class; `link` is also called inside the reception's own save, DeskStore.register_reception,
so a saved reception never loses its link), adding and removing a case, referring the class
together (each member waiting for a slip gets its ordinary slip through `cases.refer`, all or
nothing, as a referral meeting does: storage/meetings.py), recording the unit's reply to the
class slip on every member still waiting for it (`cases.record_reply`), and settling the class.
Who and when: the rows' created_by (the change log hook) with `formed_at`/`joined_at` (the
desk's clock), `left_by`/`left_at` for a removal, `settled_by` for the settlement; the case
timeline reads them (class_reads.class_events).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from desk_app.domain import classes, lifecycle, meetings
from desk_app.domain.classes import ClassRefusal, ClassRefused
from desk_app.domain.lifecycle import REFUSAL_ZH, CaseStatus
from desk_app.domain.permissions import Action
from desk_app.domain.validation import ReferralDraft
from desk_app.storage import cases
from desk_app.storage.class_reads import (
    ClassInfo,
    ClassState,
    ClassSummary,
    active_member,
    active_members,
    class_info,
    class_list,
    class_of_case,
)
from desk_app.storage.class_rows import add_member, get_class, member_case
from desk_app.storage.class_rows import link as link_cases
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import CaseClass, CaseClassReferral, Reception, Referral
from desk_app.storage.store import DeskStore


class ClassReferBlocked(DeskError):
    """A member of the class could not be referred: nothing was referred. `message_zh` names it."""

    def __init__(self, reception_id: str, message_zh: str) -> None:
        super().__init__(message_zh)
        self.reception_id = reception_id
        self.message_zh = message_zh


class ClassStore:
    """The case classes' reads and writes, on a desk's store."""

    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db

    # -- forming and membership --------------------------------------------------------------

    def link(self, new_id: str, existing_id: str, *, by: str, subject: str = "") -> str:
        """Link a case to a similar one (the similar-cases panel): forms a class or joins one."""
        with self.store._acting(by, Action.REGISTER) as s:
            return link_cases(s, new_id, existing_id, now=self.store.clock(), subject=subject)

    def form(self, reception_id: str, subject: str, *, by: str) -> str:
        """A new class holding the case alone (the case view), to which others are then added."""
        errors = classes.validate_subject(subject)
        if errors:
            raise ValidationFailed(errors)
        with self.store._acting(by, Action.REGISTER) as s:
            reception = cases.get_reception(s, reception_id)
            case = member_case(s, reception)
            if CaseStatus(case.status) in classes.GONE:
                raise ClassRefused(ClassRefusal.CASE_GONE)
            if case.class_id is not None:
                raise ClassRefused(ClassRefusal.IN_ANOTHER_CLASS)
            now = self.store.clock()
            c = CaseClass(station_id=reception.station_id, subject=subject.strip(), formed_at=now)
            s.add(c)
            s.flush()
            add_member(s, c, reception.id, now)
            return c.id

    def add(self, class_id: str, reception_id: str, *, by: str) -> None:
        """Add a case to a class (the case view)."""
        with self.store._acting(by, Action.REGISTER) as s:
            c = get_class(s, class_id)
            reception = cases.get_reception(s, reception_id)
            refusal = classes.join_refusal(
                member_case(s, reception),
                class_id=c.id,
                class_station_id=c.station_id,
                settled=c.settled_on is not None,
            )
            if refusal is not None:
                raise ClassRefused(refusal)
            add_member(s, c, reception.id, self.store.clock())

    def remove(self, class_id: str, reception_id: str, *, by: str) -> None:
        """Take a case out of its class (the office's): the membership keeps who and when."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            c = get_class(s, class_id)
            reception = cases.get_reception(s, reception_id)
            refusal = classes.leave_refusal(
                member_case(s, reception), class_id=c.id, settled=c.settled_on is not None
            )
            if refusal is not None:
                raise ClassRefused(refusal)
            member = active_member(s, reception.id)
            assert member is not None
            member.left_at = self.store.clock()
            member.left_by = by

    def rename(self, class_id: str, subject: str, *, by: str) -> None:
        errors = classes.validate_subject(subject)
        if errors:
            raise ValidationFailed(errors)
        with self.store._acting(by, Action.CASE_WORK) as s:
            get_class(s, class_id).subject = subject.strip()

    # -- referring together and the reply ----------------------------------------------------

    def refer_together(self, class_id: str, draft: ReferralDraft, *, by: str) -> str:
        """Refer every member waiting for a slip to one unit, in one write, all or nothing
        (ClassReferBlocked names the case that stopped it). The class slip's id: its first slip,
        whose number the printed slip carries."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            c = get_class(s, class_id)
            if c.settled_on is not None:
                raise ClassRefused(ClassRefusal.SETTLED)
            members = active_members(s, c.id)
            statuses = {
                r.id: r.status
                for r in s.scalars(
                    select(Reception).where(Reception.id.in_([m.reception_id for m in members]))
                )
            }
            ids = classes.to_refer((m.reception_id, statuses[m.reception_id]) for m in members)
            if not ids:
                raise ClassRefused(ClassRefusal.NOTHING_TO_REFER)
            today = self.store.today()
            note = f"类案：{c.subject}（{len(ids)}件一并交办）"
            if draft.note.strip():
                note = f"{note}；{draft.note.strip()}"
            member_draft = ReferralDraft(
                handling_unit_id=draft.handling_unit_id,
                handler=draft.handler,
                referred_on=draft.referred_on,
                working_days=draft.working_days,
                supervisor=draft.supervisor,
                note=note,
            )
            slips: list[tuple[str, Referral]] = []
            for reception_id in ids:
                try:
                    # A refusal rolls the whole transaction back when ClassReferBlocked leaves `_acting`.
                    slips.append((reception_id, cases.refer(s, reception_id, member_draft, today=today)))
                except (lifecycle.IllegalMove, ValidationFailed, NotFound) as error:
                    reception = s.get(Reception, reception_id)
                    label = (
                        meetings.case_label(reception.content, reception.received_at.date())
                        if reception is not None
                        else reception_id
                    )
                    raise ClassReferBlocked(reception_id, _blocked_zh(label, error)) from error
            s.flush()
            lead = slips[0][1]
            for reception_id, referral in slips:
                s.add(
                    CaseClassReferral(
                        station_id=c.station_id,
                        class_id=c.id,
                        reception_id=reception_id,
                        referral_id=referral.id,
                        lead_referral_id=lead.id,
                    )
                )
            s.flush()
            return lead.id

    def reply_together(self, lead_referral_id: str, *, replied_on: date, reply_text: str, by: str) -> int:
        """The unit's reply to a class slip, recorded on every member slip of it still waiting for
        its reply (one write; the rule book judges each case). How many were recorded."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            links = s.scalars(
                select(CaseClassReferral).where(CaseClassReferral.lead_referral_id == lead_referral_id)
            ).all()
            if not links:
                raise ClassRefused(ClassRefusal.NO_CLASS_SLIP)
            waiting = []
            for link_row in links:
                reception = s.get(Reception, link_row.reception_id)
                if (
                    reception is not None
                    and reception.status == CaseStatus.REFERRED.value
                    and cases.current_referral(s, reception).id == link_row.referral_id
                ):
                    waiting.append(reception.id)
            if not waiting:
                raise ClassRefused(ClassRefusal.NOTHING_TO_REPLY)
            today = self.store.today()
            for reception_id in waiting:
                cases.record_reply(
                    s, reception_id, replied_on=replied_on, reply_text=reply_text, operator_id=by, today=today
                )
            return len(waiting)

    # -- settling ----------------------------------------------------------------------------

    def settle(self, class_id: str, *, note: str, settled_on: date, by: str) -> None:
        """Record the rule or measure that solved the class. No member's status changes: each is
        signed off only through its own satisfied callback (domain/classes.py)."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            c = get_class(s, class_id)
            if c.settled_on is not None:
                raise ClassRefused(ClassRefusal.SETTLED)
            errors = classes.validate_settlement(
                note, settled_on, today=self.store.today(), formed_on=c.formed_at.date()
            )
            if errors:
                raise ValidationFailed(errors)
            c.settled_on = settled_on
            c.settle_note = note.strip()
            c.settled_by = by

    # -- reads -------------------------------------------------------------------------------

    def class_of_case(self, reception_id: str) -> ClassInfo | None:
        with self.db.reading() as s:
            return class_of_case(s, reception_id)

    def class_info(self, class_id: str) -> ClassInfo:
        with self.db.reading() as s:
            info = class_info(s, class_id)
            if info is None:
                raise NotFound("case_class", class_id)
            return info

    def classes(
        self, *, state: ClassState | None = None, text: str = "", station_id: str | None = None
    ) -> list[ClassSummary]:
        """The station's classes (the list of classes; `desk-app classes list`), newest first."""
        with self.db.reading() as s:
            return class_list(s, state=state, text=text, station_id=station_id)

    def open_classes(self, station_id: str | None = None) -> list[tuple[str, str, int]]:
        """(id, subject, members) of the classes not yet settled, newest first (the case view's picker)."""
        with self.db.reading() as s:
            stmt = (
                select(CaseClass)
                .where(CaseClass.settled_on.is_(None))
                .order_by(CaseClass.formed_at.desc())
                .limit(500)
            )
            if station_id is not None:
                stmt = stmt.where(CaseClass.station_id == station_id)
            return [(c.id, c.subject, len(active_members(s, c.id))) for c in s.scalars(stmt)]


def _blocked_zh(label: str, error: Exception) -> str:
    if isinstance(error, lifecycle.IllegalMove):
        why = REFUSAL_ZH[error.refusal]
    elif isinstance(error, ValidationFailed):
        why = meetings.field_errors_zh(error.errors)
    else:
        why = "案件不存在（可能已被删除或尚未同步）"
    return f"案件“{label}”不能交办：{why}。类案的案件均未交办，请处理该案件后重试。"
