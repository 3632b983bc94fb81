"""CaseView: the whole case, its timeline round by round, and buttons that follow the lifecycle."""

from __future__ import annotations

import pytest

from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.vocab import Verdict
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui import messages
from desk_app.ui.case_actions import ReplyDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, make_desk, wait_idle

zh = cf.zh
zh_catalogue = cf.zh_catalogue


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, clock) -> Desk:  # type: ignore[no-untyped-def]
    return make_desk(store, clerk, clock)


def open_view(qtbot, session: DeskSession, reception_id: str) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(session, reception_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    return view


def test_shows_what_the_citizen_raised(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.waiting)
    assert view.title_label.text() == "张三"
    assert view.findChild(type(view.title_label), "contentValue").text() == "小区电梯经常故障，希望尽快维修"
    assert view.findChild(type(view.title_label), "phoneValue").text() == "13912345678"


def test_timeline_shows_every_round_and_marks_the_second(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.second_round)
    text = view.timeline_text()
    assert "第 1 轮" in text
    assert "第 2 轮 · 二次督办" in text
    assert "浉河监督岗〔2026〕第002号" in text and "浉河监督岗〔2026〕第003号" in text
    assert "回访：不满意" in text
    assert "督办人：人大常委会办公室" in text
    assert view.round_label.isVisible()


def test_timeline_shows_reply_and_whether_it_was_on_time(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.second_round)
    assert "承办单位答复（按期）" in view.timeline_text()
    assert "已调整站牌" in view.timeline_text()


def test_overdue_case_is_marked(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.overdue)
    assert view.overdue_label.isVisible()
    assert "超期" in view.next_label.text()
    assert "超期：限期" in view.timeline_text()


def test_case_on_time_is_not_marked_overdue(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.referred)
    assert not view.overdue_label.isVisible()


def test_estimated_deadline_is_noted(qtbot, zh, session: DeskSession, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    # 40 working days from late November 2026 run into 2027, which the calendar does not know.
    cf.refer(store, session.operator, desk.waiting, desk.unit.id, working_days=40)
    view = open_view(qtbot, session, desk.waiting)
    assert "按周一至周五估算" in view.timeline_text()


def test_sign_off_is_recorded_with_who_and_when(qtbot, zh, session: DeskSession, desk: Desk,  # type: ignore[no-untyped-def]
                                                store: DeskStore) -> None:
    cf.reply(store, session.operator, desk.referred)
    cf.callback(store, session.operator, desk.referred, Verdict.SATISFIED)
    store.sign_off(desk.referred, by=session.operator.id, note="群众满意，办结")
    view = open_view(qtbot, session, desk.referred)
    text = view.timeline_text()
    assert "销号人：李明" in text
    assert "群众满意，办结" in text
    assert "2026-11-20 10:00" in text


def test_only_refer_is_possible_before_referral(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.waiting)
    assert view.refer_button.isEnabled()
    assert not view.reply_button.isEnabled()
    assert not view.callback_button.isEnabled()
    assert not view.sign_off_button.isEnabled()


def test_sign_off_button_says_why_it_is_disabled(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.referred)
    assert not view.sign_off_button.isEnabled()
    assert view.sign_off_button.toolTip() == messages.refusal_text(Refusal.NO_CALLBACK_YET)
    if zh.messages_translated:
        assert "回访" in view.sign_off_button.toolTip()


def test_store_refuses_sign_off_before_callback_with_the_reason(zh, session: DeskSession, desk: Desk,  # type: ignore[no-untyped-def]
                                                                store: DeskStore) -> None:
    with pytest.raises(IllegalMove) as refused:
        store.sign_off(desk.referred, by=session.operator.id)
    text = messages.describe_error(refused.value)
    assert text == messages.refusal_text(Refusal.NO_CALLBACK_YET)
    if zh.messages_translated:
        assert "销号" in text


def test_dissatisfied_case_offers_the_second_round(qtbot, zh, session: DeskSession, desk: Desk,  # type: ignore[no-untyped-def]
                                                   store: DeskStore) -> None:
    cf.reply(store, session.operator, desk.referred)
    cf.callback(store, session.operator, desk.referred, Verdict.DISSATISFIED)
    view = open_view(qtbot, session, desk.referred)
    assert view.refer_button.isEnabled()
    assert view.refer_button.text() == "二次督办"
    assert not view.sign_off_button.isEnabled()


def test_closed_case_allows_nothing(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.on_site)
    assert not any(b.isEnabled() for b in (view.refer_button, view.reply_button,
                                           view.callback_button, view.sign_off_button))


def test_a_move_reloads_the_case_and_tells_other_screens(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.referred)
    dialog = view.open_reply_dialog()
    assert isinstance(dialog, ReplyDialog)
    dialog.reply_edit.setPlainText("已清理楼道杂物")
    with qtbot.waitSignals([session.events.case_changed, view.loaded], timeout=10_000):
        dialog.save_button.click()
    assert view.detail is not None and view.detail.status == "replied"
    assert view.callback_button.isEnabled()
    wait_idle(qtbot)


def test_change_made_elsewhere_reloads_the_view(qtbot, session: DeskSession, desk: Desk, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.referred)
    cf.reply(store, session.operator, desk.referred)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        session.events.case_changed.emit(desk.referred)
    assert view.reply_button.isEnabled() is False
    assert view.callback_button.isEnabled()


def test_missing_case_says_so(qtbot, zh, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = CaseView(session, "no-such-case")
    qtbot.addWidget(view)
    view.show()
    wait_idle(qtbot)
    assert view.title_label.text() == "找不到该案件"
    assert not view.refer_button.isEnabled()
