"""Backups, restores and pruning of the server's database (`desk-server backup|restore|prune`).

Backups. SQLite: the online backup API, a consistent copy while the server runs (WAL readers are
never blocked). PostgreSQL: `pg_dump --format=custom` of the database URL.

Restores start a new **epoch** (docs/sync.md, "Server restored from a backup"). Everything the
server accepted after the backup was taken is gone from it, though desks hold it as pushed and
have pulled it; and the change numbers after the backup's last one will be given again. So a
restore records a new epoch and the backup's last change number (`restored_seq`), which
`/status` shows. A desk that sees a new epoch sends again what it had pushed (answered as
duplicates where the server still has it) and pulls again from `restored_seq`. Slip numbers: the
blocks granted after the backup are unknown to the restored server, so every station's counter
is raised by a gap (`--serial-gap`, default 200) that the desks' unknown blocks fall into; the
serial register shows those numbers as skipped.

Pruning removes what is old and settled (see `prune`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import tempfile
import uuid
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, delete, func, select, text, update
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from desk_server.db import MIGRATIONS_DIR, begin_write, ensure_schema, make_engine, session_factory
from desk_server.models import Change, Conflict, Receipt, SerialCounter, ServerState, utcnow

DEFAULT_SERIAL_GAP = 200
# Tables every server database has: a file without them is not a server backup.
_SERVER_TABLES = {"alembic_version", "change", "desk", "record", "receipt"}


class MaintenanceError(RuntimeError):
    pass


def _stamp() -> str:
    return utcnow().strftime("%Y%m%dT%H%M%S")


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_path(url: str) -> Path:
    return Path(make_url(url).database or "")


# -- backup ------------------------------------------------------------------------------------


def backup(database_url: str, out: Path) -> Path:
    """A consistent copy of the database in `out` (written aside, then moved into place)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        if _is_sqlite(database_url):
            _sqlite_copy(_sqlite_path(database_url), part)
        else:
            _run_pg(
                ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(part)],
                database_url,
            )
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return out


def _sqlite_copy(source: Path, target: Path) -> None:
    if not source.is_file():
        raise MaintenanceError(f"no database at {source}")
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        # One self-contained file (the live database is in WAL mode).
        dst.execute("PRAGMA journal_mode=DELETE")
    finally:
        dst.close()
        src.close()


# -- restore -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Restored:
    replaced_copy: Path | None  # the database as it was before the restore
    epoch: str
    restored_seq: int


def restore(
    database_url: str, file: Path, *, serial_gap: int = DEFAULT_SERIAL_GAP, keep_dir: Path | None = None
) -> Restored:
    """Replace the database by a backup, keeping a copy of what it replaces; a new epoch.

    The server must be stopped (a running server would go on with the old database's state in
    its connections). A backup of an older schema is migrated.
    """
    if not file.is_file():
        raise MaintenanceError(f"no backup at {file}")
    keep_dir = keep_dir or file.resolve().parent
    if _is_sqlite(database_url):
        replaced = _restore_sqlite(_sqlite_path(database_url), file, keep_dir)
    else:
        replaced = _restore_pg(database_url, file, keep_dir)
    engine = make_engine(database_url)
    try:
        ensure_schema(engine)
        with session_factory(engine)() as session:
            begin_write(session)
            epoch, seq = start_epoch(session=session, serial_gap=serial_gap)
            session.commit()
    finally:
        engine.dispose()
    return Restored(replaced, epoch, seq)


def _check_sqlite_backup(file: Path) -> None:
    try:
        conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            revision = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise MaintenanceError(f"{file} is not an SQLite database: {exc}") from exc
    if not tables >= _SERVER_TABLES or revision is None:
        raise MaintenanceError(f"{file} is not a Station Desk server database")
    _check_revision(revision[0], file)


def _check_revision(revision: str, file: Path) -> None:
    if not list((MIGRATIONS_DIR / "versions").glob(f"{revision}_*.py")):
        raise MaintenanceError(f"{file} comes from a newer server (schema {revision})")


def _restore_sqlite(live: Path, file: Path, keep_dir: Path) -> Path | None:
    _check_sqlite_backup(file)
    replaced = None
    if live.is_file():
        keep_dir.mkdir(parents=True, exist_ok=True)
        replaced = keep_dir / f"{live.stem}.before-restore-{_stamp()}.sqlite3"
        _sqlite_copy(live, replaced)
    live.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    dst = sqlite3.connect(live, timeout=5)
    try:
        # Page by page into the live file through SQLite itself, so its WAL stays consistent.
        src.backup(dst)
    except sqlite3.OperationalError as exc:
        raise MaintenanceError(f"the database is in use ({exc}): stop the server first") from exc
    finally:
        dst.close()
        src.close()
    return replaced


def _restore_pg(database_url: str, file: Path, keep_dir: Path) -> Path:
    listing = _run_pg(["pg_restore", "--list", str(file)], None, capture=True)
    missing = [t for t in sorted(_SERVER_TABLES) if f" TABLE public {t} " not in listing]
    if missing:
        raise MaintenanceError(f"{file} is not a Station Desk server dump (no table {missing[0]})")
    keep_dir.mkdir(parents=True, exist_ok=True)
    replaced = keep_dir / f"before-restore-{_stamp()}.dump"
    backup(database_url, replaced)
    engine = make_engine(database_url)
    try:
        with engine.connect() as conn:
            tables = list(
                conn.execute(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")).scalars()
            )
    finally:
        engine.dispose()
    drops = "".join(f'DROP TABLE IF EXISTS public."{t}" CASCADE;' for t in tables)
    with tempfile.TemporaryDirectory() as tmp:
        sql = Path(tmp) / "restore.sql"
        _run_pg(["pg_restore", "--no-owner", "--no-privileges", "--file", str(sql), str(file)], None)
        # One transaction: the old tables go and the backup's come, or nothing changes.
        _run_pg(
            [
                "psql",
                "--no-psqlrc",
                "--quiet",
                "-v",
                "ON_ERROR_STOP=1",
                "--single-transaction",
                "-c",
                drops or "SELECT 1",
                "-f",
                str(sql),
            ],
            database_url,
        )
    return replaced


def _pg_env(database_url: str | None) -> dict[str, str]:
    env = dict(os.environ)
    if database_url is None:
        return env
    url = make_url(database_url)
    # Through the environment, so the password never shows in the process list.
    for var, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
        ("PGSSLMODE", url.query.get("sslmode")),
    ):
        if value:
            env[var] = str(value)
    return env


def _run_pg(args: list[str], database_url: str | None, *, capture: bool = False) -> str:
    tool = shutil.which(args[0], path=os.environ.get("DESK_SERVER_PG_BIN") or None)
    if tool is None:
        raise MaintenanceError(
            f"{args[0]} not found (install the PostgreSQL client, or set DESK_SERVER_PG_BIN to its folder)"
        )
    done = subprocess.run(
        [tool, *args[1:]], env=_pg_env(database_url), capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise MaintenanceError(f"{args[0]} failed: {done.stderr.strip()[-2000:]}")
    return done.stdout if capture else ""


def start_epoch(*, session: Session, serial_gap: int = DEFAULT_SERIAL_GAP) -> tuple[str, int]:
    """A new epoch after a restore: desks resend and re-pull (docs/sync.md); serial counters skip
    `serial_gap` numbers past every block the restored database does not know."""
    seq = session.scalar(select(func.max(Change.seq))) or 0
    epoch = str(uuid.uuid4())
    for key, value in (("epoch", epoch), ("restored_seq", str(seq)), ("restored_at", utcnow().isoformat())):
        row = session.get(ServerState, key)
        if row is None:
            session.add(ServerState(key=key, value=value))
        else:
            row.value = value
    if serial_gap:
        session.execute(update(SerialCounter).values(next_free=SerialCounter.next_free + serial_gap))
    session.flush()
    return epoch, seq


_STATE = select(ServerState.key, ServerState.value)  # read by every /status: built once


def server_state(*, session: Session) -> dict[str, str]:
    return {key: value for key, value in session.execute(_STATE)}


# -- prune -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pruned:
    receipts: int
    conflicts: int


def prune(*, session: Session, older_than: timedelta) -> Pruned:
    """Remove receipts of refused changes and stored conflicts older than `older_than`.

    Settled: a desk re-asks within minutes when an answer is lost, so after days the desk has its
    answer and has told its clerk. What they still serve is a replay from a desk restored from a
    backup older than that: a pruned refused change is then judged again as new, and a pruned
    conflict is not told again (the winning value still reaches the desk by pull). Choose
    `older_than` longer than the oldest desk backup you would restore.

    Never pruned: receipts of rekeyed directory entries (a replayed insert must be answered with
    the same rekey, not rekeyed twice), the change log (new desks pull it from the start) and the
    current rows.
    """
    cutoff = utcnow() - older_than
    # A DML statement answers a CursorResult (rowcount); Session.execute is typed for SELECTs.
    receipts = cast(
        CursorResult[Any],
        session.execute(delete(Receipt).where(Receipt.outcome == "rejected", Receipt.at < cutoff)),
    )
    conflicts = cast(CursorResult[Any], session.execute(delete(Conflict).where(Conflict.at < cutoff)))
    session.flush()
    return Pruned(receipts.rowcount or 0, conflicts.rowcount or 0)
