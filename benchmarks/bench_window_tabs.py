"""Opening each tab of the signed-in window on the 100,000-case desk, driving the real widgets on a
real X server, beside a bare QTabWidget (the floor).

    .venv/bin/python benchmarks/bench_window_tabs.py [--runs 3] [--cases 100000]

Each run is a fresh process on an Xvfb display (started here; `apt-get install xvfb`): the
Chinese window as the desk builds it (translators, font), signed in as the administrator (every
tab), shown, and left until its first data has arrived and the database thread is idle. Then
each tab is opened once, in the order of the tab bar (a tab's first opening is its slowest: the
rota and reports tabs are built then), and two times are taken from the click:

- painted: the tab's page has painted (what the clerk sees first: the page, or its loading state);
- data: the database thread is idle again (the page's first data is on screen); for the reports
  tab, the month's tally on screen: first figures (TallyTab.figures_shown: this month, the month
  before and the change, what the clerk reads first) and every column (TallyTab.tally_loaded, with
  the same month last year, 同比, counted by a second read after the first figures are shown).

The floor: a bare QTabWidget of two QLabel pages in the same process, switched the same way.
Targets: something useful (or a loading state) within 200 ms on any tab; the month's tally within 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import bench_window_launch  # noqa: E402
import build_db  # noqa: E402

PAINT_TARGET_MS = 200
TALLY_TARGET_MS = 1000

CHILD = r"""
import json, sys, time
from pathlib import Path
from PySide6.QtCore import QEvent, QObject, QTimer, QEventLoop
from PySide6.QtWidgets import QApplication, QLabel, QTabWidget
from desk_app.ui.app import MainThreadCollector, create_application, install_translators, choose_ui_font
app = create_application()
install_translators(app, "zh_CN")
choose_ui_font(app)
from desk_app.storage.store import DeskStore
from desk_app.ui import ops
from desk_app.ui.main_window import MainWindow
from desk_app.ui.session import DeskSession

def spin_until(cond, limit_s=60.0):
    # A local event loop woken every 5 ms (QApplication.processEvents(flags, ms) called in a
    # tight loop crashes PySide6 6.12 with a refcount error on None).
    deadline = time.perf_counter() + limit_s
    loop = QEventLoop()
    timer = QTimer()
    timer.setInterval(5)
    timer.timeout.connect(lambda: (cond() or time.perf_counter() > deadline) and loop.quit())
    if not cond():
        timer.start()
        loop.exec()
        timer.stop()
    return cond()

class PaintSpy(QObject):
    # The first paint of the page after arm() (an event filter on the page alone: PySide
    # crashes with an application-wide filter that sees every event).
    def __init__(self):
        super().__init__()
        self.page = None
        self.at = None
    def arm(self, page):
        if self.page is not None:
            self.page.removeEventFilter(self)
        self.page, self.at = page, None
        page.installEventFilter(self)
    def eventFilter(self, watched, event):
        if self.at is None and event.type() == QEvent.Type.Paint:
            self.at = time.perf_counter()
        return False

spy = PaintSpy()

def switch(tabs, index, extra_done=None):
    t0 = time.perf_counter()
    tabs.setCurrentIndex(index)
    spy.arm(tabs.currentWidget())  # the page (the rota and reports pages are made by the click)
    spin_until(lambda: spy.at is not None, 30)
    painted = (spy.at - t0) * 1000 if spy.at else None
    done = extra_done or (lambda: ops.task_manager().running == 0)
    spin_until(done, 60)
    data = (time.perf_counter() - t0) * 1000
    return painted, data

# The floor.
floor_tabs = QTabWidget()
floor_tabs.addTab(QLabel("one"), "one")
floor_tabs.addTab(QLabel("two"), "two")
floor_tabs.resize(1180, 700)
floor_tabs.show()
spin_until(lambda: False, 0.3)
floor = switch(floor_tabs, 1)
floor_tabs.hide()

store = DeskStore.open(Path(sys.argv[1]))
operator = next(o for o in store.operators() if o.role == "admin")
window = MainWindow(DeskSession(store, store.station(), operator))
# As run_desk and DeskShell do: the collector on the UI thread, settled once the window is ready.
collector = MainThreadCollector(app)
window.ready.connect(collector.settle)
ready = []
window.ready.connect(lambda: ready.append(1))
window.show()
spin_until(lambda: bool(ready), 60)
spin_until(lambda: ops.task_manager().running == 0, 60)
spin_until(lambda: False, 0.5)
out = {"floor": floor, "tabs": []}
order = list(range(1, window.tabs.count())) + [0]
for i in order:
    name = window.tabs.tabText(i)
    tally = []
    first = []
    extra = None
    if window.tabs.widget(i) is getattr(window, "_reports_placeholder", None):
        def extra():
            reports = window.reports
            if reports is not None and not tally:
                reports.tally_tab.tally_loaded.connect(lambda _t: tally.append(time.perf_counter()))
                reports.tally_tab.figures_shown.connect(lambda _t: first.append(time.perf_counter()))
                tally.append(None)
            return len(tally) == 2 and ops.task_manager().running == 0
        t0 = time.perf_counter()
        painted, data = switch(window.tabs, i, extra)
        out["tabs"].append(
            [
                name,
                painted,
                data,
                (tally[1] - t0) * 1000 if len(tally) == 2 else None,
                (first[0] - t0) * 1000 if first else None,
            ]
        )
    else:
        painted, data = switch(window.tabs, i)
        out["tabs"].append([name, painted, data, None, None])
    spin_until(lambda: False, 0.3)
print(json.dumps(out, ensure_ascii=False))
ops.shutdown_tasks()
store.close()
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", type=int, default=build_db.DEFAULT_CASES)
    args = parser.parse_args(argv)
    folder = build_db.ensure(args.cases)
    xvfb, display = bench_window_launch.start_xvfb()
    try:
        env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT))
        runs = []
        for _ in range(args.runs):
            proc = subprocess.run(
                [sys.executable, "-c", CHILD, str(folder)],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                timeout=600,
            )
            if proc.returncode != 0:
                print(proc.stderr[-3000:], file=sys.stderr)
                return 1
            runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    finally:
        xvfb.terminate()
        xvfb.wait(timeout=10)
    load = Path("/proc/loadavg").read_text().split()[:3] if Path("/proc/loadavg").exists() else ["?"]
    print(
        f"{args.cases} cases, {args.runs} fresh processes, Xvfb {display}, each tab's first opening; "
        f"load average {' '.join(load)}"
    )

    def med(values: list[float | None]) -> str:
        got = [v for v in values if v is not None]
        return f"{statistics.median(got):.0f}" if got else "-"

    header = f"{'tab (first opening)':<22}{'painted ms':>12}{'data ms':>10}{'first figures ms':>18}{'tally ms':>10}"
    print(header)
    print("-" * len(header))
    print(
        f"{'floor (bare QTabWidget)':<22}{med([r['floor'][0] for r in runs]):>12}{med([r['floor'][1] for r in runs]):>10}{'':>18}{'':>10}"
    )
    for k, row in enumerate(runs[0]["tabs"]):
        name = row[0]
        print(
            f"{name:<22}{med([r['tabs'][k][1] for r in runs]):>12}{med([r['tabs'][k][2] for r in runs]):>10}"
            f"{med([r['tabs'][k][4] for r in runs]):>18}{med([r['tabs'][k][3] for r in runs]):>10}"
        )
    for k, row in enumerate(runs[0]["tabs"]):
        firsts = [r["tabs"][k][4] for r in runs if r["tabs"][k][4] is not None]
        if firsts:
            each = ", ".join(f"{v:.0f}" for v in firsts)
            print(f"{row[0]}: first figures of each run {each} ms (max {max(firsts):.0f})")
    print(
        f"targets: painted (something useful or a loading state) < {PAINT_TARGET_MS} ms; "
        f"the month's tally (first figures) < {TALLY_TARGET_MS} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
