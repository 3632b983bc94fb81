"""The order in which scripts/run-tests hands test modules to its xdist workers: longest first.

`--dist loadscope` sends a module's tests to one worker (its module-scoped servers and desks are
set up once), and hands out modules in the collection's order when told `--no-loadscope-reorder`
(its own order is "most tests first", which sent the rule-book state machine, 1 test and ~10 s,
last of all, with the other worker idle). Longest first (LPT) leaves only short modules for the
end, so both workers finish within a few tenths of a second of each other.

The seconds below are the modules' wall times (setup, call and teardown of their tests, on one
worker) in a profile of the whole suite (benchmarks/suite_profile.py, 2026-12-05 08:20 UTC, a
run of 184.6 s), every module over ~3.5 s. A module not listed counts AVERAGE_TEST seconds per
test (the mean of those others). They are weights for the order, not limits: a stale figure only
makes the order a little worse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

AVERAGE_TEST = 0.05

MODULE_SECONDS = {
    "tests/server/test_server_schema.py": 17.5,
    "tests/sync/test_centre_desk.py": 17.5,
    "tests/storage/test_fixture_dbs.py": 13.7,
    "tests/sync/test_server_restore.py": 13.1,
    "tests/server/test_public_channel.py": 12.2,
    "tests/server/test_server_workers.py": 11.9,
    "tests/server/test_forward_12345.py": 9.4,
    "tests/test_cli_imports.py": 7.6,
    "tests/test_cli_identity.py": 7.0,
    "tests/sync/test_integration.py": 6.7,
    "tests/test_demo.py": 6.6,
    "tests/sync/test_faults.py": 6.3,
    "tests/ui/test_case_model.py": 6.2,
    "tests/ui/test_window_fit.py": 5.9,
    "tests/sync/test_rule_book_machine.py": 4.9,
    "tests/server/test_server_faults.py": 4.7,
    "tests/server/test_server_limits.py": 4.7,
    "tests/ui/test_case_list_layout.py": 4.6,
    "tests/ui/test_english_dialogs.py": 4.6,
    "tests/server/test_server_operations.py": 4.3,
    "tests/sync/test_network_sync.py": 4.2,
    "tests/storage/test_case_counts.py": 4.1,
    "tests/server/test_open311.py": 4.1,
    "tests/server/test_public_browser.py": 3.9,
    "tests/test_layering.py": 3.7,
    "tests/server/test_push_stream.py": 3.7,
    "tests/storage/test_compaction.py": 3.5,
    "tests/sync/test_sync_locks.py": 3.5,
}


class _Item(Protocol):
    nodeid: str


T = TypeVar("T", bound=_Item)


def module_of(nodeid: str) -> str:
    return nodeid.split("::", 1)[0]


def longest_modules_first(items: Sequence[T]) -> list[T]:
    """`items` grouped by module (each module's tests in their order), the modules by their
    expected seconds, longest first; ties keep the collection's order."""
    groups: dict[str, list[T]] = {}
    for item in items:
        groups.setdefault(module_of(item.nodeid), []).append(item)

    def seconds(module: str) -> float:
        return MODULE_SECONDS.get(module, AVERAGE_TEST * len(groups[module]))

    ordered = sorted(groups, key=seconds, reverse=True)  # sorted() is stable: ties stay in order
    return [item for module in ordered for item in groups[module]]
