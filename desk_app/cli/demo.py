"""`desk-app demo`: fill the data folder with a living demo station (desk_app.demo).

The demo makes its own operators and prints their names and PINs, so it asks for none.
"""

from __future__ import annotations

import argparse

from desk_app.cli.table import CommandTable


def register(table: CommandTable) -> None:
    demo = table.add("demo", help="fill the data folder with a realistic demo station", handler=fill)
    demo.add_argument("--cases", type=int, default=400, help="how many cases to make (default 400)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable demos")


def fill(args: argparse.Namespace) -> int:
    from desk_app.cli import collector
    from desk_app.demo import fill_demo

    collector.settle()  # filling thousands of cases: collect as usual (cli.collector)
    print(fill_demo(args.data_dir, cases=args.cases, seed=args.seed))
    return 0
