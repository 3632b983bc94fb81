"""The district centre's desk (issue 13): a district of 20 stations and 100,000 cases.

    .venv/bin/python benchmarks/bench_centre.py [--runs 5]

Starts from the 100,000-case benchmark desk (benchmarks/build_db.py, built on first use), copied
to a scratch folder and made a centre's: 19 more stations, the cases dealt round-robin over the
20 (their slips follow their case), 3% of them sent up to the centre (level and a case_event
each), the desk enrolled for a district (no station of its own). Then it times, repeated and
reported as medians:

- the centre's tally of a quarter: every station side by side with the district total
  (store.centre_tally; target < 2 s);
- the station picker switching the case list to one station: what the list model runs when its
  filter changes, the count and the first page (target < 200 ms), and back to 全部站点.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for extra in (ROOT, ROOT / "benchmarks"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

import build_db  # noqa: E402

from desk_app.domain.periods import quarter_period  # noqa: E402
from desk_app.storage.coltypes import id_param, id_value, time_param  # noqa: E402
from desk_app.storage.db import database_path  # noqa: E402
from desk_app.storage.models import utcnow  # noqa: E402
from desk_app.storage.queries import CaseFilter  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

STATIONS = 20
SENT_UP_EVERY = 33  # about 3% of the cases


def make_district(folder: Path) -> list[str]:
    """Copy the 100k desk into `folder` and make it a district centre's; returns the station ids."""
    source = build_db.ensure()
    shutil.copytree(source, folder, dirs_exist_ok=True)
    # Open once through DeskStore: the copy is upgraded to this code's schema (reception.level).
    DeskStore.open(folder, clock=lambda: build_db.NOW).close()
    db = sqlite3.connect(database_path(folder))
    [(first,)] = db.execute("SELECT id FROM station").fetchall()
    ids = [str(id_value(first))]  # ids and times as the desk stores them (storage/coltypes.py)
    made = time_param(utcnow())
    for n in range(2, STATIONS + 1):
        sid = str(uuid.uuid4())
        db.execute(
            "INSERT INTO station (id, created_at, updated_at, name, short_name, kind, district, serial_pattern,"
            " callback_working_days, refer_working_days)"
            " VALUES (?, ?, ?, ?, ?, 'township_station', '浉河区', '', 1, 3)",
            (id_param(sid), made, made, f"浉河区第{n:02d}街道人大代表工作站", f"第{n:02d}站"),
        )
        ids.append(sid)
    db.execute("CREATE TEMP TABLE pick (n INTEGER PRIMARY KEY, id BLOB)")
    db.executemany("INSERT INTO pick VALUES (?, ?)", [(n, id_param(i)) for n, i in enumerate(ids)])
    db.execute(
        f"UPDATE reception SET station_id = (SELECT id FROM pick WHERE n = reception.rowid % {STATIONS})"
    )
    db.execute(
        "UPDATE referral SET station_id = (SELECT station_id FROM reception WHERE reception.id = referral.reception_id)"
    )
    db.execute(f"UPDATE reception SET level = 'centre' WHERE rowid % {SENT_UP_EVERY} = 0")
    db.execute(
        "INSERT INTO case_event (id, created_at, updated_at, reception_id, round_no, kind, at, reason, fields)"
        " SELECT randomblob(16), :made, :made, id, round_no, 'transferred_up',"
        f" received_at, '需区里协调', '' FROM reception WHERE rowid % {SENT_UP_EVERY} = 0",
        {"made": made},
    )
    for key, value in (("sync.desk_id", '"centre-desk"'), ("sync.station_id", "null")):
        db.execute("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", (key, value))
    db.commit()
    db.execute("ANALYZE")
    db.close()
    return ids


def timed(fn, runs: int) -> tuple[float, float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times), result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    scratch = Path(tempfile.mkdtemp(prefix="bench-centre-"))
    try:
        t = time.perf_counter()
        ids = make_district(scratch)
        made = time.perf_counter() - t
        store = DeskStore.open(scratch, clock=lambda: build_db.NOW)
        assert store.is_centre_desk() and len(store.stations()) == STATIONS
        quarter = quarter_period(2026, 3)
        today = build_db.NOW.date()
        print(
            f"district of {STATIONS} stations, 100k cases (made in {made:.1f} s); runs={args.runs}; "
            f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        print(f"{'operation':<58}{'median ms':>11}{'max ms':>10}")
        print("-" * 79)

        def tally():  # type: ignore[no-untyped-def]
            return store.centre_tally(quarter)

        med, worst, data = timed(tally, args.runs)
        print(f"{'centre tally, ' + quarter.label + ' (20 stations + total)':<58}{med:>11.0f}{worst:>10.0f}")
        assert data is not None
        print(
            f"  (district total: {data.total.figures.opinions} opinions, "  # type: ignore[attr-defined]
            f"{data.total.levels.handled_by_centre} handled by the centre)"
        )  # type: ignore[attr-defined]

        def switch(station_ids: tuple[str, ...]):  # type: ignore[no-untyped-def]
            f = CaseFilter(today=today, station_ids=station_ids)
            n = store.count_cases(f)
            page = store.list_cases(f, 0, 100, total=n)
            return n, len(page)

        for label, chosen in (
            ("picker: one station (count + first page)", (ids[7],)),
            ("picker: back to 全部站点", ()),
        ):
            med, worst, result = timed(lambda c=chosen: switch(c), args.runs)
            print(f"{label:<58}{med:>11.0f}{worst:>10.0f}   {result}")
        open_statuses = ("awaiting_referral", "referred", "replied")

        def switch_open():  # type: ignore[no-untyped-def]
            f = CaseFilter(today=today, station_ids=(ids[3],), statuses=open_statuses)
            n = store.count_cases(f)
            return n, len(store.list_cases(f, 0, 100, total=n))

        med, worst, result = timed(switch_open, args.runs)
        print(f"{'picker: one station, open cases only':<58}{med:>11.0f}{worst:>10.0f}   {result}")
        store.close()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
