"""`desk-server backup`, `restore` and `prune`, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import text

from tests.server.conftest import DeskClient, at, change, reception, update
from tests.server_process import ServerProcess


def _age(server: ServerProcess, table: str, column: str, ids: list[str], days: int) -> None:
    when = datetime.now(UTC).replace(tzinfo=None) - timedelta(days=days)
    with server.admin.engine.begin() as conn:
        for i in ids:
            conn.execute(text(f"UPDATE {table} SET at = :when WHERE {column} = :i"), {"when": when, "i": i})


def _count(server: ServerProcess, sql: str, **params: object) -> int:
    with server.admin.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar_one()


def _refused(desk: DeskClient) -> str:
    """An update of a row the server never got: refused (unknown_record), with a receipt."""
    c = update("reception", str(uuid.uuid4()), content=("a", "b"))
    assert desk.push([c])["rejected"][0]["code"] == "unknown_record"
    return c["id"]


def _conflict(a: DeskClient, b: DeskClient, station: str) -> str:
    case = reception(station)
    a.push([case])
    later = update("reception", case["entity_id"], when=at(60), content=("电梯噪音", "后改的"))
    earlier = update("reception", case["entity_id"], when=at(-60), content=("电梯噪音", "先改的"))
    a.push([later])
    assert b.push([earlier])["conflicts"]
    return earlier["id"]


def _prune(server: ServerProcess, days: int) -> str:
    done = server.cli("prune", "--older-than", str(days))
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_prune_removes_old_refusals_and_conflicts(server: ServerProcess, enroll, station: str) -> None:
    a, b = enroll(station_id=station, name="a"), enroll(station_id=station, name="b")
    old_refusal, old_conflict = _refused(a), _conflict(a, b, station)
    _age(server, "receipt", "change_id", [old_refusal], 400)
    _age(server, "conflict", "change_id", [old_conflict], 400)
    _prune(server, 365)
    assert _count(server, "SELECT count(*) FROM receipt WHERE change_id = :i", i=old_refusal) == 0
    assert _count(server, "SELECT count(*) FROM conflict WHERE change_id = :i", i=old_conflict) == 0


def test_prune_keeps_what_is_younger(server: ServerProcess, enroll, station: str) -> None:
    a, b = enroll(station_id=station, name="a"), enroll(station_id=station, name="b")
    refusal, conflict = _refused(a), _conflict(a, b, station)
    _prune(server, 365)
    assert _count(server, "SELECT count(*) FROM receipt WHERE change_id = :i", i=refusal) == 1
    assert _count(server, "SELECT count(*) FROM conflict WHERE change_id = :i", i=conflict) == 1


def test_prune_keeps_old_rekeys(server: ServerProcess, enroll, district: str, station: str) -> None:
    a, b = enroll(station_id=station, name="a"), enroll(station_id=station, name="b")
    name = f"类别{uuid.uuid4().hex[:6]}"
    a.push([change("category", str(uuid.uuid4()), "insert", {"name": name})])
    rekeyed = change("category", str(uuid.uuid4()), "insert", {"name": name})
    assert b.push([rekeyed])["rekeys"]
    _age(server, "receipt", "change_id", [rekeyed["id"]], 400)
    _prune(server, 365)
    assert b.push([rekeyed])["rekeys"]  # a replay is still answered with the same rekey


def test_backup_while_serving_is_a_restorable_server_database(server: ServerProcess, tmp_path: Path) -> None:
    done = server.cli("backup", "--out", str(tmp_path / "backup"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "backup").stat().st_size > 0


def test_restore_refuses_a_file_that_is_not_a_server_backup(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    proc = ServerProcess(tmp_path / "srv")
    done = proc.cli("restore", str(other))
    assert done.returncode == 1 and "not a Station Desk server database" in done.stderr
