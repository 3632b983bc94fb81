"""CaseView: the whole case, its timeline round by round, and buttons that follow the lifecycle."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtWidgets import QLabel

from desk_app.domain.lifecycle import IllegalMove, Refusal
from desk_app.domain.validation import ReceptionDraft
from desk_app.domain.vocab import Verdict
from desk_app.domain.workcalendar import calendar_years
from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.corrections import ReferralCorrection
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui import messages
from desk_app.ui.case_actions import ReplyDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle

zh = cf.zh
zh_catalogue = cf.zh_catalogue


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


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


def test_estimated_deadline_is_noted(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clock,
) -> None:
    # 40 working days from December of the last year the holiday package knows run into a year
    # it does not know (the deadline is estimated Monday to Friday): follows the package's updates.
    clock.now = datetime(calendar_years()[1], 12, 1, 9, 0)
    cf.refer(store, session.operator, desk.waiting, desk.unit.id, working_days=40)
    view = open_view(qtbot, session, desk.waiting)
    assert "按周一至周五估算" in view.timeline_text()


def test_sign_off_is_recorded_with_who_and_when(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
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


def test_store_refuses_sign_off_before_callback_with_the_reason(
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    with pytest.raises(IllegalMove) as refused:
        store.sign_off(desk.referred, by=session.operator.id)
    text = messages.describe_error(refused.value)
    assert text == messages.refusal_text(Refusal.NO_CALLBACK_YET)
    if zh.messages_translated:
        assert "销号" in text


def test_dissatisfied_case_offers_the_second_round(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    cf.reply(store, session.operator, desk.referred)
    cf.callback(store, session.operator, desk.referred, Verdict.DISSATISFIED)
    view = open_view(qtbot, session, desk.referred)
    assert view.refer_button.isEnabled()
    assert view.refer_button.text() == "二次督办"
    assert not view.sign_off_button.isEnabled()


def test_closed_case_allows_nothing(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.on_site)
    assert not any(
        b.isEnabled()
        for b in (view.refer_button, view.reply_button, view.callback_button, view.sign_off_button)
    )


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


def test_change_made_elsewhere_reloads_the_view(
    qtbot, session: DeskSession, desk: Desk, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
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


# -- the office's moves on the record ------------------------------------------------------------------


def _a_long_history(store: DeskStore, clerk: OperatorInfo, desk: Desk) -> str:
    """Every kind of event on one case: chase, extension, return, re-referral, corrections,
    unreached callback, dissatisfaction beyond policy, closing with an explanation, reopening."""
    rid, by, today = desk.referred, clerk.id, store.today()
    store.record_chase(rid, ChaseDraft(store.clock(), "phone", "王强", "单位称本周内处理"), by=by)
    ext = store.request_extension(rid, ExtensionDraft(today, "需采购材料", 5, "王强"), by=by)
    store.decide_extension(ext, approve=True, note="同意", by=by)
    store.return_slip(rid, returned_on=today, reason="不属本单位职责", by=by)
    cf.refer(store, clerk, rid, desk.other_unit.id)
    store.correct_referral(rid, ReferralCorrection("刘洋", "李主任", 15), reason="督办人填错", by=by)
    cf.reply(store, clerk, rid)
    store.record_callback_attempt(rid, AttemptDraft(store.clock(), "李明", "phone", "无人接听"), by=by)
    store.record_callback(
        rid,
        CallbackDraft(
            called_at=store.clock(),
            caller="李明",
            method="phone",
            verdict="dissatisfied",
            citizen_words="补偿太低",
            cause="beyond_policy",
        ),
        by=by,
    )
    store.close_explained(rid, reason="已解释拆迁补偿政策", by=by)
    store.reopen(rid, reason="群众再次来访", by=by)
    draft = ReceptionDraft(
        **{
            f: getattr(store.case_detail(rid), f)
            for f in (
                "received_at",
                "channel",
                "content",
                "outcome",
                "citizen_phone",
                "citizen_address",
                "category_id",
                "on_site_answer",
            )
        },
        citizen_name="李思婷",
    )
    store.correct_registration(rid, draft, reason="姓名听错", by=by)
    return rid


def test_the_timeline_shows_every_move_of_the_office(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    view = open_view(qtbot, session, _a_long_history(store, clerk, desk))
    text = view.timeline_text()
    for expected in (
        "催办承办单位：电话催办",
        "单位称本周内处理",
        "申请延期 5 个工作日",
        "同意延期：答复期限延至",
        "被承办单位退回",
        "理由：不属本单位职责",
        "重新交办，交办单",
        "回访未接通",
        "无人接听",
        "不满意原因：诉求超出政策范围",
        "解释办结",
        "解释：已解释拆迁补偿政策",
        "重办",
        "理由：群众再次来访",
    ):
        assert expected in text, expected


def test_a_correction_shows_old_and_new_values_and_its_reason(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    view = open_view(qtbot, session, _a_long_history(store, clerk, desk))
    text = view.timeline_text()
    assert "更正交办单" in text and "督办人：王代表 → 李主任" in text and "理由：督办人填错" in text
    assert "更正登记" in text and "李四婷 → 李思婷" in text and "理由：姓名听错" in text


def test_the_timeline_scrolls_to_the_newest_event(
    qtbot,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    rid = _a_long_history(store, clerk, desk)
    view = CaseView(session, rid)
    qtbot.addWidget(view)
    view.resize(900, 480)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    bar = view.timeline.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=5_000)


def test_the_timeline_stays_at_the_newest_event_while_its_text_grows(
    qtbot,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    """A long timeline is laid out in steps after it is shown: the view follows its end."""
    from PySide6.QtGui import QTextCursor

    view = open_view(qtbot, session, _a_long_history(store, clerk, desk))
    bar = view.timeline.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.value() == bar.maximum(), timeout=5_000)
    before = bar.maximum()
    cursor = QTextCursor(view.timeline.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertHtml("<p>……</p>" * 40)  # the layout growing after the scroll to the end
    qtbot.waitUntil(lambda: bar.maximum() > before, timeout=5_000)
    assert bar.value() == bar.maximum()


def test_the_timeline_stays_where_the_user_scrolled(
    qtbot,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    from PySide6.QtGui import QTextCursor

    view = open_view(qtbot, session, _a_long_history(store, clerk, desk))
    bar = view.timeline.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0 and bar.value() == bar.maximum(), timeout=5_000)
    bar.setValue(0)  # the user reads the oldest events
    cursor = QTextCursor(view.timeline.document())
    cursor.movePosition(QTextCursor.MoveOperation.End)
    cursor.insertHtml("<p>……</p>" * 40)
    assert bar.value() == 0


def test_slips_and_extensions_are_listed_beside_the_reception(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    view = open_view(qtbot, session, _a_long_history(store, clerk, desk))
    slips = view.findChild(QLabel, "slipsValue").text()
    assert "区交通运输局" in slips and "被退回（不属本单位职责）" in slips
    assert "已同意" in view.findChild(QLabel, "extensionsValue").text()
    assert "共 1 次" in view.findChild(QLabel, "chasesValue").text()
    assert "共 1 次" in view.findChild(QLabel, "attemptsValue").text()


@pytest.mark.parametrize(
    ("state", "words"),
    [
        ("waiting", "待交办，应于 2026-11-25 星期三 前开具交办单"),
        ("referred", "待答复，应于"),
        ("returned", "已被退回，应于 2026-11-25 星期三 前重新交办"),
        ("dissatisfied", "待二次督办，应于 2026-11-25 星期三 前开具交办单"),
        ("reopened", "重办，应于 2026-11-25 星期三 前开具交办单"),
    ],
)
def test_every_waiting_state_says_until_when(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
    state: str,
    words: str,
) -> None:
    rid = desk.waiting if state == "waiting" else desk.referred
    if state == "returned":
        store.return_slip(rid, returned_on=store.today(), reason="送错单位", by=clerk.id)
    elif state in ("dissatisfied", "reopened"):
        cf.reply(store, clerk, rid)
        cf.callback(store, clerk, rid, Verdict.DISSATISFIED if state == "dissatisfied" else Verdict.SATISFIED)
        if state == "reopened":
            store.sign_off(rid, by=clerk.id)
            store.reopen(rid, reason="群众再次来访", by=clerk.id)
    view = open_view(qtbot, session, rid)
    assert view.waiting_label.isVisible() and view.waiting_label.text().startswith(words)
    assert "超期" not in view.waiting_label.text()


def test_a_slip_to_issue_overdue_says_by_how_many_days(
    qtbot, zh, session: DeskSession, desk: Desk, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.now += timedelta(days=7)  # 11-27: the slip was to be issued by 11-25
    view = open_view(qtbot, session, desk.waiting)
    assert view.waiting_label.text() == "待交办，应于 2026-11-25 星期三 前开具交办单（已超期 2 天）"
    assert view.overdue_label.isVisible()


def test_a_closed_case_waits_for_nothing(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.on_site)
    assert not view.waiting_label.isVisible()


def test_new_statuses_have_their_chinese_names(
    qtbot,
    zh,
    session: DeskSession,
    desk: Desk,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    store.withdraw(desk.referred, reason="群众撤回", by=clerk.id)
    view = open_view(qtbot, session, desk.referred)
    assert view.status_label.text() == "已撤回"
    assert view.next_label.text() == "群众已撤回。"


def test_a_merged_case_opens_the_case_it_was_merged_into(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    store.merge(desk.waiting, into_id=desk.referred, reason="重复登记", by=clerk.id)
    view = open_view(qtbot, session, desk.waiting)
    assert view.merged_button.isVisible()
    with qtbot.waitSignal(view.open_case_requested, timeout=1_000) as asked:
        view.merged_button.click()
    assert asked.args == [desk.referred]


def test_a_group_s_head_count_and_the_note_are_shown(  # type: ignore[no-untyped-def]
    qtbot, zh, session: DeskSession, store: DeskStore, clerk: OperatorInfo
) -> None:
    draft = ReceptionDraft(
        received_at=store.clock() - timedelta(hours=1),
        channel="walk_in",
        content="十二户居民反映小区电梯停运",
        outcome="needs_referral",
        citizen_name="刘䶮",
        citizen_phone="13912345678",
        headcount=12,
        note="居民代表联名",
    )
    rid = store.register_reception(draft, by=clerk.id)
    view = open_view(qtbot, session, rid)
    assert view.findChild(QLabel, "headcountValue").text() == "12"
    assert view.findChild(QLabel, "noteValue").text() == "居民代表联名"


def test_one_person_shows_no_head_count_row(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.waiting)
    assert view.findChild(QLabel, "headcountValue") is None
