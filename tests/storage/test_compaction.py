"""The change log's size (issue 16): compact UTF-8 JSON, pushed inserts folded and rebuilt, the
pending count kept by triggers, migration 0008 on an older desk, freed pages given back."""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text
from storage_helpers import Desk

from desk_app.cli import main
from desk_app.demo import fill_demo
from desk_app.storage import compaction
from desk_app.storage.coltypes import id_param, id_value
from desk_app.storage.db import database_path
from desk_app.storage.models import ChangeLog, Reception, ReceptionDeputy, SyncConflict
from desk_app.storage.store import DeskStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


def _mark_all_pushed(store: DeskStore) -> None:
    with store.db.engine.begin() as conn:
        conn.execute(text("UPDATE change_log SET pushed = 1"))


def _compact(store: DeskStore) -> int:
    """Everything the compaction may fold now, in one transaction."""
    with store.db.writing(None) as s:
        first, last = compaction.fold_range(s)
        return compaction.fold_chunk(s, first, last) if first <= last else 0


def _raw_log(store: DeskStore) -> dict[int, tuple[str, str, bool]]:
    with store.db.engine.connect() as conn:
        return {
            seq: (op, changes, bool(folded))
            for seq, op, changes, folded in conn.execute(
                text("SELECT seq, op, changes, folded FROM change_log")
            )
        }


def _pending_by_count(store: DeskStore) -> int:
    with store.db.engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM change_log WHERE pushed = 0")).scalar_one()


def _pending_by_counter(store: DeskStore) -> int:
    with store.db.reading() as s:
        return compaction.pending_count(s)


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Path:
    """A demo desk with every kind of move (slips, replies, callbacks, corrections, merges...)."""
    folder = tmp_path_factory.mktemp("demo")
    shutil.copyfile(migrated_template, database_path(folder))  # the migrations once per process
    fill_demo(folder, cases=60, seed=7)
    return folder


@pytest.fixture
def demo(demo_dir: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "desk"
    shutil.copytree(demo_dir, folder)
    store = DeskStore.open(folder)
    yield store
    store.close()


def test_the_log_is_written_as_compact_utf8(desk: Desk) -> None:
    desk.register("小区电梯停运三天")
    text_ = next(c for op, c, _ in _raw_log(desk.store).values() if "电梯" in c)
    assert "\\u" not in text_ and ", " not in text_ and '": ' not in text_


def test_a_rebuilt_insert_equals_the_insert_logged(demo: DeskStore) -> None:
    """Over a whole demo desk (rows updated later, corrected, merged, redacted PINs)."""
    logged = {e.seq: e.changes for e in demo.change_log(limit=10**6) if e.op == "insert"}
    _mark_all_pushed(demo)
    assert _compact(demo) == len(logged)
    assert all(
        changes == "{}" and folded for op, changes, folded in _raw_log(demo).values() if op == "insert"
    )
    with demo.db.reading() as s:
        rebuilt = {
            e.seq: compaction.insert_fields(s, e)
            for e in s.scalars(select(ChangeLog).where(ChangeLog.op == "insert"))
        }
    gone = {seq for seq, fields in rebuilt.items() if fields is None}  # rows merged or deleted
    assert {seq: f for seq, f in rebuilt.items() if seq not in gone} == {
        seq: f for seq, f in logged.items() if seq not in gone
    }
    assert len(gone) < len(logged) / 10


def test_the_store_shows_a_folded_insert_with_its_values(demo: DeskStore) -> None:
    before = {e.seq: e.changes for e in demo.change_log(limit=10**6)}
    _mark_all_pushed(demo)
    _compact(demo)
    after = {e.seq: e.changes for e in demo.change_log(limit=10**6)}
    changed = {seq for seq in before if after[seq] != before[seq]}
    assert all(after[seq] == {} for seq in changed)  # inserts of rows merged away: nothing to show
    assert len(changed) < len(before) / 10


def test_unpushed_changes_are_never_folded(desk: Desk) -> None:
    pushed = desk.register("已经同步的")
    _mark_all_pushed(desk.store)
    waiting = desk.register("还没有同步的")
    _compact(desk.store)
    by_row = {e.entity_id: e for e in desk.store.change_log() if e.op == "insert"}
    raw = _raw_log(desk.store)
    assert raw[by_row[pushed].seq][2] is True
    assert raw[by_row[waiting].seq][2] is False
    assert "还没有同步的" in raw[by_row[waiting].seq][1]


def test_nothing_after_the_oldest_unpushed_change_is_looked_at(desk: Desk) -> None:
    first = desk.register("第一件")
    _mark_all_pushed(desk.store)
    with desk.store.db.engine.begin() as conn:  # an older change left unpushed (a batch cut)
        conn.execute(text("UPDATE change_log SET pushed = 0 WHERE entity_id = :id"), {"id": id_param(first)})
    second = desk.register("第二件")
    with desk.store.db.engine.begin() as conn:
        conn.execute(text("UPDATE change_log SET pushed = 1 WHERE entity_id = :id"), {"id": id_param(second)})
    _compact(desk.store)
    by_row = {e.entity_id: e.seq for e in desk.store.change_log() if e.op == "insert"}
    assert _raw_log(desk.store)[by_row[second]][2] is False


def test_updates_and_tombstones_are_kept_whole(demo: DeskStore) -> None:
    before = {seq: c for seq, (op, c, _) in _raw_log(demo).items() if op != "insert"}
    _mark_all_pushed(demo)
    _compact(demo)
    assert {seq: c for seq, (op, c, _) in _raw_log(demo).items() if op != "insert"} == before


def test_the_corrections_a_case_shows_survive_the_compaction(demo: DeskStore) -> None:
    with demo.db.engine.connect() as conn:
        corrected = (
            conn.execute(text("SELECT reception_id FROM case_event WHERE kind = 'corrected'")).scalars().all()
        )
        corrected = [id_value(rid) for rid in corrected]
    assert corrected, "the demo makes corrections"
    before = [demo.case_detail(rid).events for rid in corrected]
    _mark_all_pushed(demo)
    _compact(demo)
    assert [demo.case_detail(rid).events for rid in corrected] == before
    assert any(e.changes for events in before for e in events)


def test_held_values_are_not_touched(desk: Desk) -> None:
    rid = desk.register()
    with desk.store.db.writing(None) as s:
        s.add(
            SyncConflict(
                kind="held",
                change_id="x",
                entity="reception",
                entity_id=rid,
                field="content",
                yours=None,
                kept="别处改的",
                rule="",
                code="held",
                message="",
            )
        )
    _mark_all_pushed(desk.store)
    _compact(desk.store)
    with desk.store.db.reading() as s:
        assert s.scalars(select(SyncConflict.kept).where(SyncConflict.kind == "held")).all() == ["别处改的"]


def test_the_pending_counter_follows_the_log(desk: Desk) -> None:
    rids = [desk.register(f"第{i}件") for i in range(4)]
    desk.refer(rids[0])
    assert _pending_by_counter(desk.store) == _pending_by_count(desk.store) > 0
    with desk.store.db.engine.begin() as conn:
        conn.execute(
            text("UPDATE change_log SET pushed = 1 WHERE entity_id = :id"), {"id": id_param(rids[1])}
        )
    assert _pending_by_counter(desk.store) == _pending_by_count(desk.store)
    _mark_all_pushed(desk.store)
    assert _pending_by_counter(desk.store) == 0
    with desk.store.db.engine.begin() as conn:
        conn.execute(text("UPDATE change_log SET pushed = 0 WHERE entity = 'reception'"))
        conn.execute(
            text("DELETE FROM change_log WHERE seq = (SELECT max(seq) FROM change_log WHERE pushed = 0)")
        )
    assert _pending_by_counter(desk.store) == _pending_by_count(desk.store) > 0


def test_migration_0008_rewrites_an_old_desks_log_as_compact_utf8(tmp_path: Path) -> None:
    source = FIXTURES / "0001.sqlite3"
    with sqlite3.connect(source) as conn:
        old = {cid: json.loads(c) for cid, c in conn.execute("SELECT id, changes FROM change_log")}
        assert any("\\u" in c for (c,) in conn.execute("SELECT changes FROM change_log"))
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copyfile(source, database_path(folder))
    store = DeskStore.open(folder)
    try:
        with store.db.engine.connect() as conn:
            raw = {id_value(i): c for i, c in conn.execute(text("SELECT id, changes FROM change_log"))}
        assert {cid: json.loads(raw[cid]) for cid in old} == old
        assert not any("\\u" in c or ", " in c for c in raw.values())
        assert _pending_by_counter(store) == _pending_by_count(store) > 0
    finally:
        store.close()


def test_a_new_desk_gives_the_folded_pages_back(desk: Desk) -> None:
    for i in range(40):
        desk.register(f"第{i}件：" + "小区电梯停运三天，居民出行困难。" * 200)
    with desk.store.db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA auto_vacuum").scalar() == 1  # FULL
        before = conn.exec_driver_sql("PRAGMA page_count").scalar()
    _mark_all_pushed(desk.store)
    _compact(desk.store)
    with desk.store.db.engine.connect() as conn:
        after = conn.exec_driver_sql("PRAGMA page_count").scalar()
        assert conn.exec_driver_sql("PRAGMA freelist_count").scalar() == 0
    logged = 40 * len(("小区电梯停运三天，居民出行困难。" * 200).encode()) // 4096  # pages of the values
    assert before - after >= logged * 0.9


def test_the_compact_command_folds_and_vacuums_an_older_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An older desk file (auto-vacuum off, as every file made before 0008) is folded, then
    rewritten smaller and switched to auto-vacuum by `desk-app compact --vacuum`."""
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "0007.sqlite3", database_path(folder))
    store = DeskStore.open(folder)
    _mark_all_pushed(store)
    inserts = len([e for e in store.change_log() if e.op == "insert"])
    store.close()
    before = database_path(folder).stat().st_size
    assert main(["--data-dir", str(folder), "compact", "--vacuum"]) == 0
    assert f"已精简 {inserts} 条" in capsys.readouterr().out
    with sqlite3.connect(database_path(folder)) as conn:
        assert conn.execute("PRAGMA auto_vacuum").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM change_log WHERE folded = 1").fetchone()[0] == inserts
    assert database_path(folder).stat().st_size < before


# -- folded inserts dropped once the server's backups no longer reach them (schema 0021) --------

T0 = datetime(2026, 12, 4, 12, 0)


def _fold_at(store: DeskStore, now: datetime) -> int:
    with store.db.writing(None) as s:
        first, last = compaction.fold_range(s)
        return compaction.fold_chunk(s, first, last, now) if first <= last else 0


def _drop_at(store: DeskStore, now: datetime) -> int:
    with store.db.writing(None) as s:
        first, last = compaction.drop_range(s, now)
        return compaction.drop_chunk(s, first, last) if first <= last else 0


def _entries(store: DeskStore) -> dict[int, tuple[str, str, str, str | None, datetime]]:
    with store.db.reading() as s:
        return {
            e.seq: (e.op, e.entity, e.entity_id, e.operator_id, e.at)
            for e in s.scalars(select(ChangeLog).order_by(ChangeLog.seq))
        }


def test_folded_inserts_stay_while_a_server_backup_may_need_them(desk: Desk) -> None:
    for i in range(30):
        desk.register(f"第{i}件")
    _mark_all_pushed(desk.store)
    _fold_at(desk.store, T0)
    before = _entries(desk.store)
    assert _drop_at(desk.store, T0 + compaction.FOLDED_KEPT - timedelta(minutes=1)) == 0
    assert _entries(desk.store) == before


def test_folded_inserts_go_after_the_kept_time_and_their_rows_keep_who_and_when(desk: Desk) -> None:
    rids = [desk.register(f"第{i}件") for i in range(30)]
    _mark_all_pushed(desk.store)
    _fold_at(desk.store, T0)
    before = _entries(desk.store)
    dropped = _drop_at(desk.store, T0 + compaction.FOLDED_KEPT)
    after = _entries(desk.store)
    gone = {seq: e for seq, e in before.items() if seq not in after}
    assert dropped == len(gone) > 0
    assert all(op == "insert" for op, *_ in gone.values())
    with desk.store.db.reading() as s:
        rows = {r.id: (r.created_by, r.created_at) for r in s.scalars(select(Reception))}
    assert set(rows) == set(rids)
    assert all(
        rows[rid] == (operator, at)
        for _op, entity, rid, operator, at in gone.values()
        if entity == "reception"
    )


def test_the_newest_pushed_entries_a_pull_names_are_never_dropped(desk: Desk) -> None:
    for i in range(30):
        desk.register(f"第{i}件")
    _mark_all_pushed(desk.store)
    _fold_at(desk.store, T0)
    newest = sorted(_entries(desk.store))[-compaction.MINE_KEPT :]
    _drop_at(desk.store, T0 + timedelta(days=1000))
    assert sorted(_entries(desk.store))[-compaction.MINE_KEPT :] == newest


def test_unpushed_entries_are_never_dropped(desk: Desk) -> None:
    for i in range(30):
        desk.register(f"第{i}件")
    _mark_all_pushed(desk.store)
    _fold_at(desk.store, T0)
    waiting = [desk.register(f"未同步{i}") for i in range(25)]
    _drop_at(desk.store, T0 + timedelta(days=1000))
    kept = {rid for _op, _e, rid, *_ in _entries(desk.store).values()}
    assert set(waiting) <= kept
    assert _pending_by_counter(desk.store) == _pending_by_count(desk.store) > 0


def test_updates_tombstones_and_inserts_of_rows_gone_stay_and_cases_read_the_same(demo: DeskStore) -> None:
    with demo.db.engine.connect() as conn:
        cases = [id_value(i) for i in conn.execute(text("SELECT id FROM reception")).scalars()]
    with demo.db.writing(None) as s:  # a row deleted here: its insert is all that says who made it
        s.delete(s.scalars(select(ReceptionDeputy)).first())
    details = [demo.case_detail(rid) for rid in cases]
    _mark_all_pushed(demo)
    _fold_at(demo, T0)
    with demo.db.reading() as s:
        gone_rows = {
            e.seq
            for e in s.scalars(select(ChangeLog).where(ChangeLog.op == "insert"))
            if compaction.insert_fields(s, e) is None
        }
    before = _raw_log(demo)
    assert _drop_at(demo, T0 + timedelta(days=1000)) > 0
    after = _raw_log(demo)
    assert {seq: e for seq, e in before.items() if e[0] != "insert"} == {
        seq: e for seq, e in after.items() if e[0] != "insert"
    }
    assert gone_rows and gone_rows <= set(after)
    assert [demo.case_detail(rid) for rid in cases] == details


def test_after_a_server_restore_the_fold_marks_are_of_the_second_fold(desk: Desk) -> None:
    for i in range(30):
        desk.register(f"第{i}件")
    _mark_all_pushed(desk.store)
    _fold_at(desk.store, T0)
    with desk.store.db.writing(None) as s:  # what follow_server_restore does
        after: int | None = 0
        while after is not None:
            after = compaction.unfold_chunk(s, after)
        s.execute(text("UPDATE change_log SET pushed = 0"))
        compaction.forget_progress(s)
    _mark_all_pushed(desk.store)  # sent again
    # Folded again later (after a resend), the marks are of that time: nothing goes at T0 + 90 d.
    assert _drop_at(desk.store, T0 + compaction.FOLDED_KEPT) == 0
    _fold_at(desk.store, T0 + timedelta(days=60))
    assert _drop_at(desk.store, T0 + compaction.FOLDED_KEPT) == 0
    assert _drop_at(desk.store, T0 + timedelta(days=60) + compaction.FOLDED_KEPT) > 0


def test_migration_0021_marks_what_was_folded_before_as_folded_at_the_upgrade(tmp_path: Path) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "0020.sqlite3", database_path(folder))
    with sqlite3.connect(database_path(folder)) as conn:  # a desk of 0020 that synced and compacted
        conn.execute("UPDATE change_log SET pushed = 1")
        conn.execute("UPDATE change_log SET changes = '{}', folded = 1 WHERE op = 'insert'")
        upto = conn.execute("SELECT max(seq) FROM change_log").fetchone()[0]
        conn.execute("INSERT INTO setting (key, value) VALUES ('changelog.folded_upto', ?)", (str(upto),))
    conn.close()
    upgraded_at = datetime.now(UTC).replace(tzinfo=None)
    store = DeskStore.open(folder)
    try:
        assert _drop_at(store, upgraded_at + compaction.FOLDED_KEPT - timedelta(minutes=5)) == 0
        assert _drop_at(store, upgraded_at + compaction.FOLDED_KEPT + timedelta(minutes=5)) > 0
    finally:
        store.close()


def test_the_compact_command_drops_what_was_folded_longer_ago_than_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "0021.sqlite3", database_path(folder))
    store = DeskStore.open(folder)
    _mark_all_pushed(store)
    entries = len(_entries(store))
    _fold_at(store, datetime.now(UTC).replace(tzinfo=None) - timedelta(days=8))
    store.close()
    assert main(["--data-dir", str(folder), "compact", "--keep-days", "10"]) == 0
    assert "已删除 0 条" in capsys.readouterr().out
    assert main(["--data-dir", str(folder), "compact", "--keep-days", "7"]) == 0
    out = capsys.readouterr().out
    store = DeskStore.open(folder)
    try:
        left = len(_entries(store))
    finally:
        store.close()
    assert 0 < left < entries and f"已删除 {entries - left} 条" in out


def test_the_compact_command_refuses_a_negative_keep_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "desk"
    folder.mkdir()
    shutil.copyfile(FIXTURES / "0021.sqlite3", database_path(folder))
    before = database_path(folder).read_bytes()
    assert main(["--data-dir", str(folder), "compact", "--keep-days", "-1"]) == 2
    assert "保留天数不能为负数" in capsys.readouterr().err
    assert database_path(folder).read_bytes() == before
