"""The reports screen: the tally on screen equals the store's, Excel and the summary workbook are
written in the background with progress, and a ledger is imported all or nothing, once."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QPushButton

from desk_app.domain.ledger import COLUMNS
from desk_app.domain.periods import quarter_period
from desk_app.domain.tally import MEASURES, SATISFACTION_DEFINITION, month_period
from desk_app.domain.vocab import Verdict
from desk_app.storage.queries import CaseFilter
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.reports.ledger_tab import LedgerProblemsDialog, parse_mapping
from desk_app.ui.reports.panel import ReportsPanel
from desk_app.ui.session import DeskSession
from tests.conftest import built_desk_fixtures

from . import case_fixtures as cf
from .case_fixtures import Desk, add_case, callback, refer, reply, wait_idle

NOVEMBER = month_period(2026, 11)


def _reports_desk(store: DeskStore, clerk: OperatorInfo, clock) -> cf.DeskCases:  # type: ignore[no-untyped-def]
    """make_desk's cases, plus three November callbacks (2 satisfied, 1 not): a rate of 66.67%."""
    d = cf.build_case_desk(store, clerk, clock)
    now = clock.now
    for i, verdict in enumerate((Verdict.SATISFIED, Verdict.BASICALLY_SATISFIED, Verdict.DISSATISFIED)):
        clock.now = datetime(2026, 11, 3 + i, 9, 0)
        case = add_case(store, clerk, name=f"群众{i}", phone=f"1350000000{i}", content=f"第{i}件：道路积水")
        refer(store, clerk, case, d.unit.id)
        clock.now += timedelta(days=2)
        reply(store, clerk, case)
        clock.now += timedelta(days=1)
        callback(store, clerk, case, verdict)
    clock.now = now
    return d


# Built once per test process (tests/conftest.py desk_builds); each test that asks for `desk`
# gets a copy of its own, the others an empty desk.
built_store, store, clerk, desk_cases = built_desk_fixtures(_reports_desk, "desk_cases")


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    return cf.desk_of(store, clerk, desk_cases)


def make_panel(qtbot, session: DeskSession) -> ReportsPanel:  # type: ignore[no-untyped-def]
    panel = ReportsPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1100, 700)
    with qtbot.waitSignal(panel.tally_tab.tally_loaded, timeout=10_000):
        panel.show()
    wait_idle(qtbot)
    return panel


def cases(store: DeskStore) -> int:
    return store.count_cases(CaseFilter())


# -- the tally on screen ---------------------------------------------------------------------------


def test_screen_shows_the_store_tally_for_this_month_and_the_month_before(
    qtbot, session: DeskSession, store: DeskStore, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    tally = store.tally(NOVEMBER)
    assert panel.tally_tab.tally == tally
    for m in MEASURES:
        current, previous = getattr(tally.current, m.key), getattr(tally.previous, m.key)
        if not m.is_rate:
            assert panel.tally_tab.figure_text(m.key) == str(current), m.key
            assert panel.tally_tab.figure_text(m.key, previous=True) == str(previous), m.key
    assert tally.current.callbacks == 3 and tally.current.opinions == 6


def test_satisfaction_rate_is_shown_with_two_decimals(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    assert panel.tally_tab.figure_text("satisfaction_rate") == "66.67%"
    assert panel.tally_tab.figure_text("satisfaction_rate", previous=True) == "0.00%"


def test_satisfaction_definition_is_the_documents_one(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    assert panel.tally_tab.definition_label.text() == SATISFACTION_DEFINITION


def test_breakdown_by_unit_shows_this_month_and_the_month_before(
    qtbot, session: DeskSession, store: DeskStore, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    rows = panel.tally_tab.breakdown_texts("unit")
    tally = store.tally(NOVEMBER)
    for row in tally.by_unit:
        assert rows[row.label][0] == f"{row.current.referred} / {row.previous.referred}"
    assert set(rows) == {r.label for r in tally.by_unit}


def test_choosing_the_month_before_reloads_the_tally(
    qtbot, session: DeskSession, store: DeskStore, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    with qtbot.waitSignal(panel.tally_tab.tally_loaded, timeout=10_000):
        panel.tally_tab.prev_month_button.click()
    assert panel.tally_tab.tally == store.tally(month_period(2026, 10))
    assert panel.tally_tab.figure_text("callbacks") == "1"


def test_choosing_a_quarter_shows_its_tally_beside_the_quarter_before_and_last_year_s(
    qtbot, session: DeskSession, store: DeskStore, desk: Desk
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    tab = panel.tally_tab
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.kind_combo.setCurrentIndex(tab.kind_combo.findData("quarter"))
    expected = store.tally(quarter_period(2026, 4))
    assert tab.tally == expected and expected.year_ago_period == quarter_period(2025, 4)
    assert tab.figure_text("callbacks") == str(expected.current.callbacks)
    assert tab.figure_text("callbacks", year_ago=True) == "0"
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.prev_month_button.click()
    assert tab.tally is not None and tab.tally.period == quarter_period(2026, 3)


def test_the_summary_can_be_of_a_half_year(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    tab = panel.summary_tab
    tab.summary_kind.setCurrentIndex(tab.summary_kind.findData("half"))
    tab.summary_month.setDate(QDate(2026, 8, 1))
    assert tab.summary_period() == (date(2026, 7, 1), date(2026, 12, 31))
    assert not tab.summary_month.isHidden() and tab.summary_from.isHidden()


def test_tally_excel_has_the_screen_figures(
    qtbot, session: DeskSession, store: DeskStore, desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    target = tmp_path / "tally.xlsx"
    panel.tally_tab.choose_save_path = lambda _t, _n, _f: str(target)
    with qtbot.waitSignal(panel.tally_tab.document_written, timeout=10_000):
        panel.tally_tab.excel_button.click()
    ws = load_workbook(target, read_only=True).worksheets[0]
    by_label = {row[0]: row[1:3] for row in ws.iter_rows(values_only=True) if row and row[0]}
    for m in MEASURES:
        if not m.is_rate:
            assert by_label[m.label][0] == int(panel.tally_tab.figure_text(m.key)), m.key
            assert by_label[m.label][1] == int(panel.tally_tab.figure_text(m.key, previous=True)), m.key
    rate = by_label["满意率"][0]
    assert f"{rate * 100:.2f}%" == panel.tally_tab.figure_text("satisfaction_rate")


def test_tally_preview_opens_the_pdf(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    with qtbot.waitSignal(panel.tally_tab.preview_opened, timeout=10_000) as opened:
        panel.tally_tab.preview_button.click()
    assert opened.args[0].page_count() >= 1
    opened.args[0].close()


# -- the committee's summary -----------------------------------------------------------------------


def test_summary_export_shows_progress_and_writes_the_workbook(
    qtbot, session: DeskSession, desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    target = tmp_path / "summary.xlsx"
    panel.summary_tab.choose_save_path = lambda _t, _n, _f: str(target)
    panel.summary_tab.set_summary_range(date(2026, 10, 1), date(2026, 11, 20))
    seen: list[tuple[int, int]] = []
    panel.summary_tab.summary_progress.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(panel.summary_tab.summary_finished, timeout=20_000) as finished:
        panel.summary_tab.summary_button.click()
        assert panel.summary_tab.summary_job is not None and panel.summary_tab.summary_job.dialog.isVisible()
    assert finished.args[0].rows is not None
    assert seen and seen[-1][0] == seen[-1][1]
    wb = load_workbook(target, read_only=True)
    assert {"汇总", "责任清单", "问题清单", "整改清单", "销号清单", "评价清单", "明细"} <= set(wb.sheetnames)
    problems = [r for r in wb["问题清单"].iter_rows(values_only=True) if any(v is not None for v in r)]
    assert finished.args[0].rows["问题清单"] == 7 and len(problems) >= 8  # 7 receptions and a heading
    assert panel.summary_tab.summary_job is None


def test_summary_masks_phones_by_default(qtbot, session: DeskSession, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    assert panel.summary_tab.mask_phones.isChecked()
    target = tmp_path / "summary.xlsx"
    panel.summary_tab.choose_save_path = lambda _t, _n, _f: str(target)
    with qtbot.waitSignal(panel.summary_tab.summary_finished, timeout=20_000):
        panel.summary_tab.summary_button.click()
    text = " ".join(
        str(v)
        for ws in load_workbook(target, read_only=True).worksheets
        for row in ws.iter_rows(values_only=True)
        for v in row
        if v is not None
    )
    assert "13600003333" not in text and "136****3333" in text


def test_cancelled_summary_writes_no_file(qtbot, session: DeskSession, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "summary.xlsx"
    panel.summary_tab.choose_save_path = lambda _t, _n, _f: str(target)
    with qtbot.waitSignal(panel.summary_tab.summary_finished, timeout=20_000) as finished:
        panel.summary_tab.summary_button.click()
        cancel = panel.summary_tab.summary_job.dialog.findChild(QPushButton)
        cancel.click()
        assert panel.summary_tab.summary_button.isEnabled()  # the window does not wait
    assert finished.args[0].rows is None
    assert list(out.iterdir()) == []  # neither the workbook nor a scratch file


# -- ledger import ---------------------------------------------------------------------------------

HEAD = [h for _, h, _ in COLUMNS]


def row(**values: object) -> list[object]:
    return [values.get(k) for k, _, _ in COLUMNS]


GOOD = [
    row(
        received_at=datetime(2026, 9, 3, 9, 30),
        channel="来访",
        citizen_name="张桂兰",
        citizen_phone="13903761234",
        category="物业",
        content="电梯停运一周",
        referred_on=date(2026, 9, 3),
        unit="五星街道办事处",
        supervisor="赵代表",
        working_days=10,
        replied_on=date(2026, 9, 10),
        reply_text="已修复",
        called_at=datetime(2026, 9, 12, 15),
        caller="李明",
        method="电话",
        verdict="满意",
        signed_off_at=datetime(2026, 9, 13, 10),
    ),
    row(
        received_at="2026年9月5日 10:00",
        content="咨询医保报销",
        outcome="现场解决",
        on_site_answer="已解释政策",
    ),
]


def ledger(
    tmp_path: Path, *rows: list[object], head: list[str] | None = None, name: str = "ledger.xlsx"
) -> Path:
    path = tmp_path / name
    wb = Workbook()
    wb.active.append(head or HEAD)
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def import_file(qtbot, panel: ReportsPanel, path: Path):  # type: ignore[no-untyped-def]
    panel.ledger_tab.choose_open_path = lambda _t, _f: str(path)
    with qtbot.waitSignal(panel.ledger_tab.ledger_finished, timeout=20_000) as finished:
        panel.ledger_tab.ledger_import_button.click()
    wait_idle(qtbot)
    return finished.args[0]


@pytest.mark.usefixtures("chinese")
def test_ledger_with_a_bad_row_lists_it_and_imports_nothing(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    bad = row(received_at=datetime(2026, 9, 6, 9, 0), citizen_phone="12345", content="路灯不亮")
    import_file(qtbot, panel, ledger(tmp_path, *GOOD, bad))
    dialog = panel.ledger_tab.problems_dialog
    assert isinstance(dialog, LedgerProblemsDialog) and dialog.isVisible()
    (line,) = dialog.lines()
    assert line.startswith("第4行 [联系电话] 电话号码格式不对")
    assert panel.ledger_tab.ledger_banner.text.text() == "有 1 行有问题，未导入任何数据。"
    assert cases(store) == 0


def test_clean_ledger_is_imported(qtbot, session: DeskSession, store: DeskStore, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    result = import_file(qtbot, panel, ledger(tmp_path, *GOOD))
    assert result.ok and result.applied.added == 2
    assert cases(store) == 2
    assert panel.ledger_tab.problems_dialog is None
    assert "2" in panel.ledger_tab.ledger_banner.text.text()


def test_importing_the_same_ledger_twice_adds_nothing(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    path = ledger(tmp_path, *GOOD)
    import_file(qtbot, panel, path)
    again = import_file(qtbot, panel, path)
    assert again.applied.added == 0 and again.applied.already == 2
    assert cases(store) == 2
    assert "2 rows were imported before" in panel.ledger_tab.ledger_banner.text.text()


def test_own_headings_are_mapped(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    head = ["来电时间" if h == "登记时间" else h for h in HEAD]
    type_chinese(panel.ledger_tab.ledger_mapping, "来电时间=登记时间")
    result = import_file(qtbot, panel, ledger(tmp_path, *GOOD, head=head))
    assert result.ok and cases(store) == 2


def test_template_is_written(qtbot, session: DeskSession, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    target = tmp_path / "template.xlsx"
    panel.ledger_tab.choose_save_path = lambda _t, _n, _f: str(target)
    with qtbot.waitSignal(panel.ledger_tab.template_written, timeout=10_000):
        panel.ledger_tab.ledger_template_button.click()
    header = next(load_workbook(target, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert header[0] == "登记时间*"


def test_mapping_text_is_parsed() -> None:
    assert parse_mapping("来电时间=登记时间；反映事项 = 反映问题, junk") == {
        "来电时间": "登记时间",
        "反映事项": "反映问题",
    }


def test_cancelled_ledger_import_imports_nothing(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from desk_app.ui.ops import DbOp

    panel = make_panel(qtbot, session)
    gate = threading.Event()
    DbOp(lambda: gate.wait(10)).run()  # hold the database thread until Cancel is pressed
    panel.ledger_tab.choose_open_path = lambda _t, _f: str(ledger(tmp_path, *GOOD))
    with qtbot.waitSignal(panel.ledger_tab.ledger_finished, timeout=20_000) as finished:
        panel.ledger_tab.ledger_import_button.click()
        panel.ledger_tab.ledger_job.dialog.findChild(QPushButton).click()
        gate.set()
    assert finished.args[0] is None
    assert cases(store) == 0
    assert panel.ledger_tab.ledger_import_button.isEnabled()


def test_cancelled_summary_leaves_an_existing_file_alone(
    qtbot, session: DeskSession, desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    target = tmp_path / "summary.xlsx"
    target.write_bytes(b"last month's file")
    panel.summary_tab.choose_save_path = lambda _t, _n, _f: str(target)
    with qtbot.waitSignal(panel.summary_tab.summary_finished, timeout=20_000):
        panel.summary_tab.summary_button.click()
        panel.summary_tab.summary_job.dialog.findChild(QPushButton).click()
    assert target.read_bytes() == b"last month's file"


def test_a_running_ledger_imported_again_says_how_many_cases_it_took_further(
    qtbot, session: DeskSession, store: DeskStore, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    referred = dict(
        received_at=datetime(2026, 9, 3, 9, 30),
        content="电梯停运一周",
        referred_on=date(2026, 9, 3),
        unit="五星街道办事处",
        supervisor="赵代表",
    )
    import_file(qtbot, panel, ledger(tmp_path, row(**referred)))
    replied = row(**referred, replied_on=date(2026, 9, 10), reply_text="已修复")
    again = import_file(qtbot, panel, ledger(tmp_path, replied, name="next.xlsx"))
    assert (again.applied.added, again.applied.updated) == (0, 1)
    assert "0 cases added, 1 taken further" in panel.ledger_tab.ledger_banner.text.text()
    assert cases(store) == 1
