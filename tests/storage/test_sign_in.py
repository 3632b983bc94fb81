"""Signing in: waits and a lock after wrong PINs (kept across restarts), PIN changes, the audit trail."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path

import pytest
from storage_helpers import Desk

from desk_app.domain import pins
from desk_app.domain.pins import PinProblem
from desk_app.storage.errors import SignInRefused, WeakPin
from desk_app.storage.store import DeskStore
from tests.constants import CLERK_PIN, DEPUTY_PIN


def wrong(desk: Desk, operator_id: str, times: int = 1) -> SignInRefused:
    err = None
    for _ in range(times):
        with pytest.raises(SignInRefused) as info:
            desk.store.sign_in(operator_id, "000000")
        err = info.value
    assert err is not None
    return err


def test_right_pin_signs_in(desk: Desk) -> None:
    assert desk.store.sign_in(desk.clerk.id, CLERK_PIN).id == desk.clerk.id


def test_wrong_pin_says_how_many_tries_are_left(desk: Desk) -> None:
    err = wrong(desk, desk.clerk.id)
    assert (err.reason, err.tries_left) == ("wrong_pin", pins.LOCK_AFTER - 1)


def test_after_the_free_tries_even_the_right_pin_must_wait(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    wrong(desk, desk.clerk.id, pins.FREE_TRIES + 1)
    with pytest.raises(SignInRefused) as info:
        desk.store.sign_in(desk.clerk.id, CLERK_PIN)
    assert info.value.reason == "wait" and info.value.until is not None
    clock.now = info.value.until + timedelta(seconds=1)
    assert desk.store.sign_in(desk.clerk.id, CLERK_PIN).id == desk.clerk.id


def test_sixty_wrong_pins_then_the_right_one_does_not_sign_in(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    """The finding: 60 wrong PINs in a row, then the right one signed in."""
    for _ in range(60):
        with pytest.raises(SignInRefused):
            desk.store.sign_in(desk.clerk.id, "000000")
        clock.now += timedelta(seconds=pins.MAX_WAIT_SECONDS + 1)  # even waiting out every delay
    with pytest.raises(SignInRefused) as info:
        desk.store.sign_in(desk.clerk.id, CLERK_PIN)
    assert info.value.reason in ("locked", "wait")
    failures, _until = desk.store.lock_state(desk.clerk.id)
    assert failures >= pins.LOCK_AFTER


def _lock_out(desk: Desk, clock, operator_id: str) -> None:  # type: ignore[no-untyped-def]
    for _ in range(pins.LOCK_AFTER):
        with contextlib.suppress(SignInRefused):
            desk.store.sign_in(operator_id, "000000")
        clock.now += timedelta(seconds=pins.MAX_WAIT_SECONDS + 1)


def test_a_lock_is_kept_across_restarts(desk: Desk, clock, data_dir: Path) -> None:  # type: ignore[no-untyped-def]
    _lock_out(desk, clock, desk.clerk.id)
    desk.store.close()
    reopened = DeskStore.open(data_dir, clock=clock)
    try:
        with pytest.raises(SignInRefused) as info:
            reopened.sign_in(desk.clerk.id, CLERK_PIN)
        assert info.value.reason == "locked"
    finally:
        reopened.close()
        desk.store = DeskStore.open(data_dir, clock=clock)


def test_an_office_reset_ends_the_lock(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    deputy = desk.store.add_operator(by=desk.clerk.id, name="王代表", role="deputy", secret=DEPUTY_PIN)
    _lock_out(desk, clock, deputy.id)
    desk.store.reset_pin(by=desk.clerk.id, operator_id=deputy.id, new="593814")
    assert desk.store.sign_in(deputy.id, "593814").id == deputy.id


def test_a_lock_ends_after_an_hour(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    _lock_out(desk, clock, desk.clerk.id)
    clock.now += timedelta(minutes=pins.LOCK_MINUTES + 1)
    assert desk.store.sign_in(desk.clerk.id, CLERK_PIN).id == desk.clerk.id


@pytest.mark.parametrize("pin", ["0000", "1234", "    ", "123456", "111111"])
def test_weak_pins_are_refused_for_new_operators(desk: Desk, pin: str) -> None:
    before = len(desk.store.operators())
    with pytest.raises(WeakPin):
        desk.store.add_operator(by=desk.clerk.id, name="新人", role="deputy", secret=pin)
    assert len(desk.store.operators()) == before


def test_change_own_pin(desk: Desk) -> None:
    desk.store.change_own_pin(desk.clerk.id, CLERK_PIN, "864213")
    assert desk.store.sign_in(desk.clerk.id, "864213").id == desk.clerk.id
    with pytest.raises(SignInRefused):
        desk.store.sign_in(desk.clerk.id, CLERK_PIN)


def test_change_own_pin_needs_the_old_one_and_a_strong_new_one(desk: Desk) -> None:
    with pytest.raises(SignInRefused):
        desk.store.change_own_pin(desk.clerk.id, "000000", "864213")
    with pytest.raises(WeakPin) as info:
        desk.store.change_own_pin(desk.clerk.id, CLERK_PIN, "222222")
    assert info.value.problem is PinProblem.REPEATED
    assert desk.store.sign_in(desk.clerk.id, CLERK_PIN).id == desk.clerk.id


def test_sign_ins_failures_lockouts_and_pin_changes_are_audited(desk: Desk, clock) -> None:  # type: ignore[no-untyped-def]
    desk.store.sign_in(desk.clerk.id, CLERK_PIN)
    deputy = desk.store.add_operator(by=desk.clerk.id, name="王代表", role="deputy", secret=DEPUTY_PIN)
    _lock_out(desk, clock, deputy.id)
    desk.store.reset_pin(by=desk.clerk.id, operator_id=deputy.id, new="593814")
    desk.store.change_own_pin(desk.clerk.id, CLERK_PIN, "864213")
    kinds = [e.kind for e in reversed(desk.store.audit_trail(by=desk.clerk.id))]
    assert kinds[0] == "sign_in"
    assert kinds.count("sign_in_failed") == pins.LOCK_AFTER and "locked_out" in kinds
    # Changing one's PIN checks the old one as a sign-in does.
    assert kinds[-3:] == ["pin_reset", "sign_in", "pin_changed"]


def test_the_pin_never_reaches_the_audit_trail(desk: Desk) -> None:
    wrong(desk, desk.clerk.id)
    desk.store.sign_in(desk.clerk.id, CLERK_PIN)
    text = repr(desk.store.audit_trail(by=desk.clerk.id))
    assert CLERK_PIN not in text and "000000" not in text
