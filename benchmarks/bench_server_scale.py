"""Figures of issue 16: the central server at district and province scale, on PostgreSQL.

    .venv/bin/python benchmarks/bench_server_scale.py --postgres URL [--workers 2] [--desks 3000]
        [--stations 300] [--seconds 120] [--sizes 10000,100000] [--floor-runs 3] [--only fleet,pages,floor]

URL: a PostgreSQL server whose user may CREATE DATABASE (default $DESK_TEST_POSTGRES_URL); each
part runs on a fresh database of its own, against a real `desk-server serve --workers N` process
on 127.0.0.1 (plain HTTP: TLS would be a reverse proxy's work). BENCH_CODE_ROOT=/path runs
another checkout's server (and client) code with this script: before/after in one sitting.

- fleet: `--desks` desks in `--stations` stations of 10 districts, each desk syncing once a minute
  at its own second of the minute, as `SyncEngine.sync_once` does: GET /status, GET /pull since its
  cursor (naming its newest pushed ids, `mine`), POST /push of 2 changes (a new reception and an
  edit of its previous one). Every station has 200 cases of history first. The load generator is
  one asyncio process speaking HTTP/1.1 itself (no client library: a round opens its own
  connection, sends its three requests on it and closes it, as a desk's round does); latency is
  from the request's first byte sent to its answer's last byte read. Reported: per request type
  p50/p95/p99/max, errors, rounds started more than 1 s late (the generator falling behind), CPU
  seconds of the server's processes, of PostgreSQL's and of the generator over the timed window.
- pages: per station size (`--sizes`), a fresh desk of a station holding that many changes pulls
  its history in pages of 500: the time of pages at the start, the middle and the end; and a desk
  of a small station of the same district (whose pull skips the big station's changes).
- floor: the push of 10,000 changes (10 x 1,000 receptions made beforehand, the desk's own client,
  one batch after the other's answer) against bare inserts of the same rows (the `change` and `record` rows the
  push writes, by COPY in 10 transactions of 1,000, from this process over psycopg), interleaved
  `--floor-runs` times on the same server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))

from desk_app.storage.models import new_id  # noqa: E402
from tests.server_process import ServerProcess, drop_postgres_database, fresh_postgres_database  # noqa: E402

API = "/api/v1"
PAGE = 500


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))] if values else float("nan")


def _reception(station: str, operator: str, i: int) -> dict[str, Any]:
    return {
        "id": new_id(),
        "entity": "reception",
        "entity_id": new_id(),
        "op": "insert",
        "operator_id": operator,
        "at": f"2026-11-25T09:{i // 1000 % 60:02d}:{i // 60 % 60:02d}.{i % 1_000_000:06d}",
        "fields": {
            "station_id": [None, station],
            "received_at": [None, "2026-11-25T09:30:00"],
            "channel": [None, "walk_in"],
            "citizen_name": [None, "张三"],
            "content": [None, f"小区电梯噪音扰民，第{i}件"],
            "outcome": [None, "needs_referral"],
            "status": [None, "awaiting_referral"],
            "round_no": [None, 0],
        },
    }


def _edit(case: dict[str, Any], operator: str, i: int) -> dict[str, Any]:
    old = case["fields"]["content"][1]
    return {
        "id": new_id(),
        "entity": "reception",
        "entity_id": case["entity_id"],
        "op": "update",
        "operator_id": operator,
        "at": f"2026-11-25T10:{i // 1000 % 60:02d}:{i // 60 % 60:02d}.{i % 1_000_000:06d}",
        "fields": {"content": [old, old + "（补充）"]},
    }


def _operator(op_id: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "entity": "operator",
        "entity_id": op_id,
        "op": "insert",
        "operator_id": op_id,
        "at": "2026-11-01T08:00:00",
        "fields": {"name": [None, "李明"], "role": [None, "admin"], "active": [None, True]},
    }


# -- processes' CPU (from /proc: no psutil here) -------------------------------------------------


def _children() -> dict[int, list[int]]:
    kids: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            kids.setdefault(ppid, []).append(int(entry))
    return kids


def _tree(pid: int) -> list[int]:
    kids = _children()
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += kids.get(p, [])
    return out


def _cpu_seconds(pids: list[int]) -> float:
    """CPU seconds of the processes, the first one's exited children included (PostgreSQL's
    backends come and go with connections; the postmaster reaps them)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for k, pid in enumerate(pids):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
        if k == 0:
            total += int(fields[13]) + int(fields[14])  # cutime, cstime: reaped children
    return total / tick


def _postmaster(conninfo: str) -> int | None:
    import psycopg

    with psycopg.connect(conninfo) as conn:
        data_dir = conn.execute("SHOW data_directory").fetchone()[0]
    try:
        return int(Path(data_dir, "postmaster.pid").read_text().split()[0])
    except OSError:
        return None


def _conninfo(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


# -- a minimal HTTP/1.1 client on asyncio streams --------------------------------------------------


class Conn:
    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection(self.host, self.port)

    async def request(
        self, method: str, path: str, token: str, body: bytes | None = None
    ) -> tuple[int, bytes]:
        assert self.reader is not None and self.writer is not None
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\nAuthorization: Bearer {token}\r\n"
            f"Date: {time.strftime('%a, %d %b %Y %H:%M:%S GMT', time.gmtime())}\r\n"
        )
        if body is not None:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + (body or b""))
        await self.writer.drain()
        status_line = await self.reader.readline()
        status = int(status_line.split()[1])
        length = 0
        while True:
            line = await self.reader.readline()
            if line in (b"\r\n", b""):
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()


@contextlib.contextmanager
def _serving(folder: Path, url: str, workers: int) -> Iterator[ServerProcess]:
    # (`--workers 1` is left out: it is the default, and servers before issue 16 lack the option.)
    server = ServerProcess(
        folder, url, serve_args=[*(["--workers", str(workers)] if workers > 1 else []), "--no-access-log"]
    )
    try:
        yield server.start(timeout=180)  # the workers start on a loaded machine
    finally:
        server.close()


# -- the fleet -----------------------------------------------------------------------------------


class Desk:
    __slots__ = ("token", "station", "operator", "cursor", "n", "last_case", "mine")

    def __init__(self, token: str, station: str) -> None:
        self.token, self.station = token, station
        self.operator = new_id()
        self.cursor = 0
        self.n = random.randrange(10**6)
        self.last_case: dict[str, Any] | None = None
        self.mine: list[str] = []


def _make_layout(server: ServerProcess, stations: int, desks: int) -> list[Desk]:
    """10 districts, `stations` stations, `desks` desks spread over them; desks are written into the
    database directly (an enrolment per desk would be the same row, made 3,000 times slower)."""
    import hashlib

    from sqlalchemy import insert

    from desk_server.models import Desk as DeskRow

    districts = [server.admin.create_district(f"区{i:02d}") for i in range(10)]
    station_ids = [
        server.admin.create_station(districts[i % 10], name=f"站{i:03d}", short_name=f"站{i:03d}")
        for i in range(stations)
    ]
    fleet, rows = [], []
    for i in range(desks):
        station = station_ids[i % stations]
        token = uuid.uuid4().hex + uuid.uuid4().hex
        rows.append(
            {
                "id": new_id(),
                "name": f"desk {i}",
                "district_id": districts[(i % stations) % 10],
                "station_id": station,
                "token_hash": hashlib.sha256(token.encode()).hexdigest(),
            }
        )
        fleet.append(Desk(token, station))
    with server.admin.engine.begin() as conn:
        conn.execute(insert(DeskRow), rows)
    return fleet


async def _setup_fleet(port: int, fleet: list[Desk], history: int) -> None:
    """Each desk's operator, and `history` cases per station (by its first desk)."""
    sem = asyncio.Semaphore(16)
    first_of: dict[str, Desk] = {}
    for d in fleet:
        first_of.setdefault(d.station, d)

    async def one(d: Desk) -> None:
        async with sem:
            c = Conn("127.0.0.1", port)
            await c.open()
            changes = [_operator(d.operator)]
            if first_of[d.station] is d:
                changes += [_reception(d.station, d.operator, k) for k in range(history)]
            for k in range(0, len(changes), 1000):
                status, body = await c.request(
                    "POST", API + "/push", d.token, orjson.dumps({"changes": changes[k : k + 1000]})
                )
                assert status == 200 and not orjson.loads(body)["rejected"], body[:300]
            await c.close()

    # Operators first (history names the first desk's operator).
    await asyncio.gather(*(one(d) for d in fleet))


async def _round(port: int, d: Desk, lat: dict[str, list[float]], errors: dict[str, int]) -> None:
    c = Conn("127.0.0.1", port)
    kind = "connect"
    try:
        await c.open()
        kind = "status"
        t = time.perf_counter()
        status, _ = await c.request("GET", API + "/status", d.token)
        lat["status"].append((time.perf_counter() - t) * 1000)
        if status != 200:
            errors["status"] += 1
        kind = "pull"
        while True:
            mine = ",".join(d.mine[-20:])
            t = time.perf_counter()
            status, body = await c.request(
                "GET", f"{API}/pull?since={d.cursor}&limit=1000&mine={mine}", d.token
            )
            lat["pull"].append((time.perf_counter() - t) * 1000)
            if status != 200:
                errors["pull"] += 1
                break
            page = orjson.loads(body)
            d.cursor = page["next"]
            lat["pulled"].append(len(page["changes"]))
            if not page["more"]:
                break
        kind = "push"
        d.n += 1
        case = _reception(d.station, d.operator, d.n)
        changes = [case] + ([_edit(d.last_case, d.operator, d.n)] if d.last_case else [])
        t = time.perf_counter()
        status, body = await c.request("POST", API + "/push", d.token, orjson.dumps({"changes": changes}))
        lat["push"].append((time.perf_counter() - t) * 1000)
        if status != 200 or len(orjson.loads(body)["accepted"]) != len(changes):
            errors["push"] += 1
        else:
            d.last_case = case
            d.mine = (d.mine + [ch["id"] for ch in changes])[-20:]
    except (OSError, asyncio.IncompleteReadError, ValueError, IndexError):
        errors[kind] += 1
    finally:
        await c.close()


async def _drive(port: int, fleet: list[Desk], seconds: float) -> dict[str, Any]:
    lat: dict[str, list[float]] = {"status": [], "pull": [], "push": [], "pulled": []}
    errors = {"connect": 0, "status": 0, "pull": 0, "push": 0}
    offsets = [random.uniform(0, 60) for _ in fleet]
    schedule = sorted(
        (off + 60 * k, i)
        for i, off in enumerate(offsets)
        for k in range(int(seconds // 60) + 1)
        if off + 60 * k < seconds
    )
    late = []
    tasks = []
    start = time.perf_counter()
    for when, i in schedule:
        delay = start + when - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        late.append(-delay if delay < 0 else 0.0)
        tasks.append(asyncio.create_task(_round(port, fleet[i], lat, errors)))
    await asyncio.gather(*tasks)
    return {
        "lat": lat,
        "errors": errors,
        "rounds": len(schedule),
        "late": late,
        "elapsed": time.perf_counter() - start,
    }


def bench_fleet(base_url: str, workers: int, desks: int, stations: int, seconds: float) -> None:
    url = fresh_postgres_database(base_url)
    try:
        with tempfile.TemporaryDirectory() as tmp, _serving(Path(tmp), url, workers) as server:
            fleet = _make_layout(server, stations, desks)
            t = time.perf_counter()
            asyncio.run(_setup_fleet(server.port, fleet, history=200))
            with server.admin.engine.connect() as conn:
                from sqlalchemy import text

                high = conn.execute(text("SELECT max(seq) FROM change")).scalar() or 0
            for d in fleet:
                d.cursor = high  # caught up, as desks syncing every minute are
            print(
                f"set-up: {desks} desks, {stations} stations, {high:,} changes in {time.perf_counter() - t:.0f} s",
                flush=True,
            )
            assert server.proc is not None
            server_pids = _tree(server.proc.pid)
            pm = _postmaster(_conninfo(url))
            pg_pids = _tree(pm) if pm else []
            cpu0 = (_cpu_seconds(server_pids), _cpu_seconds(pg_pids), time.process_time())
            load0 = _load()
            out = asyncio.run(_drive(server.port, fleet, seconds))
            pg_pids = _tree(pm) if pm else []
            cpu1 = (_cpu_seconds(_tree(server.proc.pid)), _cpu_seconds(pg_pids), time.process_time())
            load1 = _load()
    finally:
        drop_postgres_database(url)
    lat, errors, wall = out["lat"], out["errors"], out["elapsed"]
    print(
        f"\n[fleet] {desks} desks in {stations} stations of 10 districts, once a minute, {seconds:.0f} s, "
        f"server --workers {workers} on PostgreSQL"
    )
    print(
        f"rounds {out['rounds']:,} ({out['rounds'] / wall:.1f}/s), requests "
        f"{len(lat['status']) + len(lat['pull']) + len(lat['push']):,}, errors {errors}"
    )
    for kind in ("status", "pull", "push"):
        v = lat[kind]
        print(
            f"  {kind:6s} n={len(v):6d}  p50 {_pct(v, 50):7.1f}  p95 {_pct(v, 95):7.1f}  p99 {_pct(v, 99):7.1f}"
            f"  max {max(v) if v else float('nan'):7.1f} ms"
        )
    allv = lat["status"] + lat["pull"] + lat["push"]
    print(
        f"  all     n={len(allv):6d}  p50 {_pct(allv, 50):7.1f}  p95 {_pct(allv, 95):7.1f}  p99 {_pct(allv, 99):7.1f} ms"
    )
    print(
        f"  changes pulled per page: median {statistics.median(lat['pulled'] or [0]):.0f}, max {max(lat['pulled'] or [0])}"
    )
    late = out["late"]
    print(f"  rounds started > 1 s late: {sum(1 for x in late if x > 1)}; max lateness {max(late):.2f} s")
    print(
        f"CPU over {wall:.0f} s (of {2 * wall:.0f} core-seconds on 2 cores): server {cpu1[0] - cpu0[0]:.1f} s "
        f"({(cpu1[0] - cpu0[0]) / wall * 100:.0f}% of a core), PostgreSQL {cpu1[1] - cpu0[1]:.1f} s "
        f"({(cpu1[1] - cpu0[1]) / wall * 100:.0f}%), load generator {cpu1[2] - cpu0[2]:.1f} s "
        f"({(cpu1[2] - cpu0[2]) / wall * 100:.0f}%)"
    )
    print(f"load average before / after: {load0} / {load1}", flush=True)


# -- pull per page at station sizes ----------------------------------------------------------------


def _desk(server: Any, station: str) -> tuple[Any, str]:
    """A desk enrolled at `station` whose operator's insert is pushed: (its SyncClient, the
    operator's id)."""
    from desk_app.sync.client import SyncClient

    token = server.enroll(server.admin.enroll_code(station_id=station))["token"]
    operator = new_id()
    client = SyncClient(server.url, token)
    client.push([_operator(operator)])
    return client, operator


def _push_many(server: ServerProcess, token: str, station: str, operator: str, n: int) -> float:
    from desk_app.sync.client import SyncClient

    client = SyncClient(server.url, token)
    client.push([_operator(operator)])
    # Made before the clock starts, as the bare inserts' rows are (a desk's changes exist before
    # it pushes them; until branch s22-push, making them was inside the timed loop).
    batches = [
        [_reception(station, operator, k + j) for j in range(min(1000, n - k))] for k in range(0, n, 1000)
    ]
    t = time.perf_counter()
    for batch in batches:
        assert len(client.push(batch)["accepted"]) == len(batch)
    return n / (time.perf_counter() - t)


def _page_times(server: ServerProcess, token: str, since: int, pages: int) -> tuple[list[float], int, int]:
    from desk_app.sync.client import SyncClient

    client = SyncClient(server.url, token)
    times, got = [], 0
    for _ in range(pages):
        t = time.perf_counter()
        page = client.pull(since, PAGE)
        times.append((time.perf_counter() - t) * 1000)
        got += len(page["changes"])
        since = page["next"]
        if not page["more"]:
            break
    return times, got, since


def bench_pages(base_url: str, workers: int, sizes: list[int]) -> None:
    url = fresh_postgres_database(base_url)
    try:
        with tempfile.TemporaryDirectory() as tmp, _serving(Path(tmp), url, workers) as server:
            print(
                f"\n[pages] pull pages of {PAGE} changes by a fresh desk; one database that grows "
                "(each size a new district: a big station and a small one of 1,000 changes)"
            )
            print(
                "station size   push changes/s   pages at start / middle / end (median ms, 10 pages each)   "
                "small station of the same district (median ms a page, pages)"
            )
            for size in sizes:
                district = server.admin.create_district()
                big = server.admin.create_station(district, name="大站", short_name="大站")
                small = server.admin.create_station(district, name="小站", short_name="小站")
                tokens = {
                    s: server.enroll(server.admin.enroll_code(station_id=s))["token"] for s in (big, small)
                }
                rate = _push_many(server, tokens[big], big, new_id(), size // 2)
                _push_many(server, tokens[small], small, new_id(), 1000)
                _push_many(server, tokens[big], big, new_id(), size - size // 2)
                reader = server.enroll(server.admin.enroll_code(station_id=big))["token"]
                start, _, _ = _page_times(server, reader, 0, 10)
                with server.admin.engine.connect() as conn:
                    from sqlalchemy import text

                    seqs = conn.execute(
                        text("SELECT min(seq), max(seq) FROM change WHERE station_id = :s"), {"s": big}
                    ).one()
                middle, _, _ = _page_times(server, reader, (seqs[0] + seqs[1]) // 2, 10)
                end, _, _ = _page_times(server, reader, max(0, seqs[1] - 10 * PAGE - 1), 11)
                small_reader = server.enroll(server.admin.enroll_code(station_id=small))["token"]
                t_small, got, _ = _page_times(server, small_reader, 0, 10_000)
                print(
                    f"{size:>12,}   {rate:14,.0f}   {statistics.median(start):7.1f} / "
                    f"{statistics.median(middle):7.1f} / {statistics.median(end[:10]):7.1f}"
                    f"{'':35s}{statistics.median(t_small):7.1f} ({len(t_small)} pages, {got:,} changes, "
                    f"max {max(t_small):.0f} ms)",
                    flush=True,
                )
            print(f"load average after: {_load()}")
    finally:
        drop_postgres_database(url)


# -- push against the bare-insert floor ----------------------------------------------------------


def _bare_rows(
    station: str, district: str, operator: str, desk_id: str, n: int
) -> tuple[list[tuple], list[tuple]]:
    """The `change` and `record` rows a push of n receptions writes (as services/sync.py writes them)."""
    from desk_server import jsonio

    changes, records = [], []
    for i in range(n):
        c = _reception(station, operator, i)
        data = {k: v[1] for k, v in c["fields"].items()}
        fields = jsonio.dumps(data)
        meta = jsonio.dumps({"*": [c["at"], desk_id, c["id"]]})
        changes.append(
            (
                c["id"],
                desk_id,
                "reception",
                c["entity_id"],
                "insert",
                fields,
                operator,
                c["at"],
                district,
                station,
            )
        )
        records.append(("reception", c["entity_id"], district, station, fields, meta, False, None, None))
    return changes, records


def _bare_insert(url: str, station: str, district: str, n: int) -> float:
    import psycopg

    desk_id, operator = new_id(), new_id()
    batches = [_bare_rows(station, district, operator, desk_id, 1000) for _ in range(n // 1000)]
    with psycopg.connect(_conninfo(url)) as conn:
        t = time.perf_counter()
        for changes, records in batches:
            with conn.cursor() as cur:
                with cur.copy(
                    "COPY change (id, desk_id, entity, entity_id, op, fields, operator_id, at, "
                    "district_id, station_id) FROM STDIN"
                ) as copy:
                    for row in changes:
                        copy.write_row(row)
                with cur.copy(
                    "COPY record (entity, entity_id, district_id, station_id, data, meta, deleted, "
                    "parent_id, owner_station_id) FROM STDIN"
                ) as copy:
                    for row in records:
                        copy.write_row(row)
            conn.commit()
        return n / (time.perf_counter() - t)


def bench_floor(base_url: str, workers: int, runs: int) -> None:
    url = fresh_postgres_database(base_url)
    try:
        with tempfile.TemporaryDirectory() as tmp, _serving(Path(tmp), url, workers) as server:
            pushes, bares = [], []
            for _ in range(runs):
                district = server.admin.create_district()
                station = server.admin.create_station(district)
                token = server.enroll(server.admin.enroll_code(station_id=station))["token"]
                pushes.append(_push_many(server, token, station, new_id(), 10_000))
                bares.append(_bare_insert(url, station, district, 10_000))
    finally:
        drop_postgres_database(url)
    push, bare = statistics.median(pushes), statistics.median(bares)
    print(f"\n[floor] 10,000 receptions in 10 batches of 1,000, {runs} interleaved runs, --workers {workers}")
    print(
        f"push end to end     {push:10,.0f} changes/s (median; runs {', '.join(f'{r:,.0f}' for r in pushes)})"
    )
    print(
        f"bare COPY, same rows {bare:9,.0f} changes/s (median; runs {', '.join(f'{r:,.0f}' for r in bares)})"
    )
    print(f"ratio bare / push   {bare / push:10.2f}x   (target <= 2x); load average {_load()}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--desks", type=int, default=3000)
    parser.add_argument("--stations", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--floor-runs", type=int, default=3)
    parser.add_argument("--only", default="fleet,pages,floor")
    args = parser.parse_args()
    if not args.postgres:
        parser.error("--postgres URL (or DESK_TEST_POSTGRES_URL) is needed")
    print(
        f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())}, {os.cpu_count()} cores, load average {_load()}"
    )
    parts = set(args.only.split(","))
    if "floor" in parts:
        bench_floor(args.postgres, args.workers, args.floor_runs)
    if "pages" in parts:
        bench_pages(args.postgres, args.workers, [int(s) for s in args.sizes.split(",")])
    if "fleet" in parts:
        bench_fleet(args.postgres, args.workers, args.desks, args.stations, args.seconds)


if __name__ == "__main__":
    main()
