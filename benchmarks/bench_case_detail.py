"""The case view's read (`DeskStore.case_detail`, what the window shows when a case is opened), on
the demo desk of bench_cli.py (issue 16, docs/benchmarks.md, sixth pass of the CLI's documents).

    .venv/bin/python benchmarks/bench_case_detail.py [--rounds 5] [--desk DIR] [--against TREE]

Each round is a fresh process that opens the desk and reads every case's detail once through the
store (a read session each, as the window does): reported are the CPU time of the first read
(with what it imports and sets up: the ORM's session, the mapped classes, the compiled statements)
and the median and 90th percentile of the others. With --against, each round runs this checkout
and TREE in turn (see bench_cli.py), on the same desk.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import ROOT, demo_desk  # noqa: E402

CHILD = r"""
import gc, json, sys, time
from pathlib import Path
from sqlalchemy import select
from desk_app.storage import tables
from desk_app.storage.store import DeskStore

store = DeskStore.open(Path(sys.argv[1]))
with store.db.connected() as conn:
    r = tables.reception
    ids = list(conn.scalars(select(r.c.id).order_by(r.c.received_at, r.c.id)))
store.is_set_up()
times = []
for rid in ids:
    t0 = time.process_time()
    store.case_detail(rid)
    times.append(time.process_time() - t0)
store.close()
print(json.dumps(times))
"""


def one_round(tree: Path, desk: Path) -> list[float]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(desk)],
        cwd=tree,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--desk", type=Path, default=None)
    parser.add_argument("--against", type=Path, default=None)
    args = parser.parse_args()
    desk = args.desk or demo_desk()
    trees = [("this checkout", ROOT)] + ([(str(args.against), args.against)] if args.against else [])
    print(f"desk {desk}; load average at the start {os.getloadavg()}")
    found: dict[str, list[list[float]]] = {name: [] for name, _ in trees}
    one_round(ROOT, desk)  # warm-up: bytecode, the OS file cache
    for _ in range(args.rounds):
        for name, tree in trees:
            found[name].append(one_round(tree, desk))
    print(f"{'tree':24} {'cases':>6} {'first ms med':>13} {'others ms med':>14} {'others p90':>11}")
    for name, runs in found.items():
        first = statistics.median(r[0] for r in runs) * 1000
        others = sorted(t for r in runs for t in r[1:])
        med = statistics.median(others) * 1000
        p90 = others[int(len(others) * 0.9)] * 1000
        print(f"{name:24} {len(runs[0]):>6} {first:>13.1f} {med:>14.2f} {p90:>11.2f}")
    print(f"load average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
