"""Where the desk keeps its token, and its rotation in the sync round (docs/sync.md, Tokens)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import keyring
import pytest
import requests
from keyring.backends import fail
from keyrings.alt.file import PlaintextKeyring
from sync_helpers import fill

from desk_app.storage.db import database_path
from desk_app.storage.models import utcnow
from desk_app.storage.store import DeskStore
from desk_app.sync import credentials
from desk_app.sync.engine import K_TOKEN_AT, SyncEngine


@pytest.fixture
def file_keyring(tmp_path: Path) -> Iterator[PlaintextKeyring]:
    """A real credential store (a file) for this test only; the machine's is never touched."""
    backend = PlaintextKeyring()
    backend.file_path = str(tmp_path / "keyring" / "keyring_pass.cfg")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


def _enroll(desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk.engine.enroll(server.url, server.admin.enroll_code(station_id=station.station_id))


def _token(desk) -> str:  # type: ignore[no-untyped-def]
    return credentials.resolve(desk.store.setting("sync.token"))  # type: ignore[arg-type]


def test_without_a_credential_store_the_token_stays_in_the_database(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    assert credentials.where_kept(desk.store.setting("sync.token")) == "database"  # type: ignore[arg-type]
    assert desk.sync().ok


def test_with_a_credential_store_the_database_holds_no_token(
    make_desk, server, station, file_keyring
) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    token = file_keyring.get_password(credentials.SERVICE, str(desk.store.setting("sync.desk_id")))
    assert desk.store.setting("sync.token") == f"keyring:{desk.store.setting('sync.desk_id')}"
    assert token and token.encode() not in database_path(desk.data_dir).read_bytes()
    assert desk.sync().ok


def test_a_copied_database_without_the_credential_store_does_not_sync(
    make_desk, server, station, file_keyring, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    desk.store.close()
    copy = tmp_path / "copied"
    shutil.copytree(desk.data_dir, copy)
    keyring.set_keyring(fail.Keyring())  # another computer: no such credential
    thief = SyncEngine(DeskStore.open(copy), desk_name="thief")
    report = thief.sync_once()
    thief.close()
    thief.store.close()
    desk.store = DeskStore.open(desk.data_dir)
    assert report.errors == ["token_lost"]


def _age_token(desk, days: int) -> None:  # type: ignore[no-untyped-def]
    with desk.store.db.writing(None) as s:
        from desk_app.storage.models import Setting

        s.get(Setting, K_TOKEN_AT).value = (utcnow() - timedelta(days=days)).isoformat()


def test_token_older_than_30_days_is_rotated_in_the_sync_round(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    old = _token(desk)
    _age_token(desk, 31)
    assert desk.sync().ok
    assert _token(desk) != old


def test_old_token_is_refused_after_the_desk_used_the_new_one(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    old = _token(desk)
    _age_token(desk, 31)
    desk.sync()
    fill(desk, 1)
    assert desk.sync().ok  # the new token's first use
    r = requests.get(server.url + "/api/v1/status", headers={"Authorization": f"Bearer {old}"}, timeout=10)
    assert r.status_code == 401


def test_token_younger_than_30_days_is_kept(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    old = _token(desk)
    _age_token(desk, 29)
    assert desk.sync().ok
    assert _token(desk) == old


def test_rotation_whose_answer_was_lost_leaves_the_desk_syncing(make_desk, server, station) -> None:  # type: ignore[no-untyped-def]
    desk = make_desk("a")
    _enroll(desk, server, station)
    r = requests.post(
        server.url + "/api/v1/token/rotate", timeout=10, headers={"Authorization": f"Bearer {_token(desk)}"}
    )
    assert r.status_code == 200  # ... and the answer never reached the desk
    desk.register("小区电梯停运")
    assert desk.sync().ok


@pytest.mark.parametrize(
    "backend",
    [
        "keyrings.not_in_this_desk.Keyring",  # a plug-in the installed desk's bundle does not carry
        "keyring.backends.SecretService.Keyring",  # a store that is not usable without a desktop session
    ],
)
def test_a_configured_credential_store_that_cannot_be_loaded_is_no_store(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", backend)
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setattr(keyring.core, "_keyring_backend", None)  # detect again, as a new process does
    assert credentials.store("desk-1", "token-1") == "token-1"
    assert credentials.where_kept("token-1") == "database"
    assert credentials.resolve("keyring:desk-1") is None
