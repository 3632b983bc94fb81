"""Identity on the command line (issue 9): every write names its operator and needs their PIN.

Most tests call desk_app.cli.main in this process, with the environment and standard input set
by monkeypatch (a subprocess costs a second each); the piped PIN and the prompt are also run
once each through a real process, the prompt on a real pseudo-terminal.
"""

from __future__ import annotations

import io
import os
import select
import shutil
import sqlite3
import subprocess
import sys
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from desk_app.cli import main
from desk_app.domain.roster import RosterEntry
from desk_app.domain.rota import Period, SlotTemplate
from desk_app.domain.vocab import DeputyLevel
from desk_app.reports.calendar_table import write_template as write_calendar_template
from desk_app.reports.roster_xlsx import write_template
from desk_app.storage.db import database_path
from desk_app.storage.store import DeskStore
from tests.conftest import FakeClock
from tests.constants import CLERK_PIN, DEPUTY_PIN, OTHER_PIN

ROOT = Path(__file__).resolve().parents[1]
DEPUTY_OPERATOR = "王丽华"
# A second operator of the office (after 李明 in name order, so 李明 stays the default).
OFFICE_OPERATOR = "赵会计"
WRONG_PIN = CLERK_PIN + "9"


@pytest.fixture(scope="module")
def desk_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A set-up desk: the clerk, a duty deputy who may sign in, two deputies on the roster and
    duty every Wednesday morning, so that each write command has something to write. Made once
    (migrations and PIN hashes take a second); each test gets a copy of the file."""
    folder = tmp_path_factory.mktemp("desk")
    store = DeskStore.open(folder, clock=FakeClock())
    try:
        clerk = store.set_up(
            station_name="浉河区五星街道人大代表监督岗",
            short_name="浉河监督岗",
            kind="supervision_post",
            district="浉河区",
            operator_name="李明",
            secret=CLERK_PIN,
        )
        store.add_operator(by=clerk.id, name=DEPUTY_OPERATOR, role="deputy", secret=DEPUTY_PIN)
        store.add_operator(by=clerk.id, name=OFFICE_OPERATOR, role="clerk", secret=OTHER_PIN)
        store.import_roster(
            [
                RosterEntry("张卫东", DeputyLevel.PROVINCIAL, phone="13837630516"),
                RosterEntry("何秀英", DeputyLevel.CITY, phone="15937609921"),
            ],
            by=clerk.id,
        )
        store.set_duty_pattern([SlotTemplate(2, Period.MORNING, 2)], by=clerk.id)
    finally:
        store.close()  # the last connection out folds the WAL into the file
    return database_path(folder)


@pytest.fixture
def desk(desk_file: Path, data_dir: Path) -> Path:
    data_dir.mkdir()
    shutil.copyfile(desk_file, database_path(data_dir))
    return data_dir


def _roster(tmp_path: Path) -> Path:
    path = tmp_path / "roster.xlsx"
    write_template(path)  # its sample row is never imported: one good deputy of our own
    wb = load_workbook(path)
    wb.active.append(["李秀英", "区人大代表", "", "", "", "13912345679", "是"])
    wb.save(path)
    return path


def _ledger(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.xlsx"
    wb = Workbook()
    wb.active.append(["登记时间", "反映问题", "处理方式", "现场答复"])
    wb.active.append([datetime(2026, 8, 1, 9), "咨询", "现场解决", "已解答"])
    wb.save(path)
    return path


def _notice(tmp_path: Path) -> Path:
    path = tmp_path / "notice.xlsx"
    write_calendar_template(path, 2027)  # its example lines are good days of 2027
    return path


# Every command that writes to the desk's database for an operator, with its arguments.
WRITES = {
    "import roster": lambda tmp: ["import", "roster", str(_roster(tmp))],
    "calendar import": lambda tmp: ["calendar", "import", str(_notice(tmp)), "--year", "2027"],
    "rota make": lambda tmp: ["rota", "make", "--from", "2026-12-01", "--to", "2026-12-31"],
    "import ledger": lambda tmp: ["import", "ledger", str(_ledger(tmp))],
}


@pytest.fixture(params=WRITES.keys())
def write_command(request: pytest.FixtureRequest, tmp_path: Path) -> list[str]:
    return WRITES[request.param](tmp_path)


def _query(data_dir: Path, sql: str, *params: object) -> list[tuple]:  # type: ignore[type-arg]
    with closing(sqlite3.connect(database_path(data_dir))) as conn:
        return conn.execute(sql, params).fetchall()


def changes(data_dir: Path) -> int:
    """The newest change's number: every write of every command lands in the change log."""
    return _query(data_dir, "SELECT coalesce(max(seq), 0) FROM change_log")[0][0]


def operators_of_changes_after(data_dir: Path, seq: int) -> set[str | None]:
    rows = _query(
        data_dir,
        "SELECT o.name FROM change_log c LEFT JOIN operator o ON o.id = c.operator_id WHERE c.seq > ?",
        seq,
    )
    return {r[0] for r in rows}


def run(
    monkeypatch: pytest.MonkeyPatch, data_dir: Path, *args: str, env_pin: str | None = None, stdin: str = ""
) -> int:
    """`desk-app --data-dir DATA_DIR ARGS` in this process, with DESK_PIN and piped stdin as given."""
    if env_pin is None:
        monkeypatch.delenv("DESK_PIN", raising=False)
    else:
        monkeypatch.setenv("DESK_PIN", env_pin)
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    return main(["--data-dir", str(data_dir), *args])


def test_write_without_a_pin_is_refused(monkeypatch, desk: Path, write_command: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(monkeypatch, desk, *write_command) == 1
    assert "没有提供 PIN" in capsys.readouterr().err


def test_write_without_a_pin_changes_nothing(monkeypatch, desk: Path, write_command: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = changes(desk)
    run(monkeypatch, desk, *write_command)
    assert changes(desk) == before


def test_write_with_a_wrong_pin_is_refused(monkeypatch, desk: Path, write_command: list[str], capsys) -> None:  # type: ignore[no-untyped-def]
    assert run(monkeypatch, desk, *write_command, env_pin=WRONG_PIN) == 1
    assert "PIN 不正确" in capsys.readouterr().err


def test_write_with_a_wrong_pin_changes_nothing(monkeypatch, desk: Path, write_command: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = changes(desk)
    run(monkeypatch, desk, *write_command, stdin=WRONG_PIN + "\n")
    assert changes(desk) == before


def test_write_with_the_pin_in_desk_pin_is_made(monkeypatch, desk: Path, write_command: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = changes(desk)
    assert run(monkeypatch, desk, *write_command, env_pin=CLERK_PIN) == 0
    assert changes(desk) > before


def test_write_with_the_pin_piped_is_made(monkeypatch, desk: Path, write_command: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = changes(desk)
    assert run(monkeypatch, desk, *write_command, stdin=CLERK_PIN + "\n") == 0
    assert changes(desk) > before


def test_write_is_recorded_as_the_named_operator(monkeypatch, desk: Path, write_command: list[str]) -> None:  # type: ignore[no-untyped-def]
    before = changes(desk)
    assert run(monkeypatch, desk, *write_command, "--operator", OFFICE_OPERATOR, env_pin=OTHER_PIN) == 0
    assert operators_of_changes_after(desk, before) == {OFFICE_OPERATOR}


def test_a_duty_deputy_with_their_own_pin_may_not_do_the_offices_work(
    monkeypatch,
    desk: Path,  # type: ignore[no-untyped-def]
    write_command: list[str],
    capsys,
) -> None:
    """The issue's case: a deputy's name signed off cases through `import ledger`."""
    before = changes(desk)
    assert run(monkeypatch, desk, *write_command, "--operator", DEPUTY_OPERATOR, env_pin=DEPUTY_PIN) == 1
    assert "当前身份无权" in capsys.readouterr().err
    assert changes(desk) == before


def test_another_operators_pin_does_not_act_for_them(
    monkeypatch, desk: Path, write_command: list[str]
) -> None:  # type: ignore[no-untyped-def]
    """The issue's case: a duty deputy's name, with the clerk's PIN (or none), signs nothing off."""
    before = changes(desk)
    assert run(monkeypatch, desk, *write_command, "--operator", DEPUTY_OPERATOR, env_pin=CLERK_PIN) == 1
    assert changes(desk) == before


def test_unknown_operator_is_refused_before_any_pin_is_asked(monkeypatch, desk: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    stdin = io.StringIO(CLERK_PIN + "\n")
    monkeypatch.delenv("DESK_PIN", raising=False)
    monkeypatch.setattr(sys, "stdin", stdin)
    assert (
        main(
            [
                "--data-dir",
                str(desk),
                "rota",
                "make",
                "--from",
                "2026-12-01",
                "--to",
                "2026-12-31",
                "--operator",
                "无此人",
            ]
        )
        == 1
    )
    assert "操作员 无此人 不存在或已停用" in capsys.readouterr().err
    assert stdin.tell() == 0


def test_deactivated_operator_is_refused(monkeypatch, desk: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    store = DeskStore.open(desk)
    admin = next(o for o in store.operators() if o.name == "李明")
    office = next(o for o in store.operators() if o.name == OFFICE_OPERATOR)
    store.set_operator_active(by=admin.id, operator_id=office.id, active=False)
    store.close()
    assert (
        run(
            monkeypatch,
            desk,
            "rota",
            "make",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31",
            "--operator",
            OFFICE_OPERATOR,
            env_pin=OTHER_PIN,
        )
        == 1
    )
    assert f"操作员 {OFFICE_OPERATOR} 不存在或已停用" in capsys.readouterr().err


def test_desk_pin_is_used_before_standard_input(monkeypatch, desk: Path) -> None:  # type: ignore[no-untyped-def]
    assert (
        run(
            monkeypatch,
            desk,
            "rota",
            "make",
            "--from",
            "2026-12-01",
            "--to",
            "2026-12-31",
            env_pin=CLERK_PIN,
            stdin=WRONG_PIN + "\n",
        )
        == 0
    )


def test_ledger_check_needs_the_pin_too(monkeypatch, desk: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    assert run(monkeypatch, desk, "import", "ledger", str(_ledger(tmp_path)), "--check") == 1


READS = {
    "export rota": lambda tmp: ["export", "rota", "--month", "2026-12", "-o", str(tmp / "rota.xlsx")],
    "export summary": lambda tmp: ["export", "summary", "--month", "2026-12", "-o", str(tmp / "s.xlsx")],
    "import roster-template": lambda tmp: ["import", "roster-template", "-o", str(tmp / "t.xlsx")],
    "calendar show": lambda tmp: ["calendar", "show", "--year", "2027"],
    "calendar template": lambda tmp: ["calendar", "template", "--year", "2027", "-o", str(tmp / "c.xlsx")],
}


@pytest.mark.parametrize("read_command", READS.values(), ids=READS.keys())
def test_reads_and_templates_ask_for_no_pin(monkeypatch, desk: Path, tmp_path: Path, read_command) -> None:  # type: ignore[no-untyped-def]
    stdin = io.StringIO(WRONG_PIN + "\n")
    monkeypatch.delenv("DESK_PIN", raising=False)
    monkeypatch.setattr(sys, "stdin", stdin)
    assert main(["--data-dir", str(desk), *read_command(tmp_path)]) == 0
    assert stdin.tell() == 0


# -- through real processes ----------------------------------------------------------------------

ROTA_MAKE = ("rota", "make", "--from", "2026-12-01", "--to", "2026-12-31")


def _env_without_pin() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DESK_PIN"}
    return {**env, "PYTHONPATH": str(ROOT), "PYTHONWARNINGS": "error"}


def test_pin_piped_to_the_desk_app_command(desk: Path) -> None:
    script = Path(sys.executable).with_name("desk-app")  # the installed entry point
    before = changes(desk)
    out = subprocess.run(
        [str(script), "--data-dir", str(desk), *ROTA_MAKE],
        input=CLERK_PIN + "\n",
        capture_output=True,
        text=True,
        env=_env_without_pin(),
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert changes(desk) > before


# pty.spawn in a fresh, single-threaded interpreter gives the desk a terminal of its own.
SPAWN = "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))"


def _read_until(stream: io.BufferedReader, marker: bytes, timeout: float = 60) -> bytes:
    seen = b""
    fd = stream.fileno()
    while marker not in seen:
        ready, _, _ = select.select([fd], [], [], timeout)
        chunk = os.read(fd, 4096) if ready else b""
        if not chunk:
            raise AssertionError(f"no {marker!r} in {seen.decode(errors='replace')!r}")
        seen += chunk
    return seen


def test_pin_asked_at_a_terminal_prompt_without_echo(desk: Path) -> None:
    before = changes(desk)
    proc = subprocess.Popen(
        [sys.executable, "-c", SPAWN, sys.executable, "-m", "desk_app", "--data-dir", str(desk), *ROTA_MAKE],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=_env_without_pin(),
    )
    try:
        assert proc.stdin is not None and proc.stdout is not None
        prompt = _read_until(proc.stdout, b"PIN")
        proc.stdin.write(CLERK_PIN.encode() + b"\r")  # Enter, as a keyboard sends it
        proc.stdin.flush()
        rest, _ = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert "李明".encode() in prompt
    assert proc.returncode == 0, rest.decode(errors="replace")
    assert CLERK_PIN.encode() not in rest  # not echoed
    assert changes(desk) > before
