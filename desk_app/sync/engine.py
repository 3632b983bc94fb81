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

import json
import logging
import os
import signal
import socket
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Integer,
    UniqueConstraint,
    bindparam,
    func,
    insert,
    select,
    text,
    type_coerce,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from desk_app.domain.entities import Problem, field_problems
from desk_app.domain.numbering import format_serial
from desk_app.storage import compaction
from desk_app.storage.casefacts import refresh_waiting_of
from desk_app.storage.changelog import K_REKEYED_IDS, NOT_LOGGED, REDACTED, rekeyed_ids
from desk_app.storage.coltypes import ID_SQL, Instant, id_param, id_value
from desk_app.storage.models import (
    TRACKED_BY_TABLE,
    TRACKED_MODELS,
    Base,
    ChangeLog,
    Reception,
    Referral,
    SerialBlock,
    Setting,
    Station,
    Suggestion,
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
# {old station id: the id it has now}: enrolment gives the rows the server's station id but leaves
# the change log's text alone (rewriting it was most of an enrolment: ~180 MB of JSON on a
# 100k-case desk); a change takes the new id when it is read to be pushed (`_pushed_form`).
K_STATION_IDS = "sync.station_ids"

TOKEN_LIFETIME = timedelta(days=30)

PUSH_BATCH = 1000
PULL_PAGE = 1000  # the server's largest page: half the requests of a catch-up
# A clerk's save waits for the desk's write lock (BEGIN IMMEDIATE, 5 s busy timeout): the sync
# never holds it long. A push answer is recorded, and a pulled page applied, in write transactions
# of at most this many changes (each well under 100 ms), and never while waiting on the network.
RECORD_CHUNK = 250
# The first chunk of a pulled page; later ones are sized to take about CHUNK_SECONDS (between
# MIN_CHUNK and MAX_CHUNK changes: a chunk also has a fixed cost, a dozen statements and a commit,
# and a bigger one dirties fewer index pages per change). A save waits for one chunk at most.
APPLY_CHUNK = 200
MIN_CHUNK, MAX_CHUNK = 50, 1000
CHUNK_SECONDS = 0.08
# Between two write transactions of a sync the lock is left free this long: a save waiting for it
# (which asks every 2 ms, storage.db) gets in, instead of the sync taking the lock again a
# microsecond after its commit.
YIELD_SECONDS = 0.005
# Test hook (fault injection): the desk process kills itself right after committing its Nth write
# transaction of a sync (a chunk of a push answer or of a pulled page). Never set in production.
CRASH_ENV = "DESK_TEST_CRASH_AFTER_CHUNKS"
BLOCK_SIZE = 50
BLOCKS_AHEAD = 2
# The compaction after a good round (storage/compaction.py): log entries looked at per write
# transaction, and the time it may take a round (the rest waits for the next round; the first
# sync of a big desk spreads it over a few rounds).
FOLD_CHUNK = compaction.FOLD_CHUNK
COMPACT_SECONDS = 20.0

MODELS = TRACKED_BY_TABLE

# What a round has done so far, for a window that shows it (the enrolment's first sync of a big
# desk runs for minutes): ("pull", changes received, None) after each pulled page, the total not
# being known; ("push", changes answered, changes waiting when the round began) after each batch.
# Called on the round's thread.
SyncProgress = Callable[[Literal["pull", "push"], int, int | None], None]


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
    folded: int = 0  # pushed inserts compacted after the round (storage/compaction.py)
    dropped: int = 0  # inserts folded long ago, deleted from the log after the round
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

    def __init__(
        self,
        store: DeskStore,
        *,
        desk_name: str | None = None,
        client_factory: Callable[..., SyncClient] = SyncClient,
        push_batch: int = PUSH_BATCH,
        pull_page: int = PULL_PAGE,
        block_size: int = BLOCK_SIZE,
    ) -> None:
        self.store = store
        self.db = store.db
        self.desk_name = desk_name or socket.gethostname()
        self._client_factory = client_factory
        self._client: SyncClient | None = None
        self.push_batch = push_batch
        self.pull_page = pull_page
        self.block_size = block_size
        self.online: bool | None = None
        # Called after every write transaction of a push or pull chunk has committed, with
        # "push" or "pull" (tests: a save made here must get the lock; faults: a kill here).
        self.after_chunk: Callable[[str], None] | None = None
        self._chunks_done = 0
        self._crash_after = int(os.environ.get(CRASH_ENV, "0") or 0)

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
        if (
            self._client is None
            or self._client.token != token
            or self._client.base != conf.get(K_SERVER)
            or self._client.fingerprint != conf.get(K_FINGERPRINT)
        ):
            self.close()
            self._client = self._client_factory(
                conf.get(K_SERVER) or "",
                token,
                fingerprint=conf.get(K_FINGERPRINT),
                allow_insecure=bool(conf.get(K_ALLOW_INSECURE)),
            )
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def choose_standalone(self) -> None:
        """The desk works on its own for now (it may enrol later; its records then go up)."""
        with self._writing() as s:
            self._put(s, K_STANDALONE, True)

    def _writing(self):
        """A write transaction that the change log does not see (sync bookkeeping, pulled data)."""
        cm = self.db.writing(None)
        return _Unlogged(cm)

    # -- enrolment -------------------------------------------------------------------------

    def enroll(
        self,
        server_url: str,
        code: str,
        desk_name: str | None = None,
        *,
        fingerprint: str | None = None,
        allow_insecure: bool = False,
    ) -> Enrolment:
        """Enrol with a one-time code; adopt the server's station (rewriting the local id).

        `fingerprint` pins the server's certificate (SHA256:…) for every later connection; without
        it an https:// server must have a certificate the system's authorities vouch for.
        `allow_insecure` permits plain http:// to another computer (refused otherwise).
        """
        client = self._client_factory(
            server_url, None, fingerprint=fingerprint, allow_insecure=allow_insecure
        )
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
            else:
                self._drop_local_stations(s)
        self.online = True
        return enrolment

    @staticmethod
    def _drop_local_stations(s: Session) -> None:
        """A district centre's desk (issue 13): the station row made at its first start is no
        station of the district. Pushed, it was refused with 403 for the whole batch (the server
        knows no such station), so a centre desk never synced. It does not travel, and when
        nothing of the desk names it, it goes: the desk holds the district's stations only."""
        s.execute(_MARK_STATION_CHANGES)
        tables = [t.name for t in Base.metadata.sorted_tables if "station_id" in t.c]
        for station_id in s.scalars(select(Station.id)).all():
            named = any(
                s.execute(
                    text(f"SELECT 1 FROM {table} WHERE station_id = :sid LIMIT 1"),
                    {"sid": id_param(station_id)},
                ).first()
                for table in tables
            )
            if not named:
                s.execute(text("DELETE FROM station WHERE id = :sid"), {"sid": id_param(station_id)})
        s.expire_all()

    def _adopt_station(self, s: Session, info: dict[str, Any], district: dict[str, Any]) -> None:
        sid = str(info["id"])
        local = s.scalars(select(Station.id)).all()
        if sid not in local:
            if local:
                old = local[0]
                rewrite_id(s, "station", old, sid, log=False)
                renamed = (s.get(Setting, K_STATION_IDS) or Setting(value=None)).value or {}
                renamed = {k: (sid if v == old else v) for k, v in renamed.items()}
                renamed[old] = sid
                renamed.pop(sid, None)  # back at a station it had left: its id is its own again
                s.expire_all()  # (before the put: expiring drops an unflushed change of a row)
                self._put(s, K_STATION_IDS, renamed)
            else:
                s.add(
                    Station(
                        id=sid,
                        name=info.get("name") or "",
                        short_name=info.get("short_name") or "",
                        kind=info.get("kind") or "",
                        district="",
                        serial_pattern="",
                    )
                )
                s.flush()
        st = s.get(Station, sid)
        assert st is not None
        for key in ("name", "short_name", "kind", "serial_pattern"):
            if info.get(key):
                setattr(st, key, info[key])
        d = info.get("district")
        st.district = (
            (d.get("name", "") if isinstance(d, dict) else d) or district.get("name", "") or st.district
        )
        # The station row is the server's: what this desk logged about it before enrolment is
        # superseded by the server's fields, so it does not travel.
        s.execute(_MARK_STATION_CHANGES)

    # -- one round ---------------------------------------------------------------------------

    def sync_once(self, progress: SyncProgress | None = None) -> SyncReport:
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
            self.pull_round(report, progress)
            self.push_round(report, progress)
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
        # What the server has now confirmed no longer needs its values in the log, and what it
        # confirmed long ago (before any backup it could be restored from) no row of it at all.
        started = time.perf_counter()
        report.folded = self.compact(budget_seconds=COMPACT_SECONDS)
        report.dropped = self.drop_folded(budget_seconds=COMPACT_SECONDS - (time.perf_counter() - started))
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
        it still has as duplicates. Not sent again: station rows (the server's own), inserts
        of rows this desk no longer has under that id (superseded by a server rekey or a merge on
        pull, never the server's to get again), and inserts the compaction dropped from the log
        (folded more than `compaction.FOLDED_KEPT` ago: older than any backup to restore from).
        """
        answer = self.client().status()
        epoch = answer.get("epoch")
        if not isinstance(epoch, str) or not epoch:
            return False  # a server without epochs
        known = self._settings(K_EPOCH).get(K_EPOCH)
        if known is not None and known != epoch:
            # Compacted inserts get their values back first, in chunks with the lock free
            # between them (a kill here leaves the epoch unstored: the next round starts again).
            after: int | None = 0
            while after is not None:
                with self._writing() as s:
                    after = compaction.unfold_chunk(s, after)
                self._pause(more=after is not None)
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
                s.execute(
                    text(
                        "UPDATE change_log SET pushed = 0 WHERE pushed = 1 AND entity = :entity "
                        f"AND NOT (op = 'insert' AND entity_id NOT IN (SELECT id FROM \"{table}\"))"
                    ),
                    {"entity": entity},
                )
            # Folded again meanwhile (a compaction of another process): unfolded now, in this
            # transaction, so nothing goes up without its values. Normally none.
            left: int | None = 0
            while left is not None:
                left = compaction.unfold_chunk(s, left, pushed=False)
            compaction.forget_progress(s)
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
            return compaction.pending_count(s)

    def _newest_seq(self) -> int:
        with self.db.reading() as s:
            return s.scalar(select(func.max(ChangeLog.seq))) or 0

    def _pending_batch(self, upto: int | None = None) -> list[dict[str, Any]]:
        """The oldest unpushed changes (up to `upto` in log order), as they are pushed: a read, no
        write lock. Every change the desk sends (a resend after a server restore too) is read here.

        A change logged before an enrolment names the station by the id it had then
        (K_STATION_IDS): its fields are read through the `replace()` that enrolment once ran over
        the whole log, now over the changes read (in SQLite, no cost to speak of), and its row
        id is mapped too. So is a change naming a row the server rekeyed (K_REKEYED_IDS) in its
        fields; its row id was rewritten by `rewrite_id` when it was still to push (a pushed
        insert the server rekeyed goes again under its own id on a resend, and is rekeyed again).
        A folded insert's fields, rebuilt from its row and later updates (rare here: a resend
        unfolds them first), are mapped in Python."""
        with self.db.reading() as s:
            renamed = renamed_ids(s)
            stations = (s.get(Setting, K_STATION_IDS) or Setting(value=None)).value or {}
            fields: Any = ChangeLog.changes
            for old, new in renamed.items():
                fields = func.replace(fields, old, new)
            stmt = select(
                ChangeLog.seq,
                ChangeLog.id,
                ChangeLog.entity,
                ChangeLog.entity_id,
                ChangeLog.op,
                type_coerce(fields, ChangeLog.changes.type).label("changes"),
                ChangeLog.operator_id,
                ChangeLog.at,
                ChangeLog.folded,
            ).where(ChangeLog.pushed.is_(False))
            if upto is not None:
                stmt = stmt.where(ChangeLog.seq <= upto)
            batch = []
            for r in s.execute(stmt.order_by(ChangeLog.seq).limit(self.push_batch)):
                values = r.changes
                if r.folded:
                    entry = s.get(ChangeLog, r.seq)
                    assert entry is not None
                    values = _pushed_form(compaction.changes_of(s, entry), renamed)
                batch.append(
                    {
                        "id": r.id,
                        "entity": r.entity,
                        "entity_id": stations.get(r.entity_id, r.entity_id),
                        "op": r.op,
                        "fields": values,
                        "operator_id": r.operator_id,
                        "at": r.at.isoformat(),
                    }
                )
            return batch

    def push_round(
        self, report: SyncReport | None = None, progress: SyncProgress | None = None
    ) -> SyncReport:
        """Push every change pending when the round starts, oldest first, a batch at a time.

        Each batch is read, sent, and its answer recorded in short write transactions
        (`RECORD_CHUNK` changes each): the desk's write lock is never held while the request is
        on the network, nor for a whole batch. Changes saved while the round runs go with the
        next round (a clerk saving steadily must not keep a round going for ever).
        """
        report = report or SyncReport()
        client = self.client()
        upto = self._newest_seq()
        # The trigger-kept count (one row): what waits may include entries never sent (the
        # station's own rows), so the answered count can stop short of it, never pass it.
        waiting = self.pending_count() if progress else 0
        answered = 0
        while True:
            batch = self._pending_batch(upto)
            if not batch:
                return report
            answer = client.push(batch)
            done = self._record_push_answer(batch, answer, report)
            if done == 0:
                raise SyncError(SyncProblem.BAD_ANSWER, "push answer names none of the changes sent")
            answered += done
            if progress:
                waiting = max(waiting, answered)
                progress("push", answered, waiting)

    def _record_push_answer(
        self, batch: list[dict[str, Any]], answer: dict[str, Any], report: SyncReport
    ) -> int:
        """Record the server's answer to `batch`, in chunks of the batch (its log order).

        Each chunk is one transaction: its changes marked pushed, their refusals and conflicts
        recorded, the rekeys and renumbers of its changes applied, their fields settled. A desk
        killed between chunks sends the rest again; the server answers them as duplicates, with
        their conflicts, refusals, rekeys and renumbers again (docs/sync.md), recorded once.
        """
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
        kept_ids = set(accepted) | set(duplicates)
        refused = {r["id"]: r for r in rejected}
        chunks = list(_chunks(list(sent), RECORD_CHUNK))
        chunk_of = {cid: n for n, ids in enumerate(chunks) for cid in ids}
        # An answer naming a row rather than a change goes with the chunk of the change that
        # made that row (so it is recorded with that change's mark), else with the first.
        made_in = {
            (c["entity"], c["entity_id"]): chunk_of[c["id"]] for c in reversed(batch) if c["op"] == "insert"
        }
        conflicts_of: dict[int, list[dict[str, Any]]] = {}
        for c in conflicts:
            conflicts_of.setdefault(chunk_of.get(str(c.get("change_id")), 0), []).append(c)
        rekeys_of: dict[int, list[dict[str, Any]]] = {}
        for rk in rekeys:
            rekeys_of.setdefault(made_in.get((rk.get("entity"), rk.get("from")), 0), []).append(rk)
        renumbers_of: dict[int, list[dict[str, Any]]] = {}
        for rn in renumbers:
            entity = rn.get("entity") or "referral"
            renumbers_of.setdefault(made_in.get((entity, rn.get("entity_id")), 0), []).append(rn)
        done_set = set(done)
        for n, ids in enumerate(chunks):
            self._record_chunk(
                ids,
                sent,
                done_set,
                kept_ids,
                refused,
                conflicts_of.get(n, []),
                rekeys_of.get(n, []),
                renumbers_of.get(n, []),
                report,
            )
            self._chunk_committed("push", more=n + 1 < len(chunks))
        report.sent += len(accepted)
        report.duplicates += len(duplicates)
        report.rejected += len(rejected)
        report.rekeys += len(rekeys)
        return len(done)

    def _record_chunk(
        self,
        ids: list[str],
        sent: dict[str, dict[str, Any]],
        done: set[str],
        kept_ids: set[str],
        refused: dict[str, dict[str, Any]],
        conflicts: list[dict[str, Any]],
        rekeys: list[dict[str, Any]],
        renumbers: list[dict[str, Any]],
        report: SyncReport,
    ) -> None:
        """One transaction of a push answer: these changes marked pushed, their refusals and
        conflicts kept, the rekeys and renumbers of their rows applied, their fields settled."""
        with self._writing() as s:
            marked = [i for i in ids if i in done]
            if marked:
                s.execute(update(ChangeLog).where(ChangeLog.id.in_(marked)).values(pushed=True))
            report.conflicts += self._record_refusals(
                s, sent, [refused[i] for i in ids if i in refused], conflicts, ids
            )
            for rk in rekeys:
                if rk.get("entity") in MODELS and rk.get("from") and rk.get("to") and rk["from"] != rk["to"]:
                    rewrite_id(s, rk["entity"], rk["from"], rk["to"])
            for rn in renumbers:
                if _apply_renumber(s, rn):
                    report.renumbered += 1
            _settle_fields(
                s,
                [sent[i] for i in ids if i in kept_ids],
                [(sent[i], refused[i].get("current")) for i in ids if i in refused],
                conflicts,
            )

    @staticmethod
    def _record_refusals(
        s: Session,
        sent: dict[str, dict[str, Any]],
        rejected: list[dict[str, Any]],
        conflicts: list[dict[str, Any]],
        ids: list[str],
    ) -> int:
        """Keep refusals and lost values (once: a replayed batch is answered with them again);
        how many conflicts are new."""
        if not rejected and not conflicts:
            return 0
        told = {
            (cid, name)
            for cid, name in s.execute(
                select(SyncConflict.change_id, SyncConflict.field).where(
                    SyncConflict.kind.in_(("rejected", "conflict")),
                    SyncConflict.change_id.in_(list({*ids, *(str(c.get("change_id")) for c in conflicts)})),
                )
            )
        }
        conflicts_new = [c for c in conflicts if (c.get("change_id"), str(c.get("field", ""))) not in told]
        for r in rejected:
            if (r["id"], "") in told:
                continue
            change = sent[r["id"]]
            s.add(
                SyncConflict(
                    kind="rejected",
                    change_id=change["id"],
                    entity=change["entity"],
                    entity_id=change["entity_id"],
                    field="",
                    yours=change["fields"],
                    kept=None,
                    rule="",
                    code=str(r.get("code", "")),
                    message=str(r.get("message", "")),
                )
            )
        for c in conflicts_new:
            s.add(
                SyncConflict(
                    kind="conflict",
                    change_id=c.get("change_id"),
                    entity=str(c.get("entity", "")),
                    entity_id=str(c.get("entity_id", "")),
                    field=str(c.get("field", "")),
                    yours=c.get("yours"),
                    kept=c.get("kept"),
                    rule=str(c.get("rule", "")),
                    code="conflict",
                    message="",
                )
            )
        s.flush()
        return len(conflicts_new)

    # -- pull ------------------------------------------------------------------------------

    def cursor(self) -> int:
        return int(self._settings(K_CURSOR).get(K_CURSOR) or 0)

    def pull_round(
        self, report: SyncReport | None = None, progress: SyncProgress | None = None
    ) -> SyncReport:
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
                if progress:
                    progress("pull", report.received, None)
            if not page.get("more") or nxt == since:
                return report

    def _newest_pushed_ids(self, n: int = compaction.MINE_KEPT) -> list[str]:
        """The newest changes this desk knows it pushed: a desk restored from a backup names older
        ones than the server holds from it, and gets the rest back (docs/sync.md)."""
        with self.store.db.reading() as s:
            return list(
                s.scalars(
                    select(ChangeLog.id)
                    .where(ChangeLog.pushed.is_(True))
                    .order_by(ChangeLog.seq.desc())
                    .limit(n)
                )
            )

    def _apply_page(
        self, since: int, nxt: int, changes: list[dict[str, Any]], report: SyncReport | None = None
    ) -> int:
        """Apply one pulled page in chunks of `APPLY_CHUNK` changes; each chunk and the cursor
        after it (its last change's `seq`; the page's `next` after the last chunk) in one
        transaction, so a cut between chunks resumes from the first change not applied, and a
        clerk's save never waits for a whole page. A page without usable `seq`s is one chunk."""
        report = report if report is not None else SyncReport()
        applied = 0
        cursor = since
        start = 0
        size = APPLY_CHUNK
        while True:
            part, upto = _next_chunk(changes, start, size, cursor, nxt)
            t = time.perf_counter()
            done = self._apply_chunk(cursor, upto, part, report)
            if done is None:
                break  # another sync of this desk (the window and the command line) got here first
            applied += done
            cursor, start = upto, start + len(part)
            self._chunk_committed("pull", more=start < len(changes))
            if start >= len(changes):
                break
            # The next chunk takes about CHUNK_SECONDS, whatever this machine's speed and load.
            took = max(time.perf_counter() - t, 0.001)
            # (growing by half at most: one quick chunk on a busy machine is no promise)
            size = max(MIN_CHUNK, min(MAX_CHUNK, int(len(part) * 1.5), int(len(part) * CHUNK_SECONDS / took)))
        return applied

    def compact(self, *, budget_seconds: float | None = None, now: datetime | None = None) -> int:
        """Fold the inserts the server has confirmed (storage/compaction.py), `FOLD_CHUNK` log
        entries a write transaction with the lock free between them. Stops after
        `budget_seconds` (what is left waits for the next call). Returns how many were folded.
        `now` (default: the UTC clock) is the time the fold marks record."""
        started = time.perf_counter()
        with self.db.reading() as s:
            first, last = compaction.fold_range(s)
        folded = 0
        while first <= last:
            if budget_seconds is not None and time.perf_counter() - started > budget_seconds:
                break
            upto = min(first + FOLD_CHUNK - 1, last)
            with self._writing() as s:
                folded += compaction.fold_chunk(s, first, upto, now)
            first = upto + 1
            self._pause(more=first <= last)
        return folded

    def drop_folded(
        self,
        *,
        budget_seconds: float | None = None,
        now: datetime | None = None,
        kept: timedelta = compaction.FOLDED_KEPT,
    ) -> int:
        """Delete the inserts folded at least `kept` before `now` (default: the UTC clock) whose
        rows are still here (storage/compaction.py), `DROP_CHUNK` log entries a write transaction
        with the lock free between them, for at most `budget_seconds`. Returns how many."""
        started = time.perf_counter()
        with self.db.reading() as s:
            first, last = compaction.drop_range(s, now or utcnow(), kept)
        dropped = 0
        while first <= last:
            if budget_seconds is not None and time.perf_counter() - started > budget_seconds:
                break
            upto = min(first + compaction.DROP_CHUNK - 1, last)
            with self._writing() as s:
                dropped += compaction.drop_chunk(s, first, upto)
            first = upto + 1
            self._pause(more=first <= last)
        return dropped

    def _pause(self, *, more: bool) -> None:
        """Between two write transactions of a long piece of work: the WAL copied back without
        the lock, and the lock left free a moment for a waiting save."""
        with self.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        if more:
            time.sleep(YIELD_SECONDS)

    def _chunk_committed(self, what: str, *, more: bool) -> None:
        self._chunks_done += 1
        if self._crash_after and self._chunks_done >= self._crash_after:
            os.kill(os.getpid(), signal.SIGKILL)
        # The chunks filled the write-ahead log: copy it back now, without the write lock (a
        # passive checkpoint never blocks a writer), rather than in the commit of whichever
        # connection passes SQLite's 1,000-page mark next, which may be a clerk's save.
        with self.db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        if self.after_chunk is not None:
            self.after_chunk(what)
        if more:
            time.sleep(YIELD_SECONDS)  # the write lock stays free for a waiting save

    def _apply_chunk(
        self, since: int, nxt: int, changes: list[dict[str, Any]], report: SyncReport
    ) -> int | None:
        with self._writing() as s:
            row = s.get(Setting, K_CURSOR)
            if int((row.value if row else 0) or 0) != since:
                return None
            s.execute(text("PRAGMA defer_foreign_keys = ON"))
            # The server sends this desk's own changes back when it sees the desk's cursor go
            # backwards (a restored backup, docs/sync.md): those still in the log are here already.
            change_ids = [str(c.get("id")) for c in changes]
            known = set()
            for i in range(0, len(change_ids), 500):
                known.update(s.scalars(select(ChangeLog.id).where(ChangeLog.id.in_(change_ids[i : i + 500]))))
            changes = [c for c in changes if str(c.get("id")) not in known]
            page_ids = {str(c.get("entity_id")) for c in changes}
            held = _locally_pending(s, page_ids)
            applied = self._apply_bulk(s, changes, held)
            if applied is None:
                # A unique value clashed (a row made here too, a slip number): change by change,
                # each in its own savepoint, with the clash merged or the change set aside.
                applied = 0
                for change in changes:
                    applied += self._apply_one(s, change, held, page_ids)
            _repair_dangling(s, changes)
            # Each desk keeps its own waiting deadlines (changelog.LOCAL_FIELDS): recount them for
            # the cases this page touched, on this desk's calendar.
            refresh_waiting_of(s, _cases_touched(s, changes))
            self._put(s, K_CURSOR, nxt)
            calendar_changed = any(c.get("entity") == "calendar_day" for c in changes)
        if calendar_changed:
            # A year's holiday notice arrived: estimated slip deadlines are counted again (logged,
            # so every desk of the station agrees; each as its slip's issuer).
            report.moved_deadlines += self.store.recompute_deadlines(slips=True)
        return applied

    def _apply_bulk(
        self, s: Session, changes: list[dict[str, Any]], held: dict[str, set[str] | None]
    ) -> int | None:
        """The usual case: the chunk's changes folded per row (an insert and the updates after it
        are one insert) and written with a handful of executemany statements, in one savepoint.
        None (nothing written) when a unique value clashes, or a row is deleted and written again
        in the chunk: the caller then goes change by change (merging clashes).

        Deletes run first, then updates, then inserts (foreign keys are checked at commit):
        a unique value a row gives up is free before another row takes it."""
        wanted: dict[str, set[str]] = {}
        for c in changes:
            if c.get("entity") in MODELS and isinstance(c.get("entity_id"), str):
                wanted.setdefault(str(c["entity"]), set()).add(c["entity_id"])
        exists: set[tuple[str, str]] = set()
        for entity, ids in wanted.items():
            table = MODELS[entity].__table__  # type: ignore[attr-defined]
            for chunk in _chunks(list(ids), 500):
                exists.update((entity, i) for i in s.scalars(select(table.c.id).where(table.c.id.in_(chunk))))
        # Per row: ("insert" | "update", values) or ("delete", None), in the chunk's order.
        plan: dict[tuple[str, str], tuple[str, dict[str, Any] | None]] = {}
        applied = 0
        try:
            with s.begin_nested():
                for change in changes:
                    try:
                        step = self._plan_change(s, change, held, exists, plan)
                    except (KeyError, TypeError, ValueError) as exc:
                        self._set_aside_malformed(s, change, exc)
                        continue
                    if step is None:
                        return None
                    applied += step
                _write_plan(s, plan)
            return applied
        except IntegrityError:
            s.expire_all()
            return None

    def _plan_change(
        self,
        s: Session,
        change: dict[str, Any],
        held: dict[str, set[str] | None],
        exists: set[tuple[str, str]],
        plan: dict[tuple[str, str], tuple[str, dict[str, Any] | None]],
    ) -> int | None:
        """Fold one pulled change into the chunk's plan; 1 when applied, 0 when set aside or
        skipped, None when the chunk must go change by change."""
        model = MODELS.get(str(change.get("entity")))
        if model is None:
            log.warning("pulled change of unknown entity %r ignored", change.get("entity"))
            return 0
        entity = model.__tablename__  # type: ignore[attr-defined]
        eid = str(change["entity_id"])
        key = (entity, eid)
        op = change.get("op")
        current = plan.get(key)
        if current is not None and current[0] == "delete":
            return None  # written again after a delete in the same chunk
        there = key in exists or (current is not None and current[0] == "insert")
        pulled = change.get("fields") or {}
        problems = (
            []
            if op == "delete"
            else [
                p
                for p in field_problems(
                    entity, {k: v for k, v in pulled.items() if k != "id"}, insert=not there
                )
                if p.problem is not Problem.UNKNOWN_FIELD
            ]
        )
        if problems:
            self._set_aside_invalid(s, change, entity, eid, pulled, problems)
            return 0
        if op == "delete":
            if current is not None and current[0] == "insert":
                del plan[key]
            elif key in exists:
                plan[key] = ("delete", None)
            return 1
        values = self._pulled_values(model, change, there)
        if not there:
            if entity == "operator":
                values.setdefault("secret_hash", "")  # cannot sign in here until a PIN is set
            plan[key] = ("insert", {"id": eid, **values})
            return 1
        mine = held.get(eid, set())
        if mine is None:
            return 0  # deleted here, not yet pushed: the server decides
        kept = self._hold_local(s, entity, eid, change, values, mine)
        if current is not None:
            current[1].update(kept)  # type: ignore[union-attr]
        else:
            plan[key] = ("update", kept)
        return 1

    @staticmethod
    def _pulled_values(model: type[Tracked], change: dict[str, Any], there: bool) -> dict[str, Any]:
        """The pulled fields as column values, with who changed the row and when."""
        columns = _columns(model)
        values = {}
        for name, value in (change.get("fields") or {}).items():
            if name == "id" or name not in columns:
                continue
            if name == "secret_hash" and (value is None or value == REDACTED):
                continue  # a PIN never travels: keep the local one
            values[name] = _from_wire(columns[name], value)
        # The audit columns are not in the change (changelog.AUDIT_FIELDS): who and when are.
        who, when = change.get("operator_id"), change.get("at")
        audit = {"updated_by": who, "updated_at": _from_wire(DateTime(), when) if when else utcnow()}
        values.update(audit if there else {**audit, "created_by": who, "created_at": audit["updated_at"]})
        return values

    @staticmethod
    def _hold_local(
        s: Session, entity: str, eid: str, change: dict[str, Any], values: dict[str, Any], mine: set[str]
    ) -> dict[str, Any]:
        """The values to set: a field with an unpushed local edit keeps it until the server
        decides; the pulled value is remembered (kind `held`) and comes back if the server
        refuses the local edit (_settle_fields)."""
        if not mine:
            return values
        kept = {}
        for name, value in values.items():
            if name in mine:
                s.add(
                    SyncConflict(
                        kind="held",
                        change_id=change.get("id"),
                        entity=entity,
                        entity_id=eid,
                        field=name,
                        yours=None,
                        kept=_to_wire(value),
                        seen=True,
                    )
                )
            else:
                kept[name] = value
        return kept

    @staticmethod
    def _set_aside_invalid(
        s: Session, change: dict[str, Any], entity: str, eid: str, pulled: dict[str, Any], problems: list[Any]
    ) -> None:
        # A value this desk cannot hold (a bad desk's, or a newer server's): set the change
        # aside, recorded, and go on with the page.
        log.warning("pulled change %s set aside: %s", change.get("id"), problems)
        s.add(
            SyncConflict(
                kind="unapplied",
                change_id=str(change.get("id")),
                entity=entity,
                entity_id=eid,
                field=problems[0].field,
                yours=None,
                kept=pulled,
                code="invalid_value",
                message="; ".join(map(str, problems))[:500],
            )
        )

    @staticmethod
    def _set_aside_malformed(s: Session, change: dict[str, Any], exc: Exception) -> None:
        # One malformed change must not block the cursor (and with it every later push): it is
        # set aside and recorded, like a change that breaks a constraint.
        log.warning("pulled change %s malformed: %r", change.get("id"), exc)
        s.add(
            SyncConflict(
                kind="unapplied",
                change_id=str(change.get("id")),
                entity=str(change.get("entity")),
                entity_id=str(change.get("entity_id")),
                field="",
                yours=None,
                kept=change.get("fields"),
                code="malformed",
                message=repr(exc)[:500],
            )
        )

    def _apply_one(
        self, s: Session, change: dict[str, Any], held: dict[str, set[str] | None], held_ids: set[str]
    ) -> int:
        try:
            return self._apply_change(s, change, held, held_ids)
        except (KeyError, TypeError, ValueError) as exc:
            self._set_aside_malformed(s, change, exc)
            return 0

    def _apply_change(
        self, s: Session, change: dict[str, Any], held: dict[str, set[str] | None], held_ids: set[str]
    ) -> int:
        """Apply one pulled change in its own savepoint, a row clashing on a unique value merged
        (or, for a slip's number, renumbered), a change still refused set aside."""
        model = MODELS.get(str(change.get("entity")))
        if model is None:
            log.warning("pulled change of unknown entity %r ignored", change.get("entity"))
            return 0
        entity = model.__tablename__  # type: ignore[attr-defined]
        eid = str(change["entity_id"])
        op = change.get("op")
        obj = s.get(model, eid)
        pulled = change.get("fields") or {}
        # Fields this desk does not know (a newer desk's) are skipped below, not refused.
        problems = (
            []
            if op == "delete"
            else [
                p
                for p in field_problems(
                    entity, {k: v for k, v in pulled.items() if k != "id"}, insert=obj is None
                )
                if p.problem is not Problem.UNKNOWN_FIELD
            ]
        )
        if problems:
            self._set_aside_invalid(s, change, entity, eid, pulled, problems)
            return 0
        if op == "delete":
            if obj is not None:
                s.delete(obj)
                s.flush()
            return 1
        values = self._pulled_values(model, change, obj is not None)
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
                    if entity == "operator":
                        values.setdefault("secret_hash", "")  # cannot sign in here until a PIN is set
                    s.add(model(id=eid, **values))
                else:
                    mine = held.get(eid, set())
                    if mine is None:  # deleted here, not yet pushed: the server decides
                        return 0
                    for name, value in self._hold_local(s, entity, eid, change, values, mine).items():
                        setattr(obj, name, value)
                s.flush()
        except IntegrityError as exc:
            s.expire_all()
            log.warning("pulled change %s not applied: %s", change.get("id"), exc.orig)
            s.add(
                SyncConflict(
                    kind="unapplied",
                    change_id=change.get("id"),
                    entity=str(change.get("entity")),
                    entity_id=eid,
                    field="",
                    yours=None,
                    kept=change.get("fields"),
                    code="unique",
                    message=str(exc.orig)[:500],
                )
            )
            return 0
        return 1

    # -- slip serial blocks ---------------------------------------------------------------

    def serials_left(self, year: int) -> int:
        with self.db.reading() as s:
            return (
                s.scalar(
                    select(func.coalesce(func.sum(SerialBlock.last_seq - SerialBlock.next_seq + 1), 0)).where(
                        SerialBlock.year == year, SerialBlock.next_seq <= SerialBlock.last_seq
                    )
                )
                or 0
            )

    def ensure_serial_blocks(self, report: SyncReport | None = None) -> SyncReport:
        """Keep two unused blocks for this year (and next year's, in December)."""
        report = report or SyncReport()
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
            return (
                s.scalar(
                    select(func.count())
                    .select_from(SerialBlock)
                    .where(SerialBlock.year == year, SerialBlock.next_seq <= SerialBlock.last_seq)
                )
                or 0
            )

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
            pending = compaction.pending_count(s)  # one row, whatever the backlog (migration 0008)
            unseen = (
                s.scalar(select(func.count()).select_from(SyncConflict).where(SyncConflict.seen.is_(False)))
                or 0
            )
        last_ok = conf.get(K_LAST_OK)
        return SyncStatus(
            enrolled=bool(conf.get(K_TOKEN)),
            online=self.online,
            pending=pending,
            last_ok=datetime.fromisoformat(last_ok) if last_ok else None,
            last_error=conf.get(K_LAST_ERROR),
            stopped=bool(conf.get(K_STOPPED)),
            unseen_conflicts=unseen,
            server_url=conf.get(K_SERVER) or "",
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
        yield items[i : i + size]


# Rows that belong to a case (their reception_id names it).
_CASE_CHILDREN = (
    "referral",
    "callback",
    "callback_attempt",
    "chase",
    "extension",
    "case_event",
    "reception_deputy",
)


def _cases_touched(s: Session, changes: list[dict[str, Any]]) -> set[str]:
    touched: set[str] = set()
    lookup: dict[str, set[str]] = {}  # entity -> rows whose case is not in the change
    for c in changes:
        entity, fields = c.get("entity"), c.get("fields") or {}
        if entity == "reception":
            touched.add(str(c.get("entity_id")))
        elif entity in _CASE_CHILDREN:
            rid = fields.get("reception_id") if isinstance(fields, dict) else None
            if rid is None:
                lookup.setdefault(str(entity), set()).add(str(c.get("entity_id")))
            elif isinstance(rid, str):
                touched.add(rid)
    for entity, ids in lookup.items():
        model = MODELS[entity]
        for chunk in _chunks(list(ids), 500):
            touched.update(
                r
                for r in s.scalars(select(model.reception_id).where(model.id.in_(chunk)))  # type: ignore[attr-defined]
                if isinstance(r, str)
            )
    return touched


def _apply_renumber(s: Session, rn: dict[str, Any]) -> bool:
    """A slip whose number another slip of the station already carried takes the number the
    server gave it (docs/sync.md, "Slip numbers that clash"); its old number stays on it
    (`former_serial`), and the clerk is told (a printed slip carries the old one). A deputies'
    suggestion likewise (issue 13)."""
    try:
        serial, seq, year = str(rn["serial"]), int(rn["serial_seq"]), int(rn["serial_year"])
    except (KeyError, TypeError, ValueError):
        return False
    if rn.get("entity") == "suggestion":
        return _apply_suggestion_renumber(s, str(rn.get("entity_id")), serial, seq, year)
    referral = s.get(Referral, str(rn.get("entity_id")))
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


def _apply_suggestion_renumber(s: Session, suggestion_id: str, serial: str, seq: int, year: int) -> bool:
    suggestion = s.get(Suggestion, suggestion_id)
    if suggestion is None or (suggestion.serial, suggestion.serial_seq) == (serial, seq):
        return False
    printed = suggestion.serial
    suggestion.serial, suggestion.serial_seq, suggestion.serial_year = serial, seq, year
    message = f"代表建议 {printed} 的编号已被另一条代表建议使用，改为 {serial}：请按新编号更正已送出的建议"
    told = s.scalar(
        select(SyncConflict).where(SyncConflict.kind == "renumbered", SyncConflict.entity_id == suggestion_id)
    )
    if told is None:
        s.add(
            SyncConflict(
                kind="renumbered",
                change_id=None,
                entity="suggestion",
                entity_id=suggestion_id,
                field="serial",
                yours=printed,
                kept=serial,
                rule="serial_taken",
                code="renumbered",
                message=message,
            )
        )
    else:
        told.kept, told.message, told.seen = serial, message, False
    s.flush()
    return True


def _tell_renumbered(s: Session, referral: Referral, new: str) -> None:
    """One unseen record per slip, naming the number printed on the paper and the final one."""
    printed = referral.former_serial or referral.serial
    message = f"交办单 {printed} 的编号已被同站另一张交办单使用，改为 {new}：请重新打印交办单"
    told = s.scalar(
        select(SyncConflict).where(SyncConflict.kind == "renumbered", SyncConflict.entity_id == referral.id)
    )
    if told is None:
        s.add(
            SyncConflict(
                kind="renumbered",
                change_id=None,
                entity="referral",
                entity_id=referral.id,
                field="serial",
                yours=printed,
                kept=new,
                rule="serial_taken",
                code="renumbered",
                message=message,
            )
        )
    else:
        told.kept, told.message, told.seen = new, message, False


_COLUMN_TYPES: dict[type, dict[str, Any]] = {}


def _columns(model: type[Tracked]) -> dict[str, Any]:
    """A model's attributes and their column types (asked for every pulled change)."""
    found = _COLUMN_TYPES.get(model)
    if found is None:
        found = _COLUMN_TYPES[model] = {c.key: c.columns[0].type for c in model.__mapper__.column_attrs}  # type: ignore[attr-defined]
    return found


def _write_plan(s: Session, plan: dict[tuple[str, str], tuple[str, dict[str, Any] | None]]) -> None:
    """Deletes, then updates, then inserts of a chunk's plan, one executemany per table and set
    of columns, inserts parents first."""
    deletes: dict[str, list[str]] = {}
    updates: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    inserts: dict[tuple[str, tuple[str, ...]], list[dict[str, Any]]] = {}
    for (entity, eid), (what, values) in plan.items():
        if what == "delete":
            deletes.setdefault(entity, []).append(eid)
        elif values:
            group = updates if what == "update" else inserts
            group.setdefault((entity, tuple(sorted(values))), []).append(
                values if what == "insert" else {**values, "_row_id": eid}
            )
    for entity, ids in deletes.items():
        table = Base.metadata.tables[entity]
        for chunk in _chunks(ids, 500):
            s.execute(table.delete().where(table.c.id.in_(chunk)))
    for (entity, _names), rows in updates.items():
        table = Base.metadata.tables[entity]
        # SET takes the columns named by the rows' keys; `_row_id` picks the row.
        s.execute(update(table).where(table.c.id == bindparam("_row_id")), rows)
    # Parents before children (the tables' foreign-key order): with foreign keys deferred, a
    # child written before its parent counts as a violation until the parent comes, and while any
    # is counted SQLite searches the child tables on every later insert of a parent, some of them
    # by columns without an index (a pull of 100k changes became quadratic).
    order = {t.name: n for n, t in enumerate(Base.metadata.sorted_tables)}
    for (entity, _names), rows in sorted(inserts.items(), key=lambda kv: order.get(kv[0][0], 0)):
        s.execute(insert(Base.metadata.tables[entity]), rows)


def _next_chunk(
    changes: list[dict[str, Any]], start: int, size: int, since: int, nxt: int
) -> tuple[list[dict[str, Any]], int]:
    """The changes of a page from `start`, at most `size`, and the cursor to store after them:
    the last one's `seq`, or the page's `next` after its last change. A page whose `seq`s are not
    usable (missing, not increasing within since..next) is applied whole."""
    if start + size >= len(changes):
        return changes[start:], nxt
    try:
        last = int(changes[start + size - 1]["seq"])
        if start == 0:
            seqs = [int(c["seq"]) for c in changes]
            if seqs != sorted(seqs) or not since < seqs[0] or seqs[-1] > nxt:
                return changes, nxt
    except (KeyError, TypeError, ValueError):
        return changes[start:], nxt
    return changes[start : start + size], last


def _from_wire(type_: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(type_, DateTime | Instant) and isinstance(value, str):
        return datetime.fromisoformat(value.replace("Z", "+00:00")).replace(tzinfo=None)
    if isinstance(type_, Date) and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if isinstance(type_, Boolean):
        return bool(value)
    if isinstance(type_, Integer):
        return int(value)
    return value


_UNPUSHED_OF = (
    text(
        "SELECT entity_id, op, changes FROM change_log INDEXED BY ix_change_log_unpushed_entity "
        "WHERE pushed = 0 AND entity_id IN :ids ORDER BY seq"
    )
    .bindparams(bindparam("ids", expanding=True, type_=ChangeLog.entity_id.type))  # ids as stored
    .columns(ChangeLog.entity_id, ChangeLog.op, ChangeLog.changes)
)


def _locally_pending(s: Session, entity_ids: set[str]) -> dict[str, set[str] | None]:
    """Fields of these rows changed here and not yet pushed (None: the row was deleted here).

    Through the partial index of the unpushed rows (ix_change_log_unpushed_entity), named: left
    to itself SQLite takes ix_change_log_pending (pushed = 0), a scan of the whole backlog for
    every page pulled. The cost follows the ids asked, not the backlog."""
    held: dict[str, set[str] | None] = {}
    ids = list(entity_ids)
    for chunk in _chunks(ids, 500):
        rows = s.execute(_UNPUSHED_OF, {"ids": chunk})
        for eid, op, changes in rows:
            if op == "delete":
                held[eid] = None
            elif held.get(eid, set()) is not None:
                held.setdefault(eid, set()).update(changes or {})  # type: ignore[union-attr]
    return held


def _held_values(s: Session, entity_ids: set[str]) -> dict[tuple[str, str, str], list[SyncConflict]]:
    """Values pulled while a local change of these rows waited (kind `held`), by (entity, row,
    field), oldest first: one query per 500 rows, none when nothing is held at all."""
    found: dict[tuple[str, str, str], list[SyncConflict]] = {}
    if (
        not entity_ids
        or s.scalar(select(SyncConflict.id).where(SyncConflict.kind == "held").limit(1)) is None
    ):
        return found
    for chunk in _chunks(list(entity_ids), 500):
        for row in s.scalars(
            select(SyncConflict)
            .where(SyncConflict.kind == "held", SyncConflict.entity_id.in_(chunk))
            .order_by(SyncConflict.id)
        ):
            found.setdefault((row.entity, row.entity_id, row.field), []).append(row)
    return found


# The desk's own station changes do not travel (the station row is the server's): marked pushed
# through ix_change_log_entity (`+pushed`: not through ix_change_log_pending, which would walk
# every unpushed entry of the desk, 378k of a standalone 100k-case desk, to find one or two).
_MARK_STATION_CHANGES = text("UPDATE change_log SET pushed = 1 WHERE entity = 'station' AND +pushed = 0")


def renamed_ids(s: Session) -> dict[str, str]:
    """{id a logged change may still name: the id that row has now}: the station ids enrolment
    replaced (K_STATION_IDS) and the rows the server rekeyed (K_REKEYED_IDS)."""
    found = dict((s.get(Setting, K_STATION_IDS) or Setting(value=None)).value or {})
    found.update(rekeyed_ids(s))
    return found


def _remember_rekey(s: Session, old: str, new: str) -> None:
    """Add old -> new to K_REKEYED_IDS; an id the map already gives as `old` now goes to `new`."""
    row = s.get(Setting, K_REKEYED_IDS)
    mapped = {k: (new if v == old else v) for k, v in rekeyed_ids(s).items()}
    mapped[old] = new
    mapped.pop(new, None)  # a row given back its own id
    if row is None:
        s.add(Setting(key=K_REKEYED_IDS, value=mapped))
    else:
        row.value = mapped


def _pushed_form(value: Any, renamed: dict[str, str]) -> Any:
    """`value` (a logged change's fields, or one of its ids) with each station id of `renamed`
    (K_STATION_IDS) given as the id it has now, however deep: what enrolment once did to the
    log's text with `replace()`, done to the one change being pushed."""
    if isinstance(value, str):
        return renamed.get(value, value)
    if isinstance(value, list):
        return [_pushed_form(v, renamed) for v in value]
    if isinstance(value, dict):
        return {renamed.get(k, k): _pushed_form(v, renamed) for k, v in value.items()}
    return value


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


def rewrite_id(s: Session, entity: str, old: str, new: str, *, log: bool = True) -> None:
    """Give the row `entity`/`old` the id `new` everywhere: the row, foreign keys, and the change
    log: entries still to push take `new` as their row id here, and their fields take it when they
    are read to be pushed (K_REKEYED_IDS, as enrolment's station ids: K_STATION_IDS, with
    `log=False`). If a row `new` is already here (pulled before), the local row merges into it.
    Foreign keys are checked at commit."""
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
    if log:
        s.execute(
            text(
                "UPDATE change_log SET entity_id = :new "
                "WHERE entity = :entity AND entity_id = :old AND pushed = 0"
            ),
            {"new": id_param(new), "old": id_param(old), "entity": entity},
        )
        # The entries' text is left as written (a replace() over every unpushed entry's JSON
        # was ~1 s at 378k waiting): the push reads it through the map.
        s.expire_all()  # (before the setting's write: expiring drops an unflushed change)
        _remember_rekey(s, old, new)
        s.flush()
        return
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


def _settle_fields(
    s: Session,
    kept_changes: list[dict[str, Any]],
    refused: list[tuple[dict[str, Any], Any]],
    conflicts: list[dict[str, Any]],
) -> None:
    """After a push answer: make the desk hold what the server holds.

    A field that lost (a conflict) takes the server's `current` value (or `kept`); a refused
    change gives back the server's `current` values, or else the value pulled while it waited
    ("held"); a field still changed here and not pushed stays as it is.
    """
    s.flush()
    # Only a refusal or a conflict sets a field here: only their rows are asked about.
    still_mine = _locally_pending(
        s, {c["entity_id"] for c, _ in refused} | {str(c.get("entity_id")) for c in conflicts}
    )
    held = _held_values(s, {c["entity_id"] for c in kept_changes} | {c["entity_id"] for c, _ in refused})

    def pending(eid: str, name: str) -> bool:
        mine = still_mine.get(eid, set())
        return mine is None or name in mine

    for change, current in refused:
        for name in change["fields"]:
            rows = held.pop((change["entity"], change["entity_id"], name), [])
            if not pending(change["entity_id"], name):
                if isinstance(current, dict) and name in current:
                    _set_field(s, change["entity"], change["entity_id"], name, current[name])
                elif rows:
                    _set_field(s, change["entity"], change["entity_id"], name, rows[-1].kept)
            for row in rows:
                s.delete(row)
    if held:
        for change in kept_changes:
            for name in change["fields"]:
                for row in held.pop((change["entity"], change["entity_id"], name), []):
                    s.delete(row)
    for c in conflicts:
        eid, name = str(c.get("entity_id")), str(c.get("field"))
        if not pending(eid, name):
            _set_field(s, str(c.get("entity")), eid, name, c.get("current", c.get("kept")))
    s.flush()


def _unique_column_sets(model: type[Tracked]) -> list[list[str]]:
    table = model.__table__  # type: ignore[attr-defined]
    sets = [
        [c.name for c in cons.columns] for cons in table.constraints if isinstance(cons, UniqueConstraint)
    ]
    sets += [[c.name for c in ix.columns] for ix in table.indexes if ix.unique]
    sets += [[c.name] for c in table.columns if c.unique]
    return [cols for cols in sets if cols and cols != ["id"]]


def _clashing_row(s: Session, model: type[Tracked], eid: str, values: dict[str, Any]) -> str | None:
    """A local row that holds the unique values a pulled insert brings (the same category made on
    two desks, a slip for the same round of a case), or None."""
    table = model.__table__  # type: ignore[attr-defined]
    for cols in _unique_column_sets(model):
        if all(values.get(c) is not None for c in cols):
            row = s.execute(
                select(table.c.id).where(*(table.c[c] == values[c] for c in cols), table.c.id != eid)
            ).first()
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
    top = (
        s.scalar(
            select(func.max(Referral.serial_seq)).where(
                Referral.station_id == local.station_id, Referral.serial_year == local.serial_year
            )
        )
        or 0
    )
    seq = max(top, int(values.get("serial_seq") or 0)) + 1
    old = local.serial
    station = s.get(Station, local.station_id)
    new = (
        format_serial(station.serial_pattern, station.short_name, local.serial_year, seq)
        if station
        else f"{old}*"
    )
    local.former_serial = local.former_serial or old
    local.serial, local.serial_seq = new, seq
    reception = s.get(Reception, local.reception_id)
    if reception is not None and reception.serial == old:
        reception.serial = new
    _tell_renumbered(s, local, new)
    s.flush()


def _merge_into(
    s: Session, model: type[Tracked], local_id: str, pulled_id: str, change: dict[str, Any]
) -> None:
    """The pulled row is the same thing as a local one: the local one takes the pulled id (its
    references and unpushed changes follow). Its own insert, not pushed yet, is superseded, as
    the server does on a rekey; what it held is kept in the conflict record."""
    entity = model.__tablename__  # type: ignore[attr-defined]
    table = model.__table__  # type: ignore[attr-defined]
    row = s.execute(select(table).where(table.c.id == local_id)).mappings().first()
    own_insert = s.scalar(
        select(ChangeLog).where(
            ChangeLog.entity == entity, ChangeLog.entity_id == local_id, ChangeLog.op == "insert"
        )
    )
    if own_insert is not None and not own_insert.pushed:
        own_insert.pushed = True
    directory = entity in ("category", "handling_unit", "deputy")
    s.add(
        SyncConflict(
            kind="merged",
            change_id=change.get("id"),
            entity=entity,
            entity_id=pulled_id,
            field="",
            yours={k: _to_wire(v) for k, v in dict(row or {}).items()},
            kept=None,
            rule="same_" + ("name" if directory else "record"),
            code="merged",
            message=f"local {local_id} merged into {pulled_id}",
            seen=directory,
        )
    )
    s.flush()
    if entity == "referral" and row is not None:
        _drop_displaced_copy(s, dict(row))
    rewrite_id(s, entity, local_id, pulled_id)
    s.execute(
        update(ChangeLog)
        .where(
            ChangeLog.entity == entity,
            ChangeLog.entity_id == pulled_id,
            ChangeLog.op == "insert",
            ChangeLog.pushed.is_(False),
        )
        .values(pushed=True)
    )


def _foreign_keys(table_name: str) -> list[tuple[str, str]]:
    """(column, parent table) of each foreign key of a table."""
    table = Base.metadata.tables[table_name]
    return [(fk.parent.name, fk.column.table.name) for fk in table.foreign_keys if fk.column.name == "id"]


def _repair_dangling(s: Session, changes: list[dict[str, Any]]) -> None:
    """A pulled row whose parent this desk does not have (the parent was refused, or is out of
    scope) would fail the commit at every try. Keep the row, without the link when the link may
    be empty, otherwise set the row aside in the conflict record: never block the pull.

    Only what these changes can have broken is looked at (the rows they wrote, and the rows that
    named a row they deleted), a few indexed queries, not a check of the whole database."""
    s.flush()
    written: dict[str, set[str]] = {}
    gone: dict[str, set[str]] = {}
    for c in changes:
        entity = c.get("entity")
        if entity in MODELS and isinstance(c.get("entity_id"), str):
            (gone if c.get("op") == "delete" else written).setdefault(str(entity), set()).add(c["entity_id"])
    while written or gone:
        # One statement: every link these rows hold, and every link to a row deleted here, that
        # names no row.
        parts, params = [], {}
        for table_name, ids in written.items():
            params[f"w_{table_name}"] = json.dumps(sorted(ids))
            for column, parent in _foreign_keys(table_name):
                parts.append(
                    f"SELECT '{table_name}', t.id, '{column}', '{parent}' FROM \"{table_name}\" AS t "
                    f"WHERE t.id IN (SELECT {ID_SQL}(value) FROM json_each(:w_{table_name})) "
                    f'AND t."{column}" IS NOT NULL AND NOT EXISTS '
                    f'(SELECT 1 FROM "{parent}" AS p WHERE p.id = t."{column}")'
                )
        for parent, ids in gone.items():
            params[f"g_{parent}"] = json.dumps(sorted(ids))
            for table in Base.metadata.sorted_tables:
                for column, parent_table in _foreign_keys(table.name):
                    if parent_table == parent:
                        parts.append(
                            f"SELECT '{table.name}', t.id, '{column}', '{parent}' FROM \"{table.name}\" AS t "
                            f'WHERE t."{column}" IN (SELECT {ID_SQL}(value) FROM json_each(:g_{parent})) '
                            f'AND NOT EXISTS (SELECT 1 FROM "{parent}" AS p WHERE p.id = t."{column}")'
                        )
        problems: list[tuple[str, str, str, str]] = []  # (table, row id, column, parent table)
        if parts:
            problems = [
                (str(a), str(id_value(b)), str(c), str(d))  # (raw SQL: the row id as stored)
                for a, b, c, d in s.execute(text(" UNION ALL ".join(parts)), params)
            ]
        written, gone = {}, {}
        for table_name, rid, column, parent in dict.fromkeys(problems):
            table = Base.metadata.tables[table_name]
            row = s.execute(select(table).where(table.c.id == rid)).mappings().first()
            if row is None:
                continue
            data = {k: _to_wire(v) for k, v in dict(row).items()}
            s.add(
                SyncConflict(
                    kind="orphan",
                    change_id=None,
                    entity=table_name,
                    entity_id=rid,
                    field=column,
                    yours=data,
                    kept=None,
                    rule="missing_" + parent,
                    code="orphan",
                    message=f"{table_name}.{column} -> missing {parent}",
                )
            )
            if table.c[column].nullable:
                s.execute(update(table).where(table.c.id == rid).values({column: None}))
            else:
                s.execute(table.delete().where(table.c.id == rid))
                gone.setdefault(table_name, set()).add(rid)  # rows naming it are orphans now
        s.flush()


def _drop_displaced_copy(s: Session, slip: dict[str, Any]) -> None:
    """A local slip lost its round to another desk's slip: the case's unpushed copy of it (serial,
    unit, deadline) must not go up over the kept slip's."""
    copy = {
        "serial": slip["serial"],
        "unit_id": slip["handling_unit_id"],
        "reply_due": _to_wire(slip["reply_due"]),
    }
    renamed = renamed_ids(s)
    for entry in s.scalars(
        select(ChangeLog).where(
            ChangeLog.entity == "reception",
            ChangeLog.entity_id == slip["reception_id"],
            ChangeLog.pushed.is_(False),
        )
    ):
        fields = dict(entry.changes)
        for name, value in copy.items():
            # (a unit the server rekeyed is still named by its former id in the entry's text)
            if name in fields and _pushed_form(fields[name][1], renamed) == value:
                del fields[name]
        if fields != entry.changes:
            entry.changes = fields
            if not fields:
                entry.pushed = True
    s.flush()
