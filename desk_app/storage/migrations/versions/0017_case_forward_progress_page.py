"""转12345 and the progress page's setting, synced (issue 12, docs/open311.md)

`case_forward`: recorded at the desk as pending; the central server posts the case to the
platform and writes back the work order and the outcome. `station.progress_shows_*`: what the
citizen's progress page shows (the unit's name, the reply deadline, the reply's text); the
defaults are what it showed before (name and deadline, not the text).

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-03 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_forward",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("reception_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=False),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("work_order", sa.String(length=64), nullable=False),
        sa.Column("status_notes", sa.String(length=500), nullable=False),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("error", sa.String(length=500), nullable=False),
    )
    op.create_index("ix_case_forward_case", "case_forward", ["reception_id"])
    op.add_column(
        "station", sa.Column("progress_shows_unit", sa.Boolean(), nullable=False, server_default="1")
    )
    op.add_column(
        "station", sa.Column("progress_shows_deadline", sa.Boolean(), nullable=False, server_default="1")
    )
    op.add_column(
        "station", sa.Column("progress_shows_reply", sa.Boolean(), nullable=False, server_default="0")
    )


def downgrade() -> None:
    op.execute("ALTER TABLE station DROP COLUMN progress_shows_reply")
    op.execute("ALTER TABLE station DROP COLUMN progress_shows_deadline")
    op.execute("ALTER TABLE station DROP COLUMN progress_shows_unit")
    op.drop_index("ix_case_forward_case", table_name="case_forward")
    op.drop_table("case_forward")
