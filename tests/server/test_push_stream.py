"""A big push's change log goes to PostgreSQL while the rest of its batch is still judged
(`sync._Applier.streaming`), its first reads go out before it is checked (`sync._ReadAhead`),
its checks run last, and it assumes its change ids unlogged and its new rows new (`sync.push`):
what is written is still exactly what the answer says, in the batch's order, the answer a small
batch's, and a batch refused whole, or a write that fails half-way, leaves nothing of the batch. On both backends (SQLite
reads and writes everything in turn), each against a real server. The batches carry N new cases
(a smaller batch is read and written in turn on PostgreSQL too)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
import requests
import sqlalchemy as sa

from desk_server.services.sync import READ_AHEAD_MIN_CHANGES, STREAM_MIN_ROWS
from tests.server.conftest import DeskClient, change, reception, update
from tests.server_process import ServerProcess

Enroll = Callable[..., DeskClient]
N = max(STREAM_MIN_ROWS, READ_AHEAD_MIN_CHANGES)


@pytest.fixture
def desk(enroll: Enroll, station: str) -> DeskClient:
    return enroll(station_id=station, name="A")


@contextmanager
def _database(server: ServerProcess) -> Iterator[sa.Connection]:
    engine = sa.create_engine(server.database_url)
    try:
        with engine.connect() as conn:
            yield conn
    finally:
        engine.dispose()


def _among(server: ServerProcess, sql: str, ids: list[str]) -> list[Any]:
    """The first column of `sql` (whose `:ids` is the list `ids`) on the server's database."""
    with _database(server) as conn:
        statement = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
        return list(conn.execute(statement, {"ids": ids}).scalars())


def _json(value: Any) -> Any:
    """A JSON column's value: parsed by the driver on PostgreSQL, text on SQLite."""
    return value if isinstance(value, dict) else json.loads(value)


def _written(server: ServerProcess, batch: list[dict[str, Any]]) -> tuple[set[str], set[str]]:
    """Of the batch: the rows in `record` (by entity_id) and the changes in the change log (by id)."""
    rows = _among(
        server, "SELECT entity_id FROM record WHERE entity_id IN :ids", [c["entity_id"] for c in batch]
    )
    logged = _among(server, 'SELECT id FROM "change" WHERE id IN :ids', [c["id"] for c in batch])
    return set(rows), set(logged)


def _busy_connections(server: ServerProcess) -> list[str]:
    """PostgreSQL: the states of the other connections to the server's database that are not
    idle (a connection left inside a transaction or a COPY)."""
    with _database(server) as conn:
        return list(
            conn.execute(
                sa.text(
                    "SELECT state FROM pg_stat_activity WHERE datname = current_database() "
                    "AND pid <> pg_backend_pid() AND state <> 'idle'"
                )
            ).scalars()
        )


def _left_nothing_and_serves_on(
    server: ServerProcess, backend: str, desk: DeskClient, station: str, batch: list[dict[str, Any]]
) -> None:
    """After a batch refused whole: nothing of it written, no connection left in the middle of a
    COPY or a transaction (PostgreSQL), and the desk's next push served."""
    assert _written(server, batch) == (set(), set())
    if backend == "postgresql":
        assert _busy_connections(server) == []
    again = [reception(station) for _ in range(3)]
    assert len(desk.push(again)["accepted"]) == 3


def test_a_case_the_rule_book_refuses_among_new_cases_leaves_nothing_of_itself(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """The refusal comes from the lifecycle, late in the insert's checks: a row sent before its
    last check would stay in `record` although its change was refused."""
    batch = [reception(station) for _ in range(N // 2)]
    refused = reception(station, status="signed_off", round_no=1)
    batch += [refused] + [reception(station) for _ in range(N // 2)]
    answer = desk.push(batch)
    assert [(r["id"], r["code"]) for r in answer["rejected"]] == [(refused["id"], "illegal_transition")]
    rows, logged = _written(server, batch)
    others = [c for c in batch if c is not refused]
    assert rows == {c["entity_id"] for c in others}
    assert logged == {c["id"] for c in others}


def test_a_batch_refused_whole_after_new_cases_leaves_nothing(
    server: ServerProcess, backend: str, desk: DeskClient, district: str, station: str
) -> None:
    """A case of another station (403 for the whole batch) after cases already sent to the
    database: the answer is that 403, nothing of the batch is written, no connection is left in
    the middle of the COPY, and the next push is served."""
    other_station = server.admin.create_station(district)
    batch = [reception(station) for _ in range(N)] + [reception(other_station)]
    batch += [reception(station) for _ in range(2)]
    refused = desk.push_raw(desk.signed(batch))
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"]["code"] == "out_of_scope"
    _left_nothing_and_serves_on(server, backend, desk, station, batch)


@pytest.mark.parametrize("position", [0, N // 2], ids=["first", "after_new_cases"])
def test_a_query_in_the_middle_of_the_batch_writes_every_new_case(
    server: ServerProcess, enroll: Enroll, desk: DeskClient, district: str, station: str, position: int
) -> None:
    """A directory insert with a name the district has is rekeyed, which reads the kept row
    from the database while the batch is applied, before any new case or after N/2 were sent:
    the cases made before it and after it are all written."""
    centre = enroll(district_id=district)
    kept = change("category", str(uuid.uuid4()), "insert", {"name": f"养老{uuid.uuid4()}", "sort_order": 0})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": kept["fields"]["name"][1]})
    before = [reception(station) for _ in range(position)]
    after = [reception(station) for _ in range(N)]
    answer = desk.push(before + [mine] + after)
    assert answer["rejected"] == []
    assert answer["rekeys"] == [{"entity": "category", "from": mine["entity_id"], "to": kept["entity_id"]}]
    rows, logged = _written(server, before + after)
    assert rows == {c["entity_id"] for c in before + after}
    assert logged == {c["id"] for c in before + after}


@pytest.mark.parametrize("table", ["record", "change"])
def test_a_write_that_fails_half_way_rolls_back_the_whole_batch(
    server: ServerProcess, backend: str, desk: DeskClient, station: str, table: str
) -> None:
    """The database refuses a new row in the middle (a trigger, as a constraint would), of the
    change log (sent while the batch is applied, on PostgreSQL) or of the rows (written after):
    the push fails (500, or the connection dropped after the server's error), nothing of the
    batch is written, not the rows before it either, no connection is left in the middle of the
    COPY, and the next push is served."""
    batch = [reception(station) for _ in range(N)]
    doomed = batch[N // 2]["entity_id"]
    if backend == "postgresql":
        create = [
            "CREATE FUNCTION refuse_doomed() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN IF NEW.entity_id = '{doomed}' THEN RAISE EXCEPTION 'refused'; END IF; "
            "RETURN NEW; END $$",
            f'CREATE TRIGGER refuse_doomed BEFORE INSERT ON "{table}" FOR EACH ROW '
            "EXECUTE FUNCTION refuse_doomed()",
        ]
        drop = [f'DROP TRIGGER refuse_doomed ON "{table}"', "DROP FUNCTION refuse_doomed()"]
    else:
        create = [
            f"CREATE TRIGGER refuse_doomed BEFORE INSERT ON \"{table}\" WHEN NEW.entity_id = '{doomed}' "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        ]
        drop = ["DROP TRIGGER refuse_doomed"]
    with _database(server) as conn:
        for statement in create:
            conn.exec_driver_sql(statement)
        conn.commit()
    try:
        try:
            status = desk.push_raw(desk.signed(batch)).status_code
        except requests.ConnectionError:
            status = 500
        assert status == 500
        assert _written(server, batch) == (set(), set())
        if backend == "postgresql":
            assert _busy_connections(server) == []
    finally:
        with _database(server) as conn:
            if backend == "postgresql":  # a connection left in the COPY would hold the table
                conn.exec_driver_sql("SET lock_timeout = '5s'")
            for statement in drop:
                conn.exec_driver_sql(statement)
            conn.commit()
    desk.http.close()  # a new connection: the server may have dropped the last one
    again = [reception(station) for _ in range(3)]
    assert len(desk.push(again)["accepted"]) == 3


def test_a_new_case_edited_later_in_its_batch_is_written_as_edited(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """A row that a later change of its batch addresses is not sent when it is inserted: the row
    written has the edit (the cases around it are sent as they come)."""
    edited = reception(station, content="初稿")
    batch = [reception(station) for _ in range(N // 2)] + [edited]
    batch += [update("reception", edited["entity_id"], content=("初稿", "定稿"))]
    batch += [reception(station) for _ in range(N // 2)]
    assert desk.push(batch)["rejected"] == []
    with _database(server) as conn:
        data = conn.execute(
            sa.text("SELECT data FROM record WHERE entity = 'reception' AND entity_id = :id"),
            {"id": edited["entity_id"]},
        ).scalar_one()
    assert _json(data)["content"] == "定稿"


def _logged_in_order(server: ServerProcess, batch: list[dict[str, Any]]) -> list[str]:
    """The batch's change ids in the change log, by seq."""
    return _among(server, 'SELECT id FROM "change" WHERE id IN :ids ORDER BY seq', [c["id"] for c in batch])


def test_the_change_log_follows_the_batch_order(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """New cases (sent as they are accepted, on PostgreSQL), then one edited later in the batch
    (where the stream stops), then more new cases and edits (written at the end): the seqs
    follow the batch, as pulling desks apply them."""
    first = [reception(station) for _ in range(N)]
    edited = reception(station, content="初稿")
    batch = [*first, edited, update("reception", edited["entity_id"], content=("初稿", "定稿"))]
    batch += [reception(station) for _ in range(N // 2)]
    batch += [update("reception", first[0]["entity_id"], content=("电梯噪音", "电梯仍有噪音"))]
    answer = desk.push(batch)
    assert answer["rejected"] == [] and len(answer["accepted"]) == len(batch)
    assert _logged_in_order(server, batch) == [c["id"] for c in batch]


def test_a_big_batch_sent_again_is_answered_as_duplicates(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """A desk that lost the answer sends its batch again: every change is a duplicate (the
    replay check's rows read ahead), nothing is written twice."""
    batch = [reception(station) for _ in range(N)]
    assert len(desk.push(batch)["accepted"]) == N
    again = desk.push(json.loads(json.dumps(batch)))
    assert again["accepted"] == [] and sorted(again["duplicates"]) == sorted(c["id"] for c in batch)
    assert _logged_in_order(server, batch) == [c["id"] for c in batch]


@pytest.mark.parametrize(
    ("bad", "status", "code"),
    [
        ({"content": "长" * (64 * 1024 + 1)}, 413, "string_too_long"),
        ({"content": "电梯\x00噪音"}, 400, "malformed"),
        ({"at": "2026-02-30T09:00:00"}, 400, "malformed"),
        ({"at": "2099-01-01T00:00:00"}, 400, "clock_ahead"),
    ],
    ids=["too_long", "nul", "no_such_day", "clock_ahead"],
)
def test_a_big_batch_with_one_bad_value_is_refused_whole(
    server: ServerProcess,
    backend: str,
    desk: DeskClient,
    station: str,
    bad: dict[str, Any],
    status: int,
    code: str,
) -> None:
    """The body's checks run while the batch's first reads are out (PostgreSQL): one value
    refused refuses the batch as before (its status and code), nothing of it is written, no
    connection is left inside the read-ahead, and the next push is served."""
    batch = [reception(station) for _ in range(N)]
    odd = batch[N // 2]
    if "at" in bad:
        odd["at"] = bad["at"]
    else:
        odd["fields"]["content"][1] = bad["content"]
    refused = desk.push_raw(desk.signed(batch))
    assert refused.status_code == status, refused.text
    assert refused.json()["detail"]["code"] == code
    _left_nothing_and_serves_on(server, backend, desk, station, batch)


def test_a_big_batch_naming_a_row_the_server_rekeyed_names_the_kept_one(
    server: ServerProcess, enroll: Enroll, desk: DeskClient, district: str, station: str
) -> None:
    """The desk's category was rekeyed onto the district's (same name) by an earlier push; its
    next big batch still names its own id (the answer with the rekey was lost): the cases read
    ahead name the unmapped id, so they are read again mapped, and every case names the kept
    category."""
    centre = enroll(district_id=district)
    name = f"养老{uuid.uuid4()}"
    kept = change("category", str(uuid.uuid4()), "insert", {"name": name, "sort_order": 0})
    centre.push([kept])
    mine = change("category", str(uuid.uuid4()), "insert", {"name": name})
    assert desk.push([mine])["rekeys"] == [
        {"entity": "category", "from": mine["entity_id"], "to": kept["entity_id"]}
    ]
    batch = [reception(station, category_id=mine["entity_id"]) for _ in range(N)]
    answer = desk.push(batch)
    assert answer["rejected"] == [] and len(answer["accepted"]) == N
    rows = _among(
        server,
        "SELECT data FROM record WHERE entity = 'reception' AND entity_id IN :ids",
        [c["entity_id"] for c in batch],
    )
    assert {_json(data)["category_id"] for data in rows} == {kept["entity_id"]}


@pytest.mark.parametrize(
    "odd",
    [
        lambda c: c.pop("id"),
        lambda c: c.update(entity_id=["not", "an", "id"]),
        lambda c: c.update(op="upsert"),
        lambda c: c.update(fields={"content": "不是一对"}),
    ],
    ids=["no_id", "id_a_list", "no_such_op", "fields_not_pairs"],
)
def test_a_big_batch_of_the_wrong_shape_is_refused_whole(
    server: ServerProcess, backend: str, desk: DeskClient, station: str, odd: Callable[[dict[str, Any]], Any]
) -> None:
    """One change not of a push's shape among N (a big batch, read ahead on PostgreSQL):
    pydantic's 422 as for a small one, nothing written, no connection left in a transaction,
    and the next push is served."""
    batch = desk.signed([reception(station) for _ in range(N)])
    odd(batch[N // 2])
    refused = desk.push_raw(batch)
    assert refused.status_code == 422, refused.text
    whole = [c for c in batch if "id" in c and isinstance(c["entity_id"], str)]
    _left_nothing_and_serves_on(server, backend, desk, station, whole)


def test_a_big_batch_with_extra_keys_is_taken_as_without_them(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """Keys a push does not know are dropped (as pydantic's model drops them), also in a big
    batch (read ahead and streamed on PostgreSQL)."""
    batch = desk.signed([reception(station) for _ in range(N)])
    for c in batch[::7]:
        c["comment"] = "桌面新版本的字段"
    assert len(desk.push_raw(batch).json()["accepted"]) == N
    rows, logged = _written(server, batch)
    assert rows == {c["entity_id"] for c in batch} and logged == {c["id"] for c in batch}


def test_a_new_case_edited_later_in_its_batch_is_logged_as_inserted_then_edited(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """The change log keeps what each change did: the insert with the values it was made with,
    the edit with the new one (the row itself has the edit), in a big batch and in a small one."""
    for size in (N, 0):
        edited = reception(station, content="初稿")
        edit = update("reception", edited["entity_id"], content=("初稿", "定稿"))
        batch = [reception(station) for _ in range(size)] + [edited, edit]
        assert desk.push(batch)["rejected"] == []
        with _database(server) as conn:
            logged = dict(
                conn.execute(
                    sa.text('SELECT id, fields FROM "change" WHERE id IN (:a, :b)'),
                    {"a": edited["id"], "b": edit["id"]},
                ).all()
            )
        fields = {k: _json(v) for k, v in logged.items()}
        assert fields[edited["id"]]["content"] == "初稿"
        assert fields[edit["id"]] == {"content": "定稿"}


# -- a big batch's assumptions (PostgreSQL: none of its change ids is logged, no row it inserts
# exists; `sync.push`): where one does not hold, the answer is still a small batch's.


@pytest.mark.parametrize("where", ["first", "between"])
def test_a_big_batch_partly_sent_before_answers_that_part_as_duplicates(
    server: ServerProcess, desk: DeskClient, station: str, where: str
) -> None:
    """The desk lost the answer to a batch and sends it again with new cases, first or between
    new ones: the part sent before is answered as duplicates and logged once, the new cases are
    accepted. (On PostgreSQL a batch whose first or last change is logged reads every id; one
    whose first and last are new is applied on the assumption that none is, the change log's key
    refuses it, and it is applied again, every id read.)"""
    sent = [reception(station) for _ in range(N)]
    assert len(desk.push(sent)["accepted"]) == N
    before, after = [reception(station) for _ in range(N // 2)], [reception(station) for _ in range(N // 2)]
    again = json.loads(json.dumps(sent))
    batch = again + before + after if where == "first" else before + again + after
    answer = desk.push(batch)
    assert sorted(answer["duplicates"]) == sorted(c["id"] for c in sent)
    assert sorted(answer["accepted"]) == sorted(c["id"] for c in before + after)
    assert _logged_in_order(server, batch) == [c["id"] for c in sent + before + after]


def test_an_insert_of_a_row_the_server_holds_is_answered_as_in_a_small_batch(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """A change inserting a row the server already holds, with one field (a new row would lack
    the required ones), among new cases: taken as in a batch of its own. (On PostgreSQL the big
    batch first refuses it as a new row; the row it assumed new and did not make is looked up,
    found, and the batch applied again.)"""
    answers = []
    for others in (0, N):
        held = reception(station)
        assert desk.push([held])["accepted"] == [held["id"]]
        odd = change("reception", held["entity_id"], "insert", {"content": ("电梯噪音", "电梯仍有噪音")})
        answer = desk.push([reception(station) for _ in range(others)] + [odd])
        content = _among(server, "SELECT data FROM record WHERE entity_id IN :ids", [held["entity_id"]])
        answers.append((odd["id"] in answer["accepted"], answer["rejected"], _json(content[0])["content"]))
    assert answers[1] == answers[0]


def test_an_edit_sent_again_after_its_row_was_deleted_is_a_duplicate(
    server: ServerProcess, desk: DeskClient, station: str
) -> None:
    """An edit of a duty slot that the desk sends again (its answer lost) after the slot was
    deleted, with new cases: a duplicate, as in a small batch, not an edit of a deleted row
    refused. (On PostgreSQL the big batch first applies it, refused, logging nothing of it; the
    change not logged is looked up, found in the change log, and the batch applied again.)"""
    values = {"station_id": station, "weekday": 2, "period": "morning", "needed": 2}
    slot = change("duty_slot", str(uuid.uuid4()), "insert", values)
    edit = update("duty_slot", slot["entity_id"], needed=(2, 3))
    for part in ([slot], [edit], [change("duty_slot", slot["entity_id"], "delete")]):
        assert desk.push(part)["accepted"] == [part[0]["id"]]
    cases = [reception(station) for _ in range(N)]
    answer = desk.push([json.loads(json.dumps(edit)), *cases])
    assert answer["duplicates"] == [edit["id"]] and answer["rejected"] == []
    assert sorted(answer["accepted"]) == sorted(c["id"] for c in cases)
