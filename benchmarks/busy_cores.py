"""A slower machine, simulated: processes that each keep one core busy for a share of the time
(docs/benchmarks.md, "SQL compiled once per test process"). Beside a run of the suite, e.g.:

    .venv/bin/python benchmarks/busy_cores.py 0.30 &   # 30% of every core, until stopped
    CI=true bash .ci/run; kill %1

Each process spins SHARE x 100 ms of every 100 ms and sleeps the rest.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import signal
import sys
import time

PERIOD = 0.1


def _spin(share: float) -> None:
    while True:
        started = time.perf_counter()
        while time.perf_counter() - started < PERIOD * share:
            pass
        time.sleep(PERIOD * (1 - share))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("share", type=float, help="the share of each core to take, 0-1")
    parser.add_argument("--cores", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not 0 < args.share <= 1:
        parser.error("share: between 0 and 1")
    # `kill` (SIGTERM) ends the spinning processes too, through the `finally` below.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    workers = [
        multiprocessing.Process(target=_spin, args=(args.share,), daemon=True) for _ in range(args.cores)
    ]
    for worker in workers:
        worker.start()
    try:
        for worker in workers:
            worker.join()
    except KeyboardInterrupt:
        pass
    finally:
        for worker in workers:
            worker.terminate()


if __name__ == "__main__":
    main()
