"""Issue 13: the tally tab shows the period's second rounds by supervision level, as the PDF does."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QLocale

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.tally import Figures, Period, Tally, month_period
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore
from desk_app.ui.reports.tally_words import second_rounds_text
from desk_app.ui.session import DeskSession

from .case_fixtures import make_desk
from .test_reports_panel import make_panel


def test_the_tally_tab_shows_second_rounds_by_level(
    qtbot, session: DeskSession, store: DeskStore, clerk: OperatorInfo, clock
) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(store, clerk, clock)
    SuggestionStore(store).escalate_case(
        desk.second_round, SupervisionLevel.CHAIR_MEETING, decided_by="区人大常委会主任会议", by=clerk.id
    )
    panel = make_panel(qtbot, session)
    tally = panel.tally_tab.tally
    assert tally is not None and tally == store.tally(month_period(clock.now.year, clock.now.month))
    assert ("主任会议统筹督办", 1) in tally.second_rounds_by_level
    label = panel.tally_tab.ladder_label
    assert label.isVisible() and label.text() == tally.second_rounds_line
    assert "主任会议统筹督办1件次" in label.text()


def test_the_english_window_names_the_levels_in_english() -> None:
    p = Period(date(2026, 11, 1), date(2026, 11, 30))
    tally = Tally(
        "站",
        ("站",),
        p,
        p.previous(),
        p.end,
        Figures(),
        Figures(),
        (),
        (),
        (),
        p.end,
        second_rounds_by_level=(("主任会议统筹督办", 2),),
    )
    saved = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        text = second_rounds_text(tally)
    finally:
        QLocale.setDefault(saved)
    assert text == "Second rounds by supervision level — supervised by the chairpersons' meeting: 2."
