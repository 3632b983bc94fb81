"""Sync figures of issue 5, measured from the desk side against a real `desk_server serve` process.

    .venv/bin/python benchmarks/bench_sync.py [--runs 50] [--cases 200]
    .venv/bin/python benchmarks/bench_sync.py --catch-up 100000 [--postgres URL] [--profile DIR]

A demo desk (--cases cases) is enrolled with a fresh server (SQLite, temporary folder) and synced
once; then timed, median and max of --runs after one warm-up:
- a sync with nothing to do (`SyncEngine.sync_once`: pull one empty page, nothing to push, the
  serial blocks checked, the good sync recorded) — target < 50 ms;
- GET /api/v1/status alone (the online indicator);
- for information: the first sync of the standalone demo desk (all its records carried up) and a
  fresh second desk pulling all of it.

`--catch-up N` (issue 15): the first sync of a standalone desk whose log holds N real changes
(benchmarks/living_desk.py: a demo desk's cases played again under new ids), then a fresh desk
pulling all of it, against a real server (SQLite, or PostgreSQL with --postgres). While each runs,
another process saves a reception every 50 ms on the same desk file, as a clerk at the window
would (DeskStore.register_reception: BEGIN IMMEDIATE, 5 s busy timeout); each save is timed and
a refused one ("database is locked") counted. Per batch: the backlog when it started, the desk's
time reading the batch and recording the answer (or applying the page), the request (network and
server), and the SQL statements the desk ran (SQLAlchemy's before_cursor_execute). --profile DIR
writes py-spy profiles of the server process (and the desk's own cProfile) there.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import multiprocessing
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import living_desk  # noqa: E402
from sqlalchemy import event  # noqa: E402

from desk_app.demo import fill_demo  # noqa: E402
from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402
from desk_app.sync.engine import SyncEngine  # noqa: E402
from tests.server_process import ServerProcess, drop_postgres_database, fresh_postgres_database  # noqa: E402


def timed(fn, runs: int) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times), max(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=50)
    ap.add_argument("--cases", type=int, default=200)
    ap.add_argument(
        "--catch-up",
        type=int,
        default=0,
        metavar="CHANGES",
        help="first push and first pull of a living desk of about CHANGES changes",
    )
    ap.add_argument(
        "--postgres", default=None, metavar="URL", help="run the server on a fresh PostgreSQL database"
    )
    ap.add_argument(
        "--profile",
        type=Path,
        default=None,
        metavar="DIR",
        help="py-spy the server and cProfile the desk into DIR (timings then mean little)",
    )
    ap.add_argument("--no-saves", action="store_true", help="no clerk saving during the sync")
    ap.add_argument("--skip-pull", action="store_true")
    ap.add_argument(
        "--desk-batches",
        type=int,
        default=0,
        metavar="CHANGES",
        help="the desk's own cost of a push batch (read it, record an all-accepted answer, "
        "no server) on a living desk of about CHANGES unpushed changes",
    )
    args = ap.parse_args()
    if args.desk_batches:
        return desk_batches(args.desk_batches)
    if args.catch_up:
        return catch_up(args)
    with tempfile.TemporaryDirectory() as tmp, ServerProcess(Path(tmp) / "server") as server:
        district = server.admin.create_district("浉河区")
        station = server.admin.create_station(district)
        fill_demo(Path(tmp) / "a", cases=args.cases, seed=2026)
        store = DeskStore.open(Path(tmp) / "a")
        engine = SyncEngine(store)
        changes = engine.pending_count()
        engine.enroll(server.url, server.admin.enroll_code(station_id=station))
        t = time.perf_counter()
        first = engine.sync_once()
        first_ms = (time.perf_counter() - t) * 1000
        assert first.ok, first
        store_b = DeskStore.open(Path(tmp) / "b")
        engine_b = SyncEngine(store_b)
        engine_b.enroll(server.url, server.admin.enroll_code(station_id=station))
        t = time.perf_counter()
        pulled = engine_b.sync_once()
        pull_ms = (time.perf_counter() - t) * 1000

        def idle() -> None:
            report = engine.sync_once()
            assert report.ok and report.sent == report.received == 0, report

        idle_med, idle_max = timed(idle, args.runs)
        client = engine.client()
        status_med, status_max = timed(client.status, args.runs)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"demo desk of {args.cases} cases ({changes} changes); runs={args.runs}; load average {load}")
        print(f"{'operation':44}{'median ms':>10}{'max ms':>10}")
        print("-" * 64)
        print(f"{'sync_once with nothing to do':44}{idle_med:>10.1f}{idle_max:>10.1f}")
        print(f"{'GET /api/v1/status':44}{status_med:>10.1f}{status_max:>10.1f}")
        print(f"{'first sync of the standalone desk':44}{first_ms:>10.1f}{'':>10}   sent {first.sent}")
        print(f"{'fresh desk pulling everything':44}{pull_ms:>10.1f}{'':>10}   received {pulled.received}")
        print("target: a sync with nothing to do < 50 ms")
        engine.close(), engine_b.close(), store.close(), store_b.close()
    return 0


# -- catch-up: a big first push and a big first pull (issue 15) ----------------------------------

SAVE_EVERY_S = 0.05


def _saver(data_dir: str, out: str, stop: Any, started: Any) -> None:
    """A clerk at the window: a reception saved every 50 ms, each timed, until told to stop."""
    import random
    from datetime import datetime, timedelta

    from desk_app import demo
    from desk_app.domain.validation import ReceptionDraft
    from desk_app.domain.vocab import Channel, Outcome

    store = DeskStore.open(Path(data_dir))
    results: list[list[Any]] = []
    try:
        clerk = None
        while clerk is None and not stop.is_set():  # a fresh desk: its clerk arrives by pull
            try:
                clerk = next((o for o in store.operators() if o.name == demo.CLERK_NAME), None)
                cats = [c.id for c in store.categories()]
                if not cats or store.station() is None:
                    clerk = None
            except Exception:  # noqa: BLE001 - not there yet
                clerk = None
            if clerk is None:
                time.sleep(0.1)
        started.set()
        rng = random.Random(5)
        writer = demo._Writer(rng)
        while not stop.is_set():
            topic = rng.choice(demo.TOPICS)
            draft = ReceptionDraft(
                received_at=datetime.now() - timedelta(minutes=1),
                channel=Channel.WALK_IN.value,
                content=writer.fill(rng.choice(topic.contents)),
                outcome=Outcome.NEEDS_REFERRAL.value,
                citizen_name=writer.name(),
                citizen_phone=writer.mobile(),
                citizen_address="浉河区五星街道",
                category_id=rng.choice(cats),
            )
            t = time.perf_counter()
            try:
                store.register_reception(draft, by=clerk.id)  # type: ignore[union-attr]
                error = ""
            except Exception as exc:  # noqa: BLE001 - counted and shown
                error = f"{type(exc).__name__}: {exc}"[:200]
            results.append([time.time(), (time.perf_counter() - t) * 1000, error])
            time.sleep(SAVE_EVERY_S)
    finally:
        store.close()
        Path(out).write_text(json.dumps(results))


class _Probe:
    """Statements the desk runs, and per-batch timings, around the engine's own steps."""

    def __init__(self, engine: SyncEngine) -> None:
        self.queries = 0
        self.rows: list[dict[str, Any]] = []
        self.current: dict[str, Any] = {}
        self.holds: list[float] = []  # ms of each write transaction of the sync (a chunk)
        event.listen(engine.db.engine, "before_cursor_execute", self._count)
        for name in ("_apply_chunk", "_record_chunk"):
            if hasattr(engine, name):
                self._hold(engine, name)
        self._wrap(engine, "_pending_batch", "read")
        self._wrap(engine, "_record_push_answer", "record", close=True)
        self._wrap(engine, "_apply_page", "apply", close=True)
        client = engine.client()
        self._wrap(client, "push", "request")
        self._wrap(client, "pull", "request")

    def _hold(self, obj: Any, name: str) -> None:
        inner: Callable[..., Any] = getattr(obj, name)

        def timed(*a: Any, **kw: Any) -> Any:
            t = time.perf_counter()
            try:
                return inner(*a, **kw)
            finally:
                self.holds.append((time.perf_counter() - t) * 1000)

        setattr(obj, name, timed)

    def _count(self, *_: Any) -> None:
        self.queries += 1

    def _wrap(self, obj: Any, name: str, label: str, close: bool = False) -> None:
        inner: Callable[..., Any] = getattr(obj, name)

        def timed(*a: Any, **kw: Any) -> Any:
            q, t = self.queries, time.perf_counter()
            try:
                return inner(*a, **kw)
            finally:
                self.current[label + "_ms"] = (time.perf_counter() - t) * 1000
                self.current[label + "_q"] = self.queries - q
                if label == "request" and name == "pull":
                    self.current["size"] = a[1] if len(a) > 1 else kw.get("limit")
                if close:
                    self.current["size"] = len(a[0]) if label == "record" else len(a[2])
                    self.rows.append(self.current)
                    self.current = {}

        setattr(obj, name, timed)


def _stats(values: list[float]) -> str:
    if not values:
        return "-"
    v = sorted(values)
    return f"median {statistics.median(v):.0f}, p95 {v[round(0.95 * (len(v) - 1))]:.0f}, max {v[-1]:.0f}"


def _with_saves(data_dir: Path, run: Callable[[], Any], enabled: bool) -> tuple[Any, list[list[Any]], float]:
    """Run `run()` while another process saves on the desk; (its result, the saves, seconds)."""
    if not enabled:
        t = time.perf_counter()
        return run(), [], time.perf_counter() - t
    ctx = multiprocessing.get_context("spawn")
    stop, started = ctx.Event(), ctx.Event()
    out = data_dir.parent / f"saves-{data_dir.name}.json"
    proc = ctx.Process(target=_saver, args=(str(data_dir), str(out), stop, started))
    proc.start()
    if not started.wait(5) and not data_dir.joinpath(DB_FILENAME).exists():
        pass  # a fresh desk: the saver starts once the clerk has been pulled
    t = time.perf_counter()
    try:
        result = run()
    finally:
        seconds = time.perf_counter() - t
        stop.set()
        proc.join(30)
    return result, json.loads(out.read_text()) if out.exists() else [], seconds


def _py_spy(pid: int, out: Path) -> subprocess.Popen[bytes] | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).with_name("py-spy"))
    if not Path(spy).exists():
        print("py-spy not installed: no server profile", file=sys.stderr)
        return None
    return subprocess.Popen(
        [spy, "record", "-p", str(pid), "-o", str(out), "-f", "speedscope", "-r", "50"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _report(
    title: str, seconds: float, n: int, probe: _Probe, saves: list[list[Any]], backlog0: int, push: bool
) -> None:
    rows = probe.rows
    print(
        f"\n{title}: {n} changes in {seconds:.1f} s ({n / seconds:,.0f} changes/s); "
        f"load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    desk_key = "record" if push else "apply"
    print(
        f"{'batch':>6}{'backlog':>9}{'size':>6}{'read ms':>9}{'request ms':>12}{desk_key + ' ms':>11}"
        f"{'queries':>9}"
    )
    backlog = backlog0
    every = max(1, len(rows) // 12)
    for i, r in enumerate(rows):
        if i % every == 0 or i == len(rows) - 1:
            print(
                f"{i + 1:>6}{backlog:>9}{r.get('size', 0):>6}{r.get('read_ms', 0):>9.0f}"
                f"{r.get('request_ms', 0):>12.0f}{r.get(desk_key + '_ms', 0):>11.0f}"
                f"{r.get('read_q', 0) + r.get(desk_key + '_q', 0):>9}"
            )
        backlog = backlog - r.get("size", 0) if push else backlog + r.get("size", 0)
    desk = [r.get("read_ms", 0) + r.get(desk_key + "_ms", 0) for r in rows if r.get("size")]
    req = [r.get("request_ms", 0) for r in rows if r.get("size")]
    qs = [r.get("read_q", 0) + r.get(desk_key + "_q", 0) for r in rows if r.get("size")]
    print(
        f"desk ms per batch: {_stats(desk)}; request ms: {_stats(req)}; desk queries per batch: {_stats(qs)}"
    )
    if len(desk) >= 6:
        third = len(desk) // 3
        print(
            f"desk ms per batch, first third {statistics.median(desk[:third]):.0f} / "
            f"last third {statistics.median(desk[-third:]):.0f} (median)"
        )
    if probe.holds:
        print(f"write transactions of the sync: {len(probe.holds)}, ms {_stats(probe.holds)}")
    ok = [ms for _, ms, err in saves if not err]
    failed = [err for _, _, err in saves if err]
    print(
        f"saves during it: {len(saves)}, refused {len(failed)}; wait ms {_stats(ok)}; "
        f"over 200 ms: {sum(ms > 200 for ms in ok)}"
    )
    for err in sorted(set(failed))[:3]:
        print(f"   refused: {err}")


def desk_batches(changes: int, batches: int = 5) -> int:
    """Per-batch cost on the desk alone with the whole backlog still to push: read a batch of
    1,000 and record an answer that accepts all of it, `batches` times (median and max)."""
    from desk_app.sync.engine import SyncReport

    source = living_desk.build(changes)
    with tempfile.TemporaryDirectory(prefix="desk-bench-batches-") as tmp:
        shutil.copy2(source / DB_FILENAME, Path(tmp) / DB_FILENAME)
        store = DeskStore.open(Path(tmp))
        engine = SyncEngine(store)
        backlog = engine.pending_count()
        queries = [0]
        event.listen(
            store.db.engine, "before_cursor_execute", lambda *_: queries.__setitem__(0, queries[0] + 1)
        )
        rows = []
        for _ in range(batches):
            q, t = queries[0], time.perf_counter()
            batch = engine._pending_batch()
            t1 = time.perf_counter()
            engine._record_push_answer(batch, {"accepted": [c["id"] for c in batch]}, SyncReport())
            rows.append(((t1 - t) * 1000, (time.perf_counter() - t1) * 1000, queries[0] - q))
        store.close()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"desk alone, backlog {backlog} changes, {batches} batches of 1,000; load average {load}")
    print(
        f"   read ms median {statistics.median(r[0] for r in rows):.0f} (max {max(r[0] for r in rows):.0f}); "
        f"record ms median {statistics.median(r[1] for r in rows):.0f} (max {max(r[1] for r in rows):.0f}); "
        f"statements per batch {statistics.median(r[2] for r in rows):.0f}"
    )
    return 0


def catch_up(args: argparse.Namespace) -> int:
    source = living_desk.build(args.catch_up)
    url = fresh_postgres_database(args.postgres) if args.postgres else None
    prof = args.profile
    if prof:
        prof.mkdir(parents=True, exist_ok=True)
    backend = "PostgreSQL" if url else "SQLite"
    with tempfile.TemporaryDirectory(prefix="desk-bench-sync-") as tmp:
        root = Path(tmp)
        (root / "a").mkdir()
        shutil.copy2(source / DB_FILENAME, root / "a" / DB_FILENAME)
        server = ServerProcess(root / "server", url)
        server.start()
        try:
            district = server.admin.create_district("浉河区")
            station = server.admin.create_station(district)
            store = DeskStore.open(root / "a")
            engine = SyncEngine(store)
            pending = engine.pending_count()
            t = time.perf_counter()
            engine.enroll(server.url, server.admin.enroll_code(station_id=station))
            enrol_s = time.perf_counter() - t
            print(
                f"living desk {source.name}: {pending} changes to push; server {backend}; "
                f"enrolment (station id rewritten) {enrol_s:.1f} s"
            )
            probe = _Probe(engine)
            spy = _py_spy(server.proc.pid, prof / f"server-push-{backend}.json") if prof else None  # type: ignore[union-attr]
            profiler = cProfile.Profile() if prof else None

            def first_sync() -> Any:
                if profiler:
                    profiler.enable()
                try:
                    return engine.sync_once()
                finally:
                    if profiler:
                        profiler.disable()

            report, saves, seconds = _with_saves(root / "a", first_sync, not args.no_saves)
            if spy:
                spy.send_signal(signal.SIGINT)
                spy.wait(30)
            if profiler:
                profiler.dump_stats(prof / f"desk-push-{backend}.prof")
            assert report.ok, report
            _report(
                f"first push ({backend})",
                seconds,
                report.sent + report.duplicates,
                probe,
                saves,
                pending,
                True,
            )
            print(
                f"   sent {report.sent}, rejected {report.rejected}, conflicts {report.conflicts}, "
                f"renumbered {report.renumbered}"
            )
            engine.close()
            store.close()
            if args.skip_pull:
                return 0
            store_b = DeskStore.open(root / "b")
            engine_b = SyncEngine(store_b)
            engine_b.enroll(server.url, server.admin.enroll_code(station_id=station))
            probe_b = _Probe(engine_b)
            spy = _py_spy(server.proc.pid, prof / f"server-pull-{backend}.json") if prof else None  # type: ignore[union-attr]
            profiler = cProfile.Profile() if prof else None

            def first_pull() -> Any:
                if profiler:
                    profiler.enable()
                try:
                    return engine_b.sync_once()
                finally:
                    if profiler:
                        profiler.disable()

            pulled, saves, seconds = _with_saves(root / "b", first_pull, not args.no_saves)
            if spy:
                spy.send_signal(signal.SIGINT)
                spy.wait(30)
            if profiler:
                profiler.dump_stats(prof / f"desk-pull-{backend}.prof")
            assert pulled.ok, pulled
            _report(
                f"first pull by a fresh desk ({backend})", seconds, pulled.received, probe_b, saves, 0, False
            )
            engine_b.close()
            store_b.close()
        except Exception:
            print(server.log.read_text()[-3000:], file=sys.stderr)
            raise
        finally:
            server.close()
            if url:
                drop_postgres_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
