"""What a document command of the command line imports, checked in a fresh process (issue 16, a CLI
document command in < 0.5 s; docs/benchmarks.md): the store reaches the rota, the ledger import,
similar cases, transfers and the centre's table through storage.later, only when one is used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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
}


@pytest.fixture
def desk(store: DeskStore, clerk: OperatorInfo, clock: object, data_dir: Path) -> Path:
    october_desk(store, clerk, clock)
    store.close()
    return data_dir


def _loaded_at_exit(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded once `code` has run."""
    code = "import atexit, sys\natexit.register(lambda: print('\\n'.join(sorted(sys.modules))))\n" + code
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert out.returncode == 0, out.stderr
    return set(out.stdout.split())


def _command(*argv: str) -> str:
    return f"sys.argv = {['desk-app', *argv]!r}\nfrom desk_app.__main__ import main\nsys.exit(main())\n"


def test_a_tally_leaves_the_rota_ledger_similar_cases_and_transfers_unimported(
    desk: Path, tmp_path: Path
) -> None:
    out = str(tmp_path / "tally.xlsx")
    loaded = _loaded_at_exit(
        _command("--data-dir", str(desk), "export", "tally", "--month", "2026-10", "-o", out)
    )
    assert "desk_app.storage.store" in loaded and "desk_app.storage.tally_queries" in loaded
    assert loaded & LATER == set()


def test_a_store_method_imports_its_module_when_called(desk: Path) -> None:
    """The check above can fail: the rota's method brings the rota's modules in."""
    code = (
        "from pathlib import Path\nfrom desk_app.storage.store import DeskStore\n"
        f"store = DeskStore.open(Path({str(desk)!r}))\n"
        "print(len(store.duty_groups()) >= 0)\nstore.close()\n"
    )
    loaded = _loaded_at_exit(code)
    assert {"desk_app.storage.rota_store", "desk_app.storage.rota_records", "desk_app.domain.rota"} <= loaded
