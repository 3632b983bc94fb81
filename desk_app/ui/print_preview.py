"""Print preview inside the desk: a PDF the desk made (a referral slip, a tally), shown with
QtPdf, printed through the system print dialog, or saved as a PDF file.

Printing renders each page with QPdfDocument.render at the printer's resolution (capped, so a
1200 dpi PDF printer does not need half a gigabyte per page) and draws it on the QPrinter's page,
fitted and centred. The PDF itself is what "save as PDF" writes: the exact file, not a re-render.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from desk_app.ui.kit.files import choose_save_file, file_problem_text, with_suffix
from desk_app.ui.kit.widgets import Banner
from desk_app.ui.ops import DbOp

# Pages are rendered for the printer at most at this resolution (dots per inch).
MAX_PRINT_DPI = 300
_ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0)


def ask_printer(parent: QWidget, printer: QPrinter, pages: int) -> bool:
    """The system print dialog; True when the user chose to print."""
    dialog = QPrintDialog(printer, parent)
    dialog.setMinMax(1, max(pages, 1))
    dialog.setOption(QPrintDialog.PrintDialogOption.PrintToFile, True)
    return dialog.exec() == QDialog.DialogCode.Accepted


def print_document(document: QPdfDocument, printer: QPrinter) -> int:
    """Every page (or the printer's chosen range) of `document` onto `printer`; pages printed."""
    count = document.pageCount()
    first, last = 0, count - 1
    if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
        first = max(printer.fromPage() - 1, 0)
        last = min(printer.toPage() - 1, count - 1) if printer.toPage() > 0 else last
    if count == 0 or first > last:
        return 0
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError("the printer could not be opened")
    printed = 0
    try:
        dpi = min(printer.resolution(), MAX_PRINT_DPI)
        for index in range(first, last + 1):
            if printed:
                printer.newPage()
            area = painter.viewport()  # the printable page in device pixels
            points = document.pagePointSize(index)
            image = document.render(
                index,
                QSize(max(1, round(points.width() * dpi / 72)), max(1, round(points.height() * dpi / 72))),
            )
            size = image.size().scaled(area.size(), Qt.AspectRatioMode.KeepAspectRatio)
            target = QRect(
                area.x() + (area.width() - size.width()) // 2,
                area.y() + (area.height() - size.height()) // 2,
                size.width(),
                size.height(),
            )
            painter.drawImage(target, image)
            printed += 1
    finally:
        painter.end()
    return printed


class PdfPreviewDialog(QDialog):
    """A PDF on screen with 打印… / 另存为 PDF… / 关闭."""

    saved = Signal(str)  # the path written by "save as PDF"
    printed = Signal(int)  # pages sent to the printer

    def __init__(
        self, pdf: bytes | str | Path, title: str, parent: QWidget | None = None, suggested_name: str = ""
    ) -> None:
        super().__init__(parent)
        self.setObjectName("pdfPreview")
        self.setWindowTitle(title)
        self.setSizeGripEnabled(True)
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        if isinstance(pdf, str | Path):
            pdf = Path(pdf).read_bytes()
        self.pdf_bytes: bytes = pdf
        self.suggested_name = suggested_name or (title + ".pdf")
        # Tests and the lead may replace these to bypass the file and print dialogs.
        self.choose_save_path: Callable[[str, str, str], str] = lambda t, name, flt: choose_save_file(
            self, t, name, flt
        )
        self.ask_printer: Callable[[QPrinter, int], bool] = lambda printer, pages: ask_printer(
            self, printer, pages
        )

        # The document reads from this buffer for as long as it is open: keep both alive.
        self._data = QByteArray(pdf)
        self._buffer = QBuffer(self._data, self)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(self)
        self.document.load(self._buffer)

        self.view = QPdfView(self)
        self.view.setObjectName("pdfView")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setDocument(self.document)

        self.page_spin = QSpinBox()
        self.page_spin.setObjectName("pageSpin")
        self.page_count_label = QLabel()
        self.prev_button = QPushButton(self.tr("Previous page"))
        self.next_button = QPushButton(self.tr("Next page"))
        self.zoom_combo = QComboBox()
        self.zoom_combo.setObjectName("zoomCombo")
        self.zoom_combo.addItem(self.tr("Fit width"), "width")
        self.zoom_combo.addItem(self.tr("Whole page"), "page")
        for z in _ZOOMS:
            self.zoom_combo.addItem(f"{round(z * 100)}%", z)
        self.banner = Banner(self)
        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setObjectName("printButton")
        self.save_button = QPushButton(self.tr("Save as PDF…"))
        self.save_button.setObjectName("savePdfButton")
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.setObjectName("closeButton")
        for b in (self.prev_button, self.next_button, self.print_button, self.save_button, self.close_button):
            b.setAutoDefault(False)

        nav = QHBoxLayout()
        nav.addWidget(self.prev_button)
        nav.addWidget(QLabel(self.tr("Page")))
        nav.addWidget(self.page_spin)
        nav.addWidget(self.page_count_label)
        nav.addWidget(self.next_button)
        nav.addSpacing(16)
        nav.addWidget(QLabel(self.tr("Zoom")))
        nav.addWidget(self.zoom_combo)
        nav.addStretch(1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(nav)
        layout.addWidget(self.banner)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)

        self.prev_button.clicked.connect(lambda: self.go_to_page(self.current_page() - 1))
        self.next_button.clicked.connect(lambda: self.go_to_page(self.current_page() + 1))
        self.page_spin.valueChanged.connect(lambda v: self.go_to_page(v - 1))
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)
        self.zoom_combo.currentIndexChanged.connect(self._zoom_changed)
        self.print_button.clicked.connect(self.print_pdf)
        self.save_button.clicked.connect(self.save_as)
        self.close_button.clicked.connect(self.close)
        self.document.statusChanged.connect(self._status_changed)
        self._document_ready()
        screen = QGuiApplication.primaryScreen()
        height = screen.availableGeometry().height() if screen is not None else 900
        self.resize(820, max(600, min(1000, height - 80)))

    # -- pages and zoom ---------------------------------------------------------------------------

    def page_count(self) -> int:
        return self.document.pageCount()

    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def _status_changed(self, _status: QPdfDocument.Status) -> None:
        # The document also reports on its way out, while the dialog is being destroyed: this is
        # a Qt signal, not a DbOp result, so it is checked here.
        if isValid(self) and isValid(self.document) and isValid(self.page_spin):
            self._document_ready()

    def _document_ready(self) -> None:
        pages = self.document.pageCount()
        self.page_spin.blockSignals(True)
        self.page_spin.setRange(1, max(pages, 1))
        self.page_spin.setValue(self.current_page() + 1)
        self.page_spin.blockSignals(False)
        self.page_count_label.setText(self.tr("of %1").replace("%1", str(pages)))
        ready = self.document.status() == QPdfDocument.Status.Ready
        self.print_button.setEnabled(ready and pages > 0)
        if self.document.status() == QPdfDocument.Status.Error:
            self.banner.show_message(self.tr("The document could not be shown."), ok=False)
        self._page_changed(self.current_page())

    def go_to_page(self, index: int) -> None:
        if 0 <= index < self.document.pageCount() and index != self.current_page():
            self.view.pageNavigator().jump(index, QPointF(), self.view.zoomFactor())

    def _page_changed(self, index: int) -> None:
        self.page_spin.blockSignals(True)
        self.page_spin.setValue(index + 1)
        self.page_spin.blockSignals(False)
        self.prev_button.setEnabled(index > 0)
        self.next_button.setEnabled(index < self.document.pageCount() - 1)

    def _zoom_changed(self) -> None:
        zoom = self.zoom_combo.currentData()
        if zoom == "width":
            self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        elif zoom == "page":
            self.view.setZoomMode(QPdfView.ZoomMode.FitInView)
        else:
            self.view.setZoomMode(QPdfView.ZoomMode.Custom)
            self.view.setZoomFactor(float(zoom))

    # -- print and save ---------------------------------------------------------------------------

    def print_pdf(self) -> int:
        """Ask for a printer (the system dialog) and print; returns the pages printed."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.windowTitle())
        if not self.ask_printer(printer, self.document.pageCount()):
            return 0
        return self.print_to(printer)

    def print_to(self, printer: QPrinter) -> int:
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            pages = print_document(self.document, printer)
        except OSError:
            self.banner.show_message(
                self.tr(
                    "The printer could not be opened. Check that it is switched on "
                    "and connected, or save the PDF and print it later."
                ),
                ok=False,
            )
            return 0
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.banner.show_message(self.tr("Sent to the printer: %1 pages.").replace("%1", str(pages)))
        self.printed.emit(pages)
        return pages

    def save_as(self) -> None:
        path = self.choose_save_path(
            self.tr("Save as PDF"), self.suggested_name, self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        path = with_suffix(path, ".pdf")
        data = self.pdf_bytes

        def write() -> OSError | None:
            target = Path(path)
            part = target.with_name(f".{target.name}.part")
            try:
                part.write_bytes(data)
                part.replace(target)
            except OSError as exc:
                part.unlink(missing_ok=True)
                return exc
            return None

        self.save_button.setEnabled(False)
        DbOp(write, parent=self).success(lambda exc: self._saved(path, exc)).always(self._save_done).run()

    def _save_done(self) -> None:
        self.save_button.setEnabled(True)

    def _saved(self, path: str, exc: OSError | None) -> None:
        if exc is not None:
            self.banner.show_message(file_problem_text(exc), ok=False)
            return
        self.banner.show_message(self.tr("Saved: %1").replace("%1", path))
        self.saved.emit(path)
