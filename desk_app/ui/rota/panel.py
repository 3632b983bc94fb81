"""The duty rota screen (排班): the rota of a month or a quarter, the station's weekly duty
pattern, its groups (编组), each deputy's duty record (履职档案), studios' holiday rules and
exceptions (工作室) and theme reception days (主题接待日), one page each.

The panel reads what several pages share (the roster, the groups, the duty pattern) in one
background read and hands each page its part: when the screen opens, when the roster changes
elsewhere and when a group is saved here. Everything else each page reads and writes itself,
through DbOp.

A district centre's desk (issue 13) works on every station of its district: a station picker
(kit.station_picker) above the pages chooses whose rota, pattern, groups, duty record and
studios are shown and written. 全部站点 shows every station's rota, duty record and studios;
the pattern and the groups are one station's, so their pages are hidden then, and making the
rota for every station asks first. A station's desk shows no picker.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from desk_app.domain.permissions import Action, permits
from desk_app.storage.records import StationInfo
from desk_app.storage.rota_records import DeputyProfile, DutyGroupInfo, DutySlotInfo
from desk_app.ui.drafts import ask_discard
from desk_app.ui.kit.station_picker import StationPicker
from desk_app.ui.ops import DbOp
from desk_app.ui.rota.duty_record_tab import DutyRecordTab
from desk_app.ui.rota.groups_tab import GroupsTab
from desk_app.ui.rota.pattern_tab import PatternTab
from desk_app.ui.rota.rota_tab import RotaTab
from desk_app.ui.rota.studios_tab import StudiosTab
from desk_app.ui.rota.theme_days_tab import ThemeDaysTab
from desk_app.ui.session import DeskSession

# The roster, the groups and the pattern of the shown station; the district's stations on a
# centre desk (None on a station's desk).
Setup = tuple[list[DeputyProfile], list[DutyGroupInfo], list[DutySlotInfo], list[StationInfo] | None]


class RotaPanel(QWidget):
    setup_loaded = Signal()  # the roster, groups and pattern read and handed to the pages

    def __init__(self, session: DeskSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rotaPanel")
        self._session = session
        self._station_id = session.station.id  # the station shown: the picked one on a centre desk
        self.rota_tab = RotaTab(session)
        self.pattern_tab = PatternTab(session)
        self.groups_tab = GroupsTab(session)
        self.record_tab = DutyRecordTab(session)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("rotaTabs")
        self.tabs.addTab(self.rota_tab, self.tr("Rota"))
        self.tabs.addTab(self.pattern_tab, self.tr("Duty pattern"))
        self.tabs.addTab(self.groups_tab, self.tr("Groups"))
        self.tabs.addTab(self.record_tab, self.tr("Duty record"))
        # Studios' fixed days and the theme reception days (issue 14, item 2).
        self.studios_tab = StudiosTab(session)
        self.theme_days_tab = ThemeDaysTab(session)
        self.tabs.addTab(self.studios_tab, self.tr("Studios"))
        self.tabs.addTab(self.theme_days_tab, self.tr("Theme days"))
        # Everyone reads the rota and the duty records; the office makes and changes them.
        self._may_change = permits(session.operator.role, Action.ROTA)
        for tab in (self.pattern_tab, self.groups_tab, self.studios_tab):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), self._may_change)
        # The centre desk's station picker: shown once the first read finds a centre desk.
        self.station_picker = StationPicker(self._station_id, with_all=True, name="rotaStation")
        self.station_picker.picked.connect(self._station_picked)
        self.station_combo = self.station_picker.combo
        self.station_bar = self.station_picker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.station_bar)
        layout.addWidget(self.tabs)

        self.groups_tab.group_saved.connect(lambda _group_id: self.reload_setup())
        session.events.directory_changed.connect(self._directory_changed)
        self.reload_setup()

    def _directory_changed(self, kind: str) -> None:
        if kind in ("deputy", "roster"):
            self.reload_setup()

    def reload_setup(self) -> None:
        """Read the roster, the groups and the duty pattern (after a change elsewhere, too)."""
        store, station_id = self._session.store, self._station_id

        def read() -> Setup:
            every = not station_id  # 全部站点: no one station's groups or pattern
            return (
                store.deputy_profiles(include_inactive=True),
                [] if every else store.duty_groups(station_id),
                [] if every else store.duty_pattern(station_id),
                store.stations() if store.is_centre_desk() else None,
            )

        DbOp(read, parent=self).success(lambda result: self._setup_read(result, station_id)).failure(
            self.rota_tab.show_failure
        ).run()

    def _setup_read(self, result: Setup, station_id: str) -> None:
        profiles, groups, slots, stations = result
        if stations is not None:
            first = not self.rota_tab.on_centre_desk
            self.station_picker.fill(stations)
            self.rota_tab.station_names = {st.id: st.name for st in stations}
            self.rota_tab.on_centre_desk = True
            if first:  # the duty record and the studios follow the picker from the start
                picked, name = self.station_picker.station_id(), self.station_picker.station_name()
                self.record_tab.show_station(picked, name)
                self.studios_tab.show_station(picked)
        if station_id != self._station_id:
            return  # another station was picked while this was read: its own read follows
        self.rota_tab.set_profiles(profiles)
        if station_id:
            self.pattern_tab.show_setup(groups, slots)
            self.groups_tab.show_setup(profiles, groups)
        self.setup_loaded.emit()

    # -- the district centre's station picker (issue 13) -----------------------------------------

    def station_id(self) -> str:
        """The station whose rota, pattern and groups are shown (the desk's own on a station's
        desk); "" when a centre desk shows every station."""
        return self._station_id

    def _station_picked(self, station_id: str) -> None:
        if not (self.pattern_tab.has_unsaved_changes() or self.groups_tab.has_unsaved_changes()):
            self._show_station(station_id)
            return
        # Unsaved edits belong to the station shown: ask before they are thrown away, and stay
        # on that station unless the clerk says discard.
        self.station_picker.set_station(self._station_id)
        self.discard_box = ask_discard(self, lambda: self._pick_after_discard(station_id))

    def _pick_after_discard(self, station_id: str) -> None:
        self.station_picker.set_station(station_id)
        self._show_station(station_id)

    def _show_station(self, station_id: str) -> None:
        self._station_id = station_id
        # The pattern and the groups are one station's: hidden while every station is shown.
        for tab in (self.pattern_tab, self.groups_tab):
            self.tabs.setTabVisible(self.tabs.indexOf(tab), self._may_change and bool(station_id))
        # Unsaved edits (discarded by now) must not be saved for the picked station.
        if station_id:
            self.pattern_tab.station_id = station_id
            self.groups_tab.station_id = station_id
        self.pattern_tab.forget_edits()
        self.groups_tab.new_group()
        self.reload_setup()
        name = self.station_picker.station_name()
        self.rota_tab.show_station(station_id, name)
        self.record_tab.show_station(station_id, name)
        self.studios_tab.show_station(station_id)
