"""Display names of the fixed vocabularies, translated through Qt (English source, zh_CN shipped).

Every screen names a status, a channel, a period or a deputy's level through `label` (an enum
member) or `label_of` (a raw stored value): this is the only table of those names.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from desk_app.domain.duty import AssignmentSource, VisitKind
from desk_app.domain.lifecycle import CaseStatus
from desk_app.domain.rota import Period, Shortfall
from desk_app.domain.vocab import (
    CallbackMethod,
    Channel,
    DeputyLevel,
    OperatorRole,
    Outcome,
    StationKind,
    Verdict,
)
from desk_app.domain.workcalendar import is_swapped_workday
from desk_app.storage.rota_records import DeputyProfile

# Pairs, not a dict: members of different StrEnums with equal values (Verdict.SATISFIED and
# CaseStatus.SATISFIED are both "satisfied") are equal keys, so a dict literal would merge them.
_TEXTS: tuple[tuple[object, str], ...] = (
    (StationKind.SERVICE_CENTRE_STATION, QT_TRANSLATE_NOOP("Labels", "Deputy work station (government service centre)")),
    (StationKind.MOBILE_STATION, QT_TRANSLATE_NOOP("Labels", "Mobile deputy work station")),
    (StationKind.TOWNSHIP_STATION, QT_TRANSLATE_NOOP("Labels", "Township (street) deputy work station")),
    (StationKind.STUDIO, QT_TRANSLATE_NOOP("Labels", "Deputy studio / deliberation point")),
    (StationKind.SUPERVISION_POST, QT_TRANSLATE_NOOP("Labels", "Deputy supervision post")),
    (Channel.WALK_IN, QT_TRANSLATE_NOOP("Labels", "Walk-in")),
    (Channel.WINDOW_VISIT, QT_TRANSLATE_NOOP("Labels", "Window visit")),
    (Channel.OPINION_BOX, QT_TRANSLATE_NOOP("Labels", "Opinion box")),
    (Channel.QR_SCAN, QT_TRANSLATE_NOOP("Labels", "QR code")),
    (Channel.HOTLINE_12345, QT_TRANSLATE_NOOP("Labels", "12345 hotline")),
    (Channel.LIVE_STREAM, QT_TRANSLATE_NOOP("Labels", "Live stream")),
    (Channel.FORUM, QT_TRANSLATE_NOOP("Labels", "Forum")),
    (Outcome.RESOLVED_ON_SITE, QT_TRANSLATE_NOOP("Labels", "Resolved on the spot")),
    (Outcome.NEEDS_REFERRAL, QT_TRANSLATE_NOOP("Labels", "Needs referral")),
    (Verdict.SATISFIED, QT_TRANSLATE_NOOP("Labels", "Satisfied")),
    (Verdict.BASICALLY_SATISFIED, QT_TRANSLATE_NOOP("Labels", "Basically satisfied")),
    (Verdict.DISSATISFIED, QT_TRANSLATE_NOOP("Labels", "Dissatisfied")),
    (CallbackMethod.PHONE, QT_TRANSLATE_NOOP("Labels", "Phone")),
    (CallbackMethod.VISIT, QT_TRANSLATE_NOOP("Labels", "Home visit")),
    (CallbackMethod.SMS, QT_TRANSLATE_NOOP("Labels", "Text message")),
    (CallbackMethod.WECHAT, QT_TRANSLATE_NOOP("Labels", "WeChat")),
    (OperatorRole.CLERK, QT_TRANSLATE_NOOP("Labels", "Station clerk")),
    (OperatorRole.DEPUTY, QT_TRANSLATE_NOOP("Labels", "Duty deputy")),
    (CaseStatus.RESOLVED_ON_SITE, QT_TRANSLATE_NOOP("Labels", "Resolved on the spot")),
    (CaseStatus.AWAITING_REFERRAL, QT_TRANSLATE_NOOP("Labels", "Awaiting referral")),
    (CaseStatus.REFERRED, QT_TRANSLATE_NOOP("Labels", "Being handled")),
    (CaseStatus.REPLIED, QT_TRANSLATE_NOOP("Labels", "Awaiting callback")),
    (CaseStatus.SATISFIED, QT_TRANSLATE_NOOP("Labels", "Awaiting sign-off")),
    (CaseStatus.DISSATISFIED, QT_TRANSLATE_NOOP("Labels", "Awaiting second round")),
    (CaseStatus.SIGNED_OFF, QT_TRANSLATE_NOOP("Labels", "Signed off")),
)

# The rota's words have a translation context of their own: the same English word can need
# another Chinese one there ("Forum" is 座谈会 as a channel, 座谈 as a kind of visit).
_ROTA_TEXTS: tuple[tuple[object, str], ...] = (
    (Period.MORNING, QT_TRANSLATE_NOOP("RotaLabels", "Morning")),
    (Period.AFTERNOON, QT_TRANSLATE_NOOP("RotaLabels", "Afternoon")),
    (Period.FULL_DAY, QT_TRANSLATE_NOOP("RotaLabels", "Whole day")),
    (Shortfall.EMPTY_POOL, QT_TRANSLATE_NOOP("RotaLabels", "Nobody can be scheduled here (no deputies, or the group is empty)")),
    (Shortfall.UNAVAILABLE, QT_TRANSLATE_NOOP("RotaLabels", "Enough deputies, but some marked this date unavailable")),
    (Shortfall.BUSY_ELSEWHERE, QT_TRANSLATE_NOOP("RotaLabels", "Enough deputies, but some are on duty elsewhere at that time")),
    (Shortfall.TOO_FEW, QT_TRANSLATE_NOOP("RotaLabels", "Fewer deputies (or group members) than the slot needs")),
    (VisitKind.DUTY, QT_TRANSLATE_NOOP("RotaLabels", "Duty")),
    (VisitKind.INSPECTION, QT_TRANSLATE_NOOP("RotaLabels", "Inspection")),
    (VisitKind.FORUM, QT_TRANSLATE_NOOP("RotaLabels", "Forum")),
    (VisitKind.OTHER, QT_TRANSLATE_NOOP("RotaLabels", "Other")),
    (DeputyLevel.NATIONAL, QT_TRANSLATE_NOOP("RotaLabels", "National deputy")),
    (DeputyLevel.PROVINCIAL, QT_TRANSLATE_NOOP("RotaLabels", "Provincial deputy")),
    (DeputyLevel.CITY, QT_TRANSLATE_NOOP("RotaLabels", "City deputy")),
    (DeputyLevel.COUNTY, QT_TRANSLATE_NOOP("RotaLabels", "County (district) deputy")),
    (DeputyLevel.TOWNSHIP, QT_TRANSLATE_NOOP("RotaLabels", "Township deputy")),
    (DeputyLevel.STREET_DELEGATE, QT_TRANSLATE_NOOP("RotaLabels", "Street deliberation delegate")),
    (AssignmentSource.GENERATED, QT_TRANSLATE_NOOP("RotaLabels", "Automatic")),
    (AssignmentSource.MANUAL, QT_TRANSLATE_NOOP("RotaLabels", "Manual")),
)

_WEEKDAYS = (
    QT_TRANSLATE_NOOP("RotaLabels", "Monday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Tuesday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Wednesday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Thursday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Friday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Saturday"),
    QT_TRANSLATE_NOOP("RotaLabels", "Sunday"),
)

# StrEnum members of different enums with equal values hash alike ("resolved_on_site" is both an
# Outcome and a CaseStatus, with the same meaning); look up by (type, value) to keep them apart.
_BY_KIND: dict[tuple[type, str], tuple[str, str]] = {
    **{(type(k), str(k)): ("Labels", v) for k, v in _TEXTS},
    **{(type(k), str(k)): ("RotaLabels", v) for k, v in _ROTA_TEXTS},
}


def label(value: object) -> str:
    """The translated display name of an enum member (or of its raw value, given the enum)."""
    found = _BY_KIND.get((type(value), str(value)))
    if found is None:
        return str(value)
    return QCoreApplication.translate(*found)


def label_of(enum_type: type, raw: str) -> str:
    """Display name for a raw stored value of `enum_type`; unknown values are shown as they are
    (a deputy's level typed by hand in an older directory, for one)."""
    try:
        return label(enum_type(raw))
    except ValueError:
        return raw


def weekday_text(weekday: int) -> str:
    """Monday is 0, as in date.weekday()."""
    return QCoreApplication.translate("RotaLabels", _WEEKDAYS[weekday])


def day_weekday_text(day: date) -> str:
    """星期六（调休） on a swapped workday: the clerk must see why a Saturday is on the rota."""
    text = weekday_text(day.weekday())
    if is_swapped_workday(day):
        text = QCoreApplication.translate("RotaLabels", "%1 (swapped workday)").replace("%1", text)
    return text


def deputy_line(p: DeputyProfile) -> str:
    """A deputy as lists show them: 王建国（市人大代表）."""
    return f"{p.name}（{label_of(DeputyLevel, p.level)}）" if p.level else p.name
