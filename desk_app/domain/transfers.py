"""Levels of a district network and the moves of a case between them (issue 13, items 1-2).

The data model has two levels: a district centre (区人大代表联络中心) and its stations. There is no
city level (a district is the top of what a server holds, docs/sync.md "Actors and scope"), so a
centre sends nothing further up: `TransferKind.UP` from the centre is refused.

A case keeps one identity and its station (where it was received, the scope every desk pulls it
by); its `level` says who handles it now:

- `station`: the station's office (every case registered at a station starts here);
- `centre`: the district centre's staff, after a station sent it up (转办, `UP`) or the centre took
  it over (`TAKE_OVER`). The station's desks still pull the case and read its whole history, but
  may no longer act on it (the server refuses: `not_yours`).

The centre sends a case back down (`DOWN`) to its station. Every move is a `case_event` with its
reason (the register of what each level sent and received is read from them).
"""

from __future__ import annotations

from enum import StrEnum


class CaseLevel(StrEnum):
    STATION = "station"  # 站点办理
    CENTRE = "centre"  # 区中心办理


LEVEL_ZH: dict[CaseLevel, str] = {CaseLevel.STATION: "站点", CaseLevel.CENTRE: "区中心"}


class TransferKind(StrEnum):
    UP = "transferred_up"  # 转办上级: a station sends a case to its district centre
    DOWN = "transferred_down"  # 转办下级: the centre sends a case down to its station
    TAKE_OVER = "taken_over"  # 中心接办: the centre takes a case over from a station


TRANSFER_ZH: dict[TransferKind, str] = {
    TransferKind.UP: "转办至区中心",
    TransferKind.DOWN: "转办至站点",
    TransferKind.TAKE_OVER: "区中心接办",
}

# The level a case is at after each move.
TARGET: dict[TransferKind, CaseLevel] = {
    TransferKind.UP: CaseLevel.CENTRE,
    TransferKind.DOWN: CaseLevel.STATION,
    TransferKind.TAKE_OVER: CaseLevel.CENTRE,
}


class TransferRefusal(StrEnum):
    WRONG_LEVEL = "wrong_level"  # the case is not at the level the move starts from
    WRONG_DESK = "wrong_desk"  # a station's desk cannot send down or take over; no city level
    CLOSED = "closed"  # a case that is closed, voided or merged is not moved
    HANDLED_BY_CENTRE = "handled_by_centre"  # a station's desk acting on a case the centre handles


REFUSAL_ZH: dict[TransferRefusal, str] = {
    TransferRefusal.WRONG_LEVEL: "该案件不在可以这样转办的层级：这一步没有保存。",
    TransferRefusal.WRONG_DESK: "本工作台不能做这种转办（站点只能上转区中心；区中心没有更上一级）：这一步没有保存。",
    TransferRefusal.CLOSED: "已办结、作废或合并的案件不能转办：这一步没有保存。",
    TransferRefusal.HANDLED_BY_CENTRE: "该案件已转由区中心办理，本站点只能查看：这一步没有保存。",
}


def level_of(value: str | None) -> CaseLevel:
    try:
        return CaseLevel(value) if value else CaseLevel.STATION
    except ValueError:
        return CaseLevel.STATION


def transfer_refusal(
    kind: TransferKind, *, centre_desk: bool, level: CaseLevel, case_closed: bool
) -> TransferRefusal | None:
    """Why `kind` may not happen to a case at `level` from this kind of desk (None: it may)."""
    if case_closed:
        return TransferRefusal.CLOSED
    if kind is TransferKind.UP and centre_desk:
        return TransferRefusal.WRONG_DESK  # no city level in this data model
    if kind in (TransferKind.DOWN, TransferKind.TAKE_OVER) and not centre_desk:
        return TransferRefusal.WRONG_DESK
    start = CaseLevel.CENTRE if kind is TransferKind.DOWN else CaseLevel.STATION
    if level is not start:
        return TransferRefusal.WRONG_LEVEL
    return None


def may_act(level: CaseLevel, *, centre_desk: bool) -> bool:
    """Whether a desk may act on a case at `level`: a station's desk on its station's cases, the
    centre's on every case of the district (it supervises them)."""
    return centre_desk or level is CaseLevel.STATION


class TransferNotAllowed(Exception):
    def __init__(self, refusal: TransferRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal

    def message_zh(self) -> str:
        return REFUSAL_ZH[self.refusal]
