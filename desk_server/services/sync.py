"""Push and pull (docs/sync.md): exactly once, scoped, field-merged, checked by the lifecycle.

A push is applied in one transaction. On PostgreSQL it first takes a transaction-level advisory
lock, so pushes apply one at a time and `change.seq` values become visible in increasing order
(a pull never skips a change that commits late with a lower seq). SQLite serializes writers
anyway (BEGIN IMMEDIATE).

Everything is decided in memory over the rows the batch touches (one query per entity), then
written with bulk statements: a 1,000-change batch is a handful of statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, String, bindparam, cast, func, insert, select, text
from sqlalchemy.orm import Session

from desk_app.domain.lifecycle import (
    REFUSAL_EN,
    CaseStatus,
    IllegalMove,
    NoSuchMove,
    check_status_change,
)
from desk_server import jsonio
from desk_server.errors import ApiError
from desk_server.models import (
    Change,
    Conflict,
    Desk,
    Receipt,
    Record,
    Rekey,
    RoundUsed,
    SerialCounter,
    SerialUsed,
    Station,
)

PUSH_LOCK_KEY = 0x5D35C  # pg_advisory_xact_lock key of the push apply

STATION_FIELD = {"reception", "referral", "duty_group", "duty_slot", "rota_assignment", "deputy_visit"}
PARENT_FIELD = {"reception_deputy": ("reception", "reception_id"), "callback": ("reception", "reception_id"),
                "duty_group_member": ("duty_group", "group_id")}
DIRECTORIES = {"deputy", "category", "handling_unit", "deputy_unavailable"}
# Directory entries with a unique name on the desk: an insert under a name the district has is rekeyed.
REKEYED_BY_NAME = {"category", "handling_unit"}
ENTITIES = {"station", "operator"} | STATION_FIELD | set(PARENT_FIELD) | DIRECTORIES
# Fields that decide a row's scope: a desk may not move a row to another scope.
SCOPE_FIELDS = {"station_id", "reception_id", "group_id"}
OPS = {"insert", "update", "delete"}

RULE_LATER_WINS = "later_edit_wins"
REDACTED_FIELDS = {"secret_hash"}


@dataclass(slots=True)
class _Rec:
    entity: str
    entity_id: str
    district_id: str
    station_id: str | None
    data: dict[str, Any]
    meta: dict[str, Any]
    deleted: bool
    new: bool = False
    dirty: bool = False


@dataclass
class _Batch:
    accepted: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rekeys: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    change_rows: list[dict[str, Any]] = field(default_factory=list)
    receipt_rows: list[dict[str, Any]] = field(default_factory=list)
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        # The server's values of the refused change's fields, when the row exists.
        self.current: dict[str, Any] | None = None


def _malformed(message: str) -> ApiError:
    return ApiError(400, "malformed", message)


def _out_of_scope(message: str) -> ApiError:
    return ApiError(403, "out_of_scope", message)


def lock_for_push(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK_KEY})


def _among(session: Session, column: Any, values: Any) -> Any:
    """`column IN values` with the values as one JSON array parameter: the statement compiles once
    and is cached, where `in_()` of 1,000 values renders 1,000 bound parameters into a new SQL
    string on every push (a tenth of a push's time), and psycopg quotes an array element by element."""
    ids = bindparam(None, jsonio.dumps(list(values)), type_=String)
    if session.get_bind().dialect.name == "postgresql":
        return column.in_(select(func.json_array_elements_text(cast(ids, JSON))))
    return column.in_(select(func.json_each(ids).table_valued("value").c.value))


_KEY_FIELDS = frozenset({"station_id", "reception_id", "group_id", "name", "serial_year", "serial_seq",
                         "round_no"})


def _validate(changes: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for c in changes:
        if c["entity"] not in ENTITIES:
            raise _malformed(f"unknown entity {c['entity']!r}")
        if c["op"] not in OPS:
            raise _malformed(f"unknown op {c['op']!r}")
        if c["id"] in seen:
            raise _malformed(f"change {c['id']} appears twice in the batch")
        seen.add(c["id"])
        fields = c["fields"]
        if set(map(type, fields.values())) - {list} or set(map(len, fields.values())) - {2}:
            for name, pair in fields.items():
                if not isinstance(pair, list) or len(pair) != 2:
                    raise _malformed(f"field {name!r} of change {c['id']} is not [old, new]")
        # These values become set members and dict keys (scope, rekeys, serials): plain scalars only.
        for name in _KEY_FIELDS.intersection(fields):
            if not isinstance(fields[name][1], str | int | None):
                raise _malformed(f"field {name!r} of change {c['id']} must be a string or a number")


@dataclass(frozen=True, slots=True)
class _DeskView:
    """The pushing desk's identity as plain attributes (read per change: ORM attributes are slower)."""

    id: str
    district_id: str
    station_id: str | None


class _Applier:
    def __init__(self, session: Session, desk: Desk) -> None:
        self.session = session
        self.desk = _DeskView(desk.id, desk.district_id, desk.station_id)
        self.recs: dict[tuple[str, str], _Rec | None] = {}
        self.rekey: dict[str, str] = {}
        self.out = _Batch()
        self.district_stations: set[str] = set()
        self.names: dict[str, dict[str, str]] = {}  # entity -> name -> id (rekeyed directories)
        self.rounds: dict[tuple[str, int], str] = {}
        self.serials: dict[tuple[str, int, int], str] = {}
        self.new_rounds: list[dict[str, Any]] = []
        self.new_serials: list[dict[str, Any]] = []
        self.serial_high: dict[tuple[str, int], int] = {}

    # -- loading --------------------------------------------------------------------------------

    def _map(self, value: Any) -> Any:
        return self.rekey.get(value, value) if self.rekey and isinstance(value, str) else value

    def load(self, changes: list[dict[str, Any]]) -> None:
        s = self.session
        d = self.desk.district_id
        self.rekey = dict(s.execute(select(Rekey.from_id, Rekey.to_id).where(Rekey.district_id == d)).all())
        if self.desk.station_id is None:
            self.district_stations = set(s.scalars(select(Station.id).where(Station.district_id == d)))
        wanted: dict[str, set[str]] = {}
        for c in changes:
            wanted.setdefault(c["entity"], set()).add(self._map(c["entity_id"]))
            parent = PARENT_FIELD.get(c["entity"])
            if parent and parent[1] in c["fields"]:
                wanted.setdefault(parent[0], set()).add(self._map(c["fields"][parent[1]][1]))
        for entity, ids in wanted.items():
            self._load_records(entity, ids)
        if any(c["entity"] in REKEYED_BY_NAME and c["op"] == "insert" for c in changes):
            for entity in REKEYED_BY_NAME:
                rows = s.execute(select(Record.entity_id, Record.data).where(
                    Record.district_id == d, Record.entity == entity, Record.deleted.is_(False)))
                self.names[entity] = {data.get("name"): eid for eid, data in rows if data.get("name")}

    def _load_records(self, entity: str, ids: set[str]) -> None:
        s = self.session
        # Plain rows, not ORM objects: nothing to track, the batch writes them back in bulk.
        for rec in s.execute(select(
                Record.entity, Record.entity_id, Record.district_id, Record.station_id, Record.data,
                Record.meta, Record.deleted).where(Record.entity == entity, _among(s, Record.entity_id, ids))):
            self.recs[(entity, rec.entity_id)] = _Rec(
                rec.entity, rec.entity_id, rec.district_id, rec.station_id, dict(rec.data),
                dict(rec.meta), bool(rec.deleted))

    # -- scope ----------------------------------------------------------------------------------

    def _station_allowed(self, station_id: Any) -> bool:
        if self.desk.station_id is not None:
            return station_id == self.desk.station_id
        return station_id in self.district_stations

    def _check_rec_scope(self, rec: _Rec) -> None:
        if rec.district_id != self.desk.district_id:
            raise _out_of_scope(f"{rec.entity} {rec.entity_id} belongs to another district")
        if rec.station_id is not None and not self._station_allowed(rec.station_id):
            raise _out_of_scope(f"{rec.entity} {rec.entity_id} belongs to another station")

    def _new_scope(self, c: dict[str, Any]) -> str | None:
        """The station of a row the server has not seen (None: district-scoped)."""
        entity, fields = c["entity"], c["fields"]
        if entity == "station":
            if not self._station_allowed(c["entity_id"]):
                raise _out_of_scope(f"station {c['entity_id']} is not this desk's")
            return c["entity_id"]
        if entity in STATION_FIELD:
            station_id = fields.get("station_id", [None, None])[1]
            if station_id is None:
                raise _Refused("missing_station", f"{entity} {c['entity_id']} has no station_id")
            if not self._station_allowed(station_id):
                raise _out_of_scope(f"{entity} {c['entity_id']} names another station")
            return station_id
        if entity in PARENT_FIELD:
            parent_entity, key = PARENT_FIELD[entity]
            parent_id = fields.get(key, [None, None])[1]
            parent = self.recs.get((parent_entity, parent_id))
            if parent is None:
                raise _Refused("unknown_parent", f"{entity} {c['entity_id']}: no {parent_entity} {parent_id}")
            self._check_rec_scope(parent)
            return parent.station_id
        if entity == "operator":
            return self.desk.station_id
        return None  # directories

    # -- applying -------------------------------------------------------------------------------

    def apply(self, c: dict[str, Any]) -> None:
        if self.rekey:
            c["entity_id"] = self._map(c["entity_id"])
            for pair in c["fields"].values():
                pair[1] = self._map(pair[1])
        key = (c["entity"], c["entity_id"])
        rec = self.recs.get(key)
        if rec is not None:
            self._check_rec_scope(rec)
            for name in SCOPE_FIELDS & c["fields"].keys():
                if c["fields"][name][1] != rec.data.get(name):
                    raise _out_of_scope(f"{c['entity']} {c['entity_id']}: {name} may not change")
        try:
            if rec is None:
                if c["op"] != "insert":
                    raise _Refused("unknown_record", f"{c['entity']} {c['entity_id']} is unknown here")
                self._insert(c)
            elif c["op"] == "delete":
                self._delete(c, rec)
            else:
                self._update(c, rec)
        except _Refused as refused:
            self.out.rejected.append({"id": c["id"], "code": refused.code, "message": refused.message,
                                      "current": refused.current})
            self.out.receipt_rows.append({"change_id": c["id"], "desk_id": self.desk.id,
                                          "outcome": "rejected", "code": refused.code,
                                          "message": refused.message,
                                          "change": {**c, "current": refused.current}})

    def _log(self, c: dict[str, Any], rec: _Rec, kept: dict[str, Any]) -> None:
        self.out.accepted.append(c["id"])
        self.out.change_rows.append({
            "id": c["id"], "desk_id": self.desk.id, "entity": c["entity"], "entity_id": c["entity_id"],
            "op": c["op"], "fields": kept, "operator_id": c.get("operator_id"), "at": c["at"],
            "district_id": rec.district_id, "station_id": rec.station_id})

    def _insert(self, c: dict[str, Any]) -> None:
        entity, fields = c["entity"], c["fields"]
        if entity in REKEYED_BY_NAME:
            name = fields.get("name", [None, None])[1]
            existing = self.names.get(entity, {}).get(name)
            if existing is not None and existing != c["entity_id"]:
                self._rekey(c, existing)
                return
        station_id = self._new_scope(c)
        if entity == "referral":
            self._claim_referral(c, station_id)
        data = {k: v[1] for k, v in fields.items()}
        if not REDACTED_FIELDS.isdisjoint(data):
            data.update(dict.fromkeys(REDACTED_FIELDS & data.keys()))
        stamp = [c["at"], self.desk.id, c["id"]]
        # "*": the stamp of every field not stamped on its own (all of them, after an insert).
        rec = _Rec(entity, c["entity_id"], self.desk.district_id, station_id, data,
                   {"*": stamp}, False, new=True, dirty=True)
        self.recs[(entity, c["entity_id"])] = rec
        if entity in REKEYED_BY_NAME and data.get("name"):
            self.names.setdefault(entity, {})[data["name"]] = c["entity_id"]
        self._log(c, rec, data)

    def _rekey(self, c: dict[str, Any], to_id: str) -> None:
        from_id = c["entity_id"]
        self.rekey[from_id] = to_id
        if (c["entity"], to_id) not in self.recs:
            # Later changes of this batch to the rekeyed row now address the kept one: load it.
            self._load_records(c["entity"], {to_id})
        self.session.add(Rekey(district_id=self.desk.district_id, from_id=from_id, entity=c["entity"],
                               to_id=to_id, change_id=c["id"]))
        self.out.accepted.append(c["id"])
        self.out.rekeys.append({"entity": c["entity"], "from": from_id, "to": to_id})
        self.out.receipt_rows.append({"change_id": c["id"], "desk_id": self.desk.id, "outcome": "rekeyed",
                                      "code": "rekeyed", "message": f"kept {to_id}", "change": c})

    def _claim_referral(self, c: dict[str, Any], station_id: str | None) -> None:
        f = c["fields"]
        reception_id = f.get("reception_id", [None, None])[1]
        round_no = f.get("round_no", [None, None])[1]
        year = f.get("serial_year", [None, None])[1]
        seq = f.get("serial_seq", [None, None])[1]
        s = self.session
        if reception_id is not None and isinstance(round_no, int):
            rkey = (reception_id, round_no)
            if rkey not in self.rounds:
                self.rounds[rkey] = s.scalar(select(RoundUsed.referral_id).where(
                    RoundUsed.reception_id == reception_id, RoundUsed.round_no == round_no))
            holder = self.rounds[rkey]
            if holder is not None and holder != c["entity_id"]:
                raise _Refused("round_taken", f"round {round_no} of this case already has slip {holder}")
        if station_id is not None and isinstance(year, int) and isinstance(seq, int):
            skey = (station_id, year, seq)
            if skey not in self.serials:
                self.serials[skey] = s.scalar(select(SerialUsed.referral_id).where(
                    SerialUsed.station_id == station_id, SerialUsed.year == year, SerialUsed.seq == seq))
            holder = self.serials[skey]
            if holder is not None and holder != c["entity_id"]:
                raise _Refused("serial_taken", f"slip number {year}-{seq} is already used by {holder}")
            if holder is None:
                self.serials[skey] = c["entity_id"]
                self.new_serials.append({"station_id": station_id, "year": year, "seq": seq,
                                         "referral_id": c["entity_id"]})
                hkey = (station_id, year)
                self.serial_high[hkey] = max(self.serial_high.get(hkey, 0), seq)
        if reception_id is not None and isinstance(round_no, int) and self.rounds.get(
                (reception_id, round_no)) is None:
            self.rounds[(reception_id, round_no)] = c["entity_id"]
            self.new_rounds.append({"reception_id": reception_id, "round_no": round_no,
                                    "referral_id": c["entity_id"]})

    def _delete(self, c: dict[str, Any], rec: _Rec) -> None:
        if not rec.deleted:
            rec.deleted = True
            rec.dirty = True
            if rec.entity in REKEYED_BY_NAME:
                names = self.names.get(rec.entity, {})
                if names.get(rec.data.get("name")) == rec.entity_id:
                    del names[rec.data["name"]]
        self._log(c, rec, {})

    def _update(self, c: dict[str, Any], rec: _Rec) -> None:
        if rec.deleted:
            raise _Refused("record_deleted", f"{c['entity']} {c['entity_id']} was deleted")
        fields = c["fields"]
        kept: dict[str, Any] = {}
        if rec.entity == "reception" and "status" in fields:
            try:
                self._check_status(rec, fields["status"][1])
            except _Refused as refused:
                refused.current = {k: rec.data.get(k) for k in fields if k not in REDACTED_FIELDS}
                raise
        stamp = [c["at"], self.desk.id, c["id"]]
        for name, (_old, new) in fields.items():
            if name in REDACTED_FIELDS:
                continue
            current = rec.data.get(name)
            if rec.entity == "reception" and name == "status":
                wins = True  # the lifecycle decided (above), not the clock
            else:
                wins = self._wins(stamp, _stamp(rec.meta, name))
            if wins:
                rec.data[name] = new
                rec.meta[name] = stamp
                kept[name] = new
                rec.dirty = True
            elif new != current:
                conflict = {"change_id": c["id"], "entity": rec.entity, "entity_id": rec.entity_id,
                            "field": name, "yours": new, "kept": current, "rule": RULE_LATER_WINS}
                self.out.conflicts.append(conflict)
                self.out.conflict_rows.append({**conflict, "desk_id": self.desk.id})
        self._log(c, rec, kept)

    def _wins(self, stamp: list[str], held: list[str] | None) -> bool:
        """Later desk time wins a field; a tie goes to the greater desk id; a desk never loses to itself."""
        if held is None or held[1] == stamp[1]:
            return True
        return (stamp[0], stamp[1]) >= (held[0], held[1])


    def _check_status(self, rec: _Rec, new: Any) -> None:
        try:
            current = CaseStatus(rec.data.get("status"))
            target = CaseStatus(new)
        except ValueError as exc:
            raise _Refused("illegal_transition", f"unknown status: {exc}") from exc
        try:
            check_status_change(current, target)
        except IllegalMove as exc:
            raise _Refused("illegal_transition",
                           f"{exc.refusal.value}: {REFUSAL_EN[exc.refusal]}") from exc
        except NoSuchMove as exc:
            raise _Refused("illegal_transition", str(exc)) from exc

    # -- writing --------------------------------------------------------------------------------

    def write(self) -> None:
        s = self.session
        out = self.out
        new = [r for r in self.recs.values() if r is not None and r.new]
        dirty = [r for r in self.recs.values() if r is not None and r.dirty and not r.new]
        conn = s.connection()
        dumped: dict[int, str] = {}  # an insert's fields and its new row are the same dict
        if out.change_rows:
            rows = []
            for row in out.change_rows:
                fields = dumped[id(row["fields"])] = _dumps(row["fields"])
                rows.append((row["id"], row["desk_id"], row["entity"], row["entity_id"], row["op"], fields,
                             row["operator_id"], row["at"], row["district_id"], row["station_id"]))
            _bulk_insert(conn, "change", _CHANGE_COLUMNS, rows)
        if new:
            rows = [(r.entity, r.entity_id, r.district_id, r.station_id,
                     dumped.get(id(r.data)) or _dumps(r.data), _dumps(r.meta), r.deleted) for r in new]
            _bulk_insert(conn, "record", _RECORD_COLUMNS, rows)
        if dirty:
            _bulk_update_records(conn, [(r.entity, r.entity_id, _dumps(r.data), _dumps(r.meta), r.deleted)
                                        for r in dirty])
        if out.receipt_rows:
            s.execute(insert(Receipt), out.receipt_rows)
        if out.conflict_rows:
            s.execute(insert(Conflict), out.conflict_rows)
        if self.new_rounds:
            s.execute(insert(RoundUsed), self.new_rounds)
        if self.new_serials:
            s.execute(insert(SerialUsed), self.new_serials)
        for (station_id, year), high in self.serial_high.items():
            raise_serial_counter(session=s, station_id=station_id, year=year, at_least=high + 1)


# The big writes of a push, with JSON serialized once here (no per-value type processing): this is
# most of what makes a 1,000-change batch cheap. On PostgreSQL the inserts are a COPY and the
# update one statement over arrays (psycopg's executemany costs ~50 us of Python per row); on
# SQLite, executemany is the C loop of the sqlite3 module already.
_CHANGE_COLUMNS = ("id", "desk_id", "entity", "entity_id", "op", "fields", "operator_id", "at",
                   "district_id", "station_id")
_RECORD_COLUMNS = ("entity", "entity_id", "district_id", "station_id", "data", "meta", "deleted")


def _bulk_insert(conn: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Insert rows in their order (a COPY keeps it: `change.seq` follows the batch)."""
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        with conn.connection.dbapi_connection.cursor() as cur, \
                cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    marks = ", ".join("?" * len(columns))
    conn.exec_driver_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', rows)


def _bulk_update_records(conn: Any, rows: list[tuple[str, str, str, str, bool]]) -> None:
    """Write back (entity, entity_id, data, meta, deleted) of rows the batch changed."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "UPDATE record AS r SET data = u.data::json, meta = u.meta::json, deleted = u.deleted "
            "FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::bool[]) "
            "AS u(entity, entity_id, data, meta, deleted) "
            "WHERE r.entity = u.entity AND r.entity_id = u.entity_id",
            tuple(list(column) for column in zip(*rows, strict=True)))
        return
    conn.exec_driver_sql("UPDATE record SET data = ?, meta = ?, deleted = ? WHERE entity = ? AND entity_id = ?",
                         [(data, meta, deleted, entity, entity_id) for entity, entity_id, data, meta, deleted in rows])


_dumps = jsonio.dumps


def raise_serial_counter(*, session: Session, station_id: str, year: int, at_least: int) -> int:
    """Make sure the next number granted for (station, year) is >= at_least; the counter's value."""
    counter = session.get(SerialCounter, (station_id, year))
    if counter is None:
        counter = SerialCounter(station_id=station_id, year=year, next_free=at_least)
        session.add(counter)
    elif counter.next_free < at_least:
        counter.next_free = at_least
    session.flush()
    return counter.next_free


def _replayed(session: Session, desk: Desk, ids: list[str], out: _Batch) -> set[str]:
    """Changes of this batch the server has answered before: their earlier answer, again."""
    done = set(session.scalars(select(Change.id).where(_among(session, Change.id, ids))))
    receipts = list(session.scalars(select(Receipt).where(_among(session, Receipt.change_id, ids))))
    for r in receipts:
        if r.outcome == "rejected":
            out.rejected.append({"id": r.change_id, "code": r.code, "message": r.message,
                                 "current": r.change.get("current")})
        else:
            done.add(r.change_id)
    if receipts:
        for rk in session.scalars(select(Rekey).where(_among(session, Rekey.change_id, [r.change_id for r in receipts]))):
            out.rekeys.append({"entity": rk.entity, "from": rk.from_id, "to": rk.to_id})
    if done:
        for cf in session.scalars(select(Conflict).where(_among(session, Conflict.change_id, done))):
            out.conflicts.append({"change_id": cf.change_id, "entity": cf.entity, "entity_id": cf.entity_id,
                                  "field": cf.field, "yours": cf.yours, "kept": cf.kept, "rule": cf.rule})
    out.duplicates.extend(i for i in ids if i in done)
    return done | {r.change_id for r in receipts}


def push(*, session: Session, desk: Desk, changes: list[dict[str, Any]]) -> dict[str, Any]:
    """Apply one batch (the caller commits); the answer of docs/sync.md."""
    _validate(changes)
    lock_for_push(session)
    applier = _Applier(session, desk)
    answered = _replayed(session, desk, [c["id"] for c in changes], applier.out)
    fresh = [c for c in changes if c["id"] not in answered]
    if fresh:
        applier.load(fresh)
        for c in fresh:
            applier.apply(c)
        applier.write()
    out = applier.out
    _settle(session, out)
    return {"accepted": out.accepted, "duplicates": out.duplicates, "rejected": out.rejected,
            "rekeys": out.rekeys, "conflicts": out.conflicts}


def _settle(session: Session, out: _Batch) -> None:
    """Give each conflict the value the server holds at the end of the batch (`current`).

    `kept` is what beat the desk's value at the time; a later change of the same batch may have
    changed the field again, so the desk sets its field to `current`, not to `kept`.
    """
    keys = {(c["entity"], c["entity_id"]) for c in out.conflicts}
    rows = _current_rows(session, keys) if keys else {}
    for c in out.conflicts:
        row = rows.get((c["entity"], c["entity_id"]))
        c["current"] = row.data.get(c["field"]) if row is not None else None


def _scope_filter(stmt: Any, desk: Desk, own_after: int | None = None) -> Any:
    stmt = stmt.where(Change.district_id == desk.district_id)
    if desk.station_id is not None:
        stmt = stmt.where((Change.station_id == desk.station_id) | Change.station_id.is_(None))
    mine = Change.desk_id == desk.id
    if own_after is None:
        return stmt.where(~mine | Change.desk_id.is_(None))
    return stmt.where(~mine | Change.desk_id.is_(None) | (Change.seq > own_after))


def own_changes_missing_after(*, session: Session, desk: Desk, mine: list[str]) -> int | None:
    """The seq after which this desk lacks its own changes, or None when it has them all.

    A desk names the newest changes it knows it pushed (`mine`). Normally the newest of them is
    its newest change here. A desk restored from a backup names older ones: what it pushed after
    the backup is missing there, and goes back to it with the pull (the desk skips what it has).
    """
    if not mine:
        return None
    known = session.scalar(select(func.max(Change.seq)).where(Change.desk_id == desk.id, Change.id.in_(mine)))
    if known is None:
        return None
    later = session.scalar(select(Change.seq).where(Change.desk_id == desk.id, Change.seq > known).limit(1))
    return known if later is not None else None


def pull(*, session: Session, desk: Desk, since: int, limit: int, mine: list[str] | None = None) -> dict[str, Any]:
    # Read the high mark first: every seq up to it is committed (pushes commit in seq order), so
    # the page below can stop there and `next` never passes a change not yet visible.
    high = session.scalar(select(func.max(Change.seq))) or 0
    own_after = own_changes_missing_after(session=session, desk=desk, mine=mine or [])
    stmt = _scope_filter(
        select(Change.seq, Change.id, Change.entity, Change.entity_id, Change.op, Change.fields,
               Change.desk_id, Change.operator_id, Change.at)
        .where(Change.seq > since, Change.seq <= high), desk, own_after,
    ).order_by(Change.seq).limit(limit)
    rows = session.execute(stmt).all()
    current = _current_rows(session, {(r.entity, r.entity_id) for r in rows if r.op != "delete"})
    changes = [{"seq": r.seq, "id": r.id, "entity": r.entity, "entity_id": r.entity_id, "op": r.op,
                "fields": _pulled_fields(r, current.get((r.entity, r.entity_id))),
                "desk_id": r.desk_id, "operator_id": r.operator_id, "at": r.at}
               for r in rows]
    more = len(rows) == limit
    nxt = rows[-1].seq if more else max(high, since)
    return {"changes": changes, "next": nxt, "more": more}


def _stamp(meta: dict[str, Any], name: str) -> list[str] | None:
    """[desk time, desk id, change id] of the change that set a field."""
    return meta.get(name) or meta.get("*")


def _holder(meta: dict[str, Any], name: str) -> str | None:
    """The id of the change whose value a field holds now."""
    stamp = _stamp(meta, name)
    return stamp[2] if stamp and len(stamp) > 2 else None


def _current_rows(session: Session, keys: set[tuple[str, str]]) -> dict[tuple[str, str], Any]:
    by_entity: dict[str, list[str]] = {}
    for entity, entity_id in keys:
        by_entity.setdefault(entity, []).append(entity_id)
    found: dict[tuple[str, str], Any] = {}
    for entity, ids in by_entity.items():
        for row in session.execute(select(Record.entity_id, Record.data, Record.meta).where(
                Record.entity == entity, _among(session, Record.entity_id, ids))):
            found[(entity, row.entity_id)] = row
    return found


def _pulled_fields(change: Any, rec: Any) -> dict[str, Any]:
    """What a desk applies: the server's values, so that pulls converge whatever the desk pushed.

    An insert carries the row's current values (a complete row). An update carries only the
    fields it still holds: a field a later change took is carried by that later change (or, when
    it was the asking desk's own change, the desk already has it).
    """
    if rec is None or change.op == "delete":
        return {}
    if change.op == "insert":
        return dict(rec.data)
    return {k: rec.data.get(k) for k in change.fields if _holder(rec.meta, k) == change.id}


def pending_for(*, session: Session, desk: Desk, since: int) -> int:
    stmt = _scope_filter(select(func.count()).select_from(Change).where(Change.seq > since), desk)
    return session.scalar(stmt) or 0
