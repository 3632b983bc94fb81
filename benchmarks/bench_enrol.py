"""Enrolment of a big standalone desk (issue 16), and what it costs the first push's reads.

    .venv/bin/python benchmarks/bench_enrol.py [--desk FILE] [--tmp DIR] [--runs 3] [--push-read]

1. the desk file is copied into a folder under --tmp (default /dev/shm: the disk of a shared
   machine stalls; the original is never written) and opened once: the migrations to head, timed
   apart;
2. --runs times: a fresh copy of that migrated file, a real `desk-server serve` on 127.0.0.1, a
   station and a code made there, then `SyncEngine.enroll` timed as a whole, with every SQL
   statement it runs timed (SQLAlchemy cursor events; the slowest are printed) and its commit
   (from the last commit event to the return); "the rest" is the HTTP call and the credential
   store;
3. --push-read: on the last run's enrolled copy, every unpushed change read as the push reads
   it (`SyncEngine._pending_batch`, 1,000 a batch; each batch then marked pushed in SQL, not
   timed, so the next read gets the next batch): the cost of serializing the first push, where
   this branch maps the desk's old station id to the server's.

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

from sqlalchemy import event, text  # noqa: E402

from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine  # noqa: E402
from tests.server_process import ServerProcess  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def enrol_once(base: Path, work: Path, top: int) -> tuple[DeskStore, SyncEngine]:
    run = work / "run"
    shutil.rmtree(run, ignore_errors=True)
    run.mkdir()
    shutil.copyfile(base / DB_FILENAME, run / DB_FILENAME)
    store = DeskStore.open(run)
    timed: list[tuple[float, str]] = []

    @event.listens_for(store.db.engine, "before_cursor_execute")
    def before(conn: Any, _cur: Any, _stmt: Any, _params: Any, _ctx: Any, _many: Any) -> None:
        conn.info["bench_t"] = time.perf_counter()

    @event.listens_for(store.db.engine, "after_cursor_execute")
    def after(conn: Any, _cur: Any, stmt: str, _params: Any, _ctx: Any, _many: Any) -> None:
        timed.append((time.perf_counter() - conn.info["bench_t"], " ".join(stmt.split())[:90]))

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
        started = time.perf_counter()
        engine.enroll(server.url, code)
        ended = time.perf_counter()
        total = ended - started
    engine.close()
    event.remove(store.db.engine, "before_cursor_execute", before)
    event.remove(store.db.engine, "after_cursor_execute", after)
    event.remove(store.db.engine, "commit", committing)
    statements = sum(t for t, _ in timed)
    commit = ended - commits[-1]  # the enrolment's transaction is its last
    print(
        f"enrolment {total:6.2f} s: {len(timed)} statements {statements:.2f} s, its commit {commit:.2f} s, "
        f"the rest (HTTP, credential store) {total - statements - commit:.2f} s; load {load()}",
        flush=True,
    )
    for t, stmt in sorted(timed, reverse=True)[:top]:
        print(f"    {t:6.3f} s  {stmt}")
    return store, engine


def push_read(store: DeskStore, engine: SyncEngine) -> None:
    engine.push_batch = 1000
    reading = 0.0
    n = 0
    while True:
        started = time.perf_counter()
        batch = engine._pending_batch()
        reading += time.perf_counter() - started
        if not batch:
            break
        n += len(batch)
        with store.db.engine.begin() as conn:
            conn.execute(
                text("UPDATE change_log SET pushed = 1 WHERE id IN (SELECT value FROM json_each(:ids))"),
                {"ids": json.dumps([c["id"] for c in batch])},
            )
    print(f"push read: {n:,} changes in {reading:.1f} s ({n / reading:,.0f}/s); load {load()}", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--desk", type=Path, default=None, help="a desk file (default: the 100k benchmark desk)")
    ap.add_argument("--tmp", type=Path, default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--top", type=int, default=5, help="slowest statements printed per run")
    ap.add_argument("--push-read", action="store_true")
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
        started = time.perf_counter()
        DeskStore.open(base).close()
        print(f"opened (migrated to head) {time.perf_counter() - started:.1f} s; load {load()}", flush=True)
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
