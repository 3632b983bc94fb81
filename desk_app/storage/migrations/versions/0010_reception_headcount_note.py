"""reception.headcount and reception.note: groups and the ledger's 备注 (issue 11)

`headcount` (接待人数): how many people came in one reception (a group counts its members among the
citizens received); 1 for every reception before. `note` (备注): the clerk's remark on the case,
kept from a ledger row whatever its state (it used to survive only as a sign-off note).

Plain ALTER TABLE ADD/DROP COLUMN, not a batch: a batch copies the table and would drop the FTS
triggers on reception.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03 18:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("reception", sa.Column("headcount", sa.Integer(), nullable=False, server_default="1"))
    op.add_column("reception", sa.Column("note", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    op.execute("ALTER TABLE reception DROP COLUMN note")
    op.execute("ALTER TABLE reception DROP COLUMN headcount")
