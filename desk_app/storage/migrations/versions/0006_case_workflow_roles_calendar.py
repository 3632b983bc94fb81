"""the whole case workflow, roles, PIN lockouts, the audit trail and the office's calendar (issue 9)

- reception: waiting_due / waiting_estimated (every waiting state has a deadline), merged_into;
- referral: attempt (a returned slip is referred again in the same round), returned_on,
  return_reason, former_serial (a number that clashed at sync and was replaced); the
  one-slip-per-round constraint now includes the attempt;
- callback: cause (why a citizen is dissatisfied);
- station: callback_working_days, refer_working_days;
- new synced tables: callback_attempt (未接通), chase (催办), extension (延期), case_event
  (sign-off, closing with an explanation, reopening, withdrawal, voiding, merging, corrections),
  calendar_day (the office's holiday notice);
- new desk-local tables: operator_lock (wrong PINs in a row), audit_event;
- the earliest active clerk becomes the desk's administrator (logged, so it syncs), so that
  somebody can still manage operators once roles are enforced; the unpushed insert of an
  operator made at set-up (logged without an operator) names that operator;
- waiting_due is a desk-local copy (not logged, not synced): the store fills it at start-up
  after this upgrade (DeskStore.open).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 14:00:00
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _tracked_columns() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("updated_by", sa.String(length=36), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("callback_working_days", sa.Integer(), nullable=False, server_default="1")
        )
        batch_op.add_column(sa.Column("refer_working_days", sa.Integer(), nullable=False, server_default="3"))

    # Plain ALTER TABLE ADD COLUMN, not a batch (which copies the table and so drops the FTS
    # triggers on reception).
    op.add_column("reception", sa.Column("waiting_due", sa.Date(), nullable=True))
    op.add_column(
        "reception", sa.Column("waiting_estimated", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    # Alembic will not add a column with a foreign key on SQLite outside a batch; SQLite will.
    op.execute("ALTER TABLE reception ADD COLUMN merged_into VARCHAR(36) REFERENCES reception (id)")
    op.create_index("ix_reception_waiting_due", "reception", ["waiting_due"], unique=False)

    with op.batch_alter_table("referral", schema=None, recreate="always") as batch_op:
        batch_op.add_column(sa.Column("attempt", sa.Integer(), nullable=False, server_default="1"))
        batch_op.add_column(sa.Column("returned_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("return_reason", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(
            sa.Column("former_serial", sa.String(length=80), nullable=False, server_default="")
        )
        batch_op.drop_constraint("uq_referral_round", type_="unique")
        batch_op.create_unique_constraint("uq_referral_round", ["reception_id", "round_no", "attempt"])

    with op.batch_alter_table("callback", schema=None) as batch_op:
        batch_op.add_column(sa.Column("cause", sa.String(length=20), nullable=False, server_default=""))

    op.create_table(
        "callback_attempt",
        *_tracked_columns(),
        sa.Column("reception_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=False),
        sa.Column("referral_id", sa.String(length=36), sa.ForeignKey("referral.id"), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(), nullable=False),
        sa.Column("caller", sa.String(length=50), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_callback_attempt_reception", "callback_attempt", ["reception_id"])
    op.create_table(
        "chase",
        *_tracked_columns(),
        sa.Column("reception_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=False),
        sa.Column("referral_id", sa.String(length=36), sa.ForeignKey("referral.id"), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("chased_at", sa.DateTime(), nullable=False),
        sa.Column("method", sa.String(length=20), nullable=False),
        sa.Column("unit_contact", sa.String(length=50), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_chase_reception", "chase", ["reception_id"])
    op.create_table(
        "extension",
        *_tracked_columns(),
        sa.Column("reception_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=False),
        sa.Column("referral_id", sa.String(length=36), sa.ForeignKey("referral.id"), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_by", sa.String(length=50), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("extra_working_days", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=20), nullable=False),
        sa.Column("old_due", sa.Date(), nullable=False),
        sa.Column("new_due", sa.Date(), nullable=True),
        sa.Column("due_estimated", sa.Boolean(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_by", sa.String(length=36), sa.ForeignKey("operator.id"), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_extension_reception", "extension", ["reception_id"])
    op.create_table(
        "case_event",
        *_tracked_columns(),
        sa.Column("reception_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=False),
        sa.Column("round_no", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("fields", sa.String(length=400), nullable=False),
        sa.Column("related_id", sa.String(length=36), sa.ForeignKey("reception.id"), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_case_event_reception", "case_event", ["reception_id"])
    op.create_table(
        "calendar_day",
        *_tracked_columns(),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=30), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("day"),
    )
    op.create_table(
        "operator_lock",
        sa.Column("operator_id", sa.String(length=36), nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_failure_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("operator_id"),
    )
    op.create_table(
        "audit_event",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("operator_id", sa.String(length=36), nullable=True),
        sa.Column("subject", sa.String(length=200), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_audit_event_at", "audit_event", ["at"])

    conn = op.get_bind()
    # Every change names its operator now (the server checks it): the first operator, made at
    # set-up before anyone was signed in, made themself.
    conn.execute(
        sa.text(
            "UPDATE change_log SET operator_id = entity_id "
            "WHERE entity = 'operator' AND op = 'insert' AND operator_id IS NULL AND NOT pushed"
        )
    )
    _promote_first_clerk(conn)
    _case_rows_after_their_evidence(conn)


def _case_rows_after_their_evidence(conn: sa.Connection) -> None:
    """Within one write (one change-log time), the case's own update goes after the records that
    justify it (a slip's reply before the move to replied): the server replays statuses in log
    order now. Earlier desks logged a write's updates in no fixed order; unpushed entries are put
    in order here (their seq numbers exchanged within the write, nothing else changes)."""
    groups = (
        conn.execute(
            sa.text(
                "SELECT at FROM change_log WHERE NOT pushed GROUP BY at "
                "HAVING count(*) > 1 AND sum(CASE WHEN entity = 'reception' AND op = 'update' THEN 1 ELSE 0 END) > 0"
            )
        )
        .scalars()
        .all()
    )
    for at in groups:
        rows = conn.execute(
            sa.text("SELECT seq, entity, op FROM change_log WHERE at = :at AND NOT pushed ORDER BY seq"),
            {"at": at},
        ).all()
        seqs = [r.seq for r in rows]
        wanted = sorted(rows, key=lambda r: (r.entity == "reception" and r.op == "update", r.seq))
        if [r.seq for r in wanted] == seqs:
            continue
        # Through negative numbers: seq is the primary key.
        for r in rows:
            conn.execute(
                sa.text("UPDATE change_log SET seq = :tmp WHERE seq = :seq"), {"tmp": -r.seq, "seq": r.seq}
            )
        for new_seq, r in zip(seqs, wanted, strict=True):
            conn.execute(
                sa.text("UPDATE change_log SET seq = :new WHERE seq = :tmp"), {"new": new_seq, "tmp": -r.seq}
            )


def _new_id() -> str:
    """A UUIDv7, as storage.models.new_id (migrations do not import the app's modules)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (
        (ms & 0xFFFF_FFFF_FFFF) << 80
        | 0x7 << 76
        | (rand >> 68 & 0xFFF) << 64
        | 0b10 << 62
        | (rand & (1 << 62) - 1)
    )
    return str(uuid.UUID(int=value))


def _promote_first_clerk(conn: sa.Connection) -> None:
    """Roles are enforced from now on: the earliest active clerk keeps the power to manage the desk."""
    if conn.execute(sa.text("SELECT 1 FROM operator WHERE role = 'admin' AND active LIMIT 1")).first():
        return
    row = conn.execute(
        sa.text("SELECT id FROM operator WHERE role = 'clerk' AND active ORDER BY created_at, id LIMIT 1")
    ).first()
    if row is None:
        return
    now = datetime.now(UTC).replace(tzinfo=None)
    conn.execute(
        sa.text("UPDATE operator SET role = 'admin', updated_at = :now WHERE id = :id"),
        {"now": now, "id": row[0]},
    )
    # Logged like any edit, so the change reaches the server and the district's other desks.
    conn.execute(
        sa.text(
            "INSERT INTO change_log (id, entity, entity_id, op, changes, operator_id, at, pushed) "
            "VALUES (:cid, 'operator', :id, 'update', :changes, :id, :now, 0)"
        ),
        {"cid": _new_id(), "id": row[0], "changes": json.dumps({"role": ["clerk", "admin"]}), "now": now},
    )


def downgrade() -> None:
    op.drop_index("ix_audit_event_at", table_name="audit_event")
    op.drop_table("audit_event")
    op.drop_table("operator_lock")
    op.drop_table("calendar_day")
    for table in ("case_event", "extension", "chase", "callback_attempt"):
        op.drop_index(f"ix_{table}_reception", table_name=table)
        op.drop_table(table)
    with op.batch_alter_table("callback", schema=None) as batch_op:
        batch_op.drop_column("cause")
    with op.batch_alter_table("referral", schema=None, recreate="always") as batch_op:
        batch_op.drop_constraint("uq_referral_round", type_="unique")
        batch_op.create_unique_constraint("uq_referral_round", ["reception_id", "round_no"])
        batch_op.drop_column("former_serial")
        batch_op.drop_column("return_reason")
        batch_op.drop_column("returned_on")
        batch_op.drop_column("attempt")
    # Dropping columns of reception copies the table: the FTS triggers go with it and are made
    # again (as migration 0001 made them).
    with op.batch_alter_table("reception", schema=None) as batch_op:
        batch_op.drop_index("ix_reception_waiting_due")
        batch_op.drop_column("merged_into")
        batch_op.drop_column("waiting_estimated")
        batch_op.drop_column("waiting_due")
    from desk_app.storage.migrations.fts import create_reception_fts, drop_reception_fts, rebuild_sql

    drop_reception_fts()
    create_reception_fts()
    for sql in rebuild_sql():
        op.execute(sql)
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.drop_column("refer_working_days")
        batch_op.drop_column("callback_working_days")
    op.execute("UPDATE operator SET role = 'clerk' WHERE role IN ('admin', 'centre_staff')")
