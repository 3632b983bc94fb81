"""`desk-server serve --workers N` on PostgreSQL (issue 16): several processes answer the same
port, and what the protocol promises still holds across them.

- the change log's seq: pushes apply under one advisory lock, so a puller running while many
  desks push never passes a change that commits later with a lower seq (docs/sync.md);
- slip serial blocks granted at once to many desks of a station never overlap;
- the same batch sent at once to several workers is applied once;
- a repair from the command line takes the same lock as a push;
- processes starting at once migrate one at a time.

These need $DESK_TEST_POSTGRES_URL (scripts/run-tests sets it); without it they are skipped, except
the refusal of several workers on SQLite.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psycopg
import pytest
import requests
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from desk_server.models import Change
from desk_server.services.sync import DISTRICT_LOCK_SPACE, PUSH_LOCK_KEY
from tests.server.conftest import API, DeskClient, reception
from tests.server_process import (
    POSTGRES_ENV,
    ROOT,
    ServerProcess,
    drop_postgres_database,
    fork_server,
    fresh_postgres_database,
)

WORKERS = 3
needs_postgres = pytest.mark.skipif(
    not os.environ.get(POSTGRES_ENV), reason=f"{POSTGRES_ENV} is not set (scripts/run-tests sets it)"
)


def _conninfo(database_url: str) -> str:
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One server of WORKERS processes on a fresh PostgreSQL database (overrides conftest's)."""
    if not os.environ.get(POSTGRES_ENV):
        pytest.skip(f"{POSTGRES_ENV} is not set (scripts/run-tests starts a PostgreSQL and sets it)")
    url = fresh_postgres_database(os.environ[POSTGRES_ENV])
    proc = ServerProcess(tmp_path_factory.mktemp("workers"), url, serve_args=["--workers", str(WORKERS)])
    proc.start(timeout=120)  # WORKERS interpreters importing the server on a loaded machine
    yield proc
    proc.close()
    drop_postgres_database(url)


def _desks(enroll: Any, station: str, n: int) -> list[DeskClient]:
    return [enroll(station_id=station, name=f"desk {i}") for i in range(n)]


def test_several_workers_on_sqlite_are_refused(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DESK_SERVER_DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "desk_server", "serve", "--workers", "2", "--data-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2 and "--workers needs PostgreSQL" in done.stderr


@needs_postgres
def test_requests_are_answered_by_several_worker_processes(
    server: ServerProcess, enroll, station: str
) -> None:
    desk: DeskClient = enroll(station_id=station)
    headers = {"Authorization": f"Bearer {desk.token}"}

    def status(_: int) -> int:
        # A new connection each time: the kernel hands it to whichever worker accepts first.
        return requests.get(server.url + API + "/status", headers=headers, timeout=30).status_code

    with ThreadPoolExecutor(12) as pool:
        assert set(pool.map(status, range(120))) == {200}
    mine = f"desk-server {os.getpid()}"
    with psycopg.connect(_conninfo(server.database_url)) as conn:
        names = {
            row[0]
            for row in conn.execute(
                "SELECT application_name FROM pg_stat_activity WHERE datname = current_database() "
                "AND application_name LIKE 'desk-server %%' AND application_name <> %s",
                (mine,),
            )
        }
    assert len(names) >= 2, names


@needs_postgres
def test_pullers_miss_no_change_while_desks_push_through_several_workers(
    server: ServerProcess, enroll, station: str
) -> None:
    pushers = _desks(enroll, station, 6)
    watchers = _desks(enroll, station, 3)  # desks of the same station that only pull
    for desk in pushers:
        desk.signed([])  # each desk's operator first, as a desk's first push
    pushed: list[str] = []
    lock = threading.Lock()
    done = threading.Event()

    def push(desk: DeskClient) -> None:
        for _ in range(8):
            batch = desk.signed([reception(station) for _ in range(25)])
            r = desk.push_raw(batch)
            assert r.status_code == 200 and len(r.json()["accepted"]) == 25, r.text
            with lock:
                pushed.extend(c["id"] for c in batch)

    def watch(desk: DeskClient) -> list[dict[str, Any]]:
        seen: list[dict[str, Any]] = []
        since = 0
        while True:
            last_round = done.is_set()  # pushes finished before this pass: it drains the rest
            while True:
                page = desk.pull(since, limit=7)  # small pages: many page boundaries under the pushes
                seen += page["changes"]
                since = page["next"]
                if not page["more"]:
                    break
            if last_round:
                return seen

    with ThreadPoolExecutor(len(pushers) + len(watchers)) as pool:
        watching = [pool.submit(watch, w) for w in watchers]
        for f in [pool.submit(push, d) for d in pushers]:
            f.result()
        done.set()
        views = [w.result() for w in watching]
    assert len(pushed) == 6 * 8 * 25
    for seen in views:
        seqs = [c["seq"] for c in seen]
        assert seqs == sorted(set(seqs))  # strictly increasing, nothing twice
        assert set(pushed) <= {c["id"] for c in seen}


@needs_postgres
def test_serial_blocks_granted_at_once_through_several_workers_never_overlap(
    server: ServerProcess, enroll, station: str
) -> None:
    desks = _desks(enroll, station, 8)

    def grant(desk: DeskClient) -> list[tuple[int, int]]:
        blocks = []
        for _ in range(6):
            r = desk.post("/serials/blocks", {"year": 2026, "size": 7})
            assert r.status_code == 200, r.text
            blocks.append((r.json()["first"], r.json()["last"]))
        return blocks

    with ThreadPoolExecutor(len(desks)) as pool:
        blocks = sorted(b for granted in pool.map(grant, desks) for b in granted)
    numbers = [n for first, last in blocks for n in range(first, last + 1)]
    assert len(numbers) == 8 * 6 * 7 and len(set(numbers)) == len(numbers)


@needs_postgres
def test_one_batch_sent_at_once_to_several_workers_is_applied_once(
    server: ServerProcess, enroll, station: str
) -> None:
    desk: DeskClient = enroll(station_id=station)
    batch = desk.signed([reception(station) for _ in range(40)])
    ids = {c["id"] for c in batch}

    def send(_: int) -> dict[str, Any]:
        # Each its own connection, as a desk retrying after a lost answer.
        r = requests.post(
            server.url + API + "/push",
            json={"changes": batch},
            headers={"Authorization": f"Bearer {desk.token}"},
            timeout=60,
        )
        assert r.status_code == 200, r.text
        return r.json()

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(send, range(6)))
    accepted = [i for a in answers for i in a["accepted"]]
    assert sorted(accepted) == sorted(ids)  # each change accepted by exactly one answer
    for a in answers:
        assert set(a["accepted"]) | set(a["duplicates"]) == ids and not a["rejected"]
    with server.admin.engine.connect() as conn:
        stored = conn.scalar(select(func.count()).select_from(Change).where(Change.id.in_(ids)))
    assert stored == len(ids)


def _waiting_on_advisory_lock(database_url: str, deadline: float) -> bool:
    """True once some connection of the database waits for an advisory lock."""
    with psycopg.connect(_conninfo(database_url), autocommit=True) as conn:
        while time.monotonic() < deadline:
            waiting = conn.execute(
                "SELECT count(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
                "WHERE l.locktype = 'advisory' AND NOT l.granted AND a.datname = current_database()"
            ).fetchone()[0]
            if waiting:
                return True
            time.sleep(0.05)
    return False


def _repair(server: ServerProcess, desk: DeskClient, case: dict[str, Any]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "desk_server",
            "records",
            "set",
            "reception",
            case["entity_id"],
            'content="电梯已修"',
            "--data-dir",
            str(server.data_dir),
        ],
        cwd=ROOT,
        env=server._env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _push(server: ServerProcess, desk: DeskClient, case: dict[str, Any]) -> subprocess.Popen[str]:
    changes = desk.signed([reception(case["fields"]["station_id"][1])])
    return _http(server, desk, "/push", json.dumps({"changes": changes}))


def _grant(server: ServerProcess, desk: DeskClient, case: dict[str, Any]) -> subprocess.Popen[str]:
    return _http(server, desk, "/serials/blocks", '{"year": 2026, "size": 5}')


def _http(server: ServerProcess, desk: DeskClient, path: str, body: str) -> subprocess.Popen[str]:
    """A request from another process (it blocks while the lock is held; the test does not)."""
    code = (
        "import sys, requests; r = requests.post(sys.argv[1], data=sys.argv[2].encode(), timeout=120, "
        "headers={'Authorization': 'Bearer ' + sys.argv[3], 'Content-Type': 'application/json'}); "
        "sys.exit(0 if r.status_code == 200 else r.status_code % 256 or 1)"
    )
    return subprocess.Popen(
        [sys.executable, "-c", code, server.url + API + path, body, desk.token],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _hold_seq_lock(holder: psycopg.Connection, district: str) -> None:
    holder.execute("SELECT pg_advisory_xact_lock(%s)", (PUSH_LOCK_KEY,))


def _hold_district_lock(holder: psycopg.Connection, district: str) -> None:
    holder.execute("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (DISTRICT_LOCK_SPACE, district))


@needs_postgres
@pytest.mark.parametrize(
    ("writer", "lock"),
    [
        (_push, _hold_seq_lock),
        (_repair, _hold_seq_lock),  # they draw change seqs
        (_push, _hold_district_lock),
        (_grant, _hold_district_lock),
        (_repair, _hold_district_lock),
    ],
    ids=["push-seq", "repair-seq", "push-district", "block_grant-district", "repair-district"],
)
def test_a_writer_waits_while_another_process_holds_a_lock_it_needs(
    server: ServerProcess, enroll, district: str, station: str, writer: Any, lock: Any
) -> None:
    desk: DeskClient = enroll(station_id=station)
    case = reception(station)
    desk.push([case])
    with psycopg.connect(_conninfo(server.database_url)) as holder:
        # A push in flight in another process: it holds the lock until it commits.
        lock(holder, district)
        proc = writer(server, desk, case)
        try:
            assert _waiting_on_advisory_lock(server.database_url, time.monotonic() + 60)
        finally:
            holder.commit()  # that push commits: the writer goes on
            out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err


@needs_postgres
def test_processes_starting_at_once_on_an_empty_database_migrate_one_at_a_time(tmp_path: Path) -> None:
    url = fresh_postgres_database(os.environ[POSTGRES_ENV])
    try:
        env = {
            **os.environ,
            "DESK_SERVER_DATABASE_URL": url,
            "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
        }
        if ServerProcess.fork_by_default:
            # Six processes of their own, forked with the server's libraries imported (as the
            # tests' servers are: tests/server_zygote.py), so they reach the database within
            # milliseconds of each other, not after a second of imports each.
            logs = [tmp_path / f"start-{i}.log" for i in range(6)]
            forked = [fork_server("desk_server", ["district", "list"], env, log) for log in logs]
            results = [(p.wait(timeout=120), log.read_text()) for p, log in zip(forked, logs, strict=True)]
        else:
            starts = [
                subprocess.Popen(
                    [sys.executable, "-m", "desk_server", "district", "list"],
                    cwd=ROOT,
                    env=env,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for _ in range(6)
            ]
            results = [(p.wait(timeout=120), p.stderr.read() if p.stderr else "") for p in starts]
            for p in starts:
                for stream in (p.stdout, p.stderr):
                    if stream:
                        stream.close()
        assert [code for code, _ in results] == [0] * 6, [err[-500:] for _, err in results]
    finally:
        drop_postgres_database(url)
