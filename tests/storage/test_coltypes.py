"""How ids and times are stored (storage/coltypes.py, schema 0023): a UUID as its 16 bytes, any
other id as its text, a time as integer microseconds; each reads back as it was written."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlalchemy import select, text

from desk_app.storage import coltypes
from desk_app.storage.coltypes import id_param, id_value, time_param, time_value
from desk_app.storage.models import Category, ChangeLog, new_id
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


def test_a_new_id_is_stored_as_its_16_bytes_and_reads_back() -> None:
    made = new_id()
    stored = id_param(made)
    assert stored == uuid.UUID(made).bytes
    assert id_value(stored) == made


@pytest.mark.parametrize(
    "other",
    [
        "district-category-id",
        "",
        "01A242C4-0371-75B7-B588-623D4C10BB02",  # uppercase: not canonical
        "01a242c4-0371-75b7-b588-623d4c10bb0",  # a digit short
        "01a242c40371-75b7-b588-623d4c10bb02-",  # dashes elsewhere
        "01a242c4-0371-75b7-b588-623d4c10bbzz",
        "01a242c4-0371-75b7-b588- 23d4c10bb02",  # a blank (bytes.fromhex would skip it)
    ],
)
def test_an_id_that_is_no_canonical_uuid_is_kept_as_its_text(other: str) -> None:
    assert id_param(other) == other
    assert id_value(other) == other


def test_ids_as_bytes_sort_as_their_text() -> None:
    ids = [new_id() for _ in range(50)] + [str(uuid.uuid4()) for _ in range(50)]
    assert sorted(ids, key=id_param) == sorted(ids)  # type: ignore[arg-type,return-value]


def test_a_time_is_integer_microseconds_since_1970_and_keeps_its_microseconds() -> None:
    when = datetime(2026, 11, 20, 10, 0, 0, 123457)
    assert time_param(datetime(1970, 1, 1)) == 0
    assert time_param(when) == int((when - datetime(1970, 1, 1)).total_seconds()) * 1_000_000 + 123457
    assert time_value(time_param(when)) == when
    assert time_value(time_param(datetime(1969, 12, 31, 23, 59, 59, 999999))) == datetime(
        1969, 12, 31, 23, 59, 59, 999999
    )


def test_times_as_integers_sort_as_the_times() -> None:
    base = datetime(2026, 1, 1)
    times = [base + timedelta(microseconds=n * 7919) for n in range(-50, 50)]
    assert sorted(times, key=time_param) == sorted(times)  # type: ignore[arg-type,return-value]


def test_an_aware_time_is_stored_by_its_wall_clock_as_sqlalchemys_datetime_did() -> None:
    aware = datetime(2026, 11, 20, 18, 0, tzinfo=timezone(timedelta(hours=8)))
    assert time_value(time_param(aware)) == datetime(2026, 11, 20, 18, 0)


def test_a_date_bound_to_a_time_column_is_its_midnight() -> None:
    assert time_value(time_param(date(2026, 11, 20))) == datetime(2026, 11, 20)


def test_a_time_written_as_text_before_0023_still_reads() -> None:
    assert time_value("2026-11-20 10:00:00.000001") == datetime(2026, 11, 20, 10, 0, 0, 1)


def test_a_text_bound_to_a_time_column_is_refused() -> None:
    with pytest.raises(TypeError):
        time_param("2026-11-20 10:00:00")  # type: ignore[arg-type]


def test_the_sql_functions_convert_both_ways_and_leave_the_rest() -> None:
    conn = sqlite3.connect(":memory:")
    coltypes.register_functions(conn)
    made = new_id()
    row = conn.execute(
        "SELECT desk_id(?), desk_id('not-a-uuid'), desk_id(NULL), desk_id_text(desk_id(?)), "
        "desk_time('2026-11-20 10:00:00.000005'), desk_time('no time'), "
        "desk_time_text(desk_time('2026-11-20 10:00:00'))",
        (made, made),
    ).fetchone()
    assert row == (
        uuid.UUID(made).bytes,
        "not-a-uuid",
        None,
        made,
        time_param(datetime(2026, 11, 20, 10, 0, 0, 5)),
        "no time",
        "2026-11-20 10:00:00.000000",
    )


def test_a_desk_stores_ids_as_blobs_and_times_as_integers(store: DeskStore, clerk: OperatorInfo) -> None:
    with store.db.writing(clerk.id) as s:
        s.add(Category(name="测试类别甲"))
    with store.db.engine.connect() as conn:
        stored = conn.execute(
            text(
                "SELECT typeof(id), typeof(created_by), typeof(created_at) FROM category WHERE name = '测试类别甲'"
            )
        ).one()
        logged = conn.execute(
            text("SELECT typeof(id), typeof(entity_id), typeof(operator_id), typeof(at) FROM change_log")
        ).all()
    assert tuple(stored) == ("blob", "blob", "integer")
    assert set(logged) == {("blob", "blob", "blob", "integer")}


def test_an_id_that_is_no_uuid_is_stored_as_text_and_found_by_it(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    with store.db.writing(clerk.id) as s:
        s.add(Category(id="district-category-id", name="测试类别甲"))
    with store.db.reading() as s:
        assert s.get(Category, "district-category-id") is not None
        assert s.scalar(select(ChangeLog.entity_id).where(ChangeLog.entity == "category")) == (
            "district-category-id"
        )
    with store.db.engine.connect() as conn:
        assert (
            conn.execute(text("SELECT typeof(id) FROM category WHERE name = '测试类别甲'")).scalar() == "text"
        )


def test_a_time_round_trips_through_a_desk_with_its_microseconds(store: DeskStore, tmp_path: Path) -> None:
    when = datetime.now(UTC).replace(tzinfo=None, microsecond=654321)
    with store.db.writing(None) as s:
        s.add(Category(name="测试类别乙", created_at=when, updated_at=when))
    with store.db.reading() as s:
        assert s.scalar(select(Category.created_at).where(Category.name == "测试类别乙")) == when


def test_raw_sql_finds_a_row_by_its_id_only_when_bound_as_stored(
    store: DeskStore, clerk: OperatorInfo
) -> None:
    with store.db.writing(clerk.id) as s:
        category = Category(name="测试类别丙")
        s.add(category)
        s.flush()
        cid = category.id
    sql = text("SELECT name FROM category WHERE id = :id")
    with store.db.engine.connect() as conn:
        assert conn.execute(sql, {"id": id_param(cid)}).scalar() == "测试类别丙"
        raw = conn.connection.dbapi_connection
        assert raw is not None
        # As text (what such a statement bound before 0023): nothing, and no error.
        assert raw.execute("SELECT name FROM category WHERE id = ?", (cid,)).fetchone() is None


def test_the_tests_refuse_a_statement_binding_a_text_id_to_a_desk(store: DeskStore) -> None:
    """tests/conftest.py's check, which found the raw statements 0023 had to convert, is on."""
    with store.db.engine.connect() as conn, pytest.raises(AssertionError, match="bound as text"):
        conn.execute(text("SELECT 1 FROM category WHERE id = :id"), {"id": new_id()})
