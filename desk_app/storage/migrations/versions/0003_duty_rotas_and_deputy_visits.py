"""duty rotas and deputy visits: roster fields of deputies, duty groups and pattern, unavailable
dates, rota assignments, deputy visits (issue 3)

The three new deputy columns get an empty server default so that existing rows fill in.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 21:42:18.442682
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "deputy_unavailable",
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputy.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("deputy_id", "day"),
    )
    op.create_table(
        "deputy_visit",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("check_in_at", sa.DateTime(), nullable=True),
        sa.Column("check_out_at", sa.DateTime(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputy.id"],
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deputy_visit", schema=None) as batch_op:
        batch_op.create_index("ix_deputy_visit_day", ["day", "station_id"], unique=False)
        batch_op.create_index("ix_deputy_visit_deputy", ["deputy_id", "day"], unique=False)

    op.create_table(
        "duty_group",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "rota_assignment",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputy.id"],
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("station_id", "day", "period", "deputy_id"),
    )
    with op.batch_alter_table("rota_assignment", schema=None) as batch_op:
        batch_op.create_index("ix_rota_assignment_day", ["day", "station_id"], unique=False)
        batch_op.create_index("ix_rota_assignment_deputy", ["deputy_id", "day"], unique=False)

    op.create_table(
        "duty_group_member",
        sa.Column("group_id", sa.String(length=36), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["deputy_id"],
            ["deputy.id"],
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["duty_group.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("group_id", "deputy_id"),
    )
    op.create_table(
        "duty_slot",
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("needed", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.String(length=36), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["duty_group.id"],
        ),
        sa.ForeignKeyConstraint(
            ["station_id"],
            ["station.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("deputy", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("constituency", sa.String(length=100), nullable=False, server_default="")
        )
        batch_op.add_column(sa.Column("work_unit", sa.String(length=100), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("expertise", sa.String(length=100), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("deputy", schema=None) as batch_op:
        batch_op.drop_column("expertise")
        batch_op.drop_column("work_unit")
        batch_op.drop_column("constituency")

    op.drop_table("duty_slot")
    op.drop_table("duty_group_member")
    with op.batch_alter_table("rota_assignment", schema=None) as batch_op:
        batch_op.drop_index("ix_rota_assignment_deputy")
        batch_op.drop_index("ix_rota_assignment_day")

    op.drop_table("rota_assignment")
    op.drop_table("duty_group")
    with op.batch_alter_table("deputy_visit", schema=None) as batch_op:
        batch_op.drop_index("ix_deputy_visit_deputy")
        batch_op.drop_index("ix_deputy_visit_day")

    op.drop_table("deputy_visit")
    op.drop_table("deputy_unavailable")
