"""Settings from the environment (pydantic-settings: every variable typed and checked at start).

DESK_SERVER_DATABASE_URL: a SQLAlchemy URL (postgresql+psycopg://user@host/db for a district or a
province). Unset: an embedded SQLite file `server.sqlite3` in the data folder.
DESK_SERVER_DATA_DIR: the data folder (default ./desk-server-data); `--data-dir` overrides it.
DESK_SERVER_SIGN_IN_FAILURES: failed enrolments or unknown tokens allowed per client address and
minute before it is answered 429 (default 10; 0 turns the throttle off).
DESK_SERVER_PUBLIC_PER_ADDRESS, DESK_SERVER_PUBLIC_PER_PHONE: citizens' submissions allowed per
client address and per phone number an hour on the public channel (defaults 30 and 5; 0: no limit).
DESK_SERVER_OPEN311_PER_KEY: service requests one Open311 API key may post an hour (default 600; 0: no
limit). docs/open311.md.
DESK_SERVER_OPEN311_TICK, DESK_SERVER_OPEN311_RETRY_FIRST, DESK_SERVER_OPEN311_POLL: 转12345's
forwarder: seconds between its rounds (5), the first delay after a 12345 platform was down (30,
doubling with jitter up to an hour), and between two status polls of a sent case (300).
"""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

URL_ENV = "DESK_SERVER_DATABASE_URL"
DATA_DIR_ENV = "DESK_SERVER_DATA_DIR"
SQLITE_NAME = "server.sqlite3"
SIGN_IN_FAILURES_ENV = "DESK_SERVER_SIGN_IN_FAILURES"
# A clerk mistyping a code a few times never meets it; a script trying codes is slowed to a crawl.
DEFAULT_SIGN_IN_FAILURES = 10
# A family or an office behind one address sends a few; a script sending hundreds is stopped.
DEFAULT_PUBLIC_PER_ADDRESS = 30
DEFAULT_PUBLIC_PER_PHONE = 5
# A 12345 platform forwards a district's matters in bursts; a leaked key cannot flood a station.
DEFAULT_OPEN311_PER_KEY = 600


class _Environment(BaseSettings):
    """The variables as they are set (empty ones count as unset)."""

    model_config = SettingsConfigDict(env_prefix="DESK_SERVER_", env_ignore_empty=True, extra="ignore")

    database_url: str = ""
    data_dir: Path = Path("desk-server-data")
    sign_in_failures: int = Field(default=DEFAULT_SIGN_IN_FAILURES, ge=0)
    public_per_address: int = Field(default=DEFAULT_PUBLIC_PER_ADDRESS, ge=0)
    public_per_phone: int = Field(default=DEFAULT_PUBLIC_PER_PHONE, ge=0)
    open311_per_key: int = Field(default=DEFAULT_OPEN311_PER_KEY, ge=0)
    open311_tick: float = Field(default=5.0, gt=0)
    open311_retry_first: float = Field(default=30.0, gt=0)
    open311_poll: float = Field(default=300.0, gt=0)


class Settings(BaseModel):
    """What the server runs with: its database and its sign-in throttle."""

    model_config = ConfigDict(frozen=True)

    database_url: str
    sign_in_failures_per_minute: int = DEFAULT_SIGN_IN_FAILURES
    public_per_address: int = DEFAULT_PUBLIC_PER_ADDRESS
    public_per_phone: int = DEFAULT_PUBLIC_PER_PHONE
    open311_per_key: int = DEFAULT_OPEN311_PER_KEY
    open311_tick: float = 5.0
    open311_retry_first: float = 30.0
    open311_poll: float = 300.0

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        env = _Environment()
        if env.database_url.strip():
            return cls(
                database_url=env.database_url.strip(),
                sign_in_failures_per_minute=env.sign_in_failures,
                public_per_address=env.public_per_address,
                public_per_phone=env.public_per_phone,
                open311_per_key=env.open311_per_key,
                open311_tick=env.open311_tick,
                open311_retry_first=env.open311_retry_first,
                open311_poll=env.open311_poll,
            )
        folder = data_dir or env.data_dir
        folder.mkdir(parents=True, exist_ok=True)
        return cls(
            database_url=f"sqlite:///{(folder / SQLITE_NAME).resolve()}",
            sign_in_failures_per_minute=env.sign_in_failures,
            public_per_address=env.public_per_address,
            public_per_phone=env.public_per_phone,
            open311_per_key=env.open311_per_key,
            open311_tick=env.open311_tick,
            open311_retry_first=env.open311_retry_first,
            open311_poll=env.open311_poll,
        )

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
