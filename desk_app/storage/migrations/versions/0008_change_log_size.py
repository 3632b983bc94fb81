"""a smaller change log, and a pending count that costs one row read (issue 16)

- change_log.changes: every entry rewritten as compact UTF-8 JSON (no `\\uXXXX` escapes for
  Chinese, no blanks after `,` and `:`), the form storage/db.py now writes. Desks made before
  2026-11-25 stored Chinese escaped (6 bytes a character instead of 3). Done in batches of
  BATCH entries, in this migration's transaction, only where the text changes.
- change_log.folded: a pushed insert whose values the compaction dropped (storage/compaction.py);
  0 for every existing entry.
- counter: running counts kept by triggers. `change_log_pending` = the rows with `pushed = 0`,
  so the sync status line after a save reads one row instead of counting the backlog (498 ms at
  1M changes still to push). Triggers on insert, on a change of `pushed`, and on delete.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 5000
PENDING = "change_log_pending"

TRIGGERS = {
    "change_log_pending_ai": f"""CREATE TRIGGER change_log_pending_ai AFTER INSERT ON change_log
        WHEN NEW.pushed = 0 BEGIN
        UPDATE counter SET value = value + 1 WHERE name = '{PENDING}'; END""",
    "change_log_pending_au": f"""CREATE TRIGGER change_log_pending_au AFTER UPDATE OF pushed ON change_log
        WHEN coalesce(OLD.pushed = 0, 0) <> coalesce(NEW.pushed = 0, 0) BEGIN
        UPDATE counter SET value = value + coalesce(NEW.pushed = 0, 0) - coalesce(OLD.pushed = 0, 0)
        WHERE name = '{PENDING}'; END""",
    "change_log_pending_ad": f"""CREATE TRIGGER change_log_pending_ad AFTER DELETE ON change_log
        WHEN OLD.pushed = 0 BEGIN
        UPDATE counter SET value = value - 1 WHERE name = '{PENDING}'; END""",
}


def _compact(text: str) -> str:
    return json.dumps(json.loads(text), ensure_ascii=False, separators=(",", ":"))


def upgrade() -> None:
    conn = op.get_bind()
    last = 0
    while True:
        rows = conn.execute(
            sa.text("SELECT seq, changes FROM change_log WHERE seq > :last ORDER BY seq LIMIT :n"),
            {"last": last, "n": BATCH},
        ).all()
        if not rows:
            break
        last = rows[-1][0]
        params = []
        for seq, text in rows:
            if text is None:
                continue
            new = _compact(text)
            if new != text:
                params.append({"seq": seq, "changes": new})
        if params:
            conn.execute(sa.text("UPDATE change_log SET changes = :changes WHERE seq = :seq"), params)

    op.add_column(
        "change_log", sa.Column("folded", sa.Boolean(), nullable=False, server_default=sa.text("0"))
    )
    op.create_table(
        "counter",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
    )
    conn.execute(
        sa.text("INSERT INTO counter (name, value) SELECT :name, count(*) FROM change_log WHERE pushed = 0"),
        {"name": PENDING},
    )
    for ddl in TRIGGERS.values():
        op.execute(ddl)


def downgrade() -> None:
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("counter")
    with op.batch_alter_table("change_log") as batch:
        batch.drop_column("folded")
