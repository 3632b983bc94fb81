"""Campaigns of a mobile station (人大代表流动工作站, issue 14): the pure rules.

A campaign has a topic, a period, its deputies, the places it goes (counties, estates,
checkpoints, enterprises …) and its activities: inspections (明察暗访), forums (座谈会: who came and
how many), surveys (调研) and visits (走访), each on a day at a place with deputies and the people
met. It defines result measures of its own (加装电梯 台, 整治飞线 处) whose counts are recorded over
time; a measure's figure is the sum of its counts. Problems found are ordinary cases (receptions)
tagged with the campaign, so they are referred and followed like any other; the board counts them
from their statuses. Its suggestions (建议) are deputies' suggestions between sessions (issue 13,
domain/suggestions.py) drafted from its problems and tagged with it, so they are numbered, sent,
answered and rated like any; the board counts them.

Also here: the columns of a campaign's Excel problem list (问题清单) and the parsing of one row,
reusing the ledger's date and choice parsing (desk_app.domain.ledger).

Pure: no database, no Qt.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from desk_app.domain.ledger import (
    CHANNEL_WORDS,
    OUTCOME_WORDS,
    BadCell,
    MissingYear,
    cell_text,
    choice_of,
    parse_datetime,
)
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.suggestions import SUGGESTION_STATE_ZH, SuggestionState
from desk_app.domain.validation import (
    MAX_CONTENT_CHARS,
    MAX_NAME_CHARS,
    MAX_SHORT_TEXT_CHARS,
    is_valid_phone,
)
from desk_app.domain.vocab import CHANNEL_ZH, Channel, Outcome

MAX_TOPIC_CHARS = 100
MAX_PLACE_CHARS = 100
MAX_MEASURE_CHARS = 50
MAX_UNIT_CHARS = 10
MAX_PEOPLE = 1_000_000
MAX_AMOUNT = 10_000_000


class PlaceKind(StrEnum):
    COUNTY = "county"  # 县区
    TOWNSHIP = "township"  # 乡镇街道
    ESTATE = "estate"  # 小区
    CHECKPOINT = "checkpoint"  # 执法站点、卡口
    ENTERPRISE = "enterprise"  # 企业
    OTHER = "other"


PLACE_KIND_ZH: dict[PlaceKind, str] = {
    PlaceKind.COUNTY: "县区",
    PlaceKind.TOWNSHIP: "乡镇街道",
    PlaceKind.ESTATE: "小区",
    PlaceKind.CHECKPOINT: "执法站点",
    PlaceKind.ENTERPRISE: "企业",
    PlaceKind.OTHER: "其他地点",
}


class ActivityKind(StrEnum):
    INSPECTION = "inspection"  # 明察暗访
    FORUM = "forum"  # 座谈会
    SURVEY = "survey"  # 调研
    VISIT = "visit"  # 走访


ACTIVITY_KIND_ZH: dict[ActivityKind, str] = {
    ActivityKind.INSPECTION: "明察暗访",
    ActivityKind.FORUM: "座谈会",
    ActivityKind.SURVEY: "调研",
    ActivityKind.VISIT: "走访",
}

# A case tagged with a campaign is "referred" once it has had a slip, "settled" when it closed
# with the matter dealt with (signed off after a satisfied callback, solved on the spot, or
# closed with an explanation). Voided and merged registrations are not problems at all.
SETTLED_STATUSES = frozenset(
    {CaseStatus.SIGNED_OFF, CaseStatus.RESOLVED_ON_SITE, CaseStatus.CLOSED_EXPLAINED}
)


class CampaignProblem(StrEnum):
    """Why a campaign's record is refused (stable codes; Chinese in PROBLEM_ZH)."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    OUT_OF_RANGE = "out_of_range"
    ENDS_BEFORE_START = "ends_before_start"
    OUTSIDE_PERIOD = "outside_period"
    UNKNOWN_CHOICE = "unknown_choice"
    DUPLICATE = "duplicate"


PROBLEM_ZH: dict[CampaignProblem, str] = {
    CampaignProblem.REQUIRED: "必填，不能为空",
    CampaignProblem.TOO_LONG: "内容过长",
    CampaignProblem.OUT_OF_RANGE: "数字超出范围",
    CampaignProblem.ENDS_BEFORE_START: "结束日期早于开始日期",
    CampaignProblem.OUTSIDE_PERIOD: "日期不在活动期间内",
    CampaignProblem.UNKNOWN_CHOICE: "不是可选的值",
    CampaignProblem.DUPLICATE: "已有同名的项目",
}


@dataclass(frozen=True, slots=True)
class CampaignFieldError:
    field: str
    problem: CampaignProblem

    @property
    def message_zh(self) -> str:
        return PROBLEM_ZH[self.problem]


# -- drafts and their checks ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CampaignDraft:
    topic: str
    starts_on: date
    ends_on: date | None = None
    note: str = ""
    deputy_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PlaceDraft:
    name: str
    kind: PlaceKind | str = PlaceKind.OTHER


@dataclass(frozen=True, slots=True)
class ActivityDraft:
    kind: ActivityKind | str
    day: date
    place_id: str | None = None
    place_text: str = ""  # where, when it is not one of the campaign's places
    subject: str = ""  # 主题
    attendees: str = ""  # who attended (座谈会: 驾驶员代表、运输企业 …)
    headcount: int = 0  # how many attended
    people_met: int = 0  # people met (群众、企业、驾驶员 …)
    deputy_ids: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True, slots=True)
class MeasureDraft:
    name: str  # 加装电梯
    unit: str = ""  # 台


def _text_errors(name: str, value: str, limit: int, *, required: bool) -> list[CampaignFieldError]:
    if required and not value.strip():
        return [CampaignFieldError(name, CampaignProblem.REQUIRED)]
    if len(value.strip()) > limit:
        return [CampaignFieldError(name, CampaignProblem.TOO_LONG)]
    return []


def validate_campaign(d: CampaignDraft) -> list[CampaignFieldError]:
    errors = _text_errors("topic", d.topic, MAX_TOPIC_CHARS, required=True)
    errors += _text_errors("note", d.note, MAX_CONTENT_CHARS, required=False)
    if d.ends_on is not None and d.ends_on < d.starts_on:
        errors.append(CampaignFieldError("ends_on", CampaignProblem.ENDS_BEFORE_START))
    return errors


def validate_place(d: PlaceDraft, existing: Iterable[str] = ()) -> list[CampaignFieldError]:
    errors = _text_errors("name", d.name, MAX_PLACE_CHARS, required=True)
    if d.kind not in {k.value for k in PlaceKind}:
        errors.append(CampaignFieldError("kind", CampaignProblem.UNKNOWN_CHOICE))
    if not errors and d.name.strip() in set(existing):
        errors.append(CampaignFieldError("name", CampaignProblem.DUPLICATE))
    return errors


def in_period(day: date, starts_on: date, ends_on: date | None) -> bool:
    return starts_on <= day and (ends_on is None or day <= ends_on)


def validate_activity(d: ActivityDraft, starts_on: date, ends_on: date | None) -> list[CampaignFieldError]:
    errors: list[CampaignFieldError] = []
    if d.kind not in {k.value for k in ActivityKind}:
        errors.append(CampaignFieldError("kind", CampaignProblem.UNKNOWN_CHOICE))
    if not in_period(d.day, starts_on, ends_on):
        errors.append(CampaignFieldError("day", CampaignProblem.OUTSIDE_PERIOD))
    errors += _text_errors("place_text", d.place_text, MAX_SHORT_TEXT_CHARS, required=False)
    errors += _text_errors("subject", d.subject, MAX_SHORT_TEXT_CHARS, required=False)
    errors += _text_errors("attendees", d.attendees, MAX_CONTENT_CHARS, required=False)
    errors += _text_errors("note", d.note, MAX_CONTENT_CHARS, required=False)
    for name, value in (("headcount", d.headcount), ("people_met", d.people_met)):
        if not 0 <= value <= MAX_PEOPLE:
            errors.append(CampaignFieldError(name, CampaignProblem.OUT_OF_RANGE))
    return errors


def validate_measure(d: MeasureDraft, existing: Iterable[str] = ()) -> list[CampaignFieldError]:
    errors = _text_errors("name", d.name, MAX_MEASURE_CHARS, required=True)
    errors += _text_errors("unit", d.unit, MAX_UNIT_CHARS, required=False)
    if not errors and d.name.strip() in set(existing):
        errors.append(CampaignFieldError("name", CampaignProblem.DUPLICATE))
    return errors


def validate_count(amount: int) -> list[CampaignFieldError]:
    if not 0 <= amount <= MAX_AMOUNT:
        return [CampaignFieldError("amount", CampaignProblem.OUT_OF_RANGE)]
    return []


def suggestion_progress_zh(state: str, unit: str = "") -> str:
    """A campaign suggestion's progress as its report prints it: the deputy suggestion's state
    (已交办, 代表满意 …), with the bureau once sent; a record made before the link says so."""
    if not state:
        return "未转为代表建议"
    text = SUGGESTION_STATE_ZH[SuggestionState(state)]
    return f"{text}（{unit}）" if unit and state != SuggestionState.DRAFTED.value else text


# -- the board --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ActivityFact:
    kind: str
    headcount: int
    people_met: int


@dataclass(frozen=True, slots=True)
class MeasureFigure:
    name: str
    unit: str
    total: int


@dataclass(frozen=True, slots=True)
class Board:
    """The figures the bulletin reports of a campaign."""

    places: int
    places_by_kind: dict[str, int]
    activities_by_kind: dict[str, int]
    forums: int
    forum_attendance: int  # how many attended the forums
    people_met: int
    problems: int  # found: tagged cases, voided and merged ones left out
    referred: int
    settled: int
    suggestions: int
    measures: tuple[MeasureFigure, ...] = field(default=())

    @property
    def open_problems(self) -> int:
        return self.problems - self.settled


def board(
    *,
    place_kinds: Iterable[str],
    activities: Iterable[ActivityFact],
    problems: Iterable[tuple[str, int]],
    suggestions: int,
    measures: Iterable[MeasureFigure] = (),
) -> Board:
    """The board's figures. `problems` are the tagged cases as (status, round_no)."""
    kinds = Counter(place_kinds)
    acts = list(activities)
    by_kind = Counter(a.kind for a in acts)
    found = referred = settled = 0
    for status, round_no in problems:
        st = CaseStatus(status)
        if st.is_gone:
            continue
        found += 1
        referred += round_no >= 1
        settled += st in SETTLED_STATUSES
    return Board(
        places=sum(kinds.values()),
        places_by_kind={k.value: kinds[k.value] for k in PlaceKind if kinds[k.value]},
        activities_by_kind={k.value: by_kind[k.value] for k in ActivityKind},
        forums=by_kind[ActivityKind.FORUM.value],
        forum_attendance=sum(a.headcount for a in acts if a.kind == ActivityKind.FORUM.value),
        people_met=sum(a.people_met for a in acts),
        problems=found,
        referred=referred,
        settled=settled,
        suggestions=suggestions,
        measures=tuple(measures),
    )


def board_lines_zh(b: Board) -> list[tuple[str, str]]:
    """The board as (label, figure) lines, in the bulletin's words: for the report and exports."""
    lines = [("走访地点", f"{b.places} 处")]
    lines += [(f"其中：{PLACE_KIND_ZH[PlaceKind(k)]}", f"{n} 个") for k, n in b.places_by_kind.items()]
    lines += [(ACTIVITY_KIND_ZH[ActivityKind(k)], f"{n} 次") for k, n in b.activities_by_kind.items()]
    lines += [
        ("座谈会参加人数", f"{b.forum_attendance} 人"),
        ("接触群众", f"{b.people_met} 人"),
        ("发现问题", f"{b.problems} 个"),
        ("已交办", f"{b.referred} 个"),
        ("已办结", f"{b.settled} 个"),
        ("提出建议", f"{b.suggestions} 条"),
    ]
    lines += [(m.name, f"{m.total} {m.unit}".rstrip()) for m in b.measures]
    return lines


# -- the problem list (问题清单) in Excel --------------------------------------------------------------

# (key, template heading, required)
PROBLEM_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("found_at", "发现日期", True),
    ("content", "问题描述", True),
    ("place", "地点", False),
    ("channel", "来源渠道", False),
    ("citizen_name", "反映人", False),
    ("citizen_phone", "联系电话", False),
    ("category", "问题类别", False),
    ("deputies", "发现代表", False),
    ("outcome", "处理方式", False),
    ("on_site_answer", "现场答复", False),
    ("note", "备注", False),
)
PROBLEM_COLUMN_ZH = {key: heading for key, heading, _ in PROBLEM_COLUMNS}
PROBLEM_REQUIRED = tuple(key for key, _, required in PROBLEM_COLUMNS if required)
PROBLEM_HEADING_ALIASES: dict[str, str] = {
    **{heading: key for key, heading, _ in PROBLEM_COLUMNS},
    "日期": "found_at",
    "时间": "found_at",
    "发现时间": "found_at",
    "反映时间": "found_at",
    "登记时间": "found_at",
    "问题": "content",
    "问题内容": "content",
    "反映问题": "content",
    "存在问题": "content",
    "主要问题": "content",
    "具体问题": "content",
    "地址": "place",
    "县区": "place",
    "位置": "place",
    "问题地点": "place",
    "渠道": "channel",
    "来源": "channel",
    "姓名": "citizen_name",
    "群众姓名": "citizen_name",
    "电话": "citizen_phone",
    "联系方式": "citizen_phone",
    "类别": "category",
    "问题分类": "category",
    "代表": "deputies",
    "参加代表": "deputies",
    "办理方式": "outcome",
    "说明": "note",
}
_CAMPAIGN_CHANNEL_WORDS: dict[str, Channel] = {**CHANNEL_WORDS, "明察暗访": Channel.WINDOW_VISIT}


@dataclass(frozen=True, slots=True)
class ProblemEntry:
    found_at: datetime
    content: str
    place: str
    channel: Channel
    citizen_name: str
    citizen_phone: str
    category: str
    deputies: tuple[str, ...]
    outcome: Outcome
    on_site_answer: str
    note: str


@dataclass(frozen=True, slots=True)
class ProblemCellError:
    column: str  # a PROBLEM_COLUMNS key
    message: str


def split_names(text: str) -> tuple[str, ...]:
    norm = unicodedata.normalize("NFKC", text)
    for sep in "、,，;；/ ":
        norm = norm.replace(sep, "\n")
    return tuple(dict.fromkeys(n.strip() for n in norm.split("\n") if n.strip()))


def parse_problem_row(
    values: Mapping[str, object], *, now: datetime, year: int | None = None
) -> tuple[ProblemEntry | None, list[ProblemCellError]]:
    """One row of a problem list (values by column key) as an entry, or every problem in it."""
    problems: list[ProblemCellError] = []

    def bad(column: str, message: str) -> None:
        if not any(p.column == column for p in problems):
            problems.append(ProblemCellError(column, message))

    text = {key: cell_text(values.get(key)) for key, _, _ in PROBLEM_COLUMNS}
    found_at: datetime | None = None
    try:
        found_at = parse_datetime(values.get("found_at"), year=year)
    except MissingYear as exc:
        bad("found_at", f"“{exc}”没有年份：请在工作表名或标题中写明年份（如 2026年4月），或导入时指定年份")
    except BadCell as exc:
        bad("found_at", f"无法识别的日期“{exc}”（应如 2026-10-12 或 2026年10月12日）")
    if found_at is None and not problems:
        bad("found_at", "必填，不能为空")
    if found_at is not None and found_at > now:
        bad("found_at", "日期晚于今天，请检查")
    if not text["content"]:
        bad("content", "必填，不能为空")
    elif len(text["content"]) > MAX_CONTENT_CHARS:
        bad("content", f"内容过长（最多 {MAX_CONTENT_CHARS} 个字）")
    for key, limit in (("place", MAX_SHORT_TEXT_CHARS), ("citizen_name", MAX_NAME_CHARS)):
        if len(text[key]) > limit:
            bad(key, f"内容过长（最多 {limit} 个字）")
    if text["citizen_phone"] and not is_valid_phone(text["citizen_phone"]):
        bad("citizen_phone", "电话号码格式不对（应为11位手机号或带区号的固定电话）")
    channel: Channel = Channel.WALK_IN
    try:
        channel = choice_of(values.get("channel"), _CAMPAIGN_CHANNEL_WORDS) or Channel.WALK_IN
    except BadCell as exc:
        bad("channel", f"无法识别“{exc}”，可填：{'、'.join(CHANNEL_ZH.values())}")
    outcome: Outcome | None = None
    try:
        outcome = choice_of(values.get("outcome"), OUTCOME_WORDS)
    except BadCell as exc:
        bad("outcome", f"无法识别“{exc}”，可填：现场解决、咨询、交办")
    if outcome is None:
        outcome = Outcome.NEEDS_REFERRAL
    if outcome.closes_at_registration and not text["on_site_answer"]:
        bad("on_site_answer", "现场解决或咨询的问题，请填写现场答复")
    if problems or found_at is None:
        return None, problems
    return (
        ProblemEntry(
            found_at=found_at,
            content=text["content"],
            place=text["place"],
            channel=channel,
            citizen_name=text["citizen_name"],
            citizen_phone=text["citizen_phone"],
            category=text["category"],
            deputies=split_names(text["deputies"]),
            outcome=outcome,
            on_site_answer=text["on_site_answer"],
            note=text["note"],
        ),
        [],
    )


def problem_source_key(campaign_id: str, e: ProblemEntry) -> str:
    """The key of an imported problem, so importing the same list again adds nothing twice."""
    raw = "\x1f".join((campaign_id, e.found_at.isoformat(), e.place, e.content))
    return "campaign:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()[:40]
