"""studios' holiday rule and office exceptions, theme reception days, synced (issue 14, item 2)

`studio_setting` (a studio's rule for an opening whose fixed weekday is a holiday: skip or move
to the next working day), `studio_exception` (a swapped working day the office opened a studio
on, and who decided it), `theme_day` (主题接待日: a planned event with its theme, place and
invitees) and `theme_day_reception` (a reception tagged to the theme day it came on). New
tables only: nothing existing changes.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 22:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tracked() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "studio_setting",
        *_tracked(),
        sa.Column(
            "station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False, unique=True
        ),
        sa.Column("holiday_move", sa.String(length=20), nullable=False),
    )
    op.create_table(
        "studio_exception",
        *_tracked(),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("decided_by", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.String(length=200), nullable=False),
        sa.UniqueConstraint("station_id", "day"),
    )
    op.create_table(
        "theme_day",
        *_tracked(),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("theme", sa.String(length=100), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("invited_deputies", sa.String(length=1000), nullable=False),
        sa.Column("invited_units", sa.String(length=1000), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_theme_day_day", "theme_day", ["day", "station_id"])
    op.create_table(
        "theme_day_reception",
        *_tracked(),
        sa.Column("theme_day_id", sa.String(length=36), sa.ForeignKey("theme_day.id"), nullable=False),
        sa.Column(
            "reception_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=False, unique=True
        ),
    )
    op.create_index("ix_theme_day_reception_day", "theme_day_reception", ["theme_day_id"])


def downgrade() -> None:
    op.drop_index("ix_theme_day_reception_day", table_name="theme_day_reception")
    op.drop_table("theme_day_reception")
    op.drop_index("ix_theme_day_day", table_name="theme_day")
    op.drop_table("theme_day")
    op.drop_table("studio_exception")
    op.drop_table("studio_setting")
