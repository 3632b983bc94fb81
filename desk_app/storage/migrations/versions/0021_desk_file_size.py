"""desk file size (issue 16): the trigram index without its copy of the text; fold marks; an unused index

- `reception_fts` becomes contentless (storage/migrations/fts.py, `contentless_statements`): the
  same trigram index, built again from `reception`, without `reception_fts_content` (a second copy
  of the five searched columns and the serial, ~32 MB of a 100k-case desk). Search only ever
  asks it for rowids (MATCH), so every answer is the same. The triggers keep their names; a row
  is taken out with FTS5's 'delete' command and the body rebuilt from old.*.
- `change_log_fold`: when the compaction folded the log up to a seq (storage/compaction.py). A
  folded insert is deleted once it has been folded for 90 days (`compaction.FOLDED_KEPT`). The
  inserts folded before this revision are marked as folded now (their fold time is not known),
  so they go 90 days after the upgrade, never sooner.
- `ix_reception_status_due` (status, reply_due; 3 MB of a 100k-case desk) dropped: none of the
  desk's queries uses it (EXPLAIN QUERY PLAN of the 269 distinct SELECTs that the storage,
  report and tally tests run, on the 100k benchmark desk). Overdue lists go through
  `ix_reception_waiting_due` since 0009; a status alone through `ix_reception_status_received`.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-04 13:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

from desk_app.storage.migrations.fts import (
    contentless_rebuild_sql,
    create_contentless_reception_fts,
    create_reception_fts,
    drop_reception_fts,
    rebuild_sql,
)

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOLDED_UPTO = "changelog.folded_upto"
DROPPED_UPTO = "changelog.dropped_upto"


def upgrade() -> None:
    op.create_table(
        "change_log_fold",
        sa.Column("upto", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("folded_at", sa.DateTime(), nullable=False),
    )
    conn = op.get_bind()
    raw = conn.execute(sa.text("SELECT value FROM setting WHERE key = :k"), {"k": FOLDED_UPTO}).scalar()
    # A JSON number: the column's numeric affinity may have stored it as an integer.
    upto = int((json.loads(raw) if isinstance(raw, str) else raw) or 0)
    if upto > 0:
        now = datetime.now(UTC).replace(tzinfo=None)
        conn.execute(
            sa.text("INSERT INTO change_log_fold (upto, folded_at) VALUES (:upto, :at)"),
            {"upto": upto, "at": now.strftime("%Y-%m-%d %H:%M:%S.%f")},
        )
    op.drop_index("ix_reception_status_due", table_name="reception")
    drop_reception_fts()
    create_contentless_reception_fts()
    for sql in contentless_rebuild_sql():
        op.execute(sql)


def downgrade() -> None:
    drop_reception_fts()
    create_reception_fts()
    for sql in rebuild_sql():
        op.execute(sql)
    op.execute(sa.text("DELETE FROM setting WHERE key = :k").bindparams(k=DROPPED_UPTO))
    op.drop_table("change_log_fold")
    op.create_index("ix_reception_status_due", "reception", ["status", "reply_due"])
