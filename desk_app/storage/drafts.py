"""Drafts: what an operator typed into a form and has not saved yet (issue 10, "nothing typed is
lost").

A draft is desk-local and never synced: it is one operator's unfinished typing, not a record.
Each lives in its own small JSON file in the data folder,

    <data folder>/drafts/<operator id>/<form key>.json

written atomically (a temporary file in the same folder, flushed and fsynced, then renamed over
the old one), so a crash or a power cut leaves either the previous draft or the new one, never
half a file. Files, not the database: a draft is written every second or so while the clerk
types, and a file write never waits behind a sync or a long report on the database thread, nor
takes the database's write lock from a save.

The form key names the form and, for a move of a case, the case: `reception`, or
`case.<case id>.<dialog>`. A draft belongs to its operator: another operator signing in at the
same desk reads only their own folder. Drafts older than DRAFT_MAX_AGE are dropped when the
operator's drafts are next read (a move nobody finished in a month is stale).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import re
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

DRAFTS_FOLDER = "drafts"
DRAFT_MAX_AGE = timedelta(days=30)
FORMAT = 1
# Operator ids are UUIDs and keys are made by the window; anything else is refused, so no key
# can name a file outside the operator's folder.
_SAFE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,150}$")


class BadDraftKey(ValueError):
    """A key or operator id that cannot name a draft file (a bug in the caller)."""


@dataclass(frozen=True, slots=True)
class Draft:
    key: str
    saved_at: datetime
    values: dict[str, Any]


def drafts_folder(data_dir: Path) -> Path:
    return data_dir / DRAFTS_FOLDER


def case_key(case_id: str, form: str) -> str:
    """The key of a move dialog's draft: one per case and dialog."""
    return f"case.{case_id}.{form}"


def _check(name: str) -> str:
    if not _SAFE.match(name) or ".." in name:
        raise BadDraftKey(name)
    return name


class DraftFiles:
    """One operator's drafts in one data folder. Safe to call from any thread; the window
    writes from one worker so that writes keep their order."""

    def __init__(self, folder: Path, operator_id: str) -> None:
        self.folder = folder / _check(operator_id)

    def _path(self, key: str) -> Path:
        return self.folder / f"{_check(key)}.json"

    def save(self, key: str, values: dict[str, Any], saved_at: datetime) -> None:
        """Write the draft atomically (replacing the previous one of the same key)."""
        path = self._path(key)
        self.folder.mkdir(parents=True, exist_ok=True)
        body = json.dumps(
            {"format": FORMAT, "key": key, "saved_at": saved_at.isoformat(), "values": values},
            ensure_ascii=False,
            separators=(",", ":"),
        ).encode("utf-8")
        fd, tmp = tempfile.mkstemp(prefix=".draft-", suffix=".tmp", dir=self.folder)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(body)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        _sync_folder(self.folder)

    def load(self, key: str) -> Draft | None:
        """The draft of `key`, or None (none, or a file that cannot be read: logged, kept)."""
        path = self._path(key)
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
            values = raw["values"]
            saved_at = datetime.fromisoformat(raw["saved_at"])
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("draft %s cannot be read: %s", path, exc)
            return None
        if not isinstance(values, dict):
            return None
        return Draft(key, saved_at, values)

    def discard(self, key: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._path(key).unlink()

    def keys(self) -> list[str]:
        if not self.folder.is_dir():
            return []
        return sorted(p.stem for p in self.folder.glob("*.json"))

    def prune(self, now: datetime, max_age: timedelta = DRAFT_MAX_AGE) -> list[str]:
        """Drop drafts older than `max_age`; the keys dropped."""
        dropped = []
        for key in self.keys():
            draft = self.load(key)
            if draft is not None and now - draft.saved_at > max_age:
                self.discard(key)
                dropped.append(key)
        return dropped


def _sync_folder(folder: Path) -> None:
    """Make the rename durable (POSIX); Windows cannot open a folder and needs no such step."""
    if os.name != "posix":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
