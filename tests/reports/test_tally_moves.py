"""The tally of a desk that made every move of issue 9 (report_helpers.moves_desk), figure by figure,
on screen (the Tally), on paper and in Excel. Expectations are worked out by hand from the desk's
story (see moves_desk), never read back from the code."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from report_helpers import flat, make_cases, moves_desk, needs_font, pdf_text
from sqlalchemy import select

from desk_app.domain import tally as t
from desk_app.domain.tally import (
    MEASURES,
    TOTAL,
    Figures,
    Period,
    Tally,
    TallyFacts,
    as_of,
    count,
    month_period,
)
from desk_app.reports.documents import export_tally, print_tally
from desk_app.storage import tally_queries
from desk_app.storage.models import Callback, CaseEvent, HandlingUnit, Reception, Referral
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from tests.conftest import built_desk_fixtures

OCTOBER = month_period(2026, 10)
NOVEMBER = month_period(2026, 11)

EXPECTED_OCTOBER = Figures(
    citizens=7,
    opinions=7,  # H I J K N P Q; L voided, M merged into H
    referred=6,  # H's second slip, I, J, K, P, Q; H's first slip was returned
    returned=1,
    extensions_requested=1,
    extensions_approved=1,
    chases=1,
    replied=4,
    replied_on_time=4,  # H 10-20 (due 10-21), I 10-23 (extended to 10-23), J, P
    overdue=1,  # Q, due 10-22; K's slip was withdrawn
    callback_overdue=1,  # P, replied 10-28, due 10-29
    refer_overdue=2,  # J reopened 10-26 and N registered 10-26, both due 10-29
    callbacks=3,
    satisfied=2,
    dissatisfied=1,  # H, J; I (later closed with an explanation)
    not_reached=1,
    signed_off=2,  # H 10-22, J 10-20 (reopened since: its sign-off still happened in October)
    closed_explained=1,
    withdrawn=1,
    reopened=1,
)
# November: nothing happened, and on 11-20 the same four cases still wait past their deadlines.
EXPECTED_NOVEMBER = Figures(overdue=1, callback_overdue=1, refer_overdue=2)


# A copy of the moves desk (built once per test process) for the tests that read it (`desk`), an
# empty desk for those that make cases of their own.
built_store, store, clerk, desk = built_desk_fixtures(moves_desk, "desk")


@pytest.fixture
def tally(store: DeskStore, desk: dict[str, str]) -> Tally:
    return store.tally(OCTOBER)


def test_october_figures_are_exact(tally: Tally) -> None:
    assert tally.current == EXPECTED_OCTOBER
    assert tally.previous == Figures()


def test_november_snapshot_is_today(store: DeskStore, desk: dict[str, str]) -> None:
    november = store.tally(NOVEMBER)
    assert november.current == EXPECTED_NOVEMBER and november.previous == EXPECTED_OCTOBER


def test_the_explained_closing_stays_out_of_the_rate(tally: Tally) -> None:
    # (satisfied 2 + basically satisfied 0) / 3 reached callbacks: I's dissatisfied callback is in
    # the denominator, its closing with an explanation adds nothing; the unreached call neither.
    assert tally.current.satisfaction_text == "66.67%"


def test_by_unit(tally: Tally) -> None:
    units = {row.label: row.current for row in tally.by_unit}
    unit, other = units["五星街道办事处"], units["浉河区交通运输局"]
    assert (unit.referred, unit.returned, other.referred, other.returned) == (5, 0, 1, 1)
    assert (unit.extensions_requested, unit.extensions_approved, unit.chases) == (1, 1, 1)
    assert (unit.replied, unit.replied_on_time, unit.overdue) == (4, 4, 1)
    assert (unit.signed_off, unit.closed_explained, unit.reopened) == (2, 1, 1)
    assert (unit.callbacks, unit.satisfied, unit.dissatisfied, unit.satisfaction_text) == (3, 2, 1, "66.67%")
    # Late callbacks and slips are the office's, unreached calls and withdrawals not the unit's.
    assert (unit.callback_overdue, unit.refer_overdue, unit.not_reached) == (0, 0, 0)
    assert other.withdrawn == 0


def test_by_category(tally: Tally) -> None:
    cats = {row.label: row.current for row in tally.by_category}
    assert (cats["物业"].opinions, cats["物业"].refer_overdue, cats["物业"].callback_overdue) == (4, 2, 1)
    assert (cats["城建"].opinions, cats["城建"].returned, cats["城建"].closed_explained) == (2, 1, 1)
    assert (cats["交通"].opinions, cats["交通"].withdrawn) == (1, 1)  # L, voided, is not a 交通 opinion


def test_overdue_figures_today_equal_the_case_list_filter(store: DeskStore, desk: dict[str, str]) -> None:
    november = store.tally(NOVEMBER).current

    def listed(*statuses: str) -> int:
        return store.count_cases(store.case_filter(overdue_kinds=statuses))

    assert november.overdue == listed("referred")
    assert november.callback_overdue == listed("replied")
    assert november.refer_overdue == listed("awaiting_referral", "dissatisfied", "returned", "reopened")
    assert november.overdue + november.callback_overdue + november.refer_overdue == store.count_cases(
        store.case_filter(overdue_only=True)
    )


def test_a_re_referral_after_a_return_is_not_a_second_round(tally: Tally) -> None:
    assert tally.current.second_rounds == 0


def test_a_second_round_after_a_return_counts_once(
    store: DeskStore, clerk: OperatorInfo, clock: object
) -> None:
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 10, 5, 9), "排水不畅")
    c.refer(rid, datetime(2026, 10, 8).date())
    c.reply(rid, datetime(2026, 10, 9).date())
    c.callback(rid, "dissatisfied", datetime(2026, 10, 12, 9))
    c.refer(rid, datetime(2026, 10, 13).date(), unit_id=c.other_unit_id)  # round 2, to the wrong unit
    c.return_slip(rid, datetime(2026, 10, 14).date())
    c.refer(rid, datetime(2026, 10, 15).date())  # round 2 again
    figures = store.tally(OCTOBER).current
    assert (figures.referred, figures.second_rounds, figures.returned) == (2, 1, 1)


def test_a_sign_off_from_before_case_events_counts_once(
    store: DeskStore, clerk: OperatorInfo, clock: object
) -> None:
    c = make_cases(store, clerk, clock)
    rid = c.register(datetime(2026, 10, 5, 9), "路面破损")
    c.refer(rid, datetime(2026, 10, 6).date())
    c.reply(rid, datetime(2026, 10, 9).date())
    c.callback(rid, "satisfied", datetime(2026, 10, 12, 9))
    c.sign_off(rid, datetime(2026, 10, 13, 9))
    with store.db.writing(clerk.id) as s:  # a case signed off by an older desk: on the case only
        s.add(
            Reception(
                station_id=store.station().id,
                received_at=datetime(2026, 9, 1, 9),
                channel="walk_in",
                content="旧案",
                outcome="needs_referral",
                status="signed_off",
                round_no=1,
                signed_off_at=datetime(2026, 10, 14, 9),
                signed_off_by=clerk.id,
            )
        )
    assert store.tally(OCTOBER).current.signed_off == 2


@needs_font
def test_pdf_prints_the_new_rows(store: DeskStore, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "tally.pdf"
    assert print_tally(store, path, OCTOBER) == tally
    lines = [line.split() for line in pdf_text(path, 1, 1, layout=True).splitlines()]
    rows = {cols[0]: cols[1:] for cols in lines if cols}
    for label, value in (
        ("退回(件次)", "1"),
        ("延期申请(件次)", "1"),
        ("批准延期(件次)", "1"),
        ("催办(次)", "1"),
        ("超期未答复(件)", "1"),
        ("超期未回访(件)", "1"),
        ("超期未交办(件)", "2"),
        ("未接通(次)", "1"),
        ("解释办结(件)", "1"),
        ("撤回(件)", "1"),
        ("重办(件)", "1"),
        ("交办(件次)", "6"),
        ("销号(件)", "2"),
        ("满意率", "66.67%"),
    ):
        assert rows[label][:2] == [value, "0" if not label.startswith("满意率") else "—"], label
    text = flat(pdf_text(path))
    for definition in (
        "不计入满意率的分子",
        "被承办单位退回的交办单(无论何时退回)不计入",
        "已作废的登记和并入其他案件的重复登记不计",
    ):
        assert flat(definition) in text, definition


def test_excel_has_the_new_rows_and_breakdowns(store: DeskStore, tally: Tally, tmp_path: Path) -> None:
    path = tmp_path / "tally.xlsx"
    export_tally(store, path, OCTOBER)
    book = load_workbook(path)
    rows = {r[0].value: r for r in book["月度统计"].iter_rows(min_row=5) if r[0].value}
    for m in MEASURES:
        if not m.is_rate:
            assert rows[m.label][1].value == getattr(EXPECTED_OCTOBER, m.key), m.key
    definition = [c.value for c in book["月度统计"][4]].index("统计口径")
    assert rows["解释办结(件)"][definition].value.startswith("群众不满意且诉求超出政策范围")
    ws = book["按承办单位"]
    head = [c.value for c in ws[1]]
    units = {r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert (units["浉河区交通运输局"]["退回"], units["五星街道办事处"]["批准延期"]) == (1, 1)
    assert units["五星街道办事处"]["解释办结"] == 1 and "超期未回访" not in head
    ws = book["按问题类别"]
    head = [c.value for c in ws[1]]
    cats = {r[0]: dict(zip(head, r, strict=True)) for r in ws.iter_rows(min_row=2, values_only=True)}
    assert (cats["物业"]["超期未交办"], cats["物业"]["超期未回访"], cats["交通"]["撤回"]) == (2, 1, 1)


def _every_history(store: DeskStore) -> list[t.CaseHistory]:
    """Every case's full history, read without any narrowing (the reference)."""
    with store.db.reading() as s:
        units = dict(s.execute(select(HandlingUnit.id, HandlingUnit.name)).all())
        slips: dict[str, list[t.SlipRecord]] = defaultdict(list)
        calls: dict[str, list[t.CallRecord]] = defaultdict(list)
        events: dict[str, list[t.EventRecord]] = defaultdict(list)
        for r in s.scalars(select(Referral)):
            slips[r.reception_id].append(
                t.SlipRecord(
                    r.round_no,
                    r.attempt,
                    units[r.handling_unit_id],
                    r.referred_on,
                    r.reply_due,
                    r.replied_on,
                    r.returned_on,
                )
            )
        for c in s.scalars(select(Callback)):
            calls[c.reception_id].append(t.CallRecord(c.round_no, c.called_at, c.verdict))
        for e in s.scalars(select(CaseEvent)):
            events[e.reception_id].append(t.EventRecord(e.kind, e.round_no, e.at))
        return [
            t.CaseHistory(
                r.id,
                r.station_id,
                r.channel,
                "",
                r.received_at.date(),
                r.outcome,
                tuple(slips[r.id]),
                tuple(calls[r.id]),
                tuple(events[r.id]),
            )
            for r in s.scalars(select(Reception))
        ]


@pytest.mark.parametrize(
    "start, end",
    [
        ("2026-09-01", "2026-09-30"),
        ("2026-10-01", "2026-10-31"),
        ("2026-10-12", "2026-10-20"),
        ("2026-10-21", "2026-10-27"),
        ("2026-11-01", "2026-11-30"),
    ],
)
def test_the_histories_read_give_what_every_full_history_gives(
    store: DeskStore, desk: dict[str, str], start: str, end: str
) -> None:
    period = Period(date.fromisoformat(start), date.fromisoformat(end))
    previous, today = period.previous(), store.today()
    with store.db.reading() as s:
        facts = tally_queries.tally_facts(
            s, previous.start, period.end, snapshots=(as_of(previous, today), as_of(period, today))
        )
    reference = TallyFacts(
        histories=_every_history(store), gone=facts.gone, rules=facts.rules, calendar=facts.calendar
    )
    for p in (period, previous):
        mine, full = count(facts, p, today)[TOTAL], count(reference, p, today)[TOTAL]
        assert (mine.overdue, mine.callback_overdue, mine.refer_overdue) == (
            full.overdue,
            full.callback_overdue,
            full.refer_overdue,
        ), p


def test_a_slip_and_a_call_of_a_case_received_before_both_months_count_under_its_category(
    store: DeskStore, clerk: OperatorInfo, clock: object
) -> None:
    # October's tally reads September and October (the period before is beside it): a case from
    # August is not among the receptions read, its head is read for its slip and its call.
    c = make_cases(store, clerk, clock)
    cats = {cat.name: cat.id for cat in store.categories()}
    rid = c.register(datetime(2026, 8, 28, 9), "小区停车难", category_id=cats["交通"])
    c.refer(rid, datetime(2026, 10, 8).date())
    c.reply(rid, datetime(2026, 10, 12).date())
    c.callback(rid, "satisfied", datetime(2026, 10, 14, 9))
    by_category = {row.label: row.current for row in store.tally(OCTOBER).by_category}
    assert (by_category["交通"].referred, by_category["交通"].callbacks) == (1, 1)
    assert by_category["交通"].opinions == 0  # received in August
