"""How a search box's text becomes a query: shared by the desk and the server."""

from __future__ import annotations

import re
from dataclasses import dataclass

# SQLite's FTS5 trigram tokenizer only answers MATCH for terms of 3+ characters. Shorter
# terms (a surname, 电梯) go through the desk's index of single characters instead.
TRIGRAM_MIN_CHARS = 3

_SPACES = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class SearchTerms:
    long_terms: tuple[str, ...]  # answered by the full-text index
    short_terms: tuple[str, ...]  # answered by the index of single characters


def split_terms(text: str) -> SearchTerms:
    """Split on white space; every term must match (AND). Duplicates are dropped."""
    seen: dict[str, None] = {}
    for term in _SPACES.split(text.strip()):
        if term:
            seen.setdefault(term.lower(), None)
    terms = tuple(seen)
    return SearchTerms(
        long_terms=tuple(t for t in terms if len(t) >= TRIGRAM_MIN_CHARS),
        short_terms=tuple(t for t in terms if len(t) < TRIGRAM_MIN_CHARS),
    )


def fts_phrase(term: str) -> str:
    """Quote a term as an FTS5 string so that its characters are never read as syntax."""
    return '"' + term.replace('"', '""') + '"'
