"""Figures of issue 5: the central server, a real `desk-server serve` process on loopback.

    .venv/bin/python benchmarks/bench_server.py [--postgres URL] [--desks 1000] [--seconds 60] [--push-runs 3]

- push of 10,000 changes (10 batches of 1,000 reception inserts, as a desk pushes them) end to end:
  JSON, HTTP, validation, scope, exactly-once check, bulk writes, commit; changes/s. The client is
  the desk's own client (desk_app/sync/client.py: one requests.Session, orjson bodies), one batch
  at a time, the next sent after the answer to the previous one; the clock runs from the first request
  to the last answer. Taken `--push-runs` times (default 3), each by a new desk of a new station on
  the same server, so later runs write into a fuller database; the figure is their median;
- a sync with nothing to do: push of an empty batch + status since the cursor (what a desk does),
  median and p95 of 50;
- `--desks` simulated desks (50 stations) each syncing once a minute: push 2 changes, pull since
  its cursor; requests run from a thread pool at that rate for `--seconds`; p95 request latency.
Targets: push >= 20,000 changes/s on SQLite; nothing-to-do sync < 50 ms; 1,000 desks p95 < 200 ms.
With --postgres (a server URL whose user may CREATE DATABASE), every figure is also taken on a
fresh PostgreSQL database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.storage.models import new_id  # noqa: E402
from desk_app.sync.client import SyncClient  # noqa: E402
from tests.server_process import (  # noqa: E402
    ServerProcess,
    drop_postgres_database,
    fresh_postgres_database,
)

API = "/api/v1"


def _operator(op_id: str) -> dict:
    """A desk's first operator (the server takes only changes naming an operator of the desk's scope)."""
    return {
        "id": new_id(),
        "entity": "operator",
        "entity_id": op_id,
        "op": "insert",
        "operator_id": op_id,
        "at": "2026-11-01T08:00:00",
        "fields": {"name": [None, "李明"], "role": [None, "admin"], "active": [None, True]},
    }


def _reception(station: str, i: int, operator: str | None = None) -> dict:
    # Ids as a desk makes them (desk_app.storage.models.new_id: time-ordered UUIDv7).
    return {
        "id": new_id(),
        "entity": "reception",
        "entity_id": new_id(),
        "op": "insert",
        "operator_id": operator,
        "at": f"2026-11-25T09:{i // 1000 % 60:02d}:00.{i:06d}",
        "fields": {
            "station_id": [None, station],
            "received_at": [None, "2026-11-25T09:30:00"],
            "channel": [None, "walk_in"],
            "citizen_name": [None, "张三"],
            "content": [None, f"小区电梯噪音扰民，第{i}件"],
            "outcome": [None, "needs_referral"],
            "status": [None, "awaiting_referral"],
            "round_no": [None, 0],
        },
    }


def _desk(server: ServerProcess, station: str) -> requests.Session:
    answer = server.enroll(server.admin.enroll_code(station_id=station))
    s = requests.Session()
    s.headers["Authorization"] = f"Bearer {answer['token']}"
    return s


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_push(server: ServerProcess) -> float:
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    answer = server.enroll(server.admin.enroll_code(station_id=station))
    # The desk's own HTTP client (desk_app/sync/client.py), as SyncEngine.push_round uses it.
    client = SyncClient(server.url, answer["token"])
    operator = new_id()
    batches = [[_reception(station, b * 1000 + i, operator) for i in range(1000)] for b in range(10)]
    client.push([_operator(operator)])
    client.push([_reception(station, 99_999, operator)])
    start = time.perf_counter()
    for batch in batches:
        assert len(client.push(batch)["accepted"]) == 1000
    rate = 10_000 / (time.perf_counter() - start)
    client.close()
    return rate


def bench_idle(server: ServerProcess) -> tuple[float, float]:
    district = server.admin.create_district()
    station = server.admin.create_station(district)
    http = _desk(server, station)
    cursor = http.get(server.url + API + "/pull", params={"since": 0}).json()["next"]
    times = []
    for _ in range(50):
        t = time.perf_counter()
        http.post(server.url + API + "/push", json={"changes": []}).raise_for_status()
        assert http.get(server.url + API + "/status", params={"since": cursor}).json()["pending_for_you"] == 0
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), _pct(times, 95)


def bench_fleet(server: ServerProcess, desks: int, seconds: float) -> dict[str, float]:
    district = server.admin.create_district()
    stations = [server.admin.create_station(district, name=f"站{i}") for i in range(50)]
    fleet = []
    for i in range(desks):
        station = stations[i % len(stations)]
        desk = {"http": _desk(server, station), "station": station, "cursor": 0, "n": 0, "operator": new_id()}
        desk["http"].post(
            server.url + API + "/push", json={"changes": [_operator(desk["operator"])]}, timeout=30
        ).raise_for_status()
        fleet.append(desk)
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()

    def sync(desk: dict) -> None:
        http = desk["http"]
        try:
            t = time.perf_counter()
            batch = [_reception(desk["station"], desk["n"] + k, desk["operator"]) for k in range(2)]
            desk["n"] += 2
            answer = http.post(server.url + API + "/push", json={"changes": batch}, timeout=30)
            answer.raise_for_status()
            if answer.json()["rejected"]:  # answered, but not what a desk needs
                raise requests.RequestException(str(answer.json()["rejected"][:1]))
            t2 = time.perf_counter()
            page = http.get(
                server.url + API + "/pull", params={"since": desk["cursor"], "limit": 500}, timeout=30
            ).json()
            desk["cursor"] = page["next"]
            t3 = time.perf_counter()
            with lock:
                latencies.extend([(t2 - t) * 1000, (t3 - t2) * 1000])
        except requests.RequestException:
            with lock:
                errors[0] += 1

    interval = 60.0 / desks  # every desk once a minute
    total = int(seconds / interval)
    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for k in range(total):
            delay = start + k * interval - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
            pool.submit(sync, fleet[k % desks])
    return {
        "syncs": total,
        "requests": len(latencies),
        "errors": errors[0],
        "median": statistics.median(latencies),
        "p95": _pct(latencies, 95),
        "p99": _pct(latencies, 99),
        "max": max(latencies),
    }


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def run(label: str, url: str | None, desks: int, seconds: float, push_runs: int) -> None:
    with tempfile.TemporaryDirectory() as tmp, ServerProcess(Path(tmp), url) as server:
        rates = [bench_push(server) for _ in range(push_runs)]
        load_push = _load()
        idle_med, idle_p95 = bench_idle(server)
        fleet = bench_fleet(server, desks, seconds)
    print(f"\n[{label}]")
    print(
        f"push 10,000 changes (10 x 1,000)      {statistics.median(rates):10,.0f} changes/s (median; runs: "
        f"{', '.join(f'{r:,.0f}' for r in rates)}; load average after: {load_push})"
    )
    print(f"sync with nothing to do               median {idle_med:6.1f} ms   p95 {idle_p95:6.1f} ms")
    print(
        f"{desks} desks, once a minute, {seconds:.0f} s: {fleet['syncs']} syncs, "
        f"{fleet['requests']} requests, {fleet['errors']} errors"
    )
    print(
        f"   request latency                    median {fleet['median']:6.1f} ms   "
        f"p95 {fleet['p95']:6.1f} ms   p99 {fleet['p99']:6.1f} ms   max {fleet['max']:6.1f} ms"
    )
    print(f"load average at the end: {_load()}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--desks", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--push-runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {_load()}; cpus: {os.cpu_count()}")
    run("SQLite", None, args.desks, args.seconds, args.push_runs)
    if args.postgres:
        url = fresh_postgres_database(args.postgres)
        try:
            run("PostgreSQL", url, args.desks, args.seconds, args.push_runs)
        finally:
            drop_postgres_database(url)


if __name__ == "__main__":
    main()
