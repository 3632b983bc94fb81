"""The per-deputy duty record (履职档案) as Excel, read back with openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from openpyxl import load_workbook

from desk_app.reports.duty_record_xlsx import HEADINGS, SHEET_TITLE, write_duty_record_xlsx
from desk_app.storage.rota_records import DutyRecord

STATION = "浉河区五星街道人大代表监督岗"
RECORDS = [
    DutyRecord("d1", "王建国", "city", scheduled=4, kept=3, other_visits=2),
    DutyRecord("d2", "李秀英", "county", scheduled=0, kept=0, other_visits=1),
]


def write(tmp_path: Path) -> Path:
    path = tmp_path / "record.xlsx"
    write_duty_record_xlsx(
        path, RECORDS, station_name=STATION, start=date(2026, 1, 1), end=date(2026, 12, 31)
    )
    return path


def test_every_deputy_has_a_row_with_kept_and_scheduled(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path))[SHEET_TITLE]
    assert tuple(c.value for c in ws[2]) == HEADINGS
    assert [c.value for c in ws[3]] == ["王建国", "市人大代表", 4, 3, 1, 0.75, 2, 5, 0]
    assert [c.value for c in ws[4]][:5] == ["李秀英", "县(区)人大代表", 0, 0, 0]
    assert ws.cell(4, 6).value is None  # no rate without duties on the rota
    assert ws.cell(4, 8).value == 1


def test_title_names_the_station_and_period(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path))[SHEET_TITLE]
    assert STATION in ws.cell(1, 1).value
    assert "2026-01-01 至 2026-12-31" in ws.cell(1, 1).value


def test_totals_row_sums_the_counts(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path))[SHEET_TITLE]
    assert ws.cell(5, 1).value == "合计"
    assert ws.cell(5, 3).value == "=SUM(C3:C4)"
    assert ws.cell(5, 8).value == "=SUM(H3:H4)"


def test_an_empty_record_still_writes_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    write_duty_record_xlsx(path, [], station_name=STATION, start=date(2026, 1, 1), end=date(2026, 1, 31))
    ws = load_workbook(path)[SHEET_TITLE]
    assert ws.cell(3, 1).value == "合计"
    assert ws.cell(3, 3).value == 0
