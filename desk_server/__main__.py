"""`desk-server` and `python -m desk_server`."""

from __future__ import annotations

import sys

from desk_server.cli import main as _main


def main(argv: list[str] | None = None) -> int:
    return _main(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
