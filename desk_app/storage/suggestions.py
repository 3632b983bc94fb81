"""Deputies' suggestions between sessions at the desk (闭会期间代表建议, issue 13 item 4;
domain/suggestions.py), and what a case's timeline and callback show of them and of the meetings
and the ladder (`network_events`, `case_suggestions`).

A deputy drafts a suggestion from one or more cases (`draft`); the office sends it to a bureau
with its own number (代表建议〔年〕第N号, per station and year) and a working-day deadline
(`send`); the bureau's answer is recorded (`answer`); the deputy's satisfaction with it, reported
straight to the congress office, is recorded (`verdict`); a dissatisfied suggestion is sent again
(a new round, supervised again, possibly a level higher on the ladder: `escalate`).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import suggestions
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.lifecycle import SupervisionLevel
from desk_app.domain.numbering import CENTRE_SEQ_BASE
from desk_app.domain.permissions import Action
from desk_app.domain.suggestions import SendDraft, SuggestionDraft, SuggestionMove, SuggestionState
from desk_app.domain.validation import FieldError, FieldProblem
from desk_app.domain.vocab import Verdict
from desk_app.storage import ladder
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.errors import NotFound, ValidationFailed
from desk_app.storage.models import (
    Deputy,
    HandlingUnit,
    Reception,
    Station,
    Suggestion,
    SuggestionCase,
)
from desk_app.storage.network_reads import SuggestionRow, case_suggestions, suggestion_rows
from desk_app.storage.stations import district_name, home_station, is_centre_desk
from desk_app.storage.store import DeskStore

# Who decides a suggestion's first level when the office does not say (the congress's committee).
FIRST_DECIDER = "代表工委"


def _get(session: Session, suggestion_id: str) -> Suggestion:
    row = session.get(Suggestion, suggestion_id)
    if row is None:
        raise NotFound("suggestion", suggestion_id)
    return row


def next_suggestion_seq(session: Session, station_id: str, year: int, *, centre: bool = False) -> int:
    """The next number of the series of the level that sends (as slips: numbering.CENTRE_SEQ_BASE):
    a station's own (its numbers up to the base), or the district centre's, one across the
    district (above it). Two desks of a series that number offline may still take the same
    number: the server renumbers the later one at its push (docs/sync.md, "Slip numbers that
    clash"), and the desk says so."""
    if centre:
        last = session.scalar(
            select(func.max(Suggestion.serial_seq)).where(
                Suggestion.serial_year == year, Suggestion.serial_seq > CENTRE_SEQ_BASE
            )
        )
        return (last or CENTRE_SEQ_BASE) + 1
    last = session.scalar(
        select(func.max(Suggestion.serial_seq)).where(
            Suggestion.station_id == station_id,
            Suggestion.serial_year == year,
            Suggestion.serial_seq <= CENTRE_SEQ_BASE,
        )
    )
    return (last or 0) + 1


def write_draft(s: Session, draft: SuggestionDraft, errors: list[FieldError] | None = None) -> str:
    """Write a drafted suggestion and the cases it was made from, in the caller's transaction
    (a campaign's suggestion is drafted here too: storage/campaign_store.py). `errors`: the
    caller's own refusals, raised with the draft's. The suggestion's id."""
    errors = list(errors or ()) + suggestions.validate_suggestion(draft)
    if draft.deputy_id and s.get(Deputy, draft.deputy_id) is None:
        errors.append(FieldError("deputy_id", FieldProblem.UNKNOWN_CHOICE))
    if any(s.get(Reception, rid) is None for rid in draft.reception_ids):
        errors.append(FieldError("reception_ids", FieldProblem.UNKNOWN_CHOICE))
    if errors:
        raise ValidationFailed(errors)
    station = home_station(s)
    if station is None:
        raise NotFound("station", "-")
    row = Suggestion(
        station_id=station.id,
        deputy_id=draft.deputy_id,
        title=draft.title.strip(),
        body=draft.body.strip(),
        state=SuggestionState.DRAFTED.value,
        round_no=0,
        level="",
    )
    s.add(row)
    s.flush()
    for rid in dict.fromkeys(draft.reception_ids):
        s.add(SuggestionCase(station_id=station.id, suggestion_id=row.id, reception_id=rid))
    s.flush()
    return row.id


class SuggestionStore:
    """The suggestions' reads and writes, on a desk's store."""

    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db

    def draft(self, draft: SuggestionDraft, *, by: str) -> str:
        with self.store._acting(by, Action.REGISTER) as s:
            return write_draft(s, draft)

    def send(self, suggestion_id: str, draft: SendDraft, *, by: str, decided_by: str = FIRST_DECIDER) -> None:
        """Send to the bureau (the first time: its number and the ladder's first level; after a
        dissatisfied verdict: a new round at the level it has)."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            row = _get(s, suggestion_id)
            suggestions.check(SuggestionMove.SEND, row.state)
            errors = suggestions.validate_send(draft, self.store.today())
            if draft.unit_id and s.get(HandlingUnit, draft.unit_id) is None:
                errors.append(FieldError("unit_id", FieldProblem.UNKNOWN_CHOICE))
            if errors:
                raise ValidationFailed(errors)
            station = s.get(Station, row.station_id)
            assert station is not None
            if not row.serial:
                year = draft.sent_on.year
                # Numbers follow the level that sends (issue 13): the centre's desk its own series.
                seq = next_suggestion_seq(s, station.id, year, centre=is_centre_desk(s))
                row.serial = suggestions.format_suggestion_serial(
                    station.short_name, district_name(s), year, seq
                )
                row.serial_year, row.serial_seq = year, seq
            if not row.level:
                ladder.add_step(
                    s,
                    station_id=station.id,
                    level=suggestions.FIRST_LEVEL,
                    prior=None,
                    decided_by=decided_by,
                    at=self.store.clock(),
                    suggestion_id=row.id,
                )
                row.level = suggestions.FIRST_LEVEL.value
            row.round_no += 1
            row.unit_id = draft.unit_id
            row.handler = draft.handler.strip()
            row.sent_on = draft.sent_on
            row.working_days = draft.working_days
            row.reply_due = add_working_days(draft.sent_on, draft.working_days, work_calendar(s)).due
            row.replied_on, row.reply_text = None, ""
            row.verdict, row.verdict_on, row.verdict_words = "", None, ""
            row.state = SuggestionState.SENT.value
            s.flush()

    def answer(self, suggestion_id: str, *, replied_on: date, text: str, by: str) -> None:
        with self.store._acting(by, Action.CASE_WORK) as s:
            row = _get(s, suggestion_id)
            suggestions.check(SuggestionMove.ANSWER, row.state)
            errors: list[FieldError] = []
            if not text.strip():
                errors.append(FieldError("reply_text", FieldProblem.REQUIRED))
            if replied_on > self.store.today():
                errors.append(FieldError("replied_on", FieldProblem.IN_FUTURE))
            elif row.sent_on is not None and replied_on < row.sent_on:
                errors.append(FieldError("replied_on", FieldProblem.BEFORE_START))
            if errors:
                raise ValidationFailed(errors)
            row.replied_on, row.reply_text = replied_on, text.strip()
            row.state = SuggestionState.ANSWERED.value
            s.flush()

    def verdict(
        self, suggestion_id: str, *, verdict: Verdict | str, on: date, words: str = "", by: str
    ) -> None:
        """The deputy's satisfaction with the answer, as reported to the congress office."""
        with self.store._acting(by, Action.CALLBACK) as s:
            row = _get(s, suggestion_id)
            suggestions.check(SuggestionMove.VERDICT, row.state)
            v = Verdict(verdict)
            errors: list[FieldError] = []
            if v is Verdict.DISSATISFIED and not words.strip():
                errors.append(FieldError("verdict_words", FieldProblem.REQUIRED))
            if on > self.store.today():
                errors.append(FieldError("verdict_on", FieldProblem.IN_FUTURE))
            if errors:
                raise ValidationFailed(errors)
            row.verdict, row.verdict_on, row.verdict_words = v.value, on, words.strip()
            row.state = suggestions.state_of_verdict(v).value
            s.flush()

    def escalate(
        self, suggestion_id: str, level: SupervisionLevel, *, decided_by: str, reason: str = "", by: str
    ) -> None:
        """Raise the level supervising the suggestion (大督办), recording who decided it."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            row = _get(s, suggestion_id)
            prior = SupervisionLevel(row.level) if row.level else None
            ladder.add_step(
                s,
                station_id=row.station_id,
                level=level,
                prior=prior,
                decided_by=decided_by,
                at=self.store.clock(),
                reason=reason,
                suggestion_id=row.id,
            )
            row.level = level.value
            s.flush()

    def escalate_case(
        self, reception_id: str, level: SupervisionLevel, *, decided_by: str, reason: str = "", by: str
    ) -> None:
        """Raise the level supervising the case's current (second or later) round."""
        with self.store._acting(by, Action.CASE_WORK) as s:
            ladder.escalate_case(
                s, reception_id, level, decided_by=decided_by, reason=reason, at=self.store.clock()
            )

    # -- reads -------------------------------------------------------------------------------

    def suggestions(self, state: str | None = None) -> list[SuggestionRow]:
        with self.db.reading() as s:
            stmt = select(Suggestion).order_by(Suggestion.created_at.desc())
            if state is not None:
                stmt = stmt.where(Suggestion.state == state)
            return suggestion_rows(s, list(s.scalars(stmt)))

    def suggestion(self, suggestion_id: str) -> SuggestionRow:
        with self.db.reading() as s:
            return suggestion_rows(s, [_get(s, suggestion_id)])[0]

    def case_suggestions(self, reception_id: str) -> list[SuggestionRow]:
        """The suggestions made from a case (the callback dialog tells the citizen their outcome)."""
        with self.db.reading() as s:
            return case_suggestions(s, reception_id)

    def steps(self, suggestion_id: str) -> list[ladder.StepInfo]:
        with self.db.reading() as s:
            return ladder.suggestion_steps(s, suggestion_id)

    def case_steps(self, reception_id: str) -> list[ladder.StepInfo]:
        with self.db.reading() as s:
            return ladder.case_steps(s, reception_id)

    def case_level(self, reception_id: str) -> SupervisionLevel | None:
        with self.db.reading() as s:
            rec = s.get(Reception, reception_id)
            if rec is None:
                raise NotFound("reception", reception_id)
            return ladder.round_level(s, reception_id, rec.round_no)
