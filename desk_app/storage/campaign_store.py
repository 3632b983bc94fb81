"""Campaigns of a mobile station at the desk (issue 14): setting one up (topic, period, deputies,
places, result measures), recording its work (activities, counts; its suggestions are deputies'
suggestions tagged with it, storage/suggestions.py), tagging the
problems it finds (cases registered here, or imported from its Excel problem list, all or
nothing), and the board and problem list its report prints. The rules are domain/campaigns.py.

Every write goes through the change log like any other (the rows sync: docs/sync.md,
"Campaigns"). A campaign's problems are ordinary receptions, referred and followed like any case;
`campaign_case` only tags them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from desk_app.domain import campaigns as rules
from desk_app.domain.campaigns import (
    ActivityDraft,
    ActivityFact,
    Board,
    CampaignDraft,
    CampaignFieldError,
    MeasureDraft,
    MeasureFigure,
    PlaceDraft,
    ProblemEntry,
)
from desk_app.domain.casebook import waiting_due
from desk_app.domain.ledger import PROBLEM_ZH
from desk_app.domain.lifecycle import initial_status
from desk_app.domain.permissions import Action
from desk_app.domain.suggestions import SuggestionDraft as DeputySuggestionDraft
from desk_app.domain.validation import (
    FieldError,
    FieldProblem,
    ReceptionDraft,
    normalize_phone,
    validate_reception,
)
from desk_app.domain.vocab import Outcome
from desk_app.storage import cases, class_rows, studio_store
from desk_app.storage.authority import authorize
from desk_app.storage.calendar_store import work_calendar
from desk_app.storage.casefacts import facts_of, waiting_rules
from desk_app.storage.errors import DeskError, NotFound
from desk_app.storage.models import (
    Campaign,
    CampaignActivity,
    CampaignActivityDeputy,
    CampaignCase,
    CampaignCount,
    CampaignDeputy,
    CampaignMeasure,
    CampaignPlace,
    CampaignSuggestion,
    Category,
    Deputy,
    HandlingUnit,
    Reception,
    ReceptionDeputy,
    Suggestion,
    new_id,
)
from desk_app.storage.stations import home_station
from desk_app.storage.store import DeskStore
from desk_app.storage.suggestions import write_draft


class CampaignRefused(DeskError):
    """A campaign's record that does not fit its rules (each field's problem, in Chinese too)."""

    def __init__(self, errors: Sequence[CampaignFieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.problem.value}" for e in errors))
        self.errors = list(errors)

    @property
    def message_zh(self) -> str:
        return "；".join(f"{e.field}：{e.message_zh}" for e in self.errors)


class CampaignItemInUse(DeskError):
    """A place or a result measure the campaign's records already use: it cannot be removed
    (the save changes nothing). `what` is "place" or "measure"."""

    def __init__(
        self, what: str, name: str, *, activities: int = 0, problems: int = 0, counts: int = 0
    ) -> None:
        super().__init__(
            f"{what} {name!r} in use: {activities} activities, {problems} problems, {counts} counts"
        )
        self.what, self.name = what, name
        self.in_use_of = what  # how ui.messages knows it without importing the store
        self.activities, self.problems, self.counts = activities, problems, counts

    @property
    def message_zh(self) -> str:
        if self.what == "measure":
            return f"成效指标“{self.name}”已记录 {self.counts} 次数量，不能删除；未作任何修改。"
        uses = []
        if self.activities:
            uses.append(f"{self.activities} 次活动")
        if self.problems:
            uses.append(f"{self.problems} 个问题")
        return f"地点“{self.name}”已记录 {'、'.join(uses)}，不能删除；未作任何修改。"


@dataclass(frozen=True, slots=True)
class ProblemRowError:
    row: int
    column: str  # the heading as the file has it
    message: str


class ProblemListRefused(DeskError):
    """A problem list with bad rows: nothing was imported (every problem listed)."""

    def __init__(self, errors: Sequence[ProblemRowError]) -> None:
        super().__init__(f"{len(errors)} problems in the problem list")
        self.errors = list(errors)

    @property
    def message_zh(self) -> str:
        lines = [f"问题清单有 {len(self.errors)} 处错误，未导入任何一行："]
        lines += [f"第 {e.row} 行“{e.column}”：{e.message}" for e in self.errors]
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class CampaignInfo:
    id: str
    topic: str
    starts_on: date
    ends_on: date | None
    note: str
    deputy_ids: tuple[str, ...]
    deputy_names: tuple[str, ...]

    def active_on(self, day: date) -> bool:
        return rules.in_period(day, self.starts_on, self.ends_on)

    @property
    def period_zh(self) -> str:
        if self.ends_on is None:
            return f"{self.starts_on.isoformat()} 起"
        return f"{self.starts_on.isoformat()} 至 {self.ends_on.isoformat()}"


@dataclass(frozen=True, slots=True)
class PlaceInfo:
    id: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class ActivityInfo:
    id: str
    kind: str
    day: date
    place: str
    subject: str
    attendees: str
    headcount: int
    people_met: int
    deputy_names: tuple[str, ...]
    note: str
    place_id: str | None = None  # one of the campaign's places, or None (then `place` is as typed)
    deputy_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeasureInfo:
    id: str
    name: str
    unit: str
    total: int


@dataclass(frozen=True, slots=True)
class SuggestionInfo:
    """A campaign's suggestion: the deputy's suggestion it is (`suggestion_id`, its number,
    state, bureau and deputy), or a record made before the link (`suggestion_id` None)."""

    id: str  # the campaign_suggestion row
    day: date
    title: str
    content: str
    suggestion_id: str | None = None
    serial: str = ""
    state: str = ""  # a suggestions.SuggestionState value; "" for a record before the link
    unit: str = ""
    deputy: str = ""

    @property
    def linked(self) -> bool:
        return self.suggestion_id is not None


@dataclass(frozen=True, slots=True)
class ProblemRow:
    """One line of the campaign's problem list (问题清单)."""

    case_id: str
    received_at: datetime
    place: str
    content: str
    category: str
    status: str
    serial: str
    unit: str
    reply_due: date | None


@dataclass(frozen=True, slots=True)
class CampaignReport:
    """Everything the campaign's report prints, read in one transaction."""

    campaign: CampaignInfo
    station_name: str
    board: Board
    places: list[PlaceInfo]
    activities: list[ActivityInfo]
    suggestions: list[SuggestionInfo]
    problems: list[ProblemRow]


@dataclass(frozen=True, slots=True)
class ProblemsImported:
    added: int
    already: int  # rows imported before (same campaign, day, place and matter)


# A reception draft's field -> the problem list's column (for the desk's own checks of a row).
_DRAFT_COLUMN = {
    "received_at": rules.PROBLEM_COLUMN_ZH["found_at"],
    "content": rules.PROBLEM_COLUMN_ZH["content"],
    "citizen_phone": rules.PROBLEM_COLUMN_ZH["citizen_phone"],
    "citizen_name": rules.PROBLEM_COLUMN_ZH["citizen_name"],
    "citizen_address": rules.PROBLEM_COLUMN_ZH["place"],
    "on_site_answer": rules.PROBLEM_COLUMN_ZH["on_site_answer"],
    "note": rules.PROBLEM_COLUMN_ZH["note"],
}


def _register_many(
    s: Session, station_id: str, campaign_id: str, plans: Sequence[tuple[str, ReceptionDraft]]
) -> None:
    """Register checked drafts as new cases tagged with the campaign, in bulk: the rows are those
    cases.register_reception makes (a new case has no records yet, so its waiting deadline comes
    from the station's rules and calendar read once), written in one flush."""
    calendar = work_calendar(s)
    waiting_rules_ = waiting_rules(s, station_id)
    links: list[CampaignCase | ReceptionDeputy] = []
    for key, draft in plans:
        outcome = Outcome(draft.outcome)
        rec = Reception(
            id=new_id(),
            station_id=station_id,
            received_at=draft.received_at.replace(microsecond=0),
            channel=str(draft.channel),
            citizen_name=draft.citizen_name.strip(),
            citizen_phone=normalize_phone(draft.citizen_phone),
            citizen_address=draft.citizen_address.strip(),
            category_id=draft.category_id or None,
            content=draft.content.strip(),
            outcome=outcome.value,
            on_site_answer=draft.on_site_answer.strip(),
            headcount=draft.headcount,
            note=draft.note.strip(),
            status=initial_status(outcome).value,
            round_no=0,
            source_key=key,
        )
        due = waiting_due(facts_of(rec, (), (), ()), waiting_rules_, calendar)
        rec.waiting_due, rec.waiting_estimated = due.due, due.estimated
        s.add(rec)
        links.append(CampaignCase(station_id=station_id, campaign_id=campaign_id, case_id=rec.id))
        links += [ReceptionDeputy(reception_id=rec.id, deputy_id=d) for d in dict.fromkeys(draft.deputy_ids)]
    s.flush()  # the cases first: the links name them (the models have no relationships to order by)
    s.add_all(links)
    s.flush()


def _renamed(errors: list[CampaignFieldError], name_field: str) -> list[CampaignFieldError]:
    """A place's or measure's errors as the setup form names them (its `name` is place_name or
    measure_name there)."""
    return [CampaignFieldError(name_field if e.field == "name" else e.field, e.problem) for e in errors]


def _refuse(errors: list[CampaignFieldError]) -> None:
    if errors:
        raise CampaignRefused(errors)


class CampaignStore:
    """A desk's campaigns: reads and writes, on its store."""

    def __init__(self, store: DeskStore) -> None:
        self.store = store
        self.db = store.db

    # -- reading -----------------------------------------------------------------------------

    @staticmethod
    def _info(s: Session, c: Campaign) -> CampaignInfo:
        rows = s.execute(
            select(Deputy.id, Deputy.name)
            .join(CampaignDeputy, CampaignDeputy.deputy_id == Deputy.id)
            .where(CampaignDeputy.campaign_id == c.id)
            .order_by(CampaignDeputy.created_at, Deputy.name)
        ).all()
        return CampaignInfo(
            c.id,
            c.topic,
            c.starts_on,
            c.ends_on,
            c.note,
            tuple(r[0] for r in rows),
            tuple(r[1] for r in rows),
        )

    @staticmethod
    def _campaign(s: Session, campaign_id: str) -> Campaign:
        c = s.get(Campaign, campaign_id)
        if c is None:
            raise NotFound("campaign", campaign_id)
        return c

    def campaigns(self) -> list[CampaignInfo]:
        """Every campaign of the desk, newest first."""
        with self.db.reading() as s:
            rows = s.scalars(select(Campaign).order_by(Campaign.starts_on.desc(), Campaign.id)).all()
            return [self._info(s, c) for c in rows]

    def active(self, day: date | None = None) -> list[CampaignInfo]:
        """The campaigns running on `day` (today): the reception form offers these."""
        day = day or self.store.today()
        return [c for c in self.campaigns() if c.active_on(day)]

    def campaign(self, campaign_id: str) -> CampaignInfo:
        with self.db.reading() as s:
            return self._info(s, self._campaign(s, campaign_id))

    def places(self, campaign_id: str) -> list[PlaceInfo]:
        with self.db.reading() as s:
            return self._places(s, campaign_id)

    @staticmethod
    def _places(s: Session, campaign_id: str) -> list[PlaceInfo]:
        rows = s.scalars(
            select(CampaignPlace)
            .where(CampaignPlace.campaign_id == campaign_id)
            .order_by(CampaignPlace.created_at, CampaignPlace.id)
        ).all()
        return [PlaceInfo(p.id, p.name, p.kind) for p in rows]

    def activities(self, campaign_id: str) -> list[ActivityInfo]:
        with self.db.reading() as s:
            return self._activities(s, campaign_id)

    @staticmethod
    def _activities(s: Session, campaign_id: str) -> list[ActivityInfo]:
        names: dict[str, list[tuple[str, str]]] = {}
        for activity_id, deputy_id, name in s.execute(
            select(CampaignActivityDeputy.activity_id, Deputy.id, Deputy.name)
            .join(Deputy, Deputy.id == CampaignActivityDeputy.deputy_id)
            .join(CampaignActivity, CampaignActivity.id == CampaignActivityDeputy.activity_id)
            .where(CampaignActivity.campaign_id == campaign_id)
            .order_by(CampaignActivityDeputy.created_at)
        ):
            names.setdefault(activity_id, []).append((deputy_id, name))
        rows = s.execute(
            select(CampaignActivity, CampaignPlace.name)
            .outerjoin(CampaignPlace, CampaignPlace.id == CampaignActivity.place_id)
            .where(CampaignActivity.campaign_id == campaign_id)
            .order_by(CampaignActivity.day, CampaignActivity.id)
        ).all()
        return [
            ActivityInfo(
                a.id,
                a.kind,
                a.day,
                place or a.place_text,
                a.subject,
                a.attendees,
                a.headcount,
                a.people_met,
                tuple(n for _, n in names.get(a.id, ())),
                a.note,
                a.place_id,
                tuple(d for d, _ in names.get(a.id, ())),
            )
            for a, place in rows
        ]

    def measures(self, campaign_id: str) -> list[MeasureInfo]:
        with self.db.reading() as s:
            return self._measures(s, campaign_id)

    @staticmethod
    def _measures(s: Session, campaign_id: str) -> list[MeasureInfo]:
        totals = dict(
            s.execute(
                select(CampaignCount.measure_id, func.sum(CampaignCount.amount))
                .join(CampaignMeasure, CampaignMeasure.id == CampaignCount.measure_id)
                .where(CampaignMeasure.campaign_id == campaign_id)
                .group_by(CampaignCount.measure_id)
            ).all()
        )
        rows = s.scalars(
            select(CampaignMeasure)
            .where(CampaignMeasure.campaign_id == campaign_id)
            .order_by(CampaignMeasure.sort_order, CampaignMeasure.created_at)
        ).all()
        return [MeasureInfo(m.id, m.name, m.unit, int(totals.get(m.id) or 0)) for m in rows]

    def suggestions(self, campaign_id: str) -> list[SuggestionInfo]:
        with self.db.reading() as s:
            return self._suggestions(s, campaign_id)

    @staticmethod
    def _suggestions(s: Session, campaign_id: str) -> list[SuggestionInfo]:
        rows = s.execute(
            select(CampaignSuggestion, Suggestion, HandlingUnit.name, Deputy.name)
            .outerjoin(Suggestion, Suggestion.id == CampaignSuggestion.suggestion_id)
            .outerjoin(HandlingUnit, HandlingUnit.id == Suggestion.unit_id)
            .outerjoin(Deputy, Deputy.id == Suggestion.deputy_id)
            .where(CampaignSuggestion.campaign_id == campaign_id)
            .order_by(CampaignSuggestion.day, CampaignSuggestion.id)
        ).all()
        out = []
        for r, sug, unit, deputy in rows:
            if sug is None:
                out.append(SuggestionInfo(r.id, r.day, r.title, r.content))
            else:
                out.append(
                    SuggestionInfo(
                        r.id,
                        r.day,
                        sug.title,
                        sug.body,
                        sug.id,
                        sug.serial,
                        sug.state,
                        unit or "",
                        deputy or "",
                    )
                )
        return out

    def campaign_of_case(self, case_id: str) -> CampaignInfo | None:
        with self.db.reading() as s:
            tag = s.scalars(select(CampaignCase).where(CampaignCase.case_id == case_id)).first()
            return self._info(s, self._campaign(s, tag.campaign_id)) if tag is not None else None

    def board(self, campaign_id: str) -> Board:
        with self.db.reading() as s:
            self._campaign(s, campaign_id)
            return self._board(s, campaign_id)

    def _board(self, s: Session, campaign_id: str) -> Board:
        kinds = s.scalars(select(CampaignPlace.kind).where(CampaignPlace.campaign_id == campaign_id)).all()
        acts = [
            ActivityFact(kind, headcount, people)
            for kind, headcount, people in s.execute(
                select(CampaignActivity.kind, CampaignActivity.headcount, CampaignActivity.people_met).where(
                    CampaignActivity.campaign_id == campaign_id
                )
            )
        ]
        statuses = s.execute(
            select(Reception.status, Reception.round_no)
            .join(CampaignCase, CampaignCase.case_id == Reception.id)
            .where(CampaignCase.campaign_id == campaign_id)
        ).all()
        # The deputies' suggestions tagged with the campaign, and its records from before the link.
        suggestions = s.scalar(
            select(func.count())
            .select_from(CampaignSuggestion)
            .outerjoin(Suggestion, Suggestion.id == CampaignSuggestion.suggestion_id)
            .where(
                CampaignSuggestion.campaign_id == campaign_id,
                (CampaignSuggestion.suggestion_id.is_(None)) | (Suggestion.id.is_not(None)),
            )
        )
        measures = [MeasureFigure(m.name, m.unit, m.total) for m in self._measures(s, campaign_id)]
        return rules.board(
            place_kinds=kinds,
            activities=acts,
            problems=[(st, rn) for st, rn in statuses],
            suggestions=int(suggestions or 0),
            measures=measures,
        )

    def problems(self, campaign_id: str) -> list[ProblemRow]:
        """The campaign's problem list, oldest first (voided and merged registrations left out)."""
        with self.db.reading() as s:
            return self._problems(s, campaign_id)

    @staticmethod
    def _problems(s: Session, campaign_id: str) -> list[ProblemRow]:
        rows = s.execute(
            select(
                Reception.id,
                Reception.received_at,
                Reception.citizen_address,
                Reception.content,
                Category.name,
                Reception.status,
                Reception.serial,
                HandlingUnit.name,
                Reception.reply_due,
            )
            .join(CampaignCase, CampaignCase.case_id == Reception.id)
            .outerjoin(Category, Category.id == Reception.category_id)
            .outerjoin(HandlingUnit, HandlingUnit.id == Reception.unit_id)
            .where(CampaignCase.campaign_id == campaign_id, Reception.status.not_in(("voided", "merged")))
            .order_by(Reception.received_at, Reception.id)
        ).all()
        return [
            ProblemRow(r[0], r[1], r[2], r[3], r[4] or "", r[5], r[6] or "", r[7] or "", r[8]) for r in rows
        ]

    def report(self, campaign_id: str) -> CampaignReport:
        """The board, places, activities, suggestions and problem list in one read."""
        with self.db.reading() as s:
            c = self._campaign(s, campaign_id)
            station = home_station(s)
            return CampaignReport(
                self._info(s, c),
                station.name if station is not None else "",
                self._board(s, campaign_id),
                self._places(s, campaign_id),
                self._activities(s, campaign_id),
                self._suggestions(s, campaign_id),
                self._problems(s, campaign_id),
            )

    # -- setting a campaign up (the office's) -------------------------------------------------

    @staticmethod
    def _station_id(s: Session) -> str:
        station = home_station(s)
        if station is None:
            raise NotFound("station", "-")
        return station.id

    def save_campaign(
        self,
        draft: CampaignDraft,
        *,
        by: str,
        campaign_id: str | None = None,
        places: Sequence[PlaceDraft] = (),
        measures: Sequence[MeasureDraft] = (),
        changed_places: Mapping[str, PlaceDraft] | None = None,
        changed_measures: Mapping[str, MeasureDraft] | None = None,
        removed_places: Sequence[str] = (),
        removed_measures: Sequence[str] = (),
    ) -> str:
        """Make a campaign (or change one: topic, period, note, deputies), with its places and
        measures in the same transaction: `removed_*` (by id) go first, then `changed_*` (by id:
        a new name or kind, a new name or unit), then the new `places` and `measures` are added.
        All of it or nothing: a place or measure the campaign's records use is not removed
        (CampaignItemInUse), a duplicate name is refused (CampaignRefused). Its id."""
        _refuse(rules.validate_campaign(draft))
        if campaign_id is None and (changed_places or changed_measures or removed_places or removed_measures):
            raise NotFound("campaign", "-")
        with self.store._acting(by, Action.DIRECTORIES) as s:
            station_id = self._station_id(s)
            if campaign_id is None:
                c = Campaign(station_id=station_id, topic="", starts_on=draft.starts_on)
                s.add(c)
            else:
                c = self._campaign(s, campaign_id)
            c.topic = draft.topic.strip()
            c.starts_on = draft.starts_on
            c.ends_on = draft.ends_on
            c.note = draft.note.strip()
            s.flush()
            kept = {
                link.deputy_id: link
                for link in s.scalars(select(CampaignDeputy).where(CampaignDeputy.campaign_id == c.id))
            }
            wanted = list(dict.fromkeys(draft.deputy_ids))
            for deputy_id in wanted:
                if s.get(Deputy, deputy_id) is None:
                    raise NotFound("deputy", deputy_id)
                if deputy_id not in kept:
                    s.add(CampaignDeputy(station_id=station_id, campaign_id=c.id, deputy_id=deputy_id))
            for deputy_id, link in kept.items():
                if deputy_id not in wanted:
                    s.delete(link)
            s.flush()
            for place_id in dict.fromkeys(removed_places):
                self._remove_place(s, c.id, place_id)
            for measure_id in dict.fromkeys(removed_measures):
                self._remove_measure(s, c.id, measure_id)
            for place_id, place_draft in (changed_places or {}).items():
                self._change_place(s, c.id, place_id, place_draft)
            for measure_id, measure_draft in (changed_measures or {}).items():
                self._change_measure(s, c.id, measure_id, measure_draft)
            for place in places:
                self._add_place(s, c.id, place)
            for measure in measures:
                self._add_measure(s, c.id, measure)
            return c.id

    @staticmethod
    def _own_place(s: Session, campaign_id: str, place_id: str) -> CampaignPlace:
        place = s.get(CampaignPlace, place_id)
        if place is None or place.campaign_id != campaign_id:
            raise NotFound("campaign_place", place_id)
        return place

    @staticmethod
    def _own_measure(s: Session, campaign_id: str, measure_id: str) -> CampaignMeasure:
        measure = s.get(CampaignMeasure, measure_id)
        if measure is None or measure.campaign_id != campaign_id:
            raise NotFound("campaign_measure", measure_id)
        return measure

    def _remove_place(self, s: Session, campaign_id: str, place_id: str) -> None:
        """Delete a place nothing uses: no activity recorded there, no problem found there (a
        tagged case whose address is the place's name)."""
        place = self._own_place(s, campaign_id, place_id)
        activities = s.scalar(select(func.count()).where(CampaignActivity.place_id == place_id)) or 0
        problems = (
            s.scalar(
                select(func.count())
                .select_from(CampaignCase)
                .join(Reception, Reception.id == CampaignCase.case_id)
                .where(CampaignCase.campaign_id == campaign_id, Reception.citizen_address == place.name)
            )
            or 0
        )
        if activities or problems:
            raise CampaignItemInUse("place", place.name, activities=activities, problems=problems)
        s.delete(place)
        s.flush()

    def _remove_measure(self, s: Session, campaign_id: str, measure_id: str) -> None:
        """Delete a measure no count was recorded for."""
        measure = self._own_measure(s, campaign_id, measure_id)
        counts = s.scalar(select(func.count()).where(CampaignCount.measure_id == measure_id)) or 0
        if counts:
            raise CampaignItemInUse("measure", measure.name, counts=counts)
        s.delete(measure)
        s.flush()

    def _change_place(self, s: Session, campaign_id: str, place_id: str, draft: PlaceDraft) -> None:
        place = self._own_place(s, campaign_id, place_id)
        others = s.scalars(
            select(CampaignPlace.name).where(
                CampaignPlace.campaign_id == campaign_id, CampaignPlace.id != place_id
            )
        )
        _refuse(_renamed(rules.validate_place(draft, others), "place_name"))
        place.name, place.kind = draft.name.strip(), str(draft.kind)
        s.flush()

    def _change_measure(self, s: Session, campaign_id: str, measure_id: str, draft: MeasureDraft) -> None:
        measure = self._own_measure(s, campaign_id, measure_id)
        others = s.scalars(
            select(CampaignMeasure.name).where(
                CampaignMeasure.campaign_id == campaign_id, CampaignMeasure.id != measure_id
            )
        )
        _refuse(_renamed(rules.validate_measure(draft, others), "measure_name"))
        measure.name, measure.unit = draft.name.strip(), draft.unit.strip()
        s.flush()

    def add_place(self, campaign_id: str, draft: PlaceDraft, *, by: str) -> str:
        with self.store._acting(by, Action.DIRECTORIES) as s:
            self._campaign(s, campaign_id)
            return self._add_place(s, campaign_id, draft)

    def add_measure(self, campaign_id: str, draft: MeasureDraft, *, by: str) -> str:
        with self.store._acting(by, Action.DIRECTORIES) as s:
            self._campaign(s, campaign_id)
            return self._add_measure(s, campaign_id, draft)

    def _add_place(self, s: Session, campaign_id: str, draft: PlaceDraft) -> str:
        names = s.scalars(select(CampaignPlace.name).where(CampaignPlace.campaign_id == campaign_id))
        _refuse(rules.validate_place(draft, names))
        p = CampaignPlace(
            station_id=self._station_id(s),
            campaign_id=campaign_id,
            name=draft.name.strip(),
            kind=str(draft.kind),
        )
        s.add(p)
        s.flush()
        return p.id

    def _add_measure(self, s: Session, campaign_id: str, draft: MeasureDraft) -> str:
        names = list(
            s.scalars(select(CampaignMeasure.name).where(CampaignMeasure.campaign_id == campaign_id))
        )
        _refuse(rules.validate_measure(draft, names))
        m = CampaignMeasure(
            station_id=self._station_id(s),
            campaign_id=campaign_id,
            name=draft.name.strip(),
            unit=draft.unit.strip(),
            sort_order=len(names),
        )
        s.add(m)
        s.flush()
        return m.id

    # -- recording its work ------------------------------------------------------------------

    def record_activity(self, campaign_id: str, draft: ActivityDraft, *, by: str) -> str:
        with self.store._acting(by, Action.REGISTER) as s:
            c = self._campaign(s, campaign_id)
            _refuse(rules.validate_activity(draft, c.starts_on, c.ends_on))
            if draft.place_id is not None:
                self._own_place(s, campaign_id, draft.place_id)
            station_id = self._station_id(s)
            a = CampaignActivity(
                station_id=station_id,
                campaign_id=campaign_id,
                kind=str(draft.kind),
                day=draft.day,
                place_id=draft.place_id,
                place_text=draft.place_text.strip(),
                subject=draft.subject.strip(),
                attendees=draft.attendees.strip(),
                headcount=draft.headcount,
                people_met=draft.people_met,
                note=draft.note.strip(),
            )
            s.add(a)
            s.flush()
            for deputy_id in dict.fromkeys(draft.deputy_ids):
                if s.get(Deputy, deputy_id) is None:
                    raise NotFound("deputy", deputy_id)
                s.add(CampaignActivityDeputy(station_id=station_id, activity_id=a.id, deputy_id=deputy_id))
            s.flush()
            return a.id

    def change_activity(self, activity_id: str, draft: ActivityDraft, *, by: str) -> None:
        """Correct an activity recorded wrongly (every field, its deputies too), one transaction."""
        with self.store._acting(by, Action.REGISTER) as s:
            a = s.get(CampaignActivity, activity_id)
            if a is None:
                raise NotFound("campaign_activity", activity_id)
            c = self._campaign(s, a.campaign_id)
            _refuse(rules.validate_activity(draft, c.starts_on, c.ends_on))
            if draft.place_id is not None:
                self._own_place(s, c.id, draft.place_id)
            a.kind = str(draft.kind)
            a.day = draft.day
            a.place_id = draft.place_id
            a.place_text = draft.place_text.strip()
            a.subject = draft.subject.strip()
            a.attendees = draft.attendees.strip()
            a.headcount = draft.headcount
            a.people_met = draft.people_met
            a.note = draft.note.strip()
            kept = {
                link.deputy_id: link
                for link in s.scalars(
                    select(CampaignActivityDeputy).where(CampaignActivityDeputy.activity_id == activity_id)
                )
            }
            wanted = list(dict.fromkeys(draft.deputy_ids))
            for deputy_id in wanted:
                if s.get(Deputy, deputy_id) is None:
                    raise NotFound("deputy", deputy_id)
                if deputy_id not in kept:
                    s.add(
                        CampaignActivityDeputy(station_id=a.station_id, activity_id=a.id, deputy_id=deputy_id)
                    )
            for deputy_id, link in kept.items():
                if deputy_id not in wanted:
                    s.delete(link)
            s.flush()

    def delete_activity(self, activity_id: str, *, by: str) -> None:
        """Delete an activity recorded by mistake, with its deputies' links (one transaction; the
        links go first, so the log deletes them before the activity they name)."""
        with self.store._acting(by, Action.REGISTER) as s:
            a = s.get(CampaignActivity, activity_id)
            if a is None:
                raise NotFound("campaign_activity", activity_id)
            for link in s.scalars(
                select(CampaignActivityDeputy).where(CampaignActivityDeputy.activity_id == activity_id)
            ):
                s.delete(link)
            s.flush()
            s.delete(a)
            s.flush()

    def record_count(self, measure_id: str, *, day: date, amount: int, by: str, note: str = "") -> str:
        """Add `amount` to a measure on `day` (the measure's figure is the sum of its counts)."""
        _refuse(rules.validate_count(amount))
        with self.store._acting(by, Action.REGISTER) as s:
            if s.get(CampaignMeasure, measure_id) is None:
                raise NotFound("campaign_measure", measure_id)
            n = CampaignCount(
                station_id=self._station_id(s),
                measure_id=measure_id,
                day=day,
                amount=amount,
                note=note.strip(),
            )
            s.add(n)
            s.flush()
            return n.id

    def draft_suggestion(
        self,
        campaign_id: str,
        draft: DeputySuggestionDraft,
        *,
        by: str,
        day: date | None = None,
        record_id: str | None = None,
    ) -> str:
        """Draft a deputy's suggestion from the campaign's problems (`draft.reception_ids`, cases
        tagged with it) and tag it with the campaign, in one transaction: it is numbered, sent,
        answered and rated like any suggestion (storage/suggestions.py). With `record_id`, the
        campaign's record made before the link becomes that suggestion. The suggestion's id."""
        with self.store._acting(by, Action.REGISTER) as s:
            self._campaign(s, campaign_id)
            tagged = set(
                s.scalars(
                    select(CampaignCase.case_id).where(
                        CampaignCase.campaign_id == campaign_id,
                        CampaignCase.case_id.in_(draft.reception_ids),
                    )
                )
            )
            errors = []
            if any(rid not in tagged for rid in draft.reception_ids):
                errors.append(FieldError("reception_ids", FieldProblem.UNKNOWN_CHOICE))
            record = None
            if record_id is not None:
                record = s.get(CampaignSuggestion, record_id)
                if record is None or record.campaign_id != campaign_id or record.suggestion_id is not None:
                    raise NotFound("campaign_suggestion", record_id)
            suggestion_id = write_draft(s, draft, errors)
            if record is None:
                record = CampaignSuggestion(
                    station_id=self._station_id(s),
                    campaign_id=campaign_id,
                    day=day or self.store.today(),
                    content="",
                )
                s.add(record)
            record.title = draft.title.strip()
            record.suggestion_id = suggestion_id
            s.flush()
            return suggestion_id

    # -- its problems: tagged cases ----------------------------------------------------------

    @staticmethod
    def _tag(s: Session, station_id: str, campaign_id: str, case_id: str) -> None:
        tag = s.scalars(select(CampaignCase).where(CampaignCase.case_id == case_id)).first()
        if tag is None:
            s.add(CampaignCase(station_id=station_id, campaign_id=campaign_id, case_id=case_id))
        elif tag.campaign_id != campaign_id:
            tag.campaign_id = campaign_id

    def register_problem(
        self,
        campaign_id: str,
        draft: ReceptionDraft,
        *,
        by: str,
        theme_day_id: str | None = None,
        link_to: str | None = None,
    ) -> str:
        """Register a reception as a problem the campaign found (one transaction; with
        `theme_day_id` also tagged to that theme reception day, office case work; with `link_to`
        linked to that similar case as DeskStore.register_reception does). The case's id."""
        with self.store._acting(by, Action.REGISTER) as s:
            self._campaign(s, campaign_id)
            case_id = cases.register_reception(s, draft, now=self.store.clock())
            self._tag(s, self._station_id(s), campaign_id, case_id)
            if theme_day_id:
                authorize(s, by, Action.CASE_WORK)
                studio_store.tag_reception(s, case_id, theme_day_id)
            s.flush()
            if link_to:
                class_rows.link(s, case_id, link_to, now=self.store.clock())
            return case_id

    def tag_case(self, campaign_id: str, case_id: str, *, by: str) -> None:
        """Tag an existing case with the campaign (a case belongs to one campaign at most)."""
        with self.store._acting(by, Action.REGISTER) as s:
            self._campaign(s, campaign_id)
            if s.get(Reception, case_id) is None:
                raise NotFound("reception", case_id)
            self._tag(s, self._station_id(s), campaign_id, case_id)
            s.flush()

    def untag_case(self, case_id: str, *, by: str) -> None:
        with self.store._acting(by, Action.REGISTER) as s:
            for tag in s.scalars(select(CampaignCase).where(CampaignCase.case_id == case_id)):
                s.delete(tag)
            s.flush()

    def import_problems(
        self, campaign_id: str, entries: Iterable[tuple[int, ProblemEntry]], *, by: str
    ) -> ProblemsImported:
        """Register every row of a problem list as a tagged case, all or nothing: a row the desk
        refuses (a deputy not in the roster, …) stops the import with every such row named.
        Rows imported before (same day, place and matter) are counted, not added again."""
        with self.store._acting(by, Action.IMPORT_LEDGER) as s:
            self._campaign(s, campaign_id)
            station_id = self._station_id(s)
            deputies = {name: id_ for id_, name in s.execute(select(Deputy.id, Deputy.name))}
            categories = {name: id_ for id_, name in s.execute(select(Category.id, Category.name))}
            seen = set(
                s.scalars(select(Reception.source_key).where(Reception.source_key.like("campaign:%"))).all()
            )
            errors: list[ProblemRowError] = []
            plans: list[tuple[str, ReceptionDraft]] = []
            rows: list[tuple[int, ProblemEntry]] = []
            already = 0
            for row_no, e in entries:
                key = rules.problem_source_key(campaign_id, e)
                if key in seen:
                    already += 1
                    continue
                seen.add(key)
                rows.append((row_no, e))
                missing = [n for n in e.deputies if n not in deputies]
                if missing:
                    errors.append(
                        ProblemRowError(
                            row_no,
                            rules.PROBLEM_COLUMN_ZH["deputies"],
                            f"代表名册中没有：{'、'.join(missing)}（请先在名册中添加）",
                        )
                    )
                if e.category and e.category not in categories:
                    errors.append(
                        ProblemRowError(
                            row_no,
                            rules.PROBLEM_COLUMN_ZH["category"],
                            f"没有“{e.category}”这个问题类别（请先在目录中添加）",
                        )
                    )
                plans.append(
                    (
                        key,
                        ReceptionDraft(
                            received_at=e.found_at,
                            channel=e.channel,
                            content=e.content,
                            outcome=e.outcome,
                            citizen_name=e.citizen_name,
                            citizen_phone=e.citizen_phone,
                            citizen_address=e.place,
                            category_id=categories.get(e.category) if e.category else None,
                            on_site_answer=e.on_site_answer,
                            deputy_ids=tuple(deputies[n] for n in e.deputies if n in deputies),
                            note=e.note,
                        ),
                    )
                )
            now = self.store.clock()
            for (_key, draft), (row_no, _e) in zip(plans, rows, strict=True):
                errors += [
                    ProblemRowError(row_no, _DRAFT_COLUMN.get(f.field, f.field), PROBLEM_ZH[f.problem])
                    for f in validate_reception(draft, now)
                ]
            if errors:
                raise ProblemListRefused(sorted(errors, key=lambda e: e.row))
            _register_many(s, station_id, campaign_id, plans)
            return ProblemsImported(len(plans), already)
