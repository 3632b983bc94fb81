"""The push's Python for 1,000 new receptions, stage by stage, with no database (issue 16).

    .venv/bin/python benchmarks/bench_push_cpu.py [--rounds 40]

What `bench_push_phases.py` times around the database, without it: the body's parse and checks
(`schemas.push_changes`), the clock check, the batch's shape (`sync._validate`), the rule book
applying 1,000 new receptions of a station desk whose station and operator are already loaded
(`_Applier.apply` per change, no session: nothing in an insert's path reads the database when the
rows it names are loaded), and the rows the write hands to COPY (`_Applier.write` with the COPY
and the statements stubbed out). Best and median of `--rounds` rounds, ms a batch, with the
garbage collector tuned as `desk-server serve` tunes it (`cli._tune_gc`).

BENCH_CODE_ROOT=/path/to/another/checkout runs that checkout's server code: before/after.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402
from bench_push_phases import _load, _reception  # noqa: E402


class _NoSession:
    """Stands for the session in the write: records what would be written, runs nothing."""

    class _Conn:
        class dialect:  # noqa: N801
            name = "none"

    def connection(self) -> Any:
        return self._Conn()

    def execute(self, *args: Any, **kwargs: Any) -> None:
        raise AssertionError("the insert path read the database")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()

    from desk_server import cli
    from desk_server.api import schemas
    from desk_server.models import utcnow
    from desk_server.services import sync
    from desk_server.services.clock import check_clock

    station, operator, district, desk_id = (str(uuid.uuid4()) for _ in range(4))
    written: list[int] = []

    def bulk_insert(conn: Any, table: str, columns: Any, rows: Any, before_end: Any = None) -> None:
        # (`before_end`: a big batch's late checks, since branch s27-push; rows may be a generator.)
        written.append(len(list(rows)))
        if before_end is not None:
            before_end()

    sync._bulk_insert = bulk_insert
    sync.lock_for_push = lambda session: None  # type: ignore[attr-defined]

    class Desk:
        id = desk_id
        district_id = district
        station_id = station

    def applier() -> Any:
        a = sync._Applier(_NoSession(), Desk())  # type: ignore[arg-type]
        op = sync._Rec("operator", operator, district, station, {"role": "admin", "active": True}, {}, False)
        st = sync._Rec("station", station, district, station, {"name": "站"}, {}, False)
        a.recs[("operator", operator)] = op
        a.recs[("station", station)] = st
        return a

    getattr(cli, "_tune_gc", lambda: None)()
    stages: dict[str, list[float]] = {}

    def timed(name: str, fn: Any, *a: Any) -> Any:
        t = time.perf_counter()
        result = fn(*a)
        stages.setdefault(name, []).append(time.perf_counter() - t)
        return result

    for k in range(args.rounds):
        batch = [_reception(station, operator, k * 1000 + j) for j in range(1000)]
        body = orjson.dumps({"changes": batch})
        changes = timed("body parsed and checked", schemas.push_changes, body)
        timed("clock", lambda c=changes: check_clock(c, now=utcnow(), date_header=None))
        timed("shape (_validate)", sync._validate, changes)
        a = applier()
        a.waiting_checked = {c["entity_id"] for c in changes}

        def apply_all(a: Any = a, changes: list[dict[str, Any]] = changes) -> None:
            if hasattr(a, "apply_all"):  # since branch s24-push: the batch's values checked at once
                a.apply_all(changes)
                return
            for c in changes:
                a.apply(c)

        timed("apply (rule book)", apply_all)
        assert len(a.out.accepted) == 1000, a.out.rejected[:1]
        timed("write's rows (no COPY)", a.write)
        gc.collect(0)
    print(f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} code {ROOT}, {args.rounds} rounds")
    total_best = total_med = 0.0
    for name, values in stages.items():
        kept = values[2:] or values
        best, med = min(kept) * 1000, statistics.median(kept) * 1000
        total_best += best
        total_med += med
        print(f"  {name:26s} best {best:6.2f} ms   median {med:6.2f} ms")
    print(f"  {'sum':26s} best {total_best:6.2f} ms   median {total_med:6.2f} ms")
    print(f"  load average {_load()}")


if __name__ == "__main__":
    main()
