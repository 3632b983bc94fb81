"""PIN rules, like a bank card's: no easy guesses, a growing wait after wrong tries, then a lock.

A desk PIN guards who signed a case off, so it must not be `0000`, `1234` or four spaces. PINs
are six or more characters (a bank card's six digits, or a longer pass phrase); all-digit PINs
must not be one digit repeated, a run up or down, a repeated pair or triple, or one of the
commonest PINs. Wrong tries are counted per operator on the desk (kept across restarts): after
`FREE_TRIES` the desk makes the operator wait longer and longer, and after `LOCK_AFTER` it locks
the operator until the office resets the PIN or `LOCK_MINUTES` pass (so a station whose only
administrator forgot their PIN is not bricked for ever).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

MIN_PIN_CHARS = 6
MAX_PIN_CHARS = 64

FREE_TRIES = 3  # wrong tries before any wait
LOCK_AFTER = 10  # wrong tries in a row that lock the operator
LOCK_MINUTES = 60
# Seconds to wait after the n-th wrong try in a row (n > FREE_TRIES), doubling up to the cap.
FIRST_WAIT_SECONDS = 5
MAX_WAIT_SECONDS = 300

# Commonest all-digit PINs beyond the patterns checked below (published PIN-frequency studies).
_COMMON = frozenset(
    {
        "123123",
        "321321",
        "520520",
        "520131",
        "521521",
        "112233",
        "121212",
        "131313",
        "147258",
        "159357",
        "123654",
        "147852",
        "258369",
        "741852",
        "963852",
        "666888",
        "888666",
        "168168",
        "518518",
        "101010",
        "202020",
        "121314",
        "123789",
        "456123",
        "789456",
        "098765",
        "102030",
    }
)


class PinProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    BLANK = "blank"  # spaces only, or spaces around it
    REPEATED = "repeated"  # 000000, 121212, 123123
    SEQUENCE = "sequence"  # 123456, 987654
    COMMON = "common"


PIN_PROBLEM_ZH: dict[PinProblem, str] = {
    PinProblem.TOO_SHORT: f"PIN 至少 {MIN_PIN_CHARS} 位。",
    PinProblem.TOO_LONG: f"PIN 最多 {MAX_PIN_CHARS} 位。",
    PinProblem.BLANK: "PIN 不能是空格，也不能以空格开头或结尾。",
    PinProblem.REPEATED: "PIN 不能是重复的数字（如 000000、121212）。",
    PinProblem.SEQUENCE: "PIN 不能是连续的数字（如 123456、987654）。",
    PinProblem.COMMON: "这个 PIN 太常见，容易被猜到，请换一个。",
}


def _is_run(digits: str) -> bool:
    steps = {(int(b) - int(a)) % 10 for a, b in zip(digits, digits[1:], strict=False)}
    return steps in ({1}, {9})


def _is_repetition(text: str) -> bool:
    return any(
        len(text) % n == 0 and text == text[:n] * (len(text) // n) for n in range(1, len(text) // 2 + 1)
    )


def pin_problem(pin: str) -> PinProblem | None:
    """Why `pin` is too weak to keep, or None when it is acceptable."""
    if not pin.strip() or pin != pin.strip():
        return PinProblem.BLANK
    if len(pin) < MIN_PIN_CHARS:
        return PinProblem.TOO_SHORT
    if len(pin) > MAX_PIN_CHARS:
        return PinProblem.TOO_LONG
    if _is_repetition(pin):
        return PinProblem.REPEATED
    if pin.isdigit():
        if _is_run(pin):
            return PinProblem.SEQUENCE
        if pin in _COMMON:
            return PinProblem.COMMON
    return None


def wait_after(failures: int) -> timedelta:
    """How long an operator must wait before the next try after `failures` wrong ones in a row."""
    if failures <= FREE_TRIES:
        return timedelta(0)
    seconds = FIRST_WAIT_SECONDS * 2 ** (failures - FREE_TRIES - 1)
    return timedelta(seconds=min(seconds, MAX_WAIT_SECONDS))


def locked_after(failures: int) -> bool:
    return failures >= LOCK_AFTER


def next_try_at(failures: int, last_failure: datetime | None) -> datetime | None:
    """When the operator may try again (None: now)."""
    if last_failure is None or failures <= FREE_TRIES:
        return None
    if locked_after(failures):
        return last_failure + timedelta(minutes=LOCK_MINUTES)
    return last_failure + wait_after(failures)
