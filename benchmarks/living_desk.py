"""A big desk with a *living* change log, for the sync benchmarks (issue 15).

    .venv/bin/python benchmarks/living_desk.py [--changes 100000] [--template-cases 500] [--force]

`build_db.py` writes one insert per row in its final state: a change log no real desk has (a
reception inserted as signed off is refused by the server's rule book). A real desk's log is a
case's whole life, a change at a time: the reception, its deputies, the slip, the case's copy of
it, the reply, the callback, the sign-off, case events, chases, extensions, returns, reopenings,
voids, merges, corrections.

So a template desk is made by the demo (`desk_app.demo.fill_demo`, every change through
DeskStore, as a clerk makes it; `--template-cases` cases ending at a fixed moment) and cached in
benchmarks/out/; the big desk is that template with its cases played again under new ids until the
log holds `--changes` changes: every case row and every change-log entry of a case is copied with
fresh ids (the same id map for rows, references and the log's old and new values), slips take
new numbers (the template's number + 1,000 per copy, formatted as the station formats them).
Directories, operators, the station and the rota are the template's, once. The copies follow the
template in log order, so every copy is a desk's real sequence of changes.

The result is cached in benchmarks/out/living-<changes>/ (git-ignored), with every change unpushed
and the desk not enrolled: a standalone desk about to make its first sync.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desk_app.demo import fill_demo  # noqa: E402
from desk_app.domain.numbering import format_serial  # noqa: E402
from desk_app.storage import textindex  # noqa: E402
from desk_app.storage.coltypes import id_param, id_value  # noqa: E402
from desk_app.storage.db import DB_FILENAME  # noqa: E402
from desk_app.storage.models import new_id  # noqa: E402
from desk_app.storage.store import DeskStore  # noqa: E402

OUT_DIR = ROOT / "benchmarks" / "out"
# The moment the template's demo ends (UTC audit times stay before any server's clock).
NOW = datetime(2026, 11, 25, 10, 0, 0)
SEED = 1515
VERSION = 2  # 2: ids and times as the desk stores them since schema 0023 (storage/coltypes.py)
SERIAL_STEP = 1000  # a copy's slip numbers: the template's + SERIAL_STEP * copy
CASE_TABLES = (
    "reception",
    "reception_deputy",
    "referral",
    "callback",
    "callback_attempt",
    "chase",
    "extension",
    "case_event",
)


def template(cases: int, force: bool = False) -> Path:
    folder = OUT_DIR / f"living-template-{cases}"
    marker = folder / "done.json"
    if marker.exists() and not force:
        return folder
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    fill_demo(folder, cases=cases, seed=SEED, now=NOW)
    marker.write_text(json.dumps({"cases": cases, "seconds": round(time.perf_counter() - started, 1)}))
    return folder


def _mapper(ids: dict[str | bytes, str | bytes], serials: dict[str, str]):  # type: ignore[no-untyped-def]
    """Old id -> new: a row's stored id (16 bytes) to the new one's bytes, the log JSON's text id to
    the new one's text (storage/coltypes.py)."""

    def value(v):  # type: ignore[no-untyped-def]
        if isinstance(v, bytes):
            return ids.get(v) or v
        if isinstance(v, str):
            return ids.get(v) or serials.get(v) or v
        return v

    return value


def build(changes: int, template_cases: int = 500, force: bool = False) -> Path:
    """The folder of a standalone desk whose log holds about `changes` changes (cached)."""
    folder = OUT_DIR / f"living-{changes}"
    marker = folder / "done.json"
    if marker.exists() and not force:
        info = json.loads(marker.read_text())
        if info.get("version") == VERSION and info.get("template_cases") == template_cases:
            return folder
    source = template(template_cases)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    shutil.copy2(source / DB_FILENAME, folder / DB_FILENAME)
    db = sqlite3.connect(folder / DB_FILENAME, isolation_level=None)
    textindex.register_functions(db)  # the search index's triggers call desk_chars()
    db.execute("PRAGMA foreign_keys=OFF")
    db.execute("PRAGMA synchronous=OFF")
    db.execute("BEGIN")
    station = db.execute("SELECT short_name, serial_pattern FROM station").fetchone()
    rows: dict[str, tuple[list[str], list[tuple]]] = {}
    case_ids: set[str | bytes] = set()
    for table in CASE_TABLES:
        cur = db.execute(f'SELECT * FROM "{table}"')
        cols = [d[0] for d in cur.description]
        data = cur.fetchall()
        rows[table] = (cols, data)
        case_ids.update(r[cols.index("id")] for r in data)
    log_cols = [d[0] for d in db.execute("SELECT * FROM change_log LIMIT 0").description]
    log = [
        r
        for r in db.execute("SELECT * FROM change_log ORDER BY seq")
        if r[log_cols.index("entity")] in CASE_TABLES
    ]
    total = db.execute("SELECT count(*) FROM change_log").fetchone()[0]
    ref_cols, ref_rows = rows["referral"]
    assert all(r[ref_cols.index("serial_seq")] < SERIAL_STEP for r in ref_rows), "template too big"
    copies = 0
    while total < changes:
        copies += 1
        ids: dict[str | bytes, str | bytes] = {}
        for old in case_ids:  # (stored values: 16 bytes for a UUID)
            new = new_id()
            ids[old] = id_param(new)
            ids[id_value(old)] = new  # type: ignore[index]
        serials: dict[str, str] = {}
        for r in ref_rows:
            year, seq = r[ref_cols.index("serial_year")], r[ref_cols.index("serial_seq")]
            new_seq = seq + SERIAL_STEP * copies
            for name in ("serial", "former_serial"):
                old = r[ref_cols.index(name)]
                if old:
                    serials[old] = format_serial(station[1], station[0], year, new_seq)
        value = _mapper(ids, serials)
        for table, (cols, data) in rows.items():
            out = []
            for r in data:
                row = dict(zip(cols, r, strict=True))
                row = {k: value(v) for k, v in row.items()}
                if table == "referral":
                    row["serial_seq"] += SERIAL_STEP * copies
                if table == "reception" and row.get("source_key"):
                    row["source_key"] = f"{row['source_key']}#{copies}"
                out.append(tuple(row[c] for c in cols))
            db.executemany(
                f'INSERT INTO "{table}" ({", ".join(cols)}) VALUES ({", ".join("?" * len(cols))})', out
            )
        out = []
        for r in log:
            row = dict(zip(log_cols, r, strict=True))
            fields = json.loads(row["changes"])
            for name, pair in fields.items():
                if name == "serial_seq" and isinstance(pair, list):
                    fields[name] = [p if p is None else p + SERIAL_STEP * copies for p in pair]
                elif isinstance(pair, list):
                    fields[name] = [value(p) for p in pair]
            row.update(
                seq=None,
                id=id_param(new_id()),
                entity_id=value(row["entity_id"]),
                changes=json.dumps(fields, ensure_ascii=False),
                pushed=0,
            )
            out.append(tuple(row[c] for c in log_cols))
        db.executemany(
            f"INSERT INTO change_log ({', '.join(log_cols)}) VALUES ({', '.join('?' * len(log_cols))})", out
        )
        total += len(out)
    db.execute("UPDATE change_log SET pushed = 0")
    db.execute("COMMIT")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    bad = db.execute("PRAGMA foreign_key_check").fetchall()
    db.close()
    assert not bad, bad[:5]
    marker.write_text(
        json.dumps(
            {
                "version": VERSION,
                "template_cases": template_cases,
                "changes": total,
                "copies": copies,
                "seconds": round(time.perf_counter() - started, 1),
            }
        )
    )
    return folder


def summary(folder: Path) -> dict[str, int]:
    store = DeskStore.open(folder)
    try:
        with store.db.reading() as s:
            from sqlalchemy import text

            counts = dict(
                s.execute(text("SELECT entity || ' ' || op, count(*) FROM change_log GROUP BY 1")).all()
            )
            counts["cases"] = s.execute(text("SELECT count(*) FROM reception")).scalar_one()
            counts["changes"] = s.execute(text("SELECT count(*) FROM change_log")).scalar_one()
    finally:
        store.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--changes", type=int, default=100_000)
    ap.add_argument("--template-cases", type=int, default=500)
    ap.add_argument("--force", action="store_true")
    args = ap.parse_args(argv)
    t = time.perf_counter()
    folder = build(args.changes, args.template_cases, args.force)
    print(f"{folder} ({time.perf_counter() - t:.1f} s)")
    for key, n in sorted(summary(folder).items(), key=lambda kv: -kv[1]):
        print(f"{key:<28}{n:>8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
