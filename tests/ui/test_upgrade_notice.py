"""An older desk is upgraded before any window: a notice says so while it takes (ui/upgrade_notice.py)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
from shiboken6 import isValid

from desk_app.paths import DESK_FILENAME
from desk_app.storage.errors import StorageUnavailable
from desk_app.storage.migrate import head_revision
from desk_app.storage.peek import peek
from desk_app.ui import app as desk_app_module
from desk_app.ui.upgrade_notice import UpgradeNotice, open_with_notice

from .conftest import desk_started_in_a_fresh_process

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "db"


@pytest.fixture
def old_desk(tmp_path: Path) -> Path:
    """A desk folder holding a database of the first schema (as an older version left it)."""
    data_dir = tmp_path / "old"
    data_dir.mkdir()
    shutil.copyfile(FIXTURES / "0001.sqlite3", data_dir / DESK_FILENAME)
    return data_dir


def _seen(notices: list[UpgradeNotice]) -> list[tuple[bool, str]]:
    return [(n.isVisible(), n.message.text()) for n in notices]


def test_a_slow_opening_shows_the_notice_and_takes_it_away(qtbot, old_desk: Path) -> None:  # type: ignore[no-untyped-def]
    notices: list[UpgradeNotice] = []
    seen: list[tuple[bool, str]] = []
    opening = desk_app_module.OpeningStore(old_desk)
    opening.shown.set()

    def noticed(notice: UpgradeNotice) -> None:
        notices.append(notice)
        seen.extend(_seen(notices))

    store = open_with_notice(opening.open, notice_after_ms=0, on_notice=noticed)
    try:
        assert seen and seen[0][0] and "Upgrading" in seen[0][1]
        assert peek(old_desk, head_revision()) is not None  # migrated to the head
        qtbot.waitUntil(lambda: not isValid(notices[0]) or not notices[0].isVisible(), timeout=5_000)
    finally:
        store.close()


def test_a_quick_opening_shows_no_notice(qtbot, old_desk: Path) -> None:  # type: ignore[no-untyped-def]
    opening = desk_app_module.OpeningStore(old_desk)
    opening.shown.set()
    notices: list[UpgradeNotice] = []
    store = open_with_notice(opening.open, notice_after_ms=600_000, on_notice=notices.append)
    store.close()
    assert notices == []


def test_a_failed_opening_raises_on_the_callers_thread_and_the_notice_goes(
    qtbot,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "damaged"
    data_dir.mkdir()
    (data_dir / DESK_FILENAME).write_bytes(b"this is not a database" * 100)
    opening = desk_app_module.OpeningStore(data_dir)
    opening.shown.set()
    notices: list[UpgradeNotice] = []
    with pytest.raises(StorageUnavailable):
        open_with_notice(opening.open, notice_after_ms=0, on_notice=notices.append)
    qtbot.waitUntil(lambda: all(not isValid(n) or not n.isVisible() for n in notices), timeout=5_000)


@pytest.mark.usefixtures("app_state")
def test_the_desk_upgrading_at_start_says_so_in_chinese(
    qtbot,  # type: ignore[no-untyped-def]
    qapp,  # type: ignore[no-untyped-def]
    old_desk: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The way run_desk opens an older desk: the notice in the default language, before the
    desk's own language setting can be read."""
    seen: list[tuple[bool, str]] = []
    real = open_with_notice

    def at_once(open_store: Any, **kw: Any) -> Any:
        return real(open_store, **kw, notice_after_ms=0, on_notice=lambda n: seen.extend(_seen([n])))

    monkeypatch.setattr(desk_app_module, "open_with_notice", at_once)
    store = desk_app_module.open_before_any_window(qapp, desk_app_module.OpeningStore(old_desk), None)
    store.close()
    assert seen and seen[0][0] and "升级" in seen[0][1]


def test_the_start_up_hook_waits_for_the_first_desk_window_after_the_notice(old_desk: Path) -> None:
    """QUIT_AFTER_FIRST_PAINT (benchmarks, tests) reports the desk's first window, not the notice,
    in a fresh process started as the desk is (offscreen)."""
    child = (
        "import functools, sys\n"
        "from pathlib import Path\n"
        "from desk_app.ui import app\n"
        "app.open_with_notice = functools.partial(app.open_with_notice, notice_after_ms=0)\n"
        "sys.exit(app.run_desk(Path(sys.argv[1]), None))\n"
    )
    assert "first paint: SignInDialog" in desk_started_in_a_fresh_process(child, old_desk)
