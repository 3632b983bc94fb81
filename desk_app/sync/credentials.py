"""Where the desk keeps its sync token: the system's credential store when there is one.

A token in the desk's database makes a copied database file a working credential for the
station's records. With a credential store (Windows Credential Manager, macOS Keychain, the
Secret Service of a Linux desktop, through `keyring`), the database's `sync.token` setting holds
only a reference, `keyring:<desk id>`, and the token itself stays with the user's account on
this computer. Without one (a machine with no desktop session, or keyring's "fail" backend), the
token stays in the database as before, and `where_kept` says so (docs/sync.md, Tokens).

Tokens are URL-safe base64 (`[A-Za-z0-9_-]`), so a stored value with a colon is a reference.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)

SERVICE = "station-desk"
REFERENCE_PREFIX = "keyring:"


def _keyring():
    """The keyring module when a real backend is configured, else None (imported only when
    needed: loading its backends costs ~100 ms)."""
    try:
        import keyring
        from keyring.backends import fail
    except ImportError:
        return None
    try:
        backend = keyring.get_keyring()
    except Exception as exc:
        # A backend named by keyringrc.cfg or PYTHON_KEYRING_BACKEND that cannot be loaded here
        # (e.g. a plug-in the installed desk's bundle does not carry) or is not usable now (the
        # Secret Service without a desktop session): no credential store, as with none found.
        log.warning("credential store unavailable, the sync token stays in the database: %s", exc)
        return None
    if isinstance(backend, fail.Keyring):
        return None
    # The chainer with nothing behind it behaves like the fail backend.
    if getattr(backend, "backends", None) == []:
        return None
    return keyring


def store(desk_id: str, token: str) -> str:
    """Keep `token`; the value for the `sync.token` setting (a reference, or the token itself)."""
    kr = _keyring()
    if kr is not None:
        try:
            kr.set_password(SERVICE, desk_id, token)
            if kr.get_password(SERVICE, desk_id) == token:
                return REFERENCE_PREFIX + desk_id
        except Exception as exc:  # any backend failure: fall back, and say so
            log.warning(
                "credential store %s unusable, the sync token stays in the database: %s",
                type(kr.get_keyring()).__name__,
                exc,
            )
    return token


def resolve(stored: str | None) -> str | None:
    """The token behind a `sync.token` setting; None when the credential store lost it."""
    if not stored or not stored.startswith(REFERENCE_PREFIX):
        return stored
    kr = _keyring()
    if kr is None:
        return None
    try:
        return kr.get_password(SERVICE, stored[len(REFERENCE_PREFIX) :])
    except Exception as exc:  # a locked or broken store is a lost token for now
        log.warning("credential store unreadable: %s", exc)
        return None


def forget(stored: str | None) -> None:
    """Remove a token kept in the credential store (when the desk enrols again)."""
    if not stored or not stored.startswith(REFERENCE_PREFIX):
        return
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(SERVICE, stored[len(REFERENCE_PREFIX) :])
    except Exception as exc:  # nothing to remove, or the store refuses: harmless
        log.info("credential store: %s", exc)


def where_kept(stored: str | None) -> str:
    """'keyring', 'database' or 'none', for the CLI and the docs' promise."""
    if not stored:
        return "none"
    return "keyring" if stored.startswith(REFERENCE_PREFIX) else "database"
