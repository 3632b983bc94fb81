"""Changes the server makes itself (no desk, no operator): a repair, the citizen's online rating,
the 12345 forwarder's work order and outcome. Every desk of the record's scope pulls them like
any other change."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.orm import Session

from desk_server.models import Change, Record, utcnow


def append_change(session: Session, rec: Record, op: str, fields: dict[str, Any], change_id: str) -> None:
    """Log `fields` of `rec` as the server's own change.

    Under the seq lock, like a push: a change committing a seq above a push still in flight would
    let a pull pass the push's lower seqs before they are visible, and desks would never get them.
    """
    from desk_server.services.sync import lock_for_push

    lock_for_push(session)
    session.add(
        Change(
            id=change_id,
            desk_id=None,
            entity=rec.entity,
            entity_id=rec.entity_id,
            op=op,
            fields=fields,
            operator_id=None,
            at=utcnow().isoformat(),
            district_id=rec.district_id,
            station_id=rec.station_id,
        )
    )


def update_fields(session: Session, rec: Record, values: dict[str, Any]) -> None:
    """Set `values` on `rec` as the server's change: the server holds these fields now (a pull
    carries a field from the change that holds it). The caller has locked the record."""
    change_id = str(uuid.uuid4())
    rec.data = {**rec.data, **values}
    rec.meta = {**rec.meta, **dict.fromkeys(values, [utcnow().isoformat(), "server", change_id])}
    session.flush()
    append_change(session, rec, "update", values, change_id)
    session.flush()
