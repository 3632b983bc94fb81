"""The synced entities' schema (domain.entities) and the desk's tables are the same thing."""

from __future__ import annotations

import pytest
from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text

from desk_app.domain.entities import ENTITIES, Problem, field_problems, required_missing, values_fit
from desk_app.storage.changelog import AUDIT_FIELDS, LOCAL_FIELDS
from desk_app.storage.models import TRACKED_MODELS

MODELS = {m.__tablename__: m for m in TRACKED_MODELS}  # type: ignore[attr-defined]
SKIPPED = AUDIT_FIELDS | LOCAL_FIELDS | {"id"}


def test_every_synced_table_has_a_schema_and_nothing_else_does() -> None:
    assert set(ENTITIES) == set(MODELS)


@pytest.mark.parametrize("entity", sorted(MODELS))
def test_schema_names_exactly_the_tables_columns(entity: str) -> None:
    columns = {c.name for c in MODELS[entity].__table__.columns} - SKIPPED
    assert set(ENTITIES[entity]) == columns


@pytest.mark.parametrize("entity", sorted(MODELS))
def test_schema_kinds_and_lengths_fit_the_columns(entity: str) -> None:
    for column in MODELS[entity].__table__.columns:
        if column.name in SKIPPED:
            continue
        field = ENTITIES[entity][column.name]
        t = column.type
        if column.foreign_keys:
            (fk,) = column.foreign_keys
            assert (field.kind, field.ref) == ("ref", fk.column.table.name), column.name
        elif isinstance(t, Boolean):
            assert field.kind == "bool", column.name
        elif isinstance(t, DateTime):
            assert field.kind == "datetime", column.name
        elif isinstance(t, Date):
            assert field.kind == "date", column.name
        elif isinstance(t, Integer):
            assert field.kind == "int" and -(2**31) <= field.lo <= field.hi < 2**31, column.name
        elif isinstance(t, Text):
            assert field.kind == "str" and field.max_len > 0, column.name
        elif isinstance(t, String):
            assert field.kind in ("str", "choice", "any"), column.name
            if field.kind == "str":
                assert field.max_len <= (t.length or 10**9), column.name
            if field.kind == "choice":
                assert max(map(len, field.choices)) <= (t.length or 10**9), column.name
        assert field.nullable == column.nullable or field.kind == "any", column.name


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"round_no": 2**63}, Problem.OUT_OF_RANGE),
        ({"round_no": True}, Problem.WRONG_TYPE),
        ({"received_at": 1.5}, Problem.WRONG_TYPE),
        ({"received_at": "9999-12-31T23:59:59"}, Problem.OUT_OF_RANGE),
        ({"received_at": "2026/12/03 10:00"}, Problem.BAD_DATE),
        ({"received_at": "2026-02-30T10:00:00"}, Problem.BAD_DATE),
        ({"content": {"a": [1, 2]}}, Problem.WRONG_TYPE),
        ({"content": "长" * 20_001}, Problem.TOO_LONG),
        ({"status": "被满意"}, Problem.NOT_A_CHOICE),
        ({"station_id": "x" * 37}, Problem.TOO_LONG),
        ({"secret": "x"}, Problem.UNKNOWN_FIELD),
    ],
)
def test_values_that_do_not_fit_are_named(fields: dict[str, object], expected: Problem) -> None:
    assert [p.problem for p in field_problems("reception", fields, insert=False)] == [expected]


def test_a_deputy_level_that_is_a_dict_is_refused() -> None:
    assert field_problems("deputy", {"level": {"x": 1}}, insert=False)[0].problem is Problem.WRONG_TYPE


def test_an_insert_names_its_missing_required_fields() -> None:
    missing = {p.field for p in field_problems("callback", {"verdict": "satisfied"}, insert=True)}
    assert {"reception_id", "referral_id", "called_at", "caller", "method"} <= missing


# Values of every kind, fitting and not: field_problems' compiled checks must answer exactly what
# Field.problem answers for each field of each entity.
_PROBES: list[object] = [
    None,
    "",
    "x",
    "x" * 36,
    "x" * 37,
    "长" * 20_001,
    "2026-12-03",
    "2026-12-03T10:00:00",
    "2026-02-30",
    "1899-12-31",
    0,
    -1,
    1000,
    10**6,
    2**63,
    True,
    False,
    1.5,
    [1],
    {"a": 1},
    *sorted({c for spec in ENTITIES.values() for f in spec.values() for c in f.choices})[:40],
]


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_field_problems_answers_what_each_field_says(entity: str) -> None:
    for name, f in ENTITIES[entity].items():
        for value in _PROBES:
            found = [p.problem for p in field_problems(entity, {name: value}, insert=False)]
            expected = f.problem(value)
            assert found == ([] if expected is None else [expected]), (name, value)


def _fits(entity: str, name: str, value: object) -> bool:
    return field_problems(entity, {name: value}, insert=False) == []


@pytest.mark.parametrize("entity", sorted(ENTITIES))
def test_values_fit_answers_what_field_problems_says_of_each_value(entity: str) -> None:
    """The push checks a shape of changes at a time (values_fit); the answer must be
    field_problems' for every value alone, and beside a value that fits (the column's types
    then decide, not the value's own check)."""
    for name in ENTITIES[entity]:
        fitting = [v for v in _PROBES if _fits(entity, name, v)]
        for value in _PROBES:
            expected = _fits(entity, name, value)
            assert values_fit(entity, (name,), [{name: value}]) is expected, (name, value)
            for other in fitting[:3]:
                rows = [{name: other}, {name: value}, {name: other}]
                assert values_fit(entity, (name,), rows) is expected, (name, value, other)


def test_values_fit_is_false_for_an_unknown_field_or_entity() -> None:
    assert not values_fit("reception", ("secret",), [{"secret": "x"}])
    assert not values_fit("no_such_entity", ("name",), [{"name": "x"}])
    assert values_fit("reception", ("content", "round_no"), [{"content": "电梯", "round_no": 1}] * 3)
    assert not values_fit("reception", ("content", "round_no"), [{"content": "电梯", "round_no": 1001}])


def test_required_missing_is_what_field_problems_adds_for_an_insert() -> None:
    fields = {"verdict": "satisfied", "caller": "李"}
    missing = [p for p in field_problems("callback", fields, insert=True) if p.problem is Problem.REQUIRED]
    assert required_missing("callback", fields) == missing and missing


def test_field_problems_names_problems_in_the_fields_order_then_the_missing() -> None:
    problems = field_problems("callback", {"verdict": "好", "secret": 1, "caller": 5}, insert=True)
    names = [(p.field, p.problem) for p in problems]
    assert names[:3] == [
        ("verdict", Problem.NOT_A_CHOICE),
        ("secret", Problem.UNKNOWN_FIELD),
        ("caller", Problem.WRONG_TYPE),
    ]
    assert {n for n, p in names[3:] if p is Problem.REQUIRED} >= {"reception_id", "referral_id"}
