#!/usr/bin/env bash
# Build the Linux bundle into dist/station-desk (run from anywhere; uses the project's .venv).
# The target machine needs Qt's xcb libraries and a CJK font: see README (scripts/bootstrap.sh
# lists them) or install the .deb dependencies: fonts-wqy-microhei libxcb-cursor0 libxkbcommon-x11-0.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
"$root/scripts/bootstrap.sh" desk
.venv/bin/python -m pip install -q "pyinstaller>=6.10"
.venv/bin/pyinstaller --noconfirm --clean --distpath dist --workpath build installer/station-desk.spec
echo "Built: $root/dist/station-desk/station-desk"
