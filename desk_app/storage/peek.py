"""A look at a desk's file without opening the store: is it at the scripts' head, is it set up,
and its desk-local settings. Plain sqlite3, no SQLAlchemy: the window reads this to show the
sign-in window at once and opens the store behind it (desk_app/ui/app.py, start-up time).

Anything unusual (no file, a file this desk cannot read, an older or newer schema) answers None:
the caller then opens the store the ordinary way, which migrates or explains.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from desk_app.paths import DESK_FILENAME


@dataclass(frozen=True)
class DeskPeek:
    is_set_up: bool
    settings: dict[str, object]


def peek(data_dir: Path, head: str) -> DeskPeek | None:
    """What the desk in `data_dir` holds, when its schema is at revision `head`; else None."""
    path = data_dir / DESK_FILENAME
    if not path.is_file():
        return None
    try:
        conn = sqlite3.connect(path, timeout=1.0)
    except sqlite3.Error:
        return None
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if revision is None or revision[0] != head:
            return None
        stations = conn.execute("SELECT count(*) FROM station").fetchone()[0]
        operators = conn.execute("SELECT count(*) FROM operator").fetchone()[0]
        settings = {
            key: None if value is None else json.loads(value)
            for key, value in conn.execute("SELECT key, value FROM setting")
        }
    except (sqlite3.Error, ValueError):
        return None
    finally:
        conn.close()
    return DeskPeek(is_set_up=stations > 0 and operators > 0, settings=settings)
