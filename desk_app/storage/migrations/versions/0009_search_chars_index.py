"""search index of single characters: 1-2 character terms answered by an index (issue 16)

`reception_fts_chars` (storage/migrations/fts.py): a contentless FTS5 index whose tokens are the
single characters of the text a short search term is matched against, kept current by triggers
like the trigram index. A surname (张) becomes a one-token query and 电梯 a two-token phrase, so
their counts come from the index instead of a scan of every reception (about 1 s at 1M cases),
and a rare character no longer falls back to a scan when its trigrams are many.

Also `ix_reception_round` on (round_no, category_id, unit_id): the count of second-round cases
(with a category or unit) read from the index instead of every reception row; and
`ix_reception_waiting_due` made partial (only cases that wait: a few percent of a desk) and
covering (status, unit, category), so an overdue count reads no reception row; and
`ix_reception_status_received` on (status, received_at): a page of open cases newest first.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from desk_app.storage.migrations.fts import chars_rebuild_sql, create_chars_index, drop_chars_index

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_reception_round", "reception", ["round_no", "category_id", "unit_id"])
    op.drop_index("ix_reception_waiting_due", table_name="reception")
    op.create_index(
        "ix_reception_waiting_due",
        "reception",
        ["waiting_due", "status", "unit_id", "category_id"],
        sqlite_where=sa.text("waiting_due IS NOT NULL"),
    )
    op.create_index("ix_reception_status_received", "reception", ["status", "received_at"])
    create_chars_index()
    for sql in chars_rebuild_sql():
        op.execute(sql)


def downgrade() -> None:
    drop_chars_index()
    op.drop_index("ix_reception_status_received", table_name="reception")
    op.drop_index("ix_reception_round", table_name="reception")
    op.drop_index("ix_reception_waiting_due", table_name="reception")
    op.create_index("ix_reception_waiting_due", "reception", ["waiting_due"])
