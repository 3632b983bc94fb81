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

Each step here is one short piece of work for a write transaction the caller holds; the sync
engine runs them in chunks with the lock free between them (sync/engine.py `compact`).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import inspect, select, text
from sqlalchemy.orm import Session

from desk_app.storage.changelog import UNLOGGED_FIELDS, logged_value
from desk_app.storage.models import TRACKED_BY_TABLE, ChangeLog, Counter, Setting

# setting: every entry up to this seq has been looked at by the compaction.
FOLDED_UPTO = "changelog.folded_upto"
PENDING = "change_log_pending"  # the counter of unpushed entries (migration 0008)
FOLD_CHUNK = 200  # log entries looked at per write transaction (a save waits for one at most)


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


def fold_chunk(s: Session, first: int, last: int) -> int:
    """Fold the pushed inserts with seq in [first, last] and remember `last` as looked at.
    Returns how many were folded.

    Deleted and written again (same seq, id and times), not updated in place: a row made
    smaller where it stands leaves its page as sparse as before (SQLite merges pages only on a
    delete), so the file would keep its size; deleted, the pages come free for new records and,
    in a file in auto-vacuum mode, go back to the file system at the commit."""
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
    row = s.get(Setting, FOLDED_UPTO)
    if row is None:
        s.add(Setting(key=FOLDED_UPTO, value=last))
    else:
        row.value = last
    return len(rows)


def forget_progress(s: Session) -> None:
    """Look at the whole log again (after entries were unfolded to be sent again)."""
    row = s.get(Setting, FOLDED_UPTO)
    if row is not None:
        row.value = 0


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
