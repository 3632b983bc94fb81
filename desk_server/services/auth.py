"""Tokens and one-time enrollment codes: random, shown once, stored as SHA-256 only; rotation."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import bindparam, select, update
from sqlalchemy.orm import Session

from desk_server.db import begin_write
from desk_server.models import Desk, utcnow

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


# -- desks' tokens ---------------------------------------------------------------------------------


# Built once: every desk call runs it (a new statement each time costs its construction and cache key).
_BY_TOKEN = select(Desk).where(Desk.token_hash == bindparam("digest"))


def desk_for_token(*, session: Session, token: str) -> Desk | None:
    """The desk a bearer token belongs to. A rotated token's first use makes it the desk's only
    token: the old one stops working from then on (docs/sync.md, Tokens)."""
    digest = sha256(token)
    desk = session.scalar(_BY_TOKEN, {"digest": digest})
    if desk is not None:
        return desk
    desk = session.scalar(select(Desk).where(Desk.next_token_hash == digest))
    if desk is None:
        return None
    # Promote in a write transaction of its own (a read transaction cannot become a writer on
    # SQLite once another writer committed); the WHERE makes a concurrent promotion harmless.
    session.commit()
    begin_write(session)
    session.execute(
        update(Desk)
        .where(Desk.id == desk.id, Desk.next_token_hash == digest)
        .values(token_hash=digest, next_token_hash=None, token_issued_at=utcnow())
    )
    session.commit()
    return session.scalar(select(Desk).where(Desk.token_hash == digest))


def rotate_token(*, session: Session, desk: Desk) -> str:
    """A new token for `desk`, stored as its next token (the caller commits). Asked again before
    the new one was used, the earlier new token is forgotten: only the last answer counts."""
    token = new_token()
    session.execute(update(Desk).where(Desk.id == desk.id).values(next_token_hash=sha256(token)))
    return token
