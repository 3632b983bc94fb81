"""Entry point of the frozen desk (PyInstaller needs a script, not a console_scripts entry)."""

import sys

from desk_app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
