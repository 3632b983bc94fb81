"""The server's CPU per desk round (issue 16, province scale), in-process and through HTTP.

    .venv/bin/python benchmarks/bench_server_round.py --postgres URL [--desks 300] [--rounds 600]
        [--concurrency 4] [--profile FILE] [--only asgi,http]

A round is what `bench_server_scale.py --only fleet` offers (and `SyncEngine.sync_once` does):
GET /status, GET /pull since the desk's cursor (with `mine`), POST /push of 2 changes (a new
reception, an edit of its previous one). On a fresh PostgreSQL database, `--desks` desks in 30
stations of 10 districts, each station with 200 cases of history, every desk caught up.

- asgi: the app built in this process (`create_app`) and called as uvicorn calls it (an ASGI
  scope, the body, the answer collected), one round after the other: CPU seconds of this process
  per round (threads included) and per request type, and the SQL statements each request runs
  (counted on the engine). `--profile FILE` writes cProfile's stats of these rounds
  (the routes' worker-thread calls then run inline, so that cProfile sees them).
- http: a real `desk-server serve` (one process) on 127.0.0.1 and the fleet's own generator
  (`bench_server_scale._round`: a connection per round, its three requests on it), `--concurrency`
  rounds at a time, as fast as they are answered: CPU seconds of the server process and of
  PostgreSQL per round.

The figures are CPU, not latency: the same work costs the same on a loaded machine, give or take
cache effects; print the load average with them anyway.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import orjson

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import bench_server_scale as scale  # noqa: E402

from tests.server_process import drop_postgres_database, fresh_postgres_database  # noqa: E402

API = scale.API


def _prepare(url: str, folder: Path, desks: int, stations: int) -> list[scale.Desk]:
    """The layout and history, made through a real server (stopped afterwards)."""
    with scale._serving(folder, url, 1) as server:
        fleet = scale._make_layout(server, stations, desks)
        asyncio.run(scale._setup_fleet(server.port, fleet, history=200))
        with server.admin.engine.connect() as conn:
            from sqlalchemy import text

            high = conn.execute(text("SELECT max(seq) FROM change")).scalar() or 0
    for d in fleet:
        d.cursor = high
    return fleet


# -- in-process: the ASGI app called directly ------------------------------------------------------


class _Asgi:
    def __init__(self, app: Any) -> None:
        self.app = app

    async def request(
        self, method: str, target: str, token: str, body: bytes | None = None
    ) -> tuple[int, bytes]:
        parts = urlsplit(target)
        headers = [
            (b"host", b"127.0.0.1"),
            (b"authorization", f"Bearer {token}".encode()),
            (b"date", time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime()).encode()),
        ]
        if body is not None:
            headers += [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": "http",
            "path": parts.path,
            "raw_path": parts.path.encode(),
            "query_string": parts.query.encode(),
            "root_path": "",
            "headers": headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body or b"", "more_body": False}
            await asyncio.sleep(3600)
            return {"type": "http.disconnect"}

        status, chunks = 0, []

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        await self.app(scope, receive, send)
        return status, b"".join(chunks)


async def _asgi_round(
    client: _Asgi, d: scale.Desk, cpu: dict[str, float], stmts: dict[str, list[int]], counter: list[int]
) -> None:
    def timed(kind: str, t0: float, n0: int) -> None:
        cpu[kind] += time.process_time() - t0
        stmts[kind].append(counter[0] - n0)

    t0, n0 = time.process_time(), counter[0]
    status, _ = await client.request("GET", API + "/status", d.token)
    timed("status", t0, n0)
    assert status == 200
    while True:
        mine = ",".join(d.mine[-20:])
        t0, n0 = time.process_time(), counter[0]
        status, body = await client.request(
            "GET", f"{API}/pull?since={d.cursor}&limit=1000&mine={mine}", d.token
        )
        timed("pull", t0, n0)
        assert status == 200, body
        page = orjson.loads(body)
        d.cursor = page["next"]
        if not page["more"]:
            break
    d.n += 1
    case = scale._reception(d.station, d.operator, d.n)
    changes = [case] + ([scale._edit(d.last_case, d.operator, d.n)] if d.last_case else [])
    t0, n0 = time.process_time(), counter[0]
    status, body = await client.request("POST", API + "/push", d.token, orjson.dumps({"changes": changes}))
    timed("push", t0, n0)
    assert status == 200 and len(orjson.loads(body)["accepted"]) == len(changes), body
    d.last_case = case
    d.mine = (d.mine + [ch["id"] for ch in changes])[-20:]


def bench_asgi(url: str, fleet: list[scale.Desk], rounds: int, profile: str | None) -> None:
    import gc

    from sqlalchemy import event

    from desk_server.app import create_app
    from desk_server.config import Settings

    app = create_app(Settings(database_url=url), migrate=False)
    if profile:
        # cProfile sees one thread: the sync routes' worker-thread calls run inline instead.
        import desk_server.api.routes.sync as routes

        async def inline(fn: Any, *args: Any) -> Any:
            return fn(*args)

        async def inline_desk(_request: Any, fn: Any, *args: Any) -> Any:
            return fn(*args)

        if hasattr(routes, "in_desk_thread"):  # the desks' own threads (branch s23-round)
            routes.in_desk_thread = inline_desk  # type: ignore[attr-defined]
        else:
            routes.run_in_threadpool = inline  # type: ignore[attr-defined,assignment]
    counter = [0]

    @event.listens_for(app.state.engine, "before_cursor_execute")
    def _count(*_args: Any) -> None:
        counter[0] += 1

    # As `serve` does (cli._tune_gc).
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)
    client = _Asgi(app)
    order = [random.choice(fleet) for _ in range(rounds)]

    async def run(desks: list[scale.Desk], cpu: dict[str, float], stmts: dict[str, list[int]]) -> None:
        for d in desks:
            await _asgi_round(client, d, cpu, stmts, counter)

    warm_cpu: dict[str, float] = defaultdict(float)
    asyncio.run(run(order[:50], warm_cpu, defaultdict(list)))
    cpu: dict[str, float] = defaultdict(float)
    stmts: dict[str, list[int]] = defaultdict(list)
    prof = cProfile.Profile() if profile else None
    load0 = scale._load()
    t0, w0 = time.process_time(), time.perf_counter()
    if prof:
        prof.enable()
    asyncio.run(run(order[50:], cpu, stmts))
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    total, wall = time.process_time() - t0, time.perf_counter() - w0
    n = rounds - 50
    app.state.forwarder.stop() if hasattr(app.state.forwarder, "stop") else None
    print(
        f"\n[asgi] {n} rounds in-process{' (under cProfile)' if prof else ''}, load {load0} -> {scale._load()}"
    )
    print(f"  CPU per round {total / n * 1000:6.2f} ms   (wall {wall / n * 1000:.2f} ms)")
    for kind in ("status", "pull", "push"):
        s = stmts[kind]
        print(
            f"  {kind:6s} CPU {cpu[kind] / len(s) * 1000:6.2f} ms a request   SQL statements a request: "
            f"min {min(s)} max {max(s)} mean {sum(s) / len(s):.1f}"
        )


# -- through HTTP: a real server process ---------------------------------------------------------


def bench_http(
    url: str, folder: Path, fleet: list[scale.Desk], rounds: int, concurrency: int, spy_out: str | None
) -> None:
    lat: dict[str, list[float]] = {"status": [], "pull": [], "push": [], "pulled": []}
    errors = {"connect": 0, "status": 0, "pull": 0, "push": 0}
    with scale._serving(folder, url, 1) as server:
        assert server.proc is not None
        order = [random.choice(fleet) for _ in range(rounds + 50)]

        async def drive(desks: list[scale.Desk]) -> None:
            queue = list(desks)
            busy: set[scale.Desk] = set()

            async def worker() -> None:
                while queue:
                    d = queue.pop()
                    if d in busy:  # one round of a desk at a time, as a desk does
                        queue.insert(0, d)
                        await asyncio.sleep(0)
                        continue
                    busy.add(d)
                    try:
                        await scale._round(server.port, d, lat, errors)
                    finally:
                        busy.discard(d)

            await asyncio.gather(*(worker() for _ in range(concurrency)))

        asyncio.run(drive(order[:50]))  # warm-up
        pids = scale._tree(server.proc.pid)
        pm = scale._postmaster(scale._conninfo(url))
        for v in lat.values():
            v.clear()
        load0 = scale._load()
        c0 = (
            scale._cpu_seconds(pids),
            scale._cpu_seconds(scale._tree(pm) if pm else []),
            time.process_time(),
        )
        spy = None
        if spy_out:  # py-spy (https://github.com/benfred/py-spy) on the server process, if given
            spy = subprocess.Popen(
                [
                    os.environ.get("PYSPY", "py-spy"),
                    "record",
                    "-r",
                    "250",
                    "-f",
                    "raw",
                    "-o",
                    spy_out,
                    "--pid",
                    str(server.proc.pid),
                ],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1)
        w0 = time.perf_counter()
        asyncio.run(drive(order[50:]))
        wall = time.perf_counter() - w0
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            spy.wait()
        c1 = (
            scale._cpu_seconds(pids),
            scale._cpu_seconds(scale._tree(pm) if pm else []),
            time.process_time(),
        )
    print(
        f"\n[http] {rounds} rounds through a `serve` process, {concurrency} at a time, {wall:.1f} s "
        f"({rounds / wall:.1f} rounds/s), errors {errors}, load {load0} -> {scale._load()}"
    )
    print(
        f"  CPU per round: server {(c1[0] - c0[0]) / rounds * 1000:6.2f} ms   PostgreSQL "
        f"{(c1[1] - c0[1]) / rounds * 1000:6.2f} ms   generator {(c1[2] - c0[2]) / rounds * 1000:6.2f} ms"
    )
    for kind in ("status", "pull", "push"):
        v = lat[kind]
        print(f"  {kind:6s} latency p50 {scale._pct(v, 50):6.1f}  p95 {scale._pct(v, 95):6.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--desks", type=int, default=300)
    parser.add_argument("--stations", type=int, default=30)
    parser.add_argument("--rounds", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--profile", default=None)
    parser.add_argument("--spy", default=None, help="py-spy's raw samples of the server process (http)")
    parser.add_argument("--only", default="asgi,http")
    args = parser.parse_args()
    if not args.postgres:
        parser.error("--postgres URL (or DESK_TEST_POSTGRES_URL) is needed")
    random.seed(16)
    print(
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, code {ROOT}, load average {scale._load()}"
    )
    url = fresh_postgres_database(args.postgres)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            fleet = _prepare(url, Path(tmp), args.desks, args.stations)
            parts = args.only.split(",")
            if "asgi" in parts:
                bench_asgi(url, fleet, args.rounds, args.profile)
            if "http" in parts:
                bench_http(url, Path(tmp), fleet, args.rounds, args.concurrency, args.spy)
    finally:
        drop_postgres_database(url)


if __name__ == "__main__":
    main()
