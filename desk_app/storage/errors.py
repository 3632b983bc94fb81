"""Errors of the storage layer a user can act on, separated from bugs (qutebrowser's habit).

A busy, full, read-only or damaged database is the environment's fault: it becomes a
`StorageUnavailable` with a stable `reason` that the window states in plain Chinese, and the
form keeps what was typed. Anything else (a constraint violated, a typo in SQL) is a bug and
propagates with its traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from enum import StrEnum

from desk_app.domain.pins import PinProblem
from desk_app.domain.validation import FieldError


class StorageProblem(StrEnum):
    BUSY = "busy"
    DISK_FULL = "disk_full"
    READ_ONLY = "read_only"
    CORRUPT = "corrupt"
    CANNOT_OPEN = "cannot_open"
    TOO_NEW = "too_new"


class DeskError(Exception):
    """Base of errors the user is told about (never a bug)."""


class StorageUnavailable(DeskError):
    def __init__(self, problem: StorageProblem, detail: str = "") -> None:
        super().__init__(f"{problem.value}: {detail}")
        self.problem = problem
        self.detail = detail


class ValidationFailed(DeskError):
    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.problem.value}" for e in errors))
        self.errors = errors


class NotFound(DeskError):
    def __init__(self, entity: str, key: str) -> None:
        super().__init__(f"{entity} {key} not found")
        self.entity = entity
        self.key = key


class SignInRefused(DeskError):
    """A sign-in (or a PIN check) refused. `reason`: wrong_pin, wait (too many wrong PINs: try
    again at `until`), locked (until the office resets the PIN, or `until`), inactive, unknown."""

    def __init__(
        self,
        operator_id: str | None,
        reason: str = "wrong_pin",
        *,
        until: datetime | None = None,
        tries_left: int | None = None,
    ) -> None:
        super().__init__(f"sign-in refused for {operator_id}: {reason}")
        self.operator_id = operator_id
        self.reason = reason
        self.until = until
        self.tries_left = tries_left


class WeakPin(DeskError):
    """A new PIN too easy to guess (domain.pins.PinProblem)."""

    def __init__(self, problem: PinProblem) -> None:
        super().__init__(f"weak PIN: {problem.value}")
        self.problem = problem


class DuplicateName(DeskError):
    def __init__(self, entity: str, name: str) -> None:
        super().__init__(f"{entity} named {name!r} exists")
        self.entity = entity
        self.name = name


class NoSerialLeft(DeskError):
    """An enrolled desk has no server-granted slip number left for the year (it must sync first)."""

    def __init__(self, year: int) -> None:
        super().__init__(f"no granted slip serial left for {year}")
        self.year = year


_MESSAGES: tuple[tuple[str, StorageProblem], ...] = (
    ("database is locked", StorageProblem.BUSY),
    ("database table is locked", StorageProblem.BUSY),
    ("database or disk is full", StorageProblem.DISK_FULL),
    ("disk i/o error", StorageProblem.DISK_FULL),
    ("readonly database", StorageProblem.READ_ONLY),
    ("file is not a database", StorageProblem.CORRUPT),
    ("database disk image is malformed", StorageProblem.CORRUPT),
    ("unable to open database file", StorageProblem.CANNOT_OPEN),
)


def classify(exc: BaseException) -> StorageProblem | None:
    text = str(getattr(exc, "orig", exc)).lower()
    for needle, problem in _MESSAGES:
        if needle in text:
            return problem
    return None


@contextmanager
def translate_db_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        # Imported here: the sign-in window imports this module before SQLAlchemy is loaded
        # (start-up time, desk_app/ui/app.py); any database error comes after it is.
        from sqlalchemy.exc import DatabaseError, OperationalError

        if not isinstance(exc, (OperationalError, DatabaseError)):
            raise
        problem = classify(exc)
        if problem is None:
            raise
        raise StorageUnavailable(problem, str(getattr(exc, "orig", exc))) from exc
