"""The month's tally as the 统计报表 tab reads it since issue 10's last part, beside the old single
read, on the 100,000-case desk, in one process (no window: the store calls the tab makes).

    .venv/bin/python benchmarks/bench_window_tally.py [--runs 9] [--cases 100000]

- whole: `store.tally(month)`, every column in one call (what the tab waited for before, and what
  the PDF and Excel exports still use);
- first figures: `store.tally(month, year_ago=False)`, this month and the month before (what the
  tab shows first);
- 同比: `store.year_ago_figures(month)`, the same month last year (filled in afterwards, off the
  UI thread).

The three are run in turn, round after round, so that a loaded machine weighs on each alike;
medians and the load average are printed. The window's own timing (from the click on the tab to
the figures on screen) is bench_window_tabs.py's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402

from desk_app.domain.periods import PeriodKind, period_of  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--cases", type=int, default=build_db.DEFAULT_CASES)
    args = parser.parse_args(argv)
    folder = build_db.ensure(args.cases)
    store = DeskStore.open(folder)
    try:
        month = period_of(PeriodKind.MONTH, store.today())
        store.tally(month)  # warm the file cache and the imports
        times: dict[str, list[float]] = {"whole": [], "first figures": [], "同比": []}
        for _ in range(args.runs):
            for name, call in (
                ("whole", lambda: store.tally(month)),
                ("first figures", lambda: store.tally(month, year_ago=False)),
                ("同比", lambda: store.year_ago_figures(month)),
            ):
                t0 = time.perf_counter()
                call()
                times[name].append((time.perf_counter() - t0) * 1000)
        whole = store.tally(month)
        split = store.tally(month, year_ago=False)
        assert (split.current, split.previous) == (whole.current, whole.previous)
        assert store.year_ago_figures(month) == whole.year_ago
    finally:
        store.close()
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(f"{args.cases} cases, month {month.label}, {args.runs} rounds; load average {' '.join(load)}")
    for name, values in times.items():
        print(
            f"{name:<16} median {statistics.median(values):7.0f} ms   min {min(values):6.0f}   max {max(values):6.0f}"
        )
    ratio = statistics.median(times["first figures"]) / statistics.median(times["whole"])
    print(f"first figures / whole: {ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
