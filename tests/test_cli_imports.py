"""What a document command of the command line imports and sets up, checked in a fresh process
(issue 16, a CLI document command in < 0.5 s; docs/benchmarks.md): the store reaches the modules a
tally does not need (the rota, the ledger import, similar cases, transfers, the centre's table, the
case moves, the case list, the slip's reads, the operators, the records) through storage.later,
only when one is used; and a tally, the committee's summary or a referral slip reads the Core
tables' columns on a Core connection, so the ORM is never imported, nor its mappers configured."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from desk_app.paths import DESK_FILENAME
from desk_app.storage.records import OperatorInfo
from desk_app.storage.store import DeskStore

sys.path.insert(0, str(Path(__file__).parent / "reports"))
from report_helpers import october_desk  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Imported by the store on first use (desk_app/storage/store.py).
LATER = {
    "desk_app.storage.centre_queries",
    "desk_app.storage.ledger_store",
    "desk_app.storage.rota_records",
    "desk_app.storage.rota_store",
    "desk_app.storage.similar",
    "desk_app.storage.transfer_store",
    "desk_app.domain.ledger",
    "desk_app.domain.rota",
    "desk_app.storage.case_moves",
    "desk_app.storage.case_reads",
    "desk_app.storage.cases",
    "desk_app.storage.class_rows",
    "desk_app.storage.compaction",
    "desk_app.storage.corrections",
    "desk_app.storage.operators",
    "desk_app.storage.queries",
    "desk_app.storage.records",
    "desk_app.storage.report_queries",
    "desk_app.storage.secrets",
    "desk_app.storage.slip_deadlines",
    "argon2",
}
# The tally reads its facts of classes, meetings, suggestions and ladder steps itself (tally_queries).
NOT_FOR_A_TALLY = LATER | {
    "desk_app.storage.class_reads",
    "desk_app.storage.network_reads",
    "desk_app.domain.suggestions",
}
# The ORM and the mapped classes: the document commands' reads select the Core tables
# (storage/tables.py) on a Core connection (Database.connected).
THE_ORM = {"sqlalchemy.orm", "desk_app.storage.models", "desk_app.storage.changelog"}


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, clock: object, data_dir: Path) -> Path:
    october_desk(store, clerk, clock)
    store.close()
    return data_dir


def _loaded_at_exit(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded once `code` has run."""
    code = "import atexit, sys\natexit.register(lambda: print('\\n'.join(sorted(sys.modules))))\n" + code
    return set(_run(code).split())


def _mappers_configured_at_exit(code: str) -> list[str]:
    """The mapped classes whose mappers a fresh interpreter has configured once `code` has run."""
    code = (
        "import atexit, sys\nfrom desk_app.storage.models import Base\natexit.register(lambda: print(*("
        "'configured:' + m.class_.__name__ for m in Base.registry.mappers if m.configured)))\n" + code
    )
    return sorted(w.removeprefix("configured:") for w in _run(code).split() if w.startswith("configured:"))


def _run(code: str) -> str:
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    return out.stdout


def _command(*argv: str) -> str:
    return f"sys.argv = {['desk-app', *argv]!r}\nfrom desk_app.__main__ import main\nsys.exit(main())\n"


@pytest.mark.parametrize("verb, name", [("print", "tally.pdf"), ("export", "tally.xlsx")])
def test_a_tally_leaves_what_it_does_not_use_unimported(
    desk: Path, tmp_path: Path, verb: str, name: str
) -> None:
    out = str(tmp_path / name)
    loaded = _loaded_at_exit(
        _command("--data-dir", str(desk), verb, "tally", "--month", "2026-10", "-o", out)
    )
    assert "desk_app.storage.store" in loaded and "desk_app.storage.tally_queries" in loaded
    assert loaded & NOT_FOR_A_TALLY == set()


@pytest.mark.parametrize(
    "call, modules",
    [
        (
            "store.duty_groups()",
            {"desk_app.storage.rota_store", "desk_app.storage.rota_records", "desk_app.domain.rota"},
        ),
        (
            "store.operators()",
            {"desk_app.storage.operators", "desk_app.storage.records", "argon2", *THE_ORM},
        ),
        ("store.list_cases(store.case_filter())", {"desk_app.storage.queries", "desk_app.storage.records"}),
    ],
)
def test_a_store_method_imports_its_module_when_called(desk: Path, call: str, modules: set[str]) -> None:
    """The check above can fail: a method that needs one of those modules brings it in."""
    code = (
        "from pathlib import Path\nfrom desk_app.storage.store import DeskStore\n"
        f"store = DeskStore.open(Path({str(desk)!r}))\n"
        f"print(len({call}) >= 0)\nstore.close()\n"
    )
    assert modules <= _loaded_at_exit(code)


@pytest.mark.parametrize(
    "verb, what, name",
    [("print", "tally", "tally.pdf"), ("export", "tally", "t.xlsx"), ("export", "summary", "s.xlsx")],
)
def test_a_tally_or_summary_configures_no_mapper(
    desk: Path, tmp_path: Path, verb: str, what: str, name: str
) -> None:
    """Their reads (storage/tally_queries.py, report_queries.py and what they call) select the
    tables' columns."""
    argv = ("--data-dir", str(desk), verb, what, "--period", "2026-10", "-o", str(tmp_path / name))
    assert _mappers_configured_at_exit(_command(*argv)) == []


def test_a_read_of_mapped_objects_configures_the_mappers(desk: Path) -> None:
    """The check above can fail: reading the operators (ORM objects) configures every mapper."""
    code = (
        "from pathlib import Path\nfrom desk_app.storage.store import DeskStore\n"
        f"store = DeskStore.open(Path({str(desk)!r}))\nstore.operators()\nstore.close()\n"
    )
    assert "Reception" in _mappers_configured_at_exit(code)


@pytest.mark.parametrize(
    "verb, what, name",
    [("print", "tally", "tally.pdf"), ("export", "tally", "t.xlsx"), ("export", "summary", "s.xlsx")],
)
def test_a_tally_or_summary_never_imports_the_orm(
    desk: Path, tmp_path: Path, verb: str, what: str, name: str
) -> None:
    """Nor declares the mapped classes: ~120 ms of CPU of such a command (docs/benchmarks.md)."""
    out = tmp_path / name
    argv = ("--data-dir", str(desk), verb, what, "--period", "2026-10", "-o", str(out))
    loaded = _loaded_at_exit(_command(*argv))
    assert out.stat().st_size > 0 and "desk_app.storage.tables" in loaded
    assert loaded & THE_ORM == set()


def test_a_slip_never_imports_the_orm(desk: Path, tmp_path: Path) -> None:
    """`print referral` reads the case view's read (storage/case_reads.py) on a Core connection."""
    with closing(sqlite3.connect(desk / DESK_FILENAME)) as con:
        (serial,) = con.execute("SELECT serial FROM referral ORDER BY serial LIMIT 1").fetchone()
    out = tmp_path / "slip.pdf"
    loaded = _loaded_at_exit(_command("--data-dir", str(desk), "print", "referral", serial, "-o", str(out)))
    assert out.stat().st_size > 0 and "desk_app.storage.case_reads" in loaded
    assert loaded & THE_ORM == set()
