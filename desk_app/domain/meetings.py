"""Face-to-face referral meetings (群众意见面对面沟通交办会, issue 13 item 3).

Yiyang's practice: every half month the collected matters are sorted and, at a meeting in the
station, the standing committee's leaders refer them face to face to the units attending. Here a
meeting is planned (date, place, presiding leader, units attending), its cases picked from the
list (by category or by unit), and all of them referred in one write: one ordinary slip each,
numbered and dated like a single referral, with the same working-day deadline rule. All or
nothing: when one case cannot be referred, none is, and the message names that case.

Pure rules: no Qt, no SQL.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desk_app.domain.validation import (
    MAX_NAME_CHARS,
    MAX_SHORT_TEXT_CHARS,
    FieldError,
    FieldProblem,
)

MAX_TITLE_CHARS = 100
MAX_UNITS_CHARS = 500
MAX_NOTE_CHARS = 2000


@dataclass(frozen=True, slots=True)
class MeetingDraft:
    held_on: date
    place: str
    presiding: str  # the presiding leader (主持领导), e.g. 县人大常委会副主任 张某
    units: str  # the units attending, as the clerk writes them (、 separated)
    title: str = ""
    note: str = ""


def validate_meeting(draft: MeetingDraft) -> list[FieldError]:
    errors: list[FieldError] = []
    for name, value, limit in (
        ("place", draft.place, MAX_SHORT_TEXT_CHARS),
        ("presiding", draft.presiding, MAX_NAME_CHARS * 2),
    ):
        if not value.strip():
            errors.append(FieldError(name, FieldProblem.REQUIRED))
        elif len(value.strip()) > limit:
            errors.append(FieldError(name, FieldProblem.TOO_LONG))
    for name, value, limit in (
        ("units", draft.units, MAX_UNITS_CHARS),
        ("title", draft.title, MAX_TITLE_CHARS),
        ("note", draft.note, MAX_NOTE_CHARS),
    ):
        if len(value.strip()) > limit:
            errors.append(FieldError(name, FieldProblem.TOO_LONG))
    return errors


def default_title(held_on: date, seq: int) -> str:
    """第N次群众意见面对面沟通交办会 (seq: the meeting's number in its year)."""
    return f"{held_on.year}年第{seq}次群众意见面对面沟通交办会"


def split_units(units: str) -> list[str]:
    """The units attending as a list (the clerk separates them with 、，, or new lines)."""
    out: list[str] = []
    for part in units.replace("，", "、").replace(",", "、").replace("\n", "、").split("、"):
        if part.strip() and part.strip() not in out:
            out.append(part.strip())
    return out


@dataclass(frozen=True, slots=True)
class MeetingItemDraft:
    """One case to refer at the meeting: its unit, handler and working days (the same as a slip)."""

    reception_id: str
    handling_unit_id: str | None
    handler: str = ""
    working_days: int = 10


@dataclass(frozen=True, slots=True)
class Candidate:
    """A case that may be picked (waiting for a slip), with what the picker filters by."""

    reception_id: str
    category_id: str | None
    unit_id: str | None


def pick(
    candidates: Iterable[Candidate], *, category_ids: Sequence[str] = (), unit_ids: Sequence[str] = ()
) -> list[str]:
    """The ids of the cases of any of `category_ids` and any of `unit_ids` (an empty filter takes all)."""
    cats, units = set(category_ids), set(unit_ids)
    return [
        c.reception_id
        for c in candidates
        if (not cats or c.category_id in cats) and (not units or c.unit_id in units)
    ]


@dataclass(frozen=True, slots=True)
class MeetingCounts:
    """What came back to a meeting: matters referred, answered by their unit, called back, and
    those whose citizen was satisfied (满意 or 基本满意) at the latest callback."""

    referred: int = 0
    answered: int = 0
    called_back: int = 0
    satisfied: int = 0


def blocked_message_zh(case_label: str, why: str) -> str:
    """All or nothing: the Chinese message naming the case that stopped the whole meeting's referral."""
    return f"案件“{case_label}”不能交办：{why}。本次交办会的案件均未交办，请处理该案件后重试。"


def case_label(content: str, received_on: date) -> str:
    """How a case is named in a message: its date and the start of what the citizen said."""
    text = " ".join(content.split())
    return f"{received_on.isoformat()} {text[:20]}{'…' if len(text) > 20 else ''}"


# The slip's fields, and their problems, as the blocking message names them.
SLIP_FIELD_ZH = {
    "handling_unit_id": "承办单位",
    "handler": "承办人",
    "working_days": "办理期限（工作日）",
    "referred_on": "交办日期",
    "supervisor": "督办人",
    "note": "备注",
}
PROBLEM_ZH = {
    FieldProblem.REQUIRED: "未填写",
    FieldProblem.TOO_LONG: "过长",
    FieldProblem.IN_FUTURE: "晚于今天",
    FieldProblem.UNKNOWN_CHOICE: "不在目录中",
    FieldProblem.OUT_OF_RANGE: "超出范围",
    FieldProblem.BEFORE_START: "早于案件登记或退回的日期",
    FieldProblem.BAD_PHONE: "格式不对",
}


def field_errors_zh(errors: Iterable[FieldError]) -> str:
    return "；".join(f"{SLIP_FIELD_ZH.get(e.field, e.field)}{PROBLEM_ZH[e.problem]}" for e in errors)
