"""What keeping a draft costs (issue 10): one atomic draft write, against one desk write.

    .venv/bin/python benchmarks/bench_drafts.py [--writes 200] [--runs 5]

A draft of the reception form (a citizen's name, address and 300 characters of account) is
written as the window writes it while the clerk types (storage/drafts.py: a temporary file,
fsynced, renamed over the old one, the folder fsynced). For comparison, the same JSON written as
a desk-local setting through the store (one SQLite write transaction with synchronous=FULL), which
is what a draft table would have cost, queued on the database thread behind every other write.
Reported: the median and 95th percentile of one write over `--writes` writes, the median over
`--runs` runs, and the load average. The window writes a draft at most once per DEBOUNCE_MS
(0.7 s) of typing, on a thread of its own, so either cost is far from a keystroke's budget; the
point is that the draft never waits for the database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desk_app.storage.drafts import DraftFiles  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

VALUES = {
    "citizen_name": "王秀兰",
    "citizen_phone": "13912345678",
    "citizen_address": "五星街道幸福小区3号楼2单元501",
    "content": "小区电梯停运三天，老人下不了楼，物业说在等配件。" * 12,
    "deputy_ids": ["01a23d14-d6e2-7071-b3d3-eaacd50d4a7f"],
    "channel": "walk_in",
    "outcome": "needs_referral",
}


def _times(fn, writes: int) -> list[float]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(writes):
        start = time.perf_counter()
        fn(i)
        out.append(time.perf_counter() - start)
    return out


def _p95(values: list[float]) -> float:
    return sorted(values)[int(len(values) * 0.95) - 1]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    file_medians, file_p95s, db_medians, db_p95s = [], [], [], []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            files = DraftFiles(Path(tmp) / "drafts", "01a23d14-d6e2-7071-b3d3-eaacd50d4a7f")
            now = datetime.now()
            t = _times(
                lambda i, files=files, now=now: files.save("reception", {**VALUES, "n": i}, now), args.writes
            )
            file_medians.append(statistics.median(t))
            file_p95s.append(_p95(t))
            store = DeskStore.open(Path(tmp) / "desk")
            try:
                t = _times(
                    lambda i, store=store: store.set_setting("draft.reception", {**VALUES, "n": i}),
                    args.writes,
                )
            finally:
                store.close()
            db_medians.append(statistics.median(t))
            db_p95s.append(_p95(t))
    load = os.getloadavg()
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"{args.runs} runs x {args.writes} writes; median of the runs' figures")
    print(
        f"draft file (atomic, fsync): median {statistics.median(file_medians) * 1000:.2f} ms, "
        f"p95 {statistics.median(file_p95s) * 1000:.2f} ms"
    )
    print(
        f"desk setting (SQLite, synchronous=FULL): median {statistics.median(db_medians) * 1000:.2f} ms, "
        f"p95 {statistics.median(db_p95s) * 1000:.2f} ms"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
