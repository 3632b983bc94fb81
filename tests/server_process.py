"""Start and stop a real `python -m desk_server serve` on a free 127.0.0.1 port, for tests.

Usable from any test package (tests/server, tests/sync):

    from tests.server_process import ServerProcess
    with ServerProcess(tmp_path / "srv") as server:            # embedded SQLite
        district = server.admin.create_district("浉河区")
        station = server.admin.create_station(district)
        code = server.admin.enroll_code(station_id=station)
        requests.post(server.url + "/api/v1/enroll", json={"code": code, "desk_name": "desk 1"})

PostgreSQL: `ServerProcess(dir, database_url=fresh_postgres_database(base_url))`, where base_url
is $DESK_TEST_POSTGRES_URL (scripts/run-tests starts a throwaway cluster and sets it).
`kill()` is SIGKILL (no clean shutdown); `start()` again reuses the same database.

`ServerProcess(..., fork=True)` forks the server from an interpreter that has imported the
server's libraries already (tests/server_zygote.py) instead of starting a fresh `python -m
desk_server`: the same process, command and environment, without a second of imports. The
tests turn it on for every server (tests/conftest.py) but those of the entry point itself;
DESK_TEST_SERVER_EXEC=1 turns it off.

Migrated copies: `fresh_postgres_database(base_url, migrated=True)` (CREATE DATABASE ... TEMPLATE)
and `ServerProcess(dir, migrated=True)` (embedded SQLite) start from a database this process
migrated once, with an epoch of their own; the server then finds its schema at head. Without
`migrated`, the server migrates an empty database itself.
"""

from __future__ import annotations

import ctypes
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[1]
POSTGRES_ENV = "DESK_TEST_POSTGRES_URL"


CRASH_ENV = "DESK_SERVER_TEST_CRASH_AFTER_PUSHES"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# scripts/run-tests sets this with POSTGRES_ENV: a missing PostgreSQL is then an error, never a
# quietly skipped half of the server tests.
REQUIRE_POSTGRES_ENV = "DESK_TEST_REQUIRE_POSTGRES"


def postgres_base_url() -> str:
    """$DESK_TEST_POSTGRES_URL; without it the test is skipped, or fails under scripts/run-tests."""
    import pytest

    url = os.environ.get(POSTGRES_ENV)
    if url:
        return url
    if os.environ.get(REQUIRE_POSTGRES_ENV) == "1":
        pytest.fail(f"{POSTGRES_ENV} is not set, but {REQUIRE_POSTGRES_ENV}=1 (scripts/run-tests)")
    pytest.skip(f"{POSTGRES_ENV} is not set (scripts/run-tests starts a PostgreSQL and sets it)")


def _new_epoch_sql() -> tuple[str, dict[str, str]]:
    return "UPDATE server_state SET value = %(epoch)s WHERE key = 'epoch'", {"epoch": str(uuid.uuid4())}


# Per test process (each xdist worker has its own): base URL -> migrated template database name,
# and the migrated SQLite file.
_pg_templates: dict[str, str] = {}
_sqlite_template: list[Path] = []


def _migrate(database_url: str) -> None:
    from desk_server.db import ensure_schema, make_engine

    engine = make_engine(database_url)
    try:
        ensure_schema(engine)
    finally:
        engine.dispose()


def _pg_template(base_url: str) -> str:
    if base_url not in _pg_templates:
        url = fresh_postgres_database(base_url)
        _migrate(url)
        _pg_templates[base_url] = url
    from sqlalchemy.engine import make_url

    return str(make_url(_pg_templates[base_url]).database)


def fresh_postgres_database(base_url: str, *, migrated: bool = False) -> str:
    """Create a database on the server of `base_url`, empty or (`migrated`) a copy of a migrated
    template with an epoch of its own; its SQLAlchemy URL. Names are random: test processes
    (xdist workers) may share one cluster."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(base_url)
    name = "desk_" + uuid.uuid4().hex[:12]
    template = f' TEMPLATE "{_pg_template(base_url)}"' if migrated else ""
    conninfo = url.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{template}')
    if migrated:
        copy = url.set(drivername="postgresql", database=name).render_as_string(hide_password=False)
        with psycopg.connect(copy, autocommit=True) as conn:
            conn.execute(*_new_epoch_sql())
    return url.set(database=name).render_as_string(hide_password=False)


def drop_templates() -> None:
    """Remove this process's template databases (tests/conftest.py, at the end of the session)."""
    for url in _pg_templates.values():
        drop_postgres_database(url)
    _pg_templates.clear()
    for path in _sqlite_template:
        shutil.rmtree(path.parent, ignore_errors=True)
    _sqlite_template.clear()


def migrated_sqlite_copy(path: Path) -> None:
    """Put a migrated server database (a copy of this process's template) at `path`."""
    if not _sqlite_template:
        folder = Path(tempfile.mkdtemp(prefix="desk-server-template-"))
        _migrate(f"sqlite:///{folder / 'server.sqlite3'}")
        _sqlite_template.append(folder / "server.sqlite3")
    shutil.copyfile(_sqlite_template[0], path)
    sql, params = _new_epoch_sql()
    with sqlite3.connect(path) as conn:
        conn.execute(sql.replace("%(epoch)s", ":epoch"), params)
    conn.close()


def drop_postgres_database(database_url: str) -> None:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(database_url)
    admin = url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)')


class Admin:
    """In-process administration of the server's database (what the CLI does, without a process)."""

    def __init__(self, database_url: str) -> None:
        from desk_server.db import ensure_schema, make_engine, session_factory

        self.engine = make_engine(database_url)
        ensure_schema(self.engine)
        self._sessions = session_factory(self.engine)

    def _run(self, fn: Any, **kwargs: Any) -> Any:
        from desk_server.db import begin_write

        with self._sessions() as session:
            begin_write(session)
            result = fn(session=session, **kwargs)
            session.commit()
            return result

    def create_district(self, name: str | None = None) -> str:
        from desk_server.services import admin

        return self._run(admin.create_district, name=name or f"区{uuid.uuid4().hex[:6]}").id

    def create_station(
        self,
        district_id: str,
        name: str = "测试监督岗",
        short_name: str = "测试监督岗",
        kind: str = "supervision_post",
    ) -> str:
        from desk_server.services import admin

        return self._run(
            admin.create_station, district_id=district_id, name=name, short_name=short_name, kind=kind
        ).id

    def enroll_code(self, *, station_id: str | None = None, district_id: str | None = None) -> str:
        from desk_server.services import admin

        return self._run(admin.issue_code, station_id=station_id, district_id=district_id).code

    def revoke(self, desk_id: str) -> None:
        from desk_server.services import admin

        self._run(admin.revoke_desk, desk_id=desk_id)

    def close(self) -> None:
        self.engine.dispose()


class ForkedProcess:
    """What the tests use of `subprocess.Popen`, for a server forked by tests/server_zygote.py:
    a child of this process (it was reparented here), so `os.waitpid` gives its exit status."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None

    def poll(self) -> int | None:
        if self.returncode is None:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"server {self.pid}", timeout or 0)
            time.sleep(0.01)
        assert self.returncode is not None
        return self.returncode

    def send_signal(self, sig: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, sig)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)


_PR_SET_CHILD_SUBREAPER = 36
# This test process's tests/server_zygote.py (started at the first forked server).
_zygote: list[subprocess.Popen[str]] = []
_zygote_lock = threading.Lock()


def _subreaper(on: bool) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(_PR_SET_CHILD_SUBREAPER, int(on), 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_CHILD_SUBREAPER)")


def fork_server(module: str, argv: list[str], env: dict[str, str], log: Path) -> ForkedProcess:
    """`python -m MODULE ARGV` in `env`, output appended to `log`, forked by this test process's
    tests/server_zygote.py (started on first use; stop_zygote ends it)."""
    with _zygote_lock:
        if not _zygote or _zygote[0].poll() is not None:
            _zygote[:] = [
                subprocess.Popen(
                    [sys.executable, "-m", "tests.server_zygote"],
                    cwd=ROOT,
                    env={
                        **os.environ,
                        "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""),
                    },
                    stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE,
                    text=True,
                )
            ]
        zygote = _zygote[0]
        assert zygote.stdin is not None and zygote.stdout is not None
        request = {"module": module, "argv": argv, "env": env, "cwd": str(ROOT), "log": str(log)}
        # The server's parent exits at once: while we ask, orphans come to this process.
        _subreaper(True)
        try:
            zygote.stdin.write(json.dumps(request) + "\n")
            zygote.stdin.flush()
            answer = zygote.stdout.readline()
        finally:
            _subreaper(False)
    if not answer.strip():
        raise RuntimeError(f"tests/server_zygote.py ended ({zygote.poll()})")
    return ForkedProcess(int(answer))


def stop_zygote() -> None:
    """End this process's tests/server_zygote.py (tests/conftest.py, at the end of the session)."""
    with _zygote_lock:
        for zygote in _zygote:
            assert zygote.stdin is not None
            zygote.stdin.close()
            try:
                zygote.wait(timeout=10)
            except subprocess.TimeoutExpired:
                zygote.kill()
                zygote.wait()
            if zygote.stdout is not None:
                zygote.stdout.close()
        _zygote.clear()


class ServerProcess:
    # Whether servers are forked by tests/server_zygote.py when `fork` is not given (the
    # tests' conftest turns it on; benchmarks keep fresh interpreters).
    fork_by_default = False

    def __init__(
        self,
        data_dir: Path,
        database_url: str | None = None,
        *,
        env: dict[str, str] | None = None,
        tls: tuple[Path, Path] | None = None,
        serve_args: list[str] | None = None,
        migrated: bool = False,
        fork: bool | None = None,
    ) -> None:
        """`tls`: (certificate, key) to serve HTTPS, e.g. from `desk-server make-cert`;
        `serve_args`: more arguments of `serve` (e.g. ["--workers", "3"]);
        `migrated`: the embedded SQLite database starts as a migrated copy (module docstring);
        `fork`: forked by tests/server_zygote.py (module docstring; `--workers` servers never are:
        uvicorn starts their workers as fresh interpreters of the server's own main module)."""
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if database_url is None and migrated and not (self.data_dir / "server.sqlite3").exists():
            migrated_sqlite_copy(self.data_dir / "server.sqlite3")
        self.database_url = database_url or f"sqlite:///{(self.data_dir / 'server.sqlite3').resolve()}"
        self.port = free_port()
        self.tls = tls
        self.url = f"{'https' if tls else 'http'}://127.0.0.1:{self.port}"
        # requests' `verify` for this server: its own (self-signed) certificate as the trust anchor.
        self.verify: str | bool = str(tls[0]) if tls else True
        self.extra_env = dict(env or {})
        self.serve_args = list(serve_args or [])
        self.fork = (self.fork_by_default if fork is None else fork) and "--workers" not in self.serve_args
        self.proc: subprocess.Popen[bytes] | ForkedProcess | None = None
        self._admin: Admin | None = None
        self.log = self.data_dir / "server.log"

    # -- process --------------------------------------------------------------------------------

    def _env(self) -> dict[str, str]:
        env = dict(os.environ)
        env["DESK_SERVER_DATABASE_URL"] = self.database_url
        env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
        env.update(self.extra_env)
        return env

    def start(self, timeout: float = 90.0) -> ServerProcess:
        """Start and wait for /healthz. The wait is long: on a loaded 2-core machine running the
        suite in parallel (xdist), a server's imports alone have taken more than 20 s."""
        tls_args = ["--cert", str(self.tls[0]), "--key", str(self.tls[1])] if self.tls else []
        # With a fault to inject, the same server through the tests' own launcher (the
        # product carries no fault hook): tests/crash_server.py.
        module = "tests.crash_server" if self._env().get(CRASH_ENV) else "desk_server"
        argv = [
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data-dir",
            str(self.data_dir),
            *tls_args,
            *self.serve_args,
        ]
        if self.fork:
            self.proc = fork_server(module, argv, self._env(), self.log)
        else:
            with open(self.log, "ab") as log:
                self.proc = subprocess.Popen(
                    [sys.executable, "-m", module, *argv],
                    cwd=ROOT,
                    env=self._env(),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"desk-server exited ({self.proc.returncode}):\n{self.log.read_text()}")
            try:
                if requests.get(self.url + "/healthz", timeout=0.5, verify=self.verify).ok:
                    return self
            except (requests.ConnectionError, requests.Timeout):  # not listening, or slow to answer yet
                pass
            time.sleep(0.01)  # a refused connection costs little; a forked server listens in ~0.13 s
        self.kill()
        raise RuntimeError(f"desk-server did not start in {timeout}s:\n{self.log.read_text()}")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc = None

    def kill(self) -> None:
        """SIGKILL: the server dies wherever it is."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        self.proc = None

    def wait_exit(self, timeout: float = 10.0) -> int:
        assert self.proc is not None
        code = self.proc.wait(timeout=timeout)
        self.proc = None
        return code

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def __enter__(self) -> ServerProcess:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """The end of the server's fixture: killed, as nothing is checked after it (a graceful
        stop is ~0.2 s of uvicorn's own waits, for each of the ~110 servers of a run); the tests of
        a stop call `stop()`. A server with `--workers` is stopped: its workers are processes
        of its own, that a SIGKILL of the parent would leave running."""
        if "--workers" in self.serve_args:
            self.stop()
        else:
            self.kill()
        if self._admin is not None:
            self._admin.close()
            self._admin = None

    # -- administration -------------------------------------------------------------------------

    @property
    def admin(self) -> Admin:
        if self._admin is None:
            self._admin = Admin(self.database_url)
        return self._admin

    def cli(self, *args: str) -> subprocess.CompletedProcess[str]:
        """`desk-server ARGS --data-dir DIR` against this server's database, run in this process
        (tests/cli_inprocess.py: a subprocess costs a second or more of imports on the loaded
        test machine), with the server's environment for the command."""
        from tests.cli_inprocess import run_desk_server

        env = {"DESK_SERVER_DATABASE_URL": self.database_url, **self.extra_env}
        return run_desk_server([*args, "--data-dir", str(self.data_dir)], env=env)

    def cli_subprocess(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run `python -m desk_server ARGS` against this server's database, in a process of its
        own: the entry point's own tests (tests/server/test_server_cli.py)."""
        return subprocess.run(
            [sys.executable, "-m", "desk_server", *args, "--data-dir", str(self.data_dir)],
            cwd=ROOT,
            env=self._env(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )

    def enroll(self, code: str, desk_name: str = "desk") -> dict[str, Any]:
        r = requests.post(
            self.url + "/api/v1/enroll",
            json={"code": code, "desk_name": desk_name},
            timeout=10,
            verify=self.verify,
        )
        r.raise_for_status()
        return r.json()
