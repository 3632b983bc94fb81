"""What a station lets the citizen's progress page show (issue 12): the unit's name, the reply
deadline, the reply's text; the defaults are the page as first built."""

from __future__ import annotations

from typing import Any

from desk_app.domain.public import PageShows, progress

SUBMISSION = {
    "state": "accepted",
    "submitted_at": "2026-11-20T09:00:00",
    "phone": "13812341234",
    "matter": "路灯坏了",
}
CASE = {"status": "replied", "round_no": 1}
SLIP = {
    "round_no": 1,
    "attempt": 1,
    "handling_unit_id": "u1",
    "referred_on": "2026-11-20",
    "reply_due": "2026-11-27",
    "replied_on": "2026-11-24",
    "reply_text": "已更换路灯灯泡",
}


def _details(shows: PageShows | None = None, **station: Any) -> dict[str, str]:
    shown = progress(
        code="X",
        submission=SUBMISSION,
        reception=CASE,
        referrals=[SLIP],
        unit_names={"u1": "五星街道办事处"},
        shows=shows if shows is not None else PageShows.of_station(station),
    )
    return {s.key: s.detail_zh for s in shown.steps}


def test_by_default_the_unit_and_the_deadline_show_and_the_reply_text_does_not() -> None:
    found = _details()
    assert found["referred"] == "已交五星街道办事处办理，11月27日前答复。"
    assert "已更换路灯灯泡" not in found["replied"]


def test_a_station_may_hide_the_units_name() -> None:
    assert _details(progress_shows_unit=False)["referred"] == "已交承办单位办理，11月27日前答复。"


def test_a_station_may_hide_the_deadline() -> None:
    assert _details(progress_shows_deadline=False)["referred"] == "已交五星街道办事处办理。"


def test_a_station_may_show_the_reply_text() -> None:
    assert "已更换路灯灯泡" in _details(progress_shows_reply=True)["replied"]


def test_a_station_that_never_said_gets_the_defaults() -> None:
    assert PageShows.of_station({}) == PageShows() == PageShows(unit=True, deadline=True, reply=False)
