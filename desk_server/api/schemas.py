"""Request and response bodies (the OpenAPI schema of the protocol)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

MAX_BATCH = 1000
MAX_PULL = 1000


class EnrollIn(BaseModel):
    code: str = Field(min_length=1, max_length=64)
    desk_name: str = Field(default="", max_length=100)


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
    operator_id: str | None = None
    at: str = Field(min_length=10, max_length=40, description="desk time (UTC, ISO) of the change")


class PushIn(BaseModel):
    changes: list[ChangeIn] = Field(max_length=MAX_BATCH)


class Rejected(BaseModel):
    id: str
    code: str
    message: str
    current: dict[str, Any] | None = Field(
        default=None, description="the server's values of the refused change's fields (row exists)")


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


class PushOut(BaseModel):
    accepted: list[str]
    duplicates: list[str]
    rejected: list[Rejected]
    rekeys: list[RekeyOut]
    conflicts: list[ConflictOut]


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


class BlockIn(BaseModel):
    year: int = Field(ge=2000, le=2200)
    size: int = Field(default=50, ge=1, le=500)


class BlockOut(BaseModel):
    year: int
    first: int
    last: int
