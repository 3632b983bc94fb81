"""The monthly tally (月度统计): every figure's definition, written once.

The desk, its PDF and Excel documents, the district centre and the central server all count with
this module, from plain facts (one per reception, slip, callback and deputy-visit) that a storage
query supplies. Nothing here touches a database, so the same facts always give the same figures.

Which date puts a fact in a period (inclusive first and last day):

- deputy-visits: the visit's day;
- citizens received, opinions collected, solved on the spot: the reception's `received_at`;
- referred, second rounds: the slip's `referred_on` (every round counts: 交办件次);
- replied, replied on time: the slip's `replied_on`; on time means `replied_on <= reply_due`;
- overdue: a snapshot at the period's last day (or today, if earlier): slips handed over by then,
  not replied by then, whose deadline is before that day (the same rule as the case list's overdue);
- signed off: the case's `signed_off_at`;
- callbacks and the satisfaction rate: the callback's `called_at`.

The satisfaction rate is (satisfied + basically satisfied) / all callbacks in the period, as a
percentage with two decimals, rounded half up (82.37%); "—" when there were no callbacks.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from desk_app.domain.vocab import CHANNEL_ZH, Channel, Outcome, Verdict

NO_RATE = "—"
UNCATEGORISED = "未分类"

SATISFACTION_DEFINITION = "满意率 =（满意 + 基本满意）÷ 全部回访次数 × 100%，按回访时间计入当期，保留两位小数；当期无回访时记为“—”。"


# -- facts ---------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ReceptionFact:
    id: str
    station_id: str
    received_at: datetime
    channel: str
    category: str  # the category's name, "" when none
    outcome: str
    citizen_key: str  # who the citizen is (normalized phone, else name + address), "" when unknown
    signed_off_at: datetime | None
    unit: str  # handling unit of the current round, "" when never referred


@dataclass(frozen=True, slots=True)
class ReferralFact:
    reception_id: str
    station_id: str
    round_no: int
    unit: str
    channel: str
    category: str
    referred_on: date
    reply_due: date
    replied_on: date | None


@dataclass(frozen=True, slots=True)
class CallbackFact:
    reception_id: str
    station_id: str
    called_at: datetime
    verdict: str
    unit: str
    channel: str
    category: str


@dataclass(frozen=True, slots=True)
class VisitFact:
    station_id: str
    day: date


@dataclass(slots=True)
class TallyFacts:
    receptions: list[ReceptionFact] = field(default_factory=list)
    referrals: list[ReferralFact] = field(default_factory=list)
    callbacks: list[CallbackFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)


# -- figures -------------------------------------------------------------------------------------

def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage with two decimals (half up); None when 0/0."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def format_percent(value: Decimal | None) -> str:
    return NO_RATE if value is None else f"{value}%"


@dataclass(frozen=True, slots=True)
class Figures:
    deputy_visits: int = 0
    citizens: int = 0
    opinions: int = 0
    on_site: int = 0
    referred: int = 0
    replied: int = 0
    replied_on_time: int = 0
    overdue: int = 0
    signed_off: int = 0
    second_rounds: int = 0
    callbacks: int = 0
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Percent, two decimals: (satisfied + basically satisfied) / callbacks."""
        return percent(self.satisfied + self.basically_satisfied, self.callbacks)

    @property
    def on_time_rate(self) -> Decimal | None:
        return percent(self.replied_on_time, self.replied)

    @property
    def satisfaction_text(self) -> str:
        return format_percent(self.satisfaction_rate)


@dataclass(frozen=True, slots=True)
class Measure:
    key: str  # a Figures field or property
    label: str
    definition: str
    is_rate: bool = False


# The tally's rows, in the order every document prints them.
MEASURES: tuple[Measure, ...] = (
    Measure("deputy_visits", "代表进站(人次)", "代表到站履职(值班、视察、座谈等)的人次，按进站日期计。"),
    Measure("citizens", "接待群众(人)", "当期接待登记涉及的群众人数：同一电话(无电话时同一姓名和住址)计一人，未留信息的每条登记计一人。"),
    Measure("opinions", "收集意见建议(条)", "当期接待登记的条数，每条登记计一条，按登记时间计。"),
    Measure("on_site", "现场解决(件)", "当期登记且当场答复解决的件数。"),
    Measure("referred", "交办(件次)", "当期开出的交办单，按交办日期计，二次督办另计一次。"),
    Measure("replied", "已答复(件次)", "当期收到承办单位答复的交办单，按答复日期计。"),
    Measure("replied_on_time", "按期答复(件次)", "当期答复中答复日期不晚于答复期限的。"),
    Measure("on_time_rate", "按期答复率", "按期答复 ÷ 已答复 × 100%，保留两位小数。", is_rate=True),
    Measure("overdue", "超期未答复(件)", "截至期末(期末晚于今天时截至今天)已过答复期限仍未答复的交办单。"),
    Measure("signed_off", "销号(件)", "当期销号的案件，按销号时间计。"),
    Measure("second_rounds", "二次督办(件次)", "当期开出的第二轮及以后的交办单。"),
    Measure("callbacks", "回访(次)", "当期回访次数，按回访时间计。"),
    Measure("satisfied", "满意", "回访评价为满意的次数。"),
    Measure("basically_satisfied", "基本满意", "回访评价为基本满意的次数。"),
    Measure("dissatisfied", "不满意", "回访评价为不满意的次数。"),
    Measure("satisfaction_rate", "满意率", SATISFACTION_DEFINITION, is_rate=True),
)

MEASURE_BY_KEY = {m.key: m for m in MEASURES}


def measure_value(figures: Figures, key: str) -> int | Decimal | None:
    return getattr(figures, key)


def measure_text(figures: Figures, key: str) -> str:
    value = measure_value(figures, key)
    if MEASURE_BY_KEY[key].is_rate:
        return format_percent(value)  # type: ignore[arg-type]
    return str(value)


# Columns of the breakdown tables: a unit never "receives" a citizen, so its table starts at 交办.
CASE_BREAKDOWN_KEYS = ("opinions", "on_site", "referred", "replied", "replied_on_time", "overdue", "signed_off",
                       "second_rounds", "callbacks", "satisfaction_rate")
UNIT_BREAKDOWN_KEYS = ("referred", "replied", "replied_on_time", "on_time_rate", "overdue", "second_rounds",
                       "signed_off", "callbacks", "satisfied", "basically_satisfied", "dissatisfied",
                       "satisfaction_rate")


# -- periods -------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Period:
    start: date
    end: date  # inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("period ends before it starts")

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    @property
    def is_month(self) -> bool:
        return self.start.day == 1 and self.end == month_period(self.start.year, self.start.month).end

    @property
    def label(self) -> str:
        if self.is_month:
            return f"{self.start.year}年{self.start.month}月"
        return f"{self.start.year}年{self.start.month}月{self.start.day}日至{self.end.year}年{self.end.month}月{self.end.day}日"

    def previous(self) -> Period:
        """The month before (for a calendar month), else the same number of days just before."""
        if self.is_month:
            last = self.start - timedelta(days=1)
            return month_period(last.year, last.month)
        days = (self.end - self.start).days + 1
        return Period(self.start - timedelta(days=days), self.start - timedelta(days=1))


def month_period(year: int, month: int) -> Period:
    return Period(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))


def as_of(period: Period, today: date) -> date:
    """The day the overdue snapshot is taken."""
    return min(period.end, today)


# -- counting ------------------------------------------------------------------------------------

class _Acc:
    __slots__ = ("counts", "citizens")

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        self.citizens: set[str] = set()

    def figures(self) -> Figures:
        return Figures(citizens=len(self.citizens), **self.counts)


Key = tuple[str, str]  # ("total", "") | ("category", name) | ("channel", value) | ("unit", name)
TOTAL: Key = ("total", "")


def _keys(category: str, channel: str, unit: str | None) -> tuple[Key, ...]:
    keys: tuple[Key, ...] = (TOTAL, ("category", category or UNCATEGORISED), ("channel", channel))
    return keys + (("unit", unit),) if unit else keys


def count(facts: TallyFacts, period: Period, today: date) -> dict[Key, Figures]:
    """Every figure of `period`, in total and per category, channel and handling unit."""
    accs: dict[Key, _Acc] = defaultdict(_Acc)
    start, end = period.start, period.end
    snapshot = as_of(period, today)
    for v in facts.visits:
        if start <= v.day <= end:
            accs[TOTAL].counts["deputy_visits"] += 1
    for r in facts.receptions:
        if start <= r.received_at.date() <= end:
            for k in _keys(r.category, r.channel, None):
                acc = accs[k]
                acc.counts["opinions"] += 1
                acc.citizens.add(r.citizen_key or "#" + r.id)
                if r.outcome == Outcome.RESOLVED_ON_SITE.value:
                    acc.counts["on_site"] += 1
        if r.signed_off_at is not None and start <= r.signed_off_at.date() <= end:
            for k in _keys(r.category, r.channel, r.unit):
                accs[k].counts["signed_off"] += 1
    for f in facts.referrals:
        keys = _keys(f.category, f.channel, f.unit)
        if start <= f.referred_on <= end:
            for k in keys:
                accs[k].counts["referred"] += 1
                if f.round_no >= 2:
                    accs[k].counts["second_rounds"] += 1
        if f.replied_on is not None and start <= f.replied_on <= end:
            for k in keys:
                accs[k].counts["replied"] += 1
                if f.replied_on <= f.reply_due:
                    accs[k].counts["replied_on_time"] += 1
        if (f.referred_on <= snapshot and (f.replied_on is None or f.replied_on > snapshot)
                and f.reply_due < snapshot):
            for k in keys:
                accs[k].counts["overdue"] += 1
    verdict_field = {Verdict.SATISFIED.value: "satisfied", Verdict.BASICALLY_SATISFIED.value: "basically_satisfied",
                     Verdict.DISSATISFIED.value: "dissatisfied"}
    for c in facts.callbacks:
        if start <= c.called_at.date() <= end:
            for k in _keys(c.category, c.channel, c.unit):
                accs[k].counts["callbacks"] += 1
                accs[k].counts[verdict_field[c.verdict]] += 1
    result = {k: acc.figures() for k, acc in accs.items()}
    result.setdefault(TOTAL, Figures())
    return result


# -- the tally -----------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BreakdownRow:
    label: str
    current: Figures
    previous: Figures


@dataclass(frozen=True, slots=True)
class Tally:
    scope: str  # the station, or "N 个站点" in the district centre
    stations: tuple[str, ...]
    period: Period
    previous_period: Period
    as_of: date
    current: Figures
    previous: Figures
    by_category: tuple[BreakdownRow, ...]
    by_channel: tuple[BreakdownRow, ...]
    by_unit: tuple[BreakdownRow, ...]
    made_on: date

    @property
    def title(self) -> str:
        return f"{self.scope}　{self.period.label}工作统计"


def _breakdown(kind: str, cur: dict[Key, Figures], prev: dict[Key, Figures],
               order: Callable[[str], object], label: Callable[[str], str]) -> tuple[BreakdownRow, ...]:
    names = {k[1] for k in cur if k[0] == kind} | {k[1] for k in prev if k[0] == kind}
    return tuple(BreakdownRow(label(n), cur.get((kind, n), Figures()), prev.get((kind, n), Figures()))
                 for n in sorted(names, key=order))


def channel_zh(value: str) -> str:
    return CHANNEL_ZH.get(Channel(value), value) if value in set(Channel) else value


def build_tally(facts: TallyFacts, period: Period, *, today: date, stations: Iterable[str],
                category_order: Iterable[str] = ()) -> Tally:
    """The tally of `period` with the period before it beside, from facts covering both."""
    previous = period.previous()
    cur = count(facts, period, today)
    prev = count(facts, previous, today)
    stations = tuple(stations)
    scope = stations[0] if len(stations) == 1 else f"{len(stations)}个站点合计"
    cat_rank = {name: i for i, name in enumerate(category_order)}
    channel_rank = {c.value: i for i, c in enumerate(Channel)}
    return Tally(
        scope=scope, stations=stations, period=period, previous_period=previous,
        as_of=as_of(period, today), current=cur[TOTAL], previous=prev[TOTAL],
        by_category=_breakdown("category", cur, prev,
                               lambda n: (n == UNCATEGORISED, cat_rank.get(n, len(cat_rank)), n), str),
        by_channel=_breakdown("channel", cur, prev, lambda n: (channel_rank.get(n, 99), n), channel_zh),
        by_unit=_breakdown("unit", cur, prev, lambda n: n, str),
        made_on=today,
    )


def figure_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Figures))
