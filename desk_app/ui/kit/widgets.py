"""Small widgets shared by the desk's forms and windows.

Forms show every field error at once, next to its field, in a red line of plain words; the field
is outlined and keeps what was typed. `FieldErrors` holds that bookkeeping so each form only
says which widget belongs to which field code (the codes of desk_app.domain.validation and of
the store's ValidationFailed).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.ui.messages import field_problem_text

ERROR_COLOUR = "#b3261e"
OK_COLOUR = "#1e6b34"
WARNING_COLOUR = "#8a4b00"

# Applied to a form's top widget: any child marked invalid gets a red outline. A dynamic property
# (not a per-widget style sheet) so that clearing the mark restores the native look exactly.
INVALID_STYLE = f'*[invalid="true"] {{ border: 2px solid {ERROR_COLOUR}; border-radius: 3px; }}'


def error_label(field: str) -> QLabel:
    """The red line under a field; hidden until there is something to say."""
    label = QLabel()
    label.setObjectName(f"error_{field}")
    label.setWordWrap(True)
    label.setStyleSheet(f"color: {ERROR_COLOUR};")
    label.setVisible(False)
    return label


def with_error(widget: QWidget, label: QLabel, grow: bool = False) -> QWidget:
    """A field with its error line under it, as one cell of a form layout.

    `grow`: the field takes the cell's spare height (a text area); otherwise the field stays at
    the top when the neighbouring cell of the row is taller (it shows an error).
    """
    cell = QWidget()
    box = QVBoxLayout(cell)
    box.setContentsMargins(0, 0, 0, 0)
    box.setSpacing(2)
    box.addWidget(widget, 1 if grow else 0)
    box.addWidget(label)
    if not grow:
        box.addStretch(0)
    return cell


def set_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    # Dynamic properties are read by style sheets only when the widget is polished again.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()


class FieldErrors:
    """Inline errors of one form: field code -> (widget to outline and focus, red label)."""

    def __init__(self, texts: dict[tuple[str, FieldProblem], str] | None = None) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}
        # Form-specific wording for some (field, problem) pairs, e.g. a short PIN.
        self._texts = texts or {}

    def add(self, field: str, widget: QWidget, label: QLabel | None = None) -> QLabel:
        label = label or error_label(field)
        self._fields[field] = (widget, label)
        return label

    def label(self, field: str) -> QLabel:
        return self._fields[field][1]

    def text(self, field: str) -> str:
        label = self._fields[field][1]
        return label.text() if not label.isHidden() else ""

    def set(self, field: str, text: str) -> None:
        widget, label = self._fields[field]
        label.setText(text)
        label.setVisible(bool(text))
        set_invalid(widget, bool(text))

    def clear(self, field: str | None = None) -> None:
        for name in [field] if field is not None else list(self._fields):
            if name in self._fields:
                self.set(name, "")

    def clear_on(self, field: str, signal: object) -> None:
        """Clear a field's error as soon as the user changes it (they are fixing it)."""
        signal.connect(lambda *_: self.clear(field))  # type: ignore[attr-defined]

    def show(self, errors: Iterable[FieldError], focus: bool = True) -> list[str]:
        """Show every error; focus the first bad field in form order. Returns the fields shown."""
        self.clear()
        shown: list[str] = []
        for error in errors:
            if error.field not in self._fields:
                continue
            text = self._texts.get((error.field, error.problem)) or field_problem_text(error.problem)
            self.set(error.field, text)
            shown.append(error.field)
        if focus:
            for name, (widget, _label) in self._fields.items():
                if name in shown:
                    widget.setFocus(Qt.FocusReason.OtherFocusReason)
                    break
        return shown

    def has_errors(self) -> bool:
        return any(not label.isHidden() for _w, label in self._fields.values())


class PinEdit(QLineEdit):
    """A PIN box: hidden characters, no input method, no autocompletion."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.setMaxLength(32)
        self.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )


def heading(text: str, scale: float = 1.25) -> QLabel:
    label = QLabel(text)
    font = QFont(label.font())
    font.setBold(True)
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    return label


def hint(text: str) -> QLabel:
    """A grey explanatory line under a heading or a field."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #555;")
    return label


class Banner(QFrame):
    """A coloured line at the top of a form: what just happened, with an optional button."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 10, 6)
        self.text = QLabel()
        self.text.setObjectName("bannerText")
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.setObjectName("bannerButton")
        self.button.setVisible(False)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        self._action: Callable[[], None] | None = None
        self.button.clicked.connect(self._clicked)
        self.setVisible(False)

    def show_message(
        self, text: str, ok: bool = True, button: str = "", action: Callable[[], None] | None = None
    ) -> None:
        colour, background = (OK_COLOUR, "#e6f4ea") if ok else (ERROR_COLOUR, "#fce8e6")
        self.setStyleSheet(
            f"#banner {{ background: {background}; border: 1px solid {colour}; }}"
            f" #bannerText {{ color: {colour}; }}"
        )
        self.text.setText(text)
        self._action = action
        self.button.setText(button)
        self.button.setVisible(bool(button and action))
        self.setVisible(True)

    def _clicked(self) -> None:
        if self._action is not None:
            self._action()


def fill_combo(combo: QComboBox, items: Iterable[tuple[str, object]], keep: object = None) -> None:
    """Replace a combo's entries (text, data), reselecting `keep` when it is still there."""
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(keep) if keep is not None else -1
    combo.setCurrentIndex(max(index, 0) if combo.count() else -1)
    combo.blockSignals(False)


def bring_forward(window: QWidget) -> None:
    """Show a window already open in front of the user."""
    window.show()
    # Headless platforms (tests, offscreen screenshots) cannot stack windows and warn if asked.
    if QGuiApplication.platformName() not in ("offscreen", "minimal"):
        window.raise_()
        window.activateWindow()
