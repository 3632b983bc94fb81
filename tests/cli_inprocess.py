"""Run `desk-app ARGS` in this process, as a subprocess would be run, for tests about what a
command does (a subprocess costs a second or more of start-up on the loaded test machine).

    result = run_desk_app(["--data-dir", str(folder), "rota", "make", ...], env={"DESK_PIN": pin})
    assert result.returncode == 0 and "…" in result.stdout

The answer is a `subprocess.CompletedProcess` (returncode, stdout, stderr as text), standard input
is empty (a subprocess with stdin=DEVNULL) and the environment holds `env` for the command only.
run_desk_server does the same for `desk-server ARGS` (ServerProcess.cli). Each entry point still
has real subprocess tests (tests/test_cli_identity.py, tests/test_demo.py,
tests/test_cli_shell.py, tests/server/test_server_cli.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, redirect_stderr, redirect_stdout


@contextmanager
def _environment(env: dict[str, str]) -> Iterator[None]:
    saved = {name: os.environ.get(name) for name in env}
    os.environ.update(env)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _exit_code(main: Callable[[list[str]], int | None], argv: Sequence[str]) -> int:
    """What the process of `main(argv)` would exit with: its return value, or its SystemExit's
    (argparse's usage errors and --help; a message given as the code goes to stderr, status 1)."""
    try:
        return main(list(argv)) or 0
    except SystemExit as exit_:
        if exit_.code is None or isinstance(exit_.code, int):
            return exit_.code or 0
        print(exit_.code, file=sys.stderr)
        return 1


def run_desk_app(
    argv: Sequence[str], *, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    from desk_app.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with _environment(env or {}), redirect_stdout(out), redirect_stderr(err):
            code = _exit_code(main, argv)
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(list(argv), code, out.getvalue(), err.getvalue())


def run_desk_server(argv: Sequence[str], *, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`desk-server ARGS` in this process with `env` (DESK_SERVER_DATABASE_URL and the like) for
    the command only, as run_desk_app. The command's database engines are disposed when it
    returns, as its process's end would close their connections (a PostgreSQL database with a
    connection left open could not be restored or dropped)."""
    from desk_server import db
    from desk_server.__main__ import main

    made = []
    make_engine = db.make_engine

    def make_and_keep(url: str):  # type: ignore[no-untyped-def]
        engine = make_engine(url)
        made.append(engine)
        return engine

    out, err = io.StringIO(), io.StringIO()
    db.make_engine = make_and_keep  # type: ignore[assignment]
    try:
        # A warning fails the test, as anywhere in the suite (pyproject's filterwarnings): in its
        # own process the command would only have printed it.
        with _environment(env), redirect_stdout(out), redirect_stderr(err):
            code = _exit_code(main, argv)
    finally:
        db.make_engine = make_engine  # type: ignore[assignment]
        for engine in made:
            engine.dispose()
    return subprocess.CompletedProcess(list(argv), code, out.getvalue(), err.getvalue())
