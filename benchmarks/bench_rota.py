"""Rota and roster figures of issue 3: a quarter's rota for 20 stations and 400 deputies, and a
roster import of 2,000 rows.

    .venv/bin/python benchmarks/bench_rota.py [--runs 5]

Timed, each as the median (and max) of --runs runs after one warm-up:
- make_rota (the pure function, desk_app.domain.rota) for 2026-10-01..2026-12-31;
- DeskStore.make_rota on a real SQLite file with the same stations, groups and deputies: into
  an empty quarter (reads the pattern, writes every place with its change-log entry), and again
  over the rota just made (nothing changes, nothing is written);
- reading a 2,000-row roster .xlsx (reports.roster_xlsx.read_roster) and applying it with
  DeskStore.import_roster, first into an empty desk (2,000 inserts) and again (all unchanged).
Targets (issue 3): rota < 1 s; roster import of 2,000 rows < 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from sqlalchemy import delete  # noqa: E402

from desk_app import demo  # noqa: E402
from desk_app.domain.roster import COLUMN_ZH, COLUMNS, RosterEntry  # noqa: E402
from desk_app.domain.rota import Period, SlotTemplate, StationPlan, make_rota  # noqa: E402
from desk_app.domain.vocab import DEPUTY_LEVEL_ZH, DeputyLevel  # noqa: E402
from desk_app.reports.roster_xlsx import read_roster  # noqa: E402
from desk_app.storage import secrets  # noqa: E402
from desk_app.storage.models import RotaAssignment, Station  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

START, END = date(2026, 10, 1), date(2026, 12, 31)
STATIONS, DEPUTIES, SERVICE_CENTRES = 20, 400, 5
LEVELS = list(DeputyLevel)


def _timed(fn: Callable[[], object], runs: int) -> tuple[float, float, object]:
    result = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), max(times), result


def _station_layout(deputy_ids: list[str]) -> list[tuple[list[SlotTemplate], dict[str, tuple[str, ...]]]]:
    """Per station: its 20 deputies in groups. Service centres: a group of 4 each weekday, 3 on
    duty all day. Studios and posts: one morning a week, 3 deputies from one group of 5, plus an
    afternoon of 2 from the whole roster (slot without a group)."""
    per = len(deputy_ids) // STATIONS
    layout = []
    for i in range(STATIONS):
        mine = deputy_ids[i * per : (i + 1) * per]
        if i < SERVICE_CENTRES:
            groups = {f"g{i}-{wd}": tuple(mine[wd * 4 : (wd + 1) * 4]) for wd in range(5)}
            slots = [SlotTemplate(wd, Period.FULL_DAY, 3, f"g{i}-{wd}") for wd in range(5)]
        else:
            groups = {f"g{i}-{k}": tuple(mine[k * 5 : (k + 1) * 5]) for k in range(4)}
            slots = [
                SlotTemplate(i % 5, Period.MORNING, 3, f"g{i}-{i % 4}"),
                SlotTemplate((i + 2) % 5, Period.AFTERNOON, 2),
            ]
        layout.append((slots, groups))
    return layout


def bench_pure(runs: int) -> list[str]:
    ids = [f"d{i:03d}" for i in range(DEPUTIES)]
    plans = [
        StationPlan(f"s{i:02d}", tuple(slots), tuple(ids), groups)
        for i, (slots, groups) in enumerate(_station_layout(ids))
    ]
    away = {d: {date(2026, 11, 1 + n % 28)} for n, d in enumerate(ids[::7])}
    med, worst, rota = _timed(lambda: make_rota(plans, START, END, unavailable=away), runs)
    places = sum(len(a.deputy_ids) for a in rota.assignments)  # type: ignore[attr-defined]
    return [
        f"{'make_rota (pure function)':40s} {med * 1000:9.1f} {worst * 1000:9.1f}   "
        f"{places} places, {len(rota.unfilled)} unfilled"
    ]  # type: ignore[attr-defined]


def _roster_entries(n: int) -> list[RosterEntry]:
    return [
        RosterEntry(
            f"代表{i:04d}",
            LEVELS[i % len(LEVELS)],
            constituency=f"第{i % 30 + 1}选区",
            work_unit=f"单位{i % 97}",
            expertise=("法律", "医疗", "金融", "教育")[i % 4],
            phone=f"139{i:08d}",
        )
        for i in range(n)
    ]


def bench_store(runs: int, tmp: Path) -> list[str]:
    store = DeskStore.open(tmp / "rota")
    clerk = store.set_up(
        station_name="总站",
        short_name="总站",
        kind="service_centre_station",
        district="",
        operator_name="李明",
        secret=demo.CLERK_PIN,
    )
    store.import_roster(_roster_entries(DEPUTIES), by=clerk.id)
    ids = sorted(d.id for d in store.deputy_profiles())
    with store.db.writing(clerk.id) as s:
        for i in range(1, STATIONS):
            s.add(
                Station(
                    name=f"站点{i:02d}",
                    short_name=f"站{i:02d}",
                    kind="studio",
                    district="",
                    serial_pattern="{prefix}〔{year}〕第{seq:03d}号",
                )
            )
    station_ids = [st.id for st in _stations(store)]
    for station_id, (slots, groups) in zip(station_ids, _station_layout(ids), strict=True):
        real = {
            name: store.save_duty_group(by=clerk.id, name=name, deputy_ids=members, station_id=station_id)
            for name, members in groups.items()
        }
        store.set_duty_pattern(
            [SlotTemplate(t.weekday, t.period, t.needed, real.get(t.group_id or "")) for t in slots],
            by=clerk.id,
            station_id=station_id,
        )
    first = []
    for _ in range(runs + 1):
        with store.db.writing(None) as s:  # start from an empty quarter (not timed)
            s.execute(delete(RotaAssignment))
        t = time.perf_counter()
        made = store.make_rota(START, END, by=clerk.id)
        first.append(time.perf_counter() - t)
    first = first[1:]
    med, worst, _ = _timed(lambda: store.make_rota(START, END, by=clerk.id), runs)
    store.close()
    return [
        f"{'DeskStore.make_rota, empty quarter':40s} {statistics.median(first) * 1000:9.1f} "
        f"{max(first) * 1000:9.1f}   {made.assignments} places, {made.slots} slots, {len(made.unfilled)} unfilled",
        f"{'DeskStore.make_rota again (no change)':40s} {med * 1000:9.1f} {worst * 1000:9.1f}",
    ]


def _stations(store: DeskStore) -> list[Station]:
    from sqlalchemy import select

    with store.db.reading() as s:
        return list(s.scalars(select(Station).order_by(Station.created_at, Station.name)))


def bench_roster(runs: int, tmp: Path) -> list[str]:
    path = tmp / "roster2000.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.title = "代表名册"
    ws.append([COLUMN_ZH[c] for c in COLUMNS])
    for e in _roster_entries(2000):
        ws.append([e.name, DEPUTY_LEVEL_ZH[e.level], e.constituency, e.work_unit, e.expertise, e.phone, "是"])
    wb.save(path)
    med_read, max_read, read = _timed(lambda: read_roster(path), runs)
    entries = [e for _row, e in read.entries]  # type: ignore[attr-defined]
    first, second = [], []
    for n in range(runs + 1):
        store = DeskStore.open(tmp / f"roster{n}")
        clerk = store.set_up(
            station_name="站",
            short_name="站",
            kind="studio",
            district="",
            operator_name="李明",
            secret=demo.CLERK_PIN,
        )
        t = time.perf_counter()
        result = store.import_roster(entries, by=clerk.id)
        first.append(time.perf_counter() - t)
        assert result.added == 2000
        t = time.perf_counter()
        again = store.import_roster(entries, by=clerk.id)
        second.append(time.perf_counter() - t)
        assert again.unchanged == 2000
        store.close()
    first, second = first[1:], second[1:]  # the first desk is the warm-up
    return [
        f"{'read_roster (2,000-row .xlsx)':40s} {med_read * 1000:9.1f} {max_read * 1000:9.1f}   "
        f"{len(entries)} entries, {len(read.errors)} errors",  # type: ignore[attr-defined]
        f"{'import_roster, empty desk (2,000 new)':40s} {statistics.median(first) * 1000:9.1f} "
        f"{max(first) * 1000:9.1f}",
        f"{'import_roster again (2,000 unchanged)':40s} {statistics.median(second) * 1000:9.1f} "
        f"{max(second) * 1000:9.1f}",
        f"{'read + import (empty desk), median':40s} {(med_read + statistics.median(first)) * 1000:9.1f}",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from argon2 import PasswordHasher

    secrets._hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)  # set-up only
    print(
        f"{STATIONS} stations, {DEPUTIES} deputies, {START}..{END}; runs={args.runs}; "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"{'operation':40s} {'median ms':>9s} {'max ms':>9s}")
    print("-" * 62)
    with tempfile.TemporaryDirectory() as tmp:
        for line in (
            bench_pure(args.runs) + bench_store(args.runs, Path(tmp)) + bench_roster(args.runs, Path(tmp))
        ):
            print(line)
    print("targets: a quarter's rota < 1 s; roster import of 2,000 rows (read + apply) < 2 s")


if __name__ == "__main__":
    main()
