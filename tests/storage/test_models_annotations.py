"""The models' `Mapped[...]` annotations are evaluated by Python as each class is made, never left as
strings for SQLAlchemy to eval one by one (~580 evals, ~15-20 ms of every start and of each CLI
document command: docs/benchmarks.md, issue 16)."""

from __future__ import annotations

from desk_app.storage.models import Base


def test_every_mapped_annotation_is_an_object_not_a_string() -> None:
    classes = [m.class_ for m in Base.registry.mappers]
    assert len(classes) > 40, "too few models: the check would be vacuous"
    as_text = [
        f"{cls.__name__}.{name}"
        for cls in classes
        for klass in cls.__mro__
        for name, annotation in vars(klass).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert as_text == []
