"""Issue 13: the tally's second rounds by the 大督办 level supervising them, in its PDF and Excel."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from report_helpers import Cases, flat, needs_font, october_desk, pdf_text

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.tally import Period, TallyFacts, month_period, second_rounds_by_level
from desk_app.reports.documents import export_tally, print_tally
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore

LINE = "二次督办按督办层级：代表工委综合督办1件次、主任会议统筹督办1件次。"


def _ladder_desk(store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    """October's desk (F: a second round at the default level) and H, escalated to the chair."""
    october_desk(store, clerk, clock)
    [unit] = [u for u in store.handling_units() if u.name == "五星街道办事处"]
    c = Cases(store, clerk, clock, unit.id, unit.id)
    rid = c.register(datetime(2026, 9, 25, 10), "路灯长期不亮", citizen_name="孙八")
    c.refer(rid, date(2026, 9, 28))
    c.reply(rid, date(2026, 9, 29))
    c.callback(rid, "dissatisfied", datetime(2026, 10, 9, 10))
    c.refer(rid, date(2026, 10, 13), days=20)
    then = clock.now
    clock.now = datetime(2026, 10, 14, 9)  # escalated in October: the level in force on its last day
    SuggestionStore(store).escalate_case(
        rid, SupervisionLevel.CHAIR_MEETING, decided_by="区人大常委会主任会议", by=clerk.id
    )
    clock.now = then


def test_second_rounds_by_level_add_up_to_second_rounds(
    store: DeskStore, clerk: OperatorInfo, clock: object
) -> None:
    _ladder_desk(store, clerk, clock)
    tally = store.tally(month_period(2026, 10))
    assert tally.current.second_rounds == 2
    assert tally.second_rounds_by_level == (("代表工委综合督办", 1), ("主任会议统筹督办", 1))
    assert tally.second_rounds_line == LINE
    assert store.tally(month_period(2026, 9)).second_rounds_line == ""


def test_no_facts_no_breakdown() -> None:
    assert second_rounds_by_level(TallyFacts(), Period(date(2026, 10, 1), date(2026, 10, 31))) == ()


def test_excel_shows_the_line(store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path) -> None:
    _ladder_desk(store, clerk, clock)
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, month_period(2026, 10))
    ws = load_workbook(path)["月度统计"]
    assert LINE in {r[0].value for r in ws.iter_rows(min_row=5)}


@needs_font
def test_pdf_shows_the_line(store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path) -> None:
    _ladder_desk(store, clerk, clock)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    assert flat(LINE) in flat(pdf_text(path))
