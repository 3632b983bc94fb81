"""Python's cycle collector on the UI thread in widget tests (tests/ui/conftest.py,
tests/sync/test_sync_ui.py), as in the desk (desk_app.ui.app.MainThreadCollector): it must not
run on a database or sync thread, where it could free a Qt object of an earlier test and crash."""

from __future__ import annotations

import gc
from collections.abc import Iterator


class _FullCollections:
    """When the automatic collector would walk the whole heap: after its third threshold of
    younger collections, and only once the objects that reached the oldest generation since the
    last full collection are more than a quarter of those it left there (CPython's
    long_lived_pending > long_lived_total / 4). Counting the oldest generation walks it, so it is
    counted only every third-threshold teardowns."""

    long_lived_total = 0
    teardowns = 0

    @classmethod
    def due(cls) -> bool:
        cls.teardowns += 1
        if cls.teardowns < gc.get_threshold()[2]:
            return False
        cls.teardowns = 0
        pending = len(gc.get_objects(generation=2)) - cls.long_lived_total
        return pending > cls.long_lived_total // 4

    @classmethod
    def collect(cls) -> None:
        gc.collect(2)
        cls.long_lived_total = len(gc.get_objects(generation=2))


def collected_on_this_thread() -> Iterator[None]:
    """The body of an autouse fixture: automatic collection off during the test, then the test's
    garbage collected here.

    With automatic collection off during the test, everything the test allocated is still in the
    youngest generations: collecting those frees the test's garbage, on this thread. A full
    collection walks every object of the process (1-3 s at the ~1M objects of a worker late in
    the suite), so it runs only as often as Python's automatic collector would run one
    (_FullCollections); until then, cycles that reached the oldest generation wait, as they do
    in any Python program."""
    gc.disable()
    yield
    gc.collect(1)
    if _FullCollections.due():
        _FullCollections.collect()
    gc.enable()
