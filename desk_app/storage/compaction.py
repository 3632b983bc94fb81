"""Compaction of the change log: pushed inserts give up the values their row already holds.

The change log is the sync outbox. Once the server has confirmed an insert (it is `pushed`), the
only reader of its values is a **resend after a server restore** (docs/sync.md: the desk marks
what it had pushed as unpushed and sends it again). Everything else reads updates (a correction's
old and new values, shown in the case's timeline, come from `update` entries), tombstones, ids
and times, or only unpushed entries. An insert's values are most of the log: a reception's
content, a slip's reply, a callback's words, each stored a second time.

So a pushed insert is *folded*: its `changes` becomes `{}` and `folded` is set; its id, entity,
row id, operator, time and op stay, so the log still says who made what when. When the values
are needed again they are rebuilt (`insert_fields`): each field's value is the `old` value of the
first later update of that field in this desk's log (the value before this desk changed it),
else the row's current value. For a row only this desk changed that is exactly what was logged
(checked over a whole demo desk in the tests). A field another desk changed since (applied by
pull, never logged here) comes back with that desk's value; the server keeps the later edit
anyway, and that desk sends its own change again after a restore too.

Never folded: an unpushed entry (it is still to be sent), an update or a tombstone (small, and
the timeline reads corrections). An insert of a row this desk no longer has under that id is
folded like the others: a resend skips it (superseded by a rekey or a merge), and it stays folded.

**Dropped** (schema 0021): a folded insert is still a row of ~150 bytes and three index entries
(about 110 MB of a 100k-case desk), kept only so that a resend after a server restore can name
the change by its id. A restore brings back the server as it was at a backup: what the server
confirmed before that backup it still has (the resend is answered as duplicates). So a folded
insert is deleted once it has been folded for `FOLDED_KEPT` (90 days, a server backup older than
that is not one to restore from: docs/sync.md), which the `change_log_fold` marks tell. Who made
the row and when stay on the row itself (`created_by`, `created_at`, set by the same write as the
entry). Kept for ever even so: the `MINE_KEPT` newest pushed entries (a pull names them to the
server, `mine`: a desk restored from its own backup gets back what it pushed after it), and the
insert of a row this desk no longer has (merged, rekeyed, deleted: its creation is not on a row).

Each step here is one short piece of work for a write transaction the caller holds; the sync
engine runs them in chunks with the lock free between them (sync/engine.py `compact`).
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, inspect, select, text
from sqlalchemy.orm import Session

from desk_app.storage.changelog import UNLOGGED_FIELDS, logged_value
from desk_app.storage.coltypes import id_value
from desk_app.storage.models import TRACKED_BY_TABLE, ChangeLog, ChangeLogFold, Counter, Setting, utcnow

# setting: every entry up to this seq has been looked at by the compaction.
FOLDED_UPTO = "changelog.folded_upto"
# setting: every entry up to this seq has been looked at by the drop (schema 0021).
DROPPED_UPTO = "changelog.dropped_upto"
PENDING = "change_log_pending"  # the counter of unpushed entries (migration 0008)
FOLD_CHUNK = 200  # log entries looked at per write transaction (a save waits for one at most)
DROP_CHUNK = 500  # log entries looked at per write transaction of the drop (deletes only)
# How long a folded insert is kept before it is deleted: longer than the age of any server
# backup one would restore (docs/sync.md, "Server restored from a backup").
FOLDED_KEPT = timedelta(days=90)
# The newest pushed entries are never dropped: a pull names them (`mine`, sync/engine.py).
MINE_KEPT = 20


def pending_count(s: Session) -> int:
    """Entries not pushed yet: one row of the trigger-kept counter (the count as a fallback)."""
    row = s.get(Counter, PENDING)
    if row is not None:
        return int(row.value)
    return s.scalar(text("SELECT count(*) FROM change_log WHERE pushed = 0")) or 0


def fold_range(s: Session) -> tuple[int, int]:
    """(first, last) seq the compaction may look at now: after what it has looked at, and before
    the oldest unpushed entry (everything before that one has been pushed)."""
    done = s.get(Setting, FOLDED_UPTO)
    first = int((done.value if done else 0) or 0) + 1
    oldest_pending = s.scalar(text("SELECT min(seq) FROM change_log WHERE pushed = 0"))
    last = (
        (oldest_pending - 1)
        if oldest_pending is not None
        else (s.scalar(text("SELECT max(seq) FROM change_log")) or 0)
    )
    return first, last


def fold_chunk(s: Session, first: int, last: int, now: datetime | None = None) -> int:
    """Fold the pushed inserts with seq in [first, last] and remember `last` as looked at.
    Returns how many were folded.

    Deleted and written again (same seq, id and times), not updated in place: a row made
    smaller where it stands leaves its page as sparse as before (SQLite merges pages only on a
    delete), so the file would keep its size; deleted, the pages come free for new records and,
    in a file in auto-vacuum mode, go back to the file system at the commit.

    When anything was folded, a `change_log_fold` mark says so with `now` (default: the UTC
    clock), for the drop."""
    where = "seq BETWEEN :first AND :last AND op = 'insert' AND pushed = 1 AND folded = 0"
    bounds = {"first": first, "last": last}
    rows = [
        dict(r._mapping)
        for r in s.execute(
            text(f"SELECT seq, id, entity, entity_id, op, operator_id, at FROM change_log WHERE {where}"),
            bounds,
        )
    ]
    if rows:
        s.execute(text(f"DELETE FROM change_log WHERE {where}"), bounds)
        s.execute(
            text(
                "INSERT INTO change_log (seq, id, entity, entity_id, op, changes, operator_id, at, pushed, folded) "
                "VALUES (:seq, :id, :entity, :entity_id, :op, '{}', :operator_id, :at, 1, 1)"
            ),
            rows,
        )
        mark = s.get(ChangeLogFold, last)
        if mark is None:
            s.add(ChangeLogFold(upto=last, folded_at=now or utcnow()))
        else:
            mark.folded_at = now or utcnow()
    _put(s, FOLDED_UPTO, last)
    return len(rows)


def _put(s: Session, key: str, value: int) -> None:
    row = s.get(Setting, key)
    if row is None:
        s.add(Setting(key=key, value=value))
    else:
        row.value = value


def forget_progress(s: Session) -> None:
    """Look at the whole log again (after entries were unfolded to be sent again): the fold
    marks go too (what is folded again gets marks of its own time)."""
    row = s.get(Setting, FOLDED_UPTO)
    if row is not None:
        row.value = 0
    s.execute(delete(ChangeLogFold))


def drop_range(s: Session, now: datetime, kept: timedelta = FOLDED_KEPT) -> tuple[int, int]:
    """(first, last) seq the drop may look at now: after what it has looked at, up to the last
    seq folded at least `kept` before `now`, and before the `MINE_KEPT` newest pushed entries."""
    done = s.get(Setting, DROPPED_UPTO)
    first = int((done.value if done else 0) or 0) + 1
    horizon = s.scalar(select(func.max(ChangeLogFold.upto)).where(ChangeLogFold.folded_at <= now - kept))
    if horizon is None:
        return first, first - 1
    newest = s.scalar(
        select(ChangeLog.seq)
        .where(ChangeLog.pushed.is_(True))
        .order_by(ChangeLog.seq.desc())
        .offset(MINE_KEPT - 1)
        .limit(1)
    )
    if newest is None:
        return first, first - 1
    return first, min(int(horizon), int(newest) - 1)


def drop_chunk(s: Session, first: int, last: int) -> int:
    """Delete the folded inserts with seq in [first, last] whose row is still here, remember
    `last` as looked at and forget the fold marks it passed. Returns how many were deleted."""
    rows = s.execute(
        text(
            "SELECT seq, entity, entity_id FROM change_log "
            "WHERE seq BETWEEN :first AND :last AND folded = 1 AND pushed = 1 AND op = 'insert'"
        ),
        {"first": first, "last": last},
    ).all()
    by_entity: dict[str, dict[str, int]] = defaultdict(dict)
    for seq, entity, entity_id in rows:
        by_entity[entity][id_value(entity_id)] = seq  # (raw SQL: the id as stored, coltypes)
    doomed: list[int] = []
    for entity, seq_of in by_entity.items():
        model = TRACKED_BY_TABLE.get(entity)
        if model is None:
            continue  # not a table of this desk: kept as it is
        table = model.__table__  # type: ignore[attr-defined]
        ids = list(seq_of)
        for i in range(0, len(ids), 500):
            here = s.scalars(select(table.c.id).where(table.c.id.in_(ids[i : i + 500])))
            doomed += [seq_of[rid] for rid in here]
    doomed.sort()
    for i in range(0, len(doomed), 500):
        s.execute(delete(ChangeLog).where(ChangeLog.seq.in_(doomed[i : i + 500])))
    s.execute(delete(ChangeLogFold).where(ChangeLogFold.upto <= last))
    _put(s, DROPPED_UPTO, last)
    return len(doomed)


def insert_fields(s: Session, entry: ChangeLog) -> dict[str, list[Any]] | None:
    """The values of a folded insert, rebuilt from its row and later updates; None when the row
    is not here any more."""
    model = TRACKED_BY_TABLE.get(entry.entity)
    if model is None:
        return None
    table = model.__table__  # type: ignore[attr-defined]
    row = s.execute(select(table).where(table.c.id == entry.entity_id)).mappings().first()
    if row is None:
        return None
    before: dict[str, Any] = {}
    for (changes,) in s.execute(
        select(ChangeLog.changes)
        .where(
            ChangeLog.entity == entry.entity,
            ChangeLog.entity_id == entry.entity_id,
            ChangeLog.op == "update",
            ChangeLog.seq > entry.seq,
        )
        .order_by(ChangeLog.seq)
    ):
        for name, pair in (changes or {}).items():
            if name not in before and isinstance(pair, list) and pair:
                before[name] = pair[0]
    fields: dict[str, list[Any]] = {}
    for attr in inspect(model).column_attrs:
        name = attr.key
        if name in UNLOGGED_FIELDS or name == "id":
            continue
        value = before[name] if name in before else logged_value(name, row[attr.columns[0].name])
        if value is not None:
            fields[name] = [None, value]
    return fields


def changes_of(s: Session, entry: ChangeLog) -> dict[str, Any]:
    """An entry's fields as logged: a folded insert's rebuilt (empty when its row is gone)."""
    if entry.folded:
        return insert_fields(s, entry) or {}
    return entry.changes


def unfold_chunk(s: Session, after: int, limit: int = 500, *, pushed: bool | None = None) -> int | None:
    """Give back their values to up to `limit` folded inserts of rows still here, after seq
    `after` (only pushed or only unpushed ones if `pushed` says so); the last seq looked at,
    None when there is nothing left."""
    stmt = select(ChangeLog).where(ChangeLog.folded.is_(True), ChangeLog.seq > after)
    if pushed is not None:
        stmt = stmt.where(ChangeLog.pushed.is_(pushed))
    entries = list(s.scalars(stmt.order_by(ChangeLog.seq).limit(limit)))
    if not entries:
        return None
    for entry in entries:
        fields = insert_fields(s, entry)
        if fields is not None:
            entry.changes = fields
            entry.folded = False
    s.flush()
    return entries[-1].seq


def vacuum(db_path: Path) -> tuple[int, int]:
    """Rewrite the whole file without its free space, in auto-vacuum mode from then on (so later
    compactions give their pages back at each commit). Holds the write lock throughout (tens of
    seconds for a 100k-case desk): for a quiet moment, the window closed (`desk-app compact
    --vacuum`). Returns the file's page counts (before, after)."""
    conn = sqlite3.connect(db_path, isolation_level=None, timeout=5)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        before = int(conn.execute("PRAGMA page_count").fetchone()[0])
        conn.execute("PRAGMA auto_vacuum = FULL")
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        after = int(conn.execute("PRAGMA page_count").fetchone()[0])
    finally:
        conn.close()
    return before, after
