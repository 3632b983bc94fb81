"""Issue 13: the 大督办 level a tally counts a second round at is the level in force on the
period's snapshot day (the as-of day), not the latest escalation: a round escalated after the
period stays at its earlier level in that period's tally and workbook."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from report_helpers import Cases, october_desk

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.tally import month_period
from desk_app.reports.documents import export_summary
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore

CHAIR = "第2轮（二次督办·主任会议统筹督办）"
DEFAULT = "第2轮（二次督办·代表工委综合督办）"


def _second_round_in_october(store: DeskStore, clerk: OperatorInfo, clock) -> str:  # type: ignore[no-untyped-def]
    october_desk(store, clerk, clock)
    [unit] = [u for u in store.handling_units() if u.name == "五星街道办事处"]
    c = Cases(store, clerk, clock, unit.id, unit.id)
    rid = c.register(datetime(2026, 9, 25, 10), "路灯长期不亮", citizen_name="孙八")
    c.refer(rid, date(2026, 9, 28))
    c.reply(rid, date(2026, 9, 29))
    c.callback(rid, "dissatisfied", datetime(2026, 10, 9, 10))
    c.refer(rid, date(2026, 10, 13), days=20)
    return rid


def _escalate(store: DeskStore, clerk: OperatorInfo, clock, rid: str, at: datetime) -> None:  # type: ignore[no-untyped-def]
    then, clock.now = clock.now, at
    SuggestionStore(store).escalate_case(
        rid, SupervisionLevel.CHAIR_MEETING, decided_by="区人大常委会主任会议", by=clerk.id
    )
    clock.now = then


def test_a_round_escalated_after_the_period_counts_at_its_earlier_level(
    store: DeskStore, clerk: OperatorInfo, clock
) -> None:  # type: ignore[no-untyped-def]
    rid = _second_round_in_october(store, clerk, clock)
    _escalate(store, clerk, clock, rid, datetime(2026, 11, 5, 10))
    tally = store.tally(month_period(2026, 10))
    assert tally.second_rounds_by_level == (("代表工委综合督办", 2),)


def test_a_round_escalated_by_the_period_s_end_counts_at_its_new_level(
    store: DeskStore, clerk: OperatorInfo, clock
) -> None:  # type: ignore[no-untyped-def]
    rid = _second_round_in_october(store, clerk, clock)
    _escalate(store, clerk, clock, rid, datetime(2026, 10, 31, 16))
    tally = store.tally(month_period(2026, 10))
    assert tally.second_rounds_by_level == (("代表工委综合督办", 1), ("主任会议统筹督办", 1))


def test_the_workbook_s_lists_show_the_level_as_of_the_period_s_end(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    rid = _second_round_in_october(store, clerk, clock)
    _escalate(store, clerk, clock, rid, datetime(2026, 11, 5, 10))
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, date(2026, 10, 1), date(2026, 10, 31))
    ws = load_workbook(path)["责任清单"]
    head = [c.value for c in ws[1]]
    rounds = [dict(zip(head, r, strict=False))["督办轮次"] for r in ws.iter_rows(min_row=2, values_only=True)]
    assert CHAIR not in rounds and rounds.count(DEFAULT) == 2
