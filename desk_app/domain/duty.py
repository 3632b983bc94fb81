"""Words of duty rotas and deputy visits (进站), as stable identifiers with their Chinese names.

A deputy-visit (人次) is one stay of one deputy at a station: a duty day on the rota, or a visit
off the rota such as an inspection (视察) or a forum (座谈).
"""

from __future__ import annotations

from enum import StrEnum

from desk_app.domain.rota import Period, Shortfall


class AssignmentSource(StrEnum):
    GENERATED = "generated"  # made by make_rota; replaced when the rota is made again
    MANUAL = "manual"  # added, swapped or replaced by hand; never overwritten


class VisitKind(StrEnum):
    DUTY = "duty"
    INSPECTION = "inspection"
    FORUM = "forum"
    OTHER = "other"


PERIOD_ZH: dict[Period, str] = {
    Period.MORNING: "上午",
    Period.AFTERNOON: "下午",
    Period.FULL_DAY: "全天",
}

WEEKDAY_ZH = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")

SHORTFALL_ZH: dict[Shortfall, str] = {
    Shortfall.EMPTY_POOL: "没有可安排的代表（未设代表或编组为空）",
    Shortfall.UNAVAILABLE: "代表人数够，但当天有人请假或不便",
    Shortfall.BUSY_ELSEWHERE: "代表人数够，但同一时段已在别处值班",
    Shortfall.TOO_FEW: "可安排的代表（或编组成员）少于所需人数",
}

VISIT_KIND_ZH: dict[VisitKind, str] = {
    VisitKind.DUTY: "值班",
    VisitKind.INSPECTION: "视察",
    VisitKind.FORUM: "座谈",
    VisitKind.OTHER: "其他",
}

SOURCE_ZH: dict[AssignmentSource, str] = {
    AssignmentSource.GENERATED: "自动排班",
    AssignmentSource.MANUAL: "手工调整",
}
