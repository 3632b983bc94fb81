"""reception.level and a station index: the district centre's desk (issue 13, items 1-2)

- reception.level: who handles the case now, `station` (every case so far) or `centre` (sent up
  by its station or taken over by the district centre; domain.transfers). Synced like the case's
  other fields; the moves themselves are case_event rows (transferred_up, transferred_down,
  taken_over) with their reasons.
- ix_reception_station_received (station_id, received_at): a centre desk's case list, tallies
  and registers narrowed to one station of the district.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A NOT NULL column with a constant default is added in place by SQLite (no table copy).
    op.execute("ALTER TABLE reception ADD COLUMN level VARCHAR(10) NOT NULL DEFAULT 'station'")
    op.create_index("ix_reception_station_received", "reception", ["station_id", "received_at"])


def downgrade() -> None:
    op.drop_index("ix_reception_station_received", table_name="reception")
    with op.batch_alter_table("reception") as batch:
        batch.drop_column("level")
