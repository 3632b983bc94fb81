"""the change log by station and seq, and the district's shared changes by seq (issue 16)

A station desk's pull reads two index ranges merged by seq: its station's changes
(`ix_change_station_seq`) and its district's changes that belong to no station
(`ix_change_district_shared_seq`, partial). Before, it read the district's range
(`ix_change_district_seq`) and skipped other stations' changes one by one: a desk of a small
station next to a big one read the big one's whole log to fill its pages.

`ix_change_desk_seq`: a pull asks whether the desk has changes after the newest one it names
(restored desks, docs/sync.md); without it, PostgreSQL walked every change of every desk since.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 16:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_change_desk_seq", "change", ["desk_id", "seq"], unique=False)
    op.create_index("ix_change_station_seq", "change", ["station_id", "seq"], unique=False)
    op.create_index(
        "ix_change_district_shared_seq",
        "change",
        ["district_id", "seq"],
        unique=False,
        postgresql_where=sa.text("station_id IS NULL"),
        sqlite_where=sa.text("station_id IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_change_district_shared_seq", table_name="change")
    op.drop_index("ix_change_station_seq", table_name="change")
    op.drop_index("ix_change_desk_seq", table_name="change")
