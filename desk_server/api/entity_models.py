"""The entity schema (desk_app.domain.entities) as pydantic models, for the OpenAPI document.

A push's `fields` map a column to `[old, new]`; what each entity's new values may be is these
models (one per entity, every field optional: an update carries only what changed). They are
made from the same table the push is checked with (`entities.field_problems`), and
tests/server/test_entity_models.py checks that both accept and refuse the same values, so the
document cannot say one thing while the server does another.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StringConstraints,
    create_model,
)

from desk_app.domain import entities


def _day(value: str) -> str:
    parsed = date.fromisoformat(value)
    if not 1900 <= parsed.year <= 2200:
        raise ValueError("year out of range")
    return value


def _time(value: str) -> str:
    parsed = datetime.fromisoformat(value)
    if not 1900 <= parsed.year <= 2200:
        raise ValueError("year out of range")
    return value


def _annotation(f: entities.Field) -> Any:
    if f.kind == "any":
        return Any
    if f.kind == "str":
        kind: Any = Annotated[str, StringConstraints(max_length=f.max_len, strict=True)]
    elif f.kind == "ref":
        kind = Annotated[str, StringConstraints(max_length=entities.ID_CHARS, strict=True)]
    elif f.kind == "choice":
        kind = Literal[tuple(sorted(f.choices))]
    elif f.kind == "int":
        kind = Annotated[StrictInt, Field(ge=f.lo, le=f.hi)]
    elif f.kind == "bool":
        kind = StrictBool
    elif f.kind == "date":
        kind = Annotated[
            str, StringConstraints(pattern=entities._DATE.pattern, strict=True), AfterValidator(_day)
        ]
    elif f.kind == "datetime":
        kind = Annotated[
            str, StringConstraints(pattern=entities._DATETIME.pattern, strict=True), AfterValidator(_time)
        ]
    else:
        raise AssertionError(f"unknown field kind {f.kind}")
    return kind | None if f.nullable else kind


def _model(entity: str, spec: dict[str, entities.Field]) -> type[BaseModel]:
    fields: dict[str, Any] = {name: (_annotation(f), Field(default=None)) for name, f in spec.items()}
    name = "".join(part.capitalize() for part in entity.split("_")) + "Values"
    return create_model(name, __config__=ConfigDict(extra="forbid"), **fields)


ENTITY_MODELS: dict[str, type[BaseModel]] = {e: _model(e, spec) for e, spec in entities.ENTITIES.items()}
