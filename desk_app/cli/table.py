"""The command table: every subcommand is registered here with its parser and its handler.

A module of desk_app.cli has `register(table)`, which calls `table.add(...)` once per command
and fills in the returned parser's arguments. The handler is stored on the parsed arguments
(`set_defaults(handler=...)`), so `main` runs `args.handler(args)` and never matches names.

The global options (--data-dir, --lang, -v) are accepted before or after the subcommand: every
subparser carries a copy whose defaults are SUPPRESS, so an option given only before the
subcommand is not overwritten by the subparser's default.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

Handler = Callable[[argparse.Namespace], int]

# Commands of one kind share a first word; its help is said once, here.
GROUP_HELP = {
    "import": "import data from files",
    "rota": "duty rotas",
    "print": "print documents to PDF",
    "export": "export data to Excel",
    "calendar": "the office's holiday calendar",
    "campaign": "campaigns of a mobile station (流动工作站)",
    "meeting": "referral meetings (交办会)",
    "class": "case classes (类案): similar cases handled together",
}
# Other words a group also answers to.
GROUP_ALIASES = {"class": ["classes"]}


def add_global_options(parser: argparse.ArgumentParser, *, default: object = None) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=default,
        help="folder of the desk's database (default: the user's data folder)",
    )
    parser.add_argument(
        "--lang",
        choices=["zh_CN", "en"],
        default=default,
        help="language of the window (default: the desk's setting, Chinese)",
    )
    parser.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if default is None else default,
        help="also log what the desk does (INFO); by default only warnings",
    )


class CommandTable:
    """The subcommands of one root parser."""

    def __init__(self, root: argparse.ArgumentParser) -> None:
        self._options = argparse.ArgumentParser(add_help=False)
        add_global_options(self._options, default=argparse.SUPPRESS)
        self._commands = root.add_subparsers(dest="command")
        self._groups: dict[str, argparse._SubParsersAction] = {}

    def add(self, *words: str, help: str, handler: Handler) -> argparse.ArgumentParser:
        """Register `desk-app WORD [WORD]` (one word, or a group and a command) and its handler."""
        if len(words) == 1:
            parser = self._commands.add_parser(words[0], help=help, parents=[self._options])
        elif len(words) == 2:
            parser = self._group(words[0]).add_parser(words[1], help=help, parents=[self._options])
        else:
            raise ValueError(f"a command is one or two words: {words}")
        parser.set_defaults(handler=handler)
        return parser

    def _group(self, word: str) -> argparse._SubParsersAction:
        if word not in self._groups:
            group = self._commands.add_parser(
                word, help=GROUP_HELP[word], parents=[self._options], aliases=GROUP_ALIASES.get(word, [])
            )
            self._groups[word] = group.add_subparsers(dest="what", required=True)
        return self._groups[word]
