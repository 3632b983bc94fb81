"""Migrations: empty to head, schema equals the models, down and up again, version checks."""

from __future__ import annotations

from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from desk_app.storage import migrate
from desk_app.storage.db import make_engine
from desk_app.storage.errors import StorageProblem, StorageUnavailable
from desk_app.storage.models import Base

# Alembic's own reading of the scripts: the desk reads the head without Alembic and must agree.
ALEMBIC = ScriptDirectory.from_config(migrate.alembic_config())
HEAD = ALEMBIC.get_current_head()


@pytest.fixture
def engine(tmp_path: Path):  # type: ignore[no-untyped-def]
    eng = make_engine(tmp_path / "m.sqlite3")
    yield eng
    eng.dispose()


def _include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    # Same rule as migrations/env.py: the FTS index and its shadow tables are made by hand.
    return not (type_ == "table" and name.startswith("reception_fts"))


def schema_differences(engine: Engine) -> list[object]:
    with engine.connect() as conn:
        ctx = MigrationContext.configure(
            conn, opts={"include_object": _include_object, "compare_type": True, "render_as_batch": True}
        )
        return compare_metadata(ctx, Base.metadata)


def table_names(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        return set(inspect(conn).get_table_names())


def fts_objects(engine: Engine) -> set[str]:
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT name FROM sqlite_master WHERE type IN ('table','trigger') AND name LIKE 'reception_fts%'"
            )
        )
        return {r[0] for r in rows}


def test_head_read_from_the_scripts_is_alembics_head() -> None:
    assert migrate.head_revision() == HEAD


def test_known_revisions_are_alembics_oldest_first() -> None:
    assert migrate.known_revisions() == tuple(reversed([r.revision for r in ALEMBIC.walk_revisions()]))


def test_empty_database_has_no_revision(engine: Engine) -> None:
    assert migrate.current_revision(engine) is None


def test_ensure_schema_migrates_empty_database_to_head(engine: Engine) -> None:
    assert migrate.ensure_schema(engine) is True
    assert migrate.current_revision(engine) == HEAD


def test_migrated_schema_matches_models(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    assert schema_differences(engine) == []


def test_migrated_schema_has_every_model_table(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    assert set(Base.metadata.tables) <= table_names(engine)


def test_migration_creates_fts_index_and_triggers(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    assert {"reception_fts", "reception_fts_ai", "reception_fts_au", "reception_fts_ad"} <= fts_objects(
        engine
    )


def test_schema_difference_is_detected(engine: Engine) -> None:
    """The comparison itself can fail: a dropped index is reported."""
    migrate.ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("DROP INDEX ix_reception_channel"))
    assert schema_differences(engine) != []


def test_ensure_schema_is_a_no_op_at_head(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    assert migrate.ensure_schema(engine) is False


def test_downgrade_to_base_removes_everything(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    _downgrade(engine, "base")
    assert table_names(engine) <= {"alembic_version"}
    assert fts_objects(engine) == set()


def test_upgrade_after_downgrade_matches_models(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    _downgrade(engine, "base")
    assert migrate.ensure_schema(engine) is True
    assert migrate.current_revision(engine) == HEAD
    assert schema_differences(engine) == []


def test_database_from_newer_desk_is_refused(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    with pytest.raises(StorageUnavailable) as info:
        migrate.ensure_schema(engine)
    assert info.value.problem is StorageProblem.TOO_NEW


def test_database_from_newer_desk_is_left_untouched(engine: Engine) -> None:
    migrate.ensure_schema(engine)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    before = table_names(engine)
    with pytest.raises(StorageUnavailable):
        migrate.ensure_schema(engine)
    assert table_names(engine) == before
    assert migrate.current_revision(engine) == "ffff_from_the_future"


def _downgrade(engine: Engine, target: str) -> None:
    from alembic import command

    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)
