"""The committee's workbook after the moves of issue 9 (report_helpers.moves_desk): returned slips
in the responsibility and rectification lists, closings as what they are in the sign-off list,
reached callbacks only in the evaluation list, voided and merged registrations left out of the
problem list and marked in the detail. Read back with openpyxl; today is 2026-11-20."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from report_helpers import make_cases, moves_desk

from desk_app.reports.documents import export_summary
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.conftest import built_desk_fixtures

OCTOBER = (date(2026, 10, 1), date(2026, 10, 31))


# A copy of the moves desk (built once per test process, as for test_tally_moves) for the tests that
# read it (`ids`), an empty desk for the one that makes cases of its own.
built_store, store, clerk, ids = built_desk_fixtures(moves_desk, "ids")


@pytest.fixture
def book(store: DeskStore, ids: dict[str, str], tmp_path: Path) -> Workbook:
    path = tmp_path / "summary.xlsx"
    export_summary(store, path, *OCTOBER)
    return load_workbook(path)


def _rows(book: Workbook, sheet: str) -> list[dict[str, object]]:
    ws = book[sheet]
    head = [c.value for c in ws[1]]
    return [dict(zip(head, r, strict=False)) for r in ws.iter_rows(min_row=2, values_only=True)]


def test_responsibility_list_lists_the_returned_slip_as_returned(book: Workbook, ids: dict[str, str]) -> None:
    rows = {r["交办编号"]: r for r in _rows(book, "责任清单")}
    assert len(rows) == 7  # the tally's 6 referrals and the slip H's first unit returned
    assert rows[ids["H_first"]]["交办情况"] == "已退回（2026-10-13）：不属本单位职责"
    assert rows[ids["H_first"]]["承办单位"] == "浉河区交通运输局"
    assert rows[ids["H_second"]]["交办情况"] == "退回后重新交办，不另计督办轮次"
    assert rows[ids["H_second"]]["督办轮次"] == "第1轮"
    assert rows[ids["I_slip"]]["交办情况"] == "经批准延期至2026-10-23（原限2026-10-20）"
    assert rows[ids["I_slip"]]["答复期限"] == datetime(2026, 10, 23)


def test_rectification_list_says_how_each_slip_stands_today(book: Workbook, ids: dict[str, str]) -> None:
    states = {
        r["反映问题(摘要)"] + ("#1" if r["交办编号"] == ids["H_first"] else ""): r["办理情况"]
        for r in _rows(book, "整改清单")
    }
    assert states == {
        "窨井盖缺失#1": "已退回",  # its re-referral (same round) was replied
        "窨井盖缺失": "按期答复",  # 10-20, due 10-21
        "路灯不亮": "按期答复",  # 10-23, the extended deadline
        "噪音扰民": "按期答复，重办超期未交办",  # reopened 10-26, no slip by 10-29
        "占道停车": "已撤回",
        "电梯异响": "按期答复，超期未回访",  # replied 10-28, callback due 10-29
        "小区漏水": "超期未答复",  # due 10-22
    }


def test_sign_off_list_shows_each_closing_as_what_it_is(book: Workbook, tmp_path: Path) -> None:
    rows = _rows(book, "销号清单")
    assert [(r["反映问题(摘要)"], r["办结方式"], r["案件现状"]) for r in rows] == [
        ("占道停车", "撤回", "已撤回"),  # 10-19
        ("噪音扰民", "销号", "重办待交办"),  # signed off 10-20, reopened 10-26: the sign-off happened
        ("窨井盖缺失", "销号", "已销号"),  # 10-22
        ("路灯不亮", "解释办结", "解释办结"),  # 10-28
    ]
    explained = rows[3]
    assert (explained["群众评价"], explained["回访时间"]) == ("不满意", datetime(2026, 10, 27, 10))
    assert explained["办结说明"] == "诉求超出政策规定，已书面解释" and explained["经办人"] == "李明"
    assert [r["办结方式"] for r in rows].count("销号") == 2  # the tally's 销号(件)
    summary = {r[0].value: r[1].value for r in book["汇总"].iter_rows(min_row=5) if r[0].value}
    assert summary["销号(件)"] == 2 and summary["解释办结(件)"] == 1 and summary["撤回(件)"] == 1


def test_evaluation_list_counts_reached_callbacks_only(book: Workbook) -> None:
    rows = {r["承办单位"]: r for r in _rows(book, "评价清单")}
    unit = rows["五星街道办事处"]
    assert (unit["回访"], unit["不满意"], unit["满意率"]) == (3, 1, pytest.approx(2 / 3, abs=1e-4))
    assert "未接通" not in unit  # the unreached call of I is no callback of the unit
    assert (rows["浉河区交通运输局"]["退回"], rows["合计"]["交办"], rows["合计"]["退回"]) == (1, 6, 1)


def test_problem_list_leaves_out_voided_and_merged_registrations(book: Workbook) -> None:
    rows = _rows(book, "问题清单")
    assert len(rows) == 7 and {"建议增加公交线路", "窨井盖缺失（重复）"}.isdisjoint(
        r["反映问题"] for r in rows
    )
    summary = {r[0].value: r[1].value for r in book["汇总"].iter_rows(min_row=5) if r[0].value}
    assert summary["收集意见建议(条)"] == len(rows)


def test_detail_marks_voided_and_merged_and_shows_the_current_slip(
    book: Workbook, ids: dict[str, str]
) -> None:
    rows = {r["反映问题"]: r for r in _rows(book, "明细")}
    assert len(rows) == 9
    assert (rows["建议增加公交线路"]["案件状态"], rows["建议增加公交线路"]["备注"]) == (
        "已作废",
        "已作废：误登记",
    )
    merged = rows["窨井盖缺失（重复）"]
    assert (merged["案件状态"], merged["备注"]) == ("已合并", f"已合并至{ids['H_second']}：重复登记")
    h = rows["窨井盖缺失"]  # referred twice in round 1: one row, its current slip
    assert (h["交办编号"], h["承办单位"], h["备注"]) == (ids["H_second"], "五星街道办事处", None)
    late = {k: rows[k]["超期情况"] for k in ("小区漏水", "电梯异响", "噪音扰民", "楼道堆物", "占道停车")}
    assert late == {
        "小区漏水": "超期未答复",
        "电梯异响": "超期未回访",
        "噪音扰民": "超期未交办",
        "楼道堆物": "超期未交办",
        "占道停车": None,
    }


def test_rectification_states_of_extended_returned_and_dissatisfied_slips(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    c = make_cases(store, clerk, clock)
    extended = c.register(datetime(2026, 11, 13, 9), "延期未到期")
    c.refer(extended, date(2026, 11, 16))  # due 11-23
    c.extend(extended, date(2026, 11, 17), 5, date(2026, 11, 18))  # now 11-30
    returned = c.register(datetime(2026, 11, 13, 9), "退回未重交")
    c.refer(returned, date(2026, 11, 16), unit_id=c.other_unit_id)
    c.return_slip(returned, date(2026, 11, 16))  # Mon: a new slip due Thu 11-19
    dissatisfied = c.register(datetime(2026, 11, 2, 9), "不满意未二次督办")
    c.refer(dissatisfied, date(2026, 11, 2))
    c.reply(dissatisfied, date(2026, 11, 3))
    c.callback(dissatisfied, "dissatisfied", datetime(2026, 11, 4, 9))  # next slip due Mon 11-09
    path = tmp_path / "s.xlsx"
    export_summary(store, path, date(2026, 11, 1), date(2026, 11, 20))
    states = {r["反映问题(摘要)"]: r["办理情况"] for r in _rows(load_workbook(path), "整改清单")}
    assert states == {
        "延期未到期": "已延期至2026-11-30",
        "退回未重交": "已退回，超期未重新交办",
        "不满意未二次督办": "按期答复，不满意超期未再次交办",
    }


def test_detail_names_a_merge_target_without_a_slip_by_when_it_was_registered(
    store: DeskStore, clerk: OperatorInfo, clock: object, tmp_path: Path
) -> None:
    c = make_cases(store, clerk, clock)
    target = c.register(datetime(2026, 11, 2, 9, 30), "楼道灯坏了")  # never referred: no serial
    c.merge(c.register(datetime(2026, 11, 3, 9), "楼道灯坏了（重复）"), target, datetime(2026, 11, 3, 10))
    path = tmp_path / "s.xlsx"
    export_summary(store, path, date(2026, 11, 1), date(2026, 11, 20))
    rows = {r["反映问题"]: r for r in _rows(load_workbook(path), "明细")}
    assert rows["楼道灯坏了（重复）"]["备注"] == "已合并至2026-11-02 09:30登记的案件：重复登记"
