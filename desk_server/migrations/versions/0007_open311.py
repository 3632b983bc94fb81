"""Open311 GeoReport v2 (issue 12, docs/open311.md)

`open311_key`: an API key of a partner system (a 12345 platform), issued by the admin CLI and kept
as its SHA-256 only. `open311_request`: a service request a partner posted: the submission it made
in a station's queue (a `public_submission` record like a citizen's), its service_request_id (the
submission's tracking code), the token answered with it, and what Open311 carries that the
submission does not (coordinates, media_url).

转12345, the other way: `open311_partner`, a 12345 platform this server forwards cases to (its
Open311 endpoint, the key it gave us, the category -> service_code map); `open311_forward`, the
server's work list of desks' `case_forward` rows (next try, tries so far, the work order, the last
error), so nothing is lost across a restart.

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
    op.create_table(
        "open311_partner",
        sa.Column("name", sa.String(length=100), primary_key=True),
        sa.Column("base_url", sa.String(length=500), nullable=False),
        sa.Column("api_key", sa.String(length=200), nullable=False),
        sa.Column("jurisdiction_id", sa.String(length=100), nullable=False),
        sa.Column("service_codes", sa.JSON(), nullable=False),
        sa.Column("default_service_code", sa.String(length=100), nullable=False),
        sa.Column("send_phone", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
    )
    op.create_table(
        "open311_forward",
        sa.Column("forward_id", sa.String(length=36), primary_key=True),
        sa.Column("district_id", sa.String(length=36), nullable=False),
        sa.Column("partner", sa.String(length=100), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_at", sa.DateTime(), nullable=False),
        sa.Column("work_order", sa.String(length=64), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_open311_forward_due", "open311_forward", ["state", "next_at"])


def downgrade() -> None:
    op.drop_index("ix_open311_forward_due", table_name="open311_forward")
    op.drop_table("open311_forward")
    op.drop_table("open311_partner")
    op.drop_index("ix_open311_request_partner", table_name="open311_request")
    op.drop_table("open311_request")
    op.drop_table("open311_key")
