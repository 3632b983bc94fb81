"""`python -m tests.server_zygote`: an interpreter with the server's libraries imported, that forks
the tests' servers (tests/server_process.py, `ServerProcess(..., fork=True)`).

A `python -m desk_server serve` spends about a second of CPU importing FastAPI, pydantic,
SQLAlchemy, psycopg and uvicorn before it listens, and the suite starts a server in most of
the modules of tests/server and tests/sync, several in some (per backend, per restart). This
process (one per test process) imports them once, then for each request forks a server: a
process of its own, listening on 127.0.0.1, with its own database connections,
stopped by SIGTERM or killed by SIGKILL like any other, that runs the same
`desk_server.cli.main(["serve", ...])` as `python -m desk_server` does (or tests.crash_server's
wrapper of it), in the environment, folder and log the request names. Only the imports happened
before the fork. tests/server/test_server_cli.py still starts the entry point itself in fresh
interpreters, and DESK_TEST_SERVER_EXEC=1 makes every test server one (tests/conftest.py).

Protocol: one JSON object a line on stdin ({"module", "argv", "env", "cwd", "log"}), answered by
one line on stdout: the server's process id. The server is forked twice (the middle process
exits at once), so that it becomes the child of the test process, which marks itself a
"child subreaper" while it asks (Linux's PR_SET_CHILD_SUBREAPER): the test process waits for it
and reads its exit status as it would a subprocess's. End of stdin ends this process.
"""

from __future__ import annotations

import gc
import importlib
import json
import os
import sys
from typing import Any

# What `serve` imports before it listens, on SQLite and PostgreSQL (sys.modules of a running
# server, less what importing these brings on its own).
PRELOAD = (
    "desk_server.cli",
    "desk_server.app",
    "desk_server.db",
    "desk_server.services.maintenance",
    "desk_server.api.entity_models",
    "sqlite3",
    "psycopg",
    "sqlalchemy.dialects.postgresql.psycopg",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "uvicorn",
    "uvicorn.config",
    "uvicorn.server",
    "uvicorn.main",
    "uvicorn.lifespan.on",
    "uvicorn.loops.auto",
    "uvicorn.loops.asyncio",
    "uvicorn.protocols.http.auto",
    "uvicorn.protocols.http.h11_impl",
    "uvicorn.protocols.http.httptools_impl",
    "uvicorn.protocols.websockets.auto",
    "anyio._backends._asyncio",
)


def _serve(request: dict[str, Any]) -> int:
    """In the forked server: the process's standard streams, folder and environment as
    `subprocess.Popen` would have set them, then the command, as `python -m MODULE ARGV` runs it."""
    log = os.open(request["log"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.dup2(log, 1)
    os.dup2(log, 2)
    os.close(null)
    os.close(log)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    sys.argv = [request["module"], *request["argv"]]
    # The zygote's imports stay frozen: `serve` freezes what it loaded at start anyway
    # (desk_server.cli._tune_gc), and its collection then walks only what the server made since
    # the fork (unfrozen, it walked every imported object, 80 ms a start, and wrote to each
    # object's page, copying the pages the zygote shares with its servers).
    importlib.import_module(request["module"])  # tests.crash_server wraps create_app on import
    from desk_server.cli import main as serve_main

    return serve_main(list(request["argv"]))


def _fork() -> int | None:
    """Fork a server through a middle process that exits at once: its pid, or None in the
    server itself."""
    read_end, write_end = os.pipe()
    middle = os.fork()
    if middle == 0:
        in_server = False
        try:
            os.close(read_end)
            server = os.fork()
            in_server = server == 0
            if not in_server:
                os.write(write_end, str(server).encode())
        finally:
            if not in_server:
                os._exit(0)
        os.close(write_end)
        return None
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        pid = int(pipe.read() or b"0")
    os.waitpid(middle, 0)
    return pid


def main() -> None:
    for name in PRELOAD:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()  # the imported modules' pages stay shared with the forked servers
    for line in sys.stdin:
        request = json.loads(line)
        pid = _fork()
        if pid is None:
            # The server: its end is the interpreter's, as after `sys.exit(main())`.
            sys.exit(_serve(request))
        sys.stdout.write(f"{pid}\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
