"""Starting the window: the Qt application, translations, font, then set-up, sign-in and the desk.

Start-up to the sign-in window is measured (benchmarks/bench_window_launch.py, on a real X
server beside a bare PySide6 window). On a desk that is set up and at the scripts' head, the
sign-in window shows before SQLAlchemy, the store and the main window's modules are loaded: the
language and "is it set up" come from a plain sqlite3 look at the file (storage/peek.py), and
the store opens on the database thread behind the window (`OpeningStore`), first thing in its
queue, so the operator list arrives a moment later. Anything unusual (a new desk, a schema to
migrate, a file that cannot be read) takes the ordinary way: the store opened before any window.

    run_desk(data_dir, lang)  ->  first-run set-up (once)  ->  sign-in  ->  MainWindow
                                             ^                                 |
                                             +-------- switch operator --------+

The pieces are separate functions so that tests and benchmarks can build each one alone.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desk_app.paths import APP_AUTHOR, APP_NAME, DESK_FILENAME, translations_dir
from desk_app.storage.errors import StorageProblem, StorageUnavailable
from desk_app.storage.records import OperatorInfo, StationInfo
from desk_app.ui import ops
from desk_app.ui.font_fallback import with_fallbacks
from desk_app.ui.kit.layout import MenuRoomStyle
from desk_app.ui.messages import describe_error
from desk_app.ui.session import LANG_SETTING
from desk_app.ui.sign_in import SignInDialog
from desk_app.ui.upgrade_notice import UpgradeNotice, open_with_notice

if TYPE_CHECKING:  # imported when needed: start-up time (module docstring)
    from desk_app.storage.store import DeskStore
    from desk_app.ui.main_window import MainWindow
    from desk_app.ui.setup_wizard import SetupWizard

log = logging.getLogger(__name__)

DEFAULT_LANG = "zh_CN"
SUPPORTED_LANGS = ("zh_CN", "en")
# Fonts known to draw Chinese well, best first: Windows, macOS, then Linux packages.
PREFERRED_CJK_FONTS = (
    "Microsoft YaHei UI",
    "Microsoft YaHei",
    "PingFang SC",
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "Noto Sans SC",
    "SimHei",
    "SimSun",
)
# Readable for elderly deputies at a desk's usual distance; Qt's default is often 9-10 pt.
MIN_POINT_SIZE = 12.0

# The translators must live as long as the application: keep them referenced here.
_installed: list[QTranslator] = []

# Test-only: when set (to anything), the desk prints "first paint: <class> <title>" of its first
# window once that window has painted, and quits with status 0. The installed bundle's smoke test
# (tests/test_bundle.py) starts the frozen window offscreen with it; nothing else sets it.
QUIT_AFTER_FIRST_PAINT_ENV = "DESK_QUIT_AFTER_FIRST_PAINT"


def create_application(argv: list[str] | None = None) -> QApplication:
    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_AUTHOR)
    app.setApplicationVersion(_version())
    # The shell decides when the program ends: between set-up and the window, and while the
    # operator is switched, no window may be visible for a moment.
    app.setQuitOnLastWindowClosed(False)
    return app


def _version() -> str:
    from desk_app import __version__

    return __version__


def resolve_language(requested: str | None, saved: object) -> str:
    """--lang wins, then the desk's setting, then Chinese."""
    for candidate in (requested, saved):
        if isinstance(candidate, str) and candidate in SUPPORTED_LANGS:
            return candidate
    return DEFAULT_LANG


def install_translators(app: QCoreApplication, lang: str) -> list[QTranslator]:
    """Install our catalogue and Qt's own (standard buttons, dialogs). English needs none."""
    if lang == "en":
        QLocale.setDefault(QLocale("en_US"))
        return []
    QLocale.setDefault(QLocale("zh_CN"))
    installed: list[QTranslator] = []
    sources = (
        (f"desk_{lang}", translations_dir()),
        (f"qtbase_{lang}", Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))),
    )
    for name, folder in sources:
        translator = QTranslator(app)
        if translator.load(name, str(folder)):
            app.installTranslator(translator)
            installed.append(translator)
        else:
            log.warning("translation %s not found in %s", name, folder)
    _installed.extend(installed)
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    for translator in translators:
        app.removeTranslator(translator)
        if translator in _installed:
            _installed.remove(translator)


def choose_ui_font(app: QApplication) -> QFont:
    """A font that has Chinese glyphs, at least MIN_POINT_SIZE points; set on the application."""
    font = QFont(app.font())
    chinese = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    if chinese and font.family() not in chinese:
        family = next((f for f in PREFERRED_CJK_FONTS if f in chinese), chinese[0])
        font.setFamily(family)
    if font.pointSizeF() < MIN_POINT_SIZE:
        font.setPointSizeF(MIN_POINT_SIZE)
    font = with_fallbacks(font)  # rare characters (刘䶮, 𨚕阳) from a font that has them
    app.setFont(font)
    if not isinstance(app.style(), MenuRoomStyle):
        # With the CJK font, menu items need a little more room than the style gives them.
        app.setStyle(MenuRoomStyle(app.style()))
    return font


class MainThreadCollector(QObject):
    """Runs Python's cycle collector on the UI thread only.

    Left automatic, the collector runs on whichever thread happens to allocate, the database
    thread included, and may free a Qt widget there: Qt then crashes. So automatic collection
    is switched off and this timer collects on the UI thread whenever the thresholds say the
    automatic collector would have (the habit of Anki and calibre).
    """

    INTERVAL_MS = 2000

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._threshold = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check)
        self._timer.start(self.INTERVAL_MS)

    @staticmethod
    def settle() -> None:
        """Once the signed-in window is up: collect, then move everything alive (the modules,
        the window and its widgets, ~150,000 objects) out of the collector's sight (gc.freeze).
        They live as long as the window; a full collection that walks them took ~100 ms of the UI
        thread (measured on the 100k desk's window, docs/benchmarks.md), now it walks only what
        was made since."""
        gc.collect()
        gc.freeze()

    @staticmethod
    def release() -> None:
        """On signing out: the closed window's objects may be collected again."""
        gc.unfreeze()

    def check(self) -> None:
        count0, count1, count2 = gc.get_count()
        if count0 > self._threshold[0]:
            generation = 0
            if count1 > self._threshold[1]:
                generation = 2 if count2 > self._threshold[2] else 1
            gc.collect(generation)


class QuitAfterFirstPaint(QObject):
    """The test-only hook of QUIT_AFTER_FIRST_PAINT_ENV, an event filter on the application."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._painted = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._painted and event.type() == QEvent.Type.Paint and isinstance(watched, QWidget):
            window = watched.window()
            if isinstance(window, UpgradeNotice):
                return False  # not a window of the desk: the first one comes after it
            self._painted = True
            print(f"first paint: {type(window).__name__} {window.windowTitle()}", flush=True)
            # exit(), not quit(): it also ends a dialog's own loop (the start-failure box).
            QTimer.singleShot(0, lambda: QCoreApplication.exit(0))
        return False


def show_start_failure(exc: StorageUnavailable) -> None:
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("Messages", "Station Desk"),
        describe_error(exc),
        QMessageBox.StandardButton.Ok,
    )
    box.setObjectName("startFailureBox")
    box.exec()


class OpeningStore:
    """Stands for the DeskStore until it is open: the first use (on whichever thread; the
    database thread, in the shell) opens it, later uses go straight to it. Lets the sign-in
    window show before SQLAlchemy and the store are imported (module docstring).

    `shown` is set once the first window has painted: until then (at most SHOWN_WAIT_S) the
    opening waits, so that its imports do not hold the interpreter while the window draws."""

    SHOWN_WAIT_S = 1.0

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.shown = threading.Event()
        self._store: DeskStore | None = None
        self._lock = threading.Lock()

    def open(self) -> DeskStore:
        with self._lock:
            if self._store is None:
                if threading.current_thread() is not threading.main_thread():
                    self.shown.wait(self.SHOWN_WAIT_S)
                from desk_app.storage.store import DeskStore

                try:
                    self._store = DeskStore.open(self.data_dir)
                except OSError as exc:  # the data folder itself cannot be reached
                    raise StorageUnavailable(StorageProblem.CANNOT_OPEN, str(exc)) from exc
            return self._store

    @property
    def is_open(self) -> bool:
        return self._store is not None

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()

    def __getattr__(self, name: str) -> Any:
        return getattr(self.open(), name)


class DeskShell(QObject):
    """Moves between set-up, sign-in and the main window; owns whichever is showing."""

    def __init__(
        self,
        store: DeskStore | OpeningStore,
        lang: str,
        parent: QObject | None = None,
        collector: MainThreadCollector | None = None,
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.lang = lang
        # The desk's collector (run_desk): settled once each signed-in window is ready.
        self.collector = collector
        self.window: MainWindow | None = None
        self.dialog: SetupWizard | SignInDialog | None = None

    def start(self, is_set_up: bool) -> None:
        if isinstance(self.store, OpeningStore) and not self.store.is_open:
            # First in the database thread's queue: the sign-in list's read comes after it.
            ops.DbOp(self.store.open, parent=self).failure(self._open_failed).run()
        if is_set_up:
            self.show_sign_in()
        else:
            self.show_setup()

    def _open_failed(self, exc: BaseException) -> None:
        log.error("cannot open the desk: %s", exc)
        if self.dialog is not None:
            self.dialog.hide()
        if isinstance(exc, StorageUnavailable):
            show_start_failure(exc)
        self.exit_program(1)

    def exit_program(self, code: int) -> None:
        QCoreApplication.exit(code)

    def _store(self) -> DeskStore:
        return self.store.open() if isinstance(self.store, OpeningStore) else self.store

    def show_setup(self) -> None:
        from desk_app.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self._store())
        # The person who just chose the PIN is at the desk: no need to ask for it again.
        wizard.completed.connect(self.open_window)
        wizard.rejected.connect(self._quit)
        self._show_dialog(wizard)

    def show_sign_in(self) -> None:
        dialog = SignInDialog(self.store)  # type: ignore[arg-type] # an OpeningStore stands in
        dialog.signed_in.connect(self.open_window)
        dialog.rejected.connect(self._quit)
        self._show_dialog(dialog)

    def _show_dialog(self, dialog: SetupWizard | SignInDialog) -> None:
        self.dialog = dialog
        if isinstance(self.store, OpeningStore) and not self.store.shown.is_set():
            dialog.installEventFilter(self)
        dialog.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and isinstance(self.store, OpeningStore):
            self.store.shown.set()  # the store may open now (OpeningStore)
            watched.removeEventFilter(self)
        return False

    def open_window(self, station: StationInfo, operator: OperatorInfo) -> None:
        from desk_app.ui.main_window import MainWindow
        from desk_app.ui.session import DeskSession

        if self.dialog is not None:
            self.dialog.deleteLater()
            self.dialog = None
        window = MainWindow(DeskSession(self._store(), station, operator), current_lang=self.lang)
        window.lock_requested.connect(self.lock)
        window.closing.connect(self._quit)
        if self.collector is not None:
            window.ready.connect(self.collector.settle)
        self.window = window
        window.show()

    def lock(self) -> None:
        # Show the sign-in window before closing the desk, so that the screen is never empty.
        self.show_sign_in()
        if self.window is not None:
            if self.collector is not None:
                self.collector.release()
            self.window.close()
            self.window.deleteLater()
            self.window = None

    def _quit(self) -> None:
        QCoreApplication.quit()


def open_before_any_window(app: QApplication, store: OpeningStore, lang: str | None) -> DeskStore:
    """The store opened on the way to the first window. An older schema is migrated here, which
    on a big desk takes minutes: a notice says so meanwhile (ui/upgrade_notice.py), in the
    language asked for or Chinese (the store's own setting cannot be read before it opens)."""
    if not (store.data_dir / DESK_FILENAME).is_file():
        return store.open()  # a new desk: created in a moment, then the set-up wizard
    store.shown.set()  # nothing to wait for: no window is drawing
    translators: list[QTranslator] = []

    def prepare() -> None:
        # Only when the notice is due; installed again, in the desk's own language, once the
        # store is open (run_desk).
        translators.extend(install_translators(app, resolve_language(lang, None)))
        choose_ui_font(app)

    try:
        opened: DeskStore = open_with_notice(store.open, prepare=prepare)
    finally:
        remove_translators(app, translators)
    return opened


def run_desk(data_dir: Path, lang: str | None) -> int:
    app = create_application()
    if os.environ.get(QUIT_AFTER_FIRST_PAINT_ENV):
        app.installEventFilter(QuitAfterFirstPaint(app))
    from desk_app.storage.migrate import head_revision
    from desk_app.storage.peek import peek

    store: DeskStore | OpeningStore = OpeningStore(data_dir)
    looked = peek(data_dir, head_revision())
    if looked is not None and looked.is_set_up:
        # The usual start: the store opens behind the sign-in window (module docstring).
        is_set_up, saved_lang = True, looked.settings.get(LANG_SETTING)
    else:
        # A new desk, a schema to migrate, or something to explain: nothing is on screen yet,
        # so the store is opened (and migrated) here directly.
        try:
            store = open_before_any_window(app, store, lang)
            is_set_up = store.is_set_up()
            saved_lang = store.setting(LANG_SETTING)
        except StorageUnavailable as exc:
            log.error("cannot open the desk in %s: %s", data_dir, exc)
            install_translators(app, resolve_language(lang, None))
            choose_ui_font(app)
            show_start_failure(exc)
            return 1
    chosen = resolve_language(lang, saved_lang)
    install_translators(app, chosen)
    # Window titles already end with the translated name; with it as the display name, the
    # platform does not append the untranslated "StationDesk" to them.
    app.setApplicationDisplayName(QCoreApplication.translate("Messages", "Station Desk"))
    choose_ui_font(app)
    collector = MainThreadCollector(app)
    shell = DeskShell(store, chosen, collector=collector)
    shell.start(is_set_up)
    try:
        return app.exec()
    finally:
        ops.shutdown_tasks()
        store.close()
        collector.deleteLater()
        gc.enable()
