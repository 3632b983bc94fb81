"""The committee's workbook has one as-of day (issue 11): the lists say how each slip stood on the
period's last day (or today, if earlier), as the 汇总's overdue figures count it, every sheet
prints that day, and the workbook prints as delivered (footers, row heights). Read back with
openpyxl, and opened by LibreOffice where it is installed. Today is 2026-11-20."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from report_helpers import make_cases, october_desk

from desk_app.domain.periods import month_period
from desk_app.reports.documents import export_summary, export_tally
from desk_app.reports.summary_xlsx import SHEETS
from desk_app.reports.wrapping import lines_needed
from desk_app.storage.case_moves import ExtensionDraft
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.conftest import FakeClock, built_desk_fixtures

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


def _as_of_desk(store: DeskStore, clerk: OperatorInfo, clock: FakeClock) -> dict[str, str]:
    ids = october_desk(store, clerk, clock)
    # Replied after the as-of day: on 10-31 E still waited, late.
    store.record_reply(ids["E"], replied_on=date(2026, 11, 5), reply_text="已修复", by=clerk.id)
    return ids


# A copy of the October desk (built once per test process) for the tests that read it (`ids`), an
# empty desk for those that make cases of their own.
built_store, store, clerk, ids = built_desk_fixtures(_as_of_desk, "ids")


@pytest.fixture
def path(store: DeskStore, ids: dict[str, str], tmp_path: Path) -> Path:
    target = tmp_path / "summary.xlsx"
    export_summary(store, target, *OCTOBER)
    return target


@pytest.fixture
def book(path: Path) -> Workbook:
    return load_workbook(path)


def _rows(book: Workbook, sheet: str) -> list[dict[str, object]]:
    ws = book[sheet]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]


def _summary(book: Workbook) -> dict[object, tuple[object, ...]]:
    return {r[0]: r[1:] for r in book["汇总"].iter_rows(min_row=5, values_only=True) if r and r[0]}


def test_a_reply_after_the_as_of_day_leaves_the_slip_overdue_in_the_rectification_list(
    book: Workbook,
) -> None:
    by_problem = {r["反映问题(摘要)"]: r["办理情况"] for r in _rows(book, "整改清单")}
    assert by_problem["小区电梯停运"] == "超期未答复"  # replied 11-05, after 10-31


def test_rectification_list_and_summary_overdue_totals_agree(book: Workbook) -> None:
    late_rows = [r for r in _rows(book, "整改清单") if r["办理情况"] == "超期未答复"]
    summary = _summary(book)
    total, of_period, earlier = summary["超期未答复"][:3]
    assert (len(late_rows), total) == (of_period, summary["超期未答复(件)"][0])
    assert total == of_period + earlier


def test_detail_says_which_deadline_was_past_on_the_as_of_day(book: Workbook) -> None:
    rows = {r["反映问题"]: r["超期情况"] for r in _rows(book, "明细")}
    assert rows["小区电梯停运"] == "超期未答复"


def test_every_sheet_prints_the_as_of_day_and_page_numbers(book: Workbook) -> None:
    for ws in book.worksheets:
        assert "统计截至：2026-10-31" in (ws.oddHeader.left.text or ""), ws.title
        assert "&P" in (ws.oddFooter.center.text or "") and "&N" in ws.oddFooter.center.text, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1, ws.title


def test_summary_compares_with_the_period_before_and_the_same_period_last_year(book: Workbook) -> None:
    head = next(book["汇总"].iter_rows(min_row=4, max_row=4, values_only=True))
    assert head[:6] == ("指标", "本期", "上期", "环比增减", "去年同期", "同比增减")
    line = book["汇总"]["A2"].value
    assert "上期（环比）：2026年9月" in line and "去年同期（同比）：2025年10月" in line


def test_wrapped_cells_get_a_row_tall_enough(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    c = make_cases(store, clerk, clock)
    long_text = "小区东门外的排水沟堵塞，" * 12
    rid = c.register(datetime(2026, 10, 8, 9), long_text)
    c.refer(rid, date(2026, 10, 9))
    target = tmp_path / "summary.xlsx"
    export_summary(store, target, *OCTOBER)
    ws = load_workbook(target)["问题清单"]
    height = ws.row_dimensions[2].height
    assert height is not None and height >= lines_needed(long_text, 60) * 15


def test_the_summary_sheet_s_definitions_fit_their_rows(book: Workbook) -> None:
    ws = book["汇总"]
    row = next(r for r in ws.iter_rows(min_row=5) if r[0].value == "超期未交办(件)")
    assert (ws.row_dimensions[row[0].row].height or 0) >= 2 * 15


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_every_sheet(path: Path, book: Workbook, tmp_path: Path) -> None:
    out = tmp_path / "csv"
    profile = tmp_path / "profile"
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            # Every sheet to its own file (summary-汇总.csv …), UTF-8.
            "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    for name in SHEETS:
        text = (out / f"summary-{name}.csv").read_text(encoding="utf-8")
        assert len(text.splitlines()) >= book[name].max_row, name
    assert "超期未答复" in (out / "summary-整改清单.csv").read_text(encoding="utf-8")


def test_a_half_year_s_workbook_compares_with_the_half_year_before(store: DeskStore, tmp_path: Path) -> None:
    # Issue 11: 1 Jan - 30 Jun was compared with "2025年7月4日至2025年12月31日".
    target = tmp_path / "half.xlsx"
    export_summary(store, target, date(2026, 1, 1), date(2026, 6, 30))
    line = load_workbook(target)["汇总"]["A2"].value
    assert "上期（环比）：2025年下半年（2025年7月1日至2025年12月31日）" in line
    assert "去年同期（同比）：2025年上半年（2025年1月1日至2025年6月30日）" in line


# -- 已延期 / 已撤回 and the deadline are as of the as-of day too (events of November come after it) --


def _rectification(store: DeskStore, tmp_path: Path, name: str) -> dict[object, dict[str, object]]:
    target = tmp_path / name
    export_summary(store, target, *OCTOBER)
    return {r["反映问题(摘要)"]: r for r in _rows(load_workbook(target), "整改清单") if r["交办编号"]}


def _extend(store: DeskStore, clerk: OperatorInfo, rid: str, *, requested: date, decided: date) -> None:
    ext = store.request_extension(rid, ExtensionDraft(requested, "需实地核查", 5, "刘主任"), by=clerk.id)
    store.decide_extension(ext, approve=True, note="同意", by=clerk.id, decided_on=decided)


def test_an_extension_approved_after_the_as_of_day_is_not_in_the_rectification_list(
    store: DeskStore, clerk: OperatorInfo, ids: dict[str, str], tmp_path: Path
) -> None:
    before = _rectification(store, tmp_path, "before.xlsx")["占道经营"]
    _extend(store, clerk, ids["F"], requested=date(2026, 11, 2), decided=date(2026, 11, 3))
    after = _rectification(store, tmp_path, "after.xlsx")["占道经营"]
    assert (after["办理情况"], after["答复期限"]) == ("办理中", before["答复期限"])


def test_an_extension_approved_before_the_as_of_day_shows_its_new_deadline(
    store: DeskStore, clerk: OperatorInfo, ids: dict[str, str], tmp_path: Path
) -> None:
    _extend(store, clerk, ids["F"], requested=date(2026, 10, 20), decided=date(2026, 10, 21))
    due = store.case_detail(ids["F"]).current_referral
    assert due is not None
    row = _rectification(store, tmp_path, "extended.xlsx")["占道经营"]
    assert row["办理情况"] == f"已延期至{due.reply_due:%Y-%m-%d}"


def test_a_withdrawal_after_the_as_of_day_is_not_in_the_rectification_list(
    store: DeskStore, clerk: OperatorInfo, ids: dict[str, str], tmp_path: Path
) -> None:
    store.withdraw(ids["F"], reason="群众撤回诉求", by=clerk.id)  # today, 2026-11-20
    assert store.case_detail(ids["F"]).status == "withdrawn"
    assert _rectification(store, tmp_path, "withdrawn.xlsx")["占道经营"]["办理情况"] == "办理中"


def test_a_withdrawal_on_the_as_of_day_is_in_the_rectification_list(
    store: DeskStore, clerk: OperatorInfo, ids: dict[str, str], tmp_path: Path
) -> None:
    store.withdraw(ids["F"], reason="群众撤回诉求", by=clerk.id)
    target = tmp_path / "november.xlsx"
    export_summary(store, target, date(2026, 10, 1), date(2026, 11, 30))  # as of today
    rows = {r["反映问题(摘要)"]: r for r in _rows(load_workbook(target), "整改清单") if r["交办编号"]}
    assert rows["占道经营"]["办理情况"] == "已撤回"


def test_a_reply_after_the_as_of_day_is_not_printed_in_the_rectification_list(book: Workbook) -> None:
    row = {r["反映问题(摘要)"]: r for r in _rows(book, "整改清单")}["小区电梯停运"]
    assert (row["答复日期"], row["办理结果"]) == (None, None)


def test_the_tally_workbook_s_breakdown_sheets_print_the_as_of_day(
    store: DeskStore, ids: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "tally.xlsx"
    export_tally(store, target, month_period(2026, 10))
    book = load_workbook(target)
    assert len(book.worksheets) == 4
    for ws in book.worksheets:
        assert "统计截至：2026-10-31" in (ws.oddHeader.left.text or ""), ws.title
