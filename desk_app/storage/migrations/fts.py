"""The reception full-text index (FTS5, trigram tokenizer) and the triggers that keep it current.

Kept here, not inline in a revision, because a later revision that changes what is searched
redefines the triggers with the same helpers. The index row's rowid is the reception's rowid:
the triggers use it, and `rebuild` refills the index from scratch (after a VACUUM, which may
renumber rowids of tables without an INTEGER PRIMARY KEY).
"""

from __future__ import annotations

from alembic import op

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
            INSERT INTO reception_fts(rowid, body) VALUES (new.rowid, {BODY_SQL.format(t='new')});
        END""",
        f"""CREATE TRIGGER reception_fts_au AFTER UPDATE OF {SEARCHED_COLUMNS} ON reception BEGIN
            DELETE FROM reception_fts WHERE rowid = old.rowid;
            INSERT INTO reception_fts(rowid, body) VALUES (new.rowid, {BODY_SQL.format(t='new')});
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


def create_reception_fts() -> None:
    for sql in statements():
        op.execute(sql)


def drop_reception_fts() -> None:
    for name in ("reception_fts_ai", "reception_fts_au", "reception_fts_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS reception_fts")
