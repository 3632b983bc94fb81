"""`desk-server` administration commands: each creating one prints its id or code on its last line.

The commands run in this process (tests/cli_inprocess.py, as ServerProcess.cli does); the entry
point itself runs as a process of its own where that is what is checked: `serve` started fresh,
its refusal of plain HTTP on a network address, and a bad setting in the environment.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import inspect

from desk_server.db import current_revision, ensure_schema, head_revision, make_engine
from tests.cli_inprocess import run_desk_server
from tests.server_process import ROOT, ServerProcess


def _run(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`desk-server ARGS --data-dir DATA_DIR`, in this process."""
    return run_desk_server([*args, "--data-dir", str(data_dir)], env={})


def _run_process(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`python -m desk_server ARGS --data-dir DATA_DIR` in a process of its own."""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "desk_server", *args, "--data-dir", str(data_dir)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _last(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def district(data_dir: Path) -> str:
    return _last(_run(data_dir, "district", "create", "浉河区"))


@pytest.fixture(scope="module")
def station(data_dir: Path, district: str) -> str:
    return _last(
        _run(
            data_dir,
            "station",
            "create",
            "--district",
            district,
            "--name",
            "浉河区政务服务中心监督岗",
            "--short-name",
            "浉河监督岗",
            "--kind",
            "supervision_post",
        )
    )


def test_district_create_prints_its_id_last(district: str) -> None:
    assert len(district) == 36


def test_station_create_prints_its_id_last(data_dir: Path, station: str) -> None:
    assert station in _run(data_dir, "station", "list").stdout


def test_enroll_code_prints_the_code_last(data_dir: Path, station: str) -> None:
    code = _last(_run(data_dir, "enroll-code", "--station", station))
    assert len(code.replace("-", "")) == 16


def test_station_of_an_unknown_district_is_refused(data_dir: Path) -> None:
    result = _run(
        data_dir,
        "station",
        "create",
        "--district",
        "nope",
        "--name",
        "x",
        "--short-name",
        "x",
        "--kind",
        "studio",
    )
    assert result.returncode == 1
    assert "no district" in result.stderr


def test_enrolled_desk_is_listed_and_revoked(tmp_path: Path) -> None:
    with ServerProcess(tmp_path) as server:
        district = _last(server.cli("district", "create", "平桥区"))
        code = _last(server.cli("enroll-code", "--district", district))
        desk = server.enroll(code, "中心一号")["desk_id"]
        assert desk in server.cli("desks", "list").stdout
        server.cli("desks", "revoke", desk)
        listed = [line for line in server.cli("desks", "list").stdout.splitlines() if desk in line]
        assert "revoked" in listed[0]


def test_serve_needs_no_set_up_on_sqlite(tmp_path: Path) -> None:
    with ServerProcess(tmp_path / "fresh", fork=False) as server:
        assert server.running
    assert (tmp_path / "fresh" / "server.sqlite3").is_file()


def test_schema_is_migrated_to_head(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.sqlite3'}")
    assert ensure_schema(engine) is True
    assert current_revision(engine) == head_revision()
    assert {"change", "record", "desk", "serial_block"} <= set(inspect(engine).get_table_names())


def test_schema_at_head_is_left_alone(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 's.sqlite3'}")
    ensure_schema(engine)
    assert ensure_schema(engine) is False


def _bare(*args: str) -> subprocess.CompletedProcess[str]:
    """`desk-server ARGS` without --data-dir (commands that use no database), in this process."""
    return run_desk_server(list(args), env={})


def test_make_cert_prints_the_fingerprint_openssl_shows(tmp_path: Path) -> None:
    printed = _last(_bare("make-cert", "--host", "desk-centre", "--ip", "10.0.0.5", "--out", str(tmp_path)))
    openssl = subprocess.run(
        ["openssl", "x509", "-noout", "-fingerprint", "-sha256", "-in", str(tmp_path / "server.crt")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed == "SHA256:" + openssl.stdout.strip().split("=", 1)[1]


def test_make_cert_key_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    _last(_bare("make-cert", "--host", "desk-centre", "--out", str(tmp_path)))
    assert (tmp_path / "server.key").stat().st_mode & 0o077 == 0


def test_serve_refuses_plain_http_on_a_network_address(tmp_path: Path) -> None:
    result = _run_process(tmp_path, "serve", "--host", "0.0.0.0", "--port", "1")
    assert result.returncode == 2
    assert "refusing plain HTTP" in result.stderr


def test_a_bad_setting_in_the_environment_is_said_plainly(tmp_path: Path) -> None:
    env = {**os.environ, "DESK_SERVER_SIGN_IN_FAILURES": "many"}
    env.pop("DESK_SERVER_DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "desk_server", "district", "list", "--data-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "DESK_SERVER_SIGN_IN_FAILURES" in done.stderr and "Traceback" not in done.stderr
