"""Desk file size and the change log (issue 16), on a copy of the 100k-case benchmark desk.

    .venv/bin/python benchmarks/bench_storage.py [--desk FILE] [--runs 20] [--grow 1000000] [--no-enrol]

Steps, each on a copy in a temporary folder (nothing in benchmarks/out/ is changed):
1. the file as given (default: benchmarks/out/desk-100k, built by build_db.py): size, and the
   change log's share (dbstat: the table and its indexes);
2. opened by this desk (migrations to head timed: 0008 rewrites every entry as compact UTF-8);
3. enrolment with a real `desk-server serve` on 127.0.0.1 (`SyncEngine.enroll`: the station id
   rewritten in every row; before the branch enrol, in the whole log too; bench_enrol.py times
   it per statement);
4. the sync status line's refresh after a save (`SyncEngine.status`, median of --runs) with
   every change still to push, then with the log grown to --grow unpushed changes (copies of its
   entries under new ids);
5. (this code only) the server's confirmation simulated (`pushed = 1` for every entry, as a
   first push marks them), the compaction (`SyncEngine.compact`, in its chunks), the size, then
   (schema 0021 on) the drop of the folded inserts as it happens 90 days later
   (`SyncEngine.drop_folded` with its clock moved on), then `VACUUM` (what `desk-app compact
   --vacuum` does) and the size again.
6. --breakdown: the file's pages per table with its indexes (dbstat), as given and at the end.

--desk FILE measures another file, e.g. one built by an older checkout (the "before"). Run under
an older checkout's code (PYTHONPATH) the steps it lacks are skipped.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_CODE_ROOT", Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine  # noqa: E402
from tests.server_process import ServerProcess  # noqa: E402

LOG_OBJECTS = (
    "change_log",
    "ix_change_log_entity",
    "ix_change_log_pending",
    "ix_change_log_unpushed_entity",
    "sqlite_autoindex_change_log_1",
)


def mb(n: float) -> str:
    return f"{n / 1e6:.0f} MB"


def sizes(db: Path) -> tuple[int, int, int]:
    """(file bytes, change log bytes with its indexes, change_log.changes bytes)."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        names = ",".join(f"'{n}'" for n in LOG_OBJECTS)
        log = conn.execute(f"SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ({names})").fetchone()[
            0
        ]
        payload = conn.execute(
            "SELECT coalesce(sum(length(CAST(changes AS BLOB))), 0) FROM change_log"
        ).fetchone()[0]
    return db.stat().st_size, log, payload


def show(label: str, db: Path) -> None:
    size, log, payload = sizes(db)
    print(f"{label:<44}{mb(size):>9}   change log {mb(log)} (its JSON {mb(payload)})", flush=True)


def breakdown(label: str, db: Path, top: int = 14) -> None:
    """dbstat: the pages of each table with its indexes (FTS shadow tables on their own), largest
    first, with each object over 1 MB."""
    import sqlite3

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT d.name, coalesce(m.tbl_name, d.name), sum(d.pgsize) FROM dbstat d "
            "LEFT JOIN sqlite_master m ON m.name = d.name GROUP BY d.name"
        ).fetchall()
    tables: dict[str, list[tuple[str, int]]] = {}
    for name, table, size in rows:
        tables.setdefault(table, []).append((name, size))
    total = sum(size for _n, _t, size in rows)
    print(f"-- {label}: {mb(total)} in pages")
    ranked = sorted(tables.items(), key=lambda kv: -sum(size for _n, size in kv[1]))
    for table, objects in ranked[:top]:
        print(f"   {table:<40}{mb(sum(size for _n, size in objects)):>9}")
        for name, size in sorted(objects, key=lambda o: -o[1]):
            if size >= 1_000_000 and name != table:
                print(f"      {name:<37}{mb(size):>9}")
    rest = sum(size for _t, objects in ranked[top:] for _n, size in objects)
    print(f"   {'(the other ' + str(len(ranked) - top) + ' tables)':<40}{mb(rest):>9}", flush=True)


def timed_median(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def grow(store: DeskStore, target: int) -> None:
    """Unpushed copies of the log's entries under new ids until it holds `target` unpushed.

    A new id is 16 random bytes: what the desk stores for a UUID since migration 0023 (a text
    id here would make the grown log larger than a real one)."""
    with store.db.engine.begin() as conn:
        while (
            n := conn.execute(text("SELECT count(*) FROM change_log WHERE pushed = 0")).scalar_one()
        ) < target:
            cols = [c for c in ("entity", "entity_id", "op", "changes", "operator_id", "at", "pushed")]
            conn.execute(
                text(
                    f"INSERT INTO change_log (id, {', '.join(cols)}) SELECT randomblob(16), "
                    f"{', '.join(cols)} FROM change_log WHERE pushed = 0 LIMIT :n"
                ),
                {"n": target - n},
            )


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--desk", type=Path, default=None, help="a desk file (default: the 100k benchmark desk)")
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--grow", type=int, default=1_000_000)
    ap.add_argument("--no-enrol", action="store_true")
    ap.add_argument("--breakdown", action="store_true", help="dbstat per table, as given and at the end")
    args = ap.parse_args()
    if args.desk is None:
        sys.path.insert(1, str(Path(__file__).resolve().parent))
        import build_db  # (it puts this checkout first on sys.path)

        source = build_db.ensure() / DB_FILENAME
    else:
        source = args.desk
    import desk_app

    print(
        f"code {Path(desk_app.__file__).parent}; desk {source}; load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    new_code = hasattr(SyncEngine, "compact")
    with tempfile.TemporaryDirectory(prefix="desk-bench-storage-") as tmp:
        folder = Path(tmp) / "desk"
        folder.mkdir()
        db = folder / DB_FILENAME
        shutil.copyfile(source, db)
        show("as given", db)
        if args.breakdown:
            breakdown("as given", db)
        t = time.perf_counter()
        store = DeskStore.open(folder)
        print(f"{'opened (migrated to head)':<44}{time.perf_counter() - t:>7.1f} s", flush=True)
        store.close()
        show("after the migration", db)
        store = DeskStore.open(folder)
        engine = SyncEngine(store)
        try:
            if not args.no_enrol:
                with ServerProcess(Path(tmp) / "server") as server:
                    district = server.admin.create_district("浉河区")
                    station = server.admin.create_station(district)
                    code = server.admin.enroll_code(station_id=station)
                    t = time.perf_counter()
                    engine.enroll(server.url, code)
                    print(
                        f"{'enrolment (SyncEngine.enroll)':<44}{time.perf_counter() - t:>7.1f} s", flush=True
                    )
                engine.close()
            pending = engine.pending_count()
            ms = timed_median(engine.status, args.runs)
            print(f"{f'status() with {pending:,} to push':<44}{ms:>7.1f} ms", flush=True)
            if args.grow:
                t = time.perf_counter()
                grow(store, args.grow)
                print(
                    f"(log grown to {engine.pending_count():,} unpushed in {time.perf_counter() - t:.0f} s)"
                )
                ms = timed_median(engine.status, args.runs)
                print(f"{f'status() with {engine.pending_count():,} to push':<44}{ms:>7.1f} ms", flush=True)
                with store.db.engine.begin() as conn:  # back to the desk as it was
                    conn.execute(text("DELETE FROM change_log WHERE length(id) = 32"))
            if not new_code:
                return 0
            t = time.perf_counter()
            with store.db.engine.begin() as conn:
                conn.execute(text("UPDATE change_log SET pushed = 1"))
            print(
                f"{'(all marked pushed, as the first push does)':<44}{time.perf_counter() - t:>7.1f} s",
                flush=True,
            )
            chunks: list[float] = []  # each write transaction of the compaction, commit included
            pause = engine._pause
            mark = [time.perf_counter()]

            def timed_pause(*, more: bool) -> None:
                chunks.append((time.perf_counter() - mark[0]) * 1000)
                pause(more=more)
                mark[0] = time.perf_counter()

            engine._pause = timed_pause  # type: ignore[method-assign]
            t = time.perf_counter()
            mark[0] = t
            folded = engine.compact()
            print(
                f"{f'compaction: {folded:,} inserts folded':<44}{time.perf_counter() - t:>7.1f} s", flush=True
            )
            if chunks:
                q = statistics.quantiles(chunks, n=20) if len(chunks) > 1 else chunks * 19
                print(
                    f"  {len(chunks)} write transactions: median {statistics.median(chunks):.0f} ms, "
                    f"p95 {q[18]:.0f} ms, max {max(chunks):.0f} ms",
                    flush=True,
                )
            ms = timed_median(engine.status, args.runs)
            print(f"{'status() with nothing to push':<44}{ms:>7.1f} ms", flush=True)
            if hasattr(engine, "drop_folded"):
                engine.close()
                store.close()
                show("after the compaction", db)
                store = DeskStore.open(folder)
                engine = SyncEngine(store)
                engine._pause = timed_pause  # type: ignore[method-assign]
                from desk_app.storage import compaction
                from desk_app.storage.models import utcnow

                later = utcnow() + compaction.FOLDED_KEPT + timedelta(days=1)
                chunks.clear()
                t = time.perf_counter()
                mark[0] = t
                dropped = engine.drop_folded(now=later)
                print(
                    f"{f'drop, 90 days later: {dropped:,} entries':<44}{time.perf_counter() - t:>7.1f} s",
                    flush=True,
                )
                if chunks:
                    print(
                        f"  {len(chunks)} write transactions: median {statistics.median(chunks):.0f} ms, "
                        f"max {max(chunks):.0f} ms",
                        flush=True,
                    )
        finally:
            engine.close()
            store.close()
        show("after the compaction" + (" and the drop" if hasattr(SyncEngine, "drop_folded") else ""), db)
        import sqlite3

        t = time.perf_counter()
        with sqlite3.connect(db, isolation_level=None) as conn:
            conn.execute("PRAGMA auto_vacuum = FULL")
            conn.execute("VACUUM")
        print(f"{'VACUUM':<44}{time.perf_counter() - t:>7.1f} s", flush=True)
        show("after VACUUM", db)
        if args.breakdown:
            breakdown("after VACUUM", db)
        print(f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
