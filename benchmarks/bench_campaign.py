"""Figures of issue 14: a campaign of 1,000 problems: its board and its exports.

    .venv/bin/python benchmarks/bench_campaign.py [--problems 1000] [--runs 5]

A new desk (a real SQLite file in a temporary folder) gets a campaign like the bulletin's traffic
campaign: 11 counties, 9 forums and an inspection, a result measure with two counts, 7
suggestions, and `--problems` problems imported from an Excel problem list (the import is timed
too: once, it is not a target), 100 of them then referred. Then, `--runs` times each, in one
process (reportlab's font is loaded by the first PDF: that first run is reported apart):

- board: CampaignStore.board (the figures);
- board + list: CampaignStore.report (what the window's campaign tab reads: board, places,
  activities, suggestions and the problem list in one read);
- problem list .xlsx / .pdf, campaign report .xlsx / .pdf: the documents, written to files as the
  window and `desk-app campaign problems|report` write them (read included).

Medians are reported, wall clock and the process's CPU time. Target: each < 1 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402

from desk_app.domain.campaigns import (  # noqa: E402
    ActivityDraft,
    ActivityKind,
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
)
from desk_app.domain.suggestions import SuggestionDraft  # noqa: E402
from desk_app.domain.validation import ReferralDraft  # noqa: E402
from desk_app.reports import campaign_documents as docs  # noqa: E402
from desk_app.storage.campaign_store import CampaignStore  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

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
MATTERS = (
    "执法站点对货车司机重复罚款，执法程序不规范，司机反映强烈",
    "超限检测站称重设备未按期检定，司机对检测结果有异议",
    "路政执法人员未出示执法证件，现场处罚未开具票据",
    "客运站周边非法营运车辆聚集，影响正常交通秩序",
)
START = date(2026, 3, 1)


def problem_list(path: Path, n: int) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["2026年交通规范执法流动工作站问题清单"])
    ws.append(["序号", "发现日期", "县区", "问题描述", "发现代表"])
    for i in range(n):
        county = COUNTIES[i % len(COUNTIES)]
        ws.append(
            [
                i + 1,
                START + timedelta(days=i % 240),
                county,
                f"{county}：{MATTERS[i % 4]}（{i + 1}）",
                "张伟、王芳",
            ]
        )
    wb.save(path)
    return path


def build(tmp: Path, n: int) -> tuple[DeskStore, str, float]:
    store = DeskStore.open(tmp / "desk", clock=lambda: datetime(2026, 11, 20, 10, 0))
    clerk = store.set_up(
        station_name="交通规范执法流动工作站",
        short_name="交通流动站",
        kind="mobile_station",
        district="信阳市",
        operator_name="李明",
        secret="305917",
    )
    camp = CampaignStore(store)
    by = clerk.id
    deputies = tuple(store.save_deputy(by=by, name=n).id for n in ("张伟", "王芳"))
    cid = camp.save_campaign(
        CampaignDraft("交通规范执法", START, date(2026, 12, 31), deputy_ids=deputies), by=by
    )
    places = [camp.add_place(cid, PlaceDraft(c, PlaceKind.COUNTY), by=by) for c in COUNTIES]
    for i in range(9):
        camp.record_activity(
            cid,
            ActivityDraft(
                ActivityKind.FORUM,
                START + timedelta(days=7 * i),
                place_id=places[i],
                attendees="货车司机、运输企业",
                headcount=12,
                people_met=12,
                deputy_ids=deputies,
            ),
            by=by,
        )
    camp.record_activity(
        cid,
        ActivityDraft(ActivityKind.INSPECTION, START + timedelta(days=2), place_id=places[0], people_met=40),
        by=by,
    )
    m = camp.add_measure(cid, MeasureDraft("规范执法站点", "个"), by=by)
    camp.record_count(m, day=START + timedelta(days=40), amount=5, by=by)
    camp.record_count(m, day=START + timedelta(days=80), amount=3, by=by)
    path = problem_list(tmp / "problems.xlsx", n)
    t = time.perf_counter()
    done = docs.import_problem_list(store, path, cid, by=by)
    imported = time.perf_counter() - t
    assert done.applied is not None and done.applied.added == n, done.read.errors[:3]
    # The campaign's 7 suggestions: deputies' suggestions drafted from its problems (issue 13).
    found = [p.case_id for p in camp.problems(cid)]
    for i in range(7):
        camp.draft_suggestion(
            cid,
            SuggestionDraft(
                deputies[i % 2],
                f"关于规范交通执法的建议{i + 1}",
                "执法站点对货车司机重复罚款，建议统一执法标准、公开执法程序。",
                tuple(found[i * 3 : i * 3 + 3]),
            ),
            by=by,
        )
    unit = store.save_handling_unit(by=by, name="市交通运输局")
    for p in camp.problems(cid)[:100]:
        store.refer(p.case_id, ReferralDraft(unit.id, "赵科长", store.today(), 15, "张伟"), by=by)
    return store, cid, imported


def timed(fn: Callable[[], object], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and this process's CPU seconds of each run (on a loaded shared machine the CPU
    time says what the work costs; the wall clock adds the time spent waiting for a core)."""
    wall, cpu = [], []
    for _ in range(runs):
        t, c = time.perf_counter(), time.process_time()
        fn()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--problems", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        store, cid, imported = build(tmp, args.problems)
        camp = CampaignStore(store)
        b = camp.board(cid)
        print(
            f"campaign: {b.places} places, {b.forums} forums, {b.problems} problems, {b.referred} referred, {b.suggestions} suggestions"
        )
        print(f"import of {args.problems} problems (once): {imported:.2f} s")
        t = time.perf_counter()
        docs.print_problem_list(store, tmp / "first.pdf", cid)
        print(f"first PDF in the process (font loaded): {time.perf_counter() - t:.3f} s")
        cases: list[tuple[str, Callable[[], object]]] = [
            ("board", lambda: camp.board(cid)),
            ("board + list (the tab's read)", lambda: camp.report(cid)),
            ("problem list .xlsx", lambda: docs.export_problem_list(store, tmp / "p.xlsx", cid)),
            ("problem list .pdf", lambda: docs.print_problem_list(store, tmp / "p.pdf", cid)),
            ("campaign report .xlsx", lambda: docs.export_campaign_report(store, tmp / "r.xlsx", cid)),
            ("campaign report .pdf", lambda: docs.print_campaign_report(store, tmp / "r.pdf", cid)),
        ]
        for name, fn in cases:
            wall, cpu = timed(fn, args.runs)
            verdict = "ok" if statistics.median(wall) < 1.0 else "OVER 1 s"
            print(
                f"{name:30s} wall median {statistics.median(wall):.3f} s, cpu median {statistics.median(cpu):.3f} s"
                f"  (wall runs: {', '.join(f'{r:.3f}' for r in wall)})  {verdict}"
            )
        store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
