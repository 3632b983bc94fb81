"""The per-deputy duty record (履职档案) as Excel, read back with openpyxl; 代班 (a deputy standing
in for one on the rota) shows on both deputies' rows."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from desk_app.domain.rota import Period
from desk_app.reports.duty_record_xlsx import HEADINGS, SHEET_TITLE, write_duty_record_xlsx
from desk_app.storage.records import OperatorInfo
from desk_app.storage.rota_records import DutyRecord
from desk_app.storage.store import DeskStore

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
    assert [c.value for c in ws[3]] == ["王建国", "市人大代表", 4, 3, 0, 1, 0.75, 0, 2, 5, 0, None]
    assert [c.value for c in ws[4]][:6] == ["李秀英", "县(区)人大代表", 0, 0, 0, 0]
    assert ws.cell(4, 7).value is None  # no rate without duties on the rota
    assert ws.cell(4, 10).value == 1


def test_title_names_the_station_and_period(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path))[SHEET_TITLE]
    assert STATION in ws.cell(1, 1).value
    assert "2026-01-01 至 2026-12-31" in ws.cell(1, 1).value


def test_totals_row_sums_the_counts(tmp_path: Path) -> None:
    ws = load_workbook(write(tmp_path))[SHEET_TITLE]
    assert ws.cell(5, 1).value == "合计"
    assert ws.cell(5, 3).value == "=SUM(C3:C4)"
    assert ws.cell(5, 5).value == "=SUM(E3:E4)"
    assert ws.cell(5, 10).value == "=SUM(J3:J4)"


def test_an_empty_record_still_writes_a_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    write_duty_record_xlsx(path, [], station_name=STATION, start=date(2026, 1, 1), end=date(2026, 1, 31))
    ws = load_workbook(path)[SHEET_TITLE]
    assert ws.cell(3, 1).value == "合计"
    assert ws.cell(3, 3).value == 0


def column(name: str) -> int:
    return HEADINGS.index(name) + 1


def stand_in_record(store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    """王代表 on the rota on 14 October, 赵代表 sat in for him; the record of October, by name."""
    ids = {name: store.save_deputy(by=clerk.id, name=name, level="city").id for name in ("王代表", "赵代表")}
    store.add_assignment(
        by=clerk.id, day=date(2026, 10, 14), period=Period.MORNING.value, deputy_id=ids["王代表"]
    )
    clock.now = datetime(2026, 10, 14, 8, 50)
    store.check_in(ids["赵代表"], by=clerk.id, stands_in_for=ids["王代表"])
    clock.now = datetime(2026, 10, 20, 9, 0)
    start, end = date(2026, 10, 1), date(2026, 10, 31)
    path = tmp_path / "record.xlsx"
    write_duty_record_xlsx(path, store.duty_records(start, end), station_name=STATION, start=start, end=end)
    ws = load_workbook(path)[SHEET_TITLE]
    return {
        str(row[0].value): [c.value for c in row] for row in ws.iter_rows(min_row=3) if row[0].value != "合计"
    }


def test_a_stand_in_is_named_on_the_row_of_the_one_who_sat(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    sitter = stand_in_record(store, clerk, clock, tmp_path)["赵代表"]
    assert sitter[column("代班情况") - 1] == "2026-10-14 赵代表 代 王代表"
    assert (sitter[column("代他人值班") - 1], sitter[column("合计人次") - 1]) == (1, 1)


def test_the_absent_deputy_s_place_shows_as_covered_not_missed(
    store: DeskStore, clerk: OperatorInfo, clock, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    absent = stand_in_record(store, clerk, clock, tmp_path)["王代表"]
    assert absent[column("代班情况") - 1] == "2026-10-14 赵代表 代 王代表"
    assert [absent[column(h) - 1] for h in ("排班次数", "实际到岗", "他人代班", "未到岗", "合计人次")] == [
        1,
        0,
        1,
        0,
        0,
    ]
