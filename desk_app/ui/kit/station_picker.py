"""The district centre's station picker (issue 13): which of the district's stations a page shows
and writes to, with 全部站点 where a page can show every station at once.

Hidden until `fill` is given the district's stations (a centre desk reads them with
`DeskStore.stations()` when `is_centre_desk()`); a station's desk never fills it, so it shows
nothing and the page keeps working on the desk's own station.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSignalBlocker, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from desk_app.storage.records import StationInfo

# The data of the 全部站点 entry.
ALL_STATIONS = ""


class StationPicker(QWidget):
    """A label and a combo of the district's stations (data: the station id; "" = every station).

    `picked` is emitted with the station id ("" for every station) when the clerk changes it;
    `fill` and `set_station` do not emit it."""

    picked = Signal(str)

    def __init__(
        self,
        station_id: str,
        *,
        with_all: bool,
        name: str = "stationPicker",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name + "Bar")
        self._station_id = station_id
        self._with_all = with_all
        self.combo = QComboBox()
        self.combo.setObjectName(name)
        self.combo.currentIndexChanged.connect(self._changed)
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        bar.addWidget(QLabel(self.tr("Station")))
        bar.addWidget(self.combo)
        bar.addStretch(1)
        self.hide()

    def fill(self, stations: Sequence[StationInfo]) -> None:
        """The district's stations (a centre desk): fill the combo, keep the choice, show it."""
        with QSignalBlocker(self.combo):
            self.combo.clear()
            if self._with_all:
                self.combo.addItem(self.tr("All stations"), ALL_STATIONS)
            for st in stations:
                self.combo.addItem(st.name, st.id)
            index = self.combo.findData(self._station_id)
            self.combo.setCurrentIndex(max(index, 0))
        self._station_id = self.combo.currentData()
        self.show()

    def station_id(self) -> str:
        """The picked station's id; "" when every station is picked."""
        return self._station_id

    def station_ids(self) -> tuple[str, ...] | None:
        """The storage scope of the choice: None for every station, else the one station."""
        return (self._station_id,) if self._station_id else None

    def is_all(self) -> bool:
        return self._station_id == ALL_STATIONS

    def station_name(self) -> str:
        """The picked station's name as listed ("All stations" in the window's language)."""
        return self.combo.currentText()

    def set_station(self, station_id: str) -> None:
        """Pick `station_id` without emitting `picked` (e.g. after the clerk kept unsaved edits)."""
        with QSignalBlocker(self.combo):
            self.combo.setCurrentIndex(max(self.combo.findData(station_id), 0))
        self._station_id = self.combo.currentData() if self.combo.count() else station_id

    def _changed(self, index: int) -> None:
        station_id = self.combo.itemData(index)
        if station_id is None or station_id == self._station_id:
            return
        self._station_id = station_id
        self.picked.emit(station_id)
