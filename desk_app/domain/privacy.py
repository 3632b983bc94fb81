"""Masking citizens' phone numbers on paper and in exports (a slip travels to other offices).

Documents show 139****5678 unless the clerk chooses to print the full number for that document.
"""

from __future__ import annotations

from desk_app.domain.validation import normalize_phone


def mask_phone(raw: str) -> str:
    """139****5678 for a mobile, 037****1234 for a landline; short numbers keep 2 + 2 digits."""
    raw = raw or ""
    # Stored phones are already digits (the store normalizes them): skip the work then.
    phone = raw if raw.isdigit() and raw.isascii() else normalize_phone(raw or "")
    if not phone:
        return ""
    if len(phone) >= 10:
        return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
    if len(phone) >= 5:
        return phone[:2] + "*" * (len(phone) - 4) + phone[-2:]
    return "*" * len(phone)


def shown_phone(raw: str, *, full: bool) -> str:
    if not raw:
        return ""
    return normalize_phone(raw) if full else mask_phone(raw)
