"""The Core tables (storage/tables.py) and the ORM classes mapped onto them (storage/models.py):
each class's `Mapped[...]` annotations name exactly its table's columns, so what the code that uses
a class sees typed is what the table holds (a column added to a table without its annotation would
still be mapped, but untyped; an annotation without a column would type an attribute that is not
there)."""

from __future__ import annotations

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
