"""campaigns of mobile stations: activities, places, measures, tagged cases, suggestions (issue 14)

`campaign` (topic, period), `campaign_deputy`, `campaign_place`, `campaign_activity` (an
inspection, forum, survey or visit) with `campaign_activity_deputy`, `campaign_measure` (a result
the campaign counts) with `campaign_count`, `campaign_case` (a case tagged with the campaign) and
`campaign_suggestion`. Every row carries its station, all synced.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 22:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tracked() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), primary_key=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
        sa.Column("station_id", sa.String(length=36), sa.ForeignKey("station.id"), nullable=False),
    ]


def _ref(name: str, table: str, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=36), sa.ForeignKey(f"{table}.id"), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "campaign",
        *_tracked(),
        sa.Column("topic", sa.String(length=100), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_campaign_station", "campaign", ["station_id", "starts_on"])
    op.create_table(
        "campaign_deputy", *_tracked(), _ref("campaign_id", "campaign"), _ref("deputy_id", "deputy")
    )
    op.create_index("ix_campaign_deputy_campaign", "campaign_deputy", ["campaign_id", "deputy_id"])
    op.create_table(
        "campaign_place",
        *_tracked(),
        _ref("campaign_id", "campaign"),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
    )
    op.create_index("ix_campaign_place_campaign", "campaign_place", ["campaign_id"])
    op.create_table(
        "campaign_activity",
        *_tracked(),
        _ref("campaign_id", "campaign"),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        _ref("place_id", "campaign_place", nullable=True),
        sa.Column("place_text", sa.String(length=200), nullable=False),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("attendees", sa.Text(), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("people_met", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
    )
    op.create_index("ix_campaign_activity_campaign", "campaign_activity", ["campaign_id", "day"])
    op.create_table(
        "campaign_activity_deputy",
        *_tracked(),
        _ref("activity_id", "campaign_activity"),
        _ref("deputy_id", "deputy"),
    )
    op.create_index("ix_campaign_activity_deputy", "campaign_activity_deputy", ["activity_id"])
    op.create_table(
        "campaign_measure",
        *_tracked(),
        _ref("campaign_id", "campaign"),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("unit", sa.String(length=10), nullable=False),
        sa.Column("sort_order", sa.Integer(), nullable=False),
    )
    op.create_index("ix_campaign_measure_campaign", "campaign_measure", ["campaign_id"])
    op.create_table(
        "campaign_count",
        *_tracked(),
        _ref("measure_id", "campaign_measure"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("note", sa.String(length=200), nullable=False),
    )
    op.create_index("ix_campaign_count_measure", "campaign_count", ["measure_id", "day"])
    op.create_table(
        "campaign_case", *_tracked(), _ref("campaign_id", "campaign"), _ref("case_id", "reception")
    )
    op.create_index("uq_campaign_case_case", "campaign_case", ["case_id"], unique=True)
    op.create_index("ix_campaign_case_campaign", "campaign_case", ["campaign_id"])
    op.create_table(
        "campaign_suggestion",
        *_tracked(),
        _ref("campaign_id", "campaign"),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
    )
    op.create_index("ix_campaign_suggestion_campaign", "campaign_suggestion", ["campaign_id"])


_TABLES = (
    ("campaign_suggestion", ("ix_campaign_suggestion_campaign",)),
    ("campaign_case", ("ix_campaign_case_campaign", "uq_campaign_case_case")),
    ("campaign_count", ("ix_campaign_count_measure",)),
    ("campaign_measure", ("ix_campaign_measure_campaign",)),
    ("campaign_activity_deputy", ("ix_campaign_activity_deputy",)),
    ("campaign_activity", ("ix_campaign_activity_campaign",)),
    ("campaign_place", ("ix_campaign_place_campaign",)),
    ("campaign_deputy", ("ix_campaign_deputy_campaign",)),
    ("campaign", ("ix_campaign_station",)),
)


def downgrade() -> None:
    for table, indexes in _TABLES:
        for index in indexes:
            op.drop_index(index, table_name=table)
        op.drop_table(table)
