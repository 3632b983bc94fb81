"""The district centre's tallies: every station of the district side by side with the district
total (issue 13, item 1), and the moves between levels as columns (item 2).

Each station's figures are the desk's tally (storage.tally_queries) narrowed to that station; the
district total is their sum (a case belongs to one station, so it is counted once). Beside them,
from transfer_store.level_counts: of the cases received, how many the station handles, how many
the district centre handles (sent up or taken over) and how many the city has (sent there by the
centre), and the transfers up and down, to the city and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from desk_app.domain import tally as t
from desk_app.storage import tally_queries
from desk_app.storage.stations import all_stations
from desk_app.storage.transfer_store import LevelCounts, level_counts


@dataclass(frozen=True, slots=True)
class StationRow:
    station_id: str  # "" for the district total
    name: str
    figures: t.Figures
    levels: LevelCounts


@dataclass(frozen=True, slots=True)
class CentreTally:
    period: t.Period
    as_of: date
    stations: tuple[StationRow, ...]
    total: StationRow

    @property
    def title(self) -> str:
        return f"{self.period.label}各站点工作统计"


def _of_station(facts: t.TallyFacts, station_id: str) -> t.TallyFacts:
    return t.TallyFacts(
        receptions=[f for f in facts.receptions if f.station_id == station_id],
        referrals=[f for f in facts.referrals if f.station_id == station_id],
        callbacks=[f for f in facts.callbacks if f.station_id == station_id],
        visits=[f for f in facts.visits if f.station_id == station_id],
        steps=[f for f in facts.steps if f.station_id == station_id],
        histories=[h for h in facts.histories if h.station_id == station_id],
        gone=facts.gone,
        rules=facts.rules,
        calendar=facts.calendar,
    )


def centre_tally(
    session: Session, period: t.Period, *, today: date, total_name: str = "全区合计"
) -> CentreTally:
    """One read of the district's facts for the period, counted per station and as a whole (the
    total counts each case once: every fact belongs to one station)."""
    facts = tally_queries.tally_facts(
        session, period.start, period.end, None, snapshots=(t.as_of(period, today),)
    )
    levels = {c.station_id: c for c in level_counts(session, period.start, period.end)}
    rows = []
    for st in all_stations(session):
        figures = t.count(_of_station(facts, st.id), period, today).get(t.TOTAL, t.Figures())
        lv = levels.get(st.id) or LevelCounts(st.id, st.name, 0, 0, 0, 0, 0)
        rows.append(StationRow(st.id, st.name, figures, lv))
    names = (
        "received",
        "handled_here",
        "handled_by_centre",
        "sent_up",
        "sent_down",
        "handled_by_city",
        "sent_to_city",
        "back_from_city",
    )
    total_levels = LevelCounts("", total_name, *(sum(getattr(r.levels, n) for r in rows) for n in names))
    total = StationRow("", total_name, t.count(facts, period, today).get(t.TOTAL, t.Figures()), total_levels)
    return CentreTally(period, t.as_of(period, today), tuple(rows), total)
