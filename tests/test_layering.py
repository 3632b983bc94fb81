"""Layering (Anki's habit): the rules and the storage never import Qt; the domain not even SQL.

Each check imports the modules in a fresh interpreter, so what another test imported does not count.
Packages are walked, so modules added later are checked without editing this file.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
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
LAYERS_WITHOUT_QT = ["desk_app.domain", "desk_app.storage", "desk_app.sync", "desk_app.reports", "desk_app.cli"]


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
    assert _top(loaded_after_import(modules), "PySide6", "shiboken6") == set()
    assert {n for n in loaded_after_import(modules) if n.startswith("desk_app.ui")} == set()


def test_sync_never_imports_the_command_line() -> None:
    """The command line drives sync (desk_app.cli.sync), never the other way round."""
    loaded = loaded_after_import(modules_of("desk_app.sync"))
    assert "desk_app.sync.engine" in loaded
    assert {n for n in loaded if n == "desk_app.cli" or n.startswith("desk_app.cli.")} == set()
