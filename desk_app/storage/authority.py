"""Every write names an active operator whose role allows it (domain.permissions).

Checked inside the write transaction, from the operator row itself: the window's greyed-out
buttons are a courtesy; this is the rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desk_app.domain.permissions import Action, NotPermitted, permits

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.storage.models import Operator


def authorize(session: Session, operator_id: str | None, action: Action) -> Operator:
    # Imported here, with the ORM, by the first write: the store imports this module, and a
    # command that only reads never needs the mapped classes (storage/tables.py).
    from desk_app.storage.models import Operator

    operator = session.get(Operator, operator_id) if operator_id else None
    if operator is None:
        raise NotPermitted(action, None, "unknown")
    if not operator.active:
        raise NotPermitted(action, operator.role, "inactive")
    if not permits(operator.role, action):
        raise NotPermitted(action, operator.role, "role")
    return operator
