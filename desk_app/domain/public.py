"""The public channel (有事请扫码): what a citizen sends from the station's or a deputy's QR code,
the tracking code it gets, and the progress the citizen may see (issue 12).

Pure rules, shared by the server (which takes the submission and shows the progress page) and the
desk (which takes a submission into a case or rejects it). No Qt, no SQL.

The progress a citizen sees is derived from the case's own records, as the server holds them:
received -> referred (the unit, the deadline) -> replied -> called back -> signed off. It never
shows a name of a handler, a caller or a clerk, nor the citizen's full phone number.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from desk_app.domain.privacy import mask_phone
from desk_app.domain.validation import is_valid_phone, normalize_phone
from desk_app.domain.vocab import VERDICT_ZH, Verdict

# Tracking codes: 10 characters from an alphabet without look-alikes (no 0/O, 1/I/L, 2/Z, 5/S,
# 8/B): 26 symbols ** 10 = 1.4e14 codes, so guessing one among a province's few million
# submissions takes some 10^7 tries per hit; the server's rate limits allow a few dozen an hour.
CODE_ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
CODE_LENGTH = 10
# The QR code's link token: 128 random bits, URL-safe (22 characters).
LINK_TOKEN_BYTES = 16
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{22,64}$")
_CODE = re.compile(rf"^[{CODE_ALPHABET}]{{{CODE_LENGTH}}}$")

MAX_MATTER_CHARS = 2_000
MIN_MATTER_CHARS = 5
MAX_PLACE_CHARS = 200
MAX_NAME_CHARS = 50
MAX_WORDS_CHARS = 500
MAX_REASON_CHARS = 500
MAX_PHOTOS = 3


class SubmissionState(StrEnum):
    """Where a submission stands at the desk."""

    PENDING = "pending"  # not yet looked at by the desk
    ACCEPTED = "accepted"  # taken into a case (reception_id)
    REJECTED = "rejected"  # refused, with a reason the citizen sees


def new_tracking_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: str) -> str:
    """What the citizen typed, as a code: case, spaces and dashes do not matter."""
    return re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", raw or "")).upper()


def is_tracking_code(raw: str) -> bool:
    return bool(_CODE.match(raw or ""))


def new_link_token() -> str:
    return secrets.token_urlsafe(LINK_TOKEN_BYTES)


def is_link_token(raw: str) -> bool:
    return bool(_TOKEN.match(raw or ""))


# -- what a citizen sends -------------------------------------------------------------------------


@dataclass(slots=True)
class SubmissionDraft:
    matter: str = ""
    category: str = ""  # a category's name of the district (empty: not chosen)
    place: str = ""
    phone: str = ""
    name: str = ""


PROBLEM_ZH = {
    "matter_required": "请写下您要反映的事情。",
    "matter_short": f"事情写得太简单了，请至少写 {MIN_MATTER_CHARS} 个字。",
    "matter_long": f"事情请不要超过 {MAX_MATTER_CHARS} 个字。",
    "category_unknown": "请从列表中选择问题类别。",
    "place_required": "请写下事情发生的地点。",
    "place_long": f"地点请不要超过 {MAX_PLACE_CHARS} 个字。",
    "phone_required": "请留下手机或电话号码，以便回访。",
    "phone_bad": "电话号码不对，请检查（手机 11 位，或带区号的固定电话）。",
    "name_long": f"称呼请不要超过 {MAX_NAME_CHARS} 个字。",
    "photo_many": f"照片最多 {MAX_PHOTOS} 张。",
    "photo_bad": "有一张照片无法识别，请选择 JPG、PNG 等常见格式的图片。",
    "photo_big": "有一张照片太大了，请选择小一些的照片。",
    "form_expired": "页面停留太久，已过期。请检查内容后再提交一次。",
    "too_many_phone": "这个号码提交次数过多，请稍后再试，或到工作站当面反映。",
    "too_many_address": "提交过于频繁，请稍后再试。",
    "words_long": f"评价说明请不要超过 {MAX_WORDS_CHARS} 个字。",
    "verdict_required": "请选择满意、基本满意或不满意。",
    "not_rateable": "单位答复后才能评价；已评价过的不能再评。",
}


def _clean(text: str) -> str:
    """NFC, line ends unified, control characters but newline and tab dropped, trimmed."""
    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc").strip()


def clean_draft(draft: SubmissionDraft) -> SubmissionDraft:
    return SubmissionDraft(
        matter=_clean(draft.matter),
        category=_clean(draft.category),
        place=" ".join(_clean(draft.place).split()),
        phone=normalize_phone(draft.phone or ""),
        name=" ".join(_clean(draft.name).split()),
    )


def draft_problems(draft: SubmissionDraft, categories: Iterable[str]) -> dict[str, str]:
    """field -> problem code (PROBLEM_ZH), for a cleaned draft. Empty: it may be stored."""
    found: dict[str, str] = {}
    if not draft.matter:
        found["matter"] = "matter_required"
    elif len(draft.matter) < MIN_MATTER_CHARS:
        found["matter"] = "matter_short"
    elif len(draft.matter) > MAX_MATTER_CHARS:
        found["matter"] = "matter_long"
    if draft.category and draft.category not in set(categories):
        found["category"] = "category_unknown"
    if not draft.place:
        found["place"] = "place_required"
    elif len(draft.place) > MAX_PLACE_CHARS:
        found["place"] = "place_long"
    if not draft.phone:
        found["phone"] = "phone_required"
    elif not is_valid_phone(draft.phone) or len(draft.phone) > 30:
        found["phone"] = "phone_bad"
    if len(draft.name) > MAX_NAME_CHARS:
        found["name"] = "name_long"
    return found


# -- what a citizen sees -------------------------------------------------------------------------


class StepState(StrEnum):
    DONE = "done"
    CURRENT = "current"
    WAITING = "waiting"


@dataclass(frozen=True, slots=True)
class Step:
    key: str  # received | referred | replied | called_back | signed_off | rejected
    title_zh: str
    state: StepState
    detail_zh: str = ""
    on: date | None = None


@dataclass(frozen=True, slots=True)
class Progress:
    code: str
    received_on: date | None
    phone_masked: str
    matter: str
    category: str
    place: str
    steps: tuple[Step, ...]
    rejected_reason: str = ""
    rateable: bool = False
    rated: str = ""  # the online verdict's Chinese, once given
    # The current round's handling unit and reply deadline, once referred (Open311 reads them:
    # agency_responsible, expected_datetime).
    unit_name: str = ""
    reply_due: date | None = None


@dataclass(frozen=True, slots=True)
class PageShows:
    """What a station lets its citizens' progress page show (station settings, synced). The
    defaults are the page as first built: the unit's name and the deadline, not the reply's text."""

    unit: bool = True
    deadline: bool = True
    reply: bool = False

    @classmethod
    def of_station(cls, station: Mapping[str, Any] | None) -> PageShows:
        station = station or {}

        def flag(name: str, default: bool) -> bool:
            value = station.get(name)
            return default if value is None else bool(value)

        return cls(
            unit=flag("progress_shows_unit", True),
            deadline=flag("progress_shows_deadline", True),
            reply=flag("progress_shows_reply", False),
        )


def _day(value: Any) -> date | None:
    if isinstance(value, str) and len(value) >= 10:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def progress(
    *,
    code: str,
    submission: Mapping[str, Any],
    reception: Mapping[str, Any] | None,
    referrals: Iterable[Mapping[str, Any]] = (),
    callbacks: Iterable[Mapping[str, Any]] = (),
    unit_names: Mapping[str, str] | None = None,
    shows: PageShows | None = None,
) -> Progress:
    """The steps a citizen sees, from the submission and (once accepted) its case's records.

    Only the latest round shows: a second round (二次督办) shows its own slip, reply and callback.
    """
    unit_names = unit_names or {}
    shows = shows or PageShows()
    received_on = _day(submission.get("submitted_at"))
    state = submission.get("state") or SubmissionState.PENDING.value
    common: dict[str, Any] = {
        "code": code,
        "received_on": received_on,
        "phone_masked": mask_phone(str(submission.get("phone") or "")),
        "matter": str(submission.get("matter") or ""),
        "category": str(submission.get("category") or ""),
        "place": str(submission.get("place") or ""),
        "rated": VERDICT_ZH.get(Verdict(submission["online_verdict"]), "")
        if submission.get("online_verdict") in {v.value for v in Verdict}
        else "",
    }
    received = Step("received", "已收到", StepState.DONE, "工作站已收到您反映的事情。", received_on)
    if state == SubmissionState.REJECTED.value:
        reason = str(submission.get("reject_reason") or "")
        steps: tuple[Step, ...] = (
            received,
            Step(
                "rejected", "未受理", StepState.DONE, "工作站未受理此事。", _day(submission.get("decided_at"))
            ),
        )
        return Progress(steps=steps, rejected_reason=reason, **common)
    if state != SubmissionState.ACCEPTED.value or reception is None:
        steps = (
            Step("received", "已收到", StepState.CURRENT, "已收到，等待工作站登记处理。", received_on),
            Step("referred", "已交办", StepState.WAITING),
            Step("replied", "单位已答复", StepState.WAITING),
            Step("called_back", "已回访", StepState.WAITING),
            Step("signed_off", "已办结", StepState.WAITING),
        )
        return Progress(steps=steps, **common)

    status = str(reception.get("status") or "")
    round_no = int(reception.get("round_no") or 0)
    slips = [r for r in referrals if int(r.get("round_no") or 0) == round_no and not r.get("returned_on")]
    slips.sort(key=lambda r: int(r.get("attempt") or 1))
    slip = slips[-1] if slips else None
    calls = [c for c in callbacks if int(c.get("round_no") or 0) == round_no]
    calls.sort(key=lambda c: str(c.get("called_at") or ""))
    call = calls[-1] if calls else None

    if status == "resolved_on_site":
        steps = (
            received,
            Step("signed_off", "已办结", StepState.DONE, "工作站已当场答复解决。", received_on),
        )
        return Progress(steps=steps, **common)
    closed_other = {
        "withdrawn": "此事已撤回。",
        "voided": "此事已作废。",
        "merged": "此事已与同一事项合并办理。",
        "closed_explained": "此事已作说明后办结。",
    }
    if status in closed_other:
        steps = (received, Step("signed_off", "已办结", StepState.DONE, closed_other[status]))
        return Progress(steps=steps, **common)

    replied_done = slip is not None and bool(slip.get("replied_on"))
    called_done = call is not None
    signed_done = status == "signed_off"
    if slip is not None:
        unit = unit_names.get(str(slip.get("handling_unit_id") or ""), "") if shows.unit else ""
        due = _day(slip.get("reply_due")) if shows.deadline else None
        detail = f"已交{unit or '承办单位'}办理" + (f"，{due.month}月{due.day}日前答复" if due else "")
        if round_no >= 2:
            detail = f"第{round_no}轮督办：" + detail
        referred = Step("referred", "已交办", StepState.DONE, detail + "。", _day(slip.get("referred_on")))
    else:
        referred = Step("referred", "已交办", StepState.WAITING)
    replied = Step(
        "replied",
        "单位已答复",
        StepState.DONE if replied_done else StepState.WAITING,
        _replied_detail(slip, shows) if replied_done else "",
        _day(slip.get("replied_on")) if replied_done and slip is not None else None,
    )
    called = Step(
        "called_back",
        "已回访",
        StepState.DONE if called_done else StepState.WAITING,
        "工作站已电话回访。" if called_done else "",
        _day(call.get("called_at")) if call is not None else None,
    )
    signed = Step(
        "signed_off",
        "已办结",
        StepState.DONE if signed_done else StepState.WAITING,
        "此事已办结销号。" if signed_done else "",
        _day(reception.get("signed_off_at")) if signed_done else None,
    )
    steps_list = [received, referred, replied, called, signed]
    # The first step not done is the current one (the case waits there).
    for i, step in enumerate(steps_list):
        if step.state is StepState.WAITING:
            steps_list[i] = Step(step.key, step.title_zh, StepState.CURRENT, step.detail_zh, step.on)
            break
    rateable = replied_done and not submission.get("online_verdict")
    unit_name = unit_names.get(str(slip.get("handling_unit_id") or ""), "") if slip and shows.unit else ""
    reply_due = _day(slip.get("reply_due")) if slip is not None and shows.deadline else None
    return Progress(
        steps=tuple(steps_list), rateable=rateable, unit_name=unit_name, reply_due=reply_due, **common
    )


def _replied_detail(slip: Mapping[str, Any] | None, shows: PageShows) -> str:
    text = " ".join(str((slip or {}).get("reply_text") or "").split()) if shows.reply else ""
    if text:
        return f"承办单位已答复：{text}（工作站将电话回访您）"
    return "承办单位已答复，工作站将电话回访您。"


def rating_problems(verdict: str, words: str) -> dict[str, str]:
    found: dict[str, str] = {}
    if verdict not in {v.value for v in Verdict}:
        found["verdict"] = "verdict_required"
    if len(_clean(words)) > MAX_WORDS_CHARS:
        found["words"] = "words_long"
    return found


def clean_text(text: str) -> str:
    return _clean(text)
