"""What every screen of a signed-in window shares: the store, the station, the operator, and
the signal that tells screens a case changed (so lists refresh without polling)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desk_app.storage.records import OperatorInfo, StationInfo

# The desk-local setting of the window's language (read before the store is open, ui/app.py).
LANG_SETTING = "ui.lang"

if TYPE_CHECKING:  # the store is opened after the sign-in window shows (ui/app.py)
    from desk_app.storage.store import DeskStore


class DeskEvents(QObject):
    # A reception/case was created or changed; the argument is its id.
    case_changed = Signal(str)
    # A directory (units, categories, deputies, operators) changed.
    directory_changed = Signal(str)


@dataclass
class DeskSession:
    store: DeskStore
    station: StationInfo
    operator: OperatorInfo
    events: DeskEvents = field(default_factory=DeskEvents)
