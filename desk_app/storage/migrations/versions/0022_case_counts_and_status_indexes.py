"""counts and indexes for the case list at 1M cases (issue 16)

- counter rows `reception_status:<status>`: the number of cases in each status, kept by triggers
  on insert, on a change of status and on delete. The case list's count with no filter or with
  statuses alone adds a few rows instead of counting 0.5-1M index entries (~100 ms at 1M cases).
- ix_reception_status_received (status, received_at) becomes ix_reception_status_received_channel
  (status, received_at, channel): a status with a date range and channels is counted from the
  index alone (reading each reception row for its channel took ~200 ms at 1M cases).
- ix_reception_open (status, unit_id, category_id, received_at), partial: only the open cases.
  Open statuses with a unit or category are counted (and paged newest first) from it; the
  unit's index read every row of the unit (~60,000 at 1M cases) for its status and category.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-04 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PREFIX = "reception_status:"
# Frozen here: the open statuses of 2026-12 (models.OPEN_CONDITION must stay this text).
OPEN_CONDITION = "status IN ('awaiting_referral', 'dissatisfied', 'referred', 'reopened', 'replied', 'returned', 'satisfied')"


def _plus_one(status: str) -> str:
    return (
        f"INSERT INTO counter (name, value) VALUES ('{PREFIX}' || {status}, 1) "
        "ON CONFLICT (name) DO UPDATE SET value = value + 1;"
    )


def _minus_one(status: str) -> str:
    return f"UPDATE counter SET value = value - 1 WHERE name = '{PREFIX}' || {status};"


TRIGGERS = {
    "reception_status_count_ai": f"""CREATE TRIGGER reception_status_count_ai AFTER INSERT ON reception
        BEGIN {_plus_one("NEW.status")} END""",
    "reception_status_count_au": f"""CREATE TRIGGER reception_status_count_au AFTER UPDATE OF status ON reception
        WHEN OLD.status IS NOT NEW.status BEGIN {_minus_one("OLD.status")} {_plus_one("NEW.status")} END""",
    "reception_status_count_ad": f"""CREATE TRIGGER reception_status_count_ad AFTER DELETE ON reception
        BEGIN {_minus_one("OLD.status")} END""",
}


def upgrade() -> None:
    op.execute(
        f"INSERT INTO counter (name, value) SELECT '{PREFIX}' || status, count(*) FROM reception GROUP BY status"
    )
    for ddl in TRIGGERS.values():
        op.execute(ddl)
    op.drop_index("ix_reception_status_received", table_name="reception")
    op.create_index("ix_reception_status_received_channel", "reception", ["status", "received_at", "channel"])
    op.create_index(
        "ix_reception_open",
        "reception",
        ["status", "unit_id", "category_id", "received_at"],
        sqlite_where=sa.text(OPEN_CONDITION),
    )


def downgrade() -> None:
    op.drop_index("ix_reception_open", table_name="reception")
    op.drop_index("ix_reception_status_received_channel", table_name="reception")
    op.create_index("ix_reception_status_received", "reception", ["status", "received_at"])
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute(f"DELETE FROM counter WHERE name GLOB '{PREFIX}*'")
