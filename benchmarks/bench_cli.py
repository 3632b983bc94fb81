"""Document commands of the command line, end to end, in fresh processes (issue 16).

    .venv/bin/python benchmarks/bench_cli.py [--runs 7] [--desk DIR]

Target: a CLI document command (`print tally`, `export summary`, `print referral`) in < 0.5 s.

The desk is the demo station (`desk-app demo`, 400 cases over two years), made once into
benchmarks/out/cli-demo unless --desk names another data folder (e.g. benchmarks/out/desk-100k
for the big desk; its tally takes longer in SQL). Each command runs as the installed entry point
would: a new `python -m desk_app` process, with bytecode caching on (PYTHONDONTWRITEBYTECODE is
removed from the environment: an installed desk has its .pyc files) and after one warm-up run
(so the OS file cache and the font cache of reports/font_cache.py are warm, as on a desk that
has printed once). Reported per command: median and best wall time, and the median CPU time of
the child (user + sys), which a loaded machine inflates much less than the wall time; and for
information the same for `python -c pass` and `desk-app --version` (the floor of a Python start
and of the command line's own imports). The load average is printed with the results.

    .venv/bin/python benchmarks/bench_cli.py --runs 7 --against /tmp/base

compares this checkout with another one of the project (e.g. `git archive BASE | tar -x -C
/tmp/base`), on the same desk and Python: each round runs every command once from each tree in
turn, so both meet the same load on a shared machine (the tree is the child's working folder,
and `python -m desk_app` imports the desk_app found there).
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out"
TARGET_S = 0.5


def demo_desk() -> Path:
    desk = OUT / "cli-demo"
    if not (desk / "station-desk.sqlite3").exists():
        desk.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "desk_app", "--data-dir", str(desk), "demo"],
            check=True,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
        )
    return desk


def a_serial(desk: Path) -> str:
    import sqlite3

    con = sqlite3.connect(desk / "station-desk.sqlite3")
    try:
        (serial,) = con.execute("SELECT serial FROM referral ORDER BY referred_on DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return serial


def timed(argv: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    done = subprocess.run(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed:\n{done.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--desk", type=Path, default=None)
    parser.add_argument("--against", type=Path, default=None, help="another checkout, run interleaved")
    args = parser.parse_args()

    desk = (args.desk or demo_desk()).resolve()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    trees = [ROOT] if args.against is None else [ROOT, args.against.resolve()]
    for tree in trees:
        subprocess.run(
            [sys.executable, "-m", "compileall", "-q", str(tree / "desk_app")],
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    month = "2026-11"
    app = [sys.executable, "-m", "desk_app", "--data-dir", str(desk)]
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "desk-app --version": [*app, "--version"],
            "print tally": [*app, "print", "tally", "--month", month, "-o", f"{tmp}/tally.pdf"],
            "export tally": [*app, "export", "tally", "--month", month, "-o", f"{tmp}/tally.xlsx"],
            "export summary": [*app, "export", "summary", "--month", month, "-o", f"{tmp}/summary.xlsx"],
            "print referral": [*app, "print", "referral", a_serial(desk), "-o", f"{tmp}/slip.pdf"],
        }
        if args.against is not None:
            interleaved(commands, env, trees, args.runs, desk)
        else:
            print(f"desk {desk}, {args.runs} runs after one warm-up, times in ms")
            print(f"{'command':24} {'wall med':>9} {'wall min':>9} {'cpu med':>9}")
            for name, argv in commands.items():
                timed(argv, env)  # warm-up
                runs = [timed(argv, env) for _ in range(args.runs)]
                walls = [w for w, _ in runs]
                cpus = [c for _, c in runs]
                print(
                    f"{name:24} {statistics.median(walls) * 1000:9.0f} {min(walls) * 1000:9.0f} "
                    f"{statistics.median(cpus) * 1000:9.0f}"
                )
    print(f"target: a document command < {TARGET_S * 1000:.0f} ms; load average {os.getloadavg()}")


def interleaved(
    commands: dict[str, list[str]], env: dict[str, str], trees: list[Path], runs: int, desk: Path
) -> None:
    """Every command once from each tree per round, after one warm-up round; per tree and
    command the median and best wall time and the median and best CPU time."""
    print(f"desk {desk}, {runs} interleaved rounds after one warm-up, times in ms")
    print(f"load average at the start {os.getloadavg()}")
    names = [n for n in commands if n != "python -c pass"]
    for name in names:
        for tree in trees:
            timed(commands[name], env, tree)  # warm-up
    times: dict[tuple[str, Path], list[tuple[float, float]]] = {(n, t): [] for n in names for t in trees}
    for _ in range(runs):
        for name in names:
            for tree in trees:
                times[(name, tree)].append(timed(commands[name], env, tree))
    print(f"{'command':24} {'tree':24} {'wall med':>9} {'wall min':>9} {'cpu med':>9} {'cpu min':>9}")
    for name in names:
        for tree in trees:
            walls = [w for w, _ in times[(name, tree)]]
            cpus = [c for _, c in times[(name, tree)]]
            label = "this checkout" if tree == trees[0] else str(tree)
            print(
                f"{name:24} {label[-24:]:24} {statistics.median(walls) * 1000:9.0f} "
                f"{min(walls) * 1000:9.0f} {statistics.median(cpus) * 1000:9.0f} {min(cpus) * 1000:9.0f}"
            )


if __name__ == "__main__":
    main()
