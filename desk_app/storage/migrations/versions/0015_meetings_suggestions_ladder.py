"""referral meetings, deputies' suggestions, the supervision ladder, synced (issue 13 items 3-5)

`meeting` (群众意见面对面沟通交办会) and `meeting_item` (a case referred at it, with its slip);
`suggestion` (闭会期间代表建议) and `suggestion_case` (the cases it was made from);
`supervision_step` (a level of the 大督办 ladder given to a case's round or a suggestion, and who
decided it). Additive: no existing table changes.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
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


def _station() -> sa.Column:
    return sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False)


def _ref(name: str, table: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=36), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "meeting",
        *_tracked(),
        _station(),
        sa.Column("title", sa.String(length=100), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("presiding", sa.String(length=100), nullable=False),
        sa.Column("units", sa.String(length=500), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_meeting_held_on", "meeting", ["held_on"])
    op.create_table(
        "meeting_item",
        *_tracked(),
        _station(),
        _ref("meeting_id", "meeting"),
        _ref("reception_id", "reception"),
        _ref("referral_id", "referral"),
        sa.UniqueConstraint("meeting_id", "reception_id", name="uq_meeting_item_case"),
    )
    op.create_index("ix_meeting_item_reception", "meeting_item", ["reception_id"])
    op.create_table(
        "suggestion",
        *_tracked(),
        _station(),
        _ref("deputy_id", "deputy"),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("serial", sa.String(length=80), nullable=False),
        sa.Column("serial_year", sa.Integer(), nullable=True),
        sa.Column("serial_seq", sa.Integer(), nullable=True),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("level", sa.String(length=30), nullable=False),
        _ref("unit_id", "handling_unit", nullable=True),
        sa.Column("handler", sa.String(length=50), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("working_days", sa.Integer(), nullable=False),
        sa.Column("reply_due", sa.Date(), nullable=True),
        sa.Column("replied_on", sa.Date(), nullable=True),
        sa.Column("reply_text", sa.Text(), nullable=False),
        sa.Column("verdict", sa.String(length=30), nullable=False),
        sa.Column("verdict_on", sa.Date(), nullable=True),
        sa.Column("verdict_words", sa.Text(), nullable=False),
    )
    op.create_index("ix_suggestion_state", "suggestion", ["state", "reply_due"])
    op.create_table(
        "suggestion_case",
        *_tracked(),
        _station(),
        _ref("suggestion_id", "suggestion"),
        _ref("reception_id", "reception"),
        sa.UniqueConstraint("suggestion_id", "reception_id", name="uq_suggestion_case"),
    )
    op.create_index("ix_suggestion_case_reception", "suggestion_case", ["reception_id"])
    op.create_table(
        "supervision_step",
        *_tracked(),
        _station(),
        _ref("reception_id", "reception", nullable=True),
        sa.Column("round_no", sa.Integer(), nullable=False),
        _ref("suggestion_id", "suggestion", nullable=True),
        sa.Column("level", sa.String(length=30), nullable=False),
        sa.Column("prior_level", sa.String(length=30), nullable=False),
        sa.Column("decided_by", sa.String(length=100), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
    )
    op.create_index("ix_supervision_step_case", "supervision_step", ["reception_id", "round_no"])
    op.create_index("ix_supervision_step_suggestion", "supervision_step", ["suggestion_id"])


def downgrade() -> None:
    op.drop_index("ix_supervision_step_suggestion", table_name="supervision_step")
    op.drop_index("ix_supervision_step_case", table_name="supervision_step")
    op.drop_table("supervision_step")
    op.drop_index("ix_suggestion_case_reception", table_name="suggestion_case")
    op.drop_table("suggestion_case")
    op.drop_index("ix_suggestion_state", table_name="suggestion")
    op.drop_table("suggestion")
    op.drop_index("ix_meeting_item_reception", table_name="meeting_item")
    op.drop_table("meeting_item")
    op.drop_index("ix_meeting_held_on", table_name="meeting")
    op.drop_table("meeting")
