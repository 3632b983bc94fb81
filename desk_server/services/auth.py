"""Tokens and one-time enrollment codes: random, shown once, stored as SHA-256 only."""

from __future__ import annotations

import hashlib
import secrets

# No 0/O, 1/I/L: a code is read aloud on the phone and typed at the desk.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_GROUPS = 4


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(32)


def new_code() -> str:
    """A one-time code such as K7QF-3MZP-8XRT-WD4N (80 bits)."""
    groups = ["".join(secrets.choice(CODE_ALPHABET) for _ in range(4)) for _ in range(CODE_GROUPS)]
    return "-".join(groups)


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return sha256(normalize_code(code))
