"""The rota screen's Studios and Theme days pages (issue 14, item 2)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period, SlotTemplate
from desk_app.domain.vocab import DeputyLevel
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.kit.dates import qdate
from desk_app.ui.rota.panel import RotaPanel
from desk_app.ui.session import DeskSession
from tests.constants import CLERK_PIN

from .case_fixtures import wait_idle
from .conftest import wait_for_ops


@pytest.fixture
def studio_admin(store: DeskStore) -> OperatorInfo:
    admin = store.set_up(
        station_name="银都区七里河社区人大代表工作室",
        short_name="七里河工作室",
        kind="studio",
        district="银都区",
        operator_name="赵红",
        secret=CLERK_PIN,
    )
    store.import_roster([RosterEntry(f"代表{i}", DeputyLevel.COUNTY) for i in range(6)], by=admin.id)
    store.set_duty_pattern([SlotTemplate(0, Period.MORNING, 3)], by=admin.id)
    return admin


@pytest.fixture
def studio_session(store: DeskStore, studio_admin: OperatorInfo, qtbot) -> Iterator[DeskSession]:  # type: ignore[no-untyped-def]
    yield DeskSession(store, store.station(), studio_admin)
    wait_for_ops(qtbot)


def make_panel(qtbot, session: DeskSession) -> RotaPanel:  # type: ignore[no-untyped-def]
    panel = RotaPanel(session)
    qtbot.addWidget(panel)
    panel.resize(1100, 720)
    panel.show()
    wait_idle(qtbot)
    return panel


def test_studios_page_shows_the_fixed_weekday_and_deputies(qtbot, studio_session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, studio_session)
    tab = panel.studios_tab
    assert tab.studio_combo.currentText() == "银都区七里河社区人大代表工作室"
    assert "3" in tab.opens_label.text() and not tab.none_label.isVisibleTo(tab)


def test_the_holiday_rule_is_saved_from_the_page(
    qtbot, studio_session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, studio_session)
    tab = panel.studios_tab
    tab.move_combo.setCurrentIndex(tab.move_combo.findData("next_working_day"))
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.save_move_button.click()
    assert store.studios()[0].holiday_move == "next_working_day"


def test_an_exception_is_added_with_who_decided_it_and_opens_the_saturday(
    qtbot, studio_session: DeskSession, store: DeskStore, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, studio_session)
    tab = panel.studios_tab
    tab.day_edit.setDate(qdate(date(2026, 2, 28)))
    type_chinese(tab.decided_by_edit, "王主任")
    with qtbot.waitSignal(tab.saved, timeout=10_000):
        tab.add_exception_button.click()
    wait_idle(qtbot)
    assert tab.exceptions_model.rowCount() == 1
    assert tab.exceptions_model.rows()[0].decided_by == "王主任"
    store.make_rota(date(2026, 2, 1), date(2026, 2, 28), by=studio_session.operator.id)
    assert date(2026, 2, 28) in {a.day for a in store.rota(date(2026, 2, 1), date(2026, 2, 28))}


def test_an_exception_on_an_ordinary_day_is_refused_on_the_page(
    qtbot, studio_session: DeskSession, store: DeskStore, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, studio_session)
    tab = panel.studios_tab
    tab.day_edit.setDate(qdate(date(2026, 3, 7)))  # an ordinary Saturday
    type_chinese(tab.decided_by_edit, "王主任")
    tab.add_exception_button.click()
    qtbot.waitUntil(lambda: "2026-03-07" in tab.banner.text.text(), timeout=10_000)
    wait_idle(qtbot)
    assert store.studios()[0].exceptions == ()


def test_a_desk_without_studios_says_so(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session)
    assert panel.studios_tab.none_label.isVisibleTo(panel.studios_tab)
    assert not panel.studios_tab.save_move_button.isEnabled()


def test_a_theme_day_is_planned_listed_and_its_notice_printed(
    qtbot, session: DeskSession, store: DeskStore, type_chinese, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    from tests.reports.report_helpers import _font_available

    panel = make_panel(qtbot, session)
    tab = panel.theme_days_tab
    tab.day_edit.setDate(qdate(date(2026, 12, 16)))
    type_chinese(tab.theme_edit, "老旧小区加装电梯")
    type_chinese(tab.units_edit, "区住建局")
    with qtbot.waitSignal(tab.theme_days_loaded, timeout=10_000):
        tab.save_button.click()
    wait_idle(qtbot)
    assert [(t.theme, t.invited_units) for t in tab.model.rows()] == [("老旧小区加装电梯", "区住建局")]
    if not _font_available():
        return
    tab.view.selectRow(0)
    target = tmp_path / "notice.pdf"
    tab.choose_save_path = lambda *_a: str(target)
    with qtbot.waitSignal(tab.notice_written, timeout=10_000):
        tab.notice_button.click()
    assert target.stat().st_size > 0


def test_a_deputy_sees_theme_days_but_not_the_studios_page_or_the_form(qtbot, session_for) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, session_for("deputy"))
    assert not panel.tabs.isTabVisible(panel.tabs.indexOf(panel.studios_tab))
    assert panel.tabs.isTabVisible(panel.tabs.indexOf(panel.theme_days_tab))
    assert not panel.theme_days_tab.form.isVisibleTo(panel.theme_days_tab)


def test_a_reception_on_a_theme_day_is_tagged_from_the_reception_form(
    qtbot, session: DeskSession, store: DeskStore, type_chinese
) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.reception_form import ReceptionForm

    today = store.today()
    theme_day_id = store.save_theme_day(by=session.operator.id, day=today, theme="物业服务")
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    qtbot.waitUntil(lambda: form.theme_day_row.isVisibleTo(form), timeout=10_000)
    assert form.theme_day.currentData() == theme_day_id  # the day's only theme day is chosen
    type_chinese(form.content, "小区物业不清运垃圾")
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save()
    assert store.theme_day_of(saved.args[0]) == theme_day_id
    wait_for_ops(qtbot)


def test_the_reception_form_has_no_theme_day_choice_on_an_ordinary_day(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    from desk_app.ui.reception_form import ReceptionForm

    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    wait_for_ops(qtbot)
    assert not form.theme_day_row.isVisibleTo(form)


def test_the_rota_page_lists_a_studios_dropped_openings(qtbot, studio_session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = make_panel(qtbot, studio_session)
    tab = panel.rota_tab
    with qtbot.waitSignal(tab.rota_loaded, timeout=10_000):
        tab.set_period("month", 2026, 2)
    assert "2月16日逢春节，本周停开" in tab.studio_notes.text()
    assert "2月23日逢春节，本周停开" in tab.studio_notes.text()
