"""How the desk stores ids and times (schema 0023, issue 16): in binary, not as text.

Every row carries ids (its own, its references, who made and changed it) and times (made,
changed, the business times). As text they were 36 and 26 bytes each, in every row and in every
index holding them: most of a 100k-case desk's file (docs/benchmarks.md, "Desk file size").

- `Id`: a canonical lowercase UUID (what `models.new_id()` makes) is stored as its 16 bytes (a
  BLOB); any other id (a seed's, a fixture's, one from a server or an old desk that is not a
  UUID, an uppercase UUID) is stored as the text itself, so it reads back exactly as written.
  Python sees `str` either way: nothing above storage changes. A UUID's bytes sort as its text
  does (the hex digits are the bytes, most significant first), so `ORDER BY id` keeps its order
  for UUIDs, the time order of UUIDv7s included. (SQLite sorts every TEXT before every BLOB: a
  non-UUID id sorts before all UUIDs, where as text it sorted among them.)
- `Instant`: a naive `datetime` (UTC from `utcnow()`, or a local wall-clock business time, as
  before: naive, never converted) is stored as INTEGER microseconds since 1970-01-01 00:00. An
  aware datetime is stored by its wall-clock fields, its offset dropped, as SQLAlchemy's SQLite
  DATETIME did. Integers sort as the times do.

The declared column types are left as they were (VARCHAR(36), DATETIME): SQLite stores a value
by its own storage class, not by the declared one, and these affinities do not convert ours. A
VARCHAR column has TEXT affinity, which keeps a BLOB as a BLOB (it converts only numbers to
text); DATETIME has NUMERIC affinity, which keeps an INTEGER (it converts only text that looks
like a number). So the migration (0023) rewrites values, not tables.

Raw SQL that bypasses these types must do the same conversion: `id_param()`/`time_param()` for
a value bound to such a column, `id_value()`/`time_value()` for a value read from one, and
`ID_SQL`/`TIME_SQL` as SQL functions (registered on every connection by storage/db.py) for a
statement that converts in SQL. A text id bound against a BLOB column silently matches nothing.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, overload

from sqlalchemy import DateTime, String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

EPOCH = datetime(1970, 1, 1)
ONE_MICROSECOND = timedelta(microseconds=1)


# Ids met recently, both ways: a page of cases reads its ids and binds them again at once (its
# classes, its slips), and a tally meets the same station, unit and operator ids on every row.
# The conversion is a pure function, so a cache cannot go stale; it is emptied when full.
_STORED: dict[str, bytes] = {}
_TEXT: dict[bytes, str] = {}
CACHE_SIZE = 65_536


def _remember(text: str, stored: bytes) -> None:
    if len(_TEXT) >= CACHE_SIZE:
        _TEXT.clear()
        _STORED.clear()
    _TEXT[stored] = text
    _STORED[text] = stored


def id_param(value: str | None) -> bytes | str | None:
    """An id as stored: a canonical lowercase UUID as its 16 bytes, anything else as is."""
    if value is None:
        return None
    stored = _STORED.get(value)
    if stored is not None:
        return stored
    if len(value) != 36 or value[8] != "-" or value[13] != "-" or value[18] != "-" or value[23] != "-":
        return value
    digits = value[:8] + value[9:13] + value[14:18] + value[19:23] + value[24:]
    try:
        raw = bytes.fromhex(digits)
    except ValueError:
        return value
    if raw.hex() != digits:
        return value  # not canonical (uppercase digits, blanks fromhex skips): kept as its text
    _remember(value, raw)
    return raw


@overload
def id_value(value: bytes | str) -> str: ...
@overload
def id_value(value: None) -> None: ...
def id_value(value: bytes | str | None) -> str | None:
    """A stored id as the desk knows it: 16 bytes back to the canonical UUID text.

    Called for every id a query reads (a tally reads hundreds of thousands): hex() and slices,
    ~0.4 us here (str(uuid.UUID(bytes=...)) takes several times that), or a dict lookup."""
    if value is None or value.__class__ is str:
        return value
    text = _TEXT.get(value)  # type: ignore[arg-type]
    if text is not None:
        return text
    h = value.hex()  # type: ignore[union-attr]
    if len(h) != 32:
        return h  # never written by the desk; shown rather than refused
    text = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
    _remember(text, value)  # type: ignore[arg-type]
    return text


def time_param(value: datetime | date | None) -> int | None:
    """A datetime as stored: integer microseconds since 1970-01-01 (naive; an offset dropped)."""
    if value is None:
        return None
    if not isinstance(value, datetime):
        if not isinstance(value, date):
            raise TypeError(f"a time column takes a datetime, not {type(value).__name__}: {value!r}")
        value = datetime(value.year, value.month, value.day)
    elif value.tzinfo is not None:
        value = value.replace(tzinfo=None)
    return (value - EPOCH) // ONE_MICROSECOND


@overload
def time_value(value: int | str) -> datetime: ...
@overload
def time_value(value: None) -> None: ...
def time_value(value: int | str | None) -> datetime | None:
    """A stored time as a naive datetime (text from before 0023 read too)."""
    if value is None:
        return None
    if value.__class__ is int:
        return EPOCH + timedelta(0, 0, value)  # (positional: ~30% faster than microseconds=)
    return datetime.fromisoformat(value).replace(tzinfo=None)  # type: ignore[arg-type]


def id_sql(value: Any) -> Any:
    """ID_SQL(x) in SQL: text id -> stored form (BLOB for a canonical UUID); anything else as is."""
    return id_param(value) if isinstance(value, str) else value


def id_text_sql(value: Any) -> Any:
    """ID_TEXT_SQL(x) in SQL: stored id -> its text; anything else as is."""
    return id_value(value) if isinstance(value, bytes) else value


def time_sql(value: Any) -> Any:
    """TIME_SQL(x) in SQL: an ISO time text -> integer microseconds; anything else (an integer
    already, NULL, text that is no time) as is."""
    if not isinstance(value, str):
        return value
    try:
        return time_param(datetime.fromisoformat(value))
    except ValueError:
        return value


def time_text_sql(value: Any) -> Any:
    """TIME_TEXT_SQL(x) in SQL: integer microseconds -> the text SQLAlchemy's DATETIME wrote
    ('YYYY-MM-DD HH:MM:SS.ffffff'); anything else as is."""
    if not isinstance(value, int):
        return value
    return (EPOCH + timedelta(microseconds=value)).strftime("%Y-%m-%d %H:%M:%S.%f")


ID_SQL = "desk_id"
ID_TEXT_SQL = "desk_id_text"
TIME_SQL = "desk_time"
TIME_TEXT_SQL = "desk_time_text"


def register_functions(dbapi_conn: Any) -> None:
    """The conversions as SQL functions on a sqlite3 connection (deterministic: usable in an
    index or a trigger, and SQLite may cache their results)."""
    for name, fn in (
        (ID_SQL, id_sql),
        (ID_TEXT_SQL, id_text_sql),
        (TIME_SQL, time_sql),
        (TIME_TEXT_SQL, time_text_sql),
    ):
        dbapi_conn.create_function(name, 1, fn, deterministic=True)


class Id(TypeDecorator[str]):
    """An id column: `str` in Python, 16 bytes in the file for a UUID (see the module's text).

    `Id(36)` declares VARCHAR(36), as the id columns always were."""

    impl = String
    cache_ok = True

    # The conversions themselves, without TypeDecorator's wrapper around process_*_param (String
    # has no processing of its own on SQLite to chain): one call less per value read.
    def bind_processor(self, dialect: Dialect) -> Any:
        return id_param

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        return id_value

    def literal_processor(self, dialect: Dialect) -> Any:
        def render(value: str | None) -> str:
            stored = id_param(value)
            if stored is None:
                return "NULL"
            if isinstance(stored, bytes):
                return f"X'{stored.hex()}'"
            return "'" + stored.replace("'", "''") + "'"

        return render

    @property
    def python_type(self) -> type:
        return str


class Instant(TypeDecorator[datetime]):
    """A time column: a naive `datetime` in Python, integer microseconds since 1970 in the file.

    Declared DATETIME, as before (NUMERIC affinity keeps the integer). SQLAlchemy's own DATETIME
    processing (text in, text out) is bypassed: these processors replace it."""

    impl = DateTime
    cache_ok = True

    def bind_processor(self, dialect: Dialect) -> Any:
        return time_param

    def result_processor(self, dialect: Dialect, coltype: Any) -> Any:
        return time_value

    def literal_processor(self, dialect: Dialect) -> Any:
        def render(value: datetime | date | None) -> str:
            stored = time_param(value)
            return "NULL" if stored is None else str(stored)

        return render

    @property
    def python_type(self) -> type:
        return datetime
