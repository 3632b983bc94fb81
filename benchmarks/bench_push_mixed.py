"""Small pushes of other districts while big ones stream (issue 16, branch s26-push).

    .venv/bin/python benchmarks/bench_push_mixed.py --postgres URL [--seconds 40] [--workers 2]

Since branch s26-push a batch with 100 or more new rows sends its change log while it is applied,
so it takes the seq lock (which every district shares) at its first change row, not at its
write's end: ~10 ms longer for 1,000 changes. What that costs the desks' own pushes: on a fresh
database, against a real `desk-server serve --workers N` on 127.0.0.1, desks of `--small` other
districts push 2 new cases each, one after the other's answer (a desk's push of a minute,
back to back), while one desk of its own district pushes batches of 1,000 new cases back to back.
Reported: the small pushes' latency (p50/p95/p99/max, from the client's call to its answer) with
the big pushes running, and alone for as long before them; the big pushes' rate.

BENCH_CODE_ROOT=/path/to/another/checkout runs that checkout's server and client code: before and
after in one sitting.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from bench_server_scale import _desk, _load, _pct, _reception, _serving  # noqa: E402


def _small_pushes(client: object, station: str, operator: str, until: float, out: list[float]) -> None:
    i = 0
    while time.perf_counter() < until:
        batch = [_reception(station, operator, i), _reception(station, operator, i + 1)]
        i += 2
        t = time.perf_counter()
        client.push(batch)  # type: ignore[attr-defined]
        out.append((time.perf_counter() - t) * 1000)


def _big_pushes(client: object, station: str, operator: str, until: float, counted: Any) -> None:
    """In a process of its own (forked): making 1,000 cases a batch would hold the small
    pushers' interpreter lock."""
    k = 0
    while time.time() < until:
        batch = [_reception(station, operator, k + j) for j in range(1000)]
        k += 1000
        client.push(batch)  # type: ignore[attr-defined]
        with counted.get_lock():
            counted.value += len(batch)


def _run(
    smalls: list[tuple[object, str, str]], seconds: float, big: tuple | None
) -> tuple[list[float], float]:
    latencies: list[list[float]] = [[] for _ in smalls]
    counted = multiprocessing.Value("q", 0)
    until = time.perf_counter() + seconds
    threads = [
        threading.Thread(target=_small_pushes, args=(client, station, op, until, latencies[n]))
        for n, (client, station, op) in enumerate(smalls)
    ]
    pusher = None
    if big is not None:
        pusher = multiprocessing.get_context("fork").Process(
            target=_big_pushes, args=(*big, time.time() + seconds, counted)
        )
        pusher.start()
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if pusher is not None:
        pusher.join()
    elapsed = time.perf_counter() - started
    return [x for lat in latencies for x in lat], counted.value / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--seconds", type=float, default=40)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--small", type=int, default=4, help="desks of other districts pushing 2 cases")
    args = parser.parse_args()
    if not args.postgres:
        parser.error("--postgres URL (or DESK_TEST_POSTGRES_URL) is needed")
    from tests.server_process import drop_postgres_database, fresh_postgres_database

    url = fresh_postgres_database(args.postgres)
    try:
        with tempfile.TemporaryDirectory() as tmp, _serving(Path(tmp), url, args.workers) as server:
            smalls = []
            for _ in range(args.small):
                station = server.admin.create_station(server.admin.create_district())
                client, op = _desk(server, station)
                smalls.append((client, station, op))
            big_station = server.admin.create_station(server.admin.create_district())
            big_client, big_op = _desk(server, big_station)
            alone, _ = _run(smalls, args.seconds, None)
            mixed, rate = _run(smalls, args.seconds, (big_client, big_station, big_op))
    finally:
        drop_postgres_database(url)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} code {ROOT}: {args.small} desks of other "
        f"districts pushing 2 new cases back to back, {args.seconds:.0f} s each way, --workers {args.workers}"
    )
    print("small pushes, ms          n      p50     p95     p99     max")
    for label, values in (("alone", alone), ("with big pushes", mixed)):
        print(
            f"{label:18s} {len(values):8d} {statistics.median(values):8.1f} {_pct(values, 95):7.1f} "
            f"{_pct(values, 99):7.1f} {max(values):7.1f}"
        )
    print(f"big pushes: {rate:,.0f} changes/s; load average {_load()}")


if __name__ == "__main__":
    main()
