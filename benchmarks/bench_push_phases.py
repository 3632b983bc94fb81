"""Where a 1,000-change push's time goes, phase by phase, in-process (issue 16, `--only floor`).

    .venv/bin/python benchmarks/bench_push_phases.py --postgres URL [--batches 30] [--kind insert|edit]
        [--rekeyed] [--profile FILE]

On a fresh migrated database of the PostgreSQL server of URL (default $DESK_TEST_POSTGRES_URL), or
a fresh SQLite file with `--sqlite`: one station desk (enrolled through the admin service, its
operator pushed first) pushes `--batches` batches of 1,000 changes through what the /push route
runs (`schemas.push_changes` on the body bytes, `check_clock`, `begin_write`, `sync.push`,
commit), with no HTTP. `--kind insert`: 1,000 new receptions (what `bench_server_scale.py --only
floor` pushes); `edit`: 1,000 content edits of receptions pushed before (field merge, stamps).
`--rekeyed`: the district has one rekey (of a category none of the batches names), as a district
has once two desks have made a directory entry of the same name.

The phases are timed by wrapping the functions that do them, when the code has them:
`push_changes` (body parsed and checked), `sync._replayed` and `_Applier.prefetch` (the replay check,
which since branch s22-push also reads the held changes the load needs), `_Applier.load`, `_Applier.apply_all`
(before branch s24-push `_Applier.apply`, summed over the batch's changes),
`_Applier.write`, and the commit. Medians (and the best) over the batches after the first two. Then the bare COPY
of the same rows the insert batch writes (PostgreSQL only), as `bench_server_scale.py` does it. The
garbage collector is tuned as `desk-server serve` tunes it (`cli._tune_gc`).

BENCH_CODE_ROOT=/path/to/another/checkout runs that checkout's server code (the script's own
folder is used for the rest): before/after in one sitting.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(os.environ.get("BENCH_CODE_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))

import orjson  # noqa: E402


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _new_id() -> str:
    return str(uuid.uuid4())


def _reception(station: str, operator: str, i: int) -> dict[str, Any]:
    return {
        "id": _new_id(),
        "entity": "reception",
        "entity_id": _new_id(),
        "op": "insert",
        "operator_id": operator,
        "at": f"2026-11-25T09:{i // 1000 % 60:02d}:{i // 60 % 60:02d}.{i % 1_000_000:06d}",
        "fields": {
            "station_id": [None, station],
            "received_at": [None, "2026-11-25T09:30:00"],
            "channel": [None, "walk_in"],
            "citizen_name": [None, "张三"],
            "content": [None, f"小区电梯噪音扰民，第{i}件"],
            "outcome": [None, "needs_referral"],
            "status": [None, "awaiting_referral"],
            "round_no": [None, 0],
        },
    }


def _edit(case: dict[str, Any], operator: str, i: int) -> dict[str, Any]:
    old = case["fields"]["content"][1]
    return {
        "id": _new_id(),
        "entity": "reception",
        "entity_id": case["entity_id"],
        "op": "update",
        "operator_id": operator,
        "at": f"2026-11-25T10:{i // 1000 % 60:02d}:{i // 60 % 60:02d}.{i % 1_000_000:06d}",
        "fields": {"content": [old, old + "（补充）"]},
    }


def _operator(op_id: str) -> dict[str, Any]:
    return {
        "id": _new_id(),
        "entity": "operator",
        "entity_id": op_id,
        "op": "insert",
        "operator_id": op_id,
        "at": "2026-11-01T08:00:00",
        "fields": {"name": [None, "李明"], "role": [None, "admin"], "active": [None, True]},
    }


class Timers:
    def __init__(self) -> None:
        self.now: dict[str, float] = {}

    def wrap(self, owner: Any, name: str, phase: str) -> None:
        fn = getattr(owner, name, None)
        if fn is None:
            return
        timers = self

        def timed(*args: Any, **kwargs: Any) -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                timers.now[phase] = timers.now.get(phase, 0.0) + time.perf_counter() - t

        setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default=os.environ.get("DESK_TEST_POSTGRES_URL"))
    parser.add_argument("--sqlite", action="store_true")
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--kind", choices=("insert", "edit"), default="insert")
    parser.add_argument("--profile", metavar="FILE", help="cProfile the timed batches into FILE (pstats)")
    parser.add_argument("--rekeyed", action="store_true", help="the district has one rekey")
    args = parser.parse_args()

    from desk_server.api import routes, schemas
    from desk_server.api.routes import sync as sync_route
    from desk_server.db import begin_write, ensure_schema, make_engine, session_factory
    from desk_server.models import Desk, utcnow
    from desk_server.services import admin, sync
    from desk_server.services.clock import check_clock

    assert routes is not None
    tmp = tempfile.TemporaryDirectory()
    if args.sqlite:
        url = f"sqlite:///{tmp.name}/server.db"
    else:
        if not args.postgres:
            parser.error("--postgres URL (or DESK_TEST_POSTGRES_URL), or --sqlite")
        sys.path.insert(1, str(Path(__file__).resolve().parents[1]))
        from tests.server_process import drop_postgres_database, fresh_postgres_database

        url = fresh_postgres_database(args.postgres)
    engine = make_engine(url)
    try:
        ensure_schema(engine)
        sessions = session_factory(engine)
        with sessions() as s:
            begin_write(s)
            district = admin.create_district(session=s, name=f"区{uuid.uuid4().hex[:6]}")
            station = admin.create_station(
                session=s, district_id=district.id, name="站", short_name="站", kind="supervision_post"
            )
            code = admin.issue_code(session=s, station_id=station.id).code
            desk, _token = admin.enroll(session=s, code=code, desk_name="bench")
            if args.rekeyed:
                from desk_server.models import Rekey

                s.add(
                    Rekey(
                        district_id=district.id,
                        from_id=_new_id(),
                        entity="category",
                        to_id=_new_id(),
                        change_id=_new_id(),
                    )
                )
            s.commit()
            desk_id, station_id, district_id = desk.id, station.id, district.id

        # The garbage collector tuned as `desk-server serve` tunes it (since branch s24-push: the
        # default thresholds made the parse's median two to three times its best).
        from desk_server import cli

        getattr(cli, "_tune_gc", lambda: None)()
        timers = Timers()
        parse = getattr(sync_route, "push_changes", None) or schemas.push_changes
        body_parts = getattr(schemas, "push_body", None)
        timers.wrap(sync, "_replayed", "replay check")
        timers.wrap(sync._Applier, "prefetch", "replay check")
        timers.wrap(sync._Applier, "load", "load")
        # The whole batch's apply since branch s24-push (its values checked at once); before, each
        # change's (summed: the wrapper's own ~0.3 us a change is counted in).
        timers.wrap(sync._Applier, "apply_all" if hasattr(sync._Applier, "apply_all") else "apply", "apply")
        timers.wrap(sync._Applier, "write", "write")

        def push(changes: list[dict[str, Any]]) -> dict[str, Any]:
            body = orjson.dumps({"changes": changes})
            timers.now = {}
            t0 = time.perf_counter()
            batch_checks = None
            if hasattr(schemas, "PushBody"):  # since branch s27-push: shape and values in sync.push
                body_ = schemas.PushBody(body)
                parsed, check = body_.changes, body_.values

                def clock() -> None:
                    check_clock(parsed, now=utcnow(), date_header=None)

                batch_checks = sync.BatchChecks(shape=body_.shape, values=body_.values, clock=clock)
            elif body_parts is not None:  # since branch s26-push: the values checked in sync.push
                parsed, check = body_parts(body)
            else:
                parsed, check = parse(body), None
            t1 = time.perf_counter()
            with sessions() as s:
                if check is None:
                    check_clock(parsed, now=utcnow(), date_header=None)
                begin_write(s)
                d = s.get(Desk, desk_id)
                t2 = time.perf_counter()
                if batch_checks is not None:
                    answer = sync.push(session=s, desk=d, changes=parsed, checks=batch_checks)
                elif check is None:
                    answer = sync.push(session=s, desk=d, changes=parsed)
                else:

                    def checks() -> None:
                        check()
                        check_clock(parsed, now=utcnow(), date_header=None)

                    answer = sync.push(session=s, desk=d, changes=parsed, check=checks)
                t3 = time.perf_counter()
                s.commit()
                t4 = time.perf_counter()
            orjson.dumps(answer)
            t5 = time.perf_counter()
            timers.now["body parsed and checked"] = t1 - t0
            timers.now["sync.push total"] = t3 - t2
            timers.now["commit"] = t4 - t3
            timers.now["total"] = t5 - t0
            return answer

        operator = _new_id()
        push([_operator(operator)])
        cases: list[dict[str, Any]] = []
        if args.kind == "edit":
            for k in range(args.batches):
                batch = [_reception(station_id, operator, k * 1000 + j) for j in range(1000)]
                assert len(push(batch)["accepted"]) == 1000
                cases.extend(batch)
        results: list[dict[str, float]] = []
        profile = cProfile.Profile() if args.profile else None
        for k in range(args.batches):
            if args.kind == "insert":
                batch = [_reception(station_id, operator, k * 1000 + j) for j in range(1000)]
            else:
                batch = [_edit(cases[k * 1000 + j], operator, k * 1000 + j) for j in range(1000)]
            if profile is not None and k >= 2:
                profile.enable()
            answer = push(batch)
            if profile is not None:
                profile.disable()
            assert len(answer["accepted"]) == 1000, {k: len(v) for k, v in answer.items()}
            results.append(dict(timers.now))
        kept = results[2:] or results
        if profile is not None:
            profile.dump_stats(args.profile)
        order = [
            "body parsed and checked",
            "replay check",
            "load",
            "apply",
            "write",
            "sync.push total",
            "commit",
            "total",
        ]
        total = statistics.median(r["total"] for r in kept)
        print(
            f"{time.strftime('%Y-%m-%d %H:%M:%S UTC', time.gmtime())} code {ROOT} "
            f"({'SQLite' if args.sqlite else 'PostgreSQL'}, {args.kind}, {len(kept)} batches of 1,000)"
        )
        for phase in order:
            values = [r[phase] for r in kept if phase in r]
            if not values:
                print(f"  {phase:28s}     -")
                continue
            med = statistics.median(values) * 1000
            print(
                f"  {phase:28s} {med:7.1f} ms  {med / (total * 1000) * 100:5.1f}%   best {min(values) * 1000:7.1f} ms"
            )
        if not args.sqlite and args.kind == "insert":
            bare = _bare(engine, station_id, district_id, args.batches)
            print(f"  bare COPY of 1,000 receptions' rows {bare * 1000:7.1f} ms (median)")
            print(f"  ratio total / bare                  {total / bare:7.2f}x")
        print(f"  load average {_load()}")
    finally:
        engine.dispose()
        if not args.sqlite:
            drop_postgres_database(url)
        tmp.cleanup()


def _bare(engine: Any, station: str, district: str, batches: int) -> float:
    from desk_server import jsonio

    times = []
    for _ in range(batches):
        desk_id, operator = _new_id(), _new_id()
        changes, records = [], []
        for i in range(1000):
            c = _reception(station, operator, i)
            data = {k: v[1] for k, v in c["fields"].items()}
            fields = jsonio.dumps(data)
            meta = jsonio.dumps({"*": [c["at"], desk_id, c["id"]]})
            changes.append(
                (
                    c["id"],
                    desk_id,
                    "reception",
                    c["entity_id"],
                    "insert",
                    fields,
                    operator,
                    c["at"],
                    district,
                    station,
                )
            )
            records.append(("reception", c["entity_id"], district, station, fields, meta, False, None, None))
        raw = engine.raw_connection()
        try:
            t = time.perf_counter()
            with raw.cursor() as cur:
                with cur.copy(
                    "COPY change (id, desk_id, entity, entity_id, op, fields, operator_id, at, "
                    "district_id, station_id) FROM STDIN"
                ) as copy:
                    for row in changes:
                        copy.write_row(row)
                with cur.copy(
                    "COPY record (entity, entity_id, district_id, station_id, data, meta, deleted, "
                    "parent_id, owner_station_id) FROM STDIN"
                ) as copy:
                    for row in records:
                        copy.write_row(row)
            raw.commit()
            times.append(time.perf_counter() - t)
        finally:
            raw.close()
    return statistics.median(times[2:] or times)


if __name__ == "__main__":
    main()
