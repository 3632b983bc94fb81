"""What the status bar shows about sync: online or not, changes waiting, the last good sync and
the last error (a stable code from desk_app.sync.client.SyncProblem)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class SyncStatus:
    enrolled: bool = False
    # None: not known yet (no attempt since start); True: the last attempt reached the server.
    online: bool | None = None
    pending: int = 0  # local changes not yet accepted by the server
    last_ok: datetime | None = None  # UTC of the last complete sync
    last_error: str | None = None  # a SyncProblem code, None after a good sync
    # The desk stopped syncing by itself (token revoked) until it is enrolled again.
    stopped: bool = False
    unseen_conflicts: int = 0  # conflicts and refusals the user has not looked at
    running: bool = False  # a sync round is under way (set by the window's runner)
    server_url: str = ""
