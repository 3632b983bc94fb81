"""campaign_suggestion.suggestion_id: a campaign's suggestion is a deputy's suggestion (issue 14
remainders, item 3)

A campaign's suggestion is now drafted as a deputy's suggestion between sessions (`suggestion`,
issue 13: numbered, sent to a bureau, answered and rated like any), and `campaign_suggestion`
tags it with the campaign (`suggestion_id`, unique). Existing rows keep their day, title and
content with no `suggestion_id`: records made before the link, still counted on the board, which
the office turns into deputy suggestions from the window (the write is synced like any other; a
migration cannot write synced rows, and two desks of a station would each make their own).

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A nullable column with a reference and no default is added in place by SQLite (no copy).
    op.execute(
        "ALTER TABLE campaign_suggestion ADD COLUMN suggestion_id VARCHAR(36) REFERENCES suggestion (id)"
    )
    op.create_index(
        "uq_campaign_suggestion_suggestion", "campaign_suggestion", ["suggestion_id"], unique=True
    )


def downgrade() -> None:
    op.drop_index("uq_campaign_suggestion_suggestion", table_name="campaign_suggestion")
    with op.batch_alter_table("campaign_suggestion") as batch:
        batch.drop_column("suggestion_id")
