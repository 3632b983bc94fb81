"""Serial numbers of referral slips: format, parse back, and which patterns are accepted."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desk_app.domain.numbering import (
    DEFAULT_SERIAL_PATTERN,
    BadSerialPattern,
    SerialParts,
    check_pattern,
    format_serial,
    parse_serial,
)


def test_default_pattern_formats_like_a_paper_slip() -> None:
    assert format_serial(DEFAULT_SERIAL_PATTERN, "浉河监督岗", 2026, 15) == "浉河监督岗〔2026〕第015号"


def test_sequence_beyond_three_digits_is_not_truncated() -> None:
    assert format_serial(DEFAULT_SERIAL_PATTERN, "浉河监督岗", 2026, 1234) == "浉河监督岗〔2026〕第1234号"


def test_sequence_zero_is_refused() -> None:
    with pytest.raises(ValueError):
        format_serial(DEFAULT_SERIAL_PATTERN, "浉河监督岗", 2026, 0)


def test_parse_reads_default_serial() -> None:
    assert parse_serial("浉河监督岗〔2026〕第015号") == SerialParts("浉河监督岗", 2026, 15)


def test_parse_ignores_surrounding_spaces() -> None:
    assert parse_serial("  浉河监督岗〔2026〕第015号 ") == SerialParts("浉河监督岗", 2026, 15)


@pytest.mark.parametrize(
    "text", ["", "浉河监督岗2026第015号", "浉河监督岗〔26〕第015号", "〔2026〕第号", "hello"]
)
def test_parse_returns_none_for_other_text(text: str) -> None:
    assert parse_serial(text) is None


prefixes = st.text(
    alphabet=st.characters(categories=["Lo", "Lu", "Ll", "Nd"], codec="utf-8"), min_size=0, max_size=12
)


@settings(max_examples=150, deadline=None)
@given(prefixes, st.integers(1000, 9999), st.integers(1, 99_999))
def test_format_then_parse_round_trips(prefix: str, year: int, seq: int) -> None:
    serial = format_serial(DEFAULT_SERIAL_PATTERN, prefix, year, seq)
    assert parse_serial(serial) == SerialParts(prefix, year, seq)


@pytest.mark.parametrize(
    "pattern",
    [DEFAULT_SERIAL_PATTERN, "{year}-{seq}", "{prefix}[{year}]{seq:04d}", "{seq}/{year}/{prefix}"],
)
def test_patterns_with_year_and_seq_are_accepted(pattern: str) -> None:
    check_pattern(pattern)


@pytest.mark.parametrize(
    "pattern",
    [
        "{prefix}第{seq:03d}号",  # no year: numbers repeat every year
        "{prefix}〔{year}〕",  # no sequence
        "{prefix}〔{year}〕第{seq:03d}号{unit}",  # unknown field
        "{0}{year}{seq}",  # positional field
        "{prefix}{year}{seq}{}",  # empty field
        "{prefix}{year}{seq:03q}",  # bad format spec
        "{prefix}{year{seq}",  # unbalanced brace
        "{prefix}〔{{year}}〕第{seq:03d}号",  # literal braces: no year in the number
        "{prefix}〔{year}〕第{{seq}}号",  # literal braces: no sequence in the number
    ],
)
def test_bad_patterns_are_refused(pattern: str) -> None:
    with pytest.raises(BadSerialPattern):
        check_pattern(pattern)
