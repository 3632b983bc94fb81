"""Request and response bodies (the OpenAPI schema of the protocol)."""

from __future__ import annotations

from itertools import repeat
from operator import eq
from typing import Any, Literal

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from desk_server.api.boundary import (
    AT_PATTERN,
    MAX_FIELD_NAME_CHARS,
    MAX_ID_CHARS,
    MAX_STRING_CHARS,
    check_changes,
    parse_json,
)

MAX_BATCH = 1000
MAX_PULL = 1000


class ErrorDetail(BaseModel):
    """Every refusal: a stable `code` to act on and a `message` for people (docs/sync.md, Errors)."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "description": "Some codes carry more facts next to code and message: clock_ahead has "
            "server_time and ahead_seconds, too_many_attempts has retry_after."
        },
    )

    code: str
    message: str


class ErrorOut(BaseModel):
    detail: ErrorDetail


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error answers of a route, for the OpenAPI document (generated clients read them)."""
    out: dict[int | str, dict[str, Any]] = {
        status: {"model": ErrorOut, "description": ERROR_DESCRIPTIONS[status]} for status in statuses
    }
    if 429 in out:
        out[429]["headers"] = {
            "Retry-After": {"description": "seconds to wait", "schema": {"type": "integer"}}
        }
    return out


ERROR_DESCRIPTIONS = {
    400: "malformed: the body is not JSON this server accepts, or a value is not one a database "
    "can hold (NUL, integers beyond 64 bits, ids over 36 characters, a bad `at`, slip numbers "
    "out of range); clock_ahead: the desk's clock is ahead of the server's",
    401: "token_missing, token_invalid, token_revoked; enrolment: enroll_code_invalid, "
    "enroll_code_used, enroll_code_expired",
    403: "out_of_scope, not_a_station_desk",
    409: "conflicting state the desk must resolve",
    413: "too_large: the body is over the server's limit; string_too_long: one string is",
    422: "validation: the body or a query parameter does not match the request model",
    429: "too_many_attempts: too many failed enrolments or unknown tokens from this address; see Retry-After",
}


# Text a database can store (PostgreSQL refuses NUL in any string): in the schema, so generated
# clients know it, and checked by pydantic (422 validation).
NO_NUL = r"^[^\x00]*$"


class EnrollIn(BaseModel):
    code: str = Field(min_length=1, max_length=64, pattern=NO_NUL)
    desk_name: str = Field(default="", max_length=100, pattern=NO_NUL)


class StationOut(BaseModel):
    id: str
    name: str
    short_name: str
    kind: str
    district: str
    serial_pattern: str


class DistrictOut(BaseModel):
    id: str
    name: str


class EnrollOut(BaseModel):
    desk_id: str
    token: str
    station: StationOut | None
    district: DistrictOut


class ChangeIn(BaseModel):
    id: str = Field(min_length=1, max_length=36)
    entity: str = Field(max_length=40)
    entity_id: str = Field(min_length=1, max_length=36)
    op: Literal["insert", "update", "delete"]
    fields: dict[str, list[Any]] = Field(description="column -> [old, new] as the desk saw it")
    operator_id: str | None = Field(default=None, max_length=MAX_ID_CHARS)
    # The format is checked after the shape (400 malformed, boundary.check_changes); the pattern is
    # for the schema only.
    at: str = Field(
        min_length=10,
        max_length=40,
        description="desk time of the change: UTC, YYYY-MM-DDTHH:MM:SS[.ffffff]",
        json_schema_extra={"pattern": AT_PATTERN},
    )


class PushIn(BaseModel):
    changes: list[ChangeIn] = Field(max_length=MAX_BATCH)


_OPS = frozenset(("insert", "update", "delete"))
_CHANGE_KEYS = frozenset(ChangeIn.model_fields)


def push_changes(body: bytes) -> list[dict[str, Any]]:
    """The changes of a push body: what `PushIn.model_validate_json(body)` + `model_dump()` gives.

    A push carries up to 1,000 changes; building and dumping 1,000 models was a fifth of the
    server's time. A well-formed body is checked here by hand, with the same rules as `ChangeIn`;
    anything this check does not accept goes through `PushIn`, so a bad body gets pydantic's own
    422 (and anything pydantic would still accept is accepted). Then every value is checked
    against what the databases can hold (boundary.check_changes: 400 or 413).
    """
    parsed = PushBody(body)
    parsed.shape()
    parsed.values()
    return parsed.changes


class PushBody:
    """A push body parsed, with the rest of `push_changes`'s checks left for later: `shape` (the
    fields' types and lengths of `ChangeIn`, else pydantic's 422) and `values` (what the
    databases can hold, boundary.check_changes). The route's /push hands them to sync.push, which
    runs them before anything is applied, or, for a big batch on PostgreSQL, while PostgreSQL
    takes in its rows, with their refusal winning over anything their absence caused (see
    sync.push).

    `changes` is already the list `push_changes` returns when every change is an object with
    exactly `ChangeIn`'s keys (a desk's changes are): what `shape` then checks, the values of
    those keys, leaves it as it is (`ChangeIn` accepts a value of the right type and length as it
    is, and JSON gives nothing pydantic would convert). Any other body is shaped at once (extra
    keys dropped, a missing `operator_id` made None, or the 422). A body that may hold a NUL
    character is checked whole at once: PostgreSQL refuses NUL in any string, and the reads sent
    first bind the batch's ids."""

    __slots__ = ("changes", "_body", "_data", "_shaped", "_values_checked")

    def __init__(self, body: bytes) -> None:
        self._body = body
        self._data = parse_json(body)
        changes = _keyed_changes(self._data)
        self._shaped = changes is None
        self._values_checked = False
        self.changes = _shaped_changes(self._data) if changes is None else changes
        if b"\\u0000" in body:
            self.shape()
            self.values()

    def shape(self) -> None:
        if not self._shaped:
            _shaped_changes(self._data)
            self._shaped = True

    def values(self) -> None:
        if not self._values_checked:
            check_changes(self.changes, self._body)
            self._values_checked = True


def _keyed_changes(data: Any) -> list[dict[str, Any]] | None:
    """The body's changes if there are at most MAX_BATCH and each is an object with exactly
    `ChangeIn`'s keys (C loops: ~0.1 ms for 1,000), else None."""
    changes = data.get("changes") if type(data) is dict else None
    if (
        type(changes) is list
        and len(changes) <= MAX_BATCH
        and set(map(type, changes)) <= {dict}
        and all(map(eq, map(dict.keys, changes), repeat(_CHANGE_KEYS)))
    ):
        return changes
    return None


def _shaped_changes(data: Any) -> list[dict[str, Any]]:
    changes = data.get("changes") if type(data) is dict else None
    if type(changes) is list and len(changes) <= MAX_BATCH:
        out = []
        for c in changes:
            if type(c) is not dict:
                break
            cid, entity, entity_id, op, fields, operator_id, at = (
                c.get("id"),
                c.get("entity"),
                c.get("entity_id"),
                c.get("op"),
                c.get("fields"),
                c.get("operator_id"),
                c.get("at"),
            )
            if not (
                type(cid) is str
                and 1 <= len(cid) <= 36
                and type(entity) is str
                and len(entity) <= 40
                and type(entity_id) is str
                and 1 <= len(entity_id) <= 36
                and type(op) is str
                and op in _OPS
                and type(fields) is dict
                and not set(map(type, fields.values())) - {list}
                and (operator_id is None or (type(operator_id) is str and len(operator_id) <= 36))
                and type(at) is str
                and 10 <= len(at) <= 40
            ):
                break
            # As model_dump(): exactly these keys (a desk's extra keys are dropped).
            out.append(
                c
                if c.keys() == _CHANGE_KEYS
                else {
                    "id": cid,
                    "entity": entity,
                    "entity_id": entity_id,
                    "op": op,
                    "fields": fields,
                    "operator_id": operator_id,
                    "at": at,
                }
            )
        else:
            return out
    try:
        model = PushIn.model_validate(data)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None
    return [c.model_dump() for c in model.changes]


def _push_body_schema() -> dict[str, Any]:
    """PushIn's schema, with what the server checks beyond the model (400 malformed) said too."""
    from desk_server.services.sync import ENTITIES

    schema = PushIn.model_json_schema()
    defs = schema.pop("$defs")
    change = defs["ChangeIn"]
    props = change["properties"]
    props["entity"]["enum"] = sorted(ENTITIES)
    props["fields"]["additionalProperties"] = {
        "type": "array",
        "minItems": 2,
        "maxItems": 2,
        "description": f"[old, new]: strings of at most {MAX_STRING_CHARS} characters without NUL, "
        "integers within 64 bits, values nested at most 16 levels. What each entity's "
        "new values may be is its `<Entity>Values` schema (e.g. ReceptionValues); a "
        "value that does not fit refuses that change (`invalid_value`)",
    }
    props["fields"]["propertyNames"] = {"maxLength": MAX_FIELD_NAME_CHARS}
    for key in ("id", "entity_id"):
        props[key]["pattern"] = NO_NUL
    schema["properties"]["changes"]["items"] = change
    return schema


# The request body of /push in the OpenAPI document (the route reads the raw body itself).
PUSH_OPENAPI = {
    "requestBody": {"required": True, "content": {"application/json": {"schema": _push_body_schema()}}}
}


class Rejected(BaseModel):
    id: str
    code: str
    message: str
    current: dict[str, Any] | None = Field(
        default=None, description="the server's values of the refused change's fields (row exists)"
    )


class RekeyOut(BaseModel):
    entity: str
    from_: str = Field(alias="from")
    to: str


class ConflictOut(BaseModel):
    change_id: str
    entity: str
    entity_id: str
    field: str
    yours: Any
    kept: Any
    rule: str
    current: Any = Field(default=None, description="the field's value on the server now: set it")


class RenumberOut(BaseModel):
    """A slip (or a deputies' suggestion, issue 13) whose number another of its series already
    carried: its new number."""

    entity: str = Field(default="referral", description="referral or suggestion")
    entity_id: str
    serial: str
    serial_seq: int
    serial_year: int
    former_serial: str = Field(description="the number it carried (printed on the paper slip)")


class PushOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]
    rejected: list[Rejected]
    rekeys: list[RekeyOut]
    conflicts: list[ConflictOut]
    held: list[str] = Field(
        default_factory=list,
        description=("changes kept until a row they name arrives (then applied): count them as sent"),
    )
    renumbers: list[RenumberOut] = Field(default_factory=list)


class ChangeOut(BaseModel):
    seq: int
    id: str
    entity: str
    entity_id: str
    op: str
    fields: dict[str, Any] = Field(description="the values the server kept (new values only)")
    desk_id: str | None
    operator_id: str | None
    at: str


class PullOut(BaseModel):
    changes: list[ChangeOut]
    next: int
    more: bool


class StatusOut(BaseModel):
    server_time: str
    desk_id: str
    station_id: str | None
    district_id: str
    pending_for_you: int
    epoch: str = Field(
        description="changes when the server is restored from a backup: the desk then sends "
        "again what it pushed and pulls again from restored_seq (docs/sync.md)"
    )
    restored_seq: int = Field(description="the last change number the restored backup held")


class TokenOut(BaseModel):
    desk_id: str
    token: str = Field(description="the desk's new token; the old one works until this one is first used")


class BlockIn(BaseModel):
    year: int = Field(ge=2000, le=2200)
    size: int = Field(default=50, ge=1, le=500)


class BlockOut(BaseModel):
    year: int
    first: int
    last: int
