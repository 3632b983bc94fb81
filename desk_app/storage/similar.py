"""Similar cases while a reception is typed (类案提示): candidates from the character index,
re-ranked by domain/similarity.

The character index (`reception_fts_chars`, revision 0009) has every character a token, so a
character is a one-token query, a bigram a two-token phrase and a matter term's wording a longer
phrase. For each feature of the typed text (domain/similarity.features: characters, bigrams,
matter terms), the index gives its newest hits, newest first, and stops at CANDIDATE_CAP: a
common feature (小, 群众, 小区) costs no more than a rare one, and how far back the cap reaches
tells how common it is (its document frequency is estimated from the hits' density in rowids,
which follow entry order). Each hit adds its feature's weight to the case; the best-voted
CANDIDATES cases are read and re-ranked by the weighted Dice coefficient of domain/similarity,
then ordered by that score plus their likeness to the best two (similarity.rerank: a case of the
best suggestions' matter shares their words, one that shares only an incidental word with the
typed text does not). The typed place only breaks near-ties (similarity.PLACE_BOOST).

Measured on the 100,000-case desk (docs/benchmarks.md): a bigram-OR query ranked by the
index's own bm25 took 0.5-1.5 s, because it scores every hit of every common bigram; the
capped newest-first reads take a fraction of a millisecond each for most features.

A station's desk suggests the station's cases; a district centre's desk (no home station in
its settings, only the centre's) those of every station it holds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from desk_app.domain import similarity
from desk_app.domain.lifecycle import CaseStatus
from desk_app.storage.coltypes import id_param, id_value, time_value
from desk_app.storage.models import Setting
from desk_app.storage.operators import CENTRE_DESK_SETTING
from desk_app.storage.stations import HOME_STATION_SETTING, home_station
from desk_app.storage.textindex import CHARS_TABLE, chars_phrase


@dataclass(frozen=True, slots=True)
class SimilarCase:
    """One suggestion: a case like the one being typed."""

    id: str
    summary: str  # the case's content (反映内容)
    place: str
    status: str
    received_at: datetime
    unit_name: str  # the current round's handling unit, "" before a slip
    serial: str
    station_name: str
    score: float  # 0..1, its likeness to the typed text (the order also weighs the best two's)


# Newest hits read per bigram.
CANDIDATE_CAP = 200
# Features of a typed text looked up at most: a 2,000-character complaint must not cost
# thousands of index reads on every keystroke.
MAX_LOOKUPS = 48
# Characters of a typed text looked up at most.
MAX_CHARS = 48
# The newest registrations looked through: a phrase with few hits is read to the window's end,
# so the window bounds a lookup's cost on a big desk (a district centre's holds every station's
# cases). 50,000 is years of a busy station; a similar case older than that is not suggested.
SEARCH_WINDOW = 50_000
# Cases re-ranked per query.
CANDIDATES = 50
# Below this score a case is not shown at all. It was 0.12 ("better no suggestion than a wrong
# one"), which left 35 of the 150 top-5 slots of the independent labelled set empty while the desk
# held cases of the same matter: a clerk who sees a weaker match lower in the list can judge it,
# one who sees nothing cannot. 0.05 still keeps out cases that share only a common character or
# two (docs/benchmarks.md, "Similar cases: a method that generalises").
MIN_SCORE = 0.05
# A voided or merged registration is no case of its own.
_GONE = (CaseStatus.VOIDED.value, CaseStatus.MERGED.value)


def _district_desk(session: Session) -> bool:
    station = session.get(Setting, HOME_STATION_SETTING)
    district = session.get(Setting, CENTRE_DESK_SETTING)
    return bool(district is not None and district.value and (station is None or not station.value))


def _lookups(content: str) -> tuple[list[str], list[tuple[str, tuple[str, ...]]]]:
    """The typed text's characters (at most MAX_CHARS), and (feature, the index phrases whose
    hits are its cases) for its matter terms, then its bigrams in typing order (so a long text
    keeps its first ones), at most MAX_LOOKUPS in all."""
    folded = content.lower()
    grams = similarity.ngrams(content)
    order = {g: folded.find(g) for g in grams}
    by_typing = sorted(grams, key=lambda g: (order[g], g))
    chars = [g for g in by_typing if len(g) == 1][:MAX_CHARS]
    phrases: list[tuple[str, tuple[str, ...]]] = list(similarity.terms(content).items())
    phrases.extend((g, (g,)) for g in by_typing if len(g) == 2)
    return chars, phrases[:MAX_LOOKUPS]


class _Reader:
    """Capped, newest-first reads of the character index, many in one statement, on the DBAPI
    connection (through SQLAlchemy, 60 small statements cost more than their reads)."""

    def __init__(self, session: Session, total: int, floor: int) -> None:
        self.cursor = session.connection().connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        self.total = total
        self.span = total - floor + 1  # registrations in the window

    def read(self, phrases: list[tuple[str, int]]) -> list[list[int]]:
        """The newest hits (at most CANDIDATE_CAP) of each phrase from its own lowest rowid."""
        if not phrases:
            return []
        sql = " UNION ALL ".join(
            f"SELECT * FROM (SELECT {n}, rowid FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH ? "
            f"AND rowid >= {int(low)} ORDER BY rowid DESC LIMIT {CANDIDATE_CAP})"
            for n, (_, low) in enumerate(phrases)
        )
        hits: list[list[int]] = [[] for _ in phrases]
        for n, rowid in self.cursor.execute(sql, [chars_phrase(p) for p, _ in phrases]).fetchall():
            hits[n].append(rowid)
        return hits

    def doc_count(self, hits: int, lowest: int) -> float:
        """A feature's estimated cases in the window from `hits` found from rowid `lowest` on: as
        dense over the whole window as over the rowids the read covered."""
        return hits * self.span / max(1, self.total - lowest + 1)


def suggest(
    session: Session, content: str, place: str = "", *, limit: int = 5, exclude_id: str | None = None
) -> list[SimilarCase]:
    """The cases most like the typed matter (content), then place, best first, at most `limit`.

    Characters are read first. A phrase (a bigram, a term's wording) whose characters all reached
    the cap is then read only back to where its rarest character's newest hits reach: it cannot
    be denser there than that character, and a pair of common characters that rarely stand
    together (不管, 进来) would otherwise be checked through both position lists to the window's
    edge, the costliest read of all."""
    if len(similarity.features(content)) < similarity.MIN_QUERY_FEATURES:
        return []
    top = session.execute(text("SELECT max(rowid) FROM reception")).scalar()
    if not top:
        return []
    total = int(top)
    # Only the newest SEARCH_WINDOW registrations are looked through (rowids follow entry order).
    floor = max(1, total - SEARCH_WINDOW + 1)
    chars, lookups = _lookups(content)
    reader = _Reader(session, total, floor)
    try:
        char_hits = reader.read([(c, floor) for c in chars])
        # Where each character's read stopped: its oldest hit when capped, else the window's edge.
        reach = {
            c: (h[-1] if len(h) == CANDIDATE_CAP else floor) for c, h in zip(chars, char_hits, strict=True)
        }
        features: list[tuple[str, set[int], float]] = []
        for c, h in zip(chars, char_hits, strict=True):
            features.append((c, set(h), reader.doc_count(len(h), reach[c])))
        phrases: list[tuple[int, str, int]] = []
        for i, (_, wordings) in enumerate(lookups):
            for wording in wordings:
                lows = [reach.get(ch) for ch in wording]
                low = floor if any(x is None for x in lows) else min(x for x in lows if x is not None)
                phrases.append((i, wording, low))
        phrase_hits = reader.read([(w, low) for _, w, low in phrases])
    finally:
        reader.cursor.close()
    found: list[set[int]] = [set() for _ in lookups]
    counted = [0.0] * len(lookups)
    for (i, _, low), h in zip(phrases, phrase_hits, strict=True):
        found[i].update(h)
        # Wordings of one term are summed (they overlap little).
        counted[i] += reader.doc_count(len(h), h[-1] if len(h) == CANDIDATE_CAP else low)
    for i, (feature, _) in enumerate(lookups):
        features.append((feature, found[i], counted[i]))
    weights: dict[str, float] = {}
    votes: dict[int, float] = defaultdict(float)
    for feature, rowids, df in features:
        weight = similarity.feature_weight(feature, df, reader.span)
        weights[feature] = weight
        for rowid in rowids:
            votes[rowid] += weight
    if not votes:
        return []
    best = sorted(votes, key=lambda r: (-votes[r], -r))[:CANDIDATES]
    return _rank(session, best, content, place, weights, reader.span, limit, exclude_id)


def _rank(
    session: Session,
    rowids: list[int],
    content: str,
    place: str,
    weights: dict[str, float],
    total: int,
    limit: int,
    exclude_id: str | None,
) -> list[SimilarCase]:
    params: dict[str, object] = {f"r{i}": r for i, r in enumerate(rowids)}
    where = [f"r.rowid IN ({', '.join(':' + k for k in params)})", "r.status NOT IN (:gone1, :gone2)"]
    params.update(gone1=_GONE[0], gone2=_GONE[1])
    if not _district_desk(session):
        station = home_station(session)
        if station is not None:
            where.append("r.station_id = :station")
            params["station"] = id_param(station.id)  # raw SQL: the id as stored (coltypes)
    if exclude_id is not None:
        where.append("r.id != :exclude")
        params["exclude"] = id_param(exclude_id)
    rows = session.execute(
        text(
            "SELECT r.id, r.content, r.citizen_address, r.status, r.received_at, "
            "coalesce(u.name, ''), coalesce(r.serial, ''), s.name FROM reception r "
            "LEFT JOIN handling_unit u ON u.id = r.unit_id JOIN station s ON s.id = r.station_id "
            f"WHERE {' AND '.join(where)}"
        ),
        params,
    ).all()
    # A feature of a case that the query does not hold weighs as a middling one of the desk.
    unknown = similarity.idf(max(1, total // 50), total)
    query = similarity.make_query(content, place, weights, unknown_weight=unknown)
    scored = []
    for row in rows:
        feats = similarity.features(row[1])
        value = similarity.score_features(query, feats, row[2], unknown_weight=unknown)
        if value >= MIN_SCORE:
            scored.append((value, feats, row))
    scored.sort(key=lambda p: -p[0])
    order = similarity.rerank([(v, f) for v, f, _ in scored], weights, unknown_weight=unknown)
    ranked = sorted(zip(order, scored, strict=True), key=lambda p: -p[0])
    return [
        SimilarCase(
            id=id_value(row[0]),
            summary=row[1],
            place=row[2],
            status=row[3],
            received_at=time_value(row[4]),
            unit_name=row[5],
            serial=row[6],
            station_name=row[7],
            score=round(value, 4),
        )
        for _, (value, _, row) in ranked[:limit]
    ]
