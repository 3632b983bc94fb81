"""Fitting the desk on the screens stations have (1366x768 is the commonest office screen; the
smallest worked for is 1280x720, which is also 1920x1080 at 150 % scaling).

- `initial_window_size`: the window starts at its preferred size, or smaller when the screen's
  available area (without the taskbar) is smaller; the window's frame is left room.
- `scroll_page`: a page taller than the screen scrolls instead of pushing the window (and its
  status bar and buttons) below the screen.
- `MenuRoomStyle`: menu items get one character's width more than the style asks for. With a CJK
  font set on the application, Qt's Fusion style measures a menu item a few pixels narrower than
  it then draws it, and elides the middle of the text (连接中心服…, 关于接…).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QFrame, QProxyStyle, QScrollArea, QStyle, QStyleOption, QWidget

# The size the window was designed at; it starts smaller on a smaller screen.
PREFERRED_WINDOW = QSize(1180, 820)
# The smallest screen worked for, and what remains of it for the window: a 40 px taskbar and a
# 30 px title bar (Windows 10 at 100 %).
SMALLEST_SCREEN = QSize(1280, 720)
SMALLEST_WINDOW = QSize(1280, 720 - 40 - 30)
# Room left around the window for its frame and title bar, in logical pixels.
FRAME_ROOM = QSize(16, 40)


def initial_window_size(available: QSize, preferred: QSize = PREFERRED_WINDOW) -> QSize:
    """The preferred size, shrunk to fit `available` (a screen's available geometry) with its frame."""
    return QSize(
        max(1, min(preferred.width(), available.width() - FRAME_ROOM.width())),
        max(1, min(preferred.height(), available.height() - FRAME_ROOM.height())),
    )


def scroll_page(page: QWidget, name: str = "pageScroll") -> QScrollArea:
    """`page` in a frameless scroll area that follows the page's size while there is room, and
    scrolls (rather than growing the window) when the page needs more than the screen has."""
    area = QScrollArea()
    area.setObjectName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(page)
    return area


class MenuRoomStyle(QProxyStyle):
    """The application's style, with menu items one CJK character wider (see the module docstring)."""

    def sizeFromContents(  # noqa: N802 (Qt override)
        self,
        contents_type: QStyle.ContentsType,
        option: QStyleOption,
        size: QSize,
        widget: QWidget | None = None,
    ) -> QSize:
        result = super().sizeFromContents(contents_type, option, size, widget)
        if contents_type == QStyle.ContentsType.CT_MenuItem:
            metrics = QFontMetrics(widget.font()) if widget is not None else option.fontMetrics
            result = QSize(result.width() + metrics.horizontalAdvance("中"), result.height())
        return result
