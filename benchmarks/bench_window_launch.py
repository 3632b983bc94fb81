"""Launch to the sign-in window on the 100,000-case desk, on a real X server, beside the floor.

    .venv/bin/python benchmarks/bench_window_launch.py [--runs 7] [--cases 100000]

Each run starts `python -m desk_app --data-dir <the 100k desk>` as a new process on an Xvfb
display (started by this script; `apt-get install xvfb`), exactly as a clerk's shortcut starts
the desk, and waits for the first paint of its first window (the sign-in window): the desk
prints "first paint: ..." then (test hook DESK_QUIT_AFTER_FIRST_PAINT, desk_app/ui/app.py) and
quits. The wall time runs from just before the process is launched to that line on its output.

The floor is a bare PySide6 program started the same way (a fresh Python process on the same
display): import QtWidgets, make the application, show a QDialog with a label, print at its first
paint. The desk can hardly start faster than that; the ratio desk / floor is reported beside the
times. Target: the desk < 1.5 s.

`--profile` runs the desk once more under `python -X importtime` and prints the slowest imports.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import build_db  # noqa: E402

TARGET_S = 1.5

FLOOR = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer, QCoreApplication
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout
app = QApplication(sys.argv[:1])
class Hook(QObject):
    done = False
    def eventFilter(self, obj, event):
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            print("first paint: floor", flush=True)
            QTimer.singleShot(0, lambda: QCoreApplication.exit(0))
        return False
hook = Hook()
app.installEventFilter(hook)
dialog = QDialog()
QVBoxLayout(dialog).addWidget(QLabel("Sign in"))
dialog.show()
sys.exit(app.exec())
"""


def start_xvfb() -> tuple[subprocess.Popen[bytes], str]:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Xvfb is not installed: apt-get install -y xvfb")
    for number in range(90, 120):
        if Path(f"/tmp/.X11-unix/X{number}").exists() or Path(f"/tmp/.X{number}-lock").exists():
            continue
        proc = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.time() + 10
        while time.time() < deadline:
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                return proc, f":{number}"
            time.sleep(0.05)
        proc.kill()
    raise SystemExit("could not start Xvfb")


def time_to_first_paint(args: list[str], env: dict[str, str]) -> float:
    launched = time.perf_counter()
    proc = subprocess.Popen(
        args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stdout is not None
    painted = None
    for line in proc.stdout:
        if line.startswith("first paint:"):
            painted = time.perf_counter()
            break
    _out, err = proc.communicate(timeout=60)
    if painted is None:
        raise SystemExit(f"no first paint from {args[:3]}: {err[-2000:]}")
    return painted - launched


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cases", type=int, default=build_db.DEFAULT_CASES)
    parser.add_argument("--profile", action="store_true", help="also list the slowest imports")
    args = parser.parse_args(argv)
    folder = build_db.ensure(args.cases)
    xvfb, display = start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        env.pop("WAYLAND_DISPLAY", None)
        desk_env = dict(env, DESK_QUIT_AFTER_FIRST_PAINT="1")
        desk = [sys.executable, "-m", "desk_app", "--data-dir", str(folder)]
        floor = [sys.executable, "-c", FLOOR]
        desk_times, floor_times = [], []
        # Warm-up of both (OS file cache), not counted; then alternate so both see the same load.
        time_to_first_paint(desk, desk_env)
        time_to_first_paint(floor, env)
        for _ in range(args.runs):
            desk_times.append(time_to_first_paint(desk, desk_env))
            floor_times.append(time_to_first_paint(floor, env))
        load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
        print(
            f"{args.cases} cases, {args.runs} runs each (after one warm-up), Xvfb {display} 1366x768, "
            f"load average {' '.join(load)}"
        )
        header = f"{'launch -> first paint':<34}{'median s':>10}{'min s':>8}{'max s':>8}"
        print(header)
        print("-" * len(header))
        for name, times in (
            ("floor (bare PySide6 dialog)", floor_times),
            ("desk sign-in window", desk_times),
        ):
            print(f"{name:<34}{statistics.median(times):>10.3f}{min(times):>8.3f}{max(times):>8.3f}")
        ratio = statistics.median(desk_times) / statistics.median(floor_times)
        met = statistics.median(desk_times) < TARGET_S
        print(
            f"desk / floor (medians): {ratio:.2f}; target desk < {TARGET_S} s: {'met' if met else 'NOT met'}"
        )
        if args.profile:
            proc = subprocess.run(
                [sys.executable, "-X", "importtime", *desk[1:]],
                cwd=ROOT,
                env=desk_env,
                capture_output=True,
                text=True,
                timeout=60,
            )
            rows = []
            for line in proc.stderr.splitlines():
                if line.startswith("import time:") and "|" in line:
                    _self, cumulative, name = line[len("import time:") :].split("|")
                    if cumulative.strip().isdigit():
                        rows.append((int(cumulative), name.rstrip()))
            print("slowest imports (cumulative microseconds, one run):")
            for cumulative, name in sorted(rows, reverse=True)[:25]:
                print(f"{cumulative:>10}  {name}")
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
