"""Indexes on the dates the tally reads by (issue 10: the month's tally within 1 s)

The tally reads every fact dated in a period: slips referred, replied or returned in it,
callbacks, callback attempts and chases made in it, status events and sign-offs in it
(storage/tally_queries.py). None of those dates had an index, so each read scanned its whole
table, and a 100k-case desk spent ~150 ms of a month's tally scanning slips and callbacks that
were years old. With these indexes each read visits only the period's rows; the "changed since"
reads (referral dates OR-ed) use them through SQLite's OR-by-union plan.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 09:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES: tuple[tuple[str, str, list[str]], ...] = (
    ("ix_referral_referred_on", "referral", ["referred_on"]),
    ("ix_referral_replied_on", "referral", ["replied_on"]),
    ("ix_referral_returned_on", "referral", ["returned_on"]),
    ("ix_callback_called_at", "callback", ["called_at"]),
    ("ix_callback_attempt_at", "callback_attempt", ["attempted_at"]),
    ("ix_chase_chased_at", "chase", ["chased_at"]),
    ("ix_case_event_at", "case_event", ["at"]),
    ("ix_reception_signed_off_at", "reception", ["signed_off_at"]),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns)


def downgrade() -> None:
    for name, table, _columns in reversed(INDEXES):
        op.drop_index(name, table_name=table)
