"""Figures of case classes (类案, issue 14): a class of N cases referred together in one write and
its class slip printed; the tally of a month with 50 classes; the list of classes and one class
read as the window reads them.

    .venv/bin/python benchmarks/bench_classes.py [--cases 200] [--classes 50] [--runs 5]

Part 1, each run: a fresh desk (a real SQLite file in a temporary folder), N cases registered and
put into one class (form, then add each: not timed); timed: `ClassStore.refer_together` (the one
write: a slip for every member through the ordinary referral, all or nothing), then
`print_class_slip` (the first member's slip and the attachment listing the N cases), then
`ClassStore.class_info` (what the 类案 box reads).

Part 2, one desk: `--classes` classes of 4 cases each, received over a month, every class referred
together, half of them settled with their members answered, called back and signed off; timed
(warm, `--runs` times): `DeskStore.tally` of the month (the three class lines among every other
figure), its class step alone (reading the classes' facts and counting them, for the month
only: the tally does it for the month before and the year before too), `print_tally` (the PDF)
and `ClassStore.classes()` (类案一览). Medians are printed, with the load average. No target was set
by the issue; the window runs all of it off the UI thread (ui/ops.py).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desk_app.domain.classes import count_classes  # noqa: E402
from desk_app.domain.tally import month_period  # noqa: E402
from desk_app.domain.validation import ReceptionDraft, ReferralDraft  # noqa: E402
from desk_app.reports.class_slip_pdf import print_class_slip  # noqa: E402
from desk_app.reports.documents import print_tally  # noqa: E402
from desk_app.storage import class_reads  # noqa: E402
from desk_app.storage.cases import CallbackDraft  # noqa: E402
from desk_app.storage.class_store import ClassStore  # noqa: E402
from desk_app.storage.records import OperatorInfo  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

NOW = datetime(2026, 11, 27, 10, 0)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _desk(folder: Path, clock: Clock) -> tuple[DeskStore, OperatorInfo, str]:
    store = DeskStore.open(folder, clock=clock)
    clerk = store.set_up(
        station_name="浉河区五星街道人大代表监督岗",
        short_name="浉河监督岗",
        kind="supervision_post",
        district="浉河区",
        operator_name="李明",
        secret="305917",
    )
    unit = store.save_handling_unit(by=clerk.id, name="浉河区住房和城乡建设局", contact_person="周建华")
    return store, clerk, unit.id


def _register(store: DeskStore, by: str, n: int, at: datetime, tag: str) -> list[str]:
    return [
        store.register_reception(
            ReceptionDraft(
                received_at=at - timedelta(minutes=30),
                channel="walk_in",
                content=f"{tag}{k + 1}号楼老旧住宅加装电梯进度缓慢，老人上下楼困难，希望尽快协调",
                outcome="needs_referral",
                citizen_name=f"居民{k + 1}",
            ),
            by=by,
        )
        for k in range(n)
    ]


def _class_of(store: DeskStore, by: str, ids: list[str], subject: str) -> str:
    classes = ClassStore(store)
    class_id = classes.form(ids[0], subject, by=by)
    for rid in ids[1:]:
        classes.add(class_id, rid, by=by)
    return class_id


def one_class_run(n: int) -> tuple[float, float, float, int]:
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as tmp:
        clock = Clock(NOW)
        store, clerk, unit_id = _desk(Path(tmp), clock)
        try:
            ids = _register(store, clerk.id, n, NOW, "幸福小区")
            class_id = _class_of(store, clerk.id, ids, "幸福小区老旧住宅加装电梯")
            draft = ReferralDraft(unit_id, "周建华", NOW.date(), 10, "李明")
            classes = ClassStore(store)
            t0 = time.perf_counter()
            lead = classes.refer_together(class_id, draft, by=clerk.id)
            t1 = time.perf_counter()
            pages = print_class_slip(store, Path(tmp) / "class-slip.pdf", lead)
            t2 = time.perf_counter()
            info = classes.class_info(class_id)
            t3 = time.perf_counter()
            assert len(info.slips) == 1 and len(info.slips[0].members) == n
        finally:
            store.close()
        return t1 - t0, t2 - t1, t3 - t2, pages.slip_pages + pages.attachment_pages


def _timed(fn: Callable[[], object], runs: int) -> float:
    fn()  # warm
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def tally_runs(n_classes: int, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(dir="/dev/shm" if Path("/dev/shm").is_dir() else None) as tmp:
        first = datetime(2026, 11, 2, 9, 0)
        clock = Clock(first)
        store, clerk, unit_id = _desk(Path(tmp), clock)
        try:
            classes = ClassStore(store)
            period = month_period(2026, 11)
            plain = _register(store, clerk.id, 100, first, "建设路")  # cases in no class
            assert plain
            for k in range(n_classes):
                clock.now = first + timedelta(hours=4 * k)
                ids = _register(store, clerk.id, 4, clock.now, f"第{k}小区")
                class_id = _class_of(store, clerk.id, ids, f"第{k}小区加装电梯")
                classes.refer_together(
                    class_id, ReferralDraft(unit_id, "周建华", clock.now.date(), 10, "李明"), by=clerk.id
                )
                if k % 2 == 0:
                    clock.now += timedelta(hours=1)
                    for rid in ids:
                        store.record_reply(
                            rid, replied_on=clock.now.date(), reply_text="已列入计划", by=clerk.id
                        )
                        store.record_callback(
                            rid,
                            CallbackDraft(
                                called_at=clock.now,
                                caller="李明",
                                method="phone",
                                verdict="satisfied",
                                citizen_words="",
                            ),
                            by=clerk.id,
                        )
                        store.sign_off(rid, by=clerk.id, note="群众满意")
                    classes.settle(
                        class_id, note="统一纳入加梯计划", settled_on=clock.now.date(), by=clerk.id
                    )
            clock.now = NOW
            figures = store.tally(period).current
            expected = (n_classes, (n_classes + 1) // 2, 4 * ((n_classes + 1) // 2))
            got = (figures.classes_formed, figures.classes_settled, figures.class_cases_settled)
            assert got == expected, (got, expected)
            end = period.end

            def class_step() -> object:
                with store.db.engine.connect() as conn:
                    facts = class_reads.class_facts(conn, period.start, end, None)
                return count_classes(facts, period.start, end)

            return {
                "tally": _timed(lambda: store.tally(period), runs),
                "of which the classes": _timed(class_step, runs),
                "tally PDF": _timed(lambda: print_tally(store, Path(tmp) / "tally.pdf", period), runs),
                "list of classes": _timed(lambda: classes.classes(), runs),
            }
        finally:
            store.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=200)
    parser.add_argument("--classes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average {load}; {date.today().isoformat()}")
    runs = [one_class_run(args.cases) for _ in range(args.runs)]

    def ms(values: list[float]) -> str:
        return f"median {statistics.median(values) * 1000:.0f} ms (runs {', '.join(f'{v * 1000:.0f}' for v in values)})"

    print(f"a class of {args.cases} cases:")
    print(f"  refer_together (one write)  {ms([r[0] for r in runs])}")
    print(f"  class slip PDF ({runs[0][3]} pages)  {ms([r[1] for r in runs])}")
    print(f"  class_info (the 类案 box)   {ms([r[2] for r in runs])}")
    figures = tally_runs(args.classes, args.runs)
    print(
        f"a month with {args.classes} classes of 4 cases (and 100 cases in none), warm medians of {args.runs}:"
    )
    for name, seconds in figures.items():
        print(f"  {name:<20}{seconds * 1000:>8.1f} ms")
    print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
