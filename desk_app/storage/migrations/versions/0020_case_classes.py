"""case classes (类案, issue 14: 办理一件、解决一片), synced

`case_class` (a named group of similar cases of one station, and the rule or measure that settled
it), `case_class_member` (a case of a class; a removal keeps the row with who and when) and
`case_class_referral` (a member's slip issued when the class was referred together, naming the
class slip's first slip). Additive: no existing table changes.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
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


def _ref(name: str, table: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=36), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "case_class",
        *_tracked(),
        _ref("station_id", "station"),
        sa.Column("subject", sa.String(length=100), nullable=False),
        sa.Column("formed_at", sa.DateTime(), nullable=False),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("settle_note", sa.Text(), nullable=False),
        _ref("settled_by", "operator", nullable=True),
    )
    op.create_index("ix_case_class_station", "case_class", ["station_id", "formed_at"])
    op.create_table(
        "case_class_member",
        *_tracked(),
        _ref("station_id", "station"),
        _ref("class_id", "case_class"),
        _ref("reception_id", "reception"),
        sa.Column("joined_at", sa.DateTime(), nullable=False),
        sa.Column("left_at", sa.DateTime(), nullable=True),
        _ref("left_by", "operator", nullable=True),
    )
    op.create_index("ix_case_class_member_class", "case_class_member", ["class_id"])
    op.create_index("ix_case_class_member_case", "case_class_member", ["reception_id"])
    op.create_table(
        "case_class_referral",
        *_tracked(),
        _ref("station_id", "station"),
        _ref("class_id", "case_class"),
        _ref("reception_id", "reception"),
        _ref("referral_id", "referral"),
        _ref("lead_referral_id", "referral"),
    )
    op.create_index("ix_case_class_referral_class", "case_class_referral", ["class_id"])
    op.create_index("ix_case_class_referral_case", "case_class_referral", ["reception_id"])


def downgrade() -> None:
    op.drop_index("ix_case_class_referral_case", table_name="case_class_referral")
    op.drop_index("ix_case_class_referral_class", table_name="case_class_referral")
    op.drop_table("case_class_referral")
    op.drop_index("ix_case_class_member_case", table_name="case_class_member")
    op.drop_index("ix_case_class_member_class", table_name="case_class_member")
    op.drop_table("case_class_member")
    op.drop_index("ix_case_class_station", table_name="case_class")
    op.drop_table("case_class")
