"""The OpenAPI document tells the truth: schemathesis against a live server, on both databases.

Generated requests (valid and invalid) go to every operation with an enrolled desk's token; the
run fails on any 5xx, any status code the document does not declare, and any answer (errors
included) that does not match its declared schema. A fixed seed and a few examples per operation
keep it short and repeatable. The coverage phase (each parameter's boundary and invalid values)
does not depend on the count; the fuzzing and stateful phases take EXAMPLES per operation on
PostgreSQL, the stricter database (a NUL byte, a string over a column's length, a type it will not
cast: what turns random input into a 500 there is refused by neither pydantic nor SQLite), and
SQLITE_EXAMPLES on SQLite, where the same requests pass the same validation before a database that
accepts any value (~2 s of CPU fewer). DESK_TEST_SCHEMATHESIS_EXAMPLES=200 runs the long version
on both (DESK_TEST_SCHEMATHESIS_SEED another seed).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from tests.server.conftest import API, DeskClient, serving
from tests.server_process import ServerProcess

LONG_EXAMPLES = os.environ.get("DESK_TEST_SCHEMATHESIS_EXAMPLES")
EXAMPLES = int(LONG_EXAMPLES or "25")
SQLITE_EXAMPLES = int(LONG_EXAMPLES or "10")
SEED = int(os.environ.get("DESK_TEST_SCHEMATHESIS_SEED", "15"))


def _schemathesis() -> str:
    script = Path(sys.executable).with_name("schemathesis")
    assert script.is_file(), "schemathesis is in the test extra: scripts/bootstrap.sh test"
    return str(script)


@pytest.fixture(scope="module")
def server(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """The module's server (as conftest's) with sign-in throttling off: schemathesis sends many
    bad tokens on purpose, and its check wants each answered 401 (the 429 that follows is tested
    in test_server_operations.py). The other test only reads the OpenAPI document."""
    with serving(backend, tmp_path_factory, env={"DESK_SERVER_SIGN_IN_FAILURES": "0"}) as proc:
        yield proc


def test_every_route_declares_the_protocols_error_body(server: ServerProcess) -> None:
    doc = requests.get(server.url + "/openapi.json", timeout=10).json()
    for path, operations in doc["paths"].items():
        if not path.startswith(API):
            continue  # Open311 (/open311/v2) answers the spec's own error list (test_open311.py)
        for method, operation in operations.items():
            for status in ("401", "422") if path != API + "/enroll" else ("400", "401", "422"):
                schema = operation["responses"][status]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorOut"}, (method, path, status)


def test_schemathesis_finds_no_server_error_and_no_schema_violation(
    server: ServerProcess, backend: str, tmp_path: Path
) -> None:
    station = server.admin.create_station(server.admin.create_district())
    desk = DeskClient(server, server.enroll(server.admin.enroll_code(station_id=station)))
    run = subprocess.run(
        [
            _schemathesis(),
            "run",
            server.url + "/openapi.json",
            "--header",
            f"Authorization: Bearer {desk.token}",
            "--max-examples",
            str(SQLITE_EXAMPLES if backend == "sqlite" else EXAMPLES),
            "--seed",
            str(SEED),
            "--workers",
            "1",
            "--generation-database",
            "none",
            "--no-color",
            "--checks",
            "all",
            # "Schema-valid request rejected": a push is also refused for what no request model can
            # say (a time that is not a date, a clock ahead of the server's, a field of another
            # station); those refusals are declared (400, 403) and checked by the other checks.
            "--exclude-checks",
            "positive_data_acceptance",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
