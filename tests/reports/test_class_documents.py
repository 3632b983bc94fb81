"""Issue 14, case classes (类案): the tally's class lines in its Excel and PDF, and the 类案 column
of the committee workbook's lists, read back from the files."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook
from report_helpers import flat, needs_font, october_desk, pdf_text

from desk_app.domain.tally import month_period
from desk_app.reports.documents import export_detail, export_summary, export_tally, print_tally
from desk_app.storage.class_store import ClassStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

SUBJECT = "路口交通设施"


def _class_desk(store: DeskStore, clerk: OperatorInfo, clock: object) -> dict[str, str]:
    """October's desk; on 10-20 the two traffic cases (C signed off, D basically satisfied) are
    grouped into a class, settled the same day."""
    ids = october_desk(store, clerk, clock)
    saved = clock.now  # type: ignore[attr-defined]
    clock.now = datetime(2026, 10, 20, 11)  # type: ignore[attr-defined]
    try:
        classes = ClassStore(store)
        class_id = classes.form(ids["C"], SUBJECT, by=clerk.id)
        classes.add(class_id, ids["D"], by=clerk.id)
        classes.settle(
            class_id, note="交警部门统一调整路口信号配时", settled_on=date(2026, 10, 20), by=clerk.id
        )
    finally:
        clock.now = saved  # type: ignore[attr-defined]
    return ids


def test_the_tally_counts_the_class_and_the_case_it_settled(
    store: DeskStore, clerk: OperatorInfo, clock: object
) -> None:
    _class_desk(store, clerk, clock)
    october = store.tally(month_period(2026, 10)).current
    assert (october.classes_formed, october.classes_settled, october.class_cases_settled) == (1, 1, 1)
    assert store.tally(month_period(2026, 9)).current.classes_formed == 0


def test_the_tally_workbook_shows_the_class_lines(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, month_period(2026, 10))
    cells = [
        c for row in load_workbook(path)["月度统计"].iter_rows(values_only=True) for c in row if c is not None
    ]
    assert "类案归集(个)" in cells and "类案解决案件(件)" in cells


@needs_font
def test_the_tally_pdf_shows_the_class_lines(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    text = flat(pdf_text(path))
    assert flat("类案办结") in text and flat("类案解决案件") in text


def test_the_lists_show_the_class_of_a_case(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, date(2026, 10, 1), date(2026, 10, 31))
    book = load_workbook(path)
    for sheet, key, value in (
        ("责任清单", "反映问题(摘要)", "路口红绿灯时间太短"),
        ("问题清单", "反映问题", "路口红绿灯时间太短"),
        ("整改清单", "反映问题(摘要)", "公交站牌损坏"),
        ("销号清单", "反映问题(摘要)", "路口红绿灯时间太短"),
    ):
        ws = book[sheet]
        head = [c.value for c in ws[1]]
        rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
        classes = {r[key]: r["类案"] for r in rows if r[key]}
        assert classes[value] == SUBJECT, sheet
        assert not classes.get("小区电梯停运"), sheet


# -- the figures themselves, read back (not only the lines' names) -------------------------------

CLASS_LINES = ("类案归集(个)", "类案办结(个)", "类案解决案件(件)")


def _row_values(sheet, label: str) -> list[object]:  # type: ignore[no-untyped-def]
    """The cells after `label`'s cell on the row that starts with it."""
    for row in sheet.iter_rows(values_only=True):
        cells = [c for c in row if c is not None]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label}")


def test_the_tally_workbook_counts_the_class_formed_settled_and_the_case_it_settled(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, month_period(2026, 10))
    sheet = load_workbook(path)["月度统计"]
    # This period, then the period before (September: nothing).
    assert [_row_values(sheet, label)[:2] for label in CLASS_LINES] == [[1, 0], [1, 0], [1, 0]]


def test_the_summary_workbook_counts_the_classes_on_its_first_sheet(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, date(2026, 10, 1), date(2026, 10, 31))
    sheet = load_workbook(path)["汇总"]
    assert [_row_values(sheet, label)[0] for label in CLASS_LINES] == [1, 1, 1]


@needs_font
def test_the_tally_pdf_prints_the_class_figures(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    lines = pdf_text(path, layout=True).splitlines()
    for label in CLASS_LINES:
        line = next(x for x in lines if x.strip().startswith(label))
        assert line.split()[1] == "1", line  # this month's figure, first after the name


def test_the_detail_sheet_shows_the_class_of_a_case(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, date(2026, 10, 1), date(2026, 10, 31))
    ws = load_workbook(path)["明细"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    classes = {r["反映问题"]: r["类案"] for r in rows if r["反映问题"]}
    assert classes["路口红绿灯时间太短"] == SUBJECT and not classes["小区电梯停运"]


def test_the_detail_export_shows_the_class_of_a_case(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    _class_desk(store, clerk, clock)
    path = tmp_path / "detail.xlsx"
    export_detail(store, path, date(2026, 10, 1), date(2026, 10, 31))
    ws = load_workbook(path)["明细"]
    head = [c.value for c in ws[1]]
    rows = [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]
    assert {r["类案"] for r in rows if r["反映问题"] == "路口红绿灯时间太短"} == {SUBJECT}
