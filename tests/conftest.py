"""Shared fixtures. Qt runs offscreen; every test gets its own real SQLite file."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Desks keep their sync token in the system's credential store when there is one: tests never
# touch the machine's (and desks run as subprocesses inherit this). Tests of the credential store
# set a file-based keyring of their own (tests/sync/test_tokens.py).
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"

from argon2 import PasswordHasher  # noqa: E402

from desk_app.storage import secrets  # noqa: E402
from desk_app.storage.db import database_path  # noqa: E402
from desk_app.storage.records import OperatorInfo  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from tests.constants import CLERK_PIN  # noqa: E402

# Argon2 with the shipped cost takes ~0.2 s per hash; tests need the format, not the cost.
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


def pytest_configure(config: pytest.Config) -> None:
    """Under scripts/run-tests the PostgreSQL runs are part of the suite: without their database,
    stop at once rather than skip them (tests/server_process.py, postgres_base_url)."""
    if os.environ.get("DESK_TEST_REQUIRE_POSTGRES") == "1" and not os.environ.get("DESK_TEST_POSTGRES_URL"):
        raise pytest.UsageError("DESK_TEST_REQUIRE_POSTGRES=1 but DESK_TEST_POSTGRES_URL is not set")


def pytest_sessionfinish(session: pytest.Session) -> None:
    server_process = sys.modules.get("tests.server_process")
    if server_process is not None:
        server_process.drop_templates()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `bundle` build (when stale) and run the installed bundle: minutes, so only
    when asked, by `-m bundle` (scripts/run-tests -m bundle) or DESK_TEST_BUNDLE=1."""
    if "bundle" in (config.getoption("markexpr") or "") or os.environ.get("DESK_TEST_BUNDLE") == "1":
        return
    skip = pytest.mark.skip(reason="the installed bundle: scripts/run-tests -m bundle (README)")
    for item in items:
        if item.get_closest_marker("bundle"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def cheap_pin_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test hashes PINs cheaply (tests/storage/test_secrets.py checks the shipped cost)."""
    monkeypatch.setattr(secrets, "_hasher", CHEAP_HASHER)


# A fixed "now" so that deadlines and overdue flags are the same every day the tests run.
FIXED_NOW = datetime(2026, 11, 20, 10, 0, 0)


class FakeClock:
    """A settable clock: tests move time forward to make slips overdue."""

    def __init__(self, now: datetime = FIXED_NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "desk"


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty desk at head, migrated once per test process (each xdist worker has its own);
    tests/storage/test_migrations.py and tests/test_migrating.py cover the migrations themselves."""
    template_dir = tmp_path_factory.mktemp("template")
    DeskStore.open(template_dir).close()
    return database_path(template_dir)


@pytest.fixture
def new_desk_dir(migrated_template: Path) -> Callable[[Path], Path]:
    """new_desk_dir(folder): `folder` holds an empty desk at head (a copy of the template, ~10 ms
    instead of ~0.5 s of migrations); DeskStore.open(folder) then opens it like a fresh desk."""

    def make(folder: Path) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(migrated_template, database_path(folder))
        return folder

    return make


@pytest.fixture
def store(data_dir: Path, clock: FakeClock, new_desk_dir: Callable[[Path], Path]) -> Iterator[DeskStore]:
    s = DeskStore.open(new_desk_dir(data_dir), clock=clock)
    yield s
    s.close()


@pytest.fixture
def clerk(store: DeskStore) -> OperatorInfo:
    """A station set up with its first operator, the desk's administrator (PIN CLERK_PIN)."""
    return store.set_up(
        station_name="浉河区五星街道人大代表监督岗",
        short_name="浉河监督岗",
        kind="supervision_post",
        district="浉河区",
        operator_name="李明",
        secret=CLERK_PIN,
    )
