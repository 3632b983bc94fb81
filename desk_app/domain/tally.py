"""The tally (工作统计) of a month, quarter, half-year, year or any range (domain.periods), beside
the period before (环比) and the same period last year (同比): every figure's definition, written once.

The desk, its PDF and Excel documents, the district centre and the central server all count with
this module, from plain facts (one per reception, slip, callback, office step and deputy-visit,
and one history per case that may have been waiting at a snapshot day) that a storage query
supplies. Nothing here touches a database, so the same facts always give the same figures.

Which date puts a fact in a period (inclusive first and last day):

- deputy-visits: the visit's day;
- citizens received, opinions collected, solved on the spot: the reception's `received_at`;
- referred, second rounds: the slip's `referred_on` (every round counts: 交办件次), for slips the
  unit did not return; returned slips count under 退回 by `returned_on`, never under 交办;
- replied, replied on time: the slip's `replied_on`; on time means `replied_on <= reply_due`, the
  deadline after any approved extension;
- extensions requested / approved: `requested_on` / `decided_on`; chases: `chased_at`;
  callbacks that did not reach the citizen (未接通): `attempted_at`;
- signed off, closed with an explanation, withdrawn, reopened: the time of the office's move
  (its case event; a sign-off made before case events existed: the case's `signed_off_at`);
- callbacks and the satisfaction rate: the callback's `called_at` (reached callbacks only);
- overdue (three figures): snapshots at the period's last day (or today, if earlier) of the
  cases then waiting past the deadline of the state they waited in (casebook.waiting_due): for
  the unit's reply, for the callback, for the next slip. A case's state on a day is replayed
  from its records (`state_on`), so a past period's snapshot is what that day looked like.

Beside it, two more rates (docs/reports.md): per settled case, signed off / (signed off + closed
with an explanation); and satisfied only, satisfied / all reached callbacks.

The satisfaction rate is (satisfied + basically satisfied) / all reached callbacks in the period,
as a percentage with two decimals, rounded half up (82.37%); "—" when there were no callbacks.
A case closed with an explanation (解释办结) is counted apart: never in the numerator; its
dissatisfied callback is in the denominator like every reached callback, the closing adds nothing.

Voided registrations (作废) count nowhere; a duplicate merged into another case (合并) counts
nowhere either: the case it was merged into carries the matter once (`TallyFacts.gone`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Any

from desk_app.domain import casebook, numfmt
from desk_app.domain.casebook import EventKind, WaitingRules, waiting_due
from desk_app.domain.classes import ClassFact, count_classes
from desk_app.domain.lifecycle import (
    DEFAULT_LEVEL,
    LADDER,
    SUPERVISION_LEVEL_ZH,
    CaseStatus,
    initial_status,
)
from desk_app.domain.periods import Period as Period
from desk_app.domain.periods import PeriodKind as PeriodKind
from desk_app.domain.periods import month_period as month_period
from desk_app.domain.periods import parse_period as parse_period
from desk_app.domain.vocab import CHANNEL_ZH, Channel, Outcome, Verdict
from desk_app.domain.workcalendar import WorkCalendar

NO_RATE = numfmt.NO_VALUE
UNCATEGORISED = "未分类"

SATISFACTION_DEFINITION = (
    "满意率 =（满意 + 基本满意）÷ 全部回访次数 × 100%，按回访时间计入当期，保留两位小数；当期无回访时记为“—”。"
    "回访次数只计接通群众的回访（未接通的另计，不进分母）；解释办结的件不计入分子，其不满意回访照常计入分母。"
)
SETTLED_SATISFACTION_DEFINITION = (
    "按件满意率 = 销号件数 ÷（销号件数 + 解释办结件数）× 100%，按办结时间计入当期，保留两位小数；"
    "每次办结按其依据的最后一次回访计一次（多次回访的件只计一次，重办后再次办结另计一次），"
    "撤回和现场解决的件不计；当期无销号和解释办结时记为“—”。"
)
SATISFIED_ONLY_DEFINITION = (
    "满意率（不含基本满意）= 满意 ÷ 全部回访次数 × 100%，分母与满意率相同（只计接通群众的回访），"
    "保留两位小数；当期无回访时记为“—”。"
)


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
    signed_off_at: datetime | None  # kept for the server's facts; sign-offs count from StepFacts
    unit: str  # handling unit of the current round, "" when never referred
    headcount: int = 1  # 接待人数: a group received together


@dataclass(frozen=True, slots=True)
class ReferralFact:
    reception_id: str
    station_id: str
    round_no: int
    unit: str
    channel: str
    category: str
    referred_on: date
    reply_due: date  # today's deadline, after any approved extension
    replied_on: date | None
    returned_on: date | None = None  # the unit returned the slip (退回)


@dataclass(frozen=True, slots=True)
class CallbackFact:
    """A callback that reached the citizen, with the verdict."""

    reception_id: str
    station_id: str
    called_at: datetime
    verdict: str
    unit: str
    channel: str
    category: str


class Step(StrEnum):
    """Moves of the office and the unit that are counted as they happen (StepFact.kind)."""

    EXTENSION_REQUESTED = "extension_requested"  # 延期申请, by requested_on
    EXTENSION_APPROVED = "extension_approved"  # 批准延期, by decided_on
    CHASED = "chased"  # 催办, by chased_at
    NOT_REACHED = "not_reached"  # 未接通, by attempted_at
    SIGNED_OFF = "signed_off"  # 销号, by the event's time
    CLOSED_EXPLAINED = "closed_explained"  # 解释办结
    WITHDRAWN = "withdrawn"  # 撤回
    REOPENED = "reopened"  # 重办


STEP_MEASURE: dict[Step, str] = {
    Step.EXTENSION_REQUESTED: "extensions_requested",
    Step.EXTENSION_APPROVED: "extensions_approved",
    Step.CHASED: "chases",
    Step.NOT_REACHED: "not_reached",
    Step.SIGNED_OFF: "signed_off",
    Step.CLOSED_EXPLAINED: "closed_explained",
    Step.WITHDRAWN: "withdrawn",
    Step.REOPENED: "reopened",
}

# Steps a handling unit answers for (its breakdown row); the rest are the office's or the citizen's.
_UNIT_STEPS = frozenset(
    {
        Step.EXTENSION_REQUESTED,
        Step.EXTENSION_APPROVED,
        Step.CHASED,
        Step.SIGNED_OFF,
        Step.CLOSED_EXPLAINED,
        Step.REOPENED,
    }
)


@dataclass(frozen=True, slots=True)
class StepFact:
    reception_id: str
    station_id: str
    kind: str  # a Step value
    on: date
    unit: str  # the unit of the slip the step concerns ("" when none)
    channel: str
    category: str


@dataclass(frozen=True, slots=True)
class VisitFact:
    station_id: str
    day: date


# A case's records, for replaying its state on a snapshot day.


@dataclass(frozen=True, slots=True)
class SlipRecord:
    round_no: int
    attempt: int
    unit: str
    referred_on: date
    reply_due: date  # today's deadline
    replied_on: date | None = None
    returned_on: date | None = None
    # Approved extensions of this slip: (decided_on, the deadline before it).
    extended: tuple[tuple[date, date], ...] = ()

    def due_on(self, day: date) -> date:
        """The reply deadline in force at the end of `day`: the deadline an extension approved
        after that day replaced, else today's."""
        later = [(decided, old) for decided, old in self.extended if decided > day]
        return min(later)[1] if later else self.reply_due


@dataclass(frozen=True, slots=True)
class CallRecord:
    """A callback that reached the citizen."""

    round_no: int
    called_at: datetime
    verdict: str


@dataclass(frozen=True, slots=True)
class EventRecord:
    """A status event of the office (casebook.STATUS_EVENTS: sign-off, closing, reopening …)."""

    kind: str
    round_no: int
    at: datetime


@dataclass(frozen=True, slots=True)
class CaseHistory:
    reception_id: str
    station_id: str
    channel: str
    category: str
    received_on: date
    outcome: str
    slips: tuple[SlipRecord, ...] = ()
    calls: tuple[CallRecord, ...] = ()
    events: tuple[EventRecord, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingFact:
    meeting_id: str
    held_on: date
    reception_id: str | None  # None: the meeting referred no case
    replied_on: date | None


@dataclass(slots=True)
class TallyFacts:
    receptions: list[ReceptionFact] = field(default_factory=list)
    referrals: list[ReferralFact] = field(default_factory=list)
    callbacks: list[CallbackFact] = field(default_factory=list)
    visits: list[VisitFact] = field(default_factory=list)
    steps: list[StepFact] = field(default_factory=list)
    # Every case that may have been waiting on a snapshot day (the overdue figures).
    histories: list[CaseHistory] = field(default_factory=list)
    # Voided and merged registrations: every fact of theirs is left out.
    gone: frozenset[str] = frozenset()
    # Each station's waiting deadlines (station id -> rules; WaitingRules() when missing), and the
    # working calendar they are counted on.
    rules: dict[str, WaitingRules] = field(default_factory=dict)
    calendar: WorkCalendar | None = None
    # Referral meetings (issue 13): one fact per case referred at a meeting, and one with no case
    # for a meeting that referred none.
    meetings: list[MeetingFact] = field(default_factory=list)
    # Suggestions and the ladder (issue 13): (what, day) with what = "sent", "satisfied", "escalated".
    network_steps: list[tuple[str, date]] = field(default_factory=list)
    # (case id, round) -> the words of the 大督办 level supervising a second or later round
    # (issue 13); a round missing here is at lifecycle.DEFAULT_LEVEL.
    round_levels: dict[tuple[str, int], str] = field(default_factory=dict)
    # Case classes (类案, issue 14): one fact per member in force of every class formed by the end.
    classes: list[ClassFact] = field(default_factory=list)


# -- figures -------------------------------------------------------------------------------------


def percent(numerator: int, denominator: int) -> Decimal | None:
    """numerator / denominator as a percentage with two decimals (half up); None when 0/0."""
    if denominator <= 0:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def format_percent(value: Decimal | None) -> str:
    return numfmt.rate_text(value)


@dataclass(frozen=True, slots=True)
class Figures:
    deputy_visits: int = 0
    citizens: int = 0
    opinions: int = 0
    on_site: int = 0
    consultations: int = 0
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
    # The moves of issue 9.
    returned: int = 0
    extensions_requested: int = 0
    extensions_approved: int = 0
    chases: int = 0
    not_reached: int = 0
    closed_explained: int = 0
    withdrawn: int = 0
    reopened: int = 0
    callback_overdue: int = 0
    refer_overdue: int = 0
    # Face-to-face referral meetings (issue 13): held in the period, the matters referred at them,
    # and of those the ones their unit answered by the period's end.
    meetings_held: int = 0
    meeting_matters: int = 0
    meeting_answered: int = 0
    # Deputies' suggestions sent to a bureau (each round), the deputy satisfied, and escalations
    # up the supervision ladder (大督办), in the period.
    suggestions_sent: int = 0
    suggestions_satisfied: int = 0
    escalations: int = 0
    # Case classes (类案, issue 14): formed in the period, settled in it, and the member cases of
    # the classes settled in it that were signed off (each through its own satisfied callback).
    classes_formed: int = 0
    classes_settled: int = 0
    class_cases_settled: int = 0

    @property
    def satisfaction_rate(self) -> Decimal | None:
        """Percent, two decimals: (satisfied + basically satisfied) / reached callbacks."""
        return percent(self.satisfied + self.basically_satisfied, self.callbacks)

    @property
    def settled_satisfaction_rate(self) -> Decimal | None:
        """Percent per settled case: signed off / (signed off + closed with an explanation)."""
        return percent(self.signed_off, self.signed_off + self.closed_explained)

    @property
    def satisfied_only_rate(self) -> Decimal | None:
        """Percent: satisfied (not basically satisfied) / reached callbacks."""
        return percent(self.satisfied, self.callbacks)

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


_NOT_GONE = "已作废的登记和并入其他案件的重复登记不计。"

# The tally's rows, in the order every document prints them.
MEASURES: tuple[Measure, ...] = (
    Measure("deputy_visits", "代表进站(人次)", "代表到站履职(值班、视察、座谈等)的人次，按进站日期计。"),
    Measure(
        "citizens",
        "接待群众(人)",
        "当期接待登记涉及的群众人数：同一电话(无电话时同一姓名和住址)计一人，未留信息的每条登记计一人；"
        "一次接待多人(群体来访)按登记的接待人数计；" + _NOT_GONE,
    ),
    Measure("opinions", "收集意见建议(条)", "当期接待登记的条数，每条登记计一条，按登记时间计；" + _NOT_GONE),
    Measure("on_site", "现场解决(件)", "当期登记且当场答复解决的件数，不含咨询；" + _NOT_GONE),
    Measure(
        "consultations",
        "咨询(件)",
        "当期登记、当场解答的咨询(问政策、问办事去处等)件数，单独计数，不计入“现场解决”；" + _NOT_GONE,
    ),
    Measure(
        "referred",
        "交办(件次)",
        "当期开出的交办单，按交办日期计，二次督办、退回后重新交办各计一次；"
        "被承办单位退回的交办单(无论何时退回)不计入，改计“退回”。",
    ),
    Measure(
        "second_rounds",
        "二次督办(件次)",
        "当期开出的第二轮及以后(二次督办、重办后交办)且未被退回的交办单，已含在“交办”中；"
        "退回后重新交办不算新的一轮。",
    ),
    Measure(
        "returned",
        "退回(件次)",
        "承办单位退回的交办单(如不属本单位职责)，按退回日期计；重新交办的交办单计入“交办”，不算新的督办轮次。",
    ),
    Measure(
        "extensions_requested",
        "延期申请(件次)",
        "承办单位在答复期限届满前提出的延期申请，按申请日期计(含待审批和不同意的)。",
    ),
    Measure(
        "extensions_approved",
        "批准延期(件次)",
        "经审批同意的延期申请，按审批日期计；批准后以延期后的期限判断按期答复和超期。",
    ),
    Measure("chases", "催办(次)", "对承办单位的催办记录，按催办时间计。"),
    Measure("replied", "已答复(件次)", "当期收到承办单位答复的交办单，按答复日期计。"),
    Measure(
        "replied_on_time",
        "按期答复(件次)",
        "当期答复中答复日期不晚于答复期限(经批准延期的，为延期后的期限)的。",
    ),
    Measure("on_time_rate", "按期答复率", "按期答复 ÷ 已答复 × 100%，保留两位小数。", is_rate=True),
    Measure(
        "overdue",
        "超期未答复(件)",
        "截至期末(期末晚于今天时截至今天)仍待承办单位答复、已过当日有效的答复期限的交办单；"
        "已退回、已撤回的不计。",
    ),
    Measure(
        "callback_overdue",
        "超期未回访(件)",
        "截至期末已答复、尚未接通回访，且已过回访期限(答复日期后本站设定的工作日数)的案件。",
    ),
    Measure(
        "refer_overdue",
        "超期未交办(件)",
        "截至期末等待开具交办单(新登记待交办、回访不满意待二次督办、交办单被退回待重新交办、"
        "重办待交办)，且已过交办期限(自登记、不满意回访、退回或重办之日起本站设定的工作日数)的案件。",
    ),
    Measure(
        "callbacks", "回访(次)", "当期接通群众的回访次数，按回访时间计；未接通的不计入本项，另计“未接通”。"
    ),
    Measure("satisfied", "满意", "回访评价为满意的次数。"),
    Measure("basically_satisfied", "基本满意", "回访评价为基本满意的次数。"),
    Measure("dissatisfied", "不满意", "回访评价为不满意的次数(含其后解释办结的)。"),
    Measure("satisfaction_rate", "满意率", SATISFACTION_DEFINITION, is_rate=True),
    Measure("settled_satisfaction_rate", "按件满意率", SETTLED_SATISFACTION_DEFINITION, is_rate=True),
    Measure("satisfied_only_rate", "满意率（不含基本满意）", SATISFIED_ONLY_DEFINITION, is_rate=True),
    Measure(
        "not_reached",
        "未接通(次)",
        "当期回访未接通群众的次数，按拨打时间计；不计入回访次数，不进满意率的分子和分母。",
    ),
    Measure(
        "signed_off",
        "销号(件)",
        "当期销号的案件，按销号时间计；销号后重办的，原销号仍计入其当期，再次销号另计一次。",
    ),
    Measure(
        "closed_explained",
        "解释办结(件)",
        "群众不满意且诉求超出政策范围，经书面解释办结的案件，按办结时间计；单独统计，不算满意："
        "不计入满意率的分子，其不满意回访已按回访时间计入分母，办结本身不再计入。",
    ),
    Measure("withdrawn", "撤回(件)", "群众撤回诉求而办结的案件，按撤回时间计；不计入销号。"),
    Measure(
        "reopened",
        "重办(件)",
        "已办结(销号、解释办结、现场解决、撤回)后群众再次反映而重新办理的案件，按重办时间计；"
        "重办后开出的交办单为下一轮。",
    ),
)

# Issue 13: the face-to-face referral meetings (交办会), after the measures above.
MEASURES += (
    Measure("meetings_held", "交办会(次)", "当期召开的群众意见面对面沟通交办会，按召开日期计。"),
    Measure("meeting_matters", "交办会交办(件)", "当期交办会上交办的事项，每件一张交办单，按交办会日期计。"),
    Measure(
        "meeting_answered",
        "交办会答复(件)",
        "当期交办会交办的事项中，承办单位在期末前已答复的件数。",
    ),
    Measure(
        "suggestions_sent",
        "代表建议交办(件)",
        "当期交承办单位办理的闭会期间代表建议，按最近一次交办日期计（代表不满意再次交办的，计在再次交办的当期）。",
    ),
    Measure(
        "suggestions_satisfied", "代表建议满意(件)", "当期代表对答复表示满意或基本满意的建议，按评价日期计。"
    ),
    Measure("escalations", "提级督办(次)", "当期案件或代表建议在大督办层级上提级的次数，按决定时间计。"),
)

# Issue 14: case classes (类案, 办理一件、解决一片), after the measures above.
MEASURES += (
    Measure("classes_formed", "类案归集(个)", "当期新建的类案（相似案件归为一类），按建立日期计。"),
    Measure("classes_settled", "类案办结(个)", "当期记录了解决办法（规则或措施）的类案，按办结日期计。"),
    Measure(
        "class_cases_settled",
        "类案解决案件(件)",
        "当期办结的类案中，期末前已销号的案件；每件均须经本人满意回访后销号，类案办结不代替回访。",
    ),
)

MEASURE_BY_KEY = {m.key: m for m in MEASURES}


def measure_value(figures: Figures, key: str) -> int | Decimal | None:
    return getattr(figures, key)


def measure_text(figures: Figures, key: str) -> str:
    value = measure_value(figures, key)
    if MEASURE_BY_KEY[key].is_rate:
        return format_percent(value)  # type: ignore[arg-type]
    return numfmt.count_text(int(value or 0))


# Columns of the breakdown tables (screen and Excel; the PDF prints a part, see tally_pdf).
# A unit never "receives" a citizen, so its table starts at 交办, and it holds only the figures the
# unit answers for: the callback and next-slip deadlines, unreached calls and withdrawals are
# the office's or the citizen's, not the unit's.
CASE_BREAKDOWN_KEYS = (
    "opinions",
    "on_site",
    "consultations",
    "referred",
    "returned",
    "replied",
    "replied_on_time",
    "overdue",
    "callback_overdue",
    "refer_overdue",
    "signed_off",
    "closed_explained",
    "withdrawn",
    "reopened",
    "second_rounds",
    "callbacks",
    "satisfaction_rate",
)
UNIT_BREAKDOWN_KEYS = (
    "referred",
    "returned",
    "extensions_requested",
    "extensions_approved",
    "chases",
    "replied",
    "replied_on_time",
    "on_time_rate",
    "overdue",
    "second_rounds",
    "signed_off",
    "closed_explained",
    "reopened",
    "callbacks",
    "satisfied",
    "basically_satisfied",
    "dissatisfied",
    "satisfaction_rate",
)


# -- periods ------------------------------------------------------------------------------------
# Period and its arithmetic live in domain.periods; re-exported here for the tally's callers.


def as_of(period: Period, today: date) -> date:
    """The day the overdue snapshots are taken (and the committee workbook's as-of date)."""
    return min(period.end, today)


# -- a case's state on a day ---------------------------------------------------------------------

S = CaseStatus
_EVENT_STATUS: dict[str, CaseStatus] = {k.value: v for k, v in casebook.STATUS_EVENTS.items()}
# Enum values read in the counting loops, looked up once (an enum member's .value is a
# descriptor call: ~70,000 of them in a month's tally of a 100k-case desk).
_ON_SITE = Outcome.RESOLVED_ON_SITE.value
_CONSULTATION = Outcome.CONSULTATION.value
_DISSATISFIED = Verdict.DISSATISFIED.value
# The lifecycle's order of a case's steps: by round (every step of a round comes before the next
# round's slip; a reopening or a withdrawal carries the round it ended), then within a round the
# slip attempts and returns (2a, 2a + 1), the reply, the callback, the office's moves (in time order).
_REPLY, _CALL, _EVENT = 10_000, 10_001, 10_002
_NO_TIME = datetime.min


@dataclass(frozen=True, slots=True)
class CaseState:
    """What a case waited in at the end of a day (`state_on`)."""

    status: CaseStatus
    round_no: int
    slip: SlipRecord | None = None  # referred, replied, returned: the slip the state is about
    call: CallRecord | None = None  # satisfied, dissatisfied: the callback
    reopened: EventRecord | None = None  # reopened: the reopening


Step_ = tuple[tuple[int, int, datetime], date, str, object]


def _steps(h: CaseHistory) -> list[Step_]:
    steps: list[Step_] = [((0, 0, _NO_TIME), h.received_on, "received", None)]
    for s in h.slips:
        steps.append(((s.round_no, 2 * s.attempt, _NO_TIME), s.referred_on, "refer", s))
        if s.returned_on is not None:
            steps.append(((s.round_no, 2 * s.attempt + 1, _NO_TIME), s.returned_on, "return", s))
        if s.replied_on is not None:
            steps.append(((s.round_no, _REPLY, _NO_TIME), s.replied_on, "reply", s))
    for c in h.calls:
        steps.append(((c.round_no, _CALL, c.called_at), c.called_at.date(), "call", c))
    for e in h.events:
        if e.kind in _EVENT_STATUS:
            steps.append(((e.round_no, _EVENT, e.at), e.at.date(), e.kind, e))
    steps.sort(key=lambda x: x[0])
    return steps


def _state(h: CaseHistory, step: Step_) -> CaseState:
    (round_no, _phase, _time), _day, kind, obj = step
    if kind == "received":
        status = initial_status(Outcome(h.outcome))
        return CaseState(status, 0)
    if kind in ("refer", "return", "reply"):
        assert isinstance(obj, SlipRecord)
        status = {"refer": S.REFERRED, "return": S.RETURNED, "reply": S.REPLIED}[kind]
        return CaseState(status, round_no, slip=obj)
    if kind == "call":
        assert isinstance(obj, CallRecord)
        verdict = S.DISSATISFIED if obj.verdict == _DISSATISFIED else S.SATISFIED
        return CaseState(verdict, round_no, call=obj)
    assert isinstance(obj, EventRecord)
    status = _EVENT_STATUS[kind]
    return CaseState(status, round_no, reopened=obj if status is S.REOPENED else None)


def states_on(h: CaseHistory, days: Iterable[date]) -> dict[date, CaseState | None]:
    """The case's state at the end of each day (None before it was received): the state its
    last step by then left it in, in the lifecycle's order (slips referred, returned and replied,
    callbacks, the office's status events). Only that step matters, so a history may leave out
    steps older than the last one before each day without changing the answer."""
    steps = _steps(h)
    result: dict[date, CaseState | None] = {}
    for day in days:
        last = None
        for step in steps:
            if step[1] <= day:
                last = step
        result[day] = None if last is None else _state(h, last)
    return result


def state_on(h: CaseHistory, day: date) -> CaseState | None:
    return states_on(h, (day,))[day]


class Waiting(StrEnum):
    """What a waiting case waits for; each has its overdue figure."""

    REPLY = "overdue"  # the unit's reply (referred)
    CALLBACK = "callback_overdue"  # the callback (replied)
    NEXT_SLIP = "refer_overdue"  # a slip: new, dissatisfied, returned, reopened


WAITING_OF: dict[CaseStatus, Waiting] = {
    S.REFERRED: Waiting.REPLY,
    S.REPLIED: Waiting.CALLBACK,
    S.AWAITING_REFERRAL: Waiting.NEXT_SLIP,
    S.DISSATISFIED: Waiting.NEXT_SLIP,
    S.RETURNED: Waiting.NEXT_SLIP,
    S.REOPENED: Waiting.NEXT_SLIP,
}


def deadline_on(
    h: CaseHistory, state: CaseState, day: date, rules: WaitingRules, calendar: WorkCalendar | None
) -> date | None:
    """The deadline of the state the case waited in on `day`, by the rule book's waiting_due."""
    slips: tuple[casebook.SlipFact, ...] = ()
    s = state.slip
    if s is not None:
        slips = (
            casebook.SlipFact(
                "", s.round_no, s.attempt, s.referred_on, s.due_on(day), s.replied_on, s.returned_on
            ),
        )
    calls: tuple[casebook.CallbackFact, ...] = ()
    if state.call is not None:
        calls = (casebook.CallbackFact("", state.call.round_no, state.call.called_at, state.call.verdict),)
    events: tuple[casebook.EventFact, ...] = ()
    if state.reopened is not None:
        events = (
            casebook.EventFact("", EventKind.REOPENED.value, state.reopened.round_no, state.reopened.at),
        )
    facts = casebook.CaseFacts(state.status, state.round_no, slips, calls, events, received_on=h.received_on)
    return waiting_due(facts, rules, calendar).due


def overdue_on(
    h: CaseHistory, state: CaseState | None, day: date, rules: WaitingRules, calendar: WorkCalendar | None
) -> Waiting | None:
    """Which overdue figure the case counts in on `day` (None: not waiting, or not late)."""
    if state is None or state.status not in WAITING_OF:
        return None
    due = deadline_on(h, state, day, rules, calendar)
    return WAITING_OF[state.status] if due is not None and due < day else None


# -- counting ------------------------------------------------------------------------------------


class _Acc:
    __slots__ = ("counts", "citizens")

    def __init__(self) -> None:
        self.counts: dict[str, int] = defaultdict(int)
        # who -> how many came with them (the largest group they came in)
        self.citizens: dict[str, int] = {}

    def figures(self) -> Figures:
        return Figures(citizens=sum(self.citizens.values()), **self.counts)


Key = tuple[str, str]  # ("total", "") | ("category", name) | ("channel", value) | ("unit", name)
TOTAL: Key = ("total", "")


def _keys(category: str, channel: str, unit: str | None) -> tuple[Key, ...]:
    keys: tuple[Key, ...] = (TOTAL, ("category", category or UNCATEGORISED), ("channel", channel))
    return keys + (("unit", unit),) if unit else keys


@dataclass(frozen=True, slots=True, order=True)
class LateCase:
    """A case counted in one of the overdue figures on the snapshot day, with the slip it waited
    after (the committee workbook's 整改清单 marks that slip, so its list and the tally agree)."""

    reception_id: str
    waiting: str  # a Waiting value: which figure
    status: str  # the CaseStatus it waited in
    round_no: int
    attempt: int  # the slip's attempt; 0 when no slip of the round is in the history
    referred_on: date | None  # the slip's referral day; None when no slip


def _slip_of(h: CaseHistory, state: CaseState, day: date) -> SlipRecord | None:
    """The slip a waiting state follows: its own, else the round's latest slip by `day`."""
    if state.slip is not None:
        return state.slip
    slips = [s for s in h.slips if s.round_no == state.round_no and s.referred_on <= day]
    return max(slips, key=lambda s: s.attempt) if slips else None


def count(
    facts: TallyFacts, period: Period, today: date, *, late: set[LateCase] | None = None
) -> dict[Key, Figures]:
    """Every figure of `period`, in total and per category, channel and handling unit.
    `late`, when given, receives the cases counted in the three overdue figures."""
    accs: dict[Key, _Acc] = defaultdict(_Acc)
    start, end = period.start, period.end
    gone = facts.gone
    for v in facts.visits:
        if start <= v.day <= end:
            accs[TOTAL].counts["deputy_visits"] += 1
    for r in facts.receptions:
        if r.id in gone:
            continue
        if start <= r.received_at.date() <= end:
            for k in _keys(r.category, r.channel, None):
                acc = accs[k]
                acc.counts["opinions"] += 1
                who = r.citizen_key or "#" + r.id
                acc.citizens[who] = max(acc.citizens.get(who, 0), r.headcount)
                if r.outcome == _ON_SITE:
                    acc.counts["on_site"] += 1
                elif r.outcome == _CONSULTATION:
                    acc.counts["consultations"] += 1
    for f in facts.referrals:
        if f.reception_id in gone:
            continue
        keys = _keys(f.category, f.channel, f.unit)
        if f.returned_on is None and start <= f.referred_on <= end:
            for k in keys:
                accs[k].counts["referred"] += 1
                if f.round_no >= 2:
                    accs[k].counts["second_rounds"] += 1
        if f.returned_on is not None and start <= f.returned_on <= end:
            for k in keys:
                accs[k].counts["returned"] += 1
        if f.replied_on is not None and start <= f.replied_on <= end:
            for k in keys:
                accs[k].counts["replied"] += 1
                if f.replied_on <= f.reply_due:
                    accs[k].counts["replied_on_time"] += 1
    verdict_field = {
        Verdict.SATISFIED.value: "satisfied",
        Verdict.BASICALLY_SATISFIED.value: "basically_satisfied",
        Verdict.DISSATISFIED.value: "dissatisfied",
    }
    for c in facts.callbacks:
        if c.reception_id not in gone and start <= c.called_at.date() <= end:
            for k in _keys(c.category, c.channel, c.unit):
                accs[k].counts["callbacks"] += 1
                accs[k].counts[verdict_field[c.verdict]] += 1
    for s in facts.steps:
        if s.reception_id in gone or not start <= s.on <= end:
            continue
        step = Step(s.kind)
        for k in _keys(s.category, s.channel, s.unit if step in _UNIT_STEPS else None):
            accs[k].counts[STEP_MEASURE[step]] += 1
    _count_overdue(facts, as_of(period, today), accs, late)
    _count_meetings(facts, start, end, accs[TOTAL])
    _count_classes(facts, start, end, accs[TOTAL])
    result = {k: acc.figures() for k, acc in accs.items()}
    result.setdefault(TOTAL, Figures())
    return result


def _count_meetings(facts: TallyFacts, start: date, end: date, acc: _Acc) -> None:
    """Meetings held in the period and their matters, referred and answered (issue 13)."""
    held: set[str] = set()
    for m in facts.meetings:
        if not start <= m.held_on <= end or (m.reception_id is not None and m.reception_id in facts.gone):
            continue
        held.add(m.meeting_id)
        if m.reception_id is not None:
            acc.counts["meeting_matters"] += 1
            if m.replied_on is not None and m.replied_on <= end:
                acc.counts["meeting_answered"] += 1
    if held:
        acc.counts["meetings_held"] += len(held)
    names = {"sent": "suggestions_sent", "satisfied": "suggestions_satisfied", "escalated": "escalations"}
    for what, day in facts.network_steps:
        if start <= day <= end:
            acc.counts[names[what]] += 1


def _count_classes(facts: TallyFacts, start: date, end: date, acc: _Acc) -> None:
    """Case classes formed and settled in the period, and the cases they settled (issue 14)."""
    counted = count_classes(facts.classes, start, end, facts.gone)
    acc.counts["classes_formed"] += counted.formed
    acc.counts["classes_settled"] += counted.settled
    acc.counts["class_cases_settled"] += counted.cases_settled


class _RememberingCalendar(WorkCalendar):
    """The facts' calendar, remembering its answers for one count: thousands of deadlines are
    counted over a few hundred days."""

    def __init__(self, calendar: WorkCalendar | None) -> None:
        super().__init__(calendar.office.values() if calendar is not None else ())
        self._working: dict[date, bool] = {}
        self._known: dict[int, bool] = {}

    def is_working_day(self, day: date) -> bool:
        found = self._working.get(day)
        if found is None:
            found = self._working[day] = super().is_working_day(day)
        return found

    def is_known_year(self, year: int) -> bool:
        found = self._known.get(year)
        if found is None:
            found = self._known[year] = super().is_known_year(year)
        return found


def _count_overdue(
    facts: TallyFacts, snapshot: date, accs: dict[Key, _Acc], late_cases: set[LateCase] | None = None
) -> None:
    """The three overdue snapshots: each case waiting past its deadline at the end of `snapshot`.
    A late reply counts for the slip's unit too; a late callback or slip is the office's."""
    default = WaitingRules()
    calendar = _RememberingCalendar(facts.calendar)
    for h in facts.histories:
        if h.received_on > snapshot or h.reception_id in facts.gone:
            continue
        state = state_on(h, snapshot)
        late = overdue_on(h, state, snapshot, facts.rules.get(h.station_id, default), calendar)
        if late is None:
            continue
        assert state is not None
        figure = late.value
        unit = state.slip.unit if late is Waiting.REPLY and state.slip is not None else None
        if late_cases is not None:
            slip = _slip_of(h, state, snapshot)
            late_cases.add(
                LateCase(
                    h.reception_id,
                    figure,
                    state.status.value,
                    state.round_no,
                    slip.attempt if slip is not None else 0,
                    slip.referred_on if slip is not None else None,
                )
            )
        for k in _keys(h.category, h.channel, unit):
            accs[k].counts[figure] += 1


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
    # The same period last year (同期, for 同比) and its figures.
    year_ago_period: Period | None = None
    year_ago: Figures = field(default_factory=Figures)
    # The cases counted in the period's overdue figures (the committee workbook marks them).
    late: frozenset[LateCase] = frozenset()
    # Theme reception days (主题接待日, issue 14): held in the period, and receptions tagged to them.
    theme_days_held: int = 0
    theme_day_receptions: int = 0
    # The period's 二次督办 by the 大督办 level supervising each round (issue 13): (level's words,
    # slips) in ladder order, levels with none left out; they add up to current.second_rounds.
    second_rounds_by_level: tuple[tuple[str, int], ...] = ()
    # The same per handling unit (the unit table and the workbook's 评价清单): unit -> (level's
    # words, slips) in ladder order; units without a second round in the period are left out.
    second_rounds_by_unit: dict[str, tuple[tuple[str, int], ...]] = field(default_factory=dict)

    @property
    def second_rounds_line(self) -> str:
        """The tally's line on second rounds by supervision level, "" when there was none."""
        if not self.second_rounds_by_level:
            return ""
        return f"二次督办按督办层级：{levels_words(self.second_rounds_by_level)}。"

    def unit_levels_words(self, unit: str) -> str:
        """A unit's second rounds by level, as 评价清单 and the unit table print them ("" none)."""
        return levels_words(self.second_rounds_by_unit.get(unit, ()))

    @property
    def theme_days_line(self) -> str:
        """The tally's line on theme reception days, "" when none was held."""
        if not self.theme_days_held:
            return ""
        return (
            f"主题接待日：举办{self.theme_days_held}次，当日接待群众反映问题{self.theme_day_receptions}件。"
        )

    @property
    def title(self) -> str:
        return f"{self.scope}　{self.period.label}工作统计"

    def late_after_period_slips(self, waiting: Waiting) -> int:
        """Of an overdue figure, the cases waiting after a slip handed over in the period itself
        (the 整改清单 lists those slips; the rest waited after an earlier slip, or none)."""
        return sum(
            1
            for c in self.late
            if c.waiting == waiting.value
            and c.referred_on is not None
            and self.period.contains(c.referred_on)
        )


def _breakdown(
    kind: str,
    cur: dict[Key, Figures],
    prev: dict[Key, Figures],
    order: Callable[[str], Any],
    label: Callable[[str], str],
) -> tuple[BreakdownRow, ...]:
    names = {k[1] for k in cur if k[0] == kind} | {k[1] for k in prev if k[0] == kind}
    return tuple(
        BreakdownRow(label(n), cur.get((kind, n), Figures()), prev.get((kind, n), Figures()))
        for n in sorted(names, key=order)
    )


def channel_zh(value: str) -> str:
    return CHANNEL_ZH.get(Channel(value), value) if value in set(Channel) else value


def build_tally(
    facts: TallyFacts,
    period: Period,
    *,
    today: date,
    stations: Iterable[str],
    category_order: Iterable[str] = (),
    year_ago_facts: TallyFacts | None = None,
) -> Tally:
    """The tally of `period` with the period before it and the same period last year beside,
    from facts covering the first two (and `year_ago_facts` the third; default: `facts`)."""
    previous = period.previous()
    year_ago = period.year_ago()
    late: set[LateCase] = set()
    cur = count(facts, period, today, late=late)
    prev = count(facts, previous, today)
    ago = count(year_ago_facts if year_ago_facts is not None else facts, year_ago, today)
    stations = tuple(stations)
    scope = stations[0] if len(stations) == 1 else f"{len(stations)}个站点合计"
    cat_rank = {name: i for i, name in enumerate(category_order)}
    channel_rank = {c.value: i for i, c in enumerate(Channel)}
    return Tally(
        scope=scope,
        stations=stations,
        period=period,
        previous_period=previous,
        as_of=as_of(period, today),
        current=cur[TOTAL],
        previous=prev[TOTAL],
        by_category=_breakdown(
            "category", cur, prev, lambda n: (n == UNCATEGORISED, cat_rank.get(n, len(cat_rank)), n), str
        ),
        by_channel=_breakdown("channel", cur, prev, lambda n: (channel_rank.get(n, 99), n), channel_zh),
        by_unit=_breakdown("unit", cur, prev, lambda n: n, str),
        made_on=today,
        year_ago_period=year_ago,
        year_ago=ago[TOTAL],
        late=frozenset(late),
        second_rounds_by_level=second_rounds_by_level(facts, period),
        second_rounds_by_unit=second_rounds_by_unit(facts, period),
    )


# The heading of the unit table's column of second rounds by level (评价清单, the tally PDF).
UNIT_LEVELS_HEAD = "二次督办按督办层级"


def levels_words(pairs: Iterable[tuple[str, int]]) -> str:
    """代表工委综合督办1件次、主任会议统筹督办1件次 ("" for none)."""
    return "、".join(f"{words}{n}件次" for words, n in pairs)


def _second_rounds(facts: TallyFacts, period: Period) -> Iterator[tuple[str, str]]:
    """(unit, level's words) of each of the period's second rounds (the slips `second_rounds`
    counts), at the level in `facts.round_levels` (DEFAULT_LEVEL when missing)."""
    default = SUPERVISION_LEVEL_ZH[DEFAULT_LEVEL]
    for f in facts.referrals:
        if (
            f.round_no >= 2
            and f.returned_on is None
            and f.reception_id not in facts.gone
            and period.start <= f.referred_on <= period.end
        ):
            yield f.unit, facts.round_levels.get((f.reception_id, f.round_no), default)


def _in_ladder_order(found: dict[str, int]) -> tuple[tuple[str, int], ...]:
    order = [SUPERVISION_LEVEL_ZH[level] for level in LADDER]
    return tuple((words, found[words]) for words in order if found.get(words))


def second_rounds_by_level(facts: TallyFacts, period: Period) -> tuple[tuple[str, int], ...]:
    """The period's second rounds (the slips `second_rounds` counts) by their supervision level."""
    found: dict[str, int] = defaultdict(int)
    for _unit, words in _second_rounds(facts, period):
        found[words] += 1
    return _in_ladder_order(found)


def second_rounds_by_unit(facts: TallyFacts, period: Period) -> dict[str, tuple[tuple[str, int], ...]]:
    """The period's second rounds by handling unit, each unit's by supervision level."""
    found: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for unit, words in _second_rounds(facts, period):
        found[unit][words] += 1
    return {unit: _in_ladder_order(levels) for unit, levels in found.items()}


def figure_fields() -> tuple[str, ...]:
    return tuple(f.name for f in fields(Figures))
