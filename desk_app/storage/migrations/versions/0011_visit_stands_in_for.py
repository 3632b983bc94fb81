"""a deputy standing in for another on the rota (代班, issue 10)

- deputy_visit.stands_in_for_id: the deputy on the day's rota whom this duty visit stands in
  for (NULL for a deputy's own duty and for every visit made before). The one who sat has the
  visit; the rota place counts as covered, not as kept by the absent deputy
  (storage/rota_store.py, duty_records). Synced like the visit's other fields.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 18:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite adds a nullable column with its reference in place (as 0006 added merged_into):
    # no copy of the table.
    op.execute("ALTER TABLE deputy_visit ADD COLUMN stands_in_for_id VARCHAR(36) REFERENCES deputy (id)")


def downgrade() -> None:
    with op.batch_alter_table("deputy_visit") as batch:
        batch.drop_column("stands_in_for_id")
