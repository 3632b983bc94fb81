"""The character search index's SQL function and query phrases (no Alembic, no SQLAlchemy).

`reception_fts_chars` (storage/migrations/fts.py, revision 0009) indexes the searched text with
every character a token of its own, so that a 1-2 character term is an indexed token or phrase
query instead of a scan. SQLite cannot split a string into characters inside a trigger short of
a recursive query, which is quadratic in the length (a 20,000-character text took 7 s), so the
triggers call CHARS_FUNCTION, a Python function that every desk connection registers
(register_functions, from storage/db.py). A connection without it cannot write a reception
("no such function: desk_chars"): the sqlite3 shell can read a desk's file but not change its
receptions.
"""

from __future__ import annotations

import sqlite3

CHARS_TABLE = "reception_fts_chars"
CHARS_FUNCTION = "desk_chars"
# Between two characters of the body: the tokenizer's only separator.
CHARS_SEPARATOR = "\x1f"


def split_chars(value: str | None) -> str:
    """The character index's body: every character a token. A U+001F in the text becomes a
    space: both are white space, which a search term never holds, so no match changes."""
    if not value:
        return ""
    return CHARS_SEPARATOR.join(value.replace(CHARS_SEPARATOR, " "))


def register_functions(dbapi_conn: sqlite3.Connection) -> None:
    """Make the SQL functions that the search index's triggers call known to one connection."""
    dbapi_conn.create_function(CHARS_FUNCTION, 1, split_chars, deterministic=True)


def chars_phrase(term: str) -> str:
    """An FTS5 phrase of the term's characters, quoted so that nothing in it is syntax. The term
    holds no white space (domain/search.split_terms), so it is found exactly where its
    characters stand next to each other in one column."""
    return '"' + split_chars(term).replace('"', '""') + '"'
