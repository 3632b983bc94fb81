"""The command line of the desk. Without a subcommand it opens the window.

Every subcommand takes the global options (`--data-dir`, `--lang`, `-v`) before or after its
name, and works without Qt, so administrators can script it on a machine with no screen. Each
module below registers its commands in the command table (desk_app.cli.table); a write names
its operator and needs their PIN (desk_app.cli.common.acting_operator).
"""

from __future__ import annotations

import argparse
import logging
import sys

from desk_app import __version__
from desk_app.cli import (
    backup,
    calendar,
    campaigns,
    cases,
    classes,
    demo,
    meetings,
    public,
    roster,
    rota,
    sync,
)
from desk_app.cli.common import CommandFailed, file_error_message, storage_problem_message
from desk_app.cli.table import CommandTable, add_global_options

# In the order `desk-app --help` lists them.
MODULES = (demo, roster, rota, calendar, cases, public, campaigns, meetings, classes, sync, backup)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="desk-app", description="Station Desk (代表工作站接待台).")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    add_global_options(parser)
    parser.set_defaults(handler=open_window)
    table = CommandTable(parser)
    for module in MODULES:
        module.register(table)
    return parser


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    configure_logging(args.verbose)
    if args.data_dir is None:
        from desk_app.paths import default_data_dir

        args.data_dir = default_data_dir()
    return run(args)


def configure_logging(verbose: bool) -> None:
    # Warnings only by default: a clerk's terminal shows the command's own lines, not Alembic's
    # "Context impl SQLiteImpl" on a fresh data folder.
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING, format="%(levelname)s %(name)s: %(message)s"
    )


def run(args: argparse.Namespace) -> int:
    """Run the command's handler; what the user can act on is said plainly, bugs propagate."""
    from desk_app.domain.lifecycle import REFUSAL_ZH, IllegalMove
    from desk_app.domain.permissions import NotPermitted
    from desk_app.storage.errors import StorageUnavailable

    try:
        return args.handler(args)
    except CommandFailed as failed:
        print(failed.message, file=sys.stderr)
        return failed.exit_code
    except NotPermitted as refused:
        # The words the window shows for the same refusal (domain.permissions).
        print(refused.message_zh(), file=sys.stderr)
        return 1
    except IllegalMove as refused:
        print(REFUSAL_ZH[refused.refusal], file=sys.stderr)
        return 1
    except StorageUnavailable as exc:
        print(storage_problem_message(exc.problem.value), file=sys.stderr)
        return 1
    except OSError as exc:
        print(file_error_message(exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("已取消。", file=sys.stderr)
        return 130


def open_window(args: argparse.Namespace) -> int:
    from desk_app.cli import collector

    collector.hand_to_window()
    from desk_app.ui.app import run_desk

    return run_desk(args.data_dir, lang=args.lang)
