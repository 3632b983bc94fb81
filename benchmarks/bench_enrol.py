"""Enrolment of a big standalone desk (issue 16), and what it costs the first push's reads.

    .venv/bin/python benchmarks/bench_enrol.py [--desk FILE] [--tmp DIR] [--runs 3] [--push-read]
                                               [--copy-slips]

1. the desk file is copied into a folder under --tmp (default /dev/shm: the disk of a shared
   machine stalls; the original is never written) and opened once: the migrations to head (and
   the deadlines an upgraded desk recomputes), timed apart, with their slowest statements;
2. --runs times: a fresh copy of that migrated file, a real `desk-server serve` on 127.0.0.1, a
   station and a code made there, then `SyncEngine.enroll` timed as a whole, with every SQL
   statement it runs timed (SQLAlchemy cursor events; the slowest are printed) and its commit
   (from the last commit event to the return); "the rest" is the HTTP call and the credential
   store;
3. --push-read: on the last run's enrolled copy, every unpushed change read as the push reads
   it (`SyncEngine._pending_batch`, 1,000 a batch; each batch then marked pushed in SQL, not
   timed, so the next read gets the next batch): the cost of serializing the first push, where
   this branch maps the desk's old station id to the server's.

--copy-slips, for a desk of more than 100k cases made by `build_db.py` (which copies the
receptions only: a 1M desk has the base desk's 72,543 slips): before the first open, every slip is
copied to each copy of its case, named the way build_db names the copies (ids end in x01, x02...;
serials carry the station's short name numbered; the serial's number + k x 1,000,000, so that
(station, year, number) stays unique), in plain SQL with no change-log entries, as the receptions
were. Enrolment rewrites the station id of every slip too; the change log stays the base desk's.

Each step also prints this process's CPU time (SQLite runs in it; the server's is not counted):
on a shared machine the wall time follows the load, the CPU time much less.

Run another checkout's code with BENCH_CODE_ROOT=/path (the "before"; the same steps).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("BENCH_CODE_ROOT", Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(ROOT))

from sqlalchemy import Engine, event, text  # noqa: E402

from desk_app.storage import coltypes  # noqa: E402
from desk_app.storage.coltypes import ID_SQL, ID_TEXT_SQL  # noqa: E402
from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine  # noqa: E402
from tests.server_process import ServerProcess  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


class StatementTimer:
    """Times every SQL statement of `target` (an engine, or the Engine class: all engines)."""

    def __init__(self, target: Any) -> None:
        self.target = target
        self.timed: list[tuple[float, str]] = []
        event.listen(target, "before_cursor_execute", self.before)
        event.listen(target, "after_cursor_execute", self.after)

    def before(self, conn: Any, _cur: Any, _stmt: Any, _params: Any, _ctx: Any, _many: Any) -> None:
        conn.info["bench_t"] = time.perf_counter()

    def after(self, conn: Any, _cur: Any, stmt: str, _params: Any, _ctx: Any, _many: Any) -> None:
        self.timed.append((time.perf_counter() - conn.info["bench_t"], " ".join(stmt.split())[:90]))

    def remove(self) -> None:
        event.remove(self.target, "before_cursor_execute", self.before)
        event.remove(self.target, "after_cursor_execute", self.after)

    def print_slowest(self, top: int) -> None:
        for t, stmt in sorted(self.timed, reverse=True)[:top]:
            print(f"    {t:6.3f} s  {stmt}")


def enrol_once(base: Path, work: Path, top: int) -> tuple[DeskStore, SyncEngine]:
    run = work / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    shutil.copyfile(base / DB_FILENAME, run / DB_FILENAME)
    store = DeskStore.open(run)
    timer = StatementTimer(store.db.engine)
    timed = timer.timed
    commits: list[float] = []

    @event.listens_for(store.db.engine, "commit")
    def committing(_conn: Any) -> None:
        commits.append(time.perf_counter())

    engine = SyncEngine(store)
    shutil.rmtree(work / "server", ignore_errors=True)  # a server of its own each run
    with ServerProcess(work / "server") as server:
        district = server.admin.create_district("浉河区")
        station = server.admin.create_station(district)
        code = server.admin.enroll_code(station_id=station)
        timed.clear()
        cpu = time.process_time()
        started = time.perf_counter()
        engine.enroll(server.url, code)
        ended = time.perf_counter()
        cpu = time.process_time() - cpu
        total = ended - started
    engine.close()
    timer.remove()
    event.remove(store.db.engine, "commit", committing)
    statements = sum(t for t, _ in timed)
    commit = ended - commits[-1]  # the enrolment's transaction is its last
    print(
        f"enrolment {total:6.2f} s: {len(timed)} statements {statements:.2f} s, its commit {commit:.2f} s, "
        f"the rest (HTTP, credential store) {total - statements - commit:.2f} s; cpu {cpu:.2f} s; "
        f"load {load()}",
        flush=True,
    )
    timer.print_slowest(top)
    return store, engine


def push_read(store: DeskStore, engine: SyncEngine) -> None:
    engine.push_batch = 1000
    reading = 0.0
    cpu = 0.0
    n = 0
    while True:
        started, cpu_started = time.perf_counter(), time.process_time()
        batch = engine._pending_batch()
        reading += time.perf_counter() - started
        cpu += time.process_time() - cpu_started
        if not batch:
            break
        n += len(batch)
        with store.db.engine.begin() as conn:
            conn.execute(
                text(
                    f"UPDATE change_log SET pushed = 1 WHERE id IN (SELECT {ID_SQL}(value) FROM json_each(:ids))"
                ),
                {"ids": json.dumps([c["id"] for c in batch])},
            )
    print(
        f"push read: {n:,} changes in {reading:.1f} s ({n / reading:,.0f}/s), cpu {cpu:.1f} s; load {load()}",
        flush=True,
    )


def copy_slips(db_file: Path) -> int:
    """Give a copied desk's copied cases their slips (see --copy-slips); the number of slips."""
    import sqlite3

    con = sqlite3.connect(db_file)
    try:
        info = json.loads(
            con.execute("SELECT value FROM setting WHERE key = 'benchmark_build'").fetchone()[0]
        )
        copies = info["cases"] // info["copies_of"]
        short_name = con.execute("SELECT short_name FROM station").fetchone()[0]
        columns = [r[1] for r in con.execute("PRAGMA table_info(referral)")]
        # The ids of copy k, as build_db.build_copies makes the cases' (the version digit of a
        # UUID4 made one of 14 others), stored as 16 bytes.
        coltypes.register_functions(con)
        copy_id = (
            f"{ID_SQL}(substr({ID_TEXT_SQL}({{c}}), 1, 14) || substr('12356789abcdef', k, 1) "
            f"|| substr({ID_TEXT_SQL}({{c}}), 16))"
        )
        changed = {
            "id": copy_id.format(c="id"),
            "reception_id": copy_id.format(c="reception_id"),
            "serial": "replace(serial, :short, :short || k)",
            "serial_seq": "serial_seq + k * 1000000",
        }
        con.execute("PRAGMA journal_mode = WAL")
        with con:
            con.execute(
                f"WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < {copies}) "
                f"INSERT INTO referral ({', '.join(columns)}) "
                f"SELECT {', '.join(changed.get(c, c) for c in columns)} FROM n, referral",
                {"short": short_name},
            )
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        orphans = con.execute(
            "SELECT count(*) FROM referral WHERE reception_id NOT IN (SELECT id FROM reception)"
        ).fetchone()[0]
        assert orphans == 0, f"{orphans} slips of no case"
        return int(con.execute("SELECT count(*) FROM referral").fetchone()[0])
    finally:
        con.close()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--desk", type=Path, default=None, help="a desk file (default: the 100k benchmark desk)")
    ap.add_argument("--tmp", type=Path, default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--top", type=int, default=5, help="slowest statements printed per run")
    ap.add_argument("--push-read", action="store_true")
    ap.add_argument(
        "--copy-slips", action="store_true", help="copy the slips to the copied cases (build_db copies)"
    )
    args = ap.parse_args()
    if args.desk is None:
        sys.path.insert(1, str(Path(__file__).resolve().parent))
        import build_db

        source = build_db.ensure() / DB_FILENAME
    else:
        source = args.desk
    import desk_app

    print(f"code {Path(desk_app.__file__).parent}; desk {source}; load {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="desk-bench-enrol-", dir=args.tmp) as tmp:
        work = Path(tmp)
        base = work / "base"
        base.mkdir()
        shutil.copyfile(source, base / DB_FILENAME)
        if args.copy_slips:
            started = time.perf_counter()
            n = copy_slips(base / DB_FILENAME)
            print(
                f"slips copied to the copied cases: {n:,} slips ({time.perf_counter() - started:.1f} s)",
                flush=True,
            )
        timer = StatementTimer(Engine)  # the migrations' own engine and connections too
        started, cpu = time.perf_counter(), time.process_time()
        DeskStore.open(base).close()
        took, cpu = time.perf_counter() - started, time.process_time() - cpu
        timer.remove()
        print(
            f"opened (migrated to head) {took:.1f} s, cpu {cpu:.1f} s; load {load()}; "
            f"{len(timer.timed)} statements {sum(t for t, _ in timer.timed):.1f} s, the slowest:",
            flush=True,
        )
        timer.print_slowest(args.top)
        store = engine = None
        for _ in range(args.runs):
            if store is not None:
                store.close()
            store, engine = enrol_once(base, work, args.top)
        assert store is not None and engine is not None
        if args.push_read:
            push_read(store, engine)
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
