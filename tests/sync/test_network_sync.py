"""Issue 13's records through sync: a referral meeting's 30 slips, a deputy's suggestion linked to
three cases and the supervision ladder reach a second desk of the station. Real desks (SQLite
files) and a real server process, on SQLite and on PostgreSQL."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sync_helpers import pending

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.domain.suggestions import SendDraft, SuggestionDraft
from desk_app.storage.meetings import MeetingStore
from desk_app.storage.suggestions import SuggestionStore
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


def test_a_meeting_refers_thirty_cases_and_a_second_desk_gets_them_all(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    ids = [a.register(f"第{n}件：小区路灯不亮") for n in range(30)]
    meetings = MeetingStore(a.store)
    meeting_id = meetings.plan(
        MeetingDraft(a.now.date(), "五星街道人大代表工作站", "区人大常委会副主任 张华", "区住建局、区城管局"),
        by=a.clerk.id,
    )
    items = [MeetingItemDraft(rid, a.unit.id, "王科长", 10) for rid in ids]
    meetings.refer_all(meeting_id, items, supervisor="赵代表", by=a.clerk.id)
    report = a.sync()
    assert report.ok and pending(a.store) == 0
    b = make_desk("b", server=server, station_id=station.station_id)
    row = MeetingStore(b.store).meeting(meeting_id)
    assert (row.presiding, row.counts.referred) == ("区人大常委会副主任 张华", 30)
    assert {b.store.case_detail(rid).status for rid in ids} == {"referred"}
    assert len({line.serial for line in MeetingStore(b.store).minutes(meeting_id)}) == 30


def test_a_reply_on_the_second_desk_counts_back_to_the_meeting_on_the_first(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    rid = a.register("井盖缺失")
    meeting_id = MeetingStore(a.store).plan(MeetingDraft(a.now.date(), "工作站", "张华", ""), by=a.clerk.id)
    MeetingStore(a.store).refer_all(
        meeting_id, [MeetingItemDraft(rid, a.unit.id, "王科长", 10)], supervisor="赵代表", by=a.clerk.id
    )
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    b.reply(rid)
    assert b.sync().ok and a.sync().ok
    assert MeetingStore(a.store).meeting(meeting_id).counts.answered == 1


def test_a_suggestion_linked_to_three_cases_reaches_each_case_timeline_on_both_desks(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    ids = [a.register(f"第{n}件：社区门诊不能跨县区报销") for n in range(3)]
    deputy = a.store.save_deputy(by=a.clerk.id, name="赵代表", level="city")
    book = SuggestionStore(a.store)
    sid = book.draft(
        SuggestionDraft(deputy.id, "关于社区门诊联网互通的建议", "建议联网。", tuple(ids)), by=a.clerk.id
    )
    book.send(sid, SendDraft(a.unit.id, a.now.date(), 20, "刘科长"), by=a.clerk.id)
    book.answer(sid, replied_on=a.now.date(), text="已实现城市区社区门诊联网互通", by=a.clerk.id)
    book.verdict(sid, verdict="satisfied", on=a.now.date(), by=a.clerk.id)
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    for desk in (a, b):
        for rid in ids:
            [event] = [e for e in desk.store.case_detail(rid).timeline if e.kind == "suggestion"]
            assert (event.detail["state"], event.detail["serial"]) == (
                "satisfied",
                "浉河监督岗代表建议〔2026〕第001号",
            )
    assert [s.id for s in SuggestionStore(b.store).case_suggestions(ids[0])] == [sid]


def test_an_escalation_reaches_the_second_desk_with_who_decided_it(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = _enrolled(make_desk, server, station)
    rid = a.register("路灯不亮")
    a.refer(rid)
    a.reply(rid)
    a.callback(rid, "dissatisfied")
    a.refer(rid)
    SuggestionStore(a.store).escalate_case(
        rid,
        SupervisionLevel.CHAIR_MEETING,
        decided_by="区人大常委会主任会议",
        reason="群众两次不满意",
        by=a.clerk.id,
    )
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    assert SuggestionStore(b.store).case_level(rid) is SupervisionLevel.CHAIR_MEETING
    [step] = SuggestionStore(b.store).case_steps(rid)
    assert (step.decided_by, step.prior_level) == ("区人大常委会主任会议", "deputy_affairs")
