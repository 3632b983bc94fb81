"""Issue 13: the workbook's lists show the level of the 大督办 ladder supervising a second round."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from report_helpers import make_cases, october_desk

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.reports.documents import export_summary
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
CHAIR = "第2轮（二次督办·主任会议统筹督办）"
DEFAULT = "第2轮（二次督办·代表工委综合督办）"


def _rows(book: Workbook, sheet: str) -> list[dict[str, object]]:
    ws = book[sheet]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_rectification_list_shows_the_round_and_its_level(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    october_desk(store, clerk, clock)
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, *OCTOBER)
    book = load_workbook(path)
    rounds = [r["督办轮次"] for r in _rows(book, "整改清单")]
    assert rounds.count(DEFAULT) == 1 and rounds.count("第1轮") == 3
    # the same slips, the same words as the 责任清单
    assert rounds == [r["督办轮次"] for r in _rows(book, "责任清单")]


def test_an_escalated_round_closed_in_the_period_shows_its_level_though_handed_over_before(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 8, 20, 10), "路灯长期不亮", citizen_name="孙八")
    c.refer(rid, date(2026, 8, 21))
    c.reply(rid, date(2026, 8, 24))
    c.callback(rid, "dissatisfied", datetime(2026, 8, 26, 10))
    c.refer(rid, date(2026, 9, 1), days=20)  # round 2, handed over before October
    then = clock.now
    clock.now = datetime(2026, 9, 10, 9)  # escalated in September, before the round closed
    SuggestionStore(store).escalate_case(
        rid, SupervisionLevel.CHAIR_MEETING, decided_by="区人大常委会主任会议", by=clerk.id
    )
    clock.now = then
    c.reply(rid, date(2026, 10, 5))
    c.callback(rid, "satisfied", datetime(2026, 10, 8, 10))
    c.sign_off(rid, datetime(2026, 10, 9, 10))
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, *OCTOBER)
    book = load_workbook(path)
    [row] = _rows(book, "销号清单")
    assert row["督办轮次"] == CHAIR
    assert _rows(book, "整改清单") == []  # no slip handed over in October
