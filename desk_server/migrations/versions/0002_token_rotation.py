"""token rotation: a desk's next token, and when its token was issued

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03 13:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.add_column(sa.Column("next_token_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("token_issued_at", sa.DateTime(), nullable=True))
        batch_op.create_index("ix_desk_next_token_hash", ["next_token_hash"], unique=True)


def downgrade() -> None:
    with op.batch_alter_table("desk", schema=None) as batch_op:
        batch_op.drop_index("ix_desk_next_token_hash")
        batch_op.drop_column("token_issued_at")
        batch_op.drop_column("next_token_hash")
