"""A module the store imports on first use rather than when the store is imported.

`desk-app print tally` imports the store, and the store's methods reach every part of the desk:
the duty rota, the ledger import, similar cases, transfers, the case moves and the case list, the
operators, the records they return. Importing those modules (and their rules and records) cost a
document command that never calls them ~50 ms of CPU in all (issue 16, a CLI document command in
< 0.5 s; docs/benchmarks.md: ~20-30 ms the rota to the centre's table, ~25 ms the rest).
`Later("desk_app.storage.rota_store")` stands in for the module and imports it on its first
attribute use.

Thread-safe: the import is an ordinary `importlib.import_module`, which returns a module only
once it is fully executed (a second thread asking meanwhile waits on the module's import lock),
unlike `importlib.util.LazyLoader`, whose half-loaded module another thread can see on Python
3.11 (CPython gh-114763). The window calls the store from its database thread.

Use it behind `if TYPE_CHECKING:` with the real import, so type checking sees the module itself.
"""

from __future__ import annotations

from importlib import import_module
from types import ModuleType
from typing import Any


class Later:
    """Stands in for the module `name` until its first attribute is asked for."""

    __slots__ = ("_module", "_name")

    def __init__(self, name: str) -> None:
        self._name = name
        self._module: ModuleType | None = None

    def __getattr__(self, attr: str) -> Any:
        module = self._module
        if module is None:
            module = self._module = import_module(self._name)
        return getattr(module, attr)

    def __repr__(self) -> str:
        state = "imported" if self._module is not None else "not imported yet"
        return f"<Later {self._name!r}, {state}>"
