"""Backing up and restoring the desk's database file (`desk-app backup` / `desk-app restore`).

Backup: SQLite's online backup API, a consistent copy even while the window is open and saving
(WAL readers never block the writer), written aside and moved into place.

Restore: only a Station Desk database of this desk's schema or an older one (migrated after);
the file it replaces is kept next to it first. It is copied into the live file through SQLite
(so the live file's WAL stays consistent), which fails while another program has the database
open: close the desk's window first. Sync settings that are credentials rather than data (the
token, the pinned certificate) are carried over from the replaced file when both belong to the
same enrolment, so a restore never brings back a token that was rotated since. After a restore
the desk re-sends its log and gets back what it pushed after the backup (docs/sync.md).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Collection
from datetime import UTC, datetime
from pathlib import Path

from desk_app.storage.db import DB_FILENAME
from desk_app.storage.errors import DeskError

# Tables every desk database has: a file without them is not one.
_DESK_TABLES = {"alembic_version", "change_log", "setting", "reception", "station"}


class BackupError(DeskError):
    pass


def backup_database(db_path: Path, out: Path) -> Path:
    if not db_path.is_file():
        raise BackupError(f"no desk database at {db_path}")
    out.parent.mkdir(parents=True, exist_ok=True)
    part = out.with_name(out.name + ".part")
    try:
        _copy(db_path, part)
        os.replace(part, out)
    finally:
        part.unlink(missing_ok=True)
    return out


def _copy(source: Path, target: Path) -> None:
    src = sqlite3.connect(source, timeout=30)
    dst = sqlite3.connect(target)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    finally:
        dst.close()
        src.close()


def check_backup(file: Path, known_revisions: Collection[str]) -> str:
    """The schema revision of a desk database file; BackupError when it is not one this desk can
    open (not SQLite, not a Station Desk database, or made by a newer desk)."""
    if not file.is_file():
        raise BackupError(f"no file {file}")
    try:
        conn = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            row = (
                conn.execute("SELECT version_num FROM alembic_version").fetchone()
                if "alembic_version" in tables
                else None
            )
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{file} is not an SQLite database ({exc})") from exc
    if not tables >= _DESK_TABLES or row is None:
        raise BackupError(f"{file} is not a Station Desk database")
    if row[0] not in known_revisions:
        raise BackupError(f"{file} was made by a newer version of the desk (schema {row[0]})")
    return str(row[0])


def restore_database(
    db_path: Path,
    file: Path,
    known_revisions: Collection[str],
    *,
    carry_over: Collection[str] = (),
    same_if: str | None = None,
) -> Path | None:
    """Replace the desk database by `file`; the path of the kept copy of the replaced one.

    `carry_over`: setting keys whose values the replaced database keeps, when its setting
    `same_if` equals the backup's (both from one enrolment).
    """
    check_backup(file, known_revisions)
    kept: dict[str, str] = {}
    replaced = None
    if db_path.is_file():
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        replaced = db_path.with_name(f"{DB_FILENAME}.before-restore-{stamp}")
        _copy(db_path, replaced)
        kept = _carried(db_path, file, carry_over, same_if)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    dst = sqlite3.connect(db_path, timeout=1)
    try:
        src.backup(dst)
        if kept:
            with dst:
                dst.executemany("INSERT OR REPLACE INTO setting (key, value) VALUES (?, ?)", kept.items())
    except sqlite3.OperationalError as exc:
        raise BackupError(f"the desk database is in use ({exc}): close the desk first") from exc
    finally:
        dst.close()
        src.close()
    return replaced


def _carried(live: Path, file: Path, keys: Collection[str], same_if: str | None) -> dict[str, str]:
    """The raw setting values to keep from the live database (JSON text, as stored)."""
    if not keys:
        return {}

    def settings(path: Path, wanted: Collection[str]) -> dict[str, str]:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            marks = ",".join("?" * len(wanted))
            return dict(conn.execute(f"SELECT key, value FROM setting WHERE key IN ({marks})", list(wanted)))
        finally:
            conn.close()

    live_values = settings(live, [*keys, *([same_if] if same_if else [])])
    if same_if is not None and (
        live_values.get(same_if) is None or settings(file, [same_if]).get(same_if) != live_values[same_if]
    ):
        return {}
    return {k: v for k, v in live_values.items() if k in keys and v is not None}
