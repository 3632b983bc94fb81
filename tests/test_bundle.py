"""The installed desk: the PyInstaller bundle that installer/build.sh makes, run as a clerk would,
and the .deb that installer/build-deb.sh makes of it, inspected and installed.

Tests marked `bundle` run the real frozen programs in dist/station-desk, without the project's
.venv: they are skipped unless asked for (`scripts/run-tests -m bundle`, or DESK_TEST_BUNDLE=1),
since building takes minutes. They build the bundle first when dist/ is missing or older than
the sources it is made of; DESK_BUNDLE_REBUILD=1 builds it anyway (after a change of installed
packages, which the check cannot see), DESK_BUNDLE_DIR=PATH tests a bundle elsewhere (never
built then). A module the bundle lacks, a migration or a translation left out, fails them.

The window's check uses a test-only hook, DESK_QUIT_AFTER_FIRST_PAINT (desk_app/ui/app.py),
also checked here on the source entry point, in the default run.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from desk_app.demo import CLERK_PIN
from desk_app.storage.db import database_path
from desk_app.storage.migrate import known_revisions

REPO = Path(__file__).resolve().parents[1]
FIXTURE_DBS = REPO / "tests" / "fixtures" / "db"
# What a bundle is made of: newer than the bundle means it is stale.
BUNDLE_SOURCES = (
    "desk_app",
    "resources/translations",
    "installer/station-desk.spec",
    "installer/launch.py",
    "installer/build.sh",
    "pyproject.toml",
)


def _quiet_env(**extra: str) -> dict[str, str]:
    return dict(os.environ, QT_QPA_PLATFORM="offscreen", **extra)


def test_window_paints_then_quits_when_asked(tmp_path: Path) -> None:
    # The test-only hook the bundle's smoke test uses, on the source entry point: a fresh data
    # folder shows the set-up wizard, translated, then the desk quits with status 0.
    proc = subprocess.run(
        [sys.executable, "-m", "desk_app", "--data-dir", str(tmp_path / "desk")],
        cwd=REPO,
        env=_quiet_env(DESK_QUIT_AFTER_FIRST_PAINT="1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "first paint: SetupWizard 设置接待台" in proc.stdout


# -- the built bundle -------------------------------------------------------------------------------


def _newest_source_mtime() -> float:
    newest = 0.0
    for name in BUNDLE_SOURCES:
        path = REPO / name
        files = (
            [path]
            if path.is_file()
            else [p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts]
        )
        newest = max([newest, *(p.stat().st_mtime for p in files)])
    return newest


def _build_if_stale(folder: Path) -> None:
    program = folder / "station-desk"
    fresh = program.exists() and program.stat().st_mtime >= _newest_source_mtime()
    if fresh and os.environ.get("DESK_BUNDLE_REBUILD") != "1":
        return
    log = REPO / "build" / "bundle-test-build.log"
    log.parent.mkdir(exist_ok=True)
    with log.open("w") as out:
        proc = subprocess.run(
            [str(REPO / "installer" / "build.sh")],
            cwd=REPO,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=1800,
        )
    if proc.returncode != 0:
        tail = "\n".join(log.read_text(errors="replace").splitlines()[-40:])
        pytest.fail(f"installer/build.sh failed ({proc.returncode}); {log}:\n{tail}")


@pytest.fixture(scope="session")
def bundle() -> Path:
    """The bundle's folder (dist/station-desk), built when stale."""
    given = os.environ.get("DESK_BUNDLE_DIR")
    if given:
        return Path(given).resolve()
    folder = REPO / "dist" / "station-desk"
    _build_if_stale(folder)
    return folder


@pytest.fixture(scope="session")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def frozen_env(home: Path, **extra: str) -> dict[str, str]:
    """A clerk's environment: no project .venv, no credential store settings of the tests (the
    frozen keyring looks for a store itself and, with no desktop session here, finds none), a
    home of its own (keyring's config, the default data folder), the window offscreen."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "PYTHON_KEYRING_BACKEND",
            "DBUS_SESSION_BUS_ADDRESS",
            "VIRTUAL_ENV",
            "PYTHONPATH",
            "PYTHONHOME",
            "DESK_PIN",
        )
    }
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local/share"),
        QT_QPA_PLATFORM="offscreen",
        **extra,
    )
    return env


def run(
    bundle: Path, home: Path, *args: str, program: str = "station-desk-cli", timeout: int = 180, **env: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(bundle / program), *args],
        cwd=home,
        env=frozen_env(home, **env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0, f"exit {proc.returncode}\nstdout:\n{proc.stdout}\nstderr:\n{proc.stderr}"
    return proc.stdout


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def revision(data_dir: Path) -> str:
    with sqlite3.connect(database_path(data_dir)) as conn:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]


@pytest.fixture(scope="module")
def demo_desk(bundle: Path, home: Path) -> tuple[Path, str]:
    """A demo station made by the frozen desk: its folder and what `demo` printed."""
    folder = home / "demo"
    return folder, ok(run(bundle, home, "demo", "--data-dir", str(folder), "--cases", "60", "--seed", "7"))


@pytest.mark.bundle
def test_bundle_holds_the_desk_and_leaves_the_server_out(bundle: Path) -> None:
    from PyInstaller.archive.readers import CArchiveReader

    internal = bundle / "_internal"
    # Alembic reads every migration from a file: each revision ships as one.
    shipped = sorted(p.name for p in (internal / "desk_app/storage/migrations/versions").glob("0*.py"))
    source = sorted(p.name for p in (REPO / "desk_app/storage/migrations/versions").glob("0*.py"))
    assert shipped == source and len(shipped) == len(known_revisions())
    assert (internal / "resources/translations/desk_zh_CN.qm").is_file()
    # keyring finds its backends by entry points: the metadata must ship, naming Windows'.
    [keyring_meta] = internal.glob("keyring-*.dist-info")
    assert "Windows = keyring.backends.Windows" in (keyring_meta / "entry_points.txt").read_text()
    for program in ("station-desk", "station-desk-cli"):
        modules = set(CArchiveReader(str(bundle / program)).open_embedded_archive("PYZ.pyz").toc)
        assert {
            "desk_app.cli",
            "desk_app.ui.main_window",
            "desk_app.domain.workcalendar",
            "lunardate",
            "chinese_calendar",
            "keyring.backends.Windows",
            "keyring.backends.SecretService",
            "reportlab.graphics.barcode.qr",
            "openpyxl",
            "python_calamine",  # the ledger reader (imported inside read_ledger's helper)
        } <= modules
        server = {
            m
            for m in modules
            if m.split(".")[0]
            in {
                "desk_server",
                "psycopg",
                "psycopg_binary",
                "fastapi",
                "starlette",
                "uvicorn",
                "httptools",
                "pydantic",
            }
        }
        assert not server
    assert not [p.name for p in internal.iterdir() if p.name.startswith(("psycopg", "fastapi", "uvicorn"))]


@pytest.mark.bundle
def test_help_and_version(bundle: Path, home: Path) -> None:
    for program in ("station-desk", "station-desk-cli"):
        out = ok(run(bundle, home, "--help", program=program))
        assert all(word in out for word in ("demo", "print", "export", "enroll", "backup"))
    assert re.match(r"desk-app \d+\.\d+", ok(run(bundle, home, "--version")))


@pytest.mark.bundle
def test_demo_migrates_a_new_desk_to_the_head(demo_desk: tuple[Path, str]) -> None:
    folder, out = demo_desk
    assert f"PIN {CLERK_PIN}" in out and "合计 Total: 60" in out
    assert revision(folder) == known_revisions()[-1]


@pytest.mark.bundle
def test_print_referral_slip_in_chinese(bundle: Path, home: Path, demo_desk: tuple[Path, str]) -> None:
    folder, _ = demo_desk
    with sqlite3.connect(database_path(folder)) as conn:
        serial = conn.execute("SELECT serial FROM referral ORDER BY serial LIMIT 1").fetchone()[0]
    slip = home / "slip.pdf"
    ok(run(bundle, home, "print", "referral", serial, "-o", str(slip), "--data-dir", str(folder)))
    text = pdf_text(slip)
    assert "交办单" in text and serial in text and "浉河区五星街道人大代表监督岗" in text


@pytest.mark.bundle
def test_print_tally_in_chinese(bundle: Path, home: Path, demo_desk: tuple[Path, str]) -> None:
    folder, _ = demo_desk
    tally = home / "tally.pdf"
    month = date.today().strftime("%Y-%m")
    ok(run(bundle, home, "print", "tally", "--month", month, "-o", str(tally), "--data-dir", str(folder)))
    assert "工作统计" in pdf_text(tally)


@pytest.mark.bundle
def test_export_summary_opens_in_openpyxl(bundle: Path, home: Path, demo_desk: tuple[Path, str]) -> None:
    import openpyxl

    folder, _ = demo_desk
    book = home / "summary.xlsx"
    month = date.today().strftime("%Y-%m")
    ok(run(bundle, home, "export", "summary", "--month", month, "-o", str(book), "--data-dir", str(folder)))
    workbook = openpyxl.load_workbook(book, read_only=True)
    assert workbook.sheetnames[0] == "汇总" and "明细" in workbook.sheetnames
    assert "工作汇总表" in str(next(workbook["汇总"].iter_rows(max_row=1, values_only=True))[0])
    workbook.close()


@pytest.mark.bundle
def test_a_write_needs_the_operators_pin(bundle: Path, home: Path, demo_desk: tuple[Path, str]) -> None:
    folder, _ = demo_desk
    span = ("rota", "make", "--from", "2027-03-01", "--to", "2027-03-31", "--data-dir", str(folder))
    refused = run(bundle, home, *span, DESK_PIN="000000")
    assert refused.returncode != 0 and refused.stderr
    ok(run(bundle, home, *span, DESK_PIN=CLERK_PIN))


@pytest.mark.bundle
def test_an_old_desk_file_is_migrated_by_the_bundle(bundle: Path, home: Path) -> None:
    # The oldest stored schema: every migration after it runs inside the bundle.
    folder = home / "old"
    folder.mkdir()
    shutil.copy(FIXTURE_DBS / "0001.sqlite3", database_path(folder))
    ok(
        run(
            bundle,
            home,
            "print",
            "tally",
            "--month",
            "2026-11",
            "-o",
            str(home / "old.pdf"),
            "--data-dir",
            str(folder),
        )
    )
    assert revision(folder) == known_revisions()[-1]


@pytest.mark.bundle
@pytest.mark.parametrize(
    ("args", "first"),
    [
        ((), "SignInDialog 登录 - 代表工作站接待台"),  # the translations ship
        (("--lang", "en"), "SignInDialog Sign in - Station Desk"),
    ],
)
def test_window_starts_offscreen_and_closes(
    bundle: Path, home: Path, demo_desk: tuple[Path, str], args: tuple[str, ...], first: str
) -> None:
    folder, _ = demo_desk
    out = ok(
        run(
            bundle,
            home,
            "--data-dir",
            str(folder),
            *args,
            program="station-desk",
            DESK_QUIT_AFTER_FIRST_PAINT="1",
        )
    )
    assert f"first paint: {first}" in out


@pytest.fixture
def server(tmp_path: Path) -> Iterator[object]:
    from tests.server_process import ServerProcess

    srv = ServerProcess(tmp_path / "server")
    srv.start()
    yield srv
    srv.close()


@pytest.mark.bundle
@pytest.mark.parametrize(
    "configured",
    [
        None,  # keyring finds no store here (no desktop session)
        "keyrings.alt.file.PlaintextKeyring",  # a keyringrc/env naming a plug-in the bundle does not carry
    ],
)
def test_enrol_and_sync_keep_the_token_in_the_database_without_a_store(
    bundle: Path, home: Path, tmp_path: Path, server, configured: str | None
) -> None:  # type: ignore[no-untyped-def]
    district = server.admin.create_district("浉河区")
    station = server.admin.create_station(district, short_name="浉河监督岗")
    desk = tmp_path / "desk"
    env = {"PYTHON_KEYRING_BACKEND": configured} if configured else {}
    out = ok(
        run(
            bundle,
            home,
            "enroll",
            "--server",
            server.url,
            "--code",
            server.admin.enroll_code(station_id=station),
            "--data-dir",
            str(desk),
            **env,
        )
    )
    assert "已注册到中心服务器" in out and "本机没有系统凭据库" in out
    assert "同步完成" in ok(run(bundle, home, "sync", "--data-dir", str(desk), **env))


# -- the .deb (installer/build-deb.sh) ------------------------------------------------------------


@pytest.fixture(scope="session")
def deb(bundle: Path) -> Path:
    """dist/station-desk_<version>_<arch>.deb, built from the bundle when older than it."""
    if os.environ.get("DESK_BUNDLE_DIR"):
        pytest.skip("the .deb is made of dist/station-desk, not of DESK_BUNDLE_DIR")
    with (REPO / "pyproject.toml").open("rb") as f:
        version = tomllib.load(f)["project"]["version"]
    arch = subprocess.run(
        ["dpkg", "--print-architecture"], check=True, capture_output=True, text=True
    ).stdout.strip()
    package = REPO / "dist" / f"station-desk_{version}_{arch}.deb"
    script = REPO / "installer" / "build-deb.sh"
    newest_input = max((bundle / "station-desk").stat().st_mtime, script.stat().st_mtime)
    if not package.exists() or package.stat().st_mtime < newest_input:
        # gzip: a minute instead of nearly four for xz; the package is otherwise the same.
        proc = subprocess.run(
            [str(script), "--reuse-bundle"],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=1200,
            env=dict(os.environ, DEB_COMPRESSION="gzip"),
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return package


def dpkg_deb(*args: str) -> str:
    return subprocess.run(["dpkg-deb", *args], check=True, capture_output=True, text=True).stdout


@pytest.mark.bundle
def test_deb_declares_what_the_bundle_leaves_to_the_system(deb: Path) -> None:
    control = dpkg_deb("--field", str(deb), "Package", "Depends")
    assert control.startswith("Package: station-desk")
    depends = {d.strip() for d in dpkg_deb("--field", str(deb), "Depends").replace("\n", " ").split(",")}
    assert {
        "fonts-wqy-microhei | fonts-wqy-zenhei",
        "fonts-hanazono | fonts-babelstone-han",
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
        "libegl1",
    } <= depends
    assert any(re.fullmatch(r"libc6 \(>= 2\.\d+\)", d) for d in depends)
    contents = dpkg_deb("--contents", str(deb))
    for entry in (
        " ./opt/station-desk/station-desk\n",
        " ./usr/share/applications/station-desk.desktop\n",
        " ./usr/bin/station-desk -> /opt/station-desk/station-desk\n",
        " ./opt/station-desk/station-desk-cli -> station-desk\n",
        "/_internal/desk_app/storage/migrations/versions/0001_initial_desk_schema.py\n",
    ):
        assert entry in contents
    assert all(" root/root " in line for line in contents.splitlines())
    # Every dependency is known and satisfied here (Debian 12, set up by scripts/bootstrap.sh).
    simulated = subprocess.run(
        ["apt-get", "install", "--simulate", "--no-install-recommends", str(deb)],
        capture_output=True,
        text=True,
    )
    assert simulated.returncode == 0, simulated.stdout + simulated.stderr
    assert "0 upgraded, 1 newly installed" in simulated.stdout


@pytest.mark.bundle
def test_deb_installs_and_runs(deb: Path, home: Path, tmp_path: Path) -> None:
    root = tmp_path / "root"
    if os.geteuid() == 0:
        # A real installation into a throwaway root (its own dpkg database; the system's
        # libraries stand in for the dependencies, which that root lacks).
        admin = root / "var/lib/dpkg"
        (admin / "info").mkdir(parents=True)
        (admin / "updates").mkdir()
        (admin / "status").touch()
        (admin / "available").touch()
        proc = subprocess.run(
            ["dpkg", f"--root={root}", "--log=/dev/null", "--force-depends", "-i", str(deb)],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr
        listed = subprocess.run(
            ["dpkg", f"--root={root}", "-s", "station-desk"], capture_output=True, text=True
        )
        assert "Status: install ok installed" in listed.stdout
    else:
        subprocess.run(["dpkg", "-x", str(deb), str(root)], check=True)
    installed = root / "opt" / "station-desk"
    assert os.readlink(root / "usr/bin/station-desk") == "/opt/station-desk/station-desk"
    desktop = (root / "usr/share/applications/station-desk.desktop").read_text(encoding="utf-8")
    assert "Exec=station-desk\n" in desktop and "Name[zh_CN]=代表工作站接待台" in desktop
    # /usr/bin/station-desk-cli as the system would follow it: two links to the program.
    link = tmp_path / "station-desk-cli"
    link.symlink_to(installed / "station-desk-cli")
    assert "demo" in ok(run(link.parent, home, "--help", program=link.name))
    out = ok(
        run(
            installed,
            home,
            "--data-dir",
            str(tmp_path / "desk"),
            program="station-desk",
            DESK_QUIT_AFTER_FIRST_PAINT="1",
        )
    )
    assert "first paint: SetupWizard 设置接待台" in out
