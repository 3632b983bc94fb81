"""JSON in and out of the server: orjson (several times faster than the standard library on a
1,000-change push), with the standard library as the fallback for what orjson refuses (integers
beyond 64 bits), so the server accepts and stores exactly what it did before.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
from starlette.responses import Response


def loads(data: bytes | str) -> Any:
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:
        return json.loads(data)  # raises ValueError on JSON that is really bad


def dumps(value: Any) -> str:
    """Compact JSON text (UTF-8 characters, not \\u escapes) for the database's JSON columns."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def response(value: Any, status_code: int = 200) -> Response:
    """An application/json answer encoded once, without a second pass over a response model."""
    try:
        body = orjson.dumps(value)
    except TypeError:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return Response(body, status_code=status_code, media_type="application/json")
