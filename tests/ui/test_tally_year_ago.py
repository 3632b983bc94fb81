"""The tally page shows this period and the period before first, from one read, and fills the
同比 columns (the same period last year) from a second read: counting is said meanwhile, and no
other period's figures are ever shown in them."""

from __future__ import annotations

from datetime import datetime

import pytest

from desk_app.domain.periods import PeriodKind, period_of
from desk_app.domain.tally import MEASURES, Figures, measure_text, month_period
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.reports.tally_tab import TallyTab
from desk_app.ui.session import DeskSession

from .case_fixtures import add_case, wait_idle

NOVEMBER = month_period(2026, 11)
YEAR_AGO_COLUMNS = (4, 5)


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo) -> DeskStore:
    """Two cases this November, three in November 2025 (the same period last year)."""
    for i in range(2):
        add_case(
            store, clerk, name=f"今年{i}", phone=f"1350000000{i}", received_at=datetime(2026, 11, 2 + i, 9)
        )
    for i in range(3):
        add_case(
            store, clerk, name=f"去年{i}", phone=f"1360000000{i}", received_at=datetime(2025, 11, 5 + i, 9)
        )
    return store


def year_ago_texts(tab: TallyTab) -> list[str]:
    table = tab.figures_table
    return [
        table.item(r, c).text() if table.item(r, c) is not None else ""
        for r in range(len(MEASURES))
        for c in YEAR_AGO_COLUMNS
    ]


def open_tab(qtbot, session: DeskSession) -> TallyTab:  # type: ignore[no-untyped-def]
    tab = TallyTab(session)
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.show()
    wait_idle(qtbot)
    return tab


def test_the_store_counts_the_year_ago_figures_apart_as_the_whole_tally_does(desk: DeskStore) -> None:
    whole = desk.tally(NOVEMBER)
    assert whole.year_ago.opinions == 3
    assert desk.year_ago_figures(NOVEMBER) == whole.year_ago


def test_the_quick_tally_has_every_figure_but_the_year_ago_ones(desk: DeskStore) -> None:
    whole, quick = desk.tally(NOVEMBER), desk.tally(NOVEMBER, year_ago=False)
    assert (quick.current, quick.previous, quick.by_category, quick.late) == (
        whole.current,
        whole.previous,
        whole.by_category,
        whole.late,
    )
    assert quick.year_ago == Figures()


def test_a_year_s_quick_tally_has_its_year_ago_figures_from_the_one_read(desk: DeskStore) -> None:
    year = period_of(PeriodKind.YEAR, NOVEMBER.start)  # its period before is last year
    assert desk.tally(year, year_ago=False) == desk.tally(year)


def test_the_year_ago_columns_say_counting_while_the_first_figures_are_shown(
    qtbot, desk: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    tab = TallyTab(session)
    qtbot.addWidget(tab)
    seen: list[tuple[bool, list[str]]] = []
    tab.figures_shown.connect(lambda _t: seen.append((tab.year_ago_pending, year_ago_texts(tab))))
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.show()
    pending, texts = seen[0]
    assert pending
    assert set(texts) == {tab.tr("counting…"), ""}


def test_the_year_ago_columns_get_the_same_figures_as_the_whole_tally(
    qtbot, desk: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(qtbot, session)
    whole = desk.tally(NOVEMBER)
    assert tab.tally == whole
    assert not tab.year_ago_pending
    assert tab.figure_text("opinions", year_ago=True) == measure_text(whole.year_ago, "opinions") == "3"


def test_a_recount_of_the_same_period_keeps_the_year_ago_figures_on_screen(
    qtbot, desk: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(qtbot, session)
    before = year_ago_texts(tab)
    seen: list[list[str]] = []
    tab.figures_shown.connect(lambda _t: seen.append(year_ago_texts(tab)))
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.load_tally()
    assert seen == [before]
    assert year_ago_texts(tab) == before


def test_another_period_never_shows_the_last_period_s_year_ago_figures(
    qtbot, desk: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    tab = open_tab(qtbot, session)
    assert tab.figure_text("opinions", year_ago=True) == "3"
    shown: list[str] = []
    tab.figures_shown.connect(lambda _t: shown.append(tab.figure_text("opinions", year_ago=True)))
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.set_month(2026, 10)
    assert shown == [tab.tr("counting…")]
    assert tab.figure_text("opinions", year_ago=True) == "0"
