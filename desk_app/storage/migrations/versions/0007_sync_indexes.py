"""indexes the sync needs on a desk with a big backlog (issue 15)

- change_log: `ix_change_log_unpushed_entity` on (entity_id) for rows not pushed yet (a partial
  index, `WHERE pushed = 0`): which fields of a row still wait to be pushed is asked for every
  pulled change and every pushed batch, and the old (pushed, seq) index made that a scan of the
  whole backlog (0.13 s a batch at 10k cases, 12.8 s at 1M). Queries must say `pushed = 0` for
  SQLite to use it. The unpushed rows in log order keep using ix_change_log_pending.
- sync_conflict: `ix_sync_conflict_kind_entity` on (kind, entity_id): the values pulled while a
  local change waited (kind `held`) are looked up by row after every push.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_change_log_unpushed_entity", "change_log", ["entity_id"], sqlite_where=sa.text("pushed = 0")
    )
    op.create_index("ix_sync_conflict_kind_entity", "sync_conflict", ["kind", "entity_id"])


def downgrade() -> None:
    op.drop_index("ix_sync_conflict_kind_entity", table_name="sync_conflict")
    op.drop_index("ix_change_log_unpushed_entity", table_name="change_log")
