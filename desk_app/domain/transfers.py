"""Levels of a district network and the moves of a case between them (issue 13, items 1-2).

A server holds one district: its centre (区人大代表联络中心) and its stations run our desks. The city
congress's office (市人大常委会代表工作机构) runs none: it is the district's edge, an outside level
the centre sends a case to and records back from, as 转12345 treats the hotline (docs/open311.md),
except that here the case changes hands. `TransferKind.UP` from the centre is still refused: the
centre sends a case to the city with `TO_CITY`.

A case keeps one identity and its station (where it was received, the scope every desk pulls it
by); its `level` says who handles it now:

- `station`: the station's office (every case registered at a station starts here);
- `centre`: the district centre's staff, after a station sent it up (转办, `UP`) or the centre took
  it over (`TAKE_OVER`). The station's desks still pull the case and read its whole history, but
  may no longer act on it (the server refuses: `not_yours`).
- `city`: the city's office, after the centre sent it there (转办至市级, `TO_CITY`, from the centre
  level only, with a reason and optionally the city office's reference number). Nobody in the
  district acts on it (no slip, callback, forward...) until the centre records the city handing it
  back (市级交回, `FROM_CITY`, with the city's answer as the reason), which puts it at the centre.
  Meanwhile the centre may record what the city replied (市级答复, a `city_replied` event, no
  move: `city_reply_refusal`).

The centre sends a case back down (`DOWN`) to its station. Every move is a `case_event` with its
reason (the register of what each level sent and received is read from them); the city's
reference number of a `TO_CITY` rides in the event's `fields` as `city_ref:<number>`.
"""

from __future__ import annotations

from enum import StrEnum


class CaseLevel(StrEnum):
    STATION = "station"  # 站点办理
    CENTRE = "centre"  # 区中心办理
    CITY = "city"  # 市级办理: sent to the city congress's office, outside this server


LEVEL_ZH: dict[CaseLevel, str] = {
    CaseLevel.STATION: "站点",
    CaseLevel.CENTRE: "区中心",
    CaseLevel.CITY: "市级",
}


class TransferKind(StrEnum):
    UP = "transferred_up"  # 转办上级: a station sends a case to its district centre
    DOWN = "transferred_down"  # 转办下级: the centre sends a case down to its station
    TAKE_OVER = "taken_over"  # 中心接办: the centre takes a case over from a station
    TO_CITY = "transferred_to_city"  # 转办至市级: the centre sends a case it handles to the city
    FROM_CITY = "returned_from_city"  # 市级交回: the city hands the case back down to the centre


TRANSFER_ZH: dict[TransferKind, str] = {
    TransferKind.UP: "转办至区中心",
    TransferKind.DOWN: "转办至站点",
    TransferKind.TAKE_OVER: "区中心接办",
    TransferKind.TO_CITY: "转办至市级",
    TransferKind.FROM_CITY: "市级交回",
}

# The level a case must be at for each move.
SOURCE: dict[TransferKind, CaseLevel] = {
    TransferKind.UP: CaseLevel.STATION,
    TransferKind.DOWN: CaseLevel.CENTRE,
    TransferKind.TAKE_OVER: CaseLevel.STATION,
    TransferKind.TO_CITY: CaseLevel.CENTRE,
    TransferKind.FROM_CITY: CaseLevel.CITY,
}
# The moves only the district centre's desk makes; a station's desk makes only `UP`.
CENTRE_MOVES = frozenset(
    {TransferKind.DOWN, TransferKind.TAKE_OVER, TransferKind.TO_CITY, TransferKind.FROM_CITY}
)
CITY_MOVES = frozenset({TransferKind.TO_CITY, TransferKind.FROM_CITY})
CITY_REF_MAX = 60  # the city office's reference number (市级来文编号), as typed
CITY_REF_PREFIX = "city_ref:"

# The level a case is at after each move.
TARGET: dict[TransferKind, CaseLevel] = {
    TransferKind.UP: CaseLevel.CENTRE,
    TransferKind.DOWN: CaseLevel.STATION,
    TransferKind.TAKE_OVER: CaseLevel.CENTRE,
    TransferKind.TO_CITY: CaseLevel.CITY,
    TransferKind.FROM_CITY: CaseLevel.CENTRE,
}


class TransferRefusal(StrEnum):
    WRONG_LEVEL = "wrong_level"  # the case is not at the level the move starts from
    WRONG_DESK = "wrong_desk"  # only the centre's desk sends down, takes over, or deals with the city
    CLOSED = "closed"  # a case that is closed, voided or merged is not moved
    HANDLED_BY_CENTRE = "handled_by_centre"  # a station's desk acting on a case the centre handles
    HANDLED_BY_CITY = "handled_by_city"  # anyone acting on a case the city handles
    CITY_REF_TOO_LONG = "city_ref_too_long"  # the city's reference number is longer than CITY_REF_MAX


REFUSAL_ZH: dict[TransferRefusal, str] = {
    TransferRefusal.WRONG_LEVEL: "该案件不在可以这样转办的层级：这一步没有保存。",
    TransferRefusal.WRONG_DESK: (
        "本工作台不能做这种转办（站点只能上转区中心；转办至市级、记录市级交回由区中心办理）：这一步没有保存。"
    ),
    TransferRefusal.CLOSED: "已办结、作废或合并的案件不能转办：这一步没有保存。",
    TransferRefusal.HANDLED_BY_CENTRE: "该案件已转由区中心办理，本站点只能查看：这一步没有保存。",
    TransferRefusal.HANDLED_BY_CITY: "该案件已转办至市级，市级交回之前区内只能查看：这一步没有保存。",
    TransferRefusal.CITY_REF_TOO_LONG: f"市级来文编号不能超过{CITY_REF_MAX}个字：这一步没有保存。",
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
        return TransferRefusal.WRONG_DESK  # the centre sends to the city with TO_CITY
    if kind in CENTRE_MOVES and not centre_desk:
        return TransferRefusal.WRONG_DESK
    if level is not SOURCE[kind]:
        return TransferRefusal.WRONG_LEVEL
    return None


def may_change_level(old: CaseLevel, new: CaseLevel, *, centre_desk: bool) -> bool:
    """Whether a desk may move a case's `level` from `old` to `new`: only as one of its transfers
    (the server's check of a pushed level, with the same rules as the desk's)."""
    return old is new or any(
        SOURCE[k] is old
        and TARGET[k] is new
        and transfer_refusal(k, centre_desk=centre_desk, level=old, case_closed=False) is None
        for k in TransferKind
    )


def acting_refusal(level: CaseLevel, *, centre_desk: bool) -> TransferRefusal | None:
    """Why a desk may not act on a case at `level` (None: it may): a station's desk acts on its
    station's cases, the centre's on every case of the district (it supervises them); while the
    city handles a case, nobody in the district acts on it but to record the city's return."""
    if level is CaseLevel.CITY:
        return TransferRefusal.HANDLED_BY_CITY
    if level is CaseLevel.CENTRE and not centre_desk:
        return TransferRefusal.HANDLED_BY_CENTRE
    return None


def may_act(level: CaseLevel, *, centre_desk: bool) -> bool:
    return acting_refusal(level, centre_desk=centre_desk) is None


def levels_worked(*, centre_desk: bool) -> tuple[CaseLevel, ...]:
    """The levels whose cases are a desk's own work (its worklist, 今日待办): the levels it may act
    on. A station's desk does not list what the centre handles, nor the centre what the city does."""
    return tuple(level for level in CaseLevel if may_act(level, centre_desk=centre_desk))


CITY_REPLY_EVENT = "city_replied"  # casebook.EventKind.CITY_REPLIED: the city's reply, no move


def city_reply_refusal(*, centre_desk: bool, level: CaseLevel) -> TransferRefusal | None:
    """Why the city's reply may not be recorded (None: it may): by the centre's desk only, on a
    case at the city."""
    if not centre_desk:
        return TransferRefusal.WRONG_DESK
    if level is not CaseLevel.CITY:
        return TransferRefusal.WRONG_LEVEL
    return None


def city_ref_refusal(city_ref: str) -> TransferRefusal | None:
    """The city office's reference number of a transfer to the city is short (it may be empty)."""
    return TransferRefusal.CITY_REF_TOO_LONG if len(city_ref.strip()) > CITY_REF_MAX else None


def city_ref_field(city_ref: str) -> str:
    """The event's `fields` value carrying the city's reference number ("" without one)."""
    ref = city_ref.strip()
    return f"{CITY_REF_PREFIX}{ref}" if ref else ""


def city_ref_of(fields: str) -> str:
    """The city's reference number a transfer event carries ("" without one)."""
    return fields[len(CITY_REF_PREFIX) :] if fields.startswith(CITY_REF_PREFIX) else ""


class TransferNotAllowed(Exception):
    def __init__(self, refusal: TransferRefusal) -> None:
        super().__init__(refusal.value)
        self.refusal = refusal

    def message_zh(self) -> str:
        return REFUSAL_ZH[self.refusal]
