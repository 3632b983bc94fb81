"""the public channel: QR tokens and citizens' tracking codes (issue 12)

`public_token`: the token of each desk's `public_link` row (kept as the row is applied), so the
citizen's page finds its station and deputy by the printed URL. `public_ticket`: a tracking code
and the submission it opens. Submissions and photos themselves are `record` rows like every
synced entity, written as changes of the server (desks pull them).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "public_token",
        sa.Column("token", sa.String(length=64), primary_key=True),
        sa.Column("link_id", sa.String(length=36), nullable=False, unique=True),
        sa.Column("district_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "public_ticket",
        sa.Column("code", sa.String(length=16), primary_key=True),
        sa.Column("submission_id", sa.String(length=36), nullable=False, unique=True),
        sa.Column("district_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("public_ticket")
    op.drop_table("public_token")
