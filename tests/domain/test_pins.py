"""PIN rules: no easy guesses; a growing wait, then a lock, after wrong tries."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from desk_app.domain.pins import (
    FREE_TRIES,
    LOCK_AFTER,
    LOCK_MINUTES,
    PinProblem,
    locked_after,
    next_try_at,
    pin_problem,
    wait_after,
)


@pytest.mark.parametrize(
    ("pin", "problem"),
    [
        ("0000", PinProblem.TOO_SHORT),
        ("1234", PinProblem.TOO_SHORT),
        ("    ", PinProblem.BLANK),
        ("      ", PinProblem.BLANK),
        (" 305917", PinProblem.BLANK),
        ("000000", PinProblem.REPEATED),
        ("121212", PinProblem.REPEATED),
        ("123123", PinProblem.REPEATED),
        ("abcabc", PinProblem.REPEATED),
        ("123456", PinProblem.SEQUENCE),
        ("987654", PinProblem.SEQUENCE),
        ("890123", PinProblem.SEQUENCE),
        ("520520", PinProblem.REPEATED),
        ("147258", PinProblem.COMMON),
        ("x" * 65, PinProblem.TOO_LONG),
    ],
)
def test_weak_pins_are_refused(pin: str, problem: PinProblem) -> None:
    assert pin_problem(pin) is problem


@pytest.mark.parametrize("pin", ["305917", "418263", "726150", "茶山2026春", "correct horse"])
def test_good_pins_are_accepted(pin: str) -> None:
    assert pin_problem(pin) is None


def test_the_first_wrong_tries_cost_nothing() -> None:
    assert all(wait_after(n) == timedelta(0) for n in range(FREE_TRIES + 1))


def test_each_further_wrong_try_waits_longer() -> None:
    waits = [wait_after(n) for n in range(FREE_TRIES + 1, LOCK_AFTER)]
    assert waits == sorted(waits) and waits[0] > timedelta(0) and len(set(waits)) > 2


def test_lock_after_ten_wrong_tries_in_a_row() -> None:
    assert not locked_after(LOCK_AFTER - 1) and locked_after(LOCK_AFTER)


def test_a_lock_ends_after_an_hour_or_a_reset() -> None:
    last = datetime(2026, 11, 20, 10, 0)
    assert next_try_at(LOCK_AFTER, last) == last + timedelta(minutes=LOCK_MINUTES)
    assert next_try_at(0, None) is None
