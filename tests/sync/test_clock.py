"""A desk whose clock is ahead of the server's (docs/sync.md, clocks): refused, and told how far."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from sync_helpers import pending, scalar

from desk_app.sync import client as client_module
from desk_app.sync.client import SyncProblem, _http_error, describe_zh


def _clock_ahead(monkeypatch: pytest.MonkeyPatch, minutes: int) -> None:
    """This computer's clock, as the desk reads it for the Date header, set `minutes` ahead."""
    ahead = datetime.now(UTC) + timedelta(minutes=minutes)
    monkeypatch.setattr(client_module, "formatdate", lambda usegmt=True: format_datetime(ahead, usegmt=True))


def _enrolled(make_desk, server, station):  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))
    assert desk.sync().ok
    return desk


def test_desk_with_a_clock_ahead_sends_nothing_and_says_by_how_many_minutes(
    make_desk, server, station, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    desk.register("小区电梯停运")
    waiting = pending(desk.store)
    _clock_ahead(monkeypatch, 12)
    report = desk.sync()
    assert report.errors == ["clock_ahead"] and pending(desk.store) == waiting
    assert describe_zh(report.errors[0], report.error_detail) in (
        "本机时钟比服务器快 12 分钟，请校准时间后再同步。",
        "本机时钟比服务器快 13 分钟，请校准时间后再同步。",
    )


def test_changes_made_while_the_clock_was_ahead_go_up_once_it_is_right(
    make_desk, server, station, clock
) -> None:  # type: ignore[no-untyped-def]
    desk = _enrolled(make_desk, server, station)
    clock.now = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=3)  # the clock was wrong...
    desk.register("小区电梯停运")
    clock.now = datetime.now(UTC).replace(tzinfo=None)  # ... and was put right before syncing
    assert desk.sync().ok and pending(desk.store) == 0
    assert scalar(desk.store, "SELECT count(*) FROM sync_conflict") == 0


def test_server_clock_ahead_answer_becomes_a_chinese_message_with_minutes() -> None:
    error = _http_error(
        400,
        {
            "detail": {
                "code": "clock_ahead",
                "message": "…",
                "ahead_seconds": 725,
                "server_time": "2026-12-03T10:00:00",
            }
        },
        enrolling=False,
    )
    assert error.code is SyncProblem.CLOCK_AHEAD
    assert error.message_zh() == "本机时钟比服务器快 13 分钟，请校准时间后再同步。"
