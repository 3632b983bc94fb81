"""The supervision ladder (大督办, issue 13 item 5) at the desk: the level that supervises a case's
second or later round, or a suggestion, and escalation as a recorded move with who decided it.

A level is a `supervision_step` row (written once): the level, the one before it, who decided
(主任会议, a committee, a named leader) and why. A round with no step is supervised at
`lifecycle.DEFAULT_LEVEL` (the congress supervises a dissatisfied case again); a first round has
no level. A suggestion keeps its current level on its own row as well (one read for its list).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain.lifecycle import (
    DEFAULT_LEVEL,
    LADDER_REFUSAL_ZH,
    SUPERVISION_LEVEL_ZH,
    SupervisionLevel,
    escalation_refusal,
)
from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import Reception, SupervisionStep

MAX_DECIDER_CHARS = 100


class NotAnEscalation(DeskError):
    """The new level is not above the current one (or a first round, which has no level).
    `code` is a lifecycle.LADDER_REFUSAL_ZH key."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code

    @property
    def message_zh(self) -> str:
        return LADDER_REFUSAL_ZH[self.code]


@dataclass(frozen=True, slots=True)
class StepInfo:
    id: str
    level: str
    prior_level: str
    decided_by: str
    at: datetime
    reason: str
    round_no: int

    @property
    def level_zh(self) -> str:
        return SUPERVISION_LEVEL_ZH[SupervisionLevel(self.level)]


def _info(step: SupervisionStep) -> StepInfo:
    return StepInfo(
        step.id, step.level, step.prior_level, step.decided_by, step.at, step.reason, step.round_no
    )


def case_steps(session: Session, reception_id: str) -> list[StepInfo]:
    rows = session.scalars(
        select(SupervisionStep)
        .where(SupervisionStep.reception_id == reception_id)
        .order_by(SupervisionStep.at, SupervisionStep.created_at)
    ).all()
    return [_info(r) for r in rows]


def suggestion_steps(session: Session, suggestion_id: str) -> list[StepInfo]:
    rows = session.scalars(
        select(SupervisionStep)
        .where(SupervisionStep.suggestion_id == suggestion_id)
        .order_by(SupervisionStep.at, SupervisionStep.created_at)
    ).all()
    return [_info(r) for r in rows]


def round_level(session: Session, reception_id: str, round_no: int) -> SupervisionLevel | None:
    """The level supervising the case's round `round_no`: None for a first round."""
    if round_no < 2:
        return None
    step = session.scalars(
        select(SupervisionStep)
        .where(SupervisionStep.reception_id == reception_id, SupervisionStep.round_no == round_no)
        .order_by(SupervisionStep.at.desc(), SupervisionStep.created_at.desc())
        .limit(1)
    ).first()
    return SupervisionLevel(step.level) if step is not None else DEFAULT_LEVEL


def case_levels(session: Session, receptions: Iterable[Reception]) -> dict[str, SupervisionLevel]:
    """The current round's level of each case in a second or later round (for the lists)."""
    later = {r.id: r.round_no for r in receptions if r.round_no >= 2}
    if not later:
        return {}
    out = dict.fromkeys(later, DEFAULT_LEVEL)
    rows = session.execute(
        select(SupervisionStep.reception_id, SupervisionStep.round_no, SupervisionStep.level)
        .where(SupervisionStep.reception_id.in_(list(later)))
        .order_by(SupervisionStep.at, SupervisionStep.created_at)
    ).all()
    for reception_id, round_no, level in rows:
        if reception_id is not None and later.get(reception_id) == round_no:
            out[reception_id] = SupervisionLevel(level)
    return out


def validate_decider(decided_by: str, reason: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not decided_by.strip():
        errors.append(FieldError("decided_by", FieldProblem.REQUIRED))
    elif len(decided_by.strip()) > MAX_DECIDER_CHARS:
        errors.append(FieldError("decided_by", FieldProblem.TOO_LONG))
    if len(reason) > 2000:
        errors.append(FieldError("reason", FieldProblem.TOO_LONG))
    return errors


def add_step(
    session: Session,
    *,
    station_id: str,
    level: SupervisionLevel,
    prior: SupervisionLevel | None,
    decided_by: str,
    at: datetime,
    reason: str = "",
    reception_id: str | None = None,
    round_no: int = 0,
    suggestion_id: str | None = None,
) -> SupervisionStep:
    errors = validate_decider(decided_by, reason)
    if errors:
        raise ValidationFailed(errors)
    refusal = escalation_refusal(prior, level)
    if refusal is not None:
        raise NotAnEscalation(refusal)
    step = SupervisionStep(
        station_id=station_id,
        reception_id=reception_id,
        round_no=round_no,
        suggestion_id=suggestion_id,
        level=level.value,
        prior_level=prior.value if prior is not None else "",
        decided_by=decided_by.strip(),
        at=at.replace(microsecond=0),
        reason=reason.strip(),
    )
    session.add(step)
    session.flush()
    return step


def escalate_case(
    session: Session,
    reception_id: str,
    level: SupervisionLevel,
    *,
    decided_by: str,
    reason: str,
    at: datetime,
) -> SupervisionStep:
    """Raise the level supervising the case's current round (a second or later round only)."""
    reception = session.get(Reception, reception_id)
    if reception is None:
        raise NotFound("reception", reception_id)
    if reception.round_no < 2:
        raise NotAnEscalation("first_round")
    current = round_level(session, reception_id, reception.round_no)
    return add_step(
        session,
        station_id=reception.station_id,
        level=level,
        prior=current,
        decided_by=decided_by,
        at=at,
        reason=reason,
        reception_id=reception_id,
        round_no=reception.round_no,
    )
