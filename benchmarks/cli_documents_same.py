"""Do the CLI's documents come out the same from this checkout as from another one? (issue 16)

    .venv/bin/python benchmarks/cli_documents_same.py --against /tmp/base [--desk DIR]

A check for the speed passes of `bench_cli.py`, which must not change a document: each command
runs from both trees (`git archive BASE | tar -x -C /tmp/base`) on the same desk (default the
demo desk of bench_cli.py) and the files are compared. PDFs are written with `RL_invariant=1`
(reportlab's fixed dates and ids) and must be byte-identical; a workbook must be identical in every
part of its zip but docProps/core.xml, which holds the time it was written. Prints one line per
document and exits 1 if any differs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_cli import ROOT, a_serial, demo_desk  # noqa: E402

PERIODS = ("2026-11", "2026-Q3", "2026-H1", "2026")


def documents(desk: Path) -> dict[str, list[str]]:
    """File name -> the command's arguments after `--data-dir DESK` (and before `-o FILE`)."""
    docs: dict[str, list[str]] = {}
    for period in PERIODS:
        docs[f"tally-{period}.pdf"] = ["print", "tally", "--period", period]
        docs[f"tally-{period}.xlsx"] = ["export", "tally", "--period", period]
    docs["summary-2026-11.xlsx"] = ["export", "summary", "--month", "2026-11"]
    docs["summary-2026.xlsx"] = ["export", "summary", "--from", "2026-01-01", "--to", "2026-12-31"]
    docs["slip.pdf"] = ["print", "referral", a_serial(desk)]
    return docs


def write(tree: Path, desk: Path, args: list[str], out: Path) -> None:
    env = {**os.environ, "RL_invariant": "1"}
    argv = [sys.executable, "-m", "desk_app", "--data-dir", str(desk), *args, "-o", str(out)]
    done = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed in {tree}:\n{done.stderr}")


def differences(a: Path, b: Path) -> list[str]:
    """What differs between two documents ([] when they are the same)."""
    if a.suffix != ".xlsx":
        return [] if a.read_bytes() == b.read_bytes() else ["the bytes"]
    with zipfile.ZipFile(a) as za, zipfile.ZipFile(b) as zb:
        names = set(za.namelist()) | set(zb.namelist())
        return sorted(
            n
            for n in names - {"docProps/core.xml"}
            if n not in za.namelist() or n not in zb.namelist() or za.read(n) != zb.read(n)
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--desk", type=Path, default=None)
    args = parser.parse_args()
    desk = (args.desk or demo_desk()).resolve()
    same = True
    with tempfile.TemporaryDirectory() as tmp:
        for name, command in documents(desk).items():
            ours, theirs = Path(tmp, "ours-" + name), Path(tmp, "theirs-" + name)
            write(ROOT, desk, command, ours)
            write(args.against.resolve(), desk, command, theirs)
            diff = differences(ours, theirs)
            same = same and not diff
            print(f"{name:24} {'same' if not diff else 'DIFFERS: ' + ', '.join(diff)}")
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
