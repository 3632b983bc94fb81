"""The directories: add and edit entries, refusals shown plainly, deactivate instead of delete."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QMessageBox

from desk_app.storage.store import DeskStore
from desk_app.ui.directories import DirectoriesPanel, DirectorySection, EntryDialog
from desk_app.ui.session import DeskSession
from tests.constants import DEPUTY_PIN

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


def test_duplicate_category_is_refused_next_to_the_name(qtbot, panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
                                                       store: DeskStore) -> None:
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


def test_signed_in_operator_cannot_deactivate_themselves(qtbot, panel: DirectoriesPanel,  # type: ignore[no-untyped-def]
                                                        store: DeskStore) -> None:
    section = _section(qtbot, panel, "operator")
    section.table.selectRow(0)
    section.toggle_active()
    box = section.findChild(QMessageBox, "problemBox")
    assert box is not None
    box.close()
    assert len(store.operators()) == 1
