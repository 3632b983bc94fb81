"""Applying a ledger (台账) to the desk: all rows in ONE transaction, or none.

A clerk keeps the same workbook for months and imports it again and again. Each row is first
matched with a case already on the desk: by its slip number (交办编号, also when the clerk wrote
the desk's own number back into the ledger), else by its identity (`LedgerEntry.source_key`: the
reception's time, the citizen and what they raised, stored on every imported case and computed
from the fields of a case imported before the key was). A matched row adds only what the case
lacks (a referral, the reply, the callback, a second round after a dissatisfied callback, the
sign-off, a 备注) through the normal lifecycle functions (storage/cases.py), so the window's rules
decide; a row with nothing new is counted as already imported.

New rows are written in bulk: every object is made in memory with the lifecycle's transitions
(domain.lifecycle.check_move) and judged with the rule book the server uses
(casebook.judge_path from the initial state), then flushed in five phases (registrations, slips,
replies, callbacks, sign-offs), so the change log holds the same entries in the same order as
five moves typed at the desk, but in five flushes instead of five per row.

Rows of a visits sheet (代表进站) add one deputy-visit per deputy and day and kind, once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, delete, func, insert, select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle
from desk_app.domain.casebook import (
    CallbackFact,
    CaseFacts,
    DissatisfactionCause,
    EventFact,
    EventKind,
    SlipFact,
    judge_status,
    waiting_due,
)
from desk_app.domain.deadlines import Deadline, add_working_days
from desk_app.domain.ledger import PROBLEM_ZH, LedgerEntry, VisitEntry, identity_key
from desk_app.domain.lifecycle import CaseStatus, IllegalMove, Move
from desk_app.domain.numbering import format_serial, parse_serial
from desk_app.domain.validation import ReceptionDraft, ReferralDraft, validate_reception
from desk_app.domain.vocab import Outcome, Verdict
from desk_app.storage import cases
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.casefacts import waiting_rules
from desk_app.storage.cases import ENROLLED_SETTING, CallbackDraft
from desk_app.storage.changelog import AUDIT_CLOCK, UNLOGGED_FIELDS, logged_value, rekeyed_ids
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import (
    Callback,
    CaseEvent,
    Category,
    ChangeLog,
    Deputy,
    DeputyVisit,
    HandlingUnit,
    Reception,
    ReceptionDeputy,
    Referral,
    Setting,
    Station,
    new_id,
    utcnow,
)
from desk_app.storage.stations import home_station

Progress = Callable[[int, int], None]

# Field names of the lifecycle's validation errors, as ledger columns.
_FIELD_COLUMN = {
    "handling_unit_id": "unit",
    "deputy_ids": "deputies",
    "category_id": "category",
    "reply_text": "reply_text",
}
SIGN_OFF_NOTE = "台账导入"


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    row: int
    column: str  # a desk_app.domain.ledger column key
    message: str
    sheet: str = ""


@dataclass(slots=True)
class SheetCounts:
    added: int = 0
    updated: int = 0
    already: int = 0
    visits: int = 0


@dataclass(slots=True)
class LedgerApplied:
    added: int = 0
    updated: int = 0  # cases on the desk that the ledger took further (reply, callback, 备注 …)
    already: int = 0  # rows with nothing new (imported before, or repeated in the file)
    visits_added: int = 0
    visits_already: int = 0
    new_units: list[str] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)
    problems: list[LedgerProblem] = field(default_factory=list)
    sheets: dict[str, SheetCounts] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def sheet(self, name: str) -> SheetCounts:
        return self.sheets.setdefault(name, SheetCounts())


class LedgerRefused(DeskError):
    """Some rows cannot be applied: the transaction is rolled back and nothing is imported."""

    def __init__(self, result: LedgerApplied) -> None:
        super().__init__(f"{len(result.problems)} problems in the ledger")
        self.result = result


class DryRunDone(DeskError):
    """Raised after a dry run so that the transaction rolls back; carries what would be imported."""

    def __init__(self, result: LedgerApplied) -> None:
        super().__init__("dry run")
        self.result = result


@dataclass(slots=True)
class _Desk:
    """What the import needs to know of the desk, read once."""

    station_id: str
    by_key: dict[str, str]  # identity key -> reception id
    by_serial: dict[str, str]  # slip number -> reception id
    received_on: dict[str, date]  # reception id -> the day received, of the cases with a slip
    states: dict[str, tuple[str, int, str, int, str | None]]  # id -> status, round, note, headcount, serial
    used: set[tuple[int, int]]  # (year, seq) of every slip of the station
    units: dict[str, str]
    categories: dict[str, str]
    deputies: dict[str, list[str]]


def _read_desk(session: Session, station_id: str) -> _Desk:
    by_key: dict[str, str] = {}
    rows = session.execute(
        select(
            Reception.id,
            Reception.source_key,
            Reception.received_at,
            Reception.citizen_name,
            Reception.citizen_phone,
            Reception.content,
            Reception.status,
            Reception.round_no,
            Reception.note,
            Reception.headcount,
            Reception.serial,
        ).where(Reception.source_key.is_not(None))
    )
    states: dict[str, tuple[str, int, str, int, str | None]] = {}
    for rid, key, received_at, name, phone, content, *state in rows:
        states[rid] = (state[0], state[1], state[2], state[3], state[4])
        if key is not None:
            by_key[key] = rid
        # Cases imported before the key was the row's identity carry a hash of the whole row:
        # their identity is computed from what they hold.
        by_key.setdefault(identity_key(received_at, name, phone, content), rid)
    by_serial: dict[str, str] = {}
    received_on: dict[str, date] = {}
    used: set[tuple[int, int]] = set()
    for serial, rid, year, seq, received_at in session.execute(
        select(
            Referral.serial,
            Referral.reception_id,
            Referral.serial_year,
            Referral.serial_seq,
            Reception.received_at,
        )
        .join(Reception, Reception.id == Referral.reception_id)
        .where(Referral.station_id == station_id)
    ):
        by_serial[serial.strip()] = rid
        received_on[rid] = received_at.date()
        used.add((year, seq))
    deputies: dict[str, list[str]] = {}
    for d in session.scalars(select(Deputy).where(Deputy.active)):
        deputies.setdefault(d.name, []).append(d.id)
    return _Desk(
        station_id,
        by_key,
        by_serial,
        received_on,
        states,
        used,
        {u.name: u.id for u in session.scalars(select(HandlingUnit))},
        {c.name: c.id for c in session.scalars(select(Category))},
        deputies,
    )


@dataclass(slots=True)
class LedgerPlan:
    """A ledger's rows sorted against a snapshot of the desk, with every new case made ready (the
    rows of every table and their change-log entries): all the work that needs no write lock.
    `apply_ledger` writes it if the desk still is as the snapshot saw it, else plans again."""

    snapshot: tuple[Any, ...]
    result: LedgerApplied
    desk: _Desk
    new: list[tuple[int, LedgerEntry]]
    updates: list[tuple[int, LedgerEntry, str]]
    names: list[tuple[str, str, str, int]]  # ("unit" | "category", id, name, sort order)
    batch: _Batch | None


def _snapshot(session: Session, desk: _Desk) -> tuple[Any, ...]:
    return (
        frozenset(desk.by_key.items()),
        frozenset(desk.by_serial.items()),
        frozenset(desk.used),
        frozenset(desk.units.items()),
        frozenset(desk.categories.items()),
        frozenset((k, tuple(v)) for k, v in desk.deputies.items()),
        frozenset(desk.states.items()),
        session.scalar(select(func.max(Category.sort_order))),
        session.get(Setting, ENROLLED_SETTING) is not None,
    )


_SORT, _ENROLLED = 7, 8  # positions in the snapshot


def plan_ledger(
    session: Session,
    rows: Sequence[tuple[int, LedgerEntry]],
    *,
    now: datetime,
    operator_id: str,
    audit_clock: Callable[[], datetime] | None = None,
) -> LedgerPlan:
    """Sort the rows (new, a case to take further, already there, or a problem) and make every new
    case ready. Reads only: run it in a read transaction, outside the write lock."""
    result = LedgerApplied()
    station = home_station(session)
    if station is None:
        raise NotFound("station", "-")
    desk = _read_desk(session, station.id)
    snapshot = _snapshot(session, desk)
    next_sort = (snapshot[_SORT] or 0) + 1

    new: list[tuple[int, LedgerEntry]] = []
    updates: list[tuple[int, LedgerEntry, str]] = []
    kept: dict[tuple[int, int], int] = {}
    seen: set[str] = set()
    for row_no, e in rows:
        problems: list[LedgerProblem] = []
        counts = result.sheet(e.sheet)
        key = e.source_key
        serial = e.serial.strip()
        # The row's identity first; else its slip number, when the case with that number was
        # received the same day (the clerk wrote the desk's number back and retouched the row).
        case_id = desk.by_key.get(key)
        if case_id is None and serial:
            by_number = desk.by_serial.get(serial)
            if by_number is not None and desk.received_on.get(by_number) == e.received_at.date():
                case_id = by_number
        if key in seen or (case_id is not None and case_id in seen):
            result.already += 1
            counts.already += 1
            continue
        seen.add(key)
        if case_id is not None:
            seen.add(case_id)
        unknown = [n for n in e.deputies if n not in desk.deputies]
        if unknown and case_id is None:
            problems.append(
                LedgerProblem(row_no, "deputies", "代表名册中没有：" + "、".join(unknown), e.sheet)
            )
        if serial and (case_id is None or desk.by_serial.get(serial) != case_id):
            parts = parse_serial(serial)
            assert parts is not None  # the domain checked the format
            slot = (parts.year, parts.seq)
            if slot in desk.used:
                problems.append(
                    LedgerProblem(
                        row_no,
                        "serial",
                        f"交办编号与本站已有的交办单重复（{parts.year}年第{parts.seq}号）",
                        e.sheet,
                    )
                )
            elif slot in kept:
                problems.append(LedgerProblem(row_no, "serial", f"交办编号与第 {kept[slot]} 行重复", e.sheet))
            else:
                kept[slot] = row_no
        if problems:
            result.problems += problems
            continue
        if case_id is None:
            new.append((row_no, e))
        elif _may_take_further(e, desk.states.get(case_id)):
            updates.append((row_no, e, case_id))
        else:
            result.already += 1
            counts.already += 1

    names: list[tuple[str, str, str, int]] = []
    for e in [e for _, e in new] + [e for _, e, _ in updates]:
        if e.category and e.category not in desk.categories:
            desk.categories[e.category] = new_id()
            names.append(("category", desk.categories[e.category], e.category, next_sort))
            next_sort += 1
            result.new_categories.append(e.category)
        if e.unit and e.unit not in desk.units:
            desk.units[e.unit] = new_id()
            names.append(("unit", desk.units[e.unit], e.unit, 0))
            result.new_units.append(e.unit)
    batch = None
    if not result.problems and not snapshot[_ENROLLED]:
        # Kept numbers first, then the numbered-by-the-desk ones in date order: no allocation can
        # take a number that a later row keeps. (An enrolled desk numbers from the server's
        # blocks, a write: its new cases are made inside the write transaction.)
        new.sort(key=lambda item: (not item[1].serial, item[1].referred_on or date.max, item[0]))
        batch = _build_cases(
            session, new, now=now, operator_id=operator_id, desk=desk, kept=set(kept), audit_clock=audit_clock
        )
    return LedgerPlan(snapshot, result, desk, new, updates, names, batch)


def apply_ledger(
    session: Session,
    rows: Sequence[tuple[int, LedgerEntry]],
    *,
    now: datetime,
    operator_id: str,
    progress: Progress | None = None,
    dry_run: bool = False,
    visits: Sequence[tuple[int, VisitEntry]] = (),
    plan: LedgerPlan | None = None,
) -> LedgerApplied:
    """Apply `rows` (Excel row number, entry) and `visits` in the caller's write transaction:
    `plan` (made by `plan_ledger` before the transaction) when the desk has not changed since,
    else a plan made here.

    Raises LedgerRefused (after collecting every row's problems) so the caller's transaction
    rolls back; with `dry_run` the work is checked the same way and then undone (raises
    DryRunDone, caught by the store)."""
    if plan is None or not plan_still_holds(session, plan):
        plan = plan_ledger(session, rows, now=now, operator_id=operator_id)
    if not plan.result.problems:
        add_names(session, plan)
    batch = plan.batch
    if batch is None and not plan.result.problems:
        plan.new.sort(key=lambda item: (not item[1].serial, item[1].referred_on or date.max, item[0]))
        kept = {(p.year, p.seq) for _, e in plan.new if e.serial and (p := parse_serial(e.serial))}
        batch = _build_cases(session, plan.new, now=now, operator_id=operator_id, desk=plan.desk, kept=kept)
    return finish(
        session,
        plan,
        batch or _Batch([]),
        now=now,
        operator_id=operator_id,
        progress=progress,
        dry_run=dry_run,
        visits=visits,
    )


class PlanStale(DeskError):
    """The desk changed between planning and writing (a save at the desk took a number …)."""


def plan_still_holds(session: Session, plan: LedgerPlan) -> bool:
    station = home_station(session)
    if station is None:
        raise NotFound("station", "-")
    return plan.snapshot == _snapshot(session, _read_desk(session, station.id))


def add_names(session: Session, plan: LedgerPlan) -> None:
    """The handling units and categories the ledger names and the desk did not have."""
    for kind, made_id, name, sort in plan.names:
        if kind == "category":
            session.add(Category(id=made_id, name=name, sort_order=sort, active=True))
        else:
            session.add(HandlingUnit(id=made_id, name=name, active=True))
    session.flush()


def finish(
    session: Session,
    plan: LedgerPlan,
    batch: _Batch,
    *,
    now: datetime,
    operator_id: str,
    progress: Progress | None = None,
    dry_run: bool = False,
    visits: Sequence[tuple[int, VisitEntry]] = (),
) -> LedgerApplied:
    """The cases to take further, `batch` (the new cases, or the last part of them), the visits;
    every problem raised as LedgerRefused."""
    result, desk = plan.result, plan.desk
    total = len(plan.updates) + len(plan.new) + len(visits)
    todo = plan.updates if not result.problems else []
    for done, (row_no, e, case_id) in enumerate(todo, start=1):
        try:
            if _update_case(session, case_id, e, now=now, operator_id=operator_id, desk=desk):
                result.updated += 1
                result.sheet(e.sheet).updated += 1
            else:
                result.already += 1
                result.sheet(e.sheet).already += 1
        except ValidationFailed as exc:
            for fe in exc.errors:
                result.problems.append(
                    LedgerProblem(
                        row_no,
                        _FIELD_COLUMN.get(fe.field, fe.field),
                        PROBLEM_ZH.get(fe.problem, str(fe.problem)),
                        e.sheet,
                    )
                )
        except IllegalMove as exc:
            result.problems.append(
                LedgerProblem(row_no, "outcome", f"办理环节顺序不对（{exc.refusal.value}）", e.sheet)
            )
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    if not result.problems:
        session.flush()  # what the ORM holds (new names, cases taken further) goes first
        _write_batch(session, batch)
        for _row_no, e in plan.new:
            result.added += 1
            result.sheet(e.sheet).added += 1
    _add_visits(session, visits, now=now, desk=desk, result=result)
    if progress is not None and total:
        progress(total, total)
    if result.problems:
        result.problems.sort(key=lambda p: (p.sheet, p.row))
        raise LedgerRefused(result)
    if dry_run:
        raise DryRunDone(result)
    return result


# -- writing the new cases in parts -----------------------------------------------------------------------
#
# A write transaction holds the desk's one write lock: a save at the window waits for it. The new
# cases are written in parts of CHUNK_CASES cases; a write transaction takes parts until it has
# taken PART_BUDGET_S (DeskStore._import_ledger_in_parts), so a quiet machine commits (fsyncs)
# a few times and a loaded one keeps each wait short; the cases to take further, the visits and
# the last part go in the last transaction. A part holds whole cases
# with their change-log entries. The first part holds, of every year, the case with the highest
# slip number the import gives, so that a slip issued at the window between two parts takes a
# number above all of them. When a later part fails (or the import is cancelled), the parts
# already written are deleted again, with their change-log entries (`undo_parts`).

CHUNK_CASES = 50
# How long one write transaction keeps adding parts (seconds): a save at the desk waits at most
# about this, one part and a commit.
PART_BUDGET_S = 0.25


def split_batch(batch: _Batch, size: int = CHUNK_CASES) -> list[_Batch]:
    tables = dict(batch.tables)
    recs = tables.get(Reception, [])
    if len(recs) <= size:
        return [batch]
    owner: dict[str, str] = {r["id"]: r["id"] for r in recs}
    for child in (ReceptionDeputy, Referral, Callback, CaseEvent):
        for row in tables.get(child, []):
            owner[row["id"]] = row["reception_id"]
    top: dict[int, tuple[int, str]] = {}
    for f in tables.get(Referral, []):
        if f["serial_seq"] > top.get(f["serial_year"], (0, ""))[0]:
            top[f["serial_year"]] = (f["serial_seq"], f["reception_id"])
    first = {rid for _, rid in top.values()}
    order = [r["id"] for r in recs if r["id"] in first] + [r["id"] for r in recs if r["id"] not in first]
    part_of = {rid: i // size for i, rid in enumerate(order)}
    n = (len(order) + size - 1) // size
    parts = [_Batch([(model, []) for model, _ in batch.tables]) for _ in range(n)]
    for t, (model, rows_of) in enumerate(batch.tables):
        for row in rows_of:
            key = row["entity_id"] if model is ChangeLog else row["id"]
            parts[part_of[owner[key]]].tables[t][1].append(row)
    return parts


def undo_parts(session: Session, parts: Sequence[_Batch], plan: LedgerPlan) -> None:
    """Delete what `parts` (and the new names) wrote: rows and their change-log entries."""
    for part in parts:
        for model, rows_of in reversed(part.tables):
            table = cast(Table, model.__table__)
            column = table.c.id
            ids = [r["id"] for r in rows_of]
            for i in range(0, len(ids), 500):
                session.execute(delete(table).where(column.in_(ids[i : i + 500])))
    names = [made_id for _, made_id, _, _ in plan.names]
    if names:
        session.execute(delete(ChangeLog).where(ChangeLog.entity_id.in_(names)))
        session.execute(delete(Category).where(Category.id.in_(names)))
        session.execute(delete(HandlingUnit).where(HandlingUnit.id.in_(names)))


# -- a case already on the desk: only what it lacks, through the window's moves -------------------------


def _update_case(
    session: Session, case_id: str, e: LedgerEntry, *, now: datetime, operator_id: str, desk: _Desk
) -> bool:
    """Take the case as far as the row goes; whether anything changed."""
    rec = cases.get_reception(session, case_id)
    changed = False
    if e.note and e.note != rec.note:
        rec.note = e.note
        changed = True
    if e.headcount > 1 and e.headcount != rec.headcount:
        rec.headcount = e.headcount
        changed = True
    serial = e.serial.strip()
    for _ in range(6):  # at most: refer, reply, callback, (new round) refer, reply … sign off
        status = CaseStatus(rec.status)
        current = _current_slip(session, rec)
        own_slip = current is not None and (not serial or serial == current.serial)
        if e.referred_on is not None and (
            status in (CaseStatus.AWAITING_REFERRAL, CaseStatus.REOPENED)
            or (status is CaseStatus.DISSATISFIED and _is_next_round(session, rec, current, e))
        ):
            cases.refer(
                session,
                rec.id,
                ReferralDraft(desk.units.get(e.unit), e.handler, e.referred_on, e.working_days, e.supervisor),
                today=now.date(),
                serial=_kept_serial(e),
            )
            if serial:
                desk.by_serial[serial] = rec.id
        elif status is CaseStatus.REFERRED and own_slip and e.replied_on is not None:
            cases.record_reply(
                session,
                rec.id,
                replied_on=e.replied_on,
                reply_text=e.reply_text,
                operator_id=operator_id,
                today=now.date(),
            )
        elif status is CaseStatus.REPLIED and own_slip and e.called_at is not None:
            cases.record_callback(session, rec.id, _callback_draft(e), now=now)
        elif status is CaseStatus.SATISFIED and own_slip and e.signed_off_at is not None:
            cases.sign_off(
                session,
                rec.id,
                operator_id=operator_id,
                note=e.sign_off_note or SIGN_OFF_NOTE,
                now=e.signed_off_at,
            )
        else:
            break
        changed = True
    if changed:
        session.flush()
    return changed


def _may_take_further(e: LedgerEntry, state: tuple[str, int, str, int, str | None] | None) -> bool:
    """Whether the row can hold something the case lacks (`_update_case` decides for sure): a
    quick look, so that a ledger imported again costs no write per unchanged row."""
    if state is None:
        return True  # a case typed at the desk, found by its slip number
    status, _round, note, headcount, current_serial = state
    own = not e.serial.strip() or e.serial.strip() == (current_serial or "").strip()
    s = CaseStatus(status)
    return bool(
        (e.note and e.note != note)
        or (e.headcount > 1 and e.headcount != headcount)
        or (e.referred_on is not None and s in (CaseStatus.AWAITING_REFERRAL, CaseStatus.REOPENED))
        or (e.referred_on is not None and s is CaseStatus.DISSATISFIED)
        or (own and s is CaseStatus.REFERRED and e.replied_on is not None)
        or (own and s is CaseStatus.REPLIED and e.called_at is not None)
        or (own and s is CaseStatus.SATISFIED and e.signed_off_at is not None)
    )


def _current_slip(session: Session, rec: Reception) -> Referral | None:
    if rec.round_no == 0:
        return None
    return cases.current_referral(session, rec)


def _is_next_round(session: Session, rec: Reception, current: Referral | None, e: LedgerEntry) -> bool:
    """A dissatisfied case whose ledger row shows a slip after the dissatisfied callback: the row
    carries the second round (二次督办)."""
    if current is None or e.referred_on is None:
        return False
    serial = e.serial.strip()
    if serial and serial == current.serial.strip():
        return False
    last_call = session.scalar(
        select(func.max(Callback.called_at)).where(
            Callback.reception_id == rec.id, Callback.round_no == rec.round_no
        )
    )
    return (
        last_call is not None and e.referred_on >= last_call.date() and e.referred_on >= current.referred_on
    )


def _kept_serial(e: LedgerEntry) -> tuple[str, int, int] | None:
    if not e.serial:
        return None
    parts = parse_serial(e.serial)
    assert parts is not None
    return (e.serial.strip(), parts.year, parts.seq)


def _callback_draft(e: LedgerEntry) -> CallbackDraft:
    assert e.called_at is not None
    return CallbackDraft(
        called_at=e.called_at,
        caller=e.caller,
        method=e.method,
        verdict=e.verdict,
        citizen_words=e.citizen_words,
        # A ledger does not say why; the office can correct it on the case.
        cause=DissatisfactionCause.OTHER.value if e.verdict == Verdict.DISSATISFIED.value else "",
    )


# -- new cases, in bulk -------------------------------------------------------------------------------------
#
# The rows are plain dicts written with executemany (no ORM object per row: the ORM's flush and
# its change-log hook cost about 5 ms a case on this kind of machine). The change log gets, per
# case, exactly the entries five moves typed at the desk leave (changelog.py): the registration's
# insert at its initial status, then for each move the child record's insert or update and the
# case row's update, with the same fields, the operator and the time; the tables get the rows
# in their final state. tests/reports/test_ledger_import.py compares both with cases typed
# through storage/cases.py.


def _column_defaults(model: type) -> dict[str, Any]:
    table = cast(Table, model.__table__)  # type: ignore[attr-defined]
    defaults = {}
    for col in table.columns:
        default = col.default
        if default is not None and default.is_scalar:
            defaults[col.key] = getattr(default, "arg")  # noqa: B009 - a ScalarElementColumnDefault
    return defaults


_DEFAULTS: dict[type, dict[str, Any]] = {}


def _row(model: type, values: dict[str, Any]) -> dict[str, Any]:
    """Every column of `model`, `values` over the column defaults (None where neither says)."""
    defaults = _DEFAULTS.get(model)
    if defaults is None:
        defaults = _DEFAULTS[model] = _column_defaults(model)
    table = cast(Table, model.__table__)  # type: ignore[attr-defined]
    return {c.key: values.get(c.key, defaults.get(c.key)) for c in table.columns}


def _insert_changes(row: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        k: [None, logged_value(k, v)]
        for k, v in row.items()
        if v is not None and k != "id" and k not in UNLOGGED_FIELDS
    }


def _update_changes(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    return {
        k: [logged_value(k, old.get(k)), logged_value(k, v)]
        for k, v in new.items()
        if old.get(k) != v and k not in UNLOGGED_FIELDS
    }


@dataclass(slots=True)
class _Log:
    operator_id: str
    at: datetime
    entries: list[dict[str, Any]] = field(default_factory=list)

    def add(self, entity: str, entity_id: str, op: str, changes: dict[str, list[Any]]) -> None:
        self.entries.append(
            {
                "id": new_id(),
                "entity": entity,
                "entity_id": entity_id,
                "op": op,
                "changes": changes,
                "operator_id": self.operator_id,
                "at": self.at,
                "pushed": False,
                "folded": False,
            }
        )


@dataclass(slots=True)
class _NewCase:
    entry: LedgerEntry
    rec: dict[str, Any]
    slip: dict[str, Any] | None = None
    callback: dict[str, Any] | None = None
    event: dict[str, Any] | None = None


def _facts_of(c: _NewCase) -> CaseFacts:
    r, f, cb, ev = c.rec, c.slip, c.callback, c.event
    slips = (
        [SlipFact(f["id"], f["round_no"], 1, f["referred_on"], f["reply_due"], f["replied_on"], None)]
        if f
        else []
    )
    calls = (
        [CallbackFact(cb["id"], cb["round_no"], cb["called_at"], cb["verdict"], cb["cause"])] if cb else []
    )
    events = [EventFact(ev["id"], ev["kind"], ev["round_no"], ev["at"], ev["reason"])] if ev else []
    return CaseFacts(
        status=CaseStatus(r["status"]),
        round_no=r["round_no"],
        slips=tuple(slips),
        callbacks=tuple(calls),
        events=tuple(events),
        signed_off=r["signed_off_at"] is not None and r["signed_off_by"] is not None,
        received_on=r["received_at"].date(),
    )


def _move(
    c: _NewCase, log: _Log, move: Move, changes: dict[str, Any], verdict: Verdict | None = None
) -> None:
    """A move of the spine on the case row: the lifecycle's transition, `changes` beside it, the
    rule book's judgement from the records in memory (as `settle` judges a move typed at the desk),
    and the case row's update in the log (after the child record's entry, as the hook orders it)."""
    rec = c.rec
    before = CaseStatus(rec["status"]), rec["round_no"]
    t = lifecycle.check_move(before[0], before[1], move, verdict)
    new = {"status": t.status.value, "round_no": t.round_no, **changes}
    old = {k: rec[k] for k in new}
    rec.update(new)
    judgement = judge_status(before[0], before[1], _facts_of(c))
    if not judgement.ok:
        raise cases.RuleBookBroken(
            f"ledger case {rec['id']}: {before[0].value}/{before[1]} -> {rec['status']}/{rec['round_no']}: "
            f"{judgement.refusal}"
        )
    log.add("reception", rec["id"], "update", _update_changes(old, new))


@dataclass(slots=True)
class _Batch:
    tables: list[tuple[type, list[dict[str, Any]]]]


def _write_batch(session: Session, batch: _Batch) -> None:
    """INSERT every row of `batch` with one executemany per table, the values converted by each
    column type's own bind processor (what SQLAlchemy's insert() does per row, without building a
    parameter dict per row: a third of the write's time for 5,000 cases)."""
    conn = session.connection()
    dialect = conn.dialect
    quote = dialect.identifier_preparer.quote
    for model, rows_of in batch.tables:
        if not rows_of:
            continue
        table = cast(Table, model.__table__)  # type: ignore[attr-defined]
        if dialect.paramstyle != "qmark":  # not the desk's SQLite: the plain Core insert
            session.execute(insert(table), rows_of)
            continue
        columns = [c for c in table.columns if c.key in rows_of[0]]  # the change log's seq: SQLite's
        converters = [(c.key, c.type.bind_processor(dialect)) for c in columns]
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(c.name) for c in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        params = [
            tuple(row[k] if conv is None else conv(row[k]) for k, conv in converters) for row in rows_of
        ]
        conn.exec_driver_sql(sql, params)


def _build_cases(
    session: Session,
    rows: Sequence[tuple[int, LedgerEntry]],
    *,
    now: datetime,
    operator_id: str,
    desk: _Desk,
    kept: set[tuple[int, int]],
    audit_clock: Callable[[], datetime] | None = None,
) -> _Batch:
    """Every row of every table, and the change log, of the new cases (reads only)."""
    station_id = desk.station_id
    calendar = work_calendar(session)
    rules = waiting_rules(session, station_id)
    station = session.get(Station, station_id)
    assert station is not None
    enrolled = session.get(Setting, ENROLLED_SETTING) is not None
    next_seq: dict[int, int] = {}
    stamp = (session.info.get(AUDIT_CLOCK) or audit_clock or utcnow)()
    log = _Log(operator_id, stamp)
    audit = {"created_at": stamp, "updated_at": stamp, "created_by": operator_id, "updated_by": operator_id}

    def allocate(year: int) -> int:
        if enrolled:
            return cases.next_serial_seq(session, station_id, year)
        if year not in next_seq:
            last = max((s for y, s in desk.used | kept if y == year), default=0)
            next_seq[year] = last + 1
        seq = next_seq[year]
        next_seq[year] = seq + 1
        return seq

    made: list[_NewCase] = []
    links: list[dict[str, Any]] = []
    deadlines: dict[tuple[date, int], Deadline] = {}
    # Phase 1: the registrations, as the reception form saves them.
    for _row_no, e in rows:
        outcome = Outcome(e.outcome)
        draft = ReceptionDraft(
            e.received_at,
            e.channel,
            e.content,
            outcome.value,
            e.citizen_name,
            e.citizen_phone,
            e.citizen_address,
            on_site_answer=e.on_site_answer,
            headcount=e.headcount,
            note=e.note,
        )
        cases.raise_if(validate_reception(draft, now))  # the domain checked the row already
        rec = _row(
            Reception,
            {
                "id": new_id(),
                "station_id": station_id,
                "received_at": e.received_at.replace(microsecond=0),
                "channel": e.channel,
                "citizen_name": e.citizen_name.strip(),
                "citizen_phone": e.citizen_phone,
                "citizen_address": e.citizen_address.strip(),
                "category_id": desk.categories.get(e.category) if e.category else None,
                "content": e.content.strip(),
                "outcome": outcome.value,
                "on_site_answer": e.on_site_answer.strip(),
                "headcount": e.headcount,
                "note": e.note.strip(),
                "status": lifecycle.initial_status(outcome).value,
                "round_no": 0,
                "source_key": e.source_key,
                **audit,
            },
        )
        log.add("reception", rec["id"], "insert", _insert_changes(rec))
        for name in e.deputies:
            link = _row(
                ReceptionDeputy,
                {"id": new_id(), "reception_id": rec["id"], "deputy_id": desk.deputies[name][0], **audit},
            )
            links.append(link)
            log.add("reception_deputy", link["id"], "insert", _insert_changes(link))
        made.append(_NewCase(e, rec))
    # Phase 2: the slips.
    referred = [c for c in made if c.entry.referred_on is not None]
    for c in referred:
        e = c.entry
        assert e.referred_on is not None
        deadline = deadlines.get((e.referred_on, e.working_days))
        if deadline is None:
            deadline = deadlines[(e.referred_on, e.working_days)] = add_working_days(
                e.referred_on, e.working_days, calendar
            )
        kept_serial = _kept_serial(e)
        if kept_serial is None:
            year = e.referred_on.year
            seq = allocate(year)
            kept_serial = (format_serial(station.serial_pattern, station.short_name, year, seq), year, seq)
        number, year, seq = kept_serial
        desk.used.add((year, seq))
        c.slip = _row(
            Referral,
            {
                "id": new_id(),
                "reception_id": c.rec["id"],
                "station_id": station_id,
                "round_no": c.rec["round_no"] + 1,
                "attempt": 1,
                "serial": number,
                "serial_year": year,
                "serial_seq": seq,
                "handling_unit_id": desk.units[e.unit],
                "handler": e.handler.strip(),
                "supervisor": e.supervisor.strip(),
                "referred_on": e.referred_on,
                "working_days": e.working_days,
                "reply_due": deadline.due,
                "due_estimated": deadline.estimated,
                **audit,
            },
        )
        log.add("referral", c.slip["id"], "insert", _insert_changes(c.slip))
        _move(
            c,
            log,
            Move.REFER,
            {"unit_id": c.slip["handling_unit_id"], "reply_due": deadline.due, "serial": number},
        )
    # Phase 3: the replies.
    replied = [c for c in referred if c.entry.replied_on is not None]
    for c in replied:
        assert c.slip is not None
        reply = {
            "replied_on": c.entry.replied_on,
            "reply_text": c.entry.reply_text.strip(),
            "reply_recorded_by": operator_id,
        }
        old = {k: c.slip[k] for k in reply}
        c.slip.update(reply)
        log.add("referral", c.slip["id"], "update", _update_changes(old, reply))
        _move(c, log, Move.REPLY, {})
    # Phase 4: the callbacks.
    called = [c for c in replied if c.entry.called_at is not None]
    for c in called:
        assert c.slip is not None
        draft_cb = _callback_draft(c.entry)
        verdict = Verdict(c.entry.verdict)
        c.callback = _row(
            Callback,
            {
                "id": new_id(),
                "reception_id": c.rec["id"],
                "referral_id": c.slip["id"],
                "round_no": c.rec["round_no"],
                "called_at": draft_cb.called_at.replace(microsecond=0),
                "caller": draft_cb.caller.strip(),
                "method": str(draft_cb.method),
                "citizen_words": draft_cb.citizen_words.strip(),
                "verdict": verdict.value,
                "cause": str(draft_cb.cause) if verdict is Verdict.DISSATISFIED else "",
                **audit,
            },
        )
        log.add("callback", c.callback["id"], "insert", _insert_changes(c.callback))
        _move(c, log, Move.CALLBACK, {}, verdict)
    # Phase 5: the sign-offs.
    for c in called:
        e = c.entry
        if e.signed_off_at is None:
            continue
        note = (e.sign_off_note or SIGN_OFF_NOTE).strip()
        at = e.signed_off_at.replace(microsecond=0)
        c.event = _row(
            CaseEvent,
            {
                "id": new_id(),
                "reception_id": c.rec["id"],
                "round_no": c.rec["round_no"],
                "kind": EventKind.SIGNED_OFF.value,
                "at": at,
                "reason": note,
                "fields": "",
                **audit,
            },
        )
        log.add("case_event", c.event["id"], "insert", _insert_changes(c.event))
        _move(
            c, log, Move.SIGN_OFF, {"signed_off_at": at, "signed_off_by": operator_id, "sign_off_note": note}
        )
    # The waiting deadline (desk-local, not logged).
    for c in made:
        due = waiting_due(_facts_of(c), rules, calendar)
        c.rec["waiting_due"], c.rec["waiting_estimated"] = due.due, due.estimated
    return _Batch(
        [
            (Reception, [c.rec for c in made]),
            (ReceptionDeputy, links),
            (Referral, [c.slip for c in made if c.slip is not None]),
            (Callback, [c.callback for c in made if c.callback is not None]),
            (CaseEvent, [c.event for c in made if c.event is not None]),
            (ChangeLog, log.entries),
        ]
    )


# -- deputy visits (代表进站) ------------------------------------------------------------------------------


def _add_visits(
    session: Session,
    visits: Sequence[tuple[int, VisitEntry]],
    *,
    now: datetime,
    desk: _Desk,
    result: LedgerApplied,
) -> None:
    if not visits:
        return
    days = [v.day for _, v in visits]
    known: set[tuple[str, date, str]] = set(
        (deputy_id, day, kind)
        for deputy_id, day, kind in session.execute(
            select(DeputyVisit.deputy_id, DeputyVisit.day, DeputyVisit.kind).where(
                DeputyVisit.station_id == desk.station_id,
                DeputyVisit.day >= min(days),
                DeputyVisit.day <= max(days),
            )
        )
    )
    for row_no, v in visits:
        unknown = [n for n in v.deputies if n not in desk.deputies]
        if unknown:
            result.problems.append(
                LedgerProblem(row_no, "deputy", "代表名册中没有：" + "、".join(unknown), v.sheet)
            )
            continue
        for name in v.deputies:
            deputy_id = desk.deputies[name][0]
            key = (deputy_id, v.day, v.kind)
            if key in known:
                result.visits_already += 1
                continue
            known.add(key)
            session.add(
                DeputyVisit(
                    station_id=desk.station_id, deputy_id=deputy_id, day=v.day, kind=v.kind, note=v.note
                )
            )
            result.visits_added += 1
            result.sheet(v.sheet).visits += 1
    session.flush()


# -- cases taken further, in parts ------------------------------------------------------------------------
#
# A case taken further goes through the window's moves, one at a time (storage/cases.py): tens of
# milliseconds a case. Many of them are taken further in parts of UPDATE_CHUNK cases, each its own
# transaction; every change they make is in the change log with its old value, so a part already
# written is undone from its entries (`undo_log`) when a later one fails.

UPDATE_CHUNK = 5


def take_further(
    session: Session,
    plan: LedgerPlan,
    chunk: Sequence[tuple[int, LedgerEntry, str]],
    *,
    now: datetime,
    operator_id: str,
) -> tuple[int, int]:
    """Take `chunk`'s cases further in the caller's transaction; the range of change-log seqs it
    wrote. Raises LedgerRefused with the chunk's problems (the transaction then rolls back)."""
    first = (session.scalar(select(func.max(ChangeLog.seq))) or 0) + 1
    part = LedgerPlan(plan.snapshot, LedgerApplied(), plan.desk, [], list(chunk), [], None)
    applied = finish(session, part, _Batch([]), now=now, operator_id=operator_id)
    session.flush()
    last = session.scalar(select(func.max(ChangeLog.seq))) or 0
    for name, counts in applied.sheets.items():
        mine = plan.result.sheet(name)
        mine.updated += counts.updated
        mine.already += counts.already
    plan.result.updated += applied.updated
    plan.result.already += applied.already
    return first, last


def _from_log(column: Any, value: Any) -> Any:
    if value is None:
        return None
    python_type = None
    try:
        python_type = column.type.python_type
    except NotImplementedError:
        return value
    if python_type is datetime:
        return datetime.fromisoformat(value)
    if python_type is date:
        return date.fromisoformat(value)
    if python_type is bool:
        return bool(value)
    return value


def undo_log(session: Session, ranges: Sequence[tuple[int, int]]) -> None:
    """Undo the changes logged in `ranges` (newest first) and drop their entries."""
    from desk_app.storage.casefacts import refresh_waiting_of
    from desk_app.storage.models import TRACKED_BY_TABLE

    cases_touched: set[str] = set()
    rekeyed = rekeyed_ids(session)
    for lo, hi in reversed(ranges):
        entries = session.execute(
            select(ChangeLog.entity, ChangeLog.entity_id, ChangeLog.op, ChangeLog.changes)
            .where(ChangeLog.seq >= lo, ChangeLog.seq <= hi)
            .order_by(ChangeLog.seq.desc())
        ).all()
        for entity, entity_id, op, changes in entries:
            table = cast(Table, TRACKED_BY_TABLE[entity].__table__)  # type: ignore[attr-defined]
            if entity == "reception":
                cases_touched.add(entity_id)
            elif "reception_id" in table.c:
                rid = session.scalar(select(table.c.reception_id).where(table.c.id == entity_id))
                if rid is not None:
                    cases_touched.add(rid)
            if op == "insert":
                session.execute(delete(table).where(table.c.id == entity_id))
            elif op == "update":
                # (an id the sync server rekeyed since is still the former one in the entry)
                old = {
                    k: _from_log(table.c[k], rekeyed.get(v[0], v[0]) if type(v[0]) is str else v[0])
                    for k, v in changes.items()
                    if k in table.c
                }
                if old:
                    session.execute(table.update().where(table.c.id == entity_id).values(**old))
        session.execute(delete(ChangeLog).where(ChangeLog.seq >= lo, ChangeLog.seq <= hi))
    existing = [
        rid
        for rid in cases_touched
        if session.scalar(select(Reception.id).where(Reception.id == rid)) is not None
    ]
    refresh_waiting_of(session, existing)
