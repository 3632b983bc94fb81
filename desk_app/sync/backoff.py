"""Picard's rate control (picard/webservice/ratecontrol.py), for one server.

On trouble (unreachable, 5xx) the delay before the next try doubles, from `first` up to `cap`;
each success halves it, and below `first` it drops to zero. So a server that is down is asked
less and less often, and a recovered one is back to normal after a few good rounds.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Backoff:
    first: float = 5.0  # seconds, the first delay after trouble
    cap: float = 600.0  # never wait longer than this
    delay: float = 0.0

    def failed(self) -> float:
        """Record trouble; return the delay to wait before the next try."""
        self.delay = min(self.cap, max(self.first, self.delay * 2))
        return self.delay

    def succeeded(self) -> float:
        self.delay = self.delay / 2
        if self.delay < self.first:
            self.delay = 0.0
        return self.delay

    def reset(self) -> None:
        self.delay = 0.0
