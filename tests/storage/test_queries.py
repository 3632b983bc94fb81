"""The case list: filters, search (short, long, mixed, hostile input), overdue, ordering, paging."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from storage_helpers import CHEAP_HASHER, Desk, FixedClock

from desk_app.storage import secrets
from desk_app.storage.db import database_path
from desk_app.storage.models import Reception
from desk_app.storage.queries import SUMMARY_CHARS
from desk_app.storage.store import DeskStore
from tests.constants import CLERK_PIN


@dataclass
class Cases:
    a: str  # 张三, lift retrofit, referred (round 1), category 物业
    b: str  # 王五, street light, resolved on site, category 城建
    c: str  # 李四, flooding at A座 with % and _, awaiting referral
    d: str  # Wang Fang, pension, second round, replied


def make_cases(desk: Desk) -> Cases:
    cat = {c.name: c.id for c in desk.store.categories()}
    a = desk.register(
        "小区加装电梯进度缓慢",
        citizen_name="张三",
        citizen_phone="139-0000-0001",
        received_at=datetime(2026, 11, 10, 9, 0),
        category_id=cat["物业"],
    )
    b = desk.register(
        "路灯不亮，晚上出行不便",
        outcome="resolved_on_site",
        on_site_answer="已联系路灯所",
        citizen_name="王五",
        channel="qr_scan",
        received_at=datetime(2026, 11, 12, 9, 0),
        category_id=cat["城建"],
    )
    c = desk.register(
        "A座门口积水，100%无法通行，见附件a_b",
        citizen_name="李四",
        citizen_phone="0376-6221234",
        channel="hotline_12345",
        received_at=datetime(2026, 11, 15, 9, 0),
    )
    d = desk.register(
        "养老金发放延迟",
        citizen_name="Wang Fang",
        channel="forum",
        received_at=datetime(2026, 11, 16, 9, 0),
        category_id=cat["养老"],
    )
    desk.refer(a, on=date(2026, 11, 10), days=5)  # due 11-17: overdue on 11-20
    other = desk.store.save_handling_unit(by=desk.clerk.id, name="区人社局")
    desk.refer(d, on=date(2026, 11, 16), unit_id=other.id)
    desk.reply(d, on=date(2026, 11, 17))
    desk.callback(d, "dissatisfied")
    desk.refer(d, on=date(2026, 11, 18), unit_id=other.id)
    desk.reply(d, on=date(2026, 11, 19))
    return Cases(a, b, c, d)


def found(desk: Desk, **kwargs: object) -> set[str]:
    f = desk.store.case_filter(**kwargs)
    ids = {r.id for r in desk.store.list_cases(f, 0, 1000)}
    assert desk.store.count_cases(f) == len(ids)
    return ids


@pytest.fixture
def cases(desk: Desk) -> Cases:
    return make_cases(desk)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory, migrated_template: Path) -> Iterator[tuple[Desk, Cases]]:
    """One desk with the four cases for every test that only reads (made once: ~0.3 s each)."""
    data_dir = tmp_path_factory.mktemp("shared")
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
        yield desk, make_cases(desk)
    store.close()


class TestReading:
    """Tests that only read share one desk; a test that writes belongs outside this class."""

    @pytest.fixture
    def desk(self, shared: tuple[Desk, Cases]) -> Desk:
        return shared[0]

    @pytest.fixture
    def cases(self, shared: tuple[Desk, Cases]) -> Cases:
        return shared[1]

    def test_no_filter_finds_everything(self, desk: Desk, cases: Cases) -> None:
        assert found(desk) == {cases.a, cases.b, cases.c, cases.d}

    def test_filter_by_status(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, statuses=("referred", "resolved_on_site")) == {cases.a, cases.b}

    def test_filter_by_channel(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, channels=("hotline_12345",)) == {cases.c}

    def test_filter_by_category(self, desk: Desk, cases: Cases) -> None:
        cat = {c.name: c.id for c in desk.store.categories()}
        assert found(desk, category_ids=(cat["物业"], cat["养老"])) == {cases.a, cases.d}

    def test_filter_by_current_unit(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, unit_ids=(desk.unit.id,)) == {cases.a}

    def test_filter_by_date_range_is_inclusive(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, received_from=date(2026, 11, 12), received_to=date(2026, 11, 15)) == {
            cases.b,
            cases.c,
        }

    def test_filter_received_to_includes_the_whole_day(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, received_from=date(2026, 11, 16), received_to=date(2026, 11, 16)) == {cases.d}

    def test_filter_by_min_round(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, min_round=2) == {cases.d}

    def test_filter_overdue_only(self, desk: Desk, cases: Cases) -> None:
        # a: its slip was due 11-17; c: waiting since 11-15 for a slip (3 working days: 11-18).
        assert found(desk, overdue_only=True) == {cases.a, cases.c}

    def test_filters_combine(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, statuses=("referred",), channels=("qr_scan",)) == set()

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("张", {"a"}),  # a surname, 1 character
            ("电梯", {"a"}),  # 2 characters: substring scan
            ("加装电梯", {"a"}),  # 3+ characters: FTS trigram
            ("出行不便", {"b"}),
            ("路灯所", {"b"}),  # the on-site answer is searched too
            ("13900000001", {"a"}),  # phone digits, stored without separators
            ("0001", {"a"}),
            ("62", {"c"}),  # short digits
            ("张 电梯", {"a"}),  # every term must match
            ("张 路灯", set()),
            ("王 路灯 不亮", {"b"}),
            ("wang", {"d"}),  # ASCII is case-insensitive
            ("WANG fang", {"d"}),
            ("wA", {"d"}),
            ("a座", {"c"}),  # short mixed term, case folded
            ("A座", {"c"}),
            ("a座门口", {"c"}),  # long mixed term through FTS, case folded
            ("积水", {"c"}),
            ("不存在的内容", set()),
        ],
    )
    def test_search(self, desk: Desk, cases: Cases, text: str, expected: set[str]) -> None:
        assert found(desk, text=text) == {getattr(cases, k) for k in expected}

    @pytest.mark.parametrize(
        ("text", "expected"), [("%", {"c"}), ("_", {"c"}), ("0%", {"c"}), ("a_b", {"c"}), ("%_", set())]
    )
    def test_like_wildcards_are_taken_literally(
        self, desk: Desk, cases: Cases, text: str, expected: set[str]
    ) -> None:
        assert found(desk, text=text) == {getattr(cases, k) for k in expected}

    @pytest.mark.parametrize(
        "text",
        [
            '"',
            '""',
            '"电梯',
            "电梯*",
            "*",
            "-",
            "-电梯",
            "AND",
            "OR",
            "NOT",
            "NEAR",
            "NEAR(电梯 积水)",
            "电梯 OR 积水",
            "a:b",
            "^加装",
            "(((",
            "{x}",
            "\\",
            "'",
            "''",
            "%%%",
            "col:加装电梯",
        ],
    )
    def test_search_syntax_never_raises(self, desk: Desk, cases: Cases, text: str) -> None:
        found(desk, text=text)

    def test_search_phrase_operators_are_literal(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, text="电梯 OR 积水") == set()

    def test_serial_is_searchable_after_referral(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, text="浉河监督岗〔2026〕第001号") == {cases.a}

    def test_search_combines_with_filters(self, desk: Desk, cases: Cases) -> None:
        assert found(desk, text="电梯", statuses=("awaiting_referral",)) == set()

    def test_overdue_flag_on_rows(self, desk: Desk, cases: Cases) -> None:
        rows = {r.id: r.overdue for r in desk.store.list_cases(desk.store.case_filter())}
        assert rows == {cases.a: True, cases.b: False, cases.c: True, cases.d: False}

    def test_rows_carry_the_deadline_of_the_state_they_wait_in(self, desk: Desk, cases: Cases) -> None:
        rows = {r.id: r.waiting_due for r in desk.store.list_cases(desk.store.case_filter())}
        # a: the slip's reply; b: closed on the spot; c: the slip to issue (3 working days after
        # 11-15); d: the callback (1 working day after the reply on 11-19)
        assert rows == {
            cases.a: date(2026, 11, 17),
            cases.b: None,
            cases.c: date(2026, 11, 18),
            cases.d: date(2026, 11, 20),
        }

    def test_rows_carry_names_not_ids(self, desk: Desk, cases: Cases) -> None:
        row = next(r for r in desk.store.list_cases(desk.store.case_filter()) if r.id == cases.a)
        assert (row.category_name, row.unit_name, row.citizen_phone) == (
            "物业",
            "五星街道办事处",
            "13900000001",
        )


def test_search_index_follows_content_changes(desk: Desk, cases: Cases) -> None:
    with desk.store.db.writing(desk.clerk.id) as s:
        s.get(Reception, cases.b).content = "井盖缺失，存在安全隐患"
    assert found(desk, text="井盖缺失") == {cases.b}
    assert found(desk, text="出行不便") == set()


def test_search_index_follows_name_changes(desk: Desk, cases: Cases) -> None:
    with desk.store.db.writing(desk.clerk.id) as s:
        s.get(Reception, cases.b).citizen_name = "欧阳修远"
    assert found(desk, text="欧阳修") == {cases.b}
    assert found(desk, text="王五") == set()


def test_overdue_flag_follows_the_clock(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    rid = desk.register()
    desk.refer(rid, days=1)  # 11-20 (Fri) + 1 working day = 11-23
    clock.now = datetime(2026, 11, 23, 17, 0)
    assert not desk.store.list_cases(desk.store.case_filter())[0].overdue
    clock.now = datetime(2026, 11, 24, 8, 0)
    assert desk.store.list_cases(desk.store.case_filter())[0].overdue
    assert desk.store.case_detail(rid).overdue
    assert found(desk, overdue_only=True) == {rid}


def test_replied_case_is_no_longer_overdue(desk: Desk, cases: Cases) -> None:
    desk.reply(cases.a)  # 11-20: the callback is due the next working day
    assert cases.a not in found(desk, overdue_only=True)


def test_summary_is_cut_and_on_one_line(desk: Desk) -> None:
    desk.register("第一行\n" + "长" * 300)
    (row,) = desk.store.list_cases(desk.store.case_filter())
    assert "\n" not in row.summary and len(row.summary) == SUMMARY_CHARS


@pytest.fixture
def many(desk: Desk) -> list[str]:
    """25 receptions, several sharing a timestamp, so that ties must be broken."""
    base = datetime(2026, 11, 1, 8, 0)
    return [desk.register(f"第{i}件", received_at=base + timedelta(hours=i // 3)) for i in range(25)]


def test_rows_are_newest_first(desk: Desk, many: list[str]) -> None:
    rows = desk.store.list_cases(desk.store.case_filter(), 0, 100)
    stamps = [r.received_at for r in rows]
    assert stamps == sorted(stamps, reverse=True) and stamps[0] == datetime(2026, 11, 1, 16, 0)


def test_pages_cover_every_row_once(desk: Desk, many: list[str]) -> None:
    f = desk.store.case_filter()
    seen = [r.id for off in range(0, 28, 7) for r in desk.store.list_cases(f, off, 7)]
    assert sorted(seen) == sorted(many)


def test_pages_match_the_unpaged_order(desk: Desk, many: list[str]) -> None:
    f = desk.store.case_filter()
    paged = [r.id for off in range(0, 28, 4) for r in desk.store.list_cases(f, off, 4)]
    assert paged == [r.id for r in desk.store.list_cases(f, 0, 100)]


def test_count_equals_length_of_all_pages(desk: Desk, many: list[str]) -> None:
    f = desk.store.case_filter(text="件")
    pages = [desk.store.list_cases(f, off, 10) for off in range(0, 30, 10)]
    assert desk.store.count_cases(f) == sum(len(p) for p in pages) == 25


def test_page_past_the_end_is_empty(desk: Desk, many: list[str]) -> None:
    assert desk.store.list_cases(desk.store.case_filter(), 25, 10) == []


def test_pages_of_open_statuses_merge_in_date_order(desk: Desk) -> None:
    """Two open statuses, interleaved in time and with a tie: each page is the slice of one
    sorted list (the page is merged from each status's newest cases)."""
    from sqlalchemy import insert

    template = desk.register("模板")
    with desk.store.db.reading() as s:
        base = {c.key: getattr(s.get(Reception, template), c.key) for c in Reception.__table__.columns}
    statuses = ("awaiting_referral", "referred", "replied")
    rows = [
        {
            **base,
            "id": f"s{i:03d}",
            "source_key": None,
            "status": statuses[i % 3],
            "received_at": datetime(2026, 11, 1, 8, 0) + timedelta(minutes=(i // 2) * 7),
        }
        for i in range(30)
    ]
    with desk.store.db.writing(desk.clerk.id) as s:
        s.execute(insert(Reception), rows)
    f = desk.store.case_filter(statuses=("awaiting_referral", "replied"))
    want = sorted(
        [r for r in rows if r["status"] != "referred"] + [{**base}],
        key=lambda r: (r["received_at"], r["id"]),
        reverse=True,
    )
    pages = [[r.id for r in desk.store.list_cases(f, off, 6)] for off in (0, 6, 12, 18)]
    assert pages == [[r["id"] for r in want[off : off + 6]] for off in (0, 6, 12, 18)]
