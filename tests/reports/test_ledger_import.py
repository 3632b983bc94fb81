"""Importing a ledger (台账): template, own headings, every bad cell reported, all or nothing, twice = once."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import func, select

from desk_app.domain.ledger import COLUMNS
from desk_app.reports.documents import import_ledger
from desk_app.reports.ledger_xlsx import read_ledger, write_template
from desk_app.storage.models import ChangeLog, Reception
from desk_app.storage.queries import CaseFilter
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

HEAD = [h for _, h, _ in COLUMNS]
NOW = datetime(2026, 11, 20, 10, 0)


def row(**values: object) -> list[object]:
    return [values.get(k) for k, _, _ in COLUMNS]


SIGNED = row(
    received_at=datetime(2026, 9, 3, 9, 30),
    channel="来访",
    citizen_name="张桂兰",
    citizen_phone="13903761234",
    category="物业",
    content="电梯停运一周",
    outcome="交办",
    serial="浉河监督岗〔2026〕第007号",
    referred_on=date(2026, 9, 3),
    unit="五星街道办事处",
    handler="王科长",
    supervisor="赵代表",
    working_days=10,
    replied_on=date(2026, 9, 10),
    reply_text="已修复",
    called_at=datetime(2026, 9, 12, 15),
    caller="李明",
    method="电话",
    verdict="满意",
    signed_off_at=datetime(2026, 9, 13, 10),
)
ON_SITE = row(
    received_at="2026年9月5日 10:00",
    content="咨询医保报销",
    outcome="现场解决",
    on_site_answer="已解释政策",
    category="医保",
)
OPEN = row(
    received_at="2026/9/8",
    channel="12345",
    content="路灯不亮",
    referred_on="2026-09-09",
    unit="城管局",
    supervisor="赵代表",
    citizen_phone=13900000002,
)


def ledger(
    tmp_path: Path, *rows: list[object], head: list[str] | None = None, name: str = "ledger.xlsx"
) -> Path:
    path = tmp_path / name
    wb = Workbook()
    wb.active.append(head or HEAD)
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def receptions(store: DeskStore) -> int:
    return store.count_cases(CaseFilter())


def test_the_unfilled_template_imports_nothing(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path)
    read = read_ledger(path, now=NOW)
    assert read.ok and read.entries == [] and read.sheets[0].samples == 1
    assert load_workbook(path).active.freeze_panes == "B2"


def test_rows_become_cases_with_the_right_status(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    result = import_ledger(store, ledger(tmp_path, SIGNED, ON_SITE, OPEN), by=clerk.id)
    assert result.ok and result.applied is not None and result.applied.added == 3
    statuses = sorted(r.status for r in store.list_cases(CaseFilter()))
    assert statuses == ["referred", "resolved_on_site", "signed_off"]


def test_ledger_dates_and_serial_are_kept(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    import_ledger(store, ledger(tmp_path, SIGNED), by=clerk.id)
    [case] = store.list_cases(CaseFilter())
    detail = store.case_detail(case.id)
    assert detail.received_at == datetime(2026, 9, 3, 9, 30)
    [ref] = detail.referrals
    assert (ref.serial, ref.referred_on, ref.replied_on) == (
        "浉河监督岗〔2026〕第007号",
        date(2026, 9, 3),
        date(2026, 9, 10),
    )
    assert (
        detail.callbacks[0].called_at == datetime(2026, 9, 12, 15)
        and detail.callbacks[0].verdict == "satisfied"
    )
    assert detail.signed_off_at == datetime(2026, 9, 13, 10)


def test_rows_without_serial_get_the_next_number_after_kept_ones(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, OPEN, SIGNED), by=clerk.id)
    serials = sorted(r.serial for r in store.list_cases(CaseFilter()))
    assert serials == ["浉河监督岗〔2026〕第007号", "浉河监督岗〔2026〕第008号"]


def test_changes_are_logged_with_the_operator(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    import_ledger(store, ledger(tmp_path, SIGNED), by=clerk.id)
    with store.db.reading() as s:
        ops = set(s.scalars(select(ChangeLog.operator_id).where(ChangeLog.entity == "reception")))
    assert ops == {clerk.id}


def test_importing_twice_adds_nothing(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    path = ledger(tmp_path, SIGNED, ON_SITE, OPEN)
    import_ledger(store, path, by=clerk.id)
    again = import_ledger(store, path, by=clerk.id)
    assert again.applied is not None and (again.applied.added, again.applied.already) == (0, 3)
    assert receptions(store) == 3


def test_same_rows_with_other_formatting_are_still_known(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, OPEN), by=clerk.id)
    retyped = list(OPEN)
    retyped[HEAD.index("联系电话")] = "139-0000-0002"
    retyped[HEAD.index("登记时间")] = datetime(2026, 9, 8)
    again = import_ledger(store, ledger(tmp_path, retyped, name="b.xlsx"), by=clerk.id)
    assert again.applied is not None and again.applied.already == 1 and receptions(store) == 1


def test_every_bad_cell_is_reported_by_row_and_heading(tmp_path: Path) -> None:
    bad = row(received_at="昨天", citizen_phone="12345", verdict="还行", called_at="2026-09-01")
    read = read_ledger(ledger(tmp_path, ON_SITE, bad), now=NOW)
    found = {(e.row, e.column) for e in read.errors}
    assert {(3, "登记时间"), (3, "联系电话"), (3, "反映问题"), (3, "群众评价")} <= found
    assert all(e.row == 3 for e in read.errors)
    assert any("无法识别的日期时间“昨天”" in e.message for e in read.errors)


def test_a_bad_row_imports_nothing(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    bad = row(received_at=datetime(2026, 9, 1), content="x", signed_off_at=datetime(2026, 9, 2))
    result = import_ledger(store, ledger(tmp_path, SIGNED, bad), by=clerk.id)
    assert not result.ok and receptions(store) == 0
    assert [(e.row, e.column) for e in result.read.errors] == [(3, "销号时间")]


def test_dissatisfied_cannot_be_signed_off(tmp_path: Path) -> None:
    bad = list(SIGNED)
    bad[HEAD.index("群众评价")] = "不满意"
    bad[HEAD.index("群众意见")] = "电梯还是停"
    [error] = read_ledger(ledger(tmp_path, bad), now=NOW).errors
    assert error.column == "销号时间" and "不满意" in error.message


def test_future_dates_are_refused(tmp_path: Path) -> None:
    bad = row(received_at=datetime(2026, 12, 1), content="x", outcome="现场解决")
    [error] = read_ledger(ledger(tmp_path, bad), now=NOW).errors
    assert (error.row, error.column) == (2, "登记时间")


def test_serial_already_used_on_the_desk_is_refused(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, SIGNED), by=clerk.id)
    clash = list(OPEN)
    clash[HEAD.index("交办编号")] = "浉河监督岗〔2026〕第007号"
    result = import_ledger(store, ledger(tmp_path, clash, name="c.xlsx"), by=clerk.id)
    assert result.applied is not None and not result.applied.ok
    [problem] = result.applied.problems
    assert (problem.row, problem.column) == (2, "serial") and "重复" in problem.message
    assert receptions(store) == 1


def test_unknown_deputy_is_reported(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    r = list(ON_SITE)
    r[HEAD.index("接待代表")] = "王建国、查无此人"
    store.save_deputy(by=clerk.id, name="王建国")
    result = import_ledger(store, ledger(tmp_path, r), by=clerk.id)
    assert result.applied is not None and "查无此人" in result.applied.problems[0].message
    assert receptions(store) == 0


def test_own_headings_by_alias_and_by_mapping(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    path = ledger(
        tmp_path,
        ["2026-09-05 10:00", "咨询社保", "现场解决", "已答复"],
        head=["来电时间", "反映内容", "办理方式", "现场答复内容"],
    )
    assert "登记时间" in read_ledger(path, now=NOW).file_error
    result = import_ledger(store, path, by=clerk.id, mapping={"来电时间": "登记时间"})
    assert result.ok and receptions(store) == 1


def test_units_and_categories_are_added_by_name(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    result = import_ledger(store, ledger(tmp_path, OPEN), by=clerk.id)
    assert result.applied is not None and result.applied.new_units == ["城管局"]
    assert "城管局" in {u.name for u in store.handling_units()}


def test_check_only_writes_nothing(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    result = import_ledger(store, ledger(tmp_path, SIGNED, OPEN), by=clerk.id, dry_run=True)
    assert result.ok and result.applied is not None and result.applied.added == 2
    assert receptions(store) == 0 and store.handling_units() == []


def test_source_key_is_stored(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    read = read_ledger(ledger(tmp_path, ON_SITE), now=NOW)
    import_ledger(store, ledger(tmp_path, ON_SITE, name="d.xlsx"), by=clerk.id)
    with store.db.reading() as s:
        keys = list(s.scalars(select(Reception.source_key)))
    assert keys == [read.entries[0][1].source_key] and len(keys[0]) == 64


def test_progress_is_reported(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    import_ledger(
        store, ledger(tmp_path, SIGNED, ON_SITE, OPEN), by=clerk.id, progress=lambda d, t: seen.append((d, t))
    )
    assert seen[-1] == (3, 3)


@pytest.mark.parametrize("text", ["不是表格", ""])
def test_not_an_excel_file_is_a_file_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.xlsx"
    path.write_text(text, encoding="utf-8")
    assert read_ledger(path, now=NOW).file_error


def test_count_of_change_log_rows_is_all_or_nothing(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    with store.db.reading() as s:
        before = s.scalar(select(func.count()).select_from(ChangeLog))
    bad = list(OPEN)
    bad[HEAD.index("承办单位")] = None
    import_ledger(store, ledger(tmp_path, SIGNED, bad), by=clerk.id)
    with store.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == before


def test_dissatisfied_without_the_citizens_words_is_reported(tmp_path: Path) -> None:
    bad = list(SIGNED)
    bad[HEAD.index("群众评价")] = "不满意"
    bad[HEAD.index("销号时间")] = None
    bad[HEAD.index("群众意见")] = None
    [error] = read_ledger(ledger(tmp_path, bad), now=NOW).errors
    assert error.column == "群众意见" and "不满意" in error.message
