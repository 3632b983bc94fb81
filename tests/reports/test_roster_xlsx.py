"""The roster template round-trips, and every bad cell is reported by Excel row and heading."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook, load_workbook

from desk_app.domain.vocab import DeputyLevel
from desk_app.reports.roster_xlsx import read_roster, write_template


def _template_with(tmp_path: Path, *rows: list[object]) -> Path:
    path = tmp_path / "roster.xlsx"
    write_template(path)
    wb = load_workbook(path)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def test_the_unfilled_template_adds_no_deputy(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path)
    read = read_roster(path)
    assert read.ok and read.entries == [] and read.samples == 1


def test_the_sample_row_left_in_a_filled_template_is_not_imported(tmp_path: Path) -> None:
    read = read_roster(_template_with(tmp_path, ["李四", "区人大代表", "", "", "", "", "是"]))
    assert [e.name for _, e in read.entries] == ["李四"]


def test_spoken_level_names_are_understood(tmp_path: Path) -> None:
    path = _template_with(
        tmp_path, ["李四", "区人大代表", "", "", "", "", "是"], ["赵六", "议事代表", "", "", "", "", "否"]
    )
    levels = {e.name: (e.level, e.active) for _, e in read_roster(path).entries}
    assert levels["李四"] == (DeputyLevel.COUNTY, True)
    assert levels["赵六"] == (DeputyLevel.STREET_DELEGATE, False)


def test_every_bad_cell_is_reported_with_row_and_heading(tmp_path: Path) -> None:
    path = _template_with(tmp_path, ["", "部级", "", "", "", "12345", "也许"])
    read = read_roster(path)
    assert not read.ok
    assert {(e.row, e.column) for e in read.errors} == {
        (3, "姓名"),
        (3, "代表层级"),
        (3, "联系电话"),
        (3, "是否在任"),
    }
    assert read.entries == []  # the template's sample row is never imported


def test_same_person_twice_is_a_duplicate(tmp_path: Path) -> None:
    path = _template_with(
        tmp_path,
        ["王建国", "市人大代表", "", "", "", "13912345678", "是"],
        ["王建国", "市人大代表", "", "", "", "139-1234-5678", "是"],
    )
    [error] = read_roster(path).errors
    assert error.row == 4 and "第 3 行" in error.message


def test_phone_typed_as_a_number_is_accepted(tmp_path: Path) -> None:
    path = _template_with(tmp_path, ["钱七", "乡镇", "", "", "", 13800001111, ""])
    assert dict((e.name, e.phone) for _, e in read_roster(path).entries)["钱七"] == "13800001111"


def test_own_headings_in_another_order_are_mapped(tmp_path: Path) -> None:
    path = tmp_path / "own.xlsx"
    wb = Workbook()
    wb.active.append(["手机", "代表姓名", "级别"])
    wb.active.append(["13900000001", "孙八", "省级"])
    wb.save(path)
    [(_, entry)] = read_roster(path).entries
    assert (entry.name, entry.level, entry.phone) == ("孙八", DeputyLevel.PROVINCIAL, "13900000001")


def test_missing_required_heading_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(path)
    read = read_roster(path)
    assert "代表层级" in read.file_error and not read.entries


def test_not_an_excel_file_is_a_file_error(tmp_path: Path) -> None:
    path = tmp_path / "roster.xlsx"
    path.write_text("姓名,代表层级\n", encoding="utf-8")
    assert read_roster(path).file_error
