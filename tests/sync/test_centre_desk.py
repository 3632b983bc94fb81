"""The district centre's desk and transfers between levels (issue 13, items 1-2): two station
desks and a centre desk against a real server, on SQLite and PostgreSQL (docs/sync.md, "Levels")."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sync_helpers import rows

from desk_app.domain.periods import Period
from desk_app.domain.transfers import TransferKind, TransferNotAllowed
from desk_app.domain.validation import ReferralDraft
from desk_app.storage.forward_store import ForwardStore
from desk_app.storage.store import DeskStore
from desk_app.sync.engine import SyncEngine
from tests.constants import CLERK_PIN, OTHER_PIN
from tests.server_process import (
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
    postgres_base_url,
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[ServerProcess]:
    """One server per backend for the module (no test stops it): each test's stations are in a
    district of its own (the `station` fixture)."""
    url = None
    if request.param == "postgresql":
        url = fresh_postgres_database(postgres_base_url(), migrated=True)
    srv = ServerProcess(tmp_path_factory.mktemp("server"), url, migrated=True)
    srv.start()
    yield srv
    srv.close()
    if url:
        drop_postgres_database(url)


def _station_desk(make_desk, server, station_id: str, name: str):  # type: ignore[no-untyped-def]
    desk = make_desk(name)
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station_id))
    assert desk.sync().ok
    return desk


@pytest.fixture
def network(make_desk, server, station, tmp_path, clock, new_desk_dir):  # type: ignore[no-untyped-def]
    """(station A's desk, station B's desk, the centre's store, engine and centre staff id)."""
    other = server.admin.create_station(
        station.district_id, name="浉河区老城街道人大代表工作站", short_name="老城站"
    )
    a = _station_desk(make_desk, server, station.station_id, "a")
    b = _station_desk(make_desk, server, other, "b")
    store = DeskStore.open(new_desk_dir(tmp_path / "centre"), clock=clock)
    admin = store.set_up(
        station_name="浉河区人大代表联络中心",
        short_name="联络中心",
        kind="township_station",
        district=station.district_name,
        operator_name="王主任",
        secret=CLERK_PIN,
    )
    engine = SyncEngine(store, desk_name="centre")
    engine.enroll(server.url, server.admin.enroll_code(district_id=station.district_id))
    staff = store.add_operator(by=admin.id, name="陈中心", role="centre_staff", secret=OTHER_PIN)
    assert engine.sync_once().ok
    yield a, b, store, engine, staff.id
    engine.close()
    store.close()


def test_a_centre_desk_set_up_before_enrolment_syncs(network) -> None:  # type: ignore[no-untyped-def]
    """Its own first-start station row used to be pushed and refused (403 for the whole batch)."""
    a, b, store, engine, _staff = network
    report = engine.sync_once()
    assert report.ok and report.errors == []


def test_a_centre_desk_holds_the_district_stations_only(network) -> None:  # type: ignore[no-untyped-def]
    a, b, store, _engine, _staff = network
    assert {s.id for s in store.stations()} == {a.store.station().id, b.store.station().id}
    assert store.is_centre_desk() and not a.store.is_centre_desk()


def test_a_case_sent_up_is_handled_at_the_centre_and_counted_once(network) -> None:  # type: ignore[no-untyped-def]
    a, b, store, engine, staff = network
    up = a.register("小区电梯停运三天，街道无法协调")
    a.store.transfer(up, TransferKind.UP, reason="涉及多个街道，需区里协调", by=a.clerk.id)
    b.register("路灯不亮")
    assert a.sync().ok and b.sync().ok and engine.sync_once().ok
    assert store.case_detail(up).status == "awaiting_referral"
    unit = next(u for u in store.handling_units() if u.name == "五星街道办事处")
    draft = ReferralDraft(unit.id, "王科长", a.now.date(), 5, "赵代表")
    store.refer(up, draft, by=staff)
    store.record_reply(up, replied_on=a.now.date(), reply_text="已由区住建局统一安排维修", by=staff)
    assert engine.sync_once().ok and a.sync().ok
    seen_at_station = a.store.case_detail(up)
    assert seen_at_station.status == "replied"
    assert seen_at_station.current_referral is not None
    assert "联络中心〔" in seen_at_station.current_referral.serial  # numbered by the level that referred
    assert [e.kind for e in seen_at_station.events] == ["transferred_up"]
    today = a.now.date()
    counts = {c.station_id: c for c in store.level_counts(today.replace(day=1), today)}
    mine = counts[a.store.station().id]
    assert (mine.received, mine.handled_here, mine.handled_by_centre, mine.sent_up) == (1, 0, 1, 1)
    assert sum(c.received for c in counts.values()) == 2
    assert store.tally(Period(today.replace(day=1), today)).current.opinions == 2


def test_the_station_keeps_the_register_entry_of_what_it_sent(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, _staff = network
    up = a.register("占道经营")
    a.store.transfer(up, TransferKind.UP, reason="需要区城管统筹", by=a.clerk.id)
    assert a.sync().ok and engine.sync_once().ok
    for desk_store in (a.store, store):
        [entry] = desk_store.transfer_register()
        assert (entry.reception_id, entry.kind, entry.reason) == (up, "transferred_up", "需要区城管统筹")


def test_a_station_acting_on_a_case_the_centre_took_over_is_refused(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = a.register("噪音扰民")
    assert a.sync().ok and engine.sync_once().ok
    store.transfer(rid, TransferKind.TAKE_OVER, reason="群众多次反映，中心直接督办", by=staff)
    assert engine.sync_once().ok
    a.store.withdraw(rid, reason="群众撤回", by=a.clerk.id)  # offline, before it pulls the take-over
    report = a.sync()
    assert report.rejected >= 1
    assert engine.sync_once().ok
    assert store.case_detail(rid).status == "awaiting_referral"


def test_a_station_forwarding_a_case_the_centre_took_over_to_12345_is_refused(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = a.register("噪音扰民")
    assert a.sync().ok and engine.sync_once().ok
    store.transfer(rid, TransferKind.TAKE_OVER, reason="群众多次反映，中心直接督办", by=staff)
    assert engine.sync_once().ok
    ForwardStore(a.store).forward(rid, by=a.clerk.id)  # offline, before it pulls the take-over
    report = a.sync()
    assert report.rejected >= 1
    assert engine.sync_once().ok
    assert ForwardStore(store).forwards(rid) == []


def test_the_centre_sends_a_case_back_down_and_the_station_acts_again(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = a.register("井盖缺失")
    a.store.transfer(rid, TransferKind.UP, reason="需区里协调", by=a.clerk.id)
    assert a.sync().ok and engine.sync_once().ok
    store.transfer(rid, TransferKind.DOWN, reason="属街道职责，请站点办理", by=staff)
    assert engine.sync_once().ok and a.sync().ok
    a.refer(rid)
    report = a.sync()
    assert report.ok and report.rejected == 0
    assert engine.sync_once().ok and store.case_detail(rid).status == "referred"


def test_a_station_desk_cannot_take_a_case_over(network) -> None:  # type: ignore[no-untyped-def]
    a, *_ = network
    rid = a.register("井盖缺失")
    with pytest.raises(TransferNotAllowed):
        a.store.transfer(rid, TransferKind.TAKE_OVER, reason="试试", by=a.clerk.id)


def test_the_centre_has_no_level_above_it(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = a.register("井盖缺失")
    assert a.sync().ok and engine.sync_once().ok
    with pytest.raises(TransferNotAllowed):
        store.transfer(rid, TransferKind.UP, reason="报市里", by=staff)
    assert rid in rows(store, "reception")


def test_the_transfer_register_of_a_month(network) -> None:  # type: ignore[no-untyped-def]
    a, *_ = network
    rid = a.register("井盖缺失")
    a.store.transfer(rid, TransferKind.UP, reason="需区里协调", by=a.clerk.id)
    today = a.now.date()
    assert len(a.store.transfer_register(since=today, until=today)) == 1
    assert a.store.transfer_register(since=date(2000, 1, 1), until=date(2000, 1, 31)) == []


def test_a_slip_a_station_issued_offline_for_a_case_taken_over_is_refused(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = a.register("噪音扰民")
    assert a.sync().ok and engine.sync_once().ok
    store.transfer(rid, TransferKind.TAKE_OVER, reason="中心直接督办", by=staff)
    assert engine.sync_once().ok
    a.refer(rid)  # offline, before it pulls the take-over
    report = a.sync()
    assert report.rejected >= 1
    assert engine.sync_once().ok
    assert store.case_detail(rid).referrals == ()


# -- the city level (issue 13 item 2, "a centre to the city"): the district's edge -------------------


def _rejected(engine: SyncEngine, entity: str) -> list[str]:
    return [c.code for c in engine.conflicts() if c.kind == "rejected" and c.entity == entity]


def _sent_to_city(a, store, engine, staff, content: str = "跨区河道污染") -> str:  # type: ignore[no-untyped-def]
    rid = a.register(content)
    a.store.transfer(rid, TransferKind.UP, reason="需区里协调", by=a.clerk.id)
    assert a.sync().ok and engine.sync_once().ok
    store.transfer(
        rid, TransferKind.TO_CITY, reason="涉及两个区，需市里协调", by=staff, city_ref="信市人代〔2026〕12号"
    )
    assert engine.sync_once().ok
    return rid


def test_a_case_the_centre_sends_to_the_city_reaches_the_station_at_city_level(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = _sent_to_city(a, store, engine, staff)
    assert a.sync().ok
    assert a.store.case_detail(rid).level == "city"
    [entry] = [e for e in a.store.transfer_register() if e.kind == "transferred_to_city"]
    assert (entry.reason, entry.city_ref) == ("涉及两个区，需市里协调", "信市人代〔2026〕12号")


def test_a_station_acting_on_a_case_at_the_city_is_refused_not_yours(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = a.register("跨区河道污染")
    assert a.sync().ok and engine.sync_once().ok
    store.transfer(rid, TransferKind.TAKE_OVER, reason="中心直接督办", by=staff)
    store.transfer(rid, TransferKind.TO_CITY, reason="需市里协调", by=staff)
    assert engine.sync_once().ok
    a.store.withdraw(rid, reason="群众撤回", by=a.clerk.id)  # offline, before it pulls the move
    a.sync()
    assert "not_yours" in _rejected(a.engine, "case_event")
    assert engine.sync_once().ok
    assert store.case_detail(rid).status == "awaiting_referral"


def test_the_centre_changing_a_case_at_the_city_is_refused_not_yours(network) -> None:  # type: ignore[no-untyped-def]
    from desk_app.storage.models import Reception

    a, _b, store, engine, staff = network
    rid = _sent_to_city(a, store, engine, staff)
    # Written past the desk's own check, as a tampered or outdated desk would push it.
    with store.db.writing(staff) as s:
        s.get(Reception, rid).note = "区中心私自改动"
    engine.sync_once()
    assert _rejected(engine, "reception") == ["not_yours"]


def test_the_citys_return_syncs_and_the_centre_acts_again(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = _sent_to_city(a, store, engine, staff)
    store.transfer(rid, TransferKind.FROM_CITY, reason="市里答复：由区政府牵头办理", by=staff)
    unit = next(u for u in store.handling_units() if u.name == "五星街道办事处")
    store.refer(rid, ReferralDraft(unit.id, "王科长", a.now.date(), 5, "赵代表"), by=staff)
    report = engine.sync_once()
    assert report.ok and report.rejected == 0
    assert a.sync().ok
    seen = a.store.case_detail(rid)
    assert (seen.level, seen.status) == ("centre", "referred")
    assert [e.kind for e in seen.events] == ["transferred_up", "transferred_to_city", "returned_from_city"]


def test_a_station_desk_sending_its_case_to_the_city_is_refused(network) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.casebook import EventKind
    from desk_app.storage.cases import add_event, get_reception

    a, _b, store, engine, _staff = network
    rid = a.register("跨区河道污染")
    # Written past the desk's own check, as a tampered or outdated desk would push it.
    with a.store.db.writing(a.clerk.id) as s:
        reception = get_reception(s, rid)
        add_event(s, reception, EventKind.TRANSFERRED_TO_CITY, at=a.now, reason="报市里")
        s.flush()
        reception.level = "city"
    a.sync()
    assert _rejected(a.engine, "case_event") == ["not_permitted"]
    assert engine.sync_once().ok
    assert store.case_detail(rid).level == "station"


def test_the_citys_reply_the_centre_records_reaches_the_station(network) -> None:  # type: ignore[no-untyped-def]
    a, _b, store, engine, staff = network
    rid = _sent_to_city(a, store, engine, staff)
    store.record_city_reply(rid, text="市里拟召开两区协调会", by=staff)
    report = engine.sync_once()
    assert report.ok and report.rejected == 0
    assert a.sync().ok
    seen = a.store.case_detail(rid)
    assert (seen.level, seen.events[-1].kind, seen.events[-1].reason) == (
        "city",
        "city_replied",
        "市里拟召开两区协调会",
    )
