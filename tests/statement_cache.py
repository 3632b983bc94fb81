"""SQL compiled once per test process for all the databases opened alike (tests/conftest.py).

SQLAlchemy keeps the SQL it compiled from a statement in a cache of each engine (and, for the
ORM's flushes, of each mapper), keyed by the engine's dialect object. The desk opens one database
for its life, so each of its statements compiles once. A test process opens thousands, a desk
per test, and compiled every statement again for each: 14-18% of the CPU of tests/storage and
tests/ui (docs/benchmarks.md, "SQL compiled once per test process").

Here one cache serves the whole process, and a key's dialect is replaced by the first dialect seen
with the same class and settings (server version, parameter style, JSON functions...): two desks
opened by the same `make_engine` on the same SQLite share what was compiled for either; an engine
set up otherwise keeps entries of its own. The SQL sent to the database is the same string; only
the compiling is not done twice. The servers are processes of their own (tests/server_zygote.py)
and compile as in production.
"""

from __future__ import annotations

import weakref
from collections.abc import Hashable
from typing import Any

from sqlalchemy import Connection, Engine, event
from sqlalchemy.engine.interfaces import Dialect
from sqlalchemy.orm import Mapper, mapperlib
from sqlalchemy.util import LRUCache

# A dialect's own helpers and memos, made for each dialect from its settings.
_PER_DIALECT = frozenset({"identifier_preparer", "type_compiler", "type_compiler_instance", "_type_memos"})

_ITSELF = object()  # in StatementCache._alike: the dialect is the first one alike

# Distinct statements, flushes included, the whole suite compiles: ~2,000 per process (measured
# with `len`); room for them all, so that none is compiled twice.
CAPACITY = 6000


def settings_of(dialect: Dialect) -> Hashable | None:
    """The dialect's class and settings, or None if one of them cannot be compared (the dialect
    then shares with no other)."""
    settings = []
    for name, value in sorted(vars(dialect).items()):
        if name in _PER_DIALECT:
            continue
        try:
            hash(value)
        except TypeError:
            return None
        settings.append((name, value))
    return (type(dialect), tuple(settings))


class StatementCache:
    """What SQLAlchemy asks of a compiled cache (`get`, `cache[key] = compiled`, `clear`), its keys
    being (dialect, statement's key, ...), with each dialect replaced by the first one alike."""

    def __init__(self, capacity: int = CAPACITY) -> None:
        self._compiled: LRUCache[Any, Any] = LRUCache(capacity)
        # Weak both ways: a closed desk's dialect lives on only in the keys of what was compiled
        # for it (as in SQLAlchemy's own caches), until they are pushed out.
        self._alike: weakref.WeakKeyDictionary[Dialect, Dialect | object] = weakref.WeakKeyDictionary()
        self._first_with: weakref.WeakValueDictionary[Hashable, Dialect] = weakref.WeakValueDictionary()

    def _key(self, key: tuple[Any, ...]) -> tuple[Any, ...]:
        dialect = key[0]
        alike = self._alike.get(dialect)
        if alike is None:
            settings = settings_of(dialect)
            first = dialect if settings is None else self._first_with.setdefault(settings, dialect)
            # Not the dialect itself as its own value: that would keep it alive for ever.
            alike = _ITSELF if first is dialect else first
            self._alike[dialect] = alike
        return (dialect if alike is _ITSELF else alike, *key[1:])

    def get(self, key: tuple[Any, ...], default: Any = None) -> Any:
        return self._compiled.get(self._key(key), default)

    def __setitem__(self, key: tuple[Any, ...], compiled: Any) -> None:
        self._compiled[self._key(key)] = compiled

    def __len__(self) -> int:
        return len(self._compiled)

    def clear(self) -> None:
        self._compiled.clear()


SHARED = StatementCache()


def _on_connect(connection: Connection) -> None:
    connection.execution_options(compiled_cache=SHARED)


def _on_mapper(mapper: Mapper[Any], _class: type) -> None:
    mapper.__dict__["_compiled_cache"] = SHARED


def install() -> None:
    """Every connection of every engine of this process compiles through SHARED (the engine's own
    cache is its default, an execution option overrides it), and so do the mappers' flushes
    (SQLAlchemy passes each mapper's `_compiled_cache` to them: memoized on the mapper, replaced
    here, on the mappers there are and on each made later, as a module that imports the models on
    first use makes them). Before any test opens a database."""
    if not event.contains(Engine, "engine_connect", _on_connect):
        event.listen(Engine, "engine_connect", _on_connect)
    if not event.contains(Mapper, "after_mapper_constructed", _on_mapper):
        event.listen(Mapper, "after_mapper_constructed", _on_mapper)
    for registry in mapperlib._all_registries():
        for mapper in registry.mappers:
            _on_mapper(mapper, mapper.class_)
