"""CaseTableModel: Qt's model tester, paging, stale answers, and how rows look."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QModelIndex, Qt

from desk_app.domain.vocab import Verdict
from desk_app.storage.queries import CaseFilter, CaseOrder
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_model import (
    COL_DEADLINE,
    COL_PHONE,
    COL_ROUND,
    COL_STATUS,
    COL_SUMMARY,
    OVERDUE_BACKGROUND,
    OVERDUE_FOREGROUND,
    CaseRowRole,
    CaseTableModel,
    ReceptionIdRole,
    mask_phone,
)

from . import case_fixtures as cf
from .case_fixtures import add_case, fill_cases, make_desk, wait_idle

zh = cf.zh
zh_catalogue = cf.zh_catalogue


def _loaded_model(qtbot, store: DeskStore, f: CaseFilter | None = None, page_size: int = 200):  # type: ignore[no-untyped-def]
    model = CaseTableModel(store, page_size=page_size)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.set_filter(f or CaseFilter())
    wait_idle(qtbot)
    return model


def _row_of(model: CaseTableModel, reception_id: str) -> int:
    row = model.row_of(reception_id)
    assert row >= 0
    return row


def test_empty_model_passes_model_tester(qtbot, qtmodeltester, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    model = _loaded_model(qtbot, store)
    qtmodeltester.check(model)
    assert model.rowCount() == 0
    assert model.total == 0


def test_model_with_rows_passes_model_tester_while_paging(
    qtbot,
    qtmodeltester,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
    clock,
) -> None:
    make_desk(store, clerk, clock)
    fill_cases(store, clerk, 300)
    model = _loaded_model(qtbot, store, page_size=120)
    qtmodeltester.check(model)
    # The tester stays attached: pages inserted later are checked too.
    while model.canFetchMore(QModelIndex()):
        with qtbot.waitSignal(model.page_loaded, timeout=10_000):
            model.fetchMore(QModelIndex())
    assert model.rowCount() == 305


def test_once_counted_the_model_has_every_row_but_reads_only_the_first_page(
    qtbot, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 250)
    model = CaseTableModel(store, page_size=200)
    with qtbot.waitSignal(model.count_changed, timeout=10_000) as counted:
        model.set_filter(CaseFilter())
    wait_idle(qtbot)
    assert counted.args == [250]
    assert model.rowCount() == 250
    assert model.row_at(0) is not None and model.row_at(249) is None
    assert not model.canFetchMore(QModelIndex())


def test_a_row_beyond_the_first_page_is_read_when_shown(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    ids = fill_cases(store, clerk, 250)
    model = _loaded_model(qtbot, store)
    with qtbot.waitSignal(model.page_loaded, timeout=10_000) as page:
        model.index(249, 0).data(ReceptionIdRole)  # the view asks for it: the page is read
    assert page.args == [50]
    assert model.index(249, 0).data(ReceptionIdRole) == ids[0]
    assert len({model.index(r, 0).data(ReceptionIdRole) for r in range(250)}) == 250


def test_the_oldest_case_is_reached_without_reading_the_pages_between(
    qtbot, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    ids = fill_cases(store, clerk, 500)
    model = _loaded_model(qtbot, store, page_size=50)
    with qtbot.waitSignal(model.page_loaded, timeout=10_000):
        model.index(499, 0).data(ReceptionIdRole)
    assert model.index(499, 0).data(ReceptionIdRole) == ids[0]
    assert [r for r in range(500) if model.row_at(r) is not None] == [*range(50), *range(450, 500)]


def test_a_row_on_its_way_says_it_is_loading(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 250)
    model = _loaded_model(qtbot, store)
    assert model.index(230, COL_SUMMARY).data() == "Loading…"
    wait_idle(qtbot)


def test_the_old_rows_stay_until_the_new_first_page_arrives(
    qtbot, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 30)
    only = add_case(store, clerk, name="欧阳娜娜", content="噪音扰民")
    model = _loaded_model(qtbot, store)
    resets: list[int] = []
    model.modelReset.connect(lambda: resets.append(model.rowCount()))
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.set_filter(CaseFilter(text="欧阳"))
        assert model.rowCount() == 31  # still the old list, never an empty table
    assert resets == [1]
    assert model.index(0, 0).data(ReceptionIdRole) == only


def test_the_store_orders_the_rows(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 12)
    model = _loaded_model(qtbot, store)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.set_order(CaseOrder("citizen", descending=False))
    names = [model.row_at(r).citizen_name for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert names == sorted(names) and len(set(names)) == 8


def test_rows_come_newest_first(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    ids = fill_cases(store, clerk, 5)
    model = _loaded_model(qtbot, store)
    assert [model.index(r, 0).data(ReceptionIdRole) for r in range(5)] == list(reversed(ids))


def test_answers_for_an_old_filter_are_dropped(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 30)
    only = add_case(store, clerk, name="欧阳娜娜", content="噪音扰民")
    model = CaseTableModel(store)
    counts: list[int] = []
    model.count_changed.connect(counts.append)
    model.set_filter(CaseFilter())
    # Changed before the first answers arrive: those answers belong to the old filter.
    model.set_filter(CaseFilter(text="欧阳"))
    wait_idle(qtbot)
    assert counts == [1]
    assert model.rowCount() == 1
    assert model.index(0, 0).data(ReceptionIdRole) == only


def test_phone_is_masked_by_default(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    add_case(store, clerk, phone="13912345678")
    model = _loaded_model(qtbot, store)
    assert model.index(0, COL_PHONE).data() == "139****5678"


def test_phone_can_be_shown_in_full(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    add_case(store, clerk, phone="13912345678")
    model = _loaded_model(qtbot, store)
    with qtbot.waitSignal(model.dataChanged):
        model.set_phones_masked(False)
    assert model.index(0, COL_PHONE).data() == "13912345678"


def test_mask_phone_keeps_short_numbers_unreadable() -> None:
    assert mask_phone("03766221234") == "037****1234"
    assert mask_phone("12345") == "***45"
    assert mask_phone("") == ""


def test_overdue_row_stands_out(qtbot, zh, store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(store, clerk, clock)
    model = _loaded_model(qtbot, store)
    row = _row_of(model, desk.overdue)
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND
    assert model.index(row, COL_DEADLINE).data(Qt.ItemDataRole.ForegroundRole) == OVERDUE_FOREGROUND
    assert "超期" in model.index(row, COL_STATUS).data()


def test_row_on_time_is_plain(qtbot, store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(store, clerk, clock)
    model = _loaded_model(qtbot, store)
    row = _row_of(model, desk.referred)
    assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(row, COL_DEADLINE).data() != ""


def test_second_round_row_is_marked(qtbot, zh, store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(store, clerk, clock)
    model = _loaded_model(qtbot, store)
    assert model.index(_row_of(model, desk.second_round), COL_ROUND).data() == "2 · 二次督办"
    assert model.index(_row_of(model, desk.referred), COL_ROUND).data() == "1"
    assert model.index(_row_of(model, desk.waiting), COL_ROUND).data() == ""


def test_tooltip_shows_the_summary_and_roles_give_the_case(
    qtbot, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    rid = add_case(store, clerk, content="小区电梯经常故障，希望尽快维修")
    model = _loaded_model(qtbot, store)
    index = model.index(0, COL_SUMMARY)
    assert index.data(Qt.ItemDataRole.ToolTipRole) == "小区电梯经常故障，希望尽快维修"
    assert index.data(ReceptionIdRole) == rid
    assert index.data(CaseRowRole).id == rid


def test_headers_are_chinese(qtbot, zh, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    model = CaseTableModel(store)
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers[0] == "交办单号"
    assert "承办单位" in headers and "限期答复" in headers


def test_refresh_updates_rows_in_place(qtbot, store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk(store, clerk, clock)
    model = _loaded_model(qtbot, store)
    row = _row_of(model, desk.referred)
    before = model.index(row, COL_STATUS).data()
    cf.reply(store, clerk, desk.referred)
    resets: list[bool] = []
    model.modelReset.connect(lambda: resets.append(True))
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.refresh()
    assert model.index(row, COL_STATUS).data() != before
    assert resets == []


def test_refresh_shows_a_new_case_at_the_top(qtbot, store: DeskStore, clerk: OperatorInfo) -> None:  # type: ignore[no-untyped-def]
    fill_cases(store, clerk, 3)
    model = _loaded_model(qtbot, store)
    new = add_case(store, clerk, name="新来的", received_at=store.clock())
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.refresh()
    assert model.rowCount() == 4
    assert model.index(0, 0).data(ReceptionIdRole) == new


def test_overdue_follows_the_clock(qtbot, store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    unit = cf.add_unit(store, clerk)
    rid = add_case(store, clerk)
    cf.refer(store, clerk, rid, unit.id, working_days=1)
    model = _loaded_model(qtbot, store)
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    clock.now += timedelta(days=10)
    with qtbot.waitSignal(model.first_page_loaded, timeout=10_000):
        model.refresh()
    assert model.index(0, 0).data(Qt.ItemDataRole.BackgroundRole) == OVERDUE_BACKGROUND


def test_filter_by_verdict_state_uses_status(qtbot, store: DeskStore, clerk: OperatorInfo, clock) -> None:  # type: ignore[no-untyped-def]
    unit = cf.add_unit(store, clerk)
    rid = add_case(store, clerk)
    cf.refer(store, clerk, rid, unit.id)
    cf.reply(store, clerk, rid)
    cf.callback(store, clerk, rid, Verdict.SATISFIED)
    add_case(store, clerk, name="另一位")
    model = _loaded_model(qtbot, store, CaseFilter(statuses=("satisfied",)))
    assert model.rowCount() == 1
    assert model.index(0, 0).data(ReceptionIdRole) == rid
