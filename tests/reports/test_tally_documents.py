"""A tally built from known cases has exactly the expected figures, on paper and in Excel."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_helpers import flat, needs_font, october_desk, pdf_text

from desk_app.domain.tally import Figures, Tally, month_period
from desk_app.reports.documents import export_tally, print_tally
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.conftest import built_desk_fixtures

EXPECTED_OCTOBER = Figures(
    deputy_visits=3,
    citizens=5,
    opinions=6,
    on_site=2,
    referred=4,
    replied=2,
    replied_on_time=1,
    overdue=1,
    signed_off=1,
    second_rounds=1,
    callbacks=3,
    satisfied=1,
    basically_satisfied=1,
    dissatisfied=1,
    # G, registered Tue 10-20 and never referred: 3 working days for a slip end Fri 10-23.
    refer_overdue=1,
)
# F was replied on Tue 09-22 and called back only on 10-02: on 09-30 its callback (due the next
# working day, 09-23) was overdue.
EXPECTED_SEPTEMBER = Figures(
    deputy_visits=1, citizens=1, opinions=1, referred=1, replied=1, replied_on_time=1, callback_overdue=1
)


# October's desk is built once per test process (tests/conftest.py desk_builds, shared with the
# other modules reading it); each test reads or changes a copy of its own.
built_store, store, clerk, october = built_desk_fixtures(october_desk, "october")


@pytest.fixture
def tally(store: DeskStore, october: dict[str, str]) -> Tally:
    return store.tally(month_period(2026, 10))


def test_october_figures_are_exact(tally: Tally) -> None:
    assert tally.current == EXPECTED_OCTOBER


def test_september_is_beside_it(tally: Tally) -> None:
    assert tally.previous == EXPECTED_SEPTEMBER
    assert tally.previous.satisfaction_text == "—"


def test_satisfaction_rate_has_two_decimals(tally: Tally) -> None:
    assert tally.current.satisfaction_text == "66.67%"


def test_breakdown_by_unit(tally: Tally) -> None:
    units = {row.label: row.current for row in tally.by_unit}
    assert (units["浉河区交通运输局"].referred, units["浉河区交通运输局"].replied_on_time) == (2, 1)
    assert (units["五星街道办事处"].overdue, units["五星街道办事处"].referred) == (1, 2)  # E, and F round 2


def test_breakdown_by_category_and_channel(tally: Tally) -> None:
    cats = {row.label: row.current for row in tally.by_category}
    assert (cats["物业"].opinions, cats["物业"].on_site, cats["物业"].citizens) == (3, 2, 2)
    assert cats["未分类"].opinions == 1
    channels = {row.label: row.current.opinions for row in tally.by_channel}
    assert channels == {"来访": 5, "扫码": 1}


def test_a_list_of_stations_gives_the_same_tally(store: DeskStore, tally: Tally) -> None:
    assert store.tally(month_period(2026, 10), [store.station().id]).current == tally.current


def test_no_station_counts_nothing(store: DeskStore, tally: Tally) -> None:
    assert store.tally(month_period(2026, 10), []).current == Figures()


@needs_font
def test_pdf_prints_every_figure_and_the_definition(store: DeskStore, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "tally.pdf"
    printed = print_tally(store, path, month_period(2026, 10))
    assert printed == tally
    text = flat(pdf_text(path))
    for expected in (
        "浉河区五星街道人大代表监督岗",
        "2026年10月工作统计",
        "代表进站(人次)",
        "接待群众(人)",
        "收集意见建议(条)",
        "现场解决(件)",
        "交办(件次)",
        "按期答复(件次)",
        "超期未答复(件)",
        "销号(件)",
        "二次督办(件次)",
        "满意率",
        "66.67%",
        "50.00%",
        "满意率=（满意+基本满意）÷全部回访次数×100%",
        "按问题类别统计",
        "按来源渠道统计",
        "按承办单位统计",
        "浉河区交通运输局",
        "物业",
        "扫码",
    ):
        assert flat(expected) in text, expected


@needs_font
def test_pdf_main_table_rows(store: DeskStore, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 10))
    lines = [line.split() for line in pdf_text(path, 1, 1, layout=True).splitlines()]
    rows = {cols[0]: cols[1:] for cols in lines if cols}
    assert rows["收集意见建议(条)"][:3] == ["6", "1", "+5"]
    assert rows["满意率"][:2] == ["66.67%", "—"]


def test_excel_has_the_same_numbers_and_formats(store: DeskStore, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, month_period(2026, 10))
    ws = load_workbook(path)["月度统计"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=5) if r[0].value}
    assert (rows["收集意见建议(条)"][1].value, rows["收集意见建议(条)"][2].value) == (6, 1)
    rate = rows["满意率"][1]
    assert rate.value == pytest.approx(0.6667) and rate.number_format == "0.00%"
    assert rows["满意率"][2].value == "—"
    assert ws.freeze_panes == "B5" and int(ws.page_setup.paperSize) == 9


def test_excel_breakdown_sheets(store: DeskStore, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, month_period(2026, 10))
    ws = load_workbook(path)["按承办单位"]
    head = [c.value for c in ws[1]]
    rows = {r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert rows["浉河区交通运输局"]["满意率"] == pytest.approx(1.0)
    assert rows["五星街道办事处"]["超期未答复"] == 1


def test_district_centre_counts_every_station_or_the_chosen_ones(
    store: DeskStore, tally: Tally, clerk: OperatorInfo
) -> None:
    from datetime import datetime

    from desk_app.domain.numbering import DEFAULT_SERIAL_PATTERN
    from desk_app.storage.models import Reception, Station

    with store.db.writing(clerk.id) as s:  # a second station, as sync will bring into a centre desk
        other = Station(
            name="浉河区老城街道人大代表工作站",
            short_name="老城站",
            kind="township_station",
            district="浉河区",
            serial_pattern=DEFAULT_SERIAL_PATTERN,
        )
        s.add(other)
        s.flush()
        other_id = other.id
        s.add(
            Reception(
                station_id=other_id,
                received_at=datetime(2026, 10, 5, 9),
                channel="walk_in",
                content="咨询",
                outcome="resolved_on_site",
                status="resolved_on_site",
                round_no=0,
            )
        )
    centre = store.tally(month_period(2026, 10))
    assert (centre.current.opinions, centre.scope) == (7, "2个站点合计")
    assert store.tally(month_period(2026, 10), [other_id]).current.opinions == 1
