"""A referral meeting's minutes (交办会纪要) and its slips in one PDF (issue 13 item 3), read back
with pdftotext."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from report_helpers import flat, needs_font, pdf_pages, pdf_text

from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.domain.validation import ReceptionDraft
from desk_app.reports.minutes_pdf import print_meeting
from desk_app.storage.meetings import MeetingStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore


def _meeting(store: DeskStore, clerk: OperatorInfo, n: int) -> str:
    unit = store.save_handling_unit(by=clerk.id, name="区住房和城乡建设局")
    now = store.clock()
    ids = [
        store.register_reception(
            ReceptionDraft(
                received_at=now - timedelta(hours=1),
                channel="walk_in",
                content=f"第{k}号楼加装电梯进度缓慢",
                outcome="needs_referral",
            ),
            by=clerk.id,
        )
        for k in range(1, n + 1)
    ]
    meetings = MeetingStore(store)
    meeting_id = meetings.plan(
        MeetingDraft(now.date(), "五星街道人大代表工作站", "区人大常委会副主任 张华", "区住建局、区城管局"),
        by=clerk.id,
    )
    items = [MeetingItemDraft(rid, unit.id, "刘科长", 10) for rid in ids]
    meetings.refer_all(meeting_id, items, supervisor="赵代表", by=clerk.id)
    return meeting_id


@needs_font
def test_the_minutes_name_each_case_unit_handler_and_deadline(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    meeting_id = _meeting(store, clerk, 3)
    out = tmp_path / "minutes.pdf"
    result = print_meeting(store, out, meeting_id)
    text = flat(pdf_text(out, 1, result.minutes_pages))
    for expected in (
        "2026年第1次群众意见面对面沟通交办会",
        "纪要",
        "区人大常委会副主任张华",
        "第3号楼加装电梯进度缓慢",
        "区住房和城乡建设局",
        "刘科长",
        "2026年12月4日",
        "浉河监督岗〔2026〕第003号",
    ):
        assert expected in text


@needs_font
def test_the_slips_follow_the_minutes_in_the_same_pdf(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    meeting_id = _meeting(store, clerk, 3)
    out = tmp_path / "minutes.pdf"
    result = print_meeting(store, out, meeting_id)
    assert result.slip_pages == 3
    assert pdf_pages(out) == result.minutes_pages + 3
    last = flat(pdf_text(out, pdf_pages(out), pdf_pages(out)))
    assert "交办单" in last and "浉河监督岗〔2026〕第003号" in last


@needs_font
def test_a_long_meeting_runs_over_several_pages_of_minutes(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    meeting_id = _meeting(store, clerk, 40)
    out = tmp_path / "minutes.pdf"
    result = print_meeting(store, out, meeting_id)
    assert result.minutes_pages >= 2
    assert "第40号楼加装电梯进度缓慢" in flat(pdf_text(out, 1, result.minutes_pages))
