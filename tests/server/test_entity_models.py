"""The OpenAPI document's entity models and the push's own check accept and refuse the same values."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from desk_app.domain import entities
from desk_server.api.entity_models import ENTITY_MODELS
from desk_server.app import create_app
from desk_server.config import Settings

FIELDS = [(e, name) for e, spec in entities.ENTITIES.items() for name, f in spec.items() if f.kind != "any"]

values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.integers(-5, 1100),
    st.floats(allow_nan=False),
    st.text(max_size=40),
    st.text(min_size=60, max_size=450),
    st.sampled_from(
        [
            "2026-11-20",
            "2026-02-30",
            "2026-11-20T09:30:00",
            "2026-11-20T09:30:00.123456",
            "2026/11/20",
            "9999-12-31",
        ]
    ),
    st.sampled_from(
        sorted({c for spec in entities.ENTITIES.values() for f in spec.values() for c in f.choices})
    ),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)


def _model_accepts(entity: str, name: str, value: Any) -> bool:
    try:
        ENTITY_MODELS[entity].model_validate({name: value})
    except ValidationError:
        return False
    return True


@settings(max_examples=400, deadline=None)
@given(field=st.sampled_from(FIELDS), value=values)
def test_the_document_and_the_push_agree(field: tuple[str, str], value: Any) -> None:
    entity, name = field
    push_accepts = entities.field_problems(entity, {name: value}, insert=False) == []
    if value is None:
        # An absent field and an explicit null are one thing to the model (its default): a null
        # for a non-nullable field is the push's REQUIRED refusal only.
        assert push_accepts is entities.ENTITIES[entity][name].nullable
        return
    assert _model_accepts(entity, name, value) is push_accepts, (entity, name, value)


def test_an_unknown_field_is_refused_by_both() -> None:
    assert not _model_accepts("reception", "secret", "x")
    assert entities.field_problems("reception", {"secret": "x"}, insert=False)


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("openapi")
    return create_app(Settings(database_url=f"sqlite:///{folder / 's.sqlite3'}")).openapi()


@pytest.mark.parametrize("entity", sorted(entities.ENTITIES))
def test_every_entity_is_in_the_openapi_document(document: dict[str, Any], entity: str) -> None:
    assert ENTITY_MODELS[entity].__name__ in document["components"]["schemas"]
