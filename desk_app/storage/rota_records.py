"""Plain records of the roster, duty pattern, rota and deputy visits (issue 3)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True, slots=True)
class DeputyProfile:
    """A deputy with every roster field (DeputyInfo keeps its short form for the case screens)."""

    id: str
    name: str
    level: str
    constituency: str
    work_unit: str
    expertise: str
    phone: str
    active: bool


@dataclass(frozen=True, slots=True)
class RosterImportResult:
    added: int
    updated: int
    unchanged: int


@dataclass(frozen=True, slots=True)
class DutyGroupInfo:
    id: str
    station_id: str
    name: str
    active: bool
    deputy_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DutySlotInfo:
    id: str
    station_id: str
    weekday: int
    period: str
    needed: int
    group_id: str | None


@dataclass(frozen=True, slots=True)
class UnavailableInfo:
    id: str
    deputy_id: str
    day: date
    note: str


@dataclass(frozen=True, slots=True)
class UnfilledInfo:
    station_id: str
    station_name: str
    day: date
    period: str
    needed: int
    missing: int
    reason: str  # a rota.Shortfall value


@dataclass(frozen=True, slots=True)
class RotaMade:
    assignments: int  # deputy places stored by this run (generated ones)
    slots: int
    unfilled: tuple[UnfilledInfo, ...]


@dataclass(frozen=True, slots=True)
class AssignmentInfo:
    id: str
    station_id: str
    day: date
    period: str
    deputy_id: str
    deputy_name: str
    deputy_level: str
    source: str
    updated_by_name: str


@dataclass(frozen=True, slots=True)
class RotaSheetRow:
    """One slot of a printed rota: who is on, and how many places are still open."""

    station_id: str
    station_name: str
    day: date
    period: str
    deputy_names: tuple[str, ...]
    missing: int
    # A studio's moved or dropped opening (domain.studios.Opening.note_zh), "" otherwise.
    note: str = ""


@dataclass(frozen=True, slots=True)
class VisitInfo:
    id: str
    station_id: str
    deputy_id: str
    deputy_name: str
    day: date
    kind: str
    check_in_at: datetime | None
    check_out_at: datetime | None
    note: str
    # 代班: the rota deputy this duty visit stands in for (and their name), else None / "".
    stands_in_for_id: str | None = None
    stands_in_for_name: str = ""


@dataclass(frozen=True, slots=True)
class OnDuty:
    """A deputy on today's rota, and the visit of whoever sat: their own if they checked in, or
    that of a deputy standing in for them (代班: visit.deputy_id is then the stand-in's)."""

    assignment: AssignmentInfo
    visit: VisitInfo | None


@dataclass(frozen=True, slots=True)
class TodayDuty:
    day: date
    on_duty: tuple[OnDuty, ...]
    off_rota: tuple[VisitInfo, ...]  # visits today of deputies not on today's rota

    @property
    def checked_in_ids(self) -> tuple[str, ...]:
        """Deputies at the desk now (checked in, not out): the default deputies of a reception."""
        here = [o.visit for o in self.on_duty if o.visit] + list(self.off_rota)
        return tuple(dict.fromkeys(v.deputy_id for v in here if v.check_in_at and not v.check_out_at))


@dataclass(frozen=True, slots=True)
class StandIn:
    """One 代班: on `day`, `sitter_name` sat the duty of `absent_name`, who was on the rota."""

    day: date
    sitter_name: str
    absent_name: str


@dataclass(frozen=True, slots=True)
class DutyRecord:
    """A deputy's duty over a period, for the annual duty report (履职档案)."""

    deputy_id: str
    deputy_name: str
    level: str
    scheduled: int  # places on the rota, on days up to today
    kept: int  # of those, with a check-in that day at that station
    other_visits: int  # visits off the rota (视察, 座谈 …)
    upcoming: int = 0  # places on the rota still to come (never counted as missed)
    stood_in: int = 0  # duty sat for another deputy on the rota (代班): a visit of this deputy's
    covered: int = 0  # of `scheduled`, places another deputy sat in for this one (not kept)
    # Every 代班 of the period this deputy took part in, as the one who sat or the one absent.
    stand_ins: tuple[StandIn, ...] = ()

    @property
    def visits(self) -> int:
        """Deputy-visits (人次): duty kept, duty sat for another, and visits off the rota."""
        return self.kept + self.stood_in + self.other_visits
