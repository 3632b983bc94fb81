"""Reading one row of a deputy roster (代表名册), as typed by a clerk in Excel.

Clerks write levels the way they speak (全国人大代表, 省级, 市人大代表, 区人大代表, 议事代表 …), so
each level is matched against a list of accepted spellings. Every problem is reported by column
so that the import can say "row 7, column 代表层级: …" and change nothing until fixed.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from desk_app.domain.validation import MAX_NAME_CHARS, is_valid_phone, normalize_phone
from desk_app.domain.vocab import DEPUTY_LEVEL_ZH, DeputyLevel

# Column keys in template order; the Excel layer maps headings to these.
COLUMNS = ("name", "level", "constituency", "work_unit", "expertise", "phone", "active")

COLUMN_ZH = {
    "name": "姓名",
    "level": "代表层级",
    "constituency": "选区",
    "work_unit": "工作单位",
    "expertise": "专业特长",
    "phone": "联系电话",
    "active": "是否在任",
}

REQUIRED_COLUMNS = ("name", "level")

_LEVEL_SPELLINGS: dict[DeputyLevel, tuple[str, ...]] = {
    DeputyLevel.NATIONAL: ("全国人大代表", "全国", "国家级", "national"),
    DeputyLevel.PROVINCIAL: ("省人大代表", "省级", "省", "provincial"),
    DeputyLevel.CITY: ("市人大代表", "市级", "市", "city"),
    DeputyLevel.COUNTY: (
        "县(区)人大代表",
        "县（区）人大代表",
        "区人大代表",
        "县人大代表",
        "县级",
        "区级",
        "县",
        "区",
        "county",
    ),
    DeputyLevel.TOWNSHIP: ("乡镇人大代表", "乡镇级", "乡镇", "镇人大代表", "乡人大代表", "township"),
    DeputyLevel.STREET_DELEGATE: ("街道议事代表", "议事代表", "street_delegate"),
}
_LEVEL_BY_TEXT = {s.lower(): level for level, spellings in _LEVEL_SPELLINGS.items() for s in spellings}

_YES = {"是", "在任", "y", "yes", "1", "true", ""}
_NO = {"否", "不在任", "离任", "n", "no", "0", "false"}


class RosterProblem(StrEnum):
    REQUIRED = "required"
    UNKNOWN_LEVEL = "unknown_level"
    BAD_PHONE = "bad_phone"
    TOO_LONG = "too_long"
    BAD_YES_NO = "bad_yes_no"
    DUPLICATE = "duplicate"  # the same person appears twice in the file


ROSTER_PROBLEM_ZH = {
    RosterProblem.REQUIRED: "必须填写",
    RosterProblem.UNKNOWN_LEVEL: "无法识别的代表层级，可填：" + "、".join(DEPUTY_LEVEL_ZH.values()),
    RosterProblem.BAD_PHONE: "电话号码格式不对（11位手机号或带区号的座机号）",
    RosterProblem.TOO_LONG: "内容过长",
    RosterProblem.BAD_YES_NO: "请填“是”或“否”",
    RosterProblem.DUPLICATE: "与前面某行重复（姓名和电话相同）",
}


@dataclass(frozen=True, slots=True)
class RosterEntry:
    name: str
    level: DeputyLevel
    constituency: str = ""
    work_unit: str = ""
    expertise: str = ""
    phone: str = ""
    active: bool = True

    @property
    def identity(self) -> tuple[str, str]:
        """How a deputy is recognised across imports: name plus phone."""
        return (self.name, self.phone)


@dataclass(frozen=True, slots=True)
class CellProblem:
    column: str
    problem: RosterProblem


def parse_level(text: str) -> DeputyLevel | None:
    return _LEVEL_BY_TEXT.get(text.strip().lower())


def _text(values: dict[str, object], key: str) -> str:
    value = values.get(key)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a phone typed as a number comes back as 13900000000.0
    return str(value).strip()


_LIMITS = {"name": MAX_NAME_CHARS, "constituency": 100, "work_unit": 100, "expertise": 100}


def parse_roster_row(values: dict[str, object]) -> tuple[RosterEntry | None, list[CellProblem]]:
    """One row (column key -> cell value) to an entry, or the problems of each bad cell."""
    problems: list[CellProblem] = []
    texts = {key: _text(values, key) for key in COLUMNS}
    for key in REQUIRED_COLUMNS:
        if not texts[key]:
            problems.append(CellProblem(key, RosterProblem.REQUIRED))
    for key, limit in _LIMITS.items():
        if len(texts[key]) > limit:
            problems.append(CellProblem(key, RosterProblem.TOO_LONG))
    level = parse_level(texts["level"]) if texts["level"] else None
    if texts["level"] and level is None:
        problems.append(CellProblem("level", RosterProblem.UNKNOWN_LEVEL))
    if texts["phone"] and not is_valid_phone(texts["phone"]):
        problems.append(CellProblem("phone", RosterProblem.BAD_PHONE))
    active_text = texts["active"].lower()
    if active_text not in _YES | _NO:
        problems.append(CellProblem("active", RosterProblem.BAD_YES_NO))
    if problems:
        return None, problems
    assert level is not None
    return (
        RosterEntry(
            name=texts["name"],
            level=level,
            constituency=texts["constituency"],
            work_unit=texts["work_unit"],
            expertise=texts["expertise"],
            phone=normalize_phone(texts["phone"]),
            active=active_text not in _NO,
        ),
        [],
    )
