"""Settings from the environment.

DESK_SERVER_DATABASE_URL: a SQLAlchemy URL (postgresql+psycopg://user@host/db for a district or a
province). Unset: an embedded SQLite file `server.sqlite3` in the data folder.
DESK_SERVER_DATA_DIR: the data folder (default ./desk-server-data); `--data-dir` overrides it.
DESK_SERVER_SIGN_IN_FAILURES: failed enrolments or unknown tokens allowed per client address and
minute before it is answered 429 (default 10; 0 turns the throttle off).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

URL_ENV = "DESK_SERVER_DATABASE_URL"
DATA_DIR_ENV = "DESK_SERVER_DATA_DIR"
SQLITE_NAME = "server.sqlite3"
SIGN_IN_FAILURES_ENV = "DESK_SERVER_SIGN_IN_FAILURES"
# A clerk mistyping a code a few times never meets it; a script trying codes is slowed to a crawl.
DEFAULT_SIGN_IN_FAILURES = 10


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    sign_in_failures_per_minute: int = DEFAULT_SIGN_IN_FAILURES

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        failures = int(os.environ.get(SIGN_IN_FAILURES_ENV, "") or DEFAULT_SIGN_IN_FAILURES)
        url = os.environ.get(URL_ENV, "").strip()
        if url:
            return cls(database_url=url, sign_in_failures_per_minute=failures)
        folder = data_dir or Path(os.environ.get(DATA_DIR_ENV, "desk-server-data"))
        folder.mkdir(parents=True, exist_ok=True)
        return cls(database_url=f"sqlite:///{(folder / SQLITE_NAME).resolve()}",
                   sign_in_failures_per_minute=failures)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
