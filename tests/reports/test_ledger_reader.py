"""The ledger workbook is read by calamine (fast), cell for cell as openpyxl's read-only mode reads
it (what the row parsing was written against); openpyxl reads what calamine refuses."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest
from openpyxl import Workbook

from desk_app.reports import ledger_xlsx
from desk_app.reports.ledger_xlsx import _calamine_sheets, _openpyxl_sheets, read_ledger


def _workbook(path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "2026年4月"
    ws.append(["浉河区人大代表监督岗接待台账"])
    ws.merge_cells("A1:F1")
    ws.append([])
    ws.append(["序号", "登记时间", "群众姓名", "联系电话", "办理时限(工作日)", "回访时间", "备注"])
    ws.append([1, datetime(2026, 4, 27, 9, 30), "张三", 13900000001, 10, date(2026, 4, 30), None])
    ws.append([2, 46140, "李四", "0376-6221234", 7.5, datetime(2026, 5, 3, 15, 0), "  要求书面答复 "])
    ws.append([None, "4月27日", None, None, None, time(15, 30), True])
    ws.append(["合计", 2])
    other = wb.create_sheet("5月")
    other["C4"] = "表外一格"
    wb.save(path)


def test_calamine_reads_every_cell_as_openpyxl_does(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    _workbook(path)
    assert list(_calamine_sheets(path)) == _openpyxl_sheets(path)


def test_a_ledger_is_read_without_openpyxl(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.xlsx"
    _workbook(path)

    def refused(_path: Path) -> list[object]:
        raise AssertionError("read by openpyxl")

    monkeypatch.setattr(ledger_xlsx, "_openpyxl_sheets", refused)
    read = read_ledger(path, now=datetime(2026, 11, 20, 10, 0))
    assert [s.name for s in read.sheets] == ["2026年4月", "5月"]


def test_a_file_that_is_no_workbook_is_refused_in_plain_words(tmp_path: Path) -> None:
    path = tmp_path / "ledger.xlsx"
    path.write_bytes(b"not a workbook")
    read = read_ledger(path, now=datetime(2026, 11, 20, 10, 0))
    assert read.file_error.startswith("无法读取文件")
