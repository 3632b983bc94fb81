"""The window's side of sync (pytest-qt, offscreen): the background runner, the status widget,
the enrolment dialog — against a real server process."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from sync_helpers import fill

from desk_app.ui.enroll_dialog import EnrollDialog
from desk_app.ui.session import DeskSession
from desk_app.ui.sync_runner import SyncRunner
from desk_app.ui.sync_status import SyncStatusWidget

ROOT = Path(__file__).resolve().parents[2]


def _session(desk) -> DeskSession:  # type: ignore[no-untyped-def]
    return DeskSession(store=desk.store, station=desk.store.station(), operator=desk.clerk)


@pytest.fixture
def enrolled(make_desk, server, station):  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.sync().ok  # the first sync brings slip numbers
    return desk


@pytest.fixture
def runner(enrolled) -> Iterator[SyncRunner]:  # type: ignore[no-untyped-def]
    r = SyncRunner(_session(enrolled), debounce_ms=50)
    yield r
    r.shutdown()


def test_runner_round_runs_off_the_ui_thread_and_reports_online(qtbot, runner, enrolled) -> None:  # type: ignore[no-untyped-def]
    fill(enrolled, 2)
    with qtbot.waitSignal(runner.round_finished, timeout=20000) as done:
        runner.sync_now()
    assert done.args[0].ok and runner.status.online and runner.status.pending == 0


def test_runner_syncs_after_a_case_changed(qtbot, runner, enrolled) -> None:  # type: ignore[no-untyped-def]
    rid = enrolled.register()
    with qtbot.waitSignal(runner.round_finished, timeout=20000) as done:
        runner.session.events.case_changed.emit(rid)
    assert done.args[0].sent > 0


def test_runner_backs_off_while_the_server_is_unreachable(qtbot, runner, server) -> None:  # type: ignore[no-untyped-def]
    server.stop()
    with qtbot.waitSignal(runner.round_finished, timeout=20000):
        runner.sync_now()
    first = runner.backoff.delay
    runner.backoff.failed()
    assert first == runner.backoff.first and runner._retry.isActive() and runner.status.online is False


def test_status_widget_shows_offline_and_the_error(qtbot, runner, server, enrolled) -> None:  # type: ignore[no-untyped-def]
    widget = SyncStatusWidget(runner)
    qtbot.addWidget(widget)
    fill(enrolled, 1)
    server.stop()
    with qtbot.waitSignal(runner.round_finished, timeout=20000):
        runner.sync_now()
    assert widget.state.text() == "Offline" and "Cannot reach" in widget.error.text()
    assert widget.pending.text() == f"{runner.status.pending} change(s) waiting"


def test_status_widget_sync_button_runs_a_round(qtbot, runner) -> None:  # type: ignore[no-untyped-def]
    widget = SyncStatusWidget(runner)
    qtbot.addWidget(widget)
    runner.refresh()
    qtbot.waitUntil(lambda: widget.sync_button.isEnabled(), timeout=5000)
    with qtbot.waitSignal(runner.round_finished, timeout=20000):
        qtbot.mouseClick(widget.sync_button, Qt.MouseButton.LeftButton)
    assert widget.state.text() == "Online" and widget.last_ok.text().startswith("Last sync")


def test_enroll_dialog_enrolls_and_carries_the_records_up(qtbot, make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 2)
    dialog = EnrollDialog(_session(desk))
    qtbot.addWidget(dialog)
    dialog.server.setText(server.url)
    dialog.code.setText(server.admin.enroll_code(station_id=station.station_id))
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.enrolled, timeout=20000)
    assert desk.engine.is_enrolled() and desk.engine.pending_count() == 0


def test_enroll_dialog_says_a_bad_code_is_refused(qtbot, make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    dialog = EnrollDialog(_session(desk))
    qtbot.addWidget(dialog)
    dialog.server.setText(server.url)
    dialog.code.setText("wrong")
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "enrolment code" in dialog.message.text(), timeout=20000)
    assert not desk.engine.is_enrolled()


def test_standalone_desk_shows_no_waiting_count_nor_sync_button(qtbot, make_desk) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 2)  # changes are logged, but a standalone desk has nowhere to send them
    runner = SyncRunner(_session(desk))
    try:
        widget = SyncStatusWidget(runner)
        qtbot.addWidget(widget)
        widget.show()
        with qtbot.waitSignal(runner.status_changed, timeout=10_000):
            runner.refresh()
        assert widget.state.text() == "Standalone"
        assert widget.pending.isHidden() and widget.sync_button.isHidden()
    finally:
        runner.shutdown()


def test_a_round_reports_its_push_batch_by_batch(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 6)
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    desk.engine.push_batch = 5
    waiting = desk.engine.pending_count()
    seen: list[tuple[str, int, int | None]] = []
    report = desk.engine.sync_once(progress=lambda step, done, total: seen.append((step, done, total)))
    pushes = [(done, total) for step, done, total in seen if step == "push"]
    assert report.ok and waiting > 10
    assert [done for done, _ in pushes] == [min(5 * k, waiting) for k in range(1, len(pushes) + 1)]
    assert pushes[-1] == (waiting, waiting) and report.sent == waiting


def test_a_round_reports_its_pull_page_by_page(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    a = make_desk("a")
    fill(a, 4)
    a.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert a.sync().ok
    b = make_desk("b")
    b.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    b.engine.pull_page = 5
    seen: list[tuple[str, int, int | None]] = []
    report = b.engine.sync_once(progress=lambda step, done, total: seen.append((step, done, total)))
    pulls = [(done, total) for step, done, total in seen if step == "pull"]
    assert report.ok and report.received > 10 and len(pulls) > 2
    assert all(total is None for _, total in pulls)
    assert [done for done, _ in pulls] == sorted({done for done, _ in pulls})  # rising, page by page
    assert pulls[-1][0] == report.received


def test_enroll_dialog_shows_how_far_the_first_sync_is(qtbot, make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    fill(desk, 6)
    desk.engine.push_batch = 5
    waiting = desk.engine.pending_count()
    dialog = EnrollDialog(_session(desk), engine=desk.engine)
    qtbot.addWidget(dialog)
    shown: list[tuple[str, int, int, bool]] = []
    # Connected after the dialog's own slot, and queued to this thread as it is, so it sees what
    # the dialog shows for each step.
    dialog._progressed.connect(
        lambda *_: shown.append(
            (
                dialog.message.text(),
                dialog.progress.value(),
                dialog.progress.maximum(),
                dialog.standalone_button.isEnabled(),
            )
        ),
        Qt.ConnectionType.QueuedConnection,
    )
    dialog.server.setText(server.url)
    dialog.code.setText(server.admin.enroll_code(station_id=station.station_id))
    qtbot.mouseClick(dialog.enroll_button, Qt.MouseButton.LeftButton)
    assert dialog.progress.isVisibleTo(dialog) and not dialog.enroll_button.isEnabled()
    qtbot.waitUntil(lambda: dialog.enrolled, timeout=20000)
    sent = int(re.fullmatch(r"Enrolled; (\d+) change\(s\) sent, \d+ received\.", dialog.message.text())[1])
    sending = [s for s in shown if "Sending this desk's records" in s[0]]
    assert len(sending) >= 2 and not any(s[3] for s in shown)  # no "standalone" while it runs
    # The station's own change waited before the enrolment, and is not sent: the bar ends full.
    assert sent == waiting - 1 and sending[-1][:3] == (
        f"Enrolled. Sending this desk's records to the centre: {sent} of {sent} change(s)…",
        sent,
        sent,
    )
    assert not dialog.progress.isVisibleTo(dialog) and dialog.enroll_button.isEnabled()
    assert not dialog.server.isEnabled() and not dialog.standalone_button.isEnabled()
