"""The change log: every insert and update of a tracked row, in the same transaction."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import inspect, select, text
from sqlalchemy.orm import sessionmaker
from storage_helpers import Desk

from desk_app.storage import changelog
from desk_app.storage.changelog import LOCAL_FIELDS, REDACTED
from desk_app.storage.db import Database, database_path
from desk_app.storage.models import (
    TRACKED_MODELS,
    Callback,
    CaseEvent,
    Category,
    ChangeLog,
    Deputy,
    HandlingUnit,
    Operator,
    Reception,
    ReceptionDeputy,
    Referral,
    Station,
)
from desk_app.storage.store import DeskStore
from tests.constants import DEPUTY_PIN

AUDIT = {"created_at", "updated_at", "created_by", "updated_by"}


def test_desk_local_fields_are_never_logged(desk: Desk) -> None:
    """The waiting deadline is each desk's own copy (its calendar): it never travels."""
    rid = desk.register()
    desk.refer(rid)
    logged = {name for e in desk.store.change_log(entity_id=rid) for name in e.changes}
    assert "status" in logged and logged.isdisjoint(LOCAL_FIELDS)


# The tables a case touches (rota tables are tested with the rota).
CASE_MODELS = (
    Station,
    Operator,
    Deputy,
    Category,
    HandlingUnit,
    Reception,
    ReceptionDeputy,
    Referral,
    Callback,
    CaseEvent,
)


def entries(store: DeskStore, entity: str, op: str | None = None) -> list[ChangeLog]:
    return [e for e in reversed(store.change_log()) if e.entity == entity and (op is None or e.op == op)]


@pytest.fixture
def full_case(desk: Desk) -> str:
    """One case through every tracked table: deputy, reception, referral, callback, sign-off."""
    deputy = desk.store.save_deputy(by=desk.clerk.id, name="赵代表", level="county", phone="13900000001")
    rid = desk.register(citizen_name="张三", deputy_ids=(deputy.id,))
    desk.refer(rid)
    desk.reply(rid)
    desk.callback(rid, "satisfied")
    desk.sign_off(rid)
    desk.refer(desk.register("路灯不亮"))  # a case left half-way: its defaults were never updated
    return rid


def test_case_tables_are_tracked() -> None:
    assert set(CASE_MODELS) <= set(TRACKED_MODELS)


def test_every_case_table_logs_its_inserts(desk: Desk, full_case: str) -> None:
    logged = {e.entity for e in desk.store.change_log() if e.op == "insert"}
    assert logged == {m.__tablename__ for m in CASE_MODELS}


@pytest.mark.parametrize("model", CASE_MODELS, ids=lambda m: m.__tablename__)
def test_replaying_the_log_rebuilds_the_stored_row(desk: Desk, full_case: str, model: type) -> None:
    """The log is the sync outbox: its entries alone give every row as stored, defaults included."""
    with desk.store.db.reading() as s:
        for row in s.scalars(select(model)):
            replayed: dict[str, object] = {}
            log = s.scalars(select(ChangeLog).where(ChangeLog.entity_id == row.id).order_by(ChangeLog.seq))
            for entry in log:
                replayed.update({k: new for k, (_old, new) in entry.changes.items()})
            for attr in inspect(model).column_attrs:
                if attr.key in AUDIT | LOCAL_FIELDS | {"id"}:
                    continue
                stored = getattr(row, attr.key)
                stored = stored.isoformat() if isinstance(stored, date | datetime) else stored
                expected = REDACTED if attr.key == "secret_hash" else stored
                assert replayed.get(attr.key) == expected, (model.__tablename__, attr.key)


def test_update_entry_records_old_and_new(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    update = entries(desk.store, "reception", "update")[-1]
    assert update.entity_id == rid
    assert update.changes["status"] == ["awaiting_referral", "referred"]
    assert update.changes["round_no"] == [0, 1]


def test_update_entry_lists_only_changed_fields(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    assert set(entries(desk.store, "reception", "update")[-1].changes) == {"status"}


def test_saving_unchanged_values_logs_nothing(desk: Desk) -> None:
    before = len(desk.store.change_log())
    u = desk.unit
    desk.store.save_handling_unit(
        by=desk.clerk.id,
        unit_id=u.id,
        name=u.name,
        contact_person=u.contact_person,
        phone=u.phone,
        address=u.address,
    )
    assert len(desk.store.change_log()) == before


def test_entries_name_the_operator(desk: Desk) -> None:
    rid = desk.register()
    assert {e.operator_id for e in desk.store.change_log(entity_id=rid)} == {desk.clerk.id}


def test_entries_carry_the_write_time(desk: Desk) -> None:
    rid = desk.register()
    entry = desk.store.change_log(entity_id=rid)[0]
    with desk.store.db.reading() as s:
        row = s.get(Reception, rid)
        assert entry.at == row.created_at == row.updated_at


def test_update_stamps_updated_by_and_keeps_created_by(desk: Desk) -> None:
    second = desk.store.add_operator(by=desk.clerk.id, name="王芳", role="clerk", secret=DEPUTY_PIN)
    rid = desk.register()
    desk.store.refer(rid, _draft(desk), by=second.id)
    with desk.store.db.reading() as s:
        row = s.get(Reception, rid)
        assert (row.created_by, row.updated_by) == (desk.clerk.id, second.id)


def _draft(desk: Desk):  # type: ignore[no-untyped-def]
    from desk_app.domain.validation import ReferralDraft

    return ReferralDraft(desk.unit.id, "王科长", desk.now.date(), 5, "赵代表")


def test_insert_stamps_created_by(desk: Desk) -> None:
    rid = desk.register()
    with desk.store.db.reading() as s:
        row = s.get(Reception, rid)
        assert row.created_by == row.updated_by == desk.clerk.id


def test_secret_hash_is_redacted_on_insert(desk: Desk) -> None:
    op = desk.store.add_operator(by=desk.clerk.id, name="王芳", role="deputy", secret=DEPUTY_PIN)
    (entry,) = desk.store.change_log(entity_id=op.id)
    assert entry.changes["secret_hash"] == [None, REDACTED]


def test_secret_hash_is_redacted_on_update(desk: Desk) -> None:
    with desk.store.db.writing(desk.clerk.id) as s:
        s.get(Operator, desk.clerk.id).secret_hash = "$argon2id$new-hash"
    entry = desk.store.change_log(entity_id=desk.clerk.id)[0]
    assert entry.changes["secret_hash"] == [REDACTED, REDACTED]


def test_no_secret_hash_anywhere_in_the_log(desk: Desk) -> None:
    desk.store.add_operator(by=desk.clerk.id, name="王芳", role="deputy", secret=DEPUTY_PIN)
    with desk.store.db.engine.connect() as conn:
        hashes = conn.execute(text("SELECT secret_hash FROM operator")).scalars().all()
        log = " ".join(conn.execute(text("SELECT changes FROM change_log")).scalars().all())
    assert hashes and not any(h in log for h in hashes) and "argon2" not in log


def test_rolled_back_write_leaves_no_row_and_no_entry(desk: Desk) -> None:
    before = desk.counts()
    with pytest.raises(RuntimeError), desk.store.db.writing(desk.clerk.id) as s:
        s.add(Operator(name="临时", role="clerk", secret_hash="x", active=True))
        s.flush()  # the log entry is written here, inside the transaction
        assert s.scalar(
            select(ChangeLog).where(ChangeLog.entity == "operator").order_by(ChangeLog.seq.desc())
        )
        raise RuntimeError("the form failed after the flush")
    assert desk.counts() == before


def test_change_ids_are_unique_and_seq_increases(desk: Desk) -> None:
    rid = desk.register()
    desk.refer(rid)
    log = list(reversed(desk.store.change_log()))
    assert len({e.id for e in log}) == len(log)
    assert [e.seq for e in log] == sorted(e.seq for e in log)


def test_new_entries_are_not_pushed(desk: Desk) -> None:
    desk.register()
    assert not any(e.pushed for e in desk.store.change_log())


def test_settings_are_not_logged(desk: Desk) -> None:
    before = len(desk.store.change_log())
    desk.store.set_setting("printer", "HP")
    assert len(desk.store.change_log()) == before


def _update_station(desk: Desk) -> str:
    st = desk.store.station()
    desk.store.update_station(
        by=desk.clerk.id,
        name="新站名",
        short_name=st.short_name,
        kind=st.kind,
        district=st.district,
        serial_pattern=st.serial_pattern,
    )
    return st.id


def _update_operator(desk: Desk) -> str:
    op = desk.store.add_operator(by=desk.clerk.id, name="王芳", role="deputy", secret=DEPUTY_PIN)
    desk.store.set_operator_active(by=desk.clerk.id, operator_id=op.id, active=False)
    return op.id


def _update_deputy(desk: Desk) -> str:
    d = desk.store.save_deputy(by=desk.clerk.id, name="赵代表")
    desk.store.save_deputy(by=desk.clerk.id, deputy_id=d.id, name="赵代表", level="city")
    return d.id


def _update_category(desk: Desk) -> str:
    c = desk.store.categories()[0]
    desk.store.save_category(by=desk.clerk.id, category_id=c.id, name=c.name, active=False)
    return c.id


def _update_unit(desk: Desk) -> str:
    desk.store.save_handling_unit(
        by=desk.clerk.id,
        unit_id=desk.unit.id,
        name=desk.unit.name,
        contact_person="新联系人",
        phone=desk.unit.phone,
    )
    return desk.unit.id


def _update_referral(desk: Desk) -> str:
    rid = desk.register()
    ref = desk.refer(rid)
    desk.reply(rid)
    return ref.id


UPDATES = {
    "station": (_update_station, "name", "浉河区五星街道人大代表监督岗", "新站名"),
    "operator": (_update_operator, "active", True, False),
    "deputy": (_update_deputy, "level", "", "city"),
    "category": (_update_category, "active", True, False),
    "handling_unit": (_update_unit, "contact_person", "王科长", "新联系人"),
    "referral": (_update_referral, "reply_text", "", "已修复"),
}


@pytest.mark.parametrize("entity", sorted(UPDATES))
def test_update_of_each_table_is_logged_old_to_new(desk: Desk, entity: str) -> None:
    change, field, old, new = UPDATES[entity]
    entity_id = change(desk)
    entry = desk.store.change_log(entity_id=entity_id)[0]
    assert (entry.entity, entry.op, entry.operator_id) == (entity, "update", desk.clerk.id)
    assert entry.changes[field] == [old, new]


def test_every_new_sessionmaker_gets_the_hook() -> None:
    """Desks opened one after another in one process (CLI, tests, sync) must all log: a new
    sessionmaker at a recycled address once looked hooked to SQLAlchemy's registry and was not."""
    for _ in range(50):
        maker = sessionmaker()
        changelog.install(maker)
        assert len(maker().dispatch.before_flush) == 1
        del maker


def test_install_twice_hooks_once() -> None:
    maker = sessionmaker()
    changelog.install(maker)
    changelog.install(maker)
    assert len(maker().dispatch.before_flush) == 1


def test_desks_opened_in_turn_all_log(store: DeskStore, clerk, data_dir) -> None:  # type: ignore[no-untyped-def]
    before = len(store.change_log(limit=100_000))
    for i in range(5):
        db = Database(database_path(data_dir))
        with db.writing(clerk.id) as s:
            s.get(Operator, clerk.id).name = f"李明{i}"
        db.dispose()
        del db
    assert len(store.change_log(limit=100_000)) == before + 5


@pytest.mark.parametrize("attempt", range(5))
def test_a_case_row_is_logged_after_the_records_that_justify_it(desk: Desk, attempt: int) -> None:
    """The server replays a status against its evidence in log order: the slip's reply before
    the case's move to replied, every time (the session's dirty set has no order)."""
    rid = desk.register()
    desk.refer(rid)
    desk.reply(rid)
    last_two = [e.entity for e in desk.store.change_log()[:2]]
    assert last_two == ["reception", "referral"]


def test_the_change_logs_clock_can_be_set(desk: Desk) -> None:
    """Tests order two edits by setting the change log's clock, never by sleeping."""
    from datetime import datetime

    desk.store.db.audit_clock = lambda: datetime(2026, 1, 2, 3, 4, 5)
    rid = desk.register()
    assert {e.at for e in desk.store.change_log(entity_id=rid)} == {datetime(2026, 1, 2, 3, 4, 5)}
