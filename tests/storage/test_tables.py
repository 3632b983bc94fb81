"""The Core tables (storage/tables.py) and the ORM classes mapped onto them (storage/models.py):
each class's `Mapped[...]` annotations name exactly its table's columns, so what the code that uses
a class sees typed is what the table holds (a column added to a table without its annotation would
still be mapped, but untyped; an annotation without a column would type an attribute that is not
there)."""

from __future__ import annotations

from typing import Any

from desk_app.storage import tables
from desk_app.storage.models import Base


def _annotated(cls: type) -> set[str]:
    return {
        name
        for klass in cls.__mro__
        for name, annotation in vars(klass).get("__annotations__", {}).items()
        if getattr(annotation, "__origin__", None) is not None and annotation.__origin__.__name__ == "Mapped"
    }


def test_every_table_has_its_class_and_every_class_its_table() -> None:
    mapped = {m.local_table.name for m in Base.registry.mappers}
    assert len(mapped) > 40, "too few models: the check would be vacuous"
    assert mapped == set(tables.metadata.tables)


def test_each_class_annotates_exactly_its_tables_columns() -> None:
    differ = {
        m.class_.__name__: (_annotated(m.class_) ^ set(m.local_table.columns.keys()))
        for m in Base.registry.mappers
    }
    assert {name: cols for name, cols in differ.items() if cols} == {}


def test_a_class_is_named_by_its_table() -> None:
    """The change log and the sync name a row's entity by `__tablename__` (models.Base)."""
    assert all(m.class_.__tablename__ == m.local_table.name for m in Base.registry.mappers)


def _declared(cls: type) -> dict[str, tuple[object, bool]]:
    """column name -> (the annotation's type without None, whether it admits None)."""
    found: dict[str, tuple[object, bool]] = {}
    for klass in reversed(cls.__mro__):
        for name, annotation in vars(klass).get("__annotations__", {}).items():
            if getattr(annotation, "__origin__", None) is None or annotation.__origin__.__name__ != "Mapped":
                continue
            (inner,) = annotation.__args__
            args = [a for a in getattr(inner, "__args__", (inner,)) if a is not type(None)]
            optional = len(args) < len(getattr(inner, "__args__", (inner,)))
            found[name] = (args[0] if len(args) == 1 else inner, optional)
    return found


def test_each_annotation_says_its_columns_python_type_and_nullability() -> None:
    """`X | None` exactly for the nullable columns, X the type's Python type: the table and the class
    say the same thing twice, and must not drift apart. (A JSON value, `Any` or a dict, may be
    anything, None included.)"""
    wrong = []
    for m in Base.registry.mappers:
        declared = _declared(m.class_)
        for column in m.local_table.columns:
            kind, optional = declared[column.name]
            python_type = column.type.python_type
            if python_type is object:  # JSON
                assert kind is Any or getattr(kind, "__origin__", None) is dict, (m, column)
                continue
            if optional != (column.nullable and not column.primary_key) or kind is not python_type:
                wrong.append(f"{m.class_.__name__}.{column.name}: {kind}, optional {optional}")
    assert wrong == []
