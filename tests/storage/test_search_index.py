"""Search against a naive substring scan: the indexes must find exactly what a scan finds.

A varied desk (Chinese, rare and supplementary characters, digits, Latin in both cases,
punctuation, LIKE wildcards, FTS syntax characters, spaces of several kinds, line breaks) is
searched for every single character it holds, for 2-character terms that occur and that do not,
for longer terms and for combinations; each answer (the listed ids and the count) must equal a
plain Python substring scan of the searched columns. Also: the character index follows inserts,
edits and deletes, and the migration fills it for the cases already there.
"""

from __future__ import annotations

import random
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import insert, select, text
from storage_helpers import CHEAP_HASHER, Desk, FixedClock

from desk_app.domain.search import fts_phrase, split_terms
from desk_app.storage import migrate, secrets
from desk_app.storage.db import database_path, make_engine
from desk_app.storage.models import Reception
from desk_app.storage.store import DeskStore
from desk_app.storage.textindex import CHARS_TABLE, chars_phrase, split_chars
from tests.constants import CLERK_PIN

SHORT_COLUMNS = ("citizen_name", "citizen_phone", "citizen_address", "content", "on_site_answer")
# Long terms (3+ characters) also look at the slip serial, as they always have.
LONG_COLUMNS = (*SHORT_COLUMNS, "serial")

ALPHABET = (
    "张王李赵刘陈亓鑫电梯医保加装小区供暖物业路灯积水"  # common and rarer Chinese
    "〔〕第号、，。：；《》“”（）"  # Chinese punctuation
    "0123456789"
    "abcXYZ"
    "%_\"'*-^:()"  # LIKE wildcards and FTS5 syntax
    "  \u3000\n\t"  # white space of several kinds (ASCII space twice: more common)
    "𠀀😀"  # outside the Basic Multilingual Plane
)


def _random_text(rng: random.Random, max_len: int) -> str:
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, max_len)))


def _reference(rows: list[dict], raw: str) -> set[str]:
    """Which rows a naive scan finds: every term a substring of one searched column (ASCII
    letters in either case)."""
    terms = split_terms(raw)
    wanted = [(t, SHORT_COLUMNS) for t in terms.short_terms] + [(t, LONG_COLUMNS) for t in terms.long_terms]
    return {r["id"] for r in rows if all(any(t in (r[c] or "").lower() for c in cols) for t, cols in wanted)}


@pytest.fixture(scope="module")
def varied(
    tmp_path_factory: pytest.TempPathFactory, migrated_template: Path
) -> Iterator[tuple[DeskStore, list[dict]]]:
    """A desk with 120 receptions of random text from ALPHABET, plus a few made by hand."""
    data_dir = tmp_path_factory.mktemp("varied")
    shutil.copyfile(migrated_template, database_path(data_dir))
    clock = FixedClock(datetime(2026, 11, 20, 10, 0))
    store = DeskStore.open(data_dir, clock=clock)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(secrets, "_hasher", CHEAP_HASHER)
        clerk = store.set_up(
            station_name="浉河区五星街道人大代表监督岗",
            short_name="浉河监督岗",
            kind="supervision_post",
            district="浉河区",
            operator_name="李明",
            secret=CLERK_PIN,
        )
        unit = store.save_handling_unit(by=clerk.id, name="五星街道办事处")
        desk = Desk(store, clerk, unit, clock)
        # The oldest row (lowest rowid) with the latest date: a page walked from the newest
        # rowids must still put it first.
        template = desk.register("模板 张 电梯 1 a % 1")
        desk.refer(template)  # one case with a slip serial
        with store.db.reading() as s:
            base = {c.key: getattr(s.get(Reception, template), c.key) for c in Reception.__table__.columns}
        rng = random.Random(16)
        texts = [
            (
                _random_text(rng, 8),
                _random_text(rng, 12),
                _random_text(rng, 20),
                _random_text(rng, 60),
                _random_text(rng, 15),
            )
            for _ in range(120)
        ]
        texts += [
            ("Wang Fang", "13900000001", "A座 3-101", "电梯\n停运，100%无法上楼", ""),
            ("张", "", "", "电 梯", "梯"),  # 电梯 only across a space or across columns
            ("", "", "", "x\x1fy 末尾是张", ""),
            ("欧阳修远", "0376-6221234", "", "路灯不亮", "已联系路灯所"),
        ]
        rows = []
        for i, (name, phone, address, content, answer) in enumerate(texts):
            rows.append(
                {
                    **base,
                    "id": f"r{i:04d}",
                    "serial": None,
                    "unit_id": None,
                    "status": "awaiting_referral",
                    "round_no": 0,
                    "source_key": None,
                    "received_at": datetime(2026, 1, 1) + timedelta(hours=i),
                    "citizen_name": name,
                    "citizen_phone": phone,
                    "citizen_address": address,
                    "content": content,
                    "on_site_answer": answer,
                }
            )
        with store.db.writing(clerk.id) as s:
            s.execute(insert(Reception), rows)
        with store.db.reading() as s:
            stored = [
                dict(r._mapping)
                for r in s.execute(select(Reception.id, *(getattr(Reception, c) for c in LONG_COLUMNS)))
            ]
        yield store, stored
    store.close()


def _found(store: DeskStore, raw: str) -> set[str]:
    f = store.case_filter(text=raw)
    ids = {r.id for r in store.list_cases(f, 0, 10_000)}
    assert store.count_cases(f) == len(ids), raw
    return ids


def _check(store: DeskStore, rows: list[dict], raws: list[str]) -> None:
    wrong = {
        raw: (sorted(_found(store, raw)), sorted(_reference(rows, raw)))
        for raw in raws
        if _found(store, raw) != _reference(rows, raw)
    }
    assert wrong == {}


def test_every_single_character_finds_what_a_scan_finds(varied: tuple[DeskStore, list[dict]]) -> None:
    store, rows = varied
    _check(store, rows, sorted({ch for ch in ALPHABET if not ch.isspace()} | {"A", "Z", "亿", "鲸"}))


def test_two_characters_that_occur_find_what_a_scan_finds(varied: tuple[DeskStore, list[dict]]) -> None:
    store, rows = varied
    rng = random.Random(2)
    pairs = set()
    for r in rows:
        for c in SHORT_COLUMNS:
            value = r[c] or ""
            pairs |= {value[i : i + 2] for i in range(len(value) - 1)}
    pairs = {p for p in pairs if not any(ch.isspace() for ch in p)}
    _check(
        store, rows, sorted(rng.sample(sorted(pairs), 150)) + ["电梯", "wa", "WA", "0%", "%_", "末尾", "是张"]
    )


def test_two_characters_that_may_not_occur_find_what_a_scan_finds(
    varied: tuple[DeskStore, list[dict]],
) -> None:
    store, rows = varied
    rng = random.Random(3)
    letters = [ch for ch in ALPHABET if not ch.isspace()]
    _check(store, rows, sorted({rng.choice(letters) + rng.choice(letters) for _ in range(150)}))


def test_longer_terms_and_combinations_find_what_a_scan_finds(varied: tuple[DeskStore, list[dict]]) -> None:
    store, rows = varied
    rng = random.Random(4)
    longer = set()
    for r in rows:
        value = r["content"] or ""
        if len(value) >= 5:
            start = rng.randrange(len(value) - 4)
            longer.add("".join(ch for ch in value[start : start + rng.randint(3, 5)] if not ch.isspace()))
    singles = ["张", "电", "1", "a", "%"]
    combos = [f"{a} {b}" for a in singles for b in ("电梯", "0", "区", "梯 张")] + [
        "电梯 100%",
        "wang 139",
        "第 号",
    ]
    _check(store, rows, sorted(t for t in longer if t) + combos + ["浉河监督岗", "模板", "〔2026〕"])


def test_a_term_does_not_match_across_a_space_or_two_columns(varied: tuple[DeskStore, list[dict]]) -> None:
    store, _ = varied
    assert "r0121" not in _found(store, "电梯")  # content "电 梯", on-site answer "梯"
    assert "r0121" in _found(store, "梯")


def test_the_unit_separator_in_a_text_is_white_space(varied: tuple[DeskStore, list[dict]]) -> None:
    store, _ = varied
    assert "r0122" not in _found(store, "xy")
    assert "r0122" in _found(store, "x")


def test_a_short_term_ignores_the_slip_serial(varied: tuple[DeskStore, list[dict]]) -> None:
    store, rows = varied
    assert _found(store, "浉河") == _reference(rows, "浉河") == set()


def test_short_term_is_a_phrase_of_its_characters() -> None:
    assert chars_phrase('电"') == '"电\x1f"""'


def test_splitting_gives_every_character_a_token() -> None:
    assert split_chars("张 三") == "张\x1f \x1f三" and split_chars("") == "" and split_chars(None) == ""


def _chars_hits(store: DeskStore, term: str) -> set[int]:
    with store.db.reading() as s:
        return set(
            s.scalars(
                text(f"SELECT rowid FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH :m"),
                {"m": chars_phrase(term)},
            )
        )


def test_character_index_follows_a_new_case(desk: Desk) -> None:
    desk.register("亓官家门口的井盖丢了")
    assert len(_chars_hits(desk.store, "亓")) == 1


def test_character_index_follows_an_edit(desk: Desk) -> None:
    rid = desk.register("亓官家门口的井盖丢了")
    with desk.store.db.writing(desk.clerk.id) as s:
        s.get(Reception, rid).content = "路面塌陷"
    assert (_chars_hits(desk.store, "亓"), len(_chars_hits(desk.store, "塌陷"))) == (set(), 1)


def test_character_index_follows_a_delete(desk: Desk) -> None:
    rid = desk.register("亓官家门口的井盖丢了")
    with desk.store.db.writing(desk.clerk.id) as s:
        s.delete(s.get(Reception, rid))
    assert _chars_hits(desk.store, "亓") == set()


def test_upgrade_from_0008_indexes_the_cases_already_there(desk: Desk) -> None:
    rid = desk.register("亓官家门口的井盖丢了")
    engine = desk.store.db.engine
    _downgrade(engine, "0008")
    with engine.connect() as conn:
        tables = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert CHARS_TABLE not in tables
    migrate.upgrade(engine)
    assert desk.store.list_cases(desk.store.case_filter(text="亓"))[0].id == rid


def _trigram_hits(store: DeskStore, term: str) -> set[int]:
    with store.db.reading() as s:
        return set(
            s.scalars(
                text("SELECT rowid FROM reception_fts WHERE reception_fts MATCH :m"), {"m": fts_phrase(term)}
            )
        )


def test_trigram_index_keeps_no_copy_of_the_text(desk: Desk) -> None:
    desk.register("亓官家门口的井盖丢了")
    with desk.store.db.engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
        bodies = conn.execute(text("SELECT body FROM reception_fts")).scalars().all()
    assert "reception_fts_content" not in names
    assert bodies == [None]


def test_trigram_index_follows_an_edit(desk: Desk) -> None:
    rid = desk.register("亓官家门口的井盖丢了")
    with desk.store.db.writing(desk.clerk.id) as s:
        s.get(Reception, rid).content = "路面塌陷了"
    assert (_trigram_hits(desk.store, "井盖丢"), len(_trigram_hits(desk.store, "面塌陷"))) == (set(), 1)
    assert [r.id for r in desk.store.list_cases(desk.store.case_filter(text="路面塌陷"))] == [rid]


def test_trigram_index_follows_a_delete(desk: Desk) -> None:
    rid = desk.register("亓官家门口的井盖丢了")
    keep = desk.register("另一件：井盖丢了")
    with desk.store.db.writing(desk.clerk.id) as s:
        s.delete(s.get(Reception, rid))
    assert [r.id for r in desk.store.list_cases(desk.store.case_filter(text="井盖丢了"))] == [keep]
    assert len(_trigram_hits(desk.store, "井盖丢")) == 1


def test_upgrade_from_0020_indexes_the_cases_already_there_without_a_copy(desk: Desk) -> None:
    rid = desk.register("亓官家门口的井盖丢了")
    desk.refer(rid)
    serial = desk.store.case_detail(rid).referrals[0].serial
    engine = desk.store.db.engine
    _downgrade(engine, "0020")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM reception_fts_content")).scalar() == 1
    migrate.upgrade(engine)
    with engine.connect() as conn:
        names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    assert "reception_fts_content" not in names
    for raw in ("井盖丢了", serial):
        assert [r.id for r in desk.store.list_cases(desk.store.case_filter(text=raw))] == [rid], raw


def _downgrade(engine, target: str) -> None:  # type: ignore[no-untyped-def]
    from alembic import command

    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, target)


def test_empty_database_migrated_to_head_has_the_character_index(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "m.sqlite3")
    try:
        migrate.ensure_schema(engine)
        with engine.connect() as conn:
            names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master"))}
    finally:
        engine.dispose()
    assert {CHARS_TABLE, f"{CHARS_TABLE}_ai", f"{CHARS_TABLE}_au", f"{CHARS_TABLE}_ad"} <= names


def _reference_page(
    rows: list[dict], received: dict[str, datetime], raw: str, offset: int, limit: int
) -> list[str]:
    hits = sorted(_reference(rows, raw), key=lambda i: (received[i], i), reverse=True)
    return hits[offset : offset + limit]


@pytest.mark.parametrize("raw", ["张", "电", "1", "a", "%", "电梯", "张 1", "模板"])
def test_pages_of_common_terms_are_in_date_order_when_walked(
    varied: tuple[DeskStore, list[dict]], monkeypatch: pytest.MonkeyPatch, raw: str
) -> None:
    """With the walk threshold lowered, the windowed walk gives the same pages as a sort of the
    scan's hits, the case with the lowest rowid and the latest date (the template) included."""
    from desk_app.storage import queries

    store, rows = varied
    monkeypatch.setattr(queries, "WALK_MIN_HITS", 3)
    with store.db.reading() as s:
        received = {r[0]: r[1] for r in s.execute(select(Reception.id, Reception.received_at))}
    f = store.case_filter(text=raw)
    pages = [[r.id for r in store.list_cases(f, off, 4)] for off in (0, 4, 8)]
    assert pages == [_reference_page(rows, received, raw, off, 4) for off in (0, 4, 8)]


def test_a_common_term_page_is_read_from_a_window(desk: Desk, monkeypatch: pytest.MonkeyPatch) -> None:
    """200 cases entered in date order, every other one about a lift: with the walk threshold
    lowered, the first pages come from a window of recent cases and are the true pages."""
    from desk_app.storage import queries

    template = desk.register("模板")
    with desk.store.db.reading() as s:
        base = {c.key: getattr(s.get(Reception, template), c.key) for c in Reception.__table__.columns}
    rows = [
        {
            **base,
            "id": f"w{i:03d}",
            "source_key": None,
            "content": "电梯坏了" if i % 2 else "路灯不亮",
            "received_at": datetime(2026, 11, 20, 9, 1) + timedelta(minutes=i),
        }
        for i in range(200)
    ]
    with desk.store.db.writing(desk.clerk.id) as s:
        s.execute(insert(Reception), rows)
    monkeypatch.setattr(queries, "WALK_MIN_HITS", 3)
    windows = []
    real = queries._window

    def spy(*args):  # type: ignore[no-untyped-def]
        windows.append(real(*args))
        return windows[-1]

    monkeypatch.setattr(queries, "_window", spy)
    f = desk.store.case_filter(text="电梯")
    pages = [[r.id for r in desk.store.list_cases(f, off, 4)] for off in (0, 4)]
    assert pages == [[f"w{i:03d}" for i in (199, 197, 195, 193)], [f"w{i:03d}" for i in (191, 189, 187, 185)]]
    assert windows and all(w is not None for w in windows)
