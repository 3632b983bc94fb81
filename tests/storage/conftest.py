"""Storage fixtures: a set-up desk with one handling unit (on a copy of the database migrated once,
tests/conftest.py's `store`)."""

from __future__ import annotations

import pytest
from storage_helpers import Desk

from desk_app.storage.records import HandlingUnitInfo, OperatorInfo
from desk_app.storage.store import DeskStore


@pytest.fixture
def unit(store: DeskStore, clerk: OperatorInfo) -> HandlingUnitInfo:
    return store.save_handling_unit(
        by=clerk.id, name="五星街道办事处", contact_person="王科长", phone="0376-6221234"
    )


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, unit: HandlingUnitInfo, clock: object) -> Desk:
    return Desk(store, clerk, unit, clock)
