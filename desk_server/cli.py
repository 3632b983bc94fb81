"""`desk-server`: run the server and administer it from the command line.

Commands that create something print its id or code alone on their last line, so scripts can
take it with `| tail -n1`. Every command takes `--data-dir` (the embedded SQLite file's folder);
with DESK_SERVER_DATABASE_URL set, that database is used instead.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from desk_app.domain.numbering import DEFAULT_SERIAL_PATTERN, BadSerialPattern
from desk_app.domain.vocab import StationKind
from desk_server import __version__
from desk_server.config import URL_ENV, Settings

# `serve --workers N` hands its workers the access-log choice through the environment.
WORKER_ACCESS_LOG_ENV = "DESK_SERVER_WORKER_ACCESS_LOG"


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="folder of the embedded SQLite database (default: $DESK_SERVER_DATA_DIR "
        "or ./desk-server-data); ignored when DESK_SERVER_DATABASE_URL is set",
    )
    p = argparse.ArgumentParser(prog="desk-server", description="Station Desk central sync server.")
    p.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", parents=[common], help="run the server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8765)
    serve.add_argument("--cert", type=Path, help="TLS certificate (PEM), e.g. from make-cert: serve HTTPS")
    serve.add_argument("--key", type=Path, help="the certificate's private key (PEM)")
    serve.add_argument(
        "--allow-plain-http",
        action="store_true",
        help="serve plain HTTP on an address other than loopback (tokens and citizens' "
        "data then travel in clear: only behind a TLS proxy on a trusted network)",
    )
    serve.add_argument(
        "--forwarded-allow-ips",
        default="127.0.0.1",
        help="reverse proxies whose X-Forwarded-For is trusted for the client address (default 127.0.0.1)",
    )
    serve.add_argument("--no-access-log", action="store_true", help="do not log one line per request")
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="worker processes (PostgreSQL only; default 1). Each takes requests on the "
        "same port; pushes still apply one at a time (the seq lock)",
    )

    mc = sub.add_parser(
        "make-cert",
        help="make a self-signed TLS certificate; prints its SHA-256 fingerprint (desks pin it at enrolment)",
    )
    mc.add_argument("--host", required=True, help="the name desks use for the server")
    mc.add_argument("--ip", action="append", default=[], help="an IP address desks use (repeatable)")
    mc.add_argument("--out", type=Path, required=True, help="folder for server.crt and server.key")

    district = sub.add_parser("district", help="districts").add_subparsers(dest="action", required=True)
    dc = district.add_parser("create", parents=[common], help="create a district; prints its id")
    dc.add_argument("name")
    district.add_parser("list", parents=[common], help="list districts")

    station = sub.add_parser("station", help="stations").add_subparsers(dest="action", required=True)
    sc = station.add_parser("create", parents=[common], help="create a station; prints its id")
    sc.add_argument("--district", required=True, help="district id")
    sc.add_argument("--name", required=True)
    sc.add_argument("--short-name", required=True, help="prefix of slip numbers, e.g. 浉河监督岗")
    sc.add_argument("--kind", required=True, choices=[k.value for k in StationKind])
    sc.add_argument("--serial-pattern", default=DEFAULT_SERIAL_PATTERN)
    station.add_parser("list", parents=[common], help="list stations")

    code = sub.add_parser(
        "enroll-code", parents=[common], help="issue a one-time enrollment code (7 days); prints the code"
    )
    who = code.add_mutually_exclusive_group(required=True)
    who.add_argument("--station", help="for a desk of this station")
    who.add_argument("--district", help="for a desk of this district's centre (sees every station)")

    bk = sub.add_parser(
        "backup",
        parents=[common],
        help="a consistent copy of the database, safe while "
        "serving (SQLite: online backup; PostgreSQL: pg_dump)",
    )
    bk.add_argument("--out", type=Path, required=True, help="the backup file to write")
    rs = sub.add_parser(
        "restore",
        parents=[common],
        help="replace the database by a backup (stop the server first); desks follow",
    )
    rs.add_argument("file", type=Path, help="a file made by `desk-server backup`")
    rs.add_argument(
        "--serial-gap",
        type=int,
        default=None,
        help="slip numbers skipped after every station's last known one, for blocks granted "
        "after the backup (default 200)",
    )
    pr = sub.add_parser(
        "prune", parents=[common], help="remove old receipts of refused changes and old stored conflicts"
    )
    pr.add_argument(
        "--older-than",
        type=int,
        required=True,
        metavar="DAYS",
        help="age in days; longer than the oldest desk backup you would restore (e.g. 365)",
    )

    serials = sub.add_parser("serials", help="slip serial numbers").add_subparsers(
        dest="action", required=True
    )
    reg = serials.add_parser(
        "register",
        parents=[common],
        help="every number of a station and year: used (with its slip), unused (空号), "
        "granted (still held by a desk) or skipped, with the desk that held it",
    )
    reg.add_argument("--station", required=True, help="station id")
    reg.add_argument("--year", type=int, required=True)

    records = sub.add_parser(
        "records",
        help="repair rows a desk poisoned (a value no desk can hold, a row deleted while others name it)",
    ).add_subparsers(dest="action", required=True)
    ck = records.add_parser("check", parents=[common], help="list every bad value and broken reference")
    ck.add_argument("--district", default=None, help="only this district")
    sh = records.add_parser("show", parents=[common], help="print one row as JSON")
    rr = records.add_parser("restore", parents=[common], help="bring back a deleted row; desks get it again")
    st = records.add_parser(
        "set", parents=[common], help="set fields of a row (values as JSON, checked); desks pull the repair"
    )
    for p_ in (sh, rr, st):
        p_.add_argument("entity")
        p_.add_argument("entity_id")
    st.add_argument("values", nargs="+", metavar="FIELD=JSON", help='e.g. round_no=2 level="county"')

    desks = sub.add_parser("desks", help="enrolled desks").add_subparsers(dest="action", required=True)
    desks.add_parser("list", parents=[common], help="list desks")
    rv = desks.add_parser("revoke", parents=[common], help="revoke a desk's token")
    rv.add_argument("desk_id")

    keys = sub.add_parser("open311-key", help="Open311 API keys of partner systems (docs/open311.md)")
    key_actions = keys.add_subparsers(dest="action", required=True)
    ki = key_actions.add_parser(
        "issue", parents=[common], help="issue a key; prints it once, on the last line"
    )
    ki.add_argument("--partner", required=True, help="the partner system's name, e.g. 五星区12345")
    key_actions.add_parser("list", parents=[common], help="list keys (never the keys themselves)")
    kr = key_actions.add_parser("revoke", parents=[common], help="revoke a key at once")
    kr.add_argument("key_id")

    partners = sub.add_parser("open311-partner", help="12345 platforms cases are forwarded to (转12345)")
    partner_actions = partners.add_subparsers(dest="action", required=True)
    ps = partner_actions.add_parser("set", parents=[common], help="add or change a partner")
    ps.add_argument("name", help="the name desks forward to, e.g. 12345")
    ps.add_argument("--url", required=True, help="the partner's Open311 endpoint, e.g. https://…/open311/v2")
    ps.add_argument("--api-key", required=True, help="the key the partner issued to this server")
    ps.add_argument("--jurisdiction", default="", help="the partner's jurisdiction_id to post to")
    ps.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="CATEGORY=CODE",
        help="a category's service_code (repeatable)",
    )
    ps.add_argument("--default-code", default="", help="the service_code of categories not mapped")
    ps.add_argument(
        "--send-phone", action="store_true", help="send the citizen's phone and name (off by default)"
    )
    partner_actions.add_parser("list", parents=[common], help="list partners (never their keys)")
    partner_actions.add_parser("forwards", parents=[common], help="the forwarder's work list")
    return p


def _open311_partners(session, args: argparse.Namespace) -> int:
    from sqlalchemy import select

    from desk_server.models import Open311Forward, Open311Partner
    from desk_server.services import forwarder

    if args.action == "set":
        codes = dict(m.split("=", 1) for m in args.map if "=" in m)
        if len(codes) != len(args.map):
            print("desk-server: each --map is CATEGORY=CODE", file=sys.stderr)
            return 2
        try:
            forwarder.set_partner(
                session,
                name=args.name,
                base_url=args.url,
                api_key=args.api_key,
                jurisdiction_id=args.jurisdiction,
                service_codes=codes,
                default_service_code=args.default_code,
                send_phone=args.send_phone,
            )
        except ValueError as exc:
            print(f"desk-server: {exc}", file=sys.stderr)
            return 2
        session.commit()
        print(f"partner {args.name} set")
    elif args.action == "list":
        print("name\tstate\turl\tjurisdiction\tsend_phone\tmapped")
        for p in session.scalars(select(Open311Partner).order_by(Open311Partner.name)):
            state = "active" if p.active else "off"
            print(
                f"{p.name}\t{state}\t{p.base_url}\t{p.jurisdiction_id}\t{p.send_phone}\t{len(p.service_codes or {})}"
            )
    else:
        print("forward_id\tpartner\tstate\twork_order\tattempts\tnext_at\tlast_error")
        for f in session.scalars(select(Open311Forward).order_by(Open311Forward.updated_at)):
            print(
                f"{f.forward_id}\t{f.partner}\t{f.state}\t{f.work_order}\t{f.attempts}\t"
                f"{f.next_at.isoformat(timespec='seconds')}\t{f.last_error}"
            )
    return 0


def _open311_keys(session, args: argparse.Namespace) -> int:
    from desk_server.services import open311

    if args.action == "issue":
        try:
            row, key = open311.issue_key(session, args.partner)
        except ValueError as exc:
            print(f"desk-server: {exc}", file=sys.stderr)
            return 2
        session.commit()
        print(f"Open311 key {row.id} issued to {row.partner}; the key is shown this once:")
        print(key)
    elif args.action == "list":
        print("key_id\tstatus\tissued_at\tpartner")
        for k in open311.list_keys(session):
            state = "revoked" if k.revoked_at else "active"
            print(f"{k.id}\t{state}\t{k.created_at.isoformat(timespec='seconds')}\t{k.partner}")
    else:
        try:
            row = open311.revoke_key(session, args.key_id)
        except LookupError as exc:
            print(f"desk-server: {exc}", file=sys.stderr)
            return 1
        session.commit()
        print(f"Open311 key {row.id} of {row.partner} revoked")
    return 0


def _records(session, args: argparse.Namespace) -> int:
    from desk_server import jsonio
    from desk_server.services import repair

    try:
        if args.action == "check":
            found = repair.check(session, district_id=args.district)
            print("entity\tentity_id\tfield\tproblem")
            for f in found:
                print(f.line())
            print(f"{len(found)} problem(s)", file=sys.stderr)
            return 1 if found else 0
        if args.action == "show":
            print(jsonio.dumps(repair.show(session, args.entity, args.entity_id)))
            return 0
        if args.action == "restore":
            repair.restore(session, args.entity, args.entity_id)
        else:
            values = dict(v.split("=", 1) for v in args.values if "=" in v)
            if len(values) != len(args.values):
                print("each value is FIELD=JSON", file=sys.stderr)
                return 2
            repair.set_fields(session, args.entity, args.entity_id, values)
        session.commit()
        print(f"{args.entity} {args.entity_id} repaired; desks get it with their next sync")
        return 0
    except repair.RepairError as exc:
        print(f"not repaired: {exc}", file=sys.stderr)
        return 1


def _sessions(settings: Settings):
    from desk_server.db import ensure_schema, make_engine, session_factory

    engine = make_engine(settings.database_url)
    ensure_schema(engine)
    return session_factory(engine)


def _admin(args: argparse.Namespace, settings: Settings) -> int:
    from sqlalchemy import select

    from desk_server.db import begin_write
    from desk_server.models import District, Station
    from desk_server.services import admin

    with _sessions(settings)() as session:
        begin_write(session)
        if args.command == "district" and args.action == "create":
            district = admin.create_district(session=session, name=args.name)
            session.commit()
            print(f"district {district.name} created")
            print(district.id)
        elif args.command == "district":
            for d in session.scalars(select(District).order_by(District.name)):
                print(f"{d.id}\t{d.name}")
        elif args.command == "station" and args.action == "create":
            station = admin.create_station(
                session=session,
                district_id=args.district,
                name=args.name,
                short_name=args.short_name,
                kind=args.kind,
                serial_pattern=args.serial_pattern,
            )
            session.commit()
            print(f"station {station.name} created")
            print(station.id)
        elif args.command == "station":
            for s in session.scalars(select(Station).order_by(Station.district_id, Station.name)):
                print(f"{s.id}\t{s.district_id}\t{s.short_name}\t{s.kind}\t{s.name}")
        elif args.command == "serials":
            _print_register(session, args)
        elif args.command == "records":
            return _records(session, args)
        elif args.command == "open311-key":
            return _open311_keys(session, args)
        elif args.command == "open311-partner":
            return _open311_partners(session, args)
        elif args.command == "enroll-code":
            issued = admin.issue_code(session=session, station_id=args.station, district_id=args.district)
            session.commit()
            print(f"one-time enrollment code, valid until {issued.expires_at} UTC:")
            print(issued.code)
        elif args.action == "list":
            print("desk_id\tdistrict_id\tstation_id\tstatus\tenrolled_at\tname")
            for d in admin.list_desks(session=session):
                state = "revoked" if d.revoked_at else "active"
                print(
                    f"{d.id}\t{d.district_id}\t{d.station_id or '(centre)'}\t{state}\t"
                    f"{d.enrolled_at.isoformat(timespec='seconds')}\t{d.name}"
                )
        else:
            desk = admin.revoke_desk(session=session, desk_id=args.desk_id)
            session.commit()
            print(f"desk {desk.id} revoked")
    return 0


def _print_register(session, args: argparse.Namespace) -> None:
    from collections import Counter

    from desk_server.models import Station
    from desk_server.services import serials
    from desk_server.services.admin import AdminError

    station = session.get(Station, args.station)
    if station is None:
        raise AdminError(f"no station {args.station}")
    lines = serials.register(session=session, station_id=station.id, year=args.year)
    counts = Counter(line.status for line in lines)
    print(
        f"# {station.short_name} {args.year}: {counts[serials.USED]} used, {counts[serials.UNUSED]} unused "
        f"(空号), {counts[serials.GRANTED]} granted, {counts[serials.SKIPPED]} skipped"
    )
    print("number\tstatus\treferral_id\tdesk_id\tdesk_name")
    for line in lines:
        print(
            f"{line.number}\t{line.status}\t{line.referral_id or '-'}\t{line.desk_id or '-'}\t{line.desk_name}"
        )


def _tune_gc() -> None:
    """Keep the cyclic garbage collector off the hot path of a push.

    A 1,000-change push allocates ~30,000 dicts and lists that live until the answer: with the
    default thresholds they set off collections that walk the whole heap (SQLAlchemy, pydantic,
    FastAPI). Everything loaded at start-up is frozen (never scanned again) and the young
    generation is collected every 10,000 allocations instead of 700: measured, the parse of a
    1,000-change body went from ~30 ms to ~8 ms. Nothing the server makes relies on cycles being
    freed quickly.
    """
    import gc

    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 10, 10)


def _is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _log_access(enabled: bool) -> None:
    """The access log (desk_server.access) to stderr, one line per request, times in UTC."""
    import logging
    import time

    from desk_server.api.middleware import ACCESS_LOG

    logger = logging.getLogger(ACCESS_LOG)
    logger.propagate = False
    if not enabled:
        logger.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler(sys.stderr)
    formatter = logging.Formatter("%(asctime)s %(message)s", "%Y-%m-%dT%H:%M:%SZ")
    formatter.converter = time.gmtime
    handler.setFormatter(formatter)
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    if (args.cert is None) != (args.key is None):
        print("desk-server: --cert and --key go together", file=sys.stderr)
        return 2
    tls = args.cert is not None
    if not tls and not _is_loopback(args.host) and not args.allow_plain_http:
        print(
            f"desk-server: refusing plain HTTP on {args.host}: desks' tokens and citizens' data would "
            "travel in clear. Serve HTTPS (--cert/--key, see make-cert), or put a TLS reverse proxy "
            "in front and listen on 127.0.0.1; --allow-plain-http overrides.",
            file=sys.stderr,
        )
        return 2
    if args.workers < 1:
        print("desk-server: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.workers > 1 and settings.is_sqlite:
        print(
            "desk-server: --workers needs PostgreSQL (DESK_SERVER_DATABASE_URL): the embedded SQLite "
            "file has one writer at a time, so more processes only queue on its lock",
            file=sys.stderr,
        )
        return 2
    import uvicorn

    from desk_server.app import create_app

    if args.workers > 1:
        # Migrate once, here, before any worker starts (each worker then only checks nothing is
        # left to do); the workers build the app themselves (uvicorn starts them fresh, `spawn`).
        from desk_server.db import ensure_schema, make_engine

        engine = make_engine(settings.database_url)
        ensure_schema(engine)
        engine.dispose()
        os.environ[URL_ENV] = settings.database_url
        os.environ[WORKER_ACCESS_LOG_ENV] = "0" if args.no_access_log else "1"
        app: Any = f"{__name__}:worker_app"
    else:
        app = create_app(settings)
        _log_access(not args.no_access_log)
        _tune_gc()
    where = "PostgreSQL" if settings.database_url.startswith("postgresql") else settings.database_url
    scheme = "https" if tls else "http"
    if tls:
        from desk_server.tls import fingerprint_of_pem

        print(f"certificate fingerprint {fingerprint_of_pem(args.cert.read_bytes())}", flush=True)
    workers = f", {args.workers} workers" if args.workers > 1 else ""
    print(f"desk-server {__version__} on {scheme}://{args.host}:{args.port} ({where}{workers})", flush=True)
    uvicorn.run(
        app,
        host=args.host,
        port=args.port,
        log_level="warning",
        access_log=False,
        forwarded_allow_ips=args.forwarded_allow_ips,
        workers=args.workers if args.workers > 1 else None,
        factory=args.workers > 1,
        ssl_certfile=str(args.cert) if tls else None,
        ssl_keyfile=str(args.key) if tls else None,
    )
    return 0


def worker_app() -> Any:
    """The app of one worker process of `serve --workers N` (uvicorn calls it in each worker).

    The parent has migrated the database and put its URL and the access-log choice in the
    environment; a worker only checks the schema is at head (it is: nothing runs).
    """
    from desk_server.app import create_app

    settings = Settings.from_env()
    app = create_app(settings)
    _log_access(os.environ.get(WORKER_ACCESS_LOG_ENV, "1") == "1")
    _tune_gc()
    return app


def _make_cert(args: argparse.Namespace) -> int:
    from desk_server.tls import make_self_signed

    try:
        made = make_self_signed(args.host, args.ip, args.out)
    except ValueError as exc:
        print(f"desk-server: {exc}", file=sys.stderr)
        return 1
    print(f"certificate {made.cert}")
    print(f"private key {made.key} (keep it on this server only)")
    print(f"serve with: desk-server serve --host 0.0.0.0 --cert {made.cert} --key {made.key}")
    print(
        "desks enrol with: desk-app enroll --server https://HOST:PORT --code CODE --fingerprint "
        f"{made.fingerprint}"
    )
    print(made.fingerprint)
    return 0


def _maintain(args: argparse.Namespace, settings: Settings) -> int:
    from datetime import timedelta

    from desk_server.services import maintenance

    if args.command == "backup":
        maintenance.backup(settings.database_url, args.out)
        print(f"backup written: {args.out}")
        return 0
    if args.command == "restore":
        gap = maintenance.DEFAULT_SERIAL_GAP if args.serial_gap is None else args.serial_gap
        done = maintenance.restore(settings.database_url, args.file, serial_gap=gap)
        if done.replaced_copy:
            print(f"the database it replaced is kept in {done.replaced_copy}")
        print(
            f"restored {args.file}: new epoch {done.epoch}; desks send again what the backup lacks "
            f"and pull again from change {done.restored_seq}; slip numbers skip {gap} per station "
            "and year"
        )
        print(
            "desks enrolled, or whose token was rotated, after this backup was taken must be enrolled "
            "again (see docs/sync.md)"
        )
        return 0
    if args.older_than < 1:
        print("desk-server: --older-than must be at least 1 day", file=sys.stderr)
        return 2
    with _sessions(settings)() as session:
        from desk_server.db import begin_write

        begin_write(session)
        pruned = maintenance.prune(session=session, older_than=timedelta(days=args.older_than))
        session.commit()
    print(
        f"removed {pruned.receipts} receipt(s) of refused changes and {pruned.conflicts} stored "
        f"conflict(s) older than {args.older_than} days"
    )
    return 0


def main(argv: list[str]) -> int:
    from desk_server.services.admin import AdminError
    from desk_server.services.maintenance import MaintenanceError

    args = _parser().parse_args(argv)
    if args.command == "make-cert":
        return _make_cert(args)
    from pydantic import ValidationError

    try:
        settings = Settings.from_env(args.data_dir)
    except ValidationError as exc:
        problems = "; ".join(
            f"DESK_SERVER_{'_'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in exc.errors()
        )
        print(f"desk-server: bad setting in the environment: {problems}", file=sys.stderr)
        return 2
    try:
        if args.command == "serve":
            return _serve(args, settings)
        if args.command in ("backup", "restore", "prune"):
            return _maintain(args, settings)
        return _admin(args, settings)
    except (AdminError, BadSerialPattern, MaintenanceError) as exc:
        print(f"desk-server: {exc}", file=sys.stderr)
        return 1
