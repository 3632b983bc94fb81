"""Deputies' suggestion numbers (issue 13) follow the rule slip numbers follow: one series per
station (the centre's apart) and year, and the server checks them. Two desks of one station that
send a suggestion offline both take the next number; the later push is renumbered by the server
with the series' next free number, both desks end with the same distinct numbers, and the clerk
of the renumbered one is told."""

from __future__ import annotations

from sqlalchemy import select

from desk_app.domain.suggestions import SendDraft, SuggestionDraft
from desk_app.storage.models import Suggestion
from desk_app.storage.suggestions import SuggestionStore
from tests.sync.conftest import enroll


def _numbers(desk) -> dict[str, str]:  # type: ignore[no-untyped-def]
    with desk.store.db.reading() as s:
        return {row.id: row.serial for row in s.scalars(select(Suggestion))}


def _send_one(desk, deputy_id: str, title: str) -> str:  # type: ignore[no-untyped-def]
    rid = desk.register(f"{title}：群众反映")
    store = SuggestionStore(desk.store)
    sid = store.draft(SuggestionDraft(deputy_id, title, "建议尽快解决。", (rid,)), by=desk.clerk.id)
    store.send(sid, SendDraft(desk.unit.id, desk.now.date(), 20, "刘科长"), by=desk.clerk.id)
    return sid


def test_two_desks_of_a_station_sending_offline_end_with_distinct_numbers(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    deputy = a.store.save_deputy(by=a.clerk.id, name="赵代表", level="city").id
    enroll(a, server, station)
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    # Offline, each desk sends a suggestion: both take the station's first number.
    first = _send_one(a, deputy, "关于社区门诊跨县区报销的建议")
    second = _send_one(b, deputy, "关于老旧小区加装电梯的建议")
    assert _numbers(a)[first] == _numbers(b)[second] == "浉河监督岗代表建议〔2026〕第001号"
    for desk in (a, b, a):
        assert desk.sync().ok
    on_a, on_b = _numbers(a), _numbers(b)
    assert (
        on_a
        == on_b
        == {
            first: "浉河监督岗代表建议〔2026〕第001号",
            second: "浉河监督岗代表建议〔2026〕第002号",
        }
    )
    told = [c for c in b.engine.conflicts() if c.kind == "renumbered"]
    assert [(c.entity, c.entity_id, c.yours, c.kept) for c in told] == [
        ("suggestion", second, "浉河监督岗代表建议〔2026〕第001号", "浉河监督岗代表建议〔2026〕第002号")
    ]
    assert not [c for c in a.engine.conflicts() if c.kind == "renumbered"]


def test_the_next_suggestion_after_a_renumbering_takes_the_next_free_number(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    deputy = a.store.save_deputy(by=a.clerk.id, name="赵代表", level="city").id
    enroll(a, server, station)
    assert a.sync().ok
    b = make_desk("b", server=server, station_id=station.station_id)
    _send_one(a, deputy, "关于社区门诊跨县区报销的建议")
    _send_one(b, deputy, "关于老旧小区加装电梯的建议")
    for desk in (a, b):
        assert desk.sync().ok
    third = _send_one(b, deputy, "关于路灯维修的建议")
    assert _numbers(b)[third] == "浉河监督岗代表建议〔2026〕第003号"
