"""How long LibreOffice takes to open the committee's workbook of 4,000 cases (issue 11).

    .venv/bin/python benchmarks/bench_workbook_open.py [--runs 3] [--cases 4000]

Builds (once, cached) a desk of --cases cases with benchmarks/build_db.py, exports the committee
workbook (汇总, the five lists, 明细) of every case on it, then times
`soffice --headless --convert-to csv` of that file (LibreOffice reads the whole workbook, every
sheet, to convert the first), each run with its own fresh profile folder, after one warm-up run
that also creates LibreOffice's profile. LibreOffice's own start-up is timed apart, converting a
one-cell workbook, so the figure of interest is the difference.
Prints medians and every run, wall-clock and CPU seconds (LibreOffice's own user + system time:
steadier than the wall clock on a shared machine), the file's size and its sheets' row counts;
--pdf also times one conversion to PDF (laying every page out, as printing does).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402
from openpyxl import Workbook  # noqa: E402

from desk_app.reports import documents  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

ALL = (date(2021, 1, 1), date(2026, 12, 31))


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def convert_seconds(path: Path, work: Path, to: str = "csv") -> tuple[float, float]:
    """Wall-clock and CPU seconds (LibreOffice's own, user + system) of one conversion."""
    profile = Path(tempfile.mkdtemp(dir=work))
    out = Path(tempfile.mkdtemp(dir=work))
    target = "csv:Text - txt - csv (StarCalc):44,34,76,1" if to == "csv" else to
    cpu = _children_cpu()
    started = time.perf_counter()
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--norestore",
            f"-env:UserInstallation=file://{profile}",
            "--convert-to",
            target,
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=1800,
    )
    elapsed = time.perf_counter() - started
    cpu = _children_cpu() - cpu
    if not any(out.iterdir()):
        raise SystemExit(f"LibreOffice wrote nothing for {path}")
    shutil.rmtree(profile, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return elapsed, cpu


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", type=int, default=4000)
    parser.add_argument("--workbook", type=Path, help="time this file instead of exporting one")
    parser.add_argument("--pdf", action="store_true", help="also time one conversion to PDF (printing)")
    args = parser.parse_args(argv)
    if shutil.which("soffice") is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-calc-nogui")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        target = args.workbook
        if target is None:
            folder = build_db.ensure(args.cases)
            store = DeskStore.open(folder, clock=lambda: build_db.NOW)
            try:
                target = work / "summary.xlsx"
                started = time.perf_counter()
                written = documents.export_summary(store, target, *ALL)
                print(f"{'export':<28}{time.perf_counter() - started:.2f} s  rows {written.rows}")
            finally:
                store.close()
        print(f"{'file':<28}{target.stat().st_size / 1e6:.2f} MB")
        empty = work / "empty.xlsx"
        wb = Workbook()
        wb.active["A1"] = 1
        wb.save(empty)
        convert_seconds(empty, work)  # warm-up: LibreOffice's files in the page cache
        base = [convert_seconds(empty, work) for _ in range(args.runs)]
        runs = [convert_seconds(target, work) for _ in range(args.runs)]
        for name, timed in (("soffice, one-cell file", base), ("soffice, the workbook", runs)):
            wall, cpu = [x[0] for x in timed], [x[1] for x in timed]
            print(
                f"{name:<28}median {statistics.median(wall):.2f} s wall, {statistics.median(cpu):.2f} s CPU"
                f"  runs {[round(x, 2) for x in wall]} / CPU {[round(x, 2) for x in cpu]}"
            )
        if args.pdf:
            wall_pdf, cpu_pdf = convert_seconds(target, work, "pdf")
            print(f"{'soffice, to PDF (printing)':<28}{wall_pdf:.2f} s wall, {cpu_pdf:.2f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
