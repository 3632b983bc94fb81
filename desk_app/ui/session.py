"""What every screen of a signed-in window shares: the store, the station, the operator, the
signal that tells screens a case changed (so lists refresh without polling), and the operator's
drafts (ui/drafts.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from desk_app.storage.records import OperatorInfo, StationInfo
from desk_app.ui.drafts import DraftBook

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
    # What this operator typed and has not saved: theirs alone (another operator never sees it).
    drafts: DraftBook = field(init=False)

    def __post_init__(self) -> None:
        self.drafts = DraftBook(self.store, self.operator.id)
