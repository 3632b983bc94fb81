"""The public channel at the desk (issue 12): the queue of citizens' submissions pulled by sync,
taking one into a case (a reception with channel 扫码, its photos attached) or rejecting it with a
reason the citizen sees, and the QR links the desk prints. docs/public-channel.md.

Every write goes through the change log like any other (the decision reaches the server at the
next sync, and the citizen's tracking page follows). A submission is decided once.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import public
from desk_app.domain.permissions import Action
from desk_app.domain.public import SubmissionState
from desk_app.domain.validation import FieldError, FieldProblem, ReceptionDraft
from desk_app.domain.vocab import Channel, Outcome
from desk_app.storage import cases
from desk_app.storage.authority import authorize
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import Category, Deputy, PublicLink, PublicPhoto, PublicSubmission
from desk_app.storage.stations import home_station
from desk_app.storage.store import DeskStore

BASE_URL_SETTING = "public.base_url"


class AlreadyDecided(DeskError):
    """The submission was taken into a case or rejected already (here or on another desk)."""

    def __init__(self, state: str) -> None:
        super().__init__(f"submission already {state}")
        self.state = state


@dataclass(frozen=True, slots=True)
class SubmissionRow:
    id: str
    code: str
    submitted_at: datetime
    matter: str
    category: str
    category_id: str | None
    place: str
    phone: str
    name: str
    photo_count: int
    deputy_id: str | None
    deputy_name: str
    state: str
    reject_reason: str
    case_id: str | None
    online_verdict: str
    online_words: str
    rated_at: datetime | None


@dataclass(frozen=True, slots=True)
class LinkRow:
    id: str
    token: str
    deputy_id: str | None
    deputy_name: str


def _row(sub: PublicSubmission, deputy_name: str) -> SubmissionRow:
    return SubmissionRow(
        sub.id,
        sub.code,
        sub.submitted_at,
        sub.matter,
        sub.category,
        sub.category_id,
        sub.place,
        sub.phone,
        sub.name,
        sub.photo_count,
        sub.deputy_id,
        deputy_name,
        sub.state,
        sub.reject_reason,
        sub.case_id,
        sub.online_verdict,
        sub.online_words,
        sub.rated_at,
    )


def link_url(base_url: str, token: str) -> str:
    return f"{base_url.rstrip('/')}/p/{token}"


class PublicStore:
    """The public channel's reads and writes, on a desk's store."""

    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db

    @contextmanager
    def _acting(self, by: str | None, action: Action) -> Iterator[Session]:
        """A write transaction on behalf of `by`, who must be an active operator allowed `action`
        (the same check as DeskStore's own writes, through the public authority module)."""
        with self.db.writing(by) as s:
            authorize(s, by, action)
            yield s

    # -- the queue ---------------------------------------------------------------------------

    def submissions(
        self, state: str | None = SubmissionState.PENDING.value, limit: int = 500
    ) -> list[SubmissionRow]:
        """Submissions in `state` (None: all), oldest first for the pending queue, else newest."""
        with self.db.reading() as s:
            stmt = select(PublicSubmission, Deputy.name).outerjoin(
                Deputy, Deputy.id == PublicSubmission.deputy_id
            )
            if state is not None:
                stmt = stmt.where(PublicSubmission.state == state)
            order = (
                PublicSubmission.submitted_at
                if state == SubmissionState.PENDING.value
                else PublicSubmission.submitted_at.desc()
            )
            return [_row(sub, name or "") for sub, name in s.execute(stmt.order_by(order).limit(limit))]

    def pending_count(self) -> int:
        """How many wait for the clerk's decision: counted, not read (the queue shows 500 at most)."""
        with self.db.reading() as s:
            stmt = select(func.count()).where(PublicSubmission.state == SubmissionState.PENDING.value)
            return int(s.scalar(stmt) or 0)

    def submission(self, submission_id: str) -> SubmissionRow:
        with self.db.reading() as s:
            sub = s.get(PublicSubmission, submission_id)
            if sub is None:
                raise NotFound("public_submission", submission_id)
            deputy = s.get(Deputy, sub.deputy_id) if sub.deputy_id else None
            return _row(sub, deputy.name if deputy else "")

    def submission_of_case(self, reception_id: str) -> SubmissionRow | None:
        with self.db.reading() as s:
            sub = s.scalars(select(PublicSubmission).where(PublicSubmission.case_id == reception_id)).first()
            if sub is None:
                return None
            deputy = s.get(Deputy, sub.deputy_id) if sub.deputy_id else None
            return _row(sub, deputy.name if deputy else "")

    def photos(self, submission_id: str) -> list[bytes]:
        """The submission's photos (JPEG), in the citizen's order."""
        with self.db.reading() as s:
            rows = s.scalars(
                select(PublicPhoto.jpeg)
                .where(PublicPhoto.submission_id == submission_id)
                .order_by(PublicPhoto.seq)
            ).all()
        return [base64.b64decode(r) for r in rows]

    def case_photos(self, reception_id: str) -> list[bytes]:
        """The photos of the submission a case was made from (none for other cases)."""
        sub = self.submission_of_case(reception_id)
        return self.photos(sub.id) if sub is not None else []

    # -- deciding ----------------------------------------------------------------------------

    @staticmethod
    def _pending(s: Session, submission_id: str) -> PublicSubmission:
        sub = s.get(PublicSubmission, submission_id)
        if sub is None:
            raise NotFound("public_submission", submission_id)
        if sub.state != SubmissionState.PENDING.value:
            raise AlreadyDecided(sub.state)
        return sub

    def accept(self, submission_id: str, *, by: str) -> str:
        """Take a submission into a case: a reception with channel 扫码 (the citizen's words, place,
        phone and name; the category when the desk knows it; the deputy whose code it was), in
        the same transaction as the submission's decision. The new case's id."""
        with self._acting(by, Action.REGISTER) as s:
            sub = self._pending(s, submission_id)
            now = self.store.clock().replace(microsecond=0)
            received = sub.submitted_at if sub.submitted_at <= now else now
            category = s.get(Category, sub.category_id) if sub.category_id else None
            if category is None and sub.category:
                category = s.scalars(select(Category).where(Category.name == sub.category)).first()
            deputy = s.get(Deputy, sub.deputy_id) if sub.deputy_id else None
            draft = ReceptionDraft(
                received_at=received,
                channel=Channel.QR_SCAN,
                content=sub.matter,
                outcome=Outcome.NEEDS_REFERRAL,
                citizen_name=sub.name,
                citizen_phone=sub.phone,
                citizen_address=sub.place,
                category_id=category.id if category is not None else None,
                deputy_ids=(deputy.id,) if deputy is not None else (),
            )
            case_id = cases.register_reception(s, draft, now=now)
            sub.state = SubmissionState.ACCEPTED.value
            sub.case_id = case_id
            sub.decided_at = now
            sub.decided_by = by
            s.flush()
            return case_id

    def reject(self, submission_id: str, reason: str, *, by: str) -> None:
        """Refuse a submission with a reason the citizen reads on the tracking page."""
        reason = public.clean_text(reason)
        if not reason:
            raise ValidationFailed([FieldError("reject_reason", FieldProblem.REQUIRED)])
        if len(reason) > public.MAX_REASON_CHARS:
            raise ValidationFailed([FieldError("reject_reason", FieldProblem.TOO_LONG)])
        with self._acting(by, Action.CASE_WORK) as s:
            sub = self._pending(s, submission_id)
            sub.state = SubmissionState.REJECTED.value
            sub.reject_reason = reason
            sub.decided_at = self.store.clock().replace(microsecond=0)
            sub.decided_by = by

    # -- QR links ------------------------------------------------------------------------------

    def base_url(self) -> str:
        return str(self.store.setting(BASE_URL_SETTING, "") or "")

    def set_base_url(self, url: str) -> None:
        self.store.set_setting(BASE_URL_SETTING, url.strip().rstrip("/"))

    def links(self) -> list[LinkRow]:
        with self.db.reading() as s:
            rows = s.execute(
                select(PublicLink, Deputy.name)
                .outerjoin(Deputy, Deputy.id == PublicLink.deputy_id)
                .where(PublicLink.active.is_(True))
            ).all()
            return [LinkRow(link.id, link.token, link.deputy_id, name or "") for link, name in rows]

    def ensure_links(self, deputy_ids: list[str], *, by: str) -> dict[str | None, LinkRow]:
        """The station's link (key None) and one per deputy named, made where missing. A link made
        offline works on the citizens' side once the desk has synced."""
        with self._acting(by, Action.DIRECTORIES) as s:
            station = home_station(s)
            if station is None:
                raise NotFound("station", "-")
            have = {
                link.deputy_id: link
                for link in s.scalars(select(PublicLink).where(PublicLink.active.is_(True)))
            }
            out: dict[str | None, LinkRow] = {}
            for deputy_id in [None, *dict.fromkeys(deputy_ids)]:
                deputy = s.get(Deputy, deputy_id) if deputy_id else None
                if deputy_id is not None and deputy is None:
                    raise NotFound("deputy", deputy_id)
                link = have.get(deputy_id)
                if link is None:
                    link = PublicLink(
                        station_id=station.id, deputy_id=deputy_id, token=public.new_link_token(), active=True
                    )
                    s.add(link)
                    s.flush()
                out[deputy_id] = LinkRow(link.id, link.token, deputy_id, deputy.name if deputy else "")
            return out
