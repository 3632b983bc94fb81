"""The command line of the desk. Without a subcommand it opens the window.

Every subcommand takes `--data-dir` (default: the user's data folder) and works without Qt, so
administrators can script it on a machine with no screen.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from desk_app import __version__, backup, cli_reports, cli_rota
from desk_app.paths import default_data_dir


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="desk-app", description="Station Desk (代表工作站接待台)."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--data-dir", type=Path, default=None,
        help="folder of the desk's database (default: the user's data folder)",
    )
    parser.add_argument("--lang", choices=["zh_CN", "en"], default=None,
                        help="language of the window (default: the desk's setting, Chinese)")
    sub = parser.add_subparsers(dest="command")
    demo = sub.add_parser("demo", help="fill the data folder with a realistic demo station")
    demo.add_argument("--cases", type=int, default=400, help="how many cases to make (default 400)")
    demo.add_argument("--seed", type=int, default=2026, help="random seed, for repeatable demos")
    # Groups of subcommands: `import`, `print` and `export` will get more kinds of document.
    cli_reports.add_import_commands(cli_rota.add_import_commands(sub))
    cli_rota.add_rota_commands(sub)
    cli_reports.add_print_commands(cli_rota.add_print_commands(sub))
    cli_reports.add_export_commands(cli_rota.add_export_commands(sub))
    enroll = sub.add_parser("enroll", help="enrol this desk with the central server (one-time code)")
    enroll.add_argument("--server", required=True, help="server address, e.g. https://10.0.0.5:8765")
    enroll.add_argument("--code", required=True, help="the one-time enrolment code from the centre")
    enroll.add_argument("--fingerprint", default=None,
                        help="the server certificate's fingerprint from the centre (SHA256:…): pinned, "
                             "and checked on every connection")
    enroll.add_argument("--allow-insecure", action="store_true",
                        help="allow plain http:// to another computer (data travels unencrypted)")
    enroll.add_argument("--name", default=None, help="this desk's name on the server (default: the computer's)")
    sub.add_parser("sync", help="one sync round with the central server; prints what was sent and received")
    backup.add_commands(sub)
    return parser


def main(argv: list[str]) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    data_dir: Path = args.data_dir or default_data_dir()
    if args.command is None:
        from desk_app.ui.app import run_desk

        return run_desk(data_dir, lang=args.lang)
    if args.command == "demo":
        from desk_app.demo import fill_demo

        summary = fill_demo(data_dir, cases=args.cases, seed=args.seed)
        print(summary)
        return 0
    if cli_reports.handles(args):
        return cli_reports.run(args, data_dir)
    if args.command in ("import", "rota", "print", "export"):
        return cli_rota.run(args, data_dir)
    if args.command in backup.COMMANDS:
        return backup.run(args, data_dir)
    if args.command in ("enroll", "sync"):
        from desk_app.sync.cli import run as run_sync

        return run_sync(args, data_dir)
    print(f"unknown command {args.command}", file=sys.stderr)
    return 2
