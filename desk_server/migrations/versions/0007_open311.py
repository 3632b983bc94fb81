"""Open311 GeoReport v2 (issue 12, docs/open311.md)

`open311_key`: an API key of a partner system (a 12345 platform), issued by the admin CLI and kept
as its SHA-256 only. `open311_request`: a service request a partner posted: the submission it made
in a station's queue (a `public_submission` record like a citizen's), its service_request_id (the
submission's tracking code), the token answered with it, and what Open311 carries that the
submission does not (coordinates, media_url).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "open311_key",
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False, unique=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
    )
    op.create_table(
        "open311_request",
        sa.Column("service_request_id", sa.String(length=16), primary_key=True),
        sa.Column("token", sa.String(length=36), nullable=False, unique=True),
        sa.Column("key_id", sa.String(length=36), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("submission_id", sa.String(length=36), nullable=False, unique=True),
        sa.Column("district_id", sa.String(length=36), nullable=False),
        sa.Column("station_id", sa.String(length=36), nullable=False),
        sa.Column("service_code", sa.String(length=36), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("long", sa.Float(), nullable=True),
        sa.Column("address", sa.String(length=200), nullable=False),
        sa.Column("media_url", sa.String(length=500), nullable=False),
        sa.Column("requested_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_open311_request_partner", "open311_request", ["partner", "requested_at"])


def downgrade() -> None:
    op.drop_index("ix_open311_request_partner", table_name="open311_request")
    op.drop_table("open311_request")
    op.drop_table("open311_key")
