"""`desk-app` and `python -m desk_app`: no arguments opens the window; subcommands for scripts."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    """The command line. Without `argv` it is this process's own (the `desk-app` script,
    `python -m desk_app`, the frozen desk), and the process ends when it returns: the cycle
    collector is then paused while the program starts and kept out of the exit
    (desk_app.cli.collector). With `argv` (a test, another program) it leaves the collector alone."""
    if argv is not None:
        from desk_app.cli import main as run_command_line

        return run_command_line(argv)
    from desk_app.cli import collector

    collector.pause()
    from desk_app.cli import main as run_command_line

    code = run_command_line(sys.argv[1:])
    collector.leave()
    return code


if __name__ == "__main__":
    sys.exit(main())
