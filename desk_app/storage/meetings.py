"""Face-to-face referral meetings at the desk (交办会, issue 13 item 3; domain/meetings.py).

A meeting is planned, its cases picked, and all of them referred in ONE write transaction: each
case gets an ordinary slip through `cases.refer` (the station's numbering, the same working-day
deadline rule, the rule book judging each case) and a `meeting_item` naming the slip. When any
case cannot be referred, the transaction is rolled back and `MeetingBlocked` names that case in
Chinese: no slip, no number, no item is left behind. Replies and callbacks of those slips count
back to the meeting (`MeetingStore.counts`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle, meetings
from desk_app.domain.lifecycle import REFUSAL_ZH, Move
from desk_app.domain.meetings import MeetingCounts, MeetingDraft, MeetingItemDraft
from desk_app.domain.permissions import Action
from desk_app.domain.validation import FieldError, FieldProblem, ReferralDraft
from desk_app.domain.vocab import Verdict
from desk_app.storage import cases
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import (
    Callback,
    Category,
    HandlingUnit,
    Meeting,
    MeetingItem,
    Reception,
    Referral,
)
from desk_app.storage.stations import home_station
from desk_app.storage.store import DeskStore

_SATISFIED = (Verdict.SATISFIED.value, Verdict.BASICALLY_SATISFIED.value)


class MeetingBlocked(DeskError):
    """A case of the meeting could not be referred: nothing was referred. `message_zh` names it."""

    def __init__(self, reception_id: str, message_zh: str) -> None:
        super().__init__(f"meeting referral blocked by {reception_id}: {message_zh}")
        self.reception_id = reception_id
        self.message_zh = message_zh


@dataclass(frozen=True, slots=True)
class MeetingRow:
    id: str
    title: str
    held_on: date
    place: str
    presiding: str
    units: str
    note: str
    counts: MeetingCounts


@dataclass(frozen=True, slots=True)
class CandidateRow:
    """A case waiting for a slip, as the meeting's picker lists it."""

    reception_id: str
    received_on: date
    content: str
    category_id: str | None
    category_name: str
    unit_id: str | None  # the unit of its last slip (a second round, a return), if any
    unit_name: str
    round_no: int
    status: str


@dataclass(frozen=True, slots=True)
class MinutesItem:
    """A line of the minutes (纪要): the case, its unit, handler and deadline, and its slip."""

    reception_id: str
    serial: str
    content: str
    citizen_name: str
    unit_name: str
    handler: str
    reply_due: date
    round_no: int
    replied_on: date | None
    verdict: str


def _counts(session: Session, meeting_ids: Sequence[str]) -> dict[str, MeetingCounts]:
    """Referred, answered, called back and satisfied (latest callback of the slip) per meeting."""
    if not meeting_ids:
        return {}
    items = session.execute(
        select(MeetingItem.meeting_id, MeetingItem.referral_id, Referral.replied_on)
        .join(Referral, Referral.id == MeetingItem.referral_id)
        .where(MeetingItem.meeting_id.in_(list(meeting_ids)))
    ).all()
    referral_ids = [r.referral_id for r in items]
    latest: dict[str, str] = {}
    if referral_ids:
        for referral_id, verdict in session.execute(
            select(Callback.referral_id, Callback.verdict)
            .where(Callback.referral_id.in_(referral_ids))
            .order_by(Callback.called_at, Callback.id)
        ):
            latest[referral_id] = verdict
    acc: dict[str, list[int]] = {m: [0, 0, 0, 0] for m in meeting_ids}
    for meeting_id, referral_id, replied_on in items:
        a = acc[meeting_id]
        a[0] += 1
        a[1] += replied_on is not None
        a[2] += referral_id in latest
        a[3] += latest.get(referral_id) in _SATISFIED
    return {m: MeetingCounts(*a) for m, a in acc.items()}


def _row(m: Meeting, counts: MeetingCounts) -> MeetingRow:
    return MeetingRow(m.id, m.title, m.held_on, m.place, m.presiding, m.units, m.note, counts)


def _why_zh(error: Exception) -> str:
    if isinstance(error, lifecycle.IllegalMove):
        return REFUSAL_ZH[error.refusal]
    if isinstance(error, ValidationFailed):
        return meetings.field_errors_zh(error.errors)
    if isinstance(error, NotFound):
        return "案件不存在（可能已被删除或尚未同步）"
    raise error


class MeetingStore:
    """The meetings' reads and writes, on a desk's store."""

    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db

    # -- planning ----------------------------------------------------------------------------

    def plan(self, draft: MeetingDraft, *, by: str) -> str:
        errors = meetings.validate_meeting(draft)
        if errors:
            raise ValidationFailed(errors)
        with self.store._acting(by, Action.CASE_WORK) as s:
            station = home_station(s)
            if station is None:
                raise NotFound("station", "-")
            title = draft.title.strip()
            if not title:
                held = s.scalar(
                    select(func.count())
                    .select_from(Meeting)
                    .where(Meeting.held_on >= date(draft.held_on.year, 1, 1))
                    .where(Meeting.held_on <= date(draft.held_on.year, 12, 31))
                )
                title = meetings.default_title(draft.held_on, int(held or 0) + 1)
            meeting = Meeting(
                station_id=station.id,
                title=title,
                held_on=draft.held_on,
                place=draft.place.strip(),
                presiding=draft.presiding.strip(),
                units=draft.units.strip(),
                note=draft.note.strip(),
            )
            s.add(meeting)
            s.flush()
            return meeting.id

    def meetings(self, start: date | None = None, end: date | None = None) -> list[MeetingRow]:
        """Meetings (newest first), with what came back to each."""
        with self.db.reading() as s:
            stmt = select(Meeting).order_by(Meeting.held_on.desc(), Meeting.created_at.desc())
            if start is not None:
                stmt = stmt.where(Meeting.held_on >= start)
            if end is not None:
                stmt = stmt.where(Meeting.held_on <= end)
            rows = s.scalars(stmt).all()
            counts = _counts(s, [m.id for m in rows])
            return [_row(m, counts[m.id]) for m in rows]

    def meeting(self, meeting_id: str) -> MeetingRow:
        with self.db.reading() as s:
            m = s.get(Meeting, meeting_id)
            if m is None:
                raise NotFound("meeting", meeting_id)
            return _row(m, _counts(s, [m.id])[m.id])

    # -- picking -----------------------------------------------------------------------------

    def candidates(
        self, *, category_ids: Sequence[str] = (), unit_ids: Sequence[str] = (), limit: int = 2000
    ) -> list[CandidateRow]:
        """Cases that may be referred now (waiting for a slip), oldest first, filtered by category
        and by unit (the unit of an earlier slip: a second round, a returned slip)."""
        waiting = [s.value for s in lifecycle.LEGAL_IN[Move.REFER]]
        with self.db.reading() as s:
            stmt = (
                select(Reception, Category.name, HandlingUnit.name)
                .outerjoin(Category, Category.id == Reception.category_id)
                .outerjoin(HandlingUnit, HandlingUnit.id == Reception.unit_id)
                .where(Reception.status.in_(waiting))
                .order_by(Reception.received_at)
                .limit(limit)
            )
            if category_ids:
                stmt = stmt.where(Reception.category_id.in_(list(category_ids)))
            if unit_ids:
                stmt = stmt.where(Reception.unit_id.in_(list(unit_ids)))
            return [
                CandidateRow(
                    r.id,
                    r.received_at.date(),
                    r.content,
                    r.category_id,
                    cat or "",
                    r.unit_id,
                    unit or "",
                    r.round_no,
                    r.status,
                )
                for r, cat, unit in s.execute(stmt)
            ]

    # -- referring ---------------------------------------------------------------------------

    def refer_all(
        self, meeting_id: str, items: Sequence[MeetingItemDraft], *, supervisor: str, by: str
    ) -> list[str]:
        """Refer every case of `items` at the meeting, in one write: one slip each, dated the
        meeting's day, numbered by the station's numbering. All or nothing (MeetingBlocked names
        the case that stopped it). The slips' ids, in the order of `items`."""
        if not items:
            raise ValidationFailed([FieldError("items", FieldProblem.REQUIRED)])
        if len({i.reception_id for i in items}) != len(items):
            raise ValidationFailed([FieldError("items", FieldProblem.UNKNOWN_CHOICE)])
        with self.store._acting(by, Action.CASE_WORK) as s:
            meeting = s.get(Meeting, meeting_id)
            if meeting is None:
                raise NotFound("meeting", meeting_id)
            today = self.store.today()
            if meeting.held_on > today:
                raise ValidationFailed([FieldError("held_on", FieldProblem.IN_FUTURE)])
            already = set(
                s.scalars(select(MeetingItem.reception_id).where(MeetingItem.meeting_id == meeting_id))
            )
            slips: list[str] = []
            for item in items:
                reception = s.get(Reception, item.reception_id)
                label = (
                    meetings.case_label(reception.content, reception.received_at.date())
                    if reception is not None
                    else item.reception_id
                )
                if item.reception_id in already:
                    raise MeetingBlocked(
                        item.reception_id, meetings.blocked_message_zh(label, "已在本次交办会交办")
                    )
                draft = ReferralDraft(
                    handling_unit_id=item.handling_unit_id,
                    handler=item.handler,
                    referred_on=meeting.held_on,
                    working_days=item.working_days,
                    supervisor=supervisor,
                    note=meeting.title,
                )
                try:
                    # A refusal rolls the whole transaction back when MeetingBlocked leaves `_acting`.
                    referral = cases.refer(s, item.reception_id, draft, today=today)
                except (lifecycle.IllegalMove, ValidationFailed, NotFound) as error:
                    raise MeetingBlocked(
                        item.reception_id, meetings.blocked_message_zh(label, _why_zh(error))
                    ) from error
                s.add(
                    MeetingItem(
                        station_id=referral.station_id,
                        meeting_id=meeting.id,
                        reception_id=item.reception_id,
                        referral_id=referral.id,
                    )
                )
                slips.append(referral.id)
            s.flush()
            return slips

    # -- reading back ------------------------------------------------------------------------

    def minutes(self, meeting_id: str) -> list[MinutesItem]:
        """The minutes' lines, in slip-number order."""
        with self.db.reading() as s:
            rows = s.execute(
                select(MeetingItem, Referral, Reception, HandlingUnit.name)
                .join(Referral, Referral.id == MeetingItem.referral_id)
                .join(Reception, Reception.id == MeetingItem.reception_id)
                .outerjoin(HandlingUnit, HandlingUnit.id == Referral.handling_unit_id)
                .where(MeetingItem.meeting_id == meeting_id)
                .order_by(Referral.serial_year, Referral.serial_seq)
            ).all()
            latest: dict[str, str] = {}
            ids = [r.id for _i, r, _c, _u in rows]
            if ids:
                for referral_id, verdict in s.execute(
                    select(Callback.referral_id, Callback.verdict)
                    .where(Callback.referral_id.in_(ids))
                    .order_by(Callback.called_at, Callback.id)
                ):
                    latest[referral_id] = verdict
            return [
                MinutesItem(
                    c.id,
                    r.serial,
                    c.content,
                    c.citizen_name,
                    unit or "",
                    r.handler,
                    r.reply_due,
                    r.round_no,
                    r.replied_on,
                    latest.get(r.id, ""),
                )
                for _i, r, c, unit in rows
            ]

    def meeting_of_case(self, reception_id: str) -> list[MeetingRow]:
        with self.db.reading() as s:
            ids = list(
                s.scalars(select(MeetingItem.meeting_id).where(MeetingItem.reception_id == reception_id))
            )
            if not ids:
                return []
            rows = s.scalars(select(Meeting).where(Meeting.id.in_(ids)).order_by(Meeting.held_on)).all()
            counts = _counts(s, ids)
            return [_row(m, counts[m.id]) for m in rows]

    def tally(self, start: date, end: date) -> MeetingCounts:
        """Meetings held in [start, end] and the matters referred, answered, called back and
        satisfied at them (the tally's 交办会 line): `referred` etc. summed; see `held`."""
        rows = self.meetings(start, end)
        return MeetingCounts(
            referred=sum(r.counts.referred for r in rows),
            answered=sum(r.counts.answered for r in rows),
            called_back=sum(r.counts.called_back for r in rows),
            satisfied=sum(r.counts.satisfied for r in rows),
        )

    def held(self, start: date, end: date) -> int:
        with self.db.reading() as s:
            return int(
                s.scalar(
                    select(func.count())
                    .select_from(Meeting)
                    .where(Meeting.held_on >= start, Meeting.held_on <= end)
                )
                or 0
            )
