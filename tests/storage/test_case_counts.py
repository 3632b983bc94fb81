"""The case list's faster paths at 1M cases (issue 16, migration 0022) give what a scan gives:
status counts kept by triggers, open statuses with a unit or category read from
ix_reception_open, one status with a date range and channels, search with open statuses read
from the oldest open case on, and a page read from the newest hits alone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text
from storage_helpers import Desk

from desk_app.demo import fill_demo
from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage import queries
from desk_app.storage.coltypes import id_param
from desk_app.storage.db import database_path
from desk_app.storage.models import OPEN_INDEXED_STATUSES, Reception
from desk_app.storage.store import DeskStore

NOW = datetime(2026, 11, 20, 10, 0)
OPEN = tuple(s.value for s in CaseStatus if not s.is_closed)


def _scan_counts(store: DeskStore) -> dict[str, int]:
    with store.db.engine.connect() as conn:
        return dict(conn.execute(text("SELECT status, count(*) FROM reception GROUP BY status")).all())


def _listed_counts(store: DeskStore) -> dict[str, int]:
    counts = {s.value: store.count_cases(store.case_filter(statuses=(s.value,))) for s in CaseStatus}
    return {s: n for s, n in counts.items() if n}


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """A demo desk with every kind of move (and so cases in every status: merged, voided...)."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copyfile(migrated_template, database_path(folder))  # the migrations once per process
    fill_demo(folder, cases=150, seed=7, now=NOW)
    return folder


@pytest.fixture
def demo(demo_dir: Path, tmp_path: Path) -> Iterator[DeskStore]:
    folder = tmp_path / "desk"
    shutil.copytree(demo_dir, folder)
    store = DeskStore.open(folder, clock=lambda: NOW)
    yield store
    store.close()


@pytest.fixture(scope="module")
def demo_rows(demo_dir: Path) -> list[dict]:
    store = DeskStore.open(demo_dir, clock=lambda: NOW)
    try:
        with store.db.reading() as s:
            cols = (Reception.id, Reception.status, Reception.unit_id, Reception.category_id)
            return [
                dict(r._mapping) for r in s.execute(select(*cols, Reception.channel, Reception.received_at))
            ]
    finally:
        store.close()


def _reference(rows: list[dict], **where: tuple) -> list[str]:
    """Ids of the rows whose every named column is in its tuple, newest first (the list's order)."""
    hits = [r for r in rows if all(r[col] in values for col, values in where.items())]
    hits.sort(key=lambda r: (r["received_at"], r["id"]), reverse=True)
    return [r["id"] for r in hits]


def _listed(store: DeskStore, **filters: object) -> tuple[list[str], int]:
    f = store.case_filter(**filters)
    return [r.id for r in store.list_cases(f, 0, 10_000)], store.count_cases(f)


# -- status counts kept by triggers -----------------------------------------------------------


def test_every_status_count_equals_a_scan_on_a_desk_with_every_move(demo: DeskStore) -> None:
    assert len(_scan_counts(demo)) >= 10
    assert _listed_counts(demo) == _scan_counts(demo)


def test_the_count_with_no_filter_is_every_case(demo: DeskStore) -> None:
    assert demo.count_cases(demo.case_filter()) == sum(_scan_counts(demo).values())


def test_a_count_of_several_statuses_is_their_sum(demo: DeskStore) -> None:
    scan = _scan_counts(demo)
    closed = ("resolved_on_site", "signed_off", "signed_off")  # a status named twice counts once
    assert (
        demo.count_cases(demo.case_filter(statuses=closed)) == scan["resolved_on_site"] + scan["signed_off"]
    )


def test_status_counts_follow_a_case_through_its_moves(desk: Desk) -> None:
    seen = []
    rid = desk.register()
    seen.append(_listed_counts(desk.store) == _scan_counts(desk.store) == {"awaiting_referral": 1})
    desk.refer(rid)
    seen.append(_listed_counts(desk.store) == _scan_counts(desk.store) == {"referred": 1})
    desk.reply(rid)
    desk.callback(rid, "satisfied")
    desk.sign_off(rid)
    seen.append(_listed_counts(desk.store) == _scan_counts(desk.store) == {"signed_off": 1})
    assert seen == [True, True, True]


def test_status_counts_follow_a_deleted_case_and_a_status_written_by_hand(desk: Desk) -> None:
    kept, gone = desk.register("路灯不亮"), desk.register()
    with desk.store.db.engine.begin() as conn:
        conn.execute(text("DELETE FROM reception WHERE id = :id"), {"id": id_param(gone)})
        conn.execute(text("UPDATE reception SET status = 'withdrawn' WHERE id = :id"), {"id": id_param(kept)})
    assert _listed_counts(desk.store) == _scan_counts(desk.store) == {"withdrawn": 1}


# -- open statuses with a unit or category (ix_reception_open) --------------------------------


def test_the_open_index_holds_every_open_status() -> None:
    assert set(OPEN_INDEXED_STATUSES) == set(OPEN), "a new open status: add it to ix_reception_open"


@pytest.mark.parametrize(
    "statuses", [("referred",), ("referred", "replied"), OPEN], ids=["one", "two", "all"]
)
def test_open_statuses_with_a_unit_or_category_list_and_count_what_a_scan_finds(
    demo: DeskStore, demo_rows: list[dict], statuses: tuple[str, ...]
) -> None:
    units = sorted({r["unit_id"] for r in demo_rows if r["unit_id"]})
    cats = sorted({r["category_id"] for r in demo_rows if r["category_id"]})
    pairs = sorted(
        {
            (r["unit_id"], r["category_id"])
            for r in demo_rows
            if r["status"] in statuses and r["unit_id"] and r["category_id"]
        }
    )
    wanted: list[dict[str, tuple]] = [
        *({"unit_id": (u,)} for u in units),
        *({"category_id": (c,)} for c in cats),
        *({"unit_id": (u,), "category_id": (c,)} for u, c in pairs),
        {"unit_id": tuple(units[:2]), "category_id": tuple(cats[:3])},
    ]
    wrong = []
    for where in wanted:
        expected = _reference(demo_rows, status=statuses, **where)
        ids, n = _listed(
            demo,
            statuses=statuses,
            unit_ids=where.get("unit_id", ()),
            category_ids=where.get("category_id", ()),
        )
        if (ids, n) != (expected, len(expected)):
            wrong.append(where)
    assert sum(bool(_reference(demo_rows, status=statuses, **w)) for w in wanted) > 3
    assert wrong == []


def test_sqlite_counts_open_statuses_with_a_unit_from_the_open_index(demo: DeskStore) -> None:
    """The query states the index's condition word for word; if the two drift apart SQLite quietly
    reads every case of the unit again."""
    unit = demo.handling_units()[0].id
    f = demo.case_filter(statuses=("referred", "replied"), unit_ids=(unit,))
    stmt = queries._apply_filter(select(func.count()).select_from(Reception), f)
    with demo.db.engine.connect() as conn:
        compiled = stmt.compile(conn, compile_kwargs={"literal_binds": True})
        plan = [r[3] for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}")]
    assert any("ix_reception_open" in step for step in plan), plan


# -- one status with a date range and channels ------------------------------------------------


@pytest.mark.parametrize("status", ["signed_off", "resolved_on_site", "referred", "withdrawn"])
def test_one_status_with_dates_and_channels_lists_and_counts_what_a_scan_finds(
    demo: DeskStore, demo_rows: list[dict], status: str
) -> None:
    start, end = date(2026, 3, 1), date(2026, 10, 31)
    in_range = {r["id"] for r in demo_rows if start <= r["received_at"].date() <= end}
    channels = ("walk_in", "forum", "hotline_12345")
    expected = [i for i in _reference(demo_rows, status=(status,), channel=channels) if i in in_range]
    got = _listed(demo, statuses=(status,), channels=channels, received_from=start, received_to=end)
    assert got == (expected, len(expected))


def test_a_page_of_one_closed_status_is_its_newest_cases(demo: DeskStore, demo_rows: list[dict]) -> None:
    f = demo.case_filter(statuses=("signed_off",))
    pages = [[r.id for r in demo.list_cases(f, off, 7)] for off in (0, 7)]
    expected = _reference(demo_rows, status=("signed_off",))
    assert pages == [expected[:7], expected[7:14]]


# -- search with open statuses: hits read from the oldest open case on ------------------------


@pytest.mark.parametrize("walk_min_hits", [5000, 1])
def test_search_with_open_statuses_finds_an_open_case_older_than_closed_ones(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, walk_min_hits: int
) -> None:
    """The oldest case (lowest rowid) is still open: the hits from the oldest open case on must
    include it, and the closed cases between are left out by their status."""
    monkeypatch.setattr(queries, "WALK_MIN_HITS", walk_min_hits)
    day = datetime(2026, 1, 5, 9, 0)
    old = desk.register("电梯停运", received_at=day)
    desk.refer(old)
    closed = [
        desk.register(
            "电梯异响",
            outcome="resolved_on_site",
            on_site_answer="已处理",
            received_at=day + timedelta(days=i),
        )
        for i in range(1, 4)
    ]
    new = desk.register("加装电梯", received_at=day + timedelta(days=9))
    desk.refer(new)
    other = desk.register("路灯不亮", received_at=day + timedelta(days=10))
    desk.refer(other)
    assert _listed(desk.store, text="电梯", statuses=("referred",)) == ([new, old], 2)
    assert _listed(desk.store, text="电梯", statuses=("referred", "awaiting_referral")) == ([new, old], 2)
    assert _listed(desk.store, text="电梯")[1] == 2 + len(closed)


# -- a page read from the newest hits alone ---------------------------------------------------


def _lift_desk(desk: Desk, *, newest_is_oldest_row: bool) -> list[str]:
    """2,000 cases entered in date order; about a lift: the two newest, and 38 a while before
    (so the newest hits are dense but rarer among the latest cases). With
    `newest_is_oldest_row`, one more lift case first (lowest rowid) with the latest date."""
    first = desk.register(
        "电梯 模板" if newest_is_oldest_row else "模板",
        received_at=datetime(2026, 11, 20, 9, 0) if newest_is_oldest_row else datetime(2026, 1, 1, 9, 0),
    )
    with desk.store.db.reading() as s:
        base = {c.key: getattr(s.get(Reception, first), c.key) for c in Reception.__table__.columns}
    lifts = {*range(1600, 1638), 1998, 1999}
    rows = [
        {
            **base,
            "id": f"w{i:04d}",
            "source_key": None,
            "content": "电梯坏了" if i in lifts else "路灯不亮",
            "received_at": datetime(2026, 9, 1, 8, 0) + timedelta(minutes=i),
        }
        for i in range(2000)
    ]
    with desk.store.db.writing(desk.clerk.id) as s:
        s.execute(insert(Reception), rows)
    hits = [f"w{i:04d}" for i in sorted(lifts, reverse=True)]
    return [first, *hits] if newest_is_oldest_row else hits


@pytest.mark.parametrize("newest_is_oldest_row", [False, True], ids=["rowids-follow-dates", "a-late-old-row"])
def test_pages_read_from_the_newest_hits_are_the_true_pages(
    desk: Desk, monkeypatch: pytest.MonkeyPatch, newest_is_oldest_row: bool
) -> None:
    expected = _lift_desk(desk, newest_is_oldest_row=newest_is_oldest_row)
    monkeypatch.setattr(queries, "WALK_MIN_HITS", 39)
    answers = []
    real = queries._newest_hits_page

    def spy(*args):  # type: ignore[no-untyped-def]
        answers.append(real(*args))
        return answers[-1]

    monkeypatch.setattr(queries, "_newest_hits_page", spy)
    f = desk.store.case_filter(text="电梯")
    pages = [[r.id for r in desk.store.list_cases(f, off, 4)] for off in (0, 4)]
    assert pages == [expected[:4], expected[4:8]]
    # Rowids that follow dates: the newest hits gave both pages. A row entered first with the
    # latest date: they could not (the whole desk was walked), and the page still has it first.
    assert [a is not None for a in answers] == [not newest_is_oldest_row] * 2


def test_an_overdue_count_with_a_category_or_unit_checks_them_as_stored(demo: DeskStore) -> None:
    """With a narrow filter (overdue) the category and unit are only checked, through a literal
    column (`+reception.category_id`): it must bind the ids as the desk stores them (16 bytes,
    storage/coltypes.py). As text they matched nothing and every such count was 0."""
    today = NOW.date()
    with demo.db.reading() as s:
        overdue = s.execute(
            select(Reception.category_id, Reception.unit_id).where(Reception.waiting_due < today)
        ).all()
    cats = {c for c, _ in overdue if c}
    units = {u for _, u in overdue if u}
    assert cats and units, "the demo has overdue cases with a category and a unit"
    counted = {c: demo.count_cases(demo.case_filter(overdue_only=True, category_ids=(c,))) for c in cats}
    counted |= {u: demo.count_cases(demo.case_filter(overdue_only=True, unit_ids=(u,))) for u in units}
    assert counted == {
        **{c: sum(1 for x, _ in overdue if x == c) for c in cats},
        **{u: sum(1 for _, x in overdue if x == u) for u in units},
    }
