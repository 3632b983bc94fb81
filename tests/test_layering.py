"""Layering (Anki's habit): the rules and the storage never import Qt; the domain not even SQL.

Each check imports the modules in a fresh interpreter, so what another test imported does not count.
Packages are walked, so modules added later are checked without editing this file.
"""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def modules_of(package: str) -> list[str]:
    """Every module of a package that exists on disk (namespace packages included)."""
    path = ROOT.joinpath(*package.split("."))
    if not path.is_dir():
        return []
    found = [package] if (path / "__init__.py").is_file() or any(path.glob("*.py")) else []
    for info in pkgutil.walk_packages([str(path)], prefix=package + "."):
        found.append(info.name)
    # Alembic's env.py is a script run by alembic with its context set, not an importable module.
    return [m for m in found if not m.endswith(("__main__", ".migrations.env"))]


def loaded_after_import(modules: list[str]) -> set[str]:
    """The modules a fresh interpreter holds after importing `modules`. Asked again for the same
    list (one layer checked for Qt and for what else it must not import), the answer of the first
    interpreter is given: a fresh interpreter costs ~0.7 s of CPU and would answer the same."""
    key = tuple(modules)
    if key not in _LOADED:
        _LOADED[key] = frozenset(_loaded_in_a_fresh_interpreter(modules))
    return set(_LOADED[key])


_LOADED: dict[tuple[str, ...], frozenset[str]] = {}


def _loaded_in_a_fresh_interpreter(modules: list[str]) -> set[str]:
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}:\n"
        "    importlib.import_module(m)\n"
        "print('\\n'.join(sorted(sys.modules)))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False, timeout=60
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def _top(names: set[str], *prefixes: str) -> set[str]:
    return {n for n in names if n.split(".")[0] in prefixes}


# The command line too: its subcommands must run on a machine with no screen.
LAYERS_WITHOUT_QT = [
    "desk_app.domain",
    "desk_app.storage",
    "desk_app.sync",
    "desk_app.reports",
    "desk_app.cli",
]


@pytest.mark.parametrize("package", LAYERS_WITHOUT_QT)
def test_layer_never_imports_qt(package: str) -> None:
    modules = modules_of(package)
    assert modules, f"{package} has no modules: the check would be vacuous"
    assert _top(loaded_after_import(modules), "PySide6", "shiboken6") == set()


def test_domain_has_modules() -> None:
    """Guards the walk itself: an empty list would make the checks vacuous."""
    assert {"desk_app.domain.lifecycle", "desk_app.domain.deadlines"} <= set(modules_of("desk_app.domain"))
    assert "desk_app.storage.store" in modules_of("desk_app.storage")


def test_domain_imports_neither_sql_nor_qt() -> None:
    loaded = loaded_after_import(modules_of("desk_app.domain"))
    assert _top(loaded, "sqlalchemy", "alembic", "sqlite3", "PySide6", "shiboken6") == set()


def test_check_detects_qt() -> None:
    """The subprocess check can fail: importing Qt shows up."""
    pytest.importorskip("PySide6")
    assert "PySide6" in loaded_after_import(["PySide6.QtCore"])


def test_server_never_imports_the_desk_ui() -> None:
    modules = modules_of("desk_server")
    assert modules, "desk_server has no modules: the check would be vacuous"
    loaded = loaded_after_import(modules)
    assert _top(loaded, "PySide6", "shiboken6") == set()
    assert {n for n in loaded if n.startswith("desk_app.ui")} == set()


def test_sync_never_imports_the_command_line() -> None:
    """The command line drives sync (desk_app.cli.sync), never the other way round."""
    loaded = loaded_after_import(modules_of("desk_app.sync"))
    assert "desk_app.sync.engine" in loaded
    assert {n for n in loaded if n == "desk_app.cli" or n.startswith("desk_app.cli.")} == set()


# -- the window's own modules ----------------------------------------------------------------------

UI = ROOT / "desk_app" / "ui"
# Imported inside a function on purpose: they load the HTTP client, which the window does not
# need until it is on screen (start-up time, docs/benchmarks.md).
LATE_UI_IMPORTS = {
    ("desk_app.ui.main_window", "desk_app.ui.sync_runner"),
    ("desk_app.ui.main_window", "desk_app.ui.sync_status"),
    ("desk_app.ui.main_window", "desk_app.ui.enroll_dialog"),
    # The sign-in window shows before the main window's modules are loaded (start-up time,
    # desk_app/ui/app.py and benchmarks/bench_window_launch.py).
    ("desk_app.ui.app", "desk_app.ui.main_window"),
    ("desk_app.ui.app", "desk_app.ui.session"),
    ("desk_app.ui.app", "desk_app.ui.setup_wizard"),
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _ui_imports(path: Path) -> tuple[set[str], set[str]]:
    """The desk_app.ui modules that `path` imports at its top, and those it imports in a function."""
    top: set[str] = set()
    late: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    top_level = {id(node) for node in tree.body}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
        elif isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        else:
            continue
        found = {n for n in names if n.startswith("desk_app.ui") and _exists(n)}
        (top if id(node) in top_level else late).update(found)
    return top, late


def _exists(module: str) -> bool:
    path = ROOT.joinpath(*module.split("."))
    return path.with_suffix(".py").is_file() or (path / "__init__.py").is_file()


def find_cycle(graph: Mapping[str, set[str]]) -> list[str]:
    """One import cycle of `graph` (module -> modules it imports), or [] when there is none."""
    done: set[str] = set()

    def visit(node: str, path: list[str]) -> list[str]:
        if node in path:
            return path[path.index(node) :] + [node]
        if node in done:
            return []
        for nxt in sorted(graph.get(node, ())):
            cycle = visit(nxt, path + [node])
            if cycle:
                return cycle
        done.add(node)
        return []

    for start in sorted(graph):
        cycle = visit(start, [])
        if cycle:
            return cycle
    return []


def _ui_graph() -> tuple[dict[str, set[str]], set[tuple[str, str]]]:
    graph: dict[str, set[str]] = {}
    late: set[tuple[str, str]] = set()
    for path in sorted(UI.rglob("*.py")):
        name = _module_name(path)
        top, inner = _ui_imports(path)
        # A package's __init__ runs before its modules: importing it is no edge back.
        graph[name] = {m for m in top if m != name and not name.startswith(m + ".")}
        late |= {(name, m) for m in inner}
    return graph, late


def test_ui_modules_import_each_other_without_cycles() -> None:
    graph, _late = _ui_graph()
    assert len(graph) > 20, "the walk found too few modules: the check would be vacuous"
    assert find_cycle(graph) == []


def test_ui_modules_import_screens_at_the_top() -> None:
    """No import hidden in a function to dodge a cycle or a module 'not in this build'."""
    _graph, late = _ui_graph()
    assert late == LATE_UI_IMPORTS


def test_cycle_check_finds_a_cycle() -> None:
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) == []


def test_the_server_installs_without_qt() -> None:
    """A district's server: `pip install station-desk[server]` brings no Qt (issue 16)."""
    from importlib.metadata import requires

    needed = requires("station-desk") or []
    server_side = [r for r in needed if "extra ==" not in r or 'extra == "server"' in r]
    assert server_side, "no requirements read: the check would be vacuous"
    assert not [r for r in server_side if r.lower().startswith(("pyside6", "shiboken6"))]
    assert any(r.lower().startswith("pyside6") and 'extra == "desk"' in r for r in needed)
