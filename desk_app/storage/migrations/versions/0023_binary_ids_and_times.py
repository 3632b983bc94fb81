"""ids and times stored in binary (issue 16: a 100k-case desk under 250 MB)

Every id column (a row's own, its references, created_by/updated_by, the change log's id,
entity_id and operator_id, ...) holding a canonical lowercase UUID is rewritten as the UUID's 16
bytes, and every time column (DATETIME: created_at, updated_at, the business times, the change
log's `at`, ...) as integer microseconds since 1970-01-01 (storage/coltypes.py says why and how).
An id that is not a canonical UUID stays the text it is; a time text that is no ISO time stays
as it is (the desk reads both).

Values only: the declared types stay VARCHAR(36) and DATETIME, whose affinities (TEXT, NUMERIC)
keep a BLOB and an INTEGER as they are, so no table is copied. One UPDATE per table, converting
in SQL through Python functions registered on the migration's connection (SQLite 3.40 has no
unhex()). Foreign keys are off while the desk migrates (desk_app/migrating.py) and checked
after; on a connection with them on they are deferred to the commit. A parent's id and its
children's references change in the same transaction, to the same bytes.
No trigger fires: the FTS and counter triggers are AFTER UPDATE OF text, status and pushed
columns, none of which is set here. The change log's JSON (`changes`, the wire format) is left
as it is: text ids, ISO times.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-04 21:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

from desk_app.storage import coltypes

revision: str = "0023"
down_revision: str | None = "0022"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen here: the id and time columns of every table at 0022 (models.py as of this revision).
COLUMNS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "audit_event": (("operator_id",), ("at",)),
    "calendar_day": (("id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "callback": (
        ("reception_id", "referral_id", "id", "created_by", "updated_by"),
        ("called_at", "created_at", "updated_at"),
    ),
    "callback_attempt": (
        ("reception_id", "referral_id", "id", "created_by", "updated_by"),
        ("attempted_at", "created_at", "updated_at"),
    ),
    "campaign": (("station_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "campaign_activity": (
        ("station_id", "campaign_id", "place_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_activity_deputy": (
        ("station_id", "activity_id", "deputy_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_case": (
        ("station_id", "campaign_id", "case_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_count": (
        ("station_id", "measure_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_deputy": (
        ("station_id", "campaign_id", "deputy_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_measure": (
        ("station_id", "campaign_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_place": (
        ("station_id", "campaign_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "campaign_suggestion": (
        ("station_id", "campaign_id", "suggestion_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "case_class": (
        ("station_id", "settled_by", "id", "created_by", "updated_by"),
        ("formed_at", "created_at", "updated_at"),
    ),
    "case_class_member": (
        ("station_id", "class_id", "reception_id", "left_by", "id", "created_by", "updated_by"),
        ("joined_at", "left_at", "created_at", "updated_at"),
    ),
    "case_class_referral": (
        (
            "station_id",
            "class_id",
            "reception_id",
            "referral_id",
            "lead_referral_id",
            "id",
            "created_by",
            "updated_by",
        ),
        ("created_at", "updated_at"),
    ),
    "case_event": (
        ("reception_id", "related_id", "id", "created_by", "updated_by"),
        ("at", "created_at", "updated_at"),
    ),
    "case_forward": (
        ("reception_id", "station_id", "id", "created_by", "updated_by"),
        ("requested_at", "sent_at", "closed_at", "created_at", "updated_at"),
    ),
    "category": (("id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "change_log": (("id", "entity_id", "operator_id"), ("at",)),
    "change_log_fold": ((), ("folded_at",)),
    "chase": (
        ("reception_id", "referral_id", "id", "created_by", "updated_by"),
        ("chased_at", "created_at", "updated_at"),
    ),
    "deputy": (("id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "deputy_unavailable": (("deputy_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "deputy_visit": (
        ("station_id", "deputy_id", "stands_in_for_id", "id", "created_by", "updated_by"),
        ("check_in_at", "check_out_at", "created_at", "updated_at"),
    ),
    "duty_group": (("station_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "duty_group_member": (
        ("group_id", "deputy_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "duty_slot": (("station_id", "group_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "extension": (
        ("reception_id", "referral_id", "decided_by", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "handling_unit": (("id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "meeting": (("station_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "meeting_item": (
        ("station_id", "meeting_id", "reception_id", "referral_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "operator": (("id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "operator_lock": (("operator_id",), ("last_failure_at",)),
    "public_link": (
        ("station_id", "deputy_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "public_photo": (
        ("station_id", "submission_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "public_submission": (
        (
            "station_id",
            "link_id",
            "deputy_id",
            "category_id",
            "case_id",
            "decided_by",
            "id",
            "created_by",
            "updated_by",
        ),
        ("submitted_at", "decided_at", "rated_at", "created_at", "updated_at"),
    ),
    "reception": (
        (
            "station_id",
            "category_id",
            "unit_id",
            "signed_off_by",
            "merged_into",
            "id",
            "created_by",
            "updated_by",
        ),
        ("received_at", "signed_off_at", "created_at", "updated_at"),
    ),
    "reception_deputy": (
        ("reception_id", "deputy_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "referral": (
        (
            "reception_id",
            "station_id",
            "handling_unit_id",
            "reply_recorded_by",
            "id",
            "created_by",
            "updated_by",
        ),
        ("created_at", "updated_at"),
    ),
    "rota_assignment": (
        ("station_id", "deputy_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "serial_block": ((), ("granted_at",)),
    "station": (("id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "studio_exception": (("station_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "studio_setting": (("station_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "suggestion": (
        ("station_id", "deputy_id", "unit_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "suggestion_case": (
        ("station_id", "suggestion_id", "reception_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
    "supervision_step": (
        ("station_id", "reception_id", "suggestion_id", "id", "created_by", "updated_by"),
        ("at", "created_at", "updated_at"),
    ),
    "sync_conflict": (("change_id", "entity_id"), ("at",)),
    "theme_day": (("station_id", "id", "created_by", "updated_by"), ("created_at", "updated_at")),
    "theme_day_reception": (
        ("theme_day_id", "reception_id", "id", "created_by", "updated_by"),
        ("created_at", "updated_at"),
    ),
}


def _convert(id_fn: str, time_fn: str) -> None:
    conn = op.get_bind()
    coltypes.register_functions(conn.connection.dbapi_connection)
    # A parent's id and its children's references change in separate statements: with foreign
    # keys on (a test's or a tool's own connection; the desk's start-up turns them off), they are
    # checked at the commit, when both sides hold the same bytes again.
    conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    for table, (ids, times) in COLUMNS.items():
        # The indexes over converted columns are dropped and made again after the UPDATE, from
        # their own SQL (names, columns and conditions as they were): made again they are read
        # in sorted order, where kept each row moved in each of them at a random place. On the
        # 100k-case benchmark desk 50 s -> 18 s (docs/benchmarks.md). The UNIQUE and PRIMARY
        # KEY indexes (sqlite_autoindex_*, no SQL of their own) cannot be dropped and follow.
        converted = set(ids) | set(times)
        again = []
        for name, sql in conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL",
            (table,),
        ).all():
            columns = {r[2] for r in conn.exec_driver_sql(f'PRAGMA index_info("{name}")')}
            if columns & converted:
                again.append(sql)
                conn.exec_driver_sql(f'DROP INDEX "{name}"')
        sets = [f"{c} = {id_fn}({c})" for c in ids] + [f"{c} = {time_fn}({c})" for c in times]
        conn.exec_driver_sql(f"UPDATE {table} SET {', '.join(sets)}")
        for sql in again:
            conn.exec_driver_sql(sql)


def upgrade() -> None:
    _convert(coltypes.ID_SQL, coltypes.TIME_SQL)


def downgrade() -> None:
    _convert(coltypes.ID_TEXT_SQL, coltypes.TIME_TEXT_SQL)
