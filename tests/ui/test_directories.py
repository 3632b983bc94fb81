"""The directories: add and edit entries, refusals shown plainly, deactivate instead of delete."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtWidgets import QMessageBox

from desk_app.domain.pins import LOCK_AFTER, LOCK_MINUTES
from desk_app.storage.errors import SignInRefused
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.audit_trail import PAGE_SIZE
from desk_app.ui.directories import DirectoriesPanel, DirectorySection, EntryDialog
from desk_app.ui.session import DeskSession
from tests.constants import CLERK_PIN, DEPUTY_PIN, OTHER_PIN

from .conftest import type_chinese, wait_for_ops


@pytest.fixture
def panel(qtbot, session: DeskSession) -> Iterator[DirectoriesPanel]:  # type: ignore[no-untyped-def]
    p = DirectoriesPanel(session)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.sections["handling_unit"].loaded, timeout=10_000):
        p.show()
    yield p
    wait_for_ops(qtbot)


def _section(qtbot, panel: DirectoriesPanel, key: str) -> DirectorySection:  # type: ignore[no-untyped-def]
    section = panel.sections[key]
    if key == "handling_unit":
        return section
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        panel.show_section(key)
    return section


def _save(qtbot, dialog: EntryDialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.submit()


def test_adding_a_handling_unit_lists_it(qtbot, panel: DirectoriesPanel, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    section = panel.sections["handling_unit"]
    dialog = section.add()
    type_chinese(dialog.inputs["name"], "五星街道办事处")
    type_chinese(dialog.inputs["contact_person"], "赵主任")
    dialog.inputs["phone"].setText("0376-6221234")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        _save(qtbot, dialog)
    assert section.table.rowCount() == 1
    assert section.table.item(0, 0).text() == "五星街道办事处"
    assert [u.name for u in store.handling_units()] == ["五星街道办事处"]


def test_duplicate_category_is_refused_next_to_the_name(
    qtbot,
    panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    section = _section(qtbot, panel, "category")
    dialog = section.add()
    qtbot.addWidget(dialog)
    type_chinese(dialog.inputs["name"], "养老")
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.error_text("name")), timeout=10_000)
    assert "养老" in dialog.error_text("name")
    assert dialog.isVisible()
    assert [c.name for c in store.categories()].count("养老") == 1


def test_editing_a_category_renames_it(qtbot, panel: DirectoriesPanel, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    section = _section(qtbot, panel, "category")
    section.table.selectRow(0)
    dialog = section.edit()
    assert dialog is not None
    dialog.inputs["name"].clear()
    type_chinese(dialog.inputs["name"], "养老服务")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        _save(qtbot, dialog)
    assert "养老服务" in [c.name for c in store.categories()]


def test_an_added_operator_can_sign_in(qtbot, panel: DirectoriesPanel, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    section = _section(qtbot, panel, "operator")
    dialog = section.add()
    type_chinese(dialog.inputs["operator_name"], "张伟")
    dialog.inputs["operator_role"].setCurrentIndex(dialog.inputs["operator_role"].findData("deputy"))
    qtbot.keyClicks(dialog.inputs["secret"], DEPUTY_PIN)
    qtbot.keyClicks(dialog.inputs["secret_again"], DEPUTY_PIN)
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        _save(qtbot, dialog)
    zhang = next(o for o in store.operators() if o.name == "张伟")
    assert store.sign_in(zhang.id, DEPUTY_PIN).role == "deputy"


def test_signed_in_operator_cannot_deactivate_themselves(
    qtbot,
    panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    section = _section(qtbot, panel, "operator")
    section.table.selectRow(0)
    section.toggle_active()
    box = section.findChild(QMessageBox, "problemBox")
    assert box is not None
    box.close()
    assert len(store.operators()) == 1


# -- operators -------------------------------------------------------------------------------------


def _panel(qtbot, session: DeskSession) -> DirectoriesPanel:  # type: ignore[no-untyped-def]
    p = DirectoriesPanel(session)
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.sections["handling_unit"].loaded, timeout=10_000):
        p.show()
    return p


def _select(section: DirectorySection, name: str) -> None:
    row = next(i for i, r in enumerate(section.rows) if r.name == name)
    section.table.selectRow(row)


def test_new_operators_get_the_roles_this_desk_may_give(qtbot, chinese, panel: DirectoriesPanel) -> None:  # type: ignore[no-untyped-def]
    section = _section(qtbot, panel, "operator")
    dialog = section.add()
    qtbot.addWidget(dialog)
    combo = dialog.inputs["operator_role"]
    assert [combo.itemData(i) for i in range(combo.count())] == ["deputy", "clerk", "admin"]
    assert [combo.itemText(i) for i in range(combo.count())] == ["值班代表", "驻站工作人员", "管理员"]


def test_a_weak_pin_for_a_new_operator_is_refused_next_to_the_field(
    qtbot,
    chinese,
    panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
    store: DeskStore,
) -> None:
    section = _section(qtbot, panel, "operator")
    dialog = section.add()
    qtbot.addWidget(dialog)
    type_chinese(dialog.inputs["operator_name"], "张伟")
    qtbot.keyClicks(dialog.inputs["secret"], "111111")
    qtbot.keyClicks(dialog.inputs["secret_again"], "111111")
    dialog.submit()
    assert dialog.error_text("secret") == "PIN 不能是重复的数字（如 000000、121212）。"
    assert dialog.isVisible() and dialog.inputs["operator_name"].text() == "张伟"
    assert [o.name for o in store.operators()] == ["李明"]


def test_changing_an_operators_role(
    qtbot,
    panel: DirectoriesPanel,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
) -> None:
    store.add_operator(by=clerk.id, name="张伟", role="deputy", secret=DEPUTY_PIN)
    section = _section(qtbot, panel, "operator")
    _select(section, "张伟")
    dialog = section.change_role()
    assert dialog is not None
    combo = dialog.inputs["operator_role"]
    assert combo.currentData() == "deputy"
    combo.setCurrentIndex(combo.findData("clerk"))
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        _save(qtbot, dialog)
    assert next(o for o in store.operators() if o.name == "张伟").role == "clerk"


def test_the_last_administrator_keeps_the_role_and_the_dialog_says_why(  # type: ignore[no-untyped-def]
    qtbot, chinese, panel: DirectoriesPanel, store: DeskStore, clerk: OperatorInfo
) -> None:
    section = _section(qtbot, panel, "operator")
    _select(section, "李明")
    dialog = section.change_role()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.inputs["operator_role"].setCurrentIndex(dialog.inputs["operator_role"].findData("clerk"))
    dialog.submit()
    qtbot.waitUntil(lambda: bool(dialog.banner_text()), timeout=10_000)
    assert dialog.banner_text() == "这是本机唯一在用的管理员，不能停用或改为其他身份：请先指定另一位管理员。"
    assert dialog.isVisible()
    assert store.operators()[0].role == "admin"


def test_a_reset_pin_is_checked_by_the_rules_and_then_saved(
    qtbot,
    chinese,
    panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    zhang = store.add_operator(by=clerk.id, name="张伟", role="deputy", secret=DEPUTY_PIN)
    section = _section(qtbot, panel, "operator")
    _select(section, "张伟")
    assert section.reset_button.isVisible()
    dialog = section.reset_pin()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.keyClicks(dialog.inputs["secret"], "123456")
    qtbot.keyClicks(dialog.inputs["secret_again"], "123456")
    dialog.submit()
    assert dialog.error_text("secret") == "PIN 不能是连续的数字（如 123456、987654）。"
    dialog.inputs["secret"].clear()
    dialog.inputs["secret_again"].clear()
    qtbot.keyClicks(dialog.inputs["secret"], OTHER_PIN)
    qtbot.keyClicks(dialog.inputs["secret_again"], OTHER_PIN)
    with qtbot.waitSignal(dialog.finished, timeout=10_000):
        dialog.submit()
    assert store.sign_in(zhang.id, OTHER_PIN).id == zhang.id


def test_the_office_resets_only_duty_deputies_pins(
    qtbot,
    store: DeskStore,
    clerk: OperatorInfo,  # type: ignore[no-untyped-def]
    session_for,
) -> None:
    store.add_operator(by=clerk.id, name="张伟", role="deputy", secret=DEPUTY_PIN)
    office = _panel(qtbot, session_for("clerk"))
    section = _section(qtbot, office, "operator")
    assert not section.add_button.isVisible() and not section.role_button.isVisible()
    assert not section.toggle_button.isVisible()
    _select(section, "张伟")
    assert section.reset_button.isVisible()
    _select(section, "李明")  # the administrator
    assert not section.reset_button.isVisible()


def test_a_locked_operator_shows_until_when(
    qtbot,
    chinese,
    panel: DirectoriesPanel,
    store: DeskStore,  # type: ignore[no-untyped-def]
    clerk: OperatorInfo,
    clock,
) -> None:
    zhang = store.add_operator(by=clerk.id, name="张伟", role="deputy", secret=DEPUTY_PIN)
    with pytest.raises(SignInRefused):
        store.sign_in(zhang.id, "864213")
    section = _section(qtbot, panel, "operator")
    _select(section, "张伟")
    row = section.table.currentRow()
    assert section.table.item(row, 3).text() == "连续输错 1 次"
    for _ in range(LOCK_AFTER - 1):
        clock.now += timedelta(minutes=6)  # past every wait
        with pytest.raises(SignInRefused):
            store.sign_in(zhang.id, "864213")
    until = (clock.now + timedelta(minutes=LOCK_MINUTES)).strftime("%H:%M")
    with qtbot.waitSignal(section.loaded, timeout=10_000):
        section.reload()
    _select(section, "张伟")
    assert section.table.item(section.table.currentRow(), 3).text() == f"已锁定至 {until}"


def test_a_duty_deputy_reads_the_directories_without_changing_them(qtbot, session_for) -> None:  # type: ignore[no-untyped-def]
    deputy = _panel(qtbot, session_for("deputy"))
    units = deputy.sections["handling_unit"]
    assert not units.add_button.isVisible() and not units.edit_button.isVisible()
    assert "operator" not in deputy.sections and "audit" not in deputy.pages


# -- the audit trail ------------------------------------------------------------------------------------


def test_the_audit_trail_lists_sign_ins_newest_first_in_chinese(
    qtbot,
    chinese,
    panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
) -> None:
    store.sign_in(clerk.id, CLERK_PIN)
    with pytest.raises(SignInRefused):
        store.sign_in(clerk.id, "864213")
    page = panel.audit
    assert page is not None
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        panel.show_page("audit")
    first = [page.model.index(0, c).data() for c in range(5)]
    assert first[1:] == ["登录失败（PIN 错误）", "李明", "李明", "PIN 错误，连续第 1 次"]
    assert page.model.index(1, 1).data() == "登录"
    assert len(first[0]) == len("2026-11-20 10:00:00")


def test_the_audit_trail_is_paged(
    qtbot, panel: DirectoriesPanel, store: DeskStore, clerk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    for _ in range(PAGE_SIZE + 5):
        store.sign_in(clerk.id, CLERK_PIN)
    page = panel.audit
    assert page is not None
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        panel.show_page("audit")
    assert page.model.rowCount() == PAGE_SIZE and page.next_button.isEnabled()
    assert not page.prev_button.isEnabled()
    with qtbot.waitSignal(page.loaded, timeout=10_000):
        page.next_button.click()
    assert page.model.rowCount() == 5 and not page.next_button.isEnabled() and page.prev_button.isEnabled()
