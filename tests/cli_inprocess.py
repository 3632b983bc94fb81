"""Run `desk-app ARGS` in this process, as a subprocess would be run, for tests about what a
command does (a subprocess costs a second or more of start-up on the loaded test machine).

    result = run_desk_app(["--data-dir", str(folder), "rota", "make", ...], env={"DESK_PIN": pin})
    assert result.returncode == 0 and "…" in result.stdout

The answer is a `subprocess.CompletedProcess` (returncode, stdout, stderr as text), standard input
is empty (a subprocess with stdin=DEVNULL) and the environment holds `env` for the command only.
Each entry point still has real subprocess tests (tests/test_cli_identity.py, tests/test_demo.py,
tests/test_cli_shell.py, tests/server/test_server_cli.py).
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
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


def run_desk_app(
    argv: Sequence[str], *, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    from desk_app.__main__ import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        with _environment(env or {}), redirect_stdout(out), redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exit_:  # argparse's usage errors and --help, as the process ends
                if exit_.code is None or isinstance(exit_.code, int):
                    code = exit_.code or 0
                else:
                    print(exit_.code, file=sys.stderr)
                    code = 1
    finally:
        sys.stdin = saved_stdin
    return subprocess.CompletedProcess(list(argv), code, out.getvalue(), err.getvalue())
