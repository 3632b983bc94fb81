"""Where the desk keeps its data and finds its shipped resources, on any install."""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "StationDesk"
APP_AUTHOR = "StationDesk"
# The desk's database file in its data folder (desk_app.storage.db.database_path).
DESK_FILENAME = "station-desk.sqlite3"


def default_data_dir() -> Path:
    """The user's data folder, e.g. ~/.local/share/StationDesk or %LOCALAPPDATA%\\StationDesk."""
    # Imported here (~6 ms): the store imports this module for DESK_FILENAME, and a command given
    # --data-dir that writes a workbook never needs it (docs/benchmarks.md, issue 16).
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def translations_dir() -> Path:
    """The folder of our .qm files: in a frozen bundle, a source checkout, or an installed wheel."""
    candidates = []
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        candidates.append(Path(frozen_root) / "resources" / "translations")
    candidates.append(Path(__file__).resolve().parents[1] / "resources" / "translations")
    candidates.append(Path(sys.prefix) / "share" / "station-desk" / "translations")
    for path in candidates:
        if path.is_dir():
            return path
    return candidates[0]
