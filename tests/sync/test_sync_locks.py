"""A sync never keeps the clerk out (issue 15): its write transactions are short chunks, the lock is
free between them, and a save made between two of them commits. Proved with the engine's
`after_chunk` hook and a second connection, without timing anything."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sync_helpers import fill, pending, snapshot

from desk_app.storage.db import database_path
from desk_app.storage.store import DeskStore
from desk_app.sync import engine as engine_module

ROOT = Path(__file__).resolve().parents[2]


def _lock_is_free(data_dir: Path) -> bool:
    """Another connection takes the write lock at once (no waiting) and writes."""
    conn = sqlite3.connect(database_path(data_dir), timeout=0, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('test.between_chunks', '1')")
        conn.execute("COMMIT")
        return True
    except sqlite3.OperationalError:
        return False
    finally:
        conn.close()


def test_a_push_answer_is_recorded_in_chunks_with_the_lock_free_between_them(
    make_desk,
    server,
    station,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(engine_module, "RECORD_CHUNK", 7)
    a = make_desk("a")
    fill(a, 12)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    a.engine.push_batch = 20
    waiting = pending(a.store)
    seen: list[tuple[str, bool, int]] = []
    a.engine.after_chunk = lambda what: seen.append((what, _lock_is_free(a.data_dir), pending(a.store)))
    report = a.sync()
    assert report.ok and report.sent == waiting
    pushes = [s for s in seen if s[0] == "push"]
    # Every batch of 20 recorded in chunks of 7: the backlog goes down a chunk at a time, and the
    # lock was free after every chunk.
    assert len(pushes) >= -(-waiting // 7)
    assert all(free for _, free, _ in seen)
    left = [n for _, _, n in pushes]
    assert left == sorted(left, reverse=True) and left[-1] == 0 and len(set(left)) == len(left)


def test_a_save_between_two_pushed_batches_commits_and_goes_up_with_the_next_round(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 10)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    a.engine.push_batch = 8
    clerk_window = DeskStore.open(a.data_dir, clock=a.clock)  # the window: its own connection
    saved: list[str] = []

    def clerk_saves(what: str) -> None:
        if what == "push":
            draft = a.draft(f"同步进行中登记的第{len(saved)}件")
            saved.append(clerk_window.register_reception(draft, by=a.clerk.id))

    a.engine.after_chunk = clerk_saves
    try:
        first = a.sync()
    finally:
        clerk_window.close()
    assert first.ok and len(saved) >= 3
    # What was saved during the round waits for the next one (a round pushes what was pending
    # when it started), and then goes up like anything else.
    assert pending(a.store) == len(saved)
    a.engine.after_chunk = None
    assert a.sync().ok and pending(a.store) == 0
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_a_pulled_page_is_applied_in_chunks_each_with_its_cursor(
    make_desk,
    server,
    station,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = make_desk("a")
    fill(a, 16)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert a.sync().ok
    monkeypatch.setattr(engine_module, "APPLY_CHUNK", 6)
    monkeypatch.setattr(engine_module, "MIN_CHUNK", 6)
    monkeypatch.setattr(engine_module, "MAX_CHUNK", 6)
    b = make_desk("b")  # a standalone desk of its own: its clerk saves while it pulls
    b.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    clerk_window = DeskStore.open(b.data_dir, clock=b.clock)
    cursors: list[int] = []
    saved: list[str] = []

    def between(what: str) -> None:
        if what != "pull":
            return
        cursors.append(b.engine.cursor())
        assert _lock_is_free(b.data_dir)
        saved.append(clerk_window.register_reception(b.draft("拉取中登记"), by=b.clerk.id))

    b.engine.after_chunk = between
    try:
        report = b.sync()
    finally:
        clerk_window.close()
    assert report.ok
    # One page of the server's changes, applied six at a time: the cursor moved after each chunk.
    assert len(cursors) >= 5 and cursors == sorted(cursors) and len(set(cursors)) == len(cursors)
    assert snapshot(b.store)["reception"] >= snapshot(a.store)["reception"]
    assert set(saved) <= snapshot(b.store)["reception"]


def test_desk_killed_between_two_chunks_of_a_push_answer_loses_and_doubles_nothing(
    make_desk, server, station
) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 110)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    a.engine.close()
    a.store.close()
    with sqlite3.connect(database_path(a.data_dir)) as conn:
        before = conn.execute("SELECT count(*) FROM change_log WHERE pushed = 0").fetchone()[0]
    assert before > engine_module.RECORD_CHUNK  # the answer takes more than one chunk
    # The sync process kills itself right after its 2nd write transaction: the pulled page (the
    # station row), then the first chunk of the push answer. Not a sleep: always the same point.
    env = dict(os.environ, PYTHONPATH=str(ROOT), **{engine_module.CRASH_ENV: "2"})
    proc = subprocess.run(
        [sys.executable, "-m", "desk_app", "--data-dir", str(a.data_dir), "sync"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=120,
    )
    assert proc.returncode == -9
    a.reopen()
    left = pending(a.store)
    assert left == before - engine_module.RECORD_CHUNK  # the first chunk of the answer was recorded
    again = a.sync()
    # The server had applied the whole batch: the rest comes back as duplicates, nothing twice.
    assert again.ok and (again.sent, again.duplicates) == (0, left) and pending(a.store) == 0
    b = make_desk("b", server=server, station_id=station.station_id)
    assert snapshot(b.store) == snapshot(a.store)


def test_cases_pulled_in_chunks_get_the_waiting_deadlines_their_desk_counts(
    make_desk,
    server,
    station,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    a = make_desk("a")
    ids = fill(a, 12)
    a.callback(ids[0], "satisfied")  # replied, then called back: waits for the sign-off
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert a.sync().ok
    monkeypatch.setattr(engine_module, "APPLY_CHUNK", 5)
    monkeypatch.setattr(engine_module, "MIN_CHUNK", 5)
    monkeypatch.setattr(engine_module, "MAX_CHUNK", 5)
    b = make_desk("b", server=server, station_id=station.station_id)

    def deadlines(desk) -> dict[str, tuple[object, object, object]]:  # type: ignore[no-untyped-def]
        with sqlite3.connect(database_path(desk.data_dir)) as conn:
            return {
                r[0]: r[1:]
                for r in conn.execute("SELECT id, status, waiting_due, waiting_estimated FROM reception")
            }

    mine, pulled = deadlines(a), deadlines(b)
    assert pulled == mine and any(due is not None for _, due, _ in pulled.values())


def test_the_rows_still_to_push_are_found_through_the_partial_index(make_desk) -> None:  # type: ignore[no-untyped-def]
    """Which fields of a row still wait to be pushed is asked for every pulled chunk: a search of
    the unpushed rows' index, never a scan of the whole backlog (issue 15: 12.8 s a batch at 1M)."""
    a = make_desk("a")
    fill(a, 3)
    sql = str(engine_module._UNPUSHED_OF.compile()).replace("(__[POSTCOMPILE_ids])", "(?, ?)")
    with sqlite3.connect(database_path(a.data_dir)) as conn:
        plan = " ".join(str(r[-1]) for r in conn.execute("EXPLAIN QUERY PLAN " + sql, ("x", "y")))
    assert "ix_change_log_unpushed_entity (entity_id=?)" in plan, plan
