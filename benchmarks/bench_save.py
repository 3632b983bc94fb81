"""Saving receptions (and their first slip) on the 100,000-case desk, durable as the desk saves.

    .venv/bin/python benchmarks/bench_save.py [--saves 200]

Works on a copy of the cached benchmark database in a temporary folder (the cache and the repo
stay untouched). Each save is one DeskStore.register_reception: validation, the insert, its
deputies, the change log and the FTS trigger, committed with WAL and synchronous=FULL (the
pragmas of storage/db.py). Also timed: DeskStore.refer on the same cases (serial numbering,
deadline, the current-round copy, and the case read-back it returns). Target: a save < 20 ms.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402

from desk_app import demo  # noqa: E402
from desk_app.domain.validation import ReceptionDraft, ReferralDraft  # noqa: E402
from desk_app.domain.vocab import Channel, Outcome  # noqa: E402
from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

TARGET_MS = 20.0


def _stats(times: list[float]) -> tuple[float, float, float]:
    times = sorted(times)
    return statistics.median(times), times[round(0.95 * (len(times) - 1))], times[-1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--cases", type=int, default=build_db.DEFAULT_CASES)
    args = parser.parse_args(argv)
    source = build_db.ensure(args.cases)
    with tempfile.TemporaryDirectory(prefix="desk-bench-save-") as tmp:
        folder = Path(tmp)
        shutil.copy2(source / DB_FILENAME, folder / DB_FILENAME)
        now = build_db.NOW
        store = DeskStore.open(folder, clock=lambda: now)
        try:
            with store.db.engine.connect() as conn:
                pragmas = {
                    p: conn.exec_driver_sql(f"PRAGMA {p}").scalar() for p in ("journal_mode", "synchronous")
                }
            clerk = next(o for o in store.operators() if o.name == demo.CLERK_NAME)
            cats = [c.id for c in store.categories()]
            deputies = [d.id for d in store.deputies()]
            units = store.handling_units()
            rng = random.Random(7)
            writer = demo._Writer(rng)
            save_ms: list[float] = []
            refer_ms: list[float] = []
            ids = []
            for i in range(args.saves):
                topic = rng.choice(demo.TOPICS)
                draft = ReceptionDraft(
                    received_at=now - timedelta(minutes=args.saves - i),
                    channel=Channel.WALK_IN.value,
                    content=writer.fill(rng.choice(topic.contents)),
                    outcome=Outcome.NEEDS_REFERRAL.value,
                    citizen_name=writer.name(),
                    citizen_phone=writer.mobile(),
                    citizen_address=f"浉河区五星街道{rng.choice(demo.COMMUNITIES)}{rng.choice(demo.ESTATES)}",
                    category_id=rng.choice(cats),
                    deputy_ids=tuple(rng.sample(deputies, 2)),
                )
                t = time.perf_counter()
                ids.append(store.register_reception(draft, by=clerk.id))
                save_ms.append((time.perf_counter() - t) * 1000)
            for rid in ids:
                unit = rng.choice(units)
                t = time.perf_counter()
                store.refer(
                    rid,
                    ReferralDraft(
                        handling_unit_id=unit.id,
                        handler=unit.contact_person,
                        referred_on=now.date(),
                        working_days=15,
                        supervisor="李明",
                    ),
                    by=clerk.id,
                )
                refer_ms.append((time.perf_counter() - t) * 1000)
            total = store.count_cases(store.case_filter())
        finally:
            store.close()
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(
        f"{args.cases} cases before, {total} after; journal_mode={pragmas['journal_mode']}, "
        f"synchronous={pragmas['synchronous']} (2 = FULL); load average {' '.join(load)}"
    )
    header = f"{'operation':<34}{'n':>6}{'median ms':>11}{'p95 ms':>9}{'max ms':>9}"
    print(header)
    print("-" * len(header))
    for name, times in (("register_reception (save)", save_ms), ("refer (slip + read-back)", refer_ms)):
        med, p95, mx = _stats(times)
        flag = " !" if p95 > TARGET_MS else ""
        print(f"{name:<34}{len(times):>6}{med:>11.1f}{p95:>9.1f}{mx:>9.1f}{flag}")
    print(f"target: a save < {TARGET_MS:.0f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
