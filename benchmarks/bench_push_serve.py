"""Where a 1,000-change push's time goes in a real `desk-server serve` (issue 16, `--only floor`).

    .venv/bin/python benchmarks/bench_push_serve.py --postgres URL [--batches 30]

`bench_push_phases.py` times the push in-process; this one times it in the server process that
answers the desk's own client (`SyncClient.push`, HTTP on 127.0.0.1, one worker), to see what lies
outside the route: a fresh database, one desk, `--batches` batches of 1,000 new receptions made
beforehand, one after the other's answer. The server is started with a `sitecustomize` (written to
a temporary folder on its PYTHONPATH, nothing of it in the product) that wraps, once the app is
imported: the ASGI call (AccessLog, the outermost middleware), the route's `_authenticated` and
`_push`, `push_changes` (body parsed and checked; since branch s26-push `push_body`, the body
parsed, its values checked later inside `sync.push`; since s27-push `PushBody`, its shape too),
`sync.push` and its `_Applier.prefetch`,
`load`, `apply_all` and `write`, the reads sent while the values are checked (`_ReadAhead.read`,
since s26-push; since s27-push the clock's check only, the others run last: `_Late.run`, "checks
run last", inside `write`), the end of the COPY sent while the batch is applied (`_RecordStream.end` in
s25-push, the new rows; `_ChangeStream.end` since s26-push, the change log: the wait for
PostgreSQL to take in the rest), the route's `desk_session` (its entry: pool checkout and ping)
and the garbage collector's time during `_push`. Per phase, the median and best of the batches after the first 4,
and the gaps between them (ASGI start to authentication, authentication to `_push` = the body's
read and the thread hops, `_push`'s end to the ASGI call's end).

BENCH_CODE_ROOT=/path/to/another/checkout runs that checkout's server and client code: before and
after in one sitting.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))
sys.path.insert(1, str(Path(__file__).resolve().parent))

from bench_server_scale import _desk, _reception  # noqa: E402

HOOKS = r"""
import builtins, contextlib, gc, os, sys, time

_log = open(os.environ["BENCH_PUSH_TIMING"], "a", buffering=1)
_import = builtins.__import__


def _note(label, seconds, end=0.0):
    _log.write(f"{label} {seconds * 1000:.3f} {end:.6f}\n")


def _wrap(owner, name, label):
    fn = getattr(owner, name)

    def timed(*args, **kwargs):
        t = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            end = time.perf_counter()
            _note(label, end - t, end)

    setattr(owner, name, timed)


def _patch():
    from desk_server.api import middleware
    from desk_server.api.routes import sync as route
    from desk_server.services import sync

    collected = {"t": 0.0, "start": 0.0}

    def on_gc(phase, info):
        if phase == "start":
            collected["start"] = time.perf_counter()
        else:
            collected["t"] += time.perf_counter() - collected["start"]

    gc.callbacks.append(on_gc)
    push = route._push

    def push_gc(*args, **kwargs):
        collected["t"] = 0.0
        try:
            return push(*args, **kwargs)
        finally:
            _note("gc in _push", collected["t"])

    route._push = push_gc
    _wrap(route, "_push", "_push")
    _wrap(route, "_authenticated", "_authenticated")
    if hasattr(route, "PushBody"):  # since branch s27-push: the shape checked in sync.push too
        _wrap(route, "PushBody", "body parsed and checked")
    elif hasattr(route, "push_body"):  # since branch s26-push: the values checked in sync.push
        _wrap(route, "push_body", "body parsed and checked")
    else:
        _wrap(route, "push_changes", "body parsed and checked")
    if hasattr(sync, "_ReadAhead"):  # since branch s26-push: reads sent while values are checked
        _wrap(sync._ReadAhead, "read", "reads ahead, values checked")
    if hasattr(sync, "_ChangeStream"):  # since branch s26-push: the change log's COPY during apply
        _wrap(sync._ChangeStream, "end", "change COPY's end")
    _wrap(sync, "push", "sync.push")
    if hasattr(sync, "_Late"):  # since branch s27-push: a big batch's checks run last
        _wrap(sync._Late, "run", "checks run last")
    for name in ("prefetch", "load", "apply_all", "write"):
        if hasattr(sync._Applier, name):  # apply_all: since branch s24-push
            _wrap(sync._Applier, name, name)
    if hasattr(sync, "_RecordStream"):  # since branch s25-push: the new rows' COPY during apply
        _wrap(sync._RecordStream, "end", "record COPY's end")
    desk_session = route.desk_session

    @contextlib.contextmanager
    def timed_session(request, **options):  # options: transaction= (branch s23-round)
        t = time.perf_counter()
        with desk_session(request, **options) as session:
            _note("session checkout", time.perf_counter() - t)
            yield session

    route.desk_session = timed_session
    call = middleware.AccessLog.__call__

    async def timed_call(self, scope, receive, send):
        t = time.perf_counter()
        try:
            await call(self, scope, receive, send)
        finally:
            if scope["type"] == "http" and scope["path"].endswith("/push"):
                end = time.perf_counter()
                _note("asgi", end - t, end)

    middleware.AccessLog.__call__ = timed_call


def _hooked(name, *args, **kwargs):
    module = _import(name, *args, **kwargs)
    if name == "desk_server.app" and getattr(sys.modules.get(name), "create_app", None):
        builtins.__import__ = _import
        _patch()
    return module


builtins.__import__ = _hooked
"""

ORDER = (
    "client",
    "asgi",
    "_authenticated",
    "_push",
    "body parsed and checked",
    "sync.push",
    "reads ahead, values checked",
    "prefetch",
    "load",
    "apply_all",
    "record COPY's end",
    "change COPY's end",
    "write",
    "checks run last",
    "session checkout",
    "gc in _push",
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--batches", type=int, default=30)
    args = parser.parse_args()
    if not args.postgres:
        parser.error("--postgres URL (or DESK_TEST_POSTGRES_URL) is needed")
    from tests.server_process import ServerProcess, drop_postgres_database, fresh_postgres_database

    url = fresh_postgres_database(args.postgres)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            hooks, log = Path(tmp) / "hooks", Path(tmp) / "timing.log"
            hooks.mkdir()
            (hooks / "sitecustomize.py").write_text(HOOKS)
            env = {
                "BENCH_PUSH_TIMING": str(log),
                # (ServerProcess puts the code's root first; an env of its own replaces that.)
                "PYTHONPATH": os.pathsep.join(
                    filter(None, [str(hooks), str(ROOT), os.environ.get("PYTHONPATH")])
                ),
            }
            server = ServerProcess(Path(tmp) / "server", url, env=env, serve_args=["--no-access-log"])
            server.start(timeout=180)
            try:
                station = server.admin.create_station(server.admin.create_district())
                client, operator = _desk(server, station)
                batches = [
                    [_reception(station, operator, k * 1000 + j) for j in range(1000)]
                    for k in range(args.batches)
                ]
                log.write_text("")  # the operator's push is not counted
                times = []
                for batch in batches:
                    t = time.perf_counter()
                    assert len(client.push(batch)["accepted"]) == len(batch)
                    times.append((time.perf_counter() - t) * 1000)
            finally:
                server.close()
            phases: dict[str, list[float]] = defaultdict(list)
            ends: dict[str, list[float]] = defaultdict(list)
            for line in log.read_text().splitlines():
                label, ms, end = line.rsplit(" ", 2)
                phases[label].append(float(ms))
                ends[label].append(float(end))
    finally:
        drop_postgres_database(url)
    phases["client"] = times
    skip = 4 if args.batches > 8 else 0
    print(
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} code {ROOT}: {args.batches} pushes "
        f"of 1,000 new receptions to `serve` (1 worker), ms a push, median / best of the last {args.batches - skip}"
    )
    for label in ORDER:
        values = phases.get(label, [])
        # Two a push: authentication's and the push's checkout; the late checks' run inside
        # `write` (before the record COPY's end) and the no-op one after it.
        if label in ("session checkout", "checks run last"):
            values = [a + b for a, b in zip(values[0::2], values[1::2], strict=False)]
        values = values[skip:]
        if values:
            print(f"  {label:26s} {statistics.median(values):7.1f} / {min(values):6.1f}")
    # The gaps, from each call's end and duration (one of each a push).
    gaps: dict[str, list[float]] = defaultdict(list)
    n = min(len(ends["asgi"]), len(ends["_push"]), len(ends["_authenticated"]))
    for i in range(skip, n):
        asgi_start = ends["asgi"][i] - phases["asgi"][i] / 1000
        auth_start = ends["_authenticated"][i] - phases["_authenticated"][i] / 1000
        push_start = ends["_push"][i] - phases["_push"][i] / 1000
        gaps["asgi start -> authentication"].append((auth_start - asgi_start) * 1000)
        gaps["authentication -> _push"].append((push_start - ends["_authenticated"][i]) * 1000)
        gaps["_push -> asgi end"].append((ends["asgi"][i] - ends["_push"][i]) * 1000)
    for i in range(skip, min(len(phases["_push"]), len(phases["sync.push"]))):
        gaps["_push - parse - sync.push"].append(
            phases["_push"][i] - phases["body parsed and checked"][i] - phases["sync.push"][i]
        )
    for label, values in gaps.items():
        print(f"  {label:34s} {statistics.median(values):5.1f} / {min(values):5.1f}")
    print(f"  load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
