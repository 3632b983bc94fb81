#!/usr/bin/env bash
# Build the Linux bundle into dist/station-desk (run from anywhere; uses the project's .venv):
#   dist/station-desk/station-desk      the desk (window, or a subcommand)
#   dist/station-desk/station-desk-cli  the same program (on Windows the one with a console)
# The target machine needs Qt's xcb libraries and a CJK font: the .deb (installer/build-deb.sh)
# depends on them; scripts/bootstrap.sh lists them.
# Checked by tests/test_bundle.py: scripts/run-tests -m bundle (builds when dist/ is stale).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/bootstrap.sh" desk
.venv/bin/python -m pip install -q "pyinstaller>=6.10,<7"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build \
  installer/station-desk.spec
# The programs start and print: the bundle found its Python modules.
dist/station-desk/station-desk-cli --version
echo "Built: $root/dist/station-desk ($(du -sh dist/station-desk | cut -f1)): station-desk, station-desk-cli"
