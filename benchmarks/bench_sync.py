"""Sync figures of issue 5, measured from the desk side against a real `desk_server serve` process.

    .venv/bin/python benchmarks/bench_sync.py [--runs 50] [--cases 200]

A demo desk (--cases cases) is enrolled with a fresh server (SQLite, temporary folder) and synced
once; then timed, median and max of --runs after one warm-up:
- a sync with nothing to do (`SyncEngine.sync_once`: pull one empty page, nothing to push, the
  serial blocks checked, the good sync recorded) — target < 50 ms;
- GET /api/v1/status alone (the online indicator);
- for information: the first sync of the standalone demo desk (all its records carried up) and a
  fresh second desk pulling all of it.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.demo import fill_demo  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine  # noqa: E402
from tests.server_process import ServerProcess  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--cases", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp, ServerProcess(Path(tmp) / "server") as server:
        district = server.admin.create_district("浉河区")
        station = server.admin.create_station(district)
        fill_demo(Path(tmp) / "a", cases=args.cases, seed=2026)
        store = DeskStore.open(Path(tmp) / "a")
        engine = SyncEngine(store)
        changes = engine.pending_count()
        engine.enroll(server.url, server.admin.enroll_code(station_id=station))
        t = time.perf_counter()
        first = engine.sync_once()
        first_ms = (time.perf_counter() - t) * 1000
        assert first.ok, first
        store_b = DeskStore.open(Path(tmp) / "b")
        engine_b = SyncEngine(store_b)
        engine_b.enroll(server.url, server.admin.enroll_code(station_id=station))
        t = time.perf_counter()
        pulled = engine_b.sync_once()
        pull_ms = (time.perf_counter() - t) * 1000

        def idle() -> None:
            report = engine.sync_once()
            assert report.ok and report.sent == report.received == 0, report

        idle_med, idle_max = timed(idle, args.runs)
        client = engine.client()
        status_med, status_max = timed(client.status, args.runs)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"demo desk of {args.cases} cases ({changes} changes); runs={args.runs}; load average {load}")
        print(f"{'operation':44}{'median ms':>10}{'max ms':>10}")
        print("-" * 64)
        print(f"{'sync_once with nothing to do':44}{idle_med:>10.1f}{idle_max:>10.1f}")
        print(f"{'GET /api/v1/status':44}{status_med:>10.1f}{status_max:>10.1f}")
        print(f"{'first sync of the standalone desk':44}{first_ms:>10.1f}{'':>10}   sent {first.sent}")
        print(f"{'fresh desk pulling everything':44}{pull_ms:>10.1f}{'':>10}   received {pulled.received}")
        print("target: a sync with nothing to do < 50 ms")
        engine.close(), engine_b.close(), store.close(), store_b.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
