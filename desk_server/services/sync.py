"""Push and pull (docs/sync.md): exactly once, scoped, field-merged, checked by the lifecycle.

A push is applied in one transaction. On PostgreSQL it first takes its district's advisory lock
(pushes of one district apply one at a time: the rule book's reads and writes are the district's),
and, just before it writes its first `change` row, the seq lock, held to the commit: seqs
become visible in the order they were drawn, so a pull never skips a change that commits late
with a lower seq. SQLite serializes writers anyway (BEGIN IMMEDIATE).

Everything is decided in memory over the rows the batch touches (one query per entity), then
written with bulk statements: a 1,000-change batch is a handful of statements. On PostgreSQL a
big batch's first reads are sent while its values are checked (`_ReadAhead`), and its change log
goes to a COPY as the changes are accepted, while the rest of the batch is still judged
(`_Applier.streaming`), all in the same transaction.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import compress, repeat
from typing import Any

from sqlalchemy import (
    JSON,
    Integer,
    String,
    Text,
    and_,
    any_,
    bindparam,
    cast,
    delete,
    event,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    text,
    union_all,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session, aliased

from desk_app.domain import entities, forwards, public
from desk_app.domain.casebook import CaseFacts, callback_refusal, judge_child, judge_path
from desk_app.domain.forwards import ForwardState
from desk_app.domain.lifecycle import REFUSAL_ZH, CaseStatus, Move, Refusal, initial_status, refusal_for
from desk_app.domain.numbering import format_serial, is_centre_seq
from desk_app.domain.suggestions import format_suggestion_serial
from desk_app.domain.transfers import (
    CITY_MOVES,
    CITY_REPLY_EVENT,
    CaseLevel,
    TransferKind,
    acting_refusal,
    level_of,
    may_change_level,
)
from desk_app.domain.vocab import Outcome
from desk_server import jsonio
from desk_server.errors import ApiError
from desk_server.models import (
    Change,
    Conflict,
    Desk,
    District,
    HeldChange,
    PublicToken,
    Receipt,
    Record,
    Rekey,
    RoundUsed,
    SerialCounter,
    SerialUsed,
    ServerState,
    Station,
    utcnow,
)
from desk_server.services import rules

PUSH_LOCK_KEY = 0x5D35C  # pg_advisory_xact_lock key of the seq lock
DISTRICT_LOCK_SPACE = 0x5D35D  # first key of pg_advisory_xact_lock(int, int): a district's lock

STATION_FIELD = rules.STATION_FIELD
_OWN_STATION = STATION_FIELD | {"station"}  # rows whose scope is their own station_id
PARENT_FIELD = rules.PARENT_FIELD
PARENT_ID = rules.PARENT_ID
SERVER_MADE = rules.SERVER_MADE
DELETABLE = rules.DELETABLE
REKEYED_BY = rules.REKEYED_BY
CASE_CHILDREN = frozenset(rules.CASE_CHILDREN)
DIRECTORIES = rules.DIRECTORIES
ENTITIES = rules.ENTITIES
# Fields that decide a row's scope: a desk may not move a row to another scope.
SCOPE_FIELDS = {"station_id", "reception_id", "group_id"}
# case_event kinds of the city level (issue 13): the moves and the city's reply the centre records
CITY_KINDS = frozenset({*(k.value for k in CITY_MOVES), CITY_REPLY_EVENT})
PULL_PAGE_BYTES = 4_000_000  # photos carried by one pull page at most (then `more`)
OPS = {"insert", "update", "delete"}

RULE_LATER_WINS = "later_edit_wins"
# The case's copy of its current slip follows the slip the server kept (two desks referred).
RULE_FOLLOWS_SLIP = "follows_kept_slip"
REDACTED_FIELDS = {"secret_hash"}

# (field, the entity it names) of each entity, in the schema's order: built once (entities.references
# builds a dict per call, and a push asks for every change).
_REFERENCE_PAIRS = {name: tuple(entities.references(name).items()) for name in entities.ENTITIES}
# A field a change does not carry, as `fields.get(name, _NO_PAIR)[1]` reads it: no new list a read.
_NO_PAIR = (None, None)


# Read per change by the rule book (an enum's `.value` and `set(CaseLevel)` cost more than the check).
_LEVELS = frozenset(level.value for level in CaseLevel)
_CENTRE_LEVEL = CaseLevel.CENTRE.value
_REGISTERED_LEVELS = (None, CaseLevel.STATION.value, _CENTRE_LEVEL)  # where a new case may start
# A new case's status for each outcome (lifecycle.initial_status); a value not here is no outcome.
_INITIAL_STATUS = {outcome.value: initial_status(outcome).value for outcome in Outcome}
# `_insert`'s scope when `_new_scope` was not asked before.
_UNKNOWN_SCOPE: Any = object()


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
    parent_id: str | None = None
    owner_station_id: str | None = None


@dataclass
class _Batch:
    accepted: list[str] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    rejected: list[dict[str, Any]] = field(default_factory=list)
    rekeys: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    renumbers: list[dict[str, Any]] = field(default_factory=list)
    change_rows: list[tuple[Any, ...]] = field(default_factory=list)  # `_Applier._log`
    receipt_rows: list[dict[str, Any]] = field(default_factory=list)
    conflict_rows: list[dict[str, Any]] = field(default_factory=list)
    held_rows: list[dict[str, Any]] = field(default_factory=list)
    released: list[str] = field(default_factory=list)  # held changes applied now


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        # The server's values of the refused change's fields, when the row exists.
        self.current: dict[str, Any] | None = None


class _Hold(Exception):
    """The change names a row the server has not got yet: keep it until that row arrives."""

    def __init__(self, entity: str, entity_id: str) -> None:
        super().__init__(f"waiting for {entity} {entity_id}")
        self.entity = entity
        self.entity_id = entity_id


def _malformed(message: str) -> ApiError:
    return ApiError(400, "malformed", message)


def _out_of_scope(message: str) -> ApiError:
    return ApiError(403, "out_of_scope", message)


def _refusal(code: str, refusal: Refusal) -> _Refused:
    """A refusal in the lifecycle's words (the desk shows REFUSAL_ZH for the same code)."""
    return _Refused(code, f"{refusal.value}: {REFUSAL_ZH[refusal]}")


def lock_for_push(session: Session) -> None:
    """The seq lock: taken before drawing change seqs, held to the commit (PostgreSQL)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PUSH_LOCK_KEY})


def lock_district(session: Session, district_id: str) -> None:
    """The district's lock: what the rule book reads and writes (rows, claims, serial counters,
    held changes, rekeys) is the district's, so pushes and block grants of one district apply one
    at a time, and those of different districts side by side (PostgreSQL; SQLite serializes
    every writer anyway). Taken before the seq lock, never after it."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(_DISTRICT_LOCK, _district_lock_params(district_id))


_DISTRICT_LOCK = text("SELECT pg_advisory_xact_lock(:space, hashtext(:d))")


def _district_lock_params(district_id: str) -> dict[str, Any]:
    return {"space": DISTRICT_LOCK_SPACE, "d": district_id}


def _among(session: Session, column: Any, values: Any) -> Any:
    """`column IN values` with the values as one JSON array parameter: the statement compiles once
    and is cached, where `in_()` of 1,000 values renders 1,000 bound parameters into a new SQL
    string on every push (a tenth of a push's time), and psycopg quotes an array element by element."""
    ids = bindparam(None, jsonio.dumps(list(values)), type_=String)
    if session.get_bind().dialect.name == "postgresql":
        return column.in_(select(func.json_array_elements_text(cast(ids, JSON))))
    return column.in_(select(func.json_each(ids).table_valued("value").c.value))


def _among_param(dialect: str, column: Any, name: str) -> Any:
    """`_among` with the values' JSON array a named parameter (:name), for statements built once."""
    ids = bindparam(name, type_=String)
    if dialect == "postgresql":
        return column.in_(select(func.json_array_elements_text(cast(ids, JSON))))
    return column.in_(select(func.json_each(ids).table_valued("value").c.value))


def _key_among_param(dialect: str, column: Any, name: str) -> Any:
    """`_among_param` for a column that is (the last part of) a unique key: on PostgreSQL
    `column = ANY(array)`, the array built once from :name, which the planner always answers
    with one probe of the key's index per value. (With `IN (SELECT json_array_elements_text(..))`
    it guesses 100 values; on a table that grew since its statistics, e.g. a fresh server's first
    hour, it chose to scan every reception of the table and hash the batch's ids instead: a
    1,000-reception push read 21,000 rows to find that its 1,000 ids are new, more at each batch.)"""
    if dialect == "postgresql":
        values = _json_values(dialect, name)
        # (The cast makes the subquery an array expression: `= ANY (SELECT ...)` would compare the
        # column with the subquery's rows, each one array.)
        array = select(func.array_agg(values.c.value)).scalar_subquery()
        return column == any_(cast(array, postgresql.ARRAY(Text)))
    return _among_param(dialect, column, name)


# A push's reads are built once per shape, with bound parameters, as /status's and /pull's are
# (building a statement and its cache key cost more CPU than a small push's run of it, issue 16).
def _json_values(dialect: str, name: str) -> Any:
    """The values of the JSON array :name, as a table (column `value`)."""
    ids = bindparam(name, type_=String)
    if dialect == "postgresql":
        return func.json_array_elements_text(cast(ids, JSON)).table_valued("value")
    return func.json_each(ids).table_valued("value")


@functools.cache
def _prefetch_statement(dialect: str, logged: bool = True) -> Any:
    """The district's rekeys, and what the server knows of a batch's ids (_Applier.prefetch):
    :ids (its change ids), :named (the ids of the rows it names, as the desk sent them: mapped
    here through the district's rekeys, as `_Applier._map` maps them), :inserted (the rows it
    inserts), :district_id; JSON arrays. One statement, after the district's lock (on PostgreSQL
    a statement reads what was committed when it started: the rekeys must be read after the lock,
    not in the lock's statement). `logged` false: which of :probe (the batch's first and last
    change ids) the change log holds, not of them all (`_ReadAhead`: the others assumed not,
    then verified; a batch sent again is known by its first or last)."""
    district: Any = bindparam("district_id")
    in_district = HeldChange.district_id == district
    sent = _json_values(dialect, "named")
    named = select(func.coalesce(Rekey.to_id, sent.c.value)).select_from(
        sent.outerjoin(Rekey, and_(Rekey.district_id == district, Rekey.from_id == sent.c.value))
    )
    return union_all(
        select(literal("rekey"), Rekey.from_id, Rekey.to_id).where(Rekey.district_id == district),
        select(literal("change"), Change.id, null()).where(
            _key_among_param(dialect, Change.id, "ids" if logged else "probe")
        ),
        select(literal("receipt"), Receipt.change_id, Receipt.outcome).where(
            _among_param(dialect, Receipt.change_id, "ids")
        ),
        select(literal("held"), HeldChange.change_id, null()).where(
            _among_param(dialect, HeldChange.change_id, "ids")
        ),
        select(literal("named"), HeldChange.entity, HeldChange.entity_id).where(
            in_district, HeldChange.entity_id.in_(named)
        ),
        select(literal("waiting"), HeldChange.waiting_entity, HeldChange.waiting_id).where(
            in_district, _among_param(dialect, HeldChange.waiting_id, "inserted")
        ),
    )


# The columns of a record the push's load reads (plain rows, not ORM objects: `_Applier._rec_of`).
_RECORD_READ = (
    Record.entity,
    Record.entity_id,
    Record.district_id,
    Record.station_id,
    Record.data,
    Record.meta,
    Record.deleted,
    Record.parent_id,
    Record.owner_station_id,
)


# The case children's entities, as plain parameters (an IN list of values would be one expanding
# parameter, rendered by SQLAlchemy at each execution: `_ReadAhead` sends the compiled string).
_CHILD_ENTITY = Record.entity.in_([literal(e) for e in rules.CASE_CHILDREN])


@functools.cache
def _records_statement(
    dialect: str, entities: tuple[str, ...], children: bool, found_children: bool = False
) -> Any:
    """The rows of each entity among :ids_<n> (`child` false), then, when `children`, the case
    children whose case is among :cases (`child` true); JSON arrays. `found_children` (when
    `entities` has "reception"): also the children of the receptions found, read from the rows
    found, so a reception the server does not hold (a new case) costs no lookup of children
    (naming it in :cases cost one index probe per kind of child: 3,000 for 1,000 new cases)."""
    parts = []
    found: Any = None
    for n, entity in enumerate(entities):
        rows = select(*_RECORD_READ).where(
            Record.entity == entity, _key_among_param(dialect, Record.entity_id, f"ids_{n}")
        )
        if entity == "reception" and found_children:
            found = rows.cte("found_reception")
            rows = select(*found.c)
        parts.append(rows.add_columns(literal(False).label("child")))
    if found is not None:
        parts.append(
            select(*_RECORD_READ, literal(True).label("child")).where(
                _CHILD_ENTITY, Record.parent_id.in_(select(found.c.entity_id))
            )
        )
    if children:
        parts.append(
            select(*_RECORD_READ, literal(True).label("child")).where(
                _CHILD_ENTITY, _among_param(dialect, Record.parent_id, "cases")
            )
        )
    return parts[0] if len(parts) == 1 else union_all(*parts)


_KEY_FIELDS = frozenset(
    {
        "station_id",
        "reception_id",
        "group_id",
        "name",
        "serial_year",
        "serial_seq",
        "round_no",
        "attempt",
        "day",
    }
)


_KEY_TYPES = frozenset({str, int, bool, type(None)})  # bool: an int (isinstance), as before


def _validate(changes: list[dict[str, Any]]) -> None:
    """The batch's shape (a malformed batch is refused whole, 400); field values are checked per
    change (a bad value refuses that change only).

    Checked over the whole batch at once (C loops over the batch's values: a tenth of the
    per-change loop's time); only a batch that fails is walked change by change, for the first
    problem's message."""
    carried = [c["fields"] for c in changes]
    pairs = [pair for f in carried for pair in f.values()]
    if (
        {c["entity"] for c in changes} <= ENTITIES
        and {c["op"] for c in changes} <= OPS
        and len({c["id"] for c in changes}) == len(changes)
        and set(map(type, pairs)) <= {list}
        and set(map(len, pairs)) <= {2}
    ):
        # (Only the key fields the batch carries: a field no change carries costs a pass.)
        names = _KEY_FIELDS.intersection(set().union(*carried))
        keyed = [p[1] for name in names for f in carried if (p := f.get(name)) is not None]
        if set(map(type, keyed)) <= _KEY_TYPES:
            return
    _validate_one_by_one(changes)


def _validate_one_by_one(changes: list[dict[str, Any]]) -> None:
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


@dataclass(slots=True)
class _ReplayFacts:
    """What the server knows of a batch's change ids (read by _Applier.prefetch)."""

    logged: set[str] = field(default_factory=set)  # in the change log
    receipts: dict[str, str] = field(default_factory=dict)  # change id -> its receipt's outcome
    held: set[str] = field(default_factory=set)  # kept waiting for a row


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
        self.names: dict[str, dict[Any, str]] = {}  # entity -> key value -> id (rekeyed rows)
        self.rounds: dict[tuple[str, int, int], str | None] = {}
        self.serials: dict[tuple[str, int, int], str | None] = {}
        self.new_rounds: list[dict[str, Any]] = []
        self.new_serials: list[dict[str, Any]] = []
        self.serial_high: dict[tuple[str, int], int] = {}
        # reception id -> entity -> child id -> record (a case's slips, callbacks and events).
        self.children: dict[str, dict[str, dict[str, _Rec]]] = {}
        self.held_ids: set[tuple[str, str]] = set()  # rows whose insert is held
        self.stations: dict[str, Station] = {}
        self.renumbered: dict[str, str] = {}  # a slip number this batch replaced -> its new number
        # (series, year) -> number -> suggestion id: the suggestion numbers taken (issue 13), a
        # series being a station's id or, for the district centre's numbers, the district's.
        self.suggestion_numbers: dict[tuple[str, int], dict[int, str]] = {}
        # Changes held for a row, by (entity, id) of the row they wait for: those of this batch,
        # and, for the rows this batch inserts, those stored (read once by load()).
        self.held_for: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self.stored_waiting: set[tuple[str, str]] = set()
        self.waiting_checked: set[str] = set()  # ids whose stored held changes are in stored_waiting
        # The public channel's QR tokens this batch makes, and links switched on or off.
        self.new_tokens: dict[str, dict[str, Any]] = {}
        self.token_active: dict[str, bool] = {}
        self.replay = _ReplayFacts()
        self.stream: _ChangeStream | None = None  # open while `streaming` applies the batch
        self.streamed_json: dict[int, str] = {}  # id(a change's fields) -> its JSON, once sent
        self.changes_streamed = 0  # the first rows of out.change_rows, sent by the stream
        # A big batch's assumptions (`_ReadAhead`, `push`): none of its change ids is in the change
        # log (`logged_unread`: it was not asked), and these rows it inserts are not in `record`.
        self.logged_unread = False
        self.assumed_new: set[tuple[str, str]] = set()
        # What `apply` changed in the batch's changes (the rekeys' mapping), to be put back if the
        # batch is applied again (`push`): (change or field pair, key, value before).
        self.mapped: list[tuple[Any, Any, Any]] = []

    # -- loading --------------------------------------------------------------------------------

    def _map(self, value: Any) -> Any:
        return self.rekey.get(value, value) if self.rekey and isinstance(value, str) else value

    def prefetch(self, changes: list[dict[str, Any]], rows: Any = None) -> set[str]:
        """Before the replay check, in one statement: the district's rekeys, and what the replay
        check and the load need to know of the batch's ids (the replay check folded into the
        load): which change ids the server has logged, answered with a receipt or holds, which
        rows the batch names are held, and which of its inserts stored changes wait for. Replayed
        change ids whose receipt says more are returned with their outcome for `_replayed`."""
        s = self.session
        inserted = {c["entity_id"] for c in changes if c["op"] == "insert"}
        if rows is None:  # (else read ahead: `_ReadAhead`)
            rows = s.execute(
                _prefetch_statement(s.get_bind().dialect.name), self._prefetch_params(changes)
            ).all()
        self.replay = _ReplayFacts()
        self.rekey = {a: b for tag, a, b in rows if tag == "rekey"}
        for tag, a, b in rows:
            if tag == "rekey":
                pass
            elif tag == "change":
                self.replay.logged.add(a)
            elif tag == "receipt":
                self.replay.receipts[a] = b
            elif tag == "held":
                self.replay.held.add(a)
            elif tag == "named":
                self.held_ids.add((a, b))
            else:
                self.stored_waiting.add((a, b))
        # Changes stored while waiting for a row this batch inserts (released by _release): known
        # for every insert of the batch, instead of a query per insert.
        self.waiting_checked = inserted
        return self.replay.logged | self.replay.receipts.keys() | self.replay.held

    def _prefetch_params(self, changes: list[dict[str, Any]], probe: bool = False) -> dict[str, Any]:
        """`probe`: for `_prefetch_statement(logged=False)`."""
        return {
            **({"probe": jsonio.dumps([changes[0]["id"], changes[-1]["id"]])} if probe else {}),
            "district_id": self.desk.district_id,
            "ids": jsonio.dumps([c["id"] for c in changes]),
            # (Mapped through the rekeys by the statement.)
            "named": jsonio.dumps(list({c["entity_id"] for c in changes})),
            "inserted": jsonio.dumps(list({c["entity_id"] for c in changes if c["op"] == "insert"})),
        }

    def load(self, changes: list[dict[str, Any]], ahead: _ReadAhead | None = None) -> None:
        s = self.session
        d = self.desk.district_id
        if self.desk.station_id is None:
            self.district_stations = set(s.scalars(select(Station.id).where(Station.district_id == d)))
        # The rows and the children of the cases known before reading (the receptions the batch
        # names, the cases its `reception_id`s name) in one statement, not one per entity and one
        # more for the children: a small push's fixed cost (issue 16). Read ahead (`_ReadAhead`,
        # the whole batch's, before the rekeys were known) unless a rekey maps one of its ids.
        if (
            ahead is not None
            and all(self.rekey.keys().isdisjoint(ids) for ids in ahead.wanted.values())
            and self.rekey.keys().isdisjoint(i for _, i in ahead.unread)
        ):
            wanted, named_cases = ahead.wanted, ahead.named_cases
            if ahead.records_read is not None:
                self._take_records(ahead.records, wanted, ahead.records_read[2])
            # (Rows the batch inserts, not read: assumed new, then verified, `push`.)
            self.assumed_new = ahead.unread
        else:
            wanted, named_cases = self._wanted(changes), _named_cases(changes)
            self._load_records_and_children(wanted, wanted.get("reception", set()) | named_cases)
        cases = {k[1] for k, r in self.recs.items() if k[0] == "reception" and r is not None}
        cases |= {
            r.parent_id
            for k, r in self.recs.items()
            if r is not None and k[0] in rules.PARENT_ID and k[0] != "duty_group_member" and r.parent_id
        }
        cases |= named_cases
        self._load_children(cases)
        if any(c["entity"] in rules.REKEYED_BY and c["op"] == "insert" for c in changes):
            for entity, key in rules.REKEYED_BY.items():
                rows = s.execute(
                    select(Record.entity_id, Record.data).where(
                        Record.district_id == d, Record.entity == entity, Record.deleted.is_(False)
                    )
                )
                self.names[entity] = {data.get(key): eid for eid, data in rows if data.get(key)}
        # (Rows whose insert is held, and changes stored waiting for the batch's inserts: read by
        # prefetch.)
        self._load_claims(changes)

    def _load_claims(self, changes: list[dict[str, Any]]) -> None:
        """The rounds and slip numbers the batch's slips claim, already held by other slips: one
        query for the rounds, one per station and year for the numbers (not one per slip)."""
        s = self.session
        slips = [c["fields"] for c in changes if c["entity"] == "referral" and c["op"] == "insert"]
        cases = {f["reception_id"][1] for f in slips if isinstance(f.get("reception_id", _NO_PAIR)[1], str)}
        if cases:
            found = {
                (r.reception_id, r.round_no, r.attempt): r.referral_id
                for r in s.execute(
                    select(
                        RoundUsed.reception_id, RoundUsed.round_no, RoundUsed.attempt, RoundUsed.referral_id
                    ).where(_among(s, RoundUsed.reception_id, cases))
                )
            }
            for f in slips:
                round_no = f.get("round_no", _NO_PAIR)[1]
                if isinstance(round_no, int) and f.get("reception_id", _NO_PAIR)[1] in cases:
                    key = (f["reception_id"][1], round_no, f.get("attempt", [None, 1])[1] or 1)
                    self.rounds.setdefault(key, found.get(key))
        numbers: dict[tuple[str, int], list[int]] = {}
        for f in slips:
            station_id, year = f.get("station_id", _NO_PAIR)[1], f.get("serial_year", _NO_PAIR)[1]
            seq = f.get("serial_seq", _NO_PAIR)[1]
            if isinstance(station_id, str) and isinstance(year, int) and isinstance(seq, int):
                numbers.setdefault((station_id, year), []).append(seq)
        for (station_id, year), seqs in numbers.items():
            low, high = min(seqs), max(seqs)
            taken = dict(
                s.execute(
                    select(SerialUsed.seq, SerialUsed.referral_id).where(
                        SerialUsed.station_id == station_id,
                        SerialUsed.year == year,
                        SerialUsed.seq >= low,
                        SerialUsed.seq <= high,
                    )
                ).all()
            )
            for seq in seqs:
                self.serials.setdefault((station_id, year, seq), taken.get(seq))

    def _rec_of(self, row: Any) -> _Rec:
        return _Rec(
            row.entity,
            row.entity_id,
            row.district_id,
            row.station_id,
            dict(row.data),
            dict(row.meta),
            bool(row.deleted),
            parent_id=row.parent_id,
            owner_station_id=row.owner_station_id,
        )

    def _wanted(self, changes: list[dict[str, Any]], inserted: bool = True) -> dict[str, set[str]]:
        """The rows a batch names, by entity: the rows it changes and those its fields name
        (mapped through the rekeys), and its changes' operators. Worked out an entity at a time,
        and a field only when one of the entity's changes carries it. `inserted` false: not the
        rows it inserts, unless a field names them or a change of another kind addresses them."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for c in changes:
            groups.setdefault(c["entity"], []).append(c)
        mapped: dict[str, set[str]] = {}
        for entity, group in groups.items():
            mapped.setdefault(entity, set()).update(
                [c["entity_id"] for c in group if inserted or c["op"] != "insert"]
            )
            carried = [c["fields"] for c in group]
            present = set().union(*carried)
            for name, ref_entity in _REFERENCE_PAIRS.get(entity, ()):
                if name in present:
                    values = [pair[1] for f in carried if (pair := f.get(name)) is not None]
                    mapped.setdefault(ref_entity, set()).update(
                        compress(values, map(isinstance, values, repeat(str)))
                    )
        if self.rekey:
            mapped = {entity: set(map(self._map, ids)) for entity, ids in mapped.items()}
        operators: set[str] = {c.get("operator_id") for c in changes}  # type: ignore[misc]
        operators.difference_update((None, ""))
        if operators:
            mapped.setdefault("operator", set()).update(operators)
        return mapped

    def _load_records(self, entity: str, ids: set[str]) -> None:
        s = self.session
        ids = {i for i in ids if (entity, i) not in self.recs}
        if not ids:
            return
        # Plain rows, not ORM objects: nothing to track, the batch writes them back in bulk.
        for row in s.execute(
            select(*_RECORD_READ).where(Record.entity == entity, _among(s, Record.entity_id, ids))
        ):
            self.recs[(entity, row.entity_id)] = self._rec_of(row)

    def _records_read(
        self, wanted: dict[str, set[str]], cases: set[str]
    ) -> tuple[Any, dict[str, str], set[str]] | None:
        """What `_load_records_and_children` reads: its statement, parameters and the cases whose
        children it reads (None: nothing to read)."""
        entities: list[str] = []
        params: dict[str, str] = {}
        read: set[str] = set()  # the receptions read
        for entity, ids in wanted.items():
            ids = {i for i in ids if (entity, i) not in self.recs}
            if ids:
                params[f"ids_{len(entities)}"] = jsonio.dumps(list(ids))
                entities.append(entity)
                if entity == "reception":
                    read = ids
        cases = {c for c in cases if c not in self.children}
        # The children of the cases among the receptions read come with those found; the other
        # cases' by their ids. (Those of a reception not found were never kept: see the caller.)
        found_children = not read.isdisjoint(cases)
        others = cases - read
        if others:
            params["cases"] = jsonio.dumps(list(others))
        if not params:
            return None
        dialect = self.session.get_bind().dialect.name
        return _records_statement(dialect, tuple(entities), bool(others), found_children), params, cases

    def _load_records_and_children(self, wanted: dict[str, set[str]], cases: set[str]) -> None:
        """`_load_records` of each entity, then `_load_children(cases)` of those of `cases` that
        are a reception read here or a case the batch names (`cases` minus the receptions not
        found), read in one UNION ALL: the same rows and children as those calls."""
        read = self._records_read(wanted, cases)
        if read is not None:
            statement, params, cases = read
            self._take_records(self.session.execute(statement, params).all(), wanted, cases)

    def _take_records(self, rows: Any, wanted: dict[str, set[str]], cases: set[str]) -> None:
        """Keep the rows `_records_read`'s statement read (its `cases`: those whose children it read)."""
        children = []
        for row in rows:
            if row.child:
                children.append(row)
            else:
                self.recs[(row.entity, row.entity_id)] = self._rec_of(row)
        # A reception the batch names but the server does not hold is no case of `_load_children`.
        named = wanted.get("reception", set())
        cases = {c for c in cases if c not in named or ("reception", c) in self.recs}
        for c in cases:
            self.children[c] = {e: {} for e in rules.CASE_CHILDREN}
        for row in children:
            if row.parent_id not in cases:
                continue
            rec = self.recs.get((row.entity, row.entity_id)) or self._rec_of(row)
            self.recs[(row.entity, row.entity_id)] = rec
            if not rec.deleted:
                self.children[row.parent_id][row.entity][row.entity_id] = rec

    def _load_children(self, cases: set[str]) -> None:
        cases = {c for c in cases if c not in self.children}
        if not cases:
            return
        s = self.session
        for c in cases:
            self.children[c] = {e: {} for e in rules.CASE_CHILDREN}
        for row in s.execute(
            select(*_RECORD_READ).where(
                Record.entity.in_(rules.CASE_CHILDREN), _among(s, Record.parent_id, cases)
            )
        ):
            rec = self.recs.get((row.entity, row.entity_id)) or self._rec_of(row)
            self.recs[(row.entity, row.entity_id)] = rec
            if not rec.deleted:
                self.children[row.parent_id][row.entity][row.entity_id] = rec

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

    def _check_owner(self, rec: _Rec) -> None:
        """A district row (a directory entry, the centre's operators, the calendar) is edited by the
        station whose desk made it, or by the district centre."""
        if (
            rec.station_id is None
            and self.desk.station_id is not None
            and rec.owner_station_id != self.desk.station_id
        ):
            raise _Refused(
                "not_yours",
                f"{rec.entity} {rec.entity_id} is kept by "
                f"{'the district centre' if rec.owner_station_id is None else 'another station'}",
            )

    def _check_level(self, c: dict[str, Any], rec: _Rec | None) -> None:
        """Transfers between levels (issue 13, docs/sync.md "Levels"), with the desk's rule book
        (domain.transfers): a case handled by the district centre (`level` centre) is the centre's
        to act on, one handled by the city (`level` city) nobody's in the district. A station's
        desk may send its case up (its `transferred_up` event and the level change) and nothing
        more; a station never sends a case down, takes one over, deals with the city, or registers
        one at another level. The centre's desk moves a level only as one of its transfers, and
        on a case at the city records nothing but the city's reply (`city_replied`) and its
        return (`returned_from_city`, then the level back at the centre)."""
        centre_desk = self.desk.station_id is None
        entity, fields = c["entity"], c["fields"]
        if entity == "reception":
            new_level = fields.get("level", _NO_PAIR)[1]
            if new_level is not None and new_level not in _LEVELS:
                raise _Refused("invalid_value", "level: not_a_choice")
            if rec is None:
                if new_level not in _REGISTERED_LEVELS or (not centre_desk and new_level == _CENTRE_LEVEL):
                    raise _Refused(
                        "not_permitted", "a case is registered at the station's (or centre's) level"
                    )
                return
            case = rec
        elif (
            entity in PARENT_FIELD
            and PARENT_FIELD[entity][0] == "reception"
            or entity
            in (
                "referral",
                "case_forward",  # 转12345 of a case is acting on it
            )
        ):
            parent_id = (rec.data.get("reception_id") if rec is not None else None) or fields.get(
                "reception_id", _NO_PAIR
            )[1]
            if isinstance(parent_id, str) and ("reception", parent_id) not in self.recs:
                self._load_records("reception", {parent_id})  # an update names no parent
            found = self.recs.get(("reception", parent_id))
            if found is None:
                return  # held or refused elsewhere (the parent's checks)
            case = found
            new_level = None
            kind = fields.get("kind", _NO_PAIR)[1] if entity == "case_event" and rec is None else None
            if kind in CITY_KINDS and not centre_desk:
                raise _Refused("not_permitted", "only the district centre sends a case to the city")
            if kind == TransferKind.UP.value and not centre_desk:
                return  # the record of the station's own move up (before or after the level)
            if kind == TransferKind.FROM_CITY.value:
                return  # the city's return, recorded before the level comes back
            if kind == CITY_REPLY_EVENT and level_of(case.data.get("level")) is CaseLevel.CITY:
                return  # what the city replied, recorded by the centre while the city has the case
        else:
            return
        level = level_of(case.data.get("level"))
        refusal = acting_refusal(level, centre_desk=centre_desk)
        moves = new_level is not None and new_level != level.value
        if refusal is not None and not (moves and level is CaseLevel.CITY and centre_desk):
            raise _Refused(
                "not_yours",
                f"case {case.entity_id} is handled by "
                f"{'the city' if level is CaseLevel.CITY else 'the district centre'} (transferred or taken over)",
            )
        if moves and not may_change_level(level, CaseLevel(new_level), centre_desk=centre_desk):
            raise _Refused(
                "not_permitted", f"level: {level.value} -> {new_level} is no transfer of this desk"
            )

    def _new_scope(self, c: dict[str, Any]) -> str | None:
        """The station of a row the server has not seen (None: district-scoped)."""
        entity, fields = c["entity"], c["fields"]
        if entity == "station":
            if not self._station_allowed(c["entity_id"]):
                raise _out_of_scope(f"station {c['entity_id']} is not this desk's")
            return c["entity_id"]
        if entity in STATION_FIELD:
            station_id = fields.get("station_id", _NO_PAIR)[1]
            if station_id is None:
                raise _Refused("missing_station", f"{entity} {c['entity_id']} has no station_id")
            if not self._station_allowed(station_id):
                raise _out_of_scope(f"{entity} {c['entity_id']} names another station")
            return station_id
        if entity in PARENT_FIELD:
            parent_entity, key = PARENT_FIELD[entity]
            parent_id = fields.get(key, _NO_PAIR)[1]
            parent = self.recs.get((parent_entity, parent_id))
            if parent is None:
                raise _Hold(parent_entity, str(parent_id))
            self._check_rec_scope(parent)
            return parent.station_id
        if entity == "operator":
            return self.desk.station_id
        return None  # directories

    def _check_refs(self, c: dict[str, Any], rec: _Rec | None, station_id: str | None) -> None:
        """Every row a change names must be one this desk may name (issue 15: a slip naming another
        station's case was accepted): of this district, live, and, when it belongs to a station,
        of the changed row's own station. A row not here yet holds the change until it arrives."""
        fields = c["fields"]
        for name, ref_entity in _REFERENCE_PAIRS.get(c["entity"], ()):
            pair = fields.get(name)
            if pair is None:  # not carried (a carried field is a pair: _validate)
                continue
            ref_id = pair[1]
            if ref_id is None:
                continue
            target = self.recs.get((ref_entity, ref_id))
            if target is None:
                raise _Hold(ref_entity, ref_id)
            if target.district_id != self.desk.district_id:
                raise _Refused("ref_out_of_scope", f"{name} names a {ref_entity} of another district")
            if target.deleted and c["op"] != "delete":
                raise _Refused("ref_deleted", f"{name} names a deleted {ref_entity}")
            own_station = station_id if rec is None else rec.station_id
            if ref_entity == "station":
                ok = ref_id == own_station or c["entity"] == "station"
            elif target.station_id is not None:
                ok = self._station_allowed(target.station_id) and own_station in (None, target.station_id)
            else:  # a district row: any, but a station's desk never names the centre's operators
                ok = not (ref_entity == "operator" and self.desk.station_id is not None)
            if not ok:
                raise _Refused("ref_out_of_scope", f"{name} names a {ref_entity} this desk may not name")

    # -- who --------------------------------------------------------------------------------------

    def _authorize(
        self, c: dict[str, Any], rec: _Rec | None, move: Move | None, fields: dict[str, Any]
    ) -> None:
        """The change names an operator of this desk's scope, active when the change was made,
        whose role allows it (domain.permissions). `fields`: the change's new values."""
        entity, op = c["entity"], c["op"]
        op_id = c.get("operator_id")
        if entity == "operator" and op == "insert" and op_id == c["entity_id"]:
            # The first operator of a desk makes themself (set-up): a role this kind of desk gives.
            if fields.get("role") not in rules.roles_for_desk(self.desk.station_id):
                raise _Refused(
                    "not_permitted", "a desk's first operator must have a role of its kind of desk"
                )
            return
        operator = self.recs.get(("operator", op_id)) if op_id else None
        if (
            operator is None
            or operator.deleted
            or operator.district_id != self.desk.district_id
            or operator.station_id != self.desk.station_id
        ):
            raise _Refused("unknown_operator", f"operator {op_id} is not an operator of this desk's scope")
        if not operator.data.get("active", True):
            stamp = _stamp(operator.meta, "active")
            if stamp is None or stamp[0] <= c["at"]:
                raise _Refused("not_permitted", "the operator was deactivated before this change")
        role = operator.data.get("role")
        if entity == "operator":
            self._authorize_operator_change(c, rec, fields, operator)
            return
        action = rules.action_for(entity, op, fields, move)
        if not rules.may(role, action):
            raise _Refused("not_permitted", f"role {role!r} may not {action.value} ({entity} {op})")

    def _authorize_operator_change(
        self, c: dict[str, Any], rec: _Rec | None, fields: dict[str, Any], operator: _Rec
    ) -> None:
        role = operator.data.get("role")
        if "role" in fields and fields["role"] not in rules.roles_for_desk(self.desk.station_id):
            raise _Refused(
                "not_permitted",
                f"a {'station' if self.desk.station_id else 'centre'} desk cannot "
                f"give the role {fields['role']!r}",
            )
        if rec is not None and operator.entity_id == rec.entity_id and set(fields) <= {"secret_hash"}:
            return  # your own PIN
        if (
            rec is not None
            and operator.entity_id == rec.entity_id
            and set(fields) == {"role"}
            and fields["role"] == "admin"
            and not self._scope_has_admin(exclude=rec.entity_id)
        ):
            return  # a desk without an administrator names one (an upgraded desk's first clerk)
        if rules.may(role, rules.Action.OPERATORS):
            return
        if (
            set(fields) <= {"secret_hash"}
            and rec is not None
            and rules.may(role, rules.Action.RESET_DEPUTY_PIN)
            and rec.data.get("role") == "deputy"
        ):
            return  # the office resets a duty deputy's PIN
        raise _Refused("not_permitted", f"role {role!r} may not manage operators")

    def _scope_has_admin(self, exclude: str) -> bool:
        rows = self.session.execute(
            select(Record.entity_id, Record.data).where(
                Record.entity == "operator",
                Record.district_id == self.desk.district_id,
                Record.deleted.is_(False),
                Record.station_id.is_(None)
                if self.desk.station_id is None
                else Record.station_id == self.desk.station_id,
            )
        )
        for eid, data in rows:
            rec = self.recs.get(("operator", eid))
            values = rec.data if rec is not None else data
            if eid != exclude and values.get("role") == "admin" and values.get("active", True):
                return True
        return False

    # -- the rule book of a case -------------------------------------------------------------------

    def _case_children(self, reception_id: str) -> dict[str, dict[str, _Rec]]:
        if reception_id not in self.children:
            self._load_children({reception_id})
        return self.children[reception_id]

    def _facts(self, reception: _Rec, data: dict[str, Any] | None = None) -> CaseFacts:
        kids = self._case_children(reception.entity_id)
        return rules.case_facts(
            data if data is not None else reception.data,
            {e: [(i, r.data) for i, r in rows.items()] for e, rows in kids.items()},
        )

    def _case_of(self, c: dict[str, Any], rec: _Rec | None) -> _Rec | None:
        if c["entity"] == "reception":
            return rec
        if c["entity"] not in rules.PARENT_ID or c["entity"] == "duty_group_member":
            return None
        parent_id = rec.parent_id if rec is not None else c["fields"].get("reception_id", _NO_PAIR)[1]
        return self.recs.get(("reception", parent_id)) if isinstance(parent_id, str) else None

    def _judge(self, c: dict[str, Any], rec: _Rec | None, fields: dict[str, Any]) -> Move | None:
        """Refuse a change of a case that the rule book does not allow; the move it makes.
        `fields`: the change's new values."""
        entity, op = c["entity"], c["op"]
        if entity == "reception":
            return self._judge_reception(c, rec, fields)
        if entity in rules.SERVER_MADE or entity == "public_link":
            self._judge_public(c, rec, fields)
            return None
        if entity in rules.NETWORK:
            network = rules.network_refusal(entity, op, rec.data if rec is not None else None, fields)
            if network is not None:
                raise _Refused(*network)
        if entity in rules.CLASSES:  # issue 14
            refused = rules.class_refusal(entity, op, rec.data if rec is not None else None, fields)
            if refused is not None:
                raise _Refused(*refused)
            class_id = fields.get("class_id")
            if entity == "case_class_member" and op == "insert" and isinstance(class_id, str):
                self._load_records("case_class", {class_id})
                found = self.recs.get(("case_class", class_id))
                if found is not None and found.data.get("settled_on"):
                    raise _Refused("illegal_transition", "a settled class takes no new case")
            return None
        if entity == "case_forward":
            self._judge_forward(c, rec, fields)
            return None
        case = self._case_of(c, rec)
        if case is None:
            return None
        facts = self._facts(case)
        if entity in rules.IMMUTABLE and op != "insert":
            raise _Refused("immutable", f"{entity} records are written once")
        if op == "insert":
            move = (
                rules.event_move(fields.get("kind", ""))
                if entity == "case_event"
                else rules.CHILD_MOVE.get(entity)
            )
            if move is None:
                return None
            round_no = fields.get("round_no")
            if entity == "case_event":
                round_no = None  # an event names the round it closed, checked with the status
            refusal = judge_child(facts, move, round_no if isinstance(round_no, int) else None)
            if refusal is not None:
                raise _refusal("illegal_transition", refusal)
            if entity == "referral":
                self._judge_new_slip(facts, fields)
            if entity == "callback":
                slip = facts.slip()
                if slip is None or fields.get("referral_id") != slip.id:
                    raise _refusal("illegal_transition", Refusal.WRONG_ROUND)
                words = callback_refusal(
                    str(fields.get("verdict") or ""), str(fields.get("citizen_words") or "")
                )
                if words is not None:
                    raise _refusal("illegal_transition", words)
            return move
        # Updates of a case's slips and callbacks: only of the current round, while the case is open.
        status = facts.status
        if status.is_closed:
            raise _refusal(
                "illegal_transition", refusal_for(Move.CORRECT_REFERRAL, status) or Refusal.CASE_SIGNED_OFF
            )
        if entity == "referral":
            slip = facts.slip()
            if slip is None or slip.id != c["entity_id"]:
                raise _refusal("illegal_transition", Refusal.WRONG_ROUND)
        if entity == "callback":
            last = facts.latest_callback()
            if last is None or last.id != c["entity_id"]:
                raise _refusal("illegal_transition", Refusal.NOT_LATEST_CALLBACK)
            if status not in (CaseStatus.SATISFIED, CaseStatus.DISSATISFIED):
                raise _refusal(
                    "illegal_transition",
                    refusal_for(Move.CORRECT_VERDICT, status) or Refusal.NOTHING_TO_CORRECT,
                )
        if entity == "extension" and status is not CaseStatus.REFERRED:
            raise _refusal(
                "illegal_transition", refusal_for(Move.DECIDE_EXTENSION, status) or Refusal.NOT_REFERRED
            )
        return None

    def _judge_public(self, c: dict[str, Any], rec: _Rec | None, fields: dict[str, Any]) -> None:
        """The public channel (issue 12): submissions and photos are the server's; a desk decides a
        pending submission once (into a case, or rejected with a reason); a link's token is new."""
        entity, op = c["entity"], c["op"]
        if entity == "public_link":
            if op == "insert":
                token = fields.get("token")
                if not isinstance(token, str) or not public.is_link_token(token):
                    raise _Refused("invalid_value", "token: not a link token")
                taken = token in {t["token"] for t in self.new_tokens.values()}
                if taken or self.session.get(PublicToken, token) is not None:
                    raise _Refused("invalid_value", "token: already used")
            elif not set(fields) <= {"active"}:
                raise _Refused("immutable", "a public link's token, station and deputy never change")
            return
        if rec is None or entity == "public_photo":
            raise _Refused("not_permitted", f"a {entity} is made by the server only")
        extra = set(fields) - rules.SUBMISSION_DECISION
        if extra:
            raise _Refused("immutable", f"a desk may not change {', '.join(sorted(extra))}")
        current = rec.data.get("state")
        new = fields.get("state", current)
        if "state" in fields and new != current and current != public.SubmissionState.PENDING.value:
            raise _Refused("illegal_transition", f"already_decided: the submission is {current}")
        merged = {**rec.data, **fields}
        if new == public.SubmissionState.ACCEPTED.value and not merged.get("case_id"):
            raise _Refused("invalid_value", "case_id: an accepted submission names its case")
        if (
            new == public.SubmissionState.REJECTED.value
            and not str(merged.get("reject_reason") or "").strip()
        ):
            raise _Refused("invalid_value", "reject_reason: a rejection gives its reason")

    def _judge_forward(self, c: dict[str, Any], rec: _Rec | None, fields: dict[str, Any]) -> None:
        """转12345 (docs/open311.md): a desk records a forward as pending, of a case of its station;
        what follows (work order, outcome) is the server's to write."""
        if c["op"] != "insert" or rec is not None:
            raise _Refused("immutable", "a forward is written by the server once recorded")
        if fields.get("state", ForwardState.PENDING.value) != ForwardState.PENDING.value:
            raise _Refused("invalid_value", "state: a desk records a forward as pending")
        extra = sorted(k for k in forwards.SERVER_FIELDS if fields.get(k))
        if extra:
            raise _Refused("not_permitted", f"{', '.join(extra)}: written by the server only")
        case = self._case_of(c, rec)
        if case is None or case.station_id != fields.get("station_id"):
            raise _Refused("invalid_value", "reception_id: a case of the forward's station")

    def _judge_new_slip(self, facts: CaseFacts, fields: dict[str, Any]) -> None:
        attempt = fields.get("attempt", 1)
        current = facts.slip()
        if facts.status is CaseStatus.RETURNED:
            ok = current is not None and attempt == current.attempt + 1
        else:
            ok = attempt == 1
        if not ok:
            raise _refusal("illegal_transition", Refusal.WRONG_ROUND)

    def _judge_reception(self, c: dict[str, Any], rec: _Rec | None, fields: dict[str, Any]) -> Move | None:
        if rec is None:
            expected = _INITIAL_STATUS.get(str(fields.get("outcome")))
            if expected is None:
                raise _Refused("invalid_value", "outcome: not_a_choice")
            if fields.get("status") != expected or fields.get("round_no", 0) != 0:
                raise _refusal("illegal_transition", Refusal.NO_SUCH_MOVE)
            return None
        if "status" not in fields and "round_no" not in fields:
            return None
        before = rules.case_facts(rec.data, {})
        after = {**rec.data, **fields}
        judgement = judge_path(before.status, before.round_no, self._facts(rec, after))
        if not judgement.ok:
            assert judgement.refusal is not None
            raise _refusal("illegal_transition", judgement.refusal)
        return judgement.move

    def _follow_slip(self, c: dict[str, Any], rec: _Rec) -> None:
        """The case's copy of its current slip (serial, unit, deadline) is the kept slip's: a value
        a desk pushed for a slip the server refused (two desks referred the same round) yields."""
        slip_id = None
        facts = self._facts(rec)
        slip = facts.slip()
        if slip is not None:
            slip_id = slip.id
        kept = self.recs.get(("referral", slip_id)) if slip_id else None
        for copy, source in rules.SLIP_COPY.items():
            if copy not in c["fields"]:
                continue
            want = kept.data.get(source) if kept is not None else None
            if rec.data.get(copy) != want:
                rec.data[copy] = want
                rec.dirty = True
            pushed = c["fields"][copy][1]
            if pushed != want:
                conflict = {
                    "change_id": c["id"],
                    "entity": rec.entity,
                    "entity_id": rec.entity_id,
                    "field": copy,
                    "yours": pushed,
                    "kept": want,
                    "rule": RULE_FOLLOWS_SLIP,
                }
                self.out.conflicts.append(conflict)
                self.out.conflict_rows.append({**conflict, "desk_id": self.desk.id})

    # -- applying -------------------------------------------------------------------------------

    def apply_all(self, changes: list[dict[str, Any]]) -> None:
        """Apply a batch's fresh changes in their order, their values checked (`_fitting_values`)
        a slice at a time: on PostgreSQL the first rows go to the stream (`streaming`) after one
        slice's checks, not the whole batch's, so the checks run while PostgreSQL takes in rows."""
        for start in range(0, len(changes), FIT_SLICE):
            part = changes[start : start + FIT_SLICE]
            for c, fitting in zip(part, _fitting_values(part), strict=True):
                self.apply(c, fitting)

    def apply(self, c: dict[str, Any], fitting: _Fitting | None = None) -> None:
        """Apply one change. `fitting`: its new values, when `_fitting_values` found that every one
        fits its field (then they are not checked again, unless the rekeys map one of them here)."""
        if self.rekey:
            # (The district's rekeys, every one it ever made: most changes name none of them.)
            mapped = False
            entity_id = self._map(c["entity_id"])
            if entity_id != c["entity_id"]:
                self.mapped.append((c, "entity_id", c["entity_id"]))
                c["entity_id"], mapped = entity_id, True
            for pair in c["fields"].values():
                value = self._map(pair[1])
                if value is not pair[1]:
                    self.mapped.append((pair, 1, pair[1]))
                    pair[1], mapped = value, True
            if mapped:
                fitting = None  # made and checked again from the mapped fields
        key = (c["entity"], c["entity_id"])
        rec = self.recs.get(key)
        if rec is not None:
            self._check_rec_scope(rec)
            for name in SCOPE_FIELDS & c["fields"].keys():
                if c["fields"][name][1] != rec.data.get(name):
                    raise _out_of_scope(f"{c['entity']} {c['entity_id']}: {name} may not change")
        try:
            self._apply_checked(c, rec, fitting)
        except _Hold as hold:
            self._hold(c, hold.entity, hold.entity_id)
        except _Refused as refused:
            if refused.current is None and rec is not None:
                refused.current = {k: rec.data.get(k) for k in c["fields"] if k not in REDACTED_FIELDS}
            self.out.rejected.append(
                {"id": c["id"], "code": refused.code, "message": refused.message, "current": refused.current}
            )
            self.out.receipt_rows.append(
                {
                    "change_id": c["id"],
                    "desk_id": self.desk.id,
                    "outcome": "rejected",
                    "code": refused.code,
                    "message": refused.message,
                    "change": {**c, "current": refused.current},
                }
            )

    def _apply_checked(self, c: dict[str, Any], rec: _Rec | None, fitting: _Fitting | None) -> None:
        entity, op = c["entity"], c["op"]
        if (
            rec is None
            and op == "insert"
            and entity in _OWN_STATION
            and c["fields"].get("station_id", _NO_PAIR)[1] is not None
        ):
            # A row of another station refuses the whole batch (403) first; the station found is
            # the insert's (`_insert` would work it out again).
            scope = self._new_scope(c)
        else:
            scope = _UNKNOWN_SCOPE
        if rec is None and entity in SERVER_MADE:
            raise _Refused("not_permitted", f"a {entity} is made by the server only")
        # The change's new values, made once and read by every check below (the rule book's,
        # the operator's): they were a dict per check, four per change.
        insert = rec is None and op == "insert"
        if fitting is None:
            values = {k: v[1] for k, v in c["fields"].items()}
            problems = [] if op == "delete" else entities.field_problems(entity, values, insert=insert)
        else:  # every value fits (`_fitting_values`): only an insert's missing fields are left
            values, missing = fitting
            problems = missing if insert else []
        if problems:
            raise _Refused("invalid_value", "; ".join(map(str, problems))[:500])
        if op == "delete" and entity not in DELETABLE:
            raise _Refused("delete_refused", f"a {entity} is never deleted: deactivate it instead")
        if rec is None:
            if op != "insert":
                if (entity, c["entity_id"]) in self.held_ids:
                    raise _Hold(entity, c["entity_id"])
                raise _Refused("unknown_record", f"{entity} {c['entity_id']} is unknown here")
            self._check_level(c, None)
            self._insert(c, values, scope)
            return
        if rec.station_id is None and entity != "station":
            self._check_owner(rec)
        self._check_level(c, rec)
        if op == "delete":
            self._authorize(c, rec, None, values)
            self._delete(c, rec)
            return
        self._update(c, rec, values)

    def _log(self, c: dict[str, Any], rec: _Rec, kept: dict[str, Any]) -> None:
        self.out.accepted.append(c["id"])
        # The `change` row in _CHANGE_COLUMNS' order; its fields are made JSON by `write`.
        row = (
            c["id"],
            self.desk.id,
            c["entity"],
            c["entity_id"],
            c["op"],
            kept,
            c.get("operator_id"),
            c["at"],
            rec.district_id,
            rec.station_id,
        )
        self.out.change_rows.append(row)
        if self.stream is not None:
            self.stream.log(row, len(self.out.change_rows), self.streamed_json)

    def _insert(self, c: dict[str, Any], values: dict[str, Any], scope: Any = _UNKNOWN_SCOPE) -> None:
        """`scope`: what `_new_scope(c)` gave, when it was asked already (else `_UNKNOWN_SCOPE`)."""
        entity, fields = c["entity"], c["fields"]
        key_field = REKEYED_BY.get(entity)
        if key_field is not None:
            value = values.get(key_field)
            existing = self.names.get(entity, {}).get(value)
            if existing is not None and existing != c["entity_id"]:
                self._authorize(c, None, None, values)
                self._rekey(c, existing)
                return
        station_id = self._new_scope(c) if scope is _UNKNOWN_SCOPE else scope
        self._check_refs(c, None, station_id)
        move = self._judge(c, None, values)
        self._authorize(c, None, move, values)
        if entity == "referral":
            self._claim_referral(c, station_id)
            data = {k: v[1] for k, v in fields.items()}  # a renumbered slip's number is new
        elif entity == "suggestion":
            self._claim_suggestion_number(c, station_id)
            data = {k: v[1] for k, v in fields.items()}
        else:
            data = values  # the row's values from now on (nothing reads them as the change's)
        if not REDACTED_FIELDS.isdisjoint(data):
            data.update(dict.fromkeys(REDACTED_FIELDS & data.keys()))
        stamp = [c["at"], self.desk.id, c["id"]]
        parent_key = PARENT_ID.get(entity)
        parent_id = data.get(parent_key) if parent_key else None
        owner = self.desk.station_id if station_id is None else None
        # "*": the stamp of every field not stamped on its own (all of them, after an insert).
        # (_Rec's fields in order: entity, entity_id, district_id, station_id, data, meta, deleted,
        # new, dirty, parent_id, owner_station_id.)
        rec = _Rec(
            entity,
            c["entity_id"],
            self.desk.district_id,
            station_id,
            data,
            {"*": stamp},
            False,
            True,
            True,
            parent_id,
            owner,
        )
        self.recs[(entity, c["entity_id"])] = rec
        if entity in CASE_CHILDREN and parent_id:
            self._case_children(parent_id)[entity][c["entity_id"]] = rec
        if key_field is not None and data.get(key_field):
            self.names.setdefault(entity, {})[data[key_field]] = c["entity_id"]
        if entity == "public_link":
            self.new_tokens[c["entity_id"]] = {
                "token": data["token"],
                "link_id": c["entity_id"],
                "district_id": self.desk.district_id,
                "station_id": station_id,
                "deputy_id": data.get("deputy_id"),
                "active": bool(data.get("active", True)),
            }
        self._log(c, rec, data)
        self._release(entity, c["entity_id"])

    def _rekey(self, c: dict[str, Any], to_id: str) -> None:
        from_id = c["entity_id"]
        self.rekey[from_id] = to_id
        if (c["entity"], to_id) not in self.recs:
            # Later changes of this batch to the rekeyed row now address the kept one: load it.
            self._load_records(c["entity"], {to_id})
        self.session.add(
            Rekey(
                district_id=self.desk.district_id,
                from_id=from_id,
                entity=c["entity"],
                to_id=to_id,
                change_id=c["id"],
            )
        )
        self.out.accepted.append(c["id"])
        self.out.rekeys.append({"entity": c["entity"], "from": from_id, "to": to_id})
        self.out.receipt_rows.append(
            {
                "change_id": c["id"],
                "desk_id": self.desk.id,
                "outcome": "rekeyed",
                "code": "rekeyed",
                "message": f"kept {to_id}",
                "change": c,
            }
        )
        self._release(c["entity"], from_id)

    def _claim_referral(self, c: dict[str, Any], station_id: str | None) -> None:
        f = c["fields"]
        reception_id = f.get("reception_id", _NO_PAIR)[1]
        round_no = f.get("round_no", _NO_PAIR)[1]
        attempt = f.get("attempt", [None, 1])[1] or 1
        year = f.get("serial_year", _NO_PAIR)[1]
        seq = f.get("serial_seq", _NO_PAIR)[1]
        s = self.session
        if reception_id is not None and isinstance(round_no, int):
            rkey = (reception_id, round_no, attempt)
            if rkey not in self.rounds:
                self.rounds[rkey] = s.scalar(
                    select(RoundUsed.referral_id).where(
                        RoundUsed.reception_id == reception_id,
                        RoundUsed.round_no == round_no,
                        RoundUsed.attempt == attempt,
                    )
                )
            holder = self.rounds[rkey]
            if holder is not None and holder != c["entity_id"]:
                raise _Refused("round_taken", f"round {round_no} of this case already has slip {holder}")
        if station_id is not None and isinstance(seq, int) and is_centre_seq(seq):
            station_id = self.desk.district_id  # the centre's series (issue 13)
        if station_id is not None and isinstance(year, int) and isinstance(seq, int):
            skey = (station_id, year, seq)
            if skey not in self.serials:
                self.serials[skey] = s.scalar(
                    select(SerialUsed.referral_id).where(
                        SerialUsed.station_id == station_id, SerialUsed.year == year, SerialUsed.seq == seq
                    )
                )
            holder = self.serials[skey]
            if holder is not None and holder != c["entity_id"]:
                seq = self._renumber(c, station_id, year)
                skey = (station_id, year, seq)
                holder = None
            if holder is None:
                self.serials[skey] = c["entity_id"]
                self.new_serials.append(
                    {"station_id": station_id, "year": year, "seq": seq, "referral_id": c["entity_id"]}
                )
                hkey = (station_id, year)
                self.serial_high[hkey] = max(self.serial_high.get(hkey, 0), seq)
        if (
            reception_id is not None
            and isinstance(round_no, int)
            and self.rounds.get((reception_id, round_no, attempt)) is None
        ):
            self.rounds[(reception_id, round_no, attempt)] = c["entity_id"]
            self.new_rounds.append(
                {
                    "reception_id": reception_id,
                    "round_no": round_no,
                    "attempt": attempt,
                    "referral_id": c["entity_id"],
                }
            )

    def _renumber(self, c: dict[str, Any], station_id: str, year: int) -> int:
        """A slip number another slip of the station already carries (two desks that numbered on
        their own, then joined one station): the slip keeps its case and gets the station's next
        free number; its old number stays on it (`former_serial`) and the desk is told."""
        f = c["fields"]
        station = self.stations.get(station_id) or self.session.get(Station, station_id)
        if station is None:
            raise _Refused("serial_taken", "slip number already used")
        self.stations[station_id] = station
        used = {
            k[2] for k, v in self.serials.items() if k[0] == station_id and k[1] == year and v is not None
        }
        counter = self.session.get(SerialCounter, (station_id, year))
        seq = max(
            counter.next_free if counter is not None else 1, self.serial_high.get((station_id, year), 0) + 1
        )
        while (
            seq in used
            or self.session.scalar(
                select(SerialUsed.referral_id).where(
                    SerialUsed.station_id == station_id, SerialUsed.year == year, SerialUsed.seq == seq
                )
            )
            is not None
        ):
            seq += 1
        old = f.get("serial", [None, ""])[1] or ""
        new = format_serial(station.serial_pattern, station.short_name, year, seq)
        f["serial_seq"] = [None, seq]
        f["serial"] = [None, new]
        if not f.get("former_serial", [None, ""])[1]:
            f["former_serial"] = [None, old]
        self.out.renumbers.append(_renumber_answer(c))
        self.out.receipt_rows.append(
            {
                "change_id": c["id"],
                "desk_id": self.desk.id,
                "outcome": "renumbered",
                "code": "serial_taken",
                "message": f"{old} -> {new}",
                "change": c,
            }
        )
        # The case's copy of the slip number follows (in this batch, and when it arrives later).
        self.renumbered[old] = new
        return seq

    def _claim_suggestion_number(self, c: dict[str, Any], station_id: str | None) -> None:
        """A suggestion's number, like a slip's, is one per series and year: one that another
        suggestion of the series already carries (two desks that numbered offline) is replaced
        by the series' next free number, and the desk is told (`renumbers`, entity suggestion)."""
        f = c["fields"]
        year = f.get("serial_year", _NO_PAIR)[1]
        seq = f.get("serial_seq", _NO_PAIR)[1]
        if station_id is None or type(year) is not int or type(seq) is not int:
            return
        centre = is_centre_seq(seq)
        series = self.desk.district_id if centre else station_id
        taken = self._suggestion_numbers(series, year, centre)
        holder = taken.get(seq)
        if holder is not None and holder != c["entity_id"]:
            seq = max(taken) + 1
            old = f.get("serial", [None, ""])[1] or ""
            station = self.stations.get(station_id) or self.session.get(Station, station_id)
            district = self.session.get(District, self.desk.district_id)
            new = format_suggestion_serial(
                station.short_name if station is not None else "",
                district.name if district is not None else "",
                year,
                seq,
            )
            f["serial_seq"] = [None, seq]
            f["serial"] = [None, new]
            answer = {**_renumber_answer(c), "former_serial": old}
            self.out.renumbers.append(answer)
            self.out.receipt_rows.append(
                {
                    "change_id": c["id"],
                    "desk_id": self.desk.id,
                    "outcome": "renumbered",
                    "code": "serial_taken",
                    "message": f"{old} -> {new}",
                    "change": c,
                }
            )
        taken[seq] = c["entity_id"]

    def _suggestion_numbers(self, series: str, year: int, centre: bool) -> dict[int, str]:
        """The numbers of a series and year the district's suggestions carry (read once a batch)."""
        key = (series, year)
        if key not in self.suggestion_numbers:
            stmt = select(Record.entity_id, Record.station_id, Record.data).where(
                Record.entity == "suggestion",
                Record.district_id == self.desk.district_id,
                Record.deleted.is_(False),
            )
            taken: dict[int, str] = {}
            for entity_id, station_id, data in self.session.execute(stmt):
                n = (data or {}).get("serial_seq")
                if (
                    type(n) is not int
                    or (data or {}).get("serial_year") != year
                    or is_centre_seq(n) != centre
                ):
                    continue
                if centre or station_id == series:
                    taken[n] = entity_id
            self.suggestion_numbers[key] = taken
        return self.suggestion_numbers[key]

    def _delete(self, c: dict[str, Any], rec: _Rec) -> None:
        if not rec.deleted:
            rec.deleted = True
            rec.dirty = True
            key_field = rules.REKEYED_BY.get(rec.entity)
            if key_field is not None:
                names = self.names.get(rec.entity, {})
                if names.get(rec.data.get(key_field)) == rec.entity_id:
                    del names[rec.data[key_field]]
        self._log(c, rec, {})

    def _update(self, c: dict[str, Any], rec: _Rec, values: dict[str, Any]) -> None:
        if rec.deleted:
            raise _Refused("record_deleted", f"{c['entity']} {c['entity_id']} was deleted")
        fields = c["fields"]
        if rec.entity == "reception" and "serial" in fields and fields["serial"][1] in self.renumbered:
            fields["serial"][1] = values["serial"] = self.renumbered[fields["serial"][1]]
        self._check_refs(c, rec, rec.station_id)
        move = self._judge(c, rec, values)
        self._authorize(c, rec, move, values)
        if rec.entity == "suggestion":
            self._claim_suggestion_number(c, rec.station_id)
        if rec.new:
            # A row inserted in this batch: its dict is also its insert's logged fields (`_insert`
            # logs the row's values), which must stay the values it was inserted with.
            rec.data = dict(rec.data)
        kept: dict[str, Any] = {}
        stamp = [c["at"], self.desk.id, c["id"]]
        for name, (_old, new) in fields.items():
            if name in REDACTED_FIELDS:
                continue
            current = rec.data.get(name)
            if rec.entity == "reception" and name in ("status", "round_no"):
                wins = True  # the lifecycle decided (above), not the clock
            else:
                wins = self._wins(stamp, _stamp(rec.meta, name))
            if wins:
                rec.data[name] = new
                rec.meta[name] = stamp
                kept[name] = new
                rec.dirty = True
            elif new != current:
                conflict = {
                    "change_id": c["id"],
                    "entity": rec.entity,
                    "entity_id": rec.entity_id,
                    "field": name,
                    "yours": new,
                    "kept": current,
                    "rule": RULE_LATER_WINS,
                }
                self.out.conflicts.append(conflict)
                self.out.conflict_rows.append({**conflict, "desk_id": self.desk.id})
        if rec.entity == "public_link" and "active" in kept:
            self.token_active[rec.entity_id] = bool(kept["active"])
        if rec.entity == "reception" and not SLIP_COPY_FIELDS.isdisjoint(fields):
            self._follow_slip(c, rec)
            for copy in SLIP_COPY_FIELDS & kept.keys():
                kept[copy] = rec.data.get(copy)
        self._log(c, rec, kept)

    def _wins(self, stamp: list[str], held: list[str] | None) -> bool:
        """Later desk time wins a field; a tie goes to the greater desk id; a desk never loses to itself."""
        if held is None or held[1] == stamp[1]:
            return True
        return (stamp[0], stamp[1]) >= (held[0], held[1])

    # -- changes waiting for a row ------------------------------------------------------------------

    def _hold(self, c: dict[str, Any], entity: str, entity_id: str) -> None:
        """Keep a change that names a row the server has not got; it is applied when the row
        arrives. The desk counts it as sent (`held`): the server owns it from now on."""
        self.out.held.append(c["id"])
        self.held_ids.add((c["entity"], c["entity_id"]))
        row = {
            "change_id": c["id"],
            "desk_id": self.desk.id,
            "district_id": self.desk.district_id,
            "entity": c["entity"],
            "entity_id": c["entity_id"],
            "waiting_entity": entity,
            "waiting_id": entity_id,
            "change": c,
        }
        self.out.held_rows.append(row)
        self.held_for.setdefault((entity, entity_id), []).append(row)

    def _release(self, entity: str, entity_id: str) -> None:
        """Apply the changes held for a row that has just arrived (of this batch or stored)."""
        waiting = self.held_for.pop((entity, entity_id), ()) if self.held_for else ()
        stored: list[Any] = []
        if entity_id not in self.waiting_checked or (entity, entity_id) in self.stored_waiting:
            self.stored_waiting.discard((entity, entity_id))
            stored = list(
                self.session.execute(
                    select(HeldChange.change_id, HeldChange.desk_id, HeldChange.change).where(
                        HeldChange.district_id == self.desk.district_id,
                        HeldChange.waiting_id == entity_id,
                        HeldChange.waiting_entity == entity,
                    )
                )
            )
        if not waiting and not stored:
            return
        for row in waiting:
            self.out.held_rows.remove(row)
            if row["change_id"] in self.out.held:
                self.out.held.remove(row["change_id"])
            self.held_ids.discard((row["change"]["entity"], row["change"]["entity_id"]))
        for row in waiting:
            self._redrive(row["change"], row["desk_id"])
        for change_id, desk_id, change in stored:
            self.out.released.append(change_id)
            self._redrive(dict(change), desk_id)

    def _redrive(self, c: dict[str, Any], desk_id: str) -> None:
        """Apply a change that was held, as its own desk (with that desk's identity and scope)."""
        applier = self
        if desk_id != self.desk.id:
            desk = self.session.get(Desk, desk_id)
            if desk is None or desk.revoked_at is not None:
                self._refuse_held(c, desk_id, "token_revoked", "the desk that sent it was revoked")
                return
            applier = _Applier(self.session, desk)
            applier.share(self)
        applier._load_for([c])
        try:
            applier.apply(c)
        except ApiError as exc:
            # Out of its desk's scope now: refused, and kept as sent (nothing vanishes).
            self._refuse_held(c, desk_id, exc.code, exc.message)

    def _refuse_held(self, c: dict[str, Any], desk_id: str, code: str, message: str) -> None:
        self.out.receipt_rows.append(
            {
                "change_id": c["id"],
                "desk_id": desk_id,
                "outcome": "rejected",
                "code": code,
                "message": message,
                "change": c,
            }
        )

    def share(self, other: _Applier) -> None:
        """Work on `other`'s batch: the same rows, claims and writes (another desk's held change)."""
        self.recs, self.children, self.names, self.rekey = (
            other.recs,
            other.children,
            other.names,
            other.rekey,
        )
        self.rounds, self.serials, self.renumbered = other.rounds, other.serials, other.renumbered
        self.new_rounds, self.new_serials, self.serial_high = (
            other.new_rounds,
            other.new_serials,
            other.serial_high,
        )
        self.stations = other.stations
        self.held_for, self.stored_waiting, self.waiting_checked = (
            other.held_for,
            other.stored_waiting,
            other.waiting_checked,
        )
        if self.desk.station_id is None:
            self.district_stations = set(
                self.session.scalars(select(Station.id).where(Station.district_id == self.desk.district_id))
            )
        for name in ("change_rows", "receipt_rows", "conflict_rows", "held_rows", "released"):
            setattr(self.out, name, getattr(other.out, name))

    def _load_for(self, changes: list[dict[str, Any]]) -> None:
        wanted = self._wanted(changes)
        for entity, ids in wanted.items():
            self._load_records(entity, ids)

    # -- writing --------------------------------------------------------------------------------

    @contextmanager
    def streaming(self, changes: list[dict[str, Any]]) -> Iterator[None]:
        """Apply the batch (the `with` block) while PostgreSQL takes in its change log: the
        batch's first `change` rows go to a COPY as they are logged, so PostgreSQL's work on them
        (the change log's COPY is the largest part of a push's time there) runs on the other core
        while the rest of the batch is judged in Python; the new rows of `record` follow in
        `write`. The change log is written in the batch's order (its seqs follow it), so the
        stream carries the rows logged before anything it may not carry: it sends the change of
        an insert of a row nothing later in the batch changes (`_final_inserts`: its fields are
        the row's, final), and ends at the first other change row, or before any other statement
        of the session (a claim's or a held change's query: a connection in a COPY can run
        nothing else), else when the block ends; `write` writes the rest. The seq lock is taken
        when the first row is sent (seqs are drawn from then on) and held to the commit, as
        `write` holds it: a big batch holds it through its apply, ~10 ms more for 1,000 changes,
        while other districts' pushes wait at their own change log. An error in the block (a 403
        that refuses the whole batch) ends the COPY with that error: the transaction is rolled
        back, nothing of it written. SQLite, and a batch of fewer than STREAM_MIN_ROWS such rows:
        no stream, everything written by `write` (and the seq lock taken there, last)."""
        conn = self.session.connection()
        final = self._final_inserts(changes) if conn.dialect.name == "postgresql" else frozenset()
        if len(final) < STREAM_MIN_ROWS:
            yield
            return
        stream = self.stream = _ChangeStream(self.session, conn, final)

        def before_statement(*_: Any) -> None:
            if stream.open:
                stream.end()

        event.listen(conn, "before_cursor_execute", before_statement)
        try:
            yield
        except BaseException as exc:
            stream.end(exc)
            raise
        else:
            stream.end()
        finally:
            event.remove(conn, "before_cursor_execute", before_statement)
            self.stream = None
            self.changes_streamed = stream.sent

    def _final_inserts(self, changes: list[dict[str, Any]]) -> frozenset[tuple[str, str]]:
        """The rows the batch inserts that no other change of the batch addresses: once made,
        nothing in this batch changes them. A row is changed only by changes addressed to it (an
        update, a delete, a slip's copy onto its own case, a held change redriven), so: an insert
        whose (entity, id), mapped through the rekeys, is the only one of the batch. Not: rows
        of an entity a later insert may be rekeyed onto (`REKEYED_BY`: the later changes of the
        rekeyed id would address it), and none when stored held changes wait for a row of the
        batch (a released change may address any row)."""
        if self.stored_waiting:
            return frozenset()
        keys = [(c["entity"], self._map(c["entity_id"])) for c in changes]
        counts = Counter(keys)
        return frozenset(
            key
            for c, key in zip(changes, keys, strict=True)
            if c["op"] == "insert" and counts[key] == 1 and key[0] not in REKEYED_BY
        )

    def write(self, before_end: Callable[[], None] | None = None) -> None:
        """Write the batch. `before_end`: called once the new rows of `record` are all sent, while
        PostgreSQL takes in the last of them (`push`'s late checks), if there are any."""
        s = self.session
        out = self.out
        new = [r for r in self.recs.values() if r is not None and r.new]
        dirty = [r for r in self.recs.values() if r is not None and r.dirty and not r.new]
        conn = s.connection()
        # An insert's fields and its new row are the same dict: dumped once (those of the change
        # rows streamed were dumped when they were sent).
        dumped: dict[int, str] = self.streamed_json
        change_rows = []
        for (
            cid,
            desk_id,
            entity,
            entity_id,
            op,
            kept,
            operator_id,
            at,
            district_id,
            station_id,
        ) in out.change_rows[self.changes_streamed :]:
            fields = dumped.get(id(kept))
            if fields is None:
                fields = dumped[id(kept)] = _dumps(kept)
            change_rows.append(
                (cid, desk_id, entity, entity_id, op, fields, operator_id, at, district_id, station_id)
            )
        if new:
            # (Made as they are sent: PostgreSQL takes in the first while the rest are made.)
            rows = (
                (
                    r.entity,
                    r.entity_id,
                    r.district_id,
                    r.station_id,
                    dumped.get(id(r.data)) or _dumps(r.data),
                    _dumps(r.meta),
                    r.deleted,
                    r.parent_id,
                    r.owner_station_id,
                )
                for r in new
            )
            _bulk_insert(conn, "record", _RECORD_COLUMNS, rows, before_end)
        if dirty:
            _bulk_update_records(
                conn, [(r.entity, r.entity_id, _dumps(r.data), _dumps(r.meta), r.deleted) for r in dirty]
            )
        if out.receipt_rows:
            s.execute(insert(Receipt), out.receipt_rows)
        if out.conflict_rows:
            s.execute(insert(Conflict), out.conflict_rows)
        if out.released:  # before the inserts: a released change may be held again (for another row)
            s.execute(delete(HeldChange).where(HeldChange.change_id.in_(out.released)))
        if out.held_rows:
            s.execute(insert(HeldChange), [{**r, "held_at": utcnow()} for r in out.held_rows])
        if self.new_rounds:
            s.execute(insert(RoundUsed), self.new_rounds)
        if self.new_serials:
            s.execute(insert(SerialUsed), self.new_serials)
        if self.new_tokens:
            s.execute(insert(PublicToken), list(self.new_tokens.values()))
        for link_id, active in self.token_active.items():
            s.execute(update(PublicToken).where(PublicToken.link_id == link_id).values(active=active))
        for (station_id, year), high in self.serial_high.items():
            raise_serial_counter(session=s, station_id=station_id, year=year, at_least=high + 1)
        if change_rows:
            # Last, under the seq lock held to the commit: seqs are drawn here (or from the
            # stream's first row on, which took the lock), and become visible in the order they
            # were drawn (docs/sync.md, several worker processes). Everything before the first
            # change row ran under the district's lock only.
            if not self.changes_streamed:
                lock_for_push(s)
            _bulk_insert(conn, "change", _CHANGE_COLUMNS, change_rows)


SLIP_COPY_FIELDS = frozenset(rules.SLIP_COPY)


# The big writes of a push, with JSON serialized once here (no per-value type processing): this is
# most of what makes a 1,000-change batch cheap. On PostgreSQL the inserts are a COPY and the
# update one statement over arrays (psycopg's executemany costs ~50 us of Python per row); on
# SQLite, executemany is the C loop of the sqlite3 module already.
_CHANGE_COLUMNS = (
    "id",
    "desk_id",
    "entity",
    "entity_id",
    "op",
    "fields",
    "operator_id",
    "at",
    "district_id",
    "station_id",
)
_RECORD_COLUMNS = (
    "entity",
    "entity_id",
    "district_id",
    "station_id",
    "data",
    "meta",
    "deleted",
    "parent_id",
    "owner_station_id",
)


def _bulk_insert(
    conn: Any,
    table: str,
    columns: tuple[str, ...],
    rows: Iterable[tuple[Any, ...]],
    before_end: Callable[[], None] | None = None,
) -> None:
    """Insert rows in their order (a COPY keeps it: `change.seq` follows the batch).
    `before_end`: called after the last row was sent, before waiting for PostgreSQL to end the
    COPY (it works on the rows sent meanwhile; an exception ends the COPY with it)."""
    names = ", ".join(columns)
    if conn.dialect.name == "postgresql":
        with (
            conn.connection.dbapi_connection.cursor() as cur,
            cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row)
            if before_end is not None:
                before_end()
        return
    marks = ", ".join("?" * len(columns))
    conn.exec_driver_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', list(rows))
    if before_end is not None:
        before_end()


# A batch with fewer inserts that nothing later changes writes its change log with the rest
# (`write`): sent early, a handful of rows save PostgreSQL less than the stream costs, and the seq
# lock, which every district shares, is then held only around the change log's own COPY (the
# desks' pushes once a minute carry 1-5 changes).
STREAM_MIN_ROWS = 100


class _ChangeStream:
    """The `change` COPY of a batch's first change rows, sent as they are logged while the batch
    is applied (`_Applier.streaming`, PostgreSQL), under the seq lock taken when the first row is
    sent. It carries a row only if every row logged before it was carried and it is the insert
    of a row in `final`; at the first other row it ends, and once ended it stays ended: `write`
    writes the rest, after those sent (`sent`)."""

    def __init__(self, session: Session, conn: Any, final: frozenset[tuple[str, str]]) -> None:
        self.final = final
        self.ended = False
        self.sent = 0
        self._session = session
        self._conn = conn
        self._copying: ExitStack | None = None
        self._copy: Any = None

    def log(self, row: tuple[Any, ...], logged: int, json: dict[int, str]) -> None:
        """The change row just logged (`logged`: how many rows are logged now, this one the
        last); its fields' JSON is kept in `json` (the new row's data in `write` is the same)."""
        if self.ended:
            return
        if logged != self.sent + 1 or row[4] != "insert" or (row[2], row[3]) not in self.final:
            self.end()
            return
        if self._copying is None:
            lock_for_push(self._session)
            self._copying = ExitStack()
            cursor = self._copying.enter_context(self._conn.connection.dbapi_connection.cursor())
            self._copy = self._copying.enter_context(
                cursor.copy(f"COPY change ({', '.join(_CHANGE_COLUMNS)}) FROM STDIN")
            )
        kept = row[5]
        fields = json[id(kept)] = _dumps(kept)
        self._copy.write_row((*row[:5], fields, *row[6:]))
        self.sent += 1

    @property
    def open(self) -> bool:
        return self._copying is not None

    def end(self, exc: BaseException | None = None) -> None:
        """Finish the COPY (wait for PostgreSQL to take in what was sent), or fail it with `exc`."""
        self.ended = True
        copying, self._copying = self._copying, None
        if copying is not None:
            copying.__exit__(type(exc) if exc else None, exc, exc.__traceback__ if exc else None)


def _bulk_update_records(conn: Any, rows: list[tuple[str, str, str, str, bool]]) -> None:
    """Write back (entity, entity_id, data, meta, deleted) of rows the batch changed."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(
            "UPDATE record AS r SET data = u.data::json, meta = u.meta::json, deleted = u.deleted "
            "FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::bool[]) "
            "AS u(entity, entity_id, data, meta, deleted) "
            "WHERE r.entity = u.entity AND r.entity_id = u.entity_id",
            tuple(list(column) for column in zip(*rows, strict=True)),
        )
        return
    conn.exec_driver_sql(
        "UPDATE record SET data = ?, meta = ?, deleted = ? WHERE entity = ? AND entity_id = ?",
        [(data, meta, deleted, entity, entity_id) for entity, entity_id, data, meta, deleted in rows],
    )


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


def _replayed(session: Session, ids: list[str], facts: _ReplayFacts, out: _Batch) -> None:
    """Changes of this batch the server has answered before: their earlier answer, again."""
    done = set(facts.logged)
    told = [i for i, outcome in facts.receipts.items() if outcome in ("rejected", "renumbered")]
    done.update(i for i, outcome in facts.receipts.items() if outcome != "rejected")
    if told:
        for r in session.execute(
            select(Receipt.change_id, Receipt.outcome, Receipt.code, Receipt.message, Receipt.change).where(
                _among(session, Receipt.change_id, told)
            )
        ):
            if r.outcome == "rejected":
                out.rejected.append(
                    {
                        "id": r.change_id,
                        "code": r.code,
                        "message": r.message,
                        "current": r.change.get("current"),
                    }
                )
            else:
                out.renumbers.append(_renumber_answer(r.change))
    out.held.extend(i for i in ids if i in facts.held)
    if facts.receipts:
        for rk in session.execute(
            select(Rekey.entity, Rekey.from_id, Rekey.to_id).where(
                _among(session, Rekey.change_id, list(facts.receipts))
            )
        ):
            out.rekeys.append({"entity": rk.entity, "from": rk.from_id, "to": rk.to_id})
    if done:
        for cf in session.execute(
            select(
                Conflict.change_id,
                Conflict.entity,
                Conflict.entity_id,
                Conflict.field,
                Conflict.yours,
                Conflict.kept,
                Conflict.rule,
            ).where(_among(session, Conflict.change_id, done))
        ):
            out.conflicts.append(
                {
                    "change_id": cf.change_id,
                    "entity": cf.entity,
                    "entity_id": cf.entity_id,
                    "field": cf.field,
                    "yours": cf.yours,
                    "kept": cf.kept,
                    "rule": cf.rule,
                }
            )
    out.duplicates.extend(i for i in ids if i in done)


def _fitting_values(changes: list[dict[str, Any]]) -> list[_Fitting | None]:
    """Each change's new values (a dict made once) when every one of them fits its field, with
    the problems of the required fields an insert of its shape lacks; None for a change of a shape
    with a value that does not fit (`apply` checks those one by one, and says which). The values
    are checked a shape (entity and field names) at a time over the batch, by
    entities.values_fit: the same checks as entities.field_problems, not the same loop (a push of
    1,000 changes has a few shapes)."""
    values = [{k: v[1] for k, v in c["fields"].items()} for c in changes]
    shapes: dict[tuple[str, tuple[str, ...]], list[int]] = {}
    for i, c in enumerate(changes):
        shapes.setdefault((c["entity"], tuple(c["fields"])), []).append(i)
    fitting: list[_Fitting | None] = [None] * len(changes)
    for (entity, names), members in shapes.items():
        if entities.values_fit(entity, names, [values[i] for i in members]):
            missing = entities.required_missing(entity, values[members[0]])
            for i in members:
                fitting[i] = (values[i], missing)
    return fitting


# How many changes' values `apply_all` checks at a time (a slice's shapes are checked together).
FIT_SLICE = 100


# A change's new values, all fitting their fields, and the problems of the required fields an
# insert of its shape lacks (`_fitting_values`).
_Fitting = tuple[dict[str, Any], list[entities.FieldProblem]]


def _renumber_answer(c: dict[str, Any]) -> dict[str, Any]:
    """A renumbered slip's (or suggestion's) new number; a suggestion keeps no former number, so
    a replayed answer names none."""
    f = c["fields"]
    return {
        "entity": c["entity"],
        "entity_id": c["entity_id"],
        "serial": f["serial"][1],
        "serial_seq": f["serial_seq"][1],
        "serial_year": f["serial_year"][1],
        "former_serial": f.get("former_serial", [None, ""])[1] or "",
    }


@dataclass(frozen=True, slots=True)
class BatchChecks:
    """The caller's checks of a batch, each refusing it by raising (the route's /push: those of
    api.schemas.PushBody and the clock's). `push` runs them before anything is applied, `shape`,
    `_validate`, `values` and `clock` in this order; a big batch on PostgreSQL, `clock` first
    and the others last (see `push`)."""

    shape: Callable[[], None]  # the changes' keys' types and lengths
    values: Callable[[], None]  # every value one the databases can hold
    clock: Callable[[], None]  # the desk's clock not ahead (may set a change's `at`)


def push(
    *,
    session: Session,
    desk: Desk,
    changes: list[dict[str, Any]],
    checks: BatchChecks | None = None,
) -> dict[str, Any]:
    """Apply one batch (the caller commits); the answer of docs/sync.md.

    `checks` (the caller's) and `_validate` refuse a batch before anything is applied. A big
    batch on PostgreSQL (`_ReadAhead`) differs in two ways, for its time (the Python of a push is
    its critical path, and PostgreSQL's reads of 1,000 ids ~3 ms of it), each with the answer a
    small batch would have:

    - Its checks run last but the clock's (which may set a change's `at`, read by the apply):
      while PostgreSQL takes in its new rows (`write`, ~4-5 ms idle in Python for 1,000
      changes), and, should anything fail before, first. Their refusal wins over whatever their
      absence caused (a key of the wrong type, a duplicate id in the change log), as it did when
      they ran first; what the batch did meanwhile is rolled back with the refusal (the caller's
      transaction).
    - It assumes that none of its change ids is in the change log and that the rows it inserts
      are not in `record`, and reads neither (`_ReadAhead`). The COPYs' unique keys prove it
      for the changes it logs and the rows it makes; the others (changes refused or held, rows
      not made) are looked up after (`_assumed_wrongly`: none for a desk's usual batch). Should
      one be there, or anything fail (a replay's id already in the change log, a row that
      exists), the batch is rolled back and applied again as a small one is, every id read."""
    applier = _Applier(session, desk)
    ahead = _ReadAhead.of(applier, changes)
    if ahead is None:
        if checks is not None:
            checks.shape()
        _validate(changes)
        if checks is not None:
            checks.values()
            checks.clock()
        lock_district(session, desk.district_id)
        return _push(applier, changes, None, _Late(()))
    late = _Late(
        (functools.partial(_validate, changes),)
        if checks is None
        else (checks.shape, functools.partial(_validate, changes), checks.values)
    )
    try:
        ahead.read(checks.clock if checks is not None else None)
    except Exception:
        late.run()  # (their refusal, if any, is raised instead)
        raise
    try:
        answer = _push(applier, changes, ahead, late)
        if not _assumed_wrongly(applier, changes):
            return answer
    except Exception:
        late.run()
        if late.refusal is not None:
            raise
    # Applied again from the start, every id read, the changes as they came (the rekeys' mapping
    # put back): a refusal of the batch comes again, read from what is there now.
    for owner, key, value in reversed(applier.mapped):
        owner[key] = value
    session.rollback()
    lock_district(session, desk.district_id)
    return _push(_Applier(session, desk), changes, None, late)


def _assumed_wrongly(applier: _Applier, changes: list[dict[str, Any]]) -> bool:
    """Whether a change of the batch that it did not log is in the change log, or a row it
    assumed new and did not make is in `record` (`push`; the COPYs' unique keys answered for the
    others): nothing to look up for a batch whose every change was logged and every row made."""
    session = applier.session
    if applier.logged_unread:
        logged = {row[0] for row in applier.out.change_rows}
        unlogged = [c["id"] for c in changes if c["id"] not in logged]
        if unlogged and session.scalar(
            select(Change.id).where(_among(session, Change.id, unlogged)).limit(1)
        ):
            return True
    made = {key for key, r in applier.recs.items() if r is not None and r.new}
    unmade: dict[str, list[str]] = {}
    for entity, entity_id in applier.assumed_new - made:
        unmade.setdefault(entity, []).append(entity_id)
    return any(
        session.scalar(
            select(Record.entity_id)
            .where(Record.entity == entity, _among(session, Record.entity_id, ids))
            .limit(1)
        )
        is not None
        for entity, ids in unmade.items()
    )


class _Late:
    """Checks run once, at the first `run` (`push`); `refusal`: what one of them raised."""

    __slots__ = ("checks", "refusal")

    def __init__(self, checks: tuple[Callable[[], None], ...]) -> None:
        self.checks = checks
        self.refusal: Exception | None = None

    def run(self) -> None:
        checks, self.checks = self.checks, ()
        try:
            for check in checks:
                check()
        except Exception as exc:
            self.refusal = exc
            raise


def _push(
    applier: _Applier, changes: list[dict[str, Any]], ahead: _ReadAhead | None, late: _Late
) -> dict[str, Any]:
    session = applier.session
    answered = applier.prefetch(changes, ahead.prefetched if ahead is not None else None)
    if applier.logged_unread and applier.replay.logged:
        # Its first or last change is in the change log: a batch sent again. Every id is looked
        # up instead of the batch being applied twice (`push`).
        applier.logged_unread = False
        answered = applier.prefetch(changes)
    if answered:
        _replayed(session, [c["id"] for c in changes], applier.replay, applier.out)
        ahead = None  # (read for the whole batch: the fresh changes' reads are others)
    fresh = [c for c in changes if c["id"] not in answered]
    if fresh:
        applier.load(fresh, ahead)
        with applier.streaming(fresh):
            applier.apply_all(fresh)
        applier.write(late.run)
    late.run()
    out = applier.out
    _settle(session, out)
    return {
        "accepted": out.accepted,
        "duplicates": out.duplicates,
        "rejected": out.rejected,
        "rekeys": out.rekeys,
        "conflicts": out.conflicts,
        "held": out.held,
        "renumbers": out.renumbers,
    }


def _named_cases(changes: list[dict[str, Any]]) -> set[str]:
    """The cases the batch's `reception_id`s name."""
    return {
        c["fields"]["reception_id"][1]
        for c in changes
        if "reception_id" in c["fields"] and isinstance(c["fields"]["reception_id"][1], str)
    }


# A batch of at least this many changes reads ahead on PostgreSQL, on `push`'s assumptions
# (`_ReadAhead`); a smaller one reads and checks in turn: that takes less time than a pipeline
# costs (the desks' pushes once a minute carry 1-5 changes).
READ_AHEAD_MIN_CHANGES = 100


_COMPILED: dict[Any, Any] = {}  # statement -> compiled for PostgreSQL (`_ReadAhead`)


def _compiled(statement: Any, dialect: Any) -> Any:
    """A statement built once (functools.cache), compiled once: the SQL string and its parameters
    are the same for every psycopg engine (no bind processor runs: `_ReadAhead` binds plain text)."""
    compiled = _COMPILED.get(statement)
    if compiled is None:
        compiled = _COMPILED[statement] = statement.compile(dialect=dialect)
    return compiled


class _ReadAhead:
    """A big batch's first reads sent to PostgreSQL without waiting for their answers (psycopg's
    pipeline mode, below SQLAlchemy), while Python works out what to read next and checks the
    desk's clock (`read`): the district's lock and `prefetch`'s statement (which need only the
    changes' ids), then the load's first statement as `load` would send it with no replay and no
    rekey. Neither reads what `push` assumes (the change log's ids, the rows the batch inserts:
    `unread`). The statements are SQLAlchemy's, compiled once; the pipeline's end reads every
    answer. `prefetch` takes its rows (the same statement, parameters and moment: after the
    lock); `load` takes the records read unless a replay or a rekey makes what it wants another
    set (then it reads them itself, the rows the batch inserts too)."""

    def __init__(self, applier: _Applier, changes: list[dict[str, Any]]) -> None:
        self.applier = applier
        self.changes = changes
        # `_wanted(changes, inserted=False)` before the rekeys were known, and the rows the batch
        # inserts that it leaves out (not read: assumed new, `push`).
        self.wanted: dict[str, set[str]] = {}
        self.unread: set[tuple[str, str]] = set()
        self.named_cases: set[str] = set()
        self.records_read: tuple[Any, dict[str, str], set[str]] | None = None
        self.prefetched: Any = []  # the rows read, as `prefetch` and `load` take them
        self.records: Any = []

    @classmethod
    def of(cls, applier: _Applier, changes: list[dict[str, Any]]) -> _ReadAhead | None:
        """The reads ahead of a big batch of a station's desk on PostgreSQL; else None (a centre
        desk's load reads its district's stations first)."""
        if (
            len(changes) < READ_AHEAD_MIN_CHANGES
            or applier.desk.station_id is None
            or applier.session.get_bind().dialect.name != "postgresql"
        ):
            return None
        return cls(applier, changes)

    def read(self, check: Callable[[], None] | None) -> None:
        """Send the reads and run `check` (the clock's) meanwhile, then take the answers. A
        refusal of the check ends the pipeline and is raised (the caller's transaction is rolled
        back)."""
        from psycopg.rows import namedtuple_row  # (the server's PostgreSQL driver)

        applier, changes = self.applier, self.changes
        conn = applier.session.connection()
        raw: Any = conn.connection.dbapi_connection
        cursors: list[Any] = []

        def send(statement: Any, params: dict[str, Any]) -> None:
            compiled = _compiled(statement, conn.dialect)
            cursor = raw.cursor(row_factory=namedtuple_row)
            cursor.execute(compiled.string, compiled.construct_params(params))
            cursors.append(cursor)

        with raw.pipeline():
            send(_DISTRICT_LOCK, _district_lock_params(applier.desk.district_id))
            send(
                _prefetch_statement("postgresql", logged=False), applier._prefetch_params(changes, probe=True)
            )
            applier.logged_unread = True
            self.wanted = applier._wanted(changes, inserted=False)
            self.unread = {
                (c["entity"], c["entity_id"])
                for c in changes
                if c["op"] == "insert" and c["entity_id"] not in self.wanted.get(c["entity"], ())
            }
            self.named_cases = _named_cases(changes)
            self.records_read = applier._records_read(
                self.wanted, self.wanted.get("reception", set()) | self.named_cases
            )
            if self.records_read is not None:
                send(*self.records_read[:2])
            if check is not None:
                check()
        self.prefetched = cursors[1].fetchall()
        self.records = cursors[2].fetchall() if len(cursors) > 2 else []


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


# The statements every desk's /status and /pull run (each once a minute) are built once per shape,
# with bound parameters (:desk_id, :district_id, :station_id, :since, ...): building one, and the
# cache key SQLAlchemy computes over a new statement, cost more CPU than running it (issue 16).
def _desk_params(desk: Desk, **more: Any) -> dict[str, Any]:
    return {"desk_id": desk.id, "district_id": desk.district_id, "station_id": desk.station_id, **more}


def _not_own_param(own: bool) -> Any:
    """Not the asking desk's own changes (after :own_after, when `own`, they are sent too)."""
    mine = Change.desk_id == bindparam("desk_id")
    if not own:
        return ~mine | Change.desk_id.is_(None)
    return ~mine | Change.desk_id.is_(None) | (Change.seq > bindparam("own_after"))


@functools.cache
def _pending_statement(centre: bool) -> Any:
    """The count of /status: changes of the desk's scope after :since, not its own."""
    stmt = (
        select(func.count())
        .select_from(Change)
        .where(Change.seq > bindparam("since"), Change.district_id == bindparam("district_id"))
    )
    if not centre:
        stmt = stmt.where((Change.station_id == bindparam("station_id")) | Change.station_id.is_(None))
    return stmt.where(_not_own_param(False))


_PULLED = (
    Change.seq,
    Change.id,
    Change.entity,
    Change.entity_id,
    Change.op,
    Change.fields,
    Change.desk_id,
    Change.operator_id,
    Change.at,
)


@functools.cache
def _page_statement(centre: bool, own: bool) -> Any:
    """The next :limit changes of the desk's scope after :since (up to :high), in seq order.

    A station desk's page is two index ranges merged by seq (ix_change_station_seq, and the
    partial ix_change_district_shared_seq for the district's rows of no station), each read no
    further than the page needs: its cost does not depend on how many changes other stations of
    the district hold. A district centre's desk reads the district's range.
    """
    limit = bindparam("limit", type_=Integer)

    def part(where: Any) -> Any:
        return (
            select(*_PULLED)
            .where(
                Change.seq > bindparam("since"), Change.seq <= bindparam("high"), where, _not_own_param(own)
            )
            .order_by(Change.seq)
            .limit(limit)
        )

    if centre:
        return part(Change.district_id == bindparam("district_id"))
    station = part(Change.station_id == bindparam("station_id")).subquery()
    shared = part((Change.district_id == bindparam("district_id")) & Change.station_id.is_(None)).subquery()
    merged = union_all(select(station), select(shared)).subquery()
    return select(merged).order_by(merged.c.seq).limit(limit)


@functools.cache
def _marks_statement(mine: bool) -> Any:
    """What a pull reads before its page, in one statement (one snapshot): the high mark, and the
    seq after which this desk lacks its own changes (None when it has them all).

    A desk names the newest changes it knows it pushed (`mine`). Normally the newest of them is
    its newest change here. A desk restored from a backup names older ones: what it pushed after
    the backup is missing there, and goes back to it with the pull (the desk skips what it has).
    """
    high = select(func.max(Change.seq)).scalar_subquery()
    if not mine:
        return select(high)
    desk_id: Any = bindparam("desk_id")
    known = (
        select(func.max(Change.seq))
        .where(Change.desk_id == desk_id, Change.id.in_(bindparam("mine", expanding=True)))
        .scalar_subquery()
    )
    later = aliased(Change)
    return select(high, known, exists().where(later.desk_id == desk_id, later.seq > known))


def _marks_of(row: Any) -> tuple[int, int | None]:
    """(high mark, own_after) of a `_marks_statement` row: own_after is the newest named change's seq when
    the desk has pushed later changes than it names."""
    high = row[0] or 0
    if len(row) == 1 or row[1] is None:
        return high, None
    return high, (row[1] if row[2] else None)


def pull(
    *, session: Session, desk: Desk, since: int, limit: int, mine: list[str] | None = None
) -> dict[str, Any]:
    # Read the high mark first: every seq up to it is committed (pushes commit in seq order), so
    # the page below can stop there and `next` never passes a change not yet visible.
    marks = session.execute(_marks_statement(bool(mine)), {"desk_id": desk.id, "mine": mine} if mine else {})
    high, own_after = _marks_of(marks.one())
    params = _desk_params(desk, since=since, high=high, limit=limit)
    if own_after is not None:
        params["own_after"] = own_after
    rows = session.execute(_page_statement(desk.station_id is None, own_after is not None), params).all()
    current = _current_rows(session, {(r.entity, r.entity_id) for r in rows if r.op != "delete"})
    changes = [
        {
            "seq": r.seq,
            "id": r.id,
            "entity": r.entity,
            "entity_id": r.entity_id,
            "op": r.op,
            "fields": _pulled_fields(r, current.get((r.entity, r.entity_id))),
            "desk_id": r.desk_id,
            "operator_id": r.operator_id,
            "at": r.at,
        }
        for r in rows
    ]
    more = len(rows) == limit
    # Photos of the public channel (up to ~400 KB each, base64) could make a page of 1,000
    # changes hundreds of MB: a page stops once it carries PULL_PAGE_BYTES of photos.
    carried = 0
    for i, c in enumerate(changes):
        if c["entity"] == "public_photo":
            carried += len(c["fields"].get("jpeg") or "")
            if carried > PULL_PAGE_BYTES and i + 1 < len(changes):
                changes, rows, more = changes[: i + 1], rows[: i + 1], True
                break
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
    statement = _current_rows_statement(session.get_bind().dialect.name)
    for entity, ids in by_entity.items():
        for row in session.execute(statement, {"entity": entity, "ids": jsonio.dumps(ids)}):
            found[(entity, row.entity_id)] = row
    return found


@functools.cache
def _current_rows_statement(dialect: str) -> Any:
    """The current rows of one entity's ids (:entity, :ids a JSON array), built once: a pull of
    other desks' changes runs it for each entity it carries."""
    return select(Record.entity_id, Record.data, Record.meta).where(
        Record.entity == bindparam("entity"), _key_among_param(dialect, Record.entity_id, "ids")
    )


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
    return session.scalar(_pending_statement(desk.station_id is None), _desk_params(desk, since=since)) or 0


@functools.cache
def _status_statement(centre: bool) -> Any:
    """/status's figures in one statement: the count of `pending_for` and the server's `epoch` and
    `restored_seq` (maintenance.server_state)."""

    def state(key: str) -> Any:
        return select(ServerState.value).where(ServerState.key == key).scalar_subquery()

    return select(_pending_statement(centre).scalar_subquery(), state("epoch"), state("restored_seq"))


def status_figures(*, session: Session, desk: Desk, since: int) -> tuple[int, str, int]:
    """(changes pending for the desk after `since`, the server's epoch, its restored_seq)."""
    pending, epoch, restored = session.execute(
        _status_statement(desk.station_id is None), _desk_params(desk, since=since)
    ).one()
    return pending or 0, epoch or "", int(restored or 0)
