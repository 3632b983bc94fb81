"""Case list filters and search on the 100,000-case desk: list (first page) and count, warm.

    .venv/bin/python benchmarks/bench_search.py [--runs 15] [--limit 200] [--cases 100000] [--dir FOLDER]
        [--seed-classes 300]

With --seed-classes N, a desk without case classes (类案) first gets N of them (2 to 20 member
cases each, drawn at random; a third settled), written through ClassStore: do it on a copy of
the benchmark desk (--dir), the desk is changed. The class filter and order are then timed too.

With --cases 1000000 it uses (and builds, once: see build_db.py) benchmarks/out/desk-1000k.

Each query runs once to warm up, then --runs times; the table gives the median and p95 in ms of
DeskStore.list_cases(first page) and DeskStore.count_cases separately, and the number of hits.
Target (issue): every filter and search, 2-character Chinese included, under 100 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402
from sqlalchemy import event  # noqa: E402

from desk_app.storage.queries import SORT_KEYS, CaseFilter, CaseOrder  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

TARGET_MS = 100.0


def _timed(fn, runs: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    result = fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    return statistics.median(times), p95, result


def cases(store: DeskStore) -> list[tuple[str, dict]]:
    today = store.today()
    cats = {c.name: c.id for c in store.categories()}
    units = {u.name: u.id for u in store.handling_units()}
    some_phone = store.list_cases(
        store.case_filter(received_from=date(2024, 6, 1), received_to=date(2024, 6, 3)), limit=50
    )
    phone = next(r.citizen_phone for r in some_phone if len(r.citizen_phone) == 11)
    month_ago = today - timedelta(days=30)
    return [
        ("no filter", {}),
        ("status = referred", {"statuses": ("referred",)}),
        ("status = awaiting_referral", {"statuses": ("awaiting_referral",)}),
        ("status = signed_off", {"statuses": ("signed_off",)}),
        (
            "status = open (5 statuses)",
            {"statuses": ("awaiting_referral", "referred", "replied", "satisfied", "dissatisfied")},
        ),
        ("status = closed (2 statuses)", {"statuses": ("resolved_on_site", "signed_off")}),
        ("channel = hotline_12345", {"channels": ("hotline_12345",)}),
        ("category = 医保", {"category_ids": (cats["医保"],)}),
        ("unit = 区住建局", {"unit_ids": (units["浉河区住房和城乡建设局"],)}),
        ("date: last 30 days", {"received_from": month_ago, "received_to": today}),
        ("date: 2024-03 (one month)", {"received_from": date(2024, 3, 1), "received_to": date(2024, 3, 31)}),
        ("overdue", {"overdue_only": True}),
        ("round >= 2", {"min_round": 2}),
        (
            "status+unit+category",
            {
                "statuses": ("referred", "replied"),
                "unit_ids": (units["浉河区医疗保障局"],),
                "category_ids": (cats["医保"],),
            },
        ),
        (
            "date+channel+status",
            {
                "received_from": date(2025, 1, 1),
                "received_to": date(2025, 12, 31),
                "channels": ("walk_in", "forum"),
                "statuses": ("signed_off",),
            },
        ),
        ("overdue + unit", {"overdue_only": True, "unit_ids": (units["信阳市公安局交通警察支队浉河大队"],)}),
        ("round>=2 + category 物业", {"min_round": 2, "category_ids": (cats["物业"],)}),
        ("search 1 char: 张 (common)", {"text": "张"}),
        ("search 1 char: 亓 (rare)", {"text": "亓"}),
        ("search 1 char: 鑫 (no hit)", {"text": "鑫"}),
        ("search 2 chars: 电梯", {"text": "电梯"}),
        ("search 2 chars: 医保", {"text": "医保"}),
        ("search 2 chars: 打桩 (rarer)", {"text": "打桩"}),
        ("search 2 chars: 亓国 (rare)", {"text": "亓国"}),
        ("search 2 chars: 鲸鱼 (no hit)", {"text": "鲸鱼"}),
        ("search 3+: 加装电梯", {"text": "加装电梯"}),
        ("search 3+: 养老金资格认证", {"text": "养老金资格认证"}),
        ("search 3+: 量子计算机 (no hit)", {"text": "量子计算机"}),
        ("search serial 〔2024〕第015号", {"text": "〔2024〕第015号"}),
        (f"search phone {phone}", {"text": phone}),
        (f"search phone part {phone[-4:]}", {"text": phone[-4:]}),
        ("search 电梯 + status referred", {"text": "电梯", "statuses": ("referred",)}),
        ("search 张 + category 医保", {"text": "张", "category_ids": (cats["医保"],)}),
        ("search 飞线 充电 (2 terms)", {"text": "飞线 充电"}),
        *class_cases(store),
    ]


def _print_plans(store: DeskStore, only: str, limit: int) -> None:
    """Every statement a list and a count run, with SQLite's plan for it."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append((statement, parameters))

    event.listen(store.db.engine, "before_cursor_execute", capture)
    for name, kwargs in cases(store):
        if only and only not in name:
            continue
        f = CaseFilter(today=store.today(), **kwargs)
        for what, fn in (
            ("list", lambda f=f: store.list_cases(f, 0, limit)),
            ("count", lambda f=f: store.count_cases(f)),
        ):
            seen.clear()
            fn()
            print(f"== {name}: {what}")
            for statement, parameters in list(seen):
                print(" ".join(statement.split()))
                with store.db.engine.connect() as conn:
                    for row in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters):  # type: ignore[arg-type]
                        print("   ", row[3])
    event.remove(store.db.engine, "before_cursor_execute", capture)


def class_cases(store: DeskStore) -> list[tuple[str, dict]]:
    """The 类案 filter (issue 14), when the desk has classes (--seed-classes)."""
    from desk_app.storage.class_store import ClassStore

    biggest = max(ClassStore(store).classes(), key=lambda c: c.members, default=None)
    if biggest is None:
        return []
    return [
        ("class: any", {"in_class": True}),
        ("class: none", {"in_class": False}),
        (f"class: one ({biggest.members} cases)", {"class_ids": (biggest.id,)}),
        ("class: any + status referred", {"in_class": True, "statuses": ("referred",)}),
        ("class: any + search 电梯", {"in_class": True, "text": "电梯"}),
    ]


def orders(store: DeskStore, runs: int, limit: int) -> None:
    """The first page of every case in each column's order, both ways (the last page too)."""
    total = store.count_cases(CaseFilter(today=store.today()))
    header = f"{'order':<36}{'first med':>10}{'first p95':>10}{'last med':>10}{'last p95':>10}"
    print()
    print(f"orders of all {total} cases, first and last page of {limit}")
    print(header)
    print("-" * len(header))
    f = CaseFilter(today=store.today())
    for key in SORT_KEYS:
        for descending in (False, True):
            order = CaseOrder(key, descending)
            first_med, first_p95, _ = _timed(lambda o=order: store.list_cases(f, 0, limit, o), runs)
            last_med, last_p95, _ = _timed(
                lambda o=order: store.list_cases(f, total - limit, limit, o, total=total), runs
            )
            name = f"{key} {'desc' if descending else 'asc'}"
            print(f"{name:<36}{first_med:>10.1f}{first_p95:>10.1f}{last_med:>10.1f}{last_p95:>10.1f}")


def seed_classes(store: DeskStore, n: int, seed: int = 14) -> int:
    """N case classes of 2-20 random cases each, a third settled (the desk must have none)."""
    from sqlalchemy import func, select

    from desk_app.storage.class_store import ClassStore
    from desk_app.storage.models import CaseClass, Reception

    with store.db.reading() as s:
        if s.scalar(select(func.count()).select_from(CaseClass)):
            return 0
        ids = list(s.scalars(select(Reception.id).where(Reception.status.not_in(("voided", "merged")))))
    rng = random.Random(seed)
    picked = rng.sample(ids, min(len(ids), n * 21))
    by = store.operators()[0].id
    classes = ClassStore(store)
    members = 0
    for k in range(n):
        size = rng.randint(2, 20)
        chosen, picked = picked[:size], picked[size:]
        class_id = classes.form(chosen[0], f"类案{k:03d} 老旧小区加装电梯", by=by)
        for rid in chosen[1:]:
            classes.add(class_id, rid, by=by)
        members += len(chosen)
        if k % 3 == 0:
            classes.settle(class_id, note="出台统一办法", settled_on=store.today(), by=by)
    return members


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--limit", type=int, default=200, help="page size (the case list uses 200)")
    parser.add_argument("--cases", type=int, default=build_db.DEFAULT_CASES)
    parser.add_argument("--only", default="", help="run only queries whose name contains this")
    parser.add_argument("--dir", type=Path, default=None, help="the database's folder (default by --cases)")
    parser.add_argument(
        "--plan",
        action="store_true",
        help="print each statement's EXPLAIN QUERY PLAN (with --only), no timings",
    )
    parser.add_argument("--seed-classes", type=int, default=0, help="give a desk without classes N of them")
    parser.add_argument("--orders", action="store_true", help="also time every column's order")
    args = parser.parse_args(argv)
    folder = build_db.ensure(args.cases, args.dir)
    store = DeskStore.open(folder, clock=lambda: build_db.NOW)
    if args.plan:
        try:
            _print_plans(store, args.only, args.limit)
        finally:
            store.close()
        return 0
    if args.seed_classes:
        seeded = seed_classes(store, args.seed_classes)
        print(f"seeded {args.seed_classes} classes of {seeded} cases" if seeded else "the desk has classes")
    worst = (0.0, "")
    over = []
    try:
        header = f"{'query':<36}{'hits':>8}{'list med':>10}{'list p95':>10}{'count med':>11}{'count p95':>11}"
        print(
            f"{args.cases} cases, first page of {args.limit}, {args.runs} warm runs, times in ms; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        print(header)
        print("-" * len(header))
        for name, kwargs in cases(store):
            if args.only and args.only not in name:
                continue
            f = CaseFilter(today=store.today(), **kwargs)
            l_med, l_p95, rows = _timed(lambda f=f: store.list_cases(f, 0, args.limit), args.runs)
            c_med, c_p95, n = _timed(lambda f=f: store.count_cases(f), args.runs)
            flag = " !" if max(l_p95, c_p95) > TARGET_MS else ""
            print(f"{name:<36}{n:>8}{l_med:>10.1f}{l_p95:>10.1f}{c_med:>11.1f}{c_p95:>11.1f}{flag}")
            assert len(rows) == min(n, args.limit), (name, len(rows), n)  # type: ignore[arg-type]
            for t, what in ((l_p95, "list"), (c_p95, "count")):
                if t > worst[0]:
                    worst = (t, f"{what}: {name}")
                if t > TARGET_MS:
                    over.append(f"{what}: {name} ({t:.0f} ms)")
        print("-" * len(header))
        print(
            f"worst p95: {worst[0]:.1f} ms ({worst[1]}); target {TARGET_MS:.0f} ms; "
            + ("all within target" if not over else f"over target: {'; '.join(over)}")
        )
        if args.orders:
            orders(store, args.runs, args.limit)
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
