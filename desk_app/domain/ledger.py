"""A station's own Excel ledger (台账) of past receptions and referrals: columns, parsing, checks.

One ledger row is one case with at most one supervision round: when, how and what the citizen
raised; on-site answer or referral (slip number, date, unit, handler, supervising deputy,
working days); the unit's reply; the callback; the sign-off. Every problem of a row is reported
at once, by column, in plain Chinese. The row's normalized content makes its `source_key`, so
importing the same file twice finds every row already there.

Pure: no database. Applying rows is desk_app.storage.ledger_store's job (through the normal
lifecycle functions, so statuses and the change log are right).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from desk_app.domain.deadlines import DEFAULT_REPLY_WORKING_DAYS
from desk_app.domain.duty import VISIT_KIND_ZH, VisitKind
from desk_app.domain.numbering import parse_serial
from desk_app.domain.validation import (
    MAX_CONTENT_CHARS,
    MAX_HEADCOUNT,
    MAX_NAME_CHARS,
    MAX_WORKING_DAYS,
    FieldProblem,
    ReceptionDraft,
    ReferralDraft,
    is_valid_phone,
    normalize_phone,
    validate_reception,
    validate_referral,
)
from desk_app.domain.vocab import (
    CALLBACK_METHOD_ZH,
    CHANNEL_ZH,
    VERDICT_ZH,
    CallbackMethod,
    Channel,
    Outcome,
    Verdict,
)

# (key, template heading, required)
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("received_at", "登记时间", True),
    ("channel", "来源渠道", False),
    ("citizen_name", "群众姓名", False),
    ("citizen_phone", "联系电话", False),
    ("citizen_address", "住址", False),
    ("category", "问题类别", False),
    ("content", "反映问题", True),
    ("outcome", "处理方式", False),
    ("on_site_answer", "现场答复", False),
    ("deputies", "接待代表", False),
    ("serial", "交办编号", False),
    ("referred_on", "交办日期", False),
    ("unit", "承办单位", False),
    ("handler", "承办人", False),
    ("supervisor", "督办代表", False),
    ("working_days", "办理时限(工作日)", False),
    ("replied_on", "答复日期", False),
    ("reply_text", "办理结果", False),
    ("called_at", "回访时间", False),
    ("caller", "回访人", False),
    ("method", "回访方式", False),
    ("verdict", "群众评价", False),
    ("citizen_words", "群众意见", False),
    ("signed_off_at", "销号时间", False),
    ("sign_off_note", "销号说明", False),
    ("headcount", "接待人数", False),
    ("note", "备注", False),
)
COLUMN_ZH = {key: heading for key, heading, _ in COLUMNS}
REQUIRED = tuple(key for key, _, required in COLUMNS if required)

# Headings clerks use in their own ledgers.
HEADING_ALIASES: dict[str, str] = {
    **{heading: key for key, heading, _ in COLUMNS},
    "接待时间": "received_at",
    "来访时间": "received_at",
    "日期": "received_at",
    "接待日期": "received_at",
    "登记日期": "received_at",
    "反映时间": "received_at",
    "渠道": "channel",
    "来访方式": "channel",
    "反映渠道": "channel",
    "来源": "channel",
    "姓名": "citizen_name",
    "来访人": "citizen_name",
    "反映人": "citizen_name",
    "群众": "citizen_name",
    "电话": "citizen_phone",
    "手机": "citizen_phone",
    "手机号": "citizen_phone",
    "联系方式": "citizen_phone",
    "地址": "citizen_address",
    "家庭住址": "citizen_address",
    "住址(小区)": "citizen_address",
    "类别": "category",
    "问题分类": "category",
    "分类": "category",
    "反映内容": "content",
    "问题内容": "content",
    "诉求内容": "content",
    "反映事项": "content",
    "意见建议": "content",
    "主要内容": "content",
    "办理方式": "outcome",
    "处理结果": "outcome",
    "是否现场解决": "outcome",
    "现场答复内容": "on_site_answer",
    "答复意见": "on_site_answer",
    "接待人": "deputies",
    "接待代表姓名": "deputies",
    "值班代表": "deputies",
    "交办单号": "serial",
    "编号": "serial",
    "交办单编号": "serial",
    "交办时间": "referred_on",
    "责任单位": "unit",
    "办理单位": "unit",
    "交办单位": "unit",
    "责任人": "handler",
    "经办人": "handler",
    "督办人": "supervisor",
    "督办代表姓名": "supervisor",
    "办理时限": "working_days",
    "时限": "working_days",
    "期限(工作日)": "working_days",
    "答复时间": "replied_on",
    "办结日期": "replied_on",
    "答复内容": "reply_text",
    "办理情况": "reply_text",
    "答复情况": "reply_text",
    "回访日期": "called_at",
    "回访人员": "caller",
    "评价": "verdict",
    "满意度": "verdict",
    "回访结果": "verdict",
    "群众满意度": "verdict",
    "回访意见": "citizen_words",
    "销号日期": "signed_off_at",
    "人数": "headcount",
    "来访人数": "headcount",
    "接待人次": "headcount",
    "说明": "note",
    "备注说明": "note",
}

CHANNEL_WORDS: dict[str, Channel] = {
    **{zh: ch for ch, zh in CHANNEL_ZH.items()},
    **{ch.value: ch for ch in Channel},
    "来访登记": Channel.WALK_IN,
    "上门": Channel.WALK_IN,
    "当面": Channel.WALK_IN,
    "走访": Channel.WINDOW_VISIT,
    "窗口": Channel.WINDOW_VISIT,
    "二维码": Channel.QR_SCAN,
    "扫码反映": Channel.QR_SCAN,
    "12345": Channel.HOTLINE_12345,
    "热线": Channel.HOTLINE_12345,
    "12345热线电话": Channel.HOTLINE_12345,
    "座谈": Channel.FORUM,
    "网络直播": Channel.LIVE_STREAM,
}
OUTCOME_WORDS: dict[str, Outcome] = {
    "现场解决": Outcome.RESOLVED_ON_SITE,
    "当场解决": Outcome.RESOLVED_ON_SITE,
    "已解决": Outcome.RESOLVED_ON_SITE,
    "现场答复": Outcome.RESOLVED_ON_SITE,
    "是": Outcome.RESOLVED_ON_SITE,
    "交办": Outcome.NEEDS_REFERRAL,
    "需交办": Outcome.NEEDS_REFERRAL,
    "转办": Outcome.NEEDS_REFERRAL,
    "交办督办": Outcome.NEEDS_REFERRAL,
    "否": Outcome.NEEDS_REFERRAL,
    "咨询": Outcome.CONSULTATION,
    "政策咨询": Outcome.CONSULTATION,
    "咨询解答": Outcome.CONSULTATION,
    "现场咨询": Outcome.CONSULTATION,
    "解答咨询": Outcome.CONSULTATION,
}
_VERDICT_WORDS: dict[str, Verdict] = {
    **{zh: v for v, zh in VERDICT_ZH.items()},
    **{v.value: v for v in Verdict},
    "非常满意": Verdict.SATISFIED,
    "比较满意": Verdict.BASICALLY_SATISFIED,
}
_METHOD_WORDS: dict[str, CallbackMethod] = {
    **{zh: m for m, zh in CALLBACK_METHOD_ZH.items()},
    **{m.value: m for m in CallbackMethod},
    "电话回访": CallbackMethod.PHONE,
    "上门回访": CallbackMethod.VISIT,
    "实地": CallbackMethod.VISIT,
    "微信回访": CallbackMethod.WECHAT,
}

PROBLEM_ZH: dict[FieldProblem, str] = {
    FieldProblem.REQUIRED: "必填，不能为空",
    FieldProblem.BAD_PHONE: "电话号码格式不对（应为11位手机号或带区号的固定电话）",
    FieldProblem.TOO_LONG: "内容过长",
    FieldProblem.IN_FUTURE: "时间晚于现在，请检查",
    FieldProblem.UNKNOWN_CHOICE: "不是可选的值",
    FieldProblem.OUT_OF_RANGE: f"应为 1 至 {MAX_WORKING_DAYS} 之间的整数",
    FieldProblem.BEFORE_START: "早于上一环节的日期，请检查顺序",
}


@dataclass(frozen=True, slots=True)
class LedgerEntry:
    received_at: datetime
    channel: str
    citizen_name: str
    citizen_phone: str
    citizen_address: str
    category: str
    content: str
    outcome: str
    on_site_answer: str
    deputies: tuple[str, ...]
    serial: str
    referred_on: date | None
    unit: str
    handler: str
    supervisor: str
    working_days: int
    replied_on: date | None
    reply_text: str
    called_at: datetime | None
    caller: str
    method: str
    verdict: str
    citizen_words: str
    signed_off_at: datetime | None
    sign_off_note: str
    headcount: int = 1
    note: str = ""
    sheet: str = ""  # the worksheet it was read from (not part of the case)

    @property
    def source_key(self) -> str:
        """The row's identity (reception time, citizen, what was raised): the same case read again,
        even with its later steps filled in, has the same key (see `identity_key`)."""
        return identity_key(self.received_at, self.citizen_name, self.citizen_phone, self.content)


def identity_key(received_at: datetime, citizen_name: str, citizen_phone: str, content: str) -> str:
    """A stable key of a case's first line in a running ledger: the reception's date and time, the
    citizen (name, normalized phone) and what they raised (without spaces). A clerk who adds the
    reply, the callback or a 备注 next month leaves it unchanged; a case registered at the desk
    has the same fields, so the key can be computed from a stored reception too."""
    payload = [
        received_at.replace(microsecond=0).isoformat(),
        unicodedata.normalize("NFKC", citizen_name).replace(" ", ""),
        normalize_phone(citizen_phone),
        re.sub(r"\s+", "", unicodedata.normalize("NFKC", content)),
    ]
    data = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class CellProblem:
    column: str  # a COLUMNS key
    message: str


def cell_text(raw: object) -> str:
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return unicodedata.normalize("NFC", str(raw)).strip()


# The time of day after a date: 9:30, 9时30分, 9点, 下午3点半, 上午 (alone: no hour).
_TIME = (
    r"(?:[\sT]*(上午|早上|中午|下午|晚上)?\s*"
    r"(?:(\d{1,2})\s*(?:[:：时点]\s*(半|\d{1,2})?\s*分?(?:\s*[:：]?\s*(\d{1,2})\s*秒?)?)?)?)?"
)
_DATE_RE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?" + _TIME + "$")
# 20260428, 20260428 0930
_COMPACT_RE = re.compile(r"^(\d{4})(\d{2})(\d{2})" + _TIME + "$")
# 4月27日 (the year from the sheet's name or title, or given)
_NO_YEAR_RE = re.compile(r"^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?" + _TIME + "$")
# Excel's serial day numbers (1900 date system) that a date column shows as a number when the
# cell lost its date format: 1990-01-01 .. 2100-01-01.
_EXCEL_EPOCH = datetime(1899, 12, 30)
_SERIAL_RANGE = (32874, 73051)


class BadCell(ValueError):
    pass


class MissingYear(ValueError):
    """A date without a year (4月27日) where neither the sheet nor the caller gives one."""


def _clock(
    day: datetime, part: str | None, hour: str | None, minute: str | None, second: str | None
) -> datetime:
    hh = int(hour) if hour else (12 if part == "中午" else 0)
    mm = 30 if minute == "半" else int(minute or 0)
    if part in ("下午", "晚上") and hh < 12:
        hh += 12
    if part == "中午" and hh < 11:
        hh += 12
    return day.replace(hour=hh, minute=mm, second=int(second or 0))


def parse_datetime(raw: object, *, year: int | None = None) -> datetime | None:
    """A cell as a date-time: Excel dates and their serial numbers, 2026-10-12 09:30, 2026/10/12,
    2026年10月12日 9时30分, 20260428, 下午3点半; 4月27日 takes `year` (MissingYear without one)."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, datetime):
        return raw.replace(microsecond=0)
    if isinstance(raw, date):
        return datetime.combine(raw, time.min)
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        if _SERIAL_RANGE[0] <= raw < _SERIAL_RANGE[1]:
            return (_EXCEL_EPOCH + timedelta(days=float(raw))).replace(microsecond=0)
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
    text = unicodedata.normalize("NFKC", str(raw)).strip()
    try:
        m = _DATE_RE.match(text) or _COMPACT_RE.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups()[:3])
            return _clock(datetime(y, mo, d), *m.groups()[3:])
        m = _NO_YEAR_RE.match(text)
        if m:
            if year is None:
                raise MissingYear(text)
            mo, d = int(m.group(1)), int(m.group(2))
            return _clock(datetime(year, mo, d), *m.groups()[2:])
    except ValueError as exc:
        if isinstance(exc, MissingYear):
            raise
        raise BadCell(text) from exc
    raise BadCell(text)


_Word = TypeVar("_Word")


def choice_of(raw: object, words: Mapping[str, _Word]) -> _Word | None:
    text = cell_text(raw)
    if not text:
        return None
    key = unicodedata.normalize("NFKC", text).replace(" ", "")
    if key not in words:
        raise BadCell(text)
    return words[key]


def parse_row(
    values: dict[str, object], *, now: datetime, year: int | None = None, sheet: str = ""
) -> tuple[LedgerEntry | None, list[CellProblem]]:
    """One ledger row (values by column key) as an entry, or every problem found in it."""
    problems: list[CellProblem] = []

    def bad(column: str, message: str) -> None:
        if not any(p.column == column for p in problems):
            problems.append(CellProblem(column, message))

    def when(column: str) -> datetime | None:
        try:
            return parse_datetime(values.get(column), year=year)
        except MissingYear as exc:
            bad(
                column,
                f"“{exc}”没有年份：请在工作表名或标题中写明年份（如 2026年4月），或导入时指定年份",
            )
            return None
        except BadCell as exc:
            bad(column, f"无法识别的日期时间“{exc}”（应如 2026-10-12 09:30 或 2026年10月12日）")
            return None

    def pick(column: str, words: Mapping[str, _Word], hint: str) -> _Word | None:
        try:
            return choice_of(values.get(column), words)
        except BadCell as exc:
            bad(column, f"无法识别“{exc}”，可填：{hint}")
            return None

    text = {key: cell_text(values.get(key)) for key, _, _ in COLUMNS}
    received_at = when("received_at")
    referred = when("referred_on")
    replied = when("replied_on")
    called_at = when("called_at")
    signed_off_at = when("signed_off_at")
    channel = pick("channel", CHANNEL_WORDS, "、".join(CHANNEL_ZH.values())) or Channel.WALK_IN
    outcome = pick("outcome", OUTCOME_WORDS, "现场解决、咨询、交办")
    verdict = pick("verdict", _VERDICT_WORDS, "、".join(VERDICT_ZH.values()))
    method = pick("method", _METHOD_WORDS, "、".join(CALLBACK_METHOD_ZH.values()))
    working_days = DEFAULT_REPLY_WORKING_DAYS
    if text["working_days"]:
        try:
            working_days = int(
                float(unicodedata.normalize("NFKC", text["working_days"]).rstrip("天日个工作"))
            )
        except (ValueError, OverflowError):  # "inf" and "1e999" parse as floats, not as ints
            bad("working_days", "应为工作日天数，如 15")
    has_referral = bool(text["serial"] or referred or text["unit"] or text["supervisor"])
    if outcome is None and "outcome" not in {p.column for p in problems}:
        outcome = (
            Outcome.NEEDS_REFERRAL if has_referral or not text["on_site_answer"] else Outcome.RESOLVED_ON_SITE
        )
    headcount = 1
    if text["headcount"]:
        try:
            headcount = int(float(unicodedata.normalize("NFKC", text["headcount"]).rstrip("人名位")))
        except (ValueError, OverflowError):
            bad("headcount", "应为人数，如 1 或 12")
        else:
            if not 1 <= headcount <= MAX_HEADCOUNT:
                bad("headcount", f"应为 1 至 {MAX_HEADCOUNT} 之间的人数")
    phone = normalize_phone(text["citizen_phone"])
    if received_at is None and "received_at" not in {p.column for p in problems}:
        bad("received_at", PROBLEM_ZH[FieldProblem.REQUIRED])
    if received_at is not None and outcome is not None:
        draft = ReceptionDraft(
            received_at=received_at,
            channel=channel,
            content=text["content"],
            outcome=outcome,
            citizen_name=text["citizen_name"],
            citizen_phone=text["citizen_phone"],
            citizen_address=text["citizen_address"],
            on_site_answer=text["on_site_answer"],
        )
        for e in validate_reception(draft, now):
            bad({"channel": "channel", "outcome": "outcome"}.get(e.field, e.field), PROBLEM_ZH[e.problem])
    elif not text["content"]:
        bad("content", PROBLEM_ZH[FieldProblem.REQUIRED])
    if text["citizen_phone"] and not is_valid_phone(text["citizen_phone"]):
        bad("citizen_phone", PROBLEM_ZH[FieldProblem.BAD_PHONE])
    if len(text["note"]) > MAX_CONTENT_CHARS:
        bad("note", PROBLEM_ZH[FieldProblem.TOO_LONG])
    if len(text["category"]) > 50:
        bad("category", PROBLEM_ZH[FieldProblem.TOO_LONG])
    if text["serial"] and parse_serial(text["serial"]) is None:
        bad("serial", "交办编号格式不对（应如 浉河监督岗〔2026〕第015号），或留空由系统编号")

    if outcome is not None and outcome is not Outcome.NEEDS_REFERRAL and has_referral:
        bad(
            "outcome",
            f"填了{'咨询' if outcome is Outcome.CONSULTATION else '现场解决'}，但又填了交办信息：请只保留一种",
        )
    if has_referral and outcome is Outcome.NEEDS_REFERRAL:
        if referred is None:
            bad("referred_on", "填了交办信息，交办日期必填")
        if not text["unit"]:
            bad("unit", "填了交办信息，承办单位必填")
        if len(text["unit"]) > 100:
            bad("unit", PROBLEM_ZH[FieldProblem.TOO_LONG])
        if referred is not None:
            for e in validate_referral(
                ReferralDraft(
                    text["unit"] or "x", text["handler"], referred.date(), working_days, text["supervisor"]
                ),
                now.date(),
            ):
                bad({"handling_unit_id": "unit"}.get(e.field, e.field), PROBLEM_ZH[e.problem])
            if received_at is not None and referred.date() < received_at.date():
                bad("referred_on", "交办日期早于登记时间")
    later_without_earlier = (
        (
            "replied_on",
            bool(replied or text["reply_text"]),
            has_referral,
            "有答复，但没有交办信息（交办日期、承办单位）",
        ),
        ("called_at", bool(called_at or verdict), bool(replied), "有回访，但没有答复日期"),
        ("signed_off_at", bool(signed_off_at), bool(called_at), "有销号时间，但没有回访"),
    )
    for column, present, earlier, message in later_without_earlier:
        if present and not earlier:
            bad(column, message)
    if replied is not None:
        if not text["reply_text"]:
            bad("reply_text", "有答复日期，办理结果必填")
        if replied > now:
            bad("replied_on", PROBLEM_ZH[FieldProblem.IN_FUTURE])
        if referred is not None and replied.date() < referred.date():
            bad("replied_on", "答复日期早于交办日期")
    elif text["reply_text"] and has_referral:
        bad("replied_on", "有办理结果，答复日期必填")
    if called_at is not None or verdict is not None:
        if called_at is None:
            bad("called_at", "有群众评价，回访时间必填")
        if verdict is None and "verdict" not in {p.column for p in problems}:
            bad("verdict", "有回访时间，群众评价必填（满意、基本满意、不满意）")
        if not text["caller"]:
            bad("caller", "有回访，回访人必填")
        elif len(text["caller"]) > MAX_NAME_CHARS:
            bad("caller", PROBLEM_ZH[FieldProblem.TOO_LONG])
        if called_at is not None and called_at > now:
            bad("called_at", PROBLEM_ZH[FieldProblem.IN_FUTURE])
        if called_at is not None and replied is not None and called_at.date() < replied.date():
            bad("called_at", "回访时间早于答复日期")
        if verdict is Verdict.DISSATISFIED and not text["citizen_words"]:
            # casebook.callback_refusal: the desk and the server refuse it without them too.
            bad("citizen_words", "群众不满意，群众意见必填（写明不满意什么）")
    if signed_off_at is not None:
        if verdict is Verdict.DISSATISFIED:
            bad("signed_off_at", "群众不满意，不能销号（应二次督办）")
        if signed_off_at > now:
            bad("signed_off_at", PROBLEM_ZH[FieldProblem.IN_FUTURE])
        if called_at is not None and signed_off_at < called_at:
            bad("signed_off_at", "销号时间早于回访时间")
    if problems:
        return None, problems
    assert received_at is not None and outcome is not None
    deputies = split_names(text["deputies"])
    entry = LedgerEntry(
        received_at=received_at,
        channel=Channel(channel).value,
        citizen_name=text["citizen_name"],
        citizen_phone=phone,
        citizen_address=text["citizen_address"],
        category=text["category"],
        content=text["content"],
        outcome=Outcome(outcome).value,
        on_site_answer=text["on_site_answer"],
        deputies=deputies,
        serial=text["serial"],
        referred_on=referred.date() if referred else None,
        unit=text["unit"],
        handler=text["handler"],
        supervisor=text["supervisor"],
        working_days=working_days if referred else 0,
        replied_on=replied.date() if replied else None,
        reply_text=text["reply_text"],
        called_at=called_at,
        caller=text["caller"],
        method=(CallbackMethod(method).value if method else CallbackMethod.PHONE.value) if called_at else "",
        verdict=Verdict(verdict).value if verdict else "",
        citizen_words=text["citizen_words"],
        signed_off_at=signed_off_at,
        sign_off_note=text["sign_off_note"],
        headcount=headcount,
        note=text["note"],
        sheet=sheet,
    )
    return entry, []


# -- the year of a sheet ------------------------------------------------------------------------------

_YEAR_RE = re.compile(r"(20\d{2})\s*(?:年|[-./]\s*\d{1,2}(?!\d)|\d{2}(?!\d))")


def sheet_year(name: str, titles: list[str]) -> int | None:
    """The year a sheet speaks of: in its name (2026年4月, 2026.04, 202604) or in a title above
    its header (2026年浉河区…台账); None when neither says."""
    for text in (name, *titles):
        m = _YEAR_RE.search(unicodedata.normalize("NFKC", text))
        if m:
            return int(m.group(1))
    return None


# -- a sheet of deputy visits (代表进站) ---------------------------------------------------------------

VISIT_COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("day", "进站日期", True),
    ("deputy", "代表姓名", True),
    ("kind", "进站类型", False),
    ("note", "备注", False),
)
VISIT_COLUMN_ZH = {key: heading for key, heading, _ in VISIT_COLUMNS}
VISIT_REQUIRED = tuple(key for key, _, required in VISIT_COLUMNS if required)
VISIT_HEADING_ALIASES: dict[str, str] = {
    **{heading: key for key, heading, _ in VISIT_COLUMNS},
    "日期": "day",
    "履职日期": "day",
    "值班日期": "day",
    "进站时间": "day",
    "代表": "deputy",
    "进站代表": "deputy",
    "值班代表": "deputy",
    "代表名单": "deputy",
    "类型": "kind",
    "履职方式": "kind",
    "履职类型": "kind",
    "事由": "kind",
    "活动": "kind",
    "说明": "note",
    "内容": "note",
}
_VISIT_KIND_WORDS: dict[str, VisitKind] = {
    **{zh: k for k, zh in VISIT_KIND_ZH.items()},
    **{k.value: k for k in VisitKind},
    "值班接待": VisitKind.DUTY,
    "接待": VisitKind.DUTY,
    "进站值班": VisitKind.DUTY,
    "调研": VisitKind.INSPECTION,
    "视察调研": VisitKind.INSPECTION,
    "座谈会": VisitKind.FORUM,
    "议事": VisitKind.FORUM,
}


@dataclass(frozen=True, slots=True)
class VisitEntry:
    """One row of a visits sheet: one or more deputies at the station on a day (one 人次 each)."""

    day: date
    deputies: tuple[str, ...]
    kind: str  # a duty.VisitKind value
    note: str
    sheet: str = ""


def split_names(text: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(n for n in re.split(r"[、，,;；/\s]+", text) if n))


def parse_visit_row(
    values: dict[str, object], *, now: datetime, year: int | None = None, sheet: str = ""
) -> tuple[VisitEntry | None, list[CellProblem]]:
    problems: list[CellProblem] = []
    day: datetime | None = None
    try:
        day = parse_datetime(values.get("day"), year=year)
    except MissingYear as exc:
        problems.append(
            CellProblem("day", f"“{exc}”没有年份：请在工作表名或标题中写明年份，或导入时指定年份")
        )
    except BadCell as exc:
        problems.append(CellProblem("day", f"无法识别的日期“{exc}”（应如 2026-04-27 或 4月27日）"))
    else:
        if day is None:
            problems.append(CellProblem("day", PROBLEM_ZH[FieldProblem.REQUIRED]))
        elif day.date() > now.date():
            problems.append(CellProblem("day", PROBLEM_ZH[FieldProblem.IN_FUTURE]))
    names = split_names(cell_text(values.get("deputy")))
    if not names:
        problems.append(CellProblem("deputy", PROBLEM_ZH[FieldProblem.REQUIRED]))
    kind: VisitKind | None = VisitKind.DUTY
    try:
        kind = choice_of(values.get("kind"), _VISIT_KIND_WORDS) or VisitKind.DUTY
    except BadCell as exc:
        problems.append(CellProblem("kind", f"无法识别“{exc}”，可填：" + "、".join(VISIT_KIND_ZH.values())))
    note = cell_text(values.get("note"))
    if len(note) > MAX_CONTENT_CHARS:
        problems.append(CellProblem("note", PROBLEM_ZH[FieldProblem.TOO_LONG]))
    if problems or day is None or kind is None:
        return None, problems
    return VisitEntry(day.date(), names, VisitKind(kind).value, note, sheet), []
