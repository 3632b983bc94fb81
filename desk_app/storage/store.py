"""DeskStore: the one object the window, the command line and the benchmarks talk to.

Each method is one unit of work in its own short session (TagStudio's habit) and returns plain
records from desk_app.storage.records. Writes name the operator, who is stamped on every row
and every change-log entry. Methods may be called from any thread; the window calls them from
its single database worker (desk_app.ui.ops), never from the UI thread.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date, datetime
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from desk_app.domain.casebook import MAX_WAITING_DAYS
from desk_app.domain.numbering import DEFAULT_SERIAL_PATTERN, BadSerialPattern, check_pattern
from desk_app.domain.permissions import Action
from desk_app.domain.tally import Figures, Period, Tally
from desk_app.domain.transfers import TransferKind, levels_worked
from desk_app.domain.validation import (
    FieldError,
    FieldProblem,
    ReceptionDraft,
    ReferralDraft,
    is_valid_phone,
    normalize_phone,
)
from desk_app.domain.vocab import DEFAULT_CATEGORIES, DeputyLevel, OperatorRole, StationKind
from desk_app.domain.workcalendar import OfficeDay, WorkCalendar
from desk_app.storage import audit, calendar_store, studio_store, tables, tally_queries
from desk_app.storage.authority import authorize
from desk_app.storage.db import Database, database_path
from desk_app.storage.errors import DuplicateName, NotFound, ValidationFailed
from desk_app.storage.migrate import ensure_schema
from desk_app.storage.tables import new_id

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from desk_app.domain.ledger import LedgerEntry
    from desk_app.domain.ledger import VisitEntry as LedgerVisit
    from desk_app.domain.roster import RosterEntry
    from desk_app.domain.rota import SlotTemplate
    from desk_app.storage import (
        case_moves,
        case_reads,
        casefacts,
        cases,
        centre_queries,
        class_rows,
        compaction,
        corrections,
        ledger_store,
        models,
        operators,
        queries,
        records,
        report_queries,
        rota_records,
        rota_store,
        secrets,
        similar,
        slip_deadlines,
        stations,
        transfer_store,
    )
    from desk_app.storage.case_moves import AttemptDraft, ChaseDraft, ExtensionDraft
    from desk_app.storage.cases import CallbackDraft
    from desk_app.storage.corrections import ReferralCorrection
    from desk_app.storage.queries import CaseFilter, CaseOrder
else:
    # Imported on first use, not by a command that never calls them (`desk-app print tally`;
    # storage/later.py): the rota, the ledger import, similar cases, transfers, the centre's
    # table; the case moves and corrections, the case list and the slip's reads, the operators
    # (and argon2), and the records (17 dataclasses, ~13 ms) that only those return. Also the ORM
    # classes (`models`, with sqlalchemy.orm) and what uses them only (the station's rows, the
    # waiting deadlines' refresh): the tally and the desk's set-up check read the tables with
    # Core (`Database.connected`, storage/tables.py), so a document command never imports the ORM.
    from desk_app.storage.later import Later

    case_moves = Later("desk_app.storage.case_moves")
    case_reads = Later("desk_app.storage.case_reads")
    casefacts = Later("desk_app.storage.casefacts")
    cases = Later("desk_app.storage.cases")
    centre_queries = Later("desk_app.storage.centre_queries")
    class_rows = Later("desk_app.storage.class_rows")
    compaction = Later("desk_app.storage.compaction")
    corrections = Later("desk_app.storage.corrections")
    ledger_store = Later("desk_app.storage.ledger_store")
    models = Later("desk_app.storage.models")
    operators = Later("desk_app.storage.operators")
    queries = Later("desk_app.storage.queries")
    records = Later("desk_app.storage.records")
    report_queries = Later("desk_app.storage.report_queries")
    rota_records = Later("desk_app.storage.rota_records")
    rota_store = Later("desk_app.storage.rota_store")
    secrets = Later("desk_app.storage.secrets")
    similar = Later("desk_app.storage.similar")
    slip_deadlines = Later("desk_app.storage.slip_deadlines")
    stations = Later("desk_app.storage.stations")
    transfer_store = Later("desk_app.storage.transfer_store")

Clock = Callable[[], datetime]


def _station_info(s: models.Station) -> records.StationInfo:
    return records.StationInfo(
        s.id,
        s.name,
        s.short_name,
        s.kind,
        s.district,
        s.serial_pattern,
        s.callback_working_days or 1,
        s.refer_working_days or 1,
        bool(s.progress_shows_unit),
        bool(s.progress_shows_deadline),
        bool(s.progress_shows_reply),
    )


def _operator_info(o: models.Operator) -> records.OperatorInfo:
    return operators.info(o)


def _required(field: str, value: str, limit: int) -> list[FieldError]:
    value = value.strip()
    if not value:
        return [FieldError(field, FieldProblem.REQUIRED)]
    if len(value) > limit:
        return [FieldError(field, FieldProblem.TOO_LONG)]
    return []


class DeskStore:
    def __init__(self, db: Database, clock: Clock = datetime.now) -> None:
        self.db = db
        self.clock = clock

    @classmethod
    def open(
        cls, data_dir: Path, clock: Clock = datetime.now, *, audit_clock: Clock | None = None
    ) -> DeskStore:
        """Open (creating if needed) the desk in `data_dir` and bring its schema up to date.

        `clock` is the desk's wall clock (business times); `audit_clock` the change log's UTC
        clock (default: the real one; tests set it to order two desks' edits)."""
        data_dir.mkdir(parents=True, exist_ok=True)
        db = Database(database_path(data_dir), audit_clock)
        store = cls(db, clock)
        if ensure_schema(db.engine):
            # An upgraded desk (or a new one) computes its waiting deadlines on its own calendar.
            store.recompute_deadlines()
        return store

    def close(self) -> None:
        self.db.dispose()

    def commits_without_fsync(self) -> AbstractContextManager[None]:
        """Within the block, commits skip the fsync: for filling a demo desk in seconds, never for
        a clerk's work (the desk otherwise always commits with synchronous=FULL, storage/db.py)."""
        return self.db.commits_without_fsync()

    def today(self) -> date:
        return self.clock().date()

    @contextmanager
    def _acting(self, by: str | None, action: Action) -> Iterator[Session]:
        """A write transaction on behalf of `by`, who must be an active operator allowed `action`."""
        with self.db.writing(by) as s:
            authorize(s, by, action)
            yield s

    # -- station and operators -------------------------------------------------------------

    def is_set_up(self) -> bool:
        with self.db.connected() as c:
            return c.execute(select(func.count()).select_from(tables.station)).scalar_one() > 0 and (
                c.execute(select(func.count()).select_from(tables.operator)).scalar_one() > 0
            )

    def set_up(
        self,
        *,
        station_name: str,
        short_name: str,
        kind: str,
        district: str,
        operator_name: str,
        secret: str,
        operator_role: str = OperatorRole.ADMIN.value,
        serial_pattern: str = DEFAULT_SERIAL_PATTERN,
    ) -> records.OperatorInfo:
        """First start: the station, its first operator (the desk's administrator, who can then
        add the office's clerks and the duty deputies) and the default categories."""
        errors = _required("station_name", station_name, 100) + _required("short_name", short_name, 40)
        errors += _required("operator_name", operator_name, 50)
        if kind not in {k.value for k in StationKind}:
            errors.append(FieldError("kind", FieldProblem.UNKNOWN_CHOICE))
        if operator_role != OperatorRole.ADMIN.value:
            errors.append(FieldError("operator_role", FieldProblem.UNKNOWN_CHOICE))
        try:
            check_pattern(serial_pattern)
        except BadSerialPattern:
            errors.append(FieldError("serial_pattern", FieldProblem.UNKNOWN_CHOICE))
        if errors:
            raise ValidationFailed(errors)
        operators.check_new_pin(secret)
        with self.db.writing(None) as s:
            if s.scalar(select(func.count()).select_from(models.Station)):
                raise DuplicateName("station", station_name)
            operator = models.Operator(
                id=new_id(),
                name=operator_name.strip(),
                role=operator_role,
                secret_hash=secrets.hash_secret(secret),
                active=True,
            )
            # The first operator creates themself and the station: the server then sees every
            # change of this desk made by an operator it knows.
            s.info["operator_id"] = operator.id
            s.add(operator)
            s.flush()
            s.add(
                models.Station(
                    name=station_name.strip(),
                    short_name=short_name.strip(),
                    kind=kind,
                    district=district.strip(),
                    serial_pattern=serial_pattern,
                )
            )
            for i, name in enumerate(DEFAULT_CATEGORIES):
                s.add(models.Category(name=name, sort_order=i, active=True))
            s.flush()
            return _operator_info(operator)

    def station(self) -> records.StationInfo:
        with self.db.reading() as s:
            station = stations.home_station(s)
            if station is None:
                raise NotFound("station", "-")
            return _station_info(station)

    def update_station(
        self,
        *,
        by: str,
        name: str,
        short_name: str,
        kind: str,
        district: str,
        serial_pattern: str,
        callback_working_days: int | None = None,
        refer_working_days: int | None = None,
        progress_shows_unit: bool | None = None,
        progress_shows_deadline: bool | None = None,
        progress_shows_reply: bool | None = None,
    ) -> records.StationInfo:
        errors = _required("station_name", name, 100) + _required("short_name", short_name, 40)
        for field, days in (
            ("callback_working_days", callback_working_days),
            ("refer_working_days", refer_working_days),
        ):
            if days is not None and not 1 <= days <= MAX_WAITING_DAYS:
                errors.append(FieldError(field, FieldProblem.OUT_OF_RANGE))
        if kind not in {k.value for k in StationKind}:
            errors.append(FieldError("kind", FieldProblem.UNKNOWN_CHOICE))
        try:
            check_pattern(serial_pattern)
        except BadSerialPattern:
            errors.append(FieldError("serial_pattern", FieldProblem.UNKNOWN_CHOICE))
        if errors:
            raise ValidationFailed(errors)
        with self._acting(by, Action.STATION_SETTINGS) as s:
            station = stations.home_station(s)
            if station is None:
                raise NotFound("station", "-")
            station.name, station.short_name, station.kind = name.strip(), short_name.strip(), kind
            station.district, station.serial_pattern = district.strip(), serial_pattern
            rules_changed = False
            if callback_working_days is not None and callback_working_days != station.callback_working_days:
                station.callback_working_days, rules_changed = callback_working_days, True
            if refer_working_days is not None and refer_working_days != station.refer_working_days:
                station.refer_working_days, rules_changed = refer_working_days, True
            # The citizen's progress page (synced: the server renders the page by it).
            if progress_shows_unit is not None:
                station.progress_shows_unit = progress_shows_unit
            if progress_shows_deadline is not None:
                station.progress_shows_deadline = progress_shows_deadline
            if progress_shows_reply is not None:
                station.progress_shows_reply = progress_shows_reply
            if rules_changed:
                s.flush()
                casefacts.refresh_all_waiting(s)
            return _station_info(station)

    def operators(self, include_inactive: bool = False) -> list[records.OperatorInfo]:
        with self.db.reading() as s:
            stmt = select(models.Operator).order_by(models.Operator.name)
            if not include_inactive:
                stmt = stmt.where(models.Operator.active)
            return [_operator_info(o) for o in s.scalars(stmt)]

    def add_operator(self, *, by: str, name: str, role: str, secret: str) -> records.OperatorInfo:
        with self.db.writing(by) as s:
            return operators.add_operator(s, by, name=name, role=role, secret=secret)

    def set_operator_active(self, *, by: str, operator_id: str, active: bool) -> None:
        with self.db.writing(by) as s:
            operators.set_active(s, by, operator_id, active)

    def set_operator_role(self, *, by: str, operator_id: str, role: str) -> None:
        with self.db.writing(by) as s:
            operators.set_role(s, by, operator_id, role)

    def assignable_roles(self) -> list[str]:
        """Roles this desk may give (a station's desk: the station's; a centre's desk: the centre's)."""
        with self.db.reading() as s:
            allowed = operators.allowed_roles(s)
            return [r.value for r in OperatorRole if r in allowed]

    def sign_in(self, operator_id: str, secret: str) -> records.OperatorInfo:
        """Check an operator's PIN. Wrong tries count (kept in the database), then the operator
        waits longer and longer and is locked (domain.pins); every try is in the audit trail.
        Raises SignInRefused with the reason (and until when) otherwise."""
        with self.db.writing(None) as s:
            outcome = operators.sign_in(s, operator_id, secret, now=self.clock())
        if outcome.refusal is not None:
            raise outcome.refusal
        assert outcome.operator is not None
        return outcome.operator

    def change_own_pin(self, operator_id: str, old: str, new: str) -> None:
        """Change your own PIN (the old one is checked, and counts, like a sign-in)."""
        with self.db.writing(operator_id) as s:
            outcome = operators.change_own_pin(s, operator_id, old, new, now=self.clock())
        if outcome.refusal is not None:
            raise outcome.refusal

    def reset_pin(self, *, by: str, operator_id: str, new: str) -> None:
        """The office resets a duty deputy's PIN, an administrator anyone's (a lockout ends)."""
        with self.db.writing(by) as s:
            operators.reset_pin(s, by, operator_id, new)

    def lock_state(self, operator_id: str) -> tuple[int, datetime | None]:
        """Wrong PINs in a row, and when the operator may try again (None: now)."""
        with self.db.reading() as s:
            return operators.lock_state(s, operator_id, self.clock())

    def audit_trail(self, *, by: str, limit: int = 500, offset: int = 0) -> list[records.AuditInfo]:
        with self.db.reading() as s:
            authorize(s, by, Action.AUDIT)
            names = {o.id: o.name for o in s.scalars(select(models.Operator))}
            return [
                records.AuditInfo(e.id, e.at, e.kind, names.get(e.operator_id or "", ""), e.subject, e.detail)
                for e in audit.trail(s, limit=limit, offset=offset)
            ]

    def record_full_numbers(self, *, by: str, printed: bool, subject: str, detail: str = "") -> None:
        """A print or export that shows citizens' full phone numbers: allowed to the office, and
        written to the audit trail."""
        with self._acting(by, Action.FULL_NUMBERS) as s:
            kind = audit.AuditKind.FULL_NUMBERS_PRINTED if printed else audit.AuditKind.FULL_NUMBERS_EXPORTED
            audit.record(s, kind, by, subject=subject, detail=detail)

    # -- directories -------------------------------------------------------------------------

    def categories(self, include_inactive: bool = False) -> list[records.CategoryInfo]:
        with self.db.reading() as s:
            stmt = select(models.Category).order_by(models.Category.sort_order, models.Category.name)
            if not include_inactive:
                stmt = stmt.where(models.Category.active)
            return [records.CategoryInfo(c.id, c.name, c.sort_order, c.active) for c in s.scalars(stmt)]

    def save_category(
        self,
        *,
        by: str,
        name: str,
        category_id: str | None = None,
        active: bool = True,
        sort_order: int | None = None,
    ) -> records.CategoryInfo:
        errors = _required("name", name, 50)
        if errors:
            raise ValidationFailed(errors)
        name = name.strip()
        with self._acting(by, Action.DIRECTORIES) as s:
            clash = s.scalar(select(models.Category.id).where(models.Category.name == name))
            if clash is not None and clash != category_id:
                raise DuplicateName("category", name)
            if category_id is None:
                last = s.scalar(select(func.max(models.Category.sort_order))) or 0
                cat = models.Category(
                    name=name, sort_order=last + 1 if sort_order is None else sort_order, active=active
                )
                s.add(cat)
            else:
                found = s.get(models.Category, category_id)
                if found is None:
                    raise NotFound("category", category_id)
                cat = found
                cat.name, cat.active = name, active
                if sort_order is not None:
                    cat.sort_order = sort_order
            s.flush()
            return records.CategoryInfo(cat.id, cat.name, cat.sort_order, cat.active)

    def handling_units(self, include_inactive: bool = False) -> list[records.HandlingUnitInfo]:
        with self.db.reading() as s:
            stmt = select(models.HandlingUnit).order_by(models.HandlingUnit.name)
            if not include_inactive:
                stmt = stmt.where(models.HandlingUnit.active)
            return [
                records.HandlingUnitInfo(u.id, u.name, u.contact_person, u.phone, u.address, u.active)
                for u in s.scalars(stmt)
            ]

    def save_handling_unit(
        self,
        *,
        by: str,
        name: str,
        contact_person: str = "",
        phone: str = "",
        address: str = "",
        active: bool = True,
        unit_id: str | None = None,
    ) -> records.HandlingUnitInfo:
        errors = _required("name", name, 100)
        if phone.strip() and not is_valid_phone(phone):
            errors.append(FieldError("phone", FieldProblem.BAD_PHONE))
        if len(contact_person.strip()) > 50:
            errors.append(FieldError("contact_person", FieldProblem.TOO_LONG))
        if len(address.strip()) > 200:
            errors.append(FieldError("address", FieldProblem.TOO_LONG))
        if errors:
            raise ValidationFailed(errors)
        name = name.strip()
        with self._acting(by, Action.DIRECTORIES) as s:
            clash = s.scalar(select(models.HandlingUnit.id).where(models.HandlingUnit.name == name))
            if clash is not None and clash != unit_id:
                raise DuplicateName("handling_unit", name)
            if unit_id is None:
                unit = models.HandlingUnit(name=name)
                s.add(unit)
            else:
                found = s.get(models.HandlingUnit, unit_id)
                if found is None:
                    raise NotFound("handling_unit", unit_id)
                unit = found
                unit.name = name
            unit.contact_person = contact_person.strip()
            unit.phone = normalize_phone(phone)
            unit.address = address.strip()
            unit.active = active
            s.flush()
            return records.HandlingUnitInfo(
                unit.id, unit.name, unit.contact_person, unit.phone, unit.address, unit.active
            )

    def deputies(self, include_inactive: bool = False) -> list[records.DeputyInfo]:
        with self.db.reading() as s:
            stmt = select(models.Deputy).order_by(models.Deputy.name)
            if not include_inactive:
                stmt = stmt.where(models.Deputy.active)
            return [records.DeputyInfo(d.id, d.name, d.level, d.phone, d.active) for d in s.scalars(stmt)]

    def save_deputy(
        self,
        *,
        by: str,
        name: str,
        level: str = "",
        phone: str = "",
        active: bool = True,
        deputy_id: str | None = None,
    ) -> records.DeputyInfo:
        errors = _required("name", name, 50)
        if phone.strip() and not is_valid_phone(phone):
            errors.append(FieldError("phone", FieldProblem.BAD_PHONE))
        if level and level not in {lv.value for lv in DeputyLevel}:
            errors.append(FieldError("level", FieldProblem.UNKNOWN_CHOICE))
        if errors:
            raise ValidationFailed(errors)
        with self._acting(by, Action.DIRECTORIES) as s:
            if deputy_id is None:
                deputy = models.Deputy(name=name.strip())
                s.add(deputy)
            else:
                found = s.get(models.Deputy, deputy_id)
                if found is None:
                    raise NotFound("deputy", deputy_id)
                deputy = found
                deputy.name = name.strip()
            deputy.level, deputy.phone, deputy.active = level, normalize_phone(phone), active
            s.flush()
            return records.DeputyInfo(deputy.id, deputy.name, deputy.level, deputy.phone, deputy.active)

    # -- the case lifecycle ------------------------------------------------------------------

    def register_reception(
        self,
        draft: ReceptionDraft,
        *,
        by: str,
        theme_day_id: str | None = None,
        link_to: str | None = None,
    ) -> str:
        """Register a reception; with `theme_day_id`, tag it to that theme reception day in the
        same transaction (office case work), so a refused tag never leaves a saved reception
        behind a form that says it was not saved. With `link_to`, link it to that similar case
        (类案: forming a class or joining its class, storage/class_rows.py) in the same
        transaction: saved, it is linked; a refused link saves nothing."""
        with self._acting(by, Action.REGISTER) as s:
            reception_id = cases.register_reception(s, draft, now=self.clock())
            if theme_day_id:
                authorize(s, by, Action.CASE_WORK)
                studio_store.tag_reception(s, reception_id, theme_day_id)
            if link_to:
                s.flush()
                class_rows.link(s, reception_id, link_to, now=self.clock())
            return reception_id

    def refer(self, reception_id: str, draft: ReferralDraft, *, by: str) -> records.ReferralInfo:
        with self._acting(by, Action.CASE_WORK) as s:
            referral = cases.refer(s, reception_id, draft, today=self.today())
            referral_id = referral.id
        return next(r for r in self.case_detail(reception_id).referrals if r.id == referral_id)

    def record_reply(self, reception_id: str, *, replied_on: date, reply_text: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            cases.record_reply(
                s,
                reception_id,
                replied_on=replied_on,
                reply_text=reply_text,
                operator_id=by,
                today=self.today(),
            )

    def record_callback(self, reception_id: str, draft: CallbackDraft, *, by: str) -> None:
        with self._acting(by, Action.CALLBACK) as s:
            cases.record_callback(s, reception_id, draft, now=self.clock())

    def sign_off(self, reception_id: str, *, by: str, note: str = "") -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            cases.sign_off(s, reception_id, operator_id=by, note=note, now=self.clock())

    # -- the office's other moves (case_moves.py) and corrections (corrections.py) --------------

    def return_slip(self, reception_id: str, *, returned_on: date, reason: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            case_moves.return_slip(
                s, reception_id, returned_on=returned_on, reason=reason, today=self.today()
            )

    def record_chase(self, reception_id: str, draft: ChaseDraft, *, by: str) -> str:
        with self._acting(by, Action.CHASE) as s:
            return case_moves.record_chase(s, reception_id, draft, now=self.clock())

    def request_extension(self, reception_id: str, draft: ExtensionDraft, *, by: str) -> str:
        with self._acting(by, Action.CASE_WORK) as s:
            return case_moves.request_extension(s, reception_id, draft, today=self.today())

    def decide_extension(
        self, extension_id: str, *, approve: bool, note: str = "", by: str, decided_on: date | None = None
    ) -> date | None:
        with self._acting(by, Action.CASE_WORK) as s:
            return case_moves.decide_extension(
                s,
                extension_id,
                approve=approve,
                note=note,
                decided_on=decided_on or self.today(),
                operator_id=by,
                today=self.today(),
            )

    def record_callback_attempt(self, reception_id: str, draft: AttemptDraft, *, by: str) -> str:
        with self._acting(by, Action.CALLBACK) as s:
            return case_moves.record_callback_attempt(s, reception_id, draft, now=self.clock())

    def close_explained(self, reception_id: str, *, reason: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            case_moves.close_explained(s, reception_id, reason=reason, now=self.clock())

    def reopen(self, reception_id: str, *, reason: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            case_moves.reopen(s, reception_id, reason=reason, now=self.clock())

    def withdraw(self, reception_id: str, *, reason: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            case_moves.withdraw(s, reception_id, reason=reason, now=self.clock())

    def void(self, reception_id: str, *, reason: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            case_moves.void(s, reception_id, reason=reason, now=self.clock())

    def merge(self, reception_id: str, *, into_id: str, reason: str, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            case_moves.merge(s, reception_id, into_id=into_id, reason=reason, now=self.clock())

    def correct_registration(
        self, reception_id: str, draft: ReceptionDraft, *, reason: str, by: str
    ) -> list[str]:
        with self._acting(by, Action.CASE_WORK) as s:
            return corrections.correct_registration(s, reception_id, draft, reason=reason, now=self.clock())

    def correct_referral(
        self, reception_id: str, fix: ReferralCorrection, *, reason: str, by: str
    ) -> list[str]:
        with self._acting(by, Action.CASE_WORK) as s:
            return corrections.correct_referral(s, reception_id, fix, reason=reason, now=self.clock())

    def correct_reply(
        self, reception_id: str, *, replied_on: date, reply_text: str, reason: str, by: str
    ) -> list[str]:
        with self._acting(by, Action.CASE_WORK) as s:
            return corrections.correct_reply(
                s, reception_id, replied_on=replied_on, reply_text=reply_text, reason=reason, now=self.clock()
            )

    def correct_verdict(
        self, reception_id: str, *, verdict: str, cause: str = "", reason: str, by: str
    ) -> list[str]:
        with self._acting(by, Action.CASE_WORK) as s:
            return corrections.correct_verdict(
                s, reception_id, verdict=verdict, cause=cause, reason=reason, now=self.clock()
            )

    # -- deadlines and the office's calendar -----------------------------------------------------

    def work_calendar(self) -> WorkCalendar:
        with self.db.reading() as s:
            return calendar_store.work_calendar(s)

    def office_days(self, year: int | None = None) -> list[OfficeDay]:
        with self.db.reading() as s:
            return calendar_store.office_days(s, year)

    def set_calendar_year(self, year: int, days: Sequence[OfficeDay], *, by: str) -> records.CalendarApplied:
        """Make the office's holiday notice for `year` exactly `days`, then recompute every
        estimated slip deadline and waiting deadline on the new calendar (one transaction).
        Returns what changed, so the desk can say which deadlines moved."""
        with self._acting(by, Action.CALENDAR) as s:
            changed, removed = calendar_store.replace_year(s, year, days)
            moved = slip_deadlines.recompute_estimated(s)
            casefacts.refresh_all_waiting(s)
            if changed or removed:
                audit.record(
                    s,
                    audit.AuditKind.CALENDAR_CHANGED,
                    by,
                    subject=str(year),
                    detail=f"{changed} days set, {removed} removed, {len(moved)} deadlines moved",
                )
            return records.CalendarApplied(year, changed, removed, tuple(moved))

    def recompute_deadlines(self, *, slips: bool = False) -> list[records.MovedDeadline]:
        """Every open case's waiting deadline on today's calendar; with `slips`, also the slips
        whose deadline was estimated (after a holiday notice arrived by sync), each logged as the
        operator who issued it (the change is the slip's own deadline, counted again)."""
        with self.db.writing(None) as s:
            moved = slip_deadlines.recompute_estimated(s, as_issuer=True) if slips else []
            casefacts.refresh_all_waiting(s)
            return moved

    def refresh_waiting(self, reception_ids: Iterable[str]) -> int:
        """Recompute the waiting deadlines of these cases (after a sync brought them)."""
        with self.db.writing(None) as s:
            return casefacts.refresh_all_waiting(s, reception_ids)

    # -- reading -----------------------------------------------------------------------------

    def case_filter(self, **kwargs: object) -> CaseFilter:
        """A filter whose notion of 'today' (for overdue) follows this store's clock."""
        return queries.CaseFilter(today=self.today(), **kwargs)  # type: ignore[arg-type]

    def list_cases(
        self,
        f: CaseFilter,
        offset: int = 0,
        limit: int = 100,
        order: CaseOrder | None = None,
        total: int | None = None,
    ) -> list[records.CaseRow]:
        """A page of the cases matching `f`, in `order` (default queries.NEWEST_FIRST)."""
        with self.db.reading() as s:
            return queries.list_cases(
                s, f, offset, limit, queries.NEWEST_FIRST if order is None else order, total
            )

    def count_cases(self, f: CaseFilter) -> int:
        with self.db.reading() as s:
            return queries.count_cases(s, f)

    def similar_cases(
        self, content: str, place: str = "", *, limit: int = 5, exclude_id: str | None = None
    ) -> list[similar.SimilarCase]:
        """The cases most like a matter being typed (storage/similar.py), best first."""
        with self.db.reading() as s:
            return similar.suggest(s, content, place, limit=limit, exclude_id=exclude_id)

    def worklist(self) -> queries.Worklist:
        """Today's worklist (今日待办): the count of each of its lists, today's date and the
        office's calendar."""
        with self.db.reading() as s:
            levels = levels_worked(centre_desk=stations.is_centre_desk(s))
            return queries.worklist(
                s, self.today(), calendar_store.work_calendar(s), tuple(level.value for level in levels)
            )

    def case_detail(self, reception_id: str) -> records.CaseDetail:
        with self.db.connected() as conn:  # a Core read (case_reads): no ORM session needed
            return case_reads.case_detail(conn, reception_id, self.today())

    def change_log(self, entity_id: str | None = None, limit: int = 1000) -> list[models.ChangeLog]:
        from sqlalchemy.orm.attributes import set_committed_value

        with self.db.reading() as s:
            stmt = select(models.ChangeLog).order_by(models.ChangeLog.seq.desc()).limit(limit)
            if entity_id is not None:
                stmt = stmt.where(models.ChangeLog.entity_id == entity_id)
            entries = list(s.scalars(stmt))
            for entry in entries:
                if entry.folded:  # a compacted insert: its values rebuilt (storage/compaction.py)
                    set_committed_value(entry, "changes", compaction.changes_of(s, entry))
            return entries

    # -- desk-local settings -----------------------------------------------------------------

    def setting(self, key: str, default: object = None) -> object:
        with self.db.reading() as s:
            row = s.get(models.Setting, key)
            return default if row is None else row.value

    def set_setting(self, key: str, value: object) -> None:
        with self.db.writing(None) as s:
            row = s.get(models.Setting, key)
            if row is None:
                s.add(models.Setting(key=key, value=value))
            else:
                row.value = value

    # -- roster, duty pattern, rota and visits (issue 3; the work is in rota_store) -----------

    def deputy_profiles(self, include_inactive: bool = False) -> list[rota_records.DeputyProfile]:
        with self.db.reading() as s:
            stmt = select(models.Deputy).order_by(models.Deputy.name)
            if not include_inactive:
                stmt = stmt.where(models.Deputy.active)
            return [rota_store.profile(d) for d in s.scalars(stmt)]

    def import_roster(self, entries: Iterable[RosterEntry], *, by: str) -> rota_records.RosterImportResult:
        """Add or update deputies by name + phone, all in one transaction."""
        with self._acting(by, Action.DIRECTORIES) as s:
            return rota_store.import_roster(s, entries)

    def duty_groups(self, station_id: str | None = None) -> list[rota_records.DutyGroupInfo]:
        with self.db.reading() as s:
            return rota_store.duty_groups(s, station_id)

    def save_duty_group(
        self,
        *,
        by: str,
        name: str,
        deputy_ids: Sequence[str],
        group_id: str | None = None,
        active: bool = True,
        station_id: str | None = None,
    ) -> str:
        with self._acting(by, Action.ROTA) as s:
            return rota_store.save_duty_group(s, station_id, name, deputy_ids, group_id, active)

    def duty_pattern(self, station_id: str | None = None) -> list[rota_records.DutySlotInfo]:
        with self.db.reading() as s:
            return rota_store.duty_pattern(s, station_id)

    def set_duty_pattern(
        self, templates: Sequence[SlotTemplate], *, by: str, station_id: str | None = None
    ) -> None:
        with self._acting(by, Action.ROTA) as s:
            rota_store.set_duty_pattern(s, station_id, templates)

    def set_unavailable(self, deputy_id: str, days: Iterable[date], *, by: str, note: str = "") -> None:
        with self._acting(by, Action.ROTA) as s:
            rota_store.set_unavailable(s, deputy_id, days, note)

    def clear_unavailable(self, deputy_id: str, days: Iterable[date], *, by: str) -> None:
        with self._acting(by, Action.ROTA) as s:
            rota_store.clear_unavailable(s, deputy_id, days)

    def unavailable(self, start: date, end: date) -> list[rota_records.UnavailableInfo]:
        with self.db.reading() as s:
            return rota_store.unavailable(s, start, end)

    def make_rota(
        self,
        start: date,
        end: date,
        *,
        by: str,
        seed: int = 0,
        station_ids: Sequence[str] | None = None,
    ) -> rota_records.RotaMade:
        """Replace the generated (never the manual) assignments in the period; report unfilled slots.
        `station_ids`: only those stations' rota (a district centre's desk); None: every station."""
        with self._acting(by, Action.ROTA) as s:
            return rota_store.make_rota(s, start, end, seed, station_ids)

    def rota(
        self, start: date, end: date, station_id: str | None = None
    ) -> list[rota_records.AssignmentInfo]:
        with self.db.reading() as s:
            return rota_store.assignments(s, start, end, station_id)

    def rota_sheet(self, start: date, end: date) -> list[rota_records.RotaSheetRow]:
        with self.db.reading() as s:
            return rota_store.rota_sheet(s, start, end)

    def add_assignment(
        self, *, by: str, day: date, period: str, deputy_id: str, station_id: str | None = None
    ) -> str:
        with self._acting(by, Action.ROTA) as s:
            return rota_store.add_assignment(s, station_id, day, period, deputy_id)

    def replace_assignment(self, assignment_id: str, deputy_id: str, *, by: str) -> None:
        with self._acting(by, Action.ROTA) as s:
            rota_store.replace_assignment(s, assignment_id, deputy_id)

    def swap_assignments(self, first_id: str, second_id: str, *, by: str) -> None:
        with self._acting(by, Action.ROTA) as s:
            rota_store.swap_assignments(s, first_id, second_id)

    def remove_assignment(self, assignment_id: str, *, by: str) -> None:
        with self._acting(by, Action.ROTA) as s:
            rota_store.remove_assignment(s, assignment_id)

    # -- studios and theme reception days (issue 14, item 2; storage.studio_store) ---------------

    def studios(self) -> list[studio_store.StudioInfo]:
        with self.db.reading() as s:
            return studio_store.studios(s)

    def set_studio_holiday_move(self, station_id: str, holiday_move: str, *, by: str) -> None:
        with self._acting(by, Action.ROTA) as s:
            studio_store.set_holiday_move(s, station_id, holiday_move)

    def add_studio_exception(
        self, station_id: str, day: date, *, decided_by: str, reason: str, by: str
    ) -> str:
        with self._acting(by, Action.ROTA) as s:
            return studio_store.add_exception(
                s, station_id, day, decided_by, reason, calendar_store.work_calendar(s)
            )

    def remove_studio_exception(self, exception_id: str, *, by: str) -> None:
        with self._acting(by, Action.ROTA) as s:
            studio_store.remove_exception(s, exception_id)

    def save_theme_day(
        self,
        *,
        by: str,
        day: date,
        theme: str,
        place: str = "",
        invited_deputies: str = "",
        invited_units: str = "",
        notes: str = "",
        cancelled: bool = False,
        station_id: str | None = None,
        theme_day_id: str | None = None,
    ) -> str:
        """Plan (or change, or cancel) a theme reception day (主题接待日) of the station."""
        with self._acting(by, Action.ROTA) as s:
            station = s.get(models.Station, station_id) if station_id else stations.home_station(s)
            if station is None:
                raise NotFound("station", station_id or "-")
            return studio_store.save_theme_day(
                s,
                station.id,
                theme_day_id,
                day=day,
                theme=theme,
                place=place,
                invited_deputies=invited_deputies,
                invited_units=invited_units,
                notes=notes,
                cancelled=cancelled,
            )

    def theme_days(
        self, start: date, end: date, station_id: str | None = None
    ) -> list[studio_store.ThemeDayInfo]:
        with self.db.reading() as s:
            return studio_store.theme_days(s, start, end, station_id)

    def theme_day_of(self, reception_id: str) -> str | None:
        with self.db.reading() as s:
            return studio_store.theme_day_of(s, reception_id)

    def tag_reception_to_theme_day(self, reception_id: str, theme_day_id: str | None, *, by: str) -> None:
        with self._acting(by, Action.CASE_WORK) as s:
            studio_store.tag_reception(s, reception_id, theme_day_id)

    def theme_day_tally(
        self, start: date, end: date, station_id: str | None = None
    ) -> studio_store.ThemeDayTally:
        with self.db.reading() as s:
            return studio_store.theme_day_tally(s, start, end, self.today(), station_id)

    def today_duty(self, day: date | None = None, station_id: str | None = None) -> rota_records.TodayDuty:
        with self.db.reading() as s:
            return rota_store.today_duty(s, day or self.today(), station_id)

    def check_in(
        self,
        deputy_id: str,
        *,
        by: str,
        at: datetime | None = None,
        kind: str = "duty",
        note: str = "",
        station_id: str | None = None,
        stands_in_for: str | None = None,
    ) -> str:
        """`stands_in_for`: the rota deputy `deputy_id` sits in for today (代班)."""
        with self._acting(by, Action.CHECK_IN) as s:
            return rota_store.check_in(
                s, station_id, deputy_id, at or self.clock(), kind, note, stands_in_for=stands_in_for
            )

    def check_out(self, visit_id: str, *, by: str, at: datetime | None = None) -> None:
        with self._acting(by, Action.CHECK_IN) as s:
            rota_store.check_out(s, visit_id, at or self.clock())

    def record_visit(
        self,
        deputy_id: str,
        *,
        by: str,
        day: date,
        kind: str,
        note: str = "",
        check_in_at: datetime | None = None,
        check_out_at: datetime | None = None,
        station_id: str | None = None,
    ) -> str:
        with self._acting(by, Action.CHECK_IN) as s:
            return rota_store.record_visit(
                s, station_id, deputy_id, day, kind, note, check_in_at, check_out_at
            )

    def visits(self, start: date, end: date, deputy_id: str | None = None) -> list[rota_records.VisitInfo]:
        with self.db.reading() as s:
            return rota_store.visits(s, start, end, deputy_id)

    def duty_records(
        self, start: date, end: date, station_ids: Sequence[str] | None = None
    ) -> list[rota_records.DutyRecord]:
        """Each deputy's duty record; `station_ids`: at those stations only (None: every station)."""
        with self.db.reading() as s:
            return rota_store.duty_records(s, start, end, self.today(), station_ids)

    # -- documents: slips, tallies, ledger import (issue 4; reports in desk_app/reports) ---------

    def slip_data(
        self, serial: str | None = None, *, reception_id: str | None = None, round_no: int | None = None
    ) -> report_queries.SlipData:
        """What a referral slip prints: by its number (that very slip, a returned one too), or by
        case and round (default the current round), the round's current slip."""
        with self.db.connected() as s:
            attempt = None
            if serial is not None:
                reception_id, round_no, attempt = report_queries.find_slip(s, serial)
            if reception_id is None:
                raise NotFound("referral", "-")
            return report_queries.slip_data(s, reception_id, round_no, self.today(), attempt=attempt)

    def tally(
        self, period: Period, station_ids: Sequence[str] | None = None, *, year_ago: bool = True
    ) -> Tally:
        """The tally of `period` with the period before beside it (None: every station on file).
        `year_ago=False`: without counting the same period last year (see year_ago_figures)."""
        with self.db.connected() as s:
            made = tally_queries.tally(
                s, period, today=self.today(), station_ids=station_ids, year_ago=year_ago
            )
            themes = studio_store.theme_day_tally(
                s, period.start, period.end, self.today(), station_ids=station_ids
            )
            return dataclasses.replace(
                made, theme_days_held=themes.held, theme_day_receptions=themes.receptions
            )

    def year_ago_figures(self, period: Period, station_ids: Sequence[str] | None = None) -> Figures:
        """The figures of the same period last year beside `period`'s tally (its `year_ago`)."""
        with self.db.connected() as s:
            return tally_queries.year_ago_figures(s, period, today=self.today(), station_ids=station_ids)

    def import_ledger(
        self,
        rows: Sequence[tuple[int, LedgerEntry]],
        *,
        by: str,
        progress: Callable[[int, int], None] | None = None,
        dry_run: bool = False,
        visits: Sequence[tuple[int, LedgerVisit]] = (),
    ) -> ledger_store.LedgerApplied:
        """Apply ledger rows (and rows of deputy visits) in one transaction. With problems, nothing
        is written and the result lists them (`ok` is False); `dry_run` checks everything and
        writes nothing."""
        now = self.clock()
        # Everything that needs no write lock first (sorting the rows against the desk, making
        # every new case ready), so that the write transactions hold the lock only to insert.
        plan: ledger_store.LedgerPlan | None
        with self.db.reading() as s:
            plan = ledger_store.plan_ledger(s, rows, now=now, operator_id=by, audit_clock=self.db.audit_clock)
        if not dry_run and plan.batch is not None and not plan.result.problems:
            parts = ledger_store.split_batch(plan.batch)
            if len(parts) > 1 or len(plan.updates) > ledger_store.UPDATE_CHUNK:
                try:
                    return self._import_ledger_in_parts(
                        plan, parts, by=by, now=now, progress=progress, visits=visits
                    )
                except ledger_store.PlanStale:
                    plan = None  # the desk changed meanwhile: planned again inside one transaction
        try:
            with self._acting(by, Action.IMPORT_LEDGER) as s:
                return ledger_store.apply_ledger(
                    s,
                    rows,
                    now=now,
                    operator_id=by,
                    progress=progress,
                    dry_run=dry_run,
                    visits=visits,
                    plan=plan,
                )
        except ledger_store.LedgerRefused as refused:
            return refused.result
        except ledger_store.DryRunDone as done:
            return done.result

    def _import_ledger_in_parts(
        self,
        plan: ledger_store.LedgerPlan,
        parts: list[ledger_store._Batch],
        *,
        by: str,
        now: datetime,
        progress: Callable[[int, int], None] | None,
        visits: Sequence[tuple[int, LedgerVisit]],
    ) -> ledger_store.LedgerApplied:
        """The new cases in parts, each in its own short write transaction (a save at the window
        waits for one part at most); the last part with the cases taken further and the visits.
        All or nothing: when a part fails or the import is cancelled, the parts written are
        deleted again."""
        written: list[ledger_store._Batch] = []
        logged: list[tuple[int, int]] = []
        updates = plan.updates
        plan.updates = []
        size = ledger_store.UPDATE_CHUNK
        chunks = [updates[i : i + size] for i in range(0, len(updates), size)]
        total = len(parts) + len(chunks)
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress is not None:
                progress(done, total)

        try:
            with self._acting(by, Action.IMPORT_LEDGER) as s:
                if not ledger_store.plan_still_holds(s, plan):
                    raise ledger_store.PlanStale("the desk changed while the ledger was read")
                ledger_store.add_names(s, plan)
                # The first part holds the highest slip numbers: written before anything else.
                if len(parts) > 1:
                    ledger_store._write_batch(s, parts[0])
            if len(parts) > 1:
                written.append(parts[0])
                step()
            problems: list[ledger_store.LedgerProblem] = []
            for chunk in chunks:
                try:
                    with self._acting(by, Action.IMPORT_LEDGER) as s:
                        logged.append(ledger_store.take_further(s, plan, chunk, now=now, operator_id=by))
                except ledger_store.LedgerRefused as refused:
                    problems += refused.result.problems
                step()
            if problems:
                plan.result.problems += problems
                plan.result.problems.sort(key=lambda p: (p.sheet, p.row))
                raise ledger_store.LedgerRefused(plan.result)
            # As many parts per write transaction as fit in PART_BUDGET_S (on a quiet machine
            # many, so few commits; under load one, so a save at the window waits for one).
            middle = parts[1:-1]
            i = 0
            while i < len(middle):
                with self._acting(by, Action.IMPORT_LEDGER) as s:
                    began = perf_counter()
                    while i < len(middle):
                        ledger_store._write_batch(s, middle[i])
                        written.append(middle[i])  # undone by id: harmless if rolled back
                        i += 1
                        step()
                        if perf_counter() - began >= ledger_store.PART_BUDGET_S:
                            break
            last = parts[-1] if len(parts) > 1 else parts[0]
            with self._acting(by, Action.IMPORT_LEDGER) as s:
                return ledger_store.finish(
                    s, plan, last, now=now, operator_id=by, progress=None, visits=visits
                )
        except ledger_store.LedgerRefused as refused:
            self._undo_ledger_parts(written, logged, plan, by)
            return refused.result
        except BaseException:
            self._undo_ledger_parts(written, logged, plan, by)
            raise

    def _undo_ledger_parts(
        self,
        written: list[ledger_store._Batch],
        logged: list[tuple[int, int]],
        plan: ledger_store.LedgerPlan,
        by: str,
    ) -> None:
        """Undo what the committed parts wrote: the cases taken further from their change-log
        entries (newest first), then the new cases and the new names."""
        with self._acting(by, Action.IMPORT_LEDGER) as s:
            ledger_store.undo_log(s, logged)
            ledger_store.undo_parts(s, written, plan)

    # -- the roster screen (issue 3): one deputy with every roster field ------------------------

    def save_deputy_profile(
        self,
        *,
        by: str,
        name: str,
        level: str,
        constituency: str = "",
        work_unit: str = "",
        expertise: str = "",
        phone: str = "",
        active: bool = True,
        deputy_id: str | None = None,
    ) -> rota_records.DeputyProfile:
        with self._acting(by, Action.DIRECTORIES) as s:
            return rota_store.save_deputy_profile(
                s,
                deputy_id,
                name=name,
                level=level,
                constituency=constituency,
                work_unit=work_unit,
                expertise=expertise,
                phone=phone,
                active=active,
            )

    # -- the district centre's desk and transfers between levels (issue 13) -------------------

    def is_centre_desk(self) -> bool:
        with self.db.reading() as s:
            return stations.is_centre_desk(s)

    def stations(self) -> list[records.StationInfo]:
        """Every station this desk holds (a centre desk: its district's), by name."""
        with self.db.reading() as s:
            return [_station_info(st) for st in stations.all_stations(s)]

    def transfer(
        self, reception_id: str, kind: TransferKind, *, reason: str, by: str, city_ref: str = ""
    ) -> None:
        """转办 between levels, or the centre's take-over (domain.transfers): the office's move.
        `city_ref`: the city office's reference number of a transfer to the city (optional)."""
        with self._acting(by, Action.CASE_WORK) as s:
            transfer_store.transfer(s, reception_id, kind, reason=reason, now=self.clock(), city_ref=city_ref)

    def record_city_reply(self, reception_id: str, *, text: str, by: str) -> None:
        """The city's reply to a case it handles (市级答复), recorded by the centre's office."""
        with self._acting(by, Action.CASE_WORK) as s:
            transfer_store.record_city_reply(s, reception_id, text=text, now=self.clock())

    def transfer_register(
        self, *, station_ids: tuple[str, ...] = (), since: date | None = None, until: date | None = None
    ) -> list[transfer_store.TransferEntry]:
        with self.db.reading() as s:
            return transfer_store.register(s, station_ids=station_ids, since=since, until=until)

    def level_counts(self, since: date, until: date) -> list[transfer_store.LevelCounts]:
        with self.db.reading() as s:
            return transfer_store.level_counts(s, since, until)

    def centre_tally(self, period: Period) -> centre_queries.CentreTally:
        """Every station of the desk side by side with the district total (issue 13)."""
        with self.db.reading() as s:
            return centre_queries.centre_tally(s, period, today=self.today())
