"""The 交办会 tab (issue 13): a meeting planned in the window, cases picked and referred at it in
one go, what came back counted; a case that blocks is named and nothing is referred; the case
view and the callback dialog show a deputy's suggestion. A real desk file, a real window."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QLabel

from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.meetings import MeetingDraft, MeetingItemDraft
from desk_app.domain.suggestions import SendDraft, SuggestionDraft
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.meetings import MeetingStore
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import SuggestionStore
from desk_app.ui.case_actions import CallbackDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.meetings_panel import MeetingsPanel
from desk_app.ui.session import DeskSession
from tests.ui import case_fixtures as cf
from tests.ui.conftest import wait_for_ops

zh = cf.zh
zh_catalogue = cf.zh_catalogue


def _case(store: DeskStore, by: str, content: str) -> str:
    draft = ReceptionDraft(
        received_at=store.clock() - timedelta(hours=1),
        channel="walk_in",
        content=content,
        outcome="needs_referral",
    )
    return store.register_reception(draft, by=by)


def _panel(session: DeskSession, qtbot) -> MeetingsPanel:  # type: ignore[no-untyped-def]
    panel = MeetingsPanel(session)
    qtbot.addWidget(panel)
    panel.show()
    wait_for_ops(qtbot)
    return panel


def _select_all_cases(panel: MeetingsPanel) -> None:
    table = panel.meetings.case_table
    for r in range(table.rowCount()):
        table.selectionModel().select(
            table.model().index(r, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def test_a_meeting_planned_in_the_window_refers_the_picked_cases(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, by = session.store, session.operator.id
    store.save_handling_unit(by=by, name="区住建局")
    ids = [_case(store, by, f"第{n}件：加装电梯") for n in range(3)]
    panel = _panel(session, qtbot)
    dialog = panel.meetings.open_plan_dialog()
    dialog.place.setText("五星街道人大代表工作站")
    dialog.presiding.setText("张华")
    dialog._check()
    wait_for_ops(qtbot)
    qtbot.waitUntil(lambda: panel.meetings.meeting_table.rowCount() == 1)
    qtbot.waitUntil(lambda: panel.meetings.case_table.rowCount() == 3)
    _select_all_cases(panel)
    panel.meetings.refer_selected()
    wait_for_ops(qtbot)
    qtbot.waitUntil(lambda: panel.meetings.meeting_table.item(0, 3).text() == "3")
    assert {store.case_detail(rid).status for rid in ids} == {"referred"}
    assert panel.meetings.case_table.rowCount() == 0


def test_a_blocking_case_is_named_in_the_banner_and_nothing_is_referred(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, by = session.store, session.operator.id
    ids = [_case(store, by, "路灯不亮已经一个月"), _case(store, by, "井盖缺失")]  # no unit on file: blocks
    MeetingStore(store).plan(MeetingDraft(store.today(), "工作站", "张华", ""), by=by)
    panel = _panel(session, qtbot)
    qtbot.waitUntil(lambda: panel.meetings.case_table.rowCount() == 2)
    _select_all_cases(panel)
    panel.meetings.refer_selected()
    wait_for_ops(qtbot)
    qtbot.waitUntil(lambda: "不能交办" in panel.banner.text.text())
    assert "路灯不亮已经一个月" in panel.banner.text.text()
    assert {store.case_detail(rid).status for rid in ids} == {"awaiting_referral"}


def test_the_callback_dialog_tells_the_suggestion_outcome(session: DeskSession, qtbot) -> None:  # type: ignore[no-untyped-def]
    store, by = session.store, session.operator.id
    unit = store.save_handling_unit(by=by, name="市医保局")
    rid = _case(store, by, "社区门诊不能跨县区报销")
    store.refer(rid, ReferralDraft(unit.id, "刘科长", store.today(), 5, "赵代表"), by=by)
    store.record_reply(rid, replied_on=store.today(), reply_text="已转人大代表", by=by)
    deputy = store.save_deputy(by=by, name="赵代表")
    book = SuggestionStore(store)
    sid = book.draft(SuggestionDraft(deputy.id, "关于门诊联网的建议", "建议联网。", (rid,)), by=by)
    book.send(sid, SendDraft(unit.id, store.today(), 20), by=by)
    dialog = CallbackDialog(session, store.case_detail(rid))
    qtbot.addWidget(dialog)
    line = dialog.findChild(QLabel, "suggestionOutcome")
    assert line is not None and "已交市医保局办理" in line.text()


def test_the_case_timeline_shows_the_meeting_and_the_escalation(qtbot, zh, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    store, by = session.store, session.operator.id
    unit = store.save_handling_unit(by=by, name="区住建局")
    rid = _case(store, by, "加装电梯进度缓慢")
    meetings = MeetingStore(store)
    meeting_id = meetings.plan(MeetingDraft(store.today(), "工作站", "张华", ""), by=by)
    meetings.refer_all(meeting_id, [MeetingItemDraft(rid, unit.id, "刘科长", 5)], supervisor="赵代表", by=by)
    store.record_reply(rid, replied_on=store.today(), reply_text="正在协调", by=by)
    callback = CallbackDraft(
        store.clock(), "李明", "phone", "dissatisfied", citizen_words="没进展", cause="unit_fault"
    )
    store.record_callback(rid, callback, by=by)
    store.refer(rid, ReferralDraft(unit.id, "刘科长", store.today(), 5, "赵代表"), by=by)
    SuggestionStore(store).escalate_case(
        rid, SupervisionLevel.CHAIR_MEETING, decided_by="区人大常委会主任会议", by=by
    )
    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    text = view.timeline_text()
    assert "在群众意见面对面沟通交办会上交办" in text and "2026年第1次群众意见面对面沟通交办会" in text
    assert "督办层级：主任会议统筹督办" in text and "区人大常委会主任会议" in text
