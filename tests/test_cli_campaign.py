"""`desk-app campaign …` (issue 14): setting up a campaign, recording its work, importing its
problem list and printing its board and documents, against a real data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
from campaign_helpers import write_problem_list  # noqa: E402
from report_helpers import needs_font, pdf_text  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, data_dir: Path) -> Path:
    for name in ("张伟", "王芳"):
        store.save_deputy(by=clerk.id, name=name)
    store.close()
    return data_dir


def _new(desk: Path) -> None:
    result = desk_app(
        desk,
        "campaign",
        "new",
        "--topic",
        "老旧小区加装电梯",
        "--from",
        "2026-03-01",
        "--to",
        "2026-10-31",
        "--deputy",
        "张伟",
        "--place",
        "五星小区:estate",
        "--place",
        "北湖小区:estate",
        "--measure",
        "加装电梯:台",
    )
    assert result.returncode == 0, result.stderr


def test_a_campaign_set_up_and_counted_shows_on_the_board(desk: Path) -> None:
    _new(desk)
    assert (
        desk_app(
            desk,
            "campaign",
            "count",
            "老旧小区加装电梯",
            "--measure",
            "加装电梯",
            "--day",
            "2026-05-01",
            "--amount",
            "138",
        ).returncode
        == 0
    )
    forum = desk_app(
        desk,
        "campaign",
        "activity",
        "老旧小区加装电梯",
        "--kind",
        "forum",
        "--day",
        "2026-04-01",
        "--place",
        "五星小区",
        "--attendees",
        "居民代表",
        "--headcount",
        "25",
        "--people-met",
        "25",
    )
    assert forum.returncode == 0, forum.stderr
    board = desk_app(desk, "campaign", "board", "老旧小区加装电梯")
    assert board.returncode == 0, board.stderr
    lines = dict(line.split("\t") for line in board.stdout.splitlines() if "\t" in line)
    assert (lines["走访地点"], lines["座谈会"], lines["接触群众"], lines["加装电梯"]) == (
        "2 处",
        "1 次",
        "25 人",
        "138 台",
    )


def test_an_activity_outside_the_period_is_refused(desk: Path) -> None:
    _new(desk)
    result = desk_app(
        desk, "campaign", "activity", "老旧小区加装电梯", "--kind", "visit", "--day", "2027-01-05"
    )
    assert result.returncode != 0 and "日期不在活动期间内" in result.stderr


def test_a_problem_list_is_imported_and_exported(desk: Path, tmp_path: Path) -> None:
    _new(desk)
    source = write_problem_list(tmp_path / "in.xlsx", 40, on_site=4)
    result = desk_app(desk, "campaign", "import", "老旧小区加装电梯", str(source))
    assert result.returncode == 0, result.stderr
    assert "已导入 40 个问题" in result.stdout
    out = tmp_path / "out.xlsx"
    assert desk_app(desk, "campaign", "problems", "老旧小区加装电梯", "-o", str(out)).returncode == 0
    rows = list(load_workbook(out)["问题清单"].iter_rows(values_only=True))
    assert sum(1 for r in rows if r and isinstance(r[0], int)) == 40


def test_a_problem_list_with_a_bad_row_imports_nothing(desk: Path, tmp_path: Path) -> None:
    _new(desk)
    source = write_problem_list(tmp_path / "in.xlsx", 10, on_site=0)
    wb = load_workbook(source)
    wb.active.cell(row=5, column=2, value="三月五号")  # type: ignore[union-attr]
    wb.save(source)
    result = desk_app(desk, "campaign", "import", "老旧小区加装电梯", str(source))
    assert result.returncode != 0
    assert "第 5 行“发现日期”" in result.stderr and "未导入任何一行" in result.stderr
    store = DeskStore.open(desk)
    try:
        camp = CampaignStore(store)
        assert camp.problems(camp.campaigns()[0].id) == []
    finally:
        store.close()


def test_a_suggestion_is_drafted_from_rows_of_the_problem_list(desk: Path, tmp_path: Path) -> None:
    _new(desk)
    source = write_problem_list(tmp_path / "in.xlsx", 5, on_site=0)
    assert desk_app(desk, "campaign", "import", "老旧小区加装电梯", str(source)).returncode == 0
    result = desk_app(
        desk,
        "campaign",
        "suggestion",
        "老旧小区加装电梯",
        "--deputy",
        "王芳",
        "--problems",
        "2,4",
        "--title",
        "关于统一执法标准的建议",
        "--content",
        "建议统一执法标准。",
    )
    assert result.returncode == 0, result.stderr
    assert "已起草代表建议：关于统一执法标准的建议（王芳，据 2 个问题" in result.stdout
    store = DeskStore.open(desk)
    try:
        camp = CampaignStore(store)
        cid = camp.campaigns()[0].id
        problems = camp.problems(cid)
        (info,) = camp.suggestions(cid)
        from desk_app.storage.suggestions import SuggestionStore

        row = SuggestionStore(store).suggestion(info.suggestion_id or "")
        assert row.reception_ids == (problems[1].case_id, problems[3].case_id)
    finally:
        store.close()


def test_a_suggestion_naming_a_row_the_list_lacks_is_refused(desk: Path) -> None:
    _new(desk)
    result = desk_app(
        desk,
        "campaign",
        "suggestion",
        "老旧小区加装电梯",
        "--deputy",
        "王芳",
        "--problems",
        "1",
        "--title",
        "建议",
        "--content",
        "内容",
    )
    assert result.returncode != 0 and "问题清单共 0 个问题，没有序号 1" in result.stderr


@needs_font
def test_the_campaign_report_prints_as_pdf(desk: Path, tmp_path: Path) -> None:
    _new(desk)
    out = tmp_path / "report.pdf"
    result = desk_app(desk, "campaign", "report", "老旧小区加装电梯", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "老旧小区加装电梯工作情况" in pdf_text(out)
