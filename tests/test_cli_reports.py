"""`desk-app print referral/tally`, `export tally/summary`, `import ledger` against a real data folder
(the command run in this process: tests/cli_inprocess.py)."""

from __future__ import annotations

import sys
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desk_app.storage.queries import CaseFilter
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
from report_helpers import flat, needs_font, october_desk, pdf_text  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402

from tests.conftest import DeskBuilds, FakeClock, open_built_copy  # noqa: E402


@pytest.fixture
def desk(desk_builds: DeskBuilds, clock: FakeClock, data_dir: Path) -> Path:
    """A data folder holding a copy of the October desk (built once per test process)."""
    open_built_copy(desk_builds(october_desk), data_dir, clock).close()
    return data_dir


def _serial(data_dir: Path) -> str:
    store = DeskStore.open(data_dir)
    try:
        return next(r.serial for r in store.list_cases(CaseFilter()) if r.round_no == 2)
    finally:
        store.close()


@needs_font
def test_print_referral(desk: Path, tmp_path: Path) -> None:
    serial = _serial(desk)
    out = tmp_path / "slip.pdf"
    result = desk_app(desk, "print", "referral", serial, "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert serial in result.stdout
    text = flat(pdf_text(out))
    assert "交办单（二次督办）" in text and flat(serial) in text


def test_print_unknown_referral_fails_plainly(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "print", "referral", "无此编号", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 1 and "找不到交办单：无此编号" in result.stderr


@needs_font
def test_print_tally(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "tally.pdf"
    result = desk_app(desk, "print", "tally", "--month", "2026-10", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "满意率 66.67%" in result.stdout
    assert "2026年10月工作统计" in flat(pdf_text(out))


def test_export_tally(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "tally.xlsx"
    result = desk_app(desk, "export", "tally", "--month", "2026-10", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames[0] == "月度统计"


def test_export_summary(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    result = desk_app(desk, "export", "summary", "--from", "2026-10-01", "--to", "2026-10-31", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "明细 6 行" in result.stdout and "导出" in result.stderr
    assert load_workbook(out)["明细"].max_row == 7


@needs_font
def test_print_tally_of_a_quarter(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "tally.pdf"
    result = desk_app(desk, "print", "tally", "--period", "2026-Q4", "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = flat(pdf_text(out))
    assert "2026年第四季度工作统计" in text and flat("上期（环比）：2026年第三季度") in text


def test_export_tally_of_a_half_year_names_its_sheet(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "tally.xlsx"
    result = desk_app(desk, "export", "tally", "--period", "2026-H2", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames[0] == "半年统计"


def test_export_summary_of_a_year(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "summary.xlsx"
    result = desk_app(desk, "export", "summary", "--period", "2026", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "2026年（2026-01-01至2026-12-31）" in (load_workbook(out)["明细"].oddHeader.left.text or "")


def test_a_mistyped_period_fails_plainly(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "export", "tally", "--period", "2026-Q5", "-o", str(tmp_path / "t.xlsx"))
    assert result.returncode != 0 and "期间格式应为" in result.stderr


def test_export_summary_needs_a_period(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "export", "summary", "-o", str(tmp_path / "s.xlsx"))
    assert result.returncode == 1 and "--month" in result.stderr


def _ledger(tmp_path: Path, *rows: list[object]) -> Path:
    path = tmp_path / "ledger.xlsx"
    wb = Workbook()
    wb.active.append(["登记时间", "反映问题", "处理方式", "现场答复", "联系电话"])
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def _count(data_dir: Path) -> int:
    store = DeskStore.open(data_dir)
    try:
        return store.count_cases(CaseFilter())
    finally:
        store.close()


def test_import_ledger_twice(desk: Path, tmp_path: Path) -> None:
    path = _ledger(
        tmp_path,
        [datetime(2026, 8, 1, 9), "咨询", "现场解决", "已解答", ""],
        [datetime(2026, 8, 2, 9), "咨询二", "现场解决", "已解答", ""],
    )
    first = desk_app(desk, "import", "ledger", str(path))
    assert first.returncode == 0, first.stderr
    assert "新增 2 件" in first.stdout
    second = desk_app(desk, "import", "ledger", str(path))
    assert "新增 0 件" in second.stdout and "2 行已导入过" in second.stdout
    assert _count(desk) == 7 + 2


def test_import_ledger_reports_bad_rows_and_imports_nothing(desk: Path, tmp_path: Path) -> None:
    path = _ledger(
        tmp_path,
        [datetime(2026, 8, 1, 9), "咨询", "现场解决", "已解答", ""],
        [date(2026, 8, 2), "", "现场解决", "", "123"],
    )
    result = desk_app(desk, "import", "ledger", str(path))
    assert result.returncode == 1
    assert "第3行 [反映问题] 必填" in result.stderr and "第3行 [联系电话]" in result.stderr
    assert "未导入任何数据" in result.stderr and _count(desk) == 7


def test_import_ledger_with_own_heading_mapped(desk: Path, tmp_path: Path) -> None:
    path = tmp_path / "own.xlsx"
    wb = Workbook()
    wb.active.append(["来电时间", "反映内容"])
    wb.active.append(["2026-08-03 10:00", "路灯不亮"])
    wb.save(path)
    result = desk_app(desk, "import", "ledger", str(path), "--map", "来电时间=登记时间")
    assert result.returncode == 0, result.stderr
    assert _count(desk) == 8


def test_ledger_template(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    result = desk_app(desk, "import", "ledger-template", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).active["A1"].value == "登记时间*"


def test_import_ledger_names_each_sheet_and_takes_the_year_given(desk: Path, tmp_path: Path) -> None:
    path = tmp_path / "months.xlsx"
    wb = Workbook()
    april = wb.active
    april.title = "四月"
    april.append(["浉河区人大代表监督岗接待台账"])
    april.append(["序号", "登记时间", "反映问题", "处理方式", "现场答复"])
    april.append([1, "4月27日 下午3点", "咨询社保", "咨询", "已解答"])
    april.append([2])
    may = wb.create_sheet("五月")
    may.append(["登记时间", "反映问题", "处理方式", "现场答复"])
    may.append(["5月6日", "咨询医保", "咨询", "已解答"])
    may.append(["合计", 1])
    wb.save(path)
    result = desk_app(desk, "import", "ledger", str(path), "--year", "2026")
    assert result.returncode == 0, result.stderr
    assert "新增 2 件" in result.stdout and "更新 0 件" in result.stdout
    assert "工作表“四月”：读取 1 行，新增 1 件" in result.stdout
    assert "工作表“五月”：读取 1 行，新增 1 件" in result.stdout
    assert _count(desk) == 7 + 2
