"""Choosing a file to write or read, and saying plainly why a document could not be written."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def choose_save_file(parent: QWidget, title: str, suggested: str, filter_text: str) -> str:
    """The system's save dialog; "" when the clerk cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, suggested, filter_text)
    return path


def choose_open_file(parent: QWidget, title: str, filter_text: str) -> str:
    """The system's open dialog; "" when the clerk cancels."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", filter_text)
    return path


def with_suffix(path: str, suffix: str) -> str:
    """The chosen path, with `suffix` (".xlsx") added when the clerk typed a name without it."""
    return path if path.lower().endswith(suffix) else path + suffix


def file_problem_text(exc: Exception) -> str:
    """Why a document was not written: no Chinese font for a PDF, or the file system refused."""
    # Imported here: desk_app.reports.fonts loads reportlab, which the window does not need
    # until it writes a document.
    from desk_app.reports.fonts import CjkFontMissing, GlyphMissing

    if isinstance(exc, GlyphMissing):
        return (
            QCoreApplication.translate(
                "Files",
                "The document was not made: no font on this computer has %1 (in “%2”), so it would be "
                "missing from the paper. Install a font that has it (such as fonts-hanazono), or write "
                "the text another way.",
            )
            .replace("%1", exc.chars_text)
            .replace("%2", exc.context)
        )
    if isinstance(exc, CjkFontMissing):
        return QCoreApplication.translate(
            "Files",
            "No Chinese font was found on this computer, so the PDF was not made (its characters would "
            "print as empty boxes). Install a Chinese TrueType font such as WenQuanYi Micro Hei or SimSun. "
            "Looked for: %1",
        ).replace("%1", ", ".join(map(str, exc.tried)))
    return QCoreApplication.translate(
        "Files",
        "The file could not be written: %1. Choose another folder or close the file if it is open "
        "in another program.",
    ).replace("%1", str(exc))
