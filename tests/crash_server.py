"""`python -m tests.crash_server serve …`: the real server with a fault injected, for tests only.

With $DESK_SERVER_TEST_CRASH_AFTER_PUSHES = N, the process exits (status 17) right after its Nth
push was committed, before the answer leaves, as if it were killed at that point. The product
carries no such hook: this wraps the application the real `desk-server serve` builds.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import desk_server.app
from desk_server.cli import main

CRASH_ENV = "DESK_SERVER_TEST_CRASH_AFTER_PUSHES"
PUSH_PATH = "/api/v1/push"


class CrashAfterPushes:
    """ASGI middleware: the Nth successful push's answer never leaves the process."""

    def __init__(self, app: Any, after: int) -> None:
        self.app, self.after, self.done = app, after, 0

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["path"] != PUSH_PATH:
            await self.app(scope, receive, send)
            return

        async def answer(message: dict[str, Any]) -> None:
            # The route has committed by the time its answer starts (routes/sync.py).
            if message["type"] == "http.response.start" and message["status"] == 200:
                self.done += 1
                if self.done >= self.after:
                    os._exit(17)
            await send(message)

        await self.app(scope, receive, answer)


def _create_app(*args: Any, **kwargs: Any) -> Any:
    app = _real_create_app(*args, **kwargs)
    after = int(os.environ.get(CRASH_ENV, "0") or 0)
    return CrashAfterPushes(app, after) if after else app


_real_create_app = desk_server.app.create_app
desk_server.app.create_app = _create_app

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
