"""Issue 13: the 大督办 level of a second round in the 问题清单 (the case's current round) and,
per handling unit, in the 评价清单 and the tally's unit table (Excel and PDF)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from report_helpers import Cases, flat, needs_font, october_desk, pdf_text

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.tally import month_period
from desk_app.reports.documents import export_summary, export_tally, print_tally
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))
UNIT = "五星街道办事处"
CHAIR = "第2轮（二次督办·主任会议统筹督办）"


def _escalated_in_october(store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    """October's desk, and a case registered in October whose second round went to the chair."""
    october_desk(store, clerk, clock)
    [unit] = [u for u in store.handling_units() if u.name == UNIT]
    c = Cases(store, clerk, clock, unit.id, unit.id)
    rid = c.register(datetime(2026, 10, 2, 10), "路灯长期不亮", citizen_name="孙八")
    c.refer(rid, date(2026, 10, 5))
    c.reply(rid, date(2026, 10, 8))
    c.callback(rid, "dissatisfied", datetime(2026, 10, 10, 10))
    c.refer(rid, date(2026, 10, 13), days=20)
    then, clock.now = clock.now, datetime(2026, 10, 14, 9)
    SuggestionStore(store).escalate_case(
        rid, SupervisionLevel.CHAIR_MEETING, decided_by="区人大常委会主任会议", by=clerk.id
    )
    clock.now = then


def _sheet(path: Path, name: str) -> list[dict[str, object]]:
    book = load_workbook(path, read_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def test_the_problem_list_shows_the_current_round_and_its_level(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _escalated_in_october(store, clerk, clock)
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, *OCTOBER)
    rows = _sheet(path, "问题清单")
    [escalated] = [r for r in rows if r["群众"] == "孙八"]
    assert escalated["督办轮次"] == CHAIR
    # a case never referred has no round; a referred one in its first round says so
    assert {r["督办轮次"] for r in rows if r["交办编号"] is None} <= {None}
    assert all(r["督办轮次"] == "第1轮" for r in rows if r["交办编号"] and r["群众"] != "孙八")


def test_the_evaluation_list_shows_each_unit_s_second_rounds_by_level(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _escalated_in_october(store, clerk, clock)
    tally = store.tally(month_period(2026, 10))
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, *OCTOBER)
    rows = {r["承办单位"]: r["二次督办按督办层级"] for r in _sheet(path, "评价清单")}
    assert "主任会议统筹督办1件次" in str(rows[UNIT])
    total = "、".join(f"{words}{n}件次" for words, n in tally.second_rounds_by_level)
    assert rows["合计"] == total and "主任会议统筹督办1件次" in total
    # units without a second round in the period have the cell empty
    assert all(
        v is None for unit, v in rows.items() if unit not in tally.second_rounds_by_unit and unit != "合计"
    )


def test_the_tally_workbook_s_unit_sheet_has_the_same_column(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _escalated_in_october(store, clerk, clock)
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, month_period(2026, 10))
    rows = {r["承办单位"]: r["二次督办按督办层级"] for r in _sheet(path, "按承办单位")}
    assert "主任会议统筹督办1件次" in str(rows[UNIT])


@needs_font
def test_the_tally_pdf_s_unit_table_has_the_same_column(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _escalated_in_october(store, clerk, clock)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    text = flat(pdf_text(path))
    assert flat("二次督办按督办层级") in text
    unit_table = text[text.index(flat("按承办单位统计")) :]
    assert flat("主任会议统筹督办1件次") in unit_table
