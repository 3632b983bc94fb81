"""The campaign board's dialogs (issue 14): a campaign set up, its activities, counts and
suggestions recorded from the window, in real widgets on a real desk file."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QWidget

from desk_app.domain.campaigns import CampaignDraft, MeasureDraft, PlaceDraft, PlaceKind
from desk_app.storage.campaign_store import CampaignStore
from desk_app.ui.campaigns.dialogs import (
    ActivityDialog,
    CampaignRecordDialog,
    CampaignSetupDialog,
    CountDialog,
)
from desk_app.ui.campaigns.panel import CampaignPanel
from desk_app.ui.session import DeskSession
from tests.ui.conftest import type_chinese, wait_for_ops


def _panel(qtbot, session: DeskSession) -> CampaignPanel:  # type: ignore[no-untyped-def]
    panel = CampaignPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show()
    return panel


def _campaign(session: DeskSession) -> str:
    camp = CampaignStore(session.store)
    by = session.operator.id
    today = session.store.today()
    cid = camp.save_campaign(
        CampaignDraft("飞线治理", date(today.year, 1, 1), date(today.year, 12, 31)), by=by
    )
    camp.add_place(cid, PlaceDraft("五星小区", PlaceKind.ESTATE), by=by)
    camp.add_measure(cid, MeasureDraft("整治飞线", "处"), by=by)
    return cid


def _save(qtbot, panel: CampaignPanel, dialog: CampaignRecordDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.saved, timeout=10_000), qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_ops(qtbot)


def test_a_campaign_set_up_in_the_dialog_shows_on_the_board(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    by = session.operator.id
    wang = session.store.save_deputy(by=by, name="王建国").id
    session.store.save_deputy(by=by, name="李红")
    panel = _panel(qtbot, session)
    assert panel.new_button.isVisible()
    dialog = panel.new_campaign()
    assert isinstance(dialog, CampaignSetupDialog)
    assert dialog.deputies.count() == 2
    type_chinese(dialog.topic, "加装电梯")
    for name, kind in (("五星小区", PlaceKind.ESTATE), ("浉河区", PlaceKind.COUNTY)):
        dialog.place_name.setText(name)
        dialog.place_kind.setCurrentIndex(dialog.place_kind.findData(kind.value))
        qtbot.mouseClick(dialog.add_place_button, Qt.MouseButton.LeftButton)
    dialog.measure_name.setText("加装电梯")
    dialog.measure_unit.setText("台")
    qtbot.mouseClick(dialog.add_measure_button, Qt.MouseButton.LeftButton)
    for i in range(dialog.deputies.count()):
        item = dialog.deputies.item(i)
        if item.data(Qt.ItemDataRole.UserRole) == wang:
            item.setCheckState(Qt.CheckState.Checked)
    _save(qtbot, panel, dialog)
    assert panel.campaign.currentText() == "加装电梯"
    figures = dict(panel.board_model.rows)
    assert figures["Places visited"] == "2"
    assert figures["加装电梯"] == "0 台"
    info = CampaignStore(session.store).campaign(panel.campaign.currentData())
    assert info.deputy_names == ("王建国",)


def test_a_refused_setup_keeps_what_was_typed_and_says_why(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, session)
    dialog = panel.new_campaign()
    assert isinstance(dialog, CampaignSetupDialog)
    dialog.note.setPlainText("老旧小区")
    dialog.place_name.setText("五星小区")
    qtbot.mouseClick(dialog.add_place_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=10_000)
    wait_for_ops(qtbot)
    assert dialog.isVisible()
    assert "Topic" in dialog.banner.text.text()
    assert dialog.errors.text("topic")
    assert dialog.note.toPlainText() == "老旧小区"
    assert dialog.places.count() == 1
    assert CampaignStore(session.store).campaigns() == []


def test_a_refused_save_speaks_chinese(qtbot, session: DeskSession, chinese) -> None:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, session)
    dialog = panel.new_campaign()
    assert dialog is not None
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=10_000)
    wait_for_ops(qtbot)
    assert "必填，不能为空" in dialog.banner.text.text()
    assert "主题" in dialog.banner.text.text()
    assert (dialog.windowTitle(), dialog.cancel_button.text()) == ("新建活动", "取消")


def test_a_duplicate_place_is_refused_in_the_dialog(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    dialog = panel.change_campaign()
    assert isinstance(dialog, CampaignSetupDialog)
    assert dialog.topic.text() == "飞线治理"
    dialog.place_name.setText("五星小区")
    qtbot.mouseClick(dialog.add_place_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("place_name")
    assert dialog.places.count() == 1
    dialog.reject()
    wait_for_ops(qtbot)


def test_a_campaign_changed_in_the_dialog_keeps_its_places_and_adds_new_ones(
    qtbot, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel = _panel(qtbot, session)
    dialog = panel.change_campaign()
    assert isinstance(dialog, CampaignSetupDialog)
    dialog.topic.setText("飞线治理回头看")
    dialog.place_name.setText("北湖小区")
    qtbot.mouseClick(dialog.add_place_button, Qt.MouseButton.LeftButton)
    _save(qtbot, panel, dialog)
    assert panel.campaign.currentData() == cid
    assert panel.campaign.currentText() == "飞线治理回头看"
    assert dict(panel.board_model.rows)["Places visited"] == "2"
    assert len(CampaignStore(session.store).campaigns()) == 1


def test_an_activity_recorded_in_the_dialog_counts_on_the_board(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    assert dict(panel.board_model.rows)["Forums"] == "0"
    dialog = panel.record_activity()
    assert isinstance(dialog, ActivityDialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("forum"))
    dialog.place.setCurrentIndex(dialog.place.findText("五星小区"))
    type_chinese(dialog.subject, "飞线整治座谈")
    dialog.headcount.setValue(12)
    dialog.people_met.setValue(30)
    _save(qtbot, panel, dialog)
    figures = dict(panel.board_model.rows)
    assert (figures["Forums"], figures["Forum attendance"], figures["People met"]) == ("1", "12", "30")
    assert panel.report is not None and panel.report.activities[0].place == "五星小区"


def test_an_activity_outside_the_period_is_refused(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    dialog = panel.record_activity()
    assert isinstance(dialog, ActivityDialog)
    dialog.day.setDate(dialog.day.date().addYears(-1))
    type_chinese(dialog.subject, "暗访")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=10_000)
    wait_for_ops(qtbot)
    assert dialog.errors.text("day")
    assert dialog.subject.text() == "暗访"


def test_a_count_changes_the_measures_figure(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    dialog = panel.record_count()
    assert isinstance(dialog, CountDialog)
    dialog.amount.setValue(7)
    _save(qtbot, panel, dialog)
    assert dict(panel.board_model.rows)["整治飞线"] == "7 处"


def test_a_campaign_without_measures_has_nothing_to_count(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    CampaignStore(session.store).save_campaign(
        CampaignDraft("飞线治理", session.store.today()), by=session.operator.id
    )
    panel = _panel(qtbot, session)
    dialog = panel.record_count()
    assert isinstance(dialog, CountDialog)
    assert not dialog.save_button.isEnabled()
    assert dialog.banner.isVisibleTo(dialog)
    dialog.submit()
    assert not dialog.busy and dialog.isVisible()


def test_a_deputy_cannot_set_up_a_campaign(
    qtbot, session: DeskSession, session_for: Callable[[str], DeskSession]
) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session_for("deputy"))
    assert not panel.new_button.isVisible()
    assert not panel.change_button.isVisible()
    assert panel.new_campaign() is None and panel.change_campaign() is None
    assert panel.activity_button.isVisible()
    assert isinstance(panel.record_activity(), ActivityDialog)


CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


def _visible_texts(dialog: QWidget) -> list[str]:
    texts = [dialog.windowTitle()]
    for w in dialog.findChildren(QWidget):
        if not w.isVisibleTo(dialog):
            continue
        if isinstance(w, QLabel | QAbstractButton):
            texts.append(w.text())
        elif isinstance(w, QLineEdit):
            texts += [w.text(), w.placeholderText()]
        elif isinstance(w, QComboBox):
            texts += [w.itemText(i) for i in range(w.count())]
        elif isinstance(w, QListWidget):
            texts += [w.item(i).text() for i in range(w.count())]
    return texts


def test_no_chinese_in_the_dialogs_of_an_english_desk(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    camp, by = CampaignStore(session.store), session.operator.id
    today = session.store.today()
    session.store.save_deputy(by=by, name="Wang Jianguo")
    cid = camp.save_campaign(CampaignDraft("Flying wires", date(today.year, 1, 1)), by=by)
    camp.add_place(cid, PlaceDraft("North Lake", PlaceKind.ESTATE), by=by)
    camp.add_measure(cid, MeasureDraft("Wires removed", "pcs"), by=by)
    panel = _panel(qtbot, session)
    seen: list[str] = []
    for open_it in (
        panel.new_campaign,
        panel.change_campaign,
        panel.record_activity,
        panel.record_count,
        panel.record_suggestion,
    ):
        dialog = open_it()
        assert dialog is not None
        seen += _visible_texts(dialog)
        dialog.reject()
    assert "North Lake (Residential estate)" in seen  # the walk reaches the lists
    assert [t for t in seen if CJK.search(t)] == []
    wait_for_ops(qtbot)
