"""Shared fixtures. Qt runs offscreen; every test gets its own real SQLite file."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

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
    # Test servers are forked from an interpreter with the server's libraries imported, not
    # started as fresh ones (tests/server_zygote.py), unless DESK_TEST_SERVER_EXEC=1. Linux only:
    # the test process waits for its forked servers as a child subreaper (prctl).
    from tests.server_process import ServerProcess

    ServerProcess.fork_by_default = sys.platform == "linux" and os.environ.get("DESK_TEST_SERVER_EXEC") != "1"


def pytest_collection_finish(session: pytest.Session) -> None:
    from tests.collector import session_started
    from tests.statement_cache import install

    install()
    session_started()


def pytest_sessionfinish(session: pytest.Session) -> None:
    server_process = sys.modules.get("tests.server_process")
    if server_process is not None:
        server_process.drop_templates()
        server_process.stop_zygote()


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """An xdist worker ends here, once its results are sent (`workerfinished`, at the session's
    finish) and every other plugin is unconfigured (pytest's last check for unraisable exceptions
    included): its interpreter's own teardown (freeing ~1M objects one by one, Qt's application,
    a last full collection) took ~5 s of wall time that the run waited for, and checks nothing.
    Not under coverage (it writes its data at exit), nor with DESK_TEST_FULL_EXIT=1."""
    if (
        os.environ.get("PYTEST_XDIST_WORKER")
        and os.environ.get("DESK_TEST_FULL_EXIT") != "1"
        and "coverage" not in sys.modules
    ):
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """In an xdist worker, the modules longest first (tests/schedule.py: scripts/run-tests hands
    them out in this order, `--no-loadscope-reorder`); every worker collects the same order.

    Tests marked `bundle` build (when stale) and run the installed bundle: minutes, so only
    when asked, by `-m bundle` (scripts/run-tests -m bundle) or DESK_TEST_BUNDLE=1."""
    if os.environ.get("PYTEST_XDIST_WORKER"):
        from tests.schedule import longest_modules_first

        items[:] = longest_modules_first(items)
    if "bundle" in (config.getoption("markexpr") or "") or os.environ.get("DESK_TEST_BUNDLE") == "1":
        return
    skip = pytest.mark.skip(reason="the installed bundle: scripts/run-tests -m bundle (README)")
    for item in items:
        if item.get_closest_marker("bundle"):
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def collector_per_test(request: pytest.FixtureRequest) -> Iterator[None]:
    """The test's garbage collected on this thread after it (tests/collector.py: the collector is
    off for the session). Set up first and torn down last of the test's function-scoped
    fixtures (the first autouse fixture of the root conftest), so that what they held is
    garbage by then. Tests of the collector itself, marked `collector_as_is`, have it on while
    they run; a test marked `unfreezes` gets what is alive frozen again after it."""
    from tests.collector import around_test

    yield from around_test(
        as_is=request.node.get_closest_marker("collector_as_is") is not None,
        refreeze=request.node.get_closest_marker("unfreezes") is not None,
    )


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


def set_up_station(store: DeskStore) -> OperatorInfo:
    """The station set up with its first operator, the desk's administrator (PIN CLERK_PIN)."""
    return store.set_up(
        station_name="浉河区五星街道人大代表监督岗",
        short_name="浉河监督岗",
        kind="supervision_post",
        district="浉河区",
        operator_name="李明",
        secret=CLERK_PIN,
    )


@pytest.fixture
def clerk(store: DeskStore) -> OperatorInfo:
    """A station set up with its first operator, the desk's administrator (PIN CLERK_PIN)."""
    return set_up_station(store)


@dataclass(frozen=True)
class BuiltDesk:
    """A desk `build(store, clerk, clock)` filled, closed: its database file, its clerk, and what
    `build` returned (ids of its cases and the like)."""

    database: Path
    clerk: OperatorInfo
    made: Any


DeskBuilds = Callable[[Callable[[DeskStore, OperatorInfo, FakeClock], Any]], BuiltDesk]


@pytest.fixture(scope="session")
def desk_builds(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> DeskBuilds:
    """desk_builds(build): the desk `build` fills from a set-up station (the `clerk` fixture's),
    built once per test process and builder, for modules whose tests each read or change a copy
    of the same desk of hundreds of cases (open_built_copy). The builder must leave the clock at
    FIXED_NOW, as a test's own `clock` starts there."""
    built: dict[Callable[..., Any], BuiltDesk] = {}

    def get(build: Callable[[DeskStore, OperatorInfo, FakeClock], Any]) -> BuiltDesk:
        if build not in built:
            folder = tmp_path_factory.mktemp(f"built-{build.__name__}")
            shutil.copyfile(migrated_template, database_path(folder))
            clock = FakeClock()
            store = DeskStore.open(folder, clock=clock)
            try:
                clerk = set_up_station(store)
                made = build(store, clerk, clock)
                assert clock.now == FIXED_NOW, f"{build.__name__} left the clock at {clock.now}"
            finally:
                store.close()
            built[build] = BuiltDesk(database_path(folder), clerk, made)
        return built[build]

    return get


BuiltOrFresh = Callable[
    [Callable[[DeskStore, OperatorInfo, FakeClock], Any], str], tuple[DeskStore, BuiltDesk | None]
]


@pytest.fixture
def built_or_fresh(
    request: pytest.FixtureRequest,
    desk_builds: DeskBuilds,
    data_dir: Path,
    clock: FakeClock,
    new_desk_dir: Callable[[Path], Path],
) -> BuiltOrFresh:
    """For a module's `store` fixture where most tests read one built desk and a few start from an
    empty one: built_or_fresh(build, name) opens a copy of the desk `build` makes when the test
    uses the fixture `name` (the one handing out what `build` returned), else an empty desk."""

    def make(
        build: Callable[[DeskStore, OperatorInfo, FakeClock], Any], name: str
    ) -> tuple[DeskStore, BuiltDesk | None]:
        if name in request.fixturenames:
            built = desk_builds(build)
            return open_built_copy(built, data_dir, clock), built
        return DeskStore.open(new_desk_dir(data_dir), clock=clock), None

    return make


def built_desk_fixtures(
    build: Callable[[DeskStore, OperatorInfo, FakeClock], Any], name: str
) -> tuple[Any, ...]:
    """The fixtures of a module whose tests each read a copy of the desk `build` fills (built once
    per test process: desk_builds), or start from an empty desk: `built_store`, `store` and
    `clerk` (the module's, over the suite's), and `name`, what `build` returned; asking for `name`
    is what gives a test the built desk (built_or_fresh). At the module's top level:

        built_store, store, clerk, ids = built_desk_fixtures(october_desk, "ids")
    """

    @pytest.fixture
    def built_store(built_or_fresh: BuiltOrFresh) -> Iterator[tuple[DeskStore, BuiltDesk | None]]:
        store, built = built_or_fresh(build, name)
        yield store, built
        store.close()

    @pytest.fixture
    def store(built_store: tuple[DeskStore, BuiltDesk | None]) -> DeskStore:
        return built_store[0]

    @pytest.fixture
    def clerk(built_store: tuple[DeskStore, BuiltDesk | None]) -> OperatorInfo:
        store, built = built_store
        return set_up_station(store) if built is None else built.clerk

    @pytest.fixture(name=name)
    def made(built_store: tuple[DeskStore, BuiltDesk | None]) -> Any:
        built = built_store[1]
        assert built is not None
        return built.made

    return built_store, store, clerk, made


def open_built_copy(built: BuiltDesk, data_dir: Path, clock: FakeClock) -> DeskStore:
    """A copy of the test's own of a built desk in `data_dir` (through SQLite's backup API),
    opened by DeskStore as the desk opens its file at a start."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(built.database) as source, sqlite3.connect(database_path(data_dir)) as copy:
        source.backup(copy)
    source.close()
    copy.close()
    return DeskStore.open(data_dir, clock=clock)


# -- ids and times bound as text (storage/coltypes.py) ---------------------------------------------

_UUID_TEXT = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_TIME_TEXT = re.compile(r"\d{4}-\d\d-\d\d[ T]\d\d:\d\d")
# A statement looking for an id in the change log's JSON, where ids are text (the push read's
# mapping of former ids, sync/engine.py; tests counting entries that name an id).
_IN_JSON = re.compile(r"(replace|instr)\((change_log\.)?changes,")


def _text_id_or_time(parameters: Any) -> str | None:
    values = parameters.values() if isinstance(parameters, dict) else parameters
    for value in values or ():
        if isinstance(value, list | tuple | dict):
            found = _text_id_or_time(value)
            if found:
                return found
        elif isinstance(value, str) and (_UUID_TEXT.fullmatch(value) or _TIME_TEXT.match(value)):
            return value
    return None


def _in_a_migration() -> bool:
    """Whether a migration runs the statement: before 0023 a desk's ids and times were text."""
    frame = sys._getframe(2)
    while frame is not None:
        if "migrations" in frame.f_code.co_filename and "versions" in frame.f_code.co_filename:
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


@pytest.fixture(autouse=True)
def no_text_ids_bound_to_a_desk(request: pytest.FixtureRequest) -> Iterator[None]:
    """A desk stores a UUID id as 16 bytes and a time as an integer (storage/coltypes.py): a
    statement that binds one as text (raw SQL, a column without its type) silently matches
    nothing. Every statement a desk runs in the tests is checked for such a value, except in the
    migrations and in tests marked `text_ids` (a desk at an older schema written by hand)."""
    if request.node.get_closest_marker("text_ids"):
        yield
        return
    from sqlalchemy import Engine, event

    from desk_app.paths import DESK_FILENAME

    def check(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if not str(conn.engine.url.database or "").endswith(DESK_FILENAME):
            return
        found = _text_id_or_time(parameters)
        if found is not None and not _IN_JSON.search(statement) and not _in_a_migration():
            raise AssertionError(f"an id or time bound as text ({found!r}) to a desk: {statement}")

    event.listen(Engine, "before_cursor_execute", check)
    yield
    event.remove(Engine, "before_cursor_execute", check)
