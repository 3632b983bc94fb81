"""Every write names an active operator whose role allows it (domain.permissions).

Checked inside the write transaction, from the operator row itself: the window's greyed-out
buttons are a courtesy; this is the rule.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from desk_app.domain.permissions import Action, NotPermitted, permits
from desk_app.storage.models import Operator


def authorize(session: Session, operator_id: str | None, action: Action) -> Operator:
    operator = session.get(Operator, operator_id) if operator_id else None
    if operator is None:
        raise NotPermitted(action, None, "unknown")
    if not operator.active:
        raise NotPermitted(action, operator.role, "inactive")
    if not permits(operator.role, action):
        raise NotPermitted(action, operator.role, "role")
    return operator
