#!/usr/bin/env bash
# Build a .deb of the desk for Debian, Ubuntu, UOS and Kylin from the bundle (installer/build.sh):
#   /opt/station-desk/                    the bundle: station-desk, station-desk-cli, _internal/
#   /usr/bin/station-desk, station-desk-cli   links to them
#   /usr/share/applications/station-desk.desktop   the desktop's menu entry
# It depends on what the bundle does not carry: a CJK font and Qt's xcb libraries (the list of
# scripts/bootstrap.sh), and on a glibc at least as new as the one it was built with: build on
# the oldest system the stations run (e.g. in a Debian 10 container for UOS 20).
# Usage: installer/build-deb.sh [--reuse-bundle]   (without it, the bundle is built first)
#   DEB_COMPRESSION=gzip: compress faster (here 1 minute instead of nearly 4, 101 MB instead of 75; the tests
#   use it); xz by default (dpkg of Debian 10 and later, UOS 20, Kylin V10 read both).
# Output: dist/station-desk_<version>_<arch>.deb. Checked by tests/test_bundle.py (-m bundle).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${1:-}" != "--reuse-bundle" ] || [ ! -x dist/station-desk/station-desk ]; then
  installer/build.sh
fi

version=$(.venv/bin/python -c 'import tomllib; print(tomllib.load(open("pyproject.toml", "rb"))["project"]["version"])')
arch=$(dpkg --print-architecture)
# The newest glibc symbol version any program or library of the bundle needs.
glibc=$(find dist/station-desk -type f \( -name '*.so*' -o -perm -u+x \) -print0 \
  | xargs -0 objdump -T 2>/dev/null | grep -oE 'GLIBC_[0-9]+(\.[0-9]+)+' | sed 's/GLIBC_//' \
  | sort -uV | tail -n1)
# What the bundle leaves to the system (scripts/bootstrap.sh, desk_pkgs): the font its documents
# embed (reports/fonts.py also takes WenQuanYi Zen Hei), the fallback font for rare characters
# (fonts-hanazono; BabelStone Han is recommended, used first when present), fontconfig, and Qt's
# window system.
depends="libc6 (>= $glibc), fonts-wqy-microhei | fonts-wqy-zenhei, fonts-hanazono | fonts-babelstone-han, fontconfig, libfontconfig1, libdbus-1-3,
 libglib2.0-0, libegl1, libgl1, libxkbcommon0, libxkbcommon-x11-0, libx11-xcb1, libxcb-cursor0,
 libxcb-icccm4, libxcb-keysyms1, libxcb-image0, libxcb-render-util0, libxcb-shape0, libxcb-randr0,
 libxcb-xkb1, libxcb-xinerama0, libxcb-xfixes0, libxcb-sync1, libxcb-shm0"

stage=$(mktemp -d build/deb.XXXXXX)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/DEBIAN" "$stage/opt" "$stage/usr/bin" "$stage/usr/share/applications"
cp -a dist/station-desk "$stage/opt/station-desk"
# On Linux the console program is the window's twin: one copy (13 MB) is enough.
ln -sf station-desk "$stage/opt/station-desk/station-desk-cli"
ln -s /opt/station-desk/station-desk "$stage/usr/bin/station-desk"
ln -s /opt/station-desk/station-desk-cli "$stage/usr/bin/station-desk-cli"
cat > "$stage/usr/share/applications/station-desk.desktop" <<'DESKTOP'
[Desktop Entry]
Type=Application
Name=Station Desk
Name[zh_CN]=代表工作站接待台
GenericName=Reception desk
GenericName[zh_CN]=接待登记与交办督办
Comment=Register what citizens raise, refer it, chase the reply, call back, sign off
Comment[zh_CN]=群众来访登记、交办、督办、回访与销号
Exec=station-desk
Terminal=false
Categories=Office;
DESKTOP
find "$stage" -type d -exec chmod 0755 {} +
chmod 0644 "$stage/usr/share/applications/station-desk.desktop"

size=$(du -sk --exclude=DEBIAN "$stage" | cut -f1)
cat > "$stage/DEBIAN/control" <<CONTROL
Package: station-desk
Version: $version
Architecture: $arch
Maintainer: Station Desk project <station-desk@example.invalid>
Installed-Size: $size
Depends: $depends
Recommends: fonts-babelstone-han
Section: misc
Priority: optional
Description: reception desk of people's-congress deputy work stations (代表工作站接待台)
 Registers what citizens raise, refers it to a handling unit on a numbered slip with a
 working-day deadline, chases the reply, calls the citizen back and signs the case off,
 offline on a local SQLite database; prints slips and tallies, exports Excel workbooks,
 and syncs with a district's server. Command line: station-desk --help.
CONTROL
(cd "$stage" && find opt usr -type f -print0 | sort -z | xargs -0 md5sum > DEBIAN/md5sums)

out="dist/station-desk_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Z"${DEB_COMPRESSION:-xz}" --build "$stage" "$out" >/dev/null
echo "Built: $root/$out ($(du -h "$out" | cut -f1); installed $((size / 1024)) MB; needs glibc >= $glibc)"
