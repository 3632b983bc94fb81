#!/usr/bin/env bash
# Shared set-up for scripts/run-desk and scripts/run-tests: system packages (Debian/Ubuntu),
# then a virtual environment in .venv with the desk installed in editable mode.
# Usage: scripts/bootstrap.sh desk|test
set -euo pipefail
purpose=${1:-desk}
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# Qt's xcb platform plugin and its libraries (a real window), a CJK font (Chinese text on screen
# and embedded in PDFs), fontconfig. fonts-hanazono (HanaMin A and B, TrueType) draws the rare
# characters WenQuanYi lacks (CJK Extensions A to F: 刘䶮, 𨚕阳), in the window and in the PDFs
# (desk_app/reports/fonts.py, desk_app/ui/font_fallback.py); fonts-babelstone-han is used too when
# present (Chinese glyph forms, parts of Extensions G and H).
desk_pkgs=(
  fonts-wqy-microhei fonts-hanazono fontconfig libfontconfig1 libdbus-1-3 libglib2.0-0 libegl1 libgl1
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-randr0 libxcb-xkb1 libxcb-xinerama0
  libxcb-xfixes0 libxcb-sync1 libxcb-shm0
)
# Tests also read PDFs back with poppler-utils (pdftotext), run the server on PostgreSQL, and
# open the committee's workbook with LibreOffice headless (a second reader of our Excel files), and
# drive the citizen's pages of the public channel in a real browser (chromium + chromium-driver).
test_pkgs=(poppler-utils postgresql libreoffice-calc-nogui chromium chromium-driver)

pkgs=("${desk_pkgs[@]}")
[ "$purpose" = test ] && pkgs+=("${test_pkgs[@]}")

if command -v apt-get >/dev/null 2>&1; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  python3 -m venv --help >/dev/null 2>&1 || missing+=(python3-venv)
  if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    echo "Installing system packages: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "Not a Debian-like system: install a CJK font and Qt's xcb libraries yourself." >&2
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# Exactly the versions of the lock file (with their hashes: a changed download is refused), then
# the project itself. requirements/*.txt come from pyproject.toml by scripts/update-locks.
lock="requirements/$purpose.txt"
# Reinstall only when the project's requirements changed.
stamp=".venv/.station-desk-$purpose"
want=$(cat pyproject.toml "$lock" | sha256sum | cut -c1-16)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q --require-hashes -r "$lock"
  .venv/bin/python -m pip install -q --no-deps -e .
  echo "$want" > "$stamp"
fi
