"""What the suite's test processes wait for, per test (docs/benchmarks.md, "SQL compiled once per
test process"): `time.sleep` by the caller's file and function, test servers' starts and stops,
subprocesses, pytest-qt's waits. A worker waiting holds its core idle. As a pytest plugin:

    WAITS_DIR=/tmp/waits PYTHONPATH=benchmarks ./scripts/run-tests -p suite_waits

writes one JSON line per test to DIR/<worker>.jsonl; then, to read them back:

    .venv/bin/python benchmarks/suite_waits.py /tmp/waits

(pytest-qt's `waitUntil` polls through `wait`: the second includes the first.)
"""

from __future__ import annotations

import collections
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any, TextIO

import pytest

_waited: collections.defaultdict[str, float] = collections.defaultdict(float)
_out: list[TextIO] = []
_sleep = time.sleep


def _caller() -> str:
    frame = sys._getframe(2)
    while frame is not None and "site-packages" in frame.f_code.co_filename:
        frame = frame.f_back  # type: ignore[assignment]
    if frame is None:
        return "?"
    return f"{Path(frame.f_code.co_filename).name}:{frame.f_code.co_name}"


def _timed_sleep(seconds: Any) -> None:
    started = time.perf_counter()
    _sleep(seconds)
    _waited["sleep@" + _caller()] += time.perf_counter() - started


def _time(owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            _waited[label] += time.perf_counter() - started

    setattr(owner, name, timed)


def pytest_configure(config: pytest.Config) -> None:
    time.sleep = _timed_sleep
    from tests.server_process import ServerProcess

    _time(ServerProcess, "start", "server.start")
    _time(ServerProcess, "stop", "server.stop")
    _time(ServerProcess, "kill", "server.kill")
    _time(subprocess, "run", "subprocess.run")
    _time(subprocess.Popen, "wait", "Popen.wait")
    from pytestqt.qtbot import QtBot

    _time(QtBot, "wait", "qtbot.wait")
    _time(QtBot, "waitUntil", "qtbot.waitUntil")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: pytest.Item | None) -> Generator[None, None, None]:
    _waited.clear()
    started = time.perf_counter()
    yield
    if not _out:
        folder = Path(os.environ.get("WAITS_DIR", "suite-waits"))
        folder.mkdir(parents=True, exist_ok=True)
        _out.append((folder / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.jsonl").open("w"))
    line = {"id": item.nodeid, "wall": time.perf_counter() - started, **_waited}
    _out[0].write(json.dumps(line) + "\n")
    _out[0].flush()


def summary(folder: Path) -> None:
    total: collections.defaultdict[str, float] = collections.defaultdict(float)
    by_module: collections.defaultdict[str, collections.defaultdict[str, float]] = collections.defaultdict(
        lambda: collections.defaultdict(float)
    )
    for path in sorted(folder.glob("*.jsonl")):
        for text in path.read_text().splitlines():
            line = json.loads(text)
            module = line.pop("id").split("::")[0]
            for what, seconds in line.items():
                total[what] += seconds
                by_module[what][module] += seconds
    for what, seconds in sorted(total.items(), key=lambda kv: -kv[1]):
        modules = sorted(by_module[what].items(), key=lambda kv: -kv[1])[:4]
        top = ", ".join(f"{Path(m).name} {s:.1f}" for m, s in modules)
        print(f"{seconds:8.1f} s  {what}   ({top})")


if __name__ == "__main__":
    summary(Path(sys.argv[1]))
