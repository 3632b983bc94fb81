"""Case classes (类案, issue 14) through sync: a class referred together, its reply and its
settlement reach a second desk of the station; a removal made there comes back. Real desks
(SQLite files) and a real server process, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sync_helpers import pending

from desk_app.domain.validation import ReferralDraft
from desk_app.storage.class_store import ClassStore
from tests.server_process import (
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
    postgres_base_url,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """This module's server on SQLite, then on PostgreSQL (tests/sync/conftest.py's is SQLite only)."""
    url = (
        fresh_postgres_database(postgres_base_url(), migrated=True) if request.param == "postgresql" else None
    )
    srv = ServerProcess(tmp_path_factory.mktemp("server"), url, migrated=True)
    srv.start()
    yield srv
    srv.close()
    if url:
        drop_postgres_database(url)


def _enrolled(make_desk, server, station):  # type: ignore[no-untyped-def]
    a = make_desk("a")
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert a.sync().ok
    return a


def test_a_class_referred_together_and_settled_reaches_a_second_desk(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    ids = [a.register(f"第{n}栋楼加装电梯") for n in range(3)]
    classes = ClassStore(a.store)
    class_id = classes.link(ids[1], ids[0], by=a.clerk.id)
    classes.add(class_id, ids[2], by=a.clerk.id)
    lead = classes.refer_together(
        class_id, ReferralDraft(a.unit.id, "王科长", a.now.date(), 10, "赵代表"), by=a.clerk.id
    )
    classes.reply_together(lead, replied_on=a.now.date(), reply_text="已出台加装电梯协商规则", by=a.clerk.id)
    classes.settle(class_id, note="全区推行加装电梯协商议事规则", settled_on=a.now.date(), by=a.clerk.id)
    assert a.sync().ok and pending(a.store) == 0
    b = make_desk("b", server=server, station_id=station.station_id)
    info = ClassStore(b.store).class_info(class_id)
    assert {m.reception_id for m in info.members} == set(ids)
    assert info.settle_note == "全区推行加装电梯协商议事规则"
    assert [len(s.members) for s in info.slips] == [3]
    assert {b.store.case_detail(rid).status for rid in ids} == {"replied"}


def test_a_case_taken_out_of_a_class_on_the_second_desk_leaves_it_on_the_first(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    one, two = a.register("广场舞噪音"), a.register("广场舞音响扰民")
    class_id = ClassStore(a.store).link(two, one, by=a.clerk.id)
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    ClassStore(b.store).remove(class_id, two, by=b.clerk.id)
    assert b.sync().ok and a.sync().ok
    assert ClassStore(a.store).class_of_case(two) is None
    kinds = [e.kind for e in a.store.case_detail(two).timeline if e.kind.startswith("class")]
    assert kinds == ["class_joined", "class_left"]
