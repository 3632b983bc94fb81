"""转12345 at a real desk (issue 12, docs/open311.md): the office records a forward (待转交); the
district's server posts it to a second desk_server on loopback acting as the 12345 platform; the
work order (已转交) and the platform's outcome reach the desk's case timeline through sync."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desk_app.domain.permissions import NotPermitted
from desk_app.storage.forward_store import ForwardStore, NotForwardable
from tests.constants import DEPUTY_PIN
from tests.server.conftest import DeskClient, update
from tests.server.public_helpers import FORWARDER_FAST, push_categories, wait_for
from tests.server_process import ServerProcess


@pytest.fixture
def servers(tmp_path: Path) -> Iterator[tuple[ServerProcess, ServerProcess]]:
    """(ours, the platform): two desk_server processes on loopback."""
    platform = ServerProcess(
        tmp_path / "platform", env={"DESK_SERVER_OPEN311_TICK": "60"}, migrated=True
    ).start()
    ours = ServerProcess(tmp_path / "ours", env=FORWARDER_FAST, migrated=True).start()
    yield ours, platform
    ours.close()
    platform.close()


def _set_up(ours: ServerProcess, platform: ServerProcess, make_desk) -> tuple[Any, DeskClient]:  # type: ignore[no-untyped-def]
    from desk_server.services import open311

    p_station = platform.admin.create_station(platform.admin.create_district(), name="12345热线")
    p_desk = DeskClient(platform, platform.enroll(platform.admin.enroll_code(station_id=p_station)))
    push_categories(p_desk, "城市管理")
    _row, key = platform.admin._run(open311.issue_key, partner="区人大")
    code = wait_for(lambda: platform_code(platform, p_station))
    station = ours.admin.create_station(ours.admin.create_district(f"浉河区{uuid.uuid4().hex[:6]}"))
    done = ours.cli(
        "open311-partner",
        "set",
        "12345",
        "--url",
        platform.url + "/open311/v2",
        f"--api-key={key}",
        "--jurisdiction",
        p_station,
        "--default-code",
        code,
        "--send-phone",
    )
    assert done.returncode == 0, done.stderr
    desk = make_desk("a")
    desk.engine.enroll(ours.url, ours.admin.enroll_code(station_id=station))
    assert desk.sync().ok
    return desk, p_desk


def platform_code(platform: ServerProcess, station: str) -> str:
    import requests

    found = requests.get(
        platform.url + "/open311/v2/services.json", params={"jurisdiction_id": station}, timeout=30
    ).json()
    return str(found[0]["service_code"]) if found else ""


def _forward_of(desk, rid: str):  # type: ignore[no-untyped-def]
    [row] = ForwardStore(desk.store).forwards(rid)
    return row


def test_the_work_order_and_the_outcome_reach_the_desks_timeline(servers, make_desk) -> None:  # type: ignore[no-untyped-def]
    ours, platform = servers
    desk, p_desk = _set_up(ours, platform, make_desk)
    rid = desk.register(
        "小区地下车库长期积水，物业不处理",
        citizen_phone="13812341234",
        citizen_address="五星街道建设路12号院",
    )
    ForwardStore(desk.store).forward(rid, by=desk.clerk.id)
    assert _forward_of(desk, rid).label_zh == "待转交"
    # (Each look a whole sync of the desk: asked less often.)
    sent = wait_for(lambda: desk.sync().ok and (f := _forward_of(desk, rid)).state == "sent" and f, every=0.3)
    assert sent.label_zh == f"已转交（工单号 {sent.work_order}）"
    [sub] = [
        c
        for c in p_desk.pull_all()[0]
        if c["entity"] == "public_submission"
        and c["op"] == "insert"
        and c["fields"]["code"] == sent.work_order
    ]
    p_desk.push(
        [
            update(
                "public_submission",
                sub["entity_id"],
                state=("pending", "rejected"),
                reject_reason="已另案办理",
            )
        ]
    )
    wait_for(lambda: desk.sync().ok and _forward_of(desk, rid).state == "closed", every=0.3)
    kinds = {e.kind: e.detail for e in desk.store.case_detail(rid).timeline}
    assert kinds["forward_sent"]["work_order"] == sent.work_order
    assert kinds["forward_closed"]["notes"] == "未受理：已另案办理"


def test_a_case_is_not_forwarded_twice_while_its_forward_is_open(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    rid = desk.register()
    ForwardStore(desk.store).forward(rid, by=desk.clerk.id)
    with pytest.raises(NotForwardable):
        ForwardStore(desk.store).forward(rid, by=desk.clerk.id)


def test_a_duty_deputy_may_not_forward_a_case(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    deputy = desk.store.add_operator(by=desk.clerk.id, name="何秀英", role="deputy", secret=DEPUTY_PIN)
    rid = desk.register()
    with pytest.raises(NotPermitted):
        ForwardStore(desk.store).forward(rid, by=deputy.id)
