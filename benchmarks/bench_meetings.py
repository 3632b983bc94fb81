"""Figures of issue 13 item 3: a referral meeting refers N cases in one write (one slip each,
numbered, deadlines on the working calendar, the rule book judging every case), and the minutes
with every slip as one PDF.

    .venv/bin/python benchmarks/bench_meetings.py [--cases 30 300] [--runs 5]

Each run: a fresh desk (a real SQLite file in a temporary folder), N cases registered, one meeting
planned; timed: `MeetingStore.refer_all` (the one write), then `print_meeting` (minutes + N slips).
Medians of `--runs` runs are printed. No target was set by the issue; the window runs the write
off the UI thread (ui/ops.py) either way.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft  # noqa: E402
from desk_app.domain.validation import ReceptionDraft  # noqa: E402
from desk_app.reports.minutes_pdf import print_meeting  # noqa: E402
from desk_app.storage.meetings import MeetingStore  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

NOW = datetime(2026, 11, 20, 10, 0)


def one_run(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        store = DeskStore.open(Path(tmp), clock=lambda: NOW)
        clerk = store.set_up(
            station_name="浉河区五星街道人大代表监督岗",
            short_name="浉河监督岗",
            kind="supervision_post",
            district="浉河区",
            operator_name="李明",
            secret="305917",
        )
        unit = store.save_handling_unit(by=clerk.id, name="区住房和城乡建设局")
        ids = [
            store.register_reception(
                ReceptionDraft(
                    received_at=NOW - timedelta(hours=1),
                    channel="walk_in",
                    content=f"第{k}号楼加装电梯进度缓慢，希望尽快协调",
                    outcome="needs_referral",
                ),
                by=clerk.id,
            )
            for k in range(n)
        ]
        meetings = MeetingStore(store)
        meeting_id = meetings.plan(MeetingDraft(NOW.date(), "工作站", "张华", "区住建局"), by=clerk.id)
        items = [MeetingItemDraft(rid, unit.id, "刘科长", 10) for rid in ids]
        t0 = time.perf_counter()
        meetings.refer_all(meeting_id, items, supervisor="赵代表", by=clerk.id)
        t1 = time.perf_counter()
        print_meeting(store, Path(tmp) / "minutes.pdf", meeting_id)
        t2 = time.perf_counter()
        store.close()
        return t1 - t0, t2 - t1


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, nargs="+", default=[30, 300])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    for n in args.cases:
        runs = [one_run(n) for _ in range(args.runs)]
        refer = statistics.median(r[0] for r in runs)
        pdf = statistics.median(r[1] for r in runs)
        print(
            f"{n} cases: refer_all median {refer * 1000:.0f} ms (runs {', '.join(f'{r[0] * 1000:.0f}' for r in runs)}); "
            f"minutes+slips PDF median {pdf * 1000:.0f} ms (runs {', '.join(f'{r[1] * 1000:.0f}' for r in runs)})"
        )


if __name__ == "__main__":
    main()
