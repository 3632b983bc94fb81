"""One case from the reception form to sign-off, through a dissatisfied callback and a second round."""

from __future__ import annotations

from datetime import timedelta

from desk_app.domain.casebook import DissatisfactionCause
from desk_app.domain.vocab import Verdict
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_actions import ESCALATED_SUPERVISOR, ActionDialog, CallbackDialog, ReferDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import wait_idle
from .conftest import type_chinese

zh = cf.zh
zh_catalogue = cf.zh_catalogue


def register(qtbot, session: DeskSession) -> str:  # type: ignore[no-untyped-def]
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    type_chinese(form.citizen_name, "张三")
    qtbot.keyClicks(form.citizen_phone, "13912345678")
    type_chinese(form.content, "小区电梯经常故障，希望尽快维修")
    form.needs_referral.setChecked(True)
    with qtbot.waitSignal(form.saved, timeout=10_000) as saved:
        form.save_button.click()
    wait_idle(qtbot)
    return saved.args[0]


def save_move(qtbot, view: CaseView, dialog: ActionDialog) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignals([dialog.saved, view.loaded], timeout=10_000):
        dialog.save_button.click()
    wait_idle(qtbot)


def refer(qtbot, view: CaseView, unit_id: str, supervisor: str | None = None) -> ReferDialog:  # type: ignore[no-untyped-def]
    dialog = view.open_refer_dialog()
    assert isinstance(dialog, ReferDialog)
    wait_idle(qtbot)
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(unit_id))
    if supervisor is not None:
        dialog.supervisor_combo.setEditText(supervisor)
    save_move(qtbot, view, dialog)
    return dialog


def reply(qtbot, view: CaseView, text: str) -> None:  # type: ignore[no-untyped-def]
    dialog = view.open_reply_dialog()
    assert dialog is not None
    type_chinese(dialog.reply_edit, text)  # type: ignore[attr-defined]
    save_move(qtbot, view, dialog)


def call_back(qtbot, view: CaseView, verdict: Verdict, words: str) -> None:  # type: ignore[no-untyped-def]
    dialog = view.open_callback_dialog()
    assert isinstance(dialog, CallbackDialog)
    dialog.verdict_buttons[verdict].click()
    if verdict is Verdict.DISSATISFIED:
        dialog.cause_buttons[DissatisfactionCause.UNIT_FAULT].click()
    type_chinese(dialog.words_edit, words)
    save_move(qtbot, view, dialog)


def test_case_from_reception_to_sign_off(
    qtbot,
    zh,
    session: DeskSession,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
    clock,
) -> None:
    unit = cf.add_unit(store, clerk, name="区住建局", contact="王强")
    rid = register(qtbot, session)

    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    assert view.detail is not None and view.detail.status == "awaiting_referral"

    # Round 1.
    slip = refer(qtbot, view, unit.id, supervisor="王代表")
    assert slip.serial_label.text() == "浉河监督岗〔2026〕第001号"
    slip.close_button.click()
    clock.now += timedelta(days=5)
    reply(qtbot, view, "已联系物业，更换了电梯控制板")
    clock.now += timedelta(days=1)
    call_back(qtbot, view, Verdict.DISSATISFIED, "电梯还是经常停")
    assert view.detail.status == "dissatisfied"
    assert view.refer_button.text() == "二次督办"
    assert not view.sign_off_button.isEnabled()

    # Round 2: 二次督办 on a new slip, supervised from higher up.
    second = view.open_refer_dialog()
    assert isinstance(second, ReferDialog)
    wait_idle(qtbot)
    assert second.round_no == 2
    assert second.supervisor_combo.currentText() == ESCALATED_SUPERVISOR
    assert second.unit_combo.currentData() == unit.id
    save_move(qtbot, view, second)
    assert second.serial_label.text() == "浉河监督岗〔2026〕第002号"
    assert "第 2 轮 · 二次督办" in second.done_detail.text()
    second.close_button.click()
    assert view.round_label.text() == "第 2 轮 · 二次督办"

    clock.now += timedelta(days=3)
    reply(qtbot, view, "已整体更换电梯主机")
    clock.now += timedelta(days=1)
    call_back(qtbot, view, Verdict.SATISFIED, "现在电梯正常了，满意")
    assert view.sign_off_button.isEnabled()

    sign_off = view.open_sign_off_dialog()
    assert sign_off is not None
    type_chinese(sign_off.note_edit, "群众满意，同意销号")  # type: ignore[attr-defined]
    save_move(qtbot, view, sign_off)

    detail = view.detail
    assert detail.status == "signed_off"
    assert [e.kind for e in detail.timeline] == [
        "received",
        "referred",
        "replied",
        "callback",
        "referred",
        "replied",
        "callback",
        "signed_off",
    ]
    assert [e.round_no for e in detail.timeline if e.kind == "referred"] == [1, 2]
    text = view.timeline_text()
    for expected in (
        "接待登记",
        "第 1 轮",
        "浉河监督岗〔2026〕第001号",
        "回访：不满意",
        "电梯还是经常停",
        "第 2 轮 · 二次督办",
        "浉河监督岗〔2026〕第002号",
        "督办人：人大常委会办公室",
        "回访：满意",
        "销号人：李明",
        "群众满意，同意销号",
    ):
        assert expected in text, expected
    assert text.index("第001号") < text.index("第 2 轮") < text.index("第002号") < text.index("销号人")
    assert not any(
        b.isEnabled()
        for b in (view.refer_button, view.reply_button, view.callback_button, view.sign_off_button)
    )
