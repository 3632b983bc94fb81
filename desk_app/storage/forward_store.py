"""转12345 at the desk (issue 12, docs/open311.md): the office records that a case goes to the
12345 platform; the forward waits as 待转交 until the central server has posted it and the next
sync brings back the work order (已转交) and, later, the platform's outcome. Offline the forward
simply waits in the change log: nothing is lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from desk_app.domain.forwards import FORWARD_ZH, ForwardState
from desk_app.domain.lifecycle import CLOSED_STATUSES
from desk_app.domain.permissions import Action
from desk_app.domain.transfers import TransferNotAllowed, acting_refusal, level_of
from desk_app.storage.errors import DeskError, NotFound
from desk_app.storage.models import CaseForward, Reception
from desk_app.storage.stations import is_centre_desk
from desk_app.storage.store import DeskStore

DEFAULT_PARTNER = "12345"
# A case closed at the station is not forwarded (there is nothing left for 12345 to do).
_CLOSED = frozenset(s.value for s in CLOSED_STATUSES)


class NotForwardable(DeskError):
    """The case is closed, or already forwarded and not finished at the platform."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class ForwardRow:
    id: str
    partner: str
    requested_at: datetime
    state: str
    work_order: str
    status_notes: str
    sent_at: datetime | None
    closed_at: datetime | None
    error: str

    @property
    def label_zh(self) -> str:
        text = FORWARD_ZH.get(ForwardState(self.state), self.state)
        return f"{text}（工单号 {self.work_order}）" if self.work_order else text


class ForwardStore:
    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db

    def forwards(self, reception_id: str) -> list[ForwardRow]:
        with self.db.reading() as s:
            rows = s.scalars(
                select(CaseForward)
                .where(CaseForward.reception_id == reception_id)
                .order_by(CaseForward.requested_at)
            ).all()
            return [
                ForwardRow(
                    f.id,
                    f.partner,
                    f.requested_at,
                    f.state,
                    f.work_order,
                    f.status_notes,
                    f.sent_at,
                    f.closed_at,
                    f.error,
                )
                for f in rows
            ]

    def forward(self, reception_id: str, *, by: str, partner: str = DEFAULT_PARTNER) -> str:
        """Record the case's forward to `partner` (pending); its id. Refused for a closed case and
        while an earlier forward of it is pending or open at the platform."""
        with self.store._acting(by, Action.FORWARD_12345) as s:
            case = s.get(Reception, reception_id)
            if case is None:
                raise NotFound("reception", reception_id)
            if case.status in _CLOSED:
                raise NotForwardable("case_closed")
            level_refusal = acting_refusal(level_of(case.level), centre_desk=is_centre_desk(s))
            if level_refusal is not None:  # handled by another level (issue 13): it reads only
                raise TransferNotAllowed(level_refusal)
            live = s.scalars(
                select(CaseForward.id).where(
                    CaseForward.reception_id == reception_id,
                    CaseForward.state.in_((ForwardState.PENDING.value, ForwardState.SENT.value)),
                )
            ).first()
            if live is not None:
                raise NotForwardable("already_forwarded")
            row = CaseForward(
                reception_id=reception_id,
                station_id=case.station_id,
                partner=partner,
                requested_at=self.store.clock().replace(microsecond=0),
                state=ForwardState.PENDING.value,
                work_order="",
                status_notes="",
                error="",
            )
            s.add(row)
            s.flush()
            return row.id
