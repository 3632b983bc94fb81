"""Failed sign-ins per client address: enrolment codes and bearer tokens.

After `limit` failures from one address within `window` seconds, that address is answered 429
`too_many_attempts` (with Retry-After) until the oldest failure leaves the window: for every
enrolment attempt, right or wrong, and for every request with an unknown token (a known token
always passes, so a desk behind the same address as a guesser keeps syncing).

In memory, per server process: `desk-server serve` runs one process. Behind a reverse proxy the
address is the one the proxy forwards (uvicorn's proxy headers, trusted from
--forwarded-allow-ips, default 127.0.0.1).
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque
from collections.abc import Callable

from desk_server.errors import ApiError

# How many addresses are remembered at most: beyond it the quietest are forgotten, so a flood of
# addresses cannot grow the server's memory without bound.
MAX_ADDRESSES = 10_000


class FailureThrottle:
    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._lock = threading.Lock()  # sync routes run on a thread pool

    def check(self, address: str) -> None:
        """Raise 429 when `address` has used up its failures."""
        if self.limit <= 0:
            return
        with self._lock:
            times = self._recent(address)
            if len(times) >= self.limit:
                wait = max(1, math.ceil(times[0] + self.window - self.clock()))
                raise ApiError(
                    429,
                    "too_many_attempts",
                    f"Too many failed attempts from this address: try again in {wait} s.",
                    headers={"Retry-After": str(wait)},
                    retry_after=wait,
                )

    def failed(self, address: str) -> None:
        if self.limit <= 0:
            return
        with self._lock:
            times = self._recent(address)
            times.append(self.clock())
            self._failures[address] = times
            if len(self._failures) > MAX_ADDRESSES:
                quietest = min(self._failures, key=lambda a: self._failures[a][-1])
                del self._failures[quietest]

    def _recent(self, address: str) -> deque[float]:
        times = self._failures.get(address, deque())
        horizon = self.clock() - self.window
        while times and times[0] <= horizon:
            times.popleft()
        if not times:
            self._failures.pop(address, None)
        return times
