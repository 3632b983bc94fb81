"""The committee's workbook: summary, the five lists and the detail, read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from report_helpers import october_desk

from desk_app.reports.documents import export_summary
from desk_app.reports.summary_xlsx import SHEETS
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.conftest import DeskBuilds, FakeClock, open_built_copy

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


@pytest.fixture
def book(desk_builds: DeskBuilds, data_dir: Path, clock: FakeClock, tmp_path: Path) -> Workbook:
    """The summary of a copy of the October desk (built once per test process)."""
    store = open_built_copy(desk_builds(october_desk), data_dir, clock)
    path = tmp_path / "summary.xlsx"
    try:
        export_summary(store, path, *OCTOBER)
    finally:
        store.close()
    return load_workbook(path)


def _rows(book: Workbook, sheet: str) -> list[dict[str, object]]:
    ws = book[sheet]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_sheets_in_order(book: Workbook) -> None:
    assert book.sheetnames == list(SHEETS)


def test_summary_sheet_has_the_tally_figures(book: Workbook) -> None:
    rows = {r[0].value: r for r in book["汇总"].iter_rows(min_row=5) if r[0].value}
    assert rows["收集意见建议(条)"][1].value == 6 and rows["交办(件次)"][1].value == 4
    assert rows["满意率"][1].value == pytest.approx(0.6667) and rows["满意率"][1].number_format == "0.00%"


def test_responsibility_list_has_every_slip_of_the_period(book: Workbook) -> None:
    rows = _rows(book, "责任清单")
    assert [r["督办轮次"] for r in rows].count(
        "第2轮（二次督办·代表工委综合督办）"
    ) == 1  # issue 13: the level
    assert len(rows) == 4 and all(isinstance(r["交办日期"], datetime) for r in rows)


def test_problem_list_and_detail_have_every_reception(book: Workbook) -> None:
    assert len(_rows(book, "问题清单")) == 6
    detail = _rows(book, "明细")
    assert len(detail) == 6
    assert {r["群众姓名"] for r in detail} >= {"张三", "李四", "王五", "赵六"}


def test_phones_are_masked_by_default(book: Workbook) -> None:
    phones = {r["联系电话"] for r in _rows(book, "明细")} - {None}
    assert phones == {"139****0001"}


def test_full_phones_on_request(store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path) -> None:
    october_desk(store, clerk, clock)
    path = tmp_path / "full.xlsx"
    export_summary(store, path, *OCTOBER, full_phone=True, by=clerk.id)
    assert "13900000001" in {r["联系电话"] for r in _rows(load_workbook(path), "问题清单")}


def test_rectification_list_says_how_each_slip_stood_on_the_period_s_last_day(book: Workbook) -> None:
    states = sorted(r["办理情况"] for r in _rows(book, "整改清单"))
    # As of 2026-10-31, the workbook's one as-of day (today is 2026-11-20): F's second round
    # (due 2026-11-06) was still within its deadline, as the 汇总's 超期未答复 counts it.
    assert states == ["办理中", "按期答复", "超期未答复", "逾期答复"]


def test_sign_off_list_names_the_callback(book: Workbook) -> None:
    [row] = _rows(book, "销号清单")
    assert (row["群众评价"], row["回访人"], row["回访方式"]) == ("满意", "李明", "电话")
    assert (row["办结方式"], row["办结时间"], row["经办人"]) == (
        "销号",
        datetime(2026, 10, 15, 10, 0),
        "李明",
    )
    assert row["案件现状"] == "已销号"


def test_evaluation_list_per_unit(book: Workbook) -> None:
    rows = {r["承办单位"]: r for r in _rows(book, "评价清单")}
    assert rows["浉河区交通运输局"]["满意率"] == pytest.approx(1.0)
    assert rows["合计"]["交办"] == 4


def test_formats_freeze_and_print_setup(book: Workbook) -> None:
    ws = book["明细"]
    assert ws.freeze_panes == "A2" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws["A2"].number_format == "yyyy-mm-dd hh:mm"
    assert ws.column_dimensions["H"].width >= 40
    assert ws["A1"].font.b


def test_progress_reaches_the_total(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    october_desk(store, clerk, clock)
    seen: list[tuple[int, int]] = []
    export_summary(store, tmp_path / "s.xlsx", *OCTOBER, progress=lambda d, t: seen.append((d, t)))
    assert seen and seen[-1][0] == seen[-1][1]
