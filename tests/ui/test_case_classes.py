"""Case classes in the window (类案, issue 14): a similar case ticked beside the reception form is
linked in the same save; the case view shows the class with its members and refers it together,
records the class reply, settles it and prints the class slip; a duty deputy sees only what they
may do. A real desk file, real widgets."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import Qt

from desk_app.domain.validation import ReceptionDraft
from desk_app.storage.class_store import ClassStore
from desk_app.storage.store import DeskStore
from desk_app.ui.case_class import ClassReplyDialog, JoinClassDialog, ReferClassDialog, SettleClassDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.reception_form import ReceptionForm
from desk_app.ui.session import DeskSession
from tests.ui.conftest import type_chinese, wait_for_ops


def _case(store: DeskStore, by: str, content: str) -> str:
    draft = ReceptionDraft(
        received_at=store.clock() - timedelta(hours=1),
        channel="walk_in",
        content=content,
        outcome="needs_referral",
    )
    return store.register_reception(draft, by=by)


def _view(session: DeskSession, rid: str, qtbot) -> CaseView:  # type: ignore[no-untyped-def]
    view = CaseView(session, rid)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.class_box.loaded, timeout=10_000):
        view.show()
    wait_for_ops(qtbot)
    return view


def _class_of_three(session: DeskSession) -> tuple[str, list[str]]:
    store, by = session.store, session.operator.id
    store.save_handling_unit(by=by, name="区住建局")
    ids = [_case(store, by, f"幸福小区{n}号楼加装电梯") for n in range(3)]
    classes = ClassStore(store)
    class_id = classes.form(ids[0], "老旧小区加装电梯", by=by)
    for rid in ids[1:]:
        classes.add(class_id, rid, by=by)
    return class_id, ids


def test_a_similar_case_ticked_beside_the_form_is_linked_when_the_reception_is_saved(
    qtbot, store: DeskStore, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    draft = ReceptionDraft(
        received_at=datetime(2026, 10, 9, 9, 30),
        channel="walk_in",
        content="建设小区门口的路灯坏了一个月，晚上很黑",
        outcome="needs_referral",
    )
    old = store.register_reception(draft, by=session.operator.id)
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    with qtbot.waitSignal(form.similar.suggested, timeout=5_000):
        type_chinese(form.content, "小区的路灯不亮了，晚上太黑")
    form.similar.list.item(0).setCheckState(Qt.CheckState.Checked)
    assert form.similar.link_target() == old and form.similar.link_row.isVisibleTo(form.similar)
    with qtbot.waitSignal(form.saved, timeout=10_000) as blocker:
        form.save()
    new = blocker.args[0]
    info = ClassStore(store).class_of_case(new)
    assert info is not None and {m.reception_id for m in info.members} == {old, new}
    assert form.similar.link_target() is None  # the next citizen starts unlinked
    wait_for_ops(qtbot)


def test_ticking_a_second_suggestion_unticks_the_first(qtbot, store: DeskStore, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    by = session.operator.id
    first = _case(store, by, "建设小区门口的路灯坏了，晚上很黑")
    second = _case(store, by, "建设小区的路灯不亮，晚上很黑")
    form = ReceptionForm(session)
    qtbot.addWidget(form)
    with qtbot.waitSignal(form.loaded, timeout=10_000):
        form.show()
    with qtbot.waitSignal(form.similar.suggested, timeout=5_000):
        type_chinese(form.content, "建设小区路灯不亮，晚上很黑")
    items = {
        form.similar.list.item(r).data(Qt.ItemDataRole.UserRole): form.similar.list.item(r) for r in range(2)
    }
    items[first].setCheckState(Qt.CheckState.Checked)
    items[second].setCheckState(Qt.CheckState.Checked)
    assert items[first].checkState() == Qt.CheckState.Unchecked
    assert form.similar.link_target() == second
    wait_for_ops(qtbot)


def test_the_case_view_shows_the_class_and_its_members(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _class_id, ids = _class_of_three(session)
    view = _view(session, ids[1], qtbot)
    box = view.class_box
    assert "老旧小区加装电梯" in box.summary.text() and "3" in box.summary.text()
    assert box.members.count() == 3
    assert box.refer_button.isVisibleTo(box) and box.settle_button.isVisibleTo(box)
    assert "Put into the case class" in view.timeline_text()


def test_referring_the_class_together_refers_every_member_and_prints_one_slip(
    qtbot, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    _class_id, ids = _class_of_three(session)
    view = _view(session, ids[0], qtbot)
    view.class_box.open_refer()
    dialog = view.class_box.dialog
    assert isinstance(dialog, ReferClassDialog)
    qtbot.waitUntil(lambda: dialog.unit_combo.count() == 1, timeout=5_000)
    with qtbot.waitSignal(view.class_box.loaded, timeout=10_000):
        dialog.submit()
    wait_for_ops(qtbot)
    assert {session.store.case_detail(rid).status for rid in ids} == {"referred"}
    box = view.class_box
    assert box.print_button.isVisibleTo(box) and not box.refer_button.isVisibleTo(box)
    with qtbot.waitSignal(box.slip_previewed, timeout=20_000):
        box.print_slip()
    box.preview.close()  # type: ignore[union-attr]
    wait_for_ops(qtbot)


def test_the_class_reply_is_recorded_on_the_members_from_the_case_view(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    class_id, ids = _class_of_three(session)
    store = session.store
    unit = store.handling_units()[0]
    from desk_app.domain.validation import ReferralDraft

    ClassStore(store).refer_together(
        class_id, ReferralDraft(unit.id, "王科长", store.today(), 10, "赵代表"), by=session.operator.id
    )
    view = _view(session, ids[2], qtbot)
    view.class_box.open_reply()
    dialog = view.class_box.dialog
    assert isinstance(dialog, ClassReplyDialog)
    dialog.text_edit.setPlainText("已制定加装电梯协商规则")
    with qtbot.waitSignal(view.class_box.loaded, timeout=10_000):
        dialog.submit()
    wait_for_ops(qtbot)
    assert {store.case_detail(rid).status for rid in ids} == {"replied"}


def test_settling_the_class_shows_in_the_timeline_and_a_refusal_keeps_the_dialog(
    qtbot, session: DeskSession
) -> None:  # type: ignore[no-untyped-def]
    _class_id, ids = _class_of_three(session)
    view = _view(session, ids[0], qtbot)
    view.class_box.open_settle()
    dialog = view.class_box.dialog
    assert isinstance(dialog, SettleClassDialog)
    dialog.submit()  # no rule or measure written
    qtbot.waitUntil(lambda: dialog.banner.isVisible(), timeout=5_000)
    assert "解决办法未填写" in dialog.banner.text.text() and dialog.isVisible()
    dialog.note_edit.setPlainText("区住建局出台加装电梯协商议事规则")
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        dialog.submit()
    wait_for_ops(qtbot)
    assert "区住建局出台加装电梯协商议事规则" in view.timeline_text()
    assert "区住建局出台加装电梯协商议事规则" in view.class_box.settled.text()
    assert not view.class_box.settle_button.isVisibleTo(view.class_box)


def test_a_duty_deputy_may_put_a_case_into_a_class_but_not_refer_or_settle(
    qtbot, session_for, store: DeskStore, clerk
) -> None:  # type: ignore[no-untyped-def]
    deputy = session_for("deputy")
    single = _case(store, clerk.id, "井盖缺失")
    view = _view(deputy, single, qtbot)
    assert view.class_box.join_button.isVisibleTo(view.class_box)
    a, b = _case(store, clerk.id, "路灯不亮"), _case(store, clerk.id, "路灯又不亮")
    ClassStore(store).link(b, a, by=clerk.id)
    other = _view(deputy, b, qtbot)
    box = other.class_box
    assert box.members.count() == 2
    for button in (box.refer_button, box.settle_button, box.remove_button):
        assert not button.isVisibleTo(box)


def test_a_case_is_put_into_a_new_class_from_the_case_view(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    rid = _case(session.store, session.operator.id, "小区飞线充电")
    view = _view(session, rid, qtbot)
    view.class_box.open_join()
    dialog = view.class_box.dialog
    assert isinstance(dialog, JoinClassDialog)
    dialog.subject_edit.setText("电动车飞线充电")
    with qtbot.waitSignal(view.class_box.loaded, timeout=10_000):
        dialog.submit()
    wait_for_ops(qtbot)
    assert "电动车飞线充电" in view.class_box.summary.text()
    assert not view.class_box.join_button.isVisibleTo(view.class_box)


def test_the_settlement_typed_and_cancelled_comes_back_as_a_draft(qtbot, session: DeskSession) -> None:  # type: ignore[no-untyped-def]
    _class_id, ids = _class_of_three(session)
    view = _view(session, ids[0], qtbot)
    view.class_box.open_settle()
    dialog = view.class_box.dialog
    assert isinstance(dialog, SettleClassDialog)
    type_chinese(dialog.note_edit, "街道统一规划充电车棚")
    dialog.reject()
    view.class_box.open_settle()
    again = view.class_box.dialog
    assert isinstance(again, SettleClassDialog) and again is not dialog
    assert again.note_edit.toPlainText() == "街道统一规划充电车棚"
    assert again.banner.isVisible()
    again.reject()
    wait_for_ops(qtbot)
