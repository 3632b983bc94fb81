"""Reads of issue 13's records a case shows (storage/suggestions.py writes them): the suggestions
made from a case, and the case timeline's entries for its meeting, suggestions and ladder levels.
Kept apart from suggestions.py so that queries.py (below DeskStore) can read them. They select the
Core tables (storage/tables.py), on a session or a Core connection: the case view's read
(storage/case_reads.py) imports neither the ORM nor the mapped classes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

from sqlalchemy import literal_column, select

from desk_app.domain import suggestions
from desk_app.domain.lifecycle import SUPERVISION_LEVEL_ZH, SupervisionLevel
from desk_app.domain.suggestions import SuggestionState
from desk_app.storage import tables

if TYPE_CHECKING:
    from collections.abc import Sequence

    from desk_app.storage.db import Reader
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


def suggestion_rows(session: Reader, items: Sequence[Any]) -> list[SuggestionRow]:
    """The rows of `items`: Suggestion objects, or rows of the suggestion table (the same names)."""
    if not items:
        return []  # most cases: no suggestion made from them
    ids = [x.id for x in items]
    cases: dict[str, list[str]] = {i: [] for i in ids}
    linked = tables.suggestion_case
    if ids:
        for sid, rid in session.execute(
            select(linked.c.suggestion_id, linked.c.reception_id)
            .where(linked.c.suggestion_id.in_(ids))
            # The cases in the order the suggestion named them: one draft's rows share their
            # created_at, so the insertion order (rowid; synced rows arrive in log order) decides.
            .order_by(linked.c.created_at, literal_column("suggestion_case.rowid"))
        ):
            cases[sid].append(rid)
    deputy, unit = tables.deputy, tables.handling_unit
    deputies = {
        d.id: d.name
        for d in session.execute(select(deputy).where(deputy.c.id.in_({x.deputy_id for x in items})))
    }
    units = {
        u.id: u.name
        for u in session.execute(select(unit).where(unit.c.id.in_({x.unit_id for x in items if x.unit_id})))
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


def case_suggestions(session: Reader, reception_id: str) -> list[SuggestionRow]:
    suggestion, linked = tables.suggestion, tables.suggestion_case
    ids = select(linked.c.suggestion_id).where(linked.c.reception_id == reception_id)
    items = session.execute(
        select(suggestion).where(suggestion.c.id.in_(ids)).order_by(suggestion.c.created_at)
    ).all()
    return suggestion_rows(session, items)


def network_events(session: Reader, reception_id: str, round_no: int) -> list[TimelineEvent]:
    """A case's timeline entries of issue 13: the meeting that referred it, the suggestions made
    from it (and their outcome), and the ladder levels given to its rounds (`round_no`: the case's
    current round)."""
    # records (17 dataclasses) only for a case's timeline: a tally's reads do without it.
    from desk_app.storage.records import TimelineEvent

    meeting, item, referral = tables.meeting, tables.meeting_item, tables.referral
    out: list[TimelineEvent] = []
    for row in session.execute(
        select(
            meeting.c.held_on,
            meeting.c.title,
            meeting.c.place,
            meeting.c.presiding,
            referral.c.round_no,
            referral.c.serial,
        )
        .join(item, item.c.meeting_id == meeting.c.id)
        .join(referral, referral.c.id == item.c.referral_id)
        .where(item.c.reception_id == reception_id)
    ):
        out.append(
            TimelineEvent(
                "meeting_referred",
                datetime.combine(row.held_on, time.min),
                row.round_no,
                "",
                {
                    "title": row.title,
                    "place": row.place,
                    "presiding": row.presiding,
                    "serial": row.serial,
                },
            )
        )
    for sug in case_suggestions(session, reception_id):
        last = sug.verdict_on or sug.replied_on or sug.sent_on
        when = datetime.combine(last, time.min) if last is not None else sug.made_at
        out.append(
            TimelineEvent(
                "suggestion",
                when,
                round_no,
                sug.deputy_name,
                {
                    "serial": sug.serial,
                    "title": sug.title,
                    "state": sug.state,
                    "unit": sug.unit_name,
                    "reply_due": sug.reply_due,
                    "reply_text": sug.reply_text,
                    "verdict": sug.verdict,
                    "level": sug.level,
                    "outcome": sug.outcome_zh,
                },
            )
        )
    step = tables.supervision_step
    for s in session.execute(select(step).where(step.c.reception_id == reception_id).order_by(step.c.at)):
        out.append(
            TimelineEvent(
                "supervision_level",
                s.at,
                s.round_no,
                s.decided_by,
                {"level": s.level, "prior_level": s.prior_level, "reason": s.reason},
            )
        )
    return out
