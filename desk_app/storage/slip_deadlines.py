"""A slip's deadline on the desk's calendar, and recounting estimated ones when a year's
holiday notice arrives (the desk then says which deadlines moved)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.casebook import ExtensionState
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage import records
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.models import Extension, Reception, Referral


def slip_due(session: Session, referral: Referral, working_days: int) -> tuple[date, bool]:
    """The slip's deadline from its working days, with the extensions approved on it."""
    cal = work_calendar(session)
    deadline = add_working_days(referral.referred_on, working_days, cal)
    due, estimated = deadline.due, deadline.estimated
    for ext in session.scalars(
        select(Extension)
        .where(Extension.referral_id == referral.id, Extension.state == ExtensionState.APPROVED.value)
        .order_by(Extension.decided_on, Extension.id)
    ):
        more = add_working_days(due, ext.extra_working_days, cal)
        due, estimated = more.due, estimated or more.estimated
    return due, estimated


def recompute_estimated(session: Session, *, as_issuer: bool = False) -> list[records.MovedDeadline]:
    """Open slips whose deadline was estimated, counted again on the session's calendar; the
    slips whose deadline moved (changed through the ORM, so the change log carries them, as the
    session's operator, or with `as_issuer` as the operator who issued each slip)."""
    moved: list[records.MovedDeadline] = []
    rows = session.execute(
        select(Referral, Reception)
        .join(Reception, Reception.id == Referral.reception_id)
        .where(
            Referral.due_estimated.is_(True),
            Referral.replied_on.is_(None),
            Referral.returned_on.is_(None),
            Reception.status == CaseStatus.REFERRED.value,
            Reception.round_no == Referral.round_no,
        )
    ).all()
    for referral, reception in rows:
        due, estimated = slip_due(session, referral, referral.working_days)
        if (due, estimated) != (referral.reply_due, referral.due_estimated):
            if due != referral.reply_due:
                moved.append(records.MovedDeadline(reception.id, referral.serial, referral.reply_due, due))
            if as_issuer:
                session.info["operator_id"] = referral.created_by
            referral.reply_due, referral.due_estimated = due, estimated
            reception.reply_due = due
            if as_issuer:
                session.flush()  # logged now, as this slip's issuer
    session.flush()
    return moved
