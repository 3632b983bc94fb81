"""Build (once) a desk database with 100,000 cases for the benchmarks.

    .venv/bin/python benchmarks/build_db.py [--cases 100000] [--out benchmarks/out/desk-100k] [--force]
    .venv/bin/python benchmarks/build_db.py --cases 1000000   # benchmarks/out/desk-1000k

More than 100,000 cases (a district centre's desk, which sees every station's cases) are made as
copies of the 100,000-case desk (built first if needed): each case K times, copy k received k x 53
minutes earlier with its own id and its slip serial's station name numbered (浉河监督岗3〔2024〕…),
(the ids' version digit 4 made 1, 2, ...), all receptions rewritten in date order so that rowids follow entry order. Only the `reception`
table (and its search indexes, through the triggers) grows: the slips, callbacks and change log
stay the base desk's, so that file is for the case list and search, not for sync or saving
figures. The copies go in through a plain sqlite3 connection, so the file keeps the base
desk's schema revision until a DeskStore opens it (and upgrades it, timed separately).

The station, operators, units and deputies are made through DeskStore (so the schema comes from
the real migrations). The cases are then written in bulk with SQLAlchemy Core executemany inside
one transaction: five years of receptions with the demo's content, their slips, callbacks and
deputies, and one change-log entry per row. The lifecycle is simulated with the same rules the
store enforces; each reception's copy of its current round (status, round_no, unit_id,
reply_due, serial) is taken from its last slip, and slip serials are numbered per year in date
order. The FTS triggers fire on every insert, so the search index is the one a real desk has.

The folder is a cache: later runs (and the other benchmarks) reuse it unless --force is given.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sqlite3
import sys
import time
import uuid
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sqlalchemy import insert, text  # noqa: E402

from desk_app import demo  # noqa: E402
from desk_app.domain.deadlines import add_working_days  # noqa: E402
from desk_app.domain.numbering import format_serial  # noqa: E402
from desk_app.domain.vocab import CallbackMethod, Channel, OperatorRole, Outcome, Verdict  # noqa: E402
from desk_app.storage import coltypes, textindex  # noqa: E402
from desk_app.storage.db import database_path  # noqa: E402
from desk_app.storage.models import (  # noqa: E402
    Callback,
    ChangeLog,
    Reception,
    ReceptionDeputy,
    Referral,
)
from desk_app.storage.store import DeskStore  # noqa: E402

OUT_DIR = ROOT / "benchmarks" / "out"
DEFAULT_CASES = 100_000
# The day the benchmark desk "is at": cases spread over the five years before it.
NOW = datetime(2026, 11, 25, 10, 0, 0)
YEARS_DAYS = 5 * 365
BUILD_KEY = "benchmark_build"
BUILD_VERSION = 2  # 2: schema 0008 (compact UTF-8 change log, as the app writes it), auto-vacuum file
# 3: the copies made on ids and times as stored since schema 0023 (storage/coltypes.py): their SQL
# needs the base desk at 0023 (it is opened, and so migrated, first).
COPIES_VERSION = 3
SEED = 20261125

# A five-year-old desk is mostly closed, with a tail of open work in the last weeks.
TARGETS: tuple[tuple[str, float], ...] = (
    ("resolved", 35),
    ("signed_off", 57),
    ("awaiting", 0.6),
    ("referred", 2.2),
    ("overdue", 1.6),
    ("replied", 1.1),
    ("satisfied", 1.6),
    ("dissatisfied", 0.5),
)
STATUS_OF_TARGET = {
    "resolved": "resolved_on_site",
    "awaiting": "awaiting_referral",
    "referred": "referred",
    "overdue": "referred",
    "replied": "replied",
    "satisfied": "satisfied",
    "dissatisfied": "dissatisfied",
    "signed_off": "signed_off",
}


def default_dir(cases: int = DEFAULT_CASES) -> Path:
    return OUT_DIR / f"desk-{cases // 1000}k"


@cache
def _due(referred_on: date, working_days: int) -> tuple[date, bool]:
    d = add_working_days(referred_on, working_days)
    return d.due, d.estimated


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _setup(store: DeskStore) -> tuple[dict[str, str], dict[str, str], list[str], str, str]:
    clerk = store.set_up(
        station_name=demo.STATION_NAME,
        short_name=demo.STATION_SHORT,
        kind="supervision_post",
        district=demo.DISTRICT,
        operator_name=demo.CLERK_NAME,
        secret=demo.CLERK_PIN,
    )
    store.add_operator(
        by=clerk.id,
        name=demo.DEPUTY_OPERATOR_NAME,
        role=OperatorRole.DEPUTY.value,
        secret=demo.DEPUTY_OPERATOR_PIN,
    )
    for name, person, phone, address in demo.UNITS:
        store.save_handling_unit(by=clerk.id, name=name, contact_person=person, phone=phone, address=address)
    for name, level, phone in demo.DEPUTIES:
        store.save_deputy(by=clerk.id, name=name, level=level, phone=phone)
    units = {u.name: u.id for u in store.handling_units()}
    cats = {c.name: c.id for c in store.categories()}
    deputies = [d.id for d in store.deputies()]
    return units, cats, deputies, clerk.id, store.station().id


def build(folder: Path, cases: int, force: bool = False) -> tuple[Path, bool]:
    """Make the database in `folder` unless a finished one is there. Returns (path, built)."""
    db_file = database_path(folder)
    if not force and _is_built(db_file, cases):  # read as it is: opening a DeskStore would upgrade it
        return db_file, False
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    store = DeskStore.open(folder, clock=lambda: NOW)
    units, cats, deputies, clerk_id, station_id = _setup(store)
    rng = random.Random(SEED)
    writer = demo._Writer(rng)
    station = store.station()
    today = NOW.date()
    deputy_names = [name for name, _, _ in demo.DEPUTIES]
    supervisors = [demo.CLERK_NAME, *deputy_names[:4]]
    topic_weights = [t.weight for t in demo.TOPICS]
    on_site_topics = [t for t in demo.TOPICS if t.on_site]

    receptions: list[dict] = []
    referrals: list[dict] = []
    callbacks: list[dict] = []
    rec_deputies: list[dict] = []
    created = NOW - timedelta(hours=8)  # audit times (UTC): when the row was "typed"
    for idx in range(cases):
        target = str(demo._pick(rng, TARGETS))
        rounds = 1 + (rng.random() < 0.12) + (rng.random() < 0.015)
        if target == "dissatisfied":
            rounds = 1 + (rng.random() < 0.15)
        topic = rng.choices(demo.TOPICS, weights=topic_weights)[0]
        if target == "resolved" and not topic.on_site:
            topic = rng.choice(on_site_topics)
        plan, offset = demo._plan(rng, idx, target, rounds)
        if target in ("resolved", "signed_off"):
            offset = rng.randint(plan.steps[-1].day, max(plan.steps[-1].day, YEARS_DAYS))
        day0 = today - timedelta(days=offset)
        channel = Channel(demo._pick(rng, demo.CHANNEL_WEIGHTS))
        for step in plan.steps:
            step.at = demo._work_time(
                rng, day0 + timedelta(days=step.day), channel if step.kind == "receive" else None
            )
        limit = NOW
        for step in reversed(plan.steps):
            step.at = min(step.at, limit)
            limit = step.at - timedelta(minutes=rng.randint(5, 40))
        draft = demo._reception_draft(rng, writer, topic, channel, plan, cats, [])
        rec_id = _uuid(rng)
        rec = {
            "id": rec_id,
            "station_id": station_id,
            "received_at": plan.steps[0].at.replace(microsecond=0),
            "channel": channel.value,
            "citizen_name": draft.citizen_name,
            "citizen_phone": draft.citizen_phone.replace("-", ""),
            "citizen_address": draft.citizen_address,
            "category_id": draft.category_id,
            "content": draft.content,
            "outcome": draft.outcome,
            "on_site_answer": draft.on_site_answer,
            "status": STATUS_OF_TARGET[target],
            "round_no": 0,
            "unit_id": None,
            "reply_due": None,
            "serial": None,
            "signed_off_at": None,
            "signed_off_by": None,
            "sign_off_note": "",
            "created_at": created,
            "updated_at": created,
            "created_by": clerk_id,
            "updated_by": clerk_id,
        }
        receptions.append(rec)
        if channel in (Channel.WALK_IN, Channel.WINDOW_VISIT, Channel.FORUM) or rng.random() < 0.2:
            for dep in rng.sample(deputies, rng.choice((1, 2, 2, 3))):
                rec_deputies.append(
                    {
                        "id": _uuid(rng),
                        "reception_id": rec_id,
                        "deputy_id": dep,
                        "created_at": created,
                        "updated_at": created,
                        "created_by": clerk_id,
                        "updated_by": clerk_id,
                    }
                )
        unit_name = None
        current: dict | None = None
        for step in plan.steps[1:]:
            if step.kind == "refer":
                names = [u for u in topic.units if u in units]
                if unit_name is None or rng.random() > 0.8:
                    unit_name = rng.choice(names)
                due, estimated = _due(step.at.date(), step.working_days)
                current = {
                    "id": _uuid(rng),
                    "reception_id": rec_id,
                    "station_id": station_id,
                    "round_no": rec["round_no"] + 1,
                    "serial": "",
                    "serial_year": step.at.year,
                    "serial_seq": 0,
                    "handling_unit_id": units[unit_name],
                    "handler": "",
                    "supervisor": rng.choice(supervisors),
                    "referred_on": step.at.date(),
                    "working_days": step.working_days,
                    "reply_due": due,
                    "due_estimated": estimated,
                    "note": "二次督办：群众对上轮答复不满意，请实地核查、限期整改到位。"
                    if rec["round_no"]
                    else "",
                    "replied_on": None,
                    "reply_text": "",
                    "reply_recorded_by": None,
                    "created_at": created,
                    "updated_at": created,
                    "created_by": clerk_id,
                    "updated_by": clerk_id,
                    "_at": step.at,
                }
                referrals.append(current)
                rec["round_no"] += 1
                rec["unit_id"], rec["reply_due"], rec["_ref"] = current["handling_unit_id"], due, current
            elif step.kind == "reply":
                assert current is not None
                current["replied_on"] = step.at.date()
                current["reply_text"] = writer.fill(rng.choice(topic.replies))
                current["reply_recorded_by"] = clerk_id
            elif step.kind == "callback":
                assert current is not None and step.verdict is not None
                words = {
                    Verdict.SATISFIED: demo.SATISFIED_WORDS,
                    Verdict.BASICALLY_SATISFIED: demo.BASIC_WORDS,
                    Verdict.DISSATISFIED: demo.DISSATISFIED_WORDS,
                }[step.verdict]
                callbacks.append(
                    {
                        "id": _uuid(rng),
                        "reception_id": rec_id,
                        "referral_id": current["id"],
                        "round_no": current["round_no"],
                        "called_at": step.at.replace(microsecond=0),
                        "caller": rng.choice(supervisors),
                        "method": rng.choices(list(CallbackMethod), weights=(70, 12, 6, 12))[0].value,
                        "citizen_words": rng.choice(words),
                        "verdict": step.verdict.value,
                        "created_at": created,
                        "updated_at": created,
                        "created_by": clerk_id,
                        "updated_by": clerk_id,
                    }
                )
            else:
                rec["signed_off_at"] = step.at.replace(microsecond=0)
                rec["signed_off_by"] = clerk_id
                rec["sign_off_note"] = rng.choice(demo.SIGN_OFF_NOTES)
        assert (rec["outcome"] == Outcome.RESOLVED_ON_SITE.value) == (target == "resolved")

    # Serials: per station and year, in the order the slips were made (as the store numbers them).
    referrals.sort(key=lambda r: r["_at"])
    seq_by_year: dict[int, int] = {}
    unit_contact = {uid: person for (name, person, _, _), uid in ((u, units[u[0]]) for u in demo.UNITS)}
    for r in referrals:
        year = r["serial_year"]
        seq_by_year[year] = seq_by_year.get(year, 0) + 1
        r["serial_seq"] = seq_by_year[year]
        r["serial"] = format_serial(station.serial_pattern, station.short_name, year, r["serial_seq"])
        r["handler"] = unit_contact[r["handling_unit_id"]]
        del r["_at"]
    for rec in receptions:
        ref = rec.pop("_ref", None)
        if ref is not None:
            rec["serial"] = ref["serial"]
    receptions.sort(key=lambda r: r["received_at"])  # rowids follow entry order, as on a real desk
    generated = time.perf_counter() - started

    # Written through the store's engine, so the JSON is the app's own (storage/db.py: compact
    # UTF-8), and unpushed, as a standalone desk's log is until its first sync.
    def log_rows(entity: str, rows: list[dict]) -> list[dict]:
        skip = {"id", "created_at", "updated_at", "created_by", "updated_by"}
        return [
            {
                "id": _uuid(rng),
                "entity": entity,
                "entity_id": r["id"],
                "op": "insert",
                "changes": {
                    k: [None, v.isoformat() if isinstance(v, date) else v]
                    for k, v in r.items()
                    if k not in skip and v is not None
                },
                "operator_id": clerk_id,
                "at": created,
                "pushed": False,
            }
            for r in rows
        ]

    engine = store.db.engine
    with engine.begin() as conn:
        conn.execute(insert(Reception), receptions)
        conn.execute(insert(ReceptionDeputy), rec_deputies)
        conn.execute(insert(Referral), referrals)
        conn.execute(insert(Callback), callbacks)
        for entity, rows in (
            ("reception", receptions),
            ("reception_deputy", rec_deputies),
            ("referral", referrals),
            ("callback", callbacks),
        ):
            conn.execute(insert(ChangeLog), log_rows(entity, rows))
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        fts = conn.execute(text("SELECT count(*) FROM reception_fts")).scalar()
    assert fts == cases, (fts, cases)
    store.set_setting(
        BUILD_KEY,
        {
            "cases": cases,
            "version": BUILD_VERSION,
            "now": NOW.isoformat(),
            "seconds": round(time.perf_counter() - started, 1),
        },
    )
    store.close()
    print(
        f"built {db_file}: {cases} cases, {len(referrals)} slips, {len(callbacks)} callbacks "
        f"(generate {generated:.1f} s, total {time.perf_counter() - started:.1f} s, "
        f"{db_file.stat().st_size / 1e6:.0f} MB)",
        file=sys.stderr,
    )
    return db_file, True


def _is_built(db_file: Path, cases: int, version: int = BUILD_VERSION) -> bool:
    if not db_file.exists():
        return False
    conn = sqlite3.connect(db_file)
    try:
        row = conn.execute("SELECT value FROM setting WHERE key = ?", (BUILD_KEY,)).fetchone()
    finally:
        conn.close()
    info = json.loads(row[0]) if row else None
    return isinstance(info, dict) and info.get("cases") == cases and info.get("version") == version


def build_copies(folder: Path, cases: int, force: bool = False) -> tuple[Path, bool]:
    """`cases` (a multiple of 100,000) as copies of the 100,000-case desk (see the module's text)."""
    db_file = database_path(folder)
    if not force and _is_built(db_file, cases, COPIES_VERSION):
        return db_file, False
    copies, rest = divmod(cases, DEFAULT_CASES)
    assert copies > 1 and rest == 0, "more than 100,000 cases: a multiple of 100,000"
    assert copies <= 15, "at most 15 copies (one id digit each)"
    base, _ = build(default_dir(DEFAULT_CASES), DEFAULT_CASES)
    DeskStore.open(base.parent, clock=lambda: NOW).close()  # at head: ids and times as stored
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    src = sqlite3.connect(base)
    dst = sqlite3.connect(db_file)
    src.backup(dst)  # the base desk as it is (whatever its schema revision)
    src.close()
    textindex.register_functions(dst)  # in case the base is at a revision whose triggers call it
    coltypes.register_functions(dst)  # ids and times as the desk stores them (schema 0023)
    columns = [r[1] for r in dst.execute("PRAGMA table_info(reception)")]
    short_name = dst.execute("SELECT short_name FROM station").fetchone()[0]
    changed = {
        # A copy's id: the base id (a UUID4: its 15th digit is 4) with that digit made one of the 14
        # others, one per copy, stored as 16 bytes as the desk stores a UUID.
        "id": f"CASE WHEN k = 0 THEN id ELSE {coltypes.ID_SQL}(substr({coltypes.ID_TEXT_SQL}(id), 1, 14) "
        f"|| substr('12356789abcdef', k, 1) || substr({coltypes.ID_TEXT_SQL}(id), 16)) END",
        "received_at": "received_at - k * 53 * 60000000",  # integer microseconds
        "serial": "CASE WHEN k = 0 OR serial IS NULL THEN serial ELSE replace(serial, :short, :short || k) END",
    }
    select_list = ", ".join(changed.get(c, c) for c in columns)
    dst.execute("PRAGMA foreign_keys = OFF")  # slips and callbacks keep pointing at copy 0
    dst.execute("PRAGMA journal_mode = WAL")
    with dst:
        dst.execute("CREATE TEMP TABLE base AS SELECT * FROM reception")
        dst.execute("DELETE FROM reception")
        dst.execute(
            f"WITH RECURSIVE n(k) AS (SELECT 0 UNION ALL SELECT k + 1 FROM n WHERE k + 1 < {copies}) "
            f"INSERT INTO reception ({', '.join(columns)}) SELECT {select_list} FROM n, temp.base "
            f"ORDER BY {columns.index('received_at') + 1}, {columns.index('id') + 1}",
            {"short": short_name},
        )
        dst.execute("DROP TABLE temp.base")
        info = {
            "cases": cases,
            "version": COPIES_VERSION,
            "now": NOW.isoformat(),
            "copies_of": DEFAULT_CASES,
            "seconds": round(time.perf_counter() - started, 1),
        }
        dst.execute("UPDATE setting SET value = ? WHERE key = ?", (json.dumps(info), BUILD_KEY))
    dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    n = dst.execute("SELECT count(*) FROM reception").fetchone()[0]
    dst.close()
    assert n == cases, (n, cases)
    print(
        f"built {db_file}: {cases} cases as {copies} copies of {base} ({time.perf_counter() - started:.1f} s, "
        f"{db_file.stat().st_size / 1e6:.0f} MB)",
        file=sys.stderr,
    )
    return db_file, True


def ensure(cases: int = DEFAULT_CASES, folder: Path | None = None) -> Path:
    """The benchmark database's folder, built on first use."""
    folder = folder or default_dir(cases)
    if cases > DEFAULT_CASES:
        build_copies(folder, cases)
    else:
        build(folder, cases)
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--out", type=Path, default=None, help="folder (default benchmarks/out/desk-100k)")
    parser.add_argument("--force", action="store_true", help="rebuild even if a finished build is there")
    args = parser.parse_args(argv)
    folder = args.out or default_dir(args.cases)
    started = time.perf_counter()
    if args.cases > DEFAULT_CASES:
        db_file, built = build_copies(folder, args.cases, args.force)
    else:
        db_file, built = build(folder, args.cases, args.force)
    store = DeskStore.open(folder, clock=lambda: NOW)
    try:
        counts = {
            st: store.count_cases(store.case_filter(statuses=(st,))) for st in STATUS_OF_TARGET.values()
        }
        overdue = store.count_cases(store.case_filter(overdue_only=True))
        second = store.count_cases(store.case_filter(min_round=2))
    finally:
        store.close()
    print(f"{'database':<22}{db_file}")
    print(f"{'state':<22}{'built' if built else 'reused (cached)'} in {time.perf_counter() - started:.1f} s")
    print(f"{'size':<22}{db_file.stat().st_size / 1e6:.0f} MB")
    for status, n in counts.items():
        print(f"{status:<22}{n:>8}")
    print(f"{'overdue':<22}{overdue:>8}")
    print(f"{'round >= 2':<22}{second:>8}")
    print(json.dumps({"now": NOW.isoformat()}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
