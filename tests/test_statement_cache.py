"""The tests' shared statement cache (tests/statement_cache.py): desks opened alike share what
SQLAlchemy compiled; an engine set up otherwise compiles for itself; each reads its own rows."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine, create_engine, select

from desk_app.storage.db import database_path, make_engine
from desk_app.storage.tables import setting
from tests.statement_cache import SHARED

KEY = "tests.statement_cache"


def _names(engine: Engine) -> tuple[list[str], object]:
    """The names the desk holds (read by a statement made afresh, as each read of the desk makes
    it) and whether its SQL was compiled now or found compiled (SQLAlchemy's CacheStats)."""
    with engine.connect() as conn:
        result = conn.execute(select(setting.c.value).where(setting.c.key == KEY))
        return list(result.scalars()), result.context.cache_hit


def _desk(folder: Path, name: str, new_desk_dir: Callable[[Path], Path]) -> Engine:
    engine = make_engine(database_path(new_desk_dir(folder)))
    with engine.begin() as conn:
        conn.execute(setting.insert().values(key=KEY, value=name))
    return engine


def test_a_second_desk_finds_the_first_desks_statement_compiled(
    tmp_path: Path, new_desk_dir: Callable[[Path], Path]
) -> None:
    first = _desk(tmp_path / "a", "甲站", new_desk_dir)
    second = _desk(tmp_path / "b", "乙站", new_desk_dir)
    try:
        names, _ = _names(first)
        assert names == ["甲站"]
        names, cache = _names(second)
        assert names == ["乙站"]
        assert cache == second.dialect.CACHE_HIT
    finally:
        first.dispose()
        second.dispose()


def test_an_engine_set_up_otherwise_compiles_for_itself(
    tmp_path: Path, new_desk_dir: Callable[[Path], Path]
) -> None:
    desk = _desk(tmp_path / "a", "甲站", new_desk_dir)
    other = create_engine(
        f"sqlite:///{database_path(new_desk_dir(tmp_path / 'b'))}",
        json_serializer=lambda obj: json.dumps(obj),
    )
    try:
        _names(desk)
        names, cache = _names(other)
        assert names == []
        assert cache == other.dialect.CACHE_MISS
    finally:
        desk.dispose()
        other.dispose()


def test_the_orms_flushes_compile_through_the_shared_cache() -> None:
    from desk_app.storage.models import Reception

    assert Reception.__mapper__._compiled_cache is SHARED
