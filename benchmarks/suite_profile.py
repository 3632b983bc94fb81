"""Where the test suite's time goes, per module and per xdist worker (docs/benchmarks.md, "Test
suite time (issue 16)"; the weights of tests/schedule.py come from it).

As a pytest plugin, it writes one JSON line per test (wall start and end, CPU of the test process
and of the children it reaped: servers, commands) to DIR/<worker>.jsonl, and the session's
start, end of collection, finish and each worker's end as the controller saw it; at each
process's end, its cycle collector's runs and seconds per generation and its peak RSS:

    S25PROF_DIR=/tmp/prof PYTHONPATH=benchmarks ./scripts/run-tests -p suite_profile

Then, to read them back (workers' timelines, then the modules by CPU):

    .venv/bin/python benchmarks/suite_profile.py /tmp/prof [N]
"""

from __future__ import annotations

import gc
import json
import os
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Generator
from pathlib import Path
from typing import Any, TextIO

import pytest

_out: list[TextIO] = []
# Python's cycle collector in this process: seconds and collections per generation (gc.callbacks;
# tests/collector.py decides when it runs).
_gc_seconds = [0.0, 0.0, 0.0]
_gc_runs = [0, 0, 0]
_gc_started = [0.0]


def _on_gc(phase: str, info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        _gc_seconds[info["generation"]] += time.perf_counter() - _gc_started[0]
        _gc_runs[info["generation"]] += 1


def _record(**fields: Any) -> None:
    if not _out:
        folder = Path(os.environ.get("S25PROF_DIR", "suite-profile"))
        folder.mkdir(parents=True, exist_ok=True)
        _out.append((folder / f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')}.jsonl").open("w"))
    _out[0].write(json.dumps(fields) + "\n")
    _out[0].flush()


def _cpu() -> tuple[float, float]:
    t = os.times()
    return t.user + t.system, t.children_user + t.children_system


def pytest_sessionstart(session: pytest.Session) -> None:
    gc.callbacks.append(_on_gc)
    cpu, children = _cpu()
    _record(ev="start", t=time.time(), cpu=cpu, ch=children)


def pytest_collection_finish(session: pytest.Session) -> None:
    cpu, children = _cpu()
    _record(ev="collected", t=time.time(), cpu=cpu, ch=children, n=len(session.items))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    cpu0, children0 = _cpu()
    t0 = time.time()
    try:
        return (yield)
    finally:
        cpu1, children1 = _cpu()
        _record(ev="test", id=item.nodeid, t0=t0, t1=time.time(), cpu=cpu1 - cpu0, ch=children1 - children0)


def pytest_testnodedown(node: Any, error: Any) -> None:
    _record(ev="nodedown", t=time.time())


def pytest_sessionfinish(session: pytest.Session) -> None:
    cpu, children = _cpu()
    _record(ev="finish", t=time.time(), cpu=cpu, ch=children)


@pytest.hookimpl(tryfirst=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    cpu, children = _cpu()
    _record(
        ev="unconfigure",
        t=time.time(),
        cpu=cpu,
        ch=children,
        gc_s=_gc_seconds,
        gc_n=_gc_runs,
        rss_kb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    )
    if _out:
        _out.pop().close()


def summary(folder: Path, top: int = 40) -> None:
    main = [json.loads(line) for line in (folder / "main.jsonl").read_text().splitlines()]
    t0 = main[0]["t"]
    print("controller:", [(e["ev"], round(e["t"] - t0, 1)) for e in main])
    modules: dict[str, list[Any]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0, set()])
    for path in sorted(folder.glob("gw*.jsonl")):
        events = [json.loads(line) for line in path.read_text().splitlines()]
        tests = [e for e in events if e["ev"] == "test"]
        marks = {e["ev"]: e for e in events if e["ev"] != "test"}
        last = marks.get("unconfigure") or marks["finish"]
        print(
            f"{path.stem}: {len(tests)} tests; collected at {marks['collected']['t'] - t0:.1f} s"
            f" ({marks['collected']['cpu'] - marks['start']['cpu']:.1f} s CPU), last test ended at"
            f" {tests[-1]['t1'] - t0:.1f} s; CPU {last['cpu']:.1f} s + children {last['ch']:.1f} s"
        )
        if "gc_s" in last:
            print(
                "    collector: "
                + ", ".join(
                    f"generation {g} {n} runs {sec:.1f} s"
                    for g, (n, sec) in enumerate(zip(last["gc_n"], last["gc_s"], strict=True))
                )
                + f"; peak RSS {last['rss_kb'] / 1024:.0f} MB"
            )
        for e in tests:
            row = modules[e["id"].split("::")[0]]
            row[0] += e["t1"] - e["t0"]
            row[1] += e["cpu"]
            row[2] += e["ch"]
            row[3] += 1
            row[4].add(path.stem)
    print(f"tests' CPU: {sum(r[1] + r[2] for r in modules.values()):.1f} s")
    for name, row in sorted(modules.items(), key=lambda kv: -(kv[1][1] + kv[1][2]))[:top]:
        print(
            f"{row[1] + row[2]:7.1f} s CPU (children {row[2]:5.1f}), wall {row[0]:6.1f} s, {row[3]:4d} tests  {name}"
        )


if __name__ == "__main__":
    summary(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 40)
