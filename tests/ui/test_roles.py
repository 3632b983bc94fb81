"""The window offers each role what it may do (domain.permissions), and full phone numbers leave
the desk only for the office, with the operator named in the audit trail."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from desk_app.storage.audit import AuditKind
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_view import CaseView
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.reports.panel import ReportsPanel
from desk_app.ui.roster_panel import RosterPanel
from desk_app.ui.rota.panel import RotaPanel
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle

built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def shown(qtbot, widget):  # type: ignore[no-untyped-def]
    qtbot.addWidget(widget)
    widget.show()
    wait_idle(qtbot)
    return widget


def test_a_duty_deputy_registers_but_does_not_refer(qtbot, session_for: Callable[[str], DeskSession]) -> None:  # type: ignore[no-untyped-def]
    form = shown(qtbot, ReceptionForm(session_for("deputy")))
    assert form.save_button.isVisible() and not form.save_refer_button.isVisible()


def test_the_office_registers_and_refers(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    form = shown(qtbot, ReceptionForm(session))
    assert form.save_refer_button.isVisible()


@pytest.mark.parametrize(("role", "office"), [("deputy", False), ("clerk", True)])
def test_the_rota_is_read_by_all_and_made_by_the_office(qtbot, session_for, role: str, office: bool) -> None:  # type: ignore[no-untyped-def]
    panel = shown(qtbot, RotaPanel(session_for(role)))
    tabs = panel.tabs
    assert tabs.isTabVisible(tabs.indexOf(panel.rota_tab)) and tabs.isTabVisible(
        tabs.indexOf(panel.record_tab)
    )
    assert tabs.isTabVisible(tabs.indexOf(panel.pattern_tab)) is office
    assert tabs.isTabVisible(tabs.indexOf(panel.groups_tab)) is office
    assert panel.rota_tab.make_button.isVisible() is office
    assert panel.rota_tab.replace_button.isVisible() is office
    assert panel.rota_tab.pdf_button.isVisible()


@pytest.mark.parametrize(("role", "office"), [("deputy", False), ("clerk", True)])
def test_the_roster_is_kept_by_the_office(qtbot, session_for, role: str, office: bool) -> None:  # type: ignore[no-untyped-def]
    panel = shown(qtbot, RosterPanel(session_for(role)))
    assert panel.add_button.isVisible() is office and panel.import_button.isVisible() is office
    assert panel.unavailable_button.isVisible() is office
    assert panel.template_button.isVisible()


@pytest.mark.parametrize(("role", "office"), [("deputy", False), ("clerk", True)])
def test_ledgers_and_full_numbers_are_the_offices(
    qtbot, session_for, desk: Desk, role: str, office: bool
) -> None:  # type: ignore[no-untyped-def]
    panel = shown(qtbot, ReportsPanel(session_for(role)))
    assert panel.tabs.isTabVisible(panel.tabs.indexOf(panel.ledger_tab)) is office
    panel.tabs.setCurrentWidget(panel.summary_tab)
    assert panel.summary_tab.mask_phones.isVisible() is office


def test_a_full_number_summary_names_its_operator_in_the_audit_trail(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
    tmp_path: Path,
) -> None:
    panel = shown(qtbot, ReportsPanel(session))
    panel.summary_tab.mask_phones.setChecked(False)
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
    assert "13600003333" in text
    exported = [e for e in store.audit_trail(by=clerk.id) if e.kind == AuditKind.FULL_NUMBERS_EXPORTED.value]
    assert [e.operator_name for e in exported] == [clerk.name]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_a_full_number_slip_names_its_operator_in_the_audit_trail(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    view = CaseView(session, desk.referred)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    view.full_phone_check.setChecked(True)
    with qtbot.waitSignal(view.slip_previewed, timeout=10_000) as opened:
        view.print_slip_button.click()
    opened.args[0].close()
    printed = [e for e in store.audit_trail(by=clerk.id) if e.kind == AuditKind.FULL_NUMBERS_PRINTED.value]
    assert [(e.operator_name, e.subject) for e in printed] == [
        (clerk.name, view.detail.current_referral.serial)
    ]  # type: ignore[union-attr]
