"""转12345 end to end on loopback (issue 12, docs/open311.md): a desk records a forward on the
district's server; the server's Open311 client posts the case to a SECOND desk_server acting as
the 12345 platform (its Open311 endpoints), keeps the work order, polls the status, and writes
the outcome back into the forward the desk pulls. The platform down, then up; a restart."""

from __future__ import annotations

import dataclasses
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.server.conftest import DeskClient, _database_url, change, reception, update
from tests.server.public_helpers import FORWARDER_FAST, push_categories, wait_for
from tests.server_process import ServerProcess, drop_postgres_database

CODE = re.compile(r"^[34679ACDEFGHJKMNPQRTUVWXY]{10}$")


@dataclass
class Platform:
    server: ServerProcess
    desk: DeskClient
    station: str
    key: str
    codes: dict[str, str]

    @property
    def url(self) -> str:
        return self.server.url + "/open311/v2"


PLATFORM_ENV = {"DESK_SERVER_OPEN311_TICK": "60"}


def _platform_on(server: ServerProcess) -> Platform:
    """`server` (started) as the 12345 platform: a station with categories and a key for us."""
    from desk_server.services import open311

    station = server.admin.create_station(server.admin.create_district(), name="12345热线")
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station)))
    push_categories(desk, "城市管理", "物业服务")
    _row, key = server.admin._run(open311.issue_key, partner="区人大代表联络站")
    with server.admin._sessions() as session:
        names, ids = open311.public_service._categories(
            session, server.admin._run(_district_of, station=station)
        )
    return Platform(server, desk, station, str(key), dict(ids))


def _platform(make_server: Callable[..., ServerProcess]) -> Platform:
    """A platform of the test's own, to stop and start again."""
    return _platform_on(make_server(env=PLATFORM_ENV).start())


@pytest.fixture(scope="module")
def platform(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Platform]:
    """One platform per module and backend for the tests that leave it running: each test has a
    server of its own as ours, and finds its case on the platform by its own work order."""
    url = _database_url(backend)
    server = ServerProcess(tmp_path_factory.mktemp("platform"), url, env=PLATFORM_ENV, migrated=True)
    yield _platform_on(server.start())
    server.close()
    if url:
        drop_postgres_database(url)


def _district_of(session: Any, station: str) -> str:
    from desk_server.models import Station

    found = session.get(Station, station)
    assert found is not None
    return str(found.district_id)


@dataclass
class Ours:
    server: ServerProcess
    desk: DeskClient
    station: str
    category: str


def _ours(make_server: Callable[..., ServerProcess], platform: Platform, *, send_phone: bool = True) -> Ours:
    """A server of the test's own as ours, its partner 12345 `platform`, and a station on it."""
    server = make_server(env=FORWARDER_FAST).start()
    _set_partner(server, platform, send_phone=send_phone)
    return _station_on(server)


def _station_on(server: ServerProcess) -> Ours:
    station = server.admin.create_station(server.admin.create_district())
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station)))
    category = change(
        "category", str(uuid.uuid4()), "insert", {"name": "物业", "sort_order": 0, "active": True}
    )
    desk.push([category])
    return Ours(server, desk, station, category["entity_id"])


@pytest.fixture(scope="module")
def ours_server(
    backend: str, platform: Platform, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One server as ours per module and backend, partnered with the module's platform, for the
    tests that leave both running and keep the partner as set: each test has a station of its
    own on it and follows its own forward."""
    url = _database_url(backend)
    server = ServerProcess(tmp_path_factory.mktemp("ours"), url, env=FORWARDER_FAST, migrated=True)
    _set_partner(server.start(), platform, send_phone=True)
    yield server
    server.close()
    if url:
        drop_postgres_database(url)


@pytest.fixture
def ours(ours_server: ServerProcess) -> Ours:
    return _station_on(ours_server)


def _set_partner(server: ServerProcess, platform: Platform, *, send_phone: bool) -> None:
    args = [
        "open311-partner",
        "set",
        "12345",
        "--url",
        platform.url,
        f"--api-key={platform.key}",
        "--jurisdiction",
        platform.station,
        "--map",
        f"物业={platform.codes['物业服务']}",
        "--default-code",
        platform.codes["城市管理"],
    ]
    done = server.cli(*args, *(["--send-phone"] if send_phone else []))
    assert done.returncode == 0, done.stderr


def _forward(ours: Ours) -> str:
    """A case of the station with a citizen's phone, and its forward (pending); the forward's id."""
    case = reception(
        ours.station,
        content="小区地下车库长期积水，物业不处理，业主出行困难。",
        citizen_name="张女士",
        citizen_phone="13812341234",
        citizen_address="五星街道建设路12号院",
        category_id=ours.category,
    )
    forward_id = str(uuid.uuid4())
    answer = ours.desk.push(
        [
            case,
            change(
                "case_forward",
                forward_id,
                "insert",
                {
                    "reception_id": case["entity_id"],
                    "station_id": ours.station,
                    "partner": "12345",
                    "requested_at": "2026-11-20T10:00:00",
                    "state": "pending",
                },
            ),
        ]
    )
    assert answer["rejected"] == [], answer
    return forward_id


def _forward_at_desk(desk: DeskClient, forward_id: str) -> dict[str, Any]:
    """The forward's values as the desk has them after pulling everything."""
    values: dict[str, Any] = {}
    for c in desk.pull_all()[0]:
        if c["entity"] == "case_forward" and c["entity_id"] == forward_id:
            values.update({k: v[1] if isinstance(v, list) else v for k, v in c["fields"].items()})
    return values


def _work_row(server: ServerProcess, forward_id: str) -> Any:
    from desk_server.models import Open311Forward

    with server.admin._sessions() as session:
        row = session.get(Open311Forward, forward_id)
        return None if row is None else (row.state, row.attempts, row.last_error, row.work_order)


def _platform_submission(platform: Platform, code: str) -> dict[str, Any] | None:
    for c in platform.desk.pull_all()[0]:
        if c["entity"] == "public_submission" and c["op"] == "insert" and c["fields"]["code"] == code:
            return {"id": c["entity_id"], **c["fields"]}
    return None


def test_a_forward_reaches_the_platform_and_the_work_order_comes_back(ours: Ours, platform: Platform) -> None:
    forward_id = _forward(ours)
    sent = wait_for(lambda: (f := _forward_at_desk(ours.desk, forward_id)).get("state") == "sent" and f)
    assert CODE.match(sent["work_order"])
    sub = _platform_submission(platform, sent["work_order"])
    assert sub is not None
    assert (sub["matter"], sub["place"], sub["category"], sub["phone"]) == (
        "小区地下车库长期积水，物业不处理，业主出行困难。",
        "五星街道建设路12号院",
        "物业服务",
        "13812341234",
    )


def test_the_platform_closing_the_request_reaches_the_desk(ours: Ours, platform: Platform) -> None:
    forward_id = _forward(ours)
    sent = wait_for(lambda: (f := _forward_at_desk(ours.desk, forward_id)).get("state") == "sent" and f)
    sub = _platform_submission(platform, sent["work_order"])
    assert sub is not None
    answer = platform.desk.push(
        [
            update(
                "public_submission",
                sub["id"],
                state=("pending", "rejected"),
                reject_reason="已由住建部门另案处理",
            )
        ]
    )
    assert answer["rejected"] == [], answer
    closed = wait_for(lambda: (f := _forward_at_desk(ours.desk, forward_id)).get("state") == "closed" and f)
    assert closed["status_notes"] == "未受理：已由住建部门另案处理"
    assert closed["closed_at"]


def test_a_platform_that_is_down_gets_retries_then_the_forward_is_sent(
    make_server: Callable[..., ServerProcess],
) -> None:
    platform = _platform(make_server)
    platform.server.stop()
    ours = _ours(make_server, platform)
    forward_id = _forward(ours)
    waited = wait_for(lambda: (row := _work_row(ours.server, forward_id)) is not None and row[1] >= 2 and row)
    assert waited[0] == "pending" and waited[2]
    assert _forward_at_desk(ours.desk, forward_id) == {}  # nothing came back: still pending at the desk
    platform.server.start()
    sent = wait_for(lambda: (f := _forward_at_desk(ours.desk, forward_id)).get("state") == "sent" and f)
    assert _platform_submission(platform, sent["work_order"]) is not None
    assert _work_row(ours.server, forward_id)[1] == 0


def test_a_pending_forward_survives_a_restart_of_the_server(
    make_server: Callable[..., ServerProcess],
) -> None:
    platform = _platform(make_server)
    platform.server.stop()
    ours = _ours(make_server, platform)
    forward_id = _forward(ours)
    wait_for(lambda: (row := _work_row(ours.server, forward_id)) is not None and row[1] >= 1)
    ours.server.stop()
    platform.server.start()
    ours.server.start()
    sent = wait_for(lambda: (f := _forward_at_desk(ours.desk, forward_id)).get("state") == "sent" and f)
    assert _platform_submission(platform, sent["work_order"]) is not None


def test_a_refusing_platform_fails_the_forward_with_its_words(
    make_server: Callable[..., ServerProcess],
    platform: Platform,
) -> None:
    ours = _ours(make_server, dataclasses.replace(platform, key="not-a-key"))
    forward_id = _forward(ours)
    failed = wait_for(lambda: (f := _forward_at_desk(ours.desk, forward_id)).get("state") == "failed" and f)
    assert failed["error"] == "HTTP 403: api_key is not valid"


def test_a_desk_may_not_write_the_servers_part_of_a_forward(ours: Ours) -> None:
    case = reception(ours.station, content="路灯坏了很久没人修")
    answer = ours.desk.push(
        [
            case,
            change(
                "case_forward",
                str(uuid.uuid4()),
                "insert",
                {
                    "reception_id": case["entity_id"],
                    "station_id": ours.station,
                    "partner": "12345",
                    "requested_at": "2026-11-20T10:00:00",
                    "state": "sent",
                    "work_order": "FAKE",
                },
            ),
        ]
    )
    assert [r["code"] for r in answer["rejected"]] == ["invalid_value"], answer


@pytest.mark.parametrize("send_phone", [False, True])
def test_the_phone_is_sent_only_when_the_partner_allows_it(send_phone: bool) -> None:
    from desk_app.domain.forwards import PartnerConfig, request_fields

    config = PartnerConfig("12345", "https://x", "k", send_phone=send_phone)
    fields = request_fields(
        config, {"content": "积水", "citizen_phone": "13812341234", "citizen_name": "张"}, "物业"
    )
    assert ("phone" in fields, "last_name" in fields) == (send_phone, send_phone)
    assert "13812341234" not in str(fields) or send_phone
