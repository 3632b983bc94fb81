"""Printing the referral slip (交办单) from the case view: built in the background, previewed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from desk_app.domain.vocab import Verdict
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.case_view import CaseView
from desk_app.ui.print_preview import PdfPreviewDialog
from desk_app.ui.session import DeskSession

from . import case_fixtures as cf
from .case_fixtures import Desk

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


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


def preview_text(qtbot, view: CaseView, tmp_path: Path) -> str:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(view.slip_previewed, timeout=10_000) as opened:
        view.print_slip_button.click()
    preview = opened.args[0]
    assert isinstance(preview, PdfPreviewDialog) and preview.page_count() >= 1
    path = tmp_path / "slip.pdf"
    path.write_bytes(preview.pdf_bytes)
    preview.close()
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_print_button_is_off_for_a_case_without_a_slip(qtbot, session: DeskSession, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.waiting)
    assert not view.print_slip_button.isEnabled()


def test_slip_preview_shows_the_current_round_with_the_phone_masked(
    qtbot, session: DeskSession, desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.referred)
    assert view.print_slip_button.isEnabled() and not view.full_phone_check.isChecked()
    text = preview_text(qtbot, view, tmp_path)
    assert "交办单" in text and "136****3333" in text and "13600003333" not in text


def test_full_phone_when_ticked(qtbot, session: DeskSession, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.referred)
    view.full_phone_check.setChecked(True)
    assert "13600003333" in preview_text(qtbot, view, tmp_path)


def test_an_older_round_can_be_printed(qtbot, session: DeskSession, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    view = open_view(qtbot, session, desk.second_round)
    assert view.slip_round_combo.isVisible() and view.slip_round() == 2
    view.slip_round_combo.setCurrentIndex(view.slip_round_combo.findData(1))
    text = preview_text(qtbot, view, tmp_path)
    assert "第002号" in text and "第003号" not in text


def test_after_a_second_round_the_open_view_prints_the_new_rounds_slip(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
    tmp_path: Path,
) -> None:
    """The defect of issue 9: the view, open since round 1, kept printing round 1's slip (old
    deadline, old supervisor) after the second round, until it was closed and opened again."""
    view = open_view(qtbot, session, desk.referred)
    first = view.detail.current_referral
    assert first is not None
    cf.reply(store, clerk, desk.referred)
    cf.callback(store, clerk, desk.referred, Verdict.DISSATISFIED)
    second = cf.refer(
        store, clerk, desk.referred, desk.unit.id, working_days=5, supervisor="人大常委会办公室"
    )
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        session.events.case_changed.emit(desk.referred)
    assert view.slip_round() == 2
    text = preview_text(qtbot, view, tmp_path)
    assert "交办单（二次督办）" in text and second.serial in text
    assert "人大常委会办公室" in text and first.supervisor not in text  # the new supervisor, not round 1's


def test_after_a_return_the_view_prints_the_slip_that_replaced_it(
    qtbot,
    session: DeskSession,
    desk: Desk,  # type: ignore[no-untyped-def]
    store: DeskStore,
    clerk: OperatorInfo,
    tmp_path: Path,
) -> None:
    view = open_view(qtbot, session, desk.referred)
    returned = view.detail.current_referral
    assert returned is not None
    store.return_slip(desk.referred, returned_on=store.today(), reason="不属本单位职责", by=clerk.id)
    again = cf.refer(store, clerk, desk.referred, desk.other_unit.id)
    with qtbot.waitSignal(view.loaded, timeout=10_000):
        session.events.case_changed.emit(desk.referred)
    assert view.slip_round_combo.count() == 1  # one slip a round: the one in force
    text = preview_text(qtbot, view, tmp_path)
    # The replacement is numbered as itself; the returned slip is named only in its return note.
    assert f"编号：{again.serial}" in text and f"编号：{returned.serial}" not in text
    assert f"原交办单{returned.serial}" in text
    assert "区交通运输局" in text
