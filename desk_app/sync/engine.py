"""The desk side of docs/sync.md: enrol, push the change log, pull what others did, keep serials.

Every step that changes the desk is one SQLite transaction, so a desk killed at any point
resumes cleanly:

- push: the answer to a batch is recorded (changes marked pushed, refusals and conflicts kept,
  rekeys applied) in one transaction after the answer arrived. Killed before that, the desk sends
  the same batch again and the server answers `duplicates` (the change id is unique there).
- pull: one page is applied and the cursor stored in one transaction. Pulled changes are applied
  with the change log hook off (`changelog.NOT_LOGGED`): they are not this desk's to push.
- ids rewritten (the station at enrolment, directory rows on a rekey) change rows, foreign keys
  and the change log entries that are still to be pushed, in one transaction with foreign keys
  checked at commit.

Network trouble becomes a SyncError (desk_app.sync.client); nothing here touches Qt.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Boolean, Date, DateTime, Integer, UniqueConstraint, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.entities import Problem, field_problems
from desk_app.domain.numbering import format_serial
from desk_app.storage.casefacts import refresh_all_waiting
from desk_app.storage.changelog import NOT_LOGGED, REDACTED
from desk_app.storage.models import (
    TRACKED_MODELS,
    Base,
    ChangeLog,
    Reception,
    Referral,
    SerialBlock,
    Setting,
    Station,
    SyncConflict,
    Tracked,
    utcnow,
)
from desk_app.storage.records import MovedDeadline
from desk_app.storage.stations import HOME_STATION_SETTING
from desk_app.storage.store import DeskStore
from desk_app.sync import credentials
from desk_app.sync.client import Enrolment, SyncClient, SyncError, SyncProblem
from desk_app.sync.status import SyncStatus

log = logging.getLogger(__name__)

# Settings (desk-local `setting` rows).
K_SERVER = "sync.server_url"
K_DESK = "sync.desk_id"  # also read by storage.cases: an enrolled desk numbers from blocks
K_TOKEN = "sync.token"
K_STATION = HOME_STATION_SETTING
K_DISTRICT = "sync.district"
K_CURSOR = "sync.cursor"
K_LAST_OK = "sync.last_ok"
K_LAST_ERROR = "sync.last_error"
K_STOPPED = "sync.stopped"
K_STANDALONE = "sync.standalone"
# Transport and token (docs/sync.md, TLS and Tokens). `sync.token` holds the token, or a
# reference to it in the system's credential store (desk_app.sync.credentials).
K_FINGERPRINT = "sync.fingerprint"  # SHA256:… of the server's certificate, pinned at enrolment
K_ALLOW_INSECURE = "sync.allow_insecure"  # plain http:// to another computer allowed
K_TOKEN_AT = "sync.token_at"  # when the token was issued (UTC ISO): rotated after TOKEN_LIFETIME
K_EPOCH = "sync.server_epoch"  # the server's epoch last seen: a new one means it was restored

TOKEN_LIFETIME = timedelta(days=30)

PUSH_BATCH = 1000
PULL_PAGE = 500
BLOCK_SIZE = 50
BLOCKS_AHEAD = 2

MODELS: dict[str, type[Tracked]] = {m.__tablename__: m for m in TRACKED_MODELS}  # type: ignore[attr-defined]


@dataclass
class SyncReport:
    sent: int = 0  # changes the server applied now
    duplicates: int = 0  # changes it had applied before (a replay)
    rejected: int = 0
    received: int = 0  # changes pulled and applied here
    conflicts: int = 0
    rekeys: int = 0
    serials_granted: int = 0
    errors: list[str] = field(default_factory=list)  # SyncProblem codes
    renumbered: int = 0  # slips whose number was taken by another desk's slip: renumbered
    # Slips whose estimated deadline moved because a pulled holiday notice made its year known.
    moved_deadlines: list[MovedDeadline] = field(default_factory=list)
    error_detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error(self) -> str | None:
        return self.errors[0] if self.errors else None


class SyncEngine:
    """One desk's sync. Methods may run on any thread; each is a few short transactions."""

    def __init__(self, store: DeskStore, *, desk_name: str | None = None,
                 client_factory: Callable[..., SyncClient] = SyncClient,
                 push_batch: int = PUSH_BATCH, pull_page: int = PULL_PAGE,
                 block_size: int = BLOCK_SIZE) -> None:
        self.store = store
        self.db = store.db
        self.desk_name = desk_name or socket.gethostname()
        self._client_factory = client_factory
        self._client: SyncClient | None = None
        self.push_batch = push_batch
        self.pull_page = pull_page
        self.block_size = block_size
        self.online: bool | None = None

    # -- settings --------------------------------------------------------------------------

    def _settings(self, *keys: str) -> dict[str, Any]:
        with self.db.reading() as s:
            rows = s.scalars(select(Setting).where(Setting.key.in_(keys)))
            return {r.key: r.value for r in rows}

    @staticmethod
    def _put(s: Session, key: str, value: Any) -> None:
        row = s.get(Setting, key)
        if row is None:
            s.add(Setting(key=key, value=value))
        else:
            row.value = value

    def is_enrolled(self) -> bool:
        return bool(self._settings(K_TOKEN).get(K_TOKEN))

    def client(self) -> SyncClient:
        conf = self._settings(K_SERVER, K_TOKEN, K_FINGERPRINT, K_ALLOW_INSECURE)
        if not conf.get(K_TOKEN):
            raise SyncError(SyncProblem.NOT_ENROLLED)
        token = credentials.resolve(conf[K_TOKEN])
        if not token:
            raise SyncError(SyncProblem.TOKEN_LOST, "the credential store has no token for this desk")
        if self._client is None or self._client.token != token or \
                self._client.base != conf.get(K_SERVER) or self._client.fingerprint != conf.get(K_FINGERPRINT):
            self.close()
            self._client = self._client_factory(conf.get(K_SERVER) or "", token,
                                                fingerprint=conf.get(K_FINGERPRINT),
                                                allow_insecure=bool(conf.get(K_ALLOW_INSECURE)))
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def choose_standalone(self) -> None:
        """The desk works on its own for now (it may enrol later; its records then go up)."""
        with self._writing() as s:
            self._put(s, K_STANDALONE, True)

    def _writing(self):  # type: ignore[no-untyped-def]
        """A write transaction that the change log does not see (sync bookkeeping, pulled data)."""
        cm = self.db.writing(None)
        return _Unlogged(cm)

    # -- enrolment -------------------------------------------------------------------------

    def enroll(self, server_url: str, code: str, desk_name: str | None = None, *,
               fingerprint: str | None = None, allow_insecure: bool = False) -> Enrolment:
        """Enrol with a one-time code; adopt the server's station (rewriting the local id).

        `fingerprint` pins the server's certificate (SHA256:…) for every later connection; without
        it an https:// server must have a certificate the system's authorities vouch for.
        `allow_insecure` permits plain http:// to another computer (refused otherwise).
        """
        client = self._client_factory(server_url, None, fingerprint=fingerprint, allow_insecure=allow_insecure)
        try:
            enrolment = client.enroll(code, desk_name or self.desk_name)
            base, pinned = client.base, client.fingerprint
        finally:
            client.close()
        self.close()
        previous_token = self._settings(K_TOKEN).get(K_TOKEN)
        stored = credentials.store(enrolment.desk_id, enrolment.token)
        if previous_token != stored:
            credentials.forget(previous_token)  # the desk's earlier enrolment, if any
        with self._writing() as s:
            previous_station = (s.get(Setting, K_STATION) or Setting(value=None)).value
            self._put(s, K_SERVER, base)
            self._put(s, K_DESK, enrolment.desk_id)
            self._put(s, K_TOKEN, stored)
            self._put(s, K_TOKEN_AT, utcnow().isoformat())
            self._put(s, K_FINGERPRINT, pinned)
            self._put(s, K_ALLOW_INSECURE, bool(allow_insecure))
            self._put(s, K_EPOCH, None)  # another server's epoch means nothing here
            self._put(s, K_DISTRICT, enrolment.district)
            self._put(s, K_STOPPED, None)
            self._put(s, K_LAST_ERROR, None)
            self._put(s, K_STANDALONE, False)
            station = enrolment.station
            self._put(s, K_STATION, station["id"] if station else None)
            if previous_station != (station["id"] if station else None):
                # Another station (or the first enrolment): read everything from the start.
                self._put(s, K_CURSOR, 0)
                s.execute(text("DELETE FROM serial_block"))
            if station:
                self._adopt_station(s, station, enrolment.district)
        self.online = True
        return enrolment

    def _adopt_station(self, s: Session, info: dict[str, Any], district: dict[str, Any]) -> None:
        sid = str(info["id"])
        local = s.scalars(select(Station.id)).all()
        if sid not in local:
            if local:
                rewrite_id(s, "station", local[0], sid, all_changes=True)
                s.expire_all()
            else:
                s.add(Station(id=sid, name=info.get("name") or "", short_name=info.get("short_name") or "",
                              kind=info.get("kind") or "", district="", serial_pattern=""))
                s.flush()
        st = s.get(Station, sid)
        assert st is not None
        for key in ("name", "short_name", "kind", "serial_pattern"):
            if info.get(key):
                setattr(st, key, info[key])
        d = info.get("district")
        st.district = (d.get("name", "") if isinstance(d, dict) else d) or district.get("name", "") or st.district
        # The station row is the server's: what this desk logged about it before enrolment is
        # superseded by the server's fields, so it does not travel.
        s.execute(update(ChangeLog).where(ChangeLog.entity == "station", ChangeLog.pushed.is_(False))
                  .values(pushed=True))

    # -- one round ---------------------------------------------------------------------------

    def sync_once(self) -> SyncReport:
        report = SyncReport()
        conf = self._settings(K_TOKEN, K_STOPPED)
        if conf.get(K_STOPPED):
            report.errors.append(str(conf[K_STOPPED]))
            return report
        if not conf.get(K_TOKEN):
            report.errors.append(SyncProblem.NOT_ENROLLED.value)
            return report
        try:
            # Pull first: what others did is here before this desk's changes go up, so a clash
            # (the same category made on two desks, a slip for the same round) is settled here,
            # and a field this desk changed but has not pushed keeps its value until the server
            # decides (the push answer's conflicts carry the kept value back).
            self.follow_server_restore()
            self.pull_round(report)
            self.push_round(report)
            self.ensure_serial_blocks(report)
            self.rotate_token_if_due()
        except SyncError as exc:
            report.errors.append(exc.code.value)
            report.error_detail = exc.detail
            self._record_error(exc)
            return report
        self.online = True
        with self._writing() as s:
            self._put(s, K_LAST_OK, utcnow().isoformat())
            self._put(s, K_LAST_ERROR, None)
        return report

    def _record_error(self, exc: SyncError) -> None:
        self.online = exc.code not in (SyncProblem.UNREACHABLE, SyncProblem.NOT_ENROLLED)
        log.info("sync failed: %s", exc)
        with self._writing() as s:
            self._put(s, K_LAST_ERROR, exc.code.value)
            if exc.code in (SyncProblem.TOKEN_REVOKED, SyncProblem.UNAUTHORIZED, SyncProblem.TOKEN_LOST):
                self._put(s, K_STOPPED, exc.code.value)

    def follow_server_restore(self) -> bool:
        """After the server was restored from a backup (its epoch changed, docs/sync.md): send
        again what this desk had pushed, and pull again from the backup's last change. True when
        it did.

        Everything the server accepted after its backup is gone from it; the server answers what
        it still has as duplicates. Not sent again: station rows (the server's own) and inserts
        of rows this desk no longer has under that id (superseded by a server rekey or a merge on
        pull, never the server's to get again).
        """
        answer = self.client().status()
        epoch = answer.get("epoch")
        if not isinstance(epoch, str) or not epoch:
            return False  # a server without epochs
        with self._writing() as s:
            known = (s.get(Setting, K_EPOCH) or Setting(value=None)).value
            if known == epoch:
                return False
            self._put(s, K_EPOCH, epoch)
            if known is None:
                return False  # the first epoch this desk sees: nothing to follow
            restored = int(answer.get("restored_seq") or 0)
            cursor = s.get(Setting, K_CURSOR)
            if cursor is not None and int(cursor.value or 0) > restored:
                cursor.value = restored
            for entity, model in MODELS.items():
                if entity == "station":
                    continue
                table = model.__tablename__  # type: ignore[attr-defined]
                s.execute(text(
                    "UPDATE change_log SET pushed = 0 WHERE pushed = 1 AND entity = :entity "
                    f"AND NOT (op = 'insert' AND entity_id NOT IN (SELECT id FROM \"{table}\"))"),
                    {"entity": entity})
        log.info("the server was restored from a backup: sending this desk's changes again")
        return True

    def rotate_token_if_due(self, lifetime: timedelta = TOKEN_LIFETIME) -> bool:
        """Swap the token for a new one when it is older than `lifetime`; True when swapped.

        The server keeps the old token working until the new one is first used, so an answer
        lost on the way, or a desk killed before storing it, changes nothing: the old token goes
        on and the next round asks again.
        """
        conf = self._settings(K_DESK, K_TOKEN, K_TOKEN_AT)
        issued = conf.get(K_TOKEN_AT)
        if issued and utcnow() - datetime.fromisoformat(issued) < lifetime:
            return False
        new = self.client().rotate_token()
        stored = credentials.store(str(conf[K_DESK]), new)
        with self._writing() as s:
            self._put(s, K_TOKEN, stored)
            self._put(s, K_TOKEN_AT, utcnow().isoformat())
        return True

    def check_online(self) -> bool:
        """GET /status: the cheapest call; True when the server answers this desk."""
        try:
            self.client().status()
        except SyncError as exc:
            self._record_error(exc)
            return False
        self.online = True
        return True

    # -- push ----------------------------------------------------------------------------

    def pending_count(self) -> int:
        with self.db.reading() as s:
            return s.scalar(select(func.count()).select_from(ChangeLog).where(ChangeLog.pushed.is_(False))) or 0

    def _pending_batch(self) -> list[dict[str, Any]]:
        with self.db.reading() as s:
            rows = s.scalars(select(ChangeLog).where(ChangeLog.pushed.is_(False))
                             .order_by(ChangeLog.seq).limit(self.push_batch))
            return [
                {"id": r.id, "entity": r.entity, "entity_id": r.entity_id, "op": r.op, "fields": r.changes,
                 "operator_id": r.operator_id, "at": r.at.isoformat()}
                for r in rows
            ]

    def push_round(self, report: SyncReport | None = None) -> SyncReport:
        """Push every pending change, oldest first, a batch at a time."""
        report = report or SyncReport()
        client = self.client()
        while True:
            batch = self._pending_batch()
            if not batch:
                return report
            answer = client.push(batch)
            done = self._record_push_answer(batch, answer, report)
            if done == 0:
                raise SyncError(SyncProblem.BAD_ANSWER, "push answer names none of the changes sent")

    def _record_push_answer(self, batch: list[dict[str, Any]], answer: dict[str, Any],
                            report: SyncReport) -> int:
        sent = {c["id"]: c for c in batch}
        accepted = [i for i in answer.get("accepted") or [] if i in sent]
        duplicates = [i for i in answer.get("duplicates") or [] if i in sent]
        rejected = [r for r in answer.get("rejected") or [] if isinstance(r, dict) and r.get("id") in sent]
        conflicts = [c for c in answer.get("conflicts") or [] if isinstance(c, dict)]
        rekeys = [r for r in answer.get("rekeys") or [] if isinstance(r, dict)]
        # Held: kept by the server until a row they name arrives, then applied there.
        held = [i for i in answer.get("held") or [] if i in sent]
        renumbers = [r for r in answer.get("renumbers") or [] if isinstance(r, dict)]
        done = accepted + duplicates + held + [r["id"] for r in rejected]
        with self._writing() as s:
            for chunk in _chunks(done, 500):
                s.execute(update(ChangeLog).where(ChangeLog.id.in_(chunk)).values(pushed=True))
            # A replayed batch is answered with its refusals and conflicts again: record them once.
            told = {(cid, name) for cid, name in s.execute(select(SyncConflict.change_id, SyncConflict.field).where(
                SyncConflict.kind.in_(("rejected", "conflict")), SyncConflict.change_id.in_(list(sent))))}
            rejected_new = [r for r in rejected if (r["id"], "") not in told]
            conflicts_new = [c for c in conflicts if (c.get("change_id"), str(c.get("field", ""))) not in told]
            for r in rejected_new:
                change = sent[r["id"]]
                s.add(SyncConflict(kind="rejected", change_id=change["id"], entity=change["entity"],
                                   entity_id=change["entity_id"], field="", yours=change["fields"], kept=None,
                                   rule="", code=str(r.get("code", "")), message=str(r.get("message", ""))))
            for c in conflicts_new:
                s.add(SyncConflict(kind="conflict", change_id=c.get("change_id"), entity=str(c.get("entity", "")),
                                   entity_id=str(c.get("entity_id", "")), field=str(c.get("field", "")),
                                   yours=c.get("yours"), kept=c.get("kept"), rule=str(c.get("rule", "")),
                                   code="conflict", message=""))
            s.flush()
            for rk in rekeys:
                if rk.get("entity") in MODELS and rk.get("from") and rk.get("to") and rk["from"] != rk["to"]:
                    rewrite_id(s, rk["entity"], rk["from"], rk["to"])
            for rn in renumbers:
                if _apply_renumber(s, rn):
                    report.renumbered += 1
            _settle_fields(s, [sent[i] for i in accepted + duplicates],
                           [(sent[r["id"]], r.get("current")) for r in rejected], conflicts)
        report.sent += len(accepted)
        report.duplicates += len(duplicates)
        report.rejected += len(rejected)
        report.conflicts += len(conflicts_new)
        report.rekeys += len(rekeys)
        return len(done)

    # -- pull ------------------------------------------------------------------------------

    def cursor(self) -> int:
        return int(self._settings(K_CURSOR).get(K_CURSOR) or 0)

    def pull_round(self, report: SyncReport | None = None) -> SyncReport:
        """Pull pages since the cursor; each page and its cursor in one transaction."""
        report = report or SyncReport()
        client = self.client()
        mine = self._newest_pushed_ids()
        while True:
            since = self.cursor()
            page = client.pull(since, self.pull_page, mine)
            changes = page.get("changes")
            if not isinstance(changes, list) or "next" not in page:
                raise SyncError(SyncProblem.BAD_ANSWER, "pull answer without changes/next")
            try:
                nxt = int(page["next"])
            except (TypeError, ValueError) as exc:
                raise SyncError(SyncProblem.BAD_ANSWER, f"pull answer: next={page['next']!r}") from exc
            if changes or nxt != since:
                applied = self._apply_page(since, nxt, changes, report)
                report.received += applied
            if not page.get("more") or nxt == since:
                return report

    def _newest_pushed_ids(self, n: int = 20) -> list[str]:
        """The newest changes this desk knows it pushed: a desk restored from a backup names older
        ones than the server holds from it, and gets the rest back (docs/sync.md)."""
        with self.store.db.reading() as s:
            return list(s.scalars(select(ChangeLog.id).where(ChangeLog.pushed.is_(True))
                                  .order_by(ChangeLog.seq.desc()).limit(n)))

    def _apply_page(self, since: int, nxt: int, changes: list[dict[str, Any]],
                    report: SyncReport | None = None) -> int:
        report = report if report is not None else SyncReport()
        with self._writing() as s:
            row = s.get(Setting, K_CURSOR)
            if int((row.value if row else 0) or 0) != since:
                return 0  # another sync of this desk (the window and the command line) got here first
            s.execute(text("PRAGMA defer_foreign_keys = ON"))
            # The server sends this desk's own changes back when it sees the desk's cursor go
            # backwards (a restored backup, docs/sync.md): those still in the log are here already.
            change_ids = [str(c.get("id")) for c in changes]
            known = set()
            for i in range(0, len(change_ids), 500):
                known.update(s.scalars(select(ChangeLog.id).where(ChangeLog.id.in_(change_ids[i:i + 500]))))
            changes = [c for c in changes if str(c.get("id")) not in known]
            page_ids = {str(c.get("entity_id")) for c in changes}
            held = _locally_pending(s, page_ids)
            applied = 0
            for change in changes:
                try:
                    applied += self._apply_change(s, change, held, page_ids)
                except (KeyError, TypeError, ValueError) as exc:
                    # One malformed change must not block the cursor (and with it every later
                    # push): it is set aside and recorded, like a change that breaks a constraint.
                    log.warning("pulled change %s malformed: %r", change.get("id"), exc)
                    s.add(SyncConflict(kind="unapplied", change_id=str(change.get("id")),
                                       entity=str(change.get("entity")), entity_id=str(change.get("entity_id")),
                                       field="", yours=None, kept=change.get("fields"),
                                       code="malformed", message=repr(exc)[:500]))
            _repair_dangling(s)
            # Each desk keeps its own waiting deadlines (changelog.LOCAL_FIELDS): recount them for
            # the cases this page touched, on this desk's calendar.
            refresh_all_waiting(s, _cases_touched(s, changes))
            self._put(s, K_CURSOR, nxt)
            calendar_changed = any(c.get("entity") == "calendar_day" for c in changes)
        if calendar_changed:
            # A year's holiday notice arrived: estimated slip deadlines are counted again (logged,
            # so every desk of the station agrees; each as its slip's issuer).
            report.moved_deadlines += self.store.recompute_deadlines(slips=True)
        return applied

    def _apply_change(self, s: Session, change: dict[str, Any], held: dict[str, set[str] | None],
                      held_ids: set[str]) -> int:
        model = MODELS.get(str(change.get("entity")))
        if model is None:
            log.warning("pulled change of unknown entity %r ignored", change.get("entity"))
            return 0
        eid = str(change["entity_id"])
        op = change.get("op")
        obj = s.get(model, eid)
        pulled = change.get("fields") or {}
        # Fields this desk does not know (a newer desk's) are skipped below, not refused.
        problems = [] if op == "delete" else [p for p in field_problems(
            model.__tablename__, {k: v for k, v in pulled.items() if k != "id"},  # type: ignore[attr-defined]
            insert=obj is None) if p.problem is not Problem.UNKNOWN_FIELD]
        if problems:
            # A value this desk cannot hold (a bad desk's, or a newer server's): set the change
            # aside, recorded, and go on with the page.
            log.warning("pulled change %s set aside: %s", change.get("id"), problems)
            s.add(SyncConflict(kind="unapplied", change_id=str(change.get("id")), entity=model.__tablename__,  # type: ignore[attr-defined]
                               entity_id=eid, field=problems[0].field, yours=None, kept=pulled,
                               code="invalid_value", message="; ".join(map(str, problems))[:500]))
            return 0
        if op == "delete":
            if obj is not None:
                s.delete(obj)
                s.flush()
            return 1
        columns = {c.key: c for c in model.__mapper__.column_attrs}  # type: ignore[attr-defined]
        values = {}
        for key, value in (change.get("fields") or {}).items():
            if key == "id" or key not in columns:
                continue
            if key == "secret_hash" and (value is None or value == REDACTED):
                continue  # a PIN never travels: keep the local one
            values[key] = _from_wire(columns[key].columns[0].type, value)
        # The audit columns are not in the change (changelog.AUDIT_FIELDS): who and when are.
        who, when = change.get("operator_id"), change.get("at")
        audit = {"updated_by": who, "updated_at": _from_wire(DateTime(), when) if when else utcnow()}
        values.update(audit if obj is not None else
                      {**audit, "created_by": who, "created_at": audit["updated_at"]})
        if obj is None:
            clash = _clashing_row(s, model, eid, values)
            if clash is not None and model is Referral and _is_serial_clash(s, clash, values):
                # Never merge two slips by their number: they are different cases' slips (two
                # desks that numbered on their own joined one station). Ours yields the number.
                _yield_serial(s, clash, values)
                clash = _clashing_row(s, model, eid, values)
            if clash is not None:
                _merge_into(s, model, clash, eid, change)
                obj = s.get(model, eid)
                held.clear()
                held.update(_locally_pending(s, set(held_ids)))
        try:
            with s.begin_nested():
                if obj is None:
                    if model.__tablename__ == "operator":  # type: ignore[attr-defined]
                        values.setdefault("secret_hash", "")  # cannot sign in here until a PIN is set
                    s.add(model(id=eid, **values))
                else:
                    mine = held.get(eid, set())
                    if mine is None:  # deleted here, not yet pushed: the server decides
                        return 0
                    for key, value in values.items():
                        if key in mine:
                            # An unpushed local edit stays until the server decides; if it refuses
                            # it, this value (the server's) comes back (_settle_fields).
                            s.add(SyncConflict(kind="held", change_id=change.get("id"), entity=model.__tablename__,  # type: ignore[attr-defined]
                                               entity_id=eid, field=key, yours=None,
                                               kept=_to_wire(value), seen=True))
                        else:
                            setattr(obj, key, value)
                s.flush()
        except IntegrityError as exc:
            s.expire_all()
            log.warning("pulled change %s not applied: %s", change.get("id"), exc.orig)
            s.add(SyncConflict(kind="unapplied", change_id=change.get("id"), entity=str(change.get("entity")),
                               entity_id=eid, field="", yours=None, kept=change.get("fields"),
                               code="unique", message=str(exc.orig)[:500]))
            return 0
        return 1

    # -- slip serial blocks ---------------------------------------------------------------

    def serials_left(self, year: int) -> int:
        with self.db.reading() as s:
            return s.scalar(select(func.coalesce(func.sum(SerialBlock.last_seq - SerialBlock.next_seq + 1), 0))
                            .where(SerialBlock.year == year, SerialBlock.next_seq <= SerialBlock.last_seq)) or 0

    def ensure_serial_blocks(self, report: SyncReport | None = None) -> SyncReport:
        """Keep two unused blocks for this year (and next year's, in December)."""
        report = report or SyncReport()
        if not self._settings(K_STATION).get(K_STATION):
            return report  # a centre desk prints no slips
        today = self.store.today()
        years = [today.year] + ([today.year + 1] if today.month == 12 else [])
        client = self.client()
        for year in years:
            while self._open_blocks(year) < BLOCKS_AHEAD:
                got = client.serial_block(year, self.block_size)
                try:
                    first, last = int(got["first"]), int(got["last"])
                    granted_year = int(got.get("year", year))
                except (KeyError, TypeError, ValueError) as exc:
                    raise SyncError(SyncProblem.BAD_ANSWER, f"serial block: {exc}") from exc
                # A block for another year, or an empty one, would make this loop ask forever.
                if granted_year != year or not 1 <= first <= last:
                    raise SyncError(SyncProblem.BAD_ANSWER, f"serial block {got!r} for {year}")
                with self._writing() as s:
                    s.add(SerialBlock(year=year, first_seq=first, last_seq=last, next_seq=first))
                report.serials_granted += last - first + 1
        return report

    def _open_blocks(self, year: int) -> int:
        with self.db.reading() as s:
            return s.scalar(select(func.count()).select_from(SerialBlock).where(
                SerialBlock.year == year, SerialBlock.next_seq <= SerialBlock.last_seq)) or 0

    # -- what the user is shown -----------------------------------------------------------

    def conflicts(self, unseen_only: bool = False) -> list[SyncConflict]:
        with self.db.reading() as s:
            stmt = select(SyncConflict).order_by(SyncConflict.id)
            if unseen_only:
                stmt = stmt.where(SyncConflict.seen.is_(False))
            return list(s.scalars(stmt))

    def mark_conflicts_seen(self) -> None:
        with self._writing() as s:
            s.execute(update(SyncConflict).values(seen=True))

    def status(self) -> SyncStatus:
        conf = self._settings(K_TOKEN, K_SERVER, K_LAST_OK, K_LAST_ERROR, K_STOPPED)
        with self.db.reading() as s:
            pending = s.scalar(select(func.count()).select_from(ChangeLog)
                               .where(ChangeLog.pushed.is_(False))) or 0
            unseen = s.scalar(select(func.count()).select_from(SyncConflict)
                              .where(SyncConflict.seen.is_(False))) or 0
        last_ok = conf.get(K_LAST_OK)
        return SyncStatus(
            enrolled=bool(conf.get(K_TOKEN)), online=self.online, pending=pending,
            last_ok=datetime.fromisoformat(last_ok) if last_ok else None,
            last_error=conf.get(K_LAST_ERROR), stopped=bool(conf.get(K_STOPPED)),
            unseen_conflicts=unseen, server_url=conf.get(K_SERVER) or "",
        )


class _Unlogged:
    """`with engine._writing() as s:` — DeskStore's write transaction with the log hook off."""

    def __init__(self, cm: Any) -> None:
        self._cm = cm

    def __enter__(self) -> Session:
        s = self._cm.__enter__()
        s.info[NOT_LOGGED] = True
        return s

    def __exit__(self, *exc: Any) -> Any:
        return self._cm.__exit__(*exc)


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


# Rows that belong to a case (their reception_id names it).
_CASE_CHILDREN = ("referral", "callback", "callback_attempt", "chase", "extension", "case_event",
                  "reception_deputy")


def _cases_touched(s: Session, changes: list[dict[str, Any]]) -> set[str]:
    touched: set[str] = set()
    for c in changes:
        entity, fields = c.get("entity"), c.get("fields") or {}
        if entity == "reception":
            touched.add(str(c.get("entity_id")))
        elif entity in _CASE_CHILDREN:
            rid = fields.get("reception_id") if isinstance(fields, dict) else None
            if rid is None:
                model = MODELS[str(entity)]
                rid = s.scalar(select(model.reception_id).where(model.id == str(c.get("entity_id"))))  # type: ignore[attr-defined]
            if isinstance(rid, str):
                touched.add(rid)
    return touched


def _apply_renumber(s: Session, rn: dict[str, Any]) -> bool:
    """A slip whose number another slip of the station already carried takes the number the
    server gave it (docs/sync.md, "Slip numbers that clash"); its old number stays on it
    (`former_serial`), and the clerk is told (a printed slip carries the old one)."""
    referral = s.get(Referral, str(rn.get("entity_id")))
    try:
        serial, seq, year = str(rn["serial"]), int(rn["serial_seq"]), int(rn["serial_year"])
    except (KeyError, TypeError, ValueError):
        return False
    if referral is None or (referral.serial, referral.serial_seq) == (serial, seq):
        return False
    old = referral.serial
    referral.former_serial = referral.former_serial or str(rn.get("former_serial") or old)
    referral.serial, referral.serial_seq, referral.serial_year = serial, seq, year
    reception = s.get(Reception, referral.reception_id)
    if reception is not None and reception.serial == old:
        reception.serial = serial
    _tell_renumbered(s, referral, serial)
    s.flush()
    return True


def _tell_renumbered(s: Session, referral: Referral, new: str) -> None:
    """One unseen record per slip, naming the number printed on the paper and the final one."""
    printed = referral.former_serial or referral.serial
    message = f"交办单 {printed} 的编号已被同站另一张交办单使用，改为 {new}：请重新打印交办单"
    told = s.scalar(select(SyncConflict).where(SyncConflict.kind == "renumbered",
                                               SyncConflict.entity_id == referral.id))
    if told is None:
        s.add(SyncConflict(kind="renumbered", change_id=None, entity="referral", entity_id=referral.id,
                           field="serial", yours=printed, kept=new, rule="serial_taken", code="renumbered",
                           message=message))
    else:
        told.kept, told.message, told.seen = new, message, False


def _from_wire(type_: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(type_, DateTime) and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    if isinstance(type_, Date) and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(type_, Boolean):
        return bool(value)
    if isinstance(type_, Integer):
        return int(value)
    return value


def _locally_pending(s: Session, entity_ids: set[str]) -> dict[str, set[str] | None]:
    """Fields of these rows changed here and not yet pushed (None: the row was deleted here)."""
    held: dict[str, set[str] | None] = {}
    ids = list(entity_ids)
    for chunk in _chunks(ids, 500):
        rows = s.execute(select(ChangeLog.entity_id, ChangeLog.op, ChangeLog.changes).where(
            ChangeLog.pushed.is_(False), ChangeLog.entity_id.in_(chunk)))
        for eid, op, changes in rows:
            if op == "delete":
                held[eid] = None
            elif held.get(eid, set()) is not None:
                held.setdefault(eid, set()).update(changes or {})  # type: ignore[union-attr]
    return held


def _referencing_columns(entity: str) -> list[tuple[str, str]]:
    """(table, column) pairs that hold an id of `entity`: foreign keys, and for operators the
    audit columns and the change log's operator."""
    cols = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == entity and fk.column.name == "id":
                cols.append((table.name, fk.parent.name))
    if entity == "operator":
        for model in TRACKED_MODELS:
            cols += [(model.__tablename__, "created_by"), (model.__tablename__, "updated_by")]  # type: ignore[attr-defined]
        cols.append(("change_log", "operator_id"))
    return cols


def rewrite_id(s: Session, entity: str, old: str, new: str, *, all_changes: bool = False) -> None:
    """Give the row `entity`/`old` the id `new` everywhere: the row, foreign keys, and the change
    log entries still to push (all entries with `all_changes`). If a row `new` is already here
    (pulled before), the local row merges into it. Foreign keys are checked at commit."""
    table = Base.metadata.tables[entity]
    s.flush()
    s.execute(text("PRAGMA defer_foreign_keys = ON"))
    exists = s.execute(select(table.c.id).where(table.c.id == new)).first() is not None
    for tname, col in _referencing_columns(entity):
        t = Base.metadata.tables[tname]
        s.execute(update(t).where(t.c[col] == old).values({col: new}))
    if exists:
        s.execute(table.delete().where(table.c.id == old))
    else:
        s.execute(update(table).where(table.c.id == old).values(id=new))
    pushed_filter = "" if all_changes else " AND pushed = 0"
    s.execute(text(f"UPDATE change_log SET entity_id = :new WHERE entity = :entity AND entity_id = :old"
                   f"{pushed_filter}"), {"new": new, "old": old, "entity": entity})
    s.execute(text(f"UPDATE change_log SET changes = replace(changes, :old, :new) "
                   f"WHERE instr(changes, :old) > 0{pushed_filter}"), {"new": new, "old": old})
    s.expire_all()


def _to_wire(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime | date) else value


def _set_field(s: Session, entity: str, entity_id: str, name: str, wire_value: Any) -> None:
    model = MODELS.get(entity)
    if model is None:
        return
    columns = {c.key: c for c in model.__mapper__.column_attrs}  # type: ignore[attr-defined]
    if name not in columns or name == "id":
        return
    obj = s.get(model, entity_id)
    if obj is not None:
        setattr(obj, name, _from_wire(columns[name].columns[0].type, wire_value))


def _settle_fields(s: Session, kept_changes: list[dict[str, Any]], refused: list[tuple[dict[str, Any], Any]],
                   conflicts: list[dict[str, Any]]) -> None:
    """After a push answer: make the desk hold what the server holds.

    A field that lost (a conflict) takes the server's `current` value (or `kept`); a refused
    change gives back the server's `current` values, or else the value pulled while it waited
    ("held"); a field still changed here and not pushed stays as it is.
    """
    s.flush()
    still_mine = _locally_pending(s, {c["entity_id"] for c in kept_changes}
                                  | {c["entity_id"] for c, _ in refused}
                                  | {str(c.get("entity_id")) for c in conflicts})

    def pending(eid: str, name: str) -> bool:
        mine = still_mine.get(eid, set())
        return mine is None or name in mine

    def held_rows(entity: str, eid: str, name: str) -> list[SyncConflict]:
        return list(s.scalars(select(SyncConflict).where(
            SyncConflict.kind == "held", SyncConflict.entity == entity, SyncConflict.entity_id == eid,
            SyncConflict.field == name).order_by(SyncConflict.id)))

    for change, current in refused:
        for name in change["fields"]:
            rows = held_rows(change["entity"], change["entity_id"], name)
            if not pending(change["entity_id"], name):
                if isinstance(current, dict) and name in current:
                    _set_field(s, change["entity"], change["entity_id"], name, current[name])
                elif rows:
                    _set_field(s, change["entity"], change["entity_id"], name, rows[-1].kept)
            for row in rows:
                s.delete(row)
    for change in kept_changes:
        for name in change["fields"]:
            for row in held_rows(change["entity"], change["entity_id"], name):
                s.delete(row)
    for c in conflicts:
        eid, name = str(c.get("entity_id")), str(c.get("field"))
        if not pending(eid, name):
            _set_field(s, str(c.get("entity")), eid, name, c.get("current", c.get("kept")))
    s.flush()


def _unique_column_sets(model: type[Tracked]) -> list[list[str]]:
    table = model.__table__  # type: ignore[attr-defined]
    sets = [[c.name for c in cons.columns] for cons in table.constraints if isinstance(cons, UniqueConstraint)]
    sets += [[c.name for c in ix.columns] for ix in table.indexes if ix.unique]
    sets += [[c.name] for c in table.columns if c.unique]
    return [cols for cols in sets if cols and cols != ["id"]]


def _clashing_row(s: Session, model: type[Tracked], eid: str, values: dict[str, Any]) -> str | None:
    """A local row that holds the unique values a pulled insert brings (the same category made on
    two desks, a slip for the same round of a case), or None."""
    table = model.__table__  # type: ignore[attr-defined]
    for cols in _unique_column_sets(model):
        if all(values.get(c) is not None for c in cols):
            row = s.execute(select(table.c.id).where(
                *(table.c[c] == values[c] for c in cols), table.c.id != eid)).first()
            if row is not None:
                return str(row[0])
    return None


def _is_serial_clash(s: Session, local_id: str, values: dict[str, Any]) -> bool:
    local = s.get(Referral, local_id)
    return local is not None and local.reception_id != values.get("reception_id")


def _yield_serial(s: Session, local_id: str, values: dict[str, Any]) -> None:
    """A local, unpushed slip carries the number a pulled slip of another case has: it moves to
    a provisional number above every number here; the server gives it its final one when it is
    pushed (`renumbers`), and the number printed on the paper stays as `former_serial`."""
    local = s.get(Referral, local_id)
    assert local is not None
    top = s.scalar(select(func.max(Referral.serial_seq)).where(
        Referral.station_id == local.station_id, Referral.serial_year == local.serial_year)) or 0
    seq = max(top, int(values.get("serial_seq") or 0)) + 1
    old = local.serial
    station = s.get(Station, local.station_id)
    new = format_serial(station.serial_pattern, station.short_name, local.serial_year, seq) if station else f"{old}*"
    local.former_serial = local.former_serial or old
    local.serial, local.serial_seq = new, seq
    reception = s.get(Reception, local.reception_id)
    if reception is not None and reception.serial == old:
        reception.serial = new
    _tell_renumbered(s, local, new)
    s.flush()


def _merge_into(s: Session, model: type[Tracked], local_id: str, pulled_id: str, change: dict[str, Any]) -> None:
    """The pulled row is the same thing as a local one: the local one takes the pulled id (its
    references and unpushed changes follow). Its own insert, not pushed yet, is superseded, as
    the server does on a rekey; what it held is kept in the conflict record."""
    entity = model.__tablename__  # type: ignore[attr-defined]
    table = model.__table__  # type: ignore[attr-defined]
    row = s.execute(select(table).where(table.c.id == local_id)).mappings().first()
    own_insert = s.scalar(select(ChangeLog).where(ChangeLog.entity == entity, ChangeLog.entity_id == local_id,
                                                  ChangeLog.op == "insert"))
    if own_insert is not None and not own_insert.pushed:
        own_insert.pushed = True
    directory = entity in ("category", "handling_unit", "deputy")
    s.add(SyncConflict(kind="merged", change_id=change.get("id"), entity=entity, entity_id=pulled_id,
                       field="", yours={k: _to_wire(v) for k, v in dict(row or {}).items()}, kept=None,
                       rule="same_" + ("name" if directory else "record"), code="merged",
                       message=f"local {local_id} merged into {pulled_id}", seen=directory))
    s.flush()
    if entity == "referral" and row is not None:
        _drop_displaced_copy(s, dict(row))
    rewrite_id(s, entity, local_id, pulled_id)
    s.execute(update(ChangeLog).where(ChangeLog.entity == entity, ChangeLog.entity_id == pulled_id,
                                      ChangeLog.op == "insert", ChangeLog.pushed.is_(False)).values(pushed=True))


def _repair_dangling(s: Session) -> None:
    """A pulled row whose parent this desk does not have (the parent was refused, or is out of
    scope) would fail the commit at every try. Keep the row, without the link when the link may
    be empty, otherwise set the row aside in the conflict record: never block the pull."""
    s.flush()
    problems = s.execute(text("PRAGMA foreign_key_check")).all()
    for table_name, rowid, parent, fkid in problems:
        if table_name not in Base.metadata.tables:
            continue
        table = Base.metadata.tables[table_name]
        fks = {r[0]: r[3] for r in s.execute(text(f"PRAGMA foreign_key_list('{table_name}')")).all()}
        column = fks.get(fkid)
        row = s.execute(select(table).where(text("rowid = :r")), {"r": rowid}).mappings().first()
        if row is None:
            continue
        data = {k: _to_wire(v) for k, v in dict(row).items()}
        s.add(SyncConflict(kind="orphan", change_id=None, entity=table_name, entity_id=str(row["id"]),
                           field=column or "", yours=data, kept=None, rule="missing_" + str(parent),
                           code="orphan", message=f"{table_name}.{column} -> missing {parent}"))
        if column is not None and table.c[column].nullable:
            s.execute(update(table).where(table.c.id == row["id"]).values({column: None}))
        else:
            s.execute(table.delete().where(table.c.id == row["id"]))
    s.flush()


def _drop_displaced_copy(s: Session, slip: dict[str, Any]) -> None:
    """A local slip lost its round to another desk's slip: the case's unpushed copy of it (serial,
    unit, deadline) must not go up over the kept slip's."""
    copy = {"serial": slip["serial"], "unit_id": slip["handling_unit_id"], "reply_due": _to_wire(slip["reply_due"])}
    for entry in s.scalars(select(ChangeLog).where(ChangeLog.entity == "reception",
                                                   ChangeLog.entity_id == slip["reception_id"],
                                                   ChangeLog.pushed.is_(False))):
        fields = dict(entry.changes)
        for name, value in copy.items():
            if name in fields and fields[name][1] == value:
                del fields[name]
        if fields != entry.changes:
            entry.changes = fields
            if not fields:
                entry.pushed = True
    s.flush()
