"""The print preview: a real slip PDF on screen, saved as PDF, printed to a PDF printer."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrinter

from desk_app.domain.tally import month_period
from desk_app.reports.documents import print_referral_slip, print_tally
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore
from desk_app.ui.print_preview import PdfPreviewDialog

from . import case_fixtures as cf
from .case_fixtures import Desk

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


built_store, store, clerk, desk_cases = cf.case_desk_fixtures()


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, desk_cases: cf.DeskCases) -> Desk:
    """make_desk's desk: a copy of the one built once per test process (case_fixtures)."""
    return cf.desk_of(store, clerk, desk_cases)


def slip_pdf(store: DeskStore, reception_id: str) -> bytes:
    buffer = io.BytesIO()
    print_referral_slip(store, buffer, reception_id=reception_id)
    return buffer.getvalue()


def open_preview(qtbot, pdf: bytes | Path, title: str = "交办单") -> PdfPreviewDialog:  # type: ignore[no-untyped-def]
    dialog = PdfPreviewDialog(pdf, title)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_preview_shows_the_slip_with_its_page_count(qtbot, store: DeskStore, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(qtbot, slip_pdf(store, desk.second_round))
    assert dialog.page_count() == 1
    assert dialog.page_spin.maximum() == 1
    assert dialog.print_button.isEnabled()


def tally_pdf(store: DeskStore, tmp_path: Path) -> tuple[bytes, int]:
    """The month's tally and its page count as poppler reads it (the tally runs to several pages)."""
    path = tmp_path / "tally.pdf"
    print_tally(store, path, month_period(2026, 11))
    pages = pdf_pages(path)
    assert pages > 1
    return path.read_bytes(), pages


def test_preview_of_a_several_page_tally_pages_forward(
    qtbot, store: DeskStore, desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pdf, pages = tally_pdf(store, tmp_path)
    dialog = open_preview(qtbot, pdf, "月度统计")
    assert dialog.page_count() == pages
    assert not dialog.prev_button.isEnabled()
    dialog.next_button.click()
    qtbot.waitUntil(lambda: dialog.current_page() == 1)
    assert dialog.page_spin.value() == 2


def test_preview_opens_a_pdf_file_by_path(qtbot, store: DeskStore, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "slip.pdf"
    print_referral_slip(store, path, reception_id=desk.referred)
    dialog = open_preview(qtbot, path)
    assert dialog.page_count() == 1


def test_save_as_writes_a_readable_pdf(qtbot, store: DeskStore, desk: Desk, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(qtbot, slip_pdf(store, desk.second_round))
    target = tmp_path / "saved"
    dialog.choose_save_path = lambda _t, _n, _f: str(target)
    with qtbot.waitSignal(dialog.saved, timeout=10_000) as saved:
        dialog.save_button.click()
    assert saved.args == [str(target) + ".pdf"]
    text = pdf_text(Path(saved.args[0]))
    assert "交办单" in text and "浉河监督岗〔2026〕第003号" in text


def test_printing_to_a_pdf_printer_writes_every_page(
    qtbot, store: DeskStore, desk: Desk, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    pdf, pages = tally_pdf(store, tmp_path)
    dialog = open_preview(qtbot, pdf, "月度统计")
    out = tmp_path / "printed.pdf"

    def choose(printer: QPrinter, asked: int) -> bool:
        assert asked == pages
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return True

    dialog.ask_printer = choose
    with qtbot.waitSignal(dialog.printed, timeout=10_000) as printed:
        dialog.print_button.click()
    assert printed.args == [pages]
    assert pdf_pages(out) == pages


def test_cancelled_print_dialog_prints_nothing(qtbot, store: DeskStore, desk: Desk) -> None:  # type: ignore[no-untyped-def]
    dialog = open_preview(qtbot, slip_pdf(store, desk.referred))
    dialog.ask_printer = lambda _printer, _pages: False
    with qtbot.assertNotEmitted(dialog.printed):
        assert dialog.print_pdf() == 0
