"""`--lang en`, continued (tests/ui/test_english_window.py walks the window's pages, menus and
main dialogs): the sign-in and setup windows, every move and correction dialog a case offers,
and the tally's tooltips show no Chinese. The desk's data is all ASCII, as there."""

from __future__ import annotations

import re
from collections.abc import Iterator

from PySide6.QtWidgets import QTableWidget, QWidget

from desk_app.storage.case_moves import ExtensionDraft
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_view import MOVE_DIALOGS, CaseView
from desk_app.ui.reports.tally_tab import TallyTab
from desk_app.ui.session import DeskSession
from desk_app.ui.setup_wizard import SetupWizard
from desk_app.ui.sign_in import SignInDialog

from . import test_english_window as base
from .case_fixtures import add_case, refer, reply
from .test_english_window import CJK, _chinese_in, _serials, _settle

# The English window's fixtures (an English translator; a desk whose data is all ASCII).
english = base.english
ascii_desk = base.ascii_desk

# Data the shared case fixtures write in Chinese (the handler of every slip, a dissatisfied
# citizen's words): user data, not the window's words.
FIXTURE_DATA = ["王强", "还是没有修好"]
# The setup window previews the slip number in the station's official pattern (〔2026〕第001号),
# which every language keeps (see tests/ui/test_english_window.py).
SLIP_NUMBER = re.compile(r"〔\d{4}〕第\d+号")


def _tooltips(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, tooltip) of `widget`, its visible children, and its tables' cells and headers."""
    for child in [widget, *widget.findChildren(QWidget)]:
        if not child.isVisible() and child is not widget:
            continue
        name = f"{type(child).__name__}#{child.objectName()}"
        yield name, child.toolTip()
        if isinstance(child, QTableWidget):
            for c in range(child.columnCount()):
                header = child.horizontalHeaderItem(c)
                if header is not None:
                    yield f"{name} header {c}", header.toolTip()
            for r in range(child.rowCount()):
                for c in range(child.columnCount()):
                    item = child.item(r, c)
                    if item is not None:
                        yield f"{name} ({r}, {c})", item.toolTip()


def _chinese_tips(widget: QWidget, where: str) -> list[str]:
    return [f"{where}: {place}: {tip!r}" for place, tip in _tooltips(widget) if CJK.search(tip)]


def test_no_chinese_in_the_english_setup_window(qtbot, english, store: DeskStore) -> None:  # type: ignore[no-untyped-def]
    wizard = SetupWizard(store)
    qtbot.addWidget(wizard)
    wizard.show()
    _settle(qtbot)
    found = [f for f in _chinese_in(wizard, [], "setup") if CJK.search(SLIP_NUMBER.sub("", f))]
    found += _chinese_tips(wizard, "setup")
    assert found == [], "\n".join(found)


def test_no_chinese_in_the_english_sign_in_window(
    qtbot, english, store: DeskStore, ascii_desk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    dialog = SignInDialog(store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=10_000):
        dialog.show()
    _settle(qtbot)
    found = _chinese_in(dialog, [], "sign in") + _chinese_tips(dialog, "sign in")
    assert found == [], "\n".join(found)


def test_no_chinese_in_the_english_tally_tooltips(
    qtbot, english, store: DeskStore, ascii_desk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    tab = TallyTab(DeskSession(store, store.station(), ascii_desk))
    qtbot.addWidget(tab)
    with qtbot.waitSignal(tab.tally_loaded, timeout=10_000):
        tab.show()
    found = []
    for i in range(tab.breakdowns.count()):
        tab.breakdowns.setCurrentIndex(i)
        _settle(qtbot)
        found += _chinese_tips(tab, f"tally / {tab.breakdowns.tabText(i)}")
    assert sorted(set(found)) == [], "\n".join(sorted(set(found)))


def test_no_chinese_in_any_move_dialog_of_the_english_window(
    qtbot, english, store: DeskStore, ascii_desk: OperatorInfo
) -> None:  # type: ignore[no-untyped-def]
    session = DeskSession(store, store.station(), ascii_desk)
    # An extension asked on a referred case (deciding it is a dialog too), a referred case
    # without one (asking is), and a reply waiting for its callback (calling back, not reached).
    referred = next(
        c for c in store.list_cases(store.case_filter(), limit=10) if c.citizen_name == "Zhang San"
    )
    store.request_extension(
        referred.id,
        ExtensionDraft(requested_on=store.today(), reason="Parts on order", extra_working_days=5),
        by=ascii_desk.id,
    )
    unit = store.handling_units()[0]
    waiting = add_case(store, ascii_desk, name="Zhou Ba", content="Pothole at the school gate")
    refer(store, ascii_desk, waiting, unit.id, supervisor="Wang Jianguo")
    replied = add_case(store, ascii_desk, name="Wu Jiu", content="Water pressure is low")
    refer(store, ascii_desk, replied, unit.id, supervisor="Wang Jianguo")
    reply(store, ascii_desk, replied, text="The pump was replaced")
    serials = _serials(store)
    found: list[str] = []
    opened: set[str] = set()
    for case in store.list_cases(store.case_filter(), limit=10):
        view = CaseView(session, case.id)
        qtbot.addWidget(view)
        with qtbot.waitSignal(view.loaded, timeout=10_000):
            view.show()
        _settle(qtbot)
        for move, cls in MOVE_DIALOGS.items():
            if not (view.may_move(move) and view.offered(move)):
                continue
            dialog = view.open_move(move)
            assert dialog is not None
            _settle(qtbot)
            opened.add(cls.__name__)
            where = f"{case.citizen_name} / {cls.__name__}"
            found += _chinese_in(dialog, serials + FIXTURE_DATA, where) + _chinese_tips(dialog, where)
            dialog.reject()
            _settle(qtbot)
        view.close()
    # Every kind of move the lead asked about was walked.
    for name in (
        "ReferDialog",
        "ReplyDialog",
        "CallbackDialog",
        "SignOffDialog",
        "WithdrawDialog",
        "ExtensionRequestDialog",
        "DecideExtensionDialog",
        "CorrectRegistrationDialog",
        "CorrectReferralDialog",
        "ChaseDialog",
        "ReturnDialog",
        "NotReachedDialog",
    ):
        assert name in opened, sorted(opened)
    assert sorted(set(found)) == [], "\n".join(sorted(set(found)))
