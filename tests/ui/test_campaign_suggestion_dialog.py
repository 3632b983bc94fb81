"""A campaign's suggestion drafted in the window as a deputy's suggestion (issue 14 remainders,
item 3): chosen problems, the text drafted from them, the board and the suggestion list follow;
a record made before the link is turned into one. Real widgets on a real desk file."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QItemSelectionModel, Qt

from desk_app.domain.campaigns import CampaignDraft
from desk_app.domain.suggestions import SendDraft
from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.campaign_store import CampaignStore
from desk_app.storage.models import CampaignSuggestion
from desk_app.storage.suggestions import SuggestionStore
from desk_app.ui.campaigns.dialogs import SuggestionDialog
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
    camp, by = CampaignStore(session.store), session.operator.id
    year = session.store.today().year
    zhang = session.store.save_deputy(by=by, name="张伟").id
    session.store.save_deputy(by=by, name="李红")
    cid = camp.save_campaign(
        CampaignDraft("交通规范执法", date(year, 1, 1), date(year, 12, 31), deputy_ids=(zhang,)), by=by
    )
    for content, place in (("卡口对货车重复罚款", "罗山县"), ("执法人员未出示证件", "光山县")):
        draft = ReceptionDraft(
            received_at=datetime(year, 1, 5, 9),
            channel="window_visit",
            content=content,
            outcome="needs_referral",
            citizen_address=place,
        )
        camp.register_problem(cid, draft, by=by)
    return cid


def _save(qtbot, panel: CampaignPanel, dialog: SuggestionDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(dialog.saved, timeout=10_000), qtbot.waitSignal(panel.loaded, timeout=10_000):
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    wait_for_ops(qtbot)


def _open(qtbot, session: DeskSession) -> tuple[CampaignPanel, SuggestionDialog]:  # type: ignore[no-untyped-def]
    panel = _panel(qtbot, session)
    dialog = panel.record_suggestion()
    assert isinstance(dialog, SuggestionDialog)
    return panel, dialog


def test_the_campaigns_deputies_come_first_and_its_problems_are_offered(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    _panel_, dialog = _open(qtbot, session)
    assert dialog.deputy.currentText().startswith("张伟")
    assert [dialog.problems.item(i).text().split(" ", 2)[2] for i in range(2)] == [
        "罗山县 卡口对货车重复罚款",
        "光山县 执法人员未出示证件",
    ]
    dialog.reject()


def test_the_text_is_drafted_from_the_chosen_problems(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    _panel_, dialog = _open(qtbot, session)
    dialog.choose([1])
    qtbot.mouseClick(dialog.fill_button, Qt.MouseButton.LeftButton)
    assert dialog.content.toPlainText() == "The campaign found these problems:\n1. 光山县：执法人员未出示证件"
    dialog.reject()


def test_a_suggestion_drafted_in_the_dialog_is_a_deputy_suggestion_on_the_board(
    qtbot, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    panel, dialog = _open(qtbot, session)
    type_chinese(dialog.title, "关于统一货车执法标准的建议")
    dialog.choose([0, 1])
    qtbot.mouseClick(dialog.fill_button, Qt.MouseButton.LeftButton)
    _save(qtbot, panel, dialog)
    assert dict(panel.board_model.rows)["Suggestions"] == "1"
    (row,) = SuggestionStore(session.store).suggestions()
    problems = [p.case_id for p in CampaignStore(session.store).problems(cid)]
    assert (row.title, row.deputy_name, list(row.reception_ids)) == (
        "关于统一货车执法标准的建议",
        "张伟",
        problems,
    )
    m = panel.suggestion_model
    assert [m.data(m.index(0, c)) for c in (2, 3, 4)] == ["关于统一货车执法标准的建议", "张伟", "Drafted"]


def test_a_suggestion_without_problems_is_refused_and_says_where(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _campaign(session)
    _panel_, dialog = _open(qtbot, session)
    type_chinese(dialog.title, "关于统一货车执法标准的建议")
    dialog.content.setPlainText("建议统一执法标准。")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dialog.banner.isVisible, timeout=10_000)
    wait_for_ops(qtbot)
    assert dialog.isVisible() and dialog.errors.text("reception_ids")
    assert SuggestionStore(session.store).suggestions() == []
    dialog.reject()


def test_the_list_shows_a_sent_suggestions_number_and_bureau(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    from desk_app.domain.suggestions import SuggestionDraft

    cid = _campaign(session)
    camp, store, by = CampaignStore(session.store), session.store, session.operator.id
    zhang = next(d.id for d in store.deputies() if d.name == "张伟")
    case = camp.problems(cid)[0].case_id
    sid = camp.draft_suggestion(cid, SuggestionDraft(zhang, "统一执法标准", "建议统一。", (case,)), by=by)
    unit = store.save_handling_unit(by=by, name="市交通运输局").id
    SuggestionStore(store).send(sid, SendDraft(unit, store.today(), 20), by=by)
    panel = _panel(qtbot, session)
    m = panel.suggestion_model
    assert m.data(m.index(0, 1)).endswith("第001号")
    assert m.data(m.index(0, 4)) == "Sent to 市交通运输局"


def test_a_record_made_before_the_link_becomes_a_deputy_suggestion(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    cid = _campaign(session)
    store = session.store
    with store.db.writing(None) as s:
        s.add(
            CampaignSuggestion(
                station_id=store.station().id,
                campaign_id=cid,
                day=date(store.today().year, 6, 1),
                title="建立长效机制",
                content="旧记录",
            )
        )
    panel = _panel(qtbot, session)
    m = panel.suggestion_model
    assert m.data(m.index(0, 4)) == "Not yet a deputy's suggestion"
    assert not panel.link_button.isEnabled()
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    panel.suggestion_view.selectionModel().select(m.index(0, 0), flags)
    assert panel.link_button.isEnabled()
    dialog = panel.link_suggestion()
    assert isinstance(dialog, SuggestionDialog)
    assert (dialog.title.text(), dialog.content.toPlainText()) == ("建立长效机制", "旧记录")
    dialog.choose([0])
    _save(qtbot, panel, dialog)
    assert dict(panel.board_model.rows)["Suggestions"] == "1"
    assert m.data(m.index(0, 4)) == "Drafted"
    assert len(SuggestionStore(store).suggestions()) == 1
