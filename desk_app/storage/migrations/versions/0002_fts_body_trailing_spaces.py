"""search index: redefine the FTS triggers with the current body and rebuild the index

fts.BODY_SQL now ends with two spaces so that every character of the searched text starts a
trigram (short-term search reads the index vocabulary, see storage/queries.py). Desks made by
0001 still carry the old triggers and index: without this revision they miss a 1-character term
at the end of a text (e.g. the last character of an on-site answer).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 21:50:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from desk_app.storage.migrations.fts import create_reception_fts, drop_reception_fts, rebuild_sql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    drop_reception_fts()
    create_reception_fts()
    for sql in rebuild_sql():
        op.execute(sql)


def downgrade() -> None:
    # The new body only adds trailing spaces: 0001's code searches it correctly. Nothing to undo.
    pass
