"""Repairing rows a desk poisoned before the rule book refused it (issue 15): a value no desk can
hold, a row deleted while others still name it. `desk-server records check|show|set|restore`.

A repair is a change like any other: written to the row and appended to the change log as a
change of the server itself (no desk), so every desk of the scope pulls it and is well again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from desk_app.domain import entities
from desk_server import jsonio
from desk_server.models import Record
from desk_server.services.own_changes import append_change, update_fields


class RepairError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Finding:
    entity: str
    entity_id: str
    field: str
    problem: str  # an entities.Problem value, or "missing_ref" / "deleted_ref"

    def line(self) -> str:
        return f"{self.entity}\t{self.entity_id}\t{self.field}\t{self.problem}"


def check(session: Session, *, district_id: str | None = None) -> list[Finding]:
    """Every live row whose values the schema refuses, and every reference to a row that is
    missing or deleted (what made desks fail each round before the rule book)."""
    stmt = select(Record.entity, Record.entity_id, Record.data, Record.deleted, Record.district_id)
    if district_id is not None:
        stmt = stmt.where(Record.district_id == district_id)
    rows = session.execute(stmt).all()
    state = {(r.entity, r.entity_id): bool(r.deleted) for r in rows}
    found: list[Finding] = []
    for entity, entity_id, data, deleted, _district in rows:
        if deleted or entity not in entities.ENTITIES:
            continue
        values = {k: v for k, v in (data or {}).items() if k != "secret_hash"}
        for p in entities.field_problems(entity, values, insert=False):
            if p.problem is not entities.Problem.UNKNOWN_FIELD:
                found.append(Finding(entity, entity_id, p.field, p.problem.value))
        for name, ref_entity in entities.references(entity).items():
            ref = values.get(name)
            if not isinstance(ref, str):
                continue
            if (ref_entity, ref) not in state:
                found.append(Finding(entity, entity_id, name, "missing_ref"))
            elif state[(ref_entity, ref)]:
                found.append(Finding(entity, entity_id, name, "deleted_ref"))
    return found


def _record(session: Session, entity: str, entity_id: str) -> Record:
    rec = session.get(Record, (entity, entity_id))
    if rec is None:
        raise RepairError(f"no {entity} {entity_id} on this server")
    return rec


def _locked_record(session: Session, entity: str, entity_id: str) -> Record:
    """The row to repair, read again under its district's lock (as a push would hold it)."""
    from desk_server.services.sync import lock_district

    rec = _record(session, entity, entity_id)
    lock_district(session, rec.district_id)
    session.refresh(rec)
    return rec


def show(session: Session, entity: str, entity_id: str) -> dict[str, Any]:
    rec = _record(session, entity, entity_id)
    return {
        "entity": rec.entity,
        "entity_id": rec.entity_id,
        "district_id": rec.district_id,
        "station_id": rec.station_id,
        "deleted": rec.deleted,
        "data": rec.data,
    }


def set_fields(session: Session, entity: str, entity_id: str, values: dict[str, str]) -> dict[str, Any]:
    """Set fields of a row to values given as JSON text (checked against the entity schema)."""
    rec = _locked_record(session, entity, entity_id)
    parsed: dict[str, Any] = {}
    for name, text in values.items():
        try:
            parsed[name] = jsonio.loads(text)
        except ValueError as exc:
            raise RepairError(f"{name}: {text!r} is not a JSON value (text needs quotes: '\"…\"')") from exc
    problems = entities.field_problems(entity, parsed, insert=False)
    if problems:
        raise RepairError("; ".join(map(str, problems)))
    update_fields(session, rec, parsed)
    return dict(rec.data)


def restore(session: Session, entity: str, entity_id: str) -> None:
    """Bring back a deleted row (others still name it): desks get it again as an insert."""
    rec = _locked_record(session, entity, entity_id)
    if not rec.deleted:
        raise RepairError(f"{entity} {entity_id} is not deleted")
    rec.deleted = False
    append_change(session, rec, "insert", dict(rec.data), str(uuid.uuid4()))
    session.flush()
