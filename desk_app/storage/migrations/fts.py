"""The reception full-text indexes (FTS5) and the triggers that keep them current.

`reception_fts` (trigram tokenizer) answers terms of 3+ characters (contentless since revision
0021: it keeps no copy of the text). `reception_fts_chars`
(revision 0009) answers 1-2 character terms: its body is the searched text with every character
made a token of its own (see CHARS_* below), so a surname is a one-token query and 电梯 a
two-token phrase, exact and indexed, where the trigram index could only offer a scan.

Kept here, not inline in a revision, because a later revision that changes what is searched
redefines the triggers with the same helpers. The index row's rowid is the reception's rowid:
the triggers use it, and `rebuild` refills the index from scratch (after a VACUUM, which may
renumber rowids of tables without an INTEGER PRIMARY KEY).
"""

from __future__ import annotations

from alembic import op

from desk_app.storage.textindex import CHARS_FUNCTION, CHARS_SEPARATOR, CHARS_TABLE

# What the search box looks through. Kept in one place: the triggers and rebuild use it.
BODY_SQL = (
    "coalesce({t}.citizen_name,'') || ' ' || coalesce({t}.citizen_phone,'') || ' ' || "
    "coalesce({t}.citizen_address,'') || ' ' || coalesce({t}.content,'') || ' ' || "
    "coalesce({t}.on_site_answer,'') || ' ' || coalesce({t}.serial,'') || '  '"
)
# The two trailing spaces make every character of the searched text start a trigram: search
# finds a 1-2 character term's trigrams in the index vocabulary (see storage/queries.py).
SEARCHED_COLUMNS = "citizen_name, citizen_phone, citizen_address, content, on_site_answer, serial"


def statements() -> list[str]:
    return [
        "CREATE VIRTUAL TABLE reception_fts USING fts5(body, tokenize='trigram')",
        f"""CREATE TRIGGER reception_fts_ai AFTER INSERT ON reception BEGIN
            INSERT INTO reception_fts(rowid, body) VALUES (new.rowid, {BODY_SQL.format(t="new")});
        END""",
        f"""CREATE TRIGGER reception_fts_au AFTER UPDATE OF {SEARCHED_COLUMNS} ON reception BEGIN
            DELETE FROM reception_fts WHERE rowid = old.rowid;
            INSERT INTO reception_fts(rowid, body) VALUES (new.rowid, {BODY_SQL.format(t="new")});
        END""",
        """CREATE TRIGGER reception_fts_ad AFTER DELETE ON reception BEGIN
            DELETE FROM reception_fts WHERE rowid = old.rowid;
        END""",
    ]


def rebuild_sql() -> list[str]:
    return [
        "DELETE FROM reception_fts",
        f"INSERT INTO reception_fts(rowid, body) SELECT rowid, {BODY_SQL.format(t='reception')} FROM reception",
    ]


# --- the trigram index without its copy of the text (revision 0021) -------------------------
#
# Until 0021 `reception_fts` kept the body it indexed in its own table (reception_fts_content, as
# big as the searched columns: ~32 MB of a 100k-case desk), though search only asks it for rowids
# (MATCH). Contentless (content=''), like the character index: the same tokens, the same
# answers; a row is taken out with the 'delete' command and the body it was indexed with, which
# the triggers rebuild from old.* (BODY_SQL is deterministic). The trigger names stay.


def contentless_statements() -> list[str]:
    body_new, body_old = BODY_SQL.format(t="new"), BODY_SQL.format(t="old")
    delete_old = (
        "INSERT INTO reception_fts(reception_fts, rowid, body) VALUES ('delete', old.rowid, "
        + body_old
        + ");"
    )
    return [
        "CREATE VIRTUAL TABLE reception_fts USING fts5(body, content='', tokenize='trigram')",
        f"""CREATE TRIGGER reception_fts_ai AFTER INSERT ON reception BEGIN
            INSERT INTO reception_fts(rowid, body) VALUES (new.rowid, {body_new});
        END""",
        f"""CREATE TRIGGER reception_fts_au AFTER UPDATE OF {SEARCHED_COLUMNS} ON reception BEGIN
            {delete_old}
            INSERT INTO reception_fts(rowid, body) VALUES (new.rowid, {body_new});
        END""",
        f"""CREATE TRIGGER reception_fts_ad AFTER DELETE ON reception BEGIN
            {delete_old}
        END""",
    ]


def contentless_rebuild_sql() -> list[str]:
    return [
        "INSERT INTO reception_fts(reception_fts) VALUES ('delete-all')",
        f"INSERT INTO reception_fts(rowid, body) SELECT rowid, {BODY_SQL.format(t='reception')} FROM reception",
    ]


def create_contentless_reception_fts() -> None:
    for sql in contentless_statements():
        op.execute(sql)


def create_reception_fts() -> None:
    for sql in statements():
        op.execute(sql)


def drop_reception_fts() -> None:
    for name in ("reception_fts_ai", "reception_fts_au", "reception_fts_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS reception_fts")


# --- the character index (revision 0009) -------------------------------------------------
#
# The body is the five columns a short term is matched against (the slip serial is not among
# them, as before: a 1-2 character term such as 第 or 20 would match every referred case), joined
# by a space, then split by the SQL function CHARS_FUNCTION into one token per character:
# characters separated by U+001F, which the tokenizer takes as its only separator. Every other
# character, white space and punctuation included, is a token, so a phrase of tokens matches
# exactly where the characters stand next to each other in one column: a term never holds white
# space (domain/search.split_terms splits on it), so it cannot match across the space that joins
# two columns, nor across a space inside one. Case is folded (as the trigram index does), marks
# are kept (remove_diacritics 0).
#
# The splitting is the SQL function CHARS_FUNCTION (storage/textindex.py).
CHARS_TOKENIZE = (
    f"unicode61 remove_diacritics 0 categories 'L* M* N* P* S* Z* C*' separators '{CHARS_SEPARATOR}'"
)
CHARS_BODY_SQL = (
    CHARS_FUNCTION + "(coalesce({t}.citizen_name,'') || ' ' || coalesce({t}.citizen_phone,'') || ' ' || "
    "coalesce({t}.citizen_address,'') || ' ' || coalesce({t}.content,'') || ' ' || "
    "coalesce({t}.on_site_answer,''))"
)
CHARS_COLUMNS = "citizen_name, citizen_phone, citizen_address, content, on_site_answer"


def chars_statements() -> list[str]:
    # Contentless (content=''): the index keeps no copy of the text, only what it needs to
    # answer MATCH with rowids. A row is taken out with the 'delete' command and the values it
    # was indexed with, which the triggers have as old.* (the function is deterministic).
    body_new, body_old = CHARS_BODY_SQL.format(t="new"), CHARS_BODY_SQL.format(t="old")
    delete_old = (
        f"INSERT INTO {CHARS_TABLE}({CHARS_TABLE}, rowid, body) VALUES ('delete', old.rowid, {body_old});"
    )
    return [
        f"CREATE VIRTUAL TABLE {CHARS_TABLE} USING fts5(body, content='', tokenize=\"{CHARS_TOKENIZE}\")",
        f"""CREATE TRIGGER {CHARS_TABLE}_ai AFTER INSERT ON reception BEGIN
            INSERT INTO {CHARS_TABLE}(rowid, body) VALUES (new.rowid, {body_new});
        END""",
        f"""CREATE TRIGGER {CHARS_TABLE}_au AFTER UPDATE OF {CHARS_COLUMNS} ON reception BEGIN
            {delete_old}
            INSERT INTO {CHARS_TABLE}(rowid, body) VALUES (new.rowid, {body_new});
        END""",
        f"""CREATE TRIGGER {CHARS_TABLE}_ad AFTER DELETE ON reception BEGIN
            {delete_old}
        END""",
    ]


def chars_rebuild_sql() -> list[str]:
    return [
        f"INSERT INTO {CHARS_TABLE}({CHARS_TABLE}) VALUES ('delete-all')",
        f"INSERT INTO {CHARS_TABLE}(rowid, body) SELECT rowid, {CHARS_BODY_SQL.format(t='reception')} "
        "FROM reception",
    ]


def create_chars_index() -> None:
    for sql in chars_statements():
        op.execute(sql)


def drop_chars_index() -> None:
    for suffix in ("ai", "au", "ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {CHARS_TABLE}_{suffix}")
    op.execute(f"DROP TABLE IF EXISTS {CHARS_TABLE}")
