"""Helpers of the campaign tests (imported by name): the bulletin's traffic-enforcement campaign
(交通规范执法流动工作站: 11 counties, 9 forums, 751 problems, 7 suggestions: deputies'
suggestions drafted from its problems) and its problem list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook

from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityKind,
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
)
from desk_app.domain.suggestions import SuggestionDraft
from desk_app.domain.validation import ReferralDraft
from desk_app.reports.campaign_documents import import_problem_list
from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

COUNTIES = (
    "浉河区",
    "平桥区",
    "罗山县",
    "光山县",
    "新县",
    "商城县",
    "固始县",
    "潢川县",
    "淮滨县",
    "息县",
    "羊山新区",
)
TOPIC = "交通规范执法"
STARTS = date(2026, 3, 1)
ENDS = date(2026, 10, 31)
PROBLEMS = 751
ON_SITE = 20  # rows of the list solved on the spot (现场解决)
REFERRED = 3  # cases the test refers afterwards
FORUMS = 9
SUGGESTIONS = 7


@dataclass
class Built:
    campaign_id: str
    measure_id: str
    problem_file: Path


def write_problem_list(path: Path, count: int = PROBLEMS, *, on_site: int = ON_SITE) -> Path:
    """A problem list as a campaign keeps it: a title line, then the header, then one row each."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "问题清单"
    ws.append(["2026年交通规范执法流动工作站问题清单"])
    ws.append(["序号", "发现日期", "县区", "问题描述", "发现代表", "处理方式", "现场答复"])
    for i in range(count):
        day = STARTS + timedelta(days=i % 200)
        county = COUNTIES[i % len(COUNTIES)]
        solved = i < on_site
        ws.append(
            [
                i + 1,
                day,
                county,
                f"{county}第{i + 1}号问题：执法站点对货车司机重复罚款，执法程序不规范",
                "张伟、王芳",
                "现场解决" if solved else "交办",
                "执法大队当场纠正" if solved else "",
            ]
        )
    ws.append(["合计", None, None, f"{count} 个问题"])
    wb.save(path)
    return path


def build_bulletin_campaign(
    store: DeskStore, clerk: OperatorInfo, tmp: Path, *, problems: int = PROBLEMS, refer: int = REFERRED
) -> Built:
    """The campaign the bulletin reports, entered and imported through the store."""
    camp = CampaignStore(store)
    deputies = [store.save_deputy(by=clerk.id, name=n).id for n in ("张伟", "王芳")]
    cid = camp.save_campaign(CampaignDraft(TOPIC, STARTS, ENDS, deputy_ids=tuple(deputies)), by=clerk.id)
    places = [camp.add_place(cid, PlaceDraft(n, PlaceKind.COUNTY), by=clerk.id) for n in COUNTIES]
    for i in range(FORUMS):
        camp.record_activity(
            cid,
            ActivityDraft(
                ActivityKind.FORUM,
                STARTS + timedelta(days=7 * i),
                place_id=places[i],
                subject="货车司机和运输企业座谈",
                attendees="货车司机、运输企业代表",
                headcount=12,
                people_met=12,
                deputy_ids=tuple(deputies),
            ),
            by=clerk.id,
        )
    camp.record_activity(
        cid,
        ActivityDraft(ActivityKind.INSPECTION, STARTS + timedelta(days=3), place_id=places[0], people_met=30),
        by=clerk.id,
    )
    measure = camp.add_measure(cid, MeasureDraft("规范执法站点", "个"), by=clerk.id)
    camp.record_count(measure, day=STARTS + timedelta(days=30), amount=5, by=clerk.id)
    camp.record_count(measure, day=STARTS + timedelta(days=60), amount=3, by=clerk.id)
    path = write_problem_list(tmp / "problems.xlsx", problems)
    done = import_problem_list(store, path, cid, by=clerk.id)
    assert done.applied is not None, done.read.errors[:3] or done.read.file_error
    # The campaign's suggestions: deputies' suggestions drafted from its problems (issue 13).
    found = [p.case_id for p in camp.problems(cid)]
    for i in range(SUGGESTIONS):
        camp.draft_suggestion(
            cid,
            SuggestionDraft(
                deputies[i % 2],
                f"关于规范交通执法的建议{i + 1}",
                "执法站点对货车司机重复罚款，建议统一执法标准、公开执法程序。",
                tuple(found[i * 3 : i * 3 + 3]),
            ),
            by=clerk.id,
            day=STARTS + timedelta(days=100 + i),
        )
    if refer:
        unit = store.save_handling_unit(by=clerk.id, name="市交通运输局")
        open_rows = [p for p in camp.problems(cid) if p.status == "awaiting_referral"][:refer]
        for p in open_rows:
            store.refer(
                p.case_id,
                ReferralDraft(unit.id, "赵科长", store.today(), 15, "张伟"),
                by=clerk.id,
            )
    return Built(cid, measure, path)


NOW = datetime(2026, 11, 20, 10, 0, 0)
