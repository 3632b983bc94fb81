"""reception.source_key: the origin of an imported record, so a ledger imports once (issue 4)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 21:58:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reception", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_key", sa.String(length=64), nullable=True))
        batch_op.create_index("uq_reception_source_key", ["source_key"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("reception", schema=None) as batch_op:
        batch_op.drop_index("uq_reception_source_key")
        batch_op.drop_column("source_key")
