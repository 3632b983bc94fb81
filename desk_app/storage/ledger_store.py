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

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import lifecycle
from desk_app.domain.casebook import CaseFacts, DissatisfactionCause, EventKind, judge_status, waiting_due
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.ledger import PROBLEM_ZH, LedgerEntry, VisitEntry, identity_key
from desk_app.domain.lifecycle import CaseStatus, IllegalMove, Move
from desk_app.domain.numbering import format_serial, parse_serial
from desk_app.domain.validation import ReceptionDraft, ReferralDraft, validate_reception
from desk_app.domain.vocab import Outcome, Verdict
from desk_app.storage import cases
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.casefacts import _callback, _event, _facts, _slip, waiting_rules
from desk_app.storage.cases import ENROLLED_SETTING, CallbackDraft
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import (
    Callback,
    CaseEvent,
    Category,
    Deputy,
    DeputyVisit,
    HandlingUnit,
    Reception,
    ReceptionDeputy,
    Referral,
    Setting,
    Station,
    new_id,
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
        ).where(Reception.source_key.is_not(None))
    )
    for rid, key, received_at, name, phone, content in rows:
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
        used,
        {u.name: u.id for u in session.scalars(select(HandlingUnit))},
        {c.name: c.id for c in session.scalars(select(Category))},
        deputies,
    )


def apply_ledger(
    session: Session,
    rows: Sequence[tuple[int, LedgerEntry]],
    *,
    now: datetime,
    operator_id: str,
    progress: Progress | None = None,
    dry_run: bool = False,
    visits: Sequence[tuple[int, VisitEntry]] = (),
) -> LedgerApplied:
    """Apply `rows` (Excel row number, entry) and `visits` in the caller's write transaction.

    Raises LedgerRefused (after collecting every row's problems) so the caller's transaction
    rolls back; with `dry_run` the work is checked the same way and then undone (raises
    DryRunDone, caught by the store)."""
    result = LedgerApplied()
    station = home_station(session)
    if station is None:
        raise NotFound("station", "-")
    desk = _read_desk(session, station.id)
    next_sort = (session.scalar(select(func.max(Category.sort_order))) or 0) + 1

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
        else:
            updates.append((row_no, e, case_id))

    def ensure_names(e: LedgerEntry) -> None:
        nonlocal next_sort
        if e.category and e.category not in desk.categories:
            cat = Category(name=e.category, sort_order=next_sort, active=True)
            next_sort += 1
            session.add(cat)
            session.flush()
            desk.categories[e.category] = cat.id
            result.new_categories.append(e.category)
        if e.unit and e.unit not in desk.units:
            unit = HandlingUnit(name=e.unit, active=True)
            session.add(unit)
            session.flush()
            desk.units[e.unit] = unit.id
            result.new_units.append(e.unit)

    for _row_no, e in new:
        ensure_names(e)
    for _row_no, e, _case in updates:
        ensure_names(e)
    total = len(updates) + len(new) + len(visits)
    done = 0
    for row_no, e, case_id in updates:
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
        done += 1
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    if not result.problems:
        # Kept numbers first, then the numbered-by-the-desk ones in date order: no allocation can
        # take a number that a later row keeps.
        new.sort(key=lambda item: (not item[1].serial, item[1].referred_on or date.max, item[0]))
        _add_cases(session, new, now=now, operator_id=operator_id, desk=desk, kept=set(kept))
        for _row_no, e in new:
            result.added += 1
            result.sheet(e.sheet).added += 1
        done += len(new)
        if progress is not None and total:
            progress(done, total)
    _add_visits(session, visits, now=now, desk=desk, result=result)
    if progress is not None and total:
        progress(total, total)
    if result.problems:
        result.problems.sort(key=lambda p: (p.sheet, p.row))
        raise LedgerRefused(result)
    if dry_run:
        raise DryRunDone(result)
    return result


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


@dataclass(slots=True)
class _NewCase:
    entry: LedgerEntry
    rec: Reception
    slip: Referral | None = None
    callback: Callback | None = None
    event: CaseEvent | None = None


def _facts_of(c: _NewCase) -> CaseFacts:
    return _facts(
        c.rec,
        [_slip(c.slip)] if c.slip is not None else [],
        [_callback(c.callback)] if c.callback is not None else [],
        [_event(c.event)] if c.event is not None else [],
    )


def _move(c: _NewCase, move: Move, verdict: Verdict | None = None) -> None:
    t = lifecycle.check_move(CaseStatus(c.rec.status), c.rec.round_no, move, verdict)
    c.rec.status = t.status.value
    c.rec.round_no = t.round_no


def _judge(c: _NewCase, before: tuple[str, int]) -> None:
    """The rule book on the move just made, from the case's records in memory (as `settle` does
    from the database after a move typed at the desk)."""
    judgement = judge_status(CaseStatus(before[0]), before[1], _facts_of(c))
    if not judgement.ok:
        raise cases.RuleBookBroken(
            f"ledger case {c.rec.id}: {before[0]}/{before[1]} -> {c.rec.status}/{c.rec.round_no}: "
            f"{judgement.refusal}"
        )


def _add_cases(
    session: Session,
    rows: Sequence[tuple[int, LedgerEntry]],
    *,
    now: datetime,
    operator_id: str,
    desk: _Desk,
    kept: set[tuple[int, int]],
) -> None:
    if not rows:
        return
    station_id = desk.station_id
    calendar = work_calendar(session)
    rules = waiting_rules(session, station_id)
    station = session.get(Station, station_id)
    assert station is not None
    enrolled = session.get(Setting, ENROLLED_SETTING) is not None
    next_seq: dict[int, int] = {}

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
    # Phase 1: the registrations, as the reception form saves them.
    for _row_no, e in rows:
        outcome = Outcome(e.outcome)
        rec = Reception(
            id=new_id(),
            station_id=station_id,
            received_at=e.received_at.replace(microsecond=0),
            channel=e.channel,
            citizen_name=e.citizen_name.strip(),
            citizen_phone=e.citizen_phone,
            citizen_address=e.citizen_address.strip(),
            category_id=desk.categories.get(e.category) if e.category else None,
            content=e.content.strip(),
            outcome=outcome.value,
            on_site_answer=e.on_site_answer.strip(),
            headcount=e.headcount,
            note=e.note.strip(),
            status=lifecycle.initial_status(outcome).value,
            round_no=0,
            source_key=e.source_key,
        )
        # The lifecycle's own checks of a registration (the domain checked the row already).
        cases.raise_if(
            validate_reception(
                ReceptionDraft(
                    rec.received_at, rec.channel, rec.content, rec.outcome, rec.citizen_name, e.citizen_phone
                ),
                now,
            )
        )
        session.add(rec)
        for name in e.deputies:
            session.add(ReceptionDeputy(reception_id=rec.id, deputy_id=desk.deputies[name][0]))
        made.append(_NewCase(e, rec))
    session.flush()
    # Phase 2: the slips.
    referred = [c for c in made if c.entry.referred_on is not None]
    for c in referred:
        e = c.entry
        assert e.referred_on is not None
        before = (c.rec.status, c.rec.round_no)
        _move(c, Move.REFER)
        deadline = add_working_days(e.referred_on, e.working_days, calendar)
        kept_serial = _kept_serial(e)
        if kept_serial is None:
            year = e.referred_on.year
            seq = allocate(year)
            kept_serial = (format_serial(station.serial_pattern, station.short_name, year, seq), year, seq)
        number, year, seq = kept_serial
        desk.used.add((year, seq))
        c.slip = Referral(
            id=new_id(),
            reception_id=c.rec.id,
            station_id=station_id,
            round_no=c.rec.round_no,
            attempt=1,
            serial=number,
            serial_year=year,
            serial_seq=seq,
            handling_unit_id=desk.units[e.unit],
            handler=e.handler.strip(),
            supervisor=e.supervisor.strip(),
            referred_on=e.referred_on,
            working_days=e.working_days,
            reply_due=deadline.due,
            due_estimated=deadline.estimated,
            note="",
        )
        session.add(c.slip)
        c.rec.unit_id = c.slip.handling_unit_id
        c.rec.reply_due = c.slip.reply_due
        c.rec.serial = number
        _judge(c, before)
    session.flush()
    # Phase 3: the replies.
    replied = [c for c in referred if c.entry.replied_on is not None]
    for c in replied:
        assert c.slip is not None
        before = (c.rec.status, c.rec.round_no)
        _move(c, Move.REPLY)
        c.slip.replied_on = c.entry.replied_on
        c.slip.reply_text = c.entry.reply_text.strip()
        c.slip.reply_recorded_by = operator_id
        _judge(c, before)
    session.flush()
    # Phase 4: the callbacks.
    called = [c for c in replied if c.entry.called_at is not None]
    for c in called:
        assert c.slip is not None and c.entry.called_at is not None
        draft = _callback_draft(c.entry)
        verdict = Verdict(c.entry.verdict)
        before = (c.rec.status, c.rec.round_no)
        _move(c, Move.CALLBACK, verdict)
        c.callback = Callback(
            id=new_id(),
            reception_id=c.rec.id,
            referral_id=c.slip.id,
            round_no=c.rec.round_no,
            called_at=draft.called_at.replace(microsecond=0),
            caller=draft.caller.strip(),
            method=str(draft.method),
            citizen_words=draft.citizen_words.strip(),
            verdict=verdict.value,
            cause=str(draft.cause) if verdict is Verdict.DISSATISFIED else "",
        )
        session.add(c.callback)
        _judge(c, before)
    session.flush()
    # Phase 5: the sign-offs.
    for c in called:
        e = c.entry
        if e.signed_off_at is None:
            continue
        before = (c.rec.status, c.rec.round_no)
        _move(c, Move.SIGN_OFF)
        note = e.sign_off_note or SIGN_OFF_NOTE
        at = e.signed_off_at.replace(microsecond=0)
        c.event = CaseEvent(
            id=new_id(),
            reception_id=c.rec.id,
            round_no=c.rec.round_no,
            kind=EventKind.SIGNED_OFF.value,
            at=at,
            reason=note.strip(),
            fields="",
            related_id=None,
        )
        session.add(c.event)
        c.rec.signed_off_at = at
        c.rec.signed_off_by = operator_id
        c.rec.sign_off_note = note.strip()
        _judge(c, before)
    # The waiting deadline (desk-local, not logged).
    for c in made:
        due = waiting_due(_facts_of(c), rules, calendar)
        c.rec.waiting_due, c.rec.waiting_estimated = due.due, due.estimated
    session.flush()


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
    known = set(
        session.execute(
            select(DeputyVisit.deputy_id, DeputyVisit.day, DeputyVisit.kind).where(
                DeputyVisit.station_id == desk.station_id,
                DeputyVisit.day >= min(days),
                DeputyVisit.day <= max(days),
            )
        ).tuples()
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
