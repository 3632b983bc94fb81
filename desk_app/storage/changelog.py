"""Append every change of a tracked row to `change_log`, in the same flush and transaction.

Hooked on the session's `before_flush`, so no write path can forget it: a store method only
changes objects, and the log, the audit columns and the operator follow. The operator comes
from `session.info["operator_id"]` (set by DeskStore for each unit of work).

A session with `session.info[NOT_LOGGED]` set (the sync engine applying pulled changes or
rewriting ids) is not logged: those changes are not the desk's to push.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from desk_app.storage.models import ChangeLog, Tracked, utcnow

# The rekeyed ids' map, read by the sync and the ledger import from here too.
from desk_app.storage.rekeys import K_REKEYED_IDS as K_REKEYED_IDS
from desk_app.storage.rekeys import rekeyed_ids as rekeyed_ids

AUDIT_FIELDS = frozenset({"created_at", "updated_at", "created_by", "updated_by"})
# Desk-local copies derived from the records (each desk computes them on its own calendar): never
# logged, never synced (see domain.casebook.waiting_due).
LOCAL_FIELDS = frozenset({"waiting_due", "waiting_estimated"})
# Columns an entry never carries (the compaction rebuilds an insert from the others).
UNLOGGED_FIELDS = AUDIT_FIELDS | LOCAL_FIELDS
# Never copied into the log (which leaves the desk when it syncs).
REDACTED_FIELDS = frozenset({"secret_hash"})
REDACTED = "[redacted]"
# session.info key: when true, the flush is not logged (pulled changes, id rewrites).
NOT_LOGGED = "not_logged"
# session.info key: the clock of the change log's times (UTC); default `utcnow` (storage/db.py).
AUDIT_CLOCK = "audit_clock"


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def logged_value(field: str, value: Any) -> Any:
    """A column's value as the log stores it (JSON-able, secrets redacted)."""
    return REDACTED if field in REDACTED_FIELDS else _jsonable(value)


def _entity_name(obj: Tracked) -> str:
    return obj.__tablename__  # type: ignore[attr-defined]


def _insert_changes(obj: Tracked) -> dict[str, list[Any]]:
    mapper = inspect(obj).mapper
    changes = {}
    for attr in mapper.column_attrs:
        if attr.key in UNLOGGED_FIELDS or attr.key == "id":
            continue
        value = getattr(obj, attr.key)
        default = attr.columns[0].default
        if value is None and default is not None and default.is_scalar:
            # Column defaults apply at INSERT, after this hook: apply them now, so that the
            # entry (the sync outbox) carries every value of the row, e.g. reply_text="".
            value = default.arg
            setattr(obj, attr.key, value)
        if value is not None:
            changes[attr.key] = [None, logged_value(attr.key, value)]
    return changes


def _update_changes(obj: Tracked) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes = {}
    for attr in state.mapper.column_attrs:
        if attr.key in UNLOGGED_FIELDS:
            continue
        hist = state.attrs[attr.key].history
        if not hist.has_changes():
            continue
        old = hist.deleted[0] if hist.deleted else None
        new = hist.added[0] if hist.added else None
        if old == new:
            continue
        changes[attr.key] = [logged_value(attr.key, old), logged_value(attr.key, new)]
    return changes


def _on_before_flush(session: Session, _flush_context: Any, _instances: Any) -> None:
    if session.info.get(NOT_LOGGED):
        return
    operator_id = session.info.get("operator_id")
    now = session.info.get(AUDIT_CLOCK, utcnow)()
    entries: list[ChangeLog] = []
    for obj in list(session.new):
        if not isinstance(obj, Tracked):
            continue
        if obj.id is None:
            # Defaults run at INSERT time, too late for the log: make the id now.
            from desk_app.storage.models import new_id

            obj.id = new_id()
        obj.created_at = obj.created_at or now
        obj.updated_at = now
        obj.created_by = obj.created_by or operator_id
        obj.updated_by = operator_id
        entries.append(
            ChangeLog(
                entity=_entity_name(obj),
                entity_id=obj.id,
                op="insert",
                changes=_insert_changes(obj),
                operator_id=operator_id,
                at=now,
            )
        )
    # The case row last: the server replays a status against the records that justify it (a slip
    # replied, a callback made), so those must come before it in the log. The session's dirty
    # set has no order of its own.
    for obj in sorted(session.dirty, key=lambda o: getattr(o, "__tablename__", "") == "reception"):
        if not isinstance(obj, Tracked) or not session.is_modified(obj, include_collections=False):
            continue
        changes = _update_changes(obj)
        if not changes:
            continue
        obj.updated_at = now
        obj.updated_by = operator_id
        entries.append(
            ChangeLog(
                entity=_entity_name(obj),
                entity_id=obj.id,
                op="update",
                changes=changes,
                operator_id=operator_id,
                at=now,
            )
        )
    for obj in list(session.deleted):
        if isinstance(obj, Tracked):
            # A tombstone: the deletion must reach every other desk.
            entries.append(
                ChangeLog(
                    entity=_entity_name(obj),
                    entity_id=obj.id,
                    op="delete",
                    changes={},
                    operator_id=operator_id,
                    at=now,
                )
            )
    session.add_all(entries)


def install(session_class: type[Session] | Any) -> None:
    """Hook the change log onto a Session class or sessionmaker."""
    # A marker on the target, not event.contains(): the event registry keys targets by id(), so a
    # new sessionmaker at the address of a collected one looked hooked and was not (no log at all).
    if not getattr(session_class, "_desk_change_log_installed", False):
        event.listen(session_class, "before_flush", _on_before_flush)
        setattr(session_class, "_desk_change_log_installed", True)  # noqa: B010 - a class or a sessionmaker
