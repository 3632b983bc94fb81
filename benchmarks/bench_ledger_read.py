"""Reading a 5,000-row ledger workbook: openpyxl's read-only mode against python-calamine.

    .venv/bin/python benchmarks/bench_ledger_read.py [--rows 5000] [--runs 5]

The workbook is bench_ledger_import.py's (two monthly sheets under a title row). Each reader
reads every sheet's cells (no row checks); the medians of `--runs` reads are printed with the
load average. desk_app/reports/ledger_xlsx.py reads with calamine and keeps openpyxl for files
calamine refuses.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for p in (ROOT, ROOT / "benchmarks"):
    if str(p) not in sys.path:
        sys.path.insert(0, str(p))

from bench_ledger_import import ledger_rows, write_ledger  # noqa: E402

from desk_app.reports.ledger_xlsx import _calamine_sheets, _openpyxl_sheets  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="desk-bench-ledger-read-") as tmp:
        path = Path(tmp) / "ledger.xlsx"
        write_ledger(path, ledger_rows(args.rows, random.Random(11)))
        print(f"load average: {os.getloadavg()}")
        for name, read in (("openpyxl", _openpyxl_sheets), ("calamine", lambda p: list(_calamine_sheets(p)))):
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                read(path)
                times.append(time.perf_counter() - t0)
            print(f"{name}: median {statistics.median(times):.3f} s ({', '.join(f'{t:.3f}' for t in times)})")
        print(f"load average: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
