"""PINs are stored as Argon2id hashes with the shipped (not the tests') cost."""

from __future__ import annotations

import subprocess
import sys

from desk_app.storage.secrets import hash_secret, verify_secret


def test_the_shipped_hash_is_argon2id_at_a_real_cost() -> None:
    """Every other test hashes cheaply (tests/conftest.py): this one asks a fresh interpreter."""
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "from desk_app.storage.secrets import hash_secret;print(hash_secret('305917'))",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    kind, _version, params = out.split("$")[1:4]
    cost = dict(p.split("=") for p in params.split(","))
    assert kind == "argon2id" and int(cost["m"]) >= 19 * 1024 and int(cost["t"]) >= 2


def test_a_pin_verifies_only_itself() -> None:
    stored = hash_secret("305917")
    assert "305917" not in stored
    assert verify_secret(stored, "305917") and not verify_secret(stored, "305918")
