"""Length limits said in words, never enforced by cutting.

A QLineEdit with a maximum length drops whatever is pasted past it, without a word: a long
address loses its end and nobody notices. Here the box takes everything; past the limit the
field's error line says how long it may be and how long it is, and the store refuses to save it
(domain.validation's TOO_LONG) until it is shortened, so nothing is lost silently.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QLineEdit

from desk_app.domain.validation import FieldProblem
from desk_app.ui.kit.widgets import FieldErrors


def limit_text(limit: int, length: int | None = None) -> str:
    if length is None:
        return QCoreApplication.translate("Limits", "At most %1 characters: please shorten it.").replace(
            "%1", str(limit)
        )
    return (
        QCoreApplication.translate("Limits", "At most %1 characters; this has %2. Please shorten it.")
        .replace("%1", str(limit))
        .replace("%2", str(length))
    )


def guard_length(edit: QLineEdit, limit: int, errors: FieldErrors, field: str) -> None:
    """Say under the field when its text is longer than `limit` (counted as the store counts:
    without the spaces around it); the text itself is kept whole."""
    edit.setMaxLength(32767)  # Qt's own limit: nothing a clerk pastes is cut
    shown = {"text": ""}

    def check(text: str) -> None:
        length = len(text.strip())
        if length > limit:
            shown["text"] = limit_text(limit, length)
            errors.set(field, shown["text"])
        elif shown["text"]:
            if errors.text(field) == shown["text"]:
                errors.clear(field)
            shown["text"] = ""

    edit.textChanged.connect(check)


def too_long_texts(limits: dict[str, int]) -> dict[tuple[str, FieldProblem], str]:
    """FieldErrors' wording of TOO_LONG for these fields, with their limits."""
    return {(field, FieldProblem.TOO_LONG): limit_text(limit) for field, limit in limits.items()}
