"""the rule book on the server: case rows by their parent, owners of district rows, slips per
attempt, and changes held until the row they name arrives (issues 9 and 15)

- record.parent_id (a case's slips, callbacks and events; a group's members), filled from the data;
- record.owner_station_id: the station whose desk made a district-scoped row (None: the centre),
  filled from the desk of the row's first change;
- round_used gains `attempt` in its key (a returned slip is referred again in the same round);
- held_change: changes that name a row the server has not got yet.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 15:00:00
"""

from __future__ import annotations

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PARENT_FIELDS = {
    "reception_deputy": "reception_id",
    "referral": "reception_id",
    "callback": "reception_id",
    "callback_attempt": "reception_id",
    "chase": "reception_id",
    "extension": "reception_id",
    "case_event": "reception_id",
    "duty_group_member": "group_id",
}


def upgrade() -> None:
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column("owner_station_id", sa.String(length=36), nullable=True))
        batch_op.create_index("ix_record_parent", ["entity", "parent_id"], unique=False)
    op.create_table(
        "held_change",
        sa.Column("change_id", sa.String(length=36), nullable=False),
        sa.Column("desk_id", sa.String(length=36), nullable=False),
        sa.Column("district_id", sa.String(length=36), nullable=False),
        sa.Column("entity", sa.String(length=40), nullable=False),
        sa.Column("entity_id", sa.String(length=36), nullable=False),
        sa.Column("waiting_entity", sa.String(length=40), nullable=False),
        sa.Column("waiting_id", sa.String(length=36), nullable=False),
        sa.Column("change", sa.JSON(), nullable=False),
        sa.Column("held_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("change_id"),
    )
    op.create_index("ix_held_change_waiting", "held_change", ["waiting_id"])
    op.create_index("ix_held_change_entity", "held_change", ["entity_id"])
    # round_used's key grows by `attempt`: a new table, rows copied (every slip so far is attempt 1).
    op.create_table(
        "round_used_new",
        sa.Column("reception_id", sa.String(length=36), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("attempt", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("reception_id", "round_no", "attempt"),
    )
    op.execute(
        "INSERT INTO round_used_new (reception_id, round_no, attempt, referral_id) "
        "SELECT reception_id, round_no, 1, referral_id FROM round_used"
    )
    op.drop_table("round_used")
    op.rename_table("round_used_new", "round_used")
    _fill(op.get_bind())


def _fill(conn: sa.Connection) -> None:
    """parent_id from each row's data; owner_station_id of district rows from their first change."""
    record = sa.table(
        "record",
        sa.column("entity"),
        sa.column("entity_id"),
        sa.column("data"),
        sa.column("station_id"),
        sa.column("parent_id"),
        sa.column("owner_station_id"),
    )
    for entity, key in PARENT_FIELDS.items():
        rows = conn.execute(
            sa.select(record.c.entity_id, record.c.data).where(record.c.entity == entity)
        ).all()
        for entity_id, data in rows:
            data = json.loads(data) if isinstance(data, str) else data
            parent = (data or {}).get(key)
            if isinstance(parent, str):
                conn.execute(
                    sa.update(record)
                    .where(record.c.entity == entity, record.c.entity_id == entity_id)
                    .values(parent_id=parent)
                )
    owners = conn.execute(
        sa.text(
            "SELECT c.entity, c.entity_id, d.station_id FROM change c JOIN desk d ON d.id = c.desk_id "
            "WHERE c.op = 'insert' AND c.station_id IS NULL"
        )
    ).all()
    for entity, entity_id, station_id in owners:
        if station_id is not None:
            conn.execute(
                sa.update(record)
                .where(
                    record.c.entity == entity, record.c.entity_id == entity_id, record.c.station_id.is_(None)
                )
                .values(owner_station_id=station_id)
            )


def downgrade() -> None:
    op.create_table(
        "round_used_old",
        sa.Column("reception_id", sa.String(length=36), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("referral_id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("reception_id", "round_no"),
    )
    op.execute(
        "INSERT INTO round_used_old (reception_id, round_no, referral_id) "
        "SELECT reception_id, round_no, referral_id FROM round_used WHERE attempt = 1"
    )
    op.drop_table("round_used")
    op.rename_table("round_used_old", "round_used")
    op.drop_index("ix_held_change_entity", table_name="held_change")
    op.drop_index("ix_held_change_waiting", table_name="held_change")
    op.drop_table("held_change")
    with op.batch_alter_table("record", schema=None) as batch_op:
        batch_op.drop_index("ix_record_parent")
        batch_op.drop_column("owner_station_id")
        batch_op.drop_column("parent_id")
