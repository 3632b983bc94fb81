"""server state: the restore epoch desks follow

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    state = op.create_table(
        "server_state",
        sa.Column("key", sa.String(length=40), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    # The epoch of this database's history; a restore from a backup starts a new one.
    op.bulk_insert(
        state, [{"key": "epoch", "value": str(uuid.uuid4())}, {"key": "restored_seq", "value": "0"}]
    )


def downgrade() -> None:
    op.drop_table("server_state")
