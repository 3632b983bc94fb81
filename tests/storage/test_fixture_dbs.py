"""Every earlier schema: each database in tests/fixtures/db opens, upgrades to head and reads back.

The files are made by tests/fixtures/make_db_fixture.py, one per released schema revision, each
with a .json of the facts it held. A new fixture file is picked up here without editing this test.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import sqlite3
from pathlib import Path
from types import ModuleType

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text as sql

from desk_app.domain.meetings import MeetingDraft
from desk_app.domain.numbering import parse_serial
from desk_app.domain.search import fts_phrase
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.storage.db import database_path
from desk_app.storage.meetings import MeetingStore
from desk_app.storage.migrate import current_revision, head_revision, known_revisions
from desk_app.storage.models import Base
from desk_app.storage.public_store import PublicStore
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
DB_FILES = sorted((FIXTURES / "db").glob("*.sqlite3"))


def _load_maker() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_db_fixture", FIXTURES / "make_db_fixture.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


maker = _load_maker()


def _open_copy(source: Path, folder: Path) -> DeskStore:
    """A copy of one fixture database in `folder`, opened (and so upgraded) by today's DeskStore."""
    folder.mkdir(parents=True)
    shutil.copyfile(source, database_path(folder))
    return DeskStore.open(folder, clock=maker._Clock(maker.FIXTURE_NOW))


@pytest.fixture(scope="module", params=DB_FILES, ids=[p.stem for p in DB_FILES])
def upgraded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """One fixture database upgraded once per test process by today's DeskStore: (the fixture
    file, the store of the open that upgraded it, a snapshot of the upgraded database taken
    through SQLite's backup API for the tests that change a desk of their own)."""
    source: Path = request.param
    folder = tmp_path_factory.mktemp(f"upgraded-{source.stem}")
    store = _open_copy(source, folder / "desk")
    snapshot = folder / "snapshot.sqlite3"
    with sqlite3.connect(database_path(folder / "desk")) as live, sqlite3.connect(snapshot) as copy:
        live.backup(copy)
    live.close()
    copy.close()
    yield source, store, snapshot
    store.close()


@pytest.fixture
def upgrading_desk(upgraded):  # type: ignore[no-untyped-def]
    """The store of the very open that upgraded the fixture database (the checks of the upgrade,
    which only read)."""
    source, store, _snapshot = upgraded
    return source, store


@pytest.fixture
def old_desk(upgraded, tmp_path: Path):  # type: ignore[no-untyped-def]
    """A desk of the test's own holding the upgraded fixture database, opened by today's DeskStore:
    what the desk finds at its next start after the upgrade."""
    source, _store, snapshot = upgraded
    data_dir = tmp_path / "desk"
    data_dir.mkdir()
    shutil.copyfile(snapshot, database_path(data_dir))
    store = DeskStore.open(data_dir, clock=maker._Clock(maker.FIXTURE_NOW))
    yield source, store
    store.close()


@pytest.fixture(scope="module")
def signed_in(upgraded, tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """The fixture's clerk signed in once with the fixture's PIN, on a desk of its own holding the
    upgraded database (as old_desk): (the fixture file, the operator the sign-in returned). The
    fixtures' PINs were hashed at the shipped cost, ~0.2 s a check, so the tests of what a sign-in
    answers share one."""
    source, _store, snapshot = upgraded
    data_dir = tmp_path_factory.mktemp(f"signed-in-{source.stem}")
    shutil.copyfile(snapshot, database_path(data_dir))
    store = DeskStore.open(data_dir, clock=maker._Clock(maker.FIXTURE_NOW))
    try:
        clerk = next(o for o in store.operators() if o.name == "李明")
        return source, clerk, store.sign_in(clerk.id, maker.pin_of(source.stem))
    finally:
        store.close()


def _include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    return not (type_ == "table" and name.startswith("reception_fts"))


def test_a_fixture_exists_for_the_head_revision() -> None:
    assert f"{head_revision()}.sqlite3" in {p.name for p in DB_FILES}, (
        "new schema revision without a fixture: run tests/fixtures/make_db_fixture.py"
    )


@pytest.mark.parametrize("path", DB_FILES, ids=[p.stem for p in DB_FILES])
def test_fixture_is_named_after_a_known_revision_and_has_facts(path: Path) -> None:
    assert path.stem in known_revisions()
    assert path.with_suffix(".json").is_file()


def test_old_desk_is_upgraded_to_head(upgrading_desk) -> None:  # type: ignore[no-untyped-def]
    _source, store = upgrading_desk
    assert current_revision(store.db.engine) == head_revision()


def test_old_desk_schema_matches_models(upgrading_desk) -> None:  # type: ignore[no-untyped-def]
    _source, store = upgrading_desk
    with store.db.engine.connect() as conn:
        ctx = MigrationContext.configure(conn, opts={"include_object": _include_object})
        assert compare_metadata(ctx, Base.metadata) == []


def test_old_desk_data_reads_back(upgrading_desk) -> None:  # type: ignore[no-untyped-def]
    source, store = upgrading_desk
    expected = json.loads(source.with_suffix(".json").read_text(encoding="utf-8"))
    assert maker.facts(store) == maker.upgraded(expected, source.stem)


def test_old_desk_counts_each_status_as_a_scan_does(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Migration 0022 starts the status counters from the cases already there."""
    _source, store = old_desk
    with store.db.engine.connect() as conn:
        scan = dict(conn.execute(sql("SELECT status, count(*) FROM reception GROUP BY status")).all())
    listed = {status: store.count_cases(store.case_filter(statuses=(status,))) for status in scan}
    assert (listed, store.count_cases(store.case_filter())) == (scan, sum(scan.values()))
    assert sum(scan.values()) > 0


def test_old_desk_operator_can_still_sign_in(signed_in) -> None:  # type: ignore[no-untyped-def]
    _source, clerk, operator = signed_in
    assert operator.id == clerk.id


def test_old_desk_weak_pin_is_flagged_for_a_change(signed_in) -> None:  # type: ignore[no-untyped-def]
    source, _clerk, operator = signed_in
    assert operator.weak_pin is (source.stem < "0006")


def test_old_desk_accepts_new_cases_and_continues_serials(old_desk) -> None:  # type: ignore[no-untyped-def]
    _source, store = old_desk
    clerk = next(o for o in store.operators() if o.name == "李明")
    unit = store.handling_units()[0]
    last = max(
        parse_serial(r.serial).seq  # type: ignore[union-attr]
        for c in store.list_cases(store.case_filter(), 0, 1000)
        for r in store.case_detail(c.id).referrals
        if r.serial.startswith("浉河监督岗〔2026〕")
    )
    draft = ReceptionDraft(
        received_at=maker.FIXTURE_NOW, channel="walk_in", content="新来的诉求", outcome="needs_referral"
    )
    rid = store.register_reception(draft, by=clerk.id)
    ref = store.refer(rid, ReferralDraft(unit.id, "", maker.FIXTURE_NOW.date(), 5, "赵一"), by=clerk.id)
    assert ref.serial == f"浉河监督岗〔2026〕第{last + 1:03d}号"
    assert [r.id for r in store.list_cases(store.case_filter(text="新来的诉求"))] == [rid]


def test_old_desk_finds_last_character_of_each_text(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Short-term search leans on the FTS index: an upgraded old desk must find a 1-character term
    at the very end of a text (e.g. the last character of an on-site answer) like a new desk does."""
    _source, store = old_desk
    f = store.case_filter()
    for row in store.list_cases(f, 0, 1000):
        d = store.case_detail(row.id)
        for text in (d.content, d.on_site_answer, d.citizen_name, d.citizen_address):
            if text:
                hits = {r.id for r in store.list_cases(store.case_filter(text=text[-1]), 0, 1000)}
                assert d.id in hits, (text, text[-1])


def test_old_desk_search_index_is_whole_and_kept_current(old_desk) -> None:  # type: ignore[no-untyped-def]
    """A migration that recreates `reception` (batch mode) would drop the FTS triggers and
    renumber rowids; the index must still cover every reception, row for row."""
    from sqlalchemy import text

    _source, store = old_desk
    with store.db.engine.connect() as conn:
        triggers = set(conn.execute(text("SELECT name FROM sqlite_master WHERE type='trigger'")).scalars())
        # Contentless since 0021: the index holds rowids and tokens, no text. Each reception's
        # own content (3+ characters: the trigram index's terms) must find its row.
        rows = conn.execute(text("SELECT rowid, content FROM reception")).all()
        missing = [
            content
            for rowid, content in rows
            if len(content) >= 3
            and rowid
            not in set(
                conn.execute(
                    text("SELECT rowid FROM reception_fts WHERE reception_fts MATCH :q"),
                    {"q": fts_phrase(content)},
                ).scalars()
            )
        ]
        indexed = set(conn.execute(text("SELECT rowid FROM reception_fts")).scalars())
    assert {"reception_fts_ai", "reception_fts_au", "reception_fts_ad"} <= triggers
    assert missing == []
    assert indexed == {rowid for rowid, _ in rows}


def test_old_desk_log_puts_each_case_row_after_its_evidence(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Within one write, an upgraded desk's unpushed log has the case's update last (the server
    replays a status against the records earlier in the log)."""
    from itertools import groupby

    _source, store = old_desk
    entries = sorted((e for e in store.change_log(limit=1_000_000) if not e.pushed), key=lambda e: e.seq)
    for _at, group in groupby(entries, key=lambda e: e.at):
        kinds = [e.entity == "reception" and e.op == "update" for e in group]
        assert kinds == sorted(kinds)


def test_old_desk_receptions_count_one_person_each_with_no_note(old_desk) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text

    source, store = old_desk
    with store.db.engine.connect() as conn:
        rows = conn.execute(text("SELECT DISTINCT headcount, note FROM reception")).all()
    if source.stem < "0010":
        assert rows == [(1, "")]
    else:
        assert rows


def test_an_upgraded_desk_makes_its_qr_links_and_holds_an_empty_queue(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0012 (issue 12): the public channel's tables on every earlier desk."""
    _source, store = old_desk
    queue = PublicStore(store)
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    links = queue.ensure_links([], by=clerk.id)
    assert queue.submissions() == [] and [link.token for link in queue.links()] == [links[None].token]


def test_an_upgraded_desk_sets_up_a_campaign_and_tags_a_case(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0013 (issue 14): the campaigns' tables on every earlier desk."""
    from datetime import date

    from desk_app.domain.campaigns import CampaignDraft
    from desk_app.storage.campaign_store import CampaignStore

    _source, store = old_desk
    camp = CampaignStore(store)
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    cid = camp.save_campaign(CampaignDraft("飞线治理", date(2026, 3, 1)), by=clerk.id)
    case_id = next(
        r.id for r in store.list_cases(store.case_filter()) if r.status not in ("voided", "merged")
    )
    camp.tag_case(cid, case_id, by=clerk.id)
    assert camp.board(cid).problems == 1


def test_an_upgraded_desk_plans_theme_days_and_reads_no_studio(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0014 (issue 14, item 2): studios' rules and theme reception days on every earlier desk."""
    from datetime import date

    _source, store = old_desk
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    store.save_theme_day(by=clerk.id, day=date(2026, 3, 18), theme="物业服务")
    assert [t.theme for t in store.theme_days(date(2026, 1, 1), date(2026, 12, 31))] == ["物业服务"]
    assert store.studios() == []


def test_an_upgraded_desk_holds_a_referral_meeting_and_a_suggestion(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0015 (issue 13): meetings, suggestions and ladder steps on every earlier desk."""
    _source, store = old_desk
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    meetings = MeetingStore(store)
    meeting_id = meetings.plan(MeetingDraft(store.today(), "工作站", "张华", "区住建局"), by=clerk.id)
    assert meetings.meeting(meeting_id).counts.referred == 0
    assert SuggestionStore(store).suggestions() == []


def test_an_upgraded_desk_handles_every_case_at_its_station(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0016 (issue 13): every case made before is handled by its station, none transferred."""
    from sqlalchemy import text

    _source, store = old_desk
    with store.db.engine.connect() as conn:
        levels = conn.execute(text("SELECT DISTINCT level FROM reception")).scalars().all()
    assert levels == ["station"] and store.transfer_register() == []


def test_an_upgraded_desk_forwards_a_case_to_12345(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0017 (issue 12, 转12345): the case_forward table on every earlier desk."""
    from desk_app.storage.forward_store import ForwardStore

    _source, store = old_desk
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    open_case = next(c for c in store.list_cases(store.case_filter(), 0, 1000) if c.status == "referred")
    ForwardStore(store).forward(open_case.id, by=clerk.id)
    assert [f.state for f in ForwardStore(store).forwards(open_case.id)] == ["pending"]


def test_an_upgraded_desk_drafts_a_campaign_suggestion_from_a_problem(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0019 (issue 14 remainders): a campaign's suggestion is a deputy's suggestion on every
    earlier desk."""
    from datetime import date

    from desk_app.domain.campaigns import CampaignDraft
    from desk_app.domain.suggestions import SuggestionDraft
    from desk_app.storage.campaign_store import CampaignStore

    _source, store = old_desk
    camp = CampaignStore(store)
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    cid = camp.save_campaign(CampaignDraft("飞线治理", date(2026, 3, 1)), by=clerk.id)
    case_id = next(
        r.id for r in store.list_cases(store.case_filter()) if r.status not in ("voided", "merged")
    )
    camp.tag_case(cid, case_id, by=clerk.id)
    deputy = store.save_deputy(by=clerk.id, name="建议代表").id
    sid = camp.draft_suggestion(
        cid, SuggestionDraft(deputy, "飞线治理建议", "建议整治。", (case_id,)), by=clerk.id
    )
    assert [s.suggestion_id for s in camp.suggestions(cid)] == [sid] and camp.board(cid).suggestions == 1


def test_an_upgraded_desk_links_two_cases_into_a_class(old_desk) -> None:  # type: ignore[no-untyped-def]
    """Schema 0020 (issue 14, 类案): case classes on every earlier desk."""
    from desk_app.storage.class_store import ClassStore

    _source, store = old_desk
    clerk = next(o for o in store.operators() if o.role in ("clerk", "admin"))
    first, second = [
        c for c in store.list_cases(store.case_filter(), 0, 1000) if c.status not in ("voided", "merged")
    ][:2]
    class_id = ClassStore(store).link(first.id, second.id, by=clerk.id)
    info = ClassStore(store).class_info(class_id)
    assert {m.reception_id for m in info.members} == {first.id, second.id}
