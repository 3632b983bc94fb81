"""A server rekey on a big standalone desk (issue 16): `engine.rewrite_id` of a category, as the
desk runs it when a push answer says the district keeps another row of that name.

    .venv/bin/python benchmarks/bench_rekey.py [--desk FILE] [--tmp DIR] [--runs 3]

The desk file (default: the 100k benchmark desk of build_db.py) is copied under --tmp (default
/dev/shm; the original is never written) and opened once (the migrations to head). Then --runs
times, on a fresh copy of that migrated file: the category the most receptions name is given a
new id by `rewrite_id` in the engine's write transaction, timed with its commit, and the
unpushed entries counted. Every change is unpushed on a standalone desk: a rekey at its first
push sees the whole log waiting.

Run another checkout's code with BENCH_CODE_ROOT=/path (the "before"; the same steps).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_CODE_ROOT", Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from desk_app.storage.coltypes import id_value  # noqa: E402
from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine, rewrite_id  # noqa: E402


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--desk", type=Path, default=None, help="a desk file (default: the 100k benchmark desk)")
    ap.add_argument("--tmp", type=Path, default=Path("/dev/shm") if Path("/dev/shm").is_dir() else None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    if args.desk is None:
        sys.path.insert(1, str(Path(__file__).resolve().parent))
        import build_db

        source = build_db.ensure() / DB_FILENAME
    else:
        source = args.desk
    import desk_app

    print(f"code {Path(desk_app.__file__).parent}; desk {source}; load {load()}", flush=True)
    with tempfile.TemporaryDirectory(prefix="desk-bench-rekey-", dir=args.tmp) as tmp:
        base = Path(tmp) / "base"
        base.mkdir()
        shutil.copyfile(source, base / DB_FILENAME)
        DeskStore.open(base).close()
        for _ in range(args.runs):
            run = Path(tmp) / "run"
            shutil.rmtree(run, ignore_errors=True)
            run.mkdir()
            shutil.copyfile(base / DB_FILENAME, run / DB_FILENAME)
            store = DeskStore.open(run)
            engine = SyncEngine(store, desk_name="bench")
            with store.db.engine.connect() as conn:
                waiting = conn.execute(text("SELECT count(*) FROM change_log WHERE pushed = 0")).scalar()
                category = conn.execute(
                    text(
                        "SELECT category_id FROM reception GROUP BY category_id ORDER BY count(*) DESC LIMIT 1"
                    )
                ).scalar()
            started = time.perf_counter()
            with engine._writing() as s:
                rewrite_id(s, "category", str(id_value(category)), str(uuid.uuid4()))  # (read raw: stored)
                done = time.perf_counter()
            committed = time.perf_counter()
            print(
                f"rekey of a category: {committed - started:.2f} s ({done - started:.2f} s + commit "
                f"{committed - done:.2f} s), {waiting:,} changes waiting; load {load()}",
                flush=True,
            )
            engine.close()
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
