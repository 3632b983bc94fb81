"""Reads for the case list: filters, paged rows, counts (the case view's: storage/case_reads.py).

The list reads only the `reception` row (which carries its current round) plus two small
directory tables, so a page of 100 rows out of 100,000 is one indexed query. Search terms of 3+
characters go through the FTS5 trigram index, shorter ones (a surname, 电梯) through the index of
single characters (storage/textindex.py): each term is an exact, indexed phrase query, with no
scan of the text columns. A count of text alone is answered inside the indexes. On a page, many
hits (a surname) are only a filter while the rows are walked in date order (the unary + keeps
SQLite from driving the query by them), and so is a status filter that matches most of the desk
(closed cases): the page stops when full instead of sorting every match. Few hits (a rare
character) are read and sorted instead: walking for them would read the whole desk.

At 1M cases (issue 16, migration 0022): a count with no filter or statuses alone adds the
trigger-kept count of each status; open statuses with a unit or category are read from the
partial index of open cases; with search text, open statuses bound the hits read to those from
the oldest open case on; a page of common search text alone is first read from its newest hits.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    String,
    and_,
    case,
    func,
    literal_column,
    select,
    text,
    type_coerce,
)
from sqlalchemy.orm import Session

from desk_app.domain.casebook import ExtensionState
from desk_app.domain.deadlines import add_working_days
from desk_app.domain.lifecycle import CaseStatus, is_overdue
from desk_app.domain.search import fts_phrase, split_terms
from desk_app.domain.vocab import Channel
from desk_app.domain.workcalendar import WorkCalendar
from desk_app.storage import records
from desk_app.storage.class_reads import class_subjects_of, in_force
from desk_app.storage.models import (
    OPEN_CONDITION,
    OPEN_INDEXED_STATUSES,
    STATUS_COUNTER_PREFIX,
    CaseClass,
    CaseClassMember,
    Category,
    Counter,
    Extension,
    HandlingUnit,
    Reception,
)
from desk_app.storage.textindex import CHARS_TABLE, chars_phrase

SUMMARY_CHARS = 120


@dataclass(slots=True)
class CaseFilter:
    statuses: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    category_ids: tuple[str, ...] = ()
    unit_ids: tuple[str, ...] = ()
    received_from: date | None = None
    received_to: date | None = None  # inclusive
    overdue_only: bool = False
    # Overdue in these waiting states only (e.g. ("replied",): callbacks overdue).
    overdue_kinds: tuple[str, ...] = ()
    min_round: int | None = None  # e.g. 2: second-round cases only
    # Not overdue yet but due by this day (inclusive): the worklist's "due within two working
    # days" (the day itself comes from the work calendar, worklist_filters).
    due_by: date | None = None
    # Only cases with an extension request (延期申请) waiting for the office's decision.
    pending_extension: bool = False
    text: str = ""
    today: date = field(default_factory=date.today)
    # A district centre's desk narrowed to some of its stations (issue 13); () = every station.
    station_ids: tuple[str, ...] = ()
    # Only cases handled at these levels (domain.transfers.CaseLevel values); () = any. The
    # worklist's lists hold the desk's own work (transfers.levels_worked).
    levels: tuple[str, ...] = ()
    # 类案 (issue 14): only the cases of these classes; in_class: True only the cases in a class,
    # False only those in none, None either.
    class_ids: tuple[str, ...] = ()
    in_class: bool | None = None


# A value no case has: the intersection of two filters that do not meet matches nothing.
NO_MATCH = "-"


def both(a: CaseFilter, b: CaseFilter) -> CaseFilter:
    """The cases that match `a` and `b` (the case list's filter bar over a worklist's list):
    every narrowing of either holds. `a`'s day is kept."""

    def meet(x: tuple[str, ...], y: tuple[str, ...]) -> tuple[str, ...]:
        if x and y:
            return tuple(v for v in x if v in y) or (NO_MATCH,)
        return x or y

    def latest(x: date | None, y: date | None) -> date | None:
        return max(x, y) if x is not None and y is not None else x or y

    def earliest(x: date | None, y: date | None) -> date | None:
        return min(x, y) if x is not None and y is not None else x or y

    statuses = meet(a.statuses, b.statuses)
    if a.in_class is not None and b.in_class is not None and a.in_class != b.in_class:
        statuses = (NO_MATCH,)  # in a class and in none: nothing
    return replace(
        a,
        statuses=statuses,
        channels=meet(a.channels, b.channels),
        category_ids=meet(a.category_ids, b.category_ids),
        unit_ids=meet(a.unit_ids, b.unit_ids),
        overdue_kinds=meet(a.overdue_kinds, b.overdue_kinds),
        station_ids=meet(a.station_ids, b.station_ids),
        levels=meet(a.levels, b.levels),
        class_ids=meet(a.class_ids, b.class_ids),
        received_from=latest(a.received_from, b.received_from),
        received_to=earliest(a.received_to, b.received_to),
        overdue_only=a.overdue_only or b.overdue_only,
        min_round=max(a.min_round or 0, b.min_round or 0) or None,
        due_by=earliest(a.due_by, b.due_by),
        pending_extension=a.pending_extension or b.pending_extension,
        text=" ".join(t for t in (a.text.strip(), b.text.strip()) if t),
        in_class=a.in_class if a.in_class is not None else b.in_class,
    )


# The orders the case list offers: one per column, by what the column shows.
SORT_KEYS = (
    "received",
    "serial",
    "channel",
    "citizen",
    "phone",
    "category",
    "summary",
    "unit",
    "deadline",
    "status",
    "round",
    "class",
)


@dataclass(frozen=True, slots=True)
class CaseOrder:
    """How a page of cases is ordered: by one of SORT_KEYS, ties newest first."""

    key: str = "received"
    descending: bool = True

    def __post_init__(self) -> None:
        if self.key not in SORT_KEYS:
            raise ValueError(f"unknown sort key {self.key!r}")

    @property
    def is_default(self) -> bool:
        return self.key == "received" and self.descending


NEWEST_FIRST = CaseOrder()


_CLOSED_STATUSES = frozenset(s.value for s in CaseStatus if s.is_closed)
_OPEN_INDEXED = frozenset(OPEN_INDEXED_STATUSES)


def _only_open_indexed(f: CaseFilter) -> bool:
    """Whether every status of `f` is one ix_reception_open holds (none: False)."""
    return bool(f.statuses) and _OPEN_INDEXED.issuperset(f.statuses)


def _match_rowids(table: str, match: str, name: str, floor: int | None = None):
    sql = f"SELECT rowid FROM {table} WHERE {table} MATCH :{name}"
    if floor is None:
        return text(sql).bindparams(**{name: match})
    return text(sql + f" AND rowid >= :{name}_floor").bindparams(**{name: match, f"{name}_floor": floor})


def _text_matches(f: CaseFilter) -> tuple[str | None, str | None]:
    """The MATCH expressions of the search text: (character index, trigram index), each None
    when the text has no term for it. Every term must match (AND)."""
    terms = split_terms(f.text)
    chars = " AND ".join(chars_phrase(t) for t in terms.short_terms) or None
    trigrams = " AND ".join(fts_phrase(t) for t in terms.long_terms) or None
    return chars, trigrams


def _text_conds(f: CaseFilter, walk: bool, floor: int | None = None) -> list:
    """reception.rowid IN (index hits), for each index the text needs. `walk`: only as a filter,
    so that a page is read in date order and stops when full, instead of fetching and sorting
    every hit (the unary + keeps SQLite from driving the query by the index's hits). `floor`:
    only the hits from that rowid on."""
    rowid: ColumnElement[Any] = literal_column("+reception.rowid" if walk else "reception.rowid")
    chars, trigrams = _text_matches(f)
    conds = []
    if chars is not None:
        conds.append(rowid.in_(_match_rowids(CHARS_TABLE, chars, "chars_match", floor)))
    if trigrams is not None:
        conds.append(rowid.in_(_match_rowids("reception_fts", trigrams, "fts_match", floor)))
    return conds


def _apply_filter(
    stmt: Select,
    f: CaseFilter,
    for_page: bool = False,
    walk_text: bool = False,
    window: tuple[datetime, int] | None = None,
    walk_due: bool = True,
    text_floor: int | None = None,
) -> Select:
    conds = []
    if window is not None:
        conds.append(Reception.received_at >= window[0])
    if f.statuses:
        # Several statuses, one of them closed (most of a desk): a page walks the cases newest
        # first with the statuses as a filter; reading them from their index would sort them
        # all. One status is read from its index in date order (a status and a date range are
        # found there at once, channels included).
        broad = for_page and len(set(f.statuses)) > 1 and not _CLOSED_STATUSES.isdisjoint(f.statuses)
        status = literal_column("+reception.status") if broad else Reception.status
        conds.append(status.in_(f.statuses))
        if _only_open_indexed(f) and (f.unit_ids or f.category_ids):
            # Word for word the WHERE of ix_reception_open, which SQLite then uses: it holds the
            # unit and category, so no reception row is read to check them.
            conds.append(literal_column(f"reception.{OPEN_CONDITION}"))
    if f.channels:
        conds.append(Reception.channel.in_(f.channels))
    if f.station_ids:
        conds.append(Reception.station_id.in_(f.station_ids))
    if f.levels:
        conds.append(Reception.level.in_(f.levels))
    # With a narrow filter that has its own index (overdue: ix_reception_waiting_due; a second
    # round: ix_reception_round, which also holds the category and unit), the category and unit
    # are only checked: their indexes would read every row of a category or unit (~90,000 at
    # 1M cases) for a count. So too on a page of few overdue or due cases (`walk_due` False:
    # _few_waiting), which reads and sorts them: walking a unit's 60,000 cases newest first for
    # its 154 overdue ones took 120 ms at 1M cases.
    narrow = (not for_page and (f.overdue_only or bool(f.min_round) or f.due_by is not None)) or (
        for_page and not walk_due and (f.overdue_only or f.due_by is not None)
    )
    if f.category_ids:
        # (a literal column takes the column's type: its ids are bound as stored, coltypes.Id)
        category = (
            literal_column("+reception.category_id", Reception.category_id.type)
            if narrow
            else Reception.category_id
        )
        conds.append(category.in_(f.category_ids))
    if f.unit_ids:
        unit = literal_column("+reception.unit_id", Reception.unit_id.type) if narrow else Reception.unit_id
        conds.append(unit.in_(f.unit_ids))
    if f.received_from:
        conds.append(Reception.received_at >= datetime.combine(f.received_from, time.min))
    if f.received_to:
        conds.append(Reception.received_at < datetime.combine(f.received_to + timedelta(days=1), time.min))
    # A page of overdue cases walks the cases newest first (open cases are recent: a page is
    # found within the newest few thousand); reading and sorting every overdue case took
    # 0.1-0.4 s at 1M cases. A count reads ix_reception_waiting_due alone.
    # With few overdue cases (`walk_due` False: _few_waiting) the walk would read the whole desk
    # to fill a page: the index's hits are read and sorted instead.
    waiting_due = literal_column("+reception.waiting_due") if for_page and walk_due else Reception.waiting_due
    if f.overdue_only:
        # waiting_due is set only while a case waits on someone (casebook.waiting_due).
        conds.append(waiting_due < f.today)
    if f.overdue_kinds:
        conds.append(and_(waiting_due < f.today, Reception.status.in_(f.overdue_kinds)))
    if f.due_by is not None:
        conds.append(and_(waiting_due >= f.today, waiting_due <= f.due_by))
    if f.pending_extension:
        pending = select(Extension.reception_id).where(Extension.state == ExtensionState.PENDING.value)
        conds.append(Reception.id.in_(pending))
    if f.min_round:
        # A page walks the cases in date order (a second round is common enough to fill a
        # page soon); a count reads ix_reception_round.
        round_no = literal_column("+reception.round_no") if for_page else Reception.round_no
        conds.append(round_no >= f.min_round)
    # The members in force are few (a class holds a handful of cases): they are read and the
    # cases looked up by id (or, for the cases in no class, left out as the rows are walked).
    if f.class_ids:
        members = in_force().where(CaseClassMember.class_id.in_(f.class_ids)).subquery()
        conds.append(Reception.id.in_(select(members.c.reception_id)))
    if f.in_class is not None:
        in_a_class = select(CaseClassMember.reception_id).where(CaseClassMember.left_at.is_(None))
        conds.append(Reception.id.in_(in_a_class) if f.in_class else Reception.id.not_in(in_a_class))
    floors = [x for x in (window[1] if window else None, text_floor) if x is not None]
    conds.extend(_text_conds(f, walk=walk_text, floor=max(floors) if floors else None))
    return stmt.where(*conds) if conds else stmt


def _open_floor(session: Session, f: CaseFilter) -> int | None:
    """With search text and only open statuses: the lowest rowid of a case in those statuses,
    so that only the search hits from there on are read (open cases are a few percent of a desk
    and mostly recent: 电梯 has 125,600 hits at 1M cases, 15,700 of them from the oldest
    referred case on). A case left open for years lowers the floor to it: slower, still right.
    None when this does not apply."""
    if not f.text.strip() or not _only_open_indexed(f):
        return None
    return session.scalar(
        select(func.min(literal_column("reception.rowid"))).where(Reception.status.in_(f.statuses))
    )


# A page of a search with more hits than this walks the cases in date order, taking the hits
# only as a filter (a page of 200 is found within the first few thousand cases); with fewer, the
# hits are read and sorted (a rare term's page would otherwise walk the whole desk to the end).
WALK_MIN_HITS = 5000


def _newest_hits(session: Session, f: CaseFilter, cap: int = WALK_MIN_HITS + 1) -> tuple[int, int] | None:
    """(n, lowest rowid) of the newest (by rowid) hits of the search text, n at most `cap`: the
    index gives them newest first and stops there. None without text."""
    chars, trigrams = _text_matches(f)
    if chars is None and trigrams is None:
        return None
    if chars is not None and trigrams is not None:
        inner = (
            f"SELECT rowid FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH :chars AND rowid IN "
            "(SELECT rowid FROM reception_fts WHERE reception_fts MATCH :trigrams)"
        )
    elif chars is not None:
        inner = f"SELECT rowid FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH :chars"
    else:
        inner = "SELECT rowid FROM reception_fts WHERE reception_fts MATCH :trigrams"
    params = {k: v for k, v in (("chars", chars), ("trigrams", trigrams)) if v is not None}
    row = session.execute(
        text(f"SELECT count(*), min(rowid) FROM ({inner} ORDER BY rowid DESC LIMIT :cap)"),
        {**params, "cap": cap},
    ).one()
    return int(row[0]), int(row[1] or 0)


def _newest_hits_page(
    session: Session,
    stmt: Select,
    f: CaseFilter,
    offset: int,
    limit: int,
    order_by: list[ColumnElement[Any]],
    floor: int | None,
) -> list[Any] | None:
    """A page, newest first, read from the newest hits alone: the 3 x (offset + limit) hits with
    the highest rowids are read and sorted by date. It is the true page when every case received
    since its last row has a rowid at least the lowest of theirs: no other hit can be newer. A
    term whose hits are rarer among the latest cases than a while ago (a window sized from the
    newest hits fell short and the whole desk was walked: 100-120 ms at 1M cases) is answered
    from a few hundred rows. None when it does not hold, or when the other filters leave fewer
    than a page of those hits (the walk is for that)."""
    wanted = offset + limit
    if 3 * wanted > WALK_MIN_HITS:
        return None
    newest = _newest_hits(session, f, cap=3 * wanted)
    if newest is None or newest[0] < 3 * wanted:
        return None
    lowest = newest[1]
    text_floor = max(lowest, floor or 0)
    result = session.execute(
        _page(stmt, f, offset, limit, False, None, order_by, text_floor=text_floor)
    ).all()
    if len(result) < limit:
        return None
    since = result[-1][1]  # received_at of the page's oldest row (stmt's second column)
    first = session.scalar(
        select(func.min(literal_column("+reception.rowid"))).where(Reception.received_at >= since)
    )
    return list(result) if first is not None and first >= lowest else None


def _window(
    session: Session, f: CaseFilter, newest: tuple[int, int], rows_wanted: int
) -> tuple[datetime, int] | None:
    """A window of recent cases that very likely holds a page of a common term's hits, so that
    only the hits inside it are fetched (a surname has 100,000 hits at 1M cases: fetching them
    all for a page of 200 takes longer than the page).

    (since, floor): the cases received from `since` on all have a rowid >= floor, so the hits
    from floor on include every hit received from `since` on. A page read from the window is the
    true page whenever the window fills it: every case outside was received before `since`.
    The window is sized from how dense the newest hits are (rowids follow entry order), three
    times what the page needs; None when it would not be small (a desk whose rowids do not
    follow dates, or a date filter that ends in the past)."""
    if f.received_to is not None:
        return None
    top = session.scalar(text("SELECT max(rowid) FROM reception")) or 0
    n, lowest = newest
    density = n / max(1, top - lowest + 1)
    size = int(3 * rows_wanted / density) + 1
    if size > top // 4:
        return None
    since = session.scalar(
        select(Reception.received_at).order_by(Reception.received_at.desc()).offset(size).limit(1)
    )
    if since is None:
        return None
    # min(+rowid): read from ix_reception_received_at (min(rowid) walks the table from its start).
    floor = session.scalar(
        select(func.min(literal_column("+reception.rowid"))).where(Reception.received_at >= since)
    )
    if floor is None or top - floor > top // 4:
        return None
    return since, int(floor)


def _sort_expressions() -> dict[str, Any]:
    # Channel and status in their vocabulary's order (the lifecycle's, for status), not by code.
    return {
        "received": None,
        "serial": Reception.serial,
        "channel": case(
            {c.value: i for i, c in enumerate(Channel)}, value=Reception.channel, else_=len(Channel)
        ),
        "citizen": Reception.citizen_name,
        "phone": Reception.citizen_phone,
        "category": Category.name,
        "summary": Reception.content,
        "unit": HandlingUnit.name,
        "deadline": Reception.waiting_due,
        "status": case(
            {s.value: i for i, s in enumerate(CaseStatus)}, value=Reception.status, else_=len(CaseStatus)
        ),
        "round": Reception.round_no,
        # Joined only for this order, and only over the cases in a class (_class_page).
        "class": CaseClass.subject,
    }


def _order_by(order: CaseOrder, reverse: bool) -> list[ColumnElement[Any]]:
    """ORDER BY of `order`, or its exact mirror (`reverse`: a page read from the end). Ties are
    newest first, and the id makes the order total, so the mirror is the same list backwards
    (SQLite sorts NULL lowest either way)."""

    def by(col: Any, desc: bool) -> ColumnElement[Any]:
        return col.desc() if desc else col.asc()

    expr = _sort_expressions()[order.key]
    if expr is None:
        newest_first = order.descending != reverse
        return [by(Reception.received_at, newest_first), by(Reception.id, newest_first)]
    first = []
    if order.key == "deadline":
        # Cases that wait on nobody (closed) have no deadline: last in either direction.
        first.append(by(Reception.waiting_due.is_(None), reverse))
    return [
        *first,
        by(expr, order.descending != reverse),
        by(Reception.received_at, not reverse),
        by(Reception.id, not reverse),
    ]


def _few_waiting(session: Session, f: CaseFilter) -> bool:
    """Whether the deadline filters of `f` (overdue, due soon) keep at most WALK_MIN_HITS cases,
    counted in ix_reception_waiting_due and stopping there."""
    if not (f.overdue_only or f.overdue_kinds or f.due_by is not None):
        return False
    conds = [Reception.waiting_due < f.today] if (f.overdue_only or f.overdue_kinds) else []
    if f.due_by is not None:
        conds += [Reception.waiting_due >= f.today, Reception.waiting_due <= f.due_by]
    capped: Select[Any] = (
        select(literal_column("1")).select_from(Reception).where(*conds).limit(WALK_MIN_HITS + 1)
    )
    n = session.scalar(select(func.count()).select_from(capped.subquery())) or 0
    return n <= WALK_MIN_HITS


def _page(
    stmt: Select,
    f: CaseFilter,
    offset: int,
    limit: int,
    walk: bool,
    window: tuple[datetime, int] | None,
    order_by: list[ColumnElement[Any]],
    for_page: bool = True,
    walk_due: bool = True,
    text_floor: int | None = None,
) -> Select:
    return (
        _apply_filter(
            stmt,
            f,
            for_page=for_page,
            walk_text=walk,
            window=window,
            walk_due=walk_due,
            text_floor=text_floor,
        )
        .order_by(*order_by)
        .offset(offset)
        .limit(limit)
    )


def _open_status_page(
    session: Session, f: CaseFilter, offset: int, limit: int, newest_first: bool = True
) -> list[Any] | None:
    """The ids (as stored) of a page filtered by open statuses (a few percent of a desk each), newest first
    (or oldest first): the first `offset + limit` of each status from
    ix_reception_status_received, merged. Sorting every referred case instead took 0.3-0.6 s at
    1M cases. None when this does not apply."""
    if not f.statuses or not _CLOSED_STATUSES.isdisjoint(f.statuses) or f.text.strip():
        return None
    wanted = offset + limit
    order_by = _order_by(NEWEST_FIRST, reverse=not newest_first)
    # The time and id as stored (integer, 16 bytes: storage/coltypes.py), not converted: up to
    # `wanted` rows a status are read for a page, and the ids go straight back into the page's
    # query (Id binds stored bytes as they are). Sorted as SQLite sorts them: a text id (never
    # made by a desk, but possible) before every BLOB.
    at, rid = type_coerce(Reception.received_at, Integer()), type_coerce(Reception.id, String())
    first: list[tuple[Any, bool, Any]] = []
    for status in sorted(set(f.statuses)):
        one = replace(f, statuses=(status,))
        stmt = _apply_filter(select(at, rid), one).order_by(*order_by).limit(wanted)
        first.extend((r[0], r[1].__class__ is bytes, r[1]) for r in session.execute(stmt))
    first.sort(reverse=newest_first)
    return [stored for _, _, stored in first[offset : offset + limit]]


def list_cases(
    session: Session,
    f: CaseFilter,
    offset: int,
    limit: int,
    order: CaseOrder = NEWEST_FIRST,
    total: int | None = None,
) -> list[records.CaseRow]:
    """A page of the cases matching `f`, in `order`. With `total` (the count of `f`, known to
    the caller), a page nearer the end than the start is read from the end in the mirrored
    order, so the last page (Ctrl+End) costs what the first does instead of an OFFSET over the
    whole desk."""
    if order.key == "class" and f.in_class is not True and not f.class_ids:
        return _class_page(session, f, offset, limit, order.descending, total)
    reverse = False
    if total is not None and offset > 0 and offset > total - offset - limit:
        limit = min(limit, total - offset)
        if limit <= 0:
            return []
        offset, reverse = max(0, total - offset - limit), True
    stmt = (
        select(
            Reception.id,
            Reception.received_at,
            Reception.channel,
            Reception.citizen_name,
            Reception.citizen_phone,
            Category.name,
            func.substr(Reception.content, 1, SUMMARY_CHARS),
            Reception.status,
            Reception.round_no,
            HandlingUnit.name,
            Reception.reply_due,
            Reception.serial,
            Reception.waiting_due,
        )
        .outerjoin(Category, Category.id == Reception.category_id)
        .outerjoin(HandlingUnit, HandlingUnit.id == Reception.unit_id)
    )
    if order.key == "class":
        # The class each case is in now (every case here is in one: _class_page).
        current = in_force().subquery()
        stmt = stmt.join(current, current.c.reception_id == Reception.id).join(
            CaseClass, CaseClass.id == current.c.class_id
        )
    order_by = _order_by(order, reverse)
    by_date = order.key == "received"
    newest_first = order.descending != reverse
    newest = _newest_hits(session, f)
    # Walking in date order with the hits as a filter pays only when the page is in date order;
    # another order reads the hits (or the rows the other filters find) and sorts them.
    walk = by_date and newest is not None and newest[0] > WALK_MIN_HITS
    floor = _open_floor(session, f)
    result = None
    page_ids = _open_status_page(session, f, offset, limit, newest_first) if by_date else None
    if page_ids is not None:
        result = session.execute(stmt.where(Reception.id.in_(page_ids)).order_by(*order_by)).all()
    elif walk and newest_first:
        assert newest is not None
        # Text alone: the newest hits themselves. With other filters (which may leave few of
        # them) a window of recent cases, walked. Else the whole desk is walked.
        if not _filters_other_than_text(f):
            result = _newest_hits_page(session, stmt, f, offset, limit, order_by, floor)
        window = _window(session, f, newest, offset + limit) if result is None else None
        if window is not None:
            result = session.execute(
                _page(stmt, f, offset, limit, walk, window, order_by, text_floor=floor)
            ).all()
            if len(result) < limit:  # the window did not fill the page
                result = None
    if result is None:
        walk_due = not (by_date and _few_waiting(session, f))
        result = session.execute(
            _page(
                stmt,
                f,
                offset,
                limit,
                walk,
                None,
                order_by,
                for_page=by_date,
                walk_due=walk_due,
                text_floor=floor,
            )
        ).all()
    if reverse:
        result = list(reversed(result))
    subjects = class_subjects_of(session, [r[0] for r in result])
    rows = []
    for r in result:
        status = CaseStatus(r[7])
        rows.append(
            records.CaseRow(
                id=r[0],
                received_at=r[1],
                channel=r[2],
                citizen_name=r[3],
                citizen_phone=r[4],
                category_name=r[5] or "",
                summary=r[6].replace("\n", " "),
                status=r[7],
                round_no=r[8],
                unit_name=r[9] or "",
                reply_due=r[10],
                serial=r[11] or "",
                overdue=is_overdue(status, r[12], f.today),
                waiting_due=r[12],
                class_subject=subjects.get(r[0], ""),
            )
        )
    return rows


def _class_page(
    session: Session, f: CaseFilter, offset: int, limit: int, descending: bool, total: int | None
) -> list[records.CaseRow]:
    """A page in the 类案 order: the cases in a class by the class's subject (ties newest first),
    then the cases in none, newest first. Sorting the whole desk by a subquery took 0.7 s at
    100k cases; instead the members (few) are sorted, and the cases in no class are a page of
    the date order (every shortcut of that order applies, the last page read from the end)."""
    if f.in_class is False:
        return list_cases(session, f, offset, limit, NEWEST_FIRST, total)
    members = replace(f, in_class=True)
    m = count_cases(session, members)
    rows: list[records.CaseRow] = []
    if offset < m:
        rows = list_cases(session, members, offset, min(limit, m - offset), CaseOrder("class", descending), m)
    if len(rows) < limit:
        rest = replace(f, in_class=False)
        rows += list_cases(
            session,
            rest,
            max(0, offset - m),
            limit - len(rows),
            NEWEST_FIRST,
            total - m if total is not None else None,
        )
    return rows


def count_cases(session: Session, f: CaseFilter) -> int:
    if f.in_class is False:
        # The cases in no class: those matching the rest less those in a class. Counted as such,
        # NOT IN read every matching reception (~40-70 ms at 100k cases, ten times that at 1M);
        # both counts here take the fast paths (the status counters, the indexes, the members).
        return count_cases(session, replace(f, in_class=None)) - count_cases(
            session, replace(f, in_class=True)
        )
    if not f.text.strip() and not _filters_other_than_text(replace(f, statuses=())):
        # No filter, or statuses alone: the trigger-kept count of each status (migration
        # 0022). Counting the index entries of signed-off cases took ~100 ms at 1M cases.
        counts = _status_counts(session)
        return sum(counts.get(s, 0) for s in set(f.statuses)) if f.statuses else sum(counts.values())
    if not _filters_other_than_text(f):
        chars, trigrams = _text_matches(f)
        if chars is not None or trigrams is not None:
            # Text alone: counted in the index, without reading a reception row.
            return _count_in_indexes(session, chars, trigrams)
    stmt = _apply_filter(select(func.count()).select_from(Reception), f, text_floor=_open_floor(session, f))
    return session.scalar(stmt) or 0


def _status_counts(session: Session) -> dict[str, int]:
    """The number of cases in each status, from the counters (a status never held is absent)."""
    rows = session.execute(
        select(Counter.name, Counter.value).where(
            Counter.name.startswith(STATUS_COUNTER_PREFIX, autoescape=True)
        )
    )
    return {name[len(STATUS_COUNTER_PREFIX) :]: int(value) for name, value in rows}


def _filters_other_than_text(f: CaseFilter) -> bool:
    return bool(
        f.statuses
        or f.channels
        or f.category_ids
        or f.unit_ids
        or f.received_from
        or f.received_to
        or f.overdue_only
        or f.overdue_kinds
        or f.min_round
        or f.due_by is not None
        or f.pending_extension
        or f.station_ids
        or f.levels
        or f.class_ids
        or f.in_class is not None
    )


def _count_in_indexes(session: Session, chars: str | None, trigrams: str | None) -> int:
    # Every reception has one row in each index, with its rowid (the triggers keep it so).
    if chars is not None and trigrams is not None:
        sql = (
            f"SELECT count(*) FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH :chars AND rowid IN "
            "(SELECT rowid FROM reception_fts WHERE reception_fts MATCH :trigrams)"
        )
    elif chars is not None:
        sql = f"SELECT count(*) FROM {CHARS_TABLE} WHERE {CHARS_TABLE} MATCH :chars"
    else:
        sql = "SELECT count(*) FROM reception_fts WHERE reception_fts MATCH :trigrams"
    params = {k: v for k, v in (("chars", chars), ("trigrams", trigrams)) if v is not None}
    return session.scalar(text(sql), params) or 0


# -- the worklist (今日待办) ----------------------------------------------------------------------

# The tiles of the worklist, in the order the window shows them (Alt+1..5).
WORKLIST_KINDS = ("overdue", "due_soon", "awaiting_callback", "dissatisfied", "extensions")
# "Due soon": due within this many working days from today (today included, overdue not).
DUE_SOON_WORKING_DAYS = 2


@dataclass(frozen=True, slots=True)
class Worklist:
    """What the desk has to do today: how many cases each list of the worklist holds."""

    today: date
    due_by: date  # the last day of "due soon", from the office's work calendar
    counts: dict[str, int]
    # The levels whose cases are the desk's own work (transfers.levels_worked); () = any.
    levels: tuple[str, ...] = ()

    def filter_for(self, kind: str) -> CaseFilter:
        return worklist_filter(kind, self.today, self.due_by, self.levels)


def worklist_filter(kind: str, today: date, due_by: date, levels: tuple[str, ...] = ()) -> CaseFilter:
    """The case-list filter behind one tile of the worklist (its count is the list's length)."""
    if kind == "overdue":
        return CaseFilter(overdue_only=True, today=today, levels=levels)
    if kind == "due_soon":
        return CaseFilter(due_by=due_by, today=today, levels=levels)
    if kind == "awaiting_callback":
        return CaseFilter(statuses=(CaseStatus.REPLIED.value,), today=today, levels=levels)
    if kind == "dissatisfied":
        return CaseFilter(statuses=(CaseStatus.DISSATISFIED.value,), today=today, levels=levels)
    if kind == "extensions":
        return CaseFilter(pending_extension=True, today=today, levels=levels)
    raise ValueError(f"unknown worklist kind {kind!r}")


def worklist(session: Session, today: date, calendar: WorkCalendar, levels: tuple[str, ...] = ()) -> Worklist:
    """The worklist's counts; `levels` keeps each list to the desk's own work (a station's desk
    does not list the cases its centre handles: it may not act on them)."""
    due_by = add_working_days(today, DUE_SOON_WORKING_DAYS, calendar).due
    counts = {
        kind: count_cases(session, worklist_filter(kind, today, due_by, levels)) for kind in WORKLIST_KINDS
    }
    return Worklist(today=today, due_by=due_by, counts=counts, levels=levels)
