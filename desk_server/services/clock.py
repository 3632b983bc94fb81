"""The desks' clocks against the server's: a change may not come from the future.

The conflict rules order edits of one field by their desk time `at` (docs/sync.md), so a desk
whose clock is ahead beats every honest edit made before its clock's time: `9999-12-31T23:59:59`
beat every later edit for ever. A push is checked before anything is applied:

- The desk's clock now (the standard HTTP `Date` header, which the desk sends): more than
  CLOCK_TOLERANCE ahead of the server's clock refuses the whole push, 400 `clock_ahead`, with the
  server's time and how far ahead the desk is, so the desk can tell the clerk to set the clock.
- A change stamped more than CLOCK_TOLERANCE ahead of the server's clock:
  - with a `Date` header that is not ahead, the clock has been put right since the change was
    made (otherwise every such change would be refused for ever and block the desk's queue):
    the change is taken as made now, its `at` set to the server's time;
  - without a `Date` header, the server cannot tell: the whole push is refused, `clock_ahead`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from desk_server.errors import ApiError

# Anki refuses a sync when the clocks differ by more than 5 minutes.
CLOCK_TOLERANCE = timedelta(minutes=5)


def desk_clock(date_header: str | None) -> datetime | None:
    """The desk's clock from an HTTP `Date` header (UTC, naive), or None when absent or unreadable."""
    if not date_header:
        return None
    try:
        when = parsedate_to_datetime(date_header)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:  # "-0000": RFC 5322's "UTC, origin unknown"
        return when
    return when.astimezone(UTC).replace(tzinfo=None)


def check_clock(
    changes: list[dict[str, Any]],
    *,
    now: datetime,
    date_header: str | None,
    well_formed: Callable[[str], bool] | None = None,
) -> int:
    """Refuse a push from a clock ahead of the server's; the number of changes whose `at` was set
    to the server's time (their desk's clock was ahead when they were made, and is right now).

    `at` is known to be well formed (boundary.check_changes), or, for a big batch checked last
    (sync.push), is checked with `well_formed` before it is set: one that is not sets none (the
    format's check then refuses the batch; set, it would have taken the server's time).
    """
    desk_now = desk_clock(date_header)
    limit = now + CLOCK_TOLERANCE
    if desk_now is not None and desk_now > limit:
        raise clock_ahead(now, desk_now - now)
    limit_text = limit.isoformat()
    # The log's format sorts as text, so most changes are checked without parsing them.
    ahead = [c for c in changes if c["at"] > limit_text and datetime.fromisoformat(c["at"]) > limit]
    if not ahead:
        return 0
    if desk_now is None:
        raise clock_ahead(now, max(datetime.fromisoformat(c["at"]) for c in ahead) - now)
    if well_formed is not None and not all(well_formed(c["at"]) for c in ahead):
        return 0
    stamp = now.isoformat(timespec="microseconds")
    for c in ahead:
        c["at"] = stamp
    return len(ahead)


def clock_ahead(now: datetime, ahead: timedelta) -> ApiError:
    seconds = math.ceil(ahead.total_seconds())
    return ApiError(
        400,
        "clock_ahead",
        f"The desk's clock is {math.ceil(seconds / 60)} minute(s) ahead of the server's "
        f"({now.isoformat(timespec='seconds')} UTC): set the clock right, then sync again.",
        server_time=now.isoformat(timespec="seconds"),
        ahead_seconds=seconds,
    )
