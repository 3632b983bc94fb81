"""What may cross the request boundary: sizes, JSON, and values every database can hold.

A value that SQLite or PostgreSQL cannot store (a NUL character, a lone surrogate, an integer
beyond its column, an id longer than its column) used to reach the database and come back as a
500. Everything a request carries is checked here first and refused with a 4xx and a stable code
(docs/sync.md, "Limits"). The checks are the same on both databases: a server must not accept on
SQLite what it would refuse on PostgreSQL.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

import orjson

from desk_server.errors import ApiError, malformed

# -- limits ------------------------------------------------------------------------------------

# The whole request body. A push of 1,000 receptions with 2,000 characters of Chinese each is
# ~7 MB (tests/server/test_server_limits.py); the desk splits a push above 8 MB in two (its
# MAX_PUSH_BYTES), so 16 MB leaves twice the headroom and still bounds a request's memory
# (~10x its size while parsed and applied).
MAX_BODY_BYTES = 16 * 1024 * 1024
# One string anywhere in a body. The desk's longest field (a reception's content) is at most
# 20,000 characters (desk_app.domain.validation.MAX_CONTENT_CHARS).
MAX_STRING_CHARS = 64 * 1024
# Ids (change, row, operator, desk): the server's columns are VARCHAR(36), a UUID's length.
MAX_ID_CHARS = 36
# A field's name (`conflict.field` is VARCHAR(60)).
MAX_FIELD_NAME_CHARS = 60
# Integers anywhere in a change: what a signed 64-bit column (SQLite INTEGER, PostgreSQL BIGINT)
# holds. orjson reads up to 2**64 - 1, and the desks store values in SQLite.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# How deep a field's value may nest lists and objects. A desk sends scalars only; orjson itself
# stops at 1,024 levels, but the JSON columns are written through encoders that stop earlier.
MAX_VALUE_DEPTH = 16
# A field's range (a slip number, a round) is the entity schema's (desk_app.domain.entities),
# checked per change by the push: one value out of range refuses that change, not the batch
# (a whole batch refused would keep the desk's good work from leaving too).

# The change log's time format: UTC, naive, seconds and optional microseconds (Python's
# datetime.isoformat()). Compared as strings by the conflict rules, so nothing else is accepted.
AT_PATTERN = (
    r"^(\d{3}[1-9]|\d{2}[1-9]\d|\d[1-9]\d{2}|[1-9]\d{3})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d"
    r"(\.\d{6})?$"
)
# ASCII: \d is [0-9], as in the OpenAPI document's pattern (ECMAScript), not any Unicode digit
# (an `at` with an Arabic-Indic digit passed and was logged).
_AT = re.compile(AT_PATTERN, re.ASCII)


# -- JSON --------------------------------------------------------------------------------------


def parse_json(body: bytes) -> Any:
    """The body as JSON, or 400 `malformed`.

    orjson alone (the server used to fall back to the json module): it refuses lone surrogates
    ("\\ud800"), numbers beyond a double and nesting beyond 1,024 levels, which json accepts and
    the databases or the encoders then fail on.
    """
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise malformed(f"the body is not JSON this server accepts: {exc}") from None


def check_text(value: str, where: str, *, max_chars: int = MAX_STRING_CHARS) -> str:
    """A string a database can store: no NUL, no lone surrogate, not too long."""
    if len(value) > max_chars:
        raise too_long(where, max_chars)
    if "\x00" in value:
        raise malformed(f"{where}: strings may not contain NUL (\\u0000)")
    try:
        value.encode()
    except UnicodeEncodeError:
        raise malformed(f"{where}: a lone surrogate is not text") from None
    return value


def too_long(where: str, max_chars: int) -> ApiError:
    return ApiError(
        413, "string_too_long", f"{where}: longer than {max_chars} characters", max_chars=max_chars
    )


# -- changes -----------------------------------------------------------------------------------


def check_changes(changes: list[dict[str, Any]], body: bytes) -> None:
    """Every value of a push's changes, after their shape was checked (schemas.push_changes).

    Ids, entity names and `at` are already strings of bounded length; here: the time format,
    NUL characters, the strings' length, integers' range, nesting, and slip numbers. A push has
    ~20,000 values: the common cases are checked inline (~1.5 ms a push), anything unusual again
    value by value to name the one at fault.
    """
    # orjson decodes "\\u0000" to NUL but refuses a raw NUL byte: with no escape in the body, no
    # string holds one.
    nul_possible = b"\\u0000" in body
    names: set[str] = set()
    for c in changes:
        # (The pattern checks every field's range; only days 29-31 need the calendar.)
        if not well_formed_time(c["at"]):
            raise malformed(
                f"change {c['id']}: at {c['at']!r} is not a UTC time YYYY-MM-DDTHH:MM:SS[.ffffff]"
            )
        fields = c["fields"]
        names.update(fields)
        if nul_possible:
            _check_change(c, nul_possible)
            continue
        for pair in fields.values():
            for v in pair:
                if v is None:  # half of the values: every insert's old ones
                    continue
                t = type(v)
                if t is str:
                    if len(v) > MAX_STRING_CHARS:
                        _check_change(c, nul_possible)
                elif t is int:
                    if not INT64_MIN <= v <= INT64_MAX:
                        _check_change(c, nul_possible)
                elif t is list or t is dict:
                    _check_change(c, nul_possible)
    if max(map(len, names), default=0) > MAX_FIELD_NAME_CHARS:
        for c in changes:
            _check_change(c, nul_possible)
    keyed = [n for n in names if n == "id" or n.endswith("_id")]
    for c in changes:
        fields = c["fields"]
        for name in keyed:
            pair = fields.get(name)
            if pair is None:
                continue
            new = pair[1] if len(pair) == 2 else None
            if type(new) is str and len(new) > MAX_ID_CHARS:
                raise malformed(f"change {c['id']}: {name} is longer than {MAX_ID_CHARS} characters")


def well_formed_time(at: str) -> bool:
    """`at` as check_changes takes it: AT_PATTERN, and a day of the calendar."""
    return bool(_AT.fullmatch(at)) and (at[8:10] <= "28" or _valid_time(at))


def _check_change(c: dict[str, Any], nul_possible: bool) -> None:
    """One change, value by value: raises for the first value at fault."""
    cid = c["id"]
    if nul_possible:
        for key in ("id", "entity", "entity_id", "operator_id"):
            if c[key] is not None and "\x00" in c[key]:
                raise malformed(f"change {cid}: {key} may not contain NUL (\\u0000)")
    for name, pair in c["fields"].items():
        if len(name) > MAX_FIELD_NAME_CHARS:
            raise malformed(f"change {cid}: field name longer than {MAX_FIELD_NAME_CHARS} characters")
        if nul_possible and "\x00" in name:
            raise malformed(f"change {cid}: field names may not contain NUL (\\u0000)")
        for value in pair:
            _check_value(value, cid, name, 1, nul_possible)


def _check_value(value: Any, cid: str, name: str, depth: int, nul_possible: bool) -> None:
    t = type(value)
    if t is str:
        if len(value) > MAX_STRING_CHARS:
            raise too_long(f"change {cid}: field {name}", MAX_STRING_CHARS)
        if nul_possible and "\x00" in value:
            raise malformed(f"change {cid}: field {name} may not contain NUL (\\u0000)")
    elif t is int:
        if not INT64_MIN <= value <= INT64_MAX:
            raise malformed(f"change {cid}: field {name} is an integer beyond 64 bits")
    elif t is list or t is dict:
        if depth >= MAX_VALUE_DEPTH:
            raise malformed(f"change {cid}: field {name} nests deeper than {MAX_VALUE_DEPTH} levels")
        if t is dict:
            for key in value:
                _check_value(key, cid, name, depth + 1, nul_possible)
            value = value.values()
        for item in value:
            _check_value(item, cid, name, depth + 1, nul_possible)


def _valid_time(at: str) -> bool:
    try:
        datetime.fromisoformat(at)
    except ValueError:
        return False
    return True
