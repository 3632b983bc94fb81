"""Document figures of issue 4 on the 100,000-case benchmark desk (benchmarks/build_db.py).

    .venv/bin/python benchmarks/bench_reports.py [--runs 5]

Timed (median and max of --runs after one warm-up, font registered once as in the running desk):
- a referral slip (交办单) as PDF, into memory: query + layout + QR + embedded font subset;
- the tally of a period holding >= 10,000 receptions, as PDF and as Excel (query of both the
  period and the one before, the domain's counting, the document);
- the detail export (明细) of all 100,000 cases, against bare openpyxl write-only appending the
  very same value rows (already in memory) and saving; and its peak memory, measured in a child
  process (peak RSS of the whole process, and tracemalloc's peak of Python allocations);
- for information: the committee's whole summary workbook over the same 100,000 cases.
Targets: slip < 100 ms; tally < 2 s as PDF and as Excel; detail <= 1.2x bare; < 100 MB peak.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from sqlalchemy import select  # noqa: E402

from desk_app.domain.tally import Period  # noqa: E402
from desk_app.reports import documents  # noqa: E402
from desk_app.reports.fonts import register_cjk_font  # noqa: E402
from desk_app.reports.summary_xlsx import DETAIL, detail_values  # noqa: E402
from desk_app.storage import report_queries  # noqa: E402
from desk_app.storage.models import Referral  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

ALL = (date(2021, 1, 1), date(2026, 12, 31))


def _timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    result = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times), result


def _open() -> DeskStore:
    folder = build_db.ensure()
    return DeskStore.open(folder, clock=lambda: build_db.NOW)


def _tally_period(store: DeskStore) -> tuple[Period, int]:
    """The shortest run of whole months ending 2026-10-31 with at least 10,000 receptions."""
    end = date(2026, 10, 31)
    with store.db.reading() as s:
        for months in range(1, 61):
            y, m = divmod(10 - months, 12)
            start = date(2026 + y, m + 1, 1)
            n = report_queries.count_receptions(s, start, end)
            if n >= 10_000:
                return Period(start, end), n
    raise SystemExit("the benchmark desk is too small")


def child_detail(out: str) -> None:
    """Run in a child process: the detail export alone, reporting peak memory as JSON."""
    store = _open()
    tracemalloc.start()
    t = time.perf_counter()
    rows = documents.export_detail(store, Path(out), *ALL)
    seconds = time.perf_counter() - t
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"rows": rows, "seconds": seconds, "rss_mb": _hwm_mb(), "py_peak_mb": py_peak / 2**20}))


def _hwm_mb() -> float:
    """Peak RSS of this process image (VmHWM). Not ru_maxrss: Linux carries that over from the
    parent across fork + exec, so a child of a big parent would report the parent's peak."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_detail_untraced(out: str) -> None:
    store = _open()
    base = _hwm_mb()
    t = time.perf_counter()
    rows = documents.export_detail(store, Path(out), *ALL)
    seconds = time.perf_counter() - t
    print(json.dumps({"rows": rows, "seconds": seconds, "rss_mb": _hwm_mb(), "base_mb": base}))


def _bare(rows: list[list[object]], out: Path) -> None:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("明细")
    ws.append([c.heading for c in DETAIL])
    for row in rows:
        ws.append(row)
    wb.save(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", choices=["detail", "detail-untraced"], default=None)
    parser.add_argument("--out", default=None)
    parser.add_argument("--detail-runs", type=int, default=2, help="interleaved runs of bare and ours")
    parser.add_argument("--traced", action="store_true", help="also measure Python allocations (tracemalloc)")
    parser.add_argument("--summary", action="store_true", help="also time the whole summary workbook")
    args = parser.parse_args(argv)
    if args.child == "detail":
        child_detail(args.out)
        return 0
    if args.child == "detail-untraced":
        child_detail_untraced(args.out)
        return 0
    store = _open()
    register_cjk_font()
    tmp = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    lines = [
        f"100k desk; runs={args.runs}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}",
        f"{'operation':<44}{'median ms':>11}{'max ms':>10}",
        "-" * 66,
    ]

    def row(label: str, med: float, mx: float, note: str = "") -> None:
        lines.append(f"{label:<44}{med * 1000:>11.1f}{mx * 1000:>10.1f}   {note}")
        print(lines[-1], file=sys.stderr)

    with store.db.reading() as s:
        serial = s.scalar(
            select(Referral.serial).where(Referral.round_no == 2).order_by(Referral.serial).limit(1)
        )
        long_serial = s.scalar(select(Referral.serial).order_by(Referral.referred_on.desc()).limit(1))
    for label, number in (
        ("slip, second round (PDF in memory)", serial),
        ("slip, latest (PDF in memory)", long_serial),
    ):
        med, mx, res = _timed(
            lambda n=number: documents.print_referral_slip(store, io.BytesIO(), serial=n), args.runs
        )
        row(label, med, mx, f"{res.pages} page(s)")  # type: ignore[union-attr]

    period, n = _tally_period(store)
    prev_n = 0
    with store.db.reading() as s:
        prev = period.previous()
        prev_n = report_queries.count_receptions(s, prev.start, prev.end)
    med, mx, tally = _timed(lambda: store.tally(period), args.runs)
    row("tally figures only (query + count)", med, mx, f"{period.label}: {n} + {prev_n} receptions")
    med, mx, _ = _timed(lambda: documents.print_tally(store, tmp / "tally.pdf", period), args.runs)
    row("tally as PDF (query + count + PDF)", med, mx)
    med, mx, _ = _timed(lambda: documents.export_tally(store, tmp / "tally.xlsx", period), args.runs)
    row("tally as Excel (query + count + xlsx)", med, mx)

    # Detail: ours (streamed from the database) vs bare openpyxl on the same value rows.
    with store.db.reading() as s:
        rows = [detail_values(d, store.today(), False) for d in report_queries.detail_rows(s, *ALL)]
    bare_runs, ours_runs = [], []
    for _ in range(args.detail_runs):
        t = time.perf_counter()
        _bare(rows, tmp / "bare.xlsx")
        bare_runs.append(time.perf_counter() - t)
        t = time.perf_counter()
        documents.export_detail(store, tmp / "detail.xlsx", *ALL)
        ours_runs.append(time.perf_counter() - t)
    bare, ours = statistics.median(bare_runs), statistics.median(ours_runs)
    row(
        "bare openpyxl write-only, same rows",
        bare,
        max(bare_runs),
        f"{len(rows)} rows x {len(DETAIL)} columns",
    )
    row("detail export (query + format + write)", ours, max(ours_runs), f"ratio {ours / bare:.2f}x bare")
    del rows
    child = subprocess.run(
        [sys.executable, __file__, "--child", "detail-untraced", "--out", str(tmp / "c.xlsx")],
        capture_output=True,
        text=True,
        check=True,
    )
    mem = json.loads(child.stdout)
    lines.append(
        f"detail export in a fresh process: {mem['seconds']:.1f} s, peak RSS {mem['rss_mb']:.0f} MB "
        f"(of which {mem['base_mb']:.0f} MB before the export: interpreter, libraries, open desk)"
    )
    if args.traced:
        child = subprocess.run(
            [sys.executable, __file__, "--child", "detail", "--out", str(tmp / "c.xlsx")],
            capture_output=True,
            text=True,
            check=True,
        )
        mem = json.loads(child.stdout)
        lines.append(f"  (traced run: Python allocations peak {mem['py_peak_mb']:.1f} MB)")
    if args.summary:
        t = time.perf_counter()
        written = documents.export_summary(store, tmp / "summary.xlsx", *ALL)
        lines.append(
            f"whole summary workbook, all 100k cases: {time.perf_counter() - t:.1f} s "
            f"({', '.join(f'{k} {v}' for k, v in written.rows.items())})"
        )
    lines.append("targets: slip < 100 ms; tally < 2 s (PDF, Excel); detail <= 1.2x bare, < 100 MB peak")
    store.close()
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
