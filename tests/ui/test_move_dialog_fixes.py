"""The move dialogs' fixes of issue 10: the callback shows the unit's reply and needs a dissatisfied
citizen's words, the refer confirmation prints the slip, the supervisor box falls back to the
roster, and a date out of range is refused with a reason instead of snapping back."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

from desk_app.domain.vocab import Verdict
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_actions import ActionDialog, CallbackDialog, ReferDialog, ReplyDialog
from desk_app.ui.case_office_moves import ReturnDialog
from desk_app.ui.case_view import CaseView
from desk_app.ui.directories import DirectoriesPanel
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.roster_panel import DeputyDialog
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk, wait_idle
from .conftest import type_chinese

built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def open_dialog(qtbot, cls: type[ActionDialog], session: DeskSession, reception_id: str) -> ActionDialog:  # type: ignore[no-untyped-def]
    dialog = cls(session, session.store.case_detail(reception_id))
    qtbot.addWidget(dialog)
    dialog.show()
    wait_idle(qtbot)
    return dialog


def _replied(store: DeskStore, clerk: OperatorInfo, desk: Desk) -> str:
    cf.reply(store, clerk, desk.referred, "已更换电梯控制板，恢复运行")
    return desk.referred


# -- the callback ------------------------------------------------------------------------------------


def test_the_callback_dialog_shows_the_units_reply_to_read_out(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, clerk, desk))
    reply = dialog.findChild(type(dialog.verdict_hint), "replyText")
    caption = dialog.findChild(type(dialog.verdict_hint), "replyCaption")
    assert reply is not None and reply.text() == "已更换电梯控制板，恢复运行"
    assert caption is not None and desk.unit.name in caption.text()
    assert store.today().isoformat() in caption.text()


def test_a_dissatisfied_callback_without_the_citizens_words_is_not_saved(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, clerk, desk))
    assert isinstance(dialog, CallbackDialog)
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    dialog.cause_buttons[next(iter(dialog.cause_buttons))].click()
    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible() and dialog.errors.text("citizen_words") == dialog.words_required_text()
    assert store.case_detail(desk.referred).status == "replied"


def test_a_dissatisfied_callback_with_the_citizens_words_is_saved(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    dialog = open_dialog(qtbot, CallbackDialog, session, _replied(store, clerk, desk))
    assert isinstance(dialog, CallbackDialog)
    dialog.verdict_buttons[Verdict.DISSATISFIED].click()
    dialog.cause_buttons[next(iter(dialog.cause_buttons))].click()
    type_chinese(dialog.words_edit, "电梯还是经常停")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    assert store.case_detail(desk.referred).callbacks[-1].citizen_words == "电梯还是经常停"


# -- the refer confirmation prints the slip ------------------------------------------------------------


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_refer_confirmation_prints_the_new_slip(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = CaseView(session, desk.waiting)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        view.show()
    dialog = view.open_refer_dialog()
    assert isinstance(dialog, ReferDialog)
    wait_idle(qtbot)
    dialog.unit_combo.setCurrentIndex(dialog.unit_combo.findData(desk.unit.id))
    dialog.supervisor_combo.setEditText("王代表")
    with qtbot.waitSignal(dialog.saved, timeout=10_000):
        dialog.save_button.click()
    assert dialog.print_button.isVisible() and dialog.print_button.isDefault()
    with qtbot.waitSignal(view.slip_previewed, timeout=15_000) as opened:
        dialog.print_button.click()
    preview = opened.args[0]
    assert isinstance(preview, PdfPreviewDialog) and preview.page_count() >= 1
    assert dialog.result_referral is not None and dialog.result_referral.serial in preview.windowTitle()
    preview.close()


# -- the supervisor box ---------------------------------------------------------------------------------


def _items(dialog: ReferDialog) -> list[str]:
    combo = dialog.supervisor_combo
    return [combo.itemText(i) for i in range(combo.count()) if combo.itemText(i)]


def test_with_nobody_named_the_supervisor_box_offers_the_whole_roster(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    for name in ("赵一", "钱二", "孙三"):
        store.save_deputy(by=clerk.id, name=name)
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    assert isinstance(dialog, ReferDialog)
    items = _items(dialog)
    assert {"赵一", "钱二", "孙三"} <= set(items)
    assert items[0] == dialog.tr("All deputies on the roster")  # a heading, not a name


def test_deputies_on_duty_today_come_first_and_one_is_the_default(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore, clerk: OperatorInfo
) -> None:
    for name in ("赵一", "钱二"):
        store.save_deputy(by=clerk.id, name=name)
    on_duty = store.save_deputy(by=clerk.id, name="孙三")
    store.add_assignment(by=clerk.id, day=store.today(), period="full_day", deputy_id=on_duty.id)
    dialog = open_dialog(qtbot, ReferDialog, session, desk.waiting)
    assert isinstance(dialog, ReferDialog)
    items = _items(dialog)
    assert items[:2] == [dialog.tr("On duty today"), "孙三"]
    assert items.index("赵一") > items.index(dialog.tr("All deputies on the roster"))
    assert items.count("孙三") == 1
    assert dialog.supervisor_combo.currentText() == "孙三"


# -- dates out of range ---------------------------------------------------------------------------------


def test_a_reply_date_in_the_future_stays_and_says_why(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore
) -> None:
    dialog = open_dialog(qtbot, ReplyDialog, session, desk.referred)
    assert isinstance(dialog, ReplyDialog)
    tomorrow = store.today() + timedelta(days=1)
    dialog.replied_on.setDate(tomorrow)
    assert dialog.replied_on.date().toPython() == tomorrow  # not snapped back in silence
    assert tomorrow.isoformat() in dialog.errors.text("replied_on")
    type_chinese(dialog.reply_edit, "已修好")
    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible() and store.case_detail(desk.referred).status == "referred"


def test_a_return_dated_before_the_slip_says_the_earliest_date(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, desk: Desk, store: DeskStore
) -> None:
    dialog = open_dialog(qtbot, ReturnDialog, session, desk.referred)
    assert isinstance(dialog, ReturnDialog)
    slip = store.case_detail(desk.referred).current_referral
    assert slip is not None
    dialog.returned_on.setDate(slip.referred_on - timedelta(days=3))
    assert slip.referred_on.isoformat() in dialog.errors.text("returned_on")
    dialog.returned_on.setDate(slip.referred_on)
    assert dialog.errors.text("returned_on") == ""


# -- directory entries: too long is said, not cut --------------------------------------------------------


def test_a_units_address_pasted_too_long_is_kept_and_not_saved(
    qtbot, session: DeskSession, store: DeskStore
) -> None:  # type: ignore[no-untyped-def]
    panel = DirectoriesPanel(session)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.sections["handling_unit"].loaded, timeout=10_000):
        panel.show()
    dialog = panel.sections["handling_unit"].add()
    qtbot.addWidget(dialog)
    type_chinese(dialog.inputs["name"], "五星街道办事处")
    address = "幸福路" * 70  # 210 characters, the limit is 200
    dialog.inputs["address"].setText(address)  # type: ignore[attr-defined]
    assert dialog.inputs["address"].text() == address  # type: ignore[attr-defined]
    assert "200" in dialog.error_text("address") and "210" in dialog.error_text("address")
    dialog.submit()
    wait_idle(qtbot)
    assert dialog.isVisible() and store.handling_units() == []


def test_a_deputys_name_pasted_too_long_is_kept_and_refused_with_the_limit(  # type: ignore[no-untyped-def]
    qtbot, session: DeskSession, store: DeskStore
) -> None:
    dialog = DeputyDialog(session, None)
    qtbot.addWidget(dialog)
    dialog.show()
    name = "欧阳" * 30  # 60 characters, the limit is 50
    dialog.name_edit.setText(name)
    assert dialog.name_edit.text() == name and "50" in dialog.errors.text("name")
    dialog.level_combo.setCurrentIndex(dialog.level_combo.findData("township"))
    dialog.save_button.click()
    wait_idle(qtbot)
    assert dialog.isVisible() and "50" in dialog.errors.text("name")
    assert store.deputy_profiles(include_inactive=True) == []
