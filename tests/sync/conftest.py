"""Sync fixtures: a real desk-server process on 127.0.0.1 (tests/server_process.py) and desks,
each a real SQLite file in its own folder.

One server per test module (a start costs about a second): each test works in a district and
station of its own on it. A test may stop, kill or restart the server, or restart it with a fault
injected (`extra_env`): the next test gets it running again, without the fault."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tests" / "storage", ROOT / "tests" / "sync"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from storage_helpers import CHEAP_HASHER, Desk  # noqa: E402

from desk_app.storage import secrets  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine  # noqa: E402
from tests.constants import CLERK_PIN  # noqa: E402
from tests.server_process import ServerProcess  # noqa: E402


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(secrets, "_hasher", CHEAP_HASHER)


@pytest.fixture(scope="module")
def module_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    srv = ServerProcess(tmp_path_factory.mktemp("server"), migrated=True)
    srv.start()
    yield srv
    srv.close()


@pytest.fixture
def server(module_server: ServerProcess) -> Iterator[ServerProcess]:
    """The module's server, running and without an injected fault."""
    if not module_server.running:
        module_server.start()
    yield module_server
    if module_server.extra_env:
        module_server.kill()
        module_server.extra_env.clear()


@dataclass
class Station:
    district_id: str
    station_id: str
    district_name: str = "浉河区"


@pytest.fixture
def station(server: ServerProcess) -> Station:
    """A station of the test's own, in a district of its own (district names are unique on a server)."""
    name = f"浉河区{uuid.uuid4().hex[:6]}"
    district = server.admin.create_district(name)
    return Station(
        district,
        server.admin.create_station(district, name="浉河区五星街道人大代表监督岗", short_name="浉河监督岗"),
        name,
    )


@dataclass
class SyncDesk(Desk):
    engine: SyncEngine = None  # type: ignore[assignment]
    data_dir: Path = None  # type: ignore[assignment]

    def sync(self):  # type: ignore[no-untyped-def]
        return self.engine.sync_once()

    def reopen(self) -> None:
        self.engine.close()
        self.store.close()
        self.store = DeskStore.open(self.data_dir, clock=self.clock)  # type: ignore[arg-type]
        self.engine = SyncEngine(self.store, desk_name=self.data_dir.name)


DeskMaker = Callable[..., SyncDesk]


@pytest.fixture
def make_desk(tmp_path: Path, clock: object, new_desk_dir: Callable[[Path], Path]) -> Iterator[DeskMaker]:
    """make_desk("a") -> a standalone desk set up with a clerk and a unit (not enrolled);
    make_desk("b", server=srv, station_id=...) -> a fresh desk enrolled and synced once."""
    made: list[SyncDesk] = []

    def make(name: str, *, server: ServerProcess | None = None, station_id: str | None = None) -> SyncDesk:
        data_dir = new_desk_dir(tmp_path / name)
        store = DeskStore.open(data_dir, clock=clock)  # type: ignore[arg-type]
        engine = SyncEngine(store, desk_name=name)
        if server is None:
            clerk = store.set_up(
                station_name="浉河区五星街道人大代表监督岗",
                short_name="浉河监督岗",
                kind="supervision_post",
                district="浉河区",
                operator_name="李明",
                secret=CLERK_PIN,
            )
            unit = store.save_handling_unit(by=clerk.id, name="五星街道办事处", phone="0376-6221234")
        else:
            engine.enroll(server.url, server.admin.enroll_code(station_id=station_id))
            report = engine.sync_once()
            assert report.ok, report
            clerk = next(o for o in store.operators() if o.name == "李明")
            unit = next(u for u in store.handling_units() if u.name == "五星街道办事处")
        desk = SyncDesk(store, clerk, unit, clock, engine=engine, data_dir=data_dir)
        made.append(desk)
        return desk

    yield make
    for desk in made:
        desk.engine.close()
        desk.store.close()


def enroll(desk: SyncDesk, server: ServerProcess, station: Station) -> None:
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
