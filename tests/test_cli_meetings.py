"""`desk-app meeting …` (issue 13): listing the referral meetings (交办会), showing one with the
cases referred at it, and printing its minutes and slips as one PDF, against a real data folder."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.storage.meetings import MeetingStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
sys.path.insert(0, str(Path(__file__).parent / "storage"))
from report_helpers import needs_font, pdf_text  # noqa: E402
from storage_helpers import Desk  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402

TITLE = "2026年第1次群众意见面对面沟通交办会"


@pytest.fixture
def meeting(
    store: DeskStore, clerk: OperatorInfo, clock: object, data_dir: Path
) -> tuple[Path, str, list[str]]:
    """A desk with one meeting that referred two cases; returns the folder, the meeting's id and
    the slips' numbers."""
    unit = store.save_handling_unit(
        by=clerk.id, name="区住建局", contact_person="王科长", phone="0376-6221234"
    )
    desk = Desk(store, clerk, unit, clock)
    ids = [
        desk.register("小区电梯停运三天", citizen_name="王芳"),
        desk.register("路灯不亮", citizen_name="李强"),
    ]
    meetings = MeetingStore(store)
    meeting_id = meetings.plan(
        MeetingDraft(
            held_on=desk.now.date(), place="五星街道人大代表工作站", presiding="副主任 张华", units="区住建局"
        ),
        by=clerk.id,
    )
    meetings.refer_all(
        meeting_id,
        [MeetingItemDraft(rid, unit.id, "王科长", 10) for rid in ids],
        supervisor="赵代表",
        by=clerk.id,
    )
    serials = [line.serial for line in meetings.minutes(meeting_id)]
    store.close()
    return data_dir, meeting_id, serials


def test_list_shows_each_meeting_with_what_came_back_and_its_id(meeting: tuple[Path, str, list[str]]) -> None:
    folder, meeting_id, _serials = meeting
    result = desk_app(folder, "meeting", "list")
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.splitlines()
    assert TITLE in line and "交办2件，已答复0件" in line and line.endswith(meeting_id)


def test_list_outside_the_dates_says_there_is_none(meeting: tuple[Path, str, list[str]]) -> None:
    folder, _id, _serials = meeting
    result = desk_app(folder, "meeting", "list", "--from", "2030-01-01")
    assert result.returncode == 0 and result.stdout.strip() == "没有交办会。"


def test_list_with_the_dates_reversed_is_refused(meeting: tuple[Path, str, list[str]]) -> None:
    folder, _id, _serials = meeting
    result = desk_app(folder, "meeting", "list", "--from", "2026-12-01", "--to", "2026-11-01")
    assert result.returncode == 1 and "早于" in result.stderr


def test_show_by_title_lists_every_case_with_its_slip_unit_and_handler(
    meeting: tuple[Path, str, list[str]],
) -> None:
    folder, _id, serials = meeting
    result = desk_app(folder, "meeting", "show", TITLE)
    assert result.returncode == 0, result.stderr
    assert "主持：副主任 张华" in result.stdout
    cases = [line for line in result.stdout.splitlines() if "\t" in line]
    assert [c.split("\t")[1] for c in cases] == serials
    assert all("区住建局\t王科长" in c for c in cases)
    assert any("小区电梯停运三天" in c for c in cases)


def test_show_by_id_is_the_same_meeting(meeting: tuple[Path, str, list[str]]) -> None:
    folder, meeting_id, _serials = meeting
    assert (
        desk_app(folder, "meeting", "show", meeting_id).stdout
        == desk_app(folder, "meeting", "show", TITLE).stdout
    )


def test_an_unknown_meeting_is_refused_with_a_plain_message(meeting: tuple[Path, str, list[str]]) -> None:
    folder, _id, _serials = meeting
    result = desk_app(folder, "meeting", "show", "第9次交办会")
    assert result.returncode == 1 and "没有“第9次交办会”这个交办会" in result.stderr


@needs_font
def test_print_writes_the_minutes_and_every_slip_as_one_pdf(
    meeting: tuple[Path, str, list[str]], tmp_path: Path
) -> None:
    folder, _id, serials = meeting
    out = tmp_path / "meeting.pdf"
    result = desk_app(folder, "meeting", "print", TITLE, "-o", str(out))
    assert result.returncode == 0, result.stderr
    text = pdf_text(out)
    assert "交办会" in text and all(s in text for s in serials)
    assert "交办单" in result.stdout and "（2 件）" in result.stdout


def test_print_to_a_file_that_is_not_a_pdf_is_refused_and_writes_nothing(
    meeting: tuple[Path, str, list[str]], tmp_path: Path
) -> None:
    folder, _id, _serials = meeting
    out = tmp_path / "meeting.xlsx"
    result = desk_app(folder, "meeting", "print", TITLE, "-o", str(out))
    assert result.returncode == 1 and ".pdf" in result.stderr and not out.exists()
