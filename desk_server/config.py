"""Settings from the environment.

DESK_SERVER_DATABASE_URL: a SQLAlchemy URL (postgresql+psycopg://user@host/db for a district or a
province). Unset: an embedded SQLite file `server.sqlite3` in the data folder.
DESK_SERVER_DATA_DIR: the data folder (default ./desk-server-data); `--data-dir` overrides it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

URL_ENV = "DESK_SERVER_DATABASE_URL"
DATA_DIR_ENV = "DESK_SERVER_DATA_DIR"
SQLITE_NAME = "server.sqlite3"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        url = os.environ.get(URL_ENV, "").strip()
        if url:
            return cls(database_url=url)
        folder = data_dir or Path(os.environ.get(DATA_DIR_ENV, "desk-server-data"))
        folder.mkdir(parents=True, exist_ok=True)
        return cls(database_url=f"sqlite:///{(folder / SQLITE_NAME).resolve()}")

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
