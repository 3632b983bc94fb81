"""How search-box text becomes terms: short ones scanned, 3+ characters through FTS5 trigrams."""

from __future__ import annotations

import pytest

from desk_app.domain.search import SearchTerms, fts_phrase, split_terms


def test_blank_text_has_no_terms() -> None:
    assert split_terms("  \t ") == SearchTerms((), ())


def test_one_character_term_is_short() -> None:
    assert split_terms("张") == SearchTerms(long_terms=(), short_terms=("张",))


def test_two_character_term_is_short() -> None:
    assert split_terms("电梯") == SearchTerms(long_terms=(), short_terms=("电梯",))


def test_three_character_term_is_long() -> None:
    assert split_terms("加装电") == SearchTerms(long_terms=("加装电",), short_terms=())


def test_mixed_terms_are_split_by_length_keeping_order() -> None:
    assert split_terms("张 加装电梯 13900 王") == SearchTerms(("加装电梯", "13900"), ("张", "王"))


def test_ideographic_space_separates_terms() -> None:
    assert split_terms("张\u3000电梯") == SearchTerms((), ("张", "电梯"))


def test_duplicate_terms_are_dropped() -> None:
    assert split_terms("电梯 电梯 张 张") == SearchTerms((), ("电梯", "张"))


def test_terms_are_lowercased_so_case_duplicates_merge() -> None:
    assert split_terms("Wang WANG wang") == SearchTerms(("wang",), ())


def test_plain_term_is_quoted() -> None:
    assert fts_phrase("加装电梯") == '"加装电梯"'


@pytest.mark.parametrize(
    ("term", "phrase"),
    [('a"b', '"a""b"'), ('"', '""""'), ('""x', '"""""x"')],
)
def test_quotes_inside_term_are_doubled(term: str, phrase: str) -> None:
    assert fts_phrase(term) == phrase
