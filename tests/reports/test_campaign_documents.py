"""Done when (issue 14): the bulletin's campaign figures (11 counties, 9 forums, 751 problems,
7 suggestions), entered and imported, come out on the board and in the report exactly."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from campaign_helpers import (
    COUNTIES,
    FORUMS,
    ON_SITE,
    PROBLEMS,
    REFERRED,
    SUGGESTIONS,
    Built,
    build_bulletin_campaign,
)
from openpyxl import load_workbook
from report_helpers import flat, needs_font, pdf_text

from desk_app.reports.campaign_documents import (
    export_campaign_report,
    export_problem_list,
    print_campaign_report,
    print_problem_list,
)
from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.conftest import BuiltDesk, DeskBuilds, FakeClock, open_built_copy


def _bulletin_desk(store: DeskStore, clerk: OperatorInfo, _clock: FakeClock) -> Built:
    with tempfile.TemporaryDirectory() as tmp:
        return build_bulletin_campaign(store, clerk, Path(tmp))


@pytest.fixture
def bulletin(desk_builds: DeskBuilds) -> BuiltDesk:
    """The bulletin's campaign (751 problems imported) entered once per test process; each test
    reads a copy of its own (`store`)."""
    return desk_builds(_bulletin_desk)


@pytest.fixture
def store(bulletin: BuiltDesk, data_dir: Path, clock: FakeClock) -> Iterator[DeskStore]:
    s = open_built_copy(bulletin, data_dir, clock)
    yield s
    s.close()


@pytest.fixture
def built(bulletin: BuiltDesk) -> Built:
    return bulletin.made


def test_board_shows_the_bulletins_figures(store: DeskStore, built) -> None:  # type: ignore[no-untyped-def]
    b = CampaignStore(store).board(built.campaign_id)
    assert (b.places, b.places_by_kind, b.forums, b.problems, b.suggestions) == (
        len(COUNTIES),
        {"county": 11},
        FORUMS,
        PROBLEMS,
        SUGGESTIONS,
    )
    assert (b.referred, b.settled, b.forum_attendance, b.people_met) == (REFERRED, ON_SITE, 108, 138)
    assert [(m.name, m.total, m.unit) for m in b.measures] == [("规范执法站点", 8, "个")]


@needs_font
def test_report_pdf_says_the_bulletins_figures(store: DeskStore, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.pdf"
    print_campaign_report(store, target, built.campaign_id)
    text = flat(pdf_text(target))
    assert (
        "走访11处地点，开展座谈会9场，接触群众138人，发现问题751个，已交办3个，已办结20个，提出建议7条"
        in text
    )
    assert "其中：县区11个" in text and "规范执法站点8个" in text
    assert "罗山县第751号问题" in text


@needs_font
def test_problem_list_pdf_lists_every_problem(store: DeskStore, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "problems.pdf"
    print_problem_list(store, target, built.campaign_id)
    text = flat(pdf_text(target))
    assert "共751个问题。" in text
    assert all(f"第{n}号问题" in text for n in (1, 375, 751))


def test_report_workbook_holds_the_bulletins_figures(store: DeskStore, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "report.xlsx"
    export_campaign_report(store, target, built.campaign_id)
    wb = load_workbook(target)
    figures = {row[0]: row[1] for row in wb["概况"].iter_rows(values_only=True) if row and len(row) > 1}
    assert (figures["走访地点"], figures["座谈会"], figures["发现问题"], figures["提出建议"]) == (
        "11 处",
        "9 次",
        "751 个",
        "7 条",
    )
    assert figures["其中：县区"] == "11 个" and figures["已办结"] == "20 个"
    assert sum(1 for _ in wb["地点"].iter_rows(min_row=2)) == 11
    assert sum(1 for _ in wb["建议"].iter_rows(min_row=2)) == 7


def test_problem_list_workbook_has_one_row_per_problem(store: DeskStore, built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "problems.xlsx"
    export_problem_list(store, target, built.campaign_id)
    rows = list(load_workbook(target)["问题清单"].iter_rows(values_only=True))
    header = rows.index(next(r for r in rows if r and r[0] == "序号"))
    body = rows[header + 1 :]
    assert len(body) == PROBLEMS
    assert [r[0] for r in body] == list(range(1, PROBLEMS + 1))
    assert sum(1 for r in body if "罗山县第751号问题" in str(r[3])) == 1
    assert sum(1 for r in body if r[5] == "现场解决") == ON_SITE
