"""The order in which scripts/run-tests hands test modules to its xdist workers: longest first.

`--dist loadscope` sends a module's tests to one worker (its module-scoped servers and desks are
set up once), and hands out modules in the collection's order when told `--no-loadscope-reorder`
(its own order is "most tests first", which sent the rule-book state machine, 1 test and ~10 s,
last of all, with the other worker idle). Longest first (LPT) leaves only short modules for the
end, so both workers finish within a few tenths of a second of each other.

The seconds below are the modules' wall times (setup, call and teardown of their tests, on one
worker) in a profile of the whole suite (benchmarks/suite_profile.py, 2026-12-04, load 1-5),
every module over ~4 s. A module not listed counts AVERAGE_TEST seconds per test. They are weights
for the order, not limits: a stale figure only makes the order a little worse.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

AVERAGE_TEST = 0.09

MODULE_SECONDS = {
    "tests/storage/test_fixture_dbs.py": 39.0,
    "tests/server/test_server_schema.py": 33.0,
    "tests/server/test_public_channel.py": 22.5,
    "tests/sync/test_centre_desk.py": 22.0,
    "tests/server/test_forward_12345.py": 20.0,
    "tests/sync/test_sync_ui.py": 17.5,
    "tests/sync/test_server_restore.py": 17.0,
    "tests/server/test_server_workers.py": 15.0,
    "tests/test_layering.py": 12.5,
    "tests/sync/test_faults.py": 12.5,
    "tests/test_cli_imports.py": 11.5,
    "tests/test_demo.py": 11.5,
    "tests/server/test_server_cli.py": 11.0,
    "tests/sync/test_rule_book_machine.py": 10.5,
    "tests/sync/test_integration.py": 9.5,
    "tests/ui/test_case_list_layout.py": 9.0,
    "tests/ui/test_english_window.py": 8.8,
    "tests/storage/test_migrations.py": 8.2,
    "tests/test_cli_identity.py": 8.2,
    "tests/sync/test_network_sync.py": 8.2,
    "tests/ui/test_window_fit.py": 7.4,
    "tests/server/test_rule_book.py": 7.2,
    "tests/ui/test_case_model.py": 6.9,
    "tests/reports/test_number_formats.py": 6.9,
    "tests/sync/test_public_sync.py": 6.3,
    "tests/ui/test_reports_loading.py": 6.2,
    "tests/server/test_open311.py": 6.0,
    "tests/sync/test_joining.py": 5.9,
    "tests/ui/test_station_settings.py": 5.7,
    "tests/ui/test_campaign_dialogs.py": 5.7,
    "tests/sync/test_sync_locks.py": 5.6,
    "tests/sync/test_class_sync.py": 5.6,
    "tests/server/test_server_faults.py": 5.6,
    "tests/server/test_server_operations.py": 5.5,
    "tests/ui/test_studios_panel.py": 5.4,
    "tests/ui/test_class_list.py": 5.4,
    "tests/sync/test_campaign_sync.py": 5.4,
    "tests/server/test_public_browser.py": 5.3,
    "tests/reports/test_class_documents.py": 5.2,
    "tests/ui/test_english_dialogs.py": 5.2,
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
