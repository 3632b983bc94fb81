"""A clerk's running ledger (issue 11): the same workbook imported month after month, every sheet,
title rows, dates as typed, rows that are not cases, 备注, consultations, groups, deputy visits,
and the import written in parts that stay all or nothing."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from desk_app.domain.ledger import COLUMNS
from desk_app.reports.documents import import_ledger
from desk_app.reports.ledger_xlsx import read_ledger, write_template
from desk_app.storage import ledger_store
from desk_app.storage.models import ChangeLog, Reception, Referral
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

HEAD = [h for _, h, _ in COLUMNS]
NOW = datetime(2026, 11, 20, 10, 0)


def row(**values: object) -> list[object]:
    return [values.get(k) for k, _, _ in COLUMNS]


REFERRED = {
    "received_at": datetime(2026, 9, 3, 9, 30),
    "citizen_name": "张桂兰",
    "citizen_phone": "13903761234",
    "content": "电梯停运一周",
    "referred_on": date(2026, 9, 3),
    "unit": "五星街道办事处",
    "supervisor": "赵代表",
}
REPLIED = {**REFERRED, "replied_on": date(2026, 9, 10), "reply_text": "已修复"}
SATISFIED = {
    **REPLIED,
    "called_at": datetime(2026, 9, 12, 15),
    "caller": "李明",
    "method": "电话",
    "verdict": "满意",
}


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]], name: str = "ledger.xlsx") -> Path:
    path = tmp_path / name
    wb = Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def ledger(tmp_path: Path, *rows: list[object], name: str = "ledger.xlsx") -> Path:
    return workbook(tmp_path, {"台账": [HEAD, *rows]}, name)


def cases(store: DeskStore) -> list[Reception]:
    with store.db.reading() as s:
        found = list(s.scalars(select(Reception).order_by(Reception.received_at)))
        s.expunge_all()
        return found


# -- the same workbook, imported again next month -----------------------------------------------------


def test_a_row_imported_again_with_its_reply_and_callback_updates_the_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**REFERRED)), by=clerk.id)
    result = import_ledger(store, ledger(tmp_path, row(**SATISFIED), name="next.xlsx"), by=clerk.id)
    assert result.ok and result.applied is not None
    assert (result.applied.added, result.applied.updated) == (0, 1)
    [case] = cases(store)
    assert case.status == "satisfied"


def test_a_row_taken_to_the_sign_off_signs_the_case_off(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**SATISFIED)), by=clerk.id)
    signed = row(**SATISFIED, signed_off_at=datetime(2026, 9, 13, 10))
    result = import_ledger(store, ledger(tmp_path, signed, name="next.xlsx"), by=clerk.id)
    assert result.applied is not None and result.applied.updated == 1
    assert [c.status for c in cases(store)] == ["signed_off"]


def test_the_desks_slip_number_written_back_into_the_ledger_finds_the_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**REFERRED)), by=clerk.id)
    [case] = cases(store)
    assert case.serial
    back = row(**REPLIED, serial=case.serial)
    result = import_ledger(store, ledger(tmp_path, back, name="next.xlsx"), by=clerk.id)
    assert result.ok and result.applied is not None and result.applied.updated == 1
    assert [c.status for c in cases(store)] == ["replied"]


def test_a_retouched_row_with_the_desks_slip_number_finds_the_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**REFERRED)), by=clerk.id)
    [case] = cases(store)
    retouched = row(**{**REPLIED, "content": "电梯停运一周，老人下不了楼"}, serial=case.serial)
    result = import_ledger(store, ledger(tmp_path, retouched, name="next.xlsx"), by=clerk.id)
    assert result.applied is not None and (result.applied.added, result.applied.updated) == (0, 1)


def test_a_second_round_after_a_dissatisfied_callback_is_applied_to_the_same_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    first = {
        **SATISFIED,
        "verdict": "不满意",
        "citizen_words": "电梯又坏了",
        "serial": "浉河监督岗〔2026〕第007号",
    }
    assert import_ledger(store, ledger(tmp_path, row(**first)), by=clerk.id).ok
    second = {
        **first,
        "serial": "浉河监督岗〔2026〕第021号",
        "referred_on": date(2026, 9, 14),
        "replied_on": date(2026, 9, 20),
        "reply_text": "已更换主板",
        "called_at": datetime(2026, 9, 22, 10),
        "verdict": "满意",
    }
    result = import_ledger(store, ledger(tmp_path, row(**second), name="next.xlsx"), by=clerk.id)
    assert result.ok and result.applied is not None and result.applied.updated == 1
    [case] = cases(store)
    assert (case.status, case.round_no, case.serial) == ("satisfied", 2, "浉河监督岗〔2026〕第021号")


def test_a_row_with_nothing_new_is_counted_as_already_imported(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**SATISFIED)), by=clerk.id)
    behind = row(**REFERRED)  # an older copy of the ledger: the desk is further on
    result = import_ledger(store, ledger(tmp_path, behind, name="old.xlsx"), by=clerk.id)
    assert result.applied is not None
    assert (result.applied.added, result.applied.updated, result.applied.already) == (0, 0, 1)


def test_a_remark_added_later_is_kept_on_the_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**REFERRED)), by=clerk.id)
    result = import_ledger(
        store, ledger(tmp_path, row(**REFERRED, note="群众来电催问"), name="next.xlsx"), by=clerk.id
    )
    assert result.applied is not None and result.applied.updated == 1
    assert [c.note for c in cases(store)] == ["群众来电催问"]


def test_a_remark_is_kept_on_a_case_not_signed_off(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    import_ledger(store, ledger(tmp_path, row(**REPLIED, note="单位答复需现场核实")), by=clerk.id)
    [case] = cases(store)
    assert (case.status, case.note, case.sign_off_note) == ("replied", "单位答复需现场核实", "")


# -- which sheets and which rows ------------------------------------------------------------------------


def test_every_sheet_with_a_ledger_header_is_read_and_named(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    may = {"received_at": datetime(2026, 5, 6, 9), "content": "路灯不亮"}
    path = workbook(
        tmp_path,
        {
            "4月": [HEAD, row(**REFERRED)],
            "5月": [HEAD, row(**may)],
            "说明": [["本台账每月更新"]],
        },
    )
    result = import_ledger(store, path, by=clerk.id)
    assert result.ok and result.applied is not None
    assert {n: c.added for n, c in result.applied.sheets.items()} == {"4月": 1, "5月": 1}
    assert [(s.name, s.kind) for s in result.read.sheets] == [
        ("4月", "cases"),
        ("5月", "cases"),
        ("说明", ""),
    ]


def test_a_title_row_above_the_header_is_passed_over(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"台账": [["浉河区人大代表监督岗接待台账"], [], HEAD, row(**REFERRED)]})
    read = read_ledger(path, now=NOW)
    assert read.ok and len(read.entries) == 1 and read.sheets[0].header_row == 3


def test_a_workbook_without_a_ledger_header_says_so(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Sheet1": [["姓名", "电话"], ["张三", "13900000001"]]})
    read = read_ledger(path, now=NOW)
    assert "没有找到台账的表头" in read.file_error and "Sheet1" in read.file_error


def test_prenumbered_empty_rows_and_the_total_row_are_passed_over(tmp_path: Path) -> None:
    head = ["序号", *HEAD]
    rows = [head, [1, *row(**REFERRED)], [2], [3], ["合计", None, None]]
    read = read_ledger(workbook(tmp_path, {"台账": rows}), now=NOW)
    assert read.ok and len(read.entries) == 1 and read.sheets[0].skipped == 3


def test_the_template_sample_row_never_imports_beside_real_rows(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    path = tmp_path / "t.xlsx"
    write_template(path)
    wb = load_workbook(path)
    wb.worksheets[0].append(row(**REFERRED))
    wb.save(path)
    read = read_ledger(path, now=NOW)
    assert read.ok and [e.content for _, e in read.entries] == ["电梯停运一周"]


# -- dates as clerks type them ---------------------------------------------------------------------------


def test_excel_serial_numbers_in_a_date_column_are_dates(tmp_path: Path) -> None:
    read = read_ledger(
        ledger(tmp_path, row(**{**REFERRED, "received_at": 46268, "referred_on": 46268})), now=NOW
    )
    assert read.ok and read.entries[0][1].received_at == datetime(2026, 9, 3)


def test_month_and_day_take_the_year_of_the_sheet_name(tmp_path: Path) -> None:
    typed = {**REFERRED, "received_at": "9月3日 上午9:30", "referred_on": "9月3日"}
    read = read_ledger(workbook(tmp_path, {"2026年9月": [HEAD, row(**typed)]}), now=NOW)
    assert read.ok and read.entries[0][1].received_at == datetime(2026, 9, 3, 9, 30)


def test_month_and_day_take_the_year_of_the_title(tmp_path: Path) -> None:
    typed = {**REFERRED, "received_at": "9月3日 下午3点", "referred_on": "9月3日"}
    path = workbook(tmp_path, {"九月": [["2026年浉河区人大代表监督岗接待台账"], HEAD, row(**typed)]})
    read = read_ledger(path, now=NOW)
    assert read.ok and read.entries[0][1].received_at == datetime(2026, 9, 3, 15, 0)


def test_month_and_day_with_no_year_anywhere_is_reported(tmp_path: Path) -> None:
    read = read_ledger(ledger(tmp_path, row(**{**REFERRED, "received_at": "9月3日"})), now=NOW)
    assert not read.ok and "没有年份" in read.errors[0].message


def test_month_and_day_take_the_year_given_for_the_import(tmp_path: Path) -> None:
    read = read_ledger(
        ledger(tmp_path, row(**{**REFERRED, "received_at": "9月3日", "referred_on": "9月3日"})),
        now=NOW,
        year=2026,
    )
    assert read.ok and read.entries[0][1].received_at == datetime(2026, 9, 3)


def test_eight_digit_dates_are_read(tmp_path: Path) -> None:
    read = read_ledger(
        ledger(tmp_path, row(**{**REFERRED, "received_at": "20260903", "referred_on": 20260903})), now=NOW
    )
    assert read.ok and read.entries[0][1].referred_on == date(2026, 9, 3)


# -- consultations, groups, deputy visits -----------------------------------------------------------------


def test_a_consultation_row_is_recorded_as_a_consultation(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    consult = row(
        received_at=datetime(2026, 9, 5, 10), content="咨询医保报销", outcome="咨询", on_site_answer="已解释"
    )
    result = import_ledger(store, ledger(tmp_path, consult), by=clerk.id)
    assert result.ok
    [case] = cases(store)
    assert (case.outcome, case.status) == ("consultation", "resolved_on_site")


def test_the_head_count_of_a_group_is_kept(store: DeskStore, clerk: OperatorInfo, tmp_path: Path) -> None:
    group = row(**REFERRED, headcount="12人")
    assert import_ledger(store, ledger(tmp_path, group), by=clerk.id).ok
    assert [c.headcount for c in cases(store)] == [12]


def test_a_sheet_of_deputy_visits_adds_each_visit_once(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    store.save_deputy(by=clerk.id, name="王建国")
    store.save_deputy(by=clerk.id, name="李秀英")
    visits = [
        ["日期", "代表姓名", "类型", "备注"],
        ["2026-10-08", "王建国、李秀英", "值班", ""],
        ["10月9日", "王建国", "视察", "电梯"],
    ]
    path = workbook(tmp_path, {"2026年10月代表进站": visits})
    first = import_ledger(store, path, by=clerk.id)
    assert first.ok and first.applied is not None and first.applied.visits_added == 3
    again = import_ledger(store, path, by=clerk.id)
    assert again.applied is not None and (again.applied.visits_added, again.applied.visits_already) == (0, 3)
    kinds = sorted(
        (v.deputy_name, v.day, v.kind) for v in store.visits(date(2026, 10, 1), date(2026, 10, 31))
    )
    assert kinds == [
        ("李秀英", date(2026, 10, 8), "duty"),
        ("王建国", date(2026, 10, 8), "duty"),
        ("王建国", date(2026, 10, 9), "inspection"),
    ]


def test_a_visit_of_a_deputy_not_in_the_roster_imports_nothing(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    path = workbook(
        tmp_path,
        {"代表进站": [["日期", "代表姓名"], ["2026-10-08", "查无此人"]], "台账": [HEAD, row(**REFERRED)]},
    )
    result = import_ledger(store, path, by=clerk.id)
    assert result.applied is not None and "查无此人" in result.applied.problems[0].message
    assert cases(store) == []


# -- written in parts, all or nothing ---------------------------------------------------------------------


def _many(n: int) -> list[list[object]]:
    return [
        row(
            **{
                **REPLIED,
                "received_at": datetime(2026, 9, 3, 9, i),
                "content": f"第{i}件",
                "citizen_phone": "",
            }
        )
        for i in range(n)
    ]


def test_an_import_in_parts_adds_every_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_store, "CHUNK_CASES", 2)
    monkeypatch.setattr(ledger_store.split_batch, "__defaults__", (2,))
    result = import_ledger(store, ledger(tmp_path, *_many(5)), by=clerk.id)
    assert result.ok and result.applied is not None and result.applied.added == 5
    with store.db.reading() as s:
        seqs = sorted(s.scalars(select(Referral.serial_seq)))
    assert seqs == [1, 2, 3, 4, 5]


def test_an_import_in_parts_cancelled_midway_leaves_nothing(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_store.split_batch, "__defaults__", (2,))
    with store.db.reading() as s:
        before = s.scalar(select(func.count()).select_from(ChangeLog))

    class Cancelled(Exception):
        pass

    def cancel_after_the_first_part(done: int, total: int) -> None:
        if done >= 1:
            raise Cancelled

    with pytest.raises(Cancelled):
        import_ledger(store, ledger(tmp_path, *_many(5)), by=clerk.id, progress=cancel_after_the_first_part)
    assert cases(store) == []
    with store.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == before


@pytest.mark.parametrize("budget", [0.0, 60.0])  # one part per transaction; all in one
def test_parts_grouped_by_time_add_every_case(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: float
) -> None:
    monkeypatch.setattr(ledger_store, "PART_BUDGET_S", budget)
    monkeypatch.setattr(ledger_store.split_batch, "__defaults__", (2,))
    result = import_ledger(store, ledger(tmp_path, *_many(9)), by=clerk.id)
    assert result.ok and result.applied is not None and result.applied.added == 9
    assert len(cases(store)) == 9


def test_parts_grouped_in_one_transaction_cancelled_midway_leave_nothing(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_store, "PART_BUDGET_S", 60.0)
    monkeypatch.setattr(ledger_store.split_batch, "__defaults__", (2,))

    class Cancelled(Exception):
        pass

    def cancel_in_the_second_transaction(done: int, total: int) -> None:
        if done >= 3:
            raise Cancelled

    with pytest.raises(Cancelled):
        import_ledger(
            store, ledger(tmp_path, *_many(9)), by=clerk.id, progress=cancel_in_the_second_transaction
        )
    assert cases(store) == []


def test_the_first_part_holds_the_highest_slip_number(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    read = read_ledger(ledger(tmp_path, *_many(5)), now=NOW)
    with store.db.reading() as s:
        plan = ledger_store.plan_ledger(s, read.entries, now=NOW, operator_id=clerk.id)
    assert plan.batch is not None
    first = dict(ledger_store.split_batch(plan.batch, 2)[0].tables)[Referral]
    assert max(r["serial_seq"] for r in first) == 5


def _log_of(store: DeskStore) -> list[tuple[str, str, list[str], Any]]:
    """The change log as the server sees it: entity, op, the fields and their new values (ids and
    times left out)."""
    with store.db.reading() as s:
        entries = list(
            s.scalars(
                select(ChangeLog)
                .where(ChangeLog.entity.in_(("reception", "referral", "callback", "case_event")))
                .order_by(ChangeLog.seq)
            )
        )
        skip = {
            "station_id",
            "reception_id",
            "referral_id",
            "handling_unit_id",
            "unit_id",
            "signed_off_by",
            "reply_recorded_by",
            "source_key",
        }
        # The bulk import writes the case's key with its insert, the window's moves after it.
        return [
            (
                e.entity,
                e.op,
                sorted(set(e.changes) - {"source_key"}),
                {k: v[1] for k, v in e.changes.items() if k not in skip},
            )
            for e in entries
            if set(e.changes) != {"source_key"}
        ]


def test_a_case_written_in_bulk_logs_what_the_windows_moves_log(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    signed = {
        **SATISFIED,
        "signed_off_at": datetime(2026, 9, 13, 10),
        "working_days": 10,
        "serial": "浉河监督岗〔2026〕第007号",
    }
    assert import_ledger(store, ledger(tmp_path, row(**signed)), by=clerk.id).ok
    bulk = _log_of(store)
    with store.db.reading() as s:
        [station_id] = list(s.scalars(select(Reception.station_id)))
    # The same case through the lifecycle, as the import did before (one move at a time).
    from desk_app.domain.ledger import parse_row

    values = dict(zip([k for k, _, _ in COLUMNS], row(**signed), strict=True))
    entry, problems = parse_row(values, now=NOW)
    assert entry is not None and not problems
    with store.db.writing(clerk.id) as s:
        from desk_app.storage.models import Callback, CaseEvent, ReceptionDeputy

        for model in (CaseEvent, Callback, Referral, ReceptionDeputy, Reception):
            s.execute(model.__table__.delete())  # type: ignore[attr-defined]
        s.execute(ChangeLog.__table__.delete())  # type: ignore[attr-defined]
        desk = ledger_store._read_desk(s, station_id)
        rid = _register_like_the_window(s, entry, desk, clerk.id)
        ledger_store._update_case(s, rid, entry, now=NOW, operator_id=clerk.id, desk=desk)
    typed = _log_of(store)
    assert bulk == typed


def _register_like_the_window(s: Any, e: Any, desk: Any, operator_id: str) -> str:
    from desk_app.domain.validation import ReceptionDraft
    from desk_app.storage import cases as lifecycle_moves

    rid = lifecycle_moves.register_reception(
        s,
        ReceptionDraft(
            e.received_at,
            e.channel,
            e.content,
            e.outcome,
            e.citizen_name,
            e.citizen_phone,
            e.citizen_address,
            headcount=e.headcount,
            note=e.note,
        ),
        now=NOW,
    )
    s.get(Reception, rid).source_key = e.source_key
    s.flush()
    return rid


def _three_referred() -> list[dict[str, object]]:
    return [{**REFERRED, "received_at": datetime(2026, 9, 3, 9, i), "content": f"第{i}件"} for i in range(3)]


def test_cases_taken_further_in_parts_are_all_updated(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_store, "UPDATE_CHUNK", 1)
    first = _three_referred()
    import_ledger(store, ledger(tmp_path, *[row(**r) for r in first]), by=clerk.id)
    replied = [row(**r, replied_on=date(2026, 9, 10), reply_text="已修复") for r in first]
    result = import_ledger(store, ledger(tmp_path, *replied, name="next.xlsx"), by=clerk.id)
    assert result.ok and result.applied is not None and result.applied.updated == 3
    assert [c.status for c in cases(store)] == ["replied"] * 3


def test_cases_taken_further_in_parts_are_undone_when_cancelled(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ledger_store, "UPDATE_CHUNK", 1)
    first = _three_referred()
    import_ledger(store, ledger(tmp_path, *[row(**r) for r in first]), by=clerk.id)
    before = [(c.id, c.status, c.waiting_due) for c in cases(store)]
    with store.db.reading() as s:
        logged = s.scalar(select(func.count()).select_from(ChangeLog))

    class Cancelled(Exception):
        pass

    def cancel_after_two(done: int, total: int) -> None:
        if done >= 2:
            raise Cancelled

    replied = [row(**r, replied_on=date(2026, 9, 10), reply_text="已修复") for r in first]
    with pytest.raises(Cancelled):
        import_ledger(
            store, ledger(tmp_path, *replied, name="next.xlsx"), by=clerk.id, progress=cancel_after_two
        )
    assert [(c.id, c.status, c.waiting_due) for c in cases(store)] == before
    with store.db.reading() as s:
        assert s.scalar(select(func.count()).select_from(ChangeLog)) == logged
        assert list(s.scalars(select(Referral.replied_on))) == [None, None, None]
