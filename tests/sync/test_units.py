"""Pieces of sync without a server: backoff, error codes, the unlogged flag, id rewrites, serials."""

from __future__ import annotations

import socket

import pytest
from sync_helpers import fill, pending, scalar

from desk_app.storage.changelog import NOT_LOGGED
from desk_app.storage.coltypes import id_param
from desk_app.storage.errors import NoSerialLeft
from desk_app.storage.models import Category, SerialBlock, Setting
from desk_app.sync.backoff import Backoff
from desk_app.sync.client import SyncClient, SyncError, SyncProblem, _http_error, describe_zh
from desk_app.sync.engine import _pushed_form, rewrite_id


def test_backoff_doubles_on_trouble_up_to_the_cap() -> None:
    b = Backoff(first=5, cap=30)
    assert [b.failed() for _ in range(5)] == [5, 10, 20, 30, 30]


def test_backoff_halves_on_success_and_drops_to_zero_below_first() -> None:
    b = Backoff(first=5, cap=40, delay=40)
    assert [b.succeeded() for _ in range(4)] == [20, 10, 5, 0]


def test_closed_port_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = SyncClient(f"127.0.0.1:{port}", "t")
    with pytest.raises(SyncError) as err:
        client.status()
    client.close()
    assert err.value.code is SyncProblem.UNREACHABLE and err.value.retryable


@pytest.mark.parametrize(
    ("status", "body", "code"),
    [
        (401, {"detail": {"code": "token_revoked"}}, SyncProblem.TOKEN_REVOKED),
        (401, {"detail": {"code": "bad_token"}}, SyncProblem.UNAUTHORIZED),
        (403, {"detail": {"code": "out_of_scope"}}, SyncProblem.REFUSED),
        (503, None, SyncProblem.SERVER_ERROR),
        (422, {"detail": [{"msg": "x"}]}, SyncProblem.BAD_REQUEST),
    ],
)
def test_http_errors_get_stable_codes(status: int, body: object, code: SyncProblem) -> None:
    assert _http_error(status, body, enrolling=False).code is code


def test_enrolment_refusal_has_its_own_code() -> None:
    assert (
        _http_error(404, {"detail": {"code": "bad_code"}}, enrolling=True).code is SyncProblem.ENROLL_REFUSED
    )


def test_every_problem_has_a_chinese_message() -> None:
    assert all(describe_zh(p) != "同步失败。" for p in SyncProblem)


def test_unlogged_session_writes_no_change_log(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    before = scalar(desk.store, "SELECT count(*) FROM change_log")
    with desk.store.db.writing(None) as s:
        s.info[NOT_LOGGED] = True
        s.add(Category(name="外来分类", sort_order=99, active=True))
    assert scalar(desk.store, "SELECT count(*) FROM change_log") == before


def test_rewrite_id_moves_references_and_the_unpushed_changes_read(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    cat = desk.store.categories()[0]
    rid = desk.register(category_id=cat.id)
    with desk.store.db.writing(None) as s:
        s.info[NOT_LOGGED] = True
        rewrite_id(s, "category", cat.id, "district-category-id")
    assert (
        scalar(desk.store, "SELECT category_id FROM reception WHERE id = :r", r=id_param(rid))
        == "district-category-id"
    )
    # The log keeps the id it was written with (issue 16: no replace() over the whole log); the
    # push reads the entry with the new one (tests/sync/test_rekey_log.py).
    assert scalar(desk.store, "SELECT count(*) FROM change_log WHERE instr(changes, :o) > 0", o=cat.id) > 0
    sent = next(c for c in desk.engine._pending_batch() if c["entity_id"] == rid)
    assert sent["fields"]["category_id"][1] == "district-category-id"


def test_standalone_desk_numbers_slips_max_plus_one(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    serials = [desk.refer(desk.register()).serial for _ in range(2)]
    assert serials == ["浉河监督岗〔2026〕第001号", "浉河监督岗〔2026〕第002号"]


def _enrolled_with_block(desk, first: int, last: int) -> None:  # type: ignore[no-untyped-def]
    with desk.store.db.writing(None) as s:
        s.info[NOT_LOGGED] = True
        s.add(Setting(key="sync.desk_id", value="desk-1"))
        s.add(SerialBlock(year=2026, first_seq=first, last_seq=last, next_seq=first))


def test_enrolled_desk_takes_numbers_from_its_block(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enrolled_with_block(desk, 101, 102)
    serials = [desk.refer(desk.register()).serial for _ in range(2)]
    assert serials == ["浉河监督岗〔2026〕第101号", "浉河监督岗〔2026〕第102号"]


def test_enrolled_desk_with_no_number_left_refuses_and_changes_nothing(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enrolled_with_block(desk, 7, 7)
    desk.refer(desk.register())
    rid = desk.register()
    waiting = pending(desk.store)
    with pytest.raises(NoSerialLeft):
        desk.refer(rid)
    assert pending(desk.store) == waiting and desk.status(rid) == "awaiting_referral"


def test_block_numbers_already_used_here_are_skipped(make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 2)  # standalone slip 001
    _enrolled_with_block(desk, 1, 3)
    assert desk.refer(desk.register()).serial == "浉河监督岗〔2026〕第002号"


def test_a_malformed_pulled_change_is_set_aside_and_the_page_still_applies(make_desk) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from desk_app.storage.models import Category, SyncConflict

    desk = make_desk("a")
    good = {
        "id": "c-good",
        "entity": "category",
        "entity_id": "11111111-1111-7111-8111-111111111111",
        "op": "insert",
        "fields": {"name": "拆迁安置", "sort_order": 50, "active": True},
    }
    bad = {
        "id": "c-bad",
        "entity": "category",
        "op": "insert",
        "fields": {"name": "缺少编号"},
    }  # no entity_id
    assert desk.engine._apply_page(0, 7, [bad, good]) == 1
    assert desk.engine.cursor() == 7
    with desk.store.db.reading() as s:
        assert s.scalar(select(Category.name).where(Category.id == good["entity_id"])) == "拆迁安置"
        assert s.scalar(select(SyncConflict.code).where(SyncConflict.change_id == "c-bad")) == "malformed"


def test_pushed_form_gives_each_former_station_id_the_current_one_however_deep() -> None:
    renamed = {"local-station": "server-station"}
    fields = {
        "station_id": [None, "local-station"],
        "note": [None, "local-station is not a whole value here"],
        "scope": [None, {"local-station": ["local-station", 3]}],
    }
    assert _pushed_form(fields, renamed) == {
        "station_id": [None, "server-station"],
        "note": [None, "local-station is not a whole value here"],
        "scope": [None, {"server-station": ["server-station", 3]}],
    }
