"""The installed desk: its window starts and quits cleanly (DESK_QUIT_AFTER_FIRST_PAINT)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _quiet_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)


def test_window_paints_then_quits_when_asked(tmp_path: Path) -> None:
    # The test-only hook the bundle's smoke test uses, on the source entry point: a fresh data
    # folder shows the set-up wizard, translated, then the desk quits with status 0.
    proc = subprocess.run([sys.executable, "-m", "desk_app", "--data-dir", str(tmp_path / "desk")],
                          cwd=REPO, env=_quiet_env(DESK_QUIT_AFTER_FIRST_PAINT="1"),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "first paint: SetupWizard 设置接待台" in proc.stdout
