"""The campaign report's suggestions (issue 14 remainders, item 3): each deputy suggestion with
its number, deputy and progress, in the Excel workbook read back with openpyxl."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from openpyxl import load_workbook

from desk_app.domain.campaigns import CampaignDraft
from desk_app.domain.suggestions import SendDraft, SuggestionDraft
from desk_app.domain.validation import ReceptionDraft
from desk_app.reports.campaign_documents import export_campaign_report
from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore


def test_the_suggestion_sheet_shows_number_deputy_and_progress(
    store: DeskStore, clerk: OperatorInfo, tmp_path: Path
) -> None:
    camp, by = CampaignStore(store), clerk.id
    cid = camp.save_campaign(CampaignDraft("交通规范执法", date(2026, 3, 1), date(2026, 12, 31)), by=by)
    case = camp.register_problem(
        cid,
        ReceptionDraft(
            received_at=datetime(2026, 5, 2, 9),
            channel="walk_in",
            content="重复罚款",
            outcome="needs_referral",
        ),
        by=by,
    )
    zhang = store.save_deputy(by=by, name="张伟").id
    sid = camp.draft_suggestion(cid, SuggestionDraft(zhang, "统一执法标准", "建议统一。", (case,)), by=by)
    unit = store.save_handling_unit(by=by, name="市交通运输局").id
    SuggestionStore(store).send(sid, SendDraft(unit, store.today(), 20), by=by)
    out = tmp_path / "report.xlsx"
    export_campaign_report(store, out, cid)
    rows = list(load_workbook(out)["建议"].iter_rows(values_only=True))
    assert rows[0] == ("序号", "日期", "建议编号", "建议", "代表", "办理情况", "内容")
    assert rows[1][2:] == (
        f"浉河监督岗代表建议〔{store.today().year}〕第001号",
        "统一执法标准",
        "张伟",
        "已交办（市交通运输局）",
        "建议统一。",
    )
