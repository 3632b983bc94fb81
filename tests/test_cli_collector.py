"""The cycle collector around a command (desk_app.cli.collector): paused while the command's own
process starts, collecting again once the desk is open, kept out of the exit; left alone when the
command runs inside another program (a test, here)."""

from __future__ import annotations

import gc
import subprocess
import sys
from pathlib import Path

import pytest

from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
from report_helpers import october_desk  # noqa: E402
from test_cli_rota import desk_app  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, clock: object, data_dir: Path) -> Path:
    october_desk(store, clerk, clock)
    store.close()
    return data_dir


def _python(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout + out.stderr


def test_a_command_process_collects_again_once_the_desk_is_open(desk: Path, tmp_path: Path) -> None:
    """As `desk-app export tally` runs: when it ends (atexit), the collector is on again (a long
    export collects its garbage) and what start-up made is frozen."""
    argv = ["desk-app", "--data-dir", str(desk), "export", "tally", "--month", "2026-10"]
    argv += ["-o", str(tmp_path / "tally.xlsx")]
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('collector', gc.isenabled(), gc.get_freeze_count() > 0))\n"
        f"sys.argv = {argv!r}\n"
        "from desk_app.__main__ import main\n"
        "sys.exit(main())\n"
    )
    assert "collector True True" in _python(code)


@pytest.mark.collector_as_is
def test_a_command_run_in_this_process_leaves_the_collector_alone(desk: Path, tmp_path: Path) -> None:
    frozen = gc.get_freeze_count()
    result = desk_app(desk, "export", "tally", "--month", "2026-10", "-o", str(tmp_path / "tally.xlsx"))
    assert result.returncode == 0, result.stderr
    # Nothing frozen by the command (its `leave()` would freeze the whole heap); a frozen object
    # the command replaced (a cache's entry) may have been freed meanwhile.
    assert gc.isenabled() and gc.get_freeze_count() <= frozen


def test_the_window_keeps_its_own_exit() -> None:
    """After the window took over, leaving freezes nothing: Qt's objects are torn down as before."""
    code = (
        "import gc\n"
        "from desk_app.cli import collector\n"
        "collector.pause()\n"
        "collector.hand_to_window()\n"
        "frozen = gc.get_freeze_count()\n"
        "made = [[] for _ in range(1000)]\n"
        "collector.leave()\n"
        "print('collector', gc.isenabled(), gc.get_freeze_count() == frozen)\n"
    )
    assert "collector True True" in _python(code)
