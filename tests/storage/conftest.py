"""Storage fixtures: a set-up desk with one handling unit, on a copy of a database migrated once."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from storage_helpers import Desk

from desk_app.storage.db import database_path
from desk_app.storage.records import HandlingUnitInfo, OperatorInfo
from desk_app.storage.store import DeskStore


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty desk at head, migrated once (test_migrations covers the migration itself)."""
    template_dir = tmp_path_factory.mktemp("template")
    DeskStore.open(template_dir).close()
    return database_path(template_dir)


@pytest.fixture
def store(data_dir: Path, clock: object, migrated_template: Path) -> Iterator[DeskStore]:
    data_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(migrated_template, database_path(data_dir))
    s = DeskStore.open(data_dir, clock=clock)  # type: ignore[arg-type]
    yield s
    s.close()


@pytest.fixture
def unit(store: DeskStore, clerk: OperatorInfo) -> HandlingUnitInfo:
    return store.save_handling_unit(by=clerk.id, name="五星街道办事处", contact_person="王科长",
                                    phone="0376-6221234")


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, unit: HandlingUnitInfo, clock: object) -> Desk:
    return Desk(store, clerk, unit, clock)
