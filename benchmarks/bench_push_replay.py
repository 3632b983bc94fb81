"""What a big batch sent again costs the server (issue 16): a desk that lost the answer to a push
sends the batch again. A big batch on PostgreSQL assumes its change ids are not in the change
log (`sync.push`); sent again, the change log's unique key refuses the first attempt and the
batch is applied again with every id read.

    .venv/bin/python benchmarks/bench_push_replay.py --postgres URL [--rounds 12]

A fresh database, one `desk-server serve` worker, one desk; each round pushes 1,000 new
receptions, then the same 1,000 again (answered as duplicates), then 500 of them followed by 500
new, then the other 500 between 250 new and 250 new.
Reported: the median ms of each kind of push over the rounds after the first two.
BENCH_CODE_ROOT=/path/to/another/checkout runs that checkout's code: before and after in one
sitting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from bench_server_scale import _desk, _reception, _serving  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()
    if not args.postgres:
        parser.error("--postgres URL (or DESK_TEST_POSTGRES_URL) is needed")
    from tests.server_process import drop_postgres_database, fresh_postgres_database

    url = fresh_postgres_database(args.postgres)
    times: dict[str, list[float]] = {"new": [], "again": [], "half again": [], "half between": []}
    try:
        with tempfile.TemporaryDirectory() as tmp, _serving(Path(tmp), url, 1) as server:
            station = server.admin.create_station(server.admin.create_district())
            client, operator = _desk(server, station)

            def timed(kind: str, batch: list[dict]) -> dict:
                t = time.perf_counter()
                answer = client.push(batch)
                times[kind].append((time.perf_counter() - t) * 1000)
                return answer

            for k in range(args.rounds):
                batch = [_reception(station, operator, k * 1000 + j) for j in range(1000)]
                assert len(timed("new", batch)["accepted"]) == 1000
                assert len(timed("again", batch)["duplicates"]) == 1000
                fresh = [_reception(station, operator, 10**6 + k * 1000 + j) for j in range(1000)]
                answer = timed("half again", batch[:500] + fresh[:500])
                assert len(answer["duplicates"]) == 500 and len(answer["accepted"]) == 500
                # (The batch's first and last changes new: applied once on the assumption that
                # none is logged, then again, since s27-push.)
                answer = timed("half between", fresh[500:750] + batch[500:] + fresh[750:])
                assert len(answer["duplicates"]) == 500 and len(answer["accepted"]) == 500
    finally:
        drop_postgres_database(url)
    skip = 2 if args.rounds > 4 else 0
    print(
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} code {ROOT}: {args.rounds} rounds, "
        f"median ms of the last {args.rounds - skip}; load average {os.getloadavg()}"
    )
    for kind, values in times.items():
        print(f"  {kind:12s} {statistics.median(values[skip:]):7.1f}")


if __name__ == "__main__":
    main()
