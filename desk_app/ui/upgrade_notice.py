"""Opening the desk before any window, with a notice when it takes a while.

When the desk's file is at an older schema, the store is opened (and migrated) before any
window, since the sign-in window needs the store's settings (ui/app.py). On a small desk that is
a blink; on a big one it is long: migrating a 1M-case desk to schema 0022 took 96-162 s here
(docs/benchmarks.md, "Enrolment at 1M cases"), and a duty deputy who double-clicks the desk and
sees nothing for two minutes clicks again or switches the PC off. So the opening runs on a worker
thread, and once it has taken longer than a moment a small window says what is happening and
not to switch off.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from collections.abc import Callable

# Below this an opening shows nothing: a notice that flashes up and goes is worse than none.
NOTICE_AFTER_MS = 400
_POLL_MS = 50


class UpgradeNotice(QWidget):
    """A small window with a busy bar: the desk's data is being upgraded; wait, do not switch off."""

    def __init__(self) -> None:
        super().__init__(None, Qt.WindowType.Dialog)
        self.setObjectName("upgradeNotice")
        self.setWindowTitle(self.tr("Station Desk"))
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        # No close button to press by mistake: the upgrade is one transaction and cannot be
        # stopped half-way; closing the notice would only hide it.
        self.setWindowFlag(Qt.WindowType.WindowCloseButtonHint, False)
        layout = QVBoxLayout(self)
        self.message = QLabel(
            self.tr(
                "Upgrading the data on this computer for the new version of the desk.\n"
                "With many cases this can take a few minutes. Please wait and do not switch "
                "the computer off."
            )
        )
        self.message.setWordWrap(True)
        busy = QProgressBar()
        busy.setRange(0, 0)  # no figure to show: the migration reports no progress
        busy.setTextVisible(False)
        layout.addWidget(self.message)
        layout.addWidget(busy)
        self.setMinimumWidth(420)


def open_with_notice(
    open_store: Callable[[], Any],
    *,
    notice_after_ms: int = NOTICE_AFTER_MS,
    prepare: Callable[[], None] | None = None,
    on_notice: Callable[[UpgradeNotice], None] | None = None,
) -> Any:
    """`open_store()` on a worker thread while the Qt event loop runs; its result, or what it
    raised. An `UpgradeNotice` shows once it has taken `notice_after_ms` (`prepare` is called
    just before it is made: translations, font; `on_notice` is given it when it shows) and goes
    when it is done."""
    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["store"] = open_store()
        except BaseException as exc:  # handed to the caller on its own thread
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="desk-open", daemon=True)
    loop = QEventLoop()
    notice: UpgradeNotice | None = None

    def show_notice() -> None:
        nonlocal notice
        if worker.is_alive():
            if prepare is not None:
                prepare()
            notice = UpgradeNotice()
            notice.show()
            if on_notice is not None:
                on_notice(notice)

    def check() -> None:
        if not worker.is_alive():
            loop.quit()

    poll = QTimer()
    poll.setInterval(_POLL_MS)
    poll.timeout.connect(check)
    later = QTimer()
    later.setSingleShot(True)
    later.timeout.connect(show_notice)
    worker.start()
    poll.start()
    later.start(notice_after_ms)
    if worker.is_alive():
        loop.exec()
    worker.join()
    poll.stop()
    later.stop()
    if notice is not None:
        notice.close()
        notice.deleteLater()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["store"]
