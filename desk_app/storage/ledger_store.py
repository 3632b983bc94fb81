"""Applying a ledger (台账) to the desk: all rows in ONE transaction, or none.

Each row replays the case's life through the normal lifecycle functions (storage/cases.py):
register, refer, reply, callback, sign off, with the ledger's own dates, so statuses, deadlines
and the change log are exactly those of a case typed at the desk. The checks that look into the
database (unknown deputies, slip numbers already used) are made here; what a row says by
itself was checked by desk_app.domain.ledger.

A row whose `source_key` is already on the desk (the same row imported before, or repeated in
the file) is skipped and counted. Slip numbers from the ledger are kept; rows without one get
the next number of the referral's year, after every kept number is placed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain.casebook import DissatisfactionCause
from desk_app.domain.ledger import PROBLEM_ZH, LedgerEntry
from desk_app.domain.lifecycle import IllegalMove
from desk_app.domain.numbering import parse_serial
from desk_app.domain.validation import ReceptionDraft, ReferralDraft
from desk_app.storage import cases
from desk_app.storage.cases import CallbackDraft
from desk_app.storage.errors import DeskError, NotFound, ValidationFailed
from desk_app.storage.models import Category, Deputy, HandlingUnit, Reception, Referral
from desk_app.storage.stations import home_station

Progress = Callable[[int, int], None]

# Field names of the lifecycle's validation errors, as ledger columns.
_FIELD_COLUMN = {
    "handling_unit_id": "unit",
    "deputy_ids": "deputies",
    "category_id": "category",
    "reply_text": "reply_text",
}


@dataclass(frozen=True, slots=True)
class LedgerProblem:
    row: int
    column: str  # a desk_app.domain.ledger column key
    message: str


@dataclass(slots=True)
class LedgerApplied:
    added: int = 0
    already: int = 0  # rows imported before (or repeated in the file)
    new_units: list[str] = field(default_factory=list)
    new_categories: list[str] = field(default_factory=list)
    problems: list[LedgerProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


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


def apply_ledger(
    session: Session,
    rows: Sequence[tuple[int, LedgerEntry]],
    *,
    now: datetime,
    operator_id: str,
    progress: Progress | None = None,
    dry_run: bool = False,
) -> LedgerApplied:
    """Apply `rows` (Excel row number, entry) in the caller's write transaction.

    Raises LedgerRefused (after collecting every row's problems) so the caller's transaction
    rolls back; with `dry_run` the work is checked the same way and then undone (raises _DryRun
    DryRunDone, caught by the store)."""
    result = LedgerApplied()
    station = home_station(session)
    if station is None:
        raise NotFound("station", "-")
    known_keys = set(session.scalars(select(Reception.source_key).where(Reception.source_key.is_not(None))))
    units = {u.name: u.id for u in session.scalars(select(HandlingUnit))}
    categories = {c.name: c.id for c in session.scalars(select(Category))}
    deputies: dict[str, list[str]] = {}
    for d in session.scalars(select(Deputy).where(Deputy.active)):
        deputies.setdefault(d.name, []).append(d.id)
    used = {
        (y, s)
        for y, s in session.execute(
            select(Referral.serial_year, Referral.serial_seq).where(Referral.station_id == station.id)
        )
    }
    next_sort = (session.scalar(select(func.max(Category.sort_order))) or 0) + 1

    todo: list[tuple[int, LedgerEntry]] = []
    kept: dict[tuple[int, int], int] = {}
    for row_no, e in rows:
        key = e.source_key
        if key in known_keys:
            result.already += 1
            continue
        known_keys.add(key)
        problems = []
        unknown = [n for n in e.deputies if n not in deputies]
        if unknown:
            problems.append(LedgerProblem(row_no, "deputies", "代表名册中没有：" + "、".join(unknown)))
        if e.serial:
            parts = parse_serial(e.serial)
            assert parts is not None  # the domain checked the format
            slot = (parts.year, parts.seq)
            if slot in used:
                problems.append(
                    LedgerProblem(
                        row_no, "serial", f"交办编号与本站已有的交办单重复（{parts.year}年第{parts.seq}号）"
                    )
                )
            elif slot in kept:
                problems.append(LedgerProblem(row_no, "serial", f"交办编号与第 {kept[slot]} 行重复"))
            else:
                kept[slot] = row_no
        if problems:
            result.problems += problems
            continue
        todo.append((row_no, e))
    # Kept numbers first, then the numbered-by-the-desk ones in date order: no allocation can
    # take a number that a later row keeps.
    todo.sort(key=lambda item: (not item[1].serial, item[1].referred_on or date.max, item[0]))
    total = len(todo)
    for done, (row_no, e) in enumerate(todo, start=1):
        if e.category and e.category not in categories:
            cat = Category(name=e.category, sort_order=next_sort, active=True)
            next_sort += 1
            session.add(cat)
            session.flush()
            categories[e.category] = cat.id
            result.new_categories.append(e.category)
        if e.unit and e.unit not in units:
            unit = HandlingUnit(name=e.unit, active=True)
            session.add(unit)
            session.flush()
            units[e.unit] = unit.id
            result.new_units.append(e.unit)
        try:
            _apply_one(
                session,
                e,
                now=now,
                operator_id=operator_id,
                category_id=categories.get(e.category),
                unit_id=units.get(e.unit),
                deputy_ids=[deputies[n][0] for n in e.deputies],
            )
            result.added += 1
        except ValidationFailed as exc:
            for fe in exc.errors:
                result.problems.append(
                    LedgerProblem(
                        row_no,
                        _FIELD_COLUMN.get(fe.field, fe.field),
                        PROBLEM_ZH.get(fe.problem, str(fe.problem)),
                    )
                )
        except IllegalMove as exc:
            result.problems.append(
                LedgerProblem(row_no, "outcome", f"办理环节顺序不对（{exc.refusal.value}）")
            )
        if progress is not None and (done % 50 == 0 or done == total):
            progress(done, total)
    if result.problems:
        result.problems.sort(key=lambda p: p.row)
        raise LedgerRefused(result)
    if dry_run:
        raise DryRunDone(result)
    return result


def _apply_one(
    session: Session,
    e: LedgerEntry,
    *,
    now: datetime,
    operator_id: str,
    category_id: str | None,
    unit_id: str | None,
    deputy_ids: list[str],
) -> None:
    draft = ReceptionDraft(
        received_at=e.received_at,
        channel=e.channel,
        content=e.content,
        outcome=e.outcome,
        citizen_name=e.citizen_name,
        citizen_phone=e.citizen_phone,
        citizen_address=e.citizen_address,
        category_id=category_id,
        on_site_answer=e.on_site_answer,
        deputy_ids=tuple(deputy_ids),
    )
    # Validation is against the real clock (nothing in the future); the ledger's dates are the facts.
    reception_id = cases.register_reception(session, draft, now=now)
    reception = session.get(Reception, reception_id)
    assert reception is not None
    reception.source_key = e.source_key
    if e.referred_on is None:
        return
    serial = None
    if e.serial:
        parts = parse_serial(e.serial)
        assert parts is not None
        serial = (e.serial.strip(), parts.year, parts.seq)
    cases.refer(
        session,
        reception_id,
        ReferralDraft(unit_id, e.handler, e.referred_on, e.working_days, e.supervisor),
        today=now.date(),
        serial=serial,
    )
    if e.replied_on is None:
        return
    cases.record_reply(
        session,
        reception_id,
        replied_on=e.replied_on,
        reply_text=e.reply_text,
        operator_id=operator_id,
        today=now.date(),
    )
    if e.called_at is None:
        return
    cases.record_callback(
        session,
        reception_id,
        CallbackDraft(
            called_at=e.called_at,
            caller=e.caller,
            method=e.method,
            verdict=e.verdict,
            citizen_words=e.citizen_words,
            # A ledger does not say why; the office can
            # correct it on the case.
            cause=DissatisfactionCause.OTHER.value if e.verdict == "dissatisfied" else "",
        ),
        now=now,
    )
    if e.signed_off_at is None:
        return
    cases.sign_off(
        session,
        reception_id,
        operator_id=operator_id,
        note=e.sign_off_note or "台账导入",
        now=e.signed_off_at,
    )
