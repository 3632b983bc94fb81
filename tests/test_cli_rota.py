"""`desk-app import/rota/print/export` against a real data folder (the command run in this process:
tests/cli_inprocess.py)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk_app.domain.rota import Period, SlotTemplate
from desk_app.domain.workcalendar import calendar_years
from desk_app.reports.roster_xlsx import write_template
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.cli_inprocess import run_desk_app
from tests.constants import CLERK_PIN


def desk_app(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`desk-app` (in this process) with the clerk's PIN in DESK_PIN (writes need it; reads ignore it)."""
    return run_desk_app(["--data-dir", str(data_dir), *args], env={"DESK_PIN": CLERK_PIN})


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, data_dir: Path) -> Path:
    """A set-up station with duty every Wednesday morning (two deputies); no deputies yet."""
    store.set_duty_pattern([SlotTemplate(2, Period.MORNING, 2)], by=clerk.id)
    store.close()
    return data_dir


def roster_file(tmp_path: Path, *rows: list[object]) -> Path:
    path = tmp_path / "roster.xlsx"
    write_template(path)
    wb = load_workbook(path)
    ws = wb.active
    ws.delete_rows(2)  # the template's sample row
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


GOOD = [
    ["王建国", "市人大代表", "一选区", "市医院", "医疗", "13912345678", "是"],
    ["李秀英", "区人大代表", "二选区", "律所", "法律", "13912345679", "是"],
    ["赵一", "议事代表", "", "", "", "", "是"],
]
BAD = ["钱二", "部级", "", "", "", "12345", "是"]


def deputy_names(data_dir: Path) -> list[str]:
    store = DeskStore.open(data_dir)
    try:
        return [d.name for d in store.deputy_profiles()]
    finally:
        store.close()


def test_template_is_written(desk: Path, tmp_path: Path) -> None:
    out = tmp_path / "template.xlsx"
    result = desk_app(desk, "import", "roster-template", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).active["A1"].value == "姓名*"


def test_import_roster_adds_the_deputies(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD)))
    assert result.returncode == 0, result.stderr
    assert "新增 3 人" in result.stdout
    assert sorted(deputy_names(desk)) == sorted(r[0] for r in GOOD)


def test_importing_twice_adds_nothing(desk: Path, tmp_path: Path) -> None:
    path = roster_file(tmp_path, *GOOD)
    desk_app(desk, "import", "roster", str(path))
    result = desk_app(desk, "import", "roster", str(path))
    assert "新增 0 人" in result.stdout and "未变 3 人" in result.stdout
    assert len(deputy_names(desk)) == 3


def test_bad_rows_are_reported_and_nothing_is_imported(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD, BAD)))
    assert result.returncode != 0
    assert "第5行 [代表层级]" in result.stderr and "第5行 [联系电话]" in result.stderr
    assert deputy_names(desk) == []


def test_good_rows_only_imports_the_good_rows(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD, BAD)), "--good-rows-only")
    assert result.returncode == 0, result.stderr
    assert "第5行" in result.stderr and "新增 3 人" in result.stdout
    assert "钱二" not in deputy_names(desk)


def test_unknown_operator_is_refused(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD)), "--operator", "无此人")
    assert result.returncode != 0 and "无此人" in result.stderr
    assert deputy_names(desk) == []


def test_rota_make_reports_counts_and_unfilled_slots(desk: Path, tmp_path: Path) -> None:
    desk_app(desk, "import", "roster", str(roster_file(tmp_path, GOOD[0])))  # one deputy for two places
    result = desk_app(desk, "rota", "make", "--from", "2026-12-01", "--to", "2026-12-31")
    assert result.returncode == 0, result.stderr
    assert "共 5 个班次，安排 5 人次" in result.stdout
    assert "2026-12-02 星期三 上午" in result.stdout and "缺 1 人" in result.stdout
    assert "少于所需人数" in result.stdout


def test_rota_make_warns_past_the_known_holiday_calendar(desk: Path, tmp_path: Path) -> None:
    desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD)))
    last = calendar_years()[1]  # the holiday package's last year: follows its yearly update
    result = desk_app(desk, "rota", "make", "--from", f"{last}-12-01", "--to", f"{last + 1}-02-28")
    assert result.returncode == 0, result.stderr
    assert "节假日安排只到" in result.stdout


def test_print_and_export_the_month(desk: Path, tmp_path: Path) -> None:
    desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD)))
    desk_app(desk, "rota", "make", "--from", "2026-12-01", "--to", "2026-12-31")
    pdf, xlsx = tmp_path / "rota.pdf", tmp_path / "rota.xlsx"
    printed = desk_app(desk, "print", "rota", "--month", "2026-12", "-o", str(pdf))
    exported = desk_app(desk, "export", "rota", "--month", "2026-12", "-o", str(xlsx))
    assert printed.returncode == 0 and exported.returncode == 0, printed.stderr + exported.stderr
    assert shutil.which("pdftotext")
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "浉河区五星街道人大代表监督岗" in text and "2026年12月" in text
    assert any(name in text for name in ("王建国", "李秀英", "赵一"))
    rows = list(load_workbook(xlsx).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 5 and all(r[4] for r in rows[1:])


def test_print_and_export_the_month_grid(desk: Path, tmp_path: Path) -> None:
    desk_app(desk, "import", "roster", str(roster_file(tmp_path, *GOOD)))
    desk_app(desk, "rota", "make", "--from", "2026-12-01", "--to", "2026-12-31")
    pdf, xlsx = tmp_path / "grid.pdf", tmp_path / "grid.xlsx"
    printed = desk_app(desk, "print", "rota-grid", "--month", "2026-12", "-o", str(pdf))
    exported = desk_app(desk, "export", "rota-grid", "--month", "2026-12", "-o", str(xlsx))
    assert printed.returncode == 0 and exported.returncode == 0, printed.stderr + exported.stderr
    text = "".join(
        subprocess.run(
            ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    assert "2026年12月代表值班表" in text and "星期三" in text
    ws = load_workbook(xlsx).worksheets[0]
    assert ws.cell(2, 3).value == "星期三" and ws.cell(3, 3).value.startswith("2日\n")  # 2 Dec is a Wednesday


def test_bad_month_is_a_usage_error(desk: Path, tmp_path: Path) -> None:
    result = desk_app(desk, "export", "rota", "--month", "2026-13", "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2 and "YYYY-MM" in result.stderr


def test_desk_not_set_up_is_refused(tmp_path: Path) -> None:
    result = desk_app(tmp_path / "empty", "rota", "make", "--from", "2026-12-01", "--to", "2026-12-31")
    assert result.returncode != 0 and "还没有设置站点" in result.stderr


def test_an_unwritable_output_is_a_plain_error(desk: Path, tmp_path: Path) -> None:
    out = desk_app(
        desk, "export", "rota", "--month", "2026-12", "-o", str(tmp_path / "missing" / "rota.xlsx")
    )
    assert out.returncode != 0 and "Traceback" not in out.stderr
    assert "无法读写文件" in out.stderr + out.stdout
