"""Python's cycle collector in the tests (tests/conftest.py): off for the session once collection
is over; at each test's teardown, on the test's own thread, what the test left is collected from
the young generations, and the whole heap is walked now and then, within ~2% of the time.

Two reasons:

- Widget tests: the collector must not run on a database or sync thread, where it could free a Qt
  object of an earlier test and crash (the desk runs it the same way,
  desk_app.ui.app.MainThreadCollector).
- Every test: left on, the collector's younger collections move whatever a test holds at that
  moment (its desks, engines, ORM objects, windows) to the oldest generation, which only a full
  collection frees, and a full collection walks every object of the worker (1-2M late in the
  suite, 0.3-0.6 s each). Measured on the whole suite (2026-12-05, docs/benchmarks.md): 56 and 74
  full collections, 30 and 33 s of the two workers' CPU in a run of 293 s. With the collector off
  while the test runs, what the test made is still young at its end, and collecting the young
  generations frees it in milliseconds.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator


class _FullCollections:
    """A full collection once the tests since the last one have run RATIO times as long as it
    took: at most ~2% of a worker's time, whatever the heap's size. Only cycles that outlived a
    test's teardown wait for it (what module-scoped fixtures made, once torn down): memory, not
    correctness. Python's own rule (a quarter more long-lived objects than the last full
    collection left) needs the oldest generation counted, a walk of its own; estimated from
    gc.get_count() instead it ran 138-143 full collections per worker, 17-22 s of CPU each."""

    RATIO = 50
    cost = 0.0
    ended = time.perf_counter()

    @classmethod
    def due(cls) -> bool:
        return time.perf_counter() - cls.ended >= cls.RATIO * cls.cost

    @classmethod
    def collect(cls) -> None:
        start = time.perf_counter()
        gc.collect(2)
        cls.ended = time.perf_counter()
        cls.cost = cls.ended - start


def session_started() -> None:
    """Once collection is over (tests/conftest.py): what it imported (every test module and the
    libraries they use: Qt, SQLAlchemy, hypothesis, ~1M objects) lives as long as the test
    process, so it is frozen out of every later collection's walk (gc.freeze), as the desk and
    the server do with what they load at start; and the collector is switched off for the rest
    of the session: it runs at each test's teardown (`around_test`), on the test's thread, never
    on its own in the middle of a test or of a fixture's set-up."""
    gc.collect()
    gc.freeze()
    gc.disable()


def around_test(*, as_is: bool, refreeze: bool) -> Iterator[None]:
    """The body of the autouse fixture: after the test, its garbage collected here.

    `as_is`: the test checks the collector's own state (gc.isenabled): on during the test, as in
    any program. `refreeze`: the test unfroze the heap (the shell's sign-out,
    desk_app.ui.app.MainThreadCollector.release); what is alive after it is frozen again, as
    `session_started` froze it, so that later full collections do not walk every module again."""
    if as_is:
        gc.enable()
    yield
    gc.disable()
    gc.collect(1)
    if refreeze:
        _FullCollections.collect()
        gc.freeze()
    elif _FullCollections.due():
        _FullCollections.collect()
