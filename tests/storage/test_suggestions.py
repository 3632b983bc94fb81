"""Deputies' suggestions between sessions (闭会期间代表建议, issue 13 item 4) and the supervision
ladder (大督办, item 5) at the desk."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from storage_helpers import Desk

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.periods import month_period
from desk_app.domain.suggestions import IllegalSuggestionMove, SendDraft, SuggestionDraft
from desk_app.reports.documents import export_summary
from desk_app.storage.errors import ValidationFailed
from desk_app.storage.ladder import NotAnEscalation
from desk_app.storage.suggestions import SuggestionStore


def _deputy(desk: Desk) -> str:
    return desk.store.save_deputy(by=desk.clerk.id, name="赵代表", level="city").id


def _drafted(desk: Desk, ids: list[str]) -> str:
    return SuggestionStore(desk.store).draft(
        SuggestionDraft(_deputy(desk), "关于社区门诊跨县区报销的建议", "建议联网互通。", tuple(ids)),
        by=desk.clerk.id,
    )


def _sent(desk: Desk, ids: list[str]) -> str:
    sid = _drafted(desk, ids)
    SuggestionStore(desk.store).send(
        sid, SendDraft(desk.unit.id, desk.now.date(), 20, "刘科长"), by=desk.clerk.id
    )
    return sid


def test_a_sent_suggestion_gets_its_own_number_and_a_working_day_deadline(desk: Desk) -> None:
    first = _sent(desk, [desk.register("门诊不能跨县报销")])
    second = _sent(desk, [desk.register("异地就医备案难")])
    rows = {r.id: r for r in SuggestionStore(desk.store).suggestions()}
    assert rows[first].serial == "浉河监督岗代表建议〔2026〕第001号"
    assert rows[second].serial == "浉河监督岗代表建议〔2026〕第002号"
    assert rows[first].reply_due == date(2026, 12, 18)  # 20 working days after Fri 20 Nov 2026
    assert (rows[first].state, rows[first].level) == ("sent", "deputy_affairs")


def test_a_suggestion_is_made_from_one_or_more_cases(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件：门诊报销") for n in range(3)]
    sid = _drafted(desk, ids)
    assert SuggestionStore(desk.store).suggestion(sid).reception_ids == tuple(ids)


def test_a_suggestion_needs_at_least_one_case(desk: Desk) -> None:
    with pytest.raises(ValidationFailed) as caught:
        SuggestionStore(desk.store).draft(
            SuggestionDraft(_deputy(desk), "标题", "正文", ()), by=desk.clerk.id
        )
    assert [e.field for e in caught.value.errors] == ["reception_ids"]


def test_the_bureau_answers_and_the_deputy_is_satisfied(desk: Desk) -> None:
    sid = _sent(desk, [desk.register("门诊不能跨县报销")])
    book = SuggestionStore(desk.store)
    book.answer(sid, replied_on=desk.now.date(), text="已实现城市区社区门诊联网互通", by=desk.clerk.id)
    book.verdict(sid, verdict="satisfied", on=desk.now.date(), by=desk.clerk.id)
    row = book.suggestion(sid)
    assert (row.state, row.verdict, row.reply_text) == (
        "satisfied",
        "satisfied",
        "已实现城市区社区门诊联网互通",
    )


def test_a_dissatisfied_suggestion_is_sent_again_in_a_new_round_with_its_number(desk: Desk) -> None:
    sid = _sent(desk, [desk.register("门诊不能跨县报销")])
    book = SuggestionStore(desk.store)
    book.answer(sid, replied_on=desk.now.date(), text="正在研究", by=desk.clerk.id)
    book.verdict(sid, verdict="dissatisfied", on=desk.now.date(), words="答复空泛", by=desk.clerk.id)
    book.send(sid, SendDraft(desk.unit.id, desk.now.date(), 10), by=desk.clerk.id)
    row = book.suggestion(sid)
    assert (row.state, row.round_no, row.serial, row.verdict) == (
        "sent",
        2,
        "浉河监督岗代表建议〔2026〕第001号",
        "",
    )


def test_a_verdict_before_the_answer_is_refused(desk: Desk) -> None:
    sid = _sent(desk, [desk.register("门诊不能跨县报销")])
    with pytest.raises(IllegalSuggestionMove) as caught:
        SuggestionStore(desk.store).verdict(sid, verdict="satisfied", on=desk.now.date(), by=desk.clerk.id)
    assert caught.value.message_zh == "只有已答复的建议可以登记代表的满意度"


def test_escalating_a_suggestion_records_the_level_and_who_decided(desk: Desk) -> None:
    sid = _sent(desk, [desk.register("门诊不能跨县报销")])
    book = SuggestionStore(desk.store)
    book.escalate(
        sid,
        SupervisionLevel.CHAIR_MEETING,
        decided_by="市人大常委会主任会议",
        reason="久拖未决",
        by=desk.clerk.id,
    )
    steps = book.steps(sid)
    assert [(s.level, s.prior_level, s.decided_by) for s in steps] == [
        ("deputy_affairs", "", "代表工委"),
        ("chair_meeting", "deputy_affairs", "市人大常委会主任会议"),
    ]
    assert book.suggestion(sid).level_zh == "主任会议统筹督办"


def test_a_level_never_goes_down(desk: Desk) -> None:
    sid = _sent(desk, [desk.register("门诊不能跨县报销")])
    with pytest.raises(NotAnEscalation) as caught:
        SuggestionStore(desk.store).escalate(
            sid, SupervisionLevel.DEPUTY, decided_by="代表工委", by=desk.clerk.id
        )
    assert caught.value.message_zh == "督办层级只能逐级提高，不能降低或保持不变"


def test_a_second_round_is_supervised_by_the_deputy_affairs_committee_until_escalated(desk: Desk) -> None:
    rid = desk.register("路灯不亮")
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "dissatisfied")
    desk.refer(rid)
    book = SuggestionStore(desk.store)
    assert book.case_level(rid) is SupervisionLevel.DEPUTY_AFFAIRS
    book.escalate_case(rid, SupervisionLevel.SPECIAL_COMMITTEE, decided_by="城建环保委员会", by=desk.clerk.id)
    assert book.case_level(rid) is SupervisionLevel.SPECIAL_COMMITTEE


def test_a_first_round_has_no_level_to_escalate(desk: Desk) -> None:
    rid = desk.register("路灯不亮")
    desk.refer(rid)
    with pytest.raises(NotAnEscalation):
        SuggestionStore(desk.store).escalate_case(
            rid, SupervisionLevel.CHAIR_MEETING, decided_by="主任会议", by=desk.clerk.id
        )


def test_each_linked_case_timeline_shows_the_suggestion_and_its_outcome(desk: Desk) -> None:
    ids = [desk.register(f"第{n}件：门诊报销") for n in range(3)]
    sid = _sent(desk, ids)
    book = SuggestionStore(desk.store)
    book.answer(sid, replied_on=desk.now.date(), text="已联网", by=desk.clerk.id)
    book.verdict(sid, verdict="satisfied", on=desk.now.date(), by=desk.clerk.id)
    for rid in ids:
        [event] = [e for e in desk.store.case_detail(rid).timeline if e.kind == "suggestion"]
        assert event.detail["serial"] == "浉河监督岗代表建议〔2026〕第001号"
        assert (
            event.detail["outcome"]
            == f"代表建议 浉河监督岗代表建议〔2026〕第001号 {desk.unit.name}已办理答复，代表满意。"
        )


def test_the_responsibility_list_names_the_level_supervising_a_second_round(
    desk: Desk, tmp_path: Path
) -> None:
    rid = desk.register("路灯不亮")
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "dissatisfied")
    desk.refer(rid)
    SuggestionStore(desk.store).escalate_case(
        rid, SupervisionLevel.SPECIAL_COMMITTEE, decided_by="城建环保委员会", by=desk.clerk.id
    )
    out = tmp_path / "summary.xlsx"
    export_summary(desk.store, out, date(2026, 11, 1), date(2026, 11, 30))
    ws = load_workbook(out)["责任清单"]
    head = [c.value for c in ws[1]]
    rounds = [dict(zip(head, r, strict=False))["督办轮次"] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert sorted(rounds) == ["第1轮", "第2轮（二次督办·专门委员会对口督办）"]


def test_the_tally_counts_suggestions_sent_and_satisfied_and_escalations(desk: Desk) -> None:
    sid = _sent(desk, [desk.register("门诊不能跨县报销")])
    book = SuggestionStore(desk.store)
    book.answer(sid, replied_on=desk.now.date(), text="已联网", by=desk.clerk.id)
    book.verdict(sid, verdict="satisfied", on=desk.now.date(), by=desk.clerk.id)
    book.escalate(sid, SupervisionLevel.CHAIR_MEETING, decided_by="主任会议", by=desk.clerk.id)
    figures = desk.store.tally(month_period(2026, 11)).current
    assert (figures.suggestions_sent, figures.suggestions_satisfied, figures.escalations) == (1, 1, 1)


def test_the_centre_desk_numbers_suggestions_in_its_own_series_beside_the_stations(desk: Desk) -> None:
    from desk_app.storage.suggestions import next_suggestion_seq

    station_first = _sent(desk, [desk.register("门诊不能跨县报销")])
    desk.store.set_setting("sync.desk_id", "centre-desk")  # enrolled for the district: a centre desk
    desk.store.set_setting("sync.station_id", None)
    centre_first = _sent(desk, [desk.register("异地就医备案难")])
    centre_second = _sent(desk, [desk.register("医保卡丢失补办慢")])
    rows = {r.id: r for r in SuggestionStore(desk.store).suggestions()}
    assert rows[station_first].serial == "浉河监督岗代表建议〔2026〕第001号"
    assert rows[centre_first].serial == "浉河区联络中心代表建议〔2026〕第001号"
    assert rows[centre_second].serial == "浉河区联络中心代表建议〔2026〕第002号"
    with desk.store.db.reading() as s:  # the centre's numbers never move the station's series
        assert next_suggestion_seq(s, desk.store.station().id, 2026) == 2
