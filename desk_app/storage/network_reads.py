"""Reads of issue 13's records a case shows (storage/suggestions.py writes them): the suggestions
made from a case, and the case timeline's entries for its meeting, suggestions and ladder levels.
Kept apart from suggestions.py so that queries.py (below DeskStore) can read them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import literal_column, select
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from desk_app.domain import suggestions, tally
from desk_app.domain.lifecycle import DEFAULT_LEVEL, SUPERVISION_LEVEL_ZH, SupervisionLevel
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


def meeting_facts(
    conn: Connection, start: date, end: date, station_ids: Sequence[str] | None
) -> list[tally.MeetingFact]:
    """The tally's facts of the referral meetings held in [start, end] (domain.tally.MeetingFact)."""
    # The tables' columns (Core), here and in the two functions below: a tally command never sets
    # up the ORM (storage/tally_queries.py).
    meeting, item, referral = Meeting.__table__, MeetingItem.__table__, Referral.__table__
    stmt = (
        select(meeting.c.id, meeting.c.held_on, item.c.reception_id, referral.c.replied_on)
        .outerjoin(item, item.c.meeting_id == meeting.c.id)
        .outerjoin(referral, referral.c.id == item.c.referral_id)
        .where(meeting.c.held_on >= start, meeting.c.held_on <= end)
    )
    if station_ids is not None:
        stmt = stmt.where(meeting.c.station_id.in_(list(station_ids)))
    return [tally.MeetingFact(*row) for row in conn.execute(stmt)]


def round_levels_zh(
    session: Session,
    start: date | None,
    end: date,
    station_ids: Sequence[str] | None,
    *,
    as_of: date | None = None,
) -> dict[tuple[str, int], str]:
    """(case id, round) -> the words of the level supervising each second or later round whose
    slip was handed over in [start, end] (the lists' 督办轮次; no `start`: every such round up to
    `end`, as a round closed in the period may have been handed over before it); the latest step
    wins, a round without one is at lifecycle.DEFAULT_LEVEL. `as_of`: the level in force on that
    day (steps taken on it count, later ones not: a tally's snapshot day); None: the latest."""
    referral, step = Referral.__table__.c, SupervisionStep.__table__.c
    stmt = select(referral.reception_id, referral.round_no).where(
        referral.round_no >= 2, referral.referred_on <= end
    )
    if start is not None:
        stmt = stmt.where(referral.referred_on >= start)
    if station_ids is not None:
        stmt = stmt.where(referral.station_id.in_(list(station_ids)))
    rounds = {(rid, n): SUPERVISION_LEVEL_ZH[DEFAULT_LEVEL] for rid, n in session.execute(stmt)}
    if not rounds:
        return {}
    stmt_steps = (
        select(step.reception_id, step.round_no, step.level)
        .where(step.reception_id.in_(list({rid for rid, _n in rounds})))
        .order_by(step.at, step.created_at)
    )
    if as_of is not None:
        stmt_steps = stmt_steps.where(step.at < datetime.combine(as_of + timedelta(days=1), time()))
    steps = session.execute(stmt_steps)
    for rid, n, level in steps:
        if rid is not None and (rid, n) in rounds:
            rounds[(rid, n)] = SUPERVISION_LEVEL_ZH[SupervisionLevel(level)]
    return rounds


def network_steps(
    conn: Connection, start: date, end: date, station_ids: Sequence[str] | None
) -> list[tuple[str, date]]:
    """The tally's suggestion and ladder facts in [start, end]: ("sent", the day a suggestion's
    current round was sent), ("satisfied", the deputy's verdict day), ("escalated", the day of a
    step above an earlier level). A suggestion sent again counts once, on its latest sending day
    (its row keeps the current round's day only)."""
    out: list[tuple[str, date]] = []
    scope = (
        (lambda col: col.in_(list(station_ids)))
        if station_ids is not None
        else (lambda col: col.is_not(None))
    )
    suggestion, step = Suggestion.__table__.c, SupervisionStep.__table__.c
    for sent_on, verdict, verdict_on in conn.execute(
        select(suggestion.sent_on, suggestion.verdict, suggestion.verdict_on).where(
            scope(suggestion.station_id)
        )
    ):
        if sent_on is not None and start <= sent_on <= end:
            out.append(("sent", sent_on))
        if verdict_on is not None and verdict != "dissatisfied" and verdict and start <= verdict_on <= end:
            out.append(("satisfied", verdict_on))
    lo, hi = datetime.combine(start, time.min), datetime.combine(end, time.max)
    for (at,) in conn.execute(
        select(step.at).where(
            scope(step.station_id),
            step.prior_level != "",
            step.at >= lo,
            step.at <= hi,
        )
    ):
        out.append(("escalated", at.date()))
    return out
