"""Changing and removing a campaign's places and result measures in the setup dialog (issue 14
remainders, item 1): real widgets on a real desk file; one save, and a place in use stays."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt

from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityKind,
    CampaignDraft,
    MeasureDraft,
    PlaceDraft,
    PlaceKind,
)
from desk_app.storage.campaign_store import CampaignStore
from desk_app.ui.campaigns.dialogs import CampaignSetupDialog
from desk_app.ui.campaigns.panel import CampaignPanel
from desk_app.ui.session import DeskSession
from tests.ui.conftest import wait_for_ops


def _panel(qtbot, session: DeskSession) -> CampaignPanel:  # type: ignore[no-untyped-def]
    panel = CampaignPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        panel.show()
    return panel


def _campaign(session: DeskSession) -> str:
    camp, by = CampaignStore(session.store), session.operator.id
    today = session.store.today()
    return camp.save_campaign(
        CampaignDraft("加装电梯", date(today.year, 1, 1), date(today.year, 12, 31)),
        by=by,
        places=[PlaceDraft("五星小区", PlaceKind.ESTATE), PlaceDraft("北湖小区", PlaceKind.ESTATE)],
        measures=[MeasureDraft("加装电梯", "台"), MeasureDraft("整治飞线", "处")],
    )


def _dialog(qtbot, session: DeskSession) -> tuple[CampaignPanel, CampaignSetupDialog]:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, session)
    dialog = panel.change_campaign()
    assert isinstance(dialog, CampaignSetupDialog)
    return panel, dialog


def _save(qtbot, panel: CampaignPanel, dialog: CampaignSetupDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.saved, timeout=10_000), qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_ops(qtbot)


def test_choosing_a_place_fills_its_fields(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    _panel_, dialog = _dialog(qtbot, session)
    assert not dialog.remove_place_button.isEnabled()
    dialog.places.setCurrentRow(1)
    assert (dialog.place_name.text(), dialog.place_kind.currentData()) == ("北湖小区", "estate")
    assert dialog.remove_place_button.isEnabled()
    dialog.reject()


def test_a_place_changed_in_the_dialog_is_saved_with_the_campaign(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel, dialog = _dialog(qtbot, session)
    dialog.places.setCurrentRow(0)
    dialog.place_name.setText("五星街道")
    dialog.place_kind.setCurrentIndex(dialog.place_kind.findData("township"))
    qtbot.mouseClick(dialog.change_place_button, Qt.MouseButton.LeftButton)
    assert dialog.places.item(0).text() == "五星街道 (Township or street)"
    _save(qtbot, panel, dialog)
    places = CampaignStore(session.store).places(cid)
    assert [(p.name, p.kind) for p in places] == [("五星街道", "township"), ("北湖小区", "estate")]


def test_a_measure_removed_and_one_changed_in_one_save(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel, dialog = _dialog(qtbot, session)
    dialog.measures.setCurrentRow(1)
    qtbot.mouseClick(dialog.remove_measure_button, Qt.MouseButton.LeftButton)
    dialog.measures.setCurrentRow(0)
    dialog.measure_unit.setText("部")
    qtbot.mouseClick(dialog.change_measure_button, Qt.MouseButton.LeftButton)
    _save(qtbot, panel, dialog)
    assert [(m.name, m.unit) for m in CampaignStore(session.store).measures(cid)] == [("加装电梯", "部")]
    assert dict(panel.board_model.rows)["加装电梯"] == "0 部"


def test_a_change_to_another_places_name_is_refused_in_the_dialog(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    _panel_, dialog = _dialog(qtbot, session)
    dialog.places.setCurrentRow(0)
    dialog.place_name.setText("北湖小区")
    qtbot.mouseClick(dialog.change_place_button, Qt.MouseButton.LeftButton)
    assert dialog.errors.text("place_name")
    assert dialog.places.item(0).text().startswith("五星小区")
    dialog.reject()


def test_removing_a_place_with_activities_says_why_and_saves_nothing(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    camp = CampaignStore(session.store)
    place = camp.places(cid)[0]
    camp.record_activity(
        cid,
        ActivityDraft(ActivityKind.FORUM, session.store.today(), place_id=place.id),
        by=session.operator.id,
    )
    _panel_, dialog = _dialog(qtbot, session)
    dialog.topic.setText("加装电梯回头看")
    dialog.places.setCurrentRow(0)
    qtbot.mouseClick(dialog.remove_place_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=10_000)
    wait_for_ops(qtbot)
    assert dialog.isVisible()
    assert "“五星小区” has 1 activities and 0 problems recorded" in dialog.banner.text.text()
    assert [dialog.places.item(i).text().split(" ")[0] for i in range(dialog.places.count())] == [
        "北湖小区",
        "五星小区",
    ]
    assert camp.campaign(cid).topic == "加装电梯"
    assert [p.name for p in camp.places(cid)] == ["五星小区", "北湖小区"]
    dialog.reject()
