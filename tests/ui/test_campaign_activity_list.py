"""The campaign's activities on the board (issue 14 remainders, item 2): listed with date, kind,
place, deputies, people met and notes; opened to correct one, deleted after a question; the board's
figures follow. Real widgets on a real desk file."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QMessageBox

from desk_app.domain.campaigns import ActivityDraft, ActivityKind, CampaignDraft, PlaceDraft, PlaceKind
from desk_app.storage.campaign_store import CampaignStore
from desk_app.ui.campaigns.dialogs import ActivityDialog
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
    zhang = session.store.save_deputy(by=by, name="张伟").id
    cid = camp.save_campaign(
        CampaignDraft("交通规范执法", date(today.year, 1, 1), date(today.year, 12, 31)),
        by=by,
        places=[PlaceDraft("罗山县", PlaceKind.COUNTY), PlaceDraft("光山县", PlaceKind.COUNTY)],
    )
    place = camp.places(cid)[0].id
    camp.record_activity(
        cid,
        ActivityDraft(
            ActivityKind.FORUM,
            today - timedelta(days=1),
            place_id=place,
            attendees="货车司机",
            headcount=12,
            people_met=12,
            deputy_ids=(zhang,),
            note="司机反映重复罚款",
        ),
        by=by,
    )
    camp.record_activity(
        cid, ActivityDraft(ActivityKind.INSPECTION, today, place_text="G312卡口", people_met=30), by=by
    )
    return cid


def _choose(panel: CampaignPanel, row: int) -> None:
    index = panel.activity_model.index(row, 0)
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    panel.activity_view.selectionModel().select(index, flags)


def test_the_activities_are_listed_with_their_columns(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    m = panel.activity_model
    first = [m.data(m.index(0, c)) for c in range(m.columnCount())]
    yesterday = (session.store.today() - timedelta(days=1)).isoformat()
    assert first == [yesterday, "Forum", "罗山县", "张伟", "12 (12 attended)", "司机反映重复罚款"]
    assert m.data(m.index(1, 2)) == "G312卡口"
    assert [m.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Date",
        "Kind",
        "Place",
        "Deputies",
        "People met",
        "Notes",
    ]


def test_change_and_delete_wait_for_a_chosen_activity(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    panel = _panel(qtbot, session)
    assert not panel.change_activity_button.isEnabled()
    _choose(panel, 1)
    assert panel.change_activity_button.isEnabled() and panel.delete_activity_button.isEnabled()


def test_an_activity_opened_and_corrected_changes_the_board(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel = _panel(qtbot, session)
    _choose(panel, 0)
    dialog = panel.change_activity()
    assert isinstance(dialog, ActivityDialog)
    assert (dialog.place.currentText(), dialog.headcount.value(), dialog.note.toPlainText()) == (
        "罗山县",
        12,
        "司机反映重复罚款",
    )
    dialog.kind.setCurrentIndex(dialog.kind.findData("survey"))
    dialog.place.setCurrentIndex(dialog.place.findText("光山县"))
    with qtbot.waitSignal(dialog.saved, timeout=10_000), qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_ops(qtbot)
    figures = dict(panel.board_model.rows)
    assert (figures["Forums"], figures["Surveys"]) == ("0", "1")
    assert panel.activity_model.data(panel.activity_model.index(0, 2)) == "光山县"
    assert len(CampaignStore(session.store).activities(cid)) == 2


def test_an_activity_deleted_after_the_question_leaves_the_board(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel = _panel(qtbot, session)
    _choose(panel, 1)
    box = panel.delete_activity()
    assert box is not None and "G312卡口" in box.text()
    with qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    wait_for_ops(qtbot)
    assert dict(panel.board_model.rows)["Inspections"] == "0"
    assert panel.activity_model.rowCount() == 1
    assert [a.kind for a in CampaignStore(session.store).activities(cid)] == ["forum"]


def test_keeping_an_activity_at_the_question_deletes_nothing(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel = _panel(qtbot, session)
    _choose(panel, 1)
    box = panel.delete_activity()
    assert box is not None
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.No), Qt.MouseButton.LeftButton)
    wait_for_ops(qtbot)
    assert len(CampaignStore(session.store).activities(cid)) == 2
