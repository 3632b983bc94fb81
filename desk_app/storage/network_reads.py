"""Reads of issue 13's records a case shows (storage/suggestions.py writes them): the suggestions
made from a case, and the case timeline's entries for its meeting, suggestions and ladder levels.
Kept apart from suggestions.py so that queries.py (below DeskStore) can read them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from sqlalchemy import literal_column, select
from sqlalchemy.orm import Session

from desk_app.domain import suggestions
from desk_app.domain.lifecycle import SUPERVISION_LEVEL_ZH, SupervisionLevel
from desk_app.domain.suggestions import SuggestionState
from desk_app.storage.models import (
    Deputy,
    HandlingUnit,
    Meeting,
    MeetingItem,
    Reception,
    Referral,
    Suggestion,
    SuggestionCase,
    SupervisionStep,
)

if TYPE_CHECKING:
    from desk_app.storage.records import TimelineEvent


@dataclass(frozen=True, slots=True)
class SuggestionRow:
    id: str
    serial: str
    title: str
    body: str
    deputy_id: str
    deputy_name: str
    state: str
    round_no: int
    level: str
    unit_id: str | None
    unit_name: str
    handler: str
    sent_on: date | None
    working_days: int
    reply_due: date | None
    replied_on: date | None
    reply_text: str
    verdict: str
    verdict_on: date | None
    verdict_words: str
    reception_ids: tuple[str, ...]
    made_at: datetime  # when it was drafted (UTC, the row's creation)

    @property
    def state_zh(self) -> str:
        return suggestions.SUGGESTION_STATE_ZH[SuggestionState(self.state)]

    @property
    def level_zh(self) -> str:
        return SUPERVISION_LEVEL_ZH[SupervisionLevel(self.level)] if self.level else ""

    @property
    def outcome_zh(self) -> str:
        """What the clerk tells a linked case's citizen at the callback."""
        return suggestions.outcome_zh(self.state, self.serial, self.unit_name)


def suggestion_rows(session: Session, items: list[Suggestion]) -> list[SuggestionRow]:
    ids = [x.id for x in items]
    cases: dict[str, list[str]] = {i: [] for i in ids}
    if ids:
        for sid, rid in session.execute(
            select(SuggestionCase.suggestion_id, SuggestionCase.reception_id)
            .where(SuggestionCase.suggestion_id.in_(ids))
            # The cases in the order the suggestion named them: one draft's rows share their
            # created_at, so the insertion order (rowid; synced rows arrive in log order) decides.
            .order_by(SuggestionCase.created_at, literal_column("suggestion_case.rowid"))
        ):
            cases[sid].append(rid)
    deputies = {
        d.id: d.name
        for d in session.scalars(select(Deputy).where(Deputy.id.in_({x.deputy_id for x in items})))
    }
    units = {
        u.id: u.name
        for u in session.scalars(
            select(HandlingUnit).where(HandlingUnit.id.in_({x.unit_id for x in items if x.unit_id}))
        )
    }
    return [
        SuggestionRow(
            x.id,
            x.serial,
            x.title,
            x.body,
            x.deputy_id,
            deputies.get(x.deputy_id, ""),
            x.state,
            x.round_no,
            x.level,
            x.unit_id,
            units.get(x.unit_id or "", ""),
            x.handler,
            x.sent_on,
            x.working_days,
            x.reply_due,
            x.replied_on,
            x.reply_text,
            x.verdict,
            x.verdict_on,
            x.verdict_words,
            tuple(cases[x.id]),
            x.created_at,
        )
        for x in items
    ]


def case_suggestions(session: Session, reception_id: str) -> list[SuggestionRow]:
    ids = select(SuggestionCase.suggestion_id).where(SuggestionCase.reception_id == reception_id)
    items = list(
        session.scalars(select(Suggestion).where(Suggestion.id.in_(ids)).order_by(Suggestion.created_at))
    )
    return suggestion_rows(session, items)


def network_events(session: Session, rec: Reception) -> list[TimelineEvent]:
    """A case's timeline entries of issue 13: the meeting that referred it, the suggestions made
    from it (and their outcome), and the ladder levels given to its rounds."""
    # records (17 dataclasses) only for a case's timeline: a tally's reads do without it.
    from desk_app.storage.records import TimelineEvent

    out: list[TimelineEvent] = []
    for meeting, referral in session.execute(
        select(Meeting, Referral)
        .join(MeetingItem, MeetingItem.meeting_id == Meeting.id)
        .join(Referral, Referral.id == MeetingItem.referral_id)
        .where(MeetingItem.reception_id == rec.id)
    ):
        out.append(
            TimelineEvent(
                "meeting_referred",
                datetime.combine(meeting.held_on, time.min),
                referral.round_no,
                "",
                {
                    "title": meeting.title,
                    "place": meeting.place,
                    "presiding": meeting.presiding,
                    "serial": referral.serial,
                },
            )
        )
    for row in case_suggestions(session, rec.id):
        last = row.verdict_on or row.replied_on or row.sent_on
        when = datetime.combine(last, time.min) if last is not None else row.made_at
        out.append(
            TimelineEvent(
                "suggestion",
                when,
                rec.round_no,
                row.deputy_name,
                {
                    "serial": row.serial,
                    "title": row.title,
                    "state": row.state,
                    "unit": row.unit_name,
                    "reply_due": row.reply_due,
                    "reply_text": row.reply_text,
                    "verdict": row.verdict,
                    "level": row.level,
                    "outcome": row.outcome_zh,
                },
            )
        )
    for step in session.scalars(
        select(SupervisionStep).where(SupervisionStep.reception_id == rec.id).order_by(SupervisionStep.at)
    ):
        out.append(
            TimelineEvent(
                "supervision_level",
                step.at,
                step.round_no,
                step.decided_by,
                {"level": step.level, "prior_level": step.prior_level, "reason": step.reason},
            )
        )
    return out
