"""public channel: QR links, citizens' submissions and their photos, synced (issue 12)

`public_link` (a station's or a deputy's QR code token, made on the desk), `public_submission`
(what a citizen sent, made by the server; the desk takes it into a case or rejects it) and
`public_photo` (its photos, JPEG re-encoded by the server, base64).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 18:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
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
        "public_link",
        *_tracked(),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
        sa.Column("deputy_id", sa.String(length=36), sa.ForeignKey("deputy.id"), nullable=True),
        sa.Column("token", sa.String(length=64), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_index("uq_public_link_token", "public_link", ["token"], unique=True)
    op.create_index("ix_public_link_station", "public_link", ["station_id", "deputy_id"])
    op.create_table(
        "public_submission",
        *_tracked(),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
        sa.Column("link_id", sa.String(length=36), sa.ForeignKey("public_link.id"), nullable=True),
        sa.Column("deputy_id", sa.String(length=36), sa.ForeignKey("deputy.id"), nullable=True),
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("matter", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=50), nullable=False),
        sa.Column("category_id", sa.String(length=36), sa.ForeignKey("category.id"), nullable=True),
        sa.Column("place", sa.String(length=200), nullable=False),
        sa.Column("phone", sa.String(length=30), nullable=False),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("photo_count", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("reject_reason", sa.String(length=500), nullable=False),
        sa.Column("case_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=True),
        sa.Column("decided_at", sa.DateTime(), nullable=True),
        sa.Column("decided_by", sa.String(length=36), sa.ForeignKey("operator.id"), nullable=True),
        sa.Column("online_verdict", sa.String(length=30), nullable=False),
        sa.Column("online_words", sa.String(length=500), nullable=False),
        sa.Column("rated_at", sa.DateTime(), nullable=True),
    )
    op.create_index("ix_public_submission_state", "public_submission", ["state", "submitted_at"])
    op.create_index("ix_public_submission_case", "public_submission", ["case_id"])
    op.create_table(
        "public_photo",
        *_tracked(),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
        sa.Column(
            "submission_id", sa.String(length=36), sa.ForeignKey("public_submission.id"), nullable=False
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("jpeg", sa.Text(), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
    )
    op.create_index("ix_public_photo_submission", "public_photo", ["submission_id", "seq"])


def downgrade() -> None:
    op.drop_index("ix_public_photo_submission", table_name="public_photo")
    op.drop_table("public_photo")
    op.drop_index("ix_public_submission_case", table_name="public_submission")
    op.drop_index("ix_public_submission_state", table_name="public_submission")
    op.drop_table("public_submission")
    op.drop_index("ix_public_link_station", table_name="public_link")
    op.drop_index("uq_public_link_token", table_name="public_link")
    op.drop_table("public_link")
