"""The shell of `desk-app`: global options before or after the subcommand, every command has its
handler, quiet logs by default, and the database's own troubles said plainly."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import text

from desk_app.cli import build_parser, main
from desk_app.storage.store import DeskStore

ROOT = Path(__file__).resolve().parents[1]

# One of each kind: a top-level command, grouped writes, grouped reads, sync.
COMMANDS = {
    "demo": ["demo"],
    "import roster": ["import", "roster", "roster.xlsx"],
    "rota make": ["rota", "make", "--from", "2026-12-01", "--to", "2026-12-31"],
    "print referral": ["print", "referral", "X", "-o", "slip.pdf"],
    "export summary": ["export", "summary", "--month", "2026-10", "-o", "s.xlsx"],
    "sync": ["sync"],
}


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_data_dir_before_the_subcommand(command: list[str]) -> None:
    args = build_parser().parse_args(["--data-dir", "/d/before", *command])
    assert args.data_dir == Path("/d/before")


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_data_dir_after_the_subcommand(command: list[str]) -> None:
    args = build_parser().parse_args([*command, "--data-dir", "/d/after"])
    assert args.data_dir == Path("/d/after")


@pytest.mark.parametrize("command", COMMANDS.values(), ids=COMMANDS.keys())
def test_verbose_and_lang_after_the_subcommand(command: list[str]) -> None:
    args = build_parser().parse_args([*command, "-v", "--lang", "en"])
    assert args.verbose is True and args.lang == "en"


def test_global_options_default_when_given_nowhere() -> None:
    args = build_parser().parse_args(COMMANDS["rota make"])
    assert args.data_dir is None and args.lang is None and args.verbose is False


def test_option_between_group_and_command() -> None:
    args = build_parser().parse_args(["import", "--data-dir", "/d/mid", "roster", "roster.xlsx"])
    assert args.data_dir == Path("/d/mid")


def _leaf_parsers(parser: argparse.ArgumentParser) -> list[tuple[str, argparse.ArgumentParser]]:
    found = []
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for name, sub in action.choices.items():
                if id(sub) in seen:  # another name of a group already walked (class, classes)
                    continue
                seen.add(id(sub))
                below = _leaf_parsers(sub)
                found += [(f"{name} {n}".strip(), p) for n, p in below] or [(name, sub)]
    return found


def test_every_command_has_its_own_handler() -> None:
    leaves = _leaf_parsers(build_parser())
    handlers = [p.get_default("handler") for _name, p in leaves]
    assert leaves and all(callable(h) for h in handlers)
    assert len(set(handlers)) == len(handlers)


def test_the_readme_commands_are_all_there() -> None:
    names = {name for name, _p in _leaf_parsers(build_parser())}
    assert {
        "demo",
        "import roster",
        "import roster-template",
        "rota make",
        "print rota",
        "export rota",
        "print referral",
        "print tally",
        "export tally",
        "export summary",
        "import ledger",
        "import ledger-template",
        "enroll",
        "sync",
        "class list",
        "class show",
        "class print",
    } <= names


def test_group_without_its_command_is_a_usage_error() -> None:
    with pytest.raises(SystemExit) as exited:
        main(["import"])
    assert exited.value.code == 2


def test_demo_takes_data_dir_after_the_subcommand(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--cases", "2", "--data-dir", str(tmp_path / "demo")]) == 0
    assert "PIN" in capsys.readouterr().out
    store = DeskStore.open(tmp_path / "demo")
    try:
        assert store.count_cases(store.case_filter()) == 2
    finally:
        store.close()


def test_database_from_a_newer_desk_is_said_plainly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = DeskStore.open(tmp_path)
    with store.db.engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffff_from_the_future'"))
    store.close()
    assert (
        main(
            [
                "export",
                "rota",
                "--month",
                "2026-12",
                "-o",
                str(tmp_path / "r.xlsx"),
                "--data-dir",
                str(tmp_path),
            ]
        )
        == 1
    )
    assert "更新版本" in capsys.readouterr().err


def _fresh_folder_stderr(tmp_path: Path, *options: str) -> str:
    """`desk-app sync` on a fresh folder: it migrates the new file, then says it is not enrolled."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-m", "desk_app", "sync", "--data-dir", str(tmp_path / "fresh"), *options],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert out.returncode == 1 and "还没有注册" in out.stderr
    return out.stderr


def test_fresh_folder_migrates_quietly(tmp_path: Path) -> None:
    stderr = _fresh_folder_stderr(tmp_path)
    assert "alembic" not in stderr.lower() and "INFO" not in stderr


def test_verbose_shows_the_migration(tmp_path: Path) -> None:
    """The check above can fail: with -v, Alembic's INFO lines are there."""
    assert "INFO alembic" in _fresh_folder_stderr(tmp_path, "-v")
