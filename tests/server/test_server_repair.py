"""`desk-server records`: finding and repairing rows a desk poisoned before the rule book (issue
15: one bad value stopped a district; a deleted unit orphaned others' slips, and nothing but
hand-editing the server database repaired it)."""

from __future__ import annotations

import uuid

from sqlalchemy import update

from desk_server.models import Record
from tests.server.conftest import DeskClient, change, reception
from tests.server_process import ServerProcess


def _poison(server: ServerProcess, entity: str, entity_id: str, **values: object) -> None:
    """What a desk could store before the rule book: written straight into the record."""
    with server.admin.engine.begin() as conn:
        data = (
            conn.execute(
                Record.__table__.select().where(Record.entity == entity, Record.entity_id == entity_id)
            )
            .mappings()
            .one()["data"]
        )
        deleted = values.pop("deleted", False)
        conn.execute(
            update(Record)
            .where(Record.entity == entity, Record.entity_id == entity_id)
            .values(data={**data, **values}, deleted=deleted)
        )


def test_check_finds_a_poisoned_value_and_set_repairs_it_for_every_desk(
    server: ServerProcess, enroll, station: str
) -> None:
    desk: DeskClient = enroll(station_id=station)
    case = reception(station)
    desk.push([case])
    _poison(server, "reception", case["entity_id"], round_no={"x": 1})
    found = server.cli("records", "check")
    assert found.returncode == 1 and f"reception\t{case['entity_id']}\tround_no\twrong_type" in found.stdout
    assert server.cli("records", "set", "reception", case["entity_id"], "round_no=0").returncode == 0
    assert server.cli("records", "check").returncode == 0
    fresh: DeskClient = enroll(station_id=station)
    pulled = [c for c in fresh.pull_all()[0] if c["entity_id"] == case["entity_id"]]
    assert pulled and all(c["fields"].get("round_no", 0) == 0 for c in pulled)


def test_a_repair_is_checked_against_the_schema(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    case = reception(station)
    desk.push([case])
    done = server.cli("records", "set", "reception", case["entity_id"], "round_no=99999999")
    assert done.returncode == 1 and "out_of_range" in done.stderr


def test_a_deleted_row_others_name_is_found_and_restored(server: ServerProcess, enroll, station: str) -> None:
    desk: DeskClient = enroll(station_id=station)
    unit = change("handling_unit", str(uuid.uuid4()), "insert", {"name": "区住建局" + uuid.uuid4().hex[:6]})
    case = reception(station, unit_id=unit["entity_id"])
    desk.push([unit, case])
    _poison(server, "handling_unit", unit["entity_id"], deleted=True)
    assert "deleted_ref" in server.cli("records", "check").stdout
    assert server.cli("records", "restore", "handling_unit", unit["entity_id"]).returncode == 0
    fresh: DeskClient = enroll(station_id=station)
    assert unit["entity_id"] in {c["entity_id"] for c in fresh.pull_all()[0]}
