"""Serial numbers of referral slips, e.g. 浉河监督岗〔2026〕第015号.

A number is unique per station and year. The station chooses the prefix (its short name) and,
if it must match an older paper series, the pattern. Storage guarantees uniqueness; this module
only formats and reads numbers back.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass

DEFAULT_SERIAL_PATTERN = "{prefix}〔{year}〕第{seq:03d}号"

_FIELDS = {"prefix", "year", "seq"}


class BadSerialPattern(ValueError):
    pass


def check_pattern(pattern: str) -> None:
    """Refuse a pattern that could not make unique, readable numbers."""
    # Formatter.parse, not a regex: "{{year}}" is a literal brace, not a field.
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(pattern) if name is not None}
    except ValueError as exc:
        raise BadSerialPattern(str(exc)) from exc
    if not {"year", "seq"} <= names:
        raise BadSerialPattern("The pattern must contain {year} and {seq}.")
    if names - _FIELDS:
        raise BadSerialPattern("Unknown field in pattern: " + ", ".join(sorted(names - _FIELDS)))
    try:
        format_serial(pattern, "X", 2026, 1)
    except (ValueError, IndexError, KeyError) as exc:
        raise BadSerialPattern(str(exc)) from exc


def format_serial(pattern: str, prefix: str, year: int, seq: int) -> str:
    if seq < 1:
        raise ValueError("serial sequence numbers start at 1")
    return pattern.format(prefix=prefix, year=year, seq=seq)


@dataclass(frozen=True, slots=True)
class SerialParts:
    prefix: str
    year: int
    seq: int


_DEFAULT_RE = re.compile(r"^(?P<prefix>.*)〔(?P<year>\d{4})〕第(?P<seq>\d+)号$")


def parse_serial(serial: str) -> SerialParts | None:
    """Read a number in the default pattern back (e.g. typed by a clerk to find a slip)."""
    m = _DEFAULT_RE.match(serial.strip())
    if not m:
        return None
    return SerialParts(m["prefix"], int(m["year"]), int(m["seq"]))


# -- the district centre's own series (issue 13: slip numbers follow the level that refers) ------

# A slip the district centre refers carries the centre's number, e.g. 浉河区联络中心〔2026〕第007号,
# from one series per district and year. It is kept as serial_seq = CENTRE_SEQ_BASE + n, so the
# uniqueness of (station, year, seq) on every desk and on the server holds next to the stations'
# own series (which never reach it: the schema allows 999,999 a year).
CENTRE_SEQ_BASE = 500_000
CENTRE_PREFIX_SUFFIX = "联络中心"


def centre_prefix(district_name: str) -> str:
    return f"{district_name}{CENTRE_PREFIX_SUFFIX}"


def is_centre_seq(seq: int) -> bool:
    return seq > CENTRE_SEQ_BASE


def format_centre_serial(district_name: str, year: int, seq: int) -> str:
    """The printed number of a centre slip kept as `seq` (CENTRE_SEQ_BASE + n)."""
    return format_serial(DEFAULT_SERIAL_PATTERN, centre_prefix(district_name), year, seq - CENTRE_SEQ_BASE)
